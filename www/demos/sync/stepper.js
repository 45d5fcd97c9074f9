// Step-through scheduler: you pick which thread runs its next load, add or
// store; lose an update on purpose and undo it; with the lock the losing
// order cannot be chosen. The machine is simulated (in Rust, one step per
// call), so it works with threads off too.
//
// Tests read the ids (`${idPrefix}stepper-counter`, `…-step-0`, `…-log`) and
// the panel's `data-json`: the current view's counter, lost updates and
// whether it has finished.
import { el } from '../../lib/dom.js';
import { demoInfo, frame, idBase, lessonBlock, plural } from './common.js';
import { markState } from '../../lib/lifecycle.js';

/** @typedef {import('../../types/StepperView').StepperView} StepperView */

/**
 * What the stepper keeps between clicks: the views Undo goes back through,
 * the current one, the version chosen and whether the demo is gone.
 * @typedef {object} Stepper
 * @property {import('../../lib/client.js').PoolClient} client
 * @property {HTMLElement} root
 * @property {(name: string) => HTMLElement} part
 * @property {HTMLElement} verdict
 * @property {HTMLSelectElement} rounds
 * @property {StepperView[]} history
 * @property {StepperView | null} view
 * @property {boolean} locked
 * @property {boolean} destroyed
 */

/**
 * Makes `next` the current view: draws it and writes the panel's `data-json`.
 * @param {Stepper} st
 * @param {StepperView} next
 */
function showView(st, next) {
  st.view = next;
  drawStepper(st.part, next, st.history.length);
  st.root.dataset.json = JSON.stringify({
    counter: next.state.counter,
    lost: next.state.lost,
    expected: next.expected,
    finished: next.finished,
    steps: next.state.log.length,
    locked: next.state.locked,
  });
}

/**
 * Starts over: a new machine with the version and rounds chosen.
 * @param {Stepper} st
 */
async function resetStepper(st) {
  const fresh = await st.client.stepperNew(st.locked, Number(st.rounds.value));
  if (st.destroyed) return;
  st.history = [];
  showView(st, fresh);
}

/**
 * Lets thread `t` take its next step; false when it could not.
 * @param {Stepper} st
 * @param {number} t
 * @returns {Promise<boolean>}
 */
async function stepThread(st, t) {
  if (!st.view) return false;
  const reply = await st.client.stepperStep(st.view.state, t);
  if (st.destroyed) return false;
  if (reply.status !== 'done') {
    st.verdict.textContent =
      reply.status === 'invalid'
        ? reply.errors.map((e) => e.message).join(' ')
        : reply.status === 'failed'
          ? reply.message
          : 'Cancelled.';
    return false;
  }
  const { status: _, ...next } = reply;
  st.history.push(/** @type {StepperView} */ (st.view));
  showView(st, next);
  return true;
}

/**
 * Plays the losing order from the start; with the lock, shows it cannot be played.
 * @param {Stepper} st
 */
async function loseUpdate(st) {
  await resetStepper(st);
  if (!st.locked) {
    // Both load before either stores: the classic lost update.
    for (const t of [0, 1, 0, 0, 1, 1]) await stepThread(st, t);
    return;
  }
  // The same order with the lock: thread 2 cannot even start its load.
  for (const t of [0, 0]) await stepThread(st, t);
  const blocked = st.view?.blocked[1];
  if (blocked)
    st.verdict.textContent = `Thread 2 cannot load now: it ${blocked.replace(/^waits: /, 'waits, because ')}. The losing order is impossible; let thread 1 finish first.`;
}

/**
 * @param {HTMLElement} container
 * @param {import('../registry.js').MountOptions} options
 * @returns {import('../registry.js').Demo}
 */
