// What the Measure shows, computed from its results alone: the rows of the
// comparison table, the speedup chart's data and the closing note. Pure
// functions of the results (no DOM), so every number has one source.
import { median, megabytes, ms, rate, times } from '../../lib/format.js';

/** @typedef {import('../../types/Settings').Settings} Settings */
/** @typedef {{ms: number, mb_s: number}} Rate */
/**
 * Everything one Measure found; filled in as it goes (tests read it as JSON
 * from the demo's `data-results`).
 * @typedef {object} Results
 * @property {Settings} [settings]
 * @property {{threads_ms: number, pool_threads: number, processes_ms: number[]}} [startup]
 * @property {{processes: number[], instance?: number}} [memory]
 * @property {CpuResults} [cpu]
 * @property {{sequential: number, threads?: number, gil?: number, processes?: number, async?: number}} [io]
 * @property {{sequential: number, async?: number, processes?: number, errors?: number}} [http]
 * @property {{bytes: number, clone: Rate, transfer: Rate, detached: boolean, shared?: Rate}} [transfer]
 * @property {{processes?: {lost: number, done: number, of: number, restart_ms?: number, processes: number},
 *   threads?: {detected_ms: number, restart_ms: number, threads: number, after: string},
 *   async?: {rejected: number, fulfilled: number}}} [crash]
 * @property {boolean} [complete]
 */
/**
 * The CPU-bound row: each mode run ROUNDS times, interleaved (sequential,
 * threads, GIL, processes, sequential, …); the plain numbers are medians.
 * @typedef {object} CpuResults
 * @property {number} sequential
 * @property {number} [threads]
 * @property {number} [gil]
 * @property {number} [gil_switches]
 * @property {number} [processes]
 * @property {Partial<Record<Mode, number[]>>} [samples] every round's time, in the order measured
 * @property {number[]} [task_spread] per sequential round: its slowest task's time ÷ its fastest's
 *   (the tasks are identical, so well above 1 means other programs took the CPU meanwhile)
 */
/** @typedef {{big: string, why: string, noisy?: boolean} | {off: string} | null} Cell */
/** @typedef {'sequential' | 'threads' | 'gil' | 'processes' | 'async'} Mode */
/** @typedef {{threaded: boolean, isolated: boolean, threads: number}} Pool */

export const MODES = /** @type {const} */ (['sequential', 'threads', 'gil', 'processes', 'async']);
export const MODE_NAMES = {
  sequential: 'Sequential',
  threads: 'Threads',
  gil: 'Threads + GIL',
  processes: 'Processes',
  async: 'Event loop',
};
/** The chart's group names on a phone, where five long ones do not fit under it. */
export const SHORT_MODE_NAMES = {
  sequential: 'Seq.',
  threads: 'Threads',
  gil: 'GIL',
  processes: 'Procs',
  async: 'Loop',
};
const KINDS = /** @type {const} */ (['cpu', 'io', 'http']);
const KIND_NAMES = { cpu: 'CPU-bound', io: 'I/O-bound (waits)', http: 'HTTP' };

/** @param {string} big @param {string} why @returns {Cell} */
const cell = (big, why) => ({ big, why });
/** @param {string} why @returns {Cell} */
const off = (why) => ({ off: why });

/**
 * Speedup of `mode` over sequential in `kind`, or null when not measured.
 * @param {Results} r
 * @param {'cpu' | 'io' | 'http'} kind
 * @param {Mode} mode
 */
export function speedup(r, kind, mode) {
  /** @type {({sequential: number} & Record<string, number | undefined>) | undefined} */
  const row = /** @type {any} */ (r[kind]);
  const t = row?.[mode];
  if (kind === 'cpu' && cpuSpeedup(r.cpu, mode)?.noisy) return null;
  return row && t ? row.sequential / t : null;
}

/** How many times the Measure runs each CPU-bound mode. */
export const ROUNDS = 5;
/**
 * A speedup range wider than this (highest ÷ lowest) cannot tell "no faster"
 * from "faster": the page then says the run was too noisy instead.
 */
export const NOISY = 1.3;

