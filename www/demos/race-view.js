// The race demo's markup (./race.js fills it in). Every id is prefixed, so
// two races on one page never clash; on the full page the prefix is '' and
// the ids are the ones the tests and the README use (#size, #run, …).
// Also the form's own behaviour: filling it, its hints, busy while a race
// runs. What a race shows is drawn by ./race-draw.js.
import { el, focusHere } from '../lib/dom.js';
import { clean, fillWorkloads, finder, sizeHint, statusLine } from './parts.js';

/** @typedef {import('../lib/client.js').PoolClient} PoolClient */

/**
 * The workload menu and the size field with its hint and error slot, as the
 * race and the sweep (./sweep-view.js) both ask for them.
 * @param {string} p  the id prefix
 */
export function workloadAndSize(p) {
  return `
  <div class="field">
    <label for="${p}workload">Workload</label>
    <select id="${p}workload" name="workload" disabled></select>
  </div>
  <div class="field">
    <label for="${p}size">Size <span class="label-detail" id="${p}size-detail"></span></label>
    <input id="${p}size" name="size" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" aria-describedby="${p}size-hint ${p}size-error">
    <p class="hint" id="${p}size-hint"></p>
    <p class="error" id="${p}size-error" data-error-for="size" hidden></p>
  </div>`;
}

/**
 * @param {string} p  the id prefix
 * @param {boolean} compact  form and race only (embeds)
 * @returns {string}
 */
export function raceMarkup(p, compact) {
  const form = `
<form class="card race-form" novalidate aria-labelledby="${p}experiment-title">
  <h2 id="${p}experiment-title">Experiment</h2>
${workloadAndSize(p)}
  <div class="field">
    <label for="${p}workers">Workers for the parallel run</label>
    <input id="${p}workers" name="workers" type="text" inputmode="numeric" autocomplete="off" aria-describedby="${p}workers-hint ${p}workers-error">
    <p class="hint" id="${p}workers-hint"></p>
    <p class="error" id="${p}workers-error" data-error-for="workers" hidden></p>
  </div>
  <p class="error" id="${p}form-error" hidden></p>
  <div class="actions">
    <button id="${p}run" type="submit" class="primary" disabled>Run</button>
    <button id="${p}cancel" type="button" disabled>Cancel <kbd>Esc</kbd></button>
  </div>
</form>`;
  const result = `
<section class="card result" aria-labelledby="${p}result-title">
  <h2 id="${p}result-title">The race</h2>
  <div class="lanes">
    <div class="lane" id="${p}lane-seq">
      <div class="lane-head"><span class="lane-name">1 worker</span><span class="lane-time" id="${p}seq-time">–</span></div>
      <div class="track" role="progressbar" aria-label="Sequential run, 1 worker" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div class="fill"></div></div>
    </div>
    <div class="lane" id="${p}lane-par">
      <div class="lane-head"><span class="lane-name" id="${p}par-name">N workers</span><span class="lane-time" id="${p}par-time">–</span></div>
      <div class="track" role="progressbar" aria-label="Parallel run" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div class="fill"></div></div>
    </div>
  </div>
  <p id="${p}run-status" class="run-status" role="status" aria-live="polite">Choose a workload and press Run.</p>
  <dl class="stats">
    <div><dt>Speedup</dt><dd id="${p}speedup">–</dd></div>
    <div><dt>Parallel efficiency</dt><dd id="${p}efficiency">–</dd></div>
    <div><dt>Results agree</dt><dd id="${p}agree">–</dd></div>
  </dl>
  <p id="${p}overhead" class="data-in overhead" hidden></p>
  <div id="${p}answer-box" class="answer" hidden>
    <h3>Answer</h3>
    <p id="${p}answer" class="mono"></p>
    <div id="${p}share" class="share" hidden>
      <h3>Blocks computed by each worker</h3>
      <div id="${p}share-bars" class="share-bars"></div>
    </div>
  </div>
  <p id="${p}data-in" class="data-in" hidden></p>
  <div class="pictures">
    <figure id="${p}before-figure" hidden><canvas id="${p}before" aria-label="The picture before the workload ran"></canvas><figcaption>Before</figcaption></figure>
    <figure id="${p}picture-figure" hidden><canvas id="${p}picture" hidden aria-label="The image the workload drew"></canvas><figcaption id="${p}picture-caption">Result</figcaption></figure>
  </div>
</section>`;
  if (compact) return form + result;
  return `${form}${result}
<section class="card lesson" aria-labelledby="${p}lesson-title">
  <h2 id="${p}lesson-title">The lesson</h2>
  <p id="${p}lesson"></p>
  <h3>What the tutorial runs, in Python</h3>
  <pre class="code" tabindex="0" aria-label="The Python version"><code id="${p}python"></code></pre>
</section>
<section class="card history" aria-labelledby="${p}history-title">
  <h2 id="${p}history-title">Runs so far</h2>
  <p id="${p}history-empty" class="muted">Finished runs appear here, so you can compare sizes and worker counts.</p>
  <div class="table-wrap" tabindex="0" role="region" aria-label="Runs so far">
    <table id="${p}history" hidden>
      <thead><tr><th scope="col">Workload</th><th scope="col">Size</th><th scope="col">Workers</th><th scope="col">1 worker</th><th scope="col">N workers</th><th scope="col">Speedup</th><th scope="col">Efficiency</th><th scope="col">Agree</th></tr></thead>
      <tbody></tbody>
    </table>
  </div>
</section>`;
}

