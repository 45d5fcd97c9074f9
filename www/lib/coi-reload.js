// Loaded right after coi-serviceworker by the static build only (./dev.sh
// dist). coi-serviceworker reloads the page when its worker is first found,
// or when an active worker does not control the page. It misses one case:
// the reloaded page asks while the worker is still installing (a slow or
// busy machine), so neither fires; the worker then takes control through
// clients.claim() of a page that was loaded without its headers, and the
// page stays unisolated for good. Reload once more when control arrives.
// A page loaded with real headers is already isolated and adds no listener;
// controllerchange fires only when a worker takes over, so this cannot loop.
if (!globalThis.crossOriginIsolated && globalThis.isSecureContext && navigator.serviceWorker) {
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!globalThis.crossOriginIsolated) location.reload();
  });
}