/**
 * The middle of a sample: without its fastest and slowest value when there
 * are at least 4 (one hiccup of a busy machine is left out), else all of it.
 * @param {number[]} xs
 * @returns {{lo: number, hi: number}}
 */
export function spread(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >= 4 ? s.slice(1, -1) : s;
  return { lo: mid[0], hi: mid[mid.length - 1] };
}

/**
 * Speedup of a CPU-bound mode over sequential: the ratio of the medians and
 * the range the rounds allow (slowest sequential ÷ fastest mode and the
 * reverse, both within the middle of each sample); `noisy` when that range is
 * too wide to draw a lesson from. Null until both have samples.
 * @param {CpuResults | undefined} cpu
 * @param {Mode} mode
 * @returns {{ratio: number, lo: number, hi: number, noisy: boolean, rounds: number} | null}
 */
export function cpuSpeedup(cpu, mode) {
  const x = rawSpeedup(cpu, mode);
  return x && { ...x, noisy: mode !== 'sequential' && (x.noisy || noSpareCore(cpu) || busy(cpu)) };
}

/**
 * Other programs took the CPU while the sequential runs ran: their identical
 * tasks took very different times (median over the rounds of slowest ÷
 * fastest above BUSY_TASKS). Measured on a loaded 2-core machine: 7 ms a task
 * when the thread had its core, 11–15 ms when Linux handed the core to
 * something else for a 4 ms tick or two. A thread that computes without
 * pause (sequential) then gets only its share, while threads that take turns
 * and sleep in between (under the GIL) are run at once each time they wake:
 * the GIL looked faster — 56–69 ms against 72–160 ms — though it ran the
 * same work one thread at a time. No lesson can be drawn from such a run.
 * @param {CpuResults | undefined} cpu
 */
export function busy(cpu) {
  const xs = cpu?.task_spread ?? [];
  return xs.length > 0 && median(xs) > BUSY_TASKS;
}
/** See busy(). */
const BUSY_TASKS = 1.3;

/** @param {CpuResults | undefined} cpu @param {Mode} mode */
function rawSpeedup(cpu, mode) {
  const seq = cpu?.samples?.sequential,
    other = cpu?.samples?.[mode];
  if (!seq?.length || !other?.length) return null;
  const a = spread(seq),
    b = spread(other);
  const lo = a.lo / b.hi,
    hi = a.hi / b.lo;
  return {
    ratio: median(seq) / median(other),
    lo,
    hi,
    noisy: hi / lo > NOISY,
    rounds: Math.min(seq.length, other.length),
  };
}

/**
 * Neither free threads nor processes ran faster than one thread, not even at
 * the top of their spread: the machine had no second core to give (other
 * programs were using them), so no mode could show what parallelism does.
 * @param {CpuResults | undefined} cpu
 */
export function noSpareCore(cpu) {
  const parallel = /** @type {Mode[]} */ (['threads', 'processes'])
    .map((m) => rawSpeedup(cpu, m))
    .filter((x) => x !== null);
  return (cpu?.samples?.sequential?.length ?? 0) >= 2 && parallel.length > 0 && parallel.every((x) => x.ratio < BUSY);
}
/** Below this, a parallel mode with two or more workers did not get a second core. */
const BUSY = 1.25;

/**
 * Modes whose CPU-bound speedup is too noisy to show.
 * @param {Results} r
 * @returns {Mode[]}
 */
export function noisyModes(r) {
  return MODES.filter((m) => m !== 'sequential' && cpuSpeedup(r.cpu, m)?.noisy);
}

/**
 * The note under the table when the CPU-bound rounds varied too much; ''
 * when they agree.
 * @param {Results} r
 */
