// The game solver's row of `./dev.sh bench`: states per second of the
// exhaustive interleaving search (src/interleave/search.rs) on 1 worker and
// on the pool of N, in the browser, through the same call the page makes
// (PoolClient.game('search', {compare: true}): one thread first, then the
// pool, same program, same state budget). The program set is fixed: the
// fixed versions of four levels and one bigger locked counter, which the
// solver must explore completely (a proof of safety visits every state, so
// the work is the same each time).

/** Levels whose fixed version is searched (ids of src/interleave/levels). */
export const SOLVER_PROGRAMS = ['counter', 'philosophers', 'if-not-while', 'final'];

/** Three threads taking one lock three times each: ~10^5 states, enough work for the pool. */
const LOCKED_3X3 = `import threading
lock = threading.Lock()
n = 0
def work():
    global n
    for i in range(3):
        with lock:
            n += 1
t1 = threading.Thread(target=work)
t2 = threading.Thread(target=work)
t3 = threading.Thread(target=work)
t1.start(); t2.start(); t3.start()
t1.join(); t2.join(); t3.join()
assert n == 9
`;

/**
 * Runs in the bench page; resolves to one row per program.
 * @param {import('playwright-core').Page} page
 * @param {{threads: number, reps: number}} options
 */
export async function benchSolver(page, { threads, reps }) {
  return page.evaluate(
    async ([ids, extra, threads, reps]) => {
      const { PoolClient } = await import('/www/lib/client.js');
      const client = await PoolClient.create({ threads });
      try {
        const levels = await client.game('levels');
        const rows = [];
        const programs = [
          ...ids.map((id) => [id, levels.find((l) => l.id === id).fixed]),
          ['locked 3×3 (inline)', extra],
        ];
        for (const [id, source] of programs) {
          const runs = [];
          for (let r = 0; r <= reps; r++) {
            const reply = await client.game('search', {
              source,
              schedule: '',
              max_states: 5e6,
              compare: true,
              strategy: 'Shortest',
            });
            if (reply.status !== 'done') throw new Error(`${id}: ${reply.status} ${JSON.stringify(reply)}`);
            if (r > 0) runs.push(reply); // the first is a warm-up
          }
          const median = (xs) => {
            const s = [...xs].sort((a, b) => a - b);
            const m = s.length >> 1;
            return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
          };
          rows.push({
            id,
            verdict: runs[0].report.verdict.kind,
            states: runs[0].report.states,
            workers: runs[0].report.threads,
            one_ms: median(runs.map((x) => x.sequential.elapsed_ms)),
            n_ms: median(runs.map((x) => x.report.elapsed_ms)),
            one_states_per_s: median(runs.map((x) => x.sequential.states_per_sec)),
            n_states_per_s: median(runs.map((x) => x.report.states_per_sec)),
            speedups: runs.map((x) => x.sequential.elapsed_ms / x.report.elapsed_ms),
          });
        }
        return rows;
      } finally {
        client.terminate();
      }
    },
    [SOLVER_PROGRAMS, LOCKED_3X3, threads, reps],
  );
}

/** Table rows for bench.mjs's `table(title, rows)`. */
export function solverTable(rows) {
  const k = (x) => `${(x / 1e3).toFixed(0)}k`;
  return [
    [
      'program (fixed level)',
      'verdict',
      'states',
      '1 worker ms',
      'N ms',
      'states/s @1',
      'states/s @N',
      'speedup (min–max)',
    ],
    ...rows.map((r) => [
      r.id,
      r.verdict,
      String(r.states),
      r.one_ms.toFixed(0),
      `${r.n_ms.toFixed(0)} @${r.workers}`,
      k(r.one_states_per_s),
      k(r.n_states_per_s),
      `${(r.one_ms / r.n_ms).toFixed(2)}× (${Math.min(...r.speedups).toFixed(2)}–${Math.max(...r.speedups).toFixed(2)})`,
    ]),
  ];
}

/**
 * Deep bugs for the bounded search: `threads` workers each adding 1 to a
 * shared counter `loops` times with no lock. The lost update shows only when
 * every thread has finished (thousands of steps deep: breadth first gives
 * up), and needs one preemption.
 * @param {number} threads @param {number} loops
 */
