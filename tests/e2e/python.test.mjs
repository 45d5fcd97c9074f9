// Python on real threads (python.html), used as a reader would: paste a
// program and run it, cancel a `while True` (by button and by Esc) and run
// again, see a deadlock named, a syntax error at its line, the timeline's
// lanes and its trace, a share link that round-trips, the keyboard, a phone's
// width — and the main thread never freezes meanwhile. The component's root
// carries what the tests read: data-state, data-exit, data-runs, data-lanes,
// data-first-output-ms, data-cancel-ms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { paste, runAndWait, state, stderr, stdout } from './python-page.mjs';
import { openLab, assertResponsive } from './harness.mjs';
import { checkTraceFormat } from './trace-format.mjs';

const SHOTS = process.env.SHOTS ?? 'target/screenshots';

let lab;
before(async () => {
  lab = await openLab({ query: 'python.html' });
});
after(async () => {
  await lab?.close();
});

const output = (page) => page.$eval('#py-output', (o) => o.textContent);

test('a pasted program runs and prints, stdout and stderr apart', async (t) => {
  const { page, problems } = lab;
  assert.equal(await page.getAttribute('nav a[aria-current="page"]', 'href'), 'python.html');
  await paste(
    page,
    [
      'import sys, threading',
      'def hello(n):',
      '    print(f"hello from {threading.current_thread().name} with {n}")',
      'ts = [threading.Thread(target=hello, args=(i,), name=f"T{i}") for i in range(3)]',
      'for t in ts: t.start()',
      'for t in ts: t.join()',
      'print("to stderr", file=sys.stderr)',
      'print("done")',
    ].join('\n'),
  );
  const s = await runAndWait(page);
  assert.equal(s.exit, 'finished', JSON.stringify(s));
  const out = await stdout(page);
  for (const i of [0, 1, 2]) assert.match(out, new RegExp(`hello from T${i} with ${i}`));
  assert.match(out, /done\n$/);
  assert.equal(await stderr(page), 'to stderr\n');
  assert.equal(
    await page.$eval('#py-output [data-stream="stderr"]', (e) => getComputedStyle(e).color),
    'rgb(255, 143, 143)',
  );
  assert.match(await page.innerText('#py-status'), /Finished in/);
  t.diagnostic(`time to first output: ${s.firstOutputMs} ms`);
  assert.ok(Number(s.firstOutputMs) < 1000, `first output after ${s.firstOutputMs} ms`);
  assert.deepEqual(problems, []);
  await assertResponsive(page, t);
});

test('the timeline has a lane per thread and a GIL lane, and exports a valid trace', async (t) => {
  const { page } = lab;
  await page.selectOption('#py-example', 'cpu-io');
  const s = await runAndWait(page);
  assert.equal(s.exit, 'finished');
  assert.match(await output(page), /CPU speed-up/);
  await page.waitForSelector('#py-timeline-canvas:not([hidden])');
  // Main thread + 4 I/O threads + 4 CPU threads, each a lane of the drawing.
  assert.equal(s.lanes, '9', JSON.stringify(s));
  await page.waitForFunction(() => document.querySelector('.py-demo').dataset.drawnLanes === '9');
  const summary = await page.innerText('#py-timeline-summary');
  // Busy means ran: a thread that only sleeps shows 0 %, not 100 %.
  assert.match(summary, /MainThread ran \d+%/);
  assert.match(summary, /\(download\) ran 0%/);
  assert.doesNotMatch(summary, /busy/);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.click('#py-timeline-canvas-export'),
  ]);
  const file = JSON.parse(await readFile(await download.path(), 'utf8'));
  const { spans, names } = checkTraceFormat(file);
  assert.ok(spans.length > 9, `${spans.length} spans`);
  const lanes = new Set([...names.values()]);
  assert.ok(lanes.has('MainThread') && lanes.has('GIL'), [...lanes].join(', '));
  t.diagnostic(`trace: ${spans.length} spans on ${lanes.size} lanes`);
  await assertResponsive(page, t);
});

test('while True is cancelled by the button within 100 ms, and the next run works', async (t) => {
  const { page } = lab;
  await paste(
    page,
    [
      'import threading',
      'def spin():',
      '    while True:',
      '        pass',
      'threading.Thread(target=spin, daemon=False).start()',
      'print("spinning", flush=True)',
      'while True:',
      '    pass',
    ].join('\n'),
  );
  await page.click('#py-run');
  await page.waitForFunction(() => document.querySelector('#py-output').textContent.includes('spinning'));
  await page.waitForTimeout(300);
  const s = await runAndWait(page, () => page.click('#py-cancel'));
  assert.equal(s.exit, 'cancelled');
  assert.match(await page.innerText('#py-status'), /Cancelled/);
  t.diagnostic(`cancel to report: ${s.cancelMs} ms`);
  assert.ok(Number(s.cancelMs) < 100 + 16 * 3, `cancelled after ${s.cancelMs} ms`);
  // No Python thread is left running.
  await page.waitForFunction(() => document.querySelector('.py-demo').dataset.busy === '0', null, { timeout: 2000 });
  await paste(page, 'print(sum(range(10)))');
  const again = await runAndWait(page);
  assert.equal(again.exit, 'finished');
  assert.equal(await stdout(page), '45\n');
  await assertResponsive(page, t);
});