export function noiseNote(r) {
  const noisy = noisyModes(r);
  if (!noisy.length) return '';
  const ranges = noisy.map((m) => {
    const x = /** @type {NonNullable<ReturnType<typeof cpuSpeedup>>} */ (cpuSpeedup(r.cpu, m));
    return `${MODE_NAMES[m]} ${times(x.lo)} to ${times(x.hi)}`;
  });
  const rounds = r.cpu?.samples?.sequential?.length ?? 0;
  const spreadOfTasks = median(r.cpu?.task_spread ?? []);
  const why = busy(r.cpu)
    ? `other programs were using the CPU — the sequential runs' identical tasks took up to ${times(spreadOfTasks)} as long as each other (median of ${rounds} rounds). Then one thread that never pauses gets only its share of a core, while threads that take turns and sleep in between (the GIL's) are run at once each time they wake, so the GIL can even look faster than sequential`
    : noSpareCore(r.cpu)
      ? `neither free threads nor processes ran faster than one thread over ${rounds} alternating rounds (${ranges.join(', ')}), so this machine had no second core to spare — other programs were using them`
      : `over ${rounds} alternating rounds the speedups ranged ${ranges.join(', ')} — something else was using the CPU (another tab, a compile, a test)`;
  return `Too noisy to draw the CPU-bound lesson from: ${why}. Those cells show the times only; measure again on a quieter machine.`;
}

// long-function: one table literal, a row of the comparison per entry; split, the table would no longer read as one.
/**
 * The table's rows: a label and a cell per mode.
 * @param {Results} r
 * @param {Pool} pool
 * @returns {[string, Record<Mode, Cell>][]}
 */
