// The Python runner's rows of `./dev.sh bench` (issue 29 §4, "Speed"): the
// same small Python programs (bench/python/*.py) run by
//   - CPython (python3), natively,
//   - threadlab in headless Chromium, on the page's own path: PoolClient's
//     `python('start' | 'poll')` -> the coordinator -> `pyStart`/`pyPoll`
//     (src/wasm/runner.rs), each Python thread on its own Web Worker,
//   - threadlab natively (examples/pyrun.rs), for reference: Chromium ÷
//     native separates "wasm is slower" from "the interpreter is slower".
// Every program times its own work with time.perf_counter and prints it on
// a line starting with "@" (interpreter start-up is outside the region, on
// both sides); every other line is its answer, which must be the same in
// all three (the row fails otherwise). Settings are interleaved within a
// repetition (CPython, Chromium, native, in an order that turns each
// repetition), the first repetition is a warm-up and is dropped, and the
// tables show medians, the min–max spread and per-repetition ratios.
//
// Targets: each single-thread program ≤ 2× CPython's time in Chromium; two
// CPU-bound threads under the GIL take 0.9–1.15× one thread doing the same
// total work; 4 threads sleeping 1 s end in ≈ 1 s (≤ 1.1 s); GIL hand-overs
// under load near CPython's 1 / 5 ms = 200 per second (150–250); the longest
// main-thread task during the Python runs ≤ 50 ms (longtask observer).
// Free-threaded (issue 30, "Speed"; kind 'free'): the same two-thread
// programs run once more per repetition with no GIL, on each threadlab side:
// 2 threads ≥ 1.7× the throughput of 1 (speed-up = one_ms / two_ms for the
// same total work), and one free-threaded thread ≤ 1.15× the time of one
// thread under the GIL (overhead = one_ms free / one_ms GIL, same repetition)
// — for a loop over locals and for a recursive fib through a global function.
//
// Sizes: the programs' defaults take ~0.3–1 s in CPython; `scale` shrinks
// them (the bench smoke run: 0.02, answers only). Alone (`main`, through the
// benchmark's one entry point):
//   node bench/bench.mjs python-runner [--reps 5] [--scale 1] [--no-python] [--no-native] [--only counting,fib] [--out FILE]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PROGRAM_DIR = join(ROOT, 'bench/python');

const linear = (n, scale) => Math.max(1, Math.round(n * scale));
// fib(n) makes ~φ^n calls: scale the work, not n.
const exponential = (n, scale) => Math.max(5, n + Math.round(Math.log(scale) / Math.log((1 + Math.sqrt(5)) / 2)));

/**
 * The programs: file, the `NAME = value` line the size is written into, and
 * what kind of row it is ('speed': one thread against CPython; the others
 * are the GIL's rows).
 */
export const PY_PROGRAMS = [
  {
    id: 'counting',
    file: 'counting.py',
    label: 'counting loop (while i < n: i += 1)',
    param: 'N',
    size: (n, s) => linear(n, s),
    kind: 'speed',
  },
  {
    id: 'squares',
    file: 'squares.py',
    label: 'sum(i*i for i in range(n))',
    param: 'N',
    size: (n, s) => linear(n, s),
    kind: 'speed',
  },
  { id: 'fib', file: 'fib.py', label: 'recursive fib(n)', param: 'N', size: exponential, kind: 'speed' },
  {
    id: 'floats',
    file: 'floats.py',
    label: 'float loop, math.sqrt * math.sin',
    param: 'N',
    size: (n, s) => linear(n, s),
    kind: 'speed',
  },
  {
    id: 'sorting',
    file: 'sorting.py',
    label: 'build + sort a list (seeded random)',
    param: 'N',
    size: (n, s) => linear(n, s),
    kind: 'speed',
  },
  {
    id: 'text-scan',
    file: 'text_scan.py',
    label: 'scan a text by index (while i < len(s): s[i])',
    param: 'N',
    size: (n, s) => linear(n, s),
    kind: 'speed',
  },
  {
    id: 'dicts',
    file: 'dicts.py',
    label: 'counts in a dict (str and int keys)',
    param: 'N',
    size: (n, s) => linear(n, s),
    kind: 'speed',
  },
  {
    id: 'gil-two-threads',
    file: 'gil_two_threads.py',
    label: '2 CPU-bound threads vs 1 doing the same work',
    param: 'N',
    size: (n, s) => linear(n, s),
    kind: 'gil',
  },
  {
    id: 'gil-sleep',
    file: 'gil_sleep.py',
    label: '4 threads each sleeping',
    param: 'SECONDS',
    size: (x, s) => x * Math.min(1, s),
    kind: 'gil',
  },
  {
    id: 'gil-handovers',
    file: 'gil_handovers.py',
    label: 'hand-overs, 2 CPU-bound threads, 5 ms interval',
    param: 'N',
    size: (n, s) => linear(n, s),
    kind: 'gil',
  },
  {
    id: 'free-loop',
    file: 'gil_two_threads.py',
    label: 'a loop over locals (while i < n: i += 1)',
    param: 'N',
    size: (n, s) => linear(n, s),
    kind: 'free',
  },
  {
    id: 'free-fib',
    file: 'threads_fib.py',
    label: 'recursive fib through a global function',
    param: 'N',
    size: exponential,
    kind: 'free',
  },
  {
    id: 'processes',
    file: 'processes_pool.py',
    label: '4 CPU-bound jobs: one after another vs Pool(2)',
    param: 'N',
    size: (n, s) => linear(n, s),
    kind: 'processes',
  },
];

