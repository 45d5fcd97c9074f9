// ThreadLab: the page-side handle on a coordinator worker (see coordinator.js).
//
// This is the piece a page — threadlab's own or a tutorial site's — uses:
//
//   const lab = await ThreadLab.create();            // pool of hardwareConcurrency threads
//   const reply = await lab.run({ workload: 'sum-of-squares', size: 1e7, mode: 'parallel', workers: 2 });
//   lab.progress();  lab.cancel();
//
// Why it is more than a Comlink wrapper: the coordinator is busy for the whole
// run, so it cannot read messages. With cross-origin isolation, progress and
// cancel go through three shared words of wasm memory instead (read and
// written here with Atomics, any time, without blocking). Without isolation
// there is no shared memory: progress arrives as messages the coordinator
// sends while it works, and cancel terminates the worker and starts a fresh
// one — the only way to stop a thread that does not look at shared memory.
import * as Comlink from './vendor/comlink.mjs';

const CANCEL = 0, DONE = 1, TOTAL = 2;
/** How long a cooperative cancel may take before the worker is replaced. */
const CANCEL_GRACE_MS = 1500;

export class ThreadLab {
  #threads;
  #worker = null;
  #remote = null;
  #info = null;
  #ready = null;
  #current = null; // { stop(reply) } while a run is going
  #lastProgress = { done: 0, total: 0 };
  #onRestart;

  /**
   * @param {{threads?: number, onRestart?: (why: string) => void}} options
   *   threads: pool size (default: navigator.hardwareConcurrency); ignored
   *   without cross-origin isolation, where there is no pool.
   */
  static async create({ threads = navigator.hardwareConcurrency || 1, onRestart } = {}) {
    const lab = new ThreadLab(threads, onRestart);
    await lab.#ready;
    return lab;
  }

  constructor(threads, onRestart) {
    this.#threads = threads;
    this.#onRestart = onRestart;
    this.#ready = this.#boot();
  }

  async #boot() {
    this.#worker = new Worker(new URL('./coordinator.js', import.meta.url), { type: 'module', name: 'threadlab-coordinator' });
    this.#remote = Comlink.wrap(this.#worker);
    const failed = new Promise((_, reject) => {
      this.#worker.addEventListener('error', (e) => reject(new Error(`The coordinator worker failed to load: ${e.message || 'see the console'}`)), { once: true });
    });
    this.#info = await Promise.race([this.#remote.start({ threads: this.#threads }), failed]);
  }

  /** True when the page is cross-origin isolated and threads are available. */
  get isolated() { return this.#info.isolated; }
  /** Threads in the pool: 0 without isolation. */
  get threads() { return this.#info.threads; }
  /** Descriptions of every workload (see WorkloadInfo in pkg/threadlab.d.ts). */
  get workloads() { return this.#info.workloads; }
  get running() { return this.#current !== null; }

  /** Checks a request without running it; resolves to a list of field errors ([] = fine). */
  async check(request) {
    await this.#ready;
    return this.#remote.check(request);
  }

  /**
   * Runs a request; resolves to a RunReply ({status: "done" | "invalid" | "cancelled" | "failed", ...}).
   * Never rejects for bad input or a crash: those are replies too.
   */
  async run(request, { onProgress } = {}) {
    if (this.#current) return { status: 'failed', message: 'Another run is still going: wait for it or cancel it.' };
    let stop;
    const stopped = new Promise((resolve) => { stop = resolve; });
    const run = { stop, cancelTimer: null, repeat: null };
    this.#current = run;
    this.#lastProgress = { done: 0, total: 0 };
    try {
      await this.#ready;
      const progress = this.isolated ? undefined : Comlink.proxy((done, total) => {
        this.#lastProgress = { done, total };
        onProgress?.(done, total);
      });
      const reply = await Promise.race([this.#remote.run(request, progress), stopped]);
      return reply;
    } catch (e) {
      // A trap in the wasm instance (a panic, with panic=abort) leaves it
      // unusable: report it and start a fresh one.
      this.#restart(`the last run crashed (${e.message})`);
      return { status: 'failed', message: `The run crashed: ${e.message}. A fresh worker pool was started.` };
    } finally {
      clearTimeout(run.cancelTimer);
      clearInterval(run.repeat);
      if (this.#current === run) this.#current = null;
    }
  }

  /** `{done, total}` blocks of the current run's phase; cheap enough for every animation frame. */
  progress() {
    const words = this.#controlWords();
    if (!words) return { ...this.#lastProgress };
    return { done: Atomics.load(words, DONE), total: Atomics.load(words, TOTAL) };
  }

  /** Stops the current run within a fraction of a second; its reply is {status: "cancelled"}. */
  cancel() {
    const run = this.#current;
    if (!run || run.cancelTimer) return;
    const words = this.#controlWords();
    if (!words) {
      this.#hardStop(run, 'cancelled without shared memory');
      return;
    }
    // Keep the flag raised: a phase that starts right now clears it in
    // Control::begin, so store it again until the run has answered.
    Atomics.store(words, CANCEL, 1);
    run.repeat = setInterval(() => { const w = this.#controlWords(); if (w) Atomics.store(w, CANCEL, 1); }, 10);
    // A pool thread that trapped never comes back to look at the flag.
    run.cancelTimer = setTimeout(() => this.#hardStop(run, 'did not stop in time'), CANCEL_GRACE_MS);
  }

  /** Ends the worker and its pool; this ThreadLab cannot be used afterwards. */
  terminate() {
    this.#worker?.terminate();
    this.#remote?.[Comlink.releaseProxy]?.();
  }

  #hardStop(run, why) {
    run.stop({ status: 'cancelled' });
    this.#restart(why);
  }

  #restart(why) {
    this.terminate();
    this.#ready = this.#boot();
    this.#onRestart?.(why, this.#ready);
  }

  #controlWords() {
    const memory = this.#info?.memory;
    if (!memory) return null;
    // Re-read .buffer each time: it is replaced when the memory grows.
    return new Int32Array(memory.buffer, this.#info.controlAddress, 3);
  }
}
