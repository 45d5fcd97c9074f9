// The one timeline (Gantt chart) of every page: lanes (workers, threads,
// processes) top to bottom, spans on a time axis shared by all lanes, a
// legend of span kinds, vertical marks, and each lane's busy share.
//
// Drawn by hand on a canvas: thousands of spans on k rows is a Gantt chart no
// small chart library draws without a plugin of about this size. What the
// picture shows is also written out in a <figcaption> (screen readers, tests),
// and hovering a span names it in the canvas's tooltip. Dragging across the
// canvas zooms into that stretch of time (Reset zoom, or a double click, goes
// back); every drawn timeline has an "Export trace" button that saves it as
// Chrome trace-event JSON for Perfetto / chrome://tracing (./trace.js).
//
//   const timeline = mountTimeline(box, { canvasId: 'timeline', captionId: 'timeline-summary' });
//   timeline.draw({ title: 'k = 2', lanes: ['worker 1', 'worker 2'],
//                   spans: [{ lane: 0, start: 0, end: 4.2, kind: 'work' }, …],
//                   kinds: { work: { label: 'computing', colour: '--par' } },
//                   marks: [{ at: 3, label: 'barrier' }] });
//   timeline.destroy();
import { el } from './dom.js';
import { ms } from './format.js';
import { cssColour, themeColours, watchTheme, watchWidth } from './theme.js';
import { downloadTrace, toTraceEvents } from './trace.js';

/**
 * @typedef {object} Span
 * @property {number} lane  index into `lanes`
 * @property {number} start  ms, on the clock shared by all lanes
 * @property {number} end
 * @property {string} [kind]  key of `kinds`: its colour and legend entry
 * @property {string} [label]  written on the bar when it fits, and in its tooltip
 * @property {string} [colour]  overrides the kind's colour (CSS colour or `--variable`)
 */
/**
 * @typedef {object} Mark
 * @property {number} at  ms, same clock as the spans
 * @property {string} label
 * @property {string} [colour]
 */
/**
 * @typedef {object} TimelineData
 * @property {string[]} lanes  labels, top to bottom
 * @property {Span[]} spans
 * @property {number} [start]  left edge (default: the earliest span start)
 * @property {number} [end]  right edge (default: the latest span end)
 * @property {Record<string, {label: string, colour: string}>} [kinds]  the legend, in this order
 * @property {Mark[]} [marks]
 * @property {string} [title]  the summary starts "title: …"
 * @property {string} [noun]  what a span is, plural (default 'spans'): "320 tasks in 12 ms"
 * @property {boolean} [busy]  say each lane's busy share in the summary (default true)
 * @property {string[]} [busyKinds]  count only spans of these kinds as busy (e.g. 'running'
 *   and 'native': a Python thread that sleeps or waits is not busy), and leave out lanes
 *   with none
 * @property {string} [busyWord]  the word for it in the summary (default 'busy')
 */
/**
 * @typedef {object} Timeline
 * @property {(data: TimelineData) => void} draw
 * @property {() => void} clear
 * @property {() => string} summary  the caption's text
 * @property {() => number[]} busyShares  per lane, 0..1, of the last drawing
 * @property {() => void} destroy  removes the figure and stops watching size and theme
 * @property {HTMLCanvasElement} canvas
 * @property {() => import('./trace.js').TraceFile | null} trace  the last drawing as trace events
 * @property {(start?: number, end?: number) => void} zoom  shows [start, end] (ms, the spans' clock); no arguments: all
 */

const PALETTE = ['--seq', '--par', '#e0883a', '--bad', '#3a8de0', '--muted'];
const ROW = 30,
  TOP = 8,
  AXIS = 28,
  MARK_ROOM = 16;

/**
 * The width of the box the canvas fills, as the last layout left it. Read
 * from a ResizeObserver rather than from `clientWidth` at drawing time: a
 * drawing follows DOM writes (legend, caption), and reading a width then
 * lays out the whole page inside the drawing's task (13–20 ms of a 25–30 ms
 * task on the Python page, in a trace).
 * @param {HTMLElement} box
 */
function plotWidth(box) {
  const seen = { width: 0, stop: () => observer.disconnect() };
  const observer = new ResizeObserver((entries) => {
    seen.width = entries[entries.length - 1].contentRect.width;
  });
  observer.observe(box);
  return seen;
}

/**
 * A <figure> with the legend, the canvas and the caption, appended to `container`.
 * @param {HTMLElement} container
 * @param {{canvasId?: string, captionId?: string, label?: string, rowHeight?: number, exportable?: boolean}} [options]
 *   exportable: show the Export trace button (default true)
 * @returns {Timeline}
 */
