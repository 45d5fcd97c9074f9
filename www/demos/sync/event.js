// Event: worker 1 prepares and sets it; the waiters sleep in wait() until
// then, and none starts early.
import { ms } from '../../lib/format.js';
import { syncDemo, stats, lanes } from './common.js';

/** @typedef {import('../../types/EventResult').EventResult} EventResult */

/** @param {EventResult} r @param {import('./common.js').DrawContext} context */
function render(r, { draw }) {
  const names = lanes(r.workers);
  names[0] = 'Worker 1 (prepares)';
  const woke = /** @type {number[]} */ (r.woke_at.filter((w) => w !== null && w !== undefined));
  const early = woke.filter((w) => w < r.set_at).length;
  return [
    stats([
      ['Event set at', ms(r.set_at)],
      ['Waiters woken', `${woke.length} of ${r.workers - 1}`],
      ['Started before set()', String(early), early ? 'no' : 'yes'],
    ]),
    draw.timeline({
      lanes: names,
      spans: r.spans,
      end: r.elapsed_ms,
      kinds: { work: 'preparing', wait: 'in ready.wait()', hold: 'working' },
      marks: [{ t: r.set_at, label: 'ready.set()' }],
      caption: 'The waiters sleep in ready.wait() until worker 1 calls set(); then they all start together.',
    }),
  ];
}

/** @param {EventResult} r */
function done(r) {
  return `Done: the event was set at ${ms(r.set_at)}; every waiter started after it.`;
}

export const mount = syncDemo({ demo: 'event', registryId: 'event', render, done });
