// Deadlock: two workers take two locks in opposite order with a forced
// interleaving; the timeout detects it and the wait-for cycle is drawn; then
// the same timing with one global order completes.
import { el } from '../../lib/dom.js';
import { ms } from '../../lib/format.js';
import { LOCK_KINDS, syncDemo, stats, verdict } from './common.js';

/** @typedef {import('../../types/DeadlockResult').DeadlockResult} DeadlockResult */
/** @typedef {import('../../types/DeadlockWaitEdge').DeadlockWaitEdge} WaitEdge */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {...(Node | string)} children
 */
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

/** @param {number} x @param {number} y @param {string} text @param {Record<string, string | number>} attrs */
const svgText = (x, y, text, attrs) => svg('text', { x, y, ...attrs }, text);

const KINDS = { ...LOCK_KINDS, hold: "holds the lock (in its worker's colour)" };
const LANES = ['Worker 1 · lock A', 'Worker 1 · lock B', 'Worker 2 · lock A', 'Worker 2 · lock B'];
/** Both lanes of a worker in that worker's colour. @param {number} lane */
const byWorker = (lane) => (lane >> 1) * 3;

/**
 * The wait-for graph: workers as circles, locks as squares.
 * @param {WaitEdge[]} cycle
 * @param {string} uid  for the arrow marker's id
 */
function cycleDiagram(cycle, uid) {
  const id = `${uid}-arrow`;
  const W = 420,
    H = 230;
  /** @type {Record<string, [number, number]>} */
  const pos = { W0: [60, 115], W1: [360, 115], A: [210, 30], B: [210, 200] };
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    class: 'chart cycle',
    role: 'img',
    'aria-label': 'Wait-for graph with a cycle',
  });
  root.append(
    svg(
      'defs',
      {},
      svg(
        'marker',
        { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' },
        svg('path', { d: 'M0 0 L10 5 L0 10 z', class: 'arrow-head' }),
      ),
    ),
  );
  /** @param {string} from @param {string} to @param {string} cls @param {string} label */
  const edge = (from, to, cls, label) => {
    const [x1, y1] = pos[from],
      [x2, y2] = pos[to];
    const len = Math.hypot(x2 - x1, y2 - y1),
      ux = (x2 - x1) / len,
      uy = (y2 - y1) / len;
    root.append(
      svg('line', {
        x1: x1 + ux * 40,
        y1: y1 + uy * 40,
        x2: x2 - ux * 40,
        y2: y2 - uy * 40,
        class: cls,
        'marker-end': `url(#${id})`,
      }),
    );
    // The label beside the line's middle, on the outside of the cycle and
    // growing away from it, so no line crosses its text (it did, at the middle).
    const mx = (x1 + x2) / 2,
      my = (y1 + y2) / 2;
    const away = (mx - W / 2) * -uy + (my - H / 2) * ux > 0 ? 1 : -1;
    const nx = -uy * away,
      ny = ux * away;
    root.append(
      svgText(mx + nx * 8, my + ny * 8 + (ny > 0 ? 10 : 0), label, {
        'text-anchor': nx >= 0 ? 'start' : 'end',
        class: 'edge-label',
      }),
    );
  };
  for (const e of cycle) {
    if (e.holds) edge(e.holds, `W${e.worker}`, 'edge-holds', 'held by');
    edge(`W${e.worker}`, e.waits_for, 'edge-waits', 'waits for');
  }
  for (const w of [0, 1]) {
    const [x, y] = pos[`W${w}`];
    root.append(
      svg('circle', { cx: x, cy: y, r: 38, class: `node-worker c${w * 3}` }),
      svgText(x, y + 5, `Worker ${w + 1}`, { 'text-anchor': 'middle', class: 'node-label' }),
    );
  }
  for (const l of ['A', 'B']) {
    const [x, y] = pos[l];
    root.append(
      svg('rect', { x: x - 26, y: y - 20, width: 52, height: 40, rx: 6, class: 'node-lock' }),
      svgText(x, y + 5, `lock ${l}`, { 'text-anchor': 'middle', class: 'node-label' }),
    );
  }
  return el(
    'figure',
    { class: 'chart-box cycle-box' },
    root,
    el('figcaption', { text: 'Wait-for graph at the timeout: a cycle.' }),
  );
}

/** @param {DeadlockResult} r @param {import('./common.js').DrawContext} context */
function render(r, { uid, draw }) {
  const d = r.deadlocked,
    f = r.fixed;
  const det = d.detection;
  const [fixedOk, fixedClass] = verdict(f.outcomes.every((o) => o === 'finished'));
  /** @type {Node[]} */
  const out = [
    stats([
      ['Deadlock detected', det ? `after ${ms(det.waited_ms)}` : 'no', det ? 'no' : ''],
      [
        'Cycle',
        det?.cycle.length
          ? det.cycle
              .map((e) => `W${e.worker + 1}`)
              .concat(`W${det.cycle[0].worker + 1}`)
              .join(' → ')
          : '–',
      ],
      ['Fixed order finished', fixedOk, fixedClass],
    ]),
    el('h3', { text: `1 · Opposite order (worker 1: ${d.orders[0]}, worker 2: ${d.orders[1]})` }),
    draw.timeline({
      lanes: LANES,
      spans: d.spans,
      end: d.elapsed_ms,
      laneColour: byWorker,
      kinds: KINDS,
      marks: det ? [{ t: det.at_ms, label: 'timeout: deadlock detected' }] : [],
      caption:
        'Each worker holds its first lock and waits for the other one until the timeout. Then one backs off and releases its lock.',
    }),
  ];
  if (det?.cycle.length) {
    out.push(
      el(
        'div',
        { class: 'cycle-row' },
        cycleDiagram(det.cycle, uid),
        el(
          'ul',
          { class: 'cycle-text' },
          ...det.cycle.map((e) =>
            el('li', {
              text: `Worker ${e.worker + 1} holds ${e.holds ?? 'nothing'} and waits for ${e.waits_for}, which worker ${e.held_by + 1} holds.`,
            }),
          ),
          el('li', { text: `Back at worker ${det.cycle[0].worker + 1}: a cycle. Nobody on it can ever go on.` }),
        ),
      ),
    );
  }
  out.push(
    el('p', {
      class: 'muted',
      text: `After the timeout: ${d.outcomes.map((o, i) => `worker ${i + 1} ${o === 'finished' ? 'finished (the other let go)' : 'backed off'}`).join(', ')}.`,
    }),
    el('h3', { text: `2 · One global order (both: ${f.orders[0]})` }),
    draw.timeline({
      lanes: LANES,
      spans: f.spans,
      end: f.elapsed_ms,
      laneColour: byWorker,
      kinds: KINDS,
      caption:
        'Same unlucky timing, but worker 2 now waits for A — which it needs first — so it holds nothing worker 1 wants. Both finish.',
    }),
  );
  return out;
}

/** @param {DeadlockResult} r */
function done(r) {
  return r.deadlocked.detection
    ? `Done: deadlock detected after ${ms(r.deadlocked.detection.waited_ms)} (timeout ${ms(r.timeout_ms)}); with one lock order both workers finished.`
    : 'Done: no deadlock this time (the wait ended on its own); try again.';
}

export const mount = syncDemo({ demo: 'deadlock', registryId: 'deadlock', render, done });
