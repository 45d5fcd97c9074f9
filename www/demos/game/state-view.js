// The shared state: globals, every synchronisation object (who holds a
// lock and how often, semaphore values, queue contents, who waits on it),
// the printed output, and a live wait-for graph — an arrow from a thread
// to the thread it waits for; a cycle of arrows is a deadlock.
import { el } from '../../lib/dom.js';

/** @typedef {import('../../types/GameState').GameState} GameState */

const SVG = 'http://www.w3.org/2000/svg';
/** The wait-for graph's size, and the vertical radius of its ring of threads. */
const W = 260;
const H = 180;
const R = 62;

/**
 * @param {string} tag
 * @param {Record<string, string | number>} attrs
 * @returns {SVGElement}
 */
function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** @param {HTMLElement} container */
export function mountStateView(container) {
  const globals = el('table', { class: 'globals', id: 'game-globals' });
  const objects = el('ul', { class: 'objects', id: 'game-objects' });
  const graph = el('figure', { class: 'wait-graph', id: 'game-graph' });
  const output = el('pre', {
    class: 'output',
    id: 'game-output',
    role: 'log',
    tabindex: '0',
    'aria-label': 'Printed output',
  });
  container.append(
    el(
      'div',
      { class: 'state-cols' },
      el('div', {}, el('h3', { text: 'Globals' }), globals, el('h3', { text: 'Locks, queues & co.' }), objects),
      el('div', {}, el('h3', { text: 'Wait-for graph' }), graph, el('h3', { text: 'Output' }), output),
    ),
  );

  /** @param {GameState} state */
  function render(state) {
    const v = state.view;
    globals.replaceChildren(
      ...v.globals.map((g) => el('tr', {}, el('td', { class: 'name', text: g.name }), el('td', { text: g.value }))),
    );
    if (!v.globals.length) globals.append(el('tr', {}, el('td', { class: 'muted', text: 'none yet' })));
    const name = (/** @type {number} */ t) => v.threads.find((x) => x.id === t)?.name ?? `thread ${t}`;
    objects.replaceChildren(
      ...v.objects.map((o) => {
        const bits = [];
        if (o.waiters.length) bits.push(`waiting: ${o.waiters.map(name).join(', ')}`);
        if (o.items.length) bits.push(`items: [${o.items.join(', ')}]`);
        return el(
          'li',
          { class: o.holder != null ? 'held' : '' },
          el('code', { text: o.names.join(' = ') || `#${o.id}` }),
          ` ${o.kind}: ${o.summary}`,
          bits.length ? el('span', { class: 'muted', text: ` · ${bits.join(' · ')}` }) : null,
        );
      }),
    );
    if (!v.objects.length) objects.append(el('li', { class: 'muted', text: 'none yet' }));
    output.textContent = v.output.map((o) => `${name(o.thread)}: ${o.text}`).join('\n');
    drawGraph(graph, state, name);
  }

  return { render };
}

/**
 * Threads on a circle; an edge per wait. Edges on a cycle are red.
 * @param {HTMLElement} graph  the figure it goes in
 * @param {GameState} state
 * @param {(t: number) => string} name
 */
function drawGraph(graph, state, name) {
  const v = state.view;
  const pos = circlePositions(v.threads.map((t) => t.id));
  const cycle = new Set(v.outcome.kind === 'Deadlock' ? v.outcome.cycle : []);
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': v.wait_for.length
      ? v.wait_for.map((e) => `${name(e.from)} waits for ${name(e.to)} (${e.via})`).join('; ')
      : 'Nobody waits for anybody',
  });
  root.append(arrowDefs());
  for (const e of v.wait_for) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const bad = cycle.has(e.from) && cycle.has(e.to);
    root.append(edge(a, b, bad, `${name(e.from)} waits for ${name(e.to)}: ${e.via}`));
  }
  for (const t of v.threads) {
    const p = /** @type {number[]} */ (pos.get(t.id));
    const g = svg('g', { class: `node s-${t.status}${cycle.has(t.id) ? ' bad' : ''}` });
    g.append(svg('circle', { cx: p[0], cy: p[1], r: 18 }));
    const label = svg('text', { x: p[0], y: p[1] + 4, 'text-anchor': 'middle' });
    label.textContent = String(t.id + 1);
    g.append(label, titled(`${t.name}: ${t.status}`));
    root.append(g);
  }
  graph.replaceChildren(root, graphCaption(v.wait_for, name));
}

/**
 * Where each thread's circle goes: evenly round an ellipse, the first on
 * top; a lone thread in the middle.
 * @param {number[]} ids
 * @returns {Map<number, number[]>}
 */
function circlePositions(ids) {
  const n = ids.length;
  const r0 = n === 1 ? 0 : R;
  return new Map(
    ids.map((id, i) => [
      id,
      [
        W / 2 + r0 * 1.5 * Math.cos((2 * Math.PI * i) / n - Math.PI / 2),
        H / 2 + r0 * Math.sin((2 * Math.PI * i) / n - Math.PI / 2),
      ],
    ]),
  );
}

/** The arrowhead the edges end in. */
function arrowDefs() {
  const defs = svg('defs', {});
  const marker = svg('marker', {
    id: 'arrow',
    viewBox: '0 0 10 10',
    refX: 10,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: 'currentColor' }));
  defs.append(marker);
  return defs;
}

/** An SVG tooltip. @param {string} text */
function titled(text) {
  const title = svg('title', {});
  title.textContent = text;
  return title;
}

/**
 * An arrow from circle a to circle b, stopping at their rims.
 * @param {number[]} a
 * @param {number[]} b
 * @param {boolean} bad  on a deadlock cycle
 * @param {string} text  its tooltip
 */
function edge(a, b, bad, text) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy) || 1;
  const r = 20;
  const line = svg('line', {
    x1: a[0] + (dx / len) * r,
    y1: a[1] + (dy / len) * r,
    x2: b[0] - (dx / len) * r,
    y2: b[1] - (dy / len) * r,
    class: bad ? 'edge bad' : 'edge',
    'marker-end': 'url(#arrow)',
  });
  line.append(titled(text));
  return line;
}

/**
 * The waits in words, under the graph.
 * @param {GameState['view']['wait_for']} waits
 * @param {(t: number) => string} name
 */
function graphCaption(waits, name) {
  // Each name with the number its circle (and its card's key) shows:
  // "Thread-1" is circle 2 when MainThread is circle 1.
  const named = (/** @type {number} */ t) => [el('span', { class: 'key', text: String(t + 1) }), ` ${name(t)}`];
  const caption = el('figcaption', { class: 'muted small' });
  if (waits.length) {
    waits.forEach((e, i) =>
      caption.append(...(i ? [' · '] : []), ...named(e.from), ' → ', ...named(e.to), ` (${e.via})`),
    );
  } else {
    caption.textContent = 'No thread waits for another.';
  }
  return caption;
}
