// What every full page does before it mounts its demos: the header, ONE
// PoolClient with a thread per core, the pool status pill (kept current
// across restarts), the "threads are off" banner with the client's reason,
// and the page-level signals the tests read: body[data-ready] once the demos
// are mounted, body[data-runs] counting the presses of Run that ended.
import { defaultThreads, PoolClient } from './client.js';
import { mountHeader } from './header.js';
import { RAN } from './lifecycle.js';

/** @typedef {import('../demos/registry.js').Demo} Demo */

/**
 * @param {PoolClient} client
 * @returns {['ok' | 'warn', string]}
 */
export function poolText(client) {
  if (client.threaded)
    return ['ok', `${client.threads} worker thread${client.threads === 1 ? '' : 's'} · cross-origin isolated`];
  return ['warn', client.info.isolated ? 'Threads off' : 'Threads off · not cross-origin isolated'];
}

/**
 * Starts the page: header, client, banner. Resolves to the client, or to
 * null when the worker could not load (the page then says so).
 * @param {{status?: HTMLElement | null}} [options]  where to say that loading failed
 * @returns {Promise<PoolClient | null>}
 */
export async function startPage({ status } = {}) {
  const header = /** @type {HTMLElement | null} */ (document.querySelector('header.top'));
  const pill = header ? mountHeader(header) : { setPool: () => {} };
  /** @type {PoolClient} */
  let client;
  try {
    client = await PoolClient.create({
      threads: defaultThreads(),
      onRestart: (_why, ready) => {
        pill.setPool('wait', 'Restarting worker threads…');
        ready.then(
          () => pill.setPool(...poolText(client)),
          (e) => pill.setPool('bad', `Workers failed to restart: ${e.message}`),
        );
      },
    });
  } catch (e) {
    pill.setPool('bad', 'Could not start the workers');
    if (status)
      status.textContent = `The WebAssembly module failed to load: ${e instanceof Error ? e.message : String(e)}`;
    return null;
  }
  pill.setPool(...poolText(client));
  showThreadsOff(client);
  countRuns();
  return client;
}

/**
 * Without a pool, shows the page's "threads are off" banner
 * (#isolation-banner) with the client's one-sentence reason ([data-why] or
 * #isolation-why). Its advice to serve the page with COOP/COEP
 * ([data-headers]) is wrong where the page IS isolated and threads are off
 * all the same (WebKitGTK without SharedArrayBuffer): it is hidden there,
 * and the reason says what would help.
 * @param {PoolClient} client
 */
export function showThreadsOff(client) {
  const banner = document.getElementById('isolation-banner');
  if (!banner || client.threaded) return;
  banner.hidden = false;
  for (const why of banner.querySelectorAll('[data-why], #isolation-why')) why.textContent = client.why ?? '';
  for (const part of banner.querySelectorAll('[data-headers]')) {
    /** @type {HTMLElement} */ (part).hidden = client.info.isolated;
  }
}

/** body[data-runs]: how many presses of Run (in any demo on the page) have ended. */
export function countRuns() {
  document.addEventListener(RAN, () => {
    document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
  });
}

/**
 * Keeps a demo's settings in the page URL after every run. In a task of its
 * own: the end of a run is a busy frame (the last output, the status, the
 * layout), and Chromium's replaceState took 5–11 ms of it in a trace.
 * @param {{settings: () => Record<string, string>}} demo
 */
export function settingsInUrl(demo) {
  document.addEventListener(RAN, () => {
    setTimeout(() => history.replaceState(null, '', `?${new URLSearchParams(demo.settings())}`), 0);
  });
}

/** The page's URL parameters as settings. */
export function urlSettings() {
  return Object.fromEntries(new URLSearchParams(location.search));
}
