// The time axis of a timeline never has a single tick (the Barrier timeline
// on a phone had one: a round step bigger than the whole run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tickStep } from '../../www/lib/timeline.js';

const ticks = (total, plotW) => Math.floor(total / tickStep(total, plotW) + 1e-9) + 1;

test('at least two ticks for any run on any width; about one per 90 px on a wide one', () => {
  for (const total of [0.7, 3, 7, 12, 21, 42, 55, 99, 105, 140, 310, 999, 4200, 61_000]) {
    for (const plotW of [120, 200, 250, 300, 600, 1100]) {
      const n = ticks(total, plotW);
      assert.ok(n >= 2, `${total} ms over ${plotW} px: ${n} tick(s), step ${tickStep(total, plotW)}`);
      assert.ok(n <= Math.max(3, Math.floor(plotW / 90) + 2), `${total} ms over ${plotW} px: ${n} ticks`);
    }
  }
  assert.equal(tickStep(42, 200), 20, 'a 42 ms run on a phone: 0, 20, 40 ms');
});
