// Every page in Chromium, Firefox ESR and WebKitGTK (./drivers.mjs):
//  - threaded where the engine can (WebKitGTK with JSC_useSharedArrayBuffer=1):
//    each page loads, its main run uses more than one worker and the answers
//    agree, cancel works, the page throws nothing;
//  - WebKitGTK as GNOME Web ships it (no SharedArrayBuffer): every page falls
//    back to one worker, says why in one sentence, and answers correctly;
//  - WebKitGTK under LANG=C (navigator.language "C"): every page boots.
// One browser session per engine, reused for every page; runs are small.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../scripts/serve.mjs';
import { open, wanted } from './drivers.mjs';

/** Σ i² for i < 1e7, as the race page prints it. */
const SQUARES_1E7 = '333,333,283,333,335,000,000';
const WEBKIT_SAB = { JSC_useSharedArrayBuffer: '1' };

let server;
let base = '';
before(async () => {
  server = await startServer({ port: 0, quiet: true });
  base = `http://localhost:${server.address().port}`;
});
after(() => server?.close());

/** @typedef {Awaited<ReturnType<typeof open>>} Session */

/** Presses `button` and waits until body[data-runs] (or `counter`'s data-runs) goes up. */
async function press(s, button, { counter = 'body', timeout = 120_000 } = {}) {
  const runs = `return Number(document.querySelector(${JSON.stringify(counter)})?.dataset.runs ?? 0)`;
  const before = await s.js(runs);
  await s.click(button);
  await s.until(`${runs} > arguments[0]`, timeout, `${button} to finish`, before);
}

/**
 * Starts a long run with `start`; once `cancel` is enabled (the run is on),
 * presses it and waits until `status` says so. Resolves to the milliseconds
 * the cancel took.
 */
async function cancels(s, start, cancel, status, cancelled = /Cancelled/) {
  await s.click(start);
  await s.until('return !document.querySelector(arguments[0]).disabled', 20_000, 'the run to start', cancel);
  // Let the run get going inside the worker(s).
  await new Promise((r) => setTimeout(r, 300));
  const t0 = Date.now();
  await s.click(cancel);
  await s.until(
    `return ${cancelled}.test(document.querySelector(arguments[0])?.textContent ?? '')`,
    5_000,
    'the cancel',
    status,
  );
  return Date.now() - t0;
}

/**
 * The checks for one engine.
 * @param {'chromium' | 'firefox' | 'webkit'} engine
 * @param {{env?: Record<string, string>, threaded: boolean}} how
 */
