// The wasm module's exports the coordinator's start() uses. How the pool
// start goes is set per test: globalThis.fakePool = 'ok' | 'reject' | 'never'.
export const calls = [];
const memory = { buffer: { byteLength: 65536 } };
let threads = 1;
export default async function init() {
  calls.push('init');
}
export function startPool(n) {
  calls.push(`startPool(${n})`);
  switch (globalThis.fakePool) {
    case 'reject':
      return Promise.reject(new Error('no Worker constructor'));
    case 'never':
      return new Promise(() => {});
    default:
      threads = n;
      return Promise.resolve();
  }
}
export function poolFailed() {
  calls.push('poolFailed');
  threads = 1;
}
export function poolThreads() {
  return threads;
}
export function sharedMemory() {
  return memory;
}
export function layout() {
  return {};
}
export function workloads() {
  return [];
}
export function syncDemos() {
  return [];
}
export function modesPython() {
  return '';
}
export function panicMessage() {
  return null;
}
export function reset() {
  threads = 1;
  calls.length = 0;
}