export function mountTimeline(
  container,
  { canvasId, captionId, label = 'Timeline', rowHeight = ROW, exportable = true } = {},
) {
  const { legend, canvas, caption, band, exportButton, resetButton, tools, figure } = timelineMarkup(
    canvasId,
    captionId,
    label,
    exportable,
  );
  container.append(figure);
  /** What is drawn, the stretch shown (null: all of it), the busy shares, and from the last paint the spans' boxes and the plot's place and time range. @type {TimelineState} */
  const st = { data: null, view: null, shares: [], boxes: [], plot: { left: 0, width: 1, start: 0, end: 1 } };
  const plotBox = plotWidth(/** @type {HTMLElement} */ (canvas.parentElement));
  const redraw = () => {
    if (!st.data) return;
    ({ boxes: st.boxes, plot: st.plot } = paint(canvas, st.data, rowHeight, st.view, plotBox.width));
    figure.dataset.view = JSON.stringify({ start: st.plot.start, end: st.plot.end });
    resetButton.hidden = st.view === null;
  };
  /** @param {number} [start] @param {number} [end] */
  const zoom = (start, end) => {
    st.view = start !== undefined && end !== undefined && end > start ? { start, end } : null;
    redraw();
  };
  const stopDrag = dragToZoom(canvas, band, st, zoom);
  resetButton.addEventListener('click', () => zoom());
  exportButton.addEventListener('click', () => {
    if (st.data) downloadTrace(st.data, st.data.title ?? label, figure);
  });
  const stopWidth = watchWidth(container, redraw);
  const stopTheme = watchTheme(redraw);

  return {
    canvas,
    draw(next) {
      st.data = next;
      st.view = null;
      st.shares = busyShares(next);
      figure.dataset.spans = String(next.spans.length);
      tools.hidden = false;
      tools.style.display = 'flex'; // set here, not inline from the start: [hidden] must win until there is a drawing
      drawLegend(container, legend, next);
      caption.textContent = describe(next, st.shares);
      canvas.setAttribute('aria-label', `${label}. ${caption.textContent}`);
      canvas.hidden = false;
      redraw();
    },
    clear() {
      Object.assign(st, { data: null, shares: [], boxes: [] });
      legend.replaceChildren();
      legend.hidden = true;
      caption.textContent = '';
      canvas.hidden = true;
      tools.hidden = true;
      tools.style.display = 'none';
      delete figure.dataset.spans;
    },
    summary: () => caption.textContent ?? '',
    busyShares: () => [...st.shares],
    trace: () => (st.data ? toTraceEvents(st.data, { process: st.data.title ?? label }) : null),
    zoom,
    destroy() {
      plotBox.stop();
      stopWidth();
      stopTheme();
      stopDrag();
      figure.remove();
    },
  };
}

/**
 * @typedef {object} TimelineState
 * @property {TimelineData | null} data
 * @property {{start: number, end: number} | null} view
 * @property {number[]} shares
 * @property {{x: number, y: number, w: number, h: number, text: string}[]} boxes
 * @property {{left: number, width: number, start: number, end: number}} plot
 */

/**
 * The figure: the legend, the canvas with its zoom band, the caption and the tools.
 * @param {string | undefined} canvasId @param {string | undefined} captionId @param {string} label @param {boolean} exportable
 */
function timelineMarkup(canvasId, captionId, label, exportable) {
  const legend = el('ul', {
    class: 'timeline-legend',
    style: 'list-style:none;display:flex;flex-wrap:wrap;gap:4px 14px;margin:0 0 6px;padding:0;font-size:0.85rem',
    hidden: true,
  });
  // Hidden until there is something to draw: an empty canvas would keep its default 300 × 150 proportions.
  const canvas = el('canvas', {
    id: canvasId,
    class: 'timeline',
    role: 'img',
    'aria-label': label,
    style: 'display:block;width:100%;touch-action:pan-y',
    hidden: true,
  });
  const caption = el('figcaption', { id: captionId, class: 'hint timeline-summary' });
  const band = el('div', {
    'aria-hidden': 'true',
    hidden: true,
    style:
      'position:absolute;top:0;bottom:0;background:rgba(109,93,252,0.18);border:1px solid rgba(109,93,252,0.6);pointer-events:none',
  });
  const exportButton = el('button', {
    type: 'button',
    class: 'timeline-export',
    id: canvasId && `${canvasId}-export`,
    text: 'Export trace',
    title: 'Save as Chrome trace-event JSON: opens in ui.perfetto.dev and chrome://tracing',
  });
  const resetButton = el('button', { type: 'button', class: 'timeline-reset', text: 'Reset zoom', hidden: true });
  const tools = el(
    'div',
    {
      class: 'timeline-tools',
      style: 'flex-wrap:wrap;gap:0.4rem;align-items:center;margin-top:0.3rem;font-size:0.85rem',
      hidden: true,
    },
    exportable ? exportButton : null,
    resetButton,
    el('span', { class: 'hint', text: 'Drag across the chart to zoom.' }),
  );
  const figure = el(
    'figure',
    { class: 'timeline-figure', style: 'margin:0' },
    legend,
    el('div', { style: 'position:relative' }, canvas, band),
    caption,
    tools,
  );
  return { legend, canvas, caption, band, exportButton, resetButton, tools, figure };
}

