// The benchmark: every workload on 1 worker and on k workers, in headless
// Chromium, through the same ThreadLab API the page uses. Prints a table.
//
//   node scripts/bench.mjs [--reps 5] [--workers k] [--scale 1] [--json]
//
// Speed is never asserted in tests (shared machines are noisy); it is measured
// here, as ratios taken within one run: each repetition times the sequential
// and the parallel run back to back, and the table reports medians, with the
// first (warm-up) repetition thrown away.
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const reps = option('--reps', 5);
const scale = option('--scale', 1);
const wantWorkers = option('--workers', 0);
if (!(Number.isInteger(reps) && reps >= 1 && reps <= 100)) throw new Error('--reps must be a whole number from 1 to 100');
if (!(scale > 0 && scale <= 10)) throw new Error('--scale must be a number in (0, 10]');

const server = await startServer({ port: 0, isolation: true, quiet: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${server.address().port}/bench`); // any page of the origin will do
  const result = await page.evaluate(async ({ reps, scale, wantWorkers }) => {
    const { ThreadLab } = await import('/lab-client.js');
    const lab = await ThreadLab.create();
    const k = wantWorkers || lab.threads;
    const rows = [];
    for (const w of lab.workloads) {
      const size = Math.max(1, Math.round(w.default_size * scale ** (1 / w.cost_exponent)));
      const seq = [], par = [];
      let agree = true;
      for (let rep = 0; rep <= reps; rep++) { // rep 0 is the warm-up
        const s = await lab.run({ workload: w.id, size, mode: 'sequential' });
        const p = await lab.run({ workload: w.id, size, mode: 'parallel', workers: k });
        if (s.status !== 'done' || p.status !== 'done') throw new Error(`${w.id}: ${JSON.stringify(s.status !== 'done' ? s : p)}`);
        agree &&= s.answer.value === p.answer.value;
        if (rep > 0) { seq.push(s.elapsed_ms); par.push(p.elapsed_ms); }
      }
      rows.push({ workload: w.id, size, seq, par, agree });
    }
    return { k, threads: lab.threads, cores: navigator.hardwareConcurrency, userAgent: navigator.userAgent, rows };
  }, { reps, scale, wantWorkers });

  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
  const spread = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
  const table = result.rows.map((r) => {
    const speedups = r.seq.map((s, i) => s / r.par[i]);
    const speedup = median(speedups);
    return {
      workload: r.workload,
      size: r.size.toLocaleString('en-US'),
      '1 worker ms (median)': median(r.seq).toFixed(1),
      [`${result.k} workers ms (median)`]: median(r.par).toFixed(1),
      'speedup (median)': speedup.toFixed(2),
      'speedup range': `${Math.min(...speedups).toFixed(2)}–${Math.max(...speedups).toFixed(2)}`,
      efficiency: `${((100 * speedup) / result.k).toFixed(0)}%`,
      '1 worker ms range': spread(r.seq),
      agree: r.agree ? 'yes' : 'NO',
    };
  });
  if (args.includes('--json')) {
    console.log(JSON.stringify({ ...result, table }, null, 2));
  } else {
    console.log(`threadlab benchmark — ${result.k} of ${result.threads} pool threads, ${result.cores} logical cores, ${reps} repetitions after 1 warm-up`);
    console.log(result.userAgent);
    console.table(table);
  }
  if (!result.rows.every((r) => r.agree)) process.exitCode = 1;
} finally {
  await browser.close();
  server.close();
}
