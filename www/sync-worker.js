// The lab's coordinator: a dedicated worker with its OWN wasm instance and
// rayon pool, so the synchronisation demos never share threads with the
// speedup page and the page's main thread never runs (or waits on) a demo.
//
// A demo blocks this worker until its pool threads are done (they wait on
// locks, condition variables and barriers, and rayon waits with
// Atomics.wait, which only workers may call). Cancel therefore goes through
// shared memory, not through a message this busy worker could not read.
import * as Comlink from './vendor/comlink.mjs';
import init, * as lab from './pkg/threadlab.js';

const api = {
  /** Loads the module and, with cross-origin isolation, starts `threads` pool workers. */
  async start({ threads }) {
    await init();
    const isolated = self.crossOriginIsolated === true;
    if (isolated && threads > 0) await lab.startPool(threads);
    return {
      isolated,
      threads: lab.poolThreads(),
      demos: lab.syncDemos(),
      memory: isolated ? lab.sharedMemory() : null,
      controlAddress: lab.syncControlAddress(),
    };
  },
  run(request) {
    return lab.syncRun(request);
  },
  stepperNew(locked, rounds) {
    return lab.stepperNew(locked, rounds);
  },
  stepperStep(state, thread) {
    return lab.stepperStep(state, thread);
  },
};

Comlink.expose(api);
