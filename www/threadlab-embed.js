// Put a live threadlab demo in any page with one script tag:
//
//   <script type="module" src="https://YOUR-THREADLAB-HOST/threadlab-embed.js"></script>
//   <threadlab-demo workload="mandelbrot" size="900" workers="4" theme="dark"></threadlab-demo>
//   <threadlab-demo demo="sweep" workload="prime-count" size="4e6"></threadlab-demo>
//
// and run workloads from JavaScript, with typed results (threadlab-embed.d.ts):
//
//   const lab = await connect();                       // a hidden demo frame
//   const reply = await lab.run({ workload: 'sum-of-squares', size: '1e8', mode: 'parallel', workers: 2 });
//
// Why an iframe: threads need a cross-origin isolated document, and most
// article pages are not (nor can they be, without breaking their ads, fonts
// and embeds). The demo frame is served from threadlab's origin with
// Document-Isolation-Policy (isolates just that frame, Chromium 137+) and
// COOP/COEP/CORP (works when the article itself is isolated); where neither
// applies the frame runs single-threaded and says why in one sentence.
// The page talks to the frame through Comlink over postMessage.
import * as Comlink from './vendor/comlink.mjs';

const ORIGIN_URL = new URL('.', import.meta.url); // where threadlab is served from
const DEMO_ATTRIBUTES = ['demo', 'workload', 'size', 'workers', 'theme', 'reps', 'schedule', 'chunk'];
let counter = 0;

function frameUrl(settings) {
  const url = new URL('embed.html', ORIGIN_URL);
  for (const [key, value] of Object.entries(settings)) if (value != null && value !== '') url.searchParams.set(key, value);
  return url.href;
}

/** An iframe for threadlab with the permissions isolation needs. */
function makeFrame(settings, title) {
  const frame = document.createElement('iframe');
  frame.src = frameUrl(settings);
  frame.title = title;
  // Lets the frame be cross-origin isolated when this page is (Chrome requires
  // the permission to be delegated explicitly).
  frame.allow = 'cross-origin-isolated';
  frame.loading = 'lazy';
  frame.style.cssText = 'display:block;width:100%;border:0;height:260px;color-scheme:normal';
  return frame;
}

/** Resolves when the frame says it is ready; rejects after `ms`. */
function whenReady(frame, id, ms = 30_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { removeEventListener('message', onMessage); reject(new Error('threadlab demo did not start within 30 s')); }, ms);
    function onMessage(event) {
      if (event.source !== frame.contentWindow || event.data?.type !== 'threadlab:ready' || event.data.id !== id) return;
      clearTimeout(timer);
      removeEventListener('message', onMessage);
      if (event.data.failed) reject(new Error('threadlab demo failed to start (see its frame)'));
      else resolve();
    }
    addEventListener('message', onMessage);
  });
}

function clientFor(frame, ready) {
  const remote = Comlink.wrap(Comlink.windowEndpoint(frame.contentWindow));
  const call = (name) => async (...args) => { await ready; return remote[name](...args); };
  return {
    info: call('info'),
    workloads: call('workloads'),
    check: call('check'),
    run: call('run'),
    race: call('race'),
    cancel: call('cancel'),
  };
}

/**
 * Connects to threadlab without showing anything: a hidden frame does the work.
 * @param {{threads?: number}} [options]
 */
export async function connect() {
  const id = `threadlab-${++counter}`;
  const frame = makeFrame({ headless: '1', id }, 'threadlab (hidden)');
  frame.loading = 'eager';
  // Really hidden: makeFrame's inline display:block would beat the attribute.
  frame.hidden = true;
  frame.style.display = 'none';
  document.body.append(frame);
  const ready = whenReady(frame, id);
  await ready;
  return { ...clientFor(frame, ready), close: () => frame.remove() };
}

/** <threadlab-demo demo workload size workers theme …>: a live demo (default: the race of 1 worker against N). */
export class ThreadlabDemo extends HTMLElement {
  static observedAttributes = DEMO_ATTRIBUTES;
  #frame = null;
  #client = null;
  #id = `threadlab-${++counter}`;
  /** Resolves when the demo is running in its frame. */
  ready = null;

  connectedCallback() {
    if (this.#frame) return;
    this.style.display ||= 'block';
    this.#build();
    addEventListener('message', this.#onMessage);
  }

  disconnectedCallback() {
    removeEventListener('message', this.#onMessage);
    this.#frame?.remove();
    this.#frame = null;
  }

  attributeChangedCallback() {
    if (this.#frame) this.#build(); // settings changed: reload the demo with them
  }

  #build() {
    const settings = { id: this.#id };
    for (const name of DEMO_ATTRIBUTES) settings[name] = this.getAttribute(name);
    const frame = makeFrame(settings, `threadlab demo: ${settings.demo ?? 'race'}${settings.workload ? ` (${settings.workload})` : ''}`);
    frame.loading = this.getAttribute('loading') === 'lazy' ? 'lazy' : 'eager';
    this.#frame?.remove();
    this.#frame = frame;
    this.append(frame);
    this.ready = whenReady(frame, this.#id);
    this.ready.catch(() => {});
    this.#client = clientFor(frame, this.ready);
  }

  #onMessage = (event) => {
    if (!this.#frame || event.source !== this.#frame.contentWindow) return;
    const { type, id, height } = event.data ?? {};
    if (type === 'threadlab:resize' && id === this.#id && Number.isFinite(height)) {
      this.#frame.style.height = `${Math.min(Math.max(height, 80), 4000)}px`;
    }
  };

  /** Runs one request in this demo's frame. */
  run(request) { return this.#client.run(request); }
  /** Sequential then parallel: both replies, speedup, efficiency, agreement. */
  race(request) { return this.#client.race(request); }
  info() { return this.#client.info(); }
  workloads() { return this.#client.workloads(); }
  check(request) { return this.#client.check(request); }
  cancel() { return this.#client.cancel(); }
}

if (!customElements.get('threadlab-demo')) customElements.define('threadlab-demo', ThreadlabDemo);
