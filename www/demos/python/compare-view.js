// The Compare card as the reader sees it (./compare.js runs it): the
// function pickers, the settings, Compare and Cancel, the status, the table
// and the four timelines' figures. Every id starts with `cmp-`.
import { el } from '../../lib/dom.js';
import { COLUMNS, ROWS } from '../../lib/python-compare.js';

/** Inputs a row starts with, before the reader or an example says otherwise. */
const DEFAULT_INPUTS = { cpu: '[200_000] * 4', io: 'range(4)' };
/** Pool size to start with: the example's four calls at once (more than the cores, for the I/O row's sake). */
const DEFAULT_WORKERS = 4;
/**
 * Runs of each cell, taken in turns (every column once, then again), and
 * the cell shows the median run: one run each let a moment of load on the
 * machine make the GIL column look twice as fast as sequential.
 */
const DEFAULT_ROUNDS = 3;
export const MAX_ROUNDS = 9;

/** Each row's function picker and inputs field, by row id. */
function pickFields() {
  return Object.fromEntries(
    ROWS.map((r) => [
      r.id,
      {
        select: el('select', { id: `cmp-${r.id}-function`, name: `${r.id}-function` }),
        inputs: el('input', {
          id: `cmp-${r.id}-inputs`,
          name: `${r.id}-inputs`,
          value: DEFAULT_INPUTS[r.id],
          spellcheck: 'false',
          autocomplete: 'off',
          class: 'cmp-inputs',
        }),
      },
    ]),
  );
}

/**
 * A whole-number setting from 1 to `max` (workers per pool, runs of each).
 * @param {string} name  its name; its id is `cmp-` + name
 * @param {number} max
 * @param {number} value
 */
function countInput(name, max, value) {
  return el('input', {
    id: `cmp-${name}`,
    name,
    type: 'number',
    min: '1',
    max: String(max),
    step: '1',
    value: String(value),
    inputmode: 'numeric',
    class: 'cmp-workers',
  });
}

/** The comparison table, a column per way of calling, its rows going into `tbody`. @param {HTMLElement} tbody */
function compareTable(tbody) {
  return el(
    'table',
    { class: 'cmp-table', id: 'cmp-table', 'aria-describedby': 'cmp-table-note' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('td'),
        ...COLUMNS.map((c) =>
          el(
            'th',
            { scope: 'col', 'data-col': c.id },
            el('span', { class: 'cmp-long', text: c.title }),
            el('abbr', { class: 'cmp-short', title: c.title, text: c.short }),
          ),
        ),
      ),
    ),
    tbody,
  );
}

/** The timelines' box: a button per row, then a figure per column. */
function timelinesMarkup() {
  const rowButtons = ROWS.map((r) =>
    el('button', {
      type: 'button',
      class: 'cmp-row-button',
      'data-row': r.id,
      'aria-pressed': r.id === 'cpu' ? 'true' : 'false',
      text: r.title,
    }),
  );
  const figures = COLUMNS.map((c) =>
    el(
      'section',
      { class: 'cmp-timeline', 'data-col': c.id, 'aria-labelledby': `cmp-tl-${c.id}-title` },
      el('h3', { id: `cmp-tl-${c.id}-title`, text: c.title }),
      el('p', { class: 'muted small cmp-at-once', id: `cmp-tl-${c.id}-at-once` }),
    ),
  );
  const timelinesBox = el(
    'div',
    { class: 'cmp-timelines', id: 'cmp-timelines', hidden: true },
    el(
      'div',
      { class: 'cmp-row-buttons', role: 'group', 'aria-label': 'Which row’s timelines to show' },
      el('span', { text: 'Timelines of: ' }),
      ...rowButtons,
    ),
    ...figures,
  );
  return { rowButtons, figures, timelinesBox };
}

/**
 * The form: a fieldset per row (function and inputs), then the controls.
 * @param {ReturnType<typeof pickFields>} picks
 * @param {HTMLElement[]} controls  Compare, Cancel, the two settings' labels, Load the example
 */
