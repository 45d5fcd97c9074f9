// What one press of Measure does (./table.js starts it): every row of the
// comparison table, one phase after another — the pools' start-up, a
// warm-up, the CPU-bound rounds, the I/O-bound waits, HTTP, moving data and
// the crash impact — filling in the results as it goes. Each phase is a
// function of one `Measuring` (what is measured with, where it goes).
import { median } from '../../lib/format.js';
import { poolState } from './common.js';
import { ROUNDS } from './table-view.js';
import { clock } from './processes.js';
import {
  crashProcess,
  fetchSlow,
  measureTransfer,
  panicThread,
  processRun,
  sleep,
  slowUrl,
  threadRun,
} from './runs.js';
import { gilLesson, loopTimeline, processTimeline, startupTimeline, threadTimeline } from './timelines.js';

/** @typedef {import('./table-view.js').Results} Results */
/** @typedef {import('./table-view.js').Mode} Mode */
/** @typedef {import('../../types/Settings').Settings} Settings */
/**
 * @typedef {object} Measuring
 * @property {import('../../lib/client.js').PoolClient} client
 * @property {import('./processes.js').ProcessPool} pool
 * @property {Settings} s
 * @property {Results} r  filled in as it goes
 * @property {AbortSignal} signal
 * @property {(text: string) => void} say
 * @property {() => void} check  throws when cancelled
 * @property {() => void} step  throws when cancelled, else draws what is in so far
 * @property {ReturnType<typeof import('./timelines.js').timelineCard>} timelines
 */

/** @param {Measuring} m */
export async function measureAll(m) {
  const { s, r, say } = m;
  m.timelines.clear();
  m.timelines.lesson(gilLesson(r, undefined));
  await startPools(m);
  await cpuRounds(m);
  await ioBound(m);
  await http(m);
  say('Moving data…');
  r.transfer = await measureTransfer(m.pool, s.transfer_mb, m.client.threaded, m.signal);
  m.step();
  await crashImpact(m);
  r.complete = true;
  say(`Done: every cell measured just now (${s.tasks} tasks, ${s.workers} workers).`);
  return { status: /** @type {const} */ ('done'), results: r };
}

/** The processes' start-up, and a warm-up task everywhere. @param {Measuring} m */
async function startPools({ client, pool, s, r, signal, say, step, check }) {
  const k = s.workers;
  say(`Starting ${k} processes…`);
  pool.terminate();
  const startups = await pool.start(k);
  const info = poolState(client).info;
  r.startup = { threads_ms: info?.pool_start_ms ?? NaN, pool_threads: client.threads, processes_ms: startups };
  r.memory = { processes: pool.memoryBytes, instance: info?.memory_bytes };
  step();
  // One warm-up task on the coordinator and on every process, not timed:
  // a fresh instance runs its first call of a loop in V8's baseline tier,
  // and the first mode measured would pay for it.
  say('Warming up…');
  const warm = await threadRun(
    client,
    { workload: 'cpu', how: 'sequential', gil: false, settings: { ...s, tasks: 1 } },
    signal,
  );
  await processRun(
    pool,
    Array.from({ length: k }, () => ({ type: /** @type {const} */ ('task'), task: warm.tasks[0] })),
    signal,
  );
  check();
}

/**
 * The CPU-bound modes, ROUNDS times each and interleaved (sequential,
 * threads, GIL, processes, sequential, …): whatever slows the machine for
 * a while then slows every mode alike instead of one, and the medians
 * leave a one-off hiccup out. One run each once read 754 ms sequential
 * against 464 ms under the GIL, a "1.63×" that taught the opposite of
 * the lesson. The cause, measured: with other programs on the CPU, the
 * sequential run's one thread never sleeps and gets only its share (its
 * identical tasks took 7 to 15 ms), while under the GIL a thread that was
 * asleep wakes for each 5 ms slice and Linux runs it at once (every slice
 * 5.0 ms of work) — so the table also records how much the sequential
 * run's tasks differ, and calls such a run too noisy (table-view.js).
 * @param {Measuring} m
 */
