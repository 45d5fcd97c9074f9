// The race and synchronisation lab (sync.html), driven as a user would, and
// each of its demo components mounted twice on one page (mount.mjs). Tests
// read the DOM: a demo's panel (`[data-demo]`) carries `data-runs`,
// `data-reply-status` and `data-json` (the reply, long arrays cut to their
// lengths).
import { CANCEL_GRACE_MS } from '../../www/lib/client.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openLab, text, assertResponsive } from './harness.mjs';
import { mountTwice } from './mount.mjs';

let lab;
before(async () => {
  lab = await openLab({ query: 'sync.html' });
});
after(async () => {
  await lab?.close();
});

/** The panel of demo `id` (its Rust id: race, deadlock, …). */
const panel = (id) => `#panel-${id} [data-demo]`;
/** Runs finished by demo `id` so far. */
const runs = (page, id) => page.$eval(panel(id), (p) => Number(p.dataset.runs));
/** Waits until demo `id` has finished more than `n` runs; resolves with its reply as the panel shows it. */
async function ended(page, id, n, timeout = 60_000) {
  await page.waitForFunction(([sel, k]) => Number(document.querySelector(sel).dataset.runs) > k, [panel(id), n], {
    timeout,
  });
  return page.$eval(panel(id), (p) => JSON.parse(p.dataset.json));
}

/** Opens a demo's tab, sets its fields, presses Run; resolves with the reply once the run has ended. */
async function runDemo(page, id, fields = {}, { timeout = 60_000 } = {}) {
  await page.click(`#tab-${id}`);
  for (const [field, value] of Object.entries(fields)) await page.fill(`#${id}-${field}`, String(value));
  const before = await runs(page, id);
  await page.click(`#panel-${id} .run`);
  return ended(page, id, before, timeout);
}

/** Puts every field of every demo back to its default. */
const resetFields = (page) =>
  page.evaluate(() => {
    for (const i of document.querySelectorAll('.fields input')) i.value = i.defaultValue;
  });
const status = (page, id) => text(page, `#panel-${id} .run-status`);
/** The spans each timeline of demo `id` says it drew ("37 spans in 120 ms …"). */
const drawnSpans = (page, id) =>
  page
    .locator(`#panel-${id} .timeline-summary`)
    .evaluateAll((caps) => caps.map((c) => Number(/^(\d+) spans in/.exec(c.textContent)?.[1] ?? NaN)));

test('the lab starts its pool and links back to the speedup page', async () => {
  const { page } = lab;
  assert.match(await text(page, '#pool-status'), /\d+ worker threads · cross-origin isolated/);
  const back = page.getByRole('link', { name: 'Race', exact: true });
  assert.equal(await back.getAttribute('href'), 'index.html');
  assert.equal(await page.getAttribute('nav a[aria-current="page"]', 'href'), 'sync.html');
  assert.equal(await page.locator('[role=tab]').count(), 8);
});

test('race: locked, atomic and thread-local counts are exact; the race loses updates, never gains', async () => {
  const { page } = lab;
  const reply = await runDemo(page, 'race', { workers: 2, increments: '1e6', repeats: 8 });
  assert.equal(reply.status, 'done');
  const r = reply.result;
  assert.equal(r.expected, 2_000_000);
  for (const m of r.methods) {
    for (const s of m.samples) {
      if (m.method === 'unsynchronised') assert.ok(s.actual <= r.expected);
      else assert.equal(s.actual, r.expected, m.method);
    }
  }
  assert.match(await status(page, 'race'), /^Done: 8 runs of each way/);
  assert.equal(await page.locator('#panel-race .race-table tbody tr').count(), 4);
  for (const method of ['mutex', 'atomic', 'thread-local']) {
    assert.equal(await text(page, `#panel-race tr[data-method="${method}"] td:nth-of-type(3)`), '0', method);
  }
  // The histogram has one bar per bin that holds a run; all 8 runs are in it.
  const counts = JSON.parse(await page.getAttribute('#panel-race .histogram', 'data-counts'));
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    8,
  );
  assert.equal(await page.locator('#panel-race .histogram canvas').count(), 1);
  assert.equal(await page.getAttribute('#panel-race .bars', 'data-bars'), '4');
  assert.equal(await page.locator('#panel-race .bars canvas').count(), 1);
});

