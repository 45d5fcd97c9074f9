// The Compare table's arithmetic (www/lib/python-compare.js): the harness's
// result line, speed-ups in words, and how many timeline lanes were doing
// one thing at the same moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atOnce, harnessResult, speedup, MARKER } from '../../www/lib/python-compare.js';

test('the harness line is read in ms on the run clock; anything else is no result', () => {
  assert.deepEqual(harnessResult(`mine\n${MARKER} 0.25 1.5 4\n`), { start: 250, end: 1500, calls: 4 });
  assert.equal(harnessResult('mine\n'), null);
  assert.equal(harnessResult(`${MARKER} x y 4\n`), null);
  assert.equal(harnessResult(`${MARKER} 2 1 4\n`), null, 'an end before the start');
  // The program's own line that happens to contain the marker later on does not count.
  assert.equal(harnessResult(`say ${MARKER} 1 2 3\n`), null);
});

test('speed-ups in words, with a 10 % band of "no faster"', () => {
  assert.equal(speedup(1000, 500).text, '2.0× faster');
  assert.equal(speedup(1000, 1050).text, '1.0× (no faster)');
  assert.equal(speedup(1000, 2000).text, '0.5× (slower)');
  assert.equal(speedup(1000, 40).text, '25× faster');
  assert.ok(Math.abs(speedup(1000, 500).factor - 2) < 1e-12);
});

/** A report of lanes given as [kind, start, end] spans. */
const report = (...lanes) => ({
  lanes: lanes.map((spans, i) => ({
    thread: i,
    name: `T${i}`,
    truncated: false,
    spans: spans.map(([kind, start_ms, end_ms]) => ({ kind, start_ms, end_ms })),
  })),
});

test('lanes at once: a hand-over is not an overlap, a real overlap is, and for how long', () => {
  // The GIL's picture: one lane ends as the next starts.
  const gil = report(
    [
      ['running', 0, 5],
      ['gil-wait', 5, 10],
      ['running', 10, 15],
    ],
    [
      ['gil-wait', 0, 5],
      ['running', 5, 10],
    ],
  );
  assert.deepEqual(atOnce(gil, 'running'), { most: 1, ms: 15 });
  // No GIL: both run from 2 to 8.
  const free = report([['running', 0, 8]], [['running', 2, 10]], [['sleeping', 0, 10]]);
  assert.deepEqual(atOnce(free, 'running'), { most: 2, ms: 6 });
  assert.deepEqual(atOnce(free, 'sleeping'), { most: 1, ms: 10 });
  assert.deepEqual(atOnce(report([]), 'running'), { most: 0, ms: 0 });
});
