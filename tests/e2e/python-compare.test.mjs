// The Python page's Compare card (www/demos/python/compare.js), used as a
// reader would: paste a program, pick its functions, press Compare, read the
// table and the timelines; cancel in the middle; a task that raises; a
// program with nothing to compare; bad inputs; the keyboard; a phone's
// width; the modes page's link; and the "no GIL" setting's atomicity table.
//
// Speed is never asserted (a shared machine times nothing reliably): the
// relations checked are what the timelines show — with the GIL one thread
// runs Python at a time, without it or in processes several do, and sleeping
// calls overlap in every pooled setting. Each timeline's figure carries
// data-most-running / data-most-sleeping (the most lanes in that state at one
// moment, computed from the run's report) and the table's cells data-ms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { paste } from './python-page.mjs';
import { openLab, assertResponsive } from './harness.mjs';
import { checkTraceFormat } from './trace-format.mjs';

const SHOTS = process.env.SHOTS ?? 'target/screenshots';
const COLUMNS = ['sequential', 'gil', 'free-threaded', 'processes'];

let lab;
before(async () => {
  lab = await openLab({ query: 'python.html' });
});
after(async () => {
  await lab?.close();
});

/** A tutorial-shaped program of our own: two task functions, its own main. */
const PROGRAM = [
  'import time',
  '',
  'LIMIT = 30_000',
  '',
  'def primes_below(n):',
  '    found = 0',
  '    for k in range(2, n):',
  '        d = 2',
  '        while d * d <= k:',
  '            if k % d == 0:',
  '                break',
  '            d += 1',
  '        else:',
  '            found += 1',
  '    return found',
  '',
  'def ask_server(query):',
  '    time.sleep(0.15)',
  '    return f"answer to {query}"',
  '',
  'def helper(a, b):',
  '    return a + b',
  '',
  'if __name__ == "__main__":',
  '    print(primes_below(LIMIT), ask_server("x"))',
  '',
].join('\n');

/** Waits until the function lists reflect the editor (they refresh after a pause). */
async function functionsListed(page, names) {
  await page.waitForFunction(
    (want) => {
      const got = [...document.querySelectorAll('#cmp-cpu-function option')].map((o) => o.value).filter(Boolean);
      return JSON.stringify(got) === JSON.stringify(want);
    },
    names,
    { timeout: 10_000 },
  );
}

const cardState = (page) => page.$eval('#compare', (r) => ({ ...r.dataset }));

/** Presses Compare (or `how`) and waits for the comparison to end. */
async function compare(page, how = () => page.click('#cmp-run'), timeout = 120_000) {
  const before = Number((await cardState(page)).runs);
  await how();
  await page.waitForFunction((n) => Number(document.querySelector('#compare').dataset.runs) > n, before, { timeout });
  return cardState(page);
}

const figure = (page, col) =>
  page.$eval(`.cmp-timeline[data-col="${col}"]`, (f) => ({
    ...f.dataset,
    note: f.querySelector('.cmp-at-once').textContent,
  }));

