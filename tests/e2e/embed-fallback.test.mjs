// Every demo embedded where its frame cannot be isolated (threadlab served
// without any isolation headers, so no Document-Isolation-Policy either):
// each says in one sentence why threads are off, and runs on one worker.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { DEMOS } from '../../www/demos/registry.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIR = `${ROOT}target/e2e-fallback`;
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
const serve = async (options) => {
  const s = await startServer({ port: 0, quiet: true, ...options });
  servers.push(s);
  return s.address().port;
};

/** Small settings, as attributes, for the demos that need them on this machine. */
/** The demos that run on the sync pool (www/demos/sync/common.js mountRunDemo). */
const SYNC_RUNS = ['counter-race', 'deadlock', 'rlock', 'semaphore', 'event', 'barrier', 'queue'];
/** Demos that cannot run at all without shared memory (they say so). */
const NEEDS_THREADS = ['python'];
/** @type {{id: string, status: string | null, note?: string | null, json?: string | null}[]} */
let syncReport = [];
const SMALL = {
  race: 'workload="prime-count" size="200000"',
  sweep: 'workload="prime-count" size="200000" reps="1"',
  modes: 'tasks="2" units="1000000" wait_ms="20" http_ms="20" transfer_mb="2"',
  'gil-switch': 'tasks="2" units="1000000" wait_ms="20"',
  faults: 'units="1000000"',
  'moving-data': 'transfer_mb="2"',
};

test(
  'without isolation every demo says why threads are off, in one sentence, and runs on one worker',
  { timeout: 900_000 },
  async () => {
    const threadlab = await serve({ isolation: false });
    const ids = Object.keys(DEMOS);
    mkdirSync(DIR, { recursive: true });
    writeFileSync(
      `${DIR}/index.html`,
      `<!doctype html><meta charset="utf-8"><title>fallback</title>
<script type="module" src="http://localhost:${threadlab}/threadlab-embed.js"></script>
${ids.map((id) => `<threadlab-demo demo="${id}" ${SMALL[/** @type {keyof typeof SMALL} */ (id)] ?? ''} autorun loading="eager"></threadlab-demo>`).join('\n')}`,
    );
    const article = await serve({ isolation: false, root: DIR });
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    await page.goto(`http://127.0.0.1:${article}/`);
    const report = [];
    for (let i = 0; i < ids.length; i++) {
      const demo = page.locator('threadlab-demo').nth(i);
      await demo.scrollIntoViewIfNeeded();
      const ran = await page
        .waitForFunction((n) => Number(document.querySelectorAll('threadlab-demo')[n].dataset.runs ?? 0) >= 1, i, {
          timeout: 60_000,
        })
        .then(
          () => true,
          () => false,
        );
      const frame = page.frames().find((f) => f.url().includes(`demo=${ids[i]}&`));
      const [chip, why, note, json] = await frame.evaluate(() => [
        document.getElementById('pool-status')?.textContent,
        document.getElementById('isolation-note')?.textContent,
        document.querySelector('.sim-note')?.textContent ?? null,
        /** @type {HTMLElement | null} */ (document.querySelector('.demo-panel[data-json]'))?.dataset.json ?? null,
      ]);
      report.push({ id: ids[i], ran, status: await demo.getAttribute('data-status'), chip, why, note, json });
    }
    console.log(
      JSON.stringify(
        report.map(({ json, ...r }) => r),
        null,
        1,
      ),
    );
    for (const r of report) {
      assert.equal(r.chip, 'threads off', r.id);
      assert.match(r.why ?? '', /^Threads are off: [^.]*cross-origin isolated[^]*\.$/, r.id);
    }
    const notRun = report
      .filter((r) => !SYNC_RUNS.includes(r.id) && !NEEDS_THREADS.includes(r.id) && (!r.ran || r.status !== 'done'))
      .map((r) => r.id);
    assert.deepEqual(notRun, [], 'demos that did not run on one worker');
    // Python threads are Web Workers on shared memory: without it the run is refused, with the reason.
    for (const r of report.filter((x) => NEEDS_THREADS.includes(x.id))) assert.equal(r.status, 'failed', r.id);
    syncReport = report.filter((r) => SYNC_RUNS.includes(r.id));
  },
);

// The synchronisation demos' workers wait for each other, which one worker
// cannot do: without threads they run simulated (src/sync/sim.rs, each demo's sim.rs), say so, and
// still give each lesson's answer.
test('without isolation the synchronisation demos run on one worker', () => {
  assert.equal(syncReport.length, SYNC_RUNS.length);
  assert.deepEqual(
    syncReport.filter((r) => r.status !== 'done').map((r) => r.id),
    [],
  );
  for (const r of syncReport) {
    // Why threads are off is the frame's one sentence (checked above); the note says how it ran instead.
    assert.match(
      r.note ?? '',
      /^Simulated: threads are off, so this demo’s threads run on one worker[^]*random scheduler[^]*not measured\.$/,
      r.id,
    );
  }
  const result = Object.fromEntries(syncReport.map((r) => [r.id, JSON.parse(r.json ?? '{}').result]));
  const race = result['counter-race'];
  assert.ok(
    race.methods[0].samples.some((/** @type {{lost: number}} */ s) => s.lost > 0),
    'the race loses updates',
  );
  assert.ok(
    race.methods
      .slice(1)
      .every((/** @type {{samples: {actual: number}[]}} */ m) => m.samples.every((s) => s.actual === race.expected)),
  );
  assert.equal(result.deadlock.deadlocked.detection.cycle.length, 2, 'a wait-for cycle');
  assert.deepEqual(result.deadlock.fixed.outcomes, ['finished', 'finished']);
  assert.ok(result.rlock.plain.self_deadlock_detected && result.rlock.reentrant.completed);
  assert.ok(result.semaphore.max_inside <= result.semaphore.permits);
  assert.ok(result.event.woke_at.slice(1).every((/** @type {number} */ w) => w > result.event.set_at));
  assert.ok(result.barrier.phases_kept_apart);
  assert.deepEqual([result.queue.missing, result.queue.duplicated], [[], []]);
});
