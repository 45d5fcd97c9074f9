// The API embed.html exposes to its parent page over Comlink: one call for
// every kind of run the demos make (threadlab-embed.js wraps it as connect()
// and <threadlab-demo>; the types are in threadlab-embed.d.ts).

import { median } from './lib/format.js';

/** @typedef {import('./lib/client.js').PoolClient} PoolClient */
/** @typedef {import('./demos/registry.js').Demo} Demo */
/** @typedef {import('./types/RunRequest').RunRequest} RunRequest */
/** @typedef {import('./types/ModesRequest').ModesRequest} ModesRequest */
/** @typedef {import('./types/ModesSettings').ModesSettings} ModesSettings */
/** @typedef {import('./types/Stepper').Stepper} Stepper */

/**
 * Every ImageBitmap in a value, so it can be transferred, not copied.
 * @param {unknown} value
 * @returns {Transferable[]}
 */
function bitmapsIn(value) {
  /** @type {ImageBitmap[]} */
  const found = [];
  /** @param {unknown} v */
  const visit = (v) => {
    if (v instanceof ImageBitmap) found.push(v);
    else if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) for (const x of Object.values(v)) visit(x);
  };
  visit(value);
  return found;
}

// long-function: the embed API itself (docs/embedding.md): one short method per public call, listed in one object so the API reads in one place.
/**
 * @param {{client: () => Promise<PoolClient>, demo: () => Promise<Demo>, runDemo: () => Promise<unknown>, last: () => Promise<unknown> | null,
 *   transfer: <T>(value: T, transferables: Transferable[]) => T}} parts
 */
export function makeApi({ client, demo, runDemo, last, transfer }) {
  /** @template T @param {T} value @returns {T} */
  const out = (value) => transfer(value, bitmapsIn(value));
  /** @param {ModesRequest} request */
  const modesElapsed = async (request) => {
    const reply = await (await client()).modes(request);
    return reply.status === 'done' ? reply.result.elapsed_ms : null;
  };

  return {
    /** Whether this frame has threads, how many, and why not. */
    async info() {
      const c = await client();
      return {
        isolated: c.threaded,
        threaded: c.threaded,
        why: c.why,
        threads: c.threads,
        hardwareConcurrency: navigator.hardwareConcurrency,
        memory_bytes: c.info.memory?.buffer.byteLength ?? 0,
      };
    },
    async workloads() {
      return (await client()).info.workloads;
    },
    /** @param {RunRequest} request */
    async check(request) {
      return (await client()).check(request);
    },
    /** Runs one request; resolves to a RunReply (never rejects for bad input). @param {RunRequest} request */
    async run(request) {
      return out(await (await client()).run(request));
    },
    /**
     * The race: sequential, then parallel on `workers`; both replies and the comparison.
     * @param {Omit<RunRequest, 'mode'>} request
     */
    async race(request) {
      const c = await client();
      const sequential = await c.run({ ...request, mode: 'sequential' });
      if (sequential.status !== 'done' || !c.threaded) return out({ sequential, parallel: null });
      const parallel = await c.run({ ...request, mode: 'parallel', workers: request.workers ?? c.threads });
      if (parallel.status !== 'done') return out({ sequential, parallel });
      const speedup = sequential.elapsed_ms / parallel.elapsed_ms;
      return out({
        sequential,
        parallel,
        speedup,
        efficiency: speedup / parallel.workers,
        agree: sequential.answer.value === parallel.answer.value,
      });
    },
    /**
     * The speedup sweep: `reps` parallel runs on 1, 2, … `workers` workers.
     * @param {Omit<RunRequest, 'mode' | 'workers'> & {workers?: number, reps?: number}} request
     */
    async sweep({ workers, reps = 3, ...request }) {
      const c = await client();
      const most = c.threaded ? Math.min(workers ?? c.threads, c.threads) : 1;
      /** @type {{workers: number, runs: number[], median_ms: number}[]} */
      const points = [];
      for (let k = 1; k <= most; k++) {
        const runs = [];
        for (let r = 0; r < reps; r++) {
          const reply = await c.run({ ...request, mode: c.threaded ? 'parallel' : 'sequential', workers: k });
          if (reply.status !== 'done') return { status: reply.status, reply: out(reply), points };
          runs.push(reply.elapsed_ms);
        }
        points.push({ workers: k, runs, median_ms: median(runs) });
      }
      return { status: 'done', points, speedup: points.map((p) => points[0].median_ms / p.median_ms) };
    },
    /** The synchronisation demos (sync.html). */
    sync: {
      /** Each demo's title, lesson and fields. */
      async demos() {
        return (await client()).info.demos;
      },
      /** @param {string} demo @param {Record<string, number | string>} [params] */
      async run(demo, params = {}) {
        return (await client()).sync({ demo, params });
      },
      /** @param {boolean} locked @param {number} rounds */
      async stepperNew(locked, rounds) {
        return (await client()).stepperNew(locked, rounds);
      },
      /** @param {Stepper} state @param {number} thread */
      async stepperStep(state, thread) {
        return (await client()).stepperStep(state, thread);
      },
    },
    /** Threads vs processes vs the GIL (modes.html). */
    modes: {
      /** @param {ModesRequest} request */
      async run(request) {
        return (await client()).modes(request);
      },
      /** @param {ModesSettings} settings */
      async check(settings) {
        return (await client()).modesCheck(settings);
      },
      /**
       * CPU-bound and I/O-bound task lists, one after another, on threads
       * and on threads under the GIL: elapsed milliseconds of each.
       * @param {ModesSettings} [settings]
       */
      async measure(settings = {}) {
        const c = await client();
        const check = await c.modesCheck(settings);
        if (check.status !== 'done') return check;
        /** @type {Record<string, Record<string, number | null>>} */
        const result = {};
        for (const workload of /** @type {const} */ (['cpu', 'io'])) {
          result[workload] = {
            sequential: await modesElapsed({ workload, how: 'sequential', gil: false, settings }),
            threads: c.threaded ? await modesElapsed({ workload, how: 'threads', gil: false, settings }) : null,
            gil: c.threaded ? await modesElapsed({ workload, how: 'threads', gil: true, settings }) : null,
          };
        }
        return { status: 'done', threaded: c.threaded, cpu: result.cpu, io: result.io };
      },
    },
    /** The visible demo: runs it with its current settings; resolves to its reply. */
    async runDemo() {
      return out(await runDemo());
    },
    /** The reply of the visible demo's autorun (null without one). */
    async lastReply() {
      return out(await last());
    },
    /** The visible demo's current settings (its URL parameters). */
    async settings() {
      return (await demo()).settings();
    },
    async cancel() {
      (await client()).cancel();
    },
  };
}
