// Race on a shared counter, four ways: read-then-write (loses updates), a
// Mutex, an atomic fetch_add, thread-local counts. A table, a histogram of
// lost updates over the repeats, and nanoseconds per increment as bars (on a
// page without threads, simulated: scheduler steps per increment instead).
import { el } from '../../lib/dom.js';
import { grouped, ns } from '../../lib/format.js';
import { syncDemo, stats, verdict } from './common.js';

/** @typedef {import('../../types/RaceResult').RaceResult} RaceResult */
/** @typedef {import('../../types/RaceMethod').RaceMethod} Method */

/** Short names for the bars' axis (the table has the full titles). */
const SHORT = /** @type {Record<Method, string>} */ ({
  unsynchronised: 'unsync',
  mutex: 'mutex',
  atomic: 'atomic',
  'thread-local': 'local',
});

/** `lo` or `lo – hi`. @param {number} lo @param {number} hi */
const range = (lo, hi) => (lo === hi ? grouped(lo) : `${grouped(lo)} – ${grouped(hi)}`);

/** Steps per increment of a simulated run. @param {number} v */
const steps = (v) => v.toFixed(2);

/** @param {RaceResult} r @param {boolean} simulated */
function table(r, simulated) {
  const cost = simulated ? steps : ns;
  const heads = [
    'Way to count',
    'Expected',
    'Counted (last run)',
    'Lost updates (all runs)',
    simulated ? 'steps per increment (median)' : 'ns per increment (median)',
  ];
  return el(
    'div',
    { class: 'table-wrap', tabindex: '0', 'aria-label': 'Results of the four ways to count' },
    el(
      'table',
      { class: 'race-table stack-on-phone' },
      el('thead', {}, el('tr', {}, ...heads.map((h) => el('th', { scope: 'col', text: h })))),
      el(
        'tbody',
        {},
        ...r.methods.map((m) => {
          const last = m.samples[m.samples.length - 1];
          const lost = m.samples.map((s) => s.lost);
          const lo = Math.min(...lost),
            hi = Math.max(...lost);
          return el(
            'tr',
            { 'data-method': m.method },
            el('th', { scope: 'row', text: m.title }),
            el('td', { 'data-label': heads[1], text: grouped(r.expected) }),
            el('td', { 'data-label': heads[2], text: grouped(last.actual) }),
            el('td', { 'data-label': heads[3], class: hi > 0 ? 'bad' : 'good', text: hi === 0 ? '0' : range(lo, hi) }),
            el('td', { 'data-label': heads[4], text: cost(m.median_ns_per_increment) }),
          );
        }),
      ),
    ),
  );
}

/** @param {RaceResult} r @param {import('./common.js').DrawContext} context */
function render(r, { draw, simulated }) {
  const [unsync, ...safe] = r.methods;
  const lost = unsync.samples.map((s) => s.lost);
  const minLost = Math.min(...lost),
    maxLost = Math.max(...lost);
  const [exact, exactClass] = verdict(safe.every((m) => m.samples.every((s) => s.actual === r.expected)));
  return [
    stats([
      ['Expected (k × m)', grouped(r.expected)],
      ['Lost, unsynchronised', range(minLost, maxLost), maxLost > 0 ? 'no' : ''],
      ['Different results', `${new Set(lost).size} of ${lost.length} runs`],
      ['Locked / atomic / local exact', exact, exactClass],
    ]),
    table(r, simulated),
    draw.histogram(lost, {
      xLabel: 'lost updates in one run',
      caption: `Lost updates of the unsynchronised counter in each of ${lost.length} runs (${r.workers} workers × ${grouped(r.increments)} increments). Same code, same input — a different answer almost every time.`,
    }),
    simulated
      ? draw.bars(
          r.methods.map((m) => ({ label: SHORT[m.method], value: m.median_ns_per_increment })),
          {
            yLabel: 'steps per increment',
            format: steps,
            caption: `Simulated scheduler steps per increment (median of ${r.repeats} runs): read + write is 2 steps, the lock adds acquire and release, the atomic add and the local count are 1. On one simulated core nobody fights over a cache line, so these are step counts, not speeds: with real threads the shared counter also pays for that fight.`,
          },
        )
      : draw.bars(
          r.methods.map((m) => ({ label: SHORT[m.method], value: m.median_ns_per_increment })),
          {
            yLabel: 'ns per increment',
            format: ns,
            caption: `Wall-clock time per increment (elapsed time ÷ all ${r.workers} workers' increments, median of ${r.repeats} runs). Every way that shares one counter pays for it: the threads fight over one cache line. Counting locally and combining once shares nothing.`,
          },
        ),
  ];
}

/** @param {RaceResult} r */
function done(r) {
  const lost = r.methods[0].samples.map((s) => s.lost);
  return `Done: ${r.repeats} runs of each way. The unsynchronised counter lost between ${grouped(Math.min(...lost))} and ${grouped(Math.max(...lost))} of ${grouped(r.expected)} updates; the other three were exact every time.`;
}

export const mount = syncDemo({ demo: 'race', registryId: 'counter-race', progress: true, render, done });
