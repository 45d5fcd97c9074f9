// embed.html: any one demo (www/demos/registry.js), configured by its URL,
// fitting its iframe and answering its parent page.
//
//   embed.html?demo=race&workload=mandelbrot&size=900&workers=4&theme=dark&id=demo-1
//   embed.html?demo=deadlock&workers=2&autorun        runs once, when first on screen
//   embed.html?headless=1&id=…       no demo, only the API (connect() in threadlab-embed.js)
//
// Every parameter but demo, id, headless, theme and autorun is a setting of
// the demo, by the same name as on its full page.
//
// The pool (a coordinator worker, its wasm instance and threads) starts only
// when the demo is first scrolled into view or the parent first calls the
// API: a lesson with ten demos starts the pools it shows, not ten at once.
// It ends with the frame (and at once on pagehide).
//
// To the parent it (1) reports its height on every change, as
// {type: "threadlab:resize", id, height}, so the iframe can fit its content,
// (2) says {type: "threadlab:ready", id, failed?} once started,
// (3) {type: "threadlab:ran", id, status, runs} after every run of the demo,
// (4) {type: "threadlab:settings", id, settings} when its fields change, and
// (5) exposes a promise-based API over Comlink (threadlab-embed.js wraps it
// as <threadlab-demo> and connect(); types in threadlab-embed.d.ts).
import * as Comlink from './vendor/comlink.mjs';
import { defaultThreads, PoolClient, waitingThreads } from './lib/client.js';
import { DEMOS } from './demos/registry.js';
import { makeApi } from './embed-api.js';
import { checkSettings } from './embed-check.js';

/** @typedef {import('./demos/registry.js').Demo} Demo */

/** URL parameters that are not settings of the demo. */
export const RESERVED = ['demo', 'id', 'headless', 'theme', 'autorun'];
/** Which full page shows each demo ("Open in threadlab"). */
const FULL_PAGE = /** @type {Record<string, string>} */ ({
  race: 'index.html',
  sweep: 'lab.html',
  modes: 'modes.html',
  'gil-switch': 'modes.html',
  faults: 'modes.html',
  'moving-data': 'modes.html',
  python: 'python.html',
});

const params = new URLSearchParams(location.search);
const instance = params.get('id') ?? '';
const headless = params.get('headless') === '1';
const demoId = DEMOS[params.get('demo') ?? ''] ? /** @type {string} */ (params.get('demo')) : 'race';
const theme = params.get('theme') ?? '';
const autorun = params.has('autorun') && params.get('autorun') !== 'false';
document.documentElement.dataset.theme = ['light', 'dark'].includes(theme) ? theme : 'auto';
const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @param {Record<string, unknown>} message */
function post(message) {
  if (window.parent !== window) window.parent.postMessage({ ...message, id: instance }, '*');
}

// ---------- the pool: started on first use or first sight ----------

/** @type {Promise<PoolClient> | null} */
let started = null;
/** @returns {Promise<PoolClient>} */
function client() {
  if (!started) {
    document.body.dataset.pool = 'starting';
    // Demos whose threads mostly wait get at least 4, as on their own pages.
    started = PoolClient.create({
      threads: DEMOS[demoId].pool ?? (DEMOS[demoId].waits ? waitingThreads() : defaultThreads()),
    });
    started.then(
      (c) => {
        document.body.dataset.pool = c.threaded ? 'threaded' : 'single';
        addEventListener('pagehide', () => c.terminate());
      },
      () => {
        document.body.dataset.pool = 'failed';
      },
    );
  }
  return started;
}

/** Resolves when the frame is on screen: its own observer, which sees no further. */
const onScreen = new Promise((resolve) => {
  const seen = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) {
      seen.disconnect();
      resolve(undefined);
    }
  });
  seen.observe(document.body);
});
/** Called by the embedding element when the frame is within a screen of the reader. */
let near = () => {};
/**
 * Resolves when the frame is on screen, or when <threadlab-demo> says it is
 * within a screen of it. A cross-origin frame's own observer cannot look
 * ahead (browsers ignore rootMargin there), so only the element, which sees
 * the article's viewport, can start the demo before it scrolls into view: it
 * then grows to its full height off screen, not under the reader's eyes (or
 * under their mouse, moving what they were about to click).
 */
const nearReader = Promise.race([
  onScreen,
  new Promise((resolve) => {
    near = () => resolve(undefined);
  }),
]);

// ---------- the visible demo ----------

/** @type {Demo | null} */
let demo = null;
/** @type {((d: Demo) => void)} */
let mounted = () => {};
/** @type {Promise<Demo>} */
const demoReady = new Promise((resolve) => {
  mounted = resolve;
});

/** The demo's settings from the URL. */
function urlSettings() {
  /** @type {Record<string, string>} */
  const settings = {};
  for (const [key, value] of params) if (!RESERVED.includes(key)) settings[key] = value;
  return settings;
}

