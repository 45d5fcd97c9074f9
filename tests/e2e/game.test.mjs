// "Be the scheduler" (game.html), played as a user would: win a level by
// clicking, replay a shared link, see a parse error at its line, get a fix
// proven safe, cancel a search, drive it from the keyboard — and the main
// thread never freezes meanwhile. The outcome line carries the state the
// tests read: data-breaking, data-kind (the Rust outcome) and data-schedule
// (the bytecode steps so far, as in a share link).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openLab, text, assertResponsive } from './harness.mjs';

let lab;
before(async () => {
  lab = await openLab({ query: 'game.html?level=counter' });
});
after(async () => {
  await lab?.close();
});

const outcome = (page) => page.$eval('#game-outcome', (o) => ({ ...o.dataset }));
const idle = (page) =>
  page.waitForFunction(() => !document.body.dataset.replaying && !document.querySelector('#solver-run[disabled]'));

/** Clicks (or presses) and waits until the schedule has changed. */
async function act(page, doIt) {
  const before = (await outcome(page)).schedule;
  await doIt();
  await page.waitForFunction((b) => document.querySelector('#game-outcome').dataset.schedule !== b, before, {
    timeout: 10_000,
  });
}
/**
 * Puts a program in the editor as a paste does: the value, then an `input`
 * event (as tests/e2e/python-page.mjs does). Not `page.fill`: its editing
 * command (a `textInput`) took 25–28 ms of the main thread in Chromium for a
 * ten-line program, which counted against the page's 50 ms check on a busy
 * host though no code of the page runs in it.
 */
async function setSource(page, text) {
  await page.$eval(
    '#game-source',
    (area, value) => {
      area.value = value;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    },
    text,
  );
}
const enabled = (page, sel) => page.$eval(sel, (b) => !b.disabled).catch(() => false);
/** Steps thread `t` by whole statements until it cannot go (at most `max` times). */
async function stepWhile(page, t, max = 40) {
  for (let i = 0; i < max && (await enabled(page, `#step-${t}`)); i++) await act(page, () => page.click(`#step-${t}`));
}

test('the counter level is won by clicking: a lost update, saved as progress', async (t) => {
  const { page, problems } = lab;
  assert.equal(await page.getAttribute('nav a[aria-current="page"]', 'href'), 'game.html');
  assert.equal(await page.getAttribute('#level-counter', 'aria-current'), 'true');
  // The main thread creates and starts both workers, then waits in join().
  await stepWhile(page, 0);
  assert.ok(await enabled(page, '#step-1'), 'thread 1 can run');
  // Thread 1 loads counter (one bytecode step), thread 2 runs its whole
  // increment, then thread 1 stores its stale value + 1.
  for (let i = 0; i < 3; i++) await act(page, () => page.click('#expand-1'));
  await stepWhile(page, 2);
  await stepWhile(page, 1);
  await stepWhile(page, 0);
  const o = await outcome(page);
  assert.equal(o.breaking, 'true', JSON.stringify(o));
  assert.equal(o.kind, 'LostUpdate');
  assert.match(await text(page, '#game-globals'), /counter\s+1/);
  assert.match(await text(page, '#game-status'), /You broke it/);
  assert.equal(await page.isVisible('#level-bug'), true);
  const progress = await page.evaluate(() => JSON.parse(localStorage.getItem('threadlab.game.progress')));
  assert.equal(progress.counter.broken, true);
  assert.match(await text(page, '#level-counter'), /✗/);
  assert.deepEqual(problems, []);
  await assertResponsive(page, t);
});

test('a shared link replays the game step by step', async () => {
  const { page } = lab;
  const { schedule } = await outcome(page);
  const url = page.url();
  assert.match(url, /level=counter&s=/);
  const other = await page.context().browser().newPage();
  await other.goto(url);
  await other.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await idle(other);
  const o = await outcome(other);
  assert.equal(o.schedule, schedule);
  assert.equal(o.breaking, 'true');
  // Replayed one step at a time: Undo goes back one bytecode step.
  await act(other, () => other.click('#game-undo'));
  assert.equal((await outcome(other)).schedule, schedule.split(',').slice(0, -1).join(','));
  await other.close();
});

