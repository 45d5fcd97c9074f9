// A Python run's report (src/interleave/runner/run.rs `RunReport`) for the
// page: thinned to a drawable number of spans (in the coordinator, before it
// crosses to the main thread), as a timeline (./timeline.js) with one lane
// per Python thread and a GIL-holder lane, and its exit in words.
// No DOM here: the coordinator worker imports it too.

/** @typedef {import('../pkg/threadlab.js').PyReport} PyReport */
/** @typedef {import('../pkg/threadlab.js').PyLane} PyLane */
/** @typedef {import('../pkg/threadlab.js').PySpan} PySpan */
/** @typedef {import('../pkg/threadlab.js').PyExit} PyExit */
/** @typedef {import('./timeline.js').TimelineData} TimelineData */
/** @typedef {import('./timeline.js').Span} Span */
/** A report whose lanes may have been thinned: `thinned` says from how many spans. @typedef {PyReport & {thinned?: {from: number, to: number}}} ThinReport */

/** The lanes' span kinds, in legend order. */
export const SPAN_KINDS = {
  running: { label: 'running (holds the GIL)', colour: '--par' },
  'gil-wait': { label: 'waiting for the GIL', colour: '#e0883a' },
  blocked: { label: 'blocked (lock, join, queue)', colour: '--bad' },
  sleeping: { label: 'sleeping (I/O stand-in)', colour: '#3a8de0' },
  startup: { label: 'starting a process (fork copy, spawn re-import)', colour: '#7a8a1f' },
  transfer: { label: 'pickling between processes', colour: '#b0488f' },
  native: { label: 'native work without the GIL (hashlib)', colour: '#37474f' },
};
/** Colours of the GIL lane, one per thread, in turn. */
const HOLDER_COLOURS = ['--seq', '--par', '#e0883a', '#3a8de0', '#b0488f', '#7a8a1f', '#2f6f9f', '#a0522d'];

/**
 * Caps the spans a report carries: past `max` spans in all, each lane is
 * cut into equal slices of time and each slice keeps the kind it spent
 * longest in (neighbouring slices of one kind merge). What is lost is
 * detail under a pixel or so of the drawing.
 * @param {PyReport} report
 * @param {number} max
 * @returns {ThinReport}
 */
export function thinReport(report, max) {
  const from = report.lanes.reduce((n, l) => n + l.spans.length, 0);
  if (from <= max || report.lanes.length === 0) return report;
  const slices = Math.max(1, Math.floor(max / report.lanes.length));
  const width = Math.max(report.wall_ms, 1e-6) / slices;
  const lanes = report.lanes.map((lane) => ({ ...lane, spans: thinLane(lane.spans, width) }));
  return { ...report, lanes, thinned: { from, to: lanes.reduce((n, l) => n + l.spans.length, 0) } };
}

/**
 * @param {PySpan[]} spans
 * @param {number} width  ms per slice
 * @returns {PySpan[]}
 */
function thinLane(spans, width) {
  /** @type {PySpan[]} */
  const out = [];
  /** @type {Map<string, number>} */
  let time = new Map();
  /** @type {Map<string, string | undefined>} */
  let what = new Map();
  let slice = -1,
    first = 0,
    last = 0;
  const flush = () => {
    if (slice < 0) return;
    let best = '',
      most = -1;
    for (const [k, t] of time)
      if (t > most) {
        best = k;
        most = t;
      }
    const kind = /** @type {PySpan['kind']} */ (best);
    const prev = out[out.length - 1];
    if (prev && prev.kind === kind && prev.what === what.get(kind) && first - prev.end_ms <= width) prev.end_ms = last;
    else out.push({ kind, start_ms: first, end_ms: last, ...(what.get(kind) ? { what: what.get(kind) } : {}) });
  };
  for (const s of spans) {
    // A span may cover many slices: its whole slices pass straight through.
    let start = s.start_ms;
    while (start < s.end_ms || (start === s.end_ms && s.start_ms === s.end_ms)) {
      const here = Math.floor(start / width);
      if (here !== slice) {
        flush();
        slice = here;
        time = new Map();
        what = new Map();
        first = start;
      }
      const end = Math.min(s.end_ms, (here + 1) * width);
      time.set(s.kind, (time.get(s.kind) ?? 0) + (end - start));
      if (!what.has(s.kind)) what.set(s.kind, s.what);
      last = end;
      if (end === start) break;
      start = end;
    }
  }
  flush();
  return out;
}

