// Export trace: every timeline (the modes page, the lab, the sync demos)
// saves Chrome trace-event JSON that Perfetto and chrome://tracing open. The
// exported spans match what the page shows, the file passes a check against
// the trace-event format, and DevTools' trace engine keeps every span of it
// (./trace-format.mjs).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openLab, parseTime, text } from './harness.mjs';
import { checkTraceFormat, engineSlices } from './trace-format.mjs';
import { toTraceEvents } from '../../www/lib/trace.js';

/** Clicks an export button; resolves to the parsed file it saved and its name. */
async function exported(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click(selector)]);
  const file = JSON.parse(await readFile(await download.path(), 'utf8'));
  return { file, name: download.suggestedFilename() };
}

/**
 * Checks that `file` holds `count` spans (default: all it has) and DevTools'
 * trace engine keeps them all (it drops a span that overlaps its thread's
 * previous one), and the file against the format; returns what checkTraceFormat does.
 */
async function loadsWhole(file, count) {
  const written = file.traceEvents.filter((e) => e.ph === 'X').length;
  count ??= written;
  const kept = await engineSlices(file);
  assert.deepEqual(
    { written, kept },
    { written: count, kept: count },
    `spans written and kept by the trace engine, of ${count} drawn`,
  );
  return checkTraceFormat(file);
}

const threadsNamed = (names, pid) => [...names].filter(([key]) => key.startsWith(`${pid}/`)).map(([, name]) => name);
const extentMs = (spans) => (Math.max(...spans.map((e) => e.ts + e.dur)) - Math.min(...spans.map((e) => e.ts))) / 1000;
const within = (a, b, share) => Math.abs(a - b) <= share * Math.max(a, b);

test('a span of no length and the span that starts where it ends share their lane', () => {
  // A GIL taken with no wait: the wait [t, t], then the computation from t
  // (it once put the wait on a second thread, "thread 1 (2)", now and then).
  const t = 1_000;
  const { traceEvents } = toTraceEvents({
    title: 'gil',
    lanes: ['thread 1'],
    start: t,
    end: t + 9,
    spans: [
      { lane: 0, start: t, end: t + 4, kind: 'compute' },
      { lane: 0, start: t, end: t, kind: 'gil-wait' },
      { lane: 0, start: t + 4, end: t + 5, kind: 'gil-wait' },
      { lane: 0, start: t + 5, end: t + 9, kind: 'compute' },
    ],
  });
  const { spans, names } = checkTraceFormat({ traceEvents });
  assert.deepEqual([...names.values()], ['thread 1']);
  assert.deepEqual(
    spans.map((e) => [e.tid, e.ts, e.dur]),
    [
      [1, 0, 0],
      [1, 0, 4000],
      [1, 4000, 1000],
      [1, 5000, 4000],
    ],
  );
  // Overlapping spans still go to a second thread of the lane.
  const overlap = checkTraceFormat(
    toTraceEvents({
      title: 'x',
      lanes: ['a'],
      start: 0,
      end: 2,
      spans: [
        { lane: 0, start: 0, end: 2 },
        { lane: 0, start: 1, end: 2 },
      ],
    }),
  );
  assert.deepEqual([...overlap.names.values()], ['a', 'a (2)']);
});

test('back-to-back spans stay apart in doubles: ts + dur never passes the next ts', async () => {
  // Rounded apart, 10079.834 + 2880.127 is 12959.961000000001 in doubles:
  // past the next span's 12959.961, so viewers dropped or nested that span.
  const exact = toTraceEvents({
    title: 'x',
    lanes: ['a'],
    start: 0,
    end: 20,
    spans: [
      { lane: 0, start: 10.079834, end: 12.959961 },
      { lane: 0, start: 12.959961, end: 20 },
    ],
  });
  await loadsWhole(exact, 2);
  // Hundreds of back-to-back spans at sub-nanosecond times, as a run records
  // them (a fixed pseudo-random sequence, so a failure repeats).
  let seed = 33;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const spans = [];
  for (let lane = 0; lane < 4; lane++) {
    for (let i = 0, t = 1e6 + next() * 10; i < 200; i++) spans.push({ lane, start: t, end: (t += next() * 7) });
  }
  const many = toTraceEvents({ title: 'many', lanes: ['w1', 'w2', 'w3', 'w4'], spans });
  const { names } = await loadsWhole(many, spans.length);
  assert.equal(names.size, 4, 'no lane needed a second thread');
});

