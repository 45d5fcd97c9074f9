// The page, driven as a user would: with cross-origin isolation (threads on)
// and without (the sequential fallback).
import { CANCEL_GRACE_MS } from '../../www/lib/client.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openLab, run, text, parseTime, assertResponsive } from './harness.mjs';

let lab;
before(async () => {
  lab = await openLab();
});
after(async () => {
  await lab?.close();
});

test('the pool has one thread per core and says so', async () => {
  const cores = await lab.page.evaluate(() => navigator.hardwareConcurrency);
  assert.match(await text(lab.page, '#pool-status'), new RegExp(`${cores} worker threads? · cross-origin isolated`));
  assert.equal(await lab.page.locator('#isolation-banner').isHidden(), true);
});

for (const workers of ['1', 'all']) {
  test(`sum of squares with ${workers} worker(s): times, speedup, efficiency and agreement are shown`, async () => {
    const { page } = lab;
    const k = workers === 'all' ? await page.evaluate(() => navigator.hardwareConcurrency) : 1;
    await run(page, { workload: 'sum-of-squares', size: '200_000_000', workers: k });
    assert.match(await text(page, '#run-status'), /^Done:/);
    const seq = parseTime(await text(page, '#seq-time'));
    const par = parseTime(await text(page, '#par-time'));
    assert.ok(seq > 0 && par > 0);
    assert.equal(await text(page, '#par-name'), `${k} worker${k === 1 ? '' : 's'}`);
    // The shown speedup and efficiency are computed from the shown times.
    // Times are shown rounded to the millisecond, the speedup to 0.01.
    const speedup = Number((await text(page, '#speedup')).replace('×', ''));
    const low = (seq - 0.5) / (par + 0.5) - 0.005,
      high = (seq + 0.5) / (par - 0.5) + 0.005;
    assert.ok(speedup >= low && speedup <= high, `speedup ${speedup} shown for ${seq} ms / ${par} ms`);
    const efficiency = Number((await text(page, '#efficiency')).replace('%', ''));
    assert.ok(Math.abs(efficiency - (100 * speedup) / k) <= 1.5, `efficiency ${efficiency} for ${speedup}x on ${k}`);
    assert.equal(await text(page, '#agree'), 'Yes ✓');
    // Python's exact integer: sum(i*i for i in range(200_000_000)).
    assert.equal(
      await text(page, '#answer'),
      ((199_999_999n * 200_000_000n * 399_999_999n) / 6n).toLocaleString('en-US'),
    );
    // Every one of the k workers computed blocks.
    const shares = await page.locator('#share-bars span').allInnerTexts();
    assert.equal(shares.length, k);
    for (const share of shares) assert.ok(Number(share.split(': ')[1]) > 0, `idle worker: ${shares}`);
  });
}

test('every workload runs and both runs agree', async () => {
  const { page } = lab;
  const sizes = {
    'sum-of-squares': '1e7',
    'counting-loop': '1e8',
    'sqrt-sin': '1e6',
    mandelbrot: '300',
    'prime-count': '1e6',
    'monte-carlo-pi': '1e6',
    'matrix-multiply': '200',
    'image-blur': '300',
    'array-sum-of-squares': '1e6',
  };
  const menu = await page.locator('#workload option').evaluateAll((options) => options.map((o) => o.value));
  assert.deepEqual([...menu].sort(), Object.keys(sizes).sort(), 'every workload in the menu is exercised here');
  for (const [workload, size] of Object.entries(sizes)) {
    await run(page, { workload, size, workers: 2 });
    assert.match(await text(page, '#run-status'), /^Done:/, workload);
    assert.equal(await text(page, '#agree'), 'Yes ✓', workload);
  }
  assert.equal((await page.locator('#history tbody tr').count()) >= 4, true);
});

test('the Mandelbrot set is drawn on the canvas', async () => {
  const { page } = lab;
  await run(page, { workload: 'mandelbrot', size: 600, workers: 2 });
  const picture = await page.evaluate(() => {
    const canvas = document.querySelector('#picture');
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let black = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] + pixels[i + 1] + pixels[i + 2] === 0) black++;
    return {
      hidden: canvas.hidden,
      width: canvas.width,
      height: canvas.height,
      blackShare: black / (pixels.length / 4),
    };
  });
  assert.equal(picture.hidden, false);
  assert.deepEqual([picture.width, picture.height], [600, 400]);
  // The set itself (black) covers a good part of the view, but not all of it.
  assert.ok(picture.blackShare > 0.1 && picture.blackShare < 0.5, `black share ${picture.blackShare}`);
});

