// The race: one workload on one worker, then on k workers; live lanes, the
// speedup, the efficiency, whether both answers agree, the blocks each worker
// computed, the picture (Mandelbrot, blur), a history of runs, the lesson and
// the workload's Python.
//
// The main thread only reads the form and draws. Runs go through the page's
// PoolClient; progress is read on every animation frame, so nothing here
// waits on the work. When a parallel run is so short that handing it out
// costs more than it saves, the result says so, with the measured cost of
// an empty parallel run.
import { el, focusHere, revealIfOffScreen } from '../lib/dom.js';
import { grouped, ms, percent, times } from '../lib/format.js';
import { raceMarkup } from './race-view.js';
import { announceRun, clean, escapeCancels, fillWorkloads, finder, hideErrors, reportErrors, setTrack, sizeHint, statusLine } from './parts.js';

/** @typedef {import('./registry.js').MountOptions} MountOptions */
/** @typedef {import('./registry.js').Demo} Demo */
/** @typedef {import('../lib/client.js').RunReply} RunReply */
/** @typedef {import('../types/RunDone').RunDone & {status: 'done', data_in?: {created_ms: number, copied_ms: number | undefined, bytes: number}}} Done */
/** @typedef {{width: number, height: number, bitmap: ImageBitmap}} Picture */

/**
 * @param {HTMLElement} container
 * @param {MountOptions & {compact?: boolean}} options
 * @returns {Demo}
 */
