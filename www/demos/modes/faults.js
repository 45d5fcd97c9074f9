// When things go wrong (demo id "faults"):
// - 8 items, one divides by zero: results listed as they complete (read from
//   shared memory through client.completions() while the pool is busy), one
//   ZeroDivisionError, the rest succeed — as_completed + try/except;
// - crash a process: one "process" traps; its task is lost, the others
//   finish, it is restarted;
// - panic a thread: with panic = abort one thread's panic takes down the
//   whole shared instance. The client notices (its panic watch), answers
//   `failed` and starts a fresh instance and pool; this demo times that and
//   runs a normal task list on the fresh pool.
import { el } from '../../lib/dom.js';
import { uniqueId } from '../../lib/form.js';
import { ms } from '../../lib/format.js';
import { acceptSettings, card, demoHandle, fieldGrid, idOf } from './common.js';
import { lifecycle } from '../../lib/lifecycle.js';
import { ProcessPool } from './processes.js';
import { asRequest, crashProcess, panicThread, threadRun } from './runs.js';

/** @typedef {import('../registry.js').MountOptions} MountOptions */
/** @typedef {import('../registry.js').Demo} Demo */
/** @typedef {import('./common.js').Name} Name */
/** @typedef {import('../../types/Settings').Settings} Settings */

/** @type {Name[]} */
const NAMES = ['units', 'workers'];
/**
 * Items of ~2–12 ms (~50 ms in all): the list appears item by item, quickly,
 * and long enough that the other workers wake and take some (at 7.5 M,
 * once counting got 6× faster, items of ~1.5 ms all went to worker 0 now and then).
 */
const DEFAULTS = { units: '50_000_000' };
/** How often the list is refreshed from shared memory while the pool is busy. */
const POLL_MS = 30;

/**
 * What the three faults are shown with.
 * @typedef {{client: import('../../lib/client.js').PoolClient, pool: ProcessPool, list: HTMLElement, say: (text: string) => void}} Faults
 */

/**
 * @param {HTMLElement} container
 * @param {MountOptions} options
 * @returns {Demo}
 */
export function mount(container, { client, settings = {}, idPrefix = uniqueId('faults') + '-' }) {
  const id = (/** @type {string} */ name) => idOf(idPrefix, name);
  const divideButton = el('button', { id: id('fault-divide'), type: 'button', text: '8 items, one divides by zero' });
  const crashButton = el('button', { id: id('fault-crash'), type: 'button', text: 'Crash a process' });
  const panicButton = el('button', { id: id('fault-panic'), type: 'button', text: 'Panic a thread' });
  const cancelButton = el('button', { id: id('fault-cancel'), type: 'button', text: 'Cancel' });
  const status = el('p', { id: id('fault-status'), role: 'status', 'aria-live': 'polite' });
  const list = el('ol', { id: id('fault-items'), class: 'items', 'aria-label': 'Results in the order they completed' });
  const root = card(idPrefix, 'faults-title', 'When things go wrong', 'faults');
  root.append(
    el(
      'details',
      { class: 'demo-settings' },
      el('summary', { text: 'Settings' }),
      fieldGrid(NAMES, `${idPrefix}faults`, settings, DEFAULTS),
    ),
    el('div', { class: 'actions' }, divideButton, crashButton, panicButton, cancelButton),
    status,
    list,
  );
  container.append(root);

  const pool = new ProcessPool();
  const run = lifecycle({
    root,
    replyStatus: false,
    buttons: [divideButton, crashButton, panicButton],
    cancelButton,
    onCancel: () => pool.cancel(),
  });
  /** @param {string} text */
  const say = (text) => {
    status.textContent = text;
  };
  /** @type {Faults} */
  const f = { client, pool, list, say };

  /** @param {(f: Faults, s: Settings, signal: AbortSignal) => Promise<Record<string, unknown>>} action */
  function start(action) {
    return run.start(async ({ signal }) => {
      list.replaceChildren();
      say('');
      const s = await acceptSettings(client, root, NAMES, status);
      if (!s) return { status: 'invalid' };
      const last = await action(f, s, signal);
      root.dataset.last = JSON.stringify(last);
      return { status: 'done', ...last };
    }, say);
  }
  const onDivide = () => {
    void start(divide);
  };
  const onCrash = () => {
    void start(crash);
  };
  const onPanic = () => {
    void start(panic);
  };
  divideButton.addEventListener('click', onDivide);
  crashButton.addEventListener('click', onCrash);
  panicButton.addEventListener('click', onPanic);

  // What run() does: settings.fault = divide (default) | crash | panic.
  const chosen = { divide, crash, panic }[settings.fault ?? 'divide'] ?? divide;
  return demoHandle({
    start: () => start(chosen),
    run,
    root,
    names: NAMES,
    extra: () => ({ fault: settings.fault ?? 'divide' }),
    cleanup: () => pool.end(),
  });
}

