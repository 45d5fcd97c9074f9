// RLock: re-entering a plain lock deadlocks on its own thread (detected by
// timeout); an RLock re-enters and still keeps another worker out.
import { el } from '../../lib/dom.js';
import { ms } from '../../lib/format.js';
import { LOCK_KINDS, syncDemo, stats } from './common.js';

/** @typedef {import('../../types/RLockResult').RLockResult} RLockResult */

const LANES = ['Worker 1 · transfer()', 'Worker 1 · deposit()', 'Worker 2'];

/** @param {RLockResult} r @param {import('./common.js').DrawContext} context */
function render(r, { draw }) {
  const p = r.plain,
    q = r.reentrant;
  /** @param {{end: number}[]} spans */
  const end = (spans) => Math.max(0, ...spans.map((s) => s.end));
  return [
    stats([
      [
        'Plain lock re-entered',
        p.self_deadlock_detected ? `deadlock (waited ${ms(p.waited_ms)})` : 'no deadlock?',
        p.self_deadlock_detected ? 'no' : '',
      ],
      ['RLock re-entered', q.completed ? `fine, depth ${q.max_depth}` : 'failed', q.completed ? 'yes' : 'no'],
      [
        'Worker 2 kept out',
        q.other_excluded ? `yes, waited ${ms(q.other_waited_ms)}` : 'NO',
        q.other_excluded ? 'yes' : 'no',
      ],
    ]),
    el('h3', { text: '1 · A plain Lock, taken twice by the same thread' }),
    draw.timeline({
      lanes: LANES.slice(0, 2),
      spans: p.spans,
      end: end(p.spans),
      kinds: LOCK_KINDS,
      caption:
        'deposit() waits for the lock that its own thread holds in transfer(): it could wait forever; threadlab gave up after the timeout.',
    }),
    el('h3', { text: '2 · An RLock: same code, and worker 2 wants the account too' }),
    draw.timeline({
      lanes: LANES,
      spans: q.spans,
      end: end(q.spans),
      kinds: LOCK_KINDS,
      caption:
        'Worker 1 takes the RLock again (depth 2) without waiting; worker 2 waits until worker 1 has released it as often as it took it.',
    }),
  ];
}

/** @param {RLockResult} r */
function done(r) {
  return `Done: the plain lock ${r.plain.self_deadlock_detected ? 'deadlocked on its own thread (detected)' : 'did not deadlock'}; the RLock was re-entered to depth ${r.reentrant.max_depth}.`;
}

export const mount = syncDemo({ demo: 'rlock', registryId: 'rlock', render, done });
