// The measurements the modes demos share: task lists on the coordinator's
// threads (through the one PoolClient), jobs on "processes"
// (./processes.js), a process crash, a thread panic, and moving an array
// three ways. Each takes what it needs as arguments: no module state.
import { median } from '../../lib/format.js';
import { Cancelled } from '../../lib/lifecycle.js';

/** @typedef {import('../../lib/client.js').PoolClient} PoolClient */
/** @typedef {import('../../types/Settings').Settings} Settings */
/** @typedef {import('../../types/ModesRequest').ModesRequest} ModesRequest */
/** @typedef {import('../../types/TaskListDone').TaskListDone} TaskListDone */
/** @typedef {import('./processes.js').ProcessPool} ProcessPool */
/** @typedef {import('./processes.js').Job} Job */
/** @typedef {import('./processes.js').ProcessItem} ProcessItem */

const now = () => performance.now();

/**
 * `settings` as a ModesRequest's settings (Rust reads numbers as they are).
 * @param {Settings} s
 * @param {Partial<Settings>} [change]
 */
export const asRequest = (s, change = {}) => ({ ...s, ...change });

/**
 * Runs a task list on the coordinator; resolves to its `done` payload, throws
 * Cancelled on cancel and an Error with Rust's message otherwise.
 * @param {PoolClient} client
 * @param {ModesRequest} request
 * @param {AbortSignal | undefined} signal
 * @returns {Promise<TaskListDone & {memory_bytes?: number}>}
 */
export async function threadRun(client, request, signal) {
  const reply = await client.modes(request, { signal });
  if (reply.status === 'cancelled' || signal?.aborted) throw new Cancelled();
  if (reply.status === 'done') return reply;
  throw new Error(reply.status === 'invalid' ? reply.errors.map((e) => e.message).join(' ') : reply.message);
}

/**
 * Runs jobs on the processes; throws Cancelled on cancel.
 * @param {ProcessPool} pool
 * @param {Job[]} jobs
 * @param {AbortSignal | undefined} signal
 * @param {(item: ProcessItem) => void} [onItem]
 */
export async function processRun(pool, jobs, signal, onItem) {
  const reply = await pool.map(jobs, onItem);
  if (reply.status === 'cancelled' || signal?.aborted) throw new Cancelled();
  return reply;
}

/**
 * A ProcessPool of exactly k processes: `pool` itself if it has k, else
 * `pool` restarted with k.
 * @param {ProcessPool} pool
 * @param {number} k
 */
export async function ensureProcesses(pool, k) {
  if (pool.procs.length !== k) {
    pool.terminate();
    await pool.start(k);
  }
  return pool;
}

/**
 * @param {number} ms
 * @param {AbortSignal | undefined} signal
 * @returns {Promise<void>}
 */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new Cancelled());
      },
      { once: true },
    );
  });
}

/**
 * The server's slow endpoint. A distinct URL per request, so no cache can
 * make two requests wait for each other.
 * @param {number} ms
 */
export const slowUrl = (ms) =>
  new URL(`slow?ms=${ms}&n=${now().toFixed(3)}-${Math.random().toString(36).slice(2)}`, location.href).href;

/**
 * @param {number} ms
 * @param {AbortSignal | undefined} signal
 */
