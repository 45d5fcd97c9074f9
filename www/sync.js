// The race and synchronisation lab: one tab per demo, each a real run on the
// lab's own worker pool (sync-worker.js), drawn here as SVG.
//
// The main thread only reads forms and draws. Runs happen in the lab's
// coordinator worker; cancel and progress go through the control block in
// shared memory (three i32s: cancel, done, total), because that worker is
// busy for the whole run and cannot read messages.
//
// Timelines are hand-drawn SVG rather than a chart library: they are plain
// Gantt bars (lanes × time) plus a step line, a few dozen lines of code, and
// the page stays free of dependencies beyond Comlink.
import * as Comlink from './vendor/comlink.mjs';
import { el } from './dom.js';

const CANCEL = 0, DONE = 1, TOTAL = 2;
/** A cooperative cancel that takes longer than this means a stuck worker: replace it. */
const CANCEL_GRACE_MS = 2000;
/**
 * Pool size. Waiting threads use no CPU, so like Python programs that start
 * ten threads on a two-core laptop, the lab starts at least four: enough for
 * "4 workers share 2 permits" even where the browser reports 2 cores.
 */
const POOL_THREADS = Math.min(8, Math.max(4, navigator.hardwareConcurrency || 1));

// ---------- the lab's worker ----------

class SyncLab {
  #worker = null;
  #remote = null;
  #info = null;
  #ready = null;
  #current = null;

  constructor(onRestart) {
    this.onRestart = onRestart;
    this.#ready = this.#boot();
  }