/** The GIL setting of a run side: `-ft` sides run free-threaded. */
const freeSide = (side) => side.endsWith('-ft');

/** A program's source with its size line rewritten for `scale`; and that size. */
export function programSource(program, scale) {
  const text = readFileSync(join(PROGRAM_DIR, program.file), 'utf8');
  const line = new RegExp(`^${program.param} = (.+)$`, 'm');
  const found = text.match(line);
  if (!found) throw new Error(`${program.file}: no "${program.param} = ..." line`);
  const size = program.size(Number(found[1]), scale);
  const shown = program.param === 'SECONDS' ? String(Number(size.toFixed(3))) : String(size);
  return { source: text.replace(line, `${program.param} = ${shown}`), size: Number(shown) };
}

/** `{answer, measures}` of a program's stdout: "@name value" lines are measures. */
export function splitOutput(stdout) {
  const answer = [];
  const measures = {};
  for (const line of stdout.split('\n')) {
    const m = line.match(/^@(\S+) (\S+)$/);
    if (m) measures[m[1]] = Number(m[2]);
    else if (line.trim() !== '') answer.push(line);
  }
  return { answer: answer.join('\n'), measures };
}

const median = (xs) => {
  const s = xs.filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const spread = (xs, d = 0) => {
  const s = xs.filter((x) => x != null && !Number.isNaN(x));
  return s.length ? `${Math.min(...s).toFixed(d)}–${Math.max(...s).toFixed(d)}` : '—';
};

// ---------------------------------------------------------------- running

function runProcess(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
    maxBuffer: 1 << 24,
  });
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status };
}

/** CPython: `python3 file`. */
function runCpython(path) {
  const r = runProcess('python3', [path]);
  return { ok: r.ok, ...splitOutput(r.stdout), error: r.ok ? null : r.stderr.slice(-400) };
}

/** threadlab natively: `pyrun file --report [--free-threaded]` (its report line on stderr). */
function runNative(bin, path, free = false) {
  const r = runProcess(bin, [path, '--report', ...(free ? ['--free-threaded'] : [])]);
  const rep = r.stderr.match(/\[exit: (\S+?);.*?(\d+) GIL hand-overs; ([\d.]+) ms; (\d+) threads\]/);
  return {
    ok: r.ok,
    ...splitOutput(r.stdout),
    handovers: rep ? Number(rep[2]) : null,
    wall_ms: rep ? Number(rep[3]) : null,
    error: r.ok ? null : r.stderr.slice(-400),
  };
}

/** Sets up the bench page for Python runs: a PoolClient (as python.html makes) and a longtask observer. */
async function pageSetup(page) {
  await page.evaluate(async () => {
    const { PoolClient } = await import('/www/lib/client.js');
    const w = /** @type {any} */ (window);
    w.__pyClient = await PoolClient.create({ threads: navigator.hardwareConcurrency });
    if (!w.__pyClient.threaded) throw new Error(`Python threads need shared memory: ${w.__pyClient.why}`);
    // Workers for the programs' threads before the first run, as the page does.
    await w.__pyClient.python('prestart', 6);
    w.__pyLongTasks = [];
    w.__pyObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__pyLongTasks.push(e.duration);
    });
    w.__pyObserver.observe({ type: 'longtask' });
  });
}

