// How the synchronisation demos draw, on top of the shared ../../lib/charts.js
// (uPlot) and ../../lib/timeline.js (the canvas Gantt). One `drawKit()` per
// mounted demo owns the charts it made: its methods return boxes, `start()`
// draws into them once they are in the document (canvases read their colours
// from the page's CSS), and `clear()` before the next result and on destroy
// stops their size and theme watchers.
//
// What the pictures show is also in the DOM for screen readers and tests:
// the timeline writes its own summary caption ("37 spans in 120 ms … Marks:
// …"), a histogram box carries `data-counts`, a bar box `data-bars`.
import { el } from '../../lib/dom.js';
import { barChart, bin, histogram, stepChart } from '../../lib/charts.js';
import { mountTimeline } from '../../lib/timeline.js';

/** @typedef {import('../../types/DemoSpan').DemoSpan} DemoSpan */

/** Lane colours for `hold` spans (a worker holding a lock is drawn in its own colour). */
const LANE_COLOURS = ['#16a394', '#2a86d1', '#e0883a', '#8a5cf6', '#b8509a', '#5f8f2f'];
/** Colours of the other span kinds. */
const KIND_COLOURS = /** @type {Record<string, string>} */ ({
  work: '#c9cde3',
  wait: '#9aa0b8',
  blocked: '--bad',
  hold: LANE_COLOURS[0],
});

/**
 * @typedef {object} TimelineSpec
 * @property {string[]} lanes
 * @property {DemoSpan[]} spans
 * @property {number} end  ms
 * @property {Partial<Record<'work' | 'wait' | 'hold' | 'blocked', string>>} kinds  legend: what each kind means here
 * @property {{t: number, label: string}[]} [marks]
 * @property {string} caption
 * @property {(lane: number) => number} [laneColour]  colour index of `hold` spans in a lane (default: one colour for all, the legend's)
 */
/**
 * @typedef {object} StepSpec
 * @property {[number, number][]} points  `[ms, value]`, in time order
 * @property {number} end  ms
 * @property {number} limit  drawn as a dashed line (k permits, capacity)
 * @property {string} limitLabel
 * @property {string} yLabel
 * @property {string} caption
 */

/** Axis numbers that stay short on a phone: 950, 1.5k, 2M. @param {number} v */
function compact(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e3) return `${+(v / 1e3).toPrecision(3)}k`;
  return String(+v.toPrecision(3));
}

/** A box for one picture, with its caption under it. @param {string} cls @param {string} caption */
function box(cls, caption) {
  const plot = el('div', { class: 'chart-plot' });
  const figure = el('figure', { class: `chart-box ${cls}` }, plot, el('figcaption', { text: caption }));
  return { figure, plot };
}

// long-function: a kit of short drawing methods (timeline, step chart, histogram, bars) that share the charts this mount owns and destroys.
/** The drawing tools of one mounted demo. */
export function drawKit() {
  /** @type {(() => void)[]} */
  let owned = [];
  /** @type {(() => {destroy: () => void})[]} */
  let waiting = [];
  let timer = 0;
  let finish = () => {};
  /** @param {() => {destroy: () => void}} make */
  const later = (make) => {
    waiting.push(make);
  };
  return {
    /**
     * Draws every box made since the last start, one per task so the main
     * thread is never busy for long; call once they are in the document.
     * Resolves when all are drawn (or cleared).
     * @returns {Promise<void>}
     */
    start() {
      return new Promise((resolve) => {
        finish = resolve;
        const next = () => {
          const make = waiting.shift();
          if (!make) {
            resolve();
            return;
          }
          owned.push(make().destroy);
          timer = setTimeout(next, 0);
        };
        clearTimeout(timer);
        timer = setTimeout(next, 0);
      });
    },

    /** Destroys every chart and timeline made since the last clear. */
    clear() {
      clearTimeout(timer);
      finish();
      for (const destroy of owned) destroy();
      owned = [];
      waiting = [];
    },

    /** Lanes × time, with a legend of what the kinds mean here. @param {TimelineSpec} spec */
    timeline({ lanes, spans, end, kinds, marks = [], caption, laneColour }) {
      const { figure, plot } = box('sync-timeline', caption);
      later(() => {
        const timeline = mountTimeline(plot, { label: caption });
        timeline.draw({
          lanes,
          start: 0,
          end: Math.max(end, 1e-3),
          spans: spans.map((s) => ({
            ...s,
            colour:
              s.kind === 'hold' && laneColour ? LANE_COLOURS[laneColour(s.lane) % LANE_COLOURS.length] : undefined,
          })),
          kinds: Object.fromEntries(
            Object.entries(kinds).map(([kind, label]) => [kind, { label, colour: KIND_COLOURS[kind] }]),
          ),
          marks: marks.map((m) => ({ at: m.t, label: m.label })),
        });
        return timeline;
      });
      return figure;
    },

    /** An integer over time as steps, with its limit. @param {StepSpec} spec */
    stepChart({ points, end, limit, limitLabel, yLabel, caption }) {
      const { figure, plot } = box('step-box', caption);
      const last = points.at(-1)?.[1] ?? 0;
      const x = [...points.map((p) => p[0]), Math.max(end, points.at(-1)?.[0] ?? 0)];
      later(() =>
        stepChart(plot, {
          x,
          xLabel: 'ms',
          yLabel,
          height: 180,
          formatY: (v) => String(Math.round(v)),
          yRange: (_min, max) => [0, Math.max(max, limit) + 1],
          reference: { label: limitLabel, values: x.map(() => limit), colour: '--bad' },
          series: [{ label: yLabel, values: [...points.map((p) => p[1]), last], colour: '--seq', fill: 0.15 }],
        }),
      );
      figure.dataset.max = String(Math.max(0, ...points.map((p) => p[1])));
      return figure;
    },

    /**
     * How many of `values` fall in each of up to `bins` equal ranges.
     * @param {number[]} values
     * @param {{caption: string, xLabel: string, bins?: number}} spec
     */
    histogram(values, { caption, xLabel, bins = 10 }) {
      const n = new Set(values).size === 1 ? 1 : Math.min(bins, values.length);
      const { figure, plot } = box('histogram', caption);
      later(() =>
        histogram(plot, {
          values,
          bins: n,
          xLabel,
          yLabel: 'runs',
          label: 'runs',
          colour: '--bad',
          height: 200,
          formatX: (v) => (Number.isInteger(v) ? compact(v) : ''),
        }),
      );
      figure.dataset.counts = JSON.stringify(bin(values, n).counts);
      return figure;
    },

    /**
     * One bar per row, named on the x axis.
     * @param {{label: string, value: number}[]} rows
     * @param {{caption: string, yLabel: string, format: (v: number) => string}} spec
     */
    bars(rows, { caption, yLabel, format }) {
      const { figure, plot } = box('bars', caption);
      later(() =>
        barChart(plot, {
          x: rows.map((_, i) => i),
          integerX: true,
          formatX: (i) => rows[i]?.label ?? '',
          yLabel,
          height: 200,
          formatY: format,
          series: [{ label: yLabel, values: rows.map((r) => r.value), colour: '--seq' }],
        }),
      );
      figure.dataset.bars = String(rows.length);
      return figure;
    },
  };
}

/** @typedef {ReturnType<typeof drawKit>} DrawKit */