function formMarkup(picks, controls) {
  return el(
    'div',
    { class: 'cmp-form' },
    ...ROWS.map((r) =>
      el(
        'fieldset',
        { class: 'cmp-pick' },
        el('legend', { text: r.title }),
        el('label', { for: `cmp-${r.id}-function`, text: 'Function' }),
        picks[r.id].select,
        el('label', { for: `cmp-${r.id}-inputs`, text: 'called with each of' }),
        picks[r.id].inputs,
        el('p', { class: 'field-error', id: `cmp-${r.id}-inputs-error`, hidden: true }),
      ),
    ),
    el('div', { class: 'py-controls' }, ...controls),
  );
}

/**
 * The card's elements.
 * @param {number} cores  what the table's note says the runs were measured on
 */
export function compareMarkup(cores) {
  const picks = pickFields();
  const workers = countInput('workers', 16, DEFAULT_WORKERS);
  const rounds = countInput('rounds', MAX_ROUNDS, DEFAULT_ROUNDS);
  const compareButton = el('button', { type: 'button', class: 'primary', id: 'cmp-run', text: 'Compare' });
  const cancelButton = el('button', { type: 'button', id: 'cmp-cancel', text: 'Cancel', disabled: true });
  const exampleButton = el('button', { type: 'button', id: 'cmp-example', text: 'Load the example' });
  const status = el('p', { class: 'py-status', id: 'cmp-status', role: 'status', 'aria-live': 'polite' });
  const skippedNote = el('p', { class: 'muted small', id: 'cmp-skipped', hidden: true });
  const errorBox = el('pre', {
    class: 'py-output cmp-error',
    id: 'cmp-error',
    tabindex: '0',
    hidden: true,
    role: 'region',
    'aria-label': 'What the failing run printed on standard error',
  });
  const tbody = el('tbody');
  const tableNote = el('p', {
    class: 'muted small',
    id: 'cmp-table-note',
    text: `Wall time of the calls (pool start-up included) and speed-up over sequential: the median of the runs of each (the columns take turns), measured just now on this machine (${cores} core${cores === 1 ? '' : 's'}). On a busy machine the ratios move: more runs, or comparing again, shows what holds.`,
  });
  const { rowButtons, figures, timelinesBox } = timelinesMarkup();

  const root = el(
    'section',
    { class: 'card cmp', id: 'compare', 'aria-labelledby': 'cmp-title', 'data-state': 'idle', 'data-runs': '0' },
    el('h2', { id: 'cmp-title', text: 'Compare: one after another, threads with and without the GIL, processes' }),
    el(
      'p',
      { class: 'muted' },
      'Pick a CPU-bound function and an I/O-bound one from the program above (top-level functions that take one argument). ',
      'Each is called once per input four ways: one call after another; on a ',
      el('code', { text: 'ThreadPoolExecutor' }),
      ' under the GIL; on the same pool with no GIL (free-threaded, PEP 703); and on a ',
      el('code', { text: 'ProcessPoolExecutor' }),
      '. Only the program’s imports, definitions and assignments run; its other top-level code is left out.',
    ),
    formMarkup(picks, [
      compareButton,
      cancelButton,
      el('label', { class: 'py-field' }, 'Workers per pool ', workers),
      el('label', { class: 'py-field' }, 'Runs of each ', rounds),
      exampleButton,
    ]),
    status,
    skippedNote,
    errorBox,
    el(
      'div',
      { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'The comparison table' },
      compareTable(tbody),
    ),
    tableNote,
    timelinesBox,
  );
  return {
    root,
    picks,
    workers,
    rounds,
    compareButton,
    cancelButton,
    exampleButton,
    status,
    skippedNote,
    errorBox,
    tbody,
    rowButtons,
    figures,
    timelinesBox,
  };
}
/** @typedef {ReturnType<typeof compareMarkup>} CompareView */
