// The coordinator: the one dedicated worker that owns a page's wasm instance
// and its rayon pool, for every page and every embedded demo. The page's main
// thread never runs (or waits on) the work.
//
// A run blocks this worker until the pool finishes (rayon waits with
// Atomics.wait, which the main thread is not allowed to do). Messages to it
// queue up meanwhile, which is why cancel, progress, completions and panics
// go through shared memory (see lib/client.js and lib/layout.js) instead of
// through Comlink.
import * as Comlink from './vendor/comlink.mjs';
import init, * as lab from './pkg/threadlab.js';
import { pythonThreads } from './python-threads.js';
import { thinReport } from './lib/python-report.js';

/** @typedef {import('./lib/client.js').StartInfo} StartInfo */
/** @typedef {import('./types/RunRequest').RunRequest} RunRequest */
/** @typedef {import('./types/RunReply').RunReply} RunReply */

/**
 * Why the pool cannot start here, or null when it can try.
 * @param {number} threads
 * @param {boolean} framed  the page is in a frame (an embedded demo)
 * @returns {string | null}
 */
function whyNoThreads(threads, framed) {
  if (threads < 1) return 'Threads are off: this page asked for no worker threads.';
  if (self.crossOriginIsolated !== true && framed) {
    // COOP/COEP on the frame alone cannot help here (Firefox, WebKit).
    return 'Threads are off: this embedded demo is not cross-origin isolated (a frame is only when the page around it is, or by itself with Document-Isolation-Policy, which Chromium 137+ supports), so one worker runs everything; open it on its own page to run in parallel.';
  }
  if (self.crossOriginIsolated !== true) {
    return 'Threads are off: this page is not cross-origin isolated, so the browser gives it no shared memory and one worker runs everything (serve it with the COOP/COEP headers, as ./dev.sh serve does, to run in parallel).';
  }
  if (typeof SharedArrayBuffer !== 'function') {
    return 'Threads are off: this browser gives no SharedArrayBuffer even to a cross-origin isolated page (WebKitGTK needs JSC_useSharedArrayBuffer=1), so one worker runs everything.';
  }
  return null;
}

/**
 * Longest wait for the pool's workers to report in. They start in 0.1–0.5 s;
 * one the browser refuses to start (a Content-Security-Policy whose
 * worker-src leaves out blob:, which wasm-bindgen-rayon's workers are made
 * from) never reports and never fails either: the pool would wait forever.
 */
const POOL_START_TIMEOUT_MS = 10_000;

/**
 * Rejects when a pool worker is refused: at once on a Content-Security-Policy
 * violation, otherwise after POOL_START_TIMEOUT_MS. `stop()` once the pool is up.
 */
function poolRefused() {
  /** @type {(e: Error) => void} */
  let fail = () => {};
  const promise = new Promise((_, reject) => {
    fail = reject;
  });
  const timer = setTimeout(
    () => fail(new Error(`its workers did not start within ${POOL_START_TIMEOUT_MS / 1000} s`)),
    POOL_START_TIMEOUT_MS,
  );
  /** @param {SecurityPolicyViolationEvent} e */
  const onViolation = (e) =>
    fail(
      new Error(
        `the page's Content-Security-Policy refuses its blob: workers; adding blob: to ${e.effectiveDirective} allows them`,
      ),
    );
  self.addEventListener('securitypolicyviolation', onViolation);
  return {
    promise,
    stop() {
      clearTimeout(timer);
      self.removeEventListener('securitypolicyviolation', onViolation);
    },
  };
}

