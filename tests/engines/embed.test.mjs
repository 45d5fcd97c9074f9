// The embedded demo in a cross-origin tutorial article (examples/article, on
// another origin, with no isolation headers), per engine: the element API and
// connect() answer correctly, threaded where the engine isolates the frame
// (Chromium: Document-Isolation-Policy), on one worker with the one-sentence
// reason where it cannot (Firefox ESR and WebKitGTK have no
// Document-Isolation-Policy, so a frame in a non-isolated article is not
// cross-origin isolated).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { open, wanted } from './drivers.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Σ i² for i < 1e7. */
const SQUARES_1E7 = '333333283333335000000';

const servers = [];
let articleUrl = '';
before(async () => {
  const threadlab = await startServer({ port: 0, quiet: true });
  const article = await startServer({ port: 0, quiet: true, isolation: false, root: `${ROOT}examples/article` });
  servers.push(threadlab, article);
  // 127.0.0.1 vs localhost, and different ports: two origins.
  articleUrl = `http://127.0.0.1:${article.address().port}/?threadlab=http://localhost:${threadlab.address().port}`;
});
after(() => {
  for (const s of servers) s.close();
});

/** What each engine gives an embedded frame in a non-isolated article (measured here). */
const THREADED = { chromium: true, firefox: false, webkit: false };

for (const [engine, env] of /** @type {const} */ ([
  ['chromium', {}],
  ['firefox', {}],
  ['webkit', { JSC_useSharedArrayBuffer: '1' }],
])) {
  describe(`embedded in a cross-origin article: ${engine}`, { skip: !wanted(engine) }, () => {
    /** @type {Awaited<ReturnType<typeof open>>} */
    let s;
    before(async () => {
      s = await open(engine, { env });
    });
    after(async () => {
      await s?.close();
    });

    test('the element API and connect() run the demo, with threads or the reason why not', async (t) => {
      await s.load(articleUrl);
      assert.equal(await s.js('return crossOriginIsolated'), false, 'the article itself is not isolated');
      const r = await s.inPage(`
        const demo = document.querySelector('#squares');
        await demo.ready;
        const info = await demo.info();
        const race = await demo.race({ workload: 'sum-of-squares', size: '1e7', workers: 2 });
        const bad = await demo.run({ workload: 'sum-of-squares', size: -1, mode: 'sequential', workers: 1 });
        const { connect } = await import(new URLSearchParams(location.search).get('threadlab') + '/threadlab-embed.js');
        const lab = await connect();
        const viaConnect = await lab.run({ workload: 'sum-of-squares', size: '1e7', mode: 'sequential', workers: 1 });
        const connectInfo = await lab.info();
        lab.close();
        return { info, connectInfo, race: { seq: race.sequential.answer.value, par: race.parallel?.answer.value ?? null, agree: race.agree ?? null,
          workers: race.parallel?.workers ?? null }, bad: bad.status, connect: [viaConnect.status, viaConnect.answer?.value] };`);
      t.diagnostic(`${engine}: ${JSON.stringify(r.info)}`);
      assert.equal(r.info.threaded, THREADED[engine]);
      assert.equal(r.connectInfo.threaded, THREADED[engine]);
      assert.equal(String(r.race.seq), SQUARES_1E7);
      assert.equal(r.bad, 'invalid');
      assert.deepEqual(r.connect.map(String), ['done', SQUARES_1E7]);
      if (r.info.threaded) {
        assert.equal(r.info.why, null);
        assert.equal(r.race.workers, 2);
        assert.equal(String(r.race.par), SQUARES_1E7);
        assert.equal(r.race.agree, true);
      } else {
        assert.match(
          r.info.why,
          /^Threads are off: this embedded demo is not cross-origin isolated [^]*Document-Isolation-Policy[^]*own page[^]*\.$/,
        );
        assert.equal(r.race.par, null);
      }
      // The visible frame ran too, and the article threw nothing.
      await s.click('#api-run');
      await s.until('return document.body.dataset.apiRuns', 60_000, "the article's own connect() run");
      assert.match(await s.text('#api-output'), /^status: done/);
      assert.deepEqual(await s.errors(), []);
    });
  });
}
