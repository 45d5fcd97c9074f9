// The Measure's timelines: one per mode for its CPU-bound and I/O-bound runs,
// a row per thread or process, on the clock the lab uses (timeOrigin + now()).
// Threads: computing, waiting for the GIL, waiting on I/O, as Rust recorded
// them (TaskRun.activity); under the GIL a "GIL held by" lane shows who held
// the lock when. Processes: start-up, postMessage there and back, computing or
// waiting. The event loop: each task's wait. A "run" lane on top spans the
// time the table shows. Every timeline exports as a trace (../../lib/trace.js).
import { el } from '../../lib/dom.js';
import { ms, times } from '../../lib/format.js';
import { mountTimeline } from '../../lib/timeline.js';
import { downloadTrace } from '../../lib/trace.js';
import { idOf } from './common.js';
import { MODE_NAMES } from './table-view.js';

/** @typedef {import('../../lib/timeline.js').TimelineData} TimelineData */
/** @typedef {import('../../lib/timeline.js').Span} Span */
/** @typedef {import('../../types/TaskRun').TaskRun} TaskRun */
/** @typedef {import('./processes.js').ProcessItem} ProcessItem */
/** @typedef {import('./processes.js').Proc} Proc */
/** @typedef {'sequential' | 'threads' | 'gil' | 'processes' | 'async'} Mode */
/** @typedef {'cpu' | 'io' | 'startup'} Workload */

export const KINDS = {
  run: { label: 'the run, as timed in the table', colour: '--muted' },
  compute: { label: 'computing', colour: '--par' },
  'gil-wait': { label: 'waiting for the GIL', colour: '--bad' },
  io: { label: 'waiting (I/O)', colour: '#3a8de0' },
  startup: { label: 'starting up', colour: '#8a6d3b' },
  transfer: { label: 'postMessage: copy and delivery', colour: '#e0883a' },
};
/**
 * One colour per thread in the GIL lane, none of them a kind's colour: the
 * lane says who held the lock, not what anyone was doing.
 */
export const HOLDERS = ['--seq', '#c2185b', '#7cb342', '#5c6bc0', '#f4b400', '#00838f', '#6d4c41', '#ad7bd6'];
const WORKLOAD_NAMES = { cpu: 'CPU-bound', io: 'I/O-bound', startup: 'start-up' };

/**
 * @param {Set<string>} used  kinds present
 * @returns {Record<string, {label: string, colour: string}>}
 */
const legend = (used) => Object.fromEntries(Object.entries(KINDS).filter(([k]) => used.has(k)));

/**
 * A run on threads (or the sequential one) as a timeline: Rust's activity
 * spans, the GIL lane under the lock, and the run as the table timed it
 * (it ends with the last span, and lasts elapsed_ms).
 * @param {string} title
 * @param {TaskRun} run
 * @returns {TimelineData & {holders: number, switches: number}}
 */
export function threadTimeline(title, run) {
  // Every thread of the run has its row, also one that got no task.
  const workers = [
    ...new Set([...Array.from({ length: run.workers }, (_, w) => w), ...run.activity.map((a) => a.worker)]),
  ].sort((a, b) => a - b);
  const end = Math.max(...run.activity.map((a) => a.end_ms), ...run.items.map((i) => i.end_ms));
  const start = end - run.elapsed_ms;
  const lanes = ['run', ...(run.gil ? ['GIL held by'] : []), ...workers.map((w) => `thread ${w + 1}`)];
  const first = run.gil ? 2 : 1;
  /** @type {Span[]} */
  const spans = [{ lane: 0, start, end, kind: 'run', label: `${ms(run.elapsed_ms)}` }];
  const holders = new Set();
  for (const a of run.activity) {
    const lane = first + workers.indexOf(a.worker);
    spans.push({ lane, start: a.start_ms, end: a.end_ms, kind: a.kind });
    if (run.gil && a.kind === 'compute') {
      holders.add(a.worker);
      spans.push({
        lane: 1,
        start: a.start_ms,
        end: a.end_ms,
        kind: 'compute',
        label: `thread ${a.worker + 1}`,
        colour: HOLDERS[workers.indexOf(a.worker) % HOLDERS.length],
      });
    }
  }
  const dropped = run.activity_dropped ? ` (${run.activity_dropped} more spans not recorded)` : '';
  return {
    title: `${title}${run.gil ? `, ${run.gil_switches} hand-overs of the lock` : ''}${dropped}`,
    lanes,
    spans,
    start,
    end,
    kinds: legend(new Set(spans.map((s) => s.kind ?? ''))),
    holders: holders.size,
    switches: run.gil_switches,
  };
}

/**
 * A run on the processes: each job's postMessage there, its work, the result's
 * way back; times from the page (posted, received) and the process (work).
 * @param {string} title
 * @param {{elapsed_ms: number, items: ProcessItem[]}} reply
 * @param {number} started  when the run began (shared clock)
 * @param {number} k
 * @param {'compute' | 'io'} work
 * @returns {TimelineData}
 */