/**
 * Shows item `index` (added at the end the first time: completion order).
 * @param {HTMLElement} list @param {number} index @param {'ok' | 'failed' | 'lost'} kind @param {string} text
 */
function showItem(list, index, kind, text) {
  let li = /** @type {HTMLLIElement | null} */ (list.querySelector(`li[data-index="${index}"]`));
  if (!li) {
    li = el('li', { 'data-index': index });
    list.append(li);
  }
  li.className = kind;
  li.textContent = text;
}

/**
 * Lists items as the pool finishes them, until the returned function is called.
 * @param {Faults} f @param {(index: number, ok: boolean) => string} text
 */
function watchCompletions({ client, list }, text) {
  if (!client.threaded) return () => {};
  const timer = setInterval(() => {
    for (const { index, ok } of client.completions()) {
      if (!list.querySelector(`li[data-index="${index}"]`))
        showItem(list, index, ok ? 'ok' : 'failed', text(index, ok));
    }
  }, POLL_MS);
  return () => clearInterval(timer);
}

/** Eight items, one of which raises: the others go on. @param {Faults} f @param {Settings} s @param {AbortSignal} signal */
async function divide(f, s, signal) {
  const { client, list, say } = f;
  const how = client.threaded ? 'threads' : 'sequential';
  const stop = watchCompletions(f, (index, ok) => `item ${index}: ${ok ? 'done' : 'raised an exception'}`);
  let reply;
  try {
    reply = await threadRun(
      client,
      { workload: 'faults', how, gil: false, settings: asRequest(s, { tasks: 8 }) },
      signal,
    );
  } finally {
    stop();
  }
  const r = reply.result;
  const first = r.items[0]?.start_ms ?? 0;
  for (const item of r.items) {
    const task = reply.tasks[item.index];
    const expr = task.kind === 'divide' ? `${task.a} // ${task.b}` : task.kind;
    showItem(
      list,
      item.index,
      item.ok != null ? 'ok' : 'failed',
      item.ok != null
        ? `item ${item.index}: ${expr} = ${item.ok}   (worker ${item.worker}, ${ms(item.end_ms - first)})`
        : `item ${item.index}: ${expr} → ${item.error}   (worker ${item.worker}; caught, the others went on)`,
    );
  }
  say(
    `${r.items.length} items ${client.threaded ? `on ${r.workers} threads` : 'one after another'}: ` +
      `${r.items.length - r.failed} returned a value, ${r.failed} raised an exception, listed in the order they completed.`,
  );
  // Each item with the worker that ran it, in the order they completed.
  return {
    kind: 'divide',
    workers: r.workers,
    items: r.items.map((i) => ({ index: i.index, worker: i.worker, end_ms: i.end_ms, ok: !i.error })),
    failed: r.failed,
  };
}

/** A process crashes: its item is lost, the others finish. @param {Faults} f @param {Settings} s @param {AbortSignal} signal */
async function crash({ pool, list, say }, s, signal) {
  const result = await crashProcess(pool, s, signal, (item) =>
    showItem(
      list,
      item.index,
      item.lost ? 'lost' : item.ok != null ? 'ok' : 'failed',
      item.lost
        ? `item ${item.index}: ${item.error}`
        : `item ${item.index}: counted to ${item.ok} in process ${item.worker}`,
    ),
  );
  say(
    result.crashed !== undefined
      ? `Process ${result.crashed} crashed; its task (item ${result.crashed_item}) was lost. The other processes never noticed: ${result.done} of ${result.of} items finished. Process ${result.crashed} was restarted in ${ms(result.restart_ms ?? NaN)}; all ${s.workers} processes are up again.`
      : 'No process crashed (unexpected).',
  );
  const { items: _items, ...summary } = result;
  return { kind: 'crash', ...summary };
}

/** A thread panics: the whole instance goes down and comes back. @param {Faults} f @param {Settings} s @param {AbortSignal} signal */
async function panic(f, s, signal) {
  const { client, say } = f;
  const stop = watchCompletions(f, (index) => `item ${index}: done before the panic`);
  let result;
  try {
    result = await panicThread(client, s, signal, stop);
  } finally {
    stop();
  }
  say(
    `${result.message} ${result.threaded ? `All ${result.threads} threads went down with it. ` : ''}Detected after ${ms(result.detected_ms)}; a fresh instance` +
      `${result.threaded ? ` and pool of ${result.threads} threads` : ''} was up in ${ms(result.restart_ms)}, and a normal run of 8 tasks then ` +
      `${result.after === 'done' ? `finished in ${ms(result.after_ms ?? NaN)}` : `ended: ${result.after}`}.`,
  );
  return { kind: 'panic', ...result };
}
