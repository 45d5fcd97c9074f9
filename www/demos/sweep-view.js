// The speedup sweep's markup (./sweep.js fills it in). Every id is prefixed,
// so two sweeps on one page never clash; on the lab page the prefix is ''.
import { workloadAndSize } from './race-view.js';

/**
 * @param {string} p  the id prefix
 * @returns {string}
 */
export function sweepMarkup(p) {
  return `
<form id="${p}sweep-form" class="card" novalidate aria-labelledby="${p}sweep-title">
  <h2 id="${p}sweep-title">Sweep</h2>
${workloadAndSize(p)}
  <div class="field-row">
    <div class="field">
      <label for="${p}workers">Up to k workers</label>
      <input id="${p}workers" name="workers" type="text" inputmode="numeric" autocomplete="off" aria-describedby="${p}workers-hint ${p}workers-error">
      <p class="hint" id="${p}workers-hint"></p>
      <p class="error" id="${p}workers-error" data-error-for="workers" hidden></p>
    </div>
    <div class="field">
      <label for="${p}reps">Repetitions</label>
      <input id="${p}reps" name="reps" type="text" inputmode="numeric" autocomplete="off" aria-describedby="${p}reps-hint ${p}reps-error">
      <p class="hint" id="${p}reps-hint">Per k, after one warm-up run.</p>
      <p class="error" id="${p}reps-error" data-error-for="reps" hidden></p>
    </div>
  </div>
  <fieldset class="field">
    <legend>Scheduling</legend>
    <label class="choice"><input type="radio" name="schedule" value="static"> Static partition <span class="label-detail">each worker gets a fixed 1/k of the tasks</span></label>
    <label class="choice"><input type="radio" name="schedule" value="dynamic" checked> Dynamic <span class="label-detail">idle workers take the next task from a shared counter</span></label>
    <label class="choice"><input type="radio" name="schedule" value="stealing"> Work stealing <span class="label-detail">start static, idle workers steal half of another's rest</span></label>
    <p class="error" id="${p}schedule-error" data-error-for="schedule" hidden></p>
  </fieldset>
  <div class="field">
    <label for="${p}chunk">Blocks per task <span class="label-detail" id="${p}chunk-detail">granularity: bigger tasks, fewer hand-outs</span></label>
    <input id="${p}chunk" name="chunk" type="text" inputmode="numeric" autocomplete="off" aria-describedby="${p}chunk-error">
    <p class="error" id="${p}chunk-error" data-error-for="chunk" hidden></p>
  </div>
  <p class="error" id="${p}form-error" hidden></p>
  <div class="actions">
    <button id="${p}run" type="submit" class="primary" disabled>Run sweep</button>
    <button id="${p}cancel" type="button" disabled>Cancel <kbd>Esc</kbd></button>
  </div>
  <div class="track sweep-track" role="progressbar" aria-label="Sweep progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div class="fill"></div></div>
  <p id="${p}run-status" class="run-status" role="status" aria-live="polite">Choose a workload and press Run sweep.</p>
</form>

<section class="card" aria-labelledby="${p}chart-title">
  <div class="card-head">
    <h2 id="${p}chart-title">Speedup</h2>
    <div class="exports">
      <button id="${p}export-json" type="button" disabled>Export JSON</button>
      <button id="${p}export-csv" type="button" disabled>Export CSV</button>
      <button id="${p}copy-link" type="button">Copy link</button>
    </div>
  </div>
  <p id="${p}chart-empty" class="chart-empty">Run a sweep and this card plots its speedup at every k from 1 worker up:
    the median run, the fastest and slowest, the ideal k× and Amdahl's law fitted to the points; then the efficiency
    at each k.</p>
  <div id="${p}speedup-chart" class="chart" role="img" aria-label="Speedup against number of workers"></div>
  <p id="${p}amdahl" class="amdahl"></p>
  <div id="${p}efficiency-chart" class="chart" role="img" aria-label="Parallel efficiency against number of workers"></div>
</section>

<section class="card wide" aria-labelledby="${p}timeline-title">
  <div class="card-head">
    <h2 id="${p}timeline-title">Per-worker timeline</h2>
    <label class="inline">Run with <select id="${p}timeline-k" disabled><option>no runs yet</option></select></label>
  </div>
  <p class="hint">Each bar is one task on one worker, on a clock shared by all workers; its colour says where in the
    work it lies (violet = first blocks, orange = last). Gaps are idle time; the run ends when the last worker does.</p>
  <div data-part="timeline"></div>
</section>

<section class="card wide" aria-labelledby="${p}table-title">
  <h2 id="${p}table-title">Measurements</h2>
  <div class="table-wrap" tabindex="0" role="region" aria-label="Measurements">
    <table id="${p}results">
      <thead><tr><th scope="col">k</th><th scope="col">min</th><th scope="col">median</th><th scope="col">max</th><th scope="col">spread</th><th scope="col">speedup</th><th scope="col">efficiency</th><th scope="col">Amdahl</th><th scope="col">answer = k=1</th></tr></thead>
      <tbody></tbody>
    </table>
  </div>
  <p id="${p}lesson" class="lesson-text"></p>
</section>`;
}
