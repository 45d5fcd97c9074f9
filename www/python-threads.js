// The Python-thread workers, owned by the coordinator (./coordinator.js):
// each is a Web Worker running ./python-thread-worker.js on the shared
// memory, taking Python threads from the Rust queue (src/wasm/runner.rs).
//
// Why JavaScript starts them, and why here: a worker created from a thread
// that then blocks in Atomics.wait may never start (it can need its
// creator's event loop), so no Python thread ever creates one. The
// coordinator's event loop is free during a Python run: while a run is live
// it looks every few milliseconds at how many queued threads no idle worker
// will take (`pyWorkers().wanted`) and starts that many, plus a spare, up to
// the runner's limit. A few are started before the first run, so it starts
// at once.

/** @typedef {import('./pkg/threadlab.js').PyWorkers} PyWorkers */
/**
 * The wasm calls this module needs (a subset of ./pkg/threadlab.js).
 * @typedef {object} Lab
 * @property {() => PyWorkers} pyWorkers
 * @property {() => number} pyStackBytes
 * @property {() => WebAssembly.Module} pyModule
 * @property {() => WebAssembly.Memory} sharedMemory
 */

/** How often, while a run is live, the queue is looked at. */
const WATCH_MS = 4;
/** Idle workers kept ready during a run, for the next Thread.start(). */
const SPARE = 1;
/** A worker that has not reported in by then is counted as failed. */
const START_TIMEOUT_MS = 10_000;

// long-function: one small pool of Web Workers; its four counters (starting, failure, crash, live) are shared by every method below, which stay a few lines each.
/**
 * @param {Lab} lab
 */
export function pythonThreads(lab) {
  /** Every worker started (kept: Firefox collects unrooted workers on shared memory). @type {Worker[]} */
  const workers = [];
  /** Started, not yet in their loop. */
  let starting = 0;
  /** @type {string | null} why workers cannot start, once one failed */
  let failure = null;
  /**
   * Why a worker stopped in the middle of a Python thread, or null. Its
   * thread never finishes (it may hold the GIL or a lock), so the instance
   * must be replaced; the page does that when it sees this.
   * @type {string | null}
   */
  let crash = null;
  /** @type {ReturnType<typeof setInterval> | null} */
  let timer = null;
  /** Live runs (started, report not yet collected). */
  let live = 0;

  const spawnOne = () => {
    const worker = new Worker(new URL('./python-thread-worker.js', import.meta.url), {
      type: 'module',
      name: `threadlab-python-${workers.length + 1}`,
    });
    workers.push(worker);
    starting += 1;
    let reported = false;
    const timeout = setTimeout(() => {
      if (!reported) done(`a Python thread worker did not start within ${START_TIMEOUT_MS / 1000} s`);
    }, START_TIMEOUT_MS);
    /** @param {string | null} why */
    const done = (why) => {
      if (reported) return;
      reported = true;
      clearTimeout(timeout);
      starting -= 1;
      if (why !== null) failure ??= why;
    };
    worker.addEventListener('message', ({ data }) => {
      if (data?.type === 'ready') done(null);
      else if (data?.type === 'failed') done(`a Python thread worker could not load the module (${data.message})`);
      else if (data?.type === 'crashed') crash ??= data.message;
    });
    worker.addEventListener('error', (e) =>
      done(`a Python thread worker failed to load (${e.message || 'see the console'})`),
    );
    worker.postMessage({ type: 'init', module: lab.pyModule(), memory: lab.sharedMemory(), stack: lab.pyStackBytes() });
  };

  /** Starts the workers the queue wants, and `spare` more idle ones. */
  const fill = (spare = SPARE) => {
    const w = lab.pyWorkers();
    const missing = Math.max(0, w.wanted - starting) + Math.max(0, spare - Math.max(0, w.idle - w.queued) - starting);
    const room = w.max - workers.length;
    for (let i = 0; i < Math.min(missing, room); i++) spawnOne();
    return w;
  };

  const watch = () => {
    const w = fill();
    if (live === 0 && w.queued === 0) stop();
  };
  const stop = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };

  return {
    /**
     * Starts `count` workers now (the page opened), resolving when they are
     * ready to take threads, or rejecting with why they are not.
     * @param {number} count
     */
    async prestart(count) {
      const t0 = performance.now();
      for (let i = workers.length; i < count; i++) spawnOne();
      while (starting > 0 && failure === null) await new Promise((r) => setTimeout(r, 5));
      if (failure !== null) throw new Error(failure);
      return { workers: workers.length, ms: performance.now() - t0 };
    },
    /** A run started: watch the queue until it has ended. */
    runStarted() {
      live += 1;
      fill();
      timer ??= setInterval(watch, WATCH_MS);
    },
    /** A run's report was collected. */
    runEnded() {
      live = Math.max(0, live - 1);
    },
    /** @returns {PyWorkers & {workers: number, starting: number, failure: string | null, crash: string | null}} */
    status() {
      return { ...lab.pyWorkers(), workers: workers.length, starting, failure, crash };
    },
  };
}
