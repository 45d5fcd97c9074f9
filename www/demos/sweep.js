// The speedup sweep: a workload over k = 1..K workers, several times each
// after a warm-up run, with a schedule and a task size; speedup (with the
// ideal line and an Amdahl's-law fit), efficiency, a per-worker timeline of
// the median run of every k, a table, JSON/CSV export and a link that
// repeats the experiment.
//
// Three parts: this controller (a press of Run through ../lib/lifecycle.js,
// the sweep's loop, the exports), the form (./sweep-view.js) and the
// drawing (./sweep-draw.js).
import { escapeCancels, lifecycle } from '../lib/lifecycle.js';
import { times } from '../lib/format.js';
import { download } from '../lib/trace.js';
import { finish, measure, toCsv } from './sweep-analysis.js';
import { drawTimeline, render } from './sweep-draw.js';
import { readSettings, setBusy, setUpForm, showWorkload, sweepView, typedSettings, updateHint } from './sweep-view.js';
import { clean, hideErrors, reportErrors, setTrack } from './parts.js';

/** @typedef {import('./registry.js').MountOptions} MountOptions */
/** @typedef {import('./registry.js').Demo} Demo */
/** @typedef {import('../lib/client.js').PoolClient} PoolClient */
/** @typedef {import('../lib/lifecycle.js').RunContext} RunContext */
/** @typedef {import('./sweep-view.js').SweepView} SweepView */
/** @typedef {import('./sweep-analysis.js').SweepResult} SweepResult */
/** @typedef {import('./sweep-analysis.js').SweepSettings} SweepSettings */
/** @typedef {import('../types/RunDone').RunDone} RunDone */
/** What a sweep keeps between runs. @typedef {{destroyed: boolean, last: SweepResult | null, charts: import('./sweep-draw.js').Charts}} SweepState */

/**
 * @param {HTMLElement} container
 * @param {MountOptions} options
 * @returns {Demo}
 */
export function mount(container, { client, settings = {}, idPrefix = '' }) {
  const view = sweepView(container, client, idPrefix);
  const { $, fields } = view;
  /** @type {SweepState} */
  const state = { destroyed: false, last: null, charts: {} };
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
  const run = () => life.start((ctx) => sweepOnce(client, view, state, ctx));
  const shareLink = () => {
    const url = new URL(location.href);
    url.search = `?${new URLSearchParams({ ...typedSettings(view), run: '1' })}`;
    return url.href;
  };
  const onSubmit = (/** @type {SubmitEvent} */ e) => {
    e.preventDefault();
    run();
  };
  view.form.addEventListener('submit', onSubmit);
  fields.workload.addEventListener('change', () => {
    hideErrors(view.root, $('form-error'));
    showWorkload(view);
  });
  for (const f of [fields.size, fields.workers, fields.reps]) f.addEventListener('input', () => updateHint(view));
  view.timelineK.addEventListener('change', () => drawTimeline(view, state.last));
  $('export-json').addEventListener(
    'click',
    () =>
      state.last &&
      download(
        `threadlab-${state.last.settings.workload}-sweep.json`,
        'application/json',
        JSON.stringify({ threadlab: 'speedup-sweep/1', link: shareLink(), ...state.last }, null, 2),
        view.root,
      ),
  );
  $('export-csv').addEventListener(
    'click',
    () =>
      state.last &&
      download(`threadlab-${state.last.settings.workload}-sweep.csv`, 'text/csv', toCsv(state.last, clean), view.root),
  );
  $('copy-link').addEventListener('click', () => {
    void copyLink(view, shareLink());
  });
  const cancel = () => life.cancel();
  const stopEscape = escapeCancels(cancel);
  setUpForm(view, client, settings);

  return {
    run,
    cancel,
    settings: () => typedSettings(view),
    destroy() {
      state.destroyed = true;
      life.destroy();
      stopEscape();
      state.charts.speedup?.destroy();
      state.charts.efficiency?.destroy();
      view.timeline.destroy();
      view.form.removeEventListener('submit', onSubmit);
      view.root.remove();
    },
  };
}

/** @param {SweepView} view @param {string} link */
async function copyLink(view, link) {
  try {
    await navigator.clipboard.writeText(link);
    view.setStatus('Link copied: opening it runs this sweep.');
  } catch {
    view.setStatus(`Link (opening it runs this sweep): ${link}`);
  }
}

/**
 * One press of Run: settings, the sweep, the result drawn.
 * @param {PoolClient} client @param {SweepView} view @param {SweepState} state @param {RunContext} ctx
 * @returns {Promise<{status: 'done', result: SweepResult} | {status: 'invalid' | 'cancelled' | 'failed'}>}
 */
async function sweepOnce(client, view, state, ctx) {
  hideErrors(view.root, view.$('form-error'));
  await client.ready();
  const wanted = await readSettings(view, client);
  if (!wanted) return { status: 'invalid' };
  setBusy(view, true);
  const result = await sweep(client, view, wanted, ctx);
  if (result.status !== 'done' || state.destroyed) return result;
  state.last = result.result;
  await render(view, state.charts, result.result, () => state.destroyed);
  const points = result.result.points;
  const top = points[points.length - 1];
  if (!state.destroyed)
    view.setStatus(
      `Done: ${points.length} worker counts × ${wanted.reps} runs. Speedup at k = ${top.k}: ${times(top.speedup)}.`,
    );
  return result;
}

/**
 * Runs every k, a warm-up and `reps` measured runs each, with the progress
 * bar over the whole sweep.
 * @param {PoolClient} client @param {SweepView} view @param {SweepSettings} s @param {RunContext} ctx
 * @returns {Promise<{status: 'done', result: SweepResult} | {status: 'invalid' | 'cancelled' | 'failed'}>}
 */
async function sweep(client, view, s, { signal, watch }) {
  const points = [];
  const progress = { done: 0, total: s.maxWorkers * (s.reps + 1) };
  watch(() => {
    const { done, total } = client.progress(signal);
    setTrack(view.track, (progress.done + (total > 0 ? done / total : 0)) / progress.total);
  });
  for (let k = 1; k <= s.maxWorkers; k++) {
    /** @type {RunDone[]} */
    const runs = [];
    for (let rep = 0; rep <= s.reps; rep++) {
      view.setStatus(`k = ${k}: ${rep === 0 ? 'warm-up run' : `run ${rep} of ${s.reps}`}…`);
      const reply = await client.run(
        { workload: s.workload, size: s.size, mode: 'parallel', workers: k, schedule: s.schedule, chunk: s.chunk },
        { signal },
      );
      progress.done++;
      if (reply.status !== 'done' || signal.aborted) {
        if (reply.status === 'invalid') reportErrors(view.root, reply.errors, view.$('form-error'), view.setStatus);
        else if (reply.status === 'failed') view.setStatus(reply.message, true);
        else view.setStatus('Cancelled. The pool is ready for another sweep.');
        return { status: reply.status === 'done' ? 'cancelled' : reply.status };
      }
      // The first run of each k warms caches, JIT tiers and the pool's
      // threads; it is measured but not counted.
      if (rep > 0) runs.push(reply);
    }
    points.push(measure(k, runs));
  }
  setTrack(view.track, 1);
  return { status: 'done', result: finish(s, points, client.threads) };
}