const api = {
  /**
   * Loads the module and, where the browser allows it, starts a pool of
   * `threads` threads: this worker is thread 0 and `threads − 1` Web Workers
   * are spawned (vendor/wasm-bindgen-rayon/PATCH.md). Whatever stops the pool — no isolation, no SharedArrayBuffer, a
   * memory that cannot be posted, workers refused — the instance carries on
   * single-threaded and `why` says so in one sentence.
   * @param {{threads: number, framed?: boolean}} options
   * @returns {Promise<StartInfo>}
   */
  async start({ threads, framed = false }) {
    const t0 = performance.now();
    await init();
    const loadMs = performance.now() - t0;
    let why = whyNoThreads(threads, framed);
    const t1 = performance.now();
    if (why === null) {
      const refused = poolRefused();
      try {
        await Promise.race([lab.startPool(threads), refused.promise]);
      } catch (e) {
        lab.poolFailed();
        why = `Threads are off: the worker pool could not start in this browser (${e instanceof Error ? e.message : String(e)}), so one worker runs everything.`;
      } finally {
        refused.stop();
      }
    }
    const threaded = why === null;
    return {
      threaded,
      why,
      isolated: self.crossOriginIsolated === true,
      threads: lab.poolThreads(),
      load_ms: loadMs,
      pool_start_ms: performance.now() - t1,
      // Shared WebAssembly.Memory can be posted; the page reads the control
      // block, completions and panics straight out of it.
      memory: threaded ? lab.sharedMemory() : null,
      memory_bytes: lab.sharedMemory().buffer.byteLength,
      layout: lab.layout(),
      workloads: lab.workloads(),
      demos: lab.syncDemos(),
      python_modes: lab.modesPython(),
    };
  },

  /** @param {RunRequest} request */
  check(request) {
    return lab.checkRequest(request);
  },

  /**
   * Runs one workload request. Images come back as ImageBitmaps, transferred, not copied.
   * @param {RunRequest} request
   * @param {((done: number, total: number) => void) | undefined} onProgress
   */
  async run(request, onProgress) {
    // Wrap the Comlink proxy in a plain function: wasm calls `f.call(...)`,
    // which on a proxy would become a remote call of a property named "call".
    const report = onProgress
      ? (/** @type {number} */ done, /** @type {number} */ total) => {
          onProgress(done, total);
        }
      : undefined;
    const reply = request?.workload === ARRAY_WORKLOAD ? runOnJsArray(request, report) : lab.run(request, report);
    if (reply.status !== 'done') return reply;
    const bitmaps = [];
    /** @type {Record<string, unknown>} */
    const answer = reply.answer;
    for (const key of ['image', 'before']) {
      const image = /** @type {{width: number, height: number, rgba: Uint8Array} | null} */ (answer[key]);
      if (!image) continue;
      const { width, height, rgba } = image;
      // serde-wasm-bindgen copies the bytes out of wasm memory: a plain ArrayBuffer.
      const bytes = /** @type {Uint8ClampedArray<ArrayBuffer>} */ (
        new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength)
      );
      const pixels = new ImageData(bytes, width, height);
      const bitmap = await createImageBitmap(pixels);
      answer[key] = { width, height, bitmap };
      bitmaps.push(bitmap);
    }
    return Comlink.transfer(reply, bitmaps);
  },

  /** @param {import('./types/SyncRequest').SyncRequest} request */
  syncRun(request) {
    return lab.syncRun(request);
  },
  /** @param {boolean} locked @param {number} rounds */
  stepperNew(locked, rounds) {
    return lab.stepperNew(locked, rounds);
  },
  /** @param {import('./types/Stepper').Stepper} state @param {number} thread */
  stepperStep(state, thread) {
    return lab.stepperStep(state, thread);
  },
  // Be the scheduler (www/demos/game): one entry, the call named.
  /** @param {keyof typeof GAME} call @param {any} arg */
  game(call, arg) {
    return GAME[call](arg);
  },
  // Python programs (src/wasm/runner.rs): every call answers at once; the
  // run goes on on its own workers (./python-threads.js).
  /** @param {keyof typeof PYTHON} call @param {any} arg */
  python(call, arg) {
    return PYTHON[call](arg);
  },
  /** @param {import('./types/ModesSettings').ModesSettings} settings */
  modesCheck(settings) {
    return lab.modesCheck(settings);
  },
  /** @param {import('./types/ModesRequest').ModesRequest} request */
  modesRun(request) {
    const reply = lab.modesRun(request);
    return { ...reply, memory_bytes: lab.sharedMemory().buffer.byteLength };
  },
};

/** The game's wasm calls (src/wasm/game.rs), by name. */
const GAME = {
  levels: () => lab.gameLevels(),
  check: (/** @type {string} */ source) => lab.gameCheck(source),
  state: (/** @type {any} */ request) => lab.gameState(request),
  step: (/** @type {any} */ request) => lab.gameStep(request),
  search: (/** @type {any} */ request) => lab.gameSearch(request),
  exploredAddress: () => lab.gameExploredAddress(),
  serial: (/** @type {string} */ source) => lab.gameSerial(source),
};

