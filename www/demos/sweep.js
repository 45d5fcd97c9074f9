// The speedup sweep: a workload over k = 1..K workers, several times each
// after a warm-up run, with a schedule and a task size; speedup (with the
// ideal line and an Amdahl's-law fit), efficiency, a per-worker timeline of
// the median run of every k, a table, JSON/CSV export and a link that
// repeats the experiment.
import { barChart, lineChart } from '../lib/charts.js';
import { el, focusHere } from '../lib/dom.js';
import { ms, percent, times } from '../lib/format.js';
import { mountTimeline } from '../lib/timeline.js';
import { download } from '../lib/trace.js';
import { amdahl, amdahlSentence, finish, measure, sweepUnits, toCsv, workColour } from './sweep-analysis.js';
import { sweepMarkup } from './sweep-view.js';
import { announceRun, clean, escapeCancels, fillWorkloads, finder, hideErrors, reportErrors, setTrack, sizeHint, statusLine } from './parts.js';

/** @typedef {import('./registry.js').MountOptions} MountOptions */
/** @typedef {import('./registry.js').Demo} Demo */
/** @typedef {import('./sweep-analysis.js').SweepResult} SweepResult */
/** @typedef {import('./sweep-analysis.js').SweepSettings} SweepSettings */
/** @typedef {import('../types/RunDone').RunDone} RunDone */
/** @typedef {import('../types/InputError').InputError} InputError */

const SCHEDULES = ['static', 'dynamic', 'stealing'];

/**
 * @param {HTMLElement} container
 * @param {MountOptions} options
 * @returns {Demo}
 */
