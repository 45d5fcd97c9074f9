// The in-browser half of `./dev.sh bench` (bench/bench.mjs imports this
// module into bench/index.html and calls its functions one step at a time, so
// it can print progress between them). Every function returns plain numbers;
// the medians, ratios and targets are worked out in bench.mjs.
import * as Comlink from '../../www/vendor/comlink.mjs';
import { ThreadLab } from '../../www/lib/threadlab.js';
import { median } from '../../www/lib/format.js';

const sharedNow = () => performance.timeOrigin + performance.now();

/** @typedef {import('../../www/types/RunRequest').RunRequest} RunRequest */
/** @typedef {Record<string, number[]>} Series  times (or rates) per setting name, one per repetition */

/** @type {ThreadLab | null} */
let lab = null;
/** @type {number[]} */
const longTasks = [];
/** @type {PerformanceObserver | null} */
let observer = null;

/** The lab `createLab` made: every run below needs it. */
function theLab() {
  if (!lab) throw new Error('call createLab first');
  return lab;
}

export function environment() {
  return { cores: navigator.hardwareConcurrency, userAgent: navigator.userAgent, isolated: crossOriginIsolated };
}

/**
 * Pool start-up, on fresh coordinator workers: the whole `start()` (module
 * fetch + compile + instantiate + pool) as seen from the page, and the part
 * inside it that is `startPool(threads)` (initThreadPool: the coordinator
 * becomes thread 0 and N − 1 workers are spawned, each loading and
 * instantiating the module on the shared memory).
 * @param {{threads: number, reps: number}} options
 */
export async function poolStartup({ threads, reps }) {
  const runs = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const worker = new Worker(new URL('../../www/coordinator.js', import.meta.url), { type: 'module' });
    const remote = Comlink.wrap(worker);
    const info = await remote.start({ threads });
    runs.push({ start_ms: performance.now() - t0, pool_start_ms: info.pool_start_ms, threads: info.threads });
    remote[Comlink.releaseProxy]();
    worker.terminate();
    await new Promise((r) => setTimeout(r, 50)); // let the old pool's threads go
  }
  return runs;
}

/**
 * The ThreadLab the workload runs use, timed: `ThreadLab.create()` as a page would call it.
 * @param {{threads: number}} options
 */
export async function createLab({ threads }) {
  const t0 = performance.now();
  lab = await ThreadLab.create({ threads });
  return { create_ms: performance.now() - t0, threads: lab.threads, isolated: lab.isolated, workloads: lab.workloads };
}

export function watchLongTasks() {
  longTasks.length = 0;
  observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(e.duration);
  });
  observer.observe({ type: 'longtask' });
}

export function longTasksSeen() {
  observer?.disconnect();
  return [...longTasks];
}

/**
 * One workload: per repetition the sequential run and the parallel runs on
 * k = 1..maxK workers, back to back (repetition 0 is a warm-up, dropped).
 * With `pairNative`, the page's `nativeSequential(id)` (exposed by
 * bench/bench.mjs: the same work run natively, in a process of its own,
 * while this page waits) runs after each repetition's runs, so wasm and
 * native are compared moments apart on a machine whose speed drifts; with
 * `pairPython`, `pythonSequential(id)` does the same for CPython. They run
 * after the parallel runs, not before them, and the page then waits 200 ms:
 * a process that has just freed 64 MB leaves the kernel work to do (seen in
 * `perf sched`: kcompactd, kdamond) on a CPU a short parallel run needs.
 * `elapsed_ms` is the wasm's own time for the work (measured inside the
 * coordinator); `wall_ms` adds the Comlink round trip and the reply.
 * @param {{id: string, size: number, maxK: number, reps: number, schedule?: import('../../www/types/Schedule').Schedule, pairNative?: boolean, pairPython?: boolean}} options
 */