test('deadlock: detected after the timeout, shown as a cycle; the fixed order completes', async () => {
  const { page } = lab;
  const reply = await runDemo(page, 'deadlock', { timeout_ms: 300 });
  const d = reply.result.deadlocked.detection;
  assert.ok(d.waited_ms >= 300, `waited ${d.waited_ms}`);
  assert.equal(d.cycle.length, 2);
  assert.match(await status(page, 'deadlock'), /deadlock detected after \d+ ms .*both workers finished/);
  assert.equal(await page.locator('#panel-deadlock svg.cycle .edge-waits').count(), 2);
  // Every arrow is labelled, and no arrow crosses a label's text.
  const crossings = await page.evaluate(() => {
    const svg = /** @type {SVGSVGElement} */ (document.querySelector('#panel-deadlock svg.cycle'));
    const lines = [...svg.querySelectorAll('line')].map((l) => [l.x1, l.y1, l.x2, l.y2].map((a) => a.baseVal.value));
    const boxes = [...svg.querySelectorAll('.edge-label')].map((t) => /** @type {SVGTextElement} */ (t).getBBox());
    let hits = 0;
    for (const [x1, y1, x2, y2] of lines) {
      for (const b of boxes) {
        for (let i = 0; i <= 100; i++) {
          const x = x1 + ((x2 - x1) * i) / 100,
            y = y1 + ((y2 - y1) * i) / 100;
          if (x > b.x && x < b.x + b.width && y > b.y && y < b.y + b.height) {
            hits++;
            break;
          }
        }
      }
    }
    return { lines: lines.length, labels: boxes.length, hits };
  });
  assert.deepEqual(crossings, { lines: 4, labels: 4, hits: 0 });
  assert.match(
    await text(page, '#panel-deadlock .cycle-text'),
    /Worker \d holds [AB] and waits for [AB], which worker \d holds/,
  );
  assert.deepEqual(reply.result.fixed.outcomes, ['finished', 'finished']);
  assert.equal(await page.locator('#panel-deadlock canvas.timeline').count(), 2);
  assert.deepEqual(await drawnSpans(page, 'deadlock'), [reply.result.deadlocked.spans, reply.result.fixed.spans]);
});

test('RLock: re-entering a plain lock is detected, an RLock re-enters and still excludes others', async () => {
  const { page } = lab;
  const { result } = await runDemo(page, 'rlock', { timeout_ms: 200 });
  assert.equal(result.plain.self_deadlock_detected, true);
  assert.equal(result.reentrant.max_depth, 2);
  assert.equal(result.reentrant.other_excluded, true);
  assert.match(await status(page, 'rlock'), /deadlocked on its own thread .*depth 2/);
});

test('semaphore: never more than k inside, on the timeline and in the counts', async () => {
  const { page } = lab;
  const { result } = await runDemo(page, 'semaphore', { workers: 4, permits: 2, rounds: 3, hold_ms: 20 });
  assert.ok(result.max_inside <= 2 && result.max_inside >= 1);
  assert.equal(result.entries, 12);
  assert.deepEqual(await drawnSpans(page, 'semaphore'), [result.spans]);
  // The "inside" line's highest level is drawn at or under the k line.
  assert.match(await text(page, '#panel-semaphore .step-box > figcaption'), /never above k = 2/);
  assert.ok(Number(await page.getAttribute('#panel-semaphore .step-box', 'data-max')) <= 2);
});