export function rows(r, pool) {
  const s = r.settings;
  const k = s?.workers;
  const threadsOff = pool.threaded
    ? null
    : off(
        pool.isolated
          ? 'off: the thread pool could not start here'
          : 'off: not cross-origin isolated, no shared memory',
      );
  /** @param {'cpu' | 'io' | 'http'} kind @param {Mode} mode @returns {Cell} */
  const timeCell = (kind, mode) => {
    /** @type {({sequential: number} & Record<string, number | undefined>) | undefined} */
    const row = /** @type {any} */ (r[kind]);
    const t = row?.[mode];
    if (!row || t === undefined) return null;
    if (kind === 'cpu') return cpuCell(mode, '');
    return cell(ms(t), mode === 'sequential' ? 'baseline: 1×' : `${times(row.sequential / t)} faster than sequential`);
  };
  /**
   * A CPU-bound cell: the median over the rounds, its range, and the speedup
   * with its range — or, too noisy, no speedup at all.
   * @param {Mode} mode @param {string} more @returns {Cell}
   */
  const cpuCell = (mode, more) => {
    const cpu = /** @type {CpuResults} */ (r.cpu);
    const xs = cpu.samples?.[mode] ?? [];
    const t = /** @type {number} */ (cpu[/** @type {'sequential'} */ (mode)]);
    const { lo, hi } = xs.length ? spread(xs) : { lo: t, hi: t };
    const range = xs.length > 1 ? ` (${ms(lo)}–${ms(hi)}, median of ${xs.length})` : '';
    if (mode === 'sequential') return cell(ms(t), `baseline: 1×${range}`);
    const x = cpuSpeedup(cpu, mode);
    if (x?.noisy)
      return {
        big: ms(t),
        why: `too noisy for a speedup: ${times(x.lo)} to ${times(x.hi)}${range}${more}`,
        noisy: true,
      };
    const ratio = x ? x.ratio : cpu.sequential / t;
    const within = x && x.rounds > 1 ? ` (${times(x.lo)}–${times(x.hi)})` : '';
    return cell(ms(t), `${times(ratio)}${within}${mode === 'gil' ? '' : ' faster than sequential'}${range}${more}`);
  };
  const mem = r.memory;
  const up = r.startup;
  const t = r.transfer;
  const c = r.crash;
  const httpOff = r.http ? off('n/a: wasm threads have no network of their own') : null;
  const gilCpu =
    r.cpu?.gil !== undefined ? cpuCell('gil', `: the lock changed hands ${r.cpu.gil_switches} times`) : null;
  return [
    [
      'Memory',
      {
        sequential: mem?.instance ? cell(megabytes(mem.instance), 'one wasm instance') : null,
        threads:
          threadsOff ??
          (mem?.instance ? cell(megabytes(mem.instance), `one memory shared by all ${pool.threads} threads`) : null),
        gil: threadsOff ?? (mem?.instance ? cell(megabytes(mem.instance), 'the same shared memory') : null),
        processes: mem
          ? cell(
              megabytes(mem.processes.reduce((a, b) => a + b, 0)),
              `${k} × ${megabytes(median(mem.processes))}: a copy each`,
            )
          : null,
        async: mem ? cell('+0 MB', "the page's own thread") : null,
      },
    ],
    [
      'Start-up',
      {
        sequential: up ? cell('0 ms', 'already running') : null,
        threads:
          threadsOff ??
          (up
            ? cell(ms(up.threads_ms / up.pool_threads), `per thread (pool of ${up.pool_threads}: ${ms(up.threads_ms)})`)
            : null),
        gil: threadsOff ?? (up ? cell(ms(up.threads_ms / up.pool_threads), 'the same pool') : null),
        processes: up
          ? cell(ms(median(up.processes_ms)), `per process (median of ${k}; each loads its own module)`)
          : null,
        async: up ? cell('≈ 0 ms', 'a coroutine is a promise') : null,
      },
    ],
    [
      `Communication (${s?.transfer_mb ?? '–'} MB there and back)`,
      {
        sequential: t ? cell('no copy', 'same thread, same memory') : null,
        threads:
          threadsOff ??
          (t?.shared
            ? cell(
                rate(t.shared.mb_s),
                `shared memory: 0 bytes copied, only a handle moves (${(t.shared.ms * 1000).toFixed(0)} µs)`,
              )
            : null),
        gil: threadsOff ?? (t?.shared ? cell(rate(t.shared.mb_s), 'shared memory, as above') : null),
        processes: t
          ? cell(rate(t.clone.mb_s), `structured clone (${ms(t.clone.ms)}); transfer ${rate(t.transfer.mb_s)}`)
          : null,
        async: t ? cell('no copy', 'same thread, same memory') : null,
      },
    ],
    [
      `CPU-bound (${s?.tasks ?? '–'} tasks)`,
      {
        sequential: timeCell('cpu', 'sequential'),
        threads: threadsOff ?? timeCell('cpu', 'threads'),
        gil: threadsOff ?? gilCpu,
        processes: timeCell('cpu', 'processes'),
        async: r.cpu ? off('not run: one thread, it would freeze this page (1× at best)') : null,
      },
    ],
    [
      `I/O-bound waits (${s?.tasks ?? '–'} × ${s?.wait_ms ?? '–'} ms)`,
      {
        sequential: timeCell('io', 'sequential'),
        threads: threadsOff ?? timeCell('io', 'threads'),
        gil: threadsOff ?? timeCell('io', 'gil'),
        processes: timeCell('io', 'processes'),
        async: timeCell('io', 'async'),
      },
    ],
    [
      `HTTP (${s?.tasks ?? '–'} × /slow?ms=${s?.http_ms ?? '–'})`,
      {
        sequential: timeCell('http', 'sequential'),
        threads: threadsOff ?? httpOff,
        gil: threadsOff ?? httpOff,
        processes: timeCell('http', 'processes'),
        async: timeCell('http', 'async'),
      },
    ],
    [
      'Crash impact',
      {
        sequential: c ? cell('everything', 'the one thread is the program') : null,
        threads:
          threadsOff ??
          (c?.threads
            ? cell(
                `all ${c.threads.threads} threads`,
                `a panic aborts the shared instance; detected in ${ms(c.threads.detected_ms)}, fresh pool in ${ms(c.threads.restart_ms)}`,
              )
            : null),
        gil: threadsOff ?? (c?.threads ? cell(`all ${c.threads.threads} threads`, 'the same instance') : null),
        processes: c?.processes
          ? cell(
              `1 of ${c.processes.processes} processes`,
              `${c.processes.done} of ${c.processes.of} tasks finished, ${c.processes.lost} lost; restarted in ${ms(c.processes.restart_ms ?? NaN)}`,
            )
          : null,
        async: c?.async
          ? cell(
              `1 of ${c.async.rejected + c.async.fulfilled} tasks`,
              `an exception rejects only its own task (${c.async.fulfilled} fulfilled)`,
            )
          : null,
      },
    ],
  ];
}