/** One run in Chromium, polled like www/demos/python/runner.js does (every 16 ms). */
function runChromium(page, source, gil = 'back-edges') {
  return page
    .evaluate(
      async ([source, gil]) => {
        const client = /** @type {any} */ (window).__pyClient;
        const started = await client.python('start', {
          source,
          switch_interval: 0.005,
          gil,
          cpu_count: navigator.hardwareConcurrency || 1,
          filename: 'bench.py',
        });
        if (started.status !== 'started') return { ok: false, error: `not started: ${JSON.stringify(started)}` };
        let stdout = '',
          stderr = '';
        const deadline = performance.now() + 300_000;
        for (;;) {
          const polled = await client.python('poll', started.id);
          if (polled.status === 'failed') return { ok: false, error: polled.message, stdout, stderr };
          for (const o of polled.output) {
            if (o.stream === 'stdout') stdout += o.text;
            else stderr += o.text;
          }
          if (polled.report) {
            const r = polled.report;
            return {
              ok: r.exit.kind === 'finished',
              stdout,
              stderr,
              exit: r.exit,
              handovers: r.handovers,
              wall_ms: r.wall_ms,
              threads: r.threads,
            };
          }
          if (performance.now() > deadline) {
            await client.python('cancel', started.id);
            return { ok: false, error: 'timed out', stdout, stderr };
          }
          await new Promise((done) => setTimeout(done, 16));
        }
      },
      [source, gil],
    )
    .then((r) => ({
      ...r,
      ...splitOutput(r.stdout ?? ''),
      error: r.ok ? null : (r.error ?? `${JSON.stringify(r.exit)} ${String(r.stderr).slice(-400)}`),
    }));
}

async function pageTeardown(page) {
  return page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__pyObserver?.disconnect();
    w.__pyClient?.terminate();
    return [...(w.__pyLongTasks ?? [])];
  });
}

/**
 * Runs every program `reps` + 1 times (the first dropped) on each side.
 * @param {import('playwright-core').Page} page  the bench page (cross-origin isolated)
 * @param {{reps: number, scale: number, cpython: boolean, nativeBin: string | null, only?: string[] | null, log?: (...m: any[]) => void}} options
 */
