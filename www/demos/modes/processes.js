// "Processes" for the modes demos: k workers of ../../process-worker.js, each
// with its OWN wasm instance and memory, fed one job at a time by postMessage
// (a structured clone: the counterpart of pickling), like Python's
// ProcessPoolExecutor. A process that traps (a panic task) is a crashed
// process: its job is reported lost, it is replaced, the others go on.
//
// Every worker a pool ever started is ended by terminate(): a demo's
// destroy() calls it, so nothing outlives the demo.

/** @typedef {import('../../types/Task').Task} Task */
/** @typedef {import('../../types/TaskOutcome').TaskOutcome} TaskOutcome */
/** @typedef {{type: 'task', task: Task} | {type: 'http', url: string}} Job */
/**
 * One finished job, in the order jobs finished.
 * @typedef {object} ProcessItem
 * @property {number} index  the job's index
 * @property {number} worker  the process that ran it
 * @property {string | null} ok
 * @property {string | null} error
 * @property {boolean} [lost]  its process crashed while running it
 * @property {number} [start_ms]  the process began the job (its clock: timeOrigin + now(), shared with the page)
 * @property {number} [end_ms]
 * @property {number} [posted_ms]  the page posted the job (same clock)
 * @property {number} [received_ms]  the page received the result (same clock)
 */
/** @typedef {{process: number, index: number, restart_ms: number, message: string}} Crash */
/** @typedef {{status: 'done', elapsed_ms: number, items: ProcessItem[], crashes: Crash[]} | {status: 'cancelled'}} MapReply */
/**
 * One map's state, shared by the pool's methods that run it.
 * @typedef {object} MapRun
 * @property {Job[]} jobs
 * @property {((item: ProcessItem) => void) | undefined} onItem
 * @property {number} started  when the map began (now())
 * @property {ProcessItem[]} items
 * @property {Crash[]} crashes
 * @property {number} next  the next job to post
 * @property {number} restarting  crashed processes still restarting
 * @property {(reply: MapReply) => void} finish
 */
/**
 * A process; started_at / ready_at: when its start began and when its module
 * was loaded, on the shared clock.
 * @typedef {{i: number, worker: Worker, startup_ms: number, memory_bytes: number, current: number | null,
 *   started_at: number, ready_at: number, posted: number}} Proc
 */

const now = () => performance.now();
/** The clock every timeline shares (the lab's, Rust's now_ms and the process worker's). */
export const clock = () => performance.timeOrigin + performance.now();

export class ProcessPool {
  /** @type {Proc[]} */ procs = [];
  /** @type {(() => void) | null} */ #stop = null;
  #ended = false;
  /** Workers still loading, and how to fail their start. @type {Map<Worker, (e: Error) => void>} */
  #starting = new Map();

