// Workers refused: a site whose Content-Security-Policy allows only
// same-origin worker scripts (worker-src 'self') lets the coordinator start
// but refuses the pool's workers (wasm-bindgen-rayon makes them from blob:
// URLs). The page must not wait for them for ever: per engine it falls back
// to one worker, says why, and answers correctly.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { startServer } from '../../scripts/serve.mjs';
import { open, wanted } from './drivers.mjs';

const SQUARES_1E7 = '333,333,283,333,335,000,000';
const servers = [];
let base = '';
before(async () => {
  const inner = await startServer({ port: 0, quiet: true });
  // The same files and headers, plus the policy.
  const proxy = createServer((req, res) => {
    const up = request({ port: inner.address().port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, { ...r.headers, 'content-security-policy': "worker-src 'self'" });
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise((resolve) => proxy.listen(0, () => resolve(undefined)));
  servers.push(inner, proxy);
  base = `http://localhost:${/** @type {import('node:net').AddressInfo} */ (proxy.address()).port}`;
});
after(() => {
  for (const s of servers) s.close();
});

for (const [engine, env] of /** @type {const} */ ([
  ['chromium', {}],
  ['firefox', {}],
  ['webkit', { JSC_useSharedArrayBuffer: '1' }],
])) {
  describe(`pool workers refused by a Content-Security-Policy: ${engine}`, { skip: !wanted(engine) }, () => {
    /** @type {Awaited<ReturnType<typeof open>>} */
    let s;
    before(async () => {
      s = await open(engine, { env });
    });
    after(async () => {
      await s?.close();
    });
    test('the race page falls back to one worker, says why, and answers', async (t) => {
      const t0 = Date.now();
      await s.load(`${base}/index.html`, { timeout: 30_000 });
      const why = await s.text('#isolation-banner [data-why]');
      t.diagnostic(`${engine}: ready in ${Date.now() - t0} ms: ${why}`);
      assert.match(await s.text('#pool-status'), /^Threads off/);
      assert.match(
        why,
        /^Threads are off: the worker pool could not start in this browser \(.+\), so one worker runs everything\.$/,
      );
      await s.fill({ workload: 'sum-of-squares' });
      await s.fill({ size: '1e7' });
      const runs = await s.js('return Number(document.body.dataset.runs ?? 0)');
      await s.click('#run');
      await s.until('return Number(document.body.dataset.runs ?? 0) > arguments[0]', 60_000, 'the run', runs);
      assert.equal(await s.text('#answer'), SQUARES_1E7);
      assert.deepEqual(await s.errors(), []);
    });
  });
}
