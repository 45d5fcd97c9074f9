// The Measure (demo id "modes"): the same tasks five ways — sequential,
// threads, threads + GIL, processes, the event loop — filling in the
// tutorials' comparison table, a chart of CPU-bound vs I/O-bound speedup per
// mode and a closing note that quotes the numbers; then the same comparison
// in Python (src/modes/modes.py, exported by Rust); a timeline per mode of
// its CPU-bound and I/O-bound runs (./timelines.js); Copy link (run=1
// re-measures on opening).
//
// Who runs what: sequential and threads (with or without the simulated GIL)
// on the client's coordinator and pool; processes on this demo's own
// ProcessPool (./processes.js); the event loop is the page's own.
//
// This file is the controller (a press of Measure through
// ../../lib/lifecycle.js, Copy link); the markup is ./table-markup.js, the
// phases of a measurement ./table-measure.js, the drawing ./table-draw.js,
// and the numbers it draws ./table-view.js.
import { uniqueId } from '../../lib/form.js';
import { lifecycle } from '../../lib/lifecycle.js';
import { FIELDS, acceptSettings, demoHandle, poolState, readFields } from './common.js';
import { ProcessPool } from './processes.js';
import { renderTable } from './table-draw.js';
import { tableMarkup } from './table-markup.js';
import { measureAll } from './table-measure.js';

/** @typedef {import('../registry.js').MountOptions} MountOptions */
/** @typedef {import('../registry.js').Demo} Demo */
/** @typedef {import('./table-view.js').Results} Results */
/** @typedef {import('./common.js').Name} Name */

const NAMES = /** @type {Name[]} */ (Object.keys(FIELDS));

/**
 * @param {HTMLElement} container
 * @param {MountOptions} options
 * @returns {Demo}
 */
export function mount(container, { client, settings = {}, idPrefix = uniqueId('modes') + '-' }) {
  const view = tableMarkup(idPrefix, idPrefix.replace(/-$/, ''), NAMES, settings);
  const { root, form, status, timelines } = view;
  container.append(root);

  /** @type {Results} */ let results = {};
  const pool = new ProcessPool();
  /** @param {string} text */
  const say = (text) => {
    status.textContent = text;
  };
  const run = lifecycle({
    root,
    replyStatus: false,
    buttons: [view.measureButton],
    cancelButton: view.cancelButton,
    onCancel: () => {
      pool.cancel();
      say('Cancelling…');
    },
  });
  /** @type {import('./table-draw.js').ChartHolder} */
  const holder = { chart: null };
  const render = () => renderTable(view, client, results, run.busy, holder);

  const start = () =>
    run.start(async ({ signal, check }) => {
      say('');
      const s = await acceptSettings(client, form, NAMES, status);
      if (!s) return { status: /** @type {const} */ ('invalid') };
      results = /** @type {Results} */ ({ settings: s });
      render();
      try {
        return await measureAll({
          client,
          pool,
          s,
          r: results,
          signal,
          say,
          timelines,
          check,
          step: () => {
            check();
            render();
          },
        });
      } finally {
        render();
        timelines.flush();
      }
    }, say);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void start();
  });
  view.copyButton.addEventListener('click', () => {
    void copyLink(view.copyButton, form, say);
  });
  const info = /** @type {{python_modes?: string} | null} */ (poolState(client).info);
  view.python.textContent =
    info?.python_modes ?? '# The Python version comes with the wasm module (modesPython); this build has none.';
  render();

  return demoHandle({
    start,
    run,
    root,
    names: NAMES,
    cleanup: () => {
      pool.end();
      holder.chart?.destroy();
      timelines.clear();
    },
  });
}

/**
 * Copies this page's link with the current settings and run=1: opening it measures again.
 * @param {HTMLElement} button @param {HTMLElement} form @param {(text: string) => void} say
 */
async function copyLink(button, form, say) {
  const url = new URL(location.href);
  url.search = `?${new URLSearchParams({ ...readFields(form, NAMES), run: '1' })}`;
  const link = url.href;
  button.dataset.link = link;
  try {
    await navigator.clipboard.writeText(link);
    say('Link copied: opening it measures again with these settings.');
  } catch {
    say(`Link (opening it measures again): ${link}`);
  }
}