export function mount(container, { client, settings = {}, idPrefix = '', compact = false }) {
  const root = el('div', { class: 'demo-race', style: 'display: contents' });
  root.innerHTML = raceMarkup(idPrefix, compact);
  container.append(root);
  const $ = finder(root, idPrefix);
  const form = /** @type {HTMLFormElement} */ (root.querySelector('form'));
  const workloadSelect = /** @type {HTMLSelectElement} */ ($('workload'));
  const sizeInput = /** @type {HTMLInputElement} */ ($('size'));
  const workersInput = /** @type {HTMLInputElement} */ ($('workers'));
  const runButton = /** @type {HTMLButtonElement} */ ($('run'));
  const cancelButton = /** @type {HTMLButtonElement} */ ($('cancel'));
  const lanes = { seq: $('lane-seq'), par: $('lane-par') };
  const setStatus = statusLine($('run-status'));
  const optional = (/** @type {string} */ id) => root.querySelector(`[id="${idPrefix}${id}"]`);

  /** @type {AbortController | null} */
  let running = null;
  let destroyed = false;
  /** @type {{lane: HTMLElement, label: HTMLElement, started: number, signal: AbortSignal} | null} */
  let phase = null;
  /** Measured cost of an empty parallel run, by worker count. @type {Map<number, number>} */
  const dispatchCost = new Map();

  // Read once: during a restart of the client its info is briefly absent.
  const list = client.info.workloads;
  const current = () => list.find((w) => w.id === workloadSelect.value) ?? list[0];

  function setUp() {
    fillWorkloads(workloadSelect, list, settings.workload);
    showWorkload(settings.size);
    if (client.threaded) {
      workersInput.value = settings.workers ?? String(client.threads);
      $('workers-hint').textContent = `1 to ${client.threads} — this browser reports ${navigator.hardwareConcurrency} logical cores.`;
    } else {
      workersInput.value = '';
      workersInput.placeholder = 'Threads are off';
      $('workers-hint').textContent = `${client.why ?? 'Threads are off.'} The sequential run still works.`;
      lanes.par.classList.add('off');
    }
    workersInput.disabled = !client.threaded;
    showWorkerCount();
    workloadSelect.disabled = false;
    runButton.disabled = false;
    root.dataset.ready = 'true';
  }

  /** @param {string} [size] */
  function showWorkload(size) {
    const w = current();
    $('size-detail').textContent = w.size_label;
    sizeInput.value = size ?? String(w.default_size);
    const lesson = optional('lesson'), python = optional('python');
    if (lesson) lesson.textContent = w.lesson;
    if (python) python.textContent = w.python;
    updateSizeHint();
  }

  function updateSizeHint() {
    $('size-hint').textContent = sizeHint(current(), sizeInput.value, 1, 'One worker needs');
  }

  function showWorkerCount() {
    const n = Number(clean(workersInput.value));
    if (!client.threaded) $('par-name').textContent = 'N workers';
    else if (Number.isInteger(n) && n >= 1 && n <= client.threads) $('par-name').textContent = `${n} worker${n === 1 ? '' : 's'}`;
  }

  function resetResult() {
    for (const lane of Object.values(lanes)) setTrack(lane, 0);
    $('seq-time').textContent = '–';
    $('par-time').textContent = '–';
    for (const id of ['speedup', 'efficiency', 'agree']) {
      $(id).textContent = '–';
      $(id).className = '';
    }
    for (const id of ['answer-box', 'picture', 'picture-figure', 'before-figure', 'data-in', 'overhead']) $(id).hidden = true;
  }

  function animate() {
    if (!phase || destroyed) return;
    const { done, total } = client.progress(phase.signal);
    if (total > 0) setTrack(phase.lane, done / total);
    phase.label.textContent = ms(performance.now() - phase.started);
    requestAnimationFrame(animate);
  }

  /** @param {import('../types/RunRequest').RunRequest} request @param {HTMLElement} lane @param {HTMLElement} label @param {AbortSignal} signal */
  async function runPhase(request, lane, label, signal) {
    phase = { lane, label, started: performance.now(), signal };
    requestAnimationFrame(animate);
    try {
      return await client.run(request, { signal });
    } finally {
      phase = null;
    }
  }

  /** @returns {Promise<RunReply | {status: 'busy'}>} */
  async function run() {
    if (running) return { status: 'busy' };
    const stop = new AbortController();
    running = stop;
    let reply = /** @type {RunReply} */ ({ status: 'cancelled' });
    try {
      reply = await race(stop.signal);
    } finally {
      setRunning(null);
      if (!destroyed) announceRun(root, reply.status);
    }
    return reply;
  }

  /** @param {AbortSignal} signal @returns {Promise<RunReply>} */
  async function race(signal) {
    hideErrors(root, $('form-error'));
    await client.ready();
    const base = { workload: workloadSelect.value, size: sizeInput.value };
    /** @type {import('../types/RunRequest').RunRequest} */
    const seqRequest = { ...base, mode: 'sequential' };
    const parRequest = client.threaded ? { ...seqRequest, mode: /** @type {const} */ ('parallel'), workers: workersInput.value } : null;
    // Check both runs before starting either, so a bad worker count is
    // reported now and not after a long sequential run.
    const errors = [...await client.check(seqRequest), ...(parRequest ? await client.check(parRequest) : [])];
    if (errors.length) {
      reportErrors(root, errors, $('form-error'), setStatus);
      // The figures still on show are of the last run, not of these settings.
      if (!$('answer-box').hidden) setStatus('Fix the highlighted field to run. The figures below are from the last run.', true);
      return { status: 'invalid', errors };
    }
    setRunning(running);
    resetResult();
    showWorkerCount();
    revealIfOffScreen(lanes.seq);
    const w = current();
    setStatus(`Running ${w.title} on 1 worker…`);
    const seq = await runPhase(seqRequest, lanes.seq, $('seq-time'), signal);
    if (!finishPhase(seq, lanes.seq, $('seq-time'), signal)) return seq;
    if (parRequest && signal.aborted) {
      setStatus('Cancelled. Nothing else is running; change the settings or run again.');
      return { status: 'cancelled' };
    }
    /** @type {RunReply | null} */
    let par = null;
    if (parRequest) {
      setStatus(`Running ${w.title} on ${clean(parRequest.workers ?? '')} workers…`);
      par = await runPhase(parRequest, lanes.par, $('par-time'), signal);
      if (!finishPhase(par, lanes.par, $('par-time'), signal)) return par;
    }
    await showResult(/** @type {Done} */ (seq), /** @type {Done | null} */ (par), signal);
    return par ?? seq;
  }

  /**
   * Shows how a phase ended; false when the race stops here.
   * @param {RunReply} reply @param {HTMLElement} lane @param {HTMLElement} label @param {AbortSignal} signal
   */
  function finishPhase(reply, lane, label, signal) {
    if (reply.status === 'done') {
      label.textContent = ms(reply.elapsed_ms);
      setTrack(lane, 1);
      return true;
    }
    label.textContent = '–';
    setTrack(lane, 0);
    if (reply.status === 'cancelled' || signal.aborted) setStatus('Cancelled. Nothing else is running; change the settings or run again.');
    else if (reply.status === 'invalid') reportErrors(root, reply.errors, $('form-error'), setStatus);
    else setStatus(reply.message ?? 'The run failed.', true);
    return false;
  }

  /** @param {Done} seq @param {Done | null} par @param {AbortSignal} signal */
  async function showResult(seq, par, signal) {
    const w = current();
    $('answer').textContent = seq.answer.display;
    $('answer-box').hidden = false;
    showPictures((par ?? seq).answer);
    const d = (par ?? seq).data_in;
    if (d) {
      $('data-in').textContent = `Getting the data in (each run): the ${(d.bytes / 1e6).toFixed(1)} MB array was made in JavaScript in ${ms(d.created_ms)} ` +
        `and copied into wasm memory in ${ms(d.copied_ms ?? NaN)} — the browser's version of pickling it to worker processes. The times above are the sums alone.`;
      $('data-in').hidden = false;
    }
    if (!par) {
      setTrack(lanes.seq, 1);
      for (const id of ['speedup', 'efficiency', 'agree']) $(id).textContent = 'n/a';
      $('share').hidden = true;
      setStatus(compact ? `One worker: ${ms(seq.elapsed_ms)}. ${seq.answer.display}` : `Done: one worker took ${ms(seq.elapsed_ms)}. Threads are off, so there is nothing to race.`);
      addHistory(w.title, seq, null);
      return;
    }
    // Scale the lanes to time: the slower run fills its track.
    const slowest = Math.max(seq.elapsed_ms, par.elapsed_ms);
    setTrack(lanes.seq, seq.elapsed_ms / slowest);
    setTrack(lanes.par, par.elapsed_ms / slowest);
    const speedup = seq.elapsed_ms / par.elapsed_ms;
    const agree = seq.answer.value === par.answer.value;
    $('speedup').textContent = times(speedup);
    $('efficiency').textContent = percent(speedup / par.workers);
    $('agree').textContent = agree ? 'Yes ✓' : 'No ✗';
    $('agree').className = agree ? 'yes' : 'no';
    if (!agree) $('answer').textContent = `1 worker: ${seq.answer.display} — ${par.workers} workers: ${par.answer.display}`;
    $('share-bars').replaceChildren(...par.blocks_per_worker.map((blocks, i) => {
      const span = el('span', { text: `#${i + 1}: ${blocks}`, title: `Worker ${i + 1} computed ${blocks} of ${par.blocks} blocks` });
      span.style.flexGrow = String(Math.max(blocks, 0.001));
      return span;
    }));
    $('share').hidden = false;
    setStatus(compact
      ? `${times(speedup)} faster on ${par.workers} workers (efficiency ${Math.round((100 * speedup) / par.workers)}%); results ${agree ? 'agree' : 'DIFFER'}.`
      : `Done: ${par.workers} workers finished in ${ms(par.elapsed_ms)}, one worker in ${ms(seq.elapsed_ms)}.`);
    addHistory(w.title, seq, par);
    await explainOverhead(seq, par, signal);
  }

  /**
   * When k workers were not much faster than one, says why: handing the work
   * out and collecting it costs about what an empty parallel run takes.
   * @param {Done} seq @param {Done} par @param {AbortSignal} signal
   */
  async function explainOverhead(seq, par, signal) {
    const k = par.workers;
    const speedup = seq.elapsed_ms / par.elapsed_ms;
    if (k < 2 || !(speedup < 1 || (speedup / k < 0.5 && par.elapsed_ms < 50))) return;
    let cost = dispatchCost.get(k);
    if (cost === undefined) {
      const samples = [];
      for (let i = 0; i < 3 && !signal.aborted; i++) {
        const empty = await client.run({ workload: 'sum-of-squares', size: '1', mode: 'parallel', workers: k }, { signal });
        if (empty.status === 'done') samples.push(empty.elapsed_ms);
      }
      // Without a measurement: what the k workers took beyond their share of one worker's time.
      cost = samples.length ? Math.min(...samples) : Math.max(0, par.elapsed_ms - seq.elapsed_ms / k);
      if (samples.length) dispatchCost.set(k, cost);
    }
    if (destroyed) return;
    const ideal = seq.elapsed_ms / k, lost = par.elapsed_ms - ideal;
    const larger = 10 ** Math.max(1, Math.ceil(Math.log10((20 * cost) / Math.max(seq.elapsed_ms, 1e-3))));
    $('overhead').textContent = cost >= lost / 2
      ? `Overhead dominates: this job takes ${ms(seq.elapsed_ms)} on one worker, and just handing work to ${k} workers and ` +
        `collecting it costs about ${ms(cost)} (an empty parallel run, measured here), so ${k} workers cannot win — try a size about ${grouped(larger)}× larger.`
      : `Not the hand-out: an empty parallel run takes only ${ms(cost)} here, yet the ${k} workers needed ${ms(lost)} more than their ideal ${ms(ideal)}, ` +
        'so something else slowed them down — other programs busy on the same cores, or a first run warming up; run it again to see.';
    $('overhead').hidden = false;
  }

  /** @param {import('../types/Answer').Answer} answer */
  function showPictures(answer) {
    const image = /** @type {Picture | null} */ (/** @type {unknown} */ (answer.image));
    const before = /** @type {Picture | null} */ (/** @type {unknown} */ (answer.before));
    if (image) drawImage(/** @type {HTMLCanvasElement} */ ($('picture')), image.bitmap);
    $('picture-figure').hidden = !image;
    if (before) drawImage(/** @type {HTMLCanvasElement} */ ($('before')), before.bitmap);
    $('before-figure').hidden = !before;
    $('picture-caption').textContent = before ? 'After' : 'Result';
  }

  /** @param {HTMLCanvasElement} canvas @param {ImageBitmap} bitmap */
  function drawImage(canvas, bitmap) {
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    canvas.hidden = false;
  }

  /** @param {string} title @param {Done} seq @param {Done | null} par */
  function addHistory(title, seq, par) {
    const table = /** @type {HTMLTableElement | null} */ (optional('history'));
    if (!table) return;
    const speedup = par ? seq.elapsed_ms / par.elapsed_ms : NaN;
    const cells = [
      title, grouped(Number.isSafeInteger(Number(clean(sizeInput.value))) ? Number(clean(sizeInput.value)) : sizeInput.value), par ? String(par.workers) : '–', ms(seq.elapsed_ms),
      par ? ms(par.elapsed_ms) : 'threads off', par ? times(speedup) : '–', par ? percent(speedup / par.workers) : '–',
      par ? (seq.answer.value === par.answer.value ? 'yes' : 'NO') : '–',
    ];
    const row = table.tBodies[0].insertRow(0);
    for (const text of cells) row.insertCell().textContent = text;
    table.hidden = false;
    $('history-empty').hidden = true;
  }

  /** @param {AbortController | null} on */
  function setRunning(on) {
    running = on;
    if (destroyed) return;
    runButton.disabled = !!on;
    cancelButton.disabled = !on;
    workloadSelect.disabled = !!on;
    sizeInput.readOnly = !!on;
    workersInput.readOnly = !!on;
    form.setAttribute('aria-busy', String(!!on));
    if (on) focusHere(cancelButton);
    else if (document.activeElement === cancelButton || document.activeElement === document.body) focusHere(runButton);
  }

  function cancel() {
    if (!running || running.signal.aborted) return;
    setStatus('Cancelling…');
    running.abort();
  }

  const onSubmit = (/** @type {SubmitEvent} */ e) => { e.preventDefault(); run(); };
  const onWorkload = () => { hideErrors(root, $('form-error')); showWorkload(); };
  form.addEventListener('submit', onSubmit);
  cancelButton.addEventListener('click', cancel);
  workloadSelect.addEventListener('change', onWorkload);
  sizeInput.addEventListener('input', updateSizeHint);
  workersInput.addEventListener('input', showWorkerCount);
  const stopEscape = escapeCancels(cancel);
  setUp();

  return {
    run,
    cancel,
    settings: () => ({ workload: workloadSelect.value, size: sizeInput.value, ...(client.threaded ? { workers: workersInput.value } : {}) }),
    destroy() {
      destroyed = true;
      running?.abort();
      stopEscape();
      form.removeEventListener('submit', onSubmit);
      root.remove();
    },
  };
}