export function deepCounter(threads, loops) {
  const names = Array.from({ length: threads }, (_, k) => `t${k + 1}`);
  return [
    'import threading',
    'total = 0',
    'def work():',
    '    global total',
    `    for i in range(${loops}):`,
    '        total += 1',
    ...names.map((x) => `${x} = threading.Thread(target=work)`),
    ...names.map((x) => `${x}.start()`),
    ...names.map((x) => `${x}.join()`),
    '',
  ].join('\n');
}

/** The bounded rows' programs: [label, threads, loops]. */
export const DEEP_PROGRAMS = /** @type {const} */ ([
  ['2 threads × 100', 2, 100],
  ['4 threads × 40', 4, 40],
  ['4 threads × 100', 4, 100],
]);

/**
 * The fewest-preemptions rows: each deep program searched with the bounded
 * search alone and with Auto (breadth first up to its cap, then bounded), on
 * a pool of 1 worker and on one of N. Resolves to one row per program and
 * strategy.
 * @param {import('playwright-core').Page} page
 * @param {{threads: number, reps: number}} options
 */
export async function benchBounded(page, { threads, reps }) {
  const programs = DEEP_PROGRAMS.map(([label, t, loops]) => [label, deepCounter(t, loops)]);
  return page.evaluate(
    async ([programs, threads, reps]) => {
      const { PoolClient } = await import('/www/lib/client.js');
      const median = (xs) => {
        const s = [...xs].sort((a, b) => a - b);
        const m = s.length >> 1;
        return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
      };
      /** @type {Record<string, any>} */
      const byKey = {};
      for (const n of [1, threads]) {
        const client = await PoolClient.create({ threads: n });
        try {
          for (const [id, source] of programs) {
            for (const strategy of ['FewestPreemptions', 'Auto']) {
              const runs = [];
              for (let r = 0; r <= reps; r++) {
                const reply = await client.game('search', { source, schedule: '', max_states: 1e6, strategy });
                if (reply.status !== 'done') throw new Error(`${id}: ${reply.status} ${JSON.stringify(reply)}`);
                if (r > 0) runs.push(reply.report); // the first is a warm-up
              }
              const v = runs[0].verdict;
              const row = (byKey[`${id} ${strategy}`] ??= {
                id,
                strategy,
                verdict:
                  v.kind === 'Broken'
                    ? `${v.preemptions} preemption${v.preemptions === 1 ? '' : 's'}, ${v.schedule.length} steps (${v.promise})`
                    : v.kind,
                states: runs[0].states,
                workers: threads,
                ms: {},
                runs: {},
              });
              row.ms[n] = median(runs.map((x) => x.elapsed_ms));
              row.runs[n] = runs.map((x) => x.elapsed_ms);
            }
          }
        } finally {
          client.terminate();
        }
      }
      return Object.values(byKey);
    },
    [programs, threads, reps],
  );
}

/** Table rows for the bounded search. */
export function boundedTable(rows) {
  return [
    ['program (no lock)', 'search', 'verdict', 'states', '1 worker ms', 'N ms', 'speedup'],
    ...rows.map((r) => [
      r.id,
      r.strategy,
      r.verdict,
      String(r.states),
      r.ms[1].toFixed(0),
      `${r.ms[r.workers].toFixed(0)} @${r.workers}`,
      `${(r.ms[1] / r.ms[r.workers]).toFixed(2)}×`,
    ]),
  ];
}

/**
 * What the machine gives right now: a kernel that shares nothing
 * (sqrt-sin), 1 worker against N, median ratio of 5 interleaved pairs. On a
 * shared VM the solver's speed-up cannot be read without it.
 * @param {import('playwright-core').Page} page @param {number} threads
 */
async function ceiling(page, threads) {
  return page.evaluate(async (threads) => {
    const { ThreadLab } = await import('/www/lib/threadlab.js');
    const lab = await ThreadLab.create();
    try {
      const run = async (/** @type {any} */ request) => {
        const reply = await lab.run({ workload: 'sqrt-sin', size: 20_000_000, ...request });
        if (reply.status !== 'done') throw new Error(JSON.stringify(reply));
        return reply.elapsed_ms;
      };
      const ratios = [];
      for (let i = 0; i < 6; i++) {
        const one = await run({ mode: 'sequential' });
        const n = await run({ mode: 'parallel', workers: Math.min(threads, lab.threads) });
        if (i > 0) ratios.push(one / n);
      }
      return ratios.sort((a, b) => a - b)[ratios.length >> 1];
    } finally {
      lab.terminate();
    }
  }, threads);
}

