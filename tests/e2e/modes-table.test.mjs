// The comparison table's CPU-bound row as a measurement (www/demos/modes/table-view.js,
// pure functions, no browser): medians over alternating rounds, their spread, and
// "too noisy" instead of a ratio the rounds do not support.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rows, chartData, closingNote, noiseNote, cpuSpeedup } from '../../www/demos/modes/table-view.js';

const POOL = { threaded: true, isolated: true, threads: 2 };
const settings = { tasks: 8, units: 30_000_000, wait_ms: 60, http_ms: 60, workers: 2, switch_ms: 5, transfer_mb: 4 };
const cpuRow = (r) => rows(r, POOL).find(([label]) => label.startsWith('CPU-bound'))[1];

test('a slow first baseline (the fresh-clone run: 754 ms) no longer makes the GIL look 1.63× faster', () => {
  // Round 1 is the fresh-clone run's numbers; the later rounds are what quiet runs give.
  const samples = {
    sequential: [754, 452, 449, 455, 450],
    threads: [473, 240, 236, 238, 241],
    gil: [464, 470, 466, 468, 471],
    processes: [206, 230, 228, 226, 231],
  };
  const r = { settings, cpu: { sequential: 452, threads: 240, gil: 468, gil_switches: 90, processes: 228, samples } };
  const gil = cpuRow(r).gil;
  assert.match(gil.why, /^0\.9\d×/, gil.why);
  assert.equal(gil.noisy, undefined);
  assert.match(cpuRow(r).sequential.why, /median of 5/);
  assert.equal(noiseNote(r), '');
  const x = cpuSpeedup(r.cpu, 'gil');
  assert.ok(x.hi < 1, `the GIL is slower than sequential over the middle rounds: ${x.lo}–${x.hi}`);
});

test('rounds that disagree show the times and say they are too noisy, with no ratio and no bar', () => {
  const samples = {
    sequential: [400, 610, 820, 455, 700],
    threads: [230, 240, 500, 235, 236],
    gil: [460, 470, 900, 480, 465],
    processes: [220, 230, 228, 420, 231],
  };
  const r = { settings, cpu: { sequential: 610, threads: 236, gil: 470, gil_switches: 90, processes: 230, samples } };
  const gil = cpuRow(r).gil;
  assert.equal(gil.noisy, true);
  assert.match(gil.why, /^too noisy for a speedup/);
  assert.doesNotMatch(gil.big + gil.why, /1\.\d+× faster/);
  assert.match(noiseNote(r), /^Too noisy to draw the CPU-bound lesson from: over 5 alternating rounds/);
  const bar = chartData(r).bars.find((b) => b.mode === 'gil' && b.kind === 'cpu');
  assert.equal(bar.speedup, null);
  assert.equal(closingNote(r, POOL), '', 'incomplete: no closing note yet');
});

test('with no second core free (free threads and processes no faster than one thread), the page says so instead of a lesson', () => {
  // Measured here with the machine's load at 10 on 2 cores.
  const samples = {
    sequential: [228, 86, 87, 87, 84],
    threads: [120, 95, 90, 99, 101],
    gil: [90, 88, 95, 91, 89],
    processes: [86, 77, 89, 150, 107],
  };
  const r = { settings, cpu: { sequential: 87, threads: 99, gil: 90, gil_switches: 90, processes: 89, samples } };
  const row = cpuRow(r);
  for (const mode of ['threads', 'gil', 'processes']) assert.equal(row[mode].noisy, true, mode);
  assert.match(noiseNote(r), /no second core to spare/);
});

test('on a loaded machine the GIL can time faster than sequential; the task spread gives it away and the page says so', () => {
  // Measured here, load average 8 on 2 cores: 8 identical tasks of 7 ms took
  // 7–15 ms each in the sequential runs, while every GIL slice was 5.0 ms.
  const samples = {
    sequential: [72, 80, 86, 110, 160],
    threads: [84, 72, 74, 60, 70],
    gil: [60, 66, 66, 59, 62],
    processes: [59, 64, 59, 65, 60],
  };
  const r = {
    settings,
    cpu: {
      sequential: 86,
      threads: 72,
      gil: 62,
      gil_switches: 15,
      processes: 60,
      samples,
      task_spread: [2.1, 1.7, 1.6, 1.0, 2.3],
    },
  };
  const gil = cpuRow(r).gil;
  assert.equal(gil.noisy, true, gil.why);
  assert.doesNotMatch(gil.why, /^1\.\d+×/);
  assert.match(noiseNote(r), /other programs were using the CPU .*the GIL can even look faster/);
  // The same rounds on a machine of its own (identical tasks, identical times) would be shown.
  const quiet = {
    ...r,
    cpu: {
      ...r.cpu,
      samples: {
        ...samples,
        sequential: [57, 58, 57, 59, 58],
        gil: [59, 60, 59, 61, 60],
        threads: [31, 30, 32, 30, 31],
        processes: [33, 32, 34, 33, 32],
      },
      sequential: 58,
      gil: 60,
      threads: 31,
      processes: 33,
      task_spread: [1.02, 1.0, 1.05, 1.01, 1.0],
    },
  };
  assert.match(cpuRow(quiet).gil.why, /^0\.9\d×/);
  assert.equal(noiseNote(quiet), '');
});