/**
 * The legend: only the kinds this run drew (a legend entry with nothing to point at misleads).
 * @param {HTMLElement} container  whose CSS colours the swatches take
 * @param {HTMLElement} legend @param {TimelineData} next
 */
function drawLegend(container, legend, next) {
  const drawn = new Set(next.spans.map((s) => s.kind));
  legend.replaceChildren(
    ...Object.entries(next.kinds ?? {})
      .filter(([key]) => drawn.has(key))
      .map(([key, k]) =>
        el(
          'li',
          { 'data-kind': key },
          el('span', {
            'aria-hidden': 'true',
            style: `display:inline-block;width:0.8em;height:0.8em;border-radius:2px;margin-right:0.35em;vertical-align:-0.05em;background:${cssColour(container, k.colour)}`,
          }),
          k.label,
        ),
      ),
  );
  legend.hidden = legend.childElementCount === 0;
}

/**
 * Drag across the canvas to zoom to that stretch, double-click to zoom out;
 * hovering a span shows its text. Returns the function that stops listening.
 * @param {HTMLCanvasElement} canvas @param {HTMLElement} band @param {TimelineState} st
 * @param {(start?: number, end?: number) => void} zoom
 */
function dragToZoom(canvas, band, st, zoom) {
  /** The time under a pointer. @param {PointerEvent | MouseEvent} e */
  const timeAt = (e) => {
    const { plot } = st;
    const x = e.clientX - canvas.getBoundingClientRect().left;
    return (
      plot.start +
      ((Math.max(plot.left, Math.min(plot.left + plot.width, x)) - plot.left) / plot.width) * (plot.end - plot.start)
    );
  };
  /** @type {{x: number, t: number} | null} */ let drag = null;
  const onDown = (/** @type {PointerEvent} */ e) => {
    if (!st.data || e.button !== 0) return;
    drag = { x: e.clientX - canvas.getBoundingClientRect().left, t: timeAt(e) };
    canvas.setPointerCapture?.(e.pointerId);
  };
  const onMove = (/** @type {PointerEvent} */ e) => {
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left,
      y = e.clientY - r.top;
    if (drag) {
      band.hidden = Math.abs(x - drag.x) < 3;
      band.style.left = `${Math.min(x, drag.x)}px`;
      band.style.width = `${Math.abs(x - drag.x)}px`;
      return;
    }
    const hit = [...st.boxes].reverse().find((b) => x >= b.x - 1 && x <= b.x + b.w + 1 && y >= b.y && y <= b.y + b.h);
    canvas.title = hit?.text ?? '';
  };
  const onUp = (/** @type {PointerEvent} */ e) => {
    if (!drag) return;
    const from = drag.t,
      to = timeAt(e),
      wide = !band.hidden;
    drag = null;
    band.hidden = true;
    if (wide && to !== from) zoom(Math.min(from, to), Math.max(from, to));
  };
  const onReset = () => zoom();
  const handlers = /** @type {const} */ ([
    ['pointerdown', onDown],
    ['pointermove', onMove],
    ['pointerup', onUp],
    ['dblclick', onReset],
  ]);
  for (const [type, f] of handlers) canvas.addEventListener(type, /** @type {EventListener} */ (f));
  return () => {
    for (const [type, f] of handlers) canvas.removeEventListener(type, /** @type {EventListener} */ (f));
  };
}

/** @param {TimelineData} data */
function extent(data) {
  const start = data.start ?? Math.min(...data.spans.map((s) => s.start), Infinity);
  const end = data.end ?? Math.max(...data.spans.map((s) => s.end), -Infinity);
  return Number.isFinite(start) && Number.isFinite(end) ? { start, end } : { start: 0, end: 1 };
}

