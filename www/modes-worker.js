// The coordinator of modes.html: a dedicated worker with its own wasm
// instance and rayon pool. It runs task lists sequentially or on k pool
// threads, with or without the simulated GIL (src/gil.rs).
//
// A run blocks this worker until the pool is done, so the page watches
// progress, completions and panics through shared memory (see modes.js),
// never through messages this busy worker could not read.
import * as Comlink from './vendor/comlink.mjs';
import init, * as lab from './pkg/threadlab.js';

const api = {
  /** Loads the module and, when cross-origin isolated, starts `threads` pool workers; both timed. */
  async start({ threads }) {
    const t0 = performance.now();
    await init();
    const loadMs = performance.now() - t0;
    const isolated = self.crossOriginIsolated === true;
    const t1 = performance.now();
    if (isolated && threads > 0) await lab.startPool(threads);
    return {
      isolated,
      threads: lab.poolThreads(),
      load_ms: loadMs,
      pool_ms: performance.now() - t1,
      memory: isolated ? lab.sharedMemory() : null,
      memory_bytes: lab.sharedMemory().buffer.byteLength,
      controlAddress: lab.modesControlAddress(),
      completedAddress: lab.modesCompletedAddress(),
      panicAddress: lab.panicAddress(),
    };
  },
  check(settings) {
    return lab.modesCheck(settings);
  },
  run(request) {
    const reply = lab.modesRun(request);
    reply.memory_bytes = lab.sharedMemory().buffer.byteLength;
    return reply;
  },
};

Comlink.expose(api);