export async function benchPythonRunner(page, { reps, scale, cpython, nativeBin, only = null, log = () => {} }) {
  const programs = PY_PROGRAMS.filter((p) => !only || only.includes(p.id));
  const dir = join(os.tmpdir(), `threadlab-bench-python-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const prepared = programs.map((p) => {
    const { source, size } = programSource(p, scale);
    const path = join(dir, `${p.id}.py`);
    writeFileSync(path, source);
    return { ...p, source, size, path };
  });
  const sides = ['cpython', 'chromium', 'native'].filter((s) =>
    s === 'cpython' ? cpython : s === 'native' ? Boolean(nativeBin) : true,
  );
  // Free-threaded programs also run on each threadlab side without the GIL.
  const sidesOf = (p) => (p.kind === 'free' ? sides.flatMap((s) => (s === 'cpython' ? [s] : [s, `${s}-ft`])) : sides);
  const raw = Object.fromEntries(
    prepared.map((p) => [p.id, { id: p.id, size: p.size, runs: Object.fromEntries(sidesOf(p).map((s) => [s, []])) }]),
  );
  await pageSetup(page);
  try {
    for (let rep = 0; rep <= reps; rep++) {
      log(
        `python runner: repetition ${rep}${rep === 0 ? ' (warm-up)' : ''} of ${reps}: ${prepared.length} programs on ${sides.join(', ')}`,
      );
      for (const p of prepared) {
        // The sides' order turns with the repetition (a slow moment of the
        // shared machine does not always fall on the same side).
        const all = sidesOf(p);
        const order = all.map((_, i) => all[(i + rep) % all.length]);
        for (const side of order) {
          const run =
            side === 'cpython'
              ? runCpython(p.path)
              : side.startsWith('native')
                ? runNative(nativeBin, p.path, freeSide(side))
                : await runChromium(page, p.source, freeSide(side) ? 'free-threaded' : 'back-edges');
          if (!run.ok) log(`python runner: ${p.id} on ${side} failed: ${run.error}`);
          if (rep > 0 || !run.ok)
            raw[p.id].runs[side].push({
              rep,
              ok: run.ok,
              answer: run.answer,
              measures: run.measures,
              handovers: run.handovers ?? null,
              wall_ms: run.wall_ms ?? null,
              error: run.error ?? null,
            });
        }
      }
    }
  } finally {
    raw.long_tasks = await pageTeardown(page);
  }
  return {
    reps,
    scale,
    sides,
    programs: prepared.map(({ id, file, label, kind, param, size }) => ({ id, file, label, kind, param, size })),
    raw,
  };
}

// ---------------------------------------------------------------- summary

/**
 * Medians, ratios and the targets of one `benchPythonRunner` result.
 * @returns {{rows: any[], gil: any, targets: {name: string, value: number | null, op: '<=' | '>=' | 'in', limit: number | [number, number], shown: (x: number) => string}[], agree: boolean, long_tasks: number[]}}
 */
export function pythonRunnerSummary(result) {
  const { raw, sides } = result;
  const ms = (runs, key = 'ms') => runs.filter((r) => r.ok).map((r) => r.measures?.[key]);
  const perRep = (a, b, key = 'ms') => {
    // Ratios within one repetition (a and b moments apart).
    const out = [];
    for (const x of a) {
      const y = b.find((r) => r.rep === x.rep);
      if (x.ok && y?.ok && x.measures?.[key] && y.measures?.[key]) out.push(x.measures[key] / y.measures[key]);
    }
    return out;
  };
  const agreeOf = (id) => {
    const runs = Object.values(raw[id].runs).flat();
    if (!runs.length || runs.some((r) => !r.ok)) return false;
    return new Set(runs.map((r) => r.answer)).size === 1;
  };
  const rows = result.programs
    .filter((p) => p.kind === 'speed')
    .map((p) => {
      const r = raw[p.id].runs;
      const over = perRep(r.chromium, r.cpython ?? []);
      const overNative = perRep(r.chromium, r.native ?? []);
      const nativeOverCpython = perRep(r.native ?? [], r.cpython ?? []);
      return {
        id: p.id,
        label: p.label,
        size: p.size,
        cpython_ms: median(ms(r.cpython ?? [])),
        cpython_range: spread(ms(r.cpython ?? [])),
        chromium_ms: median(ms(r.chromium)),
        chromium_range: spread(ms(r.chromium)),
        native_ms: median(ms(r.native ?? [])),
        native_range: spread(ms(r.native ?? [])),
        chromium_over_cpython: median(over),
        chromium_over_cpython_range: spread(over, 2),
        chromium_over_native: median(overNative),
        chromium_over_native_range: spread(overNative, 2),
        native_over_cpython: median(nativeOverCpython),
        agree: agreeOf(p.id),
      };
    });
  const gil = {};
  if (raw['gil-two-threads']) {
    const r = raw['gil-two-threads'].runs;
    const ratio = (runs) => runs.filter((x) => x.ok).map((x) => x.measures.two_ms / x.measures.one_ms);
    gil.two_threads = {
      size: raw['gil-two-threads'].size,
      agree: agreeOf('gil-two-threads'),
      ...Object.fromEntries(
        sides.map((s) => [
          s,
          {
            one_ms: median(ms(r[s], 'one_ms')),
            two_ms: median(ms(r[s], 'two_ms')),
            ratio: median(ratio(r[s])),
            ratio_range: spread(ratio(r[s]), 2),
          },
        ]),
      ),
    };
  }
  if (raw['gil-sleep']) {
    const r = raw['gil-sleep'].runs;
    gil.sleep = {
      seconds: raw['gil-sleep'].size,
      agree: agreeOf('gil-sleep'),
      ...Object.fromEntries(sides.map((s) => [s, { ms: median(ms(r[s])), range: spread(ms(r[s])) }])),
    };
  }
  if (raw['gil-handovers']) {
    const r = raw['gil-handovers'].runs;
    // The runner's own count (report.handovers) over the run's wall time.
    const reported = (runs) =>
      runs.filter((x) => x.ok && x.handovers != null && x.wall_ms).map((x) => x.handovers / (x.wall_ms / 1e3));
    // What the program saw: switches between its two threads per second of its timed region.
    const seen = (runs) => runs.filter((x) => x.ok).map((x) => x.measures.switches / (x.measures.ms / 1e3));
    gil.handovers = {
      size: raw['gil-handovers'].size,
      agree: agreeOf('gil-handovers'),
      ...Object.fromEntries(
        sides.map((s) => [
          s,
          {
            reported_per_s: s === 'cpython' ? null : median(reported(r[s])),
            reported_range: s === 'cpython' ? '—' : spread(reported(r[s])),
            seen_per_s: median(seen(r[s])),
            seen_range: spread(seen(r[s])),
            ms: median(ms(r[s])),
          },
        ]),
      ),
    };
  }
  // Free-threaded: speed-up of 2 threads (one_ms / two_ms, same total work)
  // and the overhead of one thread without the GIL (one_ms free / one_ms
  // GIL, the two runs of one repetition).
  const free = result.programs
    .filter((p) => p.kind === 'free' && raw[p.id])
    .map((p) => {
      const r = raw[p.id].runs;
      const speedup = (runs) => (runs ?? []).filter((x) => x.ok).map((x) => x.measures.one_ms / x.measures.two_ms);
      const side = (s) =>
        r[s]
          ? {
              gil_speedup: median(speedup(r[s])),
              gil_speedup_range: spread(speedup(r[s]), 2),
              ft_speedup: median(speedup(r[`${s}-ft`])),
              ft_speedup_range: spread(speedup(r[`${s}-ft`]), 2),
              overhead: median(perRep(r[`${s}-ft`] ?? [], r[s], 'one_ms')),
              overhead_range: spread(perRep(r[`${s}-ft`] ?? [], r[s], 'one_ms'), 2),
              gil_one_ms: median(ms(r[s], 'one_ms')),
              ft_one_ms: median(ms(r[`${s}-ft`] ?? [], 'one_ms')),
              ft_two_ms: median(ms(r[`${s}-ft`] ?? [], 'two_ms')),
            }
          : null;
      return {
        id: p.id,
        label: p.label,
        size: p.size,
        agree: agreeOf(p.id),
        cpython: r.cpython
          ? {
              speedup: median(speedup(r.cpython)),
              speedup_range: spread(speedup(r.cpython), 2),
              one_ms: median(ms(r.cpython, 'one_ms')),
            }
          : null,
        chromium: side('chromium'),
        native: side('native'),
      };
    });
  // Processes (issue 30, "Speed"): the jobs one after another ÷ on
  // Pool(2), pool start-up included; and one process's start + join.
  const processes = result.programs
    .filter((p) => p.kind === 'processes' && raw[p.id])
    .map((p) => {
      const r = raw[p.id].runs;
      const speedup = (runs) => (runs ?? []).filter((x) => x.ok).map((x) => x.measures.one_ms / x.measures.two_ms);
      const side = (s) =>
        r[s]
          ? {
              speedup: median(speedup(r[s])),
              speedup_range: spread(speedup(r[s]), 2),
              one_ms: median(ms(r[s], 'one_ms')),
              two_ms: median(ms(r[s], 'two_ms')),
              fork_ms: median(ms(r[s], 'fork_ms')),
              spawn_ms: median(ms(r[s], 'spawn_ms')),
            }
          : null;
      return {
        id: p.id,
        label: p.label,
        size: p.size,
        agree: agreeOf(p.id),
        cpython: side('cpython'),
        chromium: side('chromium'),
        native: side('native'),
      };
    });
  const longTasks = raw.long_tasks ?? [];
  const targets = [];
  const x2 = (x) => `${x.toFixed(2)}×`;
  for (const row of rows) {
    if (row.chromium_over_cpython != null)
      targets.push({
        name: `Python runner in Chromium / CPython: ${row.label}`,
        value: row.chromium_over_cpython,
        op: '<=',
        limit: 2,
        shown: x2,
      });
  }
  if (gil.two_threads?.chromium?.ratio != null) {
    targets.push({
      name: 'GIL: 2 CPU-bound threads / 1 thread, same total work (Chromium)',
      value: gil.two_threads.chromium.ratio,
      op: 'in',
      limit: [0.9, 1.15],
      shown: x2,
    });
  }
  if (gil.sleep?.chromium?.ms != null) {
    const s = gil.sleep.seconds;
    targets.push({
      name: `GIL: 4 threads each sleeping ${s} s, wall time (Chromium)`,
      value: gil.sleep.chromium.ms / 1e3,
      op: 'in',
      limit: [s, 1.1 * s],
      shown: (x) => `${x.toFixed(3)} s`,
    });
  }
  if (gil.handovers?.chromium?.reported_per_s != null) {
    targets.push({
      name: 'GIL: hand-overs per second, 2 CPU-bound threads, 5 ms interval (Chromium, report.handovers / wall; CPython ≈ 200)',
      value: gil.handovers.chromium.reported_per_s,
      op: 'in',
      limit: [150, 250],
      shown: (x) => `${x.toFixed(0)}/s`,
    });
  }
  for (const row of free) {
    if (row.chromium?.ft_speedup != null)
      targets.push({
        name: `free-threaded: 2 threads / 1 thread throughput, ${row.label} (Chromium)`,
        value: row.chromium.ft_speedup,
        op: '>=',
        limit: 1.7,
        shown: x2,
      });
    if (row.chromium?.overhead != null)
      targets.push({
        name: `free-threaded: 1 thread's time / 1 thread under the GIL, ${row.label} (Chromium)`,
        value: row.chromium.overhead,
        op: '<=',
        limit: 1.15,
        shown: x2,
      });
  }
  for (const row of processes) {
    if (row.chromium?.speedup != null)
      targets.push({
        name: `processes: ${row.label}, speed-up (Chromium)`,
        value: row.chromium.speedup,
        op: '>=',
        limit: 1.7,
        shown: x2,
      });
  }
  targets.push({
    name: 'longest main-thread task during the Python runs',
    value: longTasks.length ? Math.max(...longTasks) : 0,
    op: '<=',
    limit: 50,
    shown: (x) => `${x.toFixed(1)} ms`,
  });
  const agree =
    rows.every((r) => r.agree) &&
    Object.values(gil).every((g) => g.agree) &&
    free.every((r) => r.agree) &&
    processes.every((r) => r.agree);
  return { rows, gil, free, processes, targets, agree, long_tasks: longTasks };
}