test('Ctrl+Enter runs and Esc cancels', async () => {
  const { page } = lab;
  await paste(page, 'print("looping", flush=True)\nn = 0\nwhile True:\n    n += 1\n');
  await page.focus('#py-source');
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => document.querySelector('.py-demo').dataset.state === 'running');
  await page.waitForFunction(() => document.querySelector('#py-output').textContent.includes('looping'));
  const s = await runAndWait(page, () => page.keyboard.press('Escape'));
  assert.equal(s.exit, 'cancelled');
  // After Esc, Tab leaves the editor instead of indenting.
  await page.keyboard.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'py-source');
});

test('a deadlock ends the run and says who waits for what', async (t) => {
  const { page } = lab;
  await page.selectOption('#py-example', 'deadlock');
  const s = await runAndWait(page);
  assert.equal(s.exit, 'deadlock', JSON.stringify(s));
  assert.match(await page.innerText('#py-status'), /^Deadlock after/);
  const exit = await page.innerText('#py-exit');
  assert.match(exit, /Lefty waits/);
  assert.match(exit, /Righty waits/);
  assert.match(await stderr(page), /deadlock/);
  await assertResponsive(page, t);
});

test('a syntax error shows line:col and puts the cursor there; a refused import says why', async () => {
  const { page } = lab;
  await paste(page, 'x = 1\nif x > 0\n    print(x)\n');
  const s = await runAndWait(page);
  assert.equal(s.lastStatus ?? s.replyStatus ?? 'invalid', 'invalid');
  assert.equal(await page.getAttribute('#py-source-error', 'data-line'), '2');
  assert.match(await page.innerText('#py-source-error'), /^Line 2, column \d+:/);
  assert.match(await page.innerText('#py-source-error'), /SyntaxError: expected ':'/);
  const cursor = await page.$eval('#py-source', (a) => a.value.slice(0, a.selectionStart).split('\n').length);
  assert.equal(cursor, 2);
  await paste(page, 'def f():\nreturn 1\n');
  await runAndWait(page);
  assert.match(
    await page.innerText('#py-source-error'),
    /IndentationError: expected an indented block after function definition on line 1/,
  );
  await paste(page, 'import socket\nprint(1)\n');
  await runAndWait(page);
  const message = await page.innerText('#py-source-error');
  assert.match(message, /socket/);
});

test('the GIL setting: count += 1 loses updates only when any instruction may switch', async () => {
  const { page } = lab;
  await paste(
    page,
    [
      'import threading',
      'count = 0',
      'def add():',
      '    global count',
      '    for _ in range(100_000):',
      '        count += 1',
      'ts = [threading.Thread(target=add) for _ in range(4)]',
      'for t in ts: t.start()',
      'for t in ts: t.join()',
      'print(count)',
    ].join('\n'),
  );
  await page.selectOption('#py-gil', 'back-edges');
  await runAndWait(page);
  assert.equal(await stdout(page), '400000\n');
  await page.selectOption('#py-gil', 'any');
  await page.fill('#py-interval', '1');
  await runAndWait(page);
  assert.ok(Number(await stdout(page)) < 400000, await stdout(page));
  await page.selectOption('#py-gil', 'back-edges');
  await page.fill('#py-interval', '5');
});

test("a flood of output is cut at the run's limit and the main thread keeps up", async (t) => {
  const { page } = lab;
  await page.evaluate(() => {
    window.longTasks = [];
  });
  await paste(page, 'for i in range(30_000):\n    print("line", i, "of a long flood of output")\n');
  const s = await runAndWait(page, undefined, 60_000);
  assert.equal(s.exit, 'finished');
  assert.match(await stderr(page), /output cut here/);
  // Every line up to the cut, whole and in order.
  const lines = (await stdout(page)).split('\n');
  assert.equal(lines.pop(), '');
  assert.ok(lines.length > 9000, `${lines.length} lines`);
  const wrong = lines.findIndex((l, i) => l !== `line ${i} of a long flood of output`);
  assert.equal(wrong, -1, `line ${wrong}: ${lines[wrong]}`);
  // The output is in blocks of at most 8 KB (4 x BLOCK_CHARS in
  // www/demos/python/runner-output.js), so a frame lays out only the last.
  const blocks = await page.$$eval('#py-output .py-chunk', (bs) => bs.map((b) => b.textContent?.length ?? 0));
  assert.ok(blocks.length > 40 && Math.max(...blocks) <= 8192, `blocks of ${Math.max(...blocks)} chars`);
  await assertResponsive(page, t);
});

