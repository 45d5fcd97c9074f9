// The numbers of a speedup sweep (./sweep.js): per-k statistics over the
// repetitions, speedup and efficiency against k = 1, Amdahl's-law fit, the
// CSV export and the time estimate. Pure functions, no DOM.
import { median } from '../lib/format.js';

/** @typedef {import('../types/RunDone').RunDone} RunDone */
/** @typedef {import('../types/TaskSpan').TaskSpan} TaskSpan */
/** @typedef {import('../types/WorkloadInfo').WorkloadInfo} WorkloadInfo */
/**
 * @typedef {object} SweepSettings
 * @property {string} workload
 * @property {string} size
 * @property {string} workers
 * @property {number} reps
 * @property {'static' | 'dynamic' | 'stealing'} schedule
 * @property {number} chunk
 * @property {number} maxWorkers
 */
/**
 * One worker count's measurements.
 * @typedef {object} Point
 * @property {number} k
 * @property {number[]} times  ms, one per counted repetition
 * @property {number} median
 * @property {number} min
 * @property {number} max
 * @property {string} answer
 * @property {boolean} agree  all repetitions gave the same answer
 * @property {number} blocks
 * @property {{started_ms: number, elapsed_ms: number, spans: TaskSpan[], blocks_per_worker: number[]}} timeline  of the run nearest the median
 * @property {number} speedup  median of k = 1 over this median
 * @property {number} speedupLow  against the slowest run
 * @property {number} speedupHigh  against the fastest run
 * @property {number} efficiency  speedup / k
 * @property {boolean} agreesWithOne  same answer as k = 1
 */
/**
 * @typedef {object} SweepResult
 * @property {SweepSettings} settings
 * @property {{userAgent: string, hardwareConcurrency: number, poolThreads: number, date: string}} environment
 * @property {number | null} serialFraction  Amdahl's s; null with fewer than two worker counts
 * @property {Point[]} points
 */

/**
 * Amdahl's law: S(k) = 1 / (s + (1 - s) / k), s = the serial fraction.
 * @param {number} s @param {number} k
 */
export const amdahl = (s, k) => 1 / (s + (1 - s) / k);

/**
 * The serial fraction that fits the measured speedups best. Rearranged,
 * 1/S - 1/k = s (1 - 1/k): a line through the origin in x = 1 - 1/k, so the
 * least-squares s is sum(x y) / sum(x x).
 * @param {{k: number, speedup: number}[]} points
 * @returns {number | null}
 */
export function amdahlFit(points) {
  let xy = 0,
    xx = 0;
  for (const { k, speedup } of points) {
    if (k < 2) continue;
    const x = 1 - 1 / k,
      y = 1 / speedup - 1 / k;
    xy += x * y;
    xx += x * x;
  }
  if (xx === 0) return null;
  return Math.min(1, Math.max(0, xy / xx));
}

/**
 * One k's point from its counted runs (speedups are filled in by `finish`).
 * @param {number} k
 * @param {RunDone[]} runs  at least one
 * @returns {Point}
 */
export function measure(k, runs) {
  const times = runs.map((r) => r.elapsed_ms);
  const mid = median(times);
  const typical = runs.reduce((a, b) => (Math.abs(b.elapsed_ms - mid) < Math.abs(a.elapsed_ms - mid) ? b : a));
  return {
    k,
    times,
    median: mid,
    min: Math.min(...times),
    max: Math.max(...times),
    answer: runs[0].answer.value,
    agree: runs.every((r) => r.answer.value === runs[0].answer.value),
    blocks: typical.blocks,
    timeline: {
      started_ms: typical.started_ms,
      elapsed_ms: typical.elapsed_ms,
      spans: typical.spans,
      blocks_per_worker: typical.blocks_per_worker,
    },
    speedup: NaN,
    speedupLow: NaN,
    speedupHigh: NaN,
    efficiency: NaN,
    agreesWithOne: false,
  };
}

/**
 * Speedups against k = 1 and the Amdahl fit.
 * @param {SweepSettings} settings
 * @param {Point[]} points  k = 1 first
 * @param {number} poolThreads
 * @returns {SweepResult}
 */
export function finish(settings, points, poolThreads) {
  const base = points[0].median;
  for (const p of points) {
    p.speedup = base / p.median;
    p.speedupLow = base / p.max;
    p.speedupHigh = base / p.min;
    p.efficiency = p.speedup / p.k;
    p.agreesWithOne = p.answer === points[0].answer && p.agree;
  }
  return {
    settings,
    environment: {
      userAgent: navigator.userAgent,
      hardwareConcurrency: navigator.hardwareConcurrency,
      poolThreads,
      date: new Date().toISOString(),
    },
    serialFraction: amdahlFit(points),
    points,
  };
}

/**
 * One line per counted run.
 * @param {SweepResult} result
 * @param {(size: string) => string} clean
 */
export function toCsv({ settings, points }, clean) {
  const lines = ['workload,size,schedule,chunk,k,repetition,elapsed_ms,speedup_vs_k1_median,efficiency'];
  const base = points[0].median;
  for (const p of points) {
    p.times.forEach((t, i) =>
      lines.push(
        [
          settings.workload,
          clean(settings.size),
          settings.schedule,
          settings.chunk,
          p.k,
          i + 1,
          t.toFixed(3),
          (base / t).toFixed(4),
          (base / t / p.k).toFixed(4),
        ].join(','),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * How many one-worker runs a whole sweep costs at ideal speedup: k = 1..K at
 * 1/k each, times (repetitions + the warm-up).
 * @param {number} maxWorkers @param {number} reps
 */
export function sweepUnits(maxWorkers, reps) {
  let units = 0;
  for (let j = 1; j <= maxWorkers; j++) units += 1 / j;
  return units * (reps + 1);
}

/**
 * The sentence under the speedup chart.
 * @param {number | null} s  the serial fraction
 */
export function amdahlSentence(s) {
  if (s == null) return 'Amdahl fit needs at least two worker counts.';
  return (
    `Amdahl's law fitted to these points: a serial fraction of ${(s * 100).toFixed(1)}% — the part no number of workers speeds up — ` +
    `${s > 0.0005 ? `caps the speedup at ${(1 / s).toFixed(s > 0.05 ? 1 : 0)}× however many cores you add.` : 'too small to measure here: the work scaled almost perfectly.'}`
  );
}

/** Span colours along the work: violet (first blocks) to orange (last). */
const FIRST = [109, 93, 252],
  LAST = [224, 136, 58];

/**
 * @param {number} fraction  0 for the first block, 1 for the last
 */
export function workColour(fraction) {
  return `rgb(${FIRST.map((v, i) => Math.round(v + (LAST[i] - v) * fraction)).join(',')})`;
}