test('event and barrier: nobody starts early, phases stay apart', async () => {
  const { page } = lab;
  const event = (await runDemo(page, 'event', { workers: 4, setup_ms: 60 })).result;
  for (const woke of event.woke_at.slice(1)) assert.ok(woke >= event.set_at);
  assert.match(await status(page, 'event'), /every waiter started after it/);
  const barrier = (await runDemo(page, 'barrier', { workers: 4, phases: 3, unit_ms: 10 })).result;
  assert.equal(barrier.phases_kept_apart, true);
  const marks = /Marks: (.*)\.$/.exec(await text(page, '#panel-barrier .timeline-summary'))[1];
  assert.equal(marks.split(', ').filter((m) => /^opens \d/.test(m)).length, 3);
});

test('condition + bounded queue: every item arrives exactly once', async () => {
  const { page } = lab;
  const { result } = await runDemo(page, 'queue', { producers: 2, consumers: 2, items: 60, capacity: 3 });
  assert.deepEqual([result.missing, result.duplicated], [[], []]);
  assert.ok(result.max_depth <= 3);
  assert.match(await status(page, 'queue'), /each arrived exactly once/);
  assert.match(await text(page, '#panel-queue .stats'), /Yes ✓/);
});

test('step-through: a lost update on purpose, undone, and impossible with the lock', async () => {
  const { page } = lab;
  await page.click('#tab-stepper');
  const step = async (t) => {
    await page.click(`#stepper-step-${t}`);
  };
  const logged = (n) => page.waitForFunction((k) => document.querySelectorAll('#stepper-log li').length === k, n);
  for (const t of [0, 1, 0, 0, 1, 1]) await step(t);
  await logged(6);
  assert.equal(await text(page, '#stepper-counter'), '1');
  assert.match(await text(page, '#stepper-verdict'), /expected 2\. 1 update lost/);
  await page.click('#stepper-undo');
  await page.click('#stepper-undo');
  await page.click('#stepper-undo'); // back to: both loaded, thread 1 added
  await logged(3);
  assert.equal(await text(page, '#stepper-counter'), '0');
  // With the lock: thread 1 takes it and loads; thread 2 cannot start.
  await page.click('.mode[data-locked="true"]');
  await page.waitForFunction(() => /acquire/.test(document.querySelector('#stepper-step-0').textContent));
  await step(0);
  await step(0);
  await logged(2);
  assert.equal(await page.isDisabled('#stepper-step-1'), true);
  assert.match(await text(page, '#stepper-why-1'), /thread 1 holds the lock/);
  for (let i = 0; i < 3; i++) await step(0);
  for (let i = 0; i < 5; i++) await step(1);
  await logged(10);
  assert.equal(await text(page, '#stepper-counter'), '2');
  assert.match(await text(page, '#stepper-verdict'), /Nothing lost/);
});

test('bad settings get a message next to their field', async () => {
  const { page } = lab;
  const cases = [
    ['race', { workers: '0' }, 'workers', /at least 1/],
    ['race', { workers: '99' }, 'workers', /from 1 to \d/],
    ['race', { increments: 'ten' }, 'increments', /not a number/],
    ['race', { increments: 'NaN' }, 'increments', /NaN/],
    ['race', { increments: '1e30' }, 'increments', /too large/],
    ['race', { repeats: '2.5' }, 'repeats', /whole number/],
    ['race', { workers: '2', increments: '10000000', repeats: '100' }, 'increments', /Too much work/],
    ['semaphore', { workers: '2', permits: '3' }, 'permits', /At most as many permits as workers/],
    ['deadlock', { timeout_ms: '-5' }, 'timeout_ms', /at least 1|from 50/],
    ['queue', { producers: '3', consumers: '3' }, 'consumers', /at most \d+, the threads in the pool/],
  ];
  for (const [demo, fields, field, says] of cases) {
    await resetFields(page);
    const reply = await runDemo(page, demo, fields);
    assert.equal(reply.status, 'invalid', `${demo} ${JSON.stringify(fields)}`);
    const box = page.locator(`#${demo}-${field}-error`);
    assert.equal(await box.isVisible(), true, `${demo}.${field}`);
    assert.match(await box.innerText(), says);
    assert.equal(await page.getAttribute(`#${demo}-${field}`, 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), `${demo}-${field}`);
  }
  await resetFields(page);
});