/**
 * The report as a timeline: a lane per thread, then "GIL" (who held it).
 * @param {ThinReport} report
 * @param {{gil?: boolean}} [options]  gil: add the GIL-holder lane (default true)
 * @returns {TimelineData}
 */
export function reportTimeline(report, { gil = true } = {}) {
  const lanes = report.lanes.map((l) => l.name + (l.truncated ? ' (cut)' : ''));
  /** @type {Span[]} */
  const spans = [];
  // Each process has a GIL of its own: one holder lane per process.
  const processes = [...new Set(report.lanes.map((l) => l.process ?? ''))];
  const gilLane = (/** @type {PyLane} */ lane) => lanes.length + processes.indexOf(lane.process ?? '');
  report.lanes.forEach((lane, i) => {
    for (const s of lane.spans) {
      spans.push({
        lane: i,
        start: s.start_ms,
        end: Math.max(s.end_ms, s.start_ms),
        kind: s.kind,
        ...(s.what ? { label: s.what } : {}),
      });
      if (gil && s.kind === 'running') {
        spans.push({
          lane: gilLane(lane),
          start: s.start_ms,
          end: s.end_ms,
          kind: 'holder',
          label: lane.name,
          colour: HOLDER_COLOURS[i % HOLDER_COLOURS.length],
        });
      }
    }
  });
  if (gil) lanes.push(...processes.map((p) => (processes.length === 1 ? 'GIL' : `GIL of ${p || 'the main process'}`)));
  return {
    lanes,
    spans,
    start: 0,
    end: Math.max(report.wall_ms, ...spans.map((s) => s.end)),
    // With no GIL there is nothing to hold: running is just running.
    kinds: gil
      ? { ...SPAN_KINDS, holder: { label: 'GIL holder (colour per thread)', colour: '--seq' } }
      : { ...SPAN_KINDS, running: { ...SPAN_KINDS.running, label: 'running' } },
    title: 'Python run',
    noun: 'spans',
    // A thread that sleeps or waits is not busy: count the time it ran
    // Python or native code (hashlib without the GIL).
    busyKinds: ['running', 'native'],
    busyWord: 'ran',
  };
}

/**
 * Who waits for what in a deadlock: the runner's wait-for edges, or — when
 * it found none to name — each thread's last wait as its lane recorded it.
 * @param {ThinReport} report
 * @returns {{thread: string, what: string, on: string | null}[]}
 */
export function deadlockEdges(report) {
  if (report.exit.kind !== 'deadlock') return [];
  if (report.exit.edges.length) return report.exit.edges;
  // A stopped thread still takes the GIL back to unwind: its last wait is
  // the last blocked span, a little before the lane's end.
  return report.lanes.flatMap((lane) => {
    const last = [...lane.spans].reverse().find((s) => s.kind === 'blocked' && s.what);
    return last && last.end_ms >= report.wall_ms - 100
      ? [{ thread: lane.name, what: /** @type {string} */ (last.what), on: null }]
      : [];
  });
}

/**
 * How the run ended, in one sentence (a deadlock's edges: deadlockEdges).
 * @param {PyExit} exit
 * @param {number} wallMs
 */
export function exitText(exit, wallMs) {
  const took = `${wallMs < 1000 ? `${wallMs.toFixed(1)} ms` : `${(wallMs / 1000).toFixed(2)} s`}`;
  switch (exit.kind) {
    case 'finished':
      return `Finished in ${took}.`;
    case 'exception':
      return `Stopped by an exception after ${took}: ${exit.name}${exit.message ? `: ${exit.message}` : ''}${exit.line ? ` (line ${exit.line})` : ''}.`;
    case 'system-exit':
      return `sys.exit(${exit.code}) after ${took}.`;
    case 'cancelled':
      return `Cancelled after ${took}.`;
    case 'deadlock':
      return `Deadlock after ${took}: every thread waits for ever, so the run was stopped.`;
    default:
      return 'Ended.';
  }
}