/** The tables, as `[title, header, body]` for bench.mjs's `print`. */
export function pythonRunnerTables(summary, { reps, scale, python }) {
  const f = (x, d = 1) => (x == null || Number.isNaN(x) ? '—' : x.toFixed(d));
  const tables = [];
  const met = (t) => (t ? (judge(t).met ? 'yes' : 'NO') : '—');
  tables.push([
    `PYTHON RUNNER: the same programs (bench/python/) in CPython${python ? ` ${python}` : ''}, threadlab in headless Chromium (1 thread, pyStart/pyPoll as python.html) and threadlab native (pyrun); ms of the program's own perf_counter region; median (min–max) of ${reps} after 1 warm-up; ratios per repetition${scale !== 1 ? `; scale ${scale}` : ''}`,
    [
      'program',
      'n',
      'CPython ms',
      'Chromium ms',
      'native ms',
      'Chromium/CPython',
      '≤ 2× met',
      'Chromium/native',
      'native/CPython',
      'agree',
    ],
    summary.rows.map((r) => [
      r.label,
      r.size.toLocaleString('en-US'),
      `${f(r.cpython_ms)} (${r.cpython_range})`,
      `${f(r.chromium_ms)} (${r.chromium_range})`,
      `${f(r.native_ms)} (${r.native_range})`,
      r.chromium_over_cpython == null ? '—' : `${f(r.chromium_over_cpython, 2)} (${r.chromium_over_cpython_range})`,
      met(summary.targets.find((t) => t.name.endsWith(`: ${r.label}`))),
      r.chromium_over_native == null ? '—' : `${f(r.chromium_over_native, 2)} (${r.chromium_over_native_range})`,
      f(r.native_over_cpython, 2),
      r.agree ? 'yes' : 'NO',
    ]),
  ]);
  const g = summary.gil;
  const side = (s, fn) => (g && s ? fn(s) : '—');
  const body = [];
  if (g.two_threads) {
    const t = g.two_threads;
    body.push([
      '2 CPU-bound threads / 1 thread, same total work (target 0.9–1.15×)',
      side(t.cpython, (s) => `${f(s.ratio, 2)} (${s.ratio_range}); ${f(s.one_ms, 0)} → ${f(s.two_ms, 0)} ms`),
      side(t.chromium, (s) => `${f(s.ratio, 2)} (${s.ratio_range}); ${f(s.one_ms, 0)} → ${f(s.two_ms, 0)} ms`),
      side(t.native, (s) => `${f(s.ratio, 2)} (${s.ratio_range}); ${f(s.one_ms, 0)} → ${f(s.two_ms, 0)} ms`),
      t.agree ? 'yes' : 'NO',
    ]);
  }
  if (g.sleep) {
    const t = g.sleep;
    body.push([
      `4 threads each sleeping ${t.seconds} s: wall ms (target ≤ 1.1 × one sleep)`,
      side(t.cpython, (s) => `${f(s.ms)} (${s.range})`),
      side(t.chromium, (s) => `${f(s.ms)} (${s.range})`),
      side(t.native, (s) => `${f(s.ms)} (${s.range})`),
      t.agree ? 'yes' : 'NO',
    ]);
  }
  if (g.handovers) {
    const t = g.handovers;
    body.push([
      "hand-overs/s, 2 CPU-bound threads, 5 ms: runner's report.handovers / wall (target 150–250)",
      '(≈ 200 by design)',
      side(t.chromium, (s) => `${f(s.reported_per_s, 0)} (${s.reported_range})`),
      side(t.native, (s) => `${f(s.reported_per_s, 0)} (${s.reported_range})`),
      t.agree ? 'yes' : 'NO',
    ]);
    body.push([
      "  switches/s the program itself saw (shared list's last writer)",
      side(t.cpython, (s) => `${f(s.seen_per_s, 0)} (${s.seen_range})`),
      side(t.chromium, (s) => `${f(s.seen_per_s, 0)} (${s.seen_range})`),
      side(t.native, (s) => `${f(s.seen_per_s, 0)} (${s.seen_range})`),
      '',
    ]);
  }
  const lt = summary.long_tasks;
  body.push([
    'longest main-thread task during the Python runs (longtask observer; target ≤ 50 ms)',
    '',
    `${f(lt.length ? Math.max(...lt) : 0)} ms (${lt.length} long tasks)`,
    '',
    '',
  ]);
  if (summary.free?.length) {
    const sp = (x) => (x ? `${f(x.ft_speedup, 2)} (${x.ft_speedup_range})` : '—');
    const ov = (x) => (x ? `${f(x.overhead, 2)} (${x.overhead_range})` : '—');
    tables.push([
      `PYTHON RUNNER FREE-THREADED: 2 CPU-bound threads vs 1 doing the same total work (speed-up = one ÷ two; target ≥ 1.7×), and one thread without the GIL vs one thread with it (overhead; target ≤ 1.15×); CPython${python ? ` ${python}` : ''} has a GIL; medians (min–max)`,
      [
        'program',
        'n',
        'CPython speed-up',
        'Chromium GIL speed-up',
        'Chromium free speed-up',
        'Chromium free overhead',
        'native GIL speed-up',
        'native free speed-up',
        'native free overhead',
        'agree',
      ],
      summary.free.map((r) => [
        r.label,
        r.size.toLocaleString('en-US'),
        r.cpython ? `${f(r.cpython.speedup, 2)} (${r.cpython.speedup_range})` : '—',
        r.chromium ? `${f(r.chromium.gil_speedup, 2)} (${r.chromium.gil_speedup_range})` : '—',
        sp(r.chromium),
        ov(r.chromium),
        r.native ? `${f(r.native.gil_speedup, 2)} (${r.native.gil_speedup_range})` : '—',
        sp(r.native),
        ov(r.native),
        r.agree ? 'yes' : 'NO',
      ]),
    ]);
  }
  if (summary.processes?.length) {
    const cell = (x) => (x ? `${f(x.speedup, 2)} (${x.speedup_range}); ${f(x.one_ms, 0)} → ${f(x.two_ms, 0)} ms` : '—');
    const start = (x) => (x ? `${f(x.fork_ms, 1)} / ${f(x.spawn_ms, 1)}` : '—');
    tables.push([
      `PYTHON RUNNER PROCESSES: the jobs one after another ÷ on multiprocessing.Pool(2), pool start-up included (target ≥ 1.7× in Chromium); and one Process's start + join, ms, fork / spawn; medians (min–max)`,
      [
        'program',
        'n',
        'CPython speed-up',
        'Chromium speed-up',
        'native speed-up',
        'CPython start',
        'Chromium start',
        'native start',
        'agree',
      ],
      summary.processes.map((r) => [
        r.label,
        r.size.toLocaleString('en-US'),
        cell(r.cpython),
        cell(r.chromium),
        cell(r.native),
        start(r.cpython),
        start(r.chromium),
        start(r.native),
        r.agree ? 'yes' : 'NO',
      ]),
    ]);
  }
  tables.push([
    'PYTHON RUNNER UNDER THE GIL (CPython = python3 here; Chromium = threadlab, one Web Worker per Python thread; medians (min–max))',
    ['measure', 'CPython', 'threadlab Chromium', 'threadlab native', 'agree'],
    body,
  ]);
  return tables;
}