/**
 * Where mode m's label goes on the chart's x axis: a multiple of 16, so that
 * whichever tick step uPlot picks for the width (1, 2, 4, 8 or 16) lands on
 * every label. Its three bars (CPU, I/O, HTTP) sit at GROUP·m − 2, GROUP·m
 * and GROUP·m + 2.
 */
export const GROUP = 16;

/**
 * The speedup chart as grouped bars; the dashed reference is the number of
 * workers. `bars` lists every bar, measured or not.
 * @param {Results} r
 */
export function chartData(r) {
  const x = MODES.flatMap((_, m) => [GROUP * m - 2, GROUP * m, GROUP * m + 2]);
  /** @type {{mode: Mode, kind: string, speedup: number | null}[]} */
  const bars = [];
  const series = KINDS.map((kind, j) => ({
    label: KIND_NAMES[kind],
    colour: ['--seq', '--par', '#e0883a'][j],
    values: x.map((_, i) => {
      if (i % 3 !== j) return null;
      const mode = MODES[Math.floor(i / 3)];
      const value = speedup(r, kind, mode);
      bars.push({ mode, kind, speedup: value });
      return value;
    }),
  }));
  const k = r.settings?.workers ?? 1;
  return { x, series, bars, workers: k };
}

/**
 * The closing note, quoting the numbers; '' until the Measure is complete.
 * @param {Results} r
 * @param {Pool} pool
 */
export function closingNote(r, pool) {
  const { settings: s, cpu, io, http, transfer, crash, startup, memory } = r;
  if (!r.complete || !s || !cpu || !io || !http || !transfer || !startup || !memory) return '';
  /** @param {'cpu' | 'io' | 'http'} kind @param {Mode} mode */
  const x = (kind, mode) => {
    const v = speedup(r, kind, mode);
    return v === null ? 'too noisy to say' : times(v);
  };
  const t = pool.threaded;
  const noise = noiseNote(r);
  return [
    noise ? 'The CPU-bound rounds were too noisy to draw that lesson from (see the note under the table). ' : '',
    `Measured just now in this browser: ${s.tasks} CPU-bound tasks took ${ms(cpu.sequential)} one after another`,
    t
      ? `, ${ms(cpu.threads ?? NaN)} on ${s.workers} free threads (${x('cpu', 'threads')}) but ${ms(cpu.gil ?? NaN)} under the GIL (${x('cpu', 'gil')})`
      : '',
    t && cpu.gil && cpu.gil_switches !== undefined
      ? `, where the lock changed hands ${Math.round(cpu.gil_switches / (cpu.gil / 1000))} times a second`
      : '',
    `, and ${ms(cpu.processes ?? NaN)} in ${s.workers} processes (${x('cpu', 'processes')}), each of which took ${ms(median(startup.processes_ms))} to start and ${megabytes(median(memory.processes))} of its own memory. `,
    `${s.tasks} waits of ${s.wait_ms} ms took ${ms(io.sequential)} in sequence`,
    t ? `, ${ms(io.gil ?? NaN)} on threads even under the GIL (${x('io', 'gil')})` : '',
    ` and ${ms(io.async ?? NaN)} on the event loop (${x('io', 'async')}). `,
    `${s.tasks} slow HTTP requests: ${ms(http.sequential)} in sequence, ${ms(http.async ?? NaN)} with asyncio-style gather (${x('http', 'async')}), ${ms(http.processes ?? NaN)} in processes (${x('http', 'processes')}). `,
    `Moving ${s.transfer_mb} MB: clone ${rate(transfer.clone.mb_s)}, transfer ${rate(transfer.transfer.mb_s)}${transfer.shared ? `, shared memory ${rate(transfer.shared.mb_s)}` : ''}. `,
    crash?.processes
      ? `A crashed process cost ${crash.processes.lost} task and ${ms(crash.processes.restart_ms ?? NaN)} to restart`
      : '',
    crash?.threads
      ? `; a panicked thread cost the whole instance and ${ms(crash.threads.restart_ms)} to bring a fresh pool up.`
      : '.',
    ' So: threads for waiting, processes (or no GIL) for computing, and minimise what crosses between processes.',
  ].join('');
}