function pages(engine, { env, threaded }) {
  /** @type {Session} */
  let s;
  before(async () => {
    s = await open(engine, { env });
  });
  after(async () => {
    await s?.close();
  });
  const noErrors = async () => assert.deepEqual(await s.errors(), []);
  /**
   * Without threads, the page's banner gives the reason in one sentence, and
   * no advice about headers: the page is isolated already.
   */
  const banner = async () => {
    if (threaded) {
      assert.equal(await s.js('return document.getElementById("isolation-banner").hidden'), true);
      return;
    }
    const shown = await s.text('#isolation-banner');
    assert.match(
      shown,
      /Threads are off: this browser gives no SharedArrayBuffer even to a cross-origin isolated page \(WebKitGTK needs JSC_useSharedArrayBuffer=1\), so one worker runs everything\./,
    );
    assert.doesNotMatch(shown, /Cross-Origin-Opener-Policy|served without|Serve it with|dev\.sh serve/);
  };

  test('race page: the answer on 2 workers, cancel, nothing thrown', async (t) => {
    await s.load(`${base}/index.html`);
    const pill = await s.text('#pool-status');
    t.diagnostic(`${engine}: ${pill}`);
    assert.match(pill, threaded ? /\d+ worker threads · cross-origin isolated/ : /^Threads off/);
    await banner();
    // A new workload puts its own default size in: choose it first.
    await s.fill({ workload: 'sum-of-squares' });
    await s.fill({ size: '1e7', workers: 2 });
    await press(s, '#run');
    const status = await s.text('#run-status');
    t.diagnostic(status);
    assert.equal(await s.text('#answer'), SQUARES_1E7);
    if (threaded) {
      assert.match(status, /^Done:/);
      assert.equal(await s.text('#par-name'), '2 workers');
      assert.equal(await s.text('#agree'), 'Yes ✓');
    } else {
      assert.match(status, /one worker took .* Threads are off/);
      assert.equal(await s.text('#speedup'), 'n/a');
    }
    await s.fill({ size: '1e10' });
    const ms = await cancels(s, '#run', '#cancel', '#run-status');
    t.diagnostic(`cancelled in ${ms} ms`);
    await s.fill({ size: '1e6' });
    await press(s, '#run');
    assert.match(await s.text('#run-status'), /^Done:/);
    await noErrors();
  });

  test('speedup lab: a sweep completes (or, without threads, says why there is none)', async (t) => {
    await s.load(`${base}/lab.html`);
    await banner();
    if (!threaded) {
      // A sweep over worker counts needs workers: the page says why instead.
      assert.equal(await s.js('return document.getElementById("run").disabled'), true);
      assert.match(await s.text('#run-status'), /^Threads are off: [^]*JSC_useSharedArrayBuffer=1[^]*nothing to sweep/);
      await noErrors();
      return;
    }
    await s.fill({ workload: 'mandelbrot' });
    await s.fill({ size: 240, workers: 2, reps: 1 });
    await press(s, '#run');
    const status = await s.text('#run-status');
    t.diagnostic(status);
    assert.match(status, /^Done: 2 worker counts × 1 runs/);
    assert.equal(await s.js('return document.querySelectorAll("#speedup-chart canvas").length'), 1);
    await s.fill({ workload: 'sum-of-squares' });
    await s.fill({ size: '1e10', workers: 2, reps: 3 });
    const ms = await cancels(s, '#run', '#cancel', '#run-status');
    t.diagnostic(`cancelled in ${ms} ms: ${await s.text('#run-status')}`);
    await noErrors();
  });

  test('races & locks: locked counts are exact', async (t) => {
    await s.load(`${base}/sync.html`);
    await banner();
    await s.click('#tab-race');
    await s.fill({ 'race-workers': 2, 'race-increments': '1e5', 'race-repeats': 2 });
    if (!threaded) {
      // Without a pool the client runs the demo simulated on its one worker
      // (lib/client.js decides once; tests/e2e/sync.test.mjs checks the same
      // in Chromium): the button is enabled and the panel says it simulates.
      assert.equal(await s.js('return document.querySelector("#panel-race .run").disabled'), false);
      assert.match(await s.text('#panel-race .sim-note'), /^Simulated: threads are off/);
    }
    await press(s, '#panel-race .run', { counter: '#panel-race [data-demo]' });
    const status = await s.text('#panel-race .run-status');
    t.diagnostic(status);
    const reply = JSON.parse(await s.js('return document.querySelector("#panel-race [data-demo]").dataset.json'));
    assert.equal(reply.status, 'done', status);
    if (!threaded)
      assert.match(
        status,
        /^Simulated with seed \d+: 2 threads on one worker \(the same seed replays this run\)\. Done: 2 runs/,
      );
    assert.equal(reply.result.expected, 200_000);
    for (const m of reply.result.methods) {
      if (m.method !== 'unsynchronised') for (const x of m.samples) assert.equal(x.actual, 200_000, m.method);
    }
    await noErrors();
  });

  test('threads vs processes: Measure fills the table', async (t) => {
    await s.load(`${base}/modes.html`);
    await banner();
    await s.fill({ tasks: 4, units: '4_000_000', wait_ms: 40, http_ms: 40, workers: 2, switch_ms: 5, transfer_mb: 2 });
    await press(s, '#measure', { counter: '[data-demo="modes"]' });
    const status = await s.text('#measure-status');
    t.diagnostic(status);
    assert.match(status, /^Done/);
    const r = JSON.parse(await s.js('return document.querySelector("[data-demo=modes]").dataset.results'));
    assert.ok(r.cpu.sequential > 0);
    // Filled, not fast: speed is never asserted (shared, noisy machines).
    t.diagnostic(`cpu ${JSON.stringify(r.cpu)} io ${JSON.stringify(r.io)}`);
    if (threaded) assert.ok(r.cpu.threads > 0 && r.cpu.gil > 0 && r.io.threads > 0, JSON.stringify(r));
    else assert.equal(r.cpu.threads ?? null, null, 'no threads column without threads');
    await noErrors();
  });

  test("be the scheduler: the solver finds the counter's lost update", async (t) => {
    await s.load(`${base}/game.html?level=counter`);
    await banner();
    await s.until('return !document.querySelector("#solver-run").disabled', 30_000, 'the solver button');
    await s.click('#solver-run');
    await s.until(
      'return /^(Broken|Safe)/.test(document.querySelector("#solver-status")?.textContent ?? "")',
      60_000,
      'the solver',
    );
    const verdict = await s.text('#solver-status');
    t.diagnostic(`${verdict} ${await s.text('#solver-stats')}`);
    assert.match(verdict, /^Broken in \d+ steps .*lost/i);
    await noErrors();
  });

  test('embed page and builder load', async (t) => {
    await s.load(`${base}/embed.html?demo=race&size=1e7&workload=sum-of-squares`);
    const chip = await s.text('#pool-status');
    t.diagnostic(`embed: ${chip} ${await s.text('#isolation-note')}`);
    await s.fill({ workers: 2 });
    await press(s, '#run');
    assert.equal(await s.text('#answer'), SQUARES_1E7);
    if (threaded)
      assert.match(await s.text('#run-status'), /× faster on 2 workers \(efficiency \d+%\); results agree\.$/);
    else assert.match(await s.text('#isolation-note'), /^Threads are off: .*SharedArrayBuffer/);
    await noErrors();
    await s.load(`${base}/builder.html`);
    await s.until('return document.body.dataset.previewReady', 60_000, 'the preview');
    await noErrors();
  });
}

describe('Chromium', { skip: !wanted('chromium') }, () => pages('chromium', { threaded: true }));
describe('Firefox ESR', { skip: !wanted('firefox') }, () => pages('firefox', { threaded: true }));
describe('WebKitGTK with JSC_useSharedArrayBuffer=1', { skip: !wanted('webkit') }, () =>
  pages('webkit', { env: WEBKIT_SAB, threaded: true }),
);
describe('WebKitGTK as GNOME Web ships it: the fallback', { skip: !wanted('webkit-fallback') }, () =>
  pages('webkit', { threaded: false }),
);

describe('WebKitGTK under LANG=C (navigator.language "C")', { skip: !wanted('webkit-c') }, () => {
  /** @type {Session} */
  let s;
  before(async () => {
    s = await open('webkit', { env: { ...WEBKIT_SAB, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
  });
  after(async () => {
    await s?.close();
  });
  test('every page boots', async () => {
    // Before any page of ours (which may correct it for its own use).
    assert.equal(await s.js('return navigator.language'), 'C');
    for (const page of [
      'index.html',
      'lab.html',
      'sync.html',
      'modes.html',
      'game.html',
      'embed.html?demo=sweep',
      'builder.html',
    ]) {
      await s.load(`${base}/${page}`, { timeout: 30_000 });
      assert.deepEqual(await s.errors(), [], page);
    }
  });
});
