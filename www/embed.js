// embed.html: any one demo (www/demos/registry.js), configured by its URL,
// fitting its iframe and answering its parent page.
//
//   embed.html?demo=race&workload=mandelbrot&size=900&workers=4&theme=dark&id=demo-1
//   embed.html?demo=sweep&workload=prime-count&size=4e6
//   embed.html?headless=1&id=…       no demo, only the API (connect() in threadlab-embed.js)
//
// To the parent it (1) reports its height on every change, as
// {type: "threadlab:resize", id, height}, so the iframe can fit its content,
// (2) says {type: "threadlab:ready", id, failed?} once started, and (3)
// exposes a promise-based API over Comlink (threadlab-embed.js wraps it as
// <threadlab-demo> and connect(); types in threadlab-embed.d.ts).
import * as Comlink from './vendor/comlink.mjs';
import { PoolClient } from './lib/client.js';
import { countRuns } from './lib/page.js';
import { DEMOS } from './demos/registry.js';

/** @typedef {import('./lib/client.js').RunReply} RunReply */
/** @typedef {import('./types/RunRequest').RunRequest} RunRequest */

const params = new URLSearchParams(location.search);
const instance = params.get('id') ?? '';
const headless = params.get('headless') === '1';
const demoId = DEMOS[params.get('demo') ?? ''] ? /** @type {string} */ (params.get('demo')) : 'race';
const theme = params.get('theme') ?? '';
document.documentElement.dataset.theme = ['light', 'dark'].includes(theme) ? theme : 'auto';
const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @param {Record<string, unknown>} message */
function post(message) {
  if (window.parent !== window) window.parent.postMessage({ ...message, id: instance }, '*');
}

const started = PoolClient.create();
started.catch(() => {});
/** @returns {Promise<PoolClient>} */
const client = () => started;

/**
 * Transfers (not copies) the ImageBitmaps in a reply to the parent.
 * @template T
 * @param {T} value
 * @returns {T}
 */
function transferImages(value) {
  /** @type {ImageBitmap[]} */
  const bitmaps = [];
  /** @param {unknown} v */
  const visit = (v) => {
    if (v instanceof ImageBitmap) bitmaps.push(v);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) visit(x);
  };
  visit(value);
  return Comlink.transfer(value, bitmaps);
}

// ---------- the API the parent page calls ----------

const api = {
  /** Whether this frame has threads, how many, and why not. */
  async info() {
    const c = await client();
    return { isolated: c.threaded, threaded: c.threaded, why: c.why, threads: c.threads, hardwareConcurrency: navigator.hardwareConcurrency };
  },
  async workloads() { return (await client()).info.workloads; },
  /** @param {RunRequest} request */
  async check(request) { return (await client()).check(request); },
  /** Runs one request; resolves to a RunReply (never rejects for bad input). @param {RunRequest} request */
  async run(request) { return transferImages(await (await client()).run(request)); },
  /**
   * The race: sequential, then parallel on `workers`; both replies and the comparison.
   * @param {Omit<RunRequest, 'mode'>} request
   */
  async race(request) {
    const c = await client();
    const sequential = await c.run({ ...request, mode: 'sequential' });
    if (sequential.status !== 'done' || !c.threaded) return transferImages({ sequential, parallel: null });
    const parallel = await c.run({ ...request, mode: 'parallel', workers: request.workers ?? c.threads });
    if (parallel.status !== 'done') return transferImages({ sequential, parallel });
    const speedup = sequential.elapsed_ms / parallel.elapsed_ms;
    return transferImages({ sequential, parallel, speedup, efficiency: speedup / parallel.workers, agree: sequential.answer.value === parallel.answer.value });
  },
  async cancel() { (await client()).cancel(); },
};
if (window.parent !== window) Comlink.expose(api, Comlink.windowEndpoint(window.parent));

// ---------- the visible demo ----------

async function show() {
  const c = await client();
  if (headless) {
    document.getElementById('demo')?.setAttribute('hidden', '');
    return;
  }
  const entry = DEMOS[demoId];
  byId('demo-title').textContent = entry.title;
  byId('pool-status').textContent = c.threaded ? `${c.threads} threads` : 'threads off';
  byId('pool-status').classList.toggle('off', !c.threaded);
  const note = byId('isolation-note');
  note.textContent = c.why ?? '';
  note.hidden = c.threaded;
  /** @type {Record<string, string>} */
  const settings = {};
  for (const [key, value] of params) if (!['demo', 'id', 'headless', 'theme'].includes(key)) settings[key] = value;
  const { mount } = await entry.load();
  const options = { client: c, settings, idPrefix: '', theme: /** @type {'light' | 'dark' | undefined} */ (theme === 'dark' || theme === 'light' ? theme : undefined), compact: true };
  const demo = mount(byId('demo-body'), options);
  const open = /** @type {HTMLAnchorElement} */ (byId('open-full'));
  const full = { race: 'index.html', sweep: 'lab.html' }[demoId] ?? 'index.html';
  const update = () => {
    const url = new URL(full, location.href);
    url.search = new URLSearchParams(demo.settings()).toString();
    open.href = url.href;
  };
  update();
  document.addEventListener('threadlab:ran', update);
  countRuns();
  document.body.dataset.ready = 'true';
}

show().then(() => post({ type: 'threadlab:ready' }), (e) => {
  byId('pool-status').textContent = 'failed';
  byId('isolation-note').textContent = `The demo could not start: ${e instanceof Error ? e.message : String(e)}`;
  byId('isolation-note').hidden = false;
  post({ type: 'threadlab:ready', failed: true });
});

// Tell the parent our height whenever it changes, so its iframe fits.
new ResizeObserver(() => post({ type: 'threadlab:resize', height: Math.ceil(document.documentElement.getBoundingClientRect().height) }))
  .observe(document.documentElement);
