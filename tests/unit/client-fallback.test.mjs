// lib/client.js's one decision — a pool of threads, or one worker and a
// sentence saying why — outside a browser: the real PoolClient and the
// real coordinator.js (its start()), with fakes for the browser (`self`,
// `window`, Worker, SharedArrayBuffer) and for the wasm module
// (./fake-threadlab.mjs). One case per reason in coordinator.js's
// whyNoThreads and start().
import { register } from 'node:module';
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';

register('./fakes-loader.mjs', import.meta.url);

const realSAB = globalThis.SharedArrayBuffer;
/** The worker's global: isolated or not, and where CSP violations arrive. */
globalThis.self = Object.assign(new EventTarget(), { crossOriginIsolated: true });
globalThis.Worker = class extends EventTarget {
  terminate() {}
};
const fake = await import('./fake-threadlab.mjs');
await import('../../www/coordinator.js');
const { PoolClient } = await import('../../www/lib/client.js');

beforeEach(() => {
  fake.reset();
  globalThis.fakePool = 'ok';
  self.crossOriginIsolated = true;
  globalThis.SharedArrayBuffer = realSAB;
  delete globalThis.window;
});
afterEach(() => {
  globalThis.SharedArrayBuffer = realSAB;
  delete globalThis.window;
});

/** @param {number} threads */
async function start(threads = 4) {
  const client = await PoolClient.create({ threads });
  const { threaded, why, memory } = client.info;
  return { threaded, why, memory, threads: client.threads };
}

test('isolated, with SharedArrayBuffer and a pool that starts: threaded, no reason', async () => {
  const s = await start(4);
  assert.deepEqual({ ...s, memory: s.memory !== null }, { threaded: true, why: null, memory: true, threads: 4 });
  assert.deepEqual(fake.calls, ['init', 'startPool(4)']);
});

test('no threads asked for', async () => {
  const s = await start(0);
  assert.equal(s.threaded, false);
  assert.equal(s.memory, null);
  assert.match(s.why, /^Threads are off: this page asked for no worker threads\.$/);
  assert.deepEqual(fake.calls, ['init'], 'the pool is not even tried');
});

test('a page that is not cross-origin isolated', async () => {
  self.crossOriginIsolated = false;
  const s = await start();
  assert.equal(s.threaded, false);
  assert.match(s.why, /^Threads are off: this page is not cross-origin isolated[^]*COOP\/COEP/);
  assert.deepEqual(fake.calls, ['init']);
});

test("an embedded demo (a frame) that is not isolated gets the frame's reason", async () => {
  self.crossOriginIsolated = false;
  globalThis.window = { top: {}, self: {} }; // window.top !== window.self
  const s = await start();
  assert.equal(s.threaded, false);
  assert.match(s.why, /^Threads are off: this embedded demo is not cross-origin isolated[^]*open it on its own page/);
});

test('a frame that is isolated runs threaded like a page', async () => {
  globalThis.window = { top: {}, self: {} };
  assert.equal((await start()).threaded, true);
});

test('isolated but without SharedArrayBuffer (WebKitGTK as shipped)', async () => {
  // @ts-ignore
  delete globalThis.SharedArrayBuffer;
  const s = await start();
  assert.equal(s.threaded, false);
  assert.match(
    s.why,
    /no SharedArrayBuffer even to a cross-origin isolated page \(WebKitGTK needs JSC_useSharedArrayBuffer=1\)/,
  );
  assert.deepEqual(fake.calls, ['init']);
});

test('the pool fails to start: one worker, the error in the sentence', async () => {
  globalThis.fakePool = 'reject';
  const s = await start();
  assert.deepEqual([s.threaded, s.memory, s.threads], [false, null, 1]);
  assert.match(s.why, /^Threads are off: the worker pool could not start in this browser \(no Worker constructor\)/);
  assert.deepEqual(fake.calls, ['init', 'startPool(4)', 'poolFailed']);
});

test('a Content-Security-Policy that refuses blob: workers is named at once', async () => {
  globalThis.fakePool = 'never';
  const started = start();
  // The pool's workers never report; the browser fires the violation.
  await new Promise((r) => setTimeout(r, 10));
  self.dispatchEvent(Object.assign(new Event('securitypolicyviolation'), { effectiveDirective: 'worker-src' }));
  const s = await started;
  assert.equal(s.threaded, false);
  assert.match(s.why, /Content-Security-Policy refuses its blob: workers; adding blob: to worker-src allows them/);
  assert.ok(fake.calls.includes('poolFailed'));
});

test('a pool whose workers never report is given up on after 10 s', async (t) => {
  globalThis.fakePool = 'never';
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const started = start();
  // Let init() and the race begin, then let the 10 s pass.
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
  t.mock.timers.tick(10_000);
  const s = await started;
  assert.equal(s.threaded, false);
  assert.match(s.why, /its workers did not start within 10 s/);
});
