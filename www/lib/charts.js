// Every x–y, bar, histogram and step chart of the pages: thin wrappers over
// the vendored uPlot (../vendor/uplot.mjs; its CSS is ../vendor/uplot.css,
// which a page links). A chart fills its container's width, follows it when
// the container is resized, takes its colours from the page's CSS variables
// (light or dark) and redraws when the theme changes.
//
//   const chart = lineChart(box, {
//     x: [1, 2, 3, 4], integerX: true, xLabel: 'workers', yLabel: 'speedup (×)',
//     reference: { label: 'ideal (k×)', values: [1, 2, 3, 4] },
//     series: [{ label: 'measured', values: [1, 1.9, 2.7, 3.4], style: 'both' }],
//   });
//   chart.update({ ...spec, series: […] });  chart.destroy();
// First: uPlot reads navigator.language when its module is evaluated.
import './locale.js';
// @ts-ignore  its typings say `export =`; the ES module has a default export
import uPlotDefault from '../vendor/uplot.mjs';
import { cssColour, themeColours, watchTheme, watchWidth, withAlpha } from './theme.js';

/**
 * One series of values over the chart's x.
 * @typedef {object} Series
 * @property {string} label  shown in the legend
 * @property {(number | null)[]} values  one per x; null leaves a gap
 * @property {string} [colour]  a CSS colour or a variable name (`--seq`); the palette otherwise
 * @property {'line' | 'points' | 'both' | 'dashed' | 'bars' | 'steps'} [style]  'line' unless the chart says otherwise
 * @property {number} [width]  line width in CSS pixels
 * @property {number} [fill]  opacity of the area under it (0 = none)
 */
/**
 * @typedef {object} ChartSpec
 * @property {number[]} x  ascending
 * @property {Series[]} series
 * @property {Series} [reference]  drawn first, dashed and muted: the ideal line, a target, a baseline
 * @property {string} [xLabel]
 * @property {string} [yLabel]
 * @property {number} [height]  CSS pixels (default 240)
 * @property {[number, number]} [xRange]
 * @property {[number, number] | 'zero' | ((min: number, max: number) => [number, number])} [yRange]  'zero' (default): 0 to a bit above the largest value
 * @property {boolean} [integerX]  label whole x values only
 * @property {number[]} [xTicks]  exactly these x ticks (e.g. one per named group), whatever the width
 * @property {(v: number) => string} [formatY]  values in the legend
 * @property {(v: number) => string} [formatX]
 */
/**
 * @typedef {object} Chart
 * @property {(spec: ChartSpec) => void} update  new data or settings, same chart
 * @property {() => void} destroy  removes the canvas and stops watching size and theme
 * @property {() => uPlot | null} plot  the uPlot instance, for anything these wrappers do not cover
 */

/** @typedef {import('../vendor/uplot.mjs')} uPlot */
/** @type {typeof import('../vendor/uplot.mjs')} */
const uPlot = uPlotDefault;

/** Series colours in order, as CSS variables or colours. */
export const PALETTE = ['--seq', '--par', '#e0883a', '--bad', '#3a8de0', '--muted'];
const DEFAULT_HEIGHT = 240;

/** Lines and points over x: speedup against k, times against size. @param {HTMLElement} container @param {ChartSpec} spec */
export function lineChart(container, spec) {
  return makeChart(container, spec, 'line');
}

/** One bar per x value (several series overlap, see-through). @param {HTMLElement} container @param {ChartSpec} spec */
export function barChart(container, spec) {
  return makeChart(container, spec, 'bars');
}

/** Values held until the next x: counts over time, queue lengths. @param {HTMLElement} container @param {ChartSpec} spec */
export function stepChart(container, spec) {
  return makeChart(container, spec, 'steps');
}

/**
 * @typedef {object} HistogramSpec
 * @property {number[]} values  the samples
 * @property {number} [bins]  default: √n, between 5 and 40
 * @property {string} [label]  of the bars (default 'count')
 * @property {string} [colour]
 * @property {string} [xLabel]
 * @property {string} [yLabel]
 * @property {number} [height]
 * @property {(v: number) => string} [formatX]
 */

/**
 * Counts of samples in equal bins, as bars at the bins' centres.
 * @param {number[]} values
 * @param {number} [bins]
 * @returns {{x: number[], counts: number[], width: number}}
 */
