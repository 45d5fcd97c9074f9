// Put a live threadlab demo in any page with one script tag:
//
//   <script type="module" src="https://YOUR-THREADLAB-HOST/threadlab-embed.js"></script>
//   <threadlab-demo workload="mandelbrot" size="900" workers="4" theme="dark"></threadlab-demo>
//   <threadlab-demo demo="deadlock" workers="2" autorun></threadlab-demo>
//
// `demo` is any id of www/demos/registry.js (default: the race); every other
// attribute but theme, autorun and loading is that demo's setting, by the
// name its page uses in its URL. The builder (builder.html) writes these.
//
// and run anything the demos run from JavaScript, typed (threadlab-embed.d.ts):
//
//   const lab = await connect();                       // a hidden demo frame
//   const reply = await lab.run({ workload: 'sum-of-squares', size: '1e8', mode: 'parallel', workers: 2 });
//   const deadlock = await lab.sync.run('deadlock', { workers: 2 });
//
// Why an iframe: threads need a cross-origin isolated document, and most
// article pages are not (nor can they be, without breaking their ads, fonts
// and embeds). The demo frame is served from threadlab's origin with
// Document-Isolation-Policy (isolates just that frame, Chromium 137+) and
// COOP/COEP/CORP (works when the article itself is isolated); where neither
// applies the frame runs single-threaded and says why in one sentence.
// Each frame starts its pool when it comes within a screen of the reader or
// is first called, however far down (autorun waits until it is on screen), and the
// pool ends with the frame: remove the element and its threads are gone.
import * as Comlink from './vendor/comlink.mjs';

const ORIGIN_URL = new URL('.', import.meta.url); // where threadlab is served from
/** Attributes of the element that are not passed to the demo. */
const OWN_ATTRIBUTES = ['id', 'class', 'style', 'title', 'hidden', 'loading', 'slot', 'tabindex', 'lang', 'dir'];
let counter = 0;
/** An attribute the demo gets (not the element's own, data-* or aria-*). @param {string} name */
const isSetting = (name) => !OWN_ATTRIBUTES.includes(name) && !name.startsWith('data-') && !name.startsWith('aria-');

/** @param {Record<string, string | null>} settings */
function frameUrl(settings) {
  const url = new URL('embed.html', ORIGIN_URL);
  for (const [key, value] of Object.entries(settings)) if (value != null) url.searchParams.set(key, value);
  return url.href;
}

/**
 * An iframe for threadlab with the permissions isolation needs.
 * @param {Record<string, string | null>} settings
 * @param {string} title
 */
function makeFrame(settings, title) {
  const frame = document.createElement('iframe');
  frame.src = frameUrl(settings);
  frame.title = title;
  // Lets the frame be cross-origin isolated when this page is (Chrome requires
  // the permission to be delegated explicitly).
  frame.allow = 'cross-origin-isolated';
  frame.style.cssText = 'display:block;width:100%;border:0;height:260px;color-scheme:normal';
  return frame;
}

/**
 * Resolves when the frame says it is ready; rejects if that takes `ms` from
 * when it was `asked` to start (a demo far down is asked when the reader
 * comes near or calls it, which may be minutes after the page loaded).
 * @param {HTMLIFrameElement} frame @param {string} id @param {Promise<void>} [asked] @param {number} [ms]
 * @returns {Promise<void>}
 */
function whenReady(frame, id, asked = Promise.resolve(), ms = 120_000) {
  return new Promise((resolve, reject) => {
    let timer = 0;
    asked.then(() => {
      timer = setTimeout(() => {
        removeEventListener('message', onMessage);
        reject(new Error(`threadlab demo did not start within ${ms / 1000} s`));
      }, ms);
    });
    /** @param {MessageEvent} event */
    function onMessage(event) {
      if (event.source !== frame.contentWindow || event.data?.type !== 'threadlab:ready' || event.data.id !== id)
        return;
      clearTimeout(timer);
      removeEventListener('message', onMessage);
      if (event.data.failed) reject(new Error('threadlab demo failed to start (see its frame)'));
      else resolve();
    }
    addEventListener('message', onMessage);
  });
}

