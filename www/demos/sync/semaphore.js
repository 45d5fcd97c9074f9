// Semaphore: k permits, n workers; never more than k inside, on the timeline
// and as a step line of workers inside over time.
import { syncDemo, stats, plural, lanes } from './common.js';

/** @typedef {import('../../types/SemaphoreResult').SemaphoreResult} SemaphoreResult */

/**
 * Workers inside over time, from the `hold` spans: `[time, count]` steps.
 * @param {SemaphoreResult} r
 * @returns {[number, number][]}
 */
function inside(r) {
  /** @type {[number, number][]} */
  const edges = [];
  for (const s of r.spans) if (s.kind === 'hold') edges.push([s.start, 1], [s.end, -1]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  return [[0, 0], ...edges.map(([t, d]) => /** @type {[number, number]} */ ([t, (now += d)]))];
}

/** @param {SemaphoreResult} r @param {import('./common.js').DrawContext} context */
function render(r, { draw }) {
  const points = inside(r);
  const drawnMax = Math.max(...points.map((p) => p[1]));
  return [
    stats([
      ['Permits (k)', String(r.permits)],
      ['Most inside at once', String(r.max_inside), r.max_inside <= r.permits ? 'yes' : 'no'],
      ['Entries', `${r.entries}`],
    ]),
    draw.timeline({
      lanes: lanes(r.workers),
      spans: r.spans,
      end: r.elapsed_ms,
      kinds: { hold: 'inside the guarded section', wait: 'waiting for a permit', work: 'working outside it' },
      caption: `${r.workers} workers, ${plural(r.permits, 'permit')}: a worker waits for a permit whenever k others are inside.`,
    }),
    draw.stepChart({
      points,
      end: r.elapsed_ms,
      limit: r.permits,
      limitLabel: `k = ${r.permits} permits`,
      yLabel: 'inside',
      caption: `Workers inside over time: at most ${drawnMax}, never above k = ${r.permits}.`,
    }),
  ];
}

/** @param {SemaphoreResult} r */
function done(r) {
  return `Done: ${r.entries} entries, at most ${plural(r.max_inside, 'worker')} inside at once with ${plural(r.permits, 'permit')}.`;
}

export const mount = syncDemo({ demo: 'semaphore', registryId: 'semaphore', render, done });