  /**
   * Starts process `i`; resolves once its module is loaded.
   * @param {number} i
   * @returns {Promise<Proc>}
   */
  #spawn(i) {
    const started = now(),
      started_at = clock();
    const worker = new Worker(new URL('../../process-worker.js', import.meta.url), {
      type: 'module',
      name: `threadlab-process-${i}`,
    });
    return new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => {
        if (data.type !== 'ready') return;
        // Ended while it was loading: do not let it live on.
        if (this.#ended) {
          worker.terminate();
          reject(new Error('the pool was ended'));
          return;
        }
        resolve({
          i,
          worker,
          startup_ms: now() - started,
          memory_bytes: data.memory_bytes,
          current: null,
          started_at,
          ready_at: clock(),
          posted: 0,
        });
      };
      worker.onerror = (e) => {
        e.preventDefault();
        worker.terminate();
        reject(new Error(`process ${i} failed to start: ${e.message}`));
      };
      this.#starting.set(worker, reject);
    }).finally(() => this.#starting.delete(worker));
  }

  /**
   * Starts k processes at once; resolves to each one's start-up time (ms).
   * @param {number} k
   */
  async start(k) {
    this.procs = await Promise.all(Array.from({ length: k }, (_, i) => this.#spawn(i)));
    return this.procs.map((p) => p.startup_ms);
  }

  /** Each process's memory in bytes (its own instance's). */
  get memoryBytes() {
    return this.procs.map((p) => p.memory_bytes);
  }

  /**
   * Runs jobs on the processes, one at a time each, the next job going to
   * whichever process is free (pool.map / as_completed). A crashed process
   * loses its job, is restarted and takes the next one.
   * @param {Job[]} jobs
   * @param {(item: ProcessItem) => void} [onItem]
   * @returns {Promise<MapReply>}
   */
  map(jobs, onItem) {
    const started = now();
    return new Promise((resolve) => {
      /** @type {MapRun} */
      const run = {
        jobs,
        onItem,
        started,
        items: [],
        crashes: [],
        next: 0,
        restarting: 0,
        finish: (reply) => {
          this.#stop = null;
          resolve(reply);
        },
      };
      this.#stop = () => {
        this.terminate();
        run.finish({ status: 'cancelled' });
      };
      for (const p of this.procs) {
        this.#attach(run, p);
        this.#feed(run, p);
      }
    });
  }

  /**
   * Ends the map once every job has an item and no process is restarting.
   * @param {MapRun} run
   */
  #maybeDone(run) {
    if (run.items.length === run.jobs.length && run.restarting === 0)
      run.finish({ status: 'done', elapsed_ms: now() - run.started, items: run.items, crashes: run.crashes });
  }

  /**
   * Posts the next job to process `p`, or leaves it idle when none is left.
   * @param {MapRun} run
   * @param {Proc} p
   */
  #feed(run, p) {
    if (run.next >= run.jobs.length) {
      p.current = null;
      this.#maybeDone(run);
      return;
    }
    p.current = run.next++;
    p.posted = clock();
    p.worker.postMessage({ ...run.jobs[p.current], id: p.current });
  }

  /**
   * Listens to process `p`: a result is an item and the next job; a crash is
   * a lost item and a restart.
   * @param {MapRun} run
   * @param {Proc} p
   */
  #attach(run, p) {
    p.worker.onmessage = ({ data }) => {
      if (data.type !== 'result') return;
      const item = {
        index: data.id,
        worker: p.i,
        ok: data.ok,
        error: data.error,
        start_ms: data.start_ms,
        end_ms: data.end_ms,
        posted_ms: p.posted,
        received_ms: clock(),
      };
      run.items.push(item);
      run.onItem?.(item);
      this.#feed(run, p);
    };
    p.worker.onerror = (e) => {
      e.preventDefault(); // handled: this process crashed, the page did not
      this.#crashed(run, p, e);
    };
  }

  /**
   * Process `p` crashed: reports its job lost, restarts it and feeds it again.
   * @param {MapRun} run
   * @param {Proc} p
   * @param {ErrorEvent} e
   */
  #crashed(run, p, e) {
    const lost = p.current ?? -1;
    p.worker.terminate();
    const item = {
      index: lost,
      worker: p.i,
      ok: null,
      error: `process ${p.i} crashed (${e.message || 'trap'}): its task was lost`,
      lost: true,
    };
    run.items.push(item);
    run.onItem?.(item);
    run.restarting++;
    const t0 = now();
    this.#spawn(p.i).then(
      (fresh) => {
        run.restarting--;
        run.crashes.push({ process: p.i, index: lost, restart_ms: now() - t0, message: e.message });
        Object.assign(p, {
          worker: fresh.worker,
          memory_bytes: fresh.memory_bytes,
          started_at: fresh.started_at,
          ready_at: fresh.ready_at,
        });
        this.#attach(run, p);
        this.#feed(run, p);
      },
      () => {
        run.restarting--;
        this.#maybeDone(run);
      },
    );
  }

  /**
   * Sends `data` to process 0 and back; resolves to the round trip's time
   * and the array that came back.
   * @param {Float64Array} data
   * @param {'clone' | 'transfer' | 'shared'} mode
   * @returns {Promise<{ms: number, data: Float64Array}>}
   */
  echo(data, mode) {
    const p = this.procs[0];
    return new Promise((resolve, reject) => {
      const t0 = now();
      this.#stop = () => {
        this.#stop = null;
        reject(new DOMException('cancelled', 'AbortError'));
      };
      p.worker.onmessage = ({ data: reply }) => {
        if (reply.type !== 'echo') return;
        this.#stop = null;
        resolve({ ms: now() - t0, data: reply.data });
      };
      if (mode === 'transfer') p.worker.postMessage({ type: 'echo', data, mode }, [data.buffer]);
      else p.worker.postMessage({ type: 'echo', data, mode });
    });
  }

  /** Stops the running map or echo (it resolves cancelled / rejects). */
  cancel() {
    this.#stop?.();
  }

  /** Ends every process, including any still starting. */
  terminate() {
    for (const p of this.procs) p.worker.terminate();
    for (const [w, reject] of this.#starting) {
      w.terminate();
      reject(new DOMException('cancelled', 'AbortError'));
    }
    this.procs = [];
  }

  /** Ends everything now and for good: processes that finish loading later end at once. */
  end() {
    this.#ended = true;
    this.cancel();
    this.terminate();
  }
}
