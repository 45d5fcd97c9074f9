// The static build (dist/, written by ./dev.sh dist) on a host that cannot
// send isolation headers: coi-serviceworker adds them from a service worker
// and reloads the page, and lib/coi-reload.js covers the reload it misses
// when its worker is slow to install.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const servers = [];
after(async () => {
  await browser.close();
  for (const s of servers) s.close();
});

/** Serves `root` without isolation headers; opens lab.html in a fresh profile; waits for the isolated pool. */
async function openIsolatedLab(root) {
  const server = await startServer({ port: 0, quiet: true, isolation: false, root });
  servers.push(server);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://localhost:${server.address().port}/lab.html`);
  await page.waitForFunction(() => crossOriginIsolated === true, null, { timeout: 30_000 });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  const pill = await page.locator('#pool-status').innerText();
  const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
  await context.close();
  return { pill, controlled };
}

test('a host without headers: the page reloads itself isolated and starts its pool', async () => {
  const { pill, controlled } = await openIsolatedLab(DIST);
  assert.ok(controlled, 'isolation came from the service worker');
  assert.match(pill, /worker threads? · cross-origin isolated/);
});

test('a service worker that is still installing when the page reloads: the page reloads once more when it takes control', async (t) => {
  // A busy machine, made reproducible: the worker's install takes 1.5 s, so
  // the page coi-serviceworker reloads asks before the worker is active.
  // Without lib/coi-reload.js this page stays unisolated for good.
  const root = await mkdtemp(join(tmpdir(), 'threadlab-slow-sw-'));
  t.after(() => rm(root, { recursive: true }));
  await cp(DIST, root, { recursive: true });
  const file = join(root, 'coi-serviceworker.min.js');
  const original = await readFile(file, 'utf8');
  const quickInstall = 'self.addEventListener("install",(()=>self.skipWaiting()))';
  assert.ok(original.includes(quickInstall), 'coi-serviceworker changed: update this test');
  const slowInstall =
    'self.addEventListener("install",(e=>e.waitUntil(new Promise(r=>setTimeout(r,1500)).then(()=>self.skipWaiting()))))';
  await writeFile(file, original.replace(quickInstall, slowInstall));
  const { pill, controlled } = await openIsolatedLab(root);
  assert.ok(controlled);
  assert.match(pill, /worker threads? · cross-origin isolated/);
});
