// Memory bandwidth in wasm for `./dev.sh bench`: a threadlab instance of its
// own with a pool of `maxK` threads runs the STREAM-like triad of
// src/workloads/triad.rs (the code the native column runs) and posts back
// GB/s per setting. Its own instance, so the page-facing coordinator API
// stays as it is; it runs off the main thread like every other run.
import init, * as lab from '../../www/pkg/threadlab.js';

self.onmessage = async ({ data: { len, maxK, reps } }) => {
  try {
    await init();
    await lab.startPool(maxK);
    self.postMessage({ gbPerS: lab.triadBench(len, maxK, reps) });
  } catch (e) {
    self.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
};