test('the table and the timelines, from a pasted program', async (t) => {
  const { page, problems } = lab;
  await paste(page, PROGRAM);
  // The one-argument functions are offered; helper(a, b) is not.
  await functionsListed(page, ['primes_below', 'ask_server']);
  assert.equal(await page.inputValue('#cmp-cpu-function'), 'primes_below');
  assert.equal(await page.inputValue('#cmp-io-function'), 'ask_server', 'the one that sleeps is the I/O-bound guess');
  await page.fill('#cmp-cpu-inputs', '[LIMIT] * 4');
  await page.fill('#cmp-io-inputs', 'range(4)');
  await page.fill('#cmp-workers', '4');
  // Each cell is the median of two runs, the columns taking turns.
  await page.fill('#cmp-rounds', '2');
  const s = await compare(page);
  assert.equal(s.exit, 'finished', await page.innerText('#cmp-status'));
  assert.match(await page.innerText('#cmp-status'), /^Done: 16 runs/);
  assert.deepEqual(await page.$$eval('#cmp-table thead th', (ths) => ths.map((th) => th.dataset.col)), COLUMNS);
  for (const row of ['cpu', 'io']) {
    const cells = await page.$$eval(`#cmp-table tr[data-row="${row}"] td`, (tds) =>
      tds.map((td) => ({ col: td.dataset.col, ms: Number(td.dataset.ms), up: td.dataset.speedup, text: td.innerText })),
    );
    assert.deepEqual(
      cells.map((c) => c.col),
      COLUMNS,
    );
    for (const c of cells) assert.ok(c.ms > 0, `${row}/${c.col}: ${JSON.stringify(c)}`);
    t.diagnostic(`${row}: ${cells.map((c) => `${c.col} ${c.ms.toFixed(0)} ms (${c.up || 1}x)`).join(', ')}`);
  }
  // The lines the comparison left out: the main block.
  assert.match(await page.innerText('#cmp-skipped'), /lines 24–25/);

  // CPU-bound: with the GIL one thread at a time; without it, and in processes, several.
  await page.waitForFunction(() => document.querySelector('.cmp-timeline[data-col="processes"]').dataset.row === 'cpu');
  const cpu = Object.fromEntries(await Promise.all(COLUMNS.map(async (c) => [c, await figure(page, c)])));
  assert.equal(cpu.sequential.mostRunning, '1', JSON.stringify(cpu.sequential));
  assert.equal(cpu.gil.mostRunning, '1', `the GIL: never two threads running at once: ${JSON.stringify(cpu.gil)}`);
  assert.match(cpu.gil.note, /the GIL lets one thread run at a time/);
  assert.ok(
    Number(cpu['free-threaded'].mostRunning) >= 2,
    `no GIL: two lanes ran at once: ${JSON.stringify(cpu['free-threaded'])}`,
  );
  assert.ok(
    Number(cpu.processes.mostRunning) >= 2,
    `processes: two lanes ran at once: ${JSON.stringify(cpu.processes)}`,
  );
  // The processes' lanes are child processes' threads.
  assert.match(await page.innerText('#cmp-tl-processes-summary'), /Process-\d/);

  // I/O-bound: the sleeps overlap in every pooled setting, never sequentially.
  await page.click('.cmp-row-button[data-row="io"]');
  assert.equal(await page.getAttribute('.cmp-row-button[data-row="io"]', 'aria-pressed'), 'true');
  await page.waitForFunction(() => document.querySelector('.cmp-timeline[data-col="processes"]').dataset.row === 'io');
  const io = Object.fromEntries(await Promise.all(COLUMNS.map(async (c) => [c, await figure(page, c)])));
  assert.equal(io.sequential.mostSleeping, '1', JSON.stringify(io.sequential));
  for (const c of ['gil', 'free-threaded', 'processes']) {
    assert.ok(Number(io[c].mostSleeping) >= 2, `${c}: sleeping calls overlapped: ${JSON.stringify(io[c])}`);
  }
  assert.equal(io.gil.mostRunning, '1');
  assert.deepEqual(problems, []);
  await assertResponsive(page, t);
});

test('a timeline of the comparison exports a valid trace', async (t) => {
  const { page } = lab;
  await page.click('.cmp-row-button[data-row="cpu"]');
  await page.waitForFunction(
    () => document.querySelector('.cmp-timeline[data-col="free-threaded"]').dataset.row === 'cpu',
  );
  await page.waitForSelector('#cmp-tl-free-threaded:not([hidden])');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.click('#cmp-tl-free-threaded-export'),
  ]);
  const file = JSON.parse(await readFile(await download.path(), 'utf8'));
  const { spans, names } = checkTraceFormat(file);
  const lanes = new Set([...names.values()]);
  assert.ok(
    [...lanes].some((l) => /ThreadPoolExecutor/.test(l)),
    [...lanes].join(', '),
  );
  assert.ok(!lanes.has('GIL'), 'no GIL lane without a GIL');
  t.diagnostic(`trace: ${spans.length} spans on ${lanes.size} lanes`);
  assert.ok(spans.length >= 5, `${spans.length} spans`);
});