test('bad input gets a message next to its field and the page stays usable', async () => {
  const { page } = lab;
  const cases = [
    { size: '0', workers: '2', field: 'size', says: /at least 1/ },
    { size: '-5', workers: '2', field: 'size', says: /at least 1/ },
    { size: 'ten', workers: '2', field: 'size', says: /not a number/ },
    { size: 'NaN', workers: '2', field: 'size', says: /not a number|NaN/ },
    { size: '2.5', workers: '2', field: 'size', says: /whole number/ },
    { size: '1e30', workers: '2', field: 'size', says: /too large/ },
    { size: '5e12', workers: '2', field: 'size', says: /too large.*(minutes|hours)/ },
    { size: '1000', workers: '0', field: 'workers', says: /at least 1/ },
    { size: '1000', workers: '-1', field: 'workers', says: /at least 1/ },
    { size: '1000', workers: '999', field: 'workers', says: /choose 1 to/ },
    { size: '1000', workers: 'many', field: 'workers', says: /not a number/ },
  ];
  // A good run first: its figures stay on show, and the status says whose they are.
  await run(page, { workload: 'sum-of-squares', size: '1e6', workers: 2 });
  for (const c of cases) {
    await run(page, { workload: 'sum-of-squares', size: c.size, workers: c.workers });
    assert.match(await text(page, '#run-status'), /figures below are from the last run/, `${c.size}/${c.workers}`);
    const error = page.locator(`#${c.field}-error`);
    assert.equal(await error.isVisible(), true, `${c.size}/${c.workers}`);
    assert.match(await error.innerText(), c.says, `${c.size}/${c.workers}`);
    assert.equal(await page.getAttribute(`#${c.field}`, 'aria-invalid'), 'true');
    // Focus goes to the field to fix.
    assert.equal(await page.evaluate(() => document.activeElement.id), c.field);
  }
  // A sum of squares whose result would not fit even in 128 bits.
  await run(page, { workload: 'sum-of-squares', size: '2e13', workers: 2 });
  assert.match(await text(page, '#size-error'), /fit/);
  // Fixing the input clears the message and runs.
  await run(page, { size: '1e6', workers: 2 });
  assert.match(await text(page, '#run-status'), /^Done:/);
  assert.equal(await page.locator('#size-error').isVisible(), false);
});

test('Cancel stops a long run cooperatively, without waiting for the worker to be replaced', async (t) => {
  const { page } = lab;
  await page.selectOption('#workload', 'counting-loop');
  await page.fill('#size', '1.5e10');
  await page.fill('#workers', '2');
  await page.click('#run');
  await page.waitForFunction(
    () =>
      /^Running/.test(document.querySelector('#run-status').textContent) &&
      Number(document.querySelector('#lane-seq .track').getAttribute('aria-valuenow')) > 0,
  );
  const started = Date.now();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => /Cancelled/.test(document.querySelector('#run-status').textContent), null, {
    timeout: 5000,
  });
  const took = Date.now() - started;
  t.diagnostic(`cancelled in ${took} ms`);
  // A cooperative cancel (the cancel word in shared memory, read between
  // blocks) ends a run in milliseconds; one that is not heard is given up on
  // after CANCEL_GRACE_MS (2 s), when the client replaces the worker — which
  // also ends in "Cancelled". So the bound that tells the two apart is
  // CANCEL_GRACE_MS, not a guess at this machine's speed. Measured: from the
  // key press to the status line saying Cancelled, through Playwright's polling.
  assert.ok(took < CANCEL_GRACE_MS, `cancel took ${took} ms`);
  // Usable afterwards.
  await run(page, { size: '1e7', workers: 2 });
  assert.match(await text(page, '#run-status'), /^Done:/);
});