/** The Python-thread workers; made on first use (after `init`). @type {ReturnType<typeof pythonThreads> | null} */
let pyThreads = null;
const threadsOfPython = () => (pyThreads ??= pythonThreads(lab));
/** Most timeline spans a report carries to the page (see lib/python-report.js). */
const MAX_REPORT_SPANS = 40_000;

/** The Python runner's calls, by name. */
const PYTHON = {
  /** Starts `count` workers before the first run. @param {number} count */
  prestart: (/** @type {number} */ count) => threadsOfPython().prestart(count),
  /** @param {import('./pkg/threadlab.js').PyRunRequest} request */
  start: (request) => {
    const threads = threadsOfPython();
    const failure = threads.status().failure;
    if (failure !== null)
      return { status: 'error', line: 0, col: 0, message: `Python threads cannot start here: ${failure}.` };
    const started = lab.pyStart(request);
    if (started.status === 'started') threads.runStarted();
    return started;
  },
  /** Output so far, the report once done, and how the workers stand. @param {number} id */
  poll: (id) => {
    const threads = threadsOfPython();
    const polled = lab.pyPoll(id);
    if (polled.report) threads.runEnded();
    return {
      ...polled,
      report: polled.report && thinReport(polled.report, MAX_REPORT_SPANS),
      workers: threads.status(),
    };
  },
  cancel: (/** @type {number} */ id) => lab.pyCancel(id),
  cancelAll: () => lab.pyCancelAll(),
  workers: () => ({ ...threadsOfPython().status(), stack_use: lab.pyStackUse(), stack_bytes: lab.pyStackBytes() }),
  /** The Compare button's function list (www/demos/python/compare.js). @param {{source: string}} request */
  compareFunctions: ({ source }) => lab.pyCompareFunctions(source),
  /** A Compare cell's program. @param {import('./pkg/threadlab.js').PyCompareRequest} request */
  compareProgram: (request) => lab.pyCompareProgram(request),
};

const ARRAY_WORKLOAD = 'array-sum-of-squares';

/**
 * The tutorials' "make a big array, split it into chunks, sum the squares":
 * the array is created here, in JavaScript, and handed to wasm, which copies
 * it into its own memory. Both steps are timed and reported with the run
 * (`data_in`), because getting data to the workers is part of the cost.
 * @param {RunRequest} request
 * @param {((done: number, total: number) => void) | undefined} report
 * @returns {RunReply & {data_in?: {created_ms: number, copied_ms: number | undefined, bytes: number}}}
 */
function runOnJsArray(request, report) {
  const errors = lab.checkRequest(request);
  if (errors.length) return { status: 'invalid', errors };
  // Rust checked the size; this only turns its accepted spellings into a count.
  const n = Number(String(request.size).replace(/[_,\s]/g, ''));
  const started = performance.now();
  const values = new Uint32Array(n);
  // xorshift32: fast, seeded, so every run sums the same array.
  let x = 2463534242;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    values[i] = x;
  }
  const createdMs = performance.now() - started;
  const reply = lab.runWithArray({ ...request, size: n }, values, report);
  if (reply.status !== 'done') return reply;
  return { ...reply, data_in: { created_ms: createdMs, copied_ms: reply.copy_in_ms, bytes: values.byteLength } };
}

/**
 * A call that trapped because Rust panicked rethrows as an Error named
 * 'Panic' carrying the panic hook's words ("pool thread 0: …") instead of
 * the bare "unreachable". Without shared memory this is the only way the
 * page learns them: it cannot read the panic block (lib/client.js).
 * @param {Function} call
 */
function naming(call) {
  /** @param {unknown} error */
  const explain = (error) => {
    let message = null;
    try {
      message = lab.panicMessage() ?? null;
    } catch {
      // Not loaded yet, or the instance is beyond answering: keep the original error.
    }
    if (message === null) throw error;
    throw Object.assign(new Error(message), { name: 'Panic' });
  };
  return (/** @type {unknown[]} */ ...args) => {
    try {
      const result = call(...args);
      return result instanceof Promise ? result.catch(explain) : result;
    } catch (error) {
      return explain(error);
    }
  };
}

Comlink.expose(Object.fromEntries(Object.entries(api).map(([name, call]) => [name, naming(call)])));