export function bin(values, bins) {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { x: [], counts: [], width: 0 };
  const n = Math.max(1, Math.round(bins ?? Math.min(40, Math.max(5, Math.sqrt(finite.length)))));
  const lo = Math.min(...finite),
    hi = Math.max(...finite);
  const width = hi > lo ? (hi - lo) / n : 1;
  const counts = new Array(n).fill(0);
  for (const v of finite) counts[Math.min(n - 1, Math.floor((v - lo) / width))]++;
  return { x: counts.map((_, i) => lo + (i + 0.5) * width), counts, width };
}

/**
 * A histogram of samples (run times, waits).
 * @param {HTMLElement} container
 * @param {HistogramSpec} spec
 * @returns {Chart}
 */
export function histogram(container, spec) {
  /** @param {HistogramSpec} h @returns {ChartSpec} */
  const toSpec = (h) => {
    const { x, counts } = bin(h.values, h.bins);
    return {
      x,
      height: h.height,
      xLabel: h.xLabel,
      yLabel: h.yLabel ?? 'count',
      formatX: h.formatX,
      formatY: (v) => String(Math.round(v)),
      series: [{ label: h.label ?? 'count', values: counts, colour: h.colour, style: 'bars' }],
    };
  };
  const chart = makeChart(container, toSpec(spec), 'bars');
  return { ...chart, update: (/** @type {any} */ h) => chart.update(toSpec(h)) };
}

/**
 * @param {HTMLElement} container
 * @param {ChartSpec} first
 * @param {'line' | 'bars' | 'steps'} kind  the default style of its series
 * @returns {Chart}
 */
function makeChart(container, first, kind) {
  let spec = first;
  /** @type {uPlot | null} */
  let plot = null;
  const width = () => Math.max(200, container.clientWidth || 600);
  const draw = () => {
    plot?.destroy();
    plot = new uPlot(options(container, spec, kind, width()), data(spec), container);
  };
  draw();
  const stopWidth = watchWidth(container, (w) =>
    plot?.setSize({ width: Math.max(200, w), height: spec.height ?? DEFAULT_HEIGHT }),
  );
  const stopTheme = watchTheme(draw);
  return {
    update(next) {
      const sameShape =
        plot &&
        next.series.length === spec.series.length &&
        !!next.reference === !!spec.reference &&
        next.series.every((s, i) => s.label === spec.series[i].label);
      spec = next;
      if (sameShape && plot) plot.setData(data(spec));
      else draw();
    },
    destroy() {
      stopWidth();
      stopTheme();
      plot?.destroy();
      plot = null;
    },
    plot: () => plot,
  };
}

/** @param {ChartSpec} spec @returns {import('../vendor/uplot.mjs').AlignedData} */
function data(spec) {
  const ys = spec.series.map((s) => s.values);
  return [spec.x, ...(spec.reference ? [spec.reference.values] : []), ...ys];
}

/**
 * @param {HTMLElement} container
 * @param {ChartSpec} spec
 * @param {'line' | 'bars' | 'steps'} kind
 * @param {number} width
 * @returns {import('../vendor/uplot.mjs').Options}
 */
function options(container, spec, kind, width) {
  const theme = themeColours(container);
  const axis = { stroke: theme.muted, grid: { stroke: theme.line, width: 1 }, ticks: { stroke: theme.line, width: 1 } };
  const formatY = spec.formatY ?? ((/** @type {number} */ v) => String(+v.toPrecision(4)));
  /** @type {import('../vendor/uplot.mjs').Axis} */
  const xAxis = { ...axis, label: spec.xLabel };
  if (spec.integerX) {
    xAxis.values = (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (spec.formatX?.(t) ?? String(t)) : ''));
    xAxis.incrs = [1, 2, 4, 5, 8, 10, 16, 20, 32, 50, 64, 100];
  } else if (spec.formatX) {
    const f = spec.formatX;
    xAxis.values = (_u, ticks) => ticks.map((t) => f(t));
  }
  // Without it uPlot picks a tick step for the width, which on groups of 16
  // could be 10 or 20 and leave most groups unnamed.
  if (spec.xTicks) {
    const ticks = spec.xTicks;
    xAxis.splits = () => ticks;
  }
  const lo = spec.x[0] ?? 0,
    hi = spec.x.at(-1) ?? 1;
  const pad = kind === 'bars' ? (spec.x.length > 1 ? (hi - lo) / (spec.x.length - 1) / 2 : 0.5) : 0;
  /** @type {import('../vendor/uplot.mjs').Series[]} */
  const series = [
    {
      label: spec.xLabel ?? 'x',
      value: (_u, v) => (v == null ? '—' : (spec.formatX?.(v) ?? String(+v.toPrecision(4)))),
    },
  ];
  if (spec.reference) {
    series.push(
      seriesOptions(
        container,
        { colour: theme.muted, style: 'dashed', width: 1.5, ...spec.reference },
        'line',
        -1,
        formatY,
      ),
    );
  }
  spec.series.forEach((s, i) => series.push(seriesOptions(container, s, kind, i, formatY)));
  return {
    width,
    height: spec.height ?? DEFAULT_HEIGHT,
    scales: {
      x: { time: false, range: spec.xRange ?? (lo === hi ? [lo - 1, hi + 1] : [lo - pad, hi + pad]) },
      y: { range: yRange(spec.yRange) },
    },
    axes: [xAxis, { ...axis, label: spec.yLabel, size: 56 }],
    series,
    // A line's swatch is filled with its colour, so it is not mistaken for a
    // series drawn as points only or dashed (those keep a hollow swatch).
    legend: { live: true, markers: { width: 2, fill: swatchFill } },
    cursor: { drag: { x: false, y: false } },
    // Values only while the pointer is on the chart: a live legend otherwise
    // reads "mode: —  workers: —" (style.css hides them under .idle).
    hooks: { setCursor: [markLegendIdle], ready: [markLegendIdle] },
  };
}