async function cpuRounds(m) {
  const { client, s, r, timelines, step } = m;
  /** @type {Mode[]} */
  const cpuModes = client.threaded ? ['sequential', 'threads', 'gil', 'processes'] : ['sequential', 'processes'];
  /** @type {Partial<Record<Mode, number[]>>} */
  const samples = Object.fromEntries(cpuModes.map((mode) => [mode, []]));
  r.cpu = { sequential: NaN, samples };
  // Each mode's timeline is that of its median round: the run whose time
  // the table shows (shown as the rounds come in, then settled).
  /** @type {Partial<Record<Mode, {ms: number, show: () => void}[]>>} */
  const runs = {};
  /** @param {Mode} mode @param {number} elapsed @param {() => void} show */
  const keep = (mode, elapsed, show) => {
    (runs[mode] ??= []).push({ ms: elapsed, show });
    show();
    const xs = /** @type {number[]} */ (samples[mode]);
    xs.push(elapsed);
    /** @type {Record<string, number>} */ (/** @type {unknown} */ (r.cpu))[mode] = median(xs);
    step();
  };
  for (let round = 1; round <= ROUNDS; round++) await cpuRound(m, `round ${round} of ${ROUNDS}`, keep);
  for (const list of Object.values(runs)) [...list].sort((a, b) => a.ms - b.ms)[list.length >> 1]?.show();
  timelines.show('processes', 'startup', startupTimeline(`${s.workers} processes`, m.pool.procs));
  step();
}

/**
 * One round of the CPU-bound modes.
 * @param {Measuring} m @param {string} of  "round 2 of 3"
 * @param {(mode: Mode, elapsed: number, show: () => void) => void} keep
 */
async function cpuRound({ client, pool, s, r, signal, say, timelines }, of, keep) {
  const k = s.workers;
  say(`CPU-bound: sequential, ${of}…`);
  const seq = await threadRun(client, { workload: 'cpu', how: 'sequential', gil: false, settings: s }, signal);
  const cpu = /** @type {NonNullable<Results['cpu']>} */ (r.cpu);
  if (r.memory) r.memory.instance = seq.memory_bytes ?? r.memory.instance;
  // Identical tasks: their spread says whether the CPU was ours (see busy()).
  const taskMs = seq.result.items.map((i) => i.end_ms - i.start_ms).filter((x) => x > 0);
  if (taskMs.length > 1) (cpu.task_spread ??= []).push(Math.max(...taskMs) / Math.min(...taskMs));
  keep('sequential', seq.result.elapsed_ms, () =>
    timelines.show('sequential', 'cpu', threadTimeline('1 thread', seq.result)),
  );
  if (client.threaded) {
    say(`CPU-bound: ${k} threads, no GIL, ${of}…`);
    const free = (await threadRun(client, { workload: 'cpu', how: 'threads', gil: false, settings: s }, signal)).result;
    keep('threads', free.elapsed_ms, () => timelines.show('threads', 'cpu', threadTimeline(`${k} threads`, free)));
    say(`CPU-bound: ${k} threads under the GIL, ${of}…`);
    const g = (await threadRun(client, { workload: 'cpu', how: 'threads', gil: true, settings: s }, signal)).result;
    keep('gil', g.elapsed_ms, () => {
      cpu.gil_switches = g.gil_switches;
      timelines.show('gil', 'cpu', threadTimeline(`${k} threads`, g));
      timelines.lesson(gilLesson(r, g));
    });
  }
  say(`CPU-bound: ${k} processes, ${of}…`);
  const t1 = clock();
  const procCpu = await processRun(
    pool,
    seq.tasks.map((task) => ({ type: 'task', task })),
    signal,
  );
  keep('processes', procCpu.elapsed_ms, () =>
    timelines.show('processes', 'cpu', processTimeline(`${k} processes`, procCpu, t1, k, 'compute')),
  );
}