let runs = 0;
/** One run of the demo ended: body[data-runs] counts them, and the parent is told. @param {string} status */
function ran(status) {
  runs += 1;
  document.body.dataset.runs = String(runs);
  document.body.dataset.lastStatus = status;
  post({ type: 'threadlab:ran', status, runs });
  updateLink();
}

/**
 * Runs the demo (autorun, runDemo()); counts the run itself when the
 * component does not mark its runs with data-runs (the stepper).
 * @param {Demo} shown
 */
function runShown(shown) {
  const before = runs;
  const run = shown.run();
  run.then(
    (reply) => {
      if (runs === before) ran(String(/** @type {{status?: unknown}} */ (reply)?.status ?? 'done'));
    },
    () => {
      if (runs === before) ran('failed');
    },
  );
  return run;
}

/** Counts runs of the demo (any button in it): every component marks its own on its root's data-runs. */
function watchRuns() {
  new MutationObserver((changes) => {
    for (const change of changes) {
      const root = /** @type {HTMLElement} */ (change.target);
      if (change.attributeName === 'data-runs' && root.dataset.runs !== change.oldValue) {
        ran(root.dataset.replyStatus ?? root.dataset.lastStatus ?? 'done');
      }
    }
  }).observe(byId('demo-body'), {
    subtree: true,
    attributes: true,
    attributeFilter: ['data-runs'],
    attributeOldValue: true,
  });
}

function updateLink() {
  if (!demo) return;
  const open = /** @type {HTMLAnchorElement} */ (byId('open-full'));
  const url = new URL(FULL_PAGE[demoId] ?? 'sync.html', location.href);
  url.search = new URLSearchParams(demo.settings()).toString();
  open.href = url.href;
}

async function show() {
  if (headless) {
    document.getElementById('demo')?.setAttribute('hidden', '');
    return;
  }
  const entry = DEMOS[demoId];
  byId('demo-title').textContent = entry.title;
  document.title = `${entry.title} · threadlab`;
  byId('pool-status').textContent = 'starts when seen';
  const [c, { mount }] = await Promise.all([nearReader.then(client), entry.load()]);
  byId('pool-status').textContent = c.threaded ? `${c.threads} threads` : 'threads off';
  byId('pool-status').classList.toggle('off', !c.threaded);
  const note = byId('isolation-note');
  note.textContent = c.why ?? '';
  note.hidden = c.threaded;
  const body = byId('demo-body');
  const settings = urlSettings();
  const themed = theme === 'dark' || theme === 'light' ? theme : undefined;
  demo = mount(body, { client: c, settings, idPrefix: '', theme: themed, compact: true });
  // A component with its own title heading (the sync and modes cards) keeps it; ours would say it twice.
  const own = body.querySelector('h2, h3');
  if (own?.textContent?.trim().startsWith(entry.title)) byId('demo-title').hidden = true;
  watchRuns();
  updateLink();
  const changed = () => post({ type: 'threadlab:settings', settings: demo?.settings() ?? {} });
  body.addEventListener('input', changed);
  body.addEventListener('change', changed);
  changed();
  await checkSettings({ demoId, client: c, demo, given: settings, body, line: byId('attribute-errors') });
  mounted(demo);
  document.body.dataset.ready = 'true';
  // The reader should see it run: started a screen early, it waits until seen.
  if (autorun) {
    const toRun = demo;
    lastRun = onScreen.then(() => runShown(toRun));
  }
}

/** The autorun's reply (or the last runDemo()'s). @type {Promise<unknown> | null} */
let lastRun = null;
/** The demo, once shown; a call shows it now, wherever the frame is (a "run all" far above it). */
const calledDemo = () => {
  near();
  return demoReady;
};
const api = makeApi({
  client,
  demo: calledDemo,
  runDemo: async () => {
    lastRun = runShown(await calledDemo());
    return lastRun;
  },
  last: () => lastRun,
  transfer: Comlink.transfer,
});
if (window.parent !== window) {
  // `near` is the element's, not part of the public API (threadlab-embed.d.ts).
  Comlink.expose({ ...api, near: () => near() }, Comlink.windowEndpoint(window.parent));
  post({ type: 'threadlab:hello' });
}

const shown = show().then(
  () => post({ type: 'threadlab:ready' }),
  (e) => {
    byId('pool-status').textContent = 'failed';
    byId('isolation-note').textContent = `The demo could not start: ${e instanceof Error ? e.message : String(e)}`;
    byId('isolation-note').hidden = false;
    post({ type: 'threadlab:ready', failed: true });
  },
);

// Tell the parent our height whenever it changes, so its iframe fits; from
// the moment the demo is shown (or failed to start), so the element keeps
// its placeholder height until then instead of shrinking to a title first.
// Said once at once, too: the browser holds back resize observations in a
// cross-origin frame that is off screen, which is where a demo now starts.
const tellHeight = () =>
  post({ type: 'threadlab:resize', height: Math.ceil(document.documentElement.getBoundingClientRect().height) });
shown.finally(() => {
  tellHeight();
  new ResizeObserver(tellHeight).observe(document.documentElement);
});
