// The Compare table's arithmetic (www/demos/python/compare.js), apart from
// the DOM so unit tests and the coordinator can import it: the four
// settings, the harness's result line (src/interleave/runner/compare_harness.rs
// prints it), speed-ups in words, and how many lanes of a run's timeline
// were doing one thing at the same moment — the table's claim, seen.

/** @typedef {import('../pkg/threadlab.js').PyReport} PyReport */
/** @typedef {import('../pkg/threadlab.js').PySpanKind} PySpanKind */

/**
 * The table's columns: how the harness calls the task (`setting`) and with
 * which GIL (`gil`, the runner's setting for the whole run).
 * @typedef {{id: 'sequential' | 'gil' | 'free-threaded' | 'processes', title: string, short: string, setting: 'sequential' | 'threads' | 'processes', gil: 'back-edges' | 'free-threaded'}} Column
 */
/** @type {Column[]} */
export const COLUMNS = [
  { id: 'sequential', title: 'Sequential', short: 'Seq.', setting: 'sequential', gil: 'back-edges' },
  { id: 'gil', title: 'Threads + GIL', short: 'GIL', setting: 'threads', gil: 'back-edges' },
  { id: 'free-threaded', title: 'Threads, no GIL', short: 'No GIL', setting: 'threads', gil: 'free-threaded' },
  { id: 'processes', title: 'Processes', short: 'Proc.', setting: 'processes', gil: 'back-edges' },
];

/** The table's rows. @typedef {{id: 'cpu' | 'io', title: string}} Row */
/** @type {Row[]} */
export const ROWS = [
  { id: 'cpu', title: 'CPU-bound' },
  { id: 'io', title: 'I/O-bound' },
];

/** What the harness prints before its numbers (compare_harness.rs `MARKER`). */
export const MARKER = '[threadlab-compare]';

/**
 * The harness's result line in a run's stdout: when the calls started and
 * ended (ms on the run's clock, the timeline's) and how many there were.
 * @param {string} stdout
 * @returns {{start: number, end: number, calls: number} | null}
 */
export function harnessResult(stdout) {
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(`${MARKER} `));
  if (!line) return null;
  const [start, end, calls] = line
    .slice(MARKER.length + 1)
    .trim()
    .split(/\s+/)
    .map(Number);
  if (![start, end, calls].every(Number.isFinite) || end < start) return null;
  return { start: start * 1000, end: end * 1000, calls };
}

/**
 * A speed-up in words: "2.0× faster", "1.0× (no faster)", "0.5× (slower)".
 * Within 10 % of 1 counts as no faster: one run on a shared machine is
 * not measured finer than that.
 * @param {number} sequentialMs
 * @param {number} ms
 */
export function speedup(sequentialMs, ms) {
  const x = sequentialMs / Math.max(ms, 1e-3);
  const shown = `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`;
  if (x >= 1.1) return { factor: x, text: `${shown} faster` };
  if (x > 0.9) return { factor: x, text: `${shown} (no faster)` };
  return { factor: x, text: `${shown} (slower)` };
}

/**
 * The most lanes that were in `kind` at one moment, and for how long that
 * many were (ms): under the GIL at most one lane is ever running; without
 * it, or in processes, as many as there are cores.
 * @param {PyReport} report
 * @param {PySpanKind} kind
 * @returns {{most: number, ms: number}}
 */
export function atOnce(report, kind) {
  /** @type {[number, number][]} */
  const edges = [];
  for (const lane of report.lanes) {
    for (const s of lane.spans) {
      if (s.kind === kind && s.end_ms > s.start_ms) edges.push([s.start_ms, 1], [s.end_ms, -1]);
    }
  }
  // Ends before starts at the same instant: a hand-over is not an overlap.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0,
    most = 0,
    since = 0,
    ms = 0;
  for (const [t, d] of edges) {
    if (now === most && most > 0) ms += t - since;
    now += d;
    if (now > most) {
      most = now;
      ms = 0;
    }
    since = t;
  }
  return { most, ms };
}