export function mount(container, options) {
  const { client } = options;
  const info = demoInfo(client, 'stepper');
  const uid = idBase(options, 'stepper', 'stepper');
  const root = frame(container, options, info, uid);
  /** @param {string} name */
  const id = (name) => `${uid}-${name}`;

  const { modes, rounds } = stepperMarkup(root, info, id, options);
  /** @param {string} name */
  const part = (name) => /** @type {HTMLElement} */ (root.querySelector(`#${CSS.escape(id(name))}`));
  const verdict = part('verdict');

  /** @type {Stepper} */
  const st = {
    client,
    root,
    part,
    verdict,
    rounds,
    history: [],
    view: null,
    locked: options.settings?.locked === 'true',
    destroyed: false,
  };
  for (const b of modes.querySelectorAll('.mode'))
    b.setAttribute('aria-pressed', String(/** @type {HTMLElement} */ (b).dataset.locked === String(st.locked)));

  const queued = queue(root, verdict, () => st.destroyed);
  const reset = () => resetStepper(st);
  const lose = () => loseUpdate(st);

  bindButtons(part, modes, rounds, queued, {
    step: (t) => stepThread(st, t),
    reset,
    lose,
    undo: () => {
      const last = st.history.pop();
      if (last) showView(st, last);
    },
    setLocked: (/** @type {boolean} */ on) => {
      st.locked = on;
    },
  });
  const ready = queued(reset)();

  return {
    // "Run" plays the losing order (or shows it is impossible with the lock).
    run: async () => {
      await ready;
      await queued(lose)();
      return st.view ? { status: 'done', ...st.view } : { status: 'failed', message: 'The stepper did not start.' };
    },
    cancel() {},
    settings: () => ({ locked: String(st.locked), rounds: rounds.value }),
    destroy() {
      st.destroyed = true;
      root.remove();
    },
  };
}

/**
 * The stepper's board: the version switch, the rounds, a box per thread,
 * the shared counter, the buttons, the verdict and the log.
 * @param {HTMLElement} root
 * @param {import('../../types/DemoInfo').DemoInfo} info
 * @param {(name: string) => string} id
 * @param {import('../registry.js').MountOptions} options
 */
function stepperMarkup(root, info, id, options) {
  const modeButton = (/** @type {boolean} */ locked, /** @type {string} */ text) =>
    el('button', { type: 'button', class: 'mode', 'data-locked': String(locked), 'aria-pressed': 'false', text });
  const modes = el(
    'div',
    { class: 'mode-switch', role: 'group', 'aria-label': 'Version' },
    modeButton(false, 'Without a lock'),
    modeButton(true, 'With a lock'),
  );
  const limits = info.fields.find((f) => f.id === 'rounds') ?? { min: 1, max: 3, default: 1 };
  const choices = Array.from({ length: limits.max - limits.min + 1 }, (_, i) => limits.min + i);
  const rounds = el(
    'select',
    { id: id('rounds'), name: 'rounds' },
    ...choices.map((n) => new Option(`${plural(n, 'increment')} per thread`, String(n))),
  );
  rounds.value = String(choices.find((n) => String(n) === options.settings?.rounds) ?? limits.default);
  /** @param {number} t */
  const threadBox = (t) =>
    el(
      'div',
      { class: `sim-thread t${t}` },
      el('h3', { text: `Thread ${t + 1}` }),
      el('ol', { class: 'program', id: id(`program-${t}`) }),
      el('p', { class: 'register' }, 'register: ', el('strong', { id: id(`register-${t}`), text: '–' })),
      el('button', { type: 'button', class: 'primary step', id: id(`step-${t}`), 'data-thread': String(t) }),
      el('p', { class: 'why', id: id(`why-${t}`) }),
    );
  root.append(
    el(
      'div',
      { class: 'stepper-controls' },
      modes,
      el('label', { for: rounds.id, class: 'inline-label', text: 'Each thread makes' }),
      rounds,
    ),
    el(
      'div',
      { class: 'stepper-board' },
      threadBox(0),
      el(
        'div',
        { class: 'shared' },
        el('p', { class: 'shared-label', text: 'shared counter' }),
        el('p', { class: 'counter', id: id('counter'), text: '0' }),
        el('p', { class: 'lock-state', id: id('lock') }),
        el('p', { class: 'expected', id: id('expected') }),
      ),
      threadBox(1),
    ),
    el(
      'div',
      { class: 'actions stepper-actions' },
      el('button', { type: 'button', id: id('undo'), text: 'Undo' }),
      el('button', { type: 'button', id: id('reset'), text: 'Start over' }),
      el('button', { type: 'button', id: id('auto'), text: 'Lose an update for me' }),
    ),
    el('p', { class: 'run-status', id: id('verdict'), role: 'status', 'aria-live': 'polite' }),
    el('ol', { class: 'step-log', id: id('log'), tabindex: '0', 'aria-label': 'What happened, step by step' }),
  );
  if (!options.compact) root.append(lessonBlock(info));
  return { modes, rounds };
}

