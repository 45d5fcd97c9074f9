// Threads vs processes vs the GIL (modes.html), driven as a user would.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openLab, text } from './harness.mjs';

/** Small settings: every row measured in a few seconds. */
const QUICK = { tasks: 8, units: '10_000_000', wait_ms: 60, http_ms: 60, workers: 4, switch_ms: 5, transfer_mb: 4 };

async function fill(page, fields) {
  for (const [id, value] of Object.entries(fields)) await page.fill(`#${id}`, String(value));
}

/** Presses a button and waits until that kind of run has finished. */
async function press(page, selector, kind, { timeout = 120_000 } = {}) {
  const key = `${kind}Runs`;
  const before = Number(await page.evaluate((k) => document.body.dataset[k] ?? 0, key));
  await page.click(selector);
  await page.waitForFunction(([k, n]) => Number(document.body.dataset[k] ?? 0) > n, [key, before], { timeout });
}

/** The panic test makes the wasm runtime print the panic and trap on purpose. */
const unexpected = (problems) => problems.filter((p) => !/panicked on purpose|unreachable/.test(p));
const cellText = (page, row, mode) => text(page, `#compare tbody tr:nth-child(${row}) td[data-mode="${mode}"]`);
const ROW = { memory: 1, startup: 2, comms: 3, cpu: 4, io: 5, http: 6, crash: 7 };

