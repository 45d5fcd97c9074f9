// Comlink without a worker: expose() keeps the API, wrap() hands it back,
// so a PoolClient calls the real coordinator directly.
export const releaseProxy = Symbol('releaseProxy');
export function expose(api) {
  globalThis.fakeCoordinator = api;
}
export function wrap() {
  return globalThis.fakeCoordinator;
}
export function transfer(value) {
  return value;
}
export function proxy(value) {
  return value;
}