export async function fetchSlow(ms, signal) {
  const response = await fetch(slowUrl(ms), { cache: 'no-store', signal });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/**
 * Eight CPU tasks on the processes; the third traps its process.
 * @param {ProcessPool} pool
 * @param {Settings} s  uses workers and units
 * @param {AbortSignal | undefined} signal
 * @param {(item: ProcessItem) => void} [onItem]
 */
export async function crashProcess(pool, s, signal, onItem) {
  await ensureProcesses(pool, s.workers);
  if (signal?.aborted) throw new Cancelled();
  /** @type {Job[]} */
  const jobs = Array.from({ length: 8 }, (_, i) => ({
    type: 'task',
    task: i === 2 ? { kind: 'panic' } : { kind: 'cpu', units: s.units },
  }));
  const reply = await processRun(pool, jobs, signal, onItem);
  const crash = reply.crashes[0];
  return {
    items: reply.items,
    crashed: crash?.process,
    crashed_item: crash?.index,
    lost: reply.items.filter((i) => i.lost).length,
    done: reply.items.filter((i) => i.ok != null).length,
    of: jobs.length,
    restart_ms: crash?.restart_ms,
    processes: s.workers,
  };
}

/**
 * Eight tasks on the coordinator, the second of which panics. The client
 * notices the panic, answers `failed` and restarts the instance and pool;
 * then a normal run shows the fresh pool works.
 * @param {PoolClient} client
 * @param {Settings} s  uses units
 * @param {AbortSignal | undefined} signal
 * @param {() => void} [onPanicked]  called as soon as the panic is reported,
 *   before the normal run (e.g. to stop listing completions: the fresh
 *   instance's completions are that run's, not the panicked run's)
 */
export async function panicThread(client, s, signal, onPanicked) {
  const how = client.threaded ? 'threads' : 'sequential';
  const settings = asRequest(s, { tasks: 8 });
  /** @type {Promise<number> | null} */ let restarted = null;
  const stopListening = client.onRestart((_why, ready) => {
    const t0 = now();
    restarted = ready.then(
      () => now() - t0,
      () => NaN,
    );
  });
  const started = now();
  let reply;
  try {
    reply = await client.modes({ workload: 'panic', how, gil: false, settings }, { signal });
  } finally {
    stopListening();
    onPanicked?.();
  }
  const detected_ms = now() - started;
  if (reply.status === 'cancelled' || signal?.aborted) throw new Cancelled();
  if (reply.status !== 'failed' || restarted === null) throw new Error(`expected a panic, got ${reply.status}`);
  const restart_ms = await /** @type {Promise<number>} */ (restarted);
  const check = await client.modes({ workload: 'cpu', how, gil: false, settings }, { signal });
  if (check.status === 'cancelled' || signal?.aborted) throw new Cancelled();
  return {
    message: reply.message,
    detected_ms,
    restart_ms,
    threads: client.threads,
    threaded: client.threaded,
    after: check.status,
    after_ms: check.status === 'done' ? check.result.elapsed_ms : undefined,
  };
}

/**
 * The same array to process 0 and back by structured clone, by transfer and
 * (with shared memory) as a SharedArrayBuffer; median of three round trips.
 * @param {ProcessPool} pool  at least one process
 * @param {number} mb
 * @param {boolean} shared  also through shared memory (only where the client has a pool:
 *   a SharedArrayBuffer can only be posted from a cross-origin isolated page)
 * @param {AbortSignal | undefined} signal
 */
export async function measureTransfer(pool, mb, shared, signal) {
  const bytes = mb * 2 ** 20;
  const values = new Float64Array(bytes / 8);
  for (let i = 0; i < values.length; i++) values[i] = i;
  /** @param {number} ms  there and back */
  const rate = (ms) => (2 * bytes) / 2 ** 20 / (ms / 1000);
  const rounds = 3;
  /** @param {number[]} times */
  const summary = (times) => ({ ms: median(times), mb_s: rate(median(times)) });
  const step = () => {
    if (signal?.aborted) throw new Cancelled();
  };

  /** @type {number[]} */ let times = [];
  for (let i = 0; i < rounds; i++) {
    times.push((await pool.echo(values, 'clone')).ms);
    step();
  }
  const clone = summary(times);
  times = [];
  /** @type {Float64Array} */ let moving = values;
  let detached = false;
  for (let i = 0; i < rounds; i++) {
    const { ms, data } = await pool.echo(moving, 'transfer');
    detached = moving.length === 0; // the sender lost it while it was away
    moving = data;
    times.push(ms);
    step();
  }
  const transfer = summary(times);
  /** @type {{ms: number, mb_s: number} | undefined} */ let sharedResult;
  if (shared) {
    const view = new Float64Array(new SharedArrayBuffer(bytes));
    times = [];
    for (let i = 0; i < rounds; i++) {
      times.push((await pool.echo(view, 'shared')).ms);
      step();
    }
    sharedResult = summary(times);
  }
  return { bytes, clone, transfer, detached, shared: sharedResult };
}
