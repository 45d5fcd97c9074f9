// What a sweep shows (./sweep.js runs it, ./sweep-view.js holds the form):
// the table, the speedup chart with the ideal line and the Amdahl fit, the
// efficiency bars and the timeline of one k's median run. Drawing only.
import { barChart, lineChart } from '../lib/charts.js';
import { ms, percent, times } from '../lib/format.js';
import { amdahl, amdahlSentence, workColour } from './sweep-analysis.js';

/** @typedef {import('./sweep-view.js').SweepView} SweepView */
/** @typedef {import('./sweep-analysis.js').SweepResult} SweepResult */
/** @typedef {import('./sweep-analysis.js').Point} Point */
/** The charts drawn so far, destroyed before they are drawn again. @typedef {{speedup?: import('../lib/charts.js').Chart, efficiency?: import('../lib/charts.js').Chart}} Charts */

/**
 * Draws the results a piece per task, so no one task keeps the main thread
 * long (each chart and the timeline take a few ms, more on a busy machine).
 * @param {SweepView} view @param {Charts} charts @param {SweepResult} result @param {() => boolean} gone  the demo was destroyed
 */
export async function render(view, charts, result, gone) {
  const pause = () => new Promise((resolve) => setTimeout(resolve));
  renderTable(view, result);
  for (const draw of [() => renderSpeedup(view, charts, result), () => renderEfficiency(view, charts, result.points)]) {
    await pause();
    if (gone()) return;
    draw();
  }
  await pause();
  if (gone()) return;
  const { timelineK } = view;
  timelineK.replaceChildren(...result.points.map((p) => new Option(`k = ${p.k} (median run)`, String(p.k))));
  timelineK.value = String(result.points[result.points.length - 1].k);
  timelineK.disabled = false;
  drawTimeline(view, result);
  for (const id of ['export-json', 'export-csv']) /** @type {HTMLButtonElement} */ (view.$(id)).disabled = false;
}

/** @param {SweepView} view @param {Charts} charts @param {SweepResult} result */
function renderSpeedup({ $ }, charts, { points, serialFraction: s }) {
  const K = points[points.length - 1].k;
  // A fine x grid so the Amdahl curve is smooth; measurements sit on whole k.
  const xs = [];
  for (let x = 1; x <= K + 1e-9; x += 0.125) xs.push(Math.round(x * 1000) / 1000);
  const at = (/** @type {number} */ x, /** @type {(p: Point) => number} */ f) => {
    const p = points.find((q) => q.k === x);
    return p ? f(p) : null;
  };
  const faint = { colour: '--seq', style: /** @type {const} */ ('points'), fill: 0 };
  const speedup = {
    x: xs,
    integerX: true,
    xLabel: 'workers (k)',
    yLabel: 'speedup (×)',
    height: 280,
    xRange: /** @type {[number, number]} */ ([1, Math.max(2, K)]),
    yRange: (/** @type {number} */ _min, /** @type {number} */ max) =>
      /** @type {[number, number]} */ ([0, Math.max(2, Math.ceil(max * 1.1))]),
    formatY: (/** @type {number} */ v) => `${v.toFixed(2)}×`,
    reference: { label: 'ideal (k×)', values: xs },
    series: [
      {
        label: s == null ? 'Amdahl fit' : `Amdahl fit (serial ${(s * 100).toFixed(1)}%)`,
        values: xs.map((x) => (s == null ? null : amdahl(s, x))),
        colour: '#e0883a',
      },
      { ...faint, label: 'slowest run', values: xs.map((x) => at(x, (p) => p.speedupLow)) },
      { ...faint, label: 'fastest run', values: xs.map((x) => at(x, (p) => p.speedupHigh)) },
      {
        label: 'measured (median)',
        values: xs.map((x) => at(x, (p) => p.speedup)),
        colour: '--seq',
        style: /** @type {const} */ ('both'),
        width: 2.5,
      },
    ],
  };
  charts.speedup?.destroy();
  charts.speedup = lineChart($('speedup-chart'), speedup);
  $('chart-empty').hidden = true;
  $('amdahl').textContent = amdahlSentence(s);
}

/** @param {SweepView} view @param {Charts} charts @param {Point[]} points */
function renderEfficiency({ $ }, charts, points) {
  charts.efficiency?.destroy();
  charts.efficiency = barChart($('efficiency-chart'), {
    x: points.map((p) => p.k),
    integerX: true,
    xLabel: 'workers (k)',
    yLabel: 'efficiency (%)',
    height: 200,
    // 0–110 %, higher when a noisy run measures more than 100 % (its bar ran off the top).
    yRange: (/** @type {number} */ _min, /** @type {number} */ max) =>
      /** @type {[number, number]} */ ([0, Math.max(110, Math.ceil(max / 10) * 10 + 10)]),
    series: [
      {
        label: 'parallel efficiency (%)',
        values: points.map((p) => Math.round(p.efficiency * 1000) / 10),
        colour: '--par',
      },
    ],
  });
}

/** @param {SweepView} view @param {SweepResult} result */
function renderTable({ $ }, { points, serialFraction }) {
  const body = /** @type {HTMLTableElement} */ ($('results')).tBodies[0];
  body.replaceChildren(
    ...points.map((p) => {
      const row = document.createElement('tr');
      const spread = p.median > 0 ? `±${(((p.max - p.min) / 2 / p.median) * 100).toFixed(1)}%` : '–';
      const cells = [
        p.k,
        ms(p.min),
        ms(p.median),
        ms(p.max),
        spread,
        `${p.speedup.toFixed(2)}×`,
        percent(p.efficiency),
        serialFraction == null ? '–' : times(amdahl(serialFraction, p.k)),
        p.agreesWithOne ? 'yes' : 'NO',
      ];
      for (const c of cells) row.insertCell().textContent = String(c);
      return row;
    }),
  );
}

/** The timeline of the median run of the k chosen under it. @param {SweepView} view @param {SweepResult | null} result */
export function drawTimeline({ timeline, timelineK }, result) {
  const point = result?.points.find((p) => p.k === Number(timelineK.value));
  if (!point) return;
  const { started_ms: t0, elapsed_ms: total, spans } = point.timeline;
  timeline.draw({
    title: `k = ${point.k}`,
    noun: 'tasks',
    start: t0,
    end: t0 + total,
    lanes: Array.from({ length: point.k }, (_, w) => `worker ${w + 1}`),
    spans: spans.map((s) => ({
      lane: s.worker,
      start: s.start_ms,
      end: s.end_ms,
      label: `blocks ${s.first_block}–${s.first_block + s.blocks - 1}`,
      colour: workColour(point.blocks > 1 ? s.first_block / (point.blocks - 1) : 0),
    })),
  });
}