test('Share link shows the game now, and goes away once the game moves on', async () => {
  const { page } = lab;
  await page.click('#game-share');
  await page.waitForFunction(() => !document.querySelector('#game-share-box').hidden);
  const shared = await page.inputValue('#game-share-url');
  assert.equal(new URL(shared, page.url()).search, new URL(page.url()).search);
  // Undo changes the game: the old link would replay something else.
  await act(page, () => page.click('#game-undo'));
  assert.equal(await page.locator('#game-share-box').isHidden(), true);
});

test('keyboard: a number steps its thread, Shift+number one bytecode step, U undoes, R resets', async () => {
  const { page } = lab;
  await act(page, () => page.keyboard.press('r'));
  assert.equal((await outcome(page)).schedule, '');
  await act(page, () => page.keyboard.press('Shift+Digit1'));
  assert.equal((await outcome(page)).schedule, '0');
  await act(page, () => page.keyboard.press('Digit1'));
  const after = (await outcome(page)).schedule.split(',');
  assert.ok(after.length > 1 && after.every((c) => c === '0'), after.join());
  await act(page, () => page.keyboard.press('u'));
  assert.equal((await outcome(page)).schedule, '0');
});

test('a parse error in the playground shows at its line and column', async () => {
  const { page } = lab;
  await page.click('#level-playground');
  await page.waitForSelector('#game-source:visible');
  await setSource(page, 'import threading\nx = 1\ny = = 2\n');
  await page.click('#game-load');
  await page.waitForFunction(() => document.querySelector('#game-parse-error').textContent !== '');
  assert.match(await text(page, '#game-parse-error'), /^Line 3, column 5: /);
  assert.equal(await page.getAttribute('#game-parse-error', 'data-line'), '3');
});

test('fix it: a locked counter is proven safe by the solver on the pool', async (t) => {
  const { page } = lab;
  await page.click('#level-counter');
  // Found before (saved progress): the fix stage is open.
  await page.waitForFunction(() => !document.querySelector('#level-next').hidden);
  await page.click('#level-next');
  await page.waitForSelector('#game-source:visible');
  const fix = (await page.inputValue('#game-source'))
    .replace('counter = 0\n', 'counter = 0\nlock = threading.Lock()\n')
    .replace('    counter += 1\n', '    with lock:\n        counter += 1\n');
  await setSource(page, fix);
  await page.click('#level-prove');
  await page.waitForFunction(() => /Proven safe/.test(document.querySelector('#game-status').textContent), null, {
    timeout: 60_000,
  });
  assert.match(await text(page, '#solver-status'), /^Safe/);
  assert.match(await text(page, '#solver-stats'), /states explored/i);
  const progress = await page.evaluate(() => JSON.parse(localStorage.getItem('threadlab.game.progress')));
  assert.equal(progress.counter.fixed, true);
  await assertResponsive(page, t);
});

test('a long search can be cancelled, and the page stays responsive', async (t) => {
  const { page } = lab;
  await page.click('#level-playground');
  await page.waitForSelector('#game-source:visible');
  // Four threads, each taking a lock 8 times: far too many states to finish soon.
  const names = ['t1', 't2', 't3', 't4'];
  const src = [
    'import threading',
    'lock = threading.Lock()',
    'n = 0',
    'def work():',
    '    global n',
    '    for i in range(8):',
    '        with lock:',
    '            n += 1',
    ...names.map((x) => `${x} = threading.Thread(target=work)`),
    ...names.map((x) => `${x}.start()`),
    ...names.map((x) => `${x}.join()`),
    '',
  ].join('\n');
  await setSource(page, src);
  await page.click('#game-load');
  await page.waitForFunction(
    () =>
      document.querySelectorAll('.thread').length === 1 &&
      document.querySelector('#game-parse-error').textContent === '',
  );
  await page.selectOption('#solver-budget', '5000000');
  await page.click('#solver-run');
  await page.waitForFunction(() => /Searching/.test(document.querySelector('#solver-status').textContent));
  await page.waitForTimeout(800);
  const started = Date.now();
  await page.click('#solver-cancel');
  await page.waitForFunction(() => document.querySelector('#solver-status').textContent === 'Cancelled.', null, {
    timeout: 5_000,
  });
  t.diagnostic(`cancelled in ${Date.now() - started} ms`);
  // The worker is usable afterwards: a step still works.
  await act(page, () => page.click('#step-0'));
  await assertResponsive(page, t);
});