test('a run can be cancelled with Esc, and the pool is usable afterwards', async () => {
  const { page } = lab;
  await resetFields(page);
  await page.click('#tab-race');
  await page.fill('#race-increments', '10000000');
  await page.fill('#race-repeats', '4');
  const before = await runs(page, 'race');
  await page.click('#panel-race .run');
  await page.waitForFunction(
    () => Number(document.querySelector('#panel-race .track').getAttribute('aria-valuenow')) > 0,
    null,
    { timeout: 30_000 },
  );
  const started = Date.now();
  await page.keyboard.press('Escape');
  const cancelled = await ended(page, 'race', before, 10_000);
  const took = Date.now() - started;
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(await page.getAttribute(panel('race'), 'data-reply-status'), 'cancelled');
  assert.match(await status(page, 'race'), /Cancelled/);
  // Under CANCEL_GRACE_MS: the race heard the cancel word itself; after it,
  // the client would have replaced the pool (also "cancelled").
  assert.ok(took < CANCEL_GRACE_MS, `cancel took ${took} ms`);
  // A demo that needs every worker of the pool runs right after.
  const { result } = await runDemo(page, 'barrier', { workers: 4, phases: 2, unit_ms: 5 });
  assert.equal(result.phases_kept_apart, true);
  await resetFields(page);
});

test('the main thread never blocks (no task over 50 ms) and the keyboard reaches everything', async (t) => {
  const { page } = lab;
  await page.evaluate(() => {
    window.longTasks = [];
  });
  await runDemo(page, 'queue', { items: 200, capacity: 5 });
  await runDemo(page, 'race', { repeats: 20 });
  await runDemo(page, 'semaphore', { rounds: 10, hold_ms: 10 });
  await assertResponsive(page, t);

  // Tabs: arrow keys move between demos; Enter in a field runs the demo.
  await page.focus('#tab-race');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-stepper');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-deadlock');
  assert.equal(await page.isVisible('#panel-deadlock'), true);
  assert.equal(await page.isHidden('#panel-race'), true);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'deadlock-timeout_ms');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('100');
  const before = await runs(page, 'deadlock');
  await page.keyboard.press('Enter');
  await ended(page, 'deadlock', before, 20_000);
  assert.match(await status(page, 'deadlock'), /deadlock detected/);
  // Every input has a label.
  for (const id of await page.locator('.fields input').evaluateAll((inputs) => inputs.map((i) => i.id))) {
    const label = await page.locator(`#${id}`).evaluate((i) => i.labels[0]?.textContent ?? '');
    assert.ok(label.length > 3, id);
  }
  assert.deepEqual(lab.problems, []);
});

test('each demo component mounts twice on one page with one client, runs, and leaves nothing behind', async () => {
  // A page of its own: mountTwice empties it and counts the Workers it starts.
  const page = await lab.page.context().browser().newPage();
  await page.goto(lab.page.url());
  const settings = {
    'counter-race': [
      { workers: '2', increments: '100000', repeats: '3' },
      { workers: '1', increments: '10000', repeats: '2' },
    ],
    stepper: [{}, { locked: 'true', rounds: '2' }],
    deadlock: [{ timeout_ms: '100' }, { timeout_ms: '150' }],
    rlock: [{ timeout_ms: '100' }, { timeout_ms: '100' }],
    semaphore: [
      { workers: '3', permits: '2', rounds: '2', hold_ms: '5' },
      { workers: '2', permits: '1', rounds: '2', hold_ms: '5' },
    ],
    event: [
      { workers: '3', setup_ms: '20' },
      { workers: '2', setup_ms: '10' },
    ],
    barrier: [
      { workers: '3', phases: '2', unit_ms: '5' },
      { workers: '2', phases: '1', unit_ms: '5' },
    ],
    queue: [
      { producers: '2', consumers: '2', items: '20', capacity: '3' },
      { producers: '1', consumers: '1', items: '10', capacity: '2' },
    ],
  };
  try {
    for (const [id, pair] of Object.entries(settings)) {
      const out = await mountTwice(page, {
        module: `demos/sync/${id}.js`,
        settings: pair,
        threads: 4,
        read: { status: '.run-status', json: '[data-demo]' },
      });
      assert.equal(out.error, null, id);
      assert.deepEqual(out.statuses, ['done', 'done'], id);
      for (const value of out.values)
        assert.match(value.status, /^(Done|Finished|Thread 2 cannot load)/, `${id}: ${value.status}`);
      assert.deepEqual(out.duplicateIds, [], id);
      assert.deepEqual(out.leftovers, [0, 0], id);
      // The demos start no workers of their own: only the client's coordinator, ended by terminate().
      assert.deepEqual(out.workers, { created: 1, terminated: 1, alive: 0 }, id);
    }
  } finally {
    await page.close();
  }
});