/**
 * How long one cache line takes to go from one worker to another and back
 * (ns): two workers take turns to write one word of a SharedArrayBuffer.
 * The parallel search passes lines between its threads all the time; on a
 * host that runs the two CPUs far apart this reads several times more,
 * and the search loses to one worker while sqrt-sin still scales
 * (docs/benchmark.md).
 * @param {import('playwright-core').Page} page
 */
async function roundTrip(page) {
  return page.evaluate(async () => {
    const turns = 200_000;
    const body = `onmessage = ({ data: [sab, parity, turns] }) => {
      const w = new Int32Array(sab);
      postMessage('ready');
      Atomics.wait(w, 16, 0);
      const t0 = performance.now();
      for (let i = 0; i < turns; i++) {
        while (Atomics.load(w, 0) !== 2 * i + parity);
        Atomics.store(w, 0, 2 * i + parity + 1);
      }
      postMessage(performance.now() - t0);
    };`;
    const url = URL.createObjectURL(new Blob([body], { type: 'text/javascript' }));
    const sab = new SharedArrayBuffer(128);
    const w = new Int32Array(sab);
    const workers = [new Worker(url), new Worker(url)];
    try {
      const replies = workers.map((worker, parity) => {
        /** @type {any[]} */
        const got = [];
        /** @type {((v: any) => void)[]} */
        const waiting = [];
        worker.onmessage = ({ data }) => (waiting.length ? waiting.shift()?.(data) : got.push(data));
        worker.postMessage([sab, parity, turns]);
        return () => new Promise((resolve) => (got.length ? resolve(got.shift()) : waiting.push(resolve)));
      });
      await Promise.all(replies.map((next) => next())); // both ready
      Atomics.store(w, 16, 1);
      Atomics.notify(w, 16);
      const [ms] = await Promise.all(replies.map((next) => next()));
      return (ms * 1e6) / turns;
    } finally {
      for (const worker of workers) worker.terminate();
      URL.revokeObjectURL(url);
    }
  });
}

/**
 * The solver's rows alone: `node bench/bench.mjs solver [--reps 5] [--workers N] [--www DIR]`.
 * Prints the exhaustive-search table (1 worker then N, ratios per repetition).
 * @param {string[]} args  the command line after `solver`
 */
export async function main(args) {
  const { resolve } = await import('node:path');
  const os = await import('node:os');
  const { chromium } = await import('playwright-core');
  const { BENCH_PAGE, startBenchServer } = await import('./server.mjs');
  const option = (/** @type {string} */ name, /** @type {string} */ fallback) =>
    args.includes(name) ? args[args.indexOf(name) + 1] : fallback;
  const reps = Number(option('--reps', '5'));
  const threads = Number(option('--workers', String(Math.max(2, os.availableParallelism()))));
  if (!(Number.isInteger(reps) && reps >= 1 && reps <= 100))
    throw new Error('--reps must be a whole number from 1 to 100');
  if (!(Number.isInteger(threads) && threads >= 1 && threads <= 64)) throw new Error('--workers must be 1 to 64');
  const server = await startBenchServer(args.includes('--www') ? resolve(option('--www', '')) : undefined);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${/** @type {any} */ (server.address()).port}${BENCH_PAGE}`);
    const tripBefore = await roundTrip(page);
    const before = await ceiling(page, threads);
    const rows = await benchSolver(page, { threads, reps });
    const after = await ceiling(page, threads);
    const tripAfter = await roundTrip(page);
    const [head, ...body] = solverTable(rows);
    const widths = head.map((_, i) => Math.max(...[head, ...body].map((r) => r[i].length)));
    for (const r of [head, ...body]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
    console.log(
      `load average: ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `ceiling (sqrt-sin, no shared data, 1 worker ms / ${threads} workers ms): before ${before.toFixed(2)}×, after ${after.toFixed(2)}×`,
    );
    console.log(
      `core-to-core round trip (two workers passing one cache line): before ${tripBefore.toFixed(0)} ns, after ${tripAfter.toFixed(0)} ns`,
    );
  } finally {
    await browser.close();
    server.close();
  }
}