/** Whether span `s` counts as busy. @param {TimelineData} data @param {Span} s */
const counts = (data, s) => !data.busyKinds || data.busyKinds.includes(s.kind ?? '');

/**
 * Each lane's busy time (the union of its spans) as a share of the whole.
 * @param {TimelineData} data
 * @returns {number[]}
 */
export function busyShares(data) {
  const { start, end } = extent(data);
  const total = end - start;
  return data.lanes.map((_, lane) => {
    const mine = data.spans
      .filter((s) => s.lane === lane && counts(data, s))
      .map((s) => [Math.max(start, s.start), Math.min(end, s.end)])
      .filter(([a, b]) => b > a)
      .sort((p, q) => p[0] - q[0]);
    let busy = 0,
      reach = -Infinity;
    for (const [a, b] of mine) {
      if (b <= reach) continue;
      busy += b - Math.max(a, reach);
      reach = b;
    }
    return total > 0 ? busy / total : 0;
  });
}

/**
 * "k = 2: 320 tasks in 12.4 ms. worker 1 busy 97%, worker 2 busy 95%. Idle: 4% of all lanes' time."
 * (Idle is averaged over the lanes, so it reads as a share of 100 % whatever
 * their number; a sum over lanes read "186 %" for four half-idle lanes.)
 * @param {TimelineData} data
 * @param {number[]} shares
 */
function describe(data, shares) {
  const { start, end } = extent(data);
  const head = `${data.title ? `${data.title}: ` : ''}${data.spans.length} ${data.noun ?? 'spans'} in ${ms(end - start)}.`;
  if (data.busy === false || data.lanes.length === 0) return head;
  const idle = shares.reduce((sum, s) => sum + (1 - s), 0) / shares.length;
  const marks = (data.marks ?? []).map((m) => `${m.label} at ${ms(m.at - start)}`);
  const word = data.busyWord ?? 'busy';
  const counted = data.lanes
    .map((lane, i) => ({ lane, i }))
    .filter(({ i }) => !data.busyKinds || data.spans.some((s) => s.lane === i && counts(data, s)));
  const idleText = data.busyKinds ? '' : ` Idle: ${Math.round(idle * 100)}% of all lanes' time.`;
  return (
    `${head} ${counted.map(({ lane, i }) => `${lane} ${word} ${Math.round(shares[i] * 100)}%`).join(', ')}.` +
    `${idleText}${marks.length ? ` Marks: ${marks.join(', ')}.` : ''}`
  );
}

/** A round tick step of at least `raw`: 1, 2, 5 × a power of ten. @param {number} raw */
function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw));
  return /** @type {number} */ ([1, 2, 5, 10].find((m) => m * p >= raw) ?? 10) * p;
}

/**
 * The tick step for `total` ms over `plotW` px: about one tick per 90 px,
 * and never so round that the axis keeps a single tick (a 42 ms run on a
 * phone got one, at 0 ms) — at least two, and three where there is room.
 * @param {number} total @param {number} plotW
 */
export function tickStep(total, plotW) {
  const room = Math.max(2, Math.floor(plotW / 90));
  let step = niceStep(total / room);
  const want = Math.min(3, room);
  // Step down through 5, 2, 1 × 10^k until `want` ticks fit in `total`.
  while (step > 0 && Math.floor(total / step + 1e-9) + 1 < want) {
    const p = 10 ** Math.floor(Math.log10(step) + 1e-9);
    const m = Math.round(step / p);
    step = m === 1 ? p / 2 : m === 2 ? p : 2 * p;
  }
  return step;
}

// long-function: one pass over the canvas in drawing order (axis, lanes, spans, marks), all on one scale and one clip; split, each part would take the same eight measures.
/**
 * Draws `data` (the stretch `view` of it, or all) on the canvas at its CSS
 * width; returns the spans' boxes for tooltips and where the plot is. Spans
 * under a pixel wide that would land on the pixel just painted in their lane
 * and colour are not painted again: tens of thousands of spans stay cheap.
 * @param {HTMLCanvasElement} canvas
 * @param {TimelineData} data
 * @param {number} rowH
 * @param {{start: number, end: number} | null} view
 * @param {number} width  the canvas's width in CSS pixels as last laid out (0: unknown, read it)
 */