/**
 * The race's elements, found once, and the workloads of this pool.
 * @param {HTMLElement} container
 * @param {PoolClient} client
 * @param {string} idPrefix
 * @param {boolean} compact
 */
export function raceView(container, client, idPrefix, compact) {
  const root = el('div', { class: 'demo-race', style: 'display: contents' });
  root.innerHTML = raceMarkup(idPrefix, compact);
  container.append(root);
  const $ = finder(root, idPrefix);
  const workloadSelect = /** @type {HTMLSelectElement} */ ($('workload'));
  // Read once: during a restart of the client its info is briefly absent.
  const list = client.info.workloads;
  return {
    root,
    $,
    compact,
    list,
    form: /** @type {HTMLFormElement} */ (root.querySelector('form')),
    workloadSelect,
    sizeInput: /** @type {HTMLInputElement} */ ($('size')),
    workersInput: /** @type {HTMLInputElement} */ ($('workers')),
    runButton: /** @type {HTMLButtonElement} */ ($('run')),
    cancelButton: /** @type {HTMLButtonElement} */ ($('cancel')),
    lanes: { seq: $('lane-seq'), par: $('lane-par') },
    setStatus: statusLine($('run-status')),
    /** A part the compact layout leaves out. @param {string} id */
    optional: (id) => /** @type {HTMLElement | null} */ (root.querySelector(`[id="${idPrefix}${id}"]`)),
    current: () => list.find((w) => w.id === workloadSelect.value) ?? list[0],
  };
}
/** @typedef {ReturnType<typeof raceView>} RaceView */

/**
 * Fills the form from the settings and the pool (threads off: the parallel lane is off).
 * @param {RaceView} view
 * @param {PoolClient} client
 * @param {Record<string, string>} settings
 */
export function setUpForm(view, client, settings) {
  const { $, workersInput } = view;
  fillWorkloads(view.workloadSelect, view.list, settings.workload);
  showWorkload(view, settings.size);
  if (client.threaded) {
    workersInput.value = settings.workers ?? String(client.threads);
    $('workers-hint').textContent =
      `1 to ${client.threads} — this browser reports ${navigator.hardwareConcurrency} logical cores.`;
  } else {
    workersInput.value = '';
    workersInput.placeholder = 'Threads are off';
    $('workers-hint').textContent = `${client.why ?? 'Threads are off.'} The sequential run still works.`;
    view.lanes.par.classList.add('off');
  }
  workersInput.disabled = !client.threaded;
  showWorkerCount(view, client);
  view.workloadSelect.disabled = false;
  view.runButton.disabled = false;
  view.root.dataset.ready = 'true';
}

/** The chosen workload's size label, default size, lesson and Python. @param {RaceView} view @param {string} [size] */
export function showWorkload(view, size) {
  const w = view.current();
  view.$('size-detail').textContent = w.size_label;
  view.sizeInput.value = size ?? String(w.default_size);
  const lesson = view.optional('lesson'),
    python = view.optional('python');
  if (lesson) lesson.textContent = w.lesson;
  if (python) python.textContent = w.python;
  updateSizeHint(view);
}

/** @param {RaceView} view */
export function updateSizeHint(view) {
  view.$('size-hint').textContent = sizeHint(view.current(), view.sizeInput.value, 1, 'One worker needs');
}

/** The parallel lane's name: "4 workers". @param {RaceView} view @param {PoolClient} client */
export function showWorkerCount(view, client) {
  const n = Number(clean(view.workersInput.value));
  const name = view.$('par-name');
  if (!client.threaded) name.textContent = 'N workers';
  else if (Number.isInteger(n) && n >= 1 && n <= client.threads) name.textContent = `${n} worker${n === 1 ? '' : 's'}`;
}

/**
 * The form while a race runs: nothing to change, Cancel in reach.
 * @param {RaceView} view
 * @param {boolean} on
 */
export function setBusy(view, on) {
  view.workloadSelect.disabled = on;
  view.sizeInput.readOnly = on;
  view.workersInput.readOnly = on;
  view.form.setAttribute('aria-busy', String(on));
  if (!on && (document.activeElement === view.cancelButton || document.activeElement === document.body))
    focusHere(view.runButton);
}