test('Hint after Hint plays a shortest breaking schedule, as long as the solver says', async () => {
  const { page } = lab;
  await page.click('#level-bank');
  await page.waitForFunction(() => document.querySelector('#game-outcome').dataset.schedule === '');
  await page.click('#solver-run');
  await idle(page);
  const shortest = Number(/^Broken in (\d+) steps/.exec(await text(page, '#solver-status'))?.[1]);
  assert.ok(shortest > 0, await text(page, '#solver-status'));
  for (let i = 0; i < shortest + 5 && (await outcome(page)).breaking !== 'true'; i++) {
    await act(page, () => page.click('#game-hint'));
    await idle(page);
    // The solver panel shows the hint's search, and says it is one (it is
    // from the board's position, not from the start).
    assert.match(
      await text(page, '#solver-status'),
      /^The hint’s search, from the position on the board: Broken in \d+ step/,
    );
  }
  const o = await outcome(page);
  assert.equal(o.breaking, 'true');
  assert.equal(o.kind, 'AssertFailed');
  assert.equal(o.schedule.split(',').length, shortest);
});

test('a deadlock: the wait-for graph names each waiting thread with the number its circle and card show', async () => {
  const { page } = lab;
  await page.click('#level-philosophers');
  await page.waitForFunction(() => document.querySelector('#game-outcome').dataset.schedule === '');
  await page.click('#solver-run');
  await idle(page);
  const shortest = Number(/^Broken in (\d+) steps/.exec(await text(page, '#solver-status'))?.[1]);
  for (let i = 0; i < shortest + 5 && (await outcome(page)).breaking !== 'true'; i++) {
    await act(page, () => page.click('#game-hint'));
    await idle(page);
  }
  assert.equal(
    (await outcome(page)).kind,
    'Deadlock',
    JSON.stringify([await outcome(page), await text(page, '#solver-status')]),
  );
  const seen = await page.evaluate(() => {
    const cards = Object.fromEntries(
      [...document.querySelectorAll('section.thread')].map((c) => [
        c.querySelector('.key')?.textContent,
        c.getAttribute('aria-label'),
      ]),
    );
    const circles = [...document.querySelectorAll('#game-graph svg .node text')].map((t) => t.textContent);
    const caption = [...document.querySelectorAll('#game-graph figcaption .key')].map((k) => [
      k.textContent,
      k.nextSibling?.textContent?.trim(),
    ]);
    return { cards, circles, caption };
  });
  assert.ok(seen.caption.length >= 4, JSON.stringify(seen));
  for (const [key, name] of seen.caption) {
    assert.equal(seen.cards[key], name, `circle ${key} is ${seen.cards[key]} on the board`);
    assert.ok(seen.circles.includes(key));
  }
});

test('a deep lost update (4 threads x 40 loops) is found by preemption bound, its count shown, played and kept in the link', async (t) => {
  const { page } = lab;
  await page.click('#level-playground');
  await page.waitForSelector('#game-source:visible');
  const names = ['t1', 't2', 't3', 't4'];
  const src = [
    'import threading',
    'hits = 0',
    'def work():',
    '    global hits',
    '    for i in range(40):',
    '        hits += 1',
    ...names.map((x) => `${x} = threading.Thread(target=work)`),
    ...names.map((x) => `${x}.start()`),
    ...names.map((x) => `${x}.join()`),
    '',
  ].join('\n');
  await setSource(page, src);
  await page.click('#game-load');
  await page.waitForFunction(
    () =>
      document.querySelectorAll('.thread').length === 1 &&
      document.querySelector('#game-parse-error').textContent === '',
  );
  assert.equal(await page.inputValue('#solver-strategy'), 'Auto');
  const started = Date.now();
  await page.click('#solver-run');
  await page.waitForFunction(
    () => /^(Broken|Gave up|Safe)/.test(document.querySelector('#solver-status').textContent),
    null,
    { timeout: 60_000 },
  );
  t.diagnostic(`found in ${Date.now() - started} ms (wall, with the page's round trips)`);
  // Breadth first gives up on it; the bounded search's break needs one
  // preemption, and says that is its promise.
  assert.match(
    await text(page, '#solver-status'),
    /^Broken with 1 preemption \(no schedule with fewer breaks it; \d+ steps, not the shortest\): a lost update/,
  );
  const stats = await text(page, '#solver-stats');
  assert.match(stats, /preemptions\s+1\n/i);
  assert.match(stats, /fewest preemptions: 1/);
  // Played on the board (in a bounded number of frames), it breaks with
  // that count, and the link in the address bar carries the schedule.
  await page.click('#solver-play');
  await page.waitForFunction(
    () => document.querySelector('#game-outcome').dataset.breaking === 'true' && !document.body.dataset.replaying,
    null,
    { timeout: 60_000 },
  );
  const o = await outcome(page);
  assert.equal(o.kind, 'LostUpdate');
  assert.equal(o.preemptions, '1');
  assert.ok(o.schedule.split(',').length > 1000);
  assert.match(await text(page, '#game-outcome'), / and 1 preemption: /);
  const link = page.url();
  assert.match(link, /[?&]s=/);
  await page.goto(link);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction(
    () => document.querySelector('#game-outcome')?.dataset.breaking === 'true' && !document.body.dataset.replaying,
    null,
    { timeout: 60_000 },
  );
  assert.equal((await outcome(page)).preemptions, '1');
  await assertResponsive(page, t);
});