test('the settings of the last run stay in the URL, and opening that URL fills the form with them', async () => {
  const { page } = lab;
  await run(page, { workload: 'prime-count', size: '250_000', workers: 2 });
  assert.match(await text(page, '#run-status'), /^Done:/);
  const url = new URL(page.url());
  assert.deepEqual(Object.fromEntries(url.searchParams), { workload: 'prime-count', size: '250_000', workers: '2' });
  const other = await page.context().browser().newPage();
  try {
    await other.goto(url.href);
    await other.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    assert.equal(await other.inputValue('#workload'), 'prime-count');
    assert.equal(await other.inputValue('#size'), '250_000');
    assert.equal(await other.inputValue('#workers'), '2');
  } finally {
    await other.close();
  }
});

test('the main thread never blocks during runs (no task over 50 ms)', async (t) => {
  const { page } = lab;
  await page.evaluate(() => {
    window.longTasks = [];
  });
  await run(page, { workload: 'mandelbrot', size: 1200, workers: 2 });
  await run(page, { workload: 'sqrt-sin', size: '3e6', workers: 2 });
  await assertResponsive(page, t);
});

test('everything works from the keyboard', async () => {
  const { page } = lab;
  await page.goto(page.url().split('?')[0]);
  await page.waitForSelector('body[data-ready="true"]');
  await page.focus('#workload');
  await page.keyboard.press('ArrowDown'); // second workload: the counting loop
  assert.equal(await page.inputValue('#workload'), 'counting-loop');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'size');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('2e8');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'workers');
  await page.keyboard.press('Enter'); // submits the form
  await page.waitForFunction(() => document.querySelectorAll('#history tbody tr').length > 0, null, {
    timeout: 30_000,
  });
  assert.match(await text(page, '#run-status'), /^Done:/);
  // Labels give every control an accessible name.
  for (const id of ['workload', 'size', 'workers']) {
    const name = await page.locator(`#${id}`).evaluate((el) => el.labels[0]?.textContent ?? '');
    assert.ok(name.length > 3, id);
  }
  assert.deepEqual(lab.problems, []);
});

test('the prime count and Monte Carlo answers are the known ones', async () => {
  const { page } = lab;
  await run(page, { workload: 'prime-count', size: '1e6', workers: 2 });
  assert.match(await text(page, '#answer'), /^78,498 primes below 1,000,000/);
  await run(page, { workload: 'monte-carlo-pi', size: '1e6', workers: 2 });
  assert.match(await text(page, '#answer'), /3\.14/);
  assert.equal(await text(page, '#agree'), 'Yes ✓');
});

test('the blur shows the picture before and after', async () => {
  const { page } = lab;
  await run(page, { workload: 'image-blur', size: 600, workers: 2 });
  const sharpness = await page.evaluate(() =>
    ['before', 'picture'].map((id) => {
      const c = document.getElementById(id);
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      // Sum of differences between horizontal neighbours: a blur lowers it.
      let edges = 0;
      for (let i = 4; i < d.length; i += 4) edges += Math.abs(d[i] - d[i - 4]);
      return { w: c.width, h: c.height, edges, visible: c.checkVisibility() };
    }),
  );
  assert.deepEqual(
    sharpness.map((s) => [s.w, s.h, s.visible]),
    [
      [600, 400, true],
      [600, 400, true],
    ],
  );
  assert.ok(sharpness[1].edges < sharpness[0].edges * 0.8, JSON.stringify(sharpness));
  assert.equal(await text(page, '#picture-caption'), 'After');
});

test('the array made in JavaScript shows what getting it into wasm cost', async () => {
  const { page } = lab;
  await run(page, { workload: 'array-sum-of-squares', size: '2e6', workers: 2 });
  assert.equal(await text(page, '#agree'), 'Yes ✓');
  assert.match(
    await text(page, '#data-in'),
    /the 8\.0 MB array was made in JavaScript in [\d.]+ ms and copied into wasm memory in [\d.]+ ms/,
  );
});

test('on a phone, Run brings the race into view (it starts below the fold)', async () => {
  const { page } = lab;
  await page.setViewportSize({ width: 375, height: 667 });
  try {
    await page.evaluate(() => window.scrollTo(0, 0));
    const below = await page.locator('#lane-seq').evaluate((n) => n.getBoundingClientRect().top >= window.innerHeight);
    assert.ok(below, 'the 1-worker lane starts off screen at 375 × 667 (an iPhone SE) (else this test shows nothing)');
    await run(page, { workload: 'sum-of-squares', size: '1e7', workers: 1 });
    await page.waitForFunction(
      () => {
        const box = document.querySelector('#lane-seq').getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      },
      null,
      { timeout: 5000 },
    );
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});
