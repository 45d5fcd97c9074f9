// Threads off, the races-and-locks demos run on a seeded random scheduler:
// the seed of each run is shown, kept in the URL (?seed=N), and the same
// seed — typed, or from a link — replays the same run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openLab, text } from './harness.mjs';

const panel = '#panel-race [data-demo]';
async function runRace(page, fields) {
  for (const [field, value] of Object.entries(fields)) await page.fill(`#race-${field}`, String(value));
  const before = await page.$eval(panel, (p) => Number(p.dataset.runs));
  await page.click('#panel-race .run');
  await page.waitForFunction(([sel, k]) => Number(document.querySelector(sel).dataset.runs) > k, [panel, before], {
    timeout: 60_000,
  });
  const reply = await page.$eval(panel, (p) => JSON.parse(p.dataset.json));
  assert.equal(reply.status, 'done');
  return reply.result.methods[0].samples.map((s) => s.lost);
}
const SMALL = { workers: 3, increments: '3000', repeats: 6 };

test('a simulated run shows its seed, keeps it in the URL, and the same seed replays it', async () => {
  const off = await openLab({ query: 'sync.html#race', isolation: false });
  let link;
  let first;
  try {
    const { page, problems } = off;
    first = await runRace(page, { ...SMALL, seed: '' });
    const seed = await page.$eval(panel, (p) => p.dataset.seed);
    assert.match(seed, /^\d+$/);
    assert.match(await text(page, '#panel-race .run-status'), new RegExp(`^Simulated with seed ${seed}:`));
    assert.equal(new URL(page.url()).searchParams.get('seed'), seed);
    link = page.url();
    // Typed, the same seed gives the same lost updates; another seed others.
    assert.deepEqual(await runRace(page, { seed }), first);
    assert.notDeepEqual(await runRace(page, { seed: String((Number(seed) + 1) % 2 ** 32) }), first);
    // Not a seed: said, nothing runs.
    await page.fill('#race-seed', 'abc');
    await page.click('#panel-race .run');
    await page.waitForFunction(() =>
      /seed must be a whole number/.test(document.querySelector('#panel-race .run-status').textContent),
    );
    assert.deepEqual(problems, []);
  } finally {
    await off.close();
  }
  // The link replays it in a fresh page.
  const again = await openLab({
    query: new URL(link).search.slice(1) ? `sync.html${new URL(link).search}#race` : 'sync.html#race',
    isolation: false,
  });
  try {
    const { page } = again;
    assert.equal(await page.inputValue('#race-seed'), new URL(link).searchParams.get('seed'));
    assert.deepEqual(await runRace(page, SMALL), first);
  } finally {
    await again.close();
  }
});
