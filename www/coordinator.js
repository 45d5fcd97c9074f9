// The coordinator: a dedicated worker that owns the wasm instance and its
// rayon pool, so the page's main thread never runs (or waits on) the work.
//
// A parallel run blocks this worker until the pool finishes (rayon waits with
// Atomics.wait, which the main thread is not allowed to do). Messages to it
// queue up meanwhile, which is why cancel and progress go through shared
// memory (see lab-client.js) instead of through Comlink.
import * as Comlink from './vendor/comlink.mjs';
import init, * as lab from './pkg/threadlab.js';

const api = {
  /** Loads the module and, when the page is cross-origin isolated, starts `threads` pool workers. */
  async start({ threads }) {
    await init();
    const isolated = self.crossOriginIsolated === true;
    if (isolated && threads > 0) await lab.startPool(threads);
    return {
      isolated,
      threads: lab.poolThreads(),
      workloads: lab.workloads(),
      // Shared WebAssembly.Memory can be posted; the page reads the control
      // block straight out of it.
      memory: isolated ? lab.sharedMemory() : null,
      controlAddress: lab.controlAddress(),
    };
  },

  check(request) {
    return lab.checkRequest(request);
  },

  /** Runs one request. Images come back as an ImageBitmap, transferred, not copied. */
  async run(request, onProgress) {
    // Wrap the Comlink proxy in a plain function: wasm calls `f.call(...)`,
    // which on a proxy would become a remote call of a property named "call".
    const report = onProgress ? (done, total) => { onProgress(done, total); } : undefined;
    const reply = lab.run(request, report);
    if (reply.status === 'done' && reply.answer.image) {
      const { width, height, rgba } = reply.answer.image;
      const pixels = new ImageData(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength), width, height);
      const bitmap = await createImageBitmap(pixels);
      reply.answer.image = { width, height, bitmap };
      return Comlink.transfer(reply, [bitmap]);
    }
    return reply;
  },
};

Comlink.expose(api);
