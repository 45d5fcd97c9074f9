// One "Python thread" worker: an instance of the page's wasm module on the
// coordinator's shared memory that runs Python threads, one at a time, for
// as long as the page lives (src/wasm/runner.rs, `pyWorkerLoop`).
//
// Message in:   {type: "init", module, memory, stack}   once
// Messages out: {type: "ready"} when it is about to take jobs,
//               {type: "failed", message} if the module would not start,
//               {type: "crashed", message} if it trapped (a panic: the
//               panic block says which Python thread)
// Started and kept by ./python-threads.js, in the coordinator.
import init, * as lab from './pkg/threadlab.js';

self.addEventListener(
  'message',
  async ({ data }) => {
    if (data?.type !== 'init') return;
    try {
      // The object form: wasm-bindgen 0.2.130 warns about positional arguments.
      await init({ module_or_path: data.module, memory: data.memory, thread_stack_size: data.stack });
    } catch (e) {
      self.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
      return;
    }
    self.postMessage({ type: 'ready' });
    try {
      // Never returns: waits for jobs in Atomics.wait and runs them.
      lab.pyWorkerLoop();
    } catch (e) {
      self.postMessage({ type: 'crashed', message: e instanceof Error ? e.message : String(e) });
    }
  },
  { once: false },
);