export function processTimeline(title, reply, started, k, work) {
  const lanes = ['run', ...Array.from({ length: k }, (_, i) => `process ${i + 1}`)];
  /** @type {Span[]} */
  const spans = [
    { lane: 0, start: started, end: started + reply.elapsed_ms, kind: 'run', label: ms(reply.elapsed_ms) },
  ];
  for (const it of reply.items) {
    if (
      it.start_ms === undefined ||
      it.end_ms === undefined ||
      it.posted_ms === undefined ||
      it.received_ms === undefined
    )
      continue;
    // Two clocks (the page's and the worker's) agree to well under a millisecond; never draw a span backwards.
    const begin = Math.max(it.posted_ms, Math.min(it.start_ms, it.received_ms));
    const done = Math.max(begin, Math.min(it.end_ms, it.received_ms));
    const lane = it.worker + 1;
    spans.push(
      { lane, start: it.posted_ms, end: begin, kind: 'transfer' },
      { lane, start: begin, end: done, kind: work },
      { lane, start: done, end: it.received_ms, kind: 'transfer' },
    );
  }
  return {
    title,
    lanes,
    spans,
    start: started,
    end: started + reply.elapsed_ms,
    kinds: legend(new Set(spans.map((s) => s.kind ?? ''))),
  };
}

/**
 * The processes' start-up: each one loading its own module and wasm instance.
 * @param {string} title
 * @param {Proc[]} procs
 * @returns {TimelineData}
 */
export function startupTimeline(title, procs) {
  const start = Math.min(...procs.map((p) => p.started_at)),
    end = Math.max(...procs.map((p) => p.ready_at));
  return {
    title,
    start,
    end,
    kinds: legend(new Set(['run', 'startup'])),
    lanes: ['run', ...procs.map((p) => `process ${p.i + 1}`)],
    spans: [
      { lane: 0, start, end, kind: 'run', label: ms(end - start) },
      ...procs.map((p) => ({
        lane: p.i + 1,
        start: p.started_at,
        end: p.ready_at,
        kind: 'startup',
        label: ms(p.ready_at - p.started_at),
      })),
    ],
  };
}

/**
 * The event loop's waits: one lane per task (a coroutine), all on one thread.
 * @param {string} title
 * @param {{start: number, end: number}[]} waits
 * @param {number} started
 * @param {number} elapsed
 * @returns {TimelineData}
 */
export function loopTimeline(title, waits, started, elapsed) {
  return {
    title,
    start: started,
    end: started + elapsed,
    kinds: legend(new Set(['run', 'io'])),
    lanes: ['run', ...waits.map((_, i) => `task ${i + 1}`)],
    spans: [
      { lane: 0, start: started, end: started + elapsed, kind: 'run', label: ms(elapsed) },
      ...waits.map((w, i) => ({ lane: i + 1, start: w.start, end: w.end, kind: 'io' })),
    ],
  };
}

/** @param {number} n */
const plural = (n) => (n === 1 ? '' : 's');

/**
 * What free-threading costs and gains, as published, next to what this page measured.
 * @param {{cpu?: {sequential: number, threads?: number, gil?: number, gil_switches?: number}, settings?: {workers: number}}} r
 * @param {{elapsed_ms: number, gil_switches: number} | undefined} gilRun
 */
export function gilLesson(r, gilRun) {
  const published =
    'What removing the GIL costs, as published: PEP 703 estimates about 5–8 % on single-threaded code; ' +
    "the Python 3.14 documentation puts free-threaded CPython's single-threaded overhead at roughly 1–8 %, depending on the platform.";
  const cpu = r.cpu,
    k = r.settings?.workers;
  if (!cpu?.threads || !cpu.gil || !gilRun)
    return `${published} Press Measure to set it against what this browser does.`;
  const perSecond = gilRun.gil_switches / (gilRun.elapsed_ms / 1000);
  return (
    `${published} What it gains, measured just now: ${k} thread${plural(k ?? 0)} without the lock ran the CPU-bound tasks ${times(cpu.sequential / cpu.threads)} as fast as one thread; ` +
    `with it, ${times(cpu.sequential / cpu.gil)}, the lock changing hands ${gilRun.gil_switches} times (${Math.round(perSecond)} hand-overs a second).`
  );
}

/**
 * The card's elements: its heading with Export all, the hint, the GIL's
 * lesson and the body the timelines go in.
 * @param {(name: string) => string} id
 */
function timelineCardMarkup(id) {
  const lesson = el('p', { id: id('gil-lesson'), class: 'gil-lesson' });
  const exportAll = el('button', {
    id: id('export-all-traces'),
    type: 'button',
    disabled: true,
    text: 'Export all as one trace',
  });
  const body = el('div', { class: 'mode-timelines' });
  const root = el(
    'section',
    { class: 'card', 'data-part': 'timelines', 'aria-labelledby': id('timelines-title') },
    el(
      'div',
      { class: 'card-head' },
      el('h2', { id: id('timelines-title'), text: 'Who ran when: a timeline per mode' }),
      el('div', { class: 'exports' }, exportAll),
    ),
    el('p', {
      class: 'hint',
      text:
        'Same clock as the speedup lab. Under the GIL only one thread computes at a time: the "GIL held by" lane shows the holder, ' +
        'handing over every switch interval (drag across a chart to zoom in). Each timeline exports as a Chrome trace (Perfetto, chrome://tracing).',
    }),
    lesson,
    body,
  );
  return { root, lesson, exportAll, body };
}

