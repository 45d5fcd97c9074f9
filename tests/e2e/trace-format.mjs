// A check against the Trace Event Format (the Chrome "JSON Object Format",
// docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU,
// as chrome://tracing and Perfetto's JSON importer read it), for the traces
// the pages export (www/lib/trace.js): a schema test of what the format
// requires of the events we write, and (engineSlices) a load of the file
// into DevTools' own trace engine (@paulirish/trace_engine, the Performance
// panel's parser, run in Node), which counts the slices a viewer keeps.
import assert from 'node:assert/strict';
import * as TraceEngine from '@paulirish/trace_engine';

const PHASES = new Set([
  'B',
  'E',
  'X',
  'i',
  'I',
  'C',
  'b',
  'n',
  'e',
  's',
  't',
  'f',
  'P',
  'O',
  'N',
  'D',
  'M',
  'R',
  'c',
  '(',
  ')',
]);
const META = new Set(['process_name', 'process_labels', 'process_sort_index', 'thread_name', 'thread_sort_index']);

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Asserts `file` (parsed JSON) is a valid trace-event file; returns its
 * complete events and the thread names by "pid/tid".
 */
export function checkTraceFormat(file) {
  const events = Array.isArray(file) ? file : file?.traceEvents;
  assert.ok(Array.isArray(events), 'a JSON array of events, or an object with a traceEvents array');
  if (!Array.isArray(file)) {
    if ('displayTimeUnit' in file)
      assert.ok(['ms', 'ns'].includes(file.displayTimeUnit), `displayTimeUnit ${file.displayTimeUnit}`);
    if ('otherData' in file) assert.ok(isObject(file.otherData), 'otherData is an object');
  }
  const names = new Map();
  const spans = [];
  for (const [i, e] of events.entries()) {
    const at = `event ${i} ${JSON.stringify(e).slice(0, 160)}`;
    assert.ok(isObject(e), at);
    assert.equal(typeof e.name, 'string', `${at}: name`);
    assert.ok(PHASES.has(e.ph), `${at}: ph`);
    assert.ok(Number.isInteger(e.pid) && Number.isInteger(e.tid), `${at}: integer pid and tid`);
    if (e.cat !== undefined) assert.equal(typeof e.cat, 'string', `${at}: cat`);
    if (e.args !== undefined) assert.ok(isObject(e.args), `${at}: args is an object`);
    if (e.ph === 'M') {
      assert.ok(META.has(e.name), `${at}: metadata name`);
      if (e.name.endsWith('_name')) assert.equal(typeof e.args?.name, 'string', `${at}: args.name`);
      if (e.name.endsWith('_sort_index')) assert.ok(Number.isInteger(e.args?.sort_index), `${at}: args.sort_index`);
      if (e.name === 'thread_name') names.set(`${e.pid}/${e.tid}`, e.args.name);
      continue;
    }
    assert.ok(typeof e.ts === 'number' && Number.isFinite(e.ts), `${at}: ts (µs)`);
    if (e.ph === 'X') {
      assert.ok(typeof e.dur === 'number' && Number.isFinite(e.dur) && e.dur >= 0, `${at}: dur (µs)`);
      spans.push(e);
    }
  }
  // Complete events on one thread nest or follow each other: viewers drop the
  // rest. Compared as viewers compare them, `ts + dur` in doubles, with no
  // slack: an end 1e-11 µs past the next start is an overlap to them.
  const byThread = new Map();
  for (const e of spans) byThread.set(`${e.pid}/${e.tid}`, [...(byThread.get(`${e.pid}/${e.tid}`) ?? []), e]);
  for (const [thread, list] of byThread) {
    assert.ok(names.has(thread), `thread ${thread} has a thread_name`);
    const open = [];
    for (const e of [...list].sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
      while (open.length && open.at(-1) <= e.ts) open.pop();
      if (open.length)
        assert.ok(
          e.ts + e.dur <= open.at(-1),
          `thread ${thread}: the span ${e.ts} + ${e.dur} µs overlaps one ending at ${open.at(-1)} µs without nesting`,
        );
      open.push(e.ts + e.dur);
    }
  }
  return { spans, names };
}

/**
 * Loads `file` into DevTools' trace engine; resolves to how many of its
 * complete events the engine keeps in its per-thread slice trees (a slice
 * that overlaps its thread's previous one without nesting is dropped there).
 */
export async function engineSlices(file) {
  const model = TraceEngine.TraceModel.Model.createWithAllHandlers();
  // A copy: the engine adds fields to the events it reads.
  await model.parse(structuredClone(Array.isArray(file) ? file : file.traceEvents));
  const { entryToNode } = model.parsedTrace().data.Renderer;
  return [...entryToNode.keys()].filter((e) => e.ph === 'X').length;
}
