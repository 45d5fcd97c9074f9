// The lab's Amdahl fit (www/demos/sweep-analysis.js) against numbers worked
// out here: points made from a known serial fraction give it back, and the
// least-squares fit of noisy points equals a fit computed independently (by
// minimising the squared error over a fine grid of s). The end-to-end test
// (tests/e2e/lab.test.mjs) checks the page shows the fit of its own points;
// on a loaded machine those clamp to 100 %, so the arithmetic is checked here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amdahl, amdahlFit, amdahlSentence } from '../../www/demos/sweep-analysis.js';

const close = (a, b, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} vs ${b}`);

test('points on an Amdahl curve give its serial fraction back', () => {
  for (const s of [0, 0.02, 0.1, 0.35, 1]) {
    const points = [1, 2, 3, 4, 8].map((k) => ({ k, speedup: 1 / (s + (1 - s) / k) }));
    close(amdahlFit(points), s);
  }
  close(amdahl(0.1, 4), 1 / (0.1 + 0.9 / 4));
});

test('noisy points: the fit minimises the squared error of 1/S - 1/k = s (1 - 1/k)', () => {
  const points = [
    { k: 1, speedup: 1 },
    { k: 2, speedup: 1.78 },
    { k: 3, speedup: 2.41 },
    { k: 4, speedup: 2.83 },
  ];
  const error = (s) =>
    points.filter((p) => p.k >= 2).reduce((e, { k, speedup }) => e + (1 / speedup - 1 / k - s * (1 - 1 / k)) ** 2, 0);
  let best = 0;
  for (let i = 0; i <= 100_000; i++) if (error(i / 100_000) < error(best)) best = i / 100_000;
  close(amdahlFit(points), best, 1e-5);
  assert.ok(best > 0.05 && best < 0.15, String(best));
});

test('a fit outside 0..1 is clamped, and one worker count is no fit', () => {
  assert.equal(
    amdahlFit([
      { k: 1, speedup: 1 },
      { k: 2, speedup: 2.2 },
    ]),
    0,
  ); // faster than ideal
  assert.equal(
    amdahlFit([
      { k: 1, speedup: 1 },
      { k: 2, speedup: 0.8 },
    ]),
    1,
  ); // slower on two
  assert.equal(amdahlFit([{ k: 1, speedup: 1 }]), null);
});

test('the sentence shows the fraction and the cap it implies', () => {
  assert.match(amdahlSentence(0.1), /a serial fraction of 10\.0%[^]*caps the speedup at 10\.0×/);
  assert.match(amdahlSentence(0.02), /a serial fraction of 2\.0%[^]*caps the speedup at 50×/);
  assert.match(amdahlSentence(0), /too small to measure here/);
  assert.match(amdahlSentence(null), /needs at least two worker counts/);
});
