// Timelines as Chrome trace-event JSON (the "JSON Array/Object format" that
// chrome://tracing, Perfetto (ui.perfetto.dev) and DevTools open): every span
// a complete event (ph "X") with µs `ts`/`dur`, every lane a thread (tid)
// named by a `thread_name` metadata event, every timeline a process (pid)
// named by `process_name`. Lanes keep their order (`thread_sort_index`).
//
//   const file = toTraceEvents(timelineData, { process: 'CPU-bound, threads + GIL' });
//   download('run.trace.json', 'application/json', JSON.stringify(file));
import { el } from './dom.js';

/** @typedef {import('./timeline.js').TimelineData} TimelineData */
/**
 * One trace event (the fields this module writes).
 * @typedef {object} TraceEvent
 * @property {string} name
 * @property {'X' | 'M'} ph
 * @property {number} pid
 * @property {number} tid
 * @property {number} [ts]  µs from the trace's origin
 * @property {number} [dur]  µs
 * @property {string} [cat]
 * @property {Record<string, string | number>} [args]
 */
/**
 * @typedef {object} TraceFile
 * @property {TraceEvent[]} traceEvents
 * @property {'ms'} displayTimeUnit
 * @property {{source: string, clock: string, origin_ms: number, timelines: string[]}} otherData
 */

/** Integer nanoseconds: the file's resolution (small, and exact enough). @param {number} msValue */
const nanos = (msValue) => Math.round(msValue * 1e6);

/**
 * A span's `ts` and `dur` (µs) from its start and end (ns). Viewers add
 * `ts + dur` in doubles, where 10079.834 + 2880.127 is 12959.961000000001:
 * past the next span's `ts` of 12959.961, so they drop or nest that span.
 * `dur` gives up a nanosecond until the sum ends at or before the rounded end.
 * @param {number} startNs @param {number} endNs
 */
function timing(startNs, endNs) {
  const ts = startNs / 1e3;
  const end = endNs / 1e3;
  let durNs = endNs - startNs;
  while (durNs > 0 && ts + durNs / 1e3 > end) durNs -= 1;
  return { ts, dur: durNs / 1e3 };
}

/**
 * The events of one timeline as process `pid`, with times relative to `origin` (ms).
 * Trace viewers want the spans of one thread disjoint or nested: a span that
 * overlaps an earlier one of its lane goes on an extra thread of that lane,
 * "lane (2)", so no viewer drops or misdraws it.
 * @param {TimelineData} data
 * @param {number} pid
 * @param {string} process
 * @param {number} origin
 * @returns {TraceEvent[]}
 */
function events(data, pid, process, origin) {
  /** @type {TraceEvent[]} */
  const meta = [
    { name: 'process_name', ph: 'M', pid, tid: 0, args: { name: process } },
    { name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } },
  ];
  /** @param {number} tid @param {string} name @param {number} order */
  const thread = (tid, name, order) =>
    meta.push(
      { name: 'thread_name', ph: 'M', pid, tid, args: { name } },
      { name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: order } },
    );
  data.lanes.forEach((lane, i) => thread(i + 1, lane, i * 100));
  /** Per lane, where each of its threads' last span ends (ns). @type {number[][]} */
  const reach = data.lanes.map(() => [-Infinity]);
  const kinds = data.kinds ?? {};
  const spans = data.spans
    .filter((s) => s.lane >= 0 && s.lane < data.lanes.length && s.end >= s.start)
    .map((s) => ({ s, ts: nanos(s.start - origin), end: nanos(s.end - origin) }))
    // Same start: the shorter first, so an instant (a lock taken with no
    // wait, [t, t]) and the span that follows it from t share a thread.
    .sort((a, b) => a.ts - b.ts || a.end - b.end)
    .map(({ s, ts, end }) => {
      const ends = reach[s.lane];
      let track = ends.findIndex((e) => e <= ts);
      if (track < 0) {
        track = ends.push(-Infinity) - 1;
        thread(track * 1000 + s.lane + 1, `${data.lanes[s.lane]} (${track + 1})`, s.lane * 100 + track);
      }
      ends[track] = end;
      return /** @type {TraceEvent} */ ({
        name: s.label ?? (s.kind ? (kinds[s.kind]?.label ?? s.kind) : 'span'),
        cat: s.kind ?? 'span',
        ph: 'X',
        ...timing(ts, end),
        pid,
        tid: track * 1000 + s.lane + 1,
        args: { lane: data.lanes[s.lane], ...(s.kind ? { kind: s.kind } : {}) },
      });
    });
  return [...meta, ...spans];
}

/**
 * One or more timelines as one trace: each timeline a process, its lanes
 * its threads, on one clock (the earliest start is time 0).
 * @param {TimelineData | {data: TimelineData, process?: string}[]} timelines
 * @param {{process?: string}} [options]  the process name of a single timeline (default: its title)
 * @returns {TraceFile}
 */
export function toTraceEvents(timelines, { process } = {}) {
  const list = Array.isArray(timelines) ? timelines : [{ data: timelines, process }];
  const starts = list.map(({ data }) => data.start ?? Math.min(...data.spans.map((s) => s.start)));
  const origin = Math.min(...starts.filter(Number.isFinite), Infinity);
  const zero = Number.isFinite(origin) ? origin : 0;
  const names = list.map(({ data, process: name }, i) => name ?? data.title ?? `timeline ${i + 1}`);
  return {
    traceEvents: list.flatMap(({ data }, i) => events(data, i + 1, names[i], zero)),
    displayTimeUnit: 'ms',
    otherData: {
      source: 'threadlab',
      clock: 'performance.timeOrigin + performance.now(), ms; ts = µs since origin_ms',
      origin_ms: zero,
      timelines: names,
    },
  };
}

/**
 * Saves `text` as a file named `name` (a download the browser asks about or keeps).
 * @param {string} name
 * @param {string} type
 * @param {string} text
 * @param {HTMLElement} [near]  where the temporary link lives (default: body)
 */
export function download(name, type, text, near = document.body) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name, hidden: true });
  near.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A file name from a title: "CPU-bound, threads + GIL" → "threadlab-cpu-bound-threads-gil.trace.json".
 * @param {string} title
 */
export const traceFileName = (title) =>
  `threadlab-${
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'timeline'
  }.trace.json`;

/**
 * Downloads timelines as one trace file.
 * @param {Parameters<typeof toTraceEvents>[0]} timelines
 * @param {string} title  names the file
 * @param {HTMLElement} [near]
 */
export function downloadTrace(timelines, title, near) {
  download(
    traceFileName(title),
    'application/json',
    JSON.stringify(toTraceEvents(timelines, { process: title })),
    near,
  );
}