/**
 * Draws a state of the stepper: each thread's program with its next line,
 * registers, step buttons, the counter, the lock, the log and the verdict.
 * @param {(name: string) => HTMLElement} part
 * @param {StepperView} next
 * @param {number} undoable  how many steps Undo can take back
 */
function drawStepper(part, next, undoable) {
  const s = next.state;
  for (const t of [0, 1]) {
    const at = next.next[t];
    part(`program-${t}`).replaceChildren(
      ...next.program.map((line, i) =>
        el(
          'li',
          { class: at === i ? 'next' : '', 'aria-current': at === i ? 'step' : null },
          el('code', { text: line }),
        ),
      ),
    );
    part(`register-${t}`).textContent = s.threads[t].register == null ? '–' : String(s.threads[t].register);
    const button = /** @type {HTMLButtonElement} */ (part(`step-${t}`));
    button.textContent = at == null ? `Thread ${t + 1}: finished` : `Run thread ${t + 1}: ${next.program[at]}`;
    button.disabled = next.blocked[t] != null;
    part(`why-${t}`).textContent = at == null ? '' : (next.blocked[t] ?? '');
  }
  part('counter').textContent = String(s.counter);
  part('lock').textContent = s.locked
    ? s.lock_holder == null
      ? 'lock: free'
      : `lock: held by thread ${s.lock_holder + 1}`
    : 'no lock';
  part('expected').textContent = `${s.threads[0].done + s.threads[1].done} of ${next.expected} increments done`;
  part('log').replaceChildren(...s.log.map((line) => el('li', { class: /lost/.test(line) ? 'lost' : '', text: line })));
  /** @type {HTMLButtonElement} */ (part('undo')).disabled = undoable === 0;
  part('auto').textContent = s.locked ? 'Try the losing order' : 'Lose an update for me';
  const lost = plural(s.lost, 'update');
  const verdict = part('verdict');
  verdict.classList.toggle('bad', s.lost > 0);
  verdict.textContent = next.finished
    ? s.lost > 0
      ? `Finished: counter = ${s.counter}, expected ${next.expected}. ${lost} lost. Undo and try another order.`
      : `Finished: counter = ${s.counter} = ${next.expected}. Nothing lost.`
    : s.lost > 0
      ? `${lost} lost so far.`
      : 'Pick which thread runs its next instruction.';
}

/**
 * Each step is a round trip to the worker: clicks run one after another,
 * so a quick second click steps from the state the first one produced.
 * `queue(...)(action)` is a click handler that runs `action` after the
 * ones before it; the root is `running` until the last one has ended.
 * @param {HTMLElement} root @param {HTMLElement} verdict  where an error is said @param {() => boolean} gone
 */
function queue(root, verdict, gone) {
  /** @type {Promise<unknown>} */ let chain = Promise.resolve();
  /** @param {() => Promise<unknown> | void} action */
  return (action) => () => {
    markState(root, 'running');
    const mine = chain
      .then(() => (gone() ? undefined : action()))
      .catch((e) => {
        verdict.textContent = e instanceof Error ? e.message : String(e);
      });
    chain = mine;
    mine.then(() => {
      if (chain === mine && !gone()) markState(root, 'idle');
    });
    return mine;
  };
}

/**
 * The stepper's buttons, each queued behind the steps before it.
 * @param {(name: string) => HTMLElement} part @param {HTMLElement} modes @param {HTMLSelectElement} rounds
 * @param {ReturnType<typeof queue>} queued
 * @param {{step: (t: number) => Promise<unknown>, reset: () => Promise<void>, lose: () => Promise<void>, undo: () => void, setLocked: (on: boolean) => void}} actions
 */
function bindButtons(part, modes, rounds, queued, { step, reset, lose, undo, setLocked }) {
  for (const t of [0, 1])
    part(`step-${t}`).addEventListener(
      'click',
      queued(() => step(t)),
    );
  part('undo').addEventListener('click', queued(undo));
  part('reset').addEventListener('click', queued(reset));
  part('auto').addEventListener('click', queued(lose));
  rounds.addEventListener('change', queued(reset));
  for (const b of /** @type {NodeListOf<HTMLElement>} */ (modes.querySelectorAll('.mode'))) {
    b.addEventListener(
      'click',
      queued(() => {
        setLocked(b.dataset.locked === 'true');
        for (const other of modes.querySelectorAll('.mode')) other.setAttribute('aria-pressed', String(other === b));
        return reset();
      }),
    );
  }
}