/** The targets with bench.mjs's verdict fields. */
export function judge(t) {
  const value = t.value;
  let met;
  let by;
  let relative;
  if (t.op === 'in') {
    const [lo, hi] = t.limit;
    met = value >= lo && value <= hi;
    by = value < lo ? lo - value : value - hi;
    relative = by / (value < lo ? lo : hi);
  } else {
    met = t.op === '>=' ? value >= t.limit : value <= t.limit;
    by = t.op === '>=' ? t.limit - value : value - t.limit;
    relative = by / t.limit;
  }
  const limitShown = t.op === 'in' ? `in ${t.shown(t.limit[0])}–${t.shown(t.limit[1])}` : `${t.op} ${t.shown(t.limit)}`;
  return {
    target: t.name,
    value,
    op: t.op,
    limit: t.limit,
    met,
    by: met ? 0 : by,
    shown: `${t.shown(value)} (${limitShown})`,
    verdict: met ? 'met' : `MISSED by ${t.shown(by)} (${(100 * relative).toFixed(0)}%)`,
  };
}

/** Where pyrun is (built when missing); null when it cannot be had. */
export function pyrunBinary(log = () => {}) {
  const bin = join(ROOT, 'target/release/examples/pyrun');
  if (!existsSync(bin)) {
    log('building examples/pyrun.rs');
    const b = spawnSync('cargo', ['build', '--release', '--example', 'pyrun'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) return null;
  }
  return bin;
}

/** A table on stdout (the same layout as bench.mjs's). */
export function print(title, header, body) {
  const cells = [header, ...body].map((r) => r.map(String));
  const width = header.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  console.log(`\n${title}`);
  cells.forEach((r, i) => {
    console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(width[c]) : cell.padStart(width[c]))).join('  '));
    if (i === 0) console.log(width.map((w) => '-'.repeat(w)).join('  '));
  });
}