  async #boot() {
    this.#worker = new Worker(new URL('./sync-worker.js', import.meta.url), { type: 'module', name: 'threadlab-sync' });
    this.#remote = Comlink.wrap(this.#worker);
    const failed = new Promise((_, reject) => {
      this.#worker.addEventListener('error', (e) => reject(new Error(`the lab's worker failed to load: ${e.message || 'see the console'}`)), { once: true });
    });
    this.#info = await Promise.race([this.#remote.start({ threads: POOL_THREADS }), failed]);
  }

  ready() { return this.#ready; }
  get info() { return this.#info; }

  /** Runs a demo; resolves to a SyncReply, never rejects. */
  async run(request) {
    if (this.#current) return { status: 'failed', message: 'Another demo is still running: wait for it or cancel it.' };
    let stop;
    const stopped = new Promise((resolve) => { stop = resolve; });
    const run = { stop, repeat: null, timer: null };
    this.#current = run;
    try {
      await this.#ready;
      return await Promise.race([this.#remote.run(request), stopped]);
    } catch (e) {
      this.#restart();
      return { status: 'failed', message: `The run crashed (${e.message}); a fresh worker pool was started.` };
    } finally {
      clearInterval(run.repeat);
      clearTimeout(run.timer);
      if (this.#current === run) this.#current = null;
    }
  }

  cancel() {
    const run = this.#current;
    if (!run || run.repeat) return;
    const raise = () => { const w = this.#words(); if (w) Atomics.store(w, CANCEL, 1); };
    // Raise it again until the reply comes: a run that is just starting
    // clears the flag when it begins.
    raise();
    run.repeat = setInterval(raise, 10);
    run.timer = setTimeout(() => { run.stop({ status: 'cancelled' }); this.#restart(); }, CANCEL_GRACE_MS);
  }

  /** [done, total] of the current run (the race counts runs). */
  progress() {
    const w = this.#words();
    return w ? [Atomics.load(w, DONE), Atomics.load(w, TOTAL)] : [0, 0];
  }

  async stepperNew(locked, rounds) { await this.#ready; return this.#remote.stepperNew(locked, rounds); }
  async stepperStep(state, thread) { await this.#ready; return this.#remote.stepperStep(state, thread); }

  #restart() {
    this.#worker?.terminate();
    this.#ready = this.#boot();
    this.onRestart?.(this.#ready);
  }

  #words() {
    const memory = this.#info?.memory;
    return memory ? new Int32Array(memory.buffer, this.#info.controlAddress, 3) : null;
  }
}

// ---------- small helpers ----------

const $ = (id) => document.getElementById(id);
const SVG_NS = 'http://www.w3.org/2000/svg';
const grouped = (n) => Number(n).toLocaleString('en-US');
const ms = (t) => (t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${t.toFixed(t < 10 ? 1 : 0)} ms`);
const ns = (t) => `${t < 10 ? t.toFixed(2) : t.toFixed(1)} ns`;


function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function svgText(x, y, text, attrs = {}) {
  const t = svg('text', { x, y, ...attrs });
  t.textContent = text;
  return t;
}

function niceStep(range, target = 8) {
  const raw = range / target;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 5, 10].map((m) => m * mag).find((s) => range / s <= target) ?? 10 * mag;
}

// ---------- charts ----------

/**
 * Lanes × time bars. spans: [{lane, kind, label, start, end}]; marks: [{t, label}].
 * Returns a <figure> with the SVG and a caption.
 */
function timeline({ lanes, spans, end, marks = [], caption, laneColour = (lane) => lane }) {
  const W = 960, left = 170, right = 18, rowH = 22, gap = 7, top = marks.length ? 22 : 6, axisH = 24;
  const H = top + lanes.length * (rowH + gap) + axisH;
  const span = Math.max(end, 1e-3);
  const x = (t) => left + (Math.max(0, Math.min(t, span)) / span) * (W - left - right);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart timeline', role: 'img', 'aria-label': caption });
  lanes.forEach((name, i) => {
    const y = top + i * (rowH + gap);
    root.append(svg('rect', { x: left, y, width: W - left - right, height: rowH, class: 'lane-bg', rx: 4 }));
    root.append(svgText(left - 10, y + rowH / 2 + 4, name, { 'text-anchor': 'end', class: 'lane-label' }));
  });
  for (const s of spans) {
    const y = top + s.lane * (rowH + gap);
    const x0 = x(s.start), x1 = x(s.end);
    const rect = svg('rect', {
      x: x0, y: y + 2, width: Math.max(1.5, x1 - x0), height: rowH - 4, rx: 3,
      class: `span span-${s.kind} c${laneColour(s.lane) % 6}`,
    });
    rect.append(svg('title', {}, `${s.label}: ${ms(s.start)} → ${ms(s.end)}`));
    root.append(rect);
  }
  const bottom = top + lanes.length * (rowH + gap);
  const step = niceStep(span);
  for (let t = 0; t <= span + 1e-9; t += step) {
    root.append(svg('line', { x1: x(t), x2: x(t), y1: bottom - 2, y2: bottom + 3, class: 'tick' }));
    root.append(svgText(x(t), bottom + 16, `${+t.toFixed(3)} ms`, { 'text-anchor': 'middle', class: 'axis-label' }));
  }
  for (const m of marks) {
    root.append(svg('line', { x1: x(m.t), x2: x(m.t), y1: top - 4, y2: bottom, class: 'mark' }));
    root.append(svgText(x(m.t), top - 8, m.label, { 'text-anchor': x(m.t) > W - 160 ? 'end' : 'middle', class: 'mark-label' }));
  }
  return el('figure', { class: 'chart-box' }, root, el('figcaption', { text: caption }));
}

/** A step line of an integer over time, with an optional limit line (k permits, capacity). */
function stepChart({ points, end, limit, limitLabel, caption, yLabel }) {
  const W = 960, left = 170, right = 18, top = 12, H = 150, axisH = 24;
  const maxY = Math.max(limit ?? 0, ...points.map((p) => p[1]), 1);
  const span = Math.max(end, 1e-3);
  const x = (t) => left + (Math.max(0, Math.min(t, span)) / span) * (W - left - right);
  const y = (v) => top + (1 - v / maxY) * (H - top - axisH);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart step-chart', role: 'img', 'aria-label': caption });
  let d = `M ${x(0)} ${y(points[0]?.[1] ?? 0)}`;
  for (const [t, v] of points) d += ` H ${x(t)} V ${y(v)}`;
  d += ` H ${x(span)}`;
  root.append(svg('path', { d: `${d} V ${y(0)} H ${x(0)} Z`, class: 'step-area' }));
  root.append(svg('path', { d, class: 'step-line' }));
  for (let v = 0; v <= maxY; v += Math.max(1, Math.ceil(maxY / 5))) {
    root.append(svgText(left - 10, y(v) + 4, String(v), { 'text-anchor': 'end', class: 'axis-label' }));
  }
  root.append(svgText(left - 10, top + 2, '', {}));
  root.append(svgText(14, (top + H - axisH) / 2, yLabel, { class: 'lane-label' }));
  if (limit !== undefined) {
    root.append(svg('line', { x1: left, x2: W - right, y1: y(limit), y2: y(limit), class: 'limit' }));
    root.append(svgText(W - right - 4, y(limit) - 5, limitLabel, { 'text-anchor': 'end', class: 'limit-label' }));
  }
  const step = niceStep(span);
  for (let t = 0; t <= span + 1e-9; t += step) {
    root.append(svgText(x(t), H - 6, `${+t.toFixed(3)} ms`, { 'text-anchor': 'middle', class: 'axis-label' }));
  }
  return el('figure', { class: 'chart-box' }, root, el('figcaption', { text: caption }));
}

/** Vertical bars: a histogram of `values` in up to `bins` equal ranges. */
function histogram(values, { caption, bins = 10, unit = '' }) {
  const lo = Math.min(...values), hi = Math.max(...values);
  const n = lo === hi ? 1 : Math.min(bins, values.length);
  const width = (hi - lo) / n || 1;
  const counts = new Array(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.floor((v - lo) / width))]++;
  const W = 960, H = 190, left = 40, bottom = 40, top = 14;
  const barW = (W - left - 10) / n;
  const most = Math.max(...counts);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart histogram', role: 'img', 'aria-label': caption });
  counts.forEach((c, i) => {
    const h = (c / most) * (H - top - bottom);
    const x0 = left + i * barW;
    const from = lo + i * width, to = lo === hi ? hi : from + width;
    const bar = svg('rect', { x: x0 + 3, y: H - bottom - h, width: barW - 6, height: Math.max(h, c ? 1 : 0), rx: 3, class: 'bar' });
    bar.append(svg('title', {}, `${c} run${c === 1 ? '' : 's'} lost ${grouped(Math.round(from))}${lo === hi ? '' : `–${grouped(Math.round(to))}`}${unit}`));
    root.append(bar);
    if (c) root.append(svgText(x0 + barW / 2, H - bottom - h - 4, String(c), { 'text-anchor': 'middle', class: 'axis-label' }));
    const label = lo === hi ? grouped(lo) : `${grouped(Math.round(from))}–`;
    root.append(svgText(x0 + barW / 2, H - bottom + 16, label, { 'text-anchor': 'middle', class: 'axis-label' }));
  });
  root.append(svgText(W / 2, H - 6, 'lost updates in one run', { 'text-anchor': 'middle', class: 'lane-label' }));
  return el('figure', { class: 'chart-box' }, root, el('figcaption', { text: caption }));
}

/** Horizontal bars with a value label each. */
function barChart(rows, { caption }) {
  const W = 960, rowH = 30, left = 300, right = 110;
  const H = rows.length * rowH + 6;
  const most = Math.max(...rows.map((r) => r.value), 1e-9);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart bars', role: 'img', 'aria-label': caption });
  rows.forEach((r, i) => {
    const y = 3 + i * rowH;
    root.append(svgText(left - 10, y + rowH / 2 + 4, r.label, { 'text-anchor': 'end', class: 'lane-label' }));
    const w = Math.max(2, (r.value / most) * (W - left - right));
    root.append(svg('rect', { x: left, y: y + 4, width: w, height: rowH - 8, rx: 4, class: `bar c${i}` }));
    root.append(svgText(left + w + 8, y + rowH / 2 + 4, r.text, { class: 'value-label' }));
  });
  return el('figure', { class: 'chart-box' }, root, el('figcaption', { text: caption }));
}

function stats(items) {
  return el('dl', { class: 'stats sync-stats' }, ...items.map(([label, value, cls]) =>
    el('div', {}, el('dt', { text: label }), el('dd', { text: value, class: cls }))));
}

const check = (ok) => (ok ? 'yes' : 'no');

// ---------- each demo's result ----------

const RENDER = {
  race(r) {
    const [unsync, ...safe] = r.methods;
    const lost = unsync.samples.map((s) => s.lost);
    const distinct = new Set(lost).size;
    const minLost = Math.min(...lost), maxLost = Math.max(...lost);
    const exact = safe.every((m) => m.samples.every((s) => s.actual === r.expected));
    const table = el('table', { class: 'race-table' },
      el('thead', {}, el('tr', {}, ...['Way to count', 'Expected', 'Counted (last run)', 'Lost updates (all runs)', 'ns per increment (median)'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...r.methods.map((m) => {
        const last = m.samples[m.samples.length - 1];
        const l = m.samples.map((s) => s.lost);
        const lo = Math.min(...l), hi = Math.max(...l);
        return el('tr', { 'data-method': m.method },
          el('th', { scope: 'row', text: m.title }),
          el('td', { text: grouped(r.expected) }),
          el('td', { text: grouped(last.actual) }),
          el('td', { class: hi > 0 ? 'bad' : 'good', text: hi === 0 ? '0' : lo === hi ? grouped(lo) : `${grouped(lo)} – ${grouped(hi)}` }),
          el('td', { text: ns(m.median_ns_per_increment) }));
      })));
    return [
      stats([
        ['Expected (k × m)', grouped(r.expected)],
        ['Lost, unsynchronised', lo(minLost, maxLost), maxLost > 0 ? 'no' : ''],
        ['Different results', `${distinct} of ${lost.length} runs`],
        ['Locked / atomic / local exact', exact ? 'Yes ✓' : 'No ✗', exact ? 'yes' : 'no'],
      ]),
      el('div', { class: 'table-wrap' }, table),
      histogram(lost, { caption: `Lost updates of the unsynchronised counter in each of ${lost.length} runs (${r.workers} workers × ${grouped(r.increments)} increments). Same code, same input — a different answer almost every time.` }),
      barChart(r.methods.map((m) => ({ label: m.title, value: m.median_ns_per_increment, text: ns(m.median_ns_per_increment) })), {
        caption: `Wall-clock time per increment (elapsed time ÷ all ${r.workers} workers' increments, median of ${r.repeats} runs). Every way that shares one counter pays for it: the threads fight over one cache line. Counting locally and combining once shares nothing.`,
      }),
    ];
    function lo(a, b) { return a === b ? grouped(a) : `${grouped(a)} – ${grouped(b)}`; }
  },

  deadlock(r) {
    const lanes = ['Worker 1 · lock A', 'Worker 1 · lock B', 'Worker 2 · lock A', 'Worker 2 · lock B'];
    const d = r.deadlocked, f = r.fixed;
    const det = d.detection;
    const out = [
      stats([
        ['Deadlock detected', det ? `after ${ms(det.waited_ms)}` : 'no', det ? 'no' : ''],
        ['Cycle', det?.cycle.length ? det.cycle.map((e) => `W${e.worker + 1}`).concat(`W${det.cycle[0].worker + 1}`).join(' → ') : '–'],
        ['Fixed order finished', f.outcomes.every((o) => o === 'finished') ? 'Yes ✓' : 'No ✗', f.outcomes.every((o) => o === 'finished') ? 'yes' : 'no'],
      ]),
      el('h3', { text: `1 · Opposite order (worker 1: ${d.orders[0]}, worker 2: ${d.orders[1]})` }),
      timeline({ lanes, spans: d.spans, end: d.elapsed_ms, laneColour: (l) => (l >> 1) * 3, marks: det ? [{ t: det.at_ms, label: `timeout: deadlock detected` }] : [], caption: 'Each worker holds its first lock (solid) and waits for the other one (red) until the timeout. Then one backs off and releases its lock.' }),
    ];
    if (det?.cycle.length) {
      out.push(el('div', { class: 'cycle-row' }, cycleDiagram(det.cycle), el('ul', { class: 'cycle-text' },
        ...det.cycle.map((e) => el('li', { text: `Worker ${e.worker + 1} holds ${e.holds ?? 'nothing'} and waits for ${e.waits_for}, which worker ${e.held_by + 1} holds.` })),
        el('li', { text: `Back at worker ${det.cycle[0].worker + 1}: a cycle. Nobody on it can ever go on.` }))));
    }
    out.push(
      el('p', { class: 'muted', text: `After the timeout: ${d.outcomes.map((o, i) => `worker ${i + 1} ${o === 'finished' ? 'finished (the other let go)' : 'backed off'}`).join(', ')}.` }),
      el('h3', { text: `2 · One global order (both: ${f.orders[0]})` }),
      timeline({ lanes, spans: f.spans, end: f.elapsed_ms, laneColour: (l) => (l >> 1) * 3, caption: 'Same unlucky timing, but worker 2 now waits for A — which it needs first — so it holds nothing worker 1 wants. Both finish.' }),
    );
    return out;
  },

  rlock(r) {
    const lanes = ['Worker 1 · transfer()', 'Worker 1 · deposit()', 'Worker 2'];
    const p = r.plain, q = r.reentrant;
    return [
      stats([
        ['Plain lock re-entered', p.self_deadlock_detected ? `deadlock (waited ${ms(p.waited_ms)})` : 'no deadlock?', p.self_deadlock_detected ? 'no' : ''],
        ['RLock re-entered', q.completed ? `fine, depth ${q.max_depth}` : 'failed', q.completed ? 'yes' : 'no'],
        ['Worker 2 kept out', q.other_excluded ? `yes, waited ${ms(q.other_waited_ms)}` : 'NO', q.other_excluded ? 'yes' : 'no'],
      ]),
      el('h3', { text: '1 · A plain Lock, taken twice by the same thread' }),
      timeline({ lanes: lanes.slice(0, 2), spans: p.spans, end: Math.max(...p.spans.map((s) => s.end)), caption: 'deposit() waits for the lock that its own thread holds in transfer(): it could wait forever; threadlab gave up after the timeout.' }),
      el('h3', { text: '2 · An RLock: same code, and worker 2 wants the account too' }),
      timeline({ lanes, spans: q.spans, end: Math.max(...q.spans.map((s) => s.end)), caption: 'Worker 1 takes the RLock again (depth 2) without waiting; worker 2 waits until worker 1 has released it as often as it took it.' }),
    ];
  },

  semaphore(r) {
    const lanes = Array.from({ length: r.workers }, (_, i) => `Worker ${i + 1}`);
    const edges = [];
    for (const s of r.spans) if (s.kind === 'hold') edges.push([s.start, 1], [s.end, -1]);
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    const points = [[0, 0], ...edges.map(([t, d]) => [t, (now += d)])];
    const drawnMax = Math.max(...points.map((p) => p[1]));
    return [
      stats([
        ['Permits (k)', String(r.permits)],
        ['Most inside at once', String(r.max_inside), r.max_inside <= r.permits ? 'yes' : 'no'],
        ['Entries', `${r.entries}`],
      ]),
      timeline({ lanes, spans: r.spans, end: r.elapsed_ms, caption: `${r.workers} workers, ${r.permits} permit${r.permits === 1 ? '' : 's'}: grey = waiting for a permit, colour = inside the guarded section, pale = working outside it.` }),
      stepChart({ points, end: r.elapsed_ms, limit: r.permits, limitLabel: `k = ${r.permits} permits`, yLabel: 'inside', caption: `Workers inside over time: at most ${drawnMax}, never above k = ${r.permits}.` }),
    ];
  },

  event(r) {
    const lanes = Array.from({ length: r.workers }, (_, i) => (i === 0 ? 'Worker 1 (prepares)' : `Worker ${i + 1}`));
    const woke = r.woke_at.filter((w) => w !== null && w !== undefined);
    const early = woke.filter((w) => w < r.set_at).length;
    return [
      stats([
        ['Event set at', ms(r.set_at)],
        ['Waiters woken', `${woke.length} of ${r.workers - 1}`],
        ['Started before set()', String(early), early ? 'no' : 'yes'],
      ]),
      timeline({ lanes, spans: r.spans, end: r.elapsed_ms, marks: [{ t: r.set_at, label: 'ready.set()' }], caption: 'The waiters sleep in ready.wait() (grey) until worker 1 calls set(); then they all start together.' }),
    ];
  },

  barrier(r) {
    const lanes = Array.from({ length: r.workers }, (_, i) => `Worker ${i + 1}`);
    return [
      stats([
        ['Phases', String(r.phases)],
        ['Phases kept apart', r.phases_kept_apart ? 'Yes ✓' : 'No ✗', r.phases_kept_apart ? 'yes' : 'no'],
        ['Total time', ms(r.elapsed_ms)],
      ]),
      timeline({ lanes, spans: r.spans, end: r.elapsed_ms, marks: r.opened_at.map((t, i) => ({ t, label: `opens ${i + 1}` })), caption: 'Colour = working on a phase, grey = waiting at the barrier for the slowest worker. Each line marks the last arrival, which lets everyone into the next phase.' }),
    ];
  },

  queue(r) {
    const lanes = [
      ...Array.from({ length: r.producers }, (_, i) => `Producer ${i + 1}`),
      ...Array.from({ length: r.consumers }, (_, i) => `Consumer ${i + 1}`),
    ];
    const ok = r.missing.length === 0 && r.duplicated.length === 0;
    return [
      stats([
        ['Every item exactly once', ok ? 'Yes ✓' : `No: ${r.missing.length} missing, ${r.duplicated.length} twice`, ok ? 'yes' : 'no'],
        ['Received', `${r.received_per_consumer.reduce((a, b) => a + b, 0)} of ${r.items} (${r.received_per_consumer.join(' + ')})`],
        ['Deepest', `${r.max_depth} of ${r.capacity}`],
      ]),
      stepChart({ points: r.depth, end: r.elapsed_ms, limit: r.capacity, limitLabel: `capacity ${r.capacity}`, yLabel: 'depth', caption: 'Items waiting in the queue over time. Consumers are slower than producers, so it fills up to its capacity, and producers wait.' }),
      timeline({ lanes, spans: r.spans, end: r.elapsed_ms, laneColour: (l) => (l < r.producers ? 0 : 3), caption: 'Producers: pale = making an item, grey = put() (waiting while the queue is full). Consumers: grey = get() (waiting while empty), colour = using an item. The last producer adds one sentinel per consumer.' }),
    ];
  },
};

let markerCount = 0;
/** The wait-for cycle: workers as circles, locks as squares. */
function cycleDiagram(cycle) {
  const id = `arrow-${++markerCount}`;
  const W = 420, H = 230;
  const pos = { W0: [60, 115], W1: [360, 115], A: [210, 30], B: [210, 200] };
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart cycle', role: 'img', 'aria-label': 'Wait-for graph with a cycle' });
  root.append(svg('defs', {}, svg('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' }, svg('path', { d: 'M0 0 L10 5 L0 10 z', class: 'arrow-head' }))));
  const edge = (from, to, cls, label) => {
    const [x1, y1] = pos[from], [x2, y2] = pos[to];
    const len = Math.hypot(x2 - x1, y2 - y1), ux = (x2 - x1) / len, uy = (y2 - y1) / len;
    root.append(svg('line', { x1: x1 + ux * 40, y1: y1 + uy * 40, x2: x2 - ux * 40, y2: y2 - uy * 40, class: cls, 'marker-end': `url(#${id})` }));
    root.append(svgText((x1 + x2) / 2 + (uy > 0 ? 14 : -14) * (ux > 0 ? 1 : -1), (y1 + y2) / 2, label, { 'text-anchor': 'middle', class: 'edge-label' }));
  };
  for (const e of cycle) {
    if (e.holds) edge(e.holds, `W${e.worker}`, 'edge-holds', 'held by');
    edge(`W${e.worker}`, e.waits_for, 'edge-waits', 'waits for');
  }
  for (const w of [0, 1]) {
    const [x, y] = pos[`W${w}`];
    root.append(svg('circle', { cx: x, cy: y, r: 38, class: `node-worker c${w * 3}` }), svgText(x, y + 5, `Worker ${w + 1}`, { 'text-anchor': 'middle', class: 'node-label' }));
  }
  for (const l of ['A', 'B']) {
    const [x, y] = pos[l];
    root.append(svg('rect', { x: x - 26, y: y - 20, width: 52, height: 40, rx: 6, class: 'node-lock' }), svgText(x, y + 5, `lock ${l}`, { 'text-anchor': 'middle', class: 'node-label' }));
  }
  return el('figure', { class: 'chart-box cycle-box' }, root, el('figcaption', { text: 'Wait-for graph at the timeout: a cycle.' }));
}

// ---------- the page ----------

let lab = null;
let demos = [];
let running = null; // the demo id while a run is going
const panels = {};

function setPill(kind, text) {
  const pill = $('pool-status');
  pill.className = `pill pill-${kind}`;
  pill.textContent = text;
}

async function boot() {
  lab = new SyncLab((ready) => {
    setPill('wait', 'Restarting worker threads…');
    ready.then(() => setPill('on', poolText()), (e) => setPill('bad', `Workers failed to restart: ${e.message}`));
  });
  try {
    await lab.ready();
  } catch (e) {
    setPill('bad', 'Could not start the workers');
    $('pool-note').textContent = `The WebAssembly module failed to load: ${e.message}`;
    return;
  }
  const { isolated, threads } = lab.info;
  demos = lab.info.demos;
  if (isolated) {
    setPill('on', poolText());
    $('pool-note').textContent = `The pool has ${threads} threads (this browser reports ${navigator.hardwareConcurrency} logical cores). Threads that wait use no CPU, so the lab starts at least 4 — as a Python program would start as many threads as it needs.`;
  } else {
    setPill('off', 'Threads off · not cross-origin isolated');
    $('isolation-banner').hidden = false;
  }
  const tabs = $('demo-tabs');
  for (const demo of demos) {
    const tab = el('button', { type: 'button', role: 'tab', id: `tab-${demo.id}`, 'aria-controls': `panel-${demo.id}`, 'aria-selected': 'false', tabindex: '-1', text: demo.title });
    tab.addEventListener('click', () => select(demo.id, true));
    tabs.append(tab);
    const panel = demo.id === 'stepper' ? buildStepper(demo) : buildPanel(demo, isolated);
    $('demo-panels').append(panel);
    panels[demo.id] = panel;
  }
  tabs.addEventListener('keydown', onTabKey);
  const wanted = demos.find((d) => `#${d.id}` === location.hash) ?? demos[0];
  select(wanted.id, false);
  document.body.dataset.ready = 'true';
}

function poolText() {
  return `${lab.info.threads} worker threads · cross-origin isolated`;
}

function select(id, focus) {
  for (const demo of demos) {
    const on = demo.id === id;
    const tab = $(`tab-${demo.id}`);
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    panels[demo.id].hidden = !on;
    if (on && focus) tab.focus();
  }
  history.replaceState(null, '', `#${id}`);
}

function onTabKey(e) {
  const ids = demos.map((d) => d.id);
  const current = ids.findIndex((id) => $(`tab-${id}`) === document.activeElement);
  if (current < 0) return;
  const next = { ArrowDown: current + 1, ArrowRight: current + 1, ArrowUp: current - 1, ArrowLeft: current - 1, Home: 0, End: ids.length - 1 }[e.key];
  if (next === undefined) return;
  e.preventDefault();
  select(ids[(next + ids.length) % ids.length], true);
}

function codeBlocks(demo) {
  return el('div', { class: 'lesson-block' },
    el('h3', { text: 'The lesson' }),
    el('p', { class: 'lesson-text', text: demo.lesson }),
    el('div', { class: 'code-pair' },
      el('div', {}, el('h3', { text: 'The Rust that ran' }), el('pre', { class: 'code' }, el('code', { class: 'rust', text: demo.rust }))),
      el('div', {}, el('h3', { text: 'The same idea in Python' }), el('pre', { class: 'code' }, el('code', { class: 'python', text: demo.python })))));
}

function buildPanel(demo, isolated) {
  const form = el('form', { class: 'demo-form', novalidate: true, 'aria-label': `${demo.title} settings` });
  const fields = el('div', { class: 'fields' });
  for (const f of demo.fields) {
    const id = `${demo.id}-${f.id}`;
    fields.append(el('div', { class: 'field' },
      el('label', { for: id, text: f.label }),
      el('input', { id, name: f.id, type: 'text', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', value: String(f.default), 'aria-describedby': `${id}-hint ${id}-error`, disabled: !isolated }),
      el('p', { class: 'hint', id: `${id}-hint`, text: `${grouped(f.min)} to ${grouped(f.max)}` }),
      el('p', { class: 'error', id: `${id}-error`, hidden: true })));
  }
  const run = el('button', { type: 'submit', class: 'primary run', disabled: !isolated, text: 'Run' });
  const cancel = el('button', { type: 'button', class: 'cancel', disabled: true }, 'Cancel ', el('kbd', { text: 'Esc' }));
  form.append(fields, el('p', { class: 'error form-error', hidden: true }), el('div', { class: 'actions' }, run, cancel));
  const progress = el('div', { class: 'track', role: 'progressbar', 'aria-label': 'Runs done', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', hidden: true }, el('div', { class: 'fill' }));
  const status = el('p', { class: 'run-status', role: 'status', 'aria-live': 'polite', text: isolated ? 'Press Run to run it on real threads.' : 'Threads are off: see the note above.' });
  const panel = el('section', { class: 'card demo-panel', id: `panel-${demo.id}`, role: 'tabpanel', 'aria-labelledby': `tab-${demo.id}`, hidden: true },
    el('h2', { text: demo.title }), form, progress, status, el('div', { class: 'visual', 'aria-live': 'off' }), codeBlocks(demo));
  form.addEventListener('submit', (e) => { e.preventDefault(); runDemo(demo); });
  cancel.addEventListener('click', cancelRun);
  return panel;
}

function setStatus(panel, text, bad = false) {
  const s = panel.querySelector('.run-status');
  s.textContent = text;
  s.classList.toggle('bad', bad);
}

function clearErrors(panel) {
  for (const input of panel.querySelectorAll('.fields input')) {
    input.removeAttribute('aria-invalid');
    $(`${input.id}-error`).hidden = true;
  }
  panel.querySelector('.form-error').hidden = true;
}

function showErrors(panel, demo, errors) {
  let first = null;
  const byField = {};
  for (const { field, message } of errors) (byField[field] ??= []).push(message);
  for (const [field, messages] of Object.entries(byField)) {
    const input = $(`${demo.id}-${field}`);
    const box = input ? $(`${input.id}-error`) : panel.querySelector('.form-error');
    box.textContent = messages.join(' ');
    box.hidden = false;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
  }
  (first ?? panel.querySelector('.run')).focus();
  setStatus(panel, 'Fix the highlighted field to run.', true);
}

function setRunning(panel, on) {
  panel.querySelector('.run').disabled = on;
  panel.querySelector('.cancel').disabled = !on;
  for (const input of panel.querySelectorAll('.fields input')) input.readOnly = on;
  panel.querySelector('form').setAttribute('aria-busy', String(on));
  for (const tab of document.querySelectorAll('[role=tab]')) tab.classList.toggle('busy', on && tab.id === `tab-${running}`);
}

async function runDemo(demo) {
  if (running) return;
  const panel = panels[demo.id];
  clearErrors(panel);
  const params = Object.fromEntries([...panel.querySelectorAll('.fields input')].map((i) => [i.name, i.value]));
  running = demo.id;
  setRunning(panel, true);
  panel.querySelector('.cancel').focus();
  setStatus(panel, `Running ${demo.title.toLowerCase()} on real threads…`);
  const track = panel.querySelector('.track');
  track.hidden = demo.id !== 'race';
  track.querySelector('.fill').style.width = '0%';
  let watching = true;
  const watch = () => {
    if (!watching) return;
    const [done, total] = lab.progress();
    if (total > 0) {
      track.querySelector('.fill').style.width = `${(100 * done) / total}%`;
      track.setAttribute('aria-valuenow', String(Math.round((100 * done) / total)));
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
  let reply;
  try {
    reply = await lab.run({ demo: demo.id, params });
  } finally {
    watching = false;
    running = null;
    setRunning(panel, false);
  }
  panel.dataset.status = reply.status;
  // For tests and the curious (console): the last reply, as the worker sent it.
  window.lastSyncReply = reply;
  if (reply.status === 'done') {
    track.hidden = true;
    panel.querySelector('.visual').replaceChildren(...RENDER[demo.id](reply.result));
    setStatus(panel, doneText(demo.id, reply.result));
  } else if (reply.status === 'invalid') {
    track.hidden = true;
    showErrors(panel, demo, reply.errors);
  } else if (reply.status === 'cancelled') {
    track.hidden = true;
    setStatus(panel, 'Cancelled. Every thread stopped waiting; the pool is free for the next run.');
  } else {
    setStatus(panel, reply.message ?? 'The run failed.', true);
  }
  if (document.activeElement === panel.querySelector('.cancel') || document.activeElement === document.body) panel.querySelector('.run').focus();
  document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
}

function doneText(id, r) {
  switch (id) {
    case 'race': {
      const lost = r.methods[0].samples.map((s) => s.lost);
      return `Done: ${r.repeats} runs of each way. The unsynchronised counter lost between ${grouped(Math.min(...lost))} and ${grouped(Math.max(...lost))} of ${grouped(r.expected)} updates; the other three were exact every time.`;
    }
    case 'deadlock':
      return r.deadlocked.detection
        ? `Done: deadlock detected after ${ms(r.deadlocked.detection.waited_ms)} (timeout ${ms(r.timeout_ms)}); with one lock order both workers finished.`
        : 'Done: no deadlock this time (the wait ended on its own); try again.';
    case 'rlock':
      return `Done: the plain lock ${r.plain.self_deadlock_detected ? 'deadlocked on its own thread (detected)' : 'did not deadlock'}; the RLock was re-entered to depth ${r.reentrant.max_depth}.`;
    case 'semaphore':
      return `Done: ${r.entries} entries, at most ${r.max_inside} worker${r.max_inside === 1 ? '' : 's'} inside at once with ${r.permits} permit${r.permits === 1 ? '' : 's'}.`;
    case 'event':
      return `Done: the event was set at ${ms(r.set_at)}; every waiter started after it.`;
    case 'barrier':
      return `Done: ${r.phases} phase${r.phases === 1 ? '' : 's'}, ${r.phases_kept_apart ? 'none started before the previous one ended for everyone' : 'PHASES OVERLAPPED'}.`;
    case 'queue':
      return `Done: ${r.items} items through a queue of ${r.capacity}; ${r.missing.length + r.duplicated.length === 0 ? 'each arrived exactly once' : 'SOME WERE LOST OR DUPLICATED'}.`;
    default:
      return 'Done.';
  }
}

function cancelRun() {
  if (!running) return;
  setStatus(panels[running], 'Cancelling…');
  lab.cancel();
}

// ---------- the step-through scheduler ----------

function buildStepper(demo) {
  const panel = el('section', { class: 'card demo-panel', id: `panel-${demo.id}`, role: 'tabpanel', 'aria-labelledby': `tab-${demo.id}`, hidden: true });
  const modes = el('div', { class: 'mode-switch', role: 'group', 'aria-label': 'Version' },
    el('button', { type: 'button', class: 'mode', 'data-locked': 'false', 'aria-pressed': 'true', text: 'Without a lock' }),
    el('button', { type: 'button', class: 'mode', 'data-locked': 'true', 'aria-pressed': 'false', text: 'With a lock' }));
  const rounds = el('select', { id: 'stepper-rounds' }, ...[1, 2, 3].map((n) => new Option(`${n} increment${n === 1 ? '' : 's'} per thread`, String(n))));
  const threadBox = (t) => el('div', { class: `sim-thread t${t}` },
    el('h3', { text: `Thread ${t + 1}` }),
    el('ol', { class: 'program', id: `stepper-program-${t}` }),
    el('p', { class: 'register' }, 'register: ', el('strong', { id: `stepper-register-${t}`, text: '–' })),
    el('button', { type: 'button', class: 'primary step', id: `stepper-step-${t}`, 'data-thread': String(t) }),
    el('p', { class: 'why', id: `stepper-why-${t}` }));
  panel.append(
    el('h2', { text: demo.title }),
    el('div', { class: 'stepper-controls' }, modes, el('label', { for: 'stepper-rounds', class: 'inline-label', text: 'Each thread makes' }), rounds),
    el('div', { class: 'stepper-board' }, threadBox(0),
      el('div', { class: 'shared' },
        el('p', { class: 'shared-label', text: 'shared counter' }),
        el('p', { class: 'counter', id: 'stepper-counter', text: '0' }),
        el('p', { class: 'lock-state', id: 'stepper-lock' }),
        el('p', { class: 'expected', id: 'stepper-expected' })),
      threadBox(1)),
    el('div', { class: 'actions stepper-actions' },
      el('button', { type: 'button', id: 'stepper-undo', text: 'Undo' }),
      el('button', { type: 'button', id: 'stepper-reset', text: 'Start over' }),
      el('button', { type: 'button', id: 'stepper-auto', text: 'Lose an update for me' })),
    el('p', { class: 'run-status', id: 'stepper-verdict', role: 'status', 'aria-live': 'polite' }),
    el('ol', { class: 'step-log', id: 'stepper-log', 'aria-label': 'What happened, step by step' }),
    codeBlocks(demo));

  const st = { history: [], view: null, locked: false };
  // Each step is a round trip to the worker: run clicks one after another,
  // so a quick second click steps from the state the first one produced.
  let chain = Promise.resolve();
  const queued = (action) => () => { chain = chain.then(action).catch((e) => { panel.querySelector('#stepper-verdict').textContent = e.message; }); return chain; };
  const show = (view) => {
    st.view = view;
    const s = view.state;
    for (const t of [0, 1]) {
      const list = panel.querySelector(`#stepper-program-${t}`);
      list.replaceChildren(...view.program.map((line, i) => el('li', { class: view.next[t] === i ? 'next' : '', 'aria-current': view.next[t] === i ? 'step' : null }, el('code', { text: line }))));
      panel.querySelector(`#stepper-register-${t}`).textContent = s.threads[t].register ?? '–';
      const button = panel.querySelector(`#stepper-step-${t}`);
      button.textContent = view.next[t] == null ? `Thread ${t + 1}: finished` : `Run thread ${t + 1}: ${view.program[view.next[t]]}`;
      button.disabled = view.blocked[t] != null;
      panel.querySelector(`#stepper-why-${t}`).textContent = view.next[t] == null ? '' : (view.blocked[t] ?? '');
    }
    panel.querySelector('#stepper-counter').textContent = String(s.counter);
    panel.querySelector('#stepper-lock').textContent = s.locked ? (s.lock_holder == null ? 'lock: free' : `lock: held by thread ${s.lock_holder + 1}`) : 'no lock';
    panel.querySelector('#stepper-expected').textContent = `${s.threads[0].done + s.threads[1].done} of ${view.expected} increments done`;
    panel.querySelector('#stepper-log').replaceChildren(...s.log.map((line) => el('li', { class: /lost/.test(line) ? 'lost' : '', text: line })));
    panel.querySelector('#stepper-undo').disabled = st.history.length === 0;
    panel.querySelector('#stepper-auto').textContent = s.locked ? 'Try the losing order' : 'Lose an update for me';
    const verdict = panel.querySelector('#stepper-verdict');
    verdict.classList.toggle('bad', s.lost > 0);
    verdict.textContent = view.finished
      ? (s.lost > 0 ? `Finished: counter = ${s.counter}, expected ${view.expected}. ${s.lost} update${s.lost === 1 ? '' : 's'} lost. Undo and try another order.` : `Finished: counter = ${s.counter} = ${view.expected}. Nothing lost.`)
      : (s.lost > 0 ? `${s.lost} update${s.lost === 1 ? '' : 's'} lost so far.` : 'Pick which thread runs its next instruction.');
  };
  const reset = async () => {
    st.history = [];
    show(await lab.stepperNew(st.locked, Number(rounds.value)));
  };
  const step = async (t) => {
    const reply = await lab.stepperStep(st.view.state, t);
    if (reply.status !== 'done') {
      panel.querySelector('#stepper-verdict').textContent = reply.message;
      return false;
    }
    st.history.push(st.view);
    show(reply.view);
    return true;
  };
  for (const t of [0, 1]) panel.querySelector(`#stepper-step-${t}`).addEventListener('click', queued(() => step(t)));
  panel.querySelector('#stepper-undo').addEventListener('click', queued(() => { if (st.history.length) show(st.history.pop()); }));
  panel.querySelector('#stepper-reset').addEventListener('click', queued(reset));
  rounds.addEventListener('change', queued(reset));
  for (const b of modes.querySelectorAll('.mode')) {
    b.addEventListener('click', queued(() => {
      st.locked = b.dataset.locked === 'true';
      for (const other of modes.querySelectorAll('.mode')) other.setAttribute('aria-pressed', String(other === b));
      return reset();
    }));
  }
  panel.querySelector('#stepper-auto').addEventListener('click', queued(async () => {
    await reset();
    if (!st.locked) {
      // Both load before either stores: the classic lost update.
      for (const t of [0, 1, 0, 0, 1, 1]) await step(t);
    } else {
      // The same order with the lock: thread 2 cannot even start its load.
      for (const t of [0, 0]) await step(t);
      const blocked = st.view.blocked[1];
      panel.querySelector('#stepper-verdict').textContent = `Thread 2 cannot load now: it ${blocked.replace(/^waits: /, 'waits, because ')}. The losing order is impossible; let thread 1 finish first.`;
    }
  }));
  queued(reset)();
  return panel;
}

document.addEventListener('keydown', (e) => { if (e.key === 'Escape') cancelRun(); });
boot();
