// A lesson with many demos: 1, 5 and 10 <threadlab-demo>s on one article.
// Each frame starts its pool when scrolled into view; every one finishes a
// small run on threads; removing the elements ends their frames. The page's
// total memory (performance.measureUserAgentSpecificMemory, which needs the
// top page isolated, so this article is served with COOP/COEP) is printed
// for the memory table in docs/embedding.md. Structure only, never times.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIR = `${ROOT}target/e2e-many`;
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--enable-blink-features=ForceEagerMeasureMemory',
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

/** Ten small demos of different kinds, as the builder writes them. */
const KINDS = [
  'demo="race" workload="prime-count" size="200000"',
  'demo="counter-race"',
  'demo="deadlock"',
  'demo="rlock"',
  'demo="semaphore"',
  'demo="event"',
  'demo="barrier"',
  'demo="queue"',
  'demo="sweep" workload="prime-count" size="200000" reps="1"',
  'demo="gil-switch" tasks="4" units="1000000" wait_ms="20"',
];

async function lesson(threadlab, n) {
  mkdirSync(DIR, { recursive: true });
  const body = KINDS.slice(0, n)
    .map(
      (attrs, i) =>
        `<h2>Step ${i + 1}</h2>\n<p style="height:400px">Some prose.</p>\n<threadlab-demo ${attrs} autorun></threadlab-demo>`,
    )
    .join('\n');
  writeFileSync(
    `${DIR}/lesson-${n}.html`,
    `<!doctype html><meta charset="utf-8"><title>${n} demos</title>\n<script type="module" src="http://localhost:${threadlab}/threadlab-embed.js"></script>\n<body style="max-width:760px;margin:auto;font-family:Georgia,serif">\n${body}\n</body>\n`,
  );
  return `lesson-${n}.html`;
}

const figures = {};

/**
 * The browser's memory as the OS sees it: the sum of every Chromium
 * process's proportional set size (PSS, /proc/PID/smaps_rollup), in MB.
 * measureUserAgentSpecificMemory cannot see the demo frames: each is
 * isolated on its own (Document-Isolation-Policy), in its own process.
 */
async function browserPssMb() {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  let kb = 0;
  for (const { id } of processInfo) {
    try {
      kb += Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${id}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* ended */
    }
  }
  return Math.round(kb / 1024);
}
after(() => console.log(`memory: ${JSON.stringify(figures)}`));

for (const n of [1, 5, 10]) {
  test(`${n} demo${n > 1 ? 's' : ''} on one lesson all finish a run on threads`, { timeout: 900_000 }, async () => {
    const threadlab = await serve({ isolation: true });
    const article = await serve({ isolation: true, root: DIR });
    const file = await lesson(threadlab, n);
    const baseline = await browserPssMb();
    const page = await browser.newPage({
      viewport: n === 10 ? { width: 390, height: 900 } : { width: 1280, height: 900 },
    });
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // localhost:other-port: another origin, the same site (measureUserAgentSpecificMemory counts same-site frames).
    await page.goto(`http://localhost:${article}/${file}`);
    const demos = page.locator('threadlab-demo');
    assert.equal(await demos.count(), n);
    // Before scrolling, demos far below have not started a pool.
    if (n > 1) {
      await page.waitForTimeout(1000);
      const pools = await Promise.all(
        page
          .frames()
          .filter((f) => f.url().includes('embed.html'))
          .map((f) => f.evaluate(() => document.body.dataset.pool ?? 'none')),
      );
      assert.ok(pools.filter((p) => p !== 'none').length < n, `pools before scrolling: ${pools}`);
    }
    for (let i = 0; i < n; i++) {
      await demos.nth(i).scrollIntoViewIfNeeded();
      await page.waitForFunction(
        (k) => Number(document.querySelectorAll('threadlab-demo')[k].dataset.runs ?? 0) >= 1,
        i,
        { timeout: 240_000 },
      );
      assert.ok(
        !['failed', 'invalid'].includes(String(await demos.nth(i).getAttribute('data-status'))),
        `demo ${i + 1}`,
      );
    }
    const frames = page.frames().filter((f) => f.url().includes('embed.html'));
    const pools = await Promise.all(
      frames.map((f) => f.evaluate(() => [crossOriginIsolated, document.body.dataset.pool])),
    );
    assert.deepEqual(
      pools,
      frames.map(() => [true, 'threaded']),
    );
    if (n > 1) {
      await demos.nth(1).scrollIntoViewIfNeeded();
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${ROOT}target/screenshots/lesson-${n}-${n === 10 ? 390 : 1280}.png` });
    }
    const memory = await page.evaluate(async () => {
      const measured = await performance.measureUserAgentSpecificMemory();
      const frames = measured.breakdown.filter((b) => b.attribution.some((a) => a.url.includes('embed.html'))).length;
      const wasm = await Promise.all(
        [...document.querySelectorAll('threadlab-demo')].map(async (d) => (await d.info()).memory_bytes),
      );
      return { total: measured.bytes, framesMeasured: frames, wasm: wasm.reduce((a, b) => a + b, 0) };
    });
    figures[n] = {
      browser_pss_mb: (await browserPssMb()) - baseline,
      page_mb: Math.round(memory.total / 1e6),
      frames_in_breakdown: memory.framesMeasured,
      wasm_mb: Math.round(memory.wasm / 1e6),
    };
    // Removing the elements ends their frames (and the frames' pools).
    await page.evaluate(() => {
      for (const d of document.querySelectorAll('threadlab-demo')) d.remove();
    });
    for (let t = 0; t < 50 && frames.some((f) => !f.isDetached()); t++) await page.waitForTimeout(100);
    assert.deepEqual(
      frames.filter((f) => !f.isDetached()).map((f) => f.url()),
      [],
    );
    assert.deepEqual(problems, []);
    await page.close();
  });
}
