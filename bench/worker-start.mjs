// Where the time of a run on all workers goes, worker by worker: how long
// after the run started each worker began its first block ("late"), how long
// it spent in blocks ("busy") and how long before the end it finished its
// last one ("done early"). A diagnostic for the benchmark's "idle" column.
//
//   node bench/bench.mjs worker-start [--www DIR] [--workload ID] [--size N] [--runs 10] [--pause MS]
//
// Each run on all N workers follows a sequential run on the coordinator, as
// in `./dev.sh bench`; the first two pairs are warm-up. `--pause` waits that
// long before every run (to tell a busy browser from a slow wake-up).
// Run it under `perf sched record -k mono -a -- node bench/bench.mjs worker-start`
// to see, with `perf sched timehist -w`, which thread held the CPU a late
// worker waited for (the printed "clock offset" maps the runs' epoch
// milliseconds to perf's monotonic seconds).
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { BENCH_PAGE, startBenchServer } from './server.mjs';

/**
 * The diagnostic: `node bench/bench.mjs worker-start …`.
 * @param {string[]} args  the command line after `worker-start`
 */
export async function main(args) {
  const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const www = args.includes('--www') ? resolve(option('--www')) : undefined;
  const workload = option('--workload', 'array-sum-of-squares');
  const size = Number(option('--size', 16_000_000));
  const runs = Number(option('--runs', 10));
  const pause = Number(option('--pause', 0));
  if (!(Number.isInteger(runs) && runs >= 1 && runs <= 1000))
    throw new Error('--runs must be a whole number from 1 to 1000');
  if (!(pause >= 0 && pause <= 10_000)) throw new Error('--pause must be 0 to 10000 ms');

  const server = await startBenchServer(www);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${server.address().port}${BENCH_PAGE}`);
    const rows = await page.evaluate(
      async ({ workload, size, runs, pause }) => {
        const { ThreadLab } = await import('/www/lib/threadlab.js');
        const lab = await ThreadLab.create();
        const out = [];
        const run = async (request) => {
          if (pause) await new Promise((ok) => setTimeout(ok, pause));
          const reply = await lab.run(request);
          if (reply.status !== 'done') throw new Error(JSON.stringify(reply));
          return reply;
        };
        for (let i = 0; i < runs + 2; i++) {
          await run({ workload, size, mode: 'sequential' });
          const r = await run({ workload, size, mode: 'parallel', workers: lab.threads });
          if (i < 2) continue;
          const end = r.started_ms + r.elapsed_ms;
          const workers = [...new Set(r.spans.map((s) => s.worker))].sort().map((w) => {
            const spans = r.spans.filter((s) => s.worker === w);
            return {
              late: Math.min(...spans.map((s) => s.start_ms)) - r.started_ms,
              busy: spans.reduce((sum, s) => sum + s.end_ms - s.start_ms, 0),
              early: end - Math.max(...spans.map((s) => s.end_ms)),
              tasks: spans.length,
            };
          });
          out.push({ started: r.started_ms, elapsed: r.elapsed_ms, workers });
        }
        lab.terminate();
        return out;
      },
      { workload, size, runs, pause },
    );
    console.log(`${workload} n=${size}, ${rows[0]?.workers.length ?? 0} workers, ms (late / busy / done early, tasks)`);
    for (const r of rows) {
      const who = r.workers.map(
        (w, i) => `w${i} ${w.late.toFixed(2)} / ${w.busy.toFixed(2)} / ${w.early.toFixed(2)}, ${w.tasks}`,
      );
      console.log(`${(r.started / 1e3).toFixed(6)}  ${r.elapsed.toFixed(2).padStart(6)}  ${who.join('  |  ')}`);
    }
    const offset = performance.timeOrigin + performance.now() - Number(process.hrtime.bigint()) / 1e6;
    console.log(`clock offset (epoch ms − monotonic ms): ${offset.toFixed(3)}`);
  } finally {
    await browser.close();
    server.close();
  }
}
