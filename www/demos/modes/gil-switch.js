// The GIL switch (demo id "gil-switch"): the same tasks on one thread, then
// on k threads with the simulated lock on or off. With it, CPU-bound threads
// take turns (no faster than one); waits still overlap. Without it
// (free-threaded Python, PEP 703) threads compute at the same time.
import { el } from '../../lib/dom.js';
import { uniqueId } from '../../lib/form.js';
import { ms, times } from '../../lib/format.js';
import { acceptSettings, card, demoHandle, fieldGrid, idOf, threadsOffText } from './common.js';
import { lifecycle } from '../../lib/lifecycle.js';
import { threadRun } from './runs.js';

/** @typedef {import('../registry.js').MountOptions} MountOptions */
/** @typedef {import('../registry.js').Demo} Demo */
/** @typedef {import('./common.js').Name} Name */
/** @typedef {import('../../types/TaskListDone').TaskListDone['result']} RunResult */

/** @type {Name[]} */
const NAMES = ['tasks', 'units', 'wait_ms', 'workers', 'switch_ms'];

/**
 * The card: what the lock does, its settings, the switch and the run buttons.
 * @param {string} idPrefix
 * @param {Record<string, string>} settings
 */
function gilMarkup(idPrefix, settings) {
  const id = (/** @type {string} */ name) => idOf(idPrefix, name);
  const gilBox = el('input', { type: 'checkbox', id: id('gil'), name: 'gil' });
  gilBox.checked = settings.gil !== 'off';
  const cpuButton = el('button', { id: id('run-cpu'), type: 'button', text: 'Run the CPU tasks on threads' });
  const ioButton = el('button', { id: id('run-io'), type: 'button', text: 'Run the I/O tasks on threads' });
  const cancelButton = el('button', { id: id('gil-cancel'), type: 'button', text: 'Cancel' });
  const result = el('p', { id: id('gil-result'), role: 'status', 'aria-live': 'polite' });
  const root = card(idPrefix, 'gil-title', 'The GIL switch', 'gil-switch');
  root.append(
    el('p', {
      text: 'With the lock, a thread must hold it to compute, and hands it on every switch interval; it lets go while it waits. Without it (free-threaded Python, PEP 703) threads compute at the same time.',
    }),
    el(
      'details',
      { class: 'demo-settings' },
      el('summary', { text: 'Settings' }),
      fieldGrid(NAMES, `${idPrefix}gil`, settings),
    ),
    el(
      'div',
      { class: 'actions' },
      el('label', { class: 'switch' }, gilBox, ' Simulate the GIL'),
      cpuButton,
      ioButton,
      cancelButton,
    ),
    result,
  );
  return { root, gilBox, cpuButton, ioButton, cancelButton, result };
}

/**
 * What a run found: the threads against one thread, and the lock's hand-overs.
 * @param {'cpu' | 'io'} workload
 * @param {boolean} gil
 * @param {RunResult} seq  on one thread
 * @param {RunResult} r  on the threads
 * @param {number} tasks
 */
function gilSentence(workload, gil, seq, r, tasks) {
  return (
    `GIL ${gil ? 'on' : 'off'}: ${tasks} ${workload === 'cpu' ? 'CPU-bound' : 'I/O-bound'} tasks on ${r.workers} threads took ${ms(r.elapsed_ms)}, ` +
    `against ${ms(seq.elapsed_ms)} on one thread: ${times(seq.elapsed_ms / r.elapsed_ms)}.` +
    (gil
      ? ` The lock changed hands ${r.gil_switches} times (every ${r.switch_interval_ms} ms); threads waited ${ms(r.gil_wait_ms)} for it in all.`
      : ' No lock: every thread computes at once.')
  );
}

/**
 * @param {HTMLElement} container
 * @param {MountOptions} options
 * @returns {Demo}
 */
export function mount(container, { client, settings = {}, idPrefix = uniqueId('gil') + '-' }) {
  const { root, gilBox, cpuButton, ioButton, cancelButton, result } = gilMarkup(idPrefix, settings);
  container.append(root);

  const run = lifecycle({ root, replyStatus: false, buttons: [cpuButton, ioButton], cancelButton, onCancel: () => {} });
  /** @param {string} text */
  const say = (text) => {
    result.textContent = text;
  };

  /** @param {'cpu' | 'io'} workload */
  function start(workload) {
    return run.start(async ({ signal }) => {
      if (!client.threaded) {
        say(`${threadsOffText(client)} There is no pool to try the lock on.`);
        return { status: 'failed', message: 'threads are off' };
      }
      const s = await acceptSettings(client, root, NAMES, result);
      if (!s) return { status: 'invalid' };
      const gil = gilBox.checked;
      say('Running…');
      const seq = await threadRun(client, { workload, how: 'sequential', gil: false, settings: s }, signal);
      const par = await threadRun(client, { workload, how: 'threads', gil, settings: s }, signal);
      const r = par.result;
      say(gilSentence(workload, gil, seq.result, r, par.tasks.length));
      const last = { gil, workload, seq: seq.result, par: r };
      root.dataset.last = JSON.stringify(last);
      return { status: 'done', ...last };
    }, say);
  }
  const onCpu = () => {
    void start('cpu');
  };
  const onIo = () => {
    void start('io');
  };
  cpuButton.addEventListener('click', onCpu);
  ioButton.addEventListener('click', onIo);
  if (!client.threaded) {
    for (const b of [cpuButton, ioButton]) b.title = 'Needs threads: this page has no thread pool';
  }

  return demoHandle({
    start: () => start('cpu'),
    run,
    root,
    names: NAMES,
    extra: () => ({ gil: gilBox.checked ? 'on' : 'off' }),
  });
}
