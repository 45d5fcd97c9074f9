// The one page-side client of a coordinator worker (../coordinator.js), used
// by every page, every demo component, the embeds and tutorial sites:
//
//   const client = await PoolClient.create({ threads: 4 });
//   const reply = await client.run({ workload: 'sum-of-squares', size: '1e8', mode: 'parallel', workers: 2 });
//   client.progress();                       // {done, total}, cheap enough for every animation frame
//   const stop = new AbortController(); client.sync({ demo: 'deadlock' }, { signal: stop.signal }); stop.abort();
//
// It decides ONCE how work runs — on a thread pool, or on one worker when the
// pool cannot start for any reason — and `threaded` / `why` say which; demos
// ask it instead of checking `crossOriginIsolated` themselves.
//
// Why it is more than a Comlink wrapper: the coordinator is busy for a whole
// run and cannot read messages. With a pool, progress, cancel, completions
// and panics go through shared memory (./layout.js). Without one there is no
// shared memory: progress arrives as messages, and cancel ends the worker and
// starts a fresh one — the only way to stop a thread that cannot be told.
//
// Replies are values, never exceptions (src/reply.rs): `done`, `invalid`,
// `cancelled`, `failed`. Calls are served one at a time, in order; each can
// be cancelled alone with its AbortSignal.
import * as Comlink from '../vendor/comlink.mjs';
import { readCompletions, readPanic, readProgress, raiseCancel } from './layout.js';

/** @typedef {import('../types/Layout').Layout} Layout */
/** @typedef {import('../types/WorkloadInfo').WorkloadInfo} WorkloadInfo */
/** @typedef {import('../types/DemoInfo').DemoInfo} DemoInfo */
/** @typedef {import('../types/RunRequest').RunRequest} RunRequest */
/** @typedef {import('../types/InputError').InputError} InputError */
/** @typedef {import('../types/SyncRequest').SyncRequest} SyncRequest */
/** @typedef {import('../types/SyncReply').SyncReply} SyncReply */
/** @typedef {import('../types/StepperView').StepperView} StepperView */
/** @typedef {import('../types/StepperReply').StepperReply} StepperReply */
/** @typedef {import('../types/Stepper').Stepper} Stepper */
/** @typedef {import('../types/ModesRequest').ModesRequest} ModesRequest */
/** @typedef {import('../types/ModesSettings').ModesSettings} ModesSettings */
/** @typedef {import('../types/ModesReply').ModesReply} ModesReply */
/** @typedef {{width: number, height: number, bitmap: ImageBitmap}} Bitmap */
/**
 * A run's reply as the page receives it: images arrive as ImageBitmaps, and
 * array runs say how long getting the data in took.
 * @typedef {import('../types/RunReply').RunReply & {data_in?: {created_ms: number, copied_ms: number | undefined, bytes: number}}} RunReply
 */
/**
 * What the coordinator reports once it has started.
 * @typedef {object} StartInfo
 * @property {boolean} threaded  a pool is running
 * @property {string | null} why  one sentence saying why threads are off (null when threaded)
 * @property {boolean} isolated  the coordinator's `crossOriginIsolated`
 * @property {number} threads  threads in the pool (0 without one)
 * @property {number} load_ms  loading and instantiating the module
 * @property {number} pool_start_ms  starting the pool
 * @property {WebAssembly.Memory | null} memory  the shared memory (null without a pool)
 * @property {number} memory_bytes
 * @property {Layout} layout
 * @property {WorkloadInfo[]} workloads
 * @property {DemoInfo[]} demos
 * @property {string} python_modes  the modes page's comparison in Python (src/modes/modes.py)
 */
/**
 * @typedef {object} CallOptions
 * @property {AbortSignal} [signal]  aborting it cancels this call (queued or running)
 * @property {(done: number, total: number) => void} [onProgress]  sequential runs without a pool only
 */

/** How long a cooperative cancel may take before the worker is replaced. */
export const CANCEL_GRACE_MS = 2000;
/** How often a running call looks at the panic block. */
const PANIC_POLL_MS = 20;

/** The default pool size: the cores the browser reports. */
export function defaultThreads() {
  return typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1;
}

/**
 * The pool size for demos whose threads mostly wait (locks, semaphores, the
 * GIL): waiting threads cost no CPU, so like a Python program with more
 * threads than cores, start at least 4 (and at most 8).
 */
