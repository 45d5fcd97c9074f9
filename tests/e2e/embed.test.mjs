// Embedding: an example tutorial article on ANOTHER origin, without any
// isolation headers, embeds two demos; the API runs workloads from the
// article's own script.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
const servers = [];
after(async () => {
  await browser.close();
  for (const s of servers) s.close();
});

async function serve(options) {
  const server = await startServer({ port: 0, quiet: true, ...options });
  servers.push(server);
  return server.address().port;
}

async function openArticle({ isolation, height = 1000 }) {
  const threadlab = await serve({ isolation });
  const article = await serve({ isolation: false, root: `${ROOT}examples/article` });
  const page = await browser.newPage({ viewport: { width: 900, height } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  // 127.0.0.1 vs localhost, and different ports: two different origins.
  await page.goto(`http://127.0.0.1:${article}/?threadlab=http://localhost:${threadlab}`);
  await page.waitForSelector('body[data-ready]');
  return { page, problems };
}

async function runDemo(frame, size) {
  await frame.locator('body[data-ready]').waitFor({ timeout: 30_000 });
  if (size) await frame.locator('#size').fill(size);
  // Counts the presses that reach the demo, so a timeout below can tell a
  // click that never arrived from a run that never ended.
  await frame.locator('body').evaluate((body) =>
    body.addEventListener(
      'click',
      (e) => {
        if (/** @type {Element} */ (e.target).closest('#run'))
          body.dataset.runClicks = String(Number(body.dataset.runClicks ?? 0) + 1);
      },
      true,
    ),
  );
  await frame.locator('#run').click();
  try {
    await frame.locator('body[data-runs]').waitFor({ timeout: 60_000 });
  } catch (e) {
    // Say where the run stopped (CI failed here twice with nothing more to go on).
    const state = await frame
      .locator('body')
      .evaluate(
        (body) => {
          const text = (/** @type {string} */ id) => document.getElementById(id)?.textContent ?? null;
          const root = /** @type {HTMLElement | null} */ (document.querySelector('#demo-body > *'));
          return {
            clicks: body.dataset.runClicks ?? '0',
            pool: body.dataset.pool,
            poolStatus: text('pool-status'),
            state: root?.dataset.state,
            runStatus: text('run-status'),
            lanes: [text('seq-time'), text('par-time')],
          };
        },
        undefined,
        { timeout: 5_000 },
      )
      .catch((/** @type {Error} */ err) => `the frame did not answer: ${err.message}`);
    throw new Error(`${e instanceof Error ? e.message : e}\nthe demo then: ${JSON.stringify(state)}`);
  }
  return frame.locator('#run-status').innerText();
}

test('a cross-origin article with no headers runs embedded demos multi-threaded', async () => {
  const { page, problems } = await openArticle({ isolation: true });
  assert.equal(await page.evaluate(() => crossOriginIsolated), false, 'the article itself is not isolated');
  const squares = page.frameLocator('#squares iframe');
  const result = await runDemo(squares, '1e8');
  assert.equal(
    await squares.locator('#pool-status').innerText(),
    `${await page.evaluate(() => navigator.hardwareConcurrency)} threads`,
  );
  assert.match(result, /^[\d.]+× faster on 2 workers \(efficiency \d+%\); results agree\.$/);
  // The frame really is isolated (Document-Isolation-Policy) and has shared memory.
  const frame = page.frames().find((f) => f.url().includes('embed.html') && f.url().includes('sum-of-squares'));
  assert.deepEqual(await frame.evaluate(() => [crossOriginIsolated, typeof SharedArrayBuffer]), [true, 'function']);

  // Theme and height: the second demo is dark and its iframe fits its content.
  const mandelbrot = page.frameLocator('#mandelbrot iframe');
  await runDemo(mandelbrot, '600');
  const dark = page.frames().find((f) => f.url().includes('theme=dark'));
  assert.equal(await dark.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await dark.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(23, 26, 43)');
  // The race's bars too (they were left light on the dark card).
  assert.equal(
    await dark.evaluate(
      () => getComputedStyle(/** @type {Element} */ (document.querySelector('.track'))).backgroundColor,
    ),
    'rgb(38, 42, 68)',
  );
  await page.waitForFunction(() => {
    const f = document.querySelector('#mandelbrot iframe');
    return f.getBoundingClientRect().height > 500; // grew to show the picture
  });
  const fit = await page.evaluate(() => document.querySelector('#mandelbrot iframe').getBoundingClientRect().height);
  const content = await dark.evaluate(() => document.documentElement.getBoundingClientRect().height);
  assert.ok(Math.abs(fit - content) <= 2, `iframe ${fit}px for ${content}px of content`);
  assert.deepEqual(problems, []);
});

test('a demo starts a screen before it is seen, so it grows off screen; one further down waits', async (t) => {
  const threadlab = await serve({ isolation: true });
  // An article of text: one demo 1.5 screens down, the next 4 screens below that.
  const dir = await mkdtemp(join(tmpdir(), 'threadlab-article-'));
  t.after(() => rm(dir, { recursive: true }));
  await writeFile(
    join(dir, 'index.html'),
    `<!doctype html>
    <script type="module" src="http://localhost:${threadlab}/threadlab-embed.js"></script>
    <div style="height:150vh">Text.</div><threadlab-demo id="near" workload="mandelbrot" size="300"></threadlab-demo>
    <div style="height:400vh">More text.</div><threadlab-demo id="far" demo="deadlock"></threadlab-demo>`,
  );
  const article = await serve({ isolation: false, root: dir });
  const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
  await page.goto(`http://127.0.0.1:${article}/`);
  await page.waitForFunction(() => customElements.get('threadlab-demo'));
  const started = (/** @type {string} */ selector) =>
    page.evaluate(
      (s) =>
        Promise.race([
          /** @type {any} */ (document.querySelector(s)).ready.then(() => 'started'),
          new Promise((resolve) => setTimeout(resolve, 15_000, 'not started within 15 s')),
        ]),
      selector,
    );
  // Nothing has scrolled; the near demo starts and grows to its content out of sight.
  assert.equal(await started('#near'), 'started');
  await page.waitForFunction(() => document.querySelector('#near iframe').getBoundingClientRect().height > 400, null, {
    timeout: 10_000,
  });
  assert.equal(await page.evaluate(() => scrollY), 0);
  // (Its lazy frame may not even be loaded.)
  const farFrame = () => page.frames().find((f) => f.url().includes('demo=deadlock'));
  assert.equal(
    (await farFrame()?.evaluate(() => document.body.dataset.pool ?? 'not started')) ?? 'not started',
    'not started',
  );
  // Scrolled to, it is already its full size: nothing moves under the reader.
  const height = await page.evaluate(() => document.querySelector('#near iframe').getBoundingClientRect().height);
  await page.evaluate(() => document.querySelector('#near').scrollIntoView());
  await page.waitForTimeout(500);
  assert.equal(
    await page.evaluate(() => document.querySelector('#near iframe').getBoundingClientRect().height),
    height,
  );
  // The far one starts once the reader comes within a screen of it.
  await page.evaluate(() =>
    scrollTo(0, document.querySelector('#far').getBoundingClientRect().top + scrollY - 1.5 * innerHeight),
  );
  assert.equal(await started('#far'), 'started');
  // threadlab is served isolated, so the frame is (Document-Isolation-Policy): threaded.
  assert.equal((await farFrame()?.evaluate(() => document.body.dataset.pool)) ?? 'no frame', 'threaded');
  await page.close();
});

test('runDemo() on a demo six screens down loads and runs it, the page still at its top', async (t) => {
  const threadlab = await serve({ isolation: true });
  // A lesson whose "run all" sits at the top: the demo is far out of sight,
  // its lazy frame not even loaded.
  const dir = await mkdtemp(join(tmpdir(), 'threadlab-article-'));
  t.after(() => rm(dir, { recursive: true }));
  await writeFile(
    join(dir, 'index.html'),
    `<!doctype html>
    <script type="module" src="http://localhost:${threadlab}/threadlab-embed.js"></script>
    <button id="run-all">Run all</button>
    <div style="height:700vh">Text.</div><threadlab-demo id="far" workload="prime-count" size="200000" workers="2"></threadlab-demo>`,
  );
  const article = await serve({ isolation: false, root: dir });
  const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
  // The reader presses "run all" minutes after the page loaded: past the
  // 120 s the element gives a started frame to say it is ready.
  await page.clock.install();
  await page.goto(`http://127.0.0.1:${article}/`);
  await page.waitForFunction(() => customElements.get('threadlab-demo'));
  const far = await page.evaluate(() => document.querySelector('#far').getBoundingClientRect().top / innerHeight);
  assert.ok(far > 6, `the demo is ${far} screens down`);
  await page.clock.fastForward('03:00');
  // The bound only catches the hang this test is about (every call waited
  // for a frame that starts when the reader comes near); a run takes seconds.
  const reply = await page.evaluate(() =>
    Promise.race([
      /** @type {any} */ (document.querySelector('#far'))
        .runDemo()
        .then((r) => ({ status: r.status, answer: r.answer?.value })),
      new Promise((resolve) => setTimeout(resolve, 120_000, 'no reply within 120 s')),
    ]),
  );
  assert.deepEqual(reply, { status: 'done', answer: '17984' });
  assert.equal(await page.evaluate(() => scrollY), 0, 'the page stayed at its top');
  await page.close();
});

test('the modes demo, taller than 4,000 px after a run at 900 px, shows its whole height', async (t) => {
  const threadlab = await serve({ isolation: true });
  const dir = await mkdtemp(join(tmpdir(), 'threadlab-article-'));
  t.after(() => rm(dir, { recursive: true }));
  await writeFile(
    join(dir, 'index.html'),
    `<!doctype html><body style="margin:0">
    <script type="module" src="http://localhost:${threadlab}/threadlab-embed.js"></script>
    <threadlab-demo id="modes" demo="modes" tasks="8" units="10000000" wait_ms="60" http_ms="60" workers="4" switch_ms="5" transfer_mb="4"></threadlab-demo>`,
  );
  const article = await serve({ isolation: false, root: dir });
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  await page.goto(`http://127.0.0.1:${article}/`);
  await page.waitForFunction(() => customElements.get('threadlab-demo'));
  const reply = await page.evaluate(() =>
    /** @type {any} */ (document.querySelector('#modes')).runDemo().then((r) => r.status),
  );
  assert.equal(reply, 'done');
  const frame = page.frames().find((f) => f.url().includes('demo=modes'));
  const content = () => frame.evaluate(() => document.documentElement.scrollHeight);
  const box = () => page.evaluate(() => document.querySelector('#modes iframe').getBoundingClientRect().height);
  // The frame follows its content's resize messages: wait until it has, and
  // until the content has stopped growing (the run's timelines are drawn one
  // after another after its reply, each a little later under load).
  let same = 0;
  for (let i = 0, last = -1; i < 150 && same < 10; i++) {
    const [b, c] = [await box(), await content()];
    same = Math.abs(b - c) <= 1 && c === last ? same + 1 : 0;
    last = c;
    await page.waitForTimeout(100);
  }
  const [height, inner] = await Promise.all([content(), frame.evaluate(() => document.documentElement.clientHeight)]);
  t.diagnostic(`the modes demo after a run at 900 px: ${height} px`);
  assert.ok(height > 4000, `the demo is ${height} px tall after its run (the case this test is about)`);
  assert.ok(height <= inner, `no inner scrollbar: ${height} px of content in a ${inner} px frame`);
  await page.close();
});

test('the element API and connect() return correct, typed results', async () => {
  const { page } = await openArticle({ isolation: true });
  const viaElement = await page.evaluate(async () => {
    const demo = document.querySelector('#squares');
    await demo.ready;
    const info = await demo.info();
    const reply = await demo.run({ workload: 'sum-of-squares', size: '1e7', mode: 'parallel', workers: 2 });
    const bad = await demo.run({ workload: 'sum-of-squares', size: -1, mode: 'parallel', workers: 0 });
    const race = await demo.race({ workload: 'mandelbrot', size: 300, workers: 2 });
    return {
      info,
      status: reply.status,
      value: reply.answer.value,
      workers: reply.blocks_per_worker.length,
      bad: bad.errors.map((e) => e.field),
      race: [race.agree, race.speedup > 0, race.parallel.answer.image.bitmap instanceof ImageBitmap],
    };
  });
  assert.deepEqual(viaElement.info.isolated, true);
  assert.equal(viaElement.status, 'done');
  assert.equal(viaElement.value, '333333283333335000000');
  assert.equal(viaElement.workers, 2);
  assert.deepEqual(viaElement.bad, ['size', 'workers']);
  assert.deepEqual(viaElement.race, [true, true, true]);

  await page.click('#api-run');
  await page.waitForSelector('body[data-api-runs]', { timeout: 30_000 });
  const out = await page.locator('#api-output').innerText();
  // connect()'s frame does the work out of sight.
  const hidden = await page.evaluate(async () => {
    const { connect } = await import(`${new URLSearchParams(location.search).get('threadlab')}/threadlab-embed.js`);
    const lab = await connect();
    const frame = document.querySelector('iframe[title="threadlab (hidden)"]');
    const seen = [frame.checkVisibility(), frame.getBoundingClientRect().height, (await lab.info()).threads > 0];
    lab.close();
    return seen;
  });
  assert.deepEqual(hidden, [false, 0, true]);
  assert.match(out, /status: done\nanswer: 148,933 primes below 2,000,000\nworkers: 2/);
});

test('connect() runs one request of each kind, in a frame with no visible box', async () => {
  const { page, problems } = await openArticle({ isolation: true });
  const out = await page.evaluate(async () => {
    const { connect } = await import(`${new URLSearchParams(location.search).get('threadlab')}/threadlab-embed.js`);
    const lab = await connect();
    const frame = document.querySelector('iframe[title="threadlab (hidden)"]');
    const box = [frame.checkVisibility(), frame.getBoundingClientRect().width, frame.getBoundingClientRect().height];
    const info = await lab.info();
    const run = await lab.run({ workload: 'prime-count', size: '1e6', mode: 'parallel', workers: 2 });
    const race = await lab.race({ workload: 'sum-of-squares', size: '1e6', workers: 2 });
    const sweep = await lab.sweep({ workload: 'prime-count', size: '2e5', workers: 2, reps: 1 });
    const demos = await lab.sync.demos();
    const sync = {};
    for (const id of ['race', 'deadlock', 'rlock', 'semaphore', 'event', 'barrier', 'queue']) {
      const reply = await lab.sync.run(id, id === 'race' ? { increments: 10000, repeats: 2 } : {});
      sync[id] = reply.status === 'done' ? reply.demo : reply.status;
    }
    const stepper = await lab.sync.stepperNew(true, 1);
    const step = await lab.sync.stepperStep(stepper.state, 0);
    const check = await lab.modes.check({ tasks: 'x' });
    // Tasks long enough (~10 ms each) that both threads get one: the
    // coordinator is pool thread 0 and starts at once, and with 1 ms tasks
    // it once finished all four before the other worker woke up.
    const modes = await lab.modes.run({
      workload: 'cpu',
      how: 'threads',
      gil: false,
      settings: { tasks: 4, units: 30000000, workers: 2 },
    });
    const measure = await lab.modes.measure({ tasks: 2, units: 100000, wait_ms: 10, workers: 2 });
    lab.close();
    return {
      box,
      threads: info.threads,
      memory: info.memory_bytes > 0,
      run: [run.status, run.blocks_per_worker.filter((b) => b > 0).length],
      race: race.agree,
      sweep: [sweep.status, sweep.points.map((p) => p.workers)],
      demos: demos.map((d) => d.id).sort(),
      sync,
      stepper: [stepper.finished, step.status],
      check: [check.status, check.errors?.[0]?.field],
      modes: [modes.status, new Set([...modes.result.items, ...modes.result.activity].map((i) => i.worker)).size],
      measure: [
        measure.status,
        ...['cpu', 'io'].flatMap((k) => ['sequential', 'threads', 'gil'].map((h) => measure[k][h] > 0)),
      ],
    };
  });
  assert.deepEqual(out.box, [false, 0, 0]);
  assert.ok(out.threads >= 2 && out.memory);
  assert.deepEqual(out.run, ['done', 2]);
  assert.equal(out.race, true);
  assert.deepEqual(out.sweep, ['done', [1, 2]]);
  assert.deepEqual(out.demos, ['barrier', 'deadlock', 'event', 'queue', 'race', 'rlock', 'semaphore', 'stepper']);
  assert.deepEqual(out.sync, {
    race: 'race',
    deadlock: 'deadlock',
    rlock: 'rlock',
    semaphore: 'semaphore',
    event: 'event',
    barrier: 'barrier',
    queue: 'queue',
  });
  assert.deepEqual(out.stepper, [false, 'done']);
  assert.deepEqual(out.check, ['invalid', 'tasks']);
  assert.equal(out.modes[0], 'done');
  assert.ok(out.modes[1] >= 2, `modes items ran on ${out.modes[1]} workers`);
  assert.deepEqual(out.measure, ['done', true, true, true, true, true, true]);
  assert.deepEqual(problems, []);
});

test('connect(): a panic on the calling thread itself is reported as a panic, and the next call runs', async () => {
  const { page } = await openArticle({ isolation: true });
  const out = await page.evaluate(async () => {
    const { connect } = await import(`${new URLSearchParams(location.search).get('threadlab')}/threadlab-embed.js`);
    const lab = await connect();
    const settings = { tasks: 4, units: 1000000, workers: 2 };
    // A sequential run executes on the coordinator, pool thread 0: its panic
    // traps the call itself instead of a pool thread the client watches.
    const panic = await lab.modes.run({ workload: 'panic', how: 'sequential', gil: false, settings });
    const next = await lab.modes.run({ workload: 'cpu', how: 'threads', gil: false, settings });
    const info = await lab.info();
    lab.close();
    return { panic, next: next.status, threads: info.threads };
  });
  assert.equal(out.panic.status, 'failed');
  assert.match(
    out.panic.message,
    /^A thread panicked \(pool thread 0: a task panicked on purpose .*\)\. .*a fresh instance and pool were started\.$/,
  );
  assert.equal(out.next, 'done');
  assert.ok(out.threads >= 2);
});

test('where the frame cannot be isolated the demo runs single-threaded and says why', async () => {
  const { page, problems } = await openArticle({ isolation: false });
  const squares = page.frameLocator('#squares iframe');
  const result = await runDemo(squares, '1e7');
  assert.equal(await squares.locator('#pool-status').innerText(), 'threads off');
  assert.match(await squares.locator('#isolation-note').innerText(), /^Threads are off: .*cross-origin isolated.*\.$/);
  assert.match(result, /^One worker: [\d.]+ ms\. 333,333,283,333,335,000,000$/);
  assert.deepEqual(problems, []);
});
