// The speedup sweep's markup (./sweep.js fills it in). Every id is prefixed,
// so two sweeps on one page never clash; on the lab page the prefix is ''.
// Also the form's own behaviour: filling it, its hint, reading and checking
// it, busy while a sweep runs. The charts are drawn by ./sweep-draw.js.
import { el, focusHere } from '../lib/dom.js';
import { mountTimeline } from '../lib/timeline.js';
import { workloadAndSize } from './race-view.js';
import { clean, fillWorkloads, finder, reportErrors, setTrack, sizeHint, statusLine } from './parts.js';
import { sweepUnits } from './sweep-analysis.js';

/** @typedef {import('../lib/client.js').PoolClient} PoolClient */
/** @typedef {import('./sweep-analysis.js').SweepSettings} SweepSettings */

const SCHEDULES = ['static', 'dynamic', 'stealing'];

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

/**
 * The sweep's elements, found once, and what the pool allows.
 * @param {HTMLElement} container
 * @param {PoolClient} client
 * @param {string} idPrefix
 */
export function sweepView(container, client, idPrefix) {
  const root = el('div', { class: 'demo-sweep', style: 'display: contents' });
  root.innerHTML = sweepMarkup(idPrefix);
  container.append(root);
  const $ = finder(root, idPrefix);
  const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id));
  const fields = {
    workload: /** @type {HTMLSelectElement} */ ($('workload')),
    size: input('size'),
    workers: input('workers'),
    reps: input('reps'),
    chunk: input('chunk'),
  };
  const radios = /** @type {HTMLInputElement[]} */ ([...root.querySelectorAll('input[name=schedule]')]);
  const list = client.info.workloads;
  return {
    root,
    $,
    fields,
    radios,
    list,
    form: /** @type {HTMLFormElement} */ ($('sweep-form')),
    runButton: /** @type {HTMLButtonElement} */ ($('run')),
    cancelButton: /** @type {HTMLButtonElement} */ ($('cancel')),
    timelineK: /** @type {HTMLSelectElement} */ ($('timeline-k')),
    track: /** @type {HTMLElement} */ (root.querySelector('.sweep-track')),
    setStatus: statusLine($('run-status')),
    timeline: mountTimeline(/** @type {HTMLElement} */ (root.querySelector('[data-part="timeline"]')), {
      canvasId: `${idPrefix}timeline`,
      captionId: `${idPrefix}timeline-summary`,
      label: 'Timeline of the tasks each worker ran',
    }),
    maxReps: client.info.layout.limits.max_reps,
    current: () => list.find((w) => w.id === fields.workload.value) ?? list[0],
    schedule: () => radios.find((r) => r.checked)?.value ?? 'dynamic',
  };
}
/** @typedef {ReturnType<typeof sweepView>} SweepView */

/** The form's values as they are typed (what a link repeats). @param {SweepView} view */
export function typedSettings({ fields, schedule }) {
  return {
    workload: fields.workload.value,
    size: fields.size.value,
    workers: fields.workers.value,
    reps: fields.reps.value,
    schedule: schedule(),
    chunk: fields.chunk.value,
  };
}

/**
 * Fills the form from the settings and the pool; threads off, there is nothing to sweep.
 * @param {SweepView} view @param {PoolClient} client @param {Record<string, string>} settings
 */
export function setUpForm(view, client, settings) {
  const { $, fields, radios } = view;
  fillWorkloads(fields.workload, view.list, settings.workload);
  showWorkload(view, settings.size);
  fields.workers.value = settings.workers ?? String(Math.max(client.threads, 1));
  fields.reps.value = settings.reps ?? '3';
  fields.chunk.value = settings.chunk ?? '1';
  if (settings.schedule && SCHEDULES.includes(settings.schedule))
    for (const r of radios) r.checked = r.value === settings.schedule;
  $('workers-hint').textContent = `1 to ${client.threads}: the sweep runs k = 1, 2, … up to this.`;
  $('reps-hint').textContent = `Per k, after one warm-up run; at most ${view.maxReps}.`;
  if (!client.threaded) {
    // No pool: there is no "1 to 0" to offer.
    // Run stays off (the lifecycle enables its buttons when it starts idle).
    view.runButton.disabled = true;
    fields.workers.value = '';
    fields.workers.placeholder = 'Threads are off';
    $('workers-hint').textContent = 'Threads are off: no worker threads to sweep over.';
    view.setStatus(
      `${client.why ?? 'Threads are off.'} There is nothing to sweep here; the race page still runs the sequential version.`,
      true,
    );
    return;
  }
  fields.workload.disabled = false;
  view.runButton.disabled = false;
  view.root.dataset.ready = 'true';
}

/** @param {SweepView} view @param {string} [size] */
export function showWorkload(view, size) {
  const w = view.current();
  view.$('size-detail').textContent = w.size_label;
  view.fields.size.value = size ?? String(w.default_size);
  view.$('lesson').textContent = w.lesson;
  updateHint(view);
}

/** How long the whole sweep takes at ideal speedup. @param {SweepView} view */
export function updateHint({ $, fields, current }) {
  const k = Number(clean(fields.workers.value)),
    reps = Number(clean(fields.reps.value));
  const units = k >= 1 && reps >= 1 ? sweepUnits(k, reps) : NaN;
  $('size-hint').textContent = sizeHint(
    current(),
    Number.isFinite(units) ? fields.size.value : '',
    units,
    'The whole sweep needs, at ideal speedup,',
  );
}

/**
 * Reads the form; resolves to settings, or shows errors and resolves to null.
 * @param {SweepView} view @param {PoolClient} client
 * @returns {Promise<SweepSettings | null>}
 */
export async function readSettings(view, client) {
  const { fields, maxReps } = view;
  const raw = {
    workload: fields.workload.value,
    size: fields.size.value,
    workers: fields.workers.value,
    schedule: /** @type {SweepSettings['schedule']} */ (view.schedule()),
    chunk: fields.chunk.value,
  };
  // Rust checks everything it runs; repetitions are the sweep's own, limited by Rust's max_reps.
  const errors = [...(await client.check({ ...raw, mode: 'parallel' }))];
  const reps = Number(clean(fields.reps.value));
  if (!Number.isInteger(reps) || reps < 1 || reps > maxReps) {
    errors.push({
      field: 'reps',
      message:
        clean(fields.reps.value) === '' || Number.isNaN(reps)
          ? `Enter a whole number of repetitions from 1 to ${maxReps}.`
          : `Must be a whole number from 1 to ${maxReps} (got ${fields.reps.value}).`,
    });
  }
  if (errors.length) {
    reportErrors(view.root, errors, view.$('form-error'), view.setStatus);
    return null;
  }
  return { ...raw, reps, maxWorkers: Number(clean(raw.workers)), chunk: Number(clean(raw.chunk)) };
}

/** The form while a sweep runs. @param {SweepView} view @param {boolean} on */
export function setBusy({ fields, radios, form, track, cancelButton, runButton }, on) {
  for (const f of [...Object.values(fields), ...radios]) f.disabled = on;
  form.setAttribute('aria-busy', String(on));
  if (on) {
    setTrack(track, 0);
    focusHere(cancelButton);
  } else if (document.activeElement === document.body || document.activeElement === cancelButton) focusHere(runButton);
}