export function waitingThreads() {
  return Math.min(8, Math.max(4, defaultThreads()));
}

/** The page is embedded in a frame (its reason for having no threads differs). */
function isFramed() {
  try {
    return typeof window !== 'undefined' && window.top !== window.self;
  } catch {
    return true;
  }
}

export class PoolClient {
  /** @type {number} */ #threads;
  /** @type {Worker | null} */ #worker = null;
  /** @type {any} */ #remote = null;
  /** @type {StartInfo | null} */ #info = null;
  // What the last instance said of threads, kept while a restart boots the
  // next: isolation does not change in a page's life, and a Run pressed in
  // that moment must not read "threads are off".
  /** @type {StartInfo | null} */ #lastInfo = null;
  /** @type {Promise<void>} */ #ready;
  /** @type {Promise<unknown>} */ #queue = Promise.resolve();
  /** @type {{stop: (reply: any) => void, cancelling: boolean, signal?: AbortSignal} | null} */ #current = null;
  #lastProgress = { done: 0, total: 0 };
  /** @type {Set<(why: string, ready: Promise<void>) => void>} */ #restartListeners = new Set();
  #terminated = false;

  /**
   * Starts a coordinator with a pool of `threads` and waits until it is ready.
   * @param {{threads?: number, onRestart?: (why: string, ready: Promise<void>) => void}} [options]
   */
  static async create({ threads = defaultThreads(), onRestart } = {}) {
    const client = new PoolClient(threads);
    if (onRestart) client.onRestart(onRestart);
    await client.ready();
    return client;
  }

  /** @param {number} threads  pool size; ignored where threads are off */
  constructor(threads = defaultThreads()) {
    this.#threads = threads;
    this.#ready = this.#boot();
  }

  /** Resolves when the coordinator (and its pool) is up; rejects if the worker cannot load. */
  ready() {
    return this.#ready;
  }

  async #boot() {
    const worker = new Worker(new URL('../coordinator.js', import.meta.url), {
      type: 'module',
      name: 'threadlab-coordinator',
    });
    this.#worker = worker;
    this.#remote = Comlink.wrap(worker);
    const failed = new Promise((_, reject) => {
      worker.addEventListener(
        'error',
        (e) => reject(new Error(`The worker failed to load: ${e.message || 'see the console'}`)),
        { once: true },
      );
    });
    this.#info = /** @type {StartInfo} */ (
      await Promise.race([this.#remote.start({ threads: this.#threads, framed: isFramed() }), failed])
    );
  }

