// Accessibility: axe-core (the engine behind most accessibility checkers)
// over every page and the embed, at phone (390×844) and desktop (1280×900)
// widths, after a run so results are on screen: no serious or critical
// violation, and nothing wider than the phone's screen.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
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
const server = await startServer({ port: 0, quiet: true });
const base = `http://localhost:${server.address().port}`;
after(async () => {
  await browser.close();
  server.close();
});

/** Each page, and what to press so its results are on screen (small runs). */
const PAGES = {
  'index.html?workload=sum-of-squares&size=1e7&workers=2': '#run',
  'lab.html?workload=mandelbrot&size=240&workers=2&reps=1': '#run',
  'sync.html': '#panel-race .run',
  'modes.html': null,
  'embed.html?demo=race&workload=sum-of-squares&size=1e7': '#run',
  'embed.html?demo=sweep&theme=dark&workload=mandelbrot&size=240&workers=2&reps=1': '#run',
  'embed.html?demo=deadlock': null,
  'builder.html': null,
  'game.html?level=counter': null,
  'python.html?example=queue': '#py-run',
  'python.html?example=compare': '#cmp-run',
  'embed.html?demo=python&example=deadlock': '#py-run',
};
const VIEWS = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
];

for (const [path, run] of Object.entries(PAGES)) {
  test(`axe: ${path} at phone and desktop widths`, async (t) => {
    const page = await browser.newPage({ viewport: VIEWS[0] });
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/${path}`);
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
    if (run) {
      await page.click(run);
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('[data-runs]')].some(
            (e) => Number(/** @type {HTMLElement} */ (e).dataset.runs) > 0,
          ),
        null,
        { timeout: 60_000 },
      );
    }
    // Check what is folded away too: open every <details>.
    await page.evaluate(() => {
      for (const d of document.querySelectorAll('details')) d.open = true;
    });
    const tabs = await page.locator('[role=tab]').count();
    const found = [];
    for (const view of VIEWS) {
      await page.setViewportSize(view);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
      // Every tab's panel in turn (sync.html), or the page once.
      const violations = [];
      for (let i = 0; i < Math.max(1, tabs); i++) {
        if (tabs) await page.locator('[role=tab]').nth(i).click();
        const result = await page.evaluate(() =>
          /** @type {any} */ (window).axe.run(document, { resultTypes: ['violations'] }),
        );
        for (const v of result.violations) if (!violations.some((w) => w.id === v.id)) violations.push(v);
      }
      const result = { violations };
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      t.diagnostic(
        `${view.width}px: ${bad.length} serious/critical of ${result.violations.length} violations (${result.violations.map((v) => `${v.id}/${v.impact}`).join(', ') || 'none'}); overflow ${overflow}px`,
      );
      for (const v of bad)
        found.push(
          `${view.width}px ${v.id} (${v.impact}): ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(' | ')}`,
        );
      if (view.width === 390 && overflow > 0) {
        const wide = await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter(
              (e) =>
                e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 &&
                getComputedStyle(e).position !== 'fixed',
            )
            .slice(-3)
            .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')}`),
        );
        found.push(`390px: ${overflow}px of horizontal overflow (${wide.join(', ')})`);
      }
    }
    await page.close();
    assert.deepEqual(found, []);
    assert.deepEqual(problems, []);
  });
}

/**
 * Keyboard alone: pressing Tab from the top of each page reaches every
 * visible control (a tab list counts once: its arrows move between tabs),
 * and Enter on the page's Run button runs it.
 */
const KEYBOARD = {
  'index.html?workload=sum-of-squares&size=1e6&workers=2': '#run',
  'lab.html?workload=mandelbrot&size=120&workers=2&reps=1': '#run',
  'sync.html': '#panel-race .run',
  'modes.html?tasks=2&units=1000000&wait_ms=20&http_ms=20&transfer_mb=2': '#measure',
  'embed.html?demo=race&workload=sum-of-squares&size=1e6': '#run',
  'builder.html': null,
  'game.html?level=counter': null,
  'python.html?example=threads': '#py-run',
};
for (const [path, run] of Object.entries(KEYBOARD)) {
  test(`keyboard: every control of ${path.split('?')[0]} is reached with Tab${run ? `, and Enter on ${run} runs it` : ''}`, async () => {
    const page = await browser.newPage({ viewport: VIEWS[1] });
    await page.goto(`${base}/${path}`);
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
    const controls = await page.evaluate(() => {
      const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex="0"]')];
      return all
        .filter(
          (e) =>
            !(/** @type {any} */ (e).disabled) &&
            e.getClientRects().length > 0 &&
            getComputedStyle(e).visibility !== 'hidden' &&
            !e.closest('[role=tablist]') &&
            // Folded away in a closed <details> (its summary is a stop; what it folds is not, until opened).
            !(e.closest('details:not([open])') && !e.closest('summary')) &&
            !(e instanceof HTMLInputElement && e.type === 'radio' && !e.checked),
        )
        .map((e, i) => {
          e.setAttribute('data-kb', String(i));
          return String(i);
        });
    });
    const reached = new Set();
    await page.evaluate(() => /** @type {HTMLElement} */ (document.activeElement)?.blur());
    // Other stops (summaries, links in text) come between: go round once, generously.
    for (let i = 0; i < 2 * controls.length + 40; i++) {
      await page.keyboard.press('Tab');
      const k = await page.evaluate(() => document.activeElement?.getAttribute('data-kb') ?? null);
      if (k !== null) reached.add(k);
    }
    const missed = await page.evaluate(
      (ids) =>
        ids.map((k) => {
          const e = /** @type {HTMLElement} */ (document.querySelector(`[data-kb="${k}"]`));
          return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} “${(e.textContent ?? '').trim().slice(0, 30)}”`;
        }),
      controls.filter((k) => !reached.has(k)),
    );
    assert.deepEqual(missed, []);
    if (run) {
      await page.focus(run);
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('[data-runs]')].some(
            (e) => Number(/** @type {HTMLElement} */ (e).dataset.runs) > 0,
          ),
        null,
        { timeout: 60_000 },
      );
    }
    await page.close();
  });
}
