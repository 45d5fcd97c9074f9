// The modes page's CPU-bound row in `./dev.sh bench`: the same call the page
// makes (PoolClient.modes, workload 'cpu': 8 counting tasks of 30 M each, its
// default), sequential, on N threads, and on N threads under the simulated
// GIL, repeated. No target: the row is here so a run can see whether the page
// measures the same work the same way every time. The min–max spread and a
// "speedup" above N are the symptoms to look for: the loop once went through
// `black_box` on every count and the same sequential run then took 82–636 ms
// from one call to the next (see `count_slice` in src/modes/mod.rs).

/** The page's defaults (src/modes/settings.rs, `Settings::default`), on `threads` workers. */
const settings = (threads) => ({ tasks: 8, units: 30_000_000, workers: threads, switch_ms: 5 });

/**
 * Runs in the bench page; resolves to `{sequential, threads, gil}`, each a list
 * of elapsed ms (one per repetition, after one warm-up of each).
 * @param {import('playwright-core').Page} page
 * @param {{threads: number, reps: number}} options
 */
export async function benchModes(page, { threads, reps }) {
  return page.evaluate(
    async ([s, reps]) => {
      const { PoolClient } = await import('/www/lib/client.js');
      const client = await PoolClient.create({ threads: s.workers });
      try {
        /** @type {Record<string, number[]>} */
        const ms = { sequential: [], threads: [], gil: [] };
        const runs = [
          ['sequential', 'sequential', false],
          ['threads', 'threads', false],
          ['gil', 'threads', true],
        ];
        for (let r = 0; r <= reps; r++) {
          // Interleaved within a repetition, like the workloads' settings.
          for (const [name, how, gil] of runs) {
            const reply = await client.modes({ workload: 'cpu', how, gil, settings: s });
            if (reply.status !== 'done') throw new Error(`modes ${name}: ${JSON.stringify(reply)}`);
            if (r > 0) ms[name].push(reply.result.elapsed_ms);
          }
        }
        return ms;
      } finally {
        client.terminate();
      }
    },
    [settings(threads), reps],
  );
}

/** Table rows for bench.mjs's `print(title, head, rows)`. */
export function modesTable(ms, threads) {
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const seq = median(ms.sequential);
  const row = (label, xs) => {
    const speedups = xs.map((x, i) => ms.sequential[i] / x);
    return [
      label,
      median(xs).toFixed(1),
      `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`,
      (Math.max(...xs) / Math.min(...xs)).toFixed(2),
      xs === ms.sequential
        ? '—'
        : `${(seq / median(xs)).toFixed(2)}× (${Math.min(...speedups).toFixed(2)}–${Math.max(...speedups).toFixed(2)})`,
    ];
  };
  return [
    ['run', 'median ms', 'min–max', 'max / min', 'speedup (per repetition min–max)'],
    row('sequential', ms.sequential),
    row(`${threads} threads`, ms.threads),
    row(`${threads} threads + GIL`, ms.gil),
  ];
}