/**
 * The frame's API, each call waiting for `ready` first (but `near`, which
 * is the element's and makes the frame ready). `wake` runs at every call
 * first: the element's frame then loads and starts, however far down it is.
 * @param {HTMLIFrameElement} frame @param {Promise<void>} ready @param {() => void} [wake]
 */
function clientFor(frame, ready, wake = () => {}) {
  const remote = /** @type {any} */ (Comlink.wrap(Comlink.windowEndpoint(/** @type {Window} */ (frame.contentWindow))));
  /** @param {string[]} path */
  const call =
    (...path) =>
    async (/** @type {unknown[]} */ ...args) => {
      wake();
      await ready;
      return path.reduce((target, key) => target[key], remote)(...args);
    };
  return {
    info: call('info'),
    workloads: call('workloads'),
    check: call('check'),
    run: call('run'),
    race: call('race'),
    sweep: call('sweep'),
    sync: {
      demos: call('sync', 'demos'),
      run: call('sync', 'run'),
      stepperNew: call('sync', 'stepperNew'),
      stepperStep: call('sync', 'stepperStep'),
    },
    modes: { run: call('modes', 'run'), check: call('modes', 'check'), measure: call('modes', 'measure') },
    cancel: call('cancel'),
    runDemo: call('runDemo'),
    lastReply: call('lastReply'),
    settings: call('settings'),
    /** @returns {Promise<void>} */
    near: () => remote.near(),
  };
}

/** Connects to threadlab without showing anything: a hidden frame does the work. */
export async function connect() {
  const id = `threadlab-${++counter}`;
  const frame = makeFrame({ headless: '1', id }, 'threadlab (hidden)');
  // Really hidden: makeFrame's inline display:block would beat the attribute.
  frame.hidden = true;
  frame.style.display = 'none';
  document.body.append(frame);
  const ready = whenReady(frame, id);
  await ready;
  const { near: _, ...api } = clientFor(frame, ready); // a hidden frame never needs `near`
  return { ...api, close: () => frame.remove() };
}

