// Condition + bounded queue: producers wait while it is full, consumers while
// it is empty; every item arrives exactly once (checked).
import { syncDemo, stats, lanes } from './common.js';

/** @typedef {import('../../types/QueueResult').QueueResult} QueueResult */

/** @param {QueueResult} r @param {import('./common.js').DrawContext} context */
function render(r, { draw }) {
  const ok = r.missing.length === 0 && r.duplicated.length === 0;
  return [
    stats([
      [
        'Every item exactly once',
        ok ? 'Yes ✓' : `No: ${r.missing.length} missing, ${r.duplicated.length} twice`,
        ok ? 'yes' : 'no',
      ],
      [
        'Received',
        `${r.received_per_consumer.reduce((a, b) => a + b, 0)} of ${r.items} (${r.received_per_consumer.join(' + ')})`,
      ],
      ['Deepest', `${r.max_depth} of ${r.capacity}`],
    ]),
    draw.stepChart({
      points: r.depth,
      end: r.elapsed_ms,
      limit: r.capacity,
      limitLabel: `capacity ${r.capacity}`,
      yLabel: 'depth',
      caption:
        'Items waiting in the queue over time. Consumers are slower than producers, so it fills up to its capacity, and producers wait.',
    }),
    draw.timeline({
      lanes: [...lanes(r.producers, 'Producer'), ...lanes(r.consumers, 'Consumer')],
      spans: r.spans,
      end: r.elapsed_ms,
      kinds: { work: 'making an item', wait: 'in put() / get(): full / empty', hold: 'using an item' },
      caption:
        'Producers wait in put() while the queue is full, consumers in get() while it is empty. The last producer adds one sentinel per consumer.',
    }),
  ];
}

/** @param {QueueResult} r */
function done(r) {
  return `Done: ${r.items} items through a queue of ${r.capacity}; ${r.missing.length + r.duplicated.length === 0 ? 'each arrived exactly once' : 'SOME WERE LOST OR DUPLICATED'}.`;
}

export const mount = syncDemo({ demo: 'queue', registryId: 'queue', render, done });
