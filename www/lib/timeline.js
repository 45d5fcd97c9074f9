// The one timeline (Gantt chart) of every page: lanes (workers, threads,
// processes) top to bottom, spans on a time axis shared by all lanes, a
// legend of span kinds, vertical marks, and each lane's busy share.
//
// Drawn by hand on a canvas: thousands of spans on k rows is a Gantt chart no
// small chart library draws without a plugin of about this size. What the
// picture shows is also written out in a <figcaption> (screen readers, tests),
// and hovering a span names it in the canvas's tooltip.
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
 */
/**
 * @typedef {object} Timeline
 * @property {(data: TimelineData) => void} draw
 * @property {() => void} clear
 * @property {() => string} summary  the caption's text
 * @property {() => number[]} busyShares  per lane, 0..1, of the last drawing
 * @property {() => void} destroy  removes the figure and stops watching size and theme
 * @property {HTMLCanvasElement} canvas
 */

const PALETTE = ['--seq', '--par', '#e0883a', '--bad', '#3a8de0', '--muted'];
const ROW = 30, TOP = 8, AXIS = 28, MARK_ROOM = 16;

/**
 * A <figure> with the legend, the canvas and the caption, appended to `container`.
 * @param {HTMLElement} container
 * @param {{canvasId?: string, captionId?: string, label?: string, rowHeight?: number}} [options]
 * @returns {Timeline}
 */
export function mountTimeline(container, { canvasId, captionId, label = 'Timeline', rowHeight = ROW } = {}) {
  const legend = el('ul', { class: 'timeline-legend', style: 'list-style:none;display:flex;flex-wrap:wrap;gap:4px 14px;margin:0 0 6px;padding:0;font-size:0.85rem', hidden: true });
  // Hidden until there is something to draw: an empty canvas would keep its default 300 × 150 proportions.
  const canvas = el('canvas', { id: canvasId, class: 'timeline', role: 'img', 'aria-label': label, style: 'display:block;width:100%', hidden: true });
  const caption = el('figcaption', { id: captionId, class: 'hint timeline-summary' });
  const figure = el('figure', { class: 'timeline-figure', style: 'margin:0' }, legend, canvas, caption);
  container.append(figure);
  /** @type {TimelineData | null} */
  let data = null;
  /** @type {number[]} */
  let shares = [];
  /** @type {{x: number, y: number, w: number, h: number, text: string}[]} */
  let boxes = [];

  const redraw = () => {
    if (!data) return;
    boxes = paint(canvas, data, rowHeight);
  };
  const onMove = (/** @type {PointerEvent} */ e) => {
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left, y = e.clientY - r.top;
    const hit = [...boxes].reverse().find((b) => x >= b.x - 1 && x <= b.x + b.w + 1 && y >= b.y && y <= b.y + b.h);
    canvas.title = hit?.text ?? '';
  };
  canvas.addEventListener('pointermove', onMove);
  const stopWidth = watchWidth(container, redraw);
  const stopTheme = watchTheme(redraw);

  return {
    canvas,
    draw(next) {
      data = next;
      shares = busyShares(next);
      legend.replaceChildren(...Object.values(next.kinds ?? {}).map((k) => el('li', {},
        el('span', { 'aria-hidden': 'true', style: `display:inline-block;width:0.8em;height:0.8em;border-radius:2px;margin-right:0.35em;vertical-align:-0.05em;background:${cssColour(container, k.colour)}` }),
        k.label)));
      legend.hidden = legend.childElementCount === 0;
      caption.textContent = describe(next, shares);
      canvas.setAttribute('aria-label', `${label}. ${caption.textContent}`);
      canvas.hidden = false;
      redraw();
    },
    clear() {
      data = null;
      shares = [];
      boxes = [];
      legend.replaceChildren();
      legend.hidden = true;
      caption.textContent = '';
      canvas.hidden = true;
    },
    summary: () => caption.textContent ?? '',
    busyShares: () => [...shares],
    destroy() {
      stopWidth();
      stopTheme();
      canvas.removeEventListener('pointermove', onMove);
      figure.remove();
    },
  };
}

/** @param {TimelineData} data */
function extent(data) {
  const start = data.start ?? Math.min(...data.spans.map((s) => s.start), Infinity);
  const end = data.end ?? Math.max(...data.spans.map((s) => s.end), -Infinity);
  return Number.isFinite(start) && Number.isFinite(end) ? { start, end } : { start: 0, end: 1 };
}

/**
 * Each lane's busy time (the union of its spans) as a share of the whole.
 * @param {TimelineData} data
 * @returns {number[]}
 */