/** The `paths` of a series drawn as points only. */
const NO_PATH = () => null;
/**
 * A legend swatch's fill: the series' own fill (bars, areas); else, for a
 * solid line, its colour; hollow for points-only and dashed series.
 * (uPlot turns `fill` and `stroke` into functions: call them.)
 * @param {uPlot} u @param {number} i
 */
function swatchFill(u, i) {
  const s = u.series[i];
  const value = (/** @type {unknown} */ c) => (typeof c === 'function' ? c(u, i) : c) || null;
  const own = value(s.fill);
  if (own) return String(own);
  if (s.dash || s.paths === NO_PATH) return 'transparent';
  return String(value(s.stroke) ?? 'transparent');
}

/** @param {uPlot} u */
function markLegendIdle(u) {
  u.root.querySelector('.u-legend')?.classList.toggle('idle', u.cursor.idx == null);
}

/** @param {ChartSpec['yRange']} wanted @returns {import('../vendor/uplot.mjs').Range.MinMax | import('../vendor/uplot.mjs').Range.Function} */
function yRange(wanted) {
  if (Array.isArray(wanted)) return wanted;
  if (typeof wanted === 'function') return (_u, min, max) => wanted(min, max);
  return (_u, _min, max) => [0, max > 0 ? niceCeil(max * 1.08) : 1];
}

/** The next round number at or above x: 1, 2, 2.5, 5, 10 × a power of ten. @param {number} x */
export function niceCeil(x) {
  const p = 10 ** Math.floor(Math.log10(x));
  return /** @type {number} */ ([1, 2, 2.5, 5, 10].find((m) => m * p >= x - 1e-12) ?? 10) * p;
}

/**
 * @param {HTMLElement} container
 * @param {Series} s
 * @param {'line' | 'bars' | 'steps'} kind
 * @param {number} index  in the palette (-1: the reference)
 * @param {(v: number) => string} format
 * @returns {import('../vendor/uplot.mjs').Series}
 */
function seriesOptions(container, s, kind, index, format) {
  const colour = cssColour(container, s.colour ?? PALETTE[Math.max(0, index) % PALETTE.length]);
  const style = s.style ?? kind;
  const width = s.width ?? (style === 'bars' ? 1 : 2);
  /** @type {import('../vendor/uplot.mjs').Series} */
  const out = {
    label: s.label,
    stroke: colour,
    width,
    spanGaps: true,
    value: (_u, v) => (v == null ? '—' : format(v)),
    points: {
      show: style === 'points' || style === 'both',
      size: style === 'points' ? 6 : 8,
      fill: colour,
      stroke: colour,
    },
  };
  if (s.fill) out.fill = withAlpha(colour, s.fill);
  if (style === 'dashed') out.dash = [6, 6];
  if (style === 'points') out.paths = NO_PATH;
  if (style === 'bars') {
    out.paths = uPlot.paths.bars?.({ size: [0.6, 80] });
    out.fill = withAlpha(colour, s.fill ?? 0.55);
  }
  if (style === 'steps') out.paths = uPlot.paths.stepped?.({ align: 1 });
  return out;
}