test('Cancel in the middle stops the comparison, keeps what finished, and the page goes on', async (t) => {
  const { page } = lab;
  await paste(page, PROGRAM);
  await functionsListed(page, ['primes_below', 'ask_server']);
  // Long enough that Cancel lands inside a run.
  await page.fill('#cmp-cpu-inputs', '[LIMIT * 4] * 4');
  await page.fill('#cmp-rounds', '1');
  await page.click('#cmp-run');
  // The table is emptied when the comparison starts; then the first cell fills.
  await page.waitForFunction(
    () =>
      document.querySelector('#compare').dataset.state === 'running' &&
      document.querySelectorAll('#cmp-table td[data-ms]').length === 0,
  );
  await page.waitForFunction(() => document.querySelectorAll('#cmp-table td[data-ms]').length >= 1, null, {
    timeout: 60_000,
  });
  const pressed = Date.now();
  const s = await compare(page, () => page.click('#cmp-cancel'));
  t.diagnostic(`cancel to idle: ${Date.now() - pressed} ms`);
  assert.equal(s.exit, 'cancelled');
  assert.equal(s.state, 'idle');
  assert.match(await page.innerText('#cmp-status'), /^Cancelled: \d of 8 runs had finished/);
  const kept = await page.$$eval('#cmp-table td[data-ms]', (tds) => tds.length);
  assert.ok(kept >= 1 && kept < 8, `${kept} cells kept`);
  assert.equal(await page.isDisabled('#cmp-run'), false);
  // The page goes on: Run works, and so does the next comparison (Esc cancels it too).
  await paste(page, 'print("after the cancel")');
  await page.click('#py-run');
  await page.waitForFunction(() => document.querySelector('#py-output').textContent.includes('after the cancel'));
  await paste(page, PROGRAM);
  await functionsListed(page, ['primes_below', 'ask_server']);
  await page.fill('#cmp-cpu-inputs', '[LIMIT * 4] * 4');
  await page.click('#cmp-run');
  await page.waitForFunction(() => document.querySelector('#compare').dataset.state === 'running');
  await page.waitForTimeout(300);
  const again = await compare(page, () => page.keyboard.press('Escape'));
  assert.equal(again.exit, 'cancelled');
  await assertResponsive(page, t);
});

test('a task that raises says which, where, and shows its traceback', async () => {
  const { page } = lab;
  await paste(
    page,
    ['def risky(n):', '    if n == 3:', '        raise ValueError(f"no good: {n}")', '    return n * n', ''].join('\n'),
  );
  await functionsListed(page, ['risky']);
  await page.selectOption('#cmp-io-function', '');
  await page.fill('#cmp-cpu-inputs', 'range(5)');
  const s = await compare(page);
  assert.equal(s.exit, 'failed');
  const status = await page.innerText('#cmp-status');
  assert.match(status, /risky\(\) raised ValueError: no good: 3 \(line 3\) in the sequential run/);
  const traceback = await page.innerText('#cmp-error');
  assert.match(traceback, /line 3, in risky/);
  assert.match(traceback, /ValueError: no good: 3/);
  assert.equal(await page.isDisabled('#cmp-run'), false);
});

test('the processes column starts its processes as the page says (fork, spawn)', async () => {
  const { page } = lab;
  // Under spawn the child imports the file again as __mp_main__, so SCALE
  // is None there: only a spawned pool fails.
  await paste(
    page,
    ['SCALE = 3 if __name__ == "__main__" else None', '', 'def scaled(n):', '    return n * SCALE', ''].join('\n'),
  );
  await functionsListed(page, ['scaled']);
  await page.selectOption('#cmp-io-function', '');
  await page.fill('#cmp-cpu-inputs', 'range(4)');
  await page.selectOption('#py-start', 'spawn');
  let s = await compare(page);
  assert.equal(s.exit, 'failed');
  const status = await page.innerText('#cmp-status');
  assert.match(status, /processes run/, status);
  assert.match(status + (await page.innerText('#cmp-error')), /NoneType/);
  await page.selectOption('#py-start', 'fork');
  s = await compare(page);
  assert.equal(s.exit, 'finished', await page.innerText('#cmp-status'));
  assert.ok(await page.$('tr[data-row="cpu"] td[data-col="processes"][data-ms]'), 'the processes cell has a time');
});

test('a program with nothing to compare, and inputs that are not Python, say so', async () => {
  const { page } = lab;
  await paste(page, 'print("no functions here")\n\ndef two(a, b):\n    return a + b\n');
  await functionsListed(page, []);
  let s = await compare(page);
  assert.equal(s.exit, 'invalid');
  assert.match(await page.innerText('#cmp-status'), /no top-level function that takes one argument/);
  await paste(page, 'if x\n');
  await functionsListed(page, []);
  await compare(page);
  assert.match(await page.innerText('#cmp-status'), /syntax error at line 1/);
  await paste(page, PROGRAM);
  await functionsListed(page, ['primes_below', 'ask_server']);
  await page.fill('#cmp-cpu-inputs', '[1, 2');
  s = await compare(page);
  assert.equal(s.exit, 'failed');
  assert.match(await page.innerText('#cmp-cpu-inputs-error'), /not a Python expression/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'cmp-cpu-inputs');
  assert.equal(await page.getAttribute('#cmp-cpu-inputs', 'aria-invalid'), '');
  // A name the program does not define fails in the run, with Python's words.
  await page.fill('#cmp-cpu-inputs', 'nowhere');
  s = await compare(page);
  assert.equal(s.exit, 'failed');
  assert.match(await page.innerText('#cmp-status'), /the harness failed .*NameError: name 'nowhere' is not defined/);
  assert.match(await page.innerText('#cmp-cpu-inputs-error'), /NameError/);
});