test('threads off: the page says why, the demos run simulated on one worker, and the stepper still works', async () => {
  const off = await openLab({ query: 'sync.html#stepper', isolation: false });
  try {
    const { page } = off;
    assert.equal(await page.isVisible('#isolation-banner'), true);
    assert.match(await text(page, '#isolation-why'), /not cross-origin isolated/);
    assert.match(await text(page, '#pool-status'), /Threads off/);
    await page.click('#stepper-auto');
    await page.waitForFunction(() => document.querySelectorAll('#stepper-log li').length === 6);
    assert.match(await text(page, '#stepper-verdict'), /expected 2\. 1 update lost/);

    // The race, simulated: its own limits (1e7 is too much for one worker), then a run that loses updates.
    await page.click('#tab-race');
    assert.match(
      await text(page, '#panel-race .sim-note'),
      /^Simulated: threads are off, so this demo’s threads run on one worker[^]*random scheduler[^]*not measured\.$/,
    );
    assert.equal(await page.isDisabled('#panel-race .run'), false);
    const bad = await runDemo(page, 'race', { increments: '1e7' });
    assert.equal(bad.status, 'invalid');
    assert.equal(await page.getAttribute('#race-increments', 'aria-invalid'), 'true');
    const race = await runDemo(page, 'race', { workers: 3, increments: '5000', repeats: 10 });
    assert.equal(race.status, 'done');
    const [unsync, ...safe] = race.result.methods;
    assert.ok(
      unsync.samples.every((s) => s.lost > 0 && s.actual + s.lost === 15_000),
      JSON.stringify(unsync.samples),
    );
    for (const m of safe)
      assert.ok(
        m.samples.every((s) => s.actual === 15_000),
        m.method,
      );
    assert.match(
      await status(page, 'race'),
      /^Simulated with seed \d+: 3 threads on one worker \(the same seed replays this run\)\. Done: 10 runs/,
    );
    assert.match(await text(page, '#panel-race .visual'), /steps per increment/);

    // The deadlock, simulated: found as a cycle at the timeout, then the fixed order completes.
    const dead = await runDemo(page, 'deadlock', { timeout_ms: 200 });
    assert.equal(dead.status, 'done');
    assert.equal(dead.result.deadlocked.detection.waited_ms, 200);
    assert.equal(dead.result.deadlocked.detection.cycle.length, 2);
    assert.deepEqual(dead.result.fixed.outcomes, ['finished', 'finished']);
    assert.ok((await drawnSpans(page, 'deadlock')).every((n) => n > 0));
    assert.deepEqual(off.problems, []);
  } finally {
    await off.close();
  }
});

test('on a phone, picking a demo from the menu above it scrolls to the demo', async () => {
  const { page } = lab;
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click('#tab-deadlock');
    await page.waitForFunction(
      () => {
        const top = document.querySelector('#panel-deadlock').getBoundingClientRect().top;
        return top >= 0 && top <= window.innerHeight / 2;
      },
      null,
      { timeout: 5000 },
    );
    assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-deadlock', 'the tab keeps the focus');
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.click('#tab-race');
  }
});