// ---------------------------------------------------------------- alone
/**
 * The Python runner's tables alone: `node bench/bench.mjs python-runner …`.
 * @param {string[]} args  the command line after `python-runner`
 */
export async function main(args) {
  const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const reps = Number(option('--reps', 5));
  const scale = Number(option('--scale', 1));
  const only = args.includes('--only') ? option('--only').split(',') : null;
  const log = (...m) => console.error('  bench:', ...m);
  const { chromium } = await import('playwright-core');
  const cpython = !args.includes('--no-python') && spawnSync('python3', ['--version']).status === 0;
  const nativeBin = args.includes('--no-native') ? null : pyrunBinary(log);
  const { BENCH_PAGE, startBenchServer } = await import('./server.mjs');
  const server = await startBenchServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  let result;
  let userAgent;
  try {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${server.address().port}${BENCH_PAGE}`);
    userAgent = await page.evaluate(() => navigator.userAgent);
    result = await benchPythonRunner(page, { reps, scale, cpython, nativeBin, only, log });
  } finally {
    await browser.close();
    server.close();
  }
  const summary = pythonRunnerSummary(result);
  const targets = summary.targets.map(judge);
  const python = cpython
    ? spawnSync('python3', ['-c', 'import platform; print(platform.python_version())'], {
        encoding: 'utf8',
      }).stdout.trim()
    : null;
  console.log(
    `${os.cpus()[0]?.model}, ${os.cpus().length} logical cores; ${userAgent.match(/(Headless)?Chrom[^ ]+/)?.[0]}; Python ${python ?? '—'}`,
  );
  for (const [title, head, body] of pythonRunnerTables(summary, { reps, scale, python })) print(title, head, body);
  print(
    'TARGETS',
    ['target', 'measured (target)', 'verdict'],
    targets.map((t) => [t.target, t.shown, t.verdict]),
  );
  if (args.includes('--out'))
    writeFileSync(
      resolve(option('--out')),
      `${JSON.stringify({ generated: new Date().toISOString(), browser: userAgent, python, summary, targets, result }, null, 2)}\n`,
    );
  if (!summary.agree) {
    console.error('Some answers disagreed: see "agree" above.');
    process.exitCode = 1;
  }
}