// ---------- Run for real (demos/game/reality.js) ----------

/** Runs a batch for real and resolves with its row's counts once it has ended. */
async function realBatch(page, { n = 20, gil = 'any', interval = '0.05' } = {}) {
  const before = Number(await page.$eval('#game-reality', (c) => c.dataset.batches ?? 0));
  await page.fill('#reality-n', String(n));
  await page.selectOption('#reality-gil', gil);
  await page.fill('#reality-interval', interval);
  await page.click('#reality-run');
  // Not a timing: a bound that catches a batch that never ends (every run
  // is cut after 4 s, so even 20 hung runs end well within it).
  await page.waitForFunction((b) => Number(document.querySelector('#game-reality').dataset.batches ?? 0) > b, before, {
    timeout: 240_000,
  });
  const row = await page.$eval('#reality-results tbody tr', (r) => ({ ...r.dataset, text: r.innerText }));
  for (const k of ['runs', 'broke', 'lost', 'deadlock', 'exception', 'assert', 'hung']) row[k] = Number(row[k]);
  return row;
}
/** Opens the playground with `source` in its editor (what Run for real runs). */
async function playground(page, source) {
  await page.click('#level-playground');
  await page.waitForFunction(() => !document.querySelector('#game-editor').hidden);
  await setSource(page, source);
  await page.click('#game-load');
}
const LOOPED_TRANSFER = `import threading

alice = threading.Lock()
bob = threading.Lock()
accounts = {"alice": 50, "bob": 50}


def transfer(src, src_lock, dst, dst_lock, amount):
    for _ in range(2000):
        with src_lock:
            with dst_lock:
                accounts[src] -= amount
                accounts[dst] += amount


t1 = threading.Thread(target=transfer, args=("alice", alice, "bob", bob, 10))
t2 = threading.Thread(target=transfer, args=("bob", bob, "alice", alice, 20))
t1.start()
t2.start()
t1.join()
t2.join()
print(accounts)
`;

test('run for real: the counter level, then its loop, loses updates under "any instruction"; the answer is judged against the serial results', async (t) => {
  const { page, problems } = lab;
  await page.click('#level-counter');
  await page.waitForFunction(
    () => !document.querySelector('#game-reality').hidden && !document.querySelector('#reality-run').disabled,
  );
  // The level as it is: one `counter += 1` per thread. For real that is
  // over before the other thread has woken, so it may well never break:
  // only the count's consistency is checked, and the figure logged.
  const level = await realBatch(page, { n: 20, gil: 'any' });
  t.diagnostic(`counter level, any instruction: ${level.text}`);
  assert.equal(level.runs, 20);
  assert.equal(level.broke, level.lost + level.deadlock + level.exception + level.assert + level.hung);
  assert.equal(level.exception + level.deadlock + level.hung, 0, level.text);
  assert.match(await text(page, '#reality-why'), /any two bytecode instructions/);
  if (level.broke === 0) {
    assert.equal(await page.isVisible('#reality-try-loop'), true);
    await page.click('#reality-try-loop');
  } else {
    const { COUNTER_LOOP } = await page.evaluate(() => import('./demos/game/reality.js'));
    await playground(page, COUNTER_LOOP);
  }
  await page.waitForFunction(() => /ROUNDS = 100000/.test(document.querySelector('#game-source').value));
  const loop = await realBatch(page, { n: 20, gil: 'any' });
  t.diagnostic(`100 000 increments per thread, any instruction: ${loop.text}`);
  assert.ok(loop.assert >= 1, `some run must lose updates: ${loop.text}`);
  assert.match(await text(page, '#reality-example'), /assert failed — main thread: AssertionError: lost \d+ updates/);
  assert.match(await text(page, '#reality-status'), /Done: \d+ of 20 real runs broke/);
  assert.deepEqual(problems, []);
});