  /** @returns {StartInfo} */
  get info() {
    if (!this.#info) throw new Error('PoolClient: await ready() first');
    return this.#info;
  }
  /** A pool is running: parallel runs are possible. */
  get threaded() {
    return (this.#info ?? this.#lastInfo)?.threaded ?? false;
  }
  /** Threads in the pool (0 without one). */
  get threads() {
    return (this.#info ?? this.#lastInfo)?.threads ?? 0;
  }
  /** Why threads are off, in one sentence; null when they are on. */
  get why() {
    return (this.#info ?? this.#lastInfo)?.why ?? null;
  }
  /** A call is running now. */
  get busy() {
    return this.#current !== null;
  }

  /**
   * `listener(why, ready)` after every restart (a cancel that needed a fresh
   * worker, a crash, a panic). Returns a function that removes it.
   * @param {(why: string, ready: Promise<void>) => void} listener
   */
  onRestart(listener) {
    this.#restartListeners.add(listener);
    return () => this.#restartListeners.delete(listener);
  }

  /** @param {RunRequest} request @returns {Promise<InputError[]>} */
  async check(request) {
    await this.#ready;
    return this.#remote.check(request);
  }
  /** @param {RunRequest} request @param {CallOptions} [options] @returns {Promise<RunReply>} */
  run(request, options = {}) {
    return this.#call('run', [request], options);
  }
  /** @param {SyncRequest} request @param {CallOptions} [options] @returns {Promise<SyncReply>} */
  sync(request, options = {}) {
    return this.#call('syncRun', [request], options);
  }
  /** @param {boolean} locked @param {number} rounds @returns {Promise<StepperView>} */
  async stepperNew(locked, rounds) {
    await this.#ready;
    return this.#remote.stepperNew(locked, rounds);
  }
  /** @param {Stepper} state @param {number} thread @returns {Promise<StepperReply>} */
  stepperStep(state, thread) {
    return this.#call('stepperStep', [state, thread], {});
  }
  /**
   * One call of "Be the scheduler" (www/coordinator.js `GAME`): `search`
   * can be cancelled like a run; the others answer at once.
   * @param {'levels' | 'check' | 'state' | 'step' | 'search' | 'exploredAddress' | 'serial'} call
   * @param {unknown} [arg]
   * @param {CallOptions} [options]
   * @returns {Promise<any>}
   */
  game(call, arg, options = {}) {
    return this.#call('game', [call, arg], options);
  }
  /**
   * One call of the Python runner (www/coordinator.js `PYTHON`): each
   * answers at once — a run goes on on its own Python-thread workers, and
   * the page polls it. Outside the queue of blocking calls, so a poll is
   * never held up by one. A panic of a Python thread (the panic block says
   * so) or a dead coordinator answers `{status: 'failed'}` and restarts.
   * @param {'prestart' | 'start' | 'poll' | 'cancel' | 'cancelAll' | 'workers' | 'compareFunctions' | 'compareProgram'} call
   * @param {unknown} [arg]
   * @returns {Promise<any>}
   */
  async python(call, arg) {
    if (this.#terminated) return { status: 'failed', message: 'This client was terminated.' };
    try {
      await this.#ready;
    } catch (e) {
      return { status: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
    const panicked = this.#panicMessage();
    if (panicked !== null) return this.#panicked(panicked);
    try {
      return await this.#remote.python(call, arg);
    } catch (e) {
      const message = this.#panicMessage() ?? (e instanceof Error ? e.message : String(e));
      if (this.#panicMessage() !== null) return this.#panicked(message);
      return { status: 'failed', message: `The Python runner failed: ${message}.` };
    }
  }

  /**
   * Replaces the coordinator (and every worker it started) with a fresh
   * one: the way to stop what would not stop.
   * @param {string} why
   */
  restart(why) {
    this.#restart(why);
  }

  /** @param {ModesSettings} settings @returns {Promise<import('../types/SettingsReply').SettingsReply>} */
  async modesCheck(settings) {
    await this.#ready;
    return this.#remote.modesCheck(settings);
  }
  /** @param {ModesRequest} request @param {CallOptions} [options] @returns {Promise<ModesReply & {memory_bytes?: number}>} */
  modes(request, options = {}) {
    return this.#call('modesRun', [request], options);
  }

  /**
   * `{done, total}` blocks of the running call's current phase. Given the
   * `signal` a call was made with, it reads zeros until that call is the
   * one running, so a demo whose call waits in the queue does not show
   * another demo's progress.
   * @param {AbortSignal} [signal]
   */
  progress(signal) {
    if (signal && this.#current?.signal !== signal) return { done: 0, total: 0 };
    const info = this.#info;
    if (!info?.memory) return { ...this.#lastProgress };
    return readProgress(info.memory, info.layout);
  }

  /** Items of the running task list in the order they finished (threaded only). */
  completions() {
    const info = this.#info;
    return info?.memory ? readCompletions(info.memory, info.layout) : [];
  }

  /** Cancels the running call and every queued one. */
  cancel() {
    this.#cancelCurrent();
  }

  /** Ends the worker and its pool; the client cannot be used afterwards. */
  terminate() {
    this.#terminated = true;
    this.#current?.stop({ status: 'cancelled' });
    this.#worker?.terminate();
    this.#remote?.[Comlink.releaseProxy]?.();
    this.#worker = null;
  }

  /**
   * Queues one call to the coordinator; resolves to its reply, never rejects.
   * @param {string} method
   * @param {unknown[]} args
   * @param {CallOptions} options
   * @returns {Promise<any>}
   */
  #call(method, args, { signal, onProgress }) {
    const turn = this.#queue.then(() => this.#serve(method, args, signal, onProgress));
    this.#queue = turn.catch(() => {});
    return turn;
  }

  /**
   * @param {string} method
   * @param {unknown[]} args
   * @param {AbortSignal | undefined} signal
   * @param {((done: number, total: number) => void) | undefined} onProgress
   */
  async #serve(method, args, signal, onProgress) {
    if (this.#terminated) return { status: 'failed', message: 'This client was terminated.' };
    if (signal?.aborted) return { status: 'cancelled' };
    try {
      await this.#ready;
    } catch (e) {
      return { status: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
    /** @type {(reply: any) => void} */
    let stop = () => {};
    const stopped = new Promise((resolve) => {
      stop = resolve;
    });
    const current = { stop, cancelling: false, signal };
    this.#current = current;
    this.#lastProgress = { done: 0, total: 0 };
    const onAbort = () => {
      if (this.#current === current) this.#cancelCurrent();
    };
    signal?.addEventListener('abort', onAbort);
    const panicWatch = setInterval(() => this.#checkPanic(current), PANIC_POLL_MS);
    try {
      const extra =
        method === 'run' && !this.threaded
          ? [
              Comlink.proxy((/** @type {number} */ done, /** @type {number} */ total) => {
                this.#lastProgress = { done, total };
                onProgress?.(done, total);
              }),
            ]
          : [];
      return await Promise.race([this.#remote[method](...args, ...extra), stopped]);
    } catch (e) {
      // A trap in the wasm instance leaves it unusable: report it and start a
      // fresh one. A panic on the coordinator itself (pool thread 0, or any
      // sequential run) traps this very call, often before the watch above
      // looks; the hook wrote its message first (read from the panic block,
      // or without shared memory from the error the coordinator named).
      const panicked = this.#panicMessage() ?? (e instanceof Error && e.name === 'Panic' ? e.message : null);
      if (panicked !== null) return this.#panicked(panicked);
      const message = e instanceof Error ? e.message : String(e);
      this.#restart(`the last run crashed (${message})`);
      return { status: 'failed', message: `The run crashed: ${message}. A fresh worker pool was started.` };
    } finally {
      clearInterval(panicWatch);
      clearInterval(/** @type {any} */ (current).repeat);
      clearTimeout(/** @type {any} */ (current).timer);
      signal?.removeEventListener('abort', onAbort);
      if (this.#current === current) this.#current = null;
    }
  }

  #cancelCurrent() {
    const current = this.#current;
    if (!current || current.cancelling) return;
    current.cancelling = true;
    const info = this.#info;
    if (!info?.memory) {
      this.#hardStop(current, 'cancelled: a worker without shared memory can only be stopped by replacing it');
      return;
    }
    const memory = info.memory;
    const raise = () => raiseCancel(memory, info.layout);
    // Keep the flag raised: a phase that starts right now clears it when it
    // begins, so raise it again until the call has answered.
    raise();
    Object.assign(current, {
      repeat: setInterval(raise, 10),
      // A pool thread that trapped never comes back to look at the flag.
      timer: setTimeout(() => this.#hardStop(current, 'the run did not stop in time'), CANCEL_GRACE_MS),
    });
  }

  /** @param {{stop: (reply: any) => void}} current */
  #checkPanic(current) {
    if (this.#current !== current) return;
    const message = this.#panicMessage();
    if (message !== null) current.stop(this.#panicked(message));
  }

  /** The panic block's message, or null (no panic, or no shared memory to read it from). */
  #panicMessage() {
    const info = this.#info;
    return info?.memory ? readPanic(info.memory, info.layout) : null;
  }

  /**
   * Starts a fresh instance after a panic and says so.
   * @param {string} message  from the panic block: the thread and what it said
   */
  #panicked(message) {
    // A failed allocation is recorded in the same block (src/wasm/panic.rs)
    // and ends the instance the same way, but it is not a bug in the code.
    const outOfMemory = message.includes(': out of memory: ');
    const lost = this.threaded
      ? 'takes down every thread of the instance: a fresh instance and pool were started'
      : 'ends the instance: a fresh one was started';
    const what = outOfMemory ? 'ran out of memory' : 'panicked';
    const rule = outOfMemory ? 'In WebAssembly' : 'With panic = abort';
    const detail = message.replace(': out of memory: ', ': ');
    this.#restart(`a thread ${what}: ${detail}`);
    return { status: 'failed', message: `A thread ${what} (${detail}). ${rule} that ${lost}.` };
  }

  /** @param {{stop: (reply: any) => void}} current @param {string} why */
  #hardStop(current, why) {
    current.stop({ status: 'cancelled' });
    this.#restart(why);
  }

  /** @param {string} why */
  #restart(why) {
    if (this.#terminated) return;
    this.#worker?.terminate();
    this.#remote?.[Comlink.releaseProxy]?.();
    this.#lastInfo = this.#info ?? this.#lastInfo;
    this.#info = null;
    this.#ready = this.#boot();
    for (const listener of this.#restartListeners) listener(why, this.#ready);
  }
}
