// The Measure's markup (./table.js runs it): the settings form with
// Measure, Cancel and Copy link, the comparison table, the speedup chart,
// the closing and noise notes, the timelines card and the same in Python.
// Every id is `idPrefix` + a short name.
import { el } from '../../lib/dom.js';
import { fieldGrid, idOf } from './common.js';
import { MODES, MODE_NAMES, ROUNDS } from './table-view.js';
import { timelineCard } from './timelines.js';

/** @typedef {import('./common.js').Name} Name */

/** @type {Record<import('./table-view.js').Mode, string>} */
const SUBTITLES = {
  sequential: 'one thread',
  threads: 'free-threaded, no GIL',
  gil: 'like CPython',
  processes: 'own memory each',
  async: 'asyncio',
};

/**
 * The comparison table's head, a column per mode; its rows go into `tbody`.
 * @param {(name: string) => string} id
 * @param {HTMLElement} tbody
 */
function compareTable(id, tbody) {
  return el(
    'table',
    { id: id('compare'), class: 'compare stack-on-phone' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col', text: 'Measured' }),
        ...MODES.map((mode) =>
          el(
            'th',
            { scope: 'col', 'data-mode': mode },
            MODE_NAMES[mode],
            el('br'),
            el('span', { class: 'muted small', text: SUBTITLES[mode] }),
          ),
        ),
      ),
    ),
    tbody,
  );
}

/**
 * The card with the comparison in Python and the link to the Python page.
 * @param {(name: string) => string} id
 * @param {HTMLElement} python  the <code> the program goes in
 */
function pythonCard(id, python) {
  return el(
    'section',
    { class: 'card', 'aria-labelledby': id('python-title') },
    el('h2', { id: id('python-title'), text: 'The same in Python' }),
    el(
      'p',
      { class: 'python-link', id: id('python-link') },
      'The columns above run Rust stand-ins. ',
      el('a', { href: 'python.html?example=compare#compare', text: 'This is what your Python would do' }),
      ': the Python page runs a program’s own functions one after another, on threads with the GIL and without it, and in processes, and draws the same table from that run.',
    ),
    el('pre', { class: 'python', tabindex: 0, 'aria-label': 'The comparison in Python' }, python),
  );
}

/**
 * @param {string} idPrefix
 * @param {string} uid  the fields' id prefix
 * @param {Name[]} NAMES  the fields
 * @param {Record<string, string>} settings
 */
export function tableMarkup(idPrefix, uid, NAMES, settings) {
  const id = (/** @type {string} */ name) => idOf(idPrefix, name);
  const measureButton = el('button', { id: id('measure'), type: 'submit', class: 'primary', text: 'Measure' });
  const cancelButton = el('button', { id: id('cancel'), type: 'button' }, 'Cancel ', el('kbd', { text: 'Esc' }));
  const copyButton = el('button', { id: id('copy-link'), type: 'button', text: 'Copy link' });
  const status = el('span', { id: id('measure-status'), class: 'muted', role: 'status', 'aria-live': 'polite' });
  const form = el(
    'form',
    { id: id('settings'), novalidate: true },
    fieldGrid(NAMES, uid, settings),
    el('div', { class: 'actions' }, measureButton, cancelButton, copyButton, status),
  );
  const tbody = el('tbody');
  const table = compareTable(id, tbody);
  const chartBox = el('div', { id: id('chart'), class: 'chart', role: 'img' });
  const note = el('p', { id: id('closing-note'), class: 'closing', 'aria-live': 'polite' });
  const noise = el('p', { id: id('noise-note'), class: 'noise-note', role: 'note', hidden: true });
  const python = el('code', { id: id('python') });
  const timelines = timelineCard(idPrefix);
  const root = el(
    'div',
    { class: 'modes-demo-group', 'data-demo': 'modes' },
    el(
      'section',
      { class: 'card', 'aria-labelledby': id('settings-title') },
      el('h2', { id: id('settings-title'), text: 'Measure' }),
      form,
    ),
    el(
      'section',
      { class: 'card', 'aria-labelledby': id('table-title') },
      el('h2', { id: id('table-title'), text: 'The comparison table, measured just now' }),
      el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'The comparison table' }, table),
      el('p', {
        class: 'muted small',
        text: `CPU-bound: each mode run ${ROUNDS} times, taking turns (sequential, threads, GIL, processes, sequential, …); each cell shows the median, the range of the middle runs and the speedup that range allows.`,
      }),
      noise,
      // Fits a phone (short group names below 520 px); narrower than 280 px it scrolls sideways.
      el(
        'figure',
        { class: 'speedup-chart', 'aria-labelledby': id('chart-caption') },
        el('div', { class: 'chart-scroll', tabindex: 0, role: 'region', 'aria-label': 'The speedup chart' }, chartBox),
        el(
          'figcaption',
          { id: id('chart-caption') },
          'Speedup over sequential, per mode (CPU-bound, I/O-bound waits, HTTP); the dashed line is the number of workers.',
        ),
      ),
      note,
    ),
    timelines.root,
    pythonCard(id, python),
  );
  return {
    root,
    form,
    measureButton,
    cancelButton,
    copyButton,
    status,
    tbody,
    chartBox,
    note,
    noise,
    python,
    timelines,
  };
}
/** @typedef {ReturnType<typeof tableMarkup>} TableView */
