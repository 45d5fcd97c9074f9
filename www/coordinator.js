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
    const poolStarted = performance.now();
    if (isolated && threads > 0) await lab.startPool(threads);
    return {
      isolated,
      pool_start_ms: performance.now() - poolStarted, // for ./dev.sh bench
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

  /** Runs one request. Images come back as ImageBitmaps, transferred, not copied. */
  async run(request, onProgress) {
    // Wrap the Comlink proxy in a plain function: wasm calls `f.call(...)`,
    // which on a proxy would become a remote call of a property named "call".
    const report = onProgress ? (done, total) => { onProgress(done, total); } : undefined;
    const reply = request?.workload === ARRAY_WORKLOAD ? runOnJsArray(request, report) : lab.run(request, report);
    if (reply.status !== 'done') return reply;
    const bitmaps = [];
    for (const key of ['image', 'before']) {
      const image = reply.answer[key];
      if (!image) continue;
      const { width, height, rgba } = image;
      const pixels = new ImageData(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength), width, height);
      const bitmap = await createImageBitmap(pixels);
      reply.answer[key] = { width, height, bitmap };
      bitmaps.push(bitmap);
    }
    return Comlink.transfer(reply, bitmaps);
  },
};

const ARRAY_WORKLOAD = 'array-sum-of-squares';

/**
 * The tutorials' "make a big array, split it into chunks, sum the squares":
 * the array is created here, in JavaScript, and handed to wasm, which copies
 * it into its own memory. Both steps are timed and reported with the run
 * (`data_in`), because getting data to the workers is part of the cost.
 */
function runOnJsArray(request, report) {
  const errors = lab.checkRequest(request);
  if (errors.length) return { status: 'invalid', errors };
  const n = Number(String(request.size).replace(/[_,\s]/g, '')); // already checked by Rust
  const started = performance.now();
  const values = new Uint32Array(n);
  // xorshift32: fast, seeded, so every run sums the same array.
  let x = 2463534242;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    values[i] = x;
  }
  const createdMs = performance.now() - started;
  const reply = lab.runWithArray({ ...request, size: n }, values, report);
  if (reply.status === 'done') reply.data_in = { created_ms: createdMs, copied_ms: reply.copy_in_ms, bytes: values.byteLength };
  return reply;
}

Comlink.expose(api);
