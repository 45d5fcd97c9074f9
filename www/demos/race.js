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
//
// Three parts: this controller (a press of Run through ../lib/lifecycle.js,
// the two phases, the overhead measurement), the form (./race-view.js) and
// the drawing (./race-draw.js).
import { focusHere, revealIfOffScreen } from '../lib/dom.js';
import { escapeCancels, lifecycle } from '../lib/lifecycle.js';
import { ms } from '../lib/format.js';
import { CANCELLED_TEXT, phaseEnded, resetResult, showOverhead, showResult } from './race-draw.js';
import { raceView, setBusy, setUpForm, showWorkerCount, showWorkload, updateSizeHint } from './race-view.js';
import { clean, hideErrors, reportErrors, setTrack } from './parts.js';

/** @typedef {import('./registry.js').MountOptions} MountOptions */
/** @typedef {import('./registry.js').Demo} Demo */
/** @typedef {import('../lib/client.js').PoolClient} PoolClient */
/** @typedef {import('../lib/client.js').RunReply} RunReply */
/** @typedef {import('../types/RunRequest').RunRequest} RunRequest */
/** @typedef {import('./race-view.js').RaceView} RaceView */
/** @typedef {import('./race-draw.js').Done} Done */
/** @typedef {import('../lib/lifecycle.js').RunContext} RunContext */
/** What a race keeps between runs. @typedef {{destroyed: boolean, dispatchCost: Map<number, number>}} RaceState */

/**
 * @param {HTMLElement} container
 * @param {MountOptions & {compact?: boolean}} options
 * @returns {Demo}
 */
export function mount(container, { client, settings = {}, idPrefix = '', compact = false }) {
  const view = raceView(container, client, idPrefix, compact);
  /** Measured cost of an empty parallel run, by worker count. @type {RaceState} */
  const state = { destroyed: false, dispatchCost: new Map() };
  const life = lifecycle({
    root: view.root,
    buttons: [view.runButton],
    cancelButton: view.cancelButton,
    replyStatus: false,
    onState: (s) => {
      if (s === 'idle') setBusy(view, false);
    },
    onCancel: () => view.setStatus('Cancelling…'),
  });
  const run = () => life.start((ctx) => race(client, view, state, ctx));
  const onSubmit = (/** @type {SubmitEvent} */ e) => {
    e.preventDefault();
    run();
  };
  view.form.addEventListener('submit', onSubmit);
  view.workloadSelect.addEventListener('change', () => {
    hideErrors(view.root, view.$('form-error'));
    showWorkload(view);
  });
  view.sizeInput.addEventListener('input', () => updateSizeHint(view));
  view.workersInput.addEventListener('input', () => showWorkerCount(view, client));
  const cancel = () => life.cancel();
  const stopEscape = escapeCancels(cancel);
  setUpForm(view, client, settings);

  return {
    run,
    cancel,
    settings: () => ({
      workload: view.workloadSelect.value,
      size: view.sizeInput.value,
      ...(client.threaded ? { workers: view.workersInput.value } : {}),
    }),
    destroy() {
      state.destroyed = true;
      life.destroy();
      stopEscape();
      view.form.removeEventListener('submit', onSubmit);
      view.root.remove();
    },
  };
}

/**
 * One press of Run: check both runs' settings, run one worker, then k, show them.
 * @param {PoolClient} client @param {RaceView} view @param {RaceState} state @param {RunContext} ctx
 * @returns {Promise<RunReply>}
 */
async function race(client, view, state, { signal, watch }) {
  const { $, lanes } = view;
  hideErrors(view.root, $('form-error'));
  await client.ready();
  /** @type {RunRequest} */
  const seqRequest = { workload: view.workloadSelect.value, size: view.sizeInput.value, mode: 'sequential' };
  const parRequest = client.threaded
    ? { ...seqRequest, mode: /** @type {const} */ ('parallel'), workers: view.workersInput.value }
    : null;
  // Check both runs before starting either, so a bad worker count is
  // reported now and not after a long sequential run.
  const errors = [...(await client.check(seqRequest)), ...(parRequest ? await client.check(parRequest) : [])];
  if (errors.length) {
    reportErrors(view.root, errors, $('form-error'), view.setStatus);
    // The figures still on show are of the last run, not of these settings.
    if (!$('answer-box').hidden)
      view.setStatus('Fix the highlighted field to run. The figures below are from the last run.', true);
    return { status: 'invalid', errors };
  }
  setBusy(view, true);
  focusHere(view.cancelButton);
  resetResult(view);
  showWorkerCount(view, client);
  revealIfOffScreen(lanes.seq);
  /** @type {{lane: HTMLElement, label: HTMLElement, started: number} | null} */
  let phase = null;
  watch(() => {
    if (!phase || state.destroyed) return;
    const { done, total } = client.progress(signal);
    if (total > 0) setTrack(phase.lane, done / total);
    phase.label.textContent = ms(performance.now() - phase.started);
  });
  /** @param {RunRequest} request @param {HTMLElement} lane @param {HTMLElement} label */
  const runPhase = async (request, lane, label) => {
    phase = { lane, label, started: performance.now() };
    try {
      return await client.run(request, { signal });
    } finally {
      phase = null;
    }
  };
  const title = view.current().title;
  view.setStatus(`Running ${title} on 1 worker…`);
  const seq = await runPhase(seqRequest, lanes.seq, $('seq-time'));
  if (!phaseEnded(view, seq, lanes.seq, $('seq-time'), signal)) return seq;
  if (parRequest && signal.aborted) {
    view.setStatus(CANCELLED_TEXT);
    return { status: 'cancelled' };
  }
  /** @type {RunReply | null} */
  let par = null;
  if (parRequest) {
    view.setStatus(`Running ${title} on ${clean(parRequest.workers ?? '')} workers…`);
    par = await runPhase(parRequest, lanes.par, $('par-time'));
    if (!phaseEnded(view, par, lanes.par, $('par-time'), signal)) return par;
  }
  showResult(view, /** @type {Done} */ (seq), /** @type {Done | null} */ (par));
  if (par) await explainOverhead(client, view, state, /** @type {Done} */ (seq), /** @type {Done} */ (par), signal);
  return par ?? seq;
}

/**
 * When k workers were not much faster than one, says why: handing the work
 * out and collecting it costs about what an empty parallel run takes
 * (measured once per k, three times, the fastest kept).
 * @param {PoolClient} client @param {RaceView} view @param {RaceState} state
 * @param {Done} seq @param {Done} par @param {AbortSignal} signal
 */
async function explainOverhead(client, view, state, seq, par, signal) {
  const k = par.workers;
  const speedup = seq.elapsed_ms / par.elapsed_ms;
  if (k < 2 || !(speedup < 1 || (speedup / k < 0.5 && par.elapsed_ms < 50))) return;
  let cost = state.dispatchCost.get(k);
  if (cost === undefined) {
    const samples = [];
    for (let i = 0; i < 3 && !signal.aborted; i++) {
      const empty = await client.run(
        { workload: 'sum-of-squares', size: '1', mode: 'parallel', workers: k },
        { signal },
      );
      if (empty.status === 'done') samples.push(empty.elapsed_ms);
    }
    // Without a measurement: what the k workers took beyond their share of one worker's time.
    cost = samples.length ? Math.min(...samples) : Math.max(0, par.elapsed_ms - seq.elapsed_ms / k);
    if (samples.length) state.dispatchCost.set(k, cost);
  }
  if (!state.destroyed) showOverhead(view, seq, par, cost);
}