export function busyShares(data) {
  const { start, end } = extent(data);
  const total = end - start;
  return data.lanes.map((_, lane) => {
    const mine = data.spans.filter((s) => s.lane === lane).map((s) => [Math.max(start, s.start), Math.min(end, s.end)])
      .filter(([a, b]) => b > a).sort((p, q) => p[0] - q[0]);
    let busy = 0, reach = -Infinity;
    for (const [a, b] of mine) {
      if (b <= reach) continue;
      busy += b - Math.max(a, reach);
      reach = b;
    }
    return total > 0 ? busy / total : 0;
  });
}

/**
 * "k = 2: 320 tasks in 12.4 ms. worker 1 busy 97%, worker 2 busy 95%. Idle time: 8% of one lane's run in total."
 * @param {TimelineData} data
 * @param {number[]} shares
 */
function describe(data, shares) {
  const { start, end } = extent(data);
  const head = `${data.title ? `${data.title}: ` : ''}${data.spans.length} ${data.noun ?? 'spans'} in ${ms(end - start)}.`;
  if (data.busy === false || data.lanes.length === 0) return head;
  const idle = shares.reduce((sum, s) => sum + (1 - s), 0);
  const marks = (data.marks ?? []).map((m) => `${m.label} at ${ms(m.at - start)}`);
  return `${head} ${data.lanes.map((lane, i) => `${lane} busy ${Math.round(shares[i] * 100)}%`).join(', ')}. ` +
    `Idle time: ${Math.round(idle * 100)}% of one lane's run in total.${marks.length ? ` Marks: ${marks.join(', ')}.` : ''}`;
}

/** A round tick step of at least `raw`: 1, 2, 5 × a power of ten. @param {number} raw */
function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw));
  return (/** @type {number} */ ([1, 2, 5, 10].find((m) => m * p >= raw)) ?? 10) * p;
}

/**
 * Draws `data` on the canvas at its CSS width; returns the spans' boxes for tooltips.
 * @param {HTMLCanvasElement} canvas
 * @param {TimelineData} data
 * @param {number} rowH
 */
function paint(canvas, data, rowH) {
  const theme = themeColours(canvas);
  const g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  const font = '12px system-ui, sans-serif';
  g.font = font;
  const left = Math.ceil(Math.max(56, ...data.lanes.map((l) => g.measureText(l).width)) + 16), right = 14;
  const top = TOP + (data.marks?.length ? MARK_ROOM : 0);
  const cssW = canvas.clientWidth || canvas.parentElement?.clientWidth || 800;
  const cssH = top + data.lanes.length * rowH + AXIS;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(cssW * dpr);
  canvas.height = Math.round(cssH * dpr);
  canvas.style.height = `${cssH}px`;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.font = font;
  const { start, end } = extent(data);
  const total = end - start || 1;
  const plotW = Math.max(10, cssW - left - right);
  const xOf = (/** @type {number} */ t) => left + ((t - start) / total) * plotW;
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
    const key = s.colour ?? kinds[s.kind ?? '']?.colour ?? PALETTE[Math.max(0, kindNames.indexOf(s.kind ?? '')) % PALETTE.length];
    let c = colours.get(key);
    if (!c) colours.set(key, (c = cssColour(canvas, key)));
    return c;
  };
  g.textBaseline = 'middle';
  for (const s of data.spans) {
    if (s.lane < 0 || s.lane >= data.lanes.length) continue;
    const x = xOf(s.start), w = Math.max(1, xOf(s.end) - x), y = top + s.lane * rowH + 2, h = rowH - 8;
    g.fillStyle = colourOf(s);
    g.fillRect(x, y, w, h);
    const name = s.label ?? (s.kind ? kinds[s.kind]?.label ?? s.kind : '');
    if (s.label && g.measureText(s.label).width + 6 < w) {
      g.fillStyle = '#fff';
      g.fillText(s.label, x + 3, y + h / 2);
    }
    boxes.push({ x, y, w, h, text: `${data.lanes[s.lane]}: ${name ? `${name}, ` : ''}${ms(s.start - start)} to ${ms(s.end - start)}` });
  }
  g.fillStyle = theme.ink;
  data.lanes.forEach((lane, i) => g.fillText(lane, 8, top + i * rowH + rowH / 2 - 2));

  // Time axis with round ticks.
  const bottom = top + data.lanes.length * rowH;
  const step = niceStep(total / Math.max(2, Math.floor(plotW / 90)));
  g.textBaseline = 'top';
  g.fillStyle = theme.muted;
  for (let t = 0; t <= total + 1e-9; t += step) {
    const x = left + (t / total) * plotW;
    g.fillRect(x, bottom - 2, 1, 5);
    const text = `${+t.toFixed(3)} ms`;
    g.fillText(text, Math.max(left - 4, Math.min(x - g.measureText(text).width / 2, cssW - g.measureText(text).width - 2)), bottom + 6);
  }
  for (const m of data.marks ?? []) {
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
  return boxes;
}