function paint(canvas, data, rowH, view, width) {
  const theme = themeColours(canvas);
  const g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  const font = '12px system-ui, sans-serif';
  g.font = font;
  const left = Math.ceil(Math.max(56, ...data.lanes.map((l) => g.measureText(l).width)) + 16),
    right = 14;
  const top = TOP + (data.marks?.length ? MARK_ROOM : 0);
  const cssW = width || canvas.clientWidth || canvas.parentElement?.clientWidth || 800;
  const cssH = top + data.lanes.length * rowH + AXIS;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(cssW * dpr);
  canvas.height = Math.round(cssH * dpr);
  canvas.style.height = `${cssH}px`;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.font = font;
  const origin = extent(data).start;
  const { start, end } = view ?? extent(data);
  const total = end - start || 1;
  const plotW = Math.max(10, cssW - left - right);
  const xOf = (/** @type {number} */ t) => left + ((t - start) / total) * plotW;
  /** The last pixel column painted per lane, and in which colour. */
  const painted = data.lanes.map(() => ({ px: -1, colour: '' }));
  const kinds = data.kinds ?? {};
  const kindNames = Object.keys(kinds);

  data.lanes.forEach((_, i) => {
    g.fillStyle = i % 2 ? theme.track : theme.line;
    g.globalAlpha = 0.7;
    g.fillRect(left, top + i * rowH, plotW, rowH - 4);
  });
  g.globalAlpha = 1;
  /** @type {{x: number, y: number, w: number, h: number, text: string}[]} */
  const boxes = [];
  /** @type {Map<string, string>} */
  const colours = new Map();
  const colourOf = (/** @type {Span} */ s) => {
    const key =
      s.colour ?? kinds[s.kind ?? '']?.colour ?? PALETTE[Math.max(0, kindNames.indexOf(s.kind ?? '')) % PALETTE.length];
    let c = colours.get(key);
    if (!c) colours.set(key, (c = cssColour(canvas, key)));
    return c;
  };
  g.textBaseline = 'middle';
  g.save();
  g.beginPath();
  g.rect(left, 0, plotW, top + data.lanes.length * rowH);
  g.clip();
  for (const s of data.spans) {
    if (s.lane < 0 || s.lane >= data.lanes.length || s.end < start || s.start > end) continue;
    const x = Math.max(left - 1, xOf(s.start)),
      w = Math.max(1, Math.min(left + plotW + 1, xOf(s.end)) - x),
      y = top + s.lane * rowH + 2,
      h = rowH - 8;
    const colour = colourOf(s),
      last = painted[s.lane];
    if (w <= 1 && Math.floor(x) === last.px && colour === last.colour) continue;
    last.px = Math.floor(x + w - 1);
    last.colour = colour;
    g.fillStyle = colour;
    g.fillRect(x, y, w, h);
    const name = s.label ?? (s.kind ? (kinds[s.kind]?.label ?? s.kind) : '');
    if (s.label && g.measureText(s.label).width + 6 < w) {
      g.fillStyle = '#fff';
      g.fillText(s.label, x + 3, y + h / 2);
    }
    boxes.push({
      x,
      y,
      w,
      h,
      text: `${data.lanes[s.lane]}: ${name ? `${name}, ` : ''}${ms(s.start - origin)} to ${ms(s.end - origin)}`,
    });
  }
  g.restore();
  g.fillStyle = theme.ink;
  data.lanes.forEach((lane, i) => g.fillText(lane, 8, top + i * rowH + rowH / 2 - 2));

  // Time axis with round ticks.
  const bottom = top + data.lanes.length * rowH;
  const step = tickStep(total, plotW);
  g.textBaseline = 'top';
  g.fillStyle = theme.muted;
  // Ticks are round times since the timeline's start, also when zoomed in.
  for (let t = Math.ceil((start - origin) / step - 1e-9) * step; t <= end - origin + 1e-9; t += step) {
    const x = xOf(origin + t);
    g.fillRect(x, bottom - 2, 1, 5);
    const text = `${+t.toFixed(3)} ms`;
    g.fillText(
      text,
      Math.max(left - 4, Math.min(x - g.measureText(text).width / 2, cssW - g.measureText(text).width - 2)),
      bottom + 6,
    );
  }
  for (const m of data.marks ?? []) {
    if (m.at < start || m.at > end) continue;
    const x = Math.round(xOf(m.at)) + 0.5;
    g.strokeStyle = g.fillStyle = m.colour ? cssColour(canvas, m.colour) : theme.ink;
    g.setLineDash([4, 3]);
    g.beginPath();
    g.moveTo(x, top - 4);
    g.lineTo(x, bottom);
    g.stroke();
    g.setLineDash([]);
    const width = g.measureText(m.label).width;
    g.fillText(m.label, Math.max(left, Math.min(x - width / 2, cssW - width - 2)), 2);
  }
  return { boxes, plot: { left, width: plotW, start, end } };
}