test('run for real: the Lock-fixed counter never breaks', async (t) => {
  const { page } = lab;
  await page.click('#level-counter');
  await page.waitForSelector('#level-next:not([hidden])');
  await page.click('#level-next');
  await page.click('#level-show-fix');
  await page.waitForFunction(() => /with lock/.test(document.querySelector('#game-source').value));
  const fixed = await realBatch(page, { n: 20, gil: 'any', interval: '0.01' });
  t.diagnostic(`fixed counter level: ${fixed.text}`);
  assert.equal(fixed.runs, 20);
  assert.equal(fixed.broke, 0, fixed.text);
  assert.doesNotMatch(fixed.text, /not checked/);
  // The loop with a Lock around the increment: no update lost either.
  const { COUNTER_LOOP } = await page.evaluate(() => import('./demos/game/reality.js'));
  await playground(
    page,
    COUNTER_LOOP.replace('counter = 0\n', 'counter = 0\nlock = threading.Lock()\n').replace(
      '        counter += 1',
      '        with lock:\n            counter += 1',
    ),
  );
  const locked = await realBatch(page, { n: 10, gil: 'any' });
  t.diagnostic(`the loop with a Lock: ${locked.text}`);
  assert.equal(locked.runs, 10);
  assert.equal(locked.broke, 0, locked.text);
});

test('run for real: the transfer level deadlocks for real, and the runner stops every deadlocked run', async (t) => {
  const { page } = lab;
  await page.click('#level-transfer');
  await page.waitForFunction(() => !document.querySelector('#reality-run').disabled);
  const level = await realBatch(page, { n: 20, gil: 'any', interval: '0.001' });
  t.diagnostic(`transfer level, any instruction at 1 µs: ${level.text}`);
  assert.equal(level.runs, 20);
  assert.equal(level.broke, level.deadlock, level.text);
  // The same transfers repeated: the opposite lock order meets for real.
  await playground(page, LOOPED_TRANSFER);
  const loop = await realBatch(page, { n: 20, gil: 'any', interval: '0.05' });
  t.diagnostic(`transfers repeated 2000 times: ${loop.text}`);
  assert.ok(loop.deadlock >= 1, loop.text);
  assert.equal(loop.hung, 0, 'the runner itself stops a deadlock');
  assert.match(await text(page, '#reality-example'), /deadlock — .*waits in/);
});

test('run for real: Cancel stops the batch; a bad number of runs is refused', async () => {
  const { page } = lab;
  await playground(page, LOOPED_TRANSFER.replace('range(2000)', 'range(2)'));
  for (const bad of ['0', '201', '2.5', '']) {
    const before = Number(await page.$eval('#game-reality', (c) => c.dataset.batches ?? 0));
    await page.fill('#reality-n', bad);
    await page.click('#reality-run');
    assert.match(await text(page, '#reality-status'), /must be a whole number from 1 to 200/);
    assert.equal(await page.getAttribute('#reality-n', 'aria-invalid'), 'true');
    assert.equal(await page.$eval('#game-reality', (c) => c.dataset.state), 'idle');
    assert.equal(Number(await page.$eval('#game-reality', (c) => c.dataset.batches ?? 0)), before);
  }
  await page.fill('#reality-n', '200');
  await page.click('#reality-run');
  await page.waitForFunction(() => Number(document.querySelector('#reality-results tbody tr')?.dataset.runs ?? 0) >= 2);
  await page.click('#reality-cancel');
  // A bound for a Cancel that would not stop the batch, not a timing.
  await page.waitForFunction(() => document.querySelector('#game-reality').dataset.state === 'idle', null, {
    timeout: 30_000,
  });
  const row = await page.$eval('#reality-results tbody tr', (r) => ({ ...r.dataset }));
  assert.equal(row.cancelled, 'true');
  assert.ok(Number(row.runs) < 200, JSON.stringify(row));
  assert.match(await text(page, '#reality-status'), /^Cancelled after \d+ of 200 runs/);
});
