// Module hooks for tests/unit/: the coordinator's and the client's two
// browser-only imports — Comlink (vendor/) and the wasm module's glue
// (pkg/) — are replaced with the fakes next to this file, so the real
// lib/client.js and coordinator.js run in Node.
const FAKES = {
  'vendor/comlink.mjs': new URL('./fake-comlink.mjs', import.meta.url).href,
  'pkg/threadlab.js': new URL('./fake-threadlab.mjs', import.meta.url).href,
};

export async function resolve(specifier, context, next) {
  for (const [tail, url] of Object.entries(FAKES)) {
    if (specifier.endsWith(tail)) return { url, shortCircuit: true };
  }
  return next(specifier, context);
}
