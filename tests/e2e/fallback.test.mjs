// Served without COOP/COEP (like a plain static host): no SharedArrayBuffer,
// no threads. The page must say why and still run the sequential version.
import { CANCEL_GRACE_MS } from '../../www/lib/client.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openLab, run, text } from './harness.mjs';

let lab;
before(async () => {
  lab = await openLab({ isolation: false });
});
after(async () => {
  await lab?.close();
});

test('explains why threads are off and how to turn them on', async () => {
  const { page } = lab;
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  assert.equal(await page.locator('#isolation-banner').isVisible(), true);
  const banner = await text(page, '#isolation-banner');
  assert.match(banner, /Cross-Origin-Opener-Policy: same-origin/);
  assert.match(banner, /Cross-Origin-Embedder-Policy: require-corp/);
  assert.match(await text(page, '#pool-status'), /Threads off/);
  assert.equal(await page.locator('#workers').isDisabled(), true);
});

test('still runs the sequential version with the right answer', async () => {
  const { page } = lab;
  await run(page, { workload: 'sum-of-squares', size: '1e7' });
  assert.match(await text(page, '#run-status'), /one worker took .* Threads are off/);
  assert.equal(await text(page, '#answer'), '333,333,283,333,335,000,000');
  assert.equal(await text(page, '#speedup'), 'n/a');
});

test('bad input is still reported next to the field', async () => {
  const { page } = lab;
  await run(page, { workload: 'sum-of-squares', size: '-3' });
  assert.match(await text(page, '#size-error'), /at least 1/);
});

test('cancel works without shared memory, and the page recovers', async (t) => {
  const { page } = lab;
  await page.fill('#size', '1e10');
  await page.click('#run');
  // Progress arrives as messages here: wait until the lane moves.
  await page.waitForFunction(
    () =>
      /^Running/.test(document.querySelector('#run-status').textContent) &&
      Number(document.querySelector('#lane-seq .track').getAttribute('aria-valuenow')) > 0,
    null,
    { timeout: 10_000 },
  );
  const started = Date.now();
  await page.click('#cancel');
  await page.waitForFunction(() => /Cancelled/.test(document.querySelector('#run-status').textContent), null, {
    timeout: 5000,
  });
  const took = Date.now() - started;
  t.diagnostic(`cancelled in ${took} ms`);
  // Without shared memory the client ends the worker at once (no grace
  // period to wait for a cooperative stop): well under CANCEL_GRACE_MS, the
  // wait a cancel through shared memory would be given.
  assert.ok(took < CANCEL_GRACE_MS, `cancel took ${took} ms`);
  await run(page, { size: '1e6' });
  assert.match(await text(page, '#run-status'), /^Done:/);
  assert.deepEqual(lab.problems, []);
});
