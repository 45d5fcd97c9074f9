// Threads vs processes vs the GIL (modes.html): the tutorials' comparison
// table, filled with numbers measured in this browser.
//
// Who runs what:
// - threads (with or without the simulated GIL) and the sequential baseline:
//   the page's coordinator worker (modes-worker.js), its wasm instance and
//   rayon pool. That worker is busy for a whole run, so completions, cancel
//   and panics are read from shared memory here, never sent as messages;
// - processes: k workers of process-worker.js, each with its own wasm
//   instance and memory, fed one task at a time by postMessage;
// - the event loop: this page's own (Promise.all over timers and fetches).
// The main thread only schedules, reads shared words and draws; the chart is
// CSS bars (five groups of three bars need no chart library).
import * as Comlink from './vendor/comlink.mjs';
import { el } from './dom.js';

const CANCEL = 0;
/** Waiting threads cost no CPU: like a Python program with more threads than cores, start at least 4. */
const POOL_THREADS = Math.min(8, Math.max(4, navigator.hardwareConcurrency || 1));
const MAX_TASKS = 64; // gil::MAX_TASKS: length of the completion list
const CANCEL_GRACE_MS = 2000;
const FIELDS = ['tasks', 'units', 'wait_ms', 'http_ms', 'workers', 'switch_ms', 'transfer_mb'];
const MODES = ['sequential', 'threads', 'gil', 'processes', 'async'];
const now = () => performance.now();

// ---------- the coordinator: threads, the GIL, sequential ----------

class ModesLab {
  #worker = null;
  #remote = null;
  #info = null;
  #ready = null;
  #current = null;
  lastRestartMs = null;

  constructor(onRestart) {
    this.onRestart = onRestart;
    this.#ready = this.#boot();
  }