/** @typedef {Map<string, {data: TimelineData, destroy: () => void, figure: HTMLElement}>} Shown */
/**
 * What the timeline card keeps between calls.
 * @typedef {object} CardState
 * @property {(name: string) => string} id
 * @property {HTMLElement} root
 * @property {HTMLButtonElement} exportAll
 * @property {HTMLElement} body
 * @property {Shown} shown
 * @property {ReturnType<typeof setTimeout>[]} timers
 * @property {{mode: Mode, workload: Workload, data: TimelineData}[]} pending
 */

/**
 * Writes what the card shows into `data-timelines`, for the tests.
 * @param {CardState} st
 */
function writeSummary(st) {
  st.root.dataset.timelines = JSON.stringify(
    [...st.shown].map(([key, { data }]) => ({
      key,
      spans: data.spans.length,
      lanes: data.lanes,
      holders: /** @type {{holders?: number}} */ (data).holders,
      switches: /** @type {{switches?: number}} */ (data).switches,
    })),
  );
  st.exportAll.disabled = st.shown.size === 0;
}

/**
 * The row of a mode's timelines, made on first use.
 * @param {HTMLElement} body
 * @param {Mode} mode
 */
function modeRow(body, mode) {
  let g = /** @type {HTMLElement | null} */ (body.querySelector(`[data-mode="${mode}"]`));
  if (!g) {
    g = el(
      'div',
      { class: 'mode-timeline-group', 'data-mode': mode },
      el('h3', { text: MODE_NAMES[mode] }),
      el('div', { class: 'mode-timeline-row' }),
    );
    body.append(g);
  }
  return /** @type {HTMLElement} */ (g.lastElementChild);
}

/**
 * Draws one kept timeline in a box of its own, then calls `next`.
 * @param {CardState} st
 * @param {{mode: Mode, workload: Workload, data: TimelineData}} item
 * @param {() => void} next
 */
function drawKept(st, { mode, workload, data }, next) {
  const key = `${mode}-${workload}`;
  st.shown.get(key)?.destroy();
  const box = el('div', { class: 'mode-timeline', 'data-key': key }, el('h4', { text: WORKLOAD_NAMES[workload] }));
  modeRow(st.body, mode).append(box);
  const timeline = mountTimeline(box, {
    canvasId: st.id(`timeline-${key}`),
    captionId: st.id(`timeline-${key}-summary`),
    label: `${MODE_NAMES[mode]}, ${WORKLOAD_NAMES[workload]}`,
  });
  st.shown.set(key, {
    data: { ...data, title: `${MODE_NAMES[mode]}, ${WORKLOAD_NAMES[workload]}` },
    destroy: () => {
      timeline.destroy();
      box.remove();
    },
    figure: box,
  });
  // Laying the page out with the new box, then painting: two tasks, so neither blocks the page for long.
  st.timers.push(
    setTimeout(() => {
      timeline.draw({
        ...data,
        title: `${MODE_NAMES[mode]}, ${WORKLOAD_NAMES[workload]}: ${data.title}`,
        noun: 'spans',
      });
      writeSummary(st);
      st.timers.push(setTimeout(next, 16));
    }, 16),
  );
}

/**
 * The card with the timelines: `show` keeps one, `flush` draws the kept ones
 * once the Measure is over, `clear` empties them all.
 * @param {string} idPrefix
 */
export function timelineCard(idPrefix) {
  const id = (/** @type {string} */ name) => idOf(idPrefix, name);
  const { root, lesson, exportAll, body } = timelineCardMarkup(id);
  /** @type {CardState} */
  const st = { id, root, exportAll, body, shown: new Map(), timers: [], pending: [] };
  exportAll.addEventListener('click', () =>
    downloadTrace(
      [...st.shown.values()].map(({ data }) => ({ data })),
      'modes',
    ),
  );
  return {
    root,
    /** @param {string} text */
    lesson: (text) => {
      lesson.textContent = text;
    },
    /**
     * Keeps a run's timeline to draw at `flush`: drawing during the
     * Measure would take the page's thread from the runs it times.
     * @param {Mode} mode
     * @param {Workload} workload
     * @param {TimelineData} data
     */
    show(mode, workload, data) {
      st.pending.push({ mode, workload, data });
    },
    /**
     * Draws the kept timelines one after another, each in tasks of its own
     * with a frame between them, so the page never blocks and can paint.
     */
    flush() {
      const queue = st.pending.splice(0);
      const next = () => {
        const item = queue.shift();
        if (item) drawKept(st, item, next);
      };
      st.timers.push(setTimeout(next, 0));
    },
    clear() {
      st.pending = [];
      for (const t of st.timers) clearTimeout(t);
      st.timers = [];
      for (const { destroy } of st.shown.values()) destroy();
      st.shown.clear();
      body.replaceChildren();
      writeSummary(st);
    },
  };
}
