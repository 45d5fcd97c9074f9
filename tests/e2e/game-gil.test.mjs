// "Be the scheduler" with the setting "switch only where CPython ≥ 3.10 with
// the GIL would": the stepper offers no switch at a non-switch point, the
// solver proves the counter level unbreakable, and the setting lives in the
// share link (gil=1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openLab, text } from './harness.mjs';

let lab;
before(async () => {
  lab = await openLab({ query: 'game.html?level=counter&gil=1' });
});
after(async () => {
  await lab?.close();
});

const schedule = (page) => page.$eval('#game-outcome', (o) => o.dataset.schedule);
const enabled = (page, sel) => page.$eval(sel, (b) => !b.disabled).catch(() => false);
async function act(page, doIt) {
  const before = await schedule(page);
  await doIt();
  await page.waitForFunction((b) => document.querySelector('#game-outcome').dataset.schedule !== b, before, {
    timeout: 10_000,
  });
}

test('the link turns the setting on; the stepper then offers no switch between a read and its write', async () => {
  const { page, problems } = lab;
  await page.waitForSelector('#step-0');
  assert.equal(await page.isChecked('#game-gil'), true);
  assert.match(await text(page, '#game-gil-note'), /free-threaded CPython/);
  // The main thread starts both workers and waits in join().
  for (let i = 0; i < 40 && (await enabled(page, '#step-0')); i++) await act(page, () => page.click('#step-0'));
  assert.ok(await enabled(page, '#step-2'), 'at a switch point either worker may go');
  await act(page, () => page.click('#expand-1')); // its first step: no call, no backward jump
  assert.equal(await enabled(page, '#step-2'), false, "thread 2 may not run between thread 1's read and write");
  assert.match(await text(page, '[data-thread="1"] .facts'), /GIL\s*held, not at a switch point/);
  assert.match(page.url(), /[?&]gil=1(&|$)/);
  // Off, the same position lets thread 2 in.
  await page.click('#game-gil');
  await page.waitForFunction(() => !document.querySelector('#step-2').disabled);
  assert.doesNotMatch(page.url(), /gil=1/);
  await page.click('#game-gil');
  await page.waitForFunction(() => document.querySelector('#step-2').disabled);
  assert.deepEqual(problems, []);
});

test('the solver, honouring the setting, proves the counter level cannot be broken', async () => {
  const { page } = lab;
  await page.click('#game-reset');
  await page.waitForFunction(() => document.querySelector('#game-outcome').dataset.schedule === '');
  await page.click('#solver-run');
  await page.waitForFunction(() => /^Safe/.test(document.querySelector('#solver-status').textContent), null, {
    timeout: 60_000,
  });
  // Off, the same search finds the lost update.
  await page.click('#game-gil');
  await page.click('#solver-run');
  await page.waitForFunction(
    () => /lost update|Broken/i.test(document.querySelector('#solver-status').textContent),
    null,
    { timeout: 60_000 },
  );
});
