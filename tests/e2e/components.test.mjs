// The race and the sweep as components: each mounted twice on one blank page
// with ONE PoolClient, run at the same time, destroyed; both show their own
// answers, no id is used twice, nothing is left in the DOM and no worker is
// left alive (tests/e2e/mount.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openLab } from './harness.mjs';
import { mountTwice } from './mount.mjs';

let lab;
before(async () => {
  lab = await openLab();
});
after(async () => {
  await lab?.close();
});

/** @param {import('./mount.mjs').MountTwiceResult} out */
function cleanedUp(out) {
  assert.equal(out.error, null);
  assert.deepEqual(out.duplicateIds, []);
  assert.deepEqual(out.leftovers, [0, 0]);
  assert.ok(out.workers.created >= 1, `workers: ${JSON.stringify(out.workers)}`);
  assert.equal(out.workers.alive, 0, `workers: ${JSON.stringify(out.workers)}`);
}

test('two races on one page run independently and leave nothing behind', async () => {
  const out = await mountTwice(lab.page, {
    module: 'demos/race.js',
    settings: [
      { workload: 'sum-of-squares', size: '1e7', workers: '2' },
      { workload: 'prime-count', size: '1e6', workers: '2' },
    ],
    read: { answer: '[id$="answer"]', agree: '[id$="agree"]', status: '[id$="run-status"]' },
  });
  cleanedUp(out);
  assert.deepEqual(out.statuses, ['done', 'done']);
  assert.equal(out.values[0].answer, '333,333,283,333,335,000,000');
  assert.match(out.values[1].answer, /^78,498 primes below 1,000,000/);
  for (const v of out.values) {
    assert.equal(v.agree, 'Yes ✓');
    assert.match(v.status, /^Done:/);
  }
});

test('two sweeps on one page run independently and leave nothing behind', async () => {
  const out = await mountTwice(lab.page, {
    module: 'demos/sweep.js',
    settings: [
      { workload: 'mandelbrot', size: '200', workers: '2', reps: '1' },
      { workload: 'sum-of-squares', size: '1e6', workers: '1', reps: '2' },
    ],
    read: { status: '[id$="run-status"]', summary: '[id$="timeline-summary"]', rows: '[id$="results"] tbody' },
  });
  cleanedUp(out);
  assert.deepEqual(out.statuses, ['done', 'done']);
  assert.match(out.values[0].status, /^Done: 2 worker counts × 1 runs/);
  assert.match(out.values[1].status, /^Done: 1 worker counts × 2 runs/);
  assert.match(out.values[0].summary, /^k = 2: \d+ tasks in/);
  assert.match(out.values[1].summary, /^k = 1: \d+ tasks in/);
  assert.deepEqual(lab.problems, []);
});

test('two Python runners on one page run at once, each with its own output, and leave nothing behind', async () => {
  const code = (/** @type {string} */ src) => Buffer.from(src).toString('base64url');
  const out = await mountTwice(lab.page, {
    module: 'demos/python/runner.js',
    threads: 1,
    settings: [
      {
        code: code(
          'import threading, time\ndef f():\n    time.sleep(0.05)\n    print("first, from a thread")\nt = threading.Thread(target=f)\nt.start()\nt.join()\n',
        ),
      },
      { code: code('import time\ntime.sleep(0.02)\nprint("second")\n'), gil: 'any' },
    ],
    read: { output: '[id$="py-output"]', status: '[id$="py-status"]' },
  });
  cleanedUp(out);
  assert.deepEqual(out.statuses, ['done', 'done']);
  assert.equal(out.values[0].output, 'first, from a thread\n');
  assert.equal(out.values[1].output, 'second\n');
  for (const v of out.values) assert.match(v.status, /^Finished in/);
});