export async function runWorkload({ id, size, maxK, reps, schedule, pairNative, pairPython }) {
  /** @type {{name: string, request: RunRequest}[]} */
  const settings = [{ name: 'seq', request: { workload: id, size, mode: 'sequential' } }];
  for (let k = 1; k <= maxK; k++) {
    settings.push({
      name: `k${k}`,
      request: { workload: id, size, mode: 'parallel', workers: k, ...(schedule ? { schedule, chunk: 1 } : {}) },
    });
  }
  /** @type {() => Series} */
  const perSetting = () => Object.fromEntries(settings.map((s) => [s.name, []]));
  const ms = perSetting();
  const wall = perSetting();
  // Sum of the workers' busy time (their task spans): against the
  // sequential run's, how much longer the same blocks took when k workers
  // ran at once (sharing memory, or on a slower CPU).
  const busy = perSetting();
  /** @type {number[]} */
  const nativePaired = [];
  /** @type {number[]} */
  const pythonPaired = [];
  /** @type {string | null} */
  let answer = null,
    agree = true;
  for (let rep = 0; rep <= reps; rep++) {
    for (const s of settings) {
      const t0 = performance.now();
      const reply = await theLab().run(s.request);
      const t1 = performance.now();
      if (reply.status !== 'done') throw new Error(`${id} ${s.name}: ${JSON.stringify(reply)}`);
      answer ??= reply.answer.value;
      agree &&= answer === reply.answer.value;
      if (rep > 0) {
        ms[s.name].push(reply.elapsed_ms);
        wall[s.name].push(t1 - t0);
        busy[s.name].push(reply.spans.reduce((sum, span) => sum + (span.end_ms - span.start_ms), 0));
      }
    }
    if (rep > 0 && (pairNative || pairPython)) {
      // @ts-ignore — Playwright bindings, only present under bench.mjs
      if (pairNative) nativePaired.push(await globalThis.nativeSequential(id));
      // @ts-ignore
      if (pairPython) pythonPaired.push(await globalThis.pythonSequential(id));
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    ms,
    wall_ms: wall,
    busy_ms: busy,
    agree,
    answer,
    ...(pairNative ? { native_paired_ms: nativePaired } : {}),
    ...(pairPython ? { python_paired_ms: pythonPaired } : {}),
  };
}

/**
 * Per-run overhead: the round trip of an empty parallel job (counting loop,
 * size 1, on k workers) through Comlink + wasm, as the page sees it; the part
 * of it inside wasm (the rayon broadcast that wakes the k workers); and an
 * empty sequential run (Comlink + wasm, no pool).
 * @param {{k: number, count: number}} options
 */
export async function dispatch({ k, count }) {
  const one = async (/** @type {RunRequest} */ request) => {
    const t0 = performance.now();
    const reply = await theLab().run(request);
    if (reply.status !== 'done') throw new Error(JSON.stringify(reply));
    return { wall: performance.now() - t0, inside: reply.elapsed_ms };
  };
  /** @type {{wall: number, inside: number}[]} */
  const par = [],
    seq = [];
  for (let i = 0; i < count + 10; i++) {
    const p = await one({ workload: 'counting-loop', size: 1, mode: 'parallel', workers: k });
    const s = await one({ workload: 'counting-loop', size: 1, mode: 'sequential' });
    if (i >= 10) {
      par.push(p);
      seq.push(s);
    }
  }
  return {
    parallel_wall_ms: par.map((r) => r.wall),
    parallel_inside_ms: par.map((r) => r.inside),
    sequential_wall_ms: seq.map((r) => r.wall),
  };
}

/** @type {Worker[] | null} */
let jsPool = null;
/**
 * @param {number} n
 * @returns {Promise<Worker[]>}
 */
async function jsWorkers(n) {
  if (jsPool && jsPool.length >= n) return jsPool;
  jsPool?.forEach((w) => w.terminate());
  jsPool = await Promise.all(
    Array.from(
      { length: n },
      () =>
        /** @type {Promise<Worker>} */ (
          new Promise((resolve, reject) => {
            const w = new Worker(new URL('./js-kernels.js', import.meta.url), { type: 'module' });
            w.onmessage = () => resolve(w);
            w.onerror = (e) => reject(new Error(`js-kernels.js: ${e.message}`));
          })
        ),
    ),
  );
  return jsPool;
}

/**
 * A kernel on k plain-JS workers; time = last worker's end − the moment the
 * page posted the job (shared clock), like the wasm's broadcast-to-finish.
 * @param {string} kernel  'mandelbrot' or 'sum-of-squares'
 * @param {number} size
 * @param {number} k
 */
async function jsRun(kernel, size, k) {
  const workers = (await jsWorkers(k)).slice(0, k);
  const counter = new SharedArrayBuffer(4);
  const width = size,
    height = Math.max(Math.floor((width * 2) / 3), 1);
  const image = kernel === 'mandelbrot' ? new SharedArrayBuffer(width * height * 4) : null;
  const replies = workers.map(kernelReply);
  const posted = sharedNow();
  for (const w of workers) w.postMessage({ kernel, size, counter, image });
  const parts = await Promise.all(replies);
  const ms = Math.max(...parts.map((p) => p.ended)) - posted;
  const value =
    kernel === 'mandelbrot'
      ? `${parts.reduce((s, p) => s + Number(p.result), 0)} iterations`
      : parts.reduce((s, p) => s + BigInt(p.result), 0n).toString();
  return { ms, value, blocks: parts.map((p) => p.blocks) };
}

/**
 * @typedef {{ended: number, result: number | bigint, blocks: number}} KernelPart
 *   one JS worker's reply: when it finished (shared clock), its part of the answer
 */
/**
 * The next reply of one JS kernel worker.
 * @param {Worker} w
 * @returns {Promise<KernelPart>}
 */
function kernelReply(w) {
  return new Promise((resolve, reject) => {
    w.onmessage = ({ data }) => resolve(data);
    w.onerror = (e) => reject(new Error(e.message));
  });
}

/**
 * A JS kernel's series on k = 1..maxK workers, like `runWorkload`'s.
 * @param {{kernel: string, size: number, maxK: number, reps: number}} options
 */
export async function jsKernel({ kernel, size, maxK, reps }) {
  /** @type {Series} */
  const ms = {};
  for (let k = 1; k <= maxK; k++) ms[`k${k}`] = [];
  /** @type {string | null} */
  let answer = null,
    agree = true;
  for (let rep = 0; rep <= reps; rep++) {
    for (let k = 1; k <= maxK; k++) {
      const r = await jsRun(kernel, size, k);
      answer ??= r.value;
      agree &&= answer === r.value;
      if (rep > 0) ms[`k${k}`].push(r.ms);
    }
  }
  return { ms, agree, answer };
}

/**
 * Memory bandwidth in the browser: a STREAM-like triad over three arrays of
 * `len` f64s (24 bytes moved per element) on k = 1..maxK plain-JS workers
 * taking 64K-element blocks from a shared counter. GB/s per repetition.
 * @param {{len: number, maxK: number, reps: number}} options
 */
export async function triad({ len, maxK, reps }) {
  const arrays = new SharedArrayBuffer(3 * len * 8);
  const all = new Float64Array(arrays);
  for (let i = 0; i < len; i++) {
    all[len + i] = i;
    all[2 * len + i] = i % 7;
  }
  /** @type {Series} */
  const gbPerS = {};
  for (let k = 1; k <= maxK; k++) gbPerS[`k${k}`] = [];
  for (let rep = 0; rep <= reps; rep++) {
    for (let k = 1; k <= maxK; k++) {
      const workers = (await jsWorkers(k)).slice(0, k);
      const counter = new SharedArrayBuffer(4);
      const replies = workers.map(kernelReply);
      const posted = sharedNow();
      for (const w of workers) w.postMessage({ kernel: 'triad', size: len, counter, arrays });
      const parts = await Promise.all(replies);
      const ms = Math.max(...parts.map((p) => p.ended)) - posted;
      if (rep > 0) gbPerS[`k${k}`].push((24 * len) / (ms / 1e3) / 1e9);
    }
  }
  return gbPerS;
}

/**
 * The same triad in wasm (src/workloads/triad.rs) on k = 1..maxK threads of
 * a threadlab pool started for it in its own worker (bench/page/triad-worker.js).
 * GB/s per repetition, like `triad`.
 * @param {{len: number, maxK: number, reps: number}} options
 * @returns {Promise<Series>}
 */
export async function wasmTriad({ len, maxK, reps }) {
  const worker = new Worker(new URL('./triad-worker.js', import.meta.url), { type: 'module' });
  try {
    /** @type {{gbPerS: Series, error?: undefined} | {error: string}} */
    const reply = await new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => resolve(data);
      worker.onerror = (e) => reject(new Error(`triad-worker.js: ${e.message}`));
      worker.postMessage({ len, maxK, reps });
    });
    if ('error' in reply && reply.error !== undefined) throw new Error(`wasm triad: ${reply.error}`);
    return /** @type {{gbPerS: Series}} */ (reply).gbPerS;
  } finally {
    worker.terminate();
  }
}