describe('cross-origin isolated', () => {
  let lab;
  before(async () => { lab = await openLab({ query: 'modes.html' }); });
  after(async () => { await lab?.close(); });

  test('the page starts a pool and is linked from the nav', async () => {
    const { page } = lab;
    assert.match(await text(page, '#pool-status'), /\d+ worker threads · cross-origin isolated/);
    assert.equal(await page.locator('nav a[aria-current="page"]').innerText(), 'Threads vs processes');
  });

  test('bad input is refused field by field and nothing runs', async () => {
    const { page } = lab;
    await fill(page, { ...QUICK, tasks: 0, wait_ms: 'ten', workers: 99, http_ms: 6000 });
    await press(page, '#measure', 'measure');
    assert.match(await text(page, '#tasks-error'), /at least 1/);
    assert.match(await text(page, '#wait_ms-error'), /not a number/);
    assert.match(await text(page, '#workers-error'), /At most \d+/);
    assert.match(await text(page, '#http_ms-error'), /5,000/);
    assert.equal(await page.locator('#units-error').innerText(), '');
    assert.equal(await page.locator('#workers').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => window.modesResults.cpu), undefined);
  });

  test('Measure fills every row of the table with live numbers, the chart and the closing note', async () => {
    const { page } = lab;
    await fill(page, QUICK);
    await press(page, '#measure', 'measure');
    assert.match(await text(page, '#measure-status'), /^Done: every cell measured just now/);
    const r = await page.evaluate(() => window.modesResults);
    // Waits overlap on threads even under the GIL, in processes and on the event loop.
    for (const mode of ['threads', 'gil', 'processes', 'async']) {
      assert.ok(r.io.sequential / r.io[mode] > 1.8, `I/O speedup of ${mode}: ${r.io.sequential} / ${r.io[mode]}`);
    }
    // CPU-bound work does not speed up under the GIL (whatever else the machine is doing).
    assert.ok(r.cpu.sequential / r.cpu.gil < 1.3, `GIL speedup ${r.cpu.sequential / r.cpu.gil}`);
    assert.ok(r.cpu.gil_switches > 0);
    assert.ok(r.http.sequential / r.http.async > 1.8, `HTTP gather ${r.http.sequential} / ${r.http.async}`);
    assert.ok(r.http.sequential / r.http.processes > 1.8, `HTTP processes ${r.http.sequential} / ${r.http.processes}`);
    assert.equal(r.startup.processes_ms.length, 4);
    assert.ok(r.memory.processes.every((b) => b > 0));
    assert.ok(r.transfer.clone.mb_s > 0 && r.transfer.transfer.mb_s > 0 && r.transfer.shared.mb_s > 0);
    assert.equal(r.transfer.detached, true);
    assert.equal(r.crash.processes.done, 7);
    assert.equal(r.crash.threads.after, 'done');
    // Every cell of every row has a value, except the ones that say why not.
    for (const [row, n] of Object.entries(ROW)) {
      for (const mode of ['sequential', 'threads', 'gil', 'processes', 'async']) {
        const shown = await cellText(page, n, mode);
        assert.ok(shown && shown !== '–' && shown !== '…', `${row}/${mode}: "${shown}"`);
      }
    }
    assert.match(await cellText(page, ROW.cpu, 'gil'), /^\d+ ms\n0\.\d\d×|^\d+ ms\n1\.[0-2]\d×/);
    assert.match(await cellText(page, ROW.cpu, 'async'), /not run/);
    assert.match(await cellText(page, ROW.http, 'threads'), /n\/a/);
    assert.equal(await page.locator('#chart .bar:not(.none)').count(), 3 + 2 + 2 + 3 + 2);
    const note = await text(page, '#closing-note');
    assert.match(note, new RegExp(`took ${r.cpu.sequential >= 1000 ? '[\\d.]+ s' : '\\d+ ms'} one after another`));
    assert.match(note, /under the GIL \([\d.]+×\)/);
    assert.match(note, /clone [\d.]+ [MG]B\/s/);
    assert.deepEqual(await page.evaluate(() => window.longTasks), []);
    assert.deepEqual(unexpected(lab.problems), []);
  });

  test('8 items, one divides by zero: listed as they complete, the rest still succeed', async () => {
    const { page } = lab;
    await press(page, '#fault-divide', 'fault');
    assert.equal(await page.locator('#fault-items li').count(), 8);
    assert.equal(await page.locator('#fault-items li.failed').count(), 1);
    assert.match(await text(page, '#fault-items li.failed'), /item 3: 4000 \/\/ 0 → ZeroDivisionError/);
    assert.match(await text(page, '#fault-status'), /7 returned a value, 1 raised an exception/);
    const { reply } = await page.evaluate(() => window.lastFault);
    const ends = reply.result.items.map((i) => i.end_ms);
    assert.deepEqual(ends, [...ends].sort((a, b) => a - b), 'in completion order');
  });

  test('a crashed process is isolated and restarted; the others finish', async () => {
    const { page } = lab;
    await press(page, '#fault-crash', 'fault');
    assert.match(await text(page, '#fault-status'), /Process \d crashed; its task \(item 2\) was lost\. .* 7 of 8 items finished\. Process \d was restarted in [\d.]+ m?s/);
    assert.equal(await page.locator('#fault-items li.lost').count(), 1);
    assert.equal(await page.locator('#fault-items li.ok').count(), 7);
  });

  test('a panicked thread is detected, a fresh instance and pool come up, and runs work again', async () => {
    const { page } = lab;
    await press(page, '#fault-panic', 'fault', { timeout: 30_000 });
    assert.match(await text(page, '#fault-status'), /A thread panicked \(pool thread \d: .*\)\. .*Detected after [\d.]+ ms; a fresh instance and pool of \d+ threads was up in [\d.]+ m?s, and a normal run of 8 tasks then finished in/);
    assert.match(await text(page, '#pool-status'), /\d+ worker threads · cross-origin isolated/);
    await press(page, '#run-io', 'gil');
    assert.match(await text(page, '#gil-result'), /GIL on: 8 I\/O-bound tasks on 4 threads took/);
  });

  test('the GIL switch: off, CPU-bound threads run without the lock', async () => {
    const { page } = lab;
    await page.uncheck('#gil');
    await press(page, '#run-cpu', 'gil');
    assert.match(await text(page, '#gil-result'), /GIL off: .* No lock/);
    await page.check('#gil');
    await press(page, '#run-cpu', 'gil');
    const { par } = await page.evaluate(() => window.lastGil);
    assert.equal(par.gil, true);
    assert.ok(par.gil_switches > 0);
  });

  test('Esc cancels a measurement within a second, and the next one works', async () => {
    const { page } = lab;
    await fill(page, { ...QUICK, wait_ms: 2000 });
    const before = Number(await page.evaluate(() => document.body.dataset.measureRuns ?? 0));
    await page.click('#measure');
    // This run's results (not the last one's): in the middle of the long waits.
    await page.waitForFunction(() => window.modesResults.settings?.wait_ms === 2000 && window.modesResults.cpu?.processes !== undefined, null, { timeout: 30_000 });
    const started = Date.now();
    await page.keyboard.press('Escape');
    await page.waitForFunction((n) => Number(document.body.dataset.measureRuns ?? 0) > n, before, { timeout: 5_000 });
    assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms`);
    assert.equal(await text(page, '#measure-status'), 'Cancelled.');
    await fill(page, QUICK);
    await press(page, '#fault-divide', 'fault');
    assert.equal(await page.locator('#fault-items li').count(), 8);
    assert.deepEqual(unexpected(lab.problems), []);
  });
});

describe('not isolated', () => {
  let lab;
  before(async () => { lab = await openLab({ isolation: false, query: 'modes.html' }); });
  after(async () => { await lab?.close(); });

  test('threads columns say why they are off; sequential, processes and the event loop still run', async () => {
    const { page } = lab;
    assert.equal(await page.locator('#isolation-banner').isVisible(), true);
    assert.match(await text(page, '#pool-status'), /Threads off/);
    await fill(page, QUICK);
    await press(page, '#measure', 'measure');
    const r = await page.evaluate(() => window.modesResults);
    assert.equal(r.cpu.threads, undefined);
    assert.ok(r.io.sequential / r.io.processes > 1.8);
    assert.ok(r.io.sequential / r.io.async > 1.8);
    assert.equal(r.transfer.shared, undefined);
    for (const mode of ['threads', 'gil']) {
      assert.match(await cellText(page, ROW.cpu, mode), /not cross-origin isolated/);
    }
    assert.match(await cellText(page, ROW.cpu, 'processes'), /\d+ ms/);
    assert.match(await text(page, '#closing-note'), /in 4 processes/);
  });

  test('a panic still recovers: the coordinator is replaced', async () => {
    const { page } = lab;
    await press(page, '#fault-panic', 'fault', { timeout: 30_000 });
    assert.match(await text(page, '#fault-status'), /crashed .*a fresh instance was up in [\d.]+ m?s, and a normal run of 8 tasks then finished/);
    assert.deepEqual(await page.evaluate(() => window.longTasks), []);
  });
});
