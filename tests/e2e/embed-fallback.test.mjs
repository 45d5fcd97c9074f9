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
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
const servers = [];
after(async () => { await browser.close(); for (const s of servers) s.close(); });
const serve = async (options) => { const s = await startServer({ port: 0, quiet: true, ...options }); servers.push(s); return s.address().port; };

/** Small settings, as attributes, for the demos that need them on this machine. */
/** The demos that run on the sync pool (www/demos/sync/common.js mountRunDemo). */
const SYNC_RUNS = ['counter-race', 'deadlock', 'rlock', 'semaphore', 'event', 'barrier', 'queue'];
/** @type {{id: string, status: string | null}[]} */
let syncReport = [];
const SMALL = {
  race: 'workload="prime-count" size="200000"', sweep: 'workload="prime-count" size="200000" reps="1"',
  modes: 'tasks="2" units="1000000" wait_ms="20" http_ms="20" transfer_mb="2"', 'gil-switch': 'tasks="2" units="1000000" wait_ms="20"',
  faults: 'units="1000000"', 'moving-data': 'transfer_mb="2"',
};

test('without isolation every demo says why threads are off, in one sentence, and runs on one worker', { timeout: 900_000 }, async () => {
  const threadlab = await serve({ isolation: false });
  const ids = Object.keys(DEMOS);
  mkdirSync(DIR, { recursive: true });
  writeFileSync(`${DIR}/index.html`, `<!doctype html><meta charset="utf-8"><title>fallback</title>
<script type="module" src="http://localhost:${threadlab}/threadlab-embed.js"></script>
${ids.map((id) => `<threadlab-demo demo="${id}" ${SMALL[/** @type {keyof typeof SMALL} */ (id)] ?? ''} autorun loading="eager"></threadlab-demo>`).join('\n')}`);
  const article = await serve({ isolation: false, root: DIR });
  const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  await page.goto(`http://127.0.0.1:${article}/`);
  const report = [];
  for (let i = 0; i < ids.length; i++) {
    const demo = page.locator('threadlab-demo').nth(i);
    await demo.scrollIntoViewIfNeeded();
    const ran = await page.waitForFunction((n) => Number(document.querySelectorAll('threadlab-demo')[n].dataset.runs ?? 0) >= 1, i, { timeout: 60_000 })
      .then(() => true, () => false);
    const frame = page.frames().find((f) => f.url().includes(`demo=${ids[i]}&`));
    const [chip, why] = await frame.evaluate(() => [document.getElementById('pool-status')?.textContent, document.getElementById('isolation-note')?.textContent]);
    report.push({ id: ids[i], ran, status: await demo.getAttribute('data-status'), chip, why });
  }
  console.log(JSON.stringify(report, null, 1));
  for (const r of report) {
    assert.equal(r.chip, 'threads off', r.id);
    assert.match(r.why ?? '', /^Threads are off: [^.]*cross-origin isolated[^]*\.$/, r.id);
  }
  const notRun = report.filter((r) => !SYNC_RUNS.includes(r.id) && (!r.ran || r.status !== 'done')).map((r) => r.id);
  assert.deepEqual(notRun, [], 'demos that did not run on one worker');
  syncReport = report.filter((r) => SYNC_RUNS.includes(r.id));
});

// The synchronisation demos need real threads to wait for each other: today
// they disable Run without a pool and Rust answers "invalid". Their fallback
// (a run on one worker, or a recorded run) is for www/demos/sync/ and
// src/sync/ to add; this subtest reports it without failing the suite.
test('without isolation the synchronisation demos run on one worker', { todo: 'www/demos/sync + src/sync: a single-worker fallback' }, () => {
  assert.deepEqual(syncReport.filter((r) => r.status !== 'done').map((r) => r.id), []);
});