export function mount(container, { client, settings = {}, idPrefix = '' }) {
  const root = el('div', { class: 'demo-sweep', style: 'display: contents' });
  root.innerHTML = sweepMarkup(idPrefix);
  container.append(root);
  const $ = finder(root, idPrefix);
  const form = /** @type {HTMLFormElement} */ ($('sweep-form'));
  const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id));
  const fields = { workload: /** @type {HTMLSelectElement} */ ($('workload')), size: input('size'), workers: input('workers'), reps: input('reps'), chunk: input('chunk') };
  const radios = /** @type {HTMLInputElement[]} */ ([...root.querySelectorAll('input[name=schedule]')]);
  const runButton = /** @type {HTMLButtonElement} */ ($('run'));
  const cancelButton = /** @type {HTMLButtonElement} */ ($('cancel'));
  const timelineK = /** @type {HTMLSelectElement} */ ($('timeline-k'));
  const track = /** @type {HTMLElement} */ (root.querySelector('.sweep-track'));
  const setStatus = statusLine($('run-status'));
  const timeline = mountTimeline(/** @type {HTMLElement} */ (root.querySelector('[data-part="timeline"]')),
    { canvasId: `${idPrefix}timeline`, captionId: `${idPrefix}timeline-summary`, label: 'Timeline of the tasks each worker ran' });
  const list = client.info.workloads;
  const maxReps = client.info.layout.limits.max_reps;
  const current = () => list.find((w) => w.id === fields.workload.value) ?? list[0];
  const schedule = () => radios.find((r) => r.checked)?.value ?? 'dynamic';

  /** @type {AbortController | null} */
  let running = null;
  let destroyed = false;
  /** @type {SweepResult | null} */
  let last = null;
  /** @type {{speedup?: import('../lib/charts.js').Chart, efficiency?: import('../lib/charts.js').Chart}} */
  const charts = {};
  /** Runs finished in this sweep, and how many it has. @type {{done: number, total: number} | null} */
  let progress = null;

  function setUp() {
    fillWorkloads(fields.workload, list, settings.workload);
    showWorkload(settings.size);
    fields.workers.value = settings.workers ?? String(Math.max(client.threads, 1));
    fields.reps.value = settings.reps ?? '3';
    fields.chunk.value = settings.chunk ?? '1';
    if (settings.schedule && SCHEDULES.includes(settings.schedule)) for (const r of radios) r.checked = r.value === settings.schedule;
    $('workers-hint').textContent = `1 to ${client.threads}: the sweep runs k = 1, 2, … up to this.`;
    $('reps-hint').textContent = `Per k, after one warm-up run; at most ${maxReps}.`;
    if (!client.threaded) {
      // No pool: there is no "1 to 0" to offer.
      fields.workers.value = '';
      fields.workers.placeholder = 'Threads are off';
      $('workers-hint').textContent = 'Threads are off: no worker threads to sweep over.';
      setStatus(`${client.why ?? 'Threads are off.'} There is nothing to sweep here; the race page still runs the sequential version.`, true);
      return;
    }
    fields.workload.disabled = false;
    runButton.disabled = false;
    root.dataset.ready = 'true';
  }

  /** @param {string} [size] */
  function showWorkload(size) {
    const w = current();
    $('size-detail').textContent = w.size_label;
    fields.size.value = size ?? String(w.default_size);
    $('lesson').textContent = w.lesson;
    updateHint();
  }

  function updateHint() {
    const k = Number(clean(fields.workers.value)), reps = Number(clean(fields.reps.value));
    const units = k >= 1 && reps >= 1 ? sweepUnits(k, reps) : NaN;
    $('size-hint').textContent = sizeHint(current(), Number.isFinite(units) ? fields.size.value : '', units, 'The whole sweep needs, at ideal speedup,');
  }

  /** Reads the form; resolves to settings, or shows errors and resolves to null. @returns {Promise<SweepSettings | null>} */
  async function readSettings() {
    const raw = { workload: fields.workload.value, size: fields.size.value, workers: fields.workers.value, schedule: /** @type {SweepSettings['schedule']} */ (schedule()), chunk: fields.chunk.value };
    // Rust checks everything it runs; repetitions are the sweep's own, limited by Rust's max_reps.
    const errors = [...await client.check({ ...raw, mode: 'parallel' })];
    const reps = Number(clean(fields.reps.value));
    if (!Number.isInteger(reps) || reps < 1 || reps > maxReps) {
      errors.push({ field: 'reps', message: clean(fields.reps.value) === '' || Number.isNaN(reps)
        ? `Enter a whole number of repetitions from 1 to ${maxReps}.`
        : `Must be a whole number from 1 to ${maxReps} (got ${fields.reps.value}).` });
    }
    if (errors.length) {
      reportErrors(root, errors, $('form-error'), setStatus);
      return null;
    }
    return { ...raw, reps, maxWorkers: Number(clean(raw.workers)), chunk: Number(clean(raw.chunk)) };
  }

  /** @returns {Promise<{status: string, result?: SweepResult}>} */
  async function run() {
    if (running) return { status: 'busy' };
    running = new AbortController();
    let status = 'cancelled';
    try {
      hideErrors(root, $('form-error'));
      await client.ready();
      const wanted = await readSettings();
      if (!wanted) return { status: (status = 'invalid') };
      setSweeping(true);
      const result = await sweep(wanted, running.signal);
      if (!result || destroyed) return { status };
      last = result;
      await render(result);
      if (destroyed) return { status };
      const top = result.points[result.points.length - 1];
      setStatus(`Done: ${result.points.length} worker counts × ${wanted.reps} runs. Speedup at k = ${top.k}: ${times(top.speedup)}.`);
      return { status: (status = 'done'), result };
    } finally {
      running = null;
      progress = null;
      if (!destroyed) {
        setSweeping(false);
        announceRun(root, status);
      }
    }
  }

  /** @param {SweepSettings} s @param {AbortSignal} signal @returns {Promise<SweepResult | null>} */
  async function sweep(s, signal) {
    const points = [];
    progress = { done: 0, total: s.maxWorkers * (s.reps + 1) };
    requestAnimationFrame(animate);
    for (let k = 1; k <= s.maxWorkers; k++) {
      /** @type {RunDone[]} */
      const runs = [];
      for (let rep = 0; rep <= s.reps; rep++) {
        setStatus(`k = ${k}: ${rep === 0 ? 'warm-up run' : `run ${rep} of ${s.reps}`}…`);
        const reply = await client.run({ workload: s.workload, size: s.size, mode: 'parallel', workers: k, schedule: s.schedule, chunk: s.chunk }, { signal });
        if (progress) progress.done++;
        if (reply.status !== 'done' || signal.aborted) {
          if (reply.status === 'invalid') reportErrors(root, reply.errors, $('form-error'), setStatus);
          else if (reply.status === 'failed') setStatus(reply.message, true);
          else setStatus('Cancelled. The pool is ready for another sweep.');
          return null;
        }
        // The first run of each k warms caches, JIT tiers and the pool's
        // threads; it is measured but not counted.
        if (rep > 0) runs.push(reply);
      }
      points.push(measure(k, runs));
    }
    return finish(s, points, client.threads);
  }

  function animate() {
    if (destroyed) return;
    if (!progress) { setTrack(track, running ? 0 : 1); return; }
    const { done, total } = client.progress(running?.signal);
    setTrack(track, (progress.done + (total > 0 ? done / total : 0)) / progress.total);
    requestAnimationFrame(animate);
  }

  /** @param {boolean} on */
  function setSweeping(on) {
    runButton.disabled = on;
    cancelButton.disabled = !on;
    for (const f of [...Object.values(fields), ...radios]) f.disabled = on;
    form.setAttribute('aria-busy', String(on));
    if (on) { setTrack(track, 0); focusHere(cancelButton); } else if (document.activeElement === document.body || document.activeElement === cancelButton) focusHere(runButton);
  }

  function cancel() {
    if (!running || running.signal.aborted) return;
    setStatus('Cancelling…');
    running.abort();
  }

  /**
   * Draws the results a piece per task, so no one task keeps the main thread
   * long (each chart and the timeline take a few ms, more on a busy machine).
   * @param {SweepResult} result
   */
  async function render(result) {
    const pause = () => new Promise((resolve) => setTimeout(resolve));
    renderTable(result);
    for (const draw of [() => renderSpeedup(result), () => renderEfficiency(result.points)]) {
      await pause();
      if (destroyed) return;
      draw();
    }
    await pause();
    if (destroyed) return;
    timelineK.replaceChildren(...result.points.map((p) => new Option(`k = ${p.k} (median run)`, String(p.k))));
    timelineK.value = String(result.points[result.points.length - 1].k);
    timelineK.disabled = false;
    drawTimeline();
    for (const id of ['export-json', 'export-csv']) /** @type {HTMLButtonElement} */ ($(id)).disabled = false;
  }

  /** @param {SweepResult} result */
  function renderSpeedup({ points, serialFraction: s }) {
    const K = points[points.length - 1].k;
    // A fine x grid so the Amdahl curve is smooth; measurements sit on whole k.
    const xs = [];
    for (let x = 1; x <= K + 1e-9; x += 0.125) xs.push(Math.round(x * 1000) / 1000);
    const at = (/** @type {number} */ x, /** @type {(p: import('./sweep-analysis.js').Point) => number} */ f) => { const p = points.find((q) => q.k === x); return p ? f(p) : null; };
    const faint = { colour: '--seq', style: /** @type {const} */ ('points'), fill: 0 };
    const speedup = {
      x: xs, integerX: true, xLabel: 'workers (k)', yLabel: 'speedup (×)', height: 280, xRange: /** @type {[number, number]} */ ([1, Math.max(2, K)]),
      yRange: (/** @type {number} */ _min, /** @type {number} */ max) => /** @type {[number, number]} */ ([0, Math.max(2, Math.ceil(max * 1.1))]),
      formatY: (/** @type {number} */ v) => `${v.toFixed(2)}×`,
      reference: { label: 'ideal (k×)', values: xs },
      series: [
        { label: s == null ? 'Amdahl fit' : `Amdahl fit (serial ${(s * 100).toFixed(1)}%)`, values: xs.map((x) => (s == null ? null : amdahl(s, x))), colour: '#e0883a' },
        { ...faint, label: 'slowest run', values: xs.map((x) => at(x, (p) => p.speedupLow)) },
        { ...faint, label: 'fastest run', values: xs.map((x) => at(x, (p) => p.speedupHigh)) },
        { label: 'measured (median)', values: xs.map((x) => at(x, (p) => p.speedup)), colour: '--seq', style: /** @type {const} */ ('both'), width: 2.5 },
      ],
    };
    charts.speedup?.destroy();
    charts.speedup = lineChart($('speedup-chart'), speedup);
    $('chart-empty').hidden = true;
    $('amdahl').textContent = amdahlSentence(s);
  }

  /** @param {import('./sweep-analysis.js').Point[]} points */
  function renderEfficiency(points) {
    charts.efficiency?.destroy();
    charts.efficiency = barChart($('efficiency-chart'), {
      x: points.map((p) => p.k), integerX: true, xLabel: 'workers (k)', yLabel: 'efficiency (%)', height: 200,
      // 0–110 %, higher when a noisy run measures more than 100 % (its bar ran off the top).
      yRange: (/** @type {number} */ _min, /** @type {number} */ max) => /** @type {[number, number]} */ ([0, Math.max(110, Math.ceil(max / 10) * 10 + 10)]),
      series: [{ label: 'parallel efficiency (%)', values: points.map((p) => Math.round(p.efficiency * 1000) / 10), colour: '--par' }],
    });
  }

  /** @param {SweepResult} result */
  function renderTable({ points, serialFraction }) {
    const body = /** @type {HTMLTableElement} */ ($('results')).tBodies[0];
    body.replaceChildren(...points.map((p) => {
      const row = document.createElement('tr');
      const spread = p.median > 0 ? `±${(((p.max - p.min) / 2 / p.median) * 100).toFixed(1)}%` : '–';
      const cells = [p.k, ms(p.min), ms(p.median), ms(p.max), spread, `${p.speedup.toFixed(2)}×`,
        percent(p.efficiency), serialFraction == null ? '–' : times(amdahl(serialFraction, p.k)), p.agreesWithOne ? 'yes' : 'NO'];
      for (const c of cells) row.insertCell().textContent = String(c);
      return row;
    }));
  }

  function drawTimeline() {
    const point = last?.points.find((p) => p.k === Number(timelineK.value));
    if (!point) return;
    const { started_ms: t0, elapsed_ms: total, spans } = point.timeline;
    timeline.draw({
      title: `k = ${point.k}`, noun: 'tasks', start: t0, end: t0 + total,
      lanes: Array.from({ length: point.k }, (_, w) => `worker ${w + 1}`),
      spans: spans.map((s) => ({
        lane: s.worker, start: s.start_ms, end: s.end_ms, label: `blocks ${s.first_block}–${s.first_block + s.blocks - 1}`,
        colour: workColour(point.blocks > 1 ? s.first_block / (point.blocks - 1) : 0),
      })),
    });
  }

  const currentSettings = () => ({ workload: fields.workload.value, size: fields.size.value, workers: fields.workers.value, reps: fields.reps.value, schedule: schedule(), chunk: fields.chunk.value });
  function shareLink() {
    const url = new URL(location.href);
    url.search = `?${new URLSearchParams({ ...currentSettings(), run: '1' })}`;
    return url.href;
  }
  async function copyLink() {
    const link = shareLink();
    try {
      await navigator.clipboard.writeText(link);
      setStatus('Link copied: opening it runs this sweep.');
    } catch {
      setStatus(`Link (opening it runs this sweep): ${link}`);
    }
  }
  const exportJson = () => last && download(`threadlab-${last.settings.workload}-sweep.json`, 'application/json', JSON.stringify({ threadlab: 'speedup-sweep/1', link: shareLink(), ...last }, null, 2), root);
  const exportCsv = () => last && download(`threadlab-${last.settings.workload}-sweep.csv`, 'text/csv', toCsv(last, clean), root);
  const onSubmit = (/** @type {SubmitEvent} */ e) => { e.preventDefault(); run(); };
  const onWorkload = () => { hideErrors(root, $('form-error')); showWorkload(); };

  form.addEventListener('submit', onSubmit);
  cancelButton.addEventListener('click', cancel);
  fields.workload.addEventListener('change', onWorkload);
  for (const f of [fields.size, fields.workers, fields.reps]) f.addEventListener('input', updateHint);
  timelineK.addEventListener('change', drawTimeline);
  $('export-json').addEventListener('click', exportJson);
  $('export-csv').addEventListener('click', exportCsv);
  $('copy-link').addEventListener('click', copyLink);
  const stopEscape = escapeCancels(cancel);
  setUp();

  return {
    run,
    cancel,
    settings: currentSettings,
    destroy() {
      destroyed = true;
      running?.abort();
      stopEscape();
      charts.speedup?.destroy();
      charts.efficiency?.destroy();
      timeline.destroy();
      form.removeEventListener('submit', onSubmit);
      root.remove();
    },
  };
}
