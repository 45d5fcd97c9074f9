// The isolation route for hosts that cannot set headers (GitHub Pages): the
// static build (dist/, written by ./dev.sh dist before the tests run) loads
// coi-serviceworker, which reloads the page once, isolated by the service
// worker's headers. Per engine: does the page then run threaded?
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { open, wanted } from './drivers.mjs';

const DIST = fileURLToPath(new URL('../../dist', import.meta.url));

let server;
before(async () => {
  assert.ok(existsSync(`${DIST}/coi-serviceworker.min.js`), 'dist/ is missing: run ./dev.sh dist first');
  server = await startServer({ port: 0, quiet: true, isolation: false, root: DIST });
});
after(() => server?.close());

for (const [engine, env] of /** @type {const} */ ([
  ['chromium', {}],
  ['firefox', {}],
  ['webkit', { JSC_useSharedArrayBuffer: '1' }],
])) {
  describe(`service-worker isolation: ${engine}`, { skip: !wanted(engine) }, () => {
    /** @type {Awaited<ReturnType<typeof open>>} */
    let s;
    before(async () => {
      s = await open(engine, { env });
    });
    after(async () => {
      await s?.close();
    });
    test('a host without headers: the page reloads itself isolated and starts its pool', async (t) => {
      await s.driver.get(`http://localhost:${server.address().port}/index.html`);
      await s.until(
        'return crossOriginIsolated === true && document.body.dataset.ready',
        60_000,
        'the isolated reload',
      );
      const pill = await s.text('#pool-status');
      t.diagnostic(`${engine}: ${pill}`);
      assert.match(pill, /\d+ worker threads? · cross-origin isolated/);
    });
  });
}