test('keyboard: the form is reachable with Tab and Compare runs with Enter', async () => {
  const { page } = lab;
  await page.click('#cmp-example');
  await functionsListed(page, ['crunch', 'fetch']);
  assert.equal(await page.inputValue('#py-example'), 'compare');
  assert.equal(await page.inputValue('#cmp-cpu-inputs'), '[100_000] * 4');
  await page.fill('#cmp-cpu-inputs', '[20_000] * 2');
  await page.fill('#cmp-io-inputs', 'range(2)');
  // Not a number of runs: refused with a message, nothing runs.
  await page.fill('#cmp-rounds', '0');
  const refused = await compare(page);
  assert.equal(refused.exit, 'invalid');
  assert.match(await page.innerText('#cmp-status'), /Runs of each: a whole number from 1 to 9/);
  await page.fill('#cmp-rounds', '1');
  await page.focus('#cmp-io-inputs');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'cmp-run');
  const s = await compare(page, () => page.keyboard.press('Enter'));
  assert.equal(s.exit, 'finished', await page.innerText('#cmp-status'));
});

test('the modes page links here with the example loaded', async () => {
  const { page } = lab;
  const other = await page.context().browser().newPage();
  await other.goto(new URL('modes.html', page.url()).href);
  await other.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  const link = other.getByRole('link', { name: 'This is what your Python would do' });
  await link.click();
  await other.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  assert.match(other.url(), /python\.html\?example=compare#compare$/);
  assert.equal(await other.inputValue('#py-example'), 'compare');
  await other.waitForFunction(
    () =>
      document.querySelector('#cmp-cpu-function').value === 'crunch' &&
      document.querySelector('#cmp-io-function').value === 'fetch',
  );
  await other.close();
});

test('the no-GIL setting shows what stays atomic, with PEP 703 as the source', async () => {
  const { page } = lab;
  assert.equal(await page.isVisible('#py-atomic'), false);
  await page.selectOption('#py-gil', 'free-threaded');
  assert.equal(await page.isVisible('#py-atomic'), true);
  const rows = await page.$$eval('#py-atomic tbody tr', (trs) =>
    trs.map((tr) => [tr.querySelector('code').textContent, tr.dataset.verdict]),
  );
  assert.ok(
    rows.some(([code, v]) => /append/.test(code) && v === 'atomic'),
    JSON.stringify(rows),
  );
  assert.ok(
    rows.some(([code, v]) => /counter \+= 1/.test(code) && v === 'not atomic'),
    JSON.stringify(rows),
  );
  const links = await page.$$eval('#py-atomic a', (as) => as.map((a) => a.href));
  assert.ok(links.includes('https://peps.python.org/pep-0703/'), links.join(' '));
  assert.ok(
    links.some((h) => h.startsWith('https://docs.python.org/3/howto/free-threading-python')),
    links.join(' '),
  );
  await page.selectOption('#py-gil', 'back-edges');
  assert.equal(await page.isVisible('#py-atomic'), false);
});

test('screenshots, desktop and 390 px wide; no sideways scrolling', async () => {
  const { page } = lab;
  await mkdir(SHOTS, { recursive: true });
  await page.click('#cmp-example');
  await functionsListed(page, ['crunch', 'fetch']);
  const s = await compare(page);
  assert.equal(s.exit, 'finished');
  await page.waitForSelector('#cmp-tl-processes:not([hidden])');
  await page.locator('#compare').screenshot({ path: `${SHOTS}/python-compare-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  const table = await page.$eval('#cmp-table', (tb) => tb.parentElement.scrollWidth - tb.parentElement.clientWidth);
  await page.locator('#compare').screenshot({ path: `${SHOTS}/python-compare-390.png` });
  await page.setViewportSize({ width: 1280, height: 1000 });
  assert.ok(wide <= 390, `the page is ${wide} px wide at 390`);
  assert.equal(table, 0, 'the table fits without scrolling sideways');
});