test('a recursion too deep for the thread ends the run (RecursionError or a restart), and the next run works', async () => {
  const { page } = lab;
  await paste(
    page,
    'import sys\nsys.setrecursionlimit(4000)\ndef f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\nprint(f(3900))\n',
  );
  const s = await runAndWait(page, undefined, 60_000);
  const status = await page.innerText('#py-status');
  assert.ok(s.exit === 'exception' || /recursed deeper/.test(status) || (await stdout(page)) === '3900\n', status);
  await page.waitForSelector('body[data-ready="true"]');
  await paste(page, 'print("still here")');
  const again = await runAndWait(page, undefined, 60_000);
  assert.equal(again.exit, 'finished', await page.innerText('#py-status'));
  assert.equal(await stdout(page), 'still here\n');
});

test('a program that needs more memory than the tab gives ends with "ran out of memory", and the next run works', async () => {
  const { page } = lab;
  // The fresh instance's coordinator loads slowly here, so the next run is
  // pressed while it boots (as on a busy machine): it must wait for it, not
  // read "threads are off".
  const slowBoot = async (/** @type {import('playwright-core').Route} */ route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  };
  await page.context().route('**/coordinator.js', slowBoot);
  try {
    // Strings are not counted against the run's heap limit, so these grow
    // past the instance's 512 MB until an allocation fails: the instance
    // aborts, and the page must say why (not a bare "unreachable").
    await paste(
      page,
      'big = "x" * (60 << 20)\nkept = []\nfor _ in range(12):\n    kept.append(big.upper())\nprint(len(kept))\n',
    );
    const s = await runAndWait(page, undefined, 60_000);
    const status = await page.innerText('#py-status');
    assert.notEqual(s.exit, 'finished', status);
    assert.match(
      status,
      /A thread ran out of memory \(Python thread "MainThread": an allocation of \d+ bytes failed\)\. In WebAssembly/,
    );
    await paste(page, 'print("after the crash")');
    const again = await runAndWait(page, undefined, 60_000);
    assert.equal(again.exit, 'finished', await page.innerText('#py-status'));
    assert.equal(await stdout(page), 'after the crash\n');
  } finally {
    await page.context().unroute('**/coordinator.js', slowBoot);
  }
});

test('a share link round-trips the program and its settings (compressed when long)', async () => {
  const { page } = lab;
  const program = `# a long program\n${Array.from({ length: 30 }, (_, i) => `print("line ${i}: ünïcödé")`).join('\n')}\n`;
  await paste(page, program);
  await page.fill('#py-interval', '2');
  await page.selectOption('#py-gil', 'any');
  await page.click('#py-share');
  await page.waitForFunction(() => document.querySelector('#py-share-url').value.includes('code='));
  const link = await page.inputValue('#py-share-url');
  const code = new URL(link).searchParams.get('code');
  assert.ok(code.startsWith('.'), 'compressed');
  assert.ok(link.length < 600, `${link.length} characters`);
  const other = await page.context().browser().newPage();
  await other.goto(link);
  await other.waitForSelector('body[data-ready="true"]');
  await other.waitForFunction((p) => document.querySelector('#py-source').value === p, program);
  assert.equal(await other.inputValue('#py-interval'), '2');
  assert.equal(await other.inputValue('#py-gil'), 'any');
  await other.close();
});

test('embed.html?demo=python&code=… runs the program it is given', async () => {
  const { page } = lab;
  const code = Buffer.from('print("from the embed")\n').toString('base64url');
  const other = await page.context().browser().newPage();
  await other.goto(new URL(`embed.html?demo=python&code=${code}&autorun`, page.url()).href);
  await other.waitForFunction(
    () => document.querySelector('#py-output')?.textContent.includes('from the embed'),
    null,
    { timeout: 30_000 },
  );
  await other.close();
});

test('desktop and phone screenshots; no sideways scrolling at 390 px', async () => {
  const { page } = lab;
  await mkdir(SHOTS, { recursive: true });
  await page.selectOption('#py-example', 'queue');
  await runAndWait(page);
  await page.waitForSelector('#py-timeline-canvas:not([hidden])');
  await page.screenshot({ path: `${SHOTS}/python-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({ path: `${SHOTS}/python-390.png`, fullPage: true });
  assert.ok(wide <= 390, `the page is ${wide} px wide at 390`);
  await page.setViewportSize({ width: 1280, height: 1000 });
});