export function stopJsWorkers() {
  jsPool?.forEach((w) => w.terminate());
  jsPool = null;
}

/**
 * Getting bytes to a worker: round trip page → worker (the payload) → page
 * (a small ack, or the buffer moved back for "transfer"), median of `reps`.
 * @param {{sizes: number[], reps: number}} options
 */
export async function postMessageThroughput({ sizes, reps }) {
  const worker = new Worker(new URL('./echo-worker.js', import.meta.url), { type: 'module' });
  /**
   * @param {{kind: string, buffer: ArrayBuffer | SharedArrayBuffer}} message
   * @param {Transferable[]} transfer
   * @returns {Promise<{buffer?: ArrayBuffer}>}
   */
  const roundTrip = (message, transfer) =>
    new Promise((resolve) => {
      worker.onmessage = ({ data }) => resolve(data);
      worker.postMessage(message, transfer);
    });
  /** @type {{kind: string, bytes: number, ms: number, times: number[], mb_per_s: number}[]} */
  const rows = [];
  for (const bytes of sizes) {
    for (const kind of ['clone', 'transfer', 'shared']) {
      let buffer = kind === 'shared' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
      new Uint8Array(buffer).fill(7);
      /** @type {number[]} */
      const times = [];
      for (let i = 0; i <= reps; i++) {
        const t0 = performance.now();
        const reply = await roundTrip({ kind, buffer }, kind === 'transfer' ? [buffer] : []);
        const t = performance.now() - t0;
        if (kind === 'transfer' && reply.buffer) buffer = reply.buffer;
        if (i > 0) times.push(t);
      }
      const ms = median(times);
      rows.push({ kind, bytes, ms, times, mb_per_s: bytes / 1e6 / (ms / 1e3) });
    }
  }
  worker.terminate();
  return rows;
}

export function terminate() {
  lab?.terminate();
  lab = null;
  stopJsWorkers();
}
