// The stepper view: one column per thread with its code, the line it runs
// next (and the bytecode step, named like `dis`), its locals and stack, and
// the buttons that let it go: Step (to its next statement), Expand (one
// bytecode step) and Wake (a spurious wakeup from Condition.wait).
import { el } from '../../lib/dom.js';

/** @typedef {import('../../types/GameState').GameState} GameState */
/** @typedef {import('../../types/GameCodeListing').GameCodeListing} GameCodeListing */
/** @typedef {import('../../types/GameThread').GameThread} GameThread */

/**
 * @param {HTMLElement} container
 * @param {{onMove: (code: string, expand: boolean) => void}} handlers
 */
export function mountBoard(container, { onMove }) {
  const board = el('div', { class: 'threads', id: 'game-threads' });
  container.append(board);
  /** @type {string[]} */
  let lines = [];
  /** @type {Map<string, [number, number]>} function name → first and last line */
  let ranges = new Map();

  /**
   * @param {string} source
   * @param {GameCodeListing[]} listing
   */
  function setProgram(source, listing) {
    lines = source.split('\n');
    ranges = new Map();
    for (const code of listing) {
      const ls = code.steps.map((s) => s.span.line).filter((l) => l > 0);
      if (ls.length) ranges.set(code.name, [Math.min(...ls), Math.max(...ls)]);
    }
  }

  /** @param {GameState} state @param {boolean} busy */
  function render(state, busy) {
    board.replaceChildren();
    const moves = new Map(state.moves.map((m) => [m.code, m]));
    for (const t of state.view.threads) {
      const range = ranges.get(t.function) ?? [t.line, t.line];
      board.append(
        el(
          'section',
          { class: `thread s-${t.status} t${t.id % 6}`, 'data-thread': String(t.id), 'aria-label': t.name },
          el(
            'h3',
            {},
            el('span', { class: 'key', text: String(t.id + 1) }),
            ` ${t.name} `,
            el('span', { class: 'status', text: t.status }),
          ),
          threadCode(t, range, lines),
          threadFacts(t, state),
          threadButtons(t, moves, busy, onMove),
        ),
      );
    }
  }
  return { setProgram, render };
}

/**
 * The lines of the thread's function, the one it runs next marked.
 * @param {GameThread} t
 * @param {[number, number]} range  first and last line
 * @param {string[]} lines  the program's source lines
 */
function threadCode(t, range, lines) {
  const code = el('ol', { class: 'src-lines', start: String(range[0]) });
  if (t.status === 'done' || t.line === 0)
    code.append(el('li', { class: 'gone', text: t.status === 'done' ? '(finished)' : '' }));
  else
    for (let l = range[0]; l <= range[1]; l++) {
      const li = el('li', { text: lines[l - 1] ?? '' });
      if (l === t.line && t.status !== 'done') li.className = 'here';
      code.append(li);
    }
  return code;
}

/**
 * Step and Expand, and Wake when a spurious wakeup is a move.
 * @param {GameThread} t
 * @param {Map<string, unknown>} moves  the legal moves by code
 * @param {boolean} busy
 * @param {(code: string, expand: boolean) => void} onMove
 */
function threadButtons(t, moves, busy, onMove) {
  const run = moves.has(String(t.id));
  const wake = moves.has(`w${t.id}`);
  const k = t.id + 1;
  const step = el('button', {
    type: 'button',
    class: 'primary',
    id: `step-${t.id}`,
    disabled: !run || busy,
    title: `Run to ${t.name}'s next statement (key ${k})`,
    text: 'Step',
  });
  const expand = el('button', {
    type: 'button',
    id: `expand-${t.id}`,
    disabled: !run || busy,
    title: `One bytecode step (Shift+${k})`,
    text: 'Expand',
  });
  step.addEventListener('click', () => onMove(String(t.id), false));
  expand.addEventListener('click', () => onMove(String(t.id), true));
  const buttons = el('div', { class: 'actions' }, step, expand);
  if (wake) {
    const w = el('button', {
      type: 'button',
      id: `wake-${t.id}`,
      disabled: busy,
      title: 'Wake it without a notify: a spurious wakeup (W then its number)',
      text: 'Wake',
    });
    w.addEventListener('click', () => onMove(`w${t.id}`, true));
    buttons.append(w);
  }
  return buttons;
}

/**
 * Its next step, what it waits for, the GIL, its locals, stack and error.
 * @param {GameThread} t
 * @param {GameState} state
 */
function threadFacts(t, state) {
  const facts = el('dl', { class: 'facts' });
  const fact = (/** @type {string} */ k, /** @type {string} */ v) =>
    facts.append(el('dt', { text: k }), el('dd', { text: v }));
  if (t.status !== 'done') fact('next', t.next_step);
  if (t.waiting) fact('waits', t.waiting);
  if (state.gil_holder === t.id) fact('GIL', 'held, not at a switch point: only this thread can go on');
  else if (state.gil_holder != null && t.status !== 'done' && !t.waiting)
    fact('GIL', `waits for ${state.view.threads[state.gil_holder]?.name ?? 'the holder'} to reach a switch point`);
  if (t.locals.length) fact('locals', t.locals.map(([n, v]) => `${n} = ${v}`).join(', '));
  if (t.stack.length) fact('stack', t.stack.join(' · '));
  if (t.error) fact('error', t.error);
  return facts;
}