/** The I/O-bound row: waits one after another, on threads, in processes, on the event loop. @param {Measuring} m */
async function ioBound({ client, pool, s, r, signal, say, step, timelines }) {
  const k = s.workers;
  say('I/O-bound: sequential waits…');
  const ioSeq = await threadRun(client, { workload: 'io', how: 'sequential', gil: false, settings: s }, signal);
  /** @type {NonNullable<Results['io']>} */
  const io = { sequential: ioSeq.result.elapsed_ms };
  r.io = io;
  timelines.show('sequential', 'io', threadTimeline('1 thread', ioSeq.result));
  step();
  if (client.threaded) {
    for (const gil of [false, true]) {
      say(`I/O-bound: ${k} threads${gil ? ' under the GIL' : ''}…`);
      const run = (await threadRun(client, { workload: 'io', how: 'threads', gil, settings: s }, signal)).result;
      io[gil ? 'gil' : 'threads'] = run.elapsed_ms;
      timelines.show(gil ? 'gil' : 'threads', 'io', threadTimeline(`${k} threads`, run));
    }
    step();
  }
  say(`I/O-bound: ${k} processes…`);
  let t0 = clock();
  const procIo = await processRun(
    pool,
    ioSeq.tasks.map((task) => ({ type: 'task', task })),
    signal,
  );
  io.processes = procIo.elapsed_ms;
  timelines.show('processes', 'io', processTimeline(`${k} processes`, procIo, t0, k, 'io'));
  say('I/O-bound: the event loop…');
  /** @type {{start: number, end: number}[]} */
  const waits = ioSeq.tasks.map(() => ({ start: 0, end: 0 }));
  t0 = clock();
  await Promise.all(
    ioSeq.tasks.map(async (task, i) => {
      waits[i].start = clock();
      await sleep(task.kind === 'io' ? task.ms : 0, signal);
      waits[i].end = clock();
    }),
  );
  io.async = clock() - t0;
  timelines.show('async', 'io', loopTimeline(`${s.tasks} coroutines`, waits, t0, io.async));
  step();
}

/** The HTTP row: one request after another, all at once, on processes. @param {Measuring} m */
async function http({ pool, s, r, signal, say, step, check }) {
  const n = s.tasks;
  say('HTTP: one request after another…');
  let t0 = clock();
  for (let i = 0; i < n; i++) {
    await fetchSlow(s.http_ms, signal);
    check();
  }
  /** @type {NonNullable<Results['http']>} */
  const h = { sequential: clock() - t0 };
  r.http = h;
  step();
  say('HTTP: all at once on the event loop…');
  t0 = clock();
  await Promise.all(Array.from({ length: n }, () => fetchSlow(s.http_ms, signal)));
  h.async = clock() - t0;
  step();
  say(`HTTP: ${s.workers} processes, blocking requests…`);
  const httpRun = await processRun(
    pool,
    Array.from({ length: n }, () => ({ type: /** @type {const} */ ('http'), url: slowUrl(s.http_ms) })),
    signal,
  );
  h.processes = httpRun.elapsed_ms;
  h.errors = httpRun.items.filter((i) => i.error).length;
  step();
}

/** The crash row: a process crashes, a thread panics, a coroutine raises. @param {Measuring} m */
async function crashImpact({ client, pool, s, r, signal, say, step }) {
  say('Crash impact: crashing a process…');
  const crash = await crashProcess(pool, { ...s, units: Math.max(1, Math.round(s.units / 4)) }, signal);
  const c = (r.crash = { processes: crash });
  step();
  if (client.threaded) {
    say('Crash impact: panicking a thread…');
    r.crash.threads = await panicThread(client, { ...s, units: Math.max(1, Math.round(s.units / 4)) }, signal);
    step();
  }
  const settled = await Promise.allSettled(
    Array.from({ length: s.tasks }, (_, i) =>
      sleep(1, signal).then(() => {
        if (i === 1) throw new Error('boom');
        return i;
      }),
    ),
  );
  /** @type {NonNullable<Results['crash']>} */ (c).async = {
    rejected: settled.filter((x) => x.status === 'rejected').length,
    fulfilled: settled.filter((x) => x.status === 'fulfilled').length,
  };
}
