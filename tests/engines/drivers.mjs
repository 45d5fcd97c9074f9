// One harness for three browser engines: selenium-webdriver over WebDriver
// classic, against each engine's own driver (chromedriver, geckodriver,
// WebKitWebDriver), which this file starts on a free port and ends.
//
// Why this route: WebKitGTK's driver speaks WebDriver classic only (no BiDi),
// so classic is the one protocol all three engines share; selenium-webdriver
// is the project's own, well-kept client for it and needs no browser download
// (we pass it the Debian browsers and drivers, and never let Selenium Manager
// look for any). Console messages are not reachable in WebKitGTK, so every
// engine is checked the same way: errors are collected by the page itself
// (see ERRORS) and the tests read what the page shows.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { Builder } from 'selenium-webdriver';

export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const HOME_BIN = `${process.env.HOME}/.cargo/bin`;
const GECKODRIVER =
  process.env.GECKODRIVER ?? (existsSync(`${HOME_BIN}/geckodriver`) ? `${HOME_BIN}/geckodriver` : 'geckodriver');

/**
 * The engines, with what each needs. `env` goes to the driver, and the
 * browser inherits it: WebKitGTK gives pages SharedArrayBuffer only with
 * JSC_useSharedArrayBuffer=1, and reports navigator.language from LANG.
 */
export const ENGINES = {
  chromium: {
    driver: ['/usr/bin/chromedriver'],
    capabilities: {
      browserName: 'chrome',
      'goog:chromeOptions': {
        binary: process.env.CHROMIUM ?? '/usr/bin/chromium',
        args: [
          '--headless=new',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    },
  },
  firefox: {
    driver: [GECKODRIVER],
    capabilities: {
      browserName: 'firefox',
      'moz:firefoxOptions': { binary: process.env.FIREFOX ?? '/usr/bin/firefox-esr', args: ['-headless'] },
    },
  },
  webkit: {
    // MiniBrowser has no headless mode: a virtual X server per driver.
    driver: ['xvfb-run', '-a', '-s', '-screen 0 1400x1000x24', '/usr/bin/WebKitWebDriver'],
    capabilities: {
      browserName: 'MiniBrowser',
      // Without --automation (or with an option MiniBrowser does not know)
      // New Session waits forever: hence the timeout in open().
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    },
  },
};

/** A port nobody listens on. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/** Waits until the driver answers /status. */
async function driverUp(url, child, failed, timeout = 30_000) {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the driver exited (${child.exitCode})`);
    if (failed()) throw failed();
    try {
      const r = await fetch(`${url}/status`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the driver did not answer within ${timeout} ms`);
}

/**
 * Which engines to run: all, or those named in THREADLAB_ENGINES
 * (e.g. "chromium,webkit").
 * @param {string} engine
 */
export const wanted = (engine) =>
  !process.env.THREADLAB_ENGINES || process.env.THREADLAB_ENGINES.split(',').includes(engine);

/** Rejects after `ms` with `what` timed out. */
const within = (promise, ms, what) =>
  Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms).unref()),
  ]);

/**
 * Installed into every page the tests open, right after it loads: what the
 * page throws or leaves unhandled from then on. Errors before that leave the
 * page without body[data-ready], which the tests wait for.
 */
const ERRORS = `if (!window.__errors) { window.__errors = [];
  addEventListener('error', (e) => window.__errors.push('error: ' + (e.message || e.type)));
  addEventListener('unhandledrejection', (e) => window.__errors.push('unhandled: ' + (e.reason && e.reason.message || e.reason))); }`;

/**
 * Starts `engine`'s driver and a browser session.
 * @param {keyof typeof ENGINES} engine
 * @param {{env?: Record<string, string>, width?: number, height?: number}} [options]
 */
export async function open(engine, { env = {}, width = 1280, height = 900 } = {}) {
  const { driver: command, capabilities } = ENGINES[engine];
  const port = await freePort();
  const child = spawn(command[0], [...command.slice(1), `--port=${port}`], {
    env: { ...process.env, LANG: 'en_US.UTF-8', ...env },
    stdio: 'ignore',
    detached: true,
  });
  /** @type {Error | null} */
  let spawnError = null;
  child.on('error', (e) => {
    spawnError = e;
  });
  const kill = () => {
    try {
      process.kill(-(/** @type {number} */ (child.pid)), 'SIGTERM');
    } catch {
      /* gone */
    }
  };
  const url = `http://127.0.0.1:${port}`;
  let driver;
  try {
    await driverUp(url, child, () => spawnError);
    driver = await within(
      new Builder().usingServer(url).withCapabilities(capabilities).build(),
      60_000,
      `New Session in ${engine}`,
    );
    await driver.manage().setTimeouts({ script: 120_000, pageLoad: 60_000 });
    await driver
      .manage()
      .window()
      .setRect({ width, height })
      .catch(() => {});
  } catch (e) {
    kill();
    throw e;
  }
  const d = driver;
  const session = {
    driver: d,
    engine,
    /** Runs `source` (a function body; `arguments` are `args`) in the page. */
    js: (source, ...args) => d.executeScript(source, ...args),
    /** Loads `url`, waits for body[data-ready], and starts collecting the page's errors. */
    async load(href, { ready = 'body[data-ready]', timeout = 60_000 } = {}) {
      await d.get(href);
      await session.until(`return !!document.querySelector(${JSON.stringify(ready)})`, timeout, `${href} to be ready`);
      await d.executeScript(ERRORS);
    },
    /**
     * Runs `body` (an async function body) as one of the page's own module
     * scripts and resolves with what it returns. Firefox runs WebDriver
     * scripts in a sandbox whose objects the page's code does not accept as
     * its own (e.g. as an EventTarget); a page script has no such seam.
     */
    async inPage(body, timeout = 120_000) {
      const key = `__r${Math.random().toString(36).slice(2)}`;
      await d.executeScript(
        `const s = document.createElement('script'); s.type = 'module';
        s.textContent = '(async () => {' + arguments[0] + '})().then((v) => { window[' + JSON.stringify(arguments[1]) + '] = { v: JSON.stringify(v) }; }, (e) => { window[' + JSON.stringify(arguments[1]) + '] = { e: String(e && e.stack || e) }; });';
        document.head.append(s);`,
        body,
        key,
      );
      const r = await session.until(`return window[arguments[0]]`, timeout, 'a page script', key);
      if (r.e) throw new Error(`in the page: ${r.e}`);
      return JSON.parse(r.v);
    },
    /** Polls `source` in the page until it returns something truthy; resolves with it. */
    async until(source, timeout, what, ...args) {
      const end = Date.now() + timeout;
      for (;;) {
        const value = await d.executeScript(source, ...args).catch(() => null);
        if (value) return value;
        if (Date.now() > end) throw new Error(`waited ${timeout} ms for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    /** The text the first element matching `selector` shows ('' when none). */
    text: (selector) =>
      d.executeScript('const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : ""', selector),
    /** Sets form fields by id, as typing would (input + change events). */
    fill: (fields) =>
      d.executeScript(
        `for (const [id, v] of Object.entries(arguments[0])) {
      const e = document.getElementById(id); e.value = String(v);
      e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true })); }`,
        fields,
      ),
    click: (selector) => d.executeScript('document.querySelector(arguments[0]).click()', selector),
    /** What the page threw since load(). */
    errors: () => d.executeScript('return window.__errors || []'),
    async close() {
      await within(d.quit(), 15_000, 'quit').catch(() => {});
      kill();
    },
  };
  return session;
}
