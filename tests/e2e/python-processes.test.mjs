// Python processes on the Python page (python.html): a pasted Pool program
// runs and prints, with a lane per process thread; a child's exception is
// shown as CPython shows it; Cancel with processes running stops every
// worker; the start-method setting (fork, spawn) changes what an unguarded
// program does, and travels in share links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { paste, runAndWait, state, stderr, stdout } from './python-page.mjs';
import { openLab } from './harness.mjs';

let lab;
before(async () => {
  lab = await openLab({ query: 'python.html' });
});
after(async () => {
  await lab?.close();
});

test('a pasted Pool program runs and prints, a lane per process thread', async () => {
  const { page, problems } = lab;
  await page.selectOption('#py-start', 'fork');
  await paste(
    page,
    [
      'from multiprocessing import Pool',
      'import os',
      'def square(n):',
      '    return n * n, os.getpid()',
      'if __name__ == "__main__":',
      '    with Pool(2) as pool:',
      '        got = pool.map(square, range(8), chunksize=1)',
      '    print([v for v, _ in got])',
      '    print("pids", len({p for _, p in got}) <= 2, os.getpid() not in {p for _, p in got})',
    ].join('\n'),
  );
  const s = await runAndWait(page);
  assert.equal(s.exit, 'finished', JSON.stringify(s) + (await stderr(page)));
  assert.equal(await stdout(page), '[0, 1, 4, 9, 16, 25, 36, 49]\npids True True\n');
  // Main thread + the pool's result thread, and one lane per worker process.
  assert.ok(Number(s.lanes) >= 4, JSON.stringify(s));
  assert.deepEqual(problems, []);
});

test("a child's exception is shown as CPython shows it", async () => {
  const { page } = lab;
  await paste(
    page,
    [
      'import multiprocessing as mp',
      'def fail(x):',
      '    raise ValueError(f"no good: {x}")',
      'if __name__ == "__main__":',
      '    p = mp.Process(target=fail, args=(1,))',
      '    p.start()',
      '    p.join()',
      '    print("exit code", p.exitcode, flush=True)',
      '    with mp.Pool(2) as pool:',
      '        pool.apply(fail, (2,))',
    ].join('\n'),
  );
  const s = await runAndWait(page);
  assert.equal(s.exit, 'exception');
  assert.equal(await stdout(page), 'exit code 1\n');
  const err = await stderr(page);
  assert.match(err, /^Process Process-1:\nTraceback \(most recent call last\):\n {2}File "main.py", line 3, in fail\n/);
  assert.match(err, /ValueError: no good: 1\n/);
  assert.match(err, /multiprocessing\.pool\.RemoteTraceback: \n"""\n/);
  assert.match(err, /The above exception was the direct cause of the following exception:/);
  assert.match(err, /ValueError: no good: 2\n$/);
});

test('Cancel with processes running stops every process and thread', async (t) => {
  const { page } = lab;
  await paste(
    page,
    [
      'import multiprocessing as mp',
      'import threading',
      'def spin():',
      '    while True:',
      '        pass',
      'def spin_more():',
      '    threading.Thread(target=spin).start()',
      '    spin()',
      'if __name__ == "__main__":',
      '    pool = mp.Pool(2)',
      '    pool.apply_async(spin)',
      '    mp.Process(target=spin_more).start()',
      '    print("spinning", flush=True)',
      '    spin()',
    ].join('\n'),
  );
  await page.click('#py-run');
  await page.waitForFunction(() => document.querySelector('#py-output').textContent.includes('spinning'));
  await page.waitForTimeout(300);
  const s = await runAndWait(page, () => page.click('#py-cancel'));
  assert.equal(s.exit, 'cancelled');
  t.diagnostic(`cancel to report: ${s.cancelMs} ms`);
  // Every worker is idle again: nothing of the run is left running.
  await page.waitForFunction(() => document.querySelector('.py-demo').dataset.busy === '0', null, { timeout: 2000 });
  await paste(page, 'print(sum(range(10)))');
  const again = await runAndWait(page);
  assert.equal(again.exit, 'finished');
  assert.equal(await stdout(page), '45\n');
});

test('the start method: an unguarded program works under fork, fails under spawn; links keep it', async () => {
  const { page } = lab;
  const program = [
    'from multiprocessing import Process',
    'def hello():',
    '    print("hello from the child", flush=True)',
    'print("top level as", __name__, flush=True)',
    'p = Process(target=hello)',
    'p.start()',
    'p.join()',
  ].join('\n');
  await paste(page, program);
  await page.selectOption('#py-start', 'fork');
  let s = await runAndWait(page);
  assert.equal(s.exit, 'finished');
  assert.equal(await stdout(page), 'top level as __main__\nhello from the child\n');

  await page.selectOption('#py-start', 'spawn');
  s = await runAndWait(page);
  assert.equal(s.exit, 'finished', 'the parent goes on; its child failed');
  assert.equal(await stdout(page), 'top level as __main__\ntop level as __mp_main__\n');
  assert.match(
    await stderr(page),
    /An attempt has been made to start a new process before the\n\s+current process has finished its bootstrapping phase\./,
  );

  await page.click('#py-share');
  await page.waitForFunction(() => document.querySelector('#py-share-url').value.includes('code='));
  const link = await page.inputValue('#py-share-url');
  assert.equal(new URL(link).searchParams.get('start'), 'spawn');
  const other = await page.context().browser().newPage();
  await other.goto(link);
  await other.waitForSelector('body[data-ready="true"]');
  assert.equal(await other.inputValue('#py-start'), 'spawn');
  await other.close();
  await page.selectOption('#py-start', 'fork');
});