describe('the modes page', () => {
  let lab;
  const QUICK = 'tasks=8&units=10_000_000&wait_ms=60&http_ms=60&workers=4&switch_ms=5&transfer_mb=4';
  before(async () => {
    lab = await openLab({ query: `modes.html?${QUICK}&run=1` });
    await lab.page.waitForFunction(
      () => Number(document.querySelector('[data-demo="modes"]')?.dataset.runs ?? 0) > 0,
      null,
      { timeout: 180_000 },
    );
    await lab.page.waitForFunction(
      () => JSON.parse(document.querySelector('[data-part="timelines"]')?.dataset.timelines ?? '[]').length >= 10,
    );
  });
  after(async () => {
    await lab?.close();
  });

  test('the GIL run: spans, their count and total time match the page; the GIL lane is its own track', async () => {
    const { page } = lab;
    const { file, name } = await exported(page, '#timeline-gil-cpu-export');
    assert.match(name, /^threadlab-threads-gil-cpu-bound.*\.trace\.json$/);
    assert.equal(file.displayTimeUnit, 'ms');
    assert.equal(file.otherData.source, 'threadlab');
    // Count: what the page drew, all of it kept by DevTools' trace engine.
    const drawn = Number(await page.locator('[data-key="gil-cpu"] .timeline-figure').getAttribute('data-spans'));
    const { spans, names } = await loadsWhole(file, drawn);
    assert.match(await text(page, '#timeline-gil-cpu-summary'), new RegExp(`: ${drawn} spans in`));
    // Total time: the table's CPU-bound GIL cell, within 1 %.
    const r = JSON.parse(await page.locator('[data-demo="modes"]').getAttribute('data-results'));
    const cell = parseTime(await text(page, '#compare tbody tr:nth-child(4) td[data-mode="gil"] .big'));
    assert.ok(within(extentMs(spans), r.cpu.gil, 0.01), `trace ${extentMs(spans)} ms, table ${r.cpu.gil} ms`);
    assert.ok(
      within(extentMs(spans), cell, 0.01) || Math.abs(extentMs(spans) - cell) < 1,
      `trace ${extentMs(spans)} ms, cell ${cell} ms`,
    );
    // Threads, by name; the GIL lane is a thread of its own, one holder at a time, more than one holder.
    const threads = threadsNamed(names, 1);
    assert.deepEqual(threads, ['run', 'GIL held by', 'thread 1', 'thread 2', 'thread 3', 'thread 4']);
    const gilLane = spans.filter((e) => e.tid === 2);
    assert.ok(new Set(gilLane.map((e) => e.name)).size > 1, 'more than one holder');
    const computing = spans.filter((e) => e.tid > 2 && e.cat === 'compute');
    assert.equal(gilLane.length, computing.length, 'the GIL lane shows every compute span');
    assert.ok(
      spans.some((e) => e.cat === 'gil-wait'),
      'threads waited for the lock',
    );
    assert.equal(spans.filter((e) => e.tid === 1).length, 1, 'one run span');
  });

  test('processes: start-up, transfer and compute; the event loop; all timelines in one trace', async () => {
    const { page } = lab;
    const cpu = await loadsWhole((await exported(page, '#timeline-processes-cpu-export')).file);
    assert.deepEqual(new Set(cpu.spans.map((e) => e.cat)), new Set(['run', 'transfer', 'compute']));
    const up = await loadsWhole((await exported(page, '#timeline-processes-startup-export')).file);
    assert.equal(up.spans.filter((e) => e.cat === 'startup').length, 4);
    const all = await exported(page, '#export-all-traces');
    const shown = JSON.parse(await page.locator('[data-part="timelines"]').getAttribute('data-timelines'));
    const { spans } = await loadsWhole(
      all.file,
      shown.reduce((n, s) => n + s.spans, 0),
    );
    assert.equal(new Set(spans.map((e) => e.pid)).size, shown.length, 'one process per timeline');
  });
});

describe('the lab and the sync demos get Export trace from the timeline itself', () => {
  test('the speedup lab', async () => {
    const lab = await openLab({ query: 'lab.html' });
    try {
      const { page } = lab;
      await page.fill('#size', '200');
      await page.fill('#workers', '2');
      await page.fill('#reps', '1');
      const before = Number(await page.evaluate(() => document.body.dataset.runs ?? 0));
      await page.click('#run');
      await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n, before, { timeout: 120_000 });
      const tasks = Number(/^k = 2: (\d+) tasks/.exec(await text(page, '#timeline-summary'))[1]);
      const { names } = await loadsWhole((await exported(page, '#timeline-export')).file, tasks);
      assert.deepEqual(threadsNamed(names, 1).slice(0, 2), ['worker 1', 'worker 2']);
    } finally {
      await lab.close();
    }
  });

  test('a sync demo (deadlock)', async () => {
    const lab = await openLab({ query: 'sync.html' });
    try {
      const { page } = lab;
      await page.click('#tab-deadlock');
      const sel = '#panel-deadlock [data-demo]';
      const before = await page.$eval(sel, (p) => Number(p.dataset.runs ?? 0));
      await page.click('#panel-deadlock .run');
      await page.waitForFunction(([s, n]) => Number(document.querySelector(s).dataset.runs) > n, [sel, before], {
        timeout: 60_000,
      });
      const button = page.locator('#panel-deadlock .timeline-export').first();
      await button.waitFor({ state: 'visible', timeout: 10_000 });
      const drawn = Number(
        /^(\d+) spans in/.exec(await page.locator('#panel-deadlock .timeline-summary').first().innerText())[1],
      );
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      await loadsWhole(JSON.parse(await readFile(await download.path(), 'utf8')), drawn);
    } finally {
      await lab.close();
    }
  });
});