/** <threadlab-demo demo="…" theme autorun …settings>: a live demo (default: the race of 1 worker against N). */
export class ThreadlabDemo extends HTMLElement {
  /** @type {HTMLIFrameElement | null} */ #frame = null;
  /** @type {ReturnType<typeof clientFor> | null} */ #client = null;
  #id = `threadlab-${++counter}`;
  /** Settings changed: reload the demo with them. */
  #watch = new MutationObserver((changes) => {
    if (this.#frame && changes.some((c) => c.attributeName && isSetting(c.attributeName))) this.#build();
  });
  /** Within a screen of the reader, or called (once true, stays true): the demo starts. */
  #near = false;
  /** The frame's script is listening (it said hello). */
  #listening = false;
  /**
   * Starts the demo a screen before it scrolls into view: its frame cannot
   * see that far ahead itself (see firstSeen in embed.js), and a demo that
   * starts when seen grows under the reader's eyes.
   */
  #approach = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) this.#start();
    },
    { rootMargin: '100% 0px' },
  );
  /** Starts the clock on the current frame's `ready` (see whenReady). */
  #asked = () => {};
  /** Resolves when the demo is running in its frame. @type {Promise<void>} */
  ready = Promise.resolve();

  connectedCallback() {
    if (this.#frame) return;
    this.style.display ||= 'block';
    this.#build();
    addEventListener('message', this.#onMessage);
    this.#watch.observe(this, { attributes: true });
    if (!this.#near) this.#approach.observe(this);
  }

  disconnectedCallback() {
    removeEventListener('message', this.#onMessage);
    this.#watch.disconnect();
    this.#approach.disconnect();
    // The frame's document ends, and with it its coordinator and pool.
    this.#frame?.remove();
    this.#frame = null;
  }

  /** The demo's settings: every attribute but the element's own. */
  #settings() {
    /** @type {Record<string, string>} */
    const settings = {};
    for (const { name, value } of this.attributes) {
      if (isSetting(name)) settings[name] = value;
    }
    return settings;
  }

  #build() {
    const settings = { ...this.#settings(), id: this.#id };
    const frame = makeFrame(
      settings,
      `threadlab demo: ${settings.demo ?? 'race'}${settings.workload ? ` (${settings.workload})` : ''}`,
    );
    // Lazy unless asked otherwise or already started: a lesson with ten demos
    // loads those near the screen; each starts its pool a screen before it is
    // seen (#approach), or when called (#wake).
    frame.loading = this.getAttribute('loading') === 'eager' || this.#near ? 'eager' : 'lazy';
    this.#frame?.remove();
    this.#frame = frame;
    this.#listening = false;
    this.append(frame);
    this.ready = whenReady(
      frame,
      this.#id,
      new Promise((resolve) => {
        this.#asked = resolve;
      }),
    );
    if (this.#near) this.#asked();
    this.ready.catch(() => {});
    this.#client = clientFor(frame, this.ready, () => this.#wake());
  }

  /** @param {MessageEvent} event */
  #onMessage = (event) => {
    if (!this.#frame || event.source !== this.#frame.contentWindow) return;
    const { type, id, height, status, runs } = event.data ?? {};
    if (id !== this.#id) return;
    if (type === 'threadlab:hello') {
      this.#listening = true;
      this.#tellNear();
    } else if (type === 'threadlab:resize' && Number.isFinite(height)) {
      // No upper bound: the modes table with its timelines passes 4,000 px
      // after a run, and a cap hid its end behind a scrollbar. Fitting cannot
      // run away: nothing in a demo sizes itself by its frame's height (no
      // vh units, no innerHeight), so a taller frame reports the same height.
      this.#frame.style.height = `${Math.max(height, 80)}px`;
    } else if (type === 'threadlab:ran') {
      // The page can watch runs end: data-runs counts them, data-status is the last one's.
      this.dataset.runs = String(runs);
      this.dataset.status = String(status);
      this.dispatchEvent(new CustomEvent('threadlab:ran', { bubbles: true, detail: { status, runs } }));
    } else if (type === 'threadlab:settings') {
      this.dispatchEvent(new CustomEvent('threadlab:settings', { bubbles: true, detail: event.data.settings }));
    }
  };

  /** Once the reader is near and the frame listens, the frame starts its demo. */
  #tellNear() {
    if (this.#near && this.#listening) this.#client?.near().catch(() => {});
  }

  /**
   * A call starts the demo wherever it is: a "run all" button at the top of
   * a lesson must not wait for the reader to scroll to each demo. A lazy
   * frame far down has not even loaded; made eager, it loads now.
   */
  #wake() {
    if (this.#frame?.loading === 'lazy') this.#frame.loading = 'eager';
    this.#start();
  }

  /** The reader is near, or a call came: the demo starts (once). */
  #start() {
    if (this.#near) return;
    this.#near = true;
    this.#approach.disconnect();
    this.#asked();
    this.#tellNear();
  }

  #api() {
    if (!this.#client) throw new Error('<threadlab-demo> is not in the document');
    return this.#client;
  }
  /** @param {any} request */
  run(request) {
    return this.#api().run(request);
  }
  /** Sequential then parallel: both replies, speedup, efficiency, agreement. @param {any} request */
  race(request) {
    return this.#api().race(request);
  }
  /** @param {any} request */
  sweep(request) {
    return this.#api().sweep(request);
  }
  get sync() {
    return this.#api().sync;
  }
  get modes() {
    return this.#api().modes;
  }
  info() {
    return this.#api().info();
  }
  workloads() {
    return this.#api().workloads();
  }
  /** @param {any} request */
  check(request) {
    return this.#api().check(request);
  }
  cancel() {
    return this.#api().cancel();
  }
  /** Runs the demo shown, with its current settings. */
  runDemo() {
    return this.#api().runDemo();
  }
  /** The reply of the demo's autorun (null without autorun). */
  lastReply() {
    return this.#api().lastReply();
  }
  /** The demo's current settings. */
  settings() {
    return this.#api().settings();
  }
}

if (!customElements.get('threadlab-demo')) customElements.define('threadlab-demo', ThreadlabDemo);