  async #boot() {
    const started = now();
    this.#worker = new Worker(new URL('./modes-worker.js', import.meta.url), { type: 'module', name: 'threadlab-modes' });
    this.#remote = Comlink.wrap(this.#worker);
    const failed = new Promise((_, reject) => {
      this.#worker.addEventListener('error', (e) => reject(new Error(`the coordinator worker failed to load: ${e.message || 'see the console'}`)), { once: true });
    });
    this.#info = await Promise.race([this.#remote.start({ threads: POOL_THREADS }), failed]);
    this.#info.boot_ms = now() - started;
  }

  ready() { return this.#ready; }
  get info() { return this.#info; }

  async check(settings) { await this.#ready; return this.#remote.check(settings); }

  /**
   * Runs a ModesRequest; resolves to a ModesReply, never rejects. `onItem(index, ok)` is
   * called as items finish (read from shared memory while the worker is busy). A panicked
   * thread is detected from the panic block, and the instance is replaced.
   */
  async run(request, { onItem } = {}) {
    if (this.#current) return { status: 'failed', message: 'Another run is still going: wait for it or cancel it.' };
    let stop;
    const stopped = new Promise((resolve) => { stop = resolve; });
    const run = { stop, repeat: null, timer: null, poll: null, seen: 0 };
    this.#current = run;
    const started = now();
    const drain = () => {
      const words = this.#words(this.#info.completedAddress, MAX_TASKS);
      while (words && run.seen < MAX_TASKS) {
        const w = Atomics.load(words, run.seen);
        if (w === 0) break;
        run.seen++;
        onItem?.((w - 1) >> 1, ((w - 1) & 1) === 0);
      }
    };
    try {
      await this.#ready;
      if (this.#info.memory) {
        run.poll = setInterval(() => {
          drain();
          const message = this.#panicMessage();
          if (message !== null) {
            run.stop({ status: 'failed', panicked: true, detected_ms: now() - started, message: `A thread panicked (${message})` });
            this.#restart('a thread panicked');
          }
        }, 10);
      }
      const reply = await Promise.race([this.#remote.run(request), stopped]);
      if (reply.status === 'done' && !reply.panicked) {
        if (this.#info.memory) drain();
        else for (const item of reply.result.items) onItem?.(item.index, item.ok != null);
      }
      return reply;
    } catch (e) {
      // Without shared memory there is no pool: a panic traps the coordinator
      // itself, and the call rejects.
      this.#restart('the coordinator crashed');
      return { status: 'failed', panicked: true, detected_ms: now() - started, message: `The instance crashed (${e.message})` };
    } finally {
      clearInterval(run.poll);
      clearInterval(run.repeat);
      clearTimeout(run.timer);
      if (this.#current === run) this.#current = null;
    }
  }

  cancel() {
    const run = this.#current;
    if (!run || run.repeat) return;
    const raise = () => { const w = this.#words(this.#info?.controlAddress, 3); if (w) Atomics.store(w, CANCEL, 1); };
    if (!this.#info?.memory) { run.stop({ status: 'cancelled' }); this.#restart('cancelled without shared memory'); return; }
    raise(); // and again until the reply: a run that is just starting clears the flag
    run.repeat = setInterval(raise, 10);
    run.timer = setTimeout(() => { run.stop({ status: 'cancelled' }); this.#restart('did not stop in time'); }, CANCEL_GRACE_MS);
  }

  #restart(why) {
    this.#worker?.terminate(); // ends its pool workers too
    const started = now();
    this.#ready = this.#boot().then(() => { this.lastRestartMs = now() - started; });
    this.onRestart?.(why, this.#ready);
  }

  #words(address, count) {
    const memory = this.#info?.memory;
    return memory && address !== undefined ? new Int32Array(memory.buffer, address, count) : null;
  }

  #panicMessage() {
    const words = this.#words(this.#info.panicAddress, 2);
    if (!words || Atomics.load(words, 0) === 0) return null;
    const len = Atomics.load(words, 1);
    // TextDecoder refuses views of shared memory: copy first.
    const bytes = new Uint8Array(this.#info.memory.buffer, this.#info.panicAddress + 8, len).slice();
    return new TextDecoder().decode(bytes);
  }
}

// ---------- processes ----------

class ProcessPool {
  procs = [];
  #stop = null;

  static #spawn(i) {
    const started = now();
    const worker = new Worker(new URL('./process-worker.js', import.meta.url), { type: 'module', name: `threadlab-process-${i}` });
    return new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => {
        if (data.type === 'ready') resolve({ i, worker, startup_ms: now() - started, memory_bytes: data.memory_bytes, current: null });
      };
      worker.onerror = (e) => { e.preventDefault(); worker.terminate(); reject(new Error(`process ${i} failed to start: ${e.message}`)); };
    });
  }

  /** Starts k processes at once; resolves when every one has loaded its module. */
  async start(k) {
    this.procs = await Promise.all(Array.from({ length: k }, (_, i) => ProcessPool.#spawn(i)));
    return this.procs.map((p) => p.startup_ms);
  }

  get memoryBytes() { return this.procs.map((p) => p.memory_bytes); }

  /**
   * Runs jobs (messages without id) on the processes, one at a time each, the
   * next job to whichever process is free (like pool.imap with chunksize=1).
   * A process that crashes loses its job (reported as an item), is replaced,
   * and the run goes on. Resolves {elapsed_ms, items (completion order), crashes}.
   */
  map(jobs, { onItem } = {}) {
    const started = now();
    const items = [], crashes = [];
    let next = 0, restarting = 0;
    return new Promise((resolve) => {
      const finish = (reply) => { this.#stop = null; resolve(reply); };
      this.#stop = () => { this.terminate(); finish({ status: 'cancelled' }); };
      const maybeDone = () => {
        if (items.length === jobs.length && restarting === 0) finish({ status: 'done', elapsed_ms: now() - started, items, crashes });
      };
      const feed = (p) => {
        if (next >= jobs.length) { p.current = null; maybeDone(); return; }
        p.current = next++;
        p.worker.postMessage({ ...jobs[p.current], id: p.current });
      };
      const attach = (p) => {
        p.worker.onmessage = ({ data }) => {
          if (data.type !== 'result') return;
          const item = { index: data.id, worker: p.i, ok: data.ok, error: data.error, start_ms: data.start_ms, end_ms: data.end_ms };
          items.push(item);
          onItem?.(item);
          feed(p);
        };
        p.worker.onerror = (e) => {
          e.preventDefault(); // handled: this process crashed, the page did not
          const lost = p.current;
          p.worker.terminate();
          const item = { index: lost, worker: p.i, ok: null, error: `process ${p.i} crashed (${e.message || 'trap'}): its task was lost`, lost: true };
          items.push(item);
          onItem?.(item);
          restarting++;
          const t0 = now();
          ProcessPool.#spawn(p.i).then((fresh) => {
            restarting--;
            crashes.push({ process: p.i, index: lost, restart_ms: now() - t0, message: e.message });
            Object.assign(p, { worker: fresh.worker, memory_bytes: fresh.memory_bytes });
            attach(p);
            feed(p);
          }, () => { restarting--; maybeDone(); });
        };
      };
      for (const p of this.procs) { attach(p); feed(p); }
    });
  }

  /** Sends `data` to process 0 and back; resolves the round trip in ms. */
  echo(data, mode) {
    const p = this.procs[0];
    return new Promise((resolve) => {
      const t0 = now();
      p.worker.onmessage = ({ data: reply }) => { if (reply.type === 'echo') resolve({ ms: now() - t0, data: reply.data }); };
      if (mode === 'transfer') p.worker.postMessage({ type: 'echo', data, mode }, [data.buffer]);
      else p.worker.postMessage({ type: 'echo', data, mode });
    });
  }

  cancel() { this.#stop?.(); }
  terminate() { for (const p of this.procs) p.worker.terminate(); this.procs = []; }
}

// ---------- helpers ----------

const $ = (id) => document.getElementById(id);
const fmtMs = (t) => (t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${t.toFixed(t < 10 ? 1 : 0)} ms`);
const fmtX = (x) => `${x.toFixed(x < 10 ? 2 : 1)}×`;
const fmtMB = (b) => `${(b / 2 ** 20).toFixed(1)} MB`;
// Past 100 GB/s the round trip is a few microseconds: no bytes moved, and the
// timer's resolution, not the data, sets the number.
const fmtRate = (r) => (r >= 1e5 ? '> 100 GB/s' : r >= 1e3 ? `${(r / 1e3).toFixed(1)} GB/s` : `${r.toFixed(0)} MB/s`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cleanNumber = (v) => Number(String(v).replace(/[_,\s]/g, ''));


// ---------- state ----------

const state = { lab: null, procs: null, busy: false, cancelled: false, results: {}, abort: null };
window.modesResults = state.results; // for tests and the curious

function setBusy(busy) {
  state.busy = busy;
  for (const id of ['measure', 'run-cpu', 'run-io', 'fault-divide', 'fault-crash', 'fault-panic']) $(id).disabled = busy;
  $('cancel').disabled = !busy;
  document.body.dataset.busy = String(busy);
}

function finished(kind) {
  const key = `${kind}Runs`;
  document.body.dataset[key] = String(Number(document.body.dataset[key] ?? 0) + 1);
}

function readSettings() {
  const settings = {};
  for (const f of FIELDS) settings[f] = $(f).value;
  return settings;
}

async function checkFields() {
  const settings = readSettings();
  const errors = await state.lab.check(settings);
  for (const f of FIELDS) { $(`${f}-error`).textContent = ''; $(f).removeAttribute('aria-invalid'); }
  for (const e of errors) {
    const field = FIELDS.includes(e.field) ? e.field : 'tasks';
    $(`${field}-error`).textContent = e.message;
    $(field).setAttribute('aria-invalid', 'true');
  }
  if (errors.length) { $(FIELDS.find((f) => $(f).getAttribute('aria-invalid')))?.focus(); return null; }
  const s = {};
  for (const f of FIELDS) s[f] = cleanNumber(settings[f]);
  return s;
}

function status(text) { $('measure-status').textContent = text; }
function stopIfCancelled() { if (state.cancelled) throw Object.assign(new Error('cancelled'), { cancelled: true }); }

// ---------- measuring ----------

async function threadRun(workload, how, gil, settings) {
  const reply = await state.lab.run({ workload, how, gil, settings });
  if (reply.status === 'cancelled') state.cancelled = true;
  stopIfCancelled();
  if (reply.status !== 'done') throw new Error(reply.message ?? JSON.stringify(reply.errors));
  return reply;
}

async function processRun(jobs) {
  const reply = await state.procs.map(jobs);
  if (reply.status === 'cancelled') state.cancelled = true;
  stopIfCancelled();
  return reply;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// A distinct URL per request, so no cache can make two requests wait for each other.
let requestNumber = 0;
const slowUrl = (ms) => new URL(`slow?ms=${ms}&n=${++requestNumber}`, location.href).href;

async function fetchSlow(ms) {
  const response = await fetch(slowUrl(ms), { cache: 'no-store', signal: state.abort.signal });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

async function measure(s) {
  const r = state.results;
  for (const key of Object.keys(r)) delete r[key];
  r.settings = s;
  const isolated = state.lab.info.isolated;
  const k = s.workers;
  const n = s.tasks;
  render();

  status(`Starting ${k} processes…`);
  state.procs?.terminate();
  state.procs = new ProcessPool();
  const startups = await state.procs.start(k);
  stopIfCancelled();
  r.startup = { threads_ms: state.lab.info.pool_ms, pool_threads: state.lab.info.threads, processes_ms: startups };
  r.memory = { processes: state.procs.memoryBytes };
  render();

  // CPU-bound
  status('CPU-bound: sequential…');
  const seq = await threadRun('cpu', 'sequential', false, s);
  r.cpu = { sequential: seq.result.elapsed_ms };
  r.memory.instance = seq.memory_bytes;
  render();
  if (isolated) {
    status(`CPU-bound: ${k} threads, no GIL…`);
    r.cpu.threads = (await threadRun('cpu', 'threads', false, s)).result.elapsed_ms;
    render();
    status(`CPU-bound: ${k} threads under the GIL…`);
    const g = await threadRun('cpu', 'threads', true, s);
    r.cpu.gil = g.result.elapsed_ms;
    r.cpu.gil_switches = g.result.gil_switches;
    r.memory.instance = g.memory_bytes;
    render();
  }
  status(`CPU-bound: ${k} processes…`);
  const cpuJobs = seq.tasks.map((task) => ({ type: 'task', task }));
  r.cpu.processes = (await processRun(cpuJobs)).elapsed_ms;
  render();

  // I/O-bound: blocking waits
  status('I/O-bound: sequential waits…');
  const ioSeq = await threadRun('io', 'sequential', false, s);
  r.io = { sequential: ioSeq.result.elapsed_ms };
  render();
  if (isolated) {
    status(`I/O-bound: ${k} threads…`);
    r.io.threads = (await threadRun('io', 'threads', false, s)).result.elapsed_ms;
    status(`I/O-bound: ${k} threads under the GIL…`);
    r.io.gil = (await threadRun('io', 'threads', true, s)).result.elapsed_ms;
    render();
  }
  status(`I/O-bound: ${k} processes…`);
  r.io.processes = (await processRun(ioSeq.tasks.map((task) => ({ type: 'task', task })))).elapsed_ms;
  status('I/O-bound: the event loop…');
  let t0 = now();
  await Promise.all(Array.from({ length: n }, () => sleep(s.wait_ms)));
  r.io.async = now() - t0;
  stopIfCancelled();
  render();

  // HTTP to the slow endpoint
  status('HTTP: one request after another…');
  t0 = now();
  for (let i = 0; i < n; i++) { await fetchSlow(s.http_ms); stopIfCancelled(); }
  r.http = { sequential: now() - t0 };
  render();
  status('HTTP: all at once on the event loop…');
  t0 = now();
  await Promise.all(Array.from({ length: n }, () => fetchSlow(s.http_ms)));
  r.http.async = now() - t0;
  stopIfCancelled();
  status(`HTTP: ${k} processes, blocking requests…`);
  const httpRun = await processRun(Array.from({ length: n }, () => ({ type: 'http', url: slowUrl(s.http_ms) })));
  r.http.processes = httpRun.elapsed_ms;
  r.http.errors = httpRun.items.filter((i) => i.error).length;
  render();

  // Data transfer
  status('Moving data…');
  r.transfer = await measureTransfer(s.transfer_mb, isolated);
  stopIfCancelled();
  render();

  // Crash impact
  status('Crash impact: crashing a process…');
  r.crash = { processes: await crashProcess(s, { list: false }) };
  stopIfCancelled();
  render();
  if (isolated) {
    status('Crash impact: panicking a thread…');
    r.crash.threads = await panicThread(s, { list: false });
    stopIfCancelled();
  }
  const settled = await Promise.allSettled(Array.from({ length: n }, (_, i) => sleep(1).then(() => { if (i === 1) throw new Error('boom'); return i; })));
  r.crash.async = { rejected: settled.filter((x) => x.status === 'rejected').length, fulfilled: settled.filter((x) => x.status === 'fulfilled').length };
  r.complete = true;
  render();
}

async function measureTransfer(mb, isolated) {
  const bytes = mb * 2 ** 20;
  const values = new Float64Array(bytes / 8);
  for (let i = 0; i < values.length; i++) values[i] = i;
  const rate = (ms) => (2 * bytes) / 2 ** 20 / (ms / 1000); // there and back
  const out = { bytes };
  const rounds = 3;
  let times = [];
  for (let i = 0; i < rounds; i++) times.push((await state.procs.echo(values, 'clone')).ms);
  out.clone = { ms: median(times), mb_s: rate(median(times)) };
  times = [];
  let moving = values;
  for (let i = 0; i < rounds; i++) {
    const { ms, data } = await state.procs.echo(moving, 'transfer');
    out.detached = moving.length === 0; // the sender lost it while it was away
    moving = data;
    times.push(ms);
  }
  out.transfer = { ms: median(times), mb_s: rate(median(times)) };
  if (isolated) {
    const shared = new Float64Array(new SharedArrayBuffer(bytes));
    times = [];
    for (let i = 0; i < rounds; i++) times.push((await state.procs.echo(shared, 'shared')).ms);
    out.shared = { ms: median(times), mb_s: rate(median(times)) };
  }
  return out;
}

// ---------- faults ----------

function listItem(list, index, ok, text, lost = false) {
  if (!list) return;
  let li = list.querySelector(`li[data-index="${index}"]`);
  if (!li) { li = el('li', { 'data-index': index }); list.append(li); }
  li.className = lost ? 'lost' : ok ? 'ok' : 'failed';
  li.textContent = text ?? `item ${index}: ${ok ? 'done' : 'raised an exception'}`;
}

async function divideByZero(s) {
  const list = $('fault-items');
  list.replaceChildren();
  const isolated = state.lab.info.isolated;
  const gil = $('gil').checked;
  const settings = { ...s, tasks: 8, units: Math.max(1, Math.floor(s.units / 4)) };
  const reply = await state.lab.run(
    { workload: 'faults', how: isolated ? 'threads' : 'sequential', gil, settings },
    { onItem: (index, ok) => listItem(list, index, ok) },
  );
  if (reply.status === 'cancelled') { state.cancelled = true; stopIfCancelled(); }
  if (reply.status !== 'done') throw new Error(reply.message ?? 'the run failed');
  for (const item of reply.result.items) {
    const task = reply.tasks[item.index];
    const expr = `${task.a} // ${task.b}`;
    listItem(list, item.index, item.ok != null, item.ok != null
      ? `item ${item.index}: ${expr} = ${item.ok}   (worker ${item.worker}, ${fmtMs(item.end_ms - reply.result.items[0].start_ms)})`
      : `item ${item.index}: ${expr} → ${item.error}   (worker ${item.worker}; caught, the others went on)`);
  }
  const r = reply.result;
  $('fault-status').textContent = `${r.items.length} items ${isolated ? `on ${r.workers} threads` : 'one after another'}: ` +
    `${r.items.length - r.failed} returned a value, ${r.failed} raised an exception, listed in the order they completed.`;
  window.lastFault = { kind: 'divide', reply };
}

async function crashProcess(s, { list = true } = {}) {
  const ol = list ? $('fault-items') : null;
  ol?.replaceChildren();
  if (!state.procs || state.procs.procs.length !== s.workers) {
    state.procs?.terminate();
    state.procs = new ProcessPool();
    await state.procs.start(s.workers);
  }
  const units = Math.max(1, Math.floor(s.units / 4));
  const jobs = Array.from({ length: 8 }, (_, i) => ({ type: 'task', task: i === 2 ? { kind: 'panic' } : { kind: 'cpu', units } }));
  const reply = await processRun(jobs.map((j) => j));
  for (const item of reply.items) {
    listItem(ol, item.index, item.ok != null, item.lost ? `item ${item.index}: ${item.error}` : `item ${item.index}: counted to ${item.ok} in process ${item.worker}`, item.lost);
  }
  const crash = reply.crashes[0];
  const done = reply.items.filter((i) => i.ok != null).length;
  const result = { crashed: crash?.process, lost: reply.items.filter((i) => i.lost).length, done, of: jobs.length, restart_ms: crash?.restart_ms, processes: s.workers };
  if (list) {
    $('fault-status').textContent = crash
      ? `Process ${crash.process} crashed; its task (item ${crash.index}) was lost. The other processes never noticed: ${done} of ${jobs.length} items finished. Process ${crash.process} was restarted in ${fmtMs(crash.restart_ms)}; all ${s.workers} processes are up again.`
      : 'No process crashed (unexpected).';
    window.lastFault = { kind: 'crash', reply, result };
  }
  return result;
}

async function panicThread(s, { list = true } = {}) {
  const ol = list ? $('fault-items') : null;
  ol?.replaceChildren();
  const isolated = state.lab.info.isolated;
  const settings = { ...s, tasks: 8, units: Math.max(1, Math.floor(s.units / 4)) };
  const reply = await state.lab.run({ workload: 'panic', how: isolated ? 'threads' : 'sequential', gil: false, settings },
    { onItem: (index, ok) => listItem(ol, index, ok, `item ${index}: done before the panic`) });
  if (reply.status === 'cancelled') { state.cancelled = true; stopIfCancelled(); }
  if (!reply.panicked) throw new Error(`expected a panic, got ${reply.status}`);
  if (list) $('fault-status').textContent = `${reply.message}. Detected after ${fmtMs(reply.detected_ms)}; starting a fresh instance…`;
  await state.lab.ready();
  const restart_ms = state.lab.lastRestartMs;
  const check = await state.lab.run({ workload: 'cpu', how: isolated ? 'threads' : 'sequential', gil: false, settings });
  const result = { message: reply.message, detected_ms: reply.detected_ms, restart_ms, threads: state.lab.info.threads, after: check.status, after_ms: check.result?.elapsed_ms };
  if (list) {
    $('fault-status').textContent = `${reply.message}. With panic = abort ` +
      `${isolated ? `one thread's panic takes down the whole shared instance — all ${state.lab.info.threads} threads` : 'the panic traps the whole instance'}. Detected after ${fmtMs(reply.detected_ms)}; a fresh instance` +
      `${isolated ? ` and pool of ${result.threads} threads` : ''} was up in ${fmtMs(restart_ms)}, and a normal run of 8 tasks then ` +
      `${check.status === 'done' ? `finished in ${fmtMs(check.result.elapsed_ms)}` : `ended: ${check.status}`}.`;
    window.lastFault = { kind: 'panic', reply, result };
  }
  return result;
}

// ---------- the table, the chart, the note ----------

function cell(big, why, cls) { return { big, why, cls }; }
const off = (why) => ({ off: why });

function rows() {
  const r = state.results;
  const isolated = state.lab.info.isolated;
  const k = r.settings?.workers;
  const threadsOff = isolated ? null : off('off: not cross-origin isolated, no shared memory');
  const timeCell = (row, mode) => {
    const t = r[row]?.[mode];
    if (t === undefined) return null;
    const base = r[row].sequential;
    return cell(fmtMs(t), mode === 'sequential' ? 'baseline: 1×' : `${fmtX(base / t)} faster than sequential`);
  };
  const out = [];
  out.push(['Memory', {
    sequential: r.memory?.instance ? cell(fmtMB(r.memory.instance), 'one wasm instance') : null,
    threads: threadsOff ?? (r.memory?.instance ? cell(fmtMB(r.memory.instance), `one memory shared by all ${state.lab.info.threads} threads`) : null),
    gil: threadsOff ?? (r.memory?.instance ? cell(fmtMB(r.memory.instance), 'the same shared memory') : null),
    processes: r.memory?.processes ? cell(fmtMB(r.memory.processes.reduce((a, b) => a + b, 0)), `${k} × ${fmtMB(median(r.memory.processes))}: a copy each`) : null,
    async: r.memory ? cell('+0 MB', "the page's own thread") : null,
  }]);
  out.push(['Start-up', {
    sequential: r.startup ? cell('0 ms', 'already running') : null,
    threads: threadsOff ?? (r.startup ? cell(fmtMs(r.startup.threads_ms / r.startup.pool_threads), `per thread (pool of ${r.startup.pool_threads}: ${fmtMs(r.startup.threads_ms)})`) : null),
    gil: threadsOff ?? (r.startup ? cell(fmtMs(r.startup.threads_ms / r.startup.pool_threads), 'the same pool') : null),
    processes: r.startup ? cell(fmtMs(median(r.startup.processes_ms)), `per process (median of ${k}; each loads its own module)`) : null,
    async: r.startup ? cell('≈ 0 ms', 'a coroutine is a promise') : null,
  }]);
  const t = r.transfer;
  out.push([`Communication (${r.settings?.transfer_mb ?? '–'} MB there and back)`, {
    sequential: t ? cell('no copy', 'same thread, same memory') : null,
    threads: threadsOff ?? (t?.shared ? cell(fmtRate(t.shared.mb_s), `shared memory: 0 bytes copied, only a handle moves (${(t.shared.ms * 1000).toFixed(0)} µs)`) : null),
    gil: threadsOff ?? (t?.shared ? cell(fmtRate(t.shared.mb_s), 'shared memory, as above') : null),
    processes: t ? cell(fmtRate(t.clone.mb_s), `structured clone (${fmtMs(t.clone.ms)}); transfer ${fmtRate(t.transfer.mb_s)}`) : null,
    async: t ? cell('no copy', 'same thread, same memory') : null,
  }]);
  out.push([`CPU-bound (${r.settings?.tasks ?? '–'} tasks)`, {
    sequential: timeCell('cpu', 'sequential'),
    threads: threadsOff ?? timeCell('cpu', 'threads'),
    gil: threadsOff ?? (r.cpu?.gil !== undefined ? { ...timeCell('cpu', 'gil'), why: `${fmtX(r.cpu.sequential / r.cpu.gil)}: the lock changed hands ${r.cpu.gil_switches} times` } : null),
    processes: timeCell('cpu', 'processes'),
    async: r.cpu ? off('not run: one thread, it would freeze this page (1× at best)') : null,
  }]);
  out.push([`I/O-bound waits (${r.settings?.tasks ?? '–'} × ${r.settings?.wait_ms ?? '–'} ms)`, {
    sequential: timeCell('io', 'sequential'), threads: threadsOff ?? timeCell('io', 'threads'),
    gil: threadsOff ?? timeCell('io', 'gil'), processes: timeCell('io', 'processes'), async: timeCell('io', 'async'),
  }]);
  const httpOff = r.http ? off('n/a: wasm threads have no network of their own') : null;
  out.push([`HTTP (${r.settings?.tasks ?? '–'} × /slow?ms=${r.settings?.http_ms ?? '–'})`, {
    sequential: timeCell('http', 'sequential'), threads: threadsOff ?? httpOff, gil: threadsOff ?? httpOff,
    processes: timeCell('http', 'processes'), async: timeCell('http', 'async'),
  }]);
  const c = r.crash;
  out.push(['Crash impact', {
    sequential: c ? cell('everything', 'the one thread is the program') : null,
    threads: threadsOff ?? (c?.threads ? cell(`all ${c.threads.threads} threads`, `a panic aborts the shared instance; detected in ${fmtMs(c.threads.detected_ms)}, fresh pool in ${fmtMs(c.threads.restart_ms)}`) : null),
    gil: threadsOff ?? (c?.threads ? cell(`all ${c.threads.threads} threads`, 'the same instance') : null),
    processes: c?.processes ? cell(`1 of ${c.processes.processes} processes`, `${c.processes.done} of ${c.processes.of} tasks finished, ${c.processes.lost} lost; restarted in ${fmtMs(c.processes.restart_ms)}`) : null,
    async: c?.async ? cell(`1 of ${c.async.rejected + c.async.fulfilled} tasks`, `an exception rejects only its own task (${c.async.fulfilled} fulfilled)`) : null,
  }]);
  return out;
}

function render() {
  const tbody = $('compare').tBodies[0];
  tbody.replaceChildren(...rows().map(([label, cells]) => el('tr', {},
    el('th', { scope: 'row', text: label }),
    ...MODES.map((mode) => {
      const c = cells[mode];
      if (!c) return el('td', { class: 'pending', 'data-mode': mode, text: state.busy ? '…' : '–' });
      if (c.off) return el('td', { class: 'off', 'data-mode': mode, text: c.off });
      return el('td', { 'data-mode': mode, class: 'value' }, el('span', { class: 'big', text: c.big }), el('span', { class: 'why', text: c.why }));
    }))));
  renderChart();
  renderTransfer();
  renderNote();
}

function renderChart() {
  const r = state.results;
  const k = r.settings?.workers ?? 1;
  const speed = (row, mode) => (r[row]?.[mode] ? r[row].sequential / r[row][mode] : null);
  const all = MODES.flatMap((m) => ['cpu', 'io', 'http'].map((row) => speed(row, m) ?? 0));
  const top = Math.max(k, ...all, 1) * 1.1;
  const names = { sequential: 'Sequential', threads: 'Threads', gil: 'Threads + GIL', processes: 'Processes', async: 'Event loop' };
  const chart = $('chart');
  chart.replaceChildren(...MODES.map((mode) => el('div', { class: 'group', 'data-mode': mode },
    el('div', { class: 'cols' }, ...['cpu', 'io', 'http'].map((row) => {
      const x = speed(row, mode);
      const label = { cpu: 'CPU-bound', io: 'I/O-bound', http: 'HTTP' }[row];
      if (x === null) return el('div', { class: `bar ${row} none`, title: `${label}: not measured` });
      return el('div', { class: `bar ${row}`, style: `height:${(100 * x) / top}%`, title: `${label}: ${fmtX(x)}`, role: 'img', 'aria-label': `${names[mode]}, ${label}: ${fmtX(x)}` },
        el('span', { text: `${x.toFixed(1)}×` }));
    })),
    el('div', { class: 'label', text: names[mode] }))),
  el('div', { class: 'ideal', style: `bottom:calc(${(100 * k) / top}% * (220 - 8 - 30) / 220 + 30px)`, title: `${k} workers` }));
}

function renderTransfer() {
  const t = state.results.transfer;
  const dl = $('transfer');
  if (!t) { dl.replaceChildren(); return; }
  const item = (label, v, why) => el('div', {}, el('dt', { text: label }), el('dd', {}, v ? fmtRate(v.mb_s) : 'off', el('span', { class: 'why', text: why })));
  dl.replaceChildren(
    item('Structured clone', t.clone, `${fmtMs(t.clone.ms)} for ${fmtMB(t.bytes)} there and back: every byte copied twice`),
    item('Transfer', t.transfer, `${fmtMs(t.transfer.ms)}: the buffer moves, no copy${t.detached ? '; the sender’s array was empty meanwhile' : ''}`),
    item('Shared memory', t.shared, t.shared ? `${fmtMs(t.shared.ms)}: only a handle crosses, both sides see the same bytes` : 'needs cross-origin isolation'),
  );
}

function renderNote() {
  const r = state.results;
  const note = $('closing-note');
  if (!r.complete) { note.textContent = ''; return; }
  const s = r.settings;
  const x = (row, mode) => fmtX(r[row].sequential / r[row][mode]);
  const isolated = state.lab.info.isolated;
  const parts = [
    `Measured just now in this browser: ${s.tasks} CPU-bound tasks took ${fmtMs(r.cpu.sequential)} one after another`,
    isolated ? `, ${fmtMs(r.cpu.threads)} on ${s.workers} free threads (${x('cpu', 'threads')}) but ${fmtMs(r.cpu.gil)} under the GIL (${x('cpu', 'gil')})` : '',
    `, and ${fmtMs(r.cpu.processes)} in ${s.workers} processes (${x('cpu', 'processes')}), each of which took ${fmtMs(median(r.startup.processes_ms))} to start and ${fmtMB(median(r.memory.processes))} of its own memory. `,
    `${s.tasks} waits of ${s.wait_ms} ms took ${fmtMs(r.io.sequential)} in sequence`,
    isolated ? `, ${fmtMs(r.io.gil)} on threads even under the GIL (${x('io', 'gil')})` : '',
    ` and ${fmtMs(r.io.async)} on the event loop (${x('io', 'async')}). `,
    `${s.tasks} slow HTTP requests: ${fmtMs(r.http.sequential)} in sequence, ${fmtMs(r.http.async)} with asyncio-style gather (${x('http', 'async')}), ${fmtMs(r.http.processes)} in processes (${x('http', 'processes')}). `,
    `Moving ${s.transfer_mb} MB: clone ${fmtRate(r.transfer.clone.mb_s)}, transfer ${fmtRate(r.transfer.transfer.mb_s)}${r.transfer.shared ? `, shared memory ${fmtRate(r.transfer.shared.mb_s)}` : ''}. `,
    `A crashed process cost ${r.crash.processes.lost} task and ${fmtMs(r.crash.processes.restart_ms)} to restart`,
    r.crash.threads ? `; a panicked thread cost the whole instance and ${fmtMs(r.crash.threads.restart_ms)} to bring a fresh pool up.` : '.',
    ' So: threads for waiting, processes (or no GIL) for computing, and minimise what crosses between processes.',
  ];
  note.textContent = parts.join('');
}

// ---------- the page ----------

const PYTHON = `# The comparison, in Python (written for threadlab)
import asyncio, time
from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor, as_completed
import requests

def count(n):                  # CPU-bound: holds the GIL
    c = 0
    for _ in range(n):
        c += 1
    return c

def wait(ms):                  # I/O-bound: the GIL is released while it sleeps
    time.sleep(ms / 1000)

def fetch(ms):                 # blocking HTTP, like the processes column
    return requests.get(f"http://localhost:8080/slow?ms={ms}").json()

def timed(label, f):
    t = time.perf_counter(); f(); print(label, round(time.perf_counter() - t, 3), "s")

if __name__ == "__main__":     # ProcessPoolExecutor re-imports this module
    jobs = [30_000_000] * 8
    timed("sequential", lambda: [count(n) for n in jobs])
    with ThreadPoolExecutor(4) as pool:   # no faster: one thread holds the GIL
        timed("threads", lambda: list(pool.map(count, jobs)))
    with ProcessPoolExecutor(4) as pool:  # faster, but each process starts an interpreter
        timed("processes", lambda: list(pool.map(count, jobs)))
    with ThreadPoolExecutor(4) as pool:   # waits overlap even with the GIL
        timed("threads, I/O", lambda: list(pool.map(wait, [100] * 8)))

    async def main():                     # one thread, many pending waits
        await asyncio.gather(*(asyncio.sleep(0.1) for _ in range(8)))
    timed("asyncio", lambda: asyncio.run(main()))

    # One item fails, the others complete: as_completed + try/except
    with ThreadPoolExecutor(4) as pool:
        futures = {pool.submit(lambda a, b: a // b, 1000 * (i + 1), 0 if i == 3 else i + 1): i
                   for i in range(8)}
        for f in as_completed(futures):
            try:
                print("item", futures[f], "=", f.result())
            except ZeroDivisionError as e:
                print("item", futures[f], "failed:", e)`;

async function guarded(kind, action) {
  if (state.busy) return;
  const s = await checkFields();
  if (!s) { finished(kind); return; } // refused: the errors are next to their fields
  state.cancelled = false;
  state.abort = new AbortController();
  setBusy(true);
  try {
    await action(s);
    if (kind === 'measure') status(`Done: every cell measured just now (${s.tasks} tasks, ${s.workers} workers).`);
  } catch (e) {
    const text = e.cancelled || state.cancelled ? 'Cancelled.' : `Stopped: ${e.message}`;
    if (kind === 'measure') status(text); else $(kind === 'gil' ? 'gil-result' : 'fault-status').textContent = text;
  } finally {
    setBusy(false);
    render();
    finished(kind);
  }
}

async function gilDemo(workload, s) {
  const isolated = state.lab.info.isolated;
  if (!isolated) { $('gil-result').textContent = 'Threads are off on this page (not cross-origin isolated): there is no pool to try the lock on.'; return; }
  const gil = $('gil').checked;
  $('gil-result').textContent = 'Running…';
  const seq = await threadRun(workload, 'sequential', false, s);
  const par = await threadRun(workload, 'threads', gil, s);
  const r = par.result;
  $('gil-result').textContent = `GIL ${gil ? 'on' : 'off'}: ${s.tasks} ${workload === 'cpu' ? 'CPU-bound' : 'I/O-bound'} tasks on ${r.workers} threads took ${fmtMs(r.elapsed_ms)}, ` +
    `against ${fmtMs(seq.result.elapsed_ms)} on one thread: ${fmtX(seq.result.elapsed_ms / r.elapsed_ms)}.` +
    (gil ? ` The lock changed hands ${r.gil_switches} times (every ${s.switch_ms} ms); threads waited ${fmtMs(r.gil_wait_ms)} for it in all.` : ' No lock: every thread computes at once.');
  window.lastGil = { gil, seq: seq.result, par: r };
}

function cancel() {
  if (!state.busy) return;
  state.cancelled = true;
  state.lab.cancel();
  state.procs?.cancel();
  state.abort?.abort();
  status('Cancelling…');
}

async function main() {
  $('python').textContent = PYTHON;
  state.lab = new ModesLab((why) => {
    $('pool-status').className = 'pill pill-wait';
    $('pool-status').textContent = `Restarting the instance (${why})…`;
    state.lab.ready().then(showPool);
  });
  try {
    await state.lab.ready();
  } catch (e) {
    $('pool-status').className = 'pill pill-bad';
    $('pool-status').textContent = `Could not start: ${e.message}`;
    return;
  }
  showPool();
  render();
  $('settings').addEventListener('submit', (e) => { e.preventDefault(); guarded('measure', measure); });
  $('cancel').addEventListener('click', cancel);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') cancel(); });
  $('run-cpu').addEventListener('click', () => guarded('gil', (s) => gilDemo('cpu', s)));
  $('run-io').addEventListener('click', () => guarded('gil', (s) => gilDemo('io', s)));
  $('fault-divide').addEventListener('click', () => guarded('fault', divideByZero));
  $('fault-crash').addEventListener('click', () => guarded('fault', (s) => crashProcess(s)));
  $('fault-panic').addEventListener('click', () => guarded('fault', (s) => panicThread(s)));
  setBusy(false);
  document.body.dataset.ready = 'true';
}

function showPool() {
  const info = state.lab.info;
  if (info.isolated) {
    $('pool-status').className = 'pill pill-on';
    $('pool-status').textContent = `${info.threads} worker threads · cross-origin isolated`;
  } else {
    $('pool-status').className = 'pill pill-off';
    $('pool-status').textContent = 'Threads off · processes and event loop only';
    $('isolation-banner').hidden = false;
    for (const id of ['run-cpu', 'run-io']) $(id).title = 'Needs threads: this page is not cross-origin isolated';
  }
}

main();
