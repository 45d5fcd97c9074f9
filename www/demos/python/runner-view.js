// The Python page's Run part as the reader sees it (./runner.js runs it):
// its markup, the settings it offers, and how a finished run is drawn —
// the wait-for edges of a deadlock and the timeline. Output as it comes is
// ./runner-output.js.
import { el } from '../../lib/dom.js';
import { deadlockEdges, reportTimeline } from '../../lib/python-report.js';
import { EXAMPLES } from './examples.js';

/** @typedef {import('../../lib/python-report.js').ThinReport} ThinReport */

/** The GIL settings, by URL value. */
export const GIL_SETTINGS = /** @type {const} */ ([
  ['back-edges', 'CPython ≥ 3.10: switch at loops and calls'],
  ['any', 'CPython ≤ 3.9: switch at any instruction'],
  ['free-threaded', 'No GIL (free-threaded 3.13t)'],
]);
export const DEFAULT_INTERVAL_MS = 5;
/**
 * What stays atomic with no GIL: [code, verdict, why], in our words after
 * PEP 703 and CPython's free-threading HOWTO; tests/runner_free_threaded.rs
 * runs a program for each row.
 */
const ATOMIC_ROWS = /** @type {const} */ ([
  [
    'items.append(x)   items.pop()',
    'atomic',
    'One call on one list: the list’s own lock is held from its start to its end, so no item is lost or doubled.',
  ],
  [
    'd[k] = v   d.get(k)   d.setdefault(k, v)   d.pop(k)',
    'atomic',
    'One call on one dict, under the dict’s lock; setdefault hands every thread the same winner.',
  ],
  [
    'q.put(x)   q.get()   (queue.Queue)',
    'atomic',
    'Built for handing work between threads: a lock and two conditions inside.',
  ],
  [
    'for x in items:   while another thread appends',
    'safe',
    'Each step reads one item under the lock: no crash and no torn item, but the loop may or may not see the new ones.',
  ],
  [
    'counter += 1   (a global or an attribute)',
    'not atomic',
    'Read, add, write back: three steps, and another thread can write in between. Updates are lost.',
  ],
  ['d[k] += 1   items[i] += 1', 'not atomic', 'A read and then a write: two calls, each atomic, the pair not.'],
  [
    'if k not in d: d[k] = v',
    'not atomic',
    'Check, then act: another thread can act in between. Use d.setdefault(k, v), or hold a Lock around both.',
  ],
]);
/** How multiprocessing starts a process, by URL value (CPython's default on Linux before 3.14: fork). */
export const START_METHODS = /** @type {const} */ ([
  ['fork', 'fork (copy of the parent)'],
  ['spawn', 'spawn (re-run the file)'],
  ['forkserver', 'forkserver (clean start, re-run the file)'],
]);

/** Links this component's stylesheet once per document. */
export function addStyles() {
  const href = new URL('./python.css', import.meta.url).href;
  if ([...document.styleSheets].some((s) => s.href === href) || document.querySelector('link[data-python-css]')) return;
  document.head.append(el('link', { rel: 'stylesheet', href, 'data-python-css': '' }));
}

/**
 * The table of what stays atomic with no GIL (shown when the GIL setting is
 * free-threaded).
 * @param {string} p  the ids' prefix
 */
function atomicSection(p) {
  return el(
    'section',
    { class: 'py-atomic', id: `${p}py-atomic`, hidden: true, 'aria-labelledby': `${p}py-atomic-title` },
    el('h3', { id: `${p}py-atomic-title`, text: 'What stays atomic without the GIL' }),
    el(
      'div',
      {
        class: 'table-wrap',
        tabindex: '0',
        role: 'region',
        'aria-label': 'Which operations stay atomic without the GIL',
      },
      el(
        'table',
        { class: 'py-atomic-table' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col', text: 'Operation' }),
            el('th', { scope: 'col', text: 'Without the GIL' }),
            el('th', { scope: 'col', text: 'Why' }),
          ),
        ),
        el(
          'tbody',
          {},
          ...ATOMIC_ROWS.map(([code, verdict, why]) =>
            el(
              'tr',
              { 'data-verdict': verdict },
              el('td', {}, el('code', { text: code })),
              el('td', { class: `py-verdict py-verdict-${verdict.replace(' ', '-')}`, text: verdict }),
              el('td', { text: why }),
            ),
          ),
        ),
      ),
    ),
    el(
      'p',
      { class: 'muted small' },
      'Each list, dict and set has a lock of its own here, as in free-threaded CPython 3.13t; one call on one object is one critical section, a line of Python that does several is not. The language itself promises none of this: the source is ',
      el('a', { href: 'https://peps.python.org/pep-0703/', text: 'PEP 703' }),
      ' and CPython’s ',
      el('a', { href: 'https://docs.python.org/3/howto/free-threading-python.html', text: 'free-threading HOWTO' }),
      '.',
    ),
  );
}

/** The keyboard keys the part answers to. */
function keysNote() {
  return el(
    'p',
    { class: 'muted small py-keys' },
    'Keys: ',
    el('kbd', { text: 'Ctrl' }),
    '+',
    el('kbd', { text: 'Enter' }),
    ' run · ',
    el('kbd', { text: 'Esc' }),
    ' cancel · ',
    el('kbd', { text: 'Tab' }),
    ' indents once you type in the editor (after Esc it moves on)',
  );
}

/**
 * The part's elements: the example menu, the editor's slot, the settings,
 * Run and Cancel, the share box, the status line, the output and the
 * timeline's section. Every id is prefixed with `p`.
 * @param {string} p
 * @param {boolean} compact
 */
export function runnerMarkup(p, compact) {
  const root = el('div', { class: `py-demo${compact ? ' compact' : ''}`, 'data-state': 'idle', 'data-runs': '0' });
  const exampleSelect = el(
    'select',
    { id: `${p}py-example`, name: 'example' },
    ...EXAMPLES.map((x) => new Option(x.title, x.id)),
    new Option('Your own program', ''),
  );
  const interval = el('input', {
    id: `${p}py-interval`,
    name: 'interval',
    type: 'number',
    min: '0.05',
    max: '1000',
    step: 'any',
    value: String(DEFAULT_INTERVAL_MS),
    inputmode: 'decimal',
    class: 'py-interval',
  });
  const gil = el('select', { id: `${p}py-gil`, name: 'gil' }, ...GIL_SETTINGS.map(([v, t]) => new Option(t, v)));
  const startMethod = el(
    'select',
    { id: `${p}py-start`, name: 'start' },
    ...START_METHODS.map(([v, t]) => new Option(t, v)),
  );
  root.append(
    el('div', { class: 'py-top' }, el('label', { for: `${p}py-example`, text: 'Example' }), exampleSelect),
    el('p', { class: 'py-lesson', id: `${p}py-lesson` }),
    el('div', { id: `${p}py-editor` }),
    el(
      'div',
      { class: 'py-controls' },
      el('button', { type: 'button', class: 'primary', id: `${p}py-run`, text: 'Run', title: 'Run (Ctrl+Enter)' }),
      el('button', { type: 'button', id: `${p}py-cancel`, text: 'Cancel', title: 'Cancel (Esc)', disabled: true }),
      el('label', { class: 'py-field' }, 'Switch interval ', interval, ' ms'),
      el('label', { class: 'py-field' }, 'GIL ', gil),
      el('label', { class: 'py-field' }, 'Processes start by ', startMethod),
      el('button', { type: 'button', id: `${p}py-share`, text: 'Share link' }),
    ),
    atomicSection(p),
    keysNote(),
    el(
      'div',
      { class: 'py-share', id: `${p}py-share-box`, hidden: true },
      el('label', { for: `${p}py-share-url`, class: 'small', text: 'Link to this program and its settings' }),
      el('input', { id: `${p}py-share-url`, readonly: true }),
      el('p', { class: 'muted small', id: `${p}py-share-note` }),
    ),
    el('p', { class: 'py-status', id: `${p}py-status`, role: 'status', 'aria-live': 'polite' }),
    el('pre', {
      class: 'py-output',
      id: `${p}py-output`,
      tabindex: '0',
      role: 'region',
      'aria-label': 'Output of the program (standard error in red)',
    }),
    el('div', { class: 'py-exit', id: `${p}py-exit`, hidden: true }),
    el(
      'section',
      { class: 'py-timeline', id: `${p}py-timeline`, hidden: true, 'aria-label': 'Timeline of the run' },
      el('h3', { text: 'Who ran when' }),
      el('p', {
        class: 'muted small',
        text: 'One lane per Python thread: running (with the GIL), waiting for the GIL, blocked, sleeping; below them the GIL’s holder (one GIL lane per process, each process has its own GIL; none without a GIL). Drag across it to zoom.',
      }),
    ),
  );
  return { root, exampleSelect, interval, gil, startMethod };
}

/**
 * Under the output: a deadlock's wait-for edges (the status line says how
 * every run ended).
 * @param {HTMLElement} root
 * @param {HTMLElement} exitBox
 * @param {ThinReport} report
 */
export function showExit(root, exitBox, report) {
  root.dataset.exit = report.exit.kind;
  root.dataset.lanes = String(report.lanes.length);
  const edges = deadlockEdges(report);
  exitBox.hidden = report.exit.kind !== 'deadlock';
  exitBox.className = `py-exit py-exit-${report.exit.kind}`;
  exitBox.replaceChildren(
    el('p', { text: edges.length ? 'Who waits for what:' : 'Every thread waits for ever.' }),
    el(
      'ul',
      { class: 'py-edges' },
      ...edges.map((e) =>
        el(
          'li',
          {},
          el('strong', { text: e.thread }),
          ` waits in ${e.what}`,
          e.on ? el('span', {}, ' for ', el('strong', { text: e.on })) : null,
        ),
      ),
    ),
  );
}

/**
 * The run's timeline, a lane per thread and the GIL's (none without a GIL).
 * @param {HTMLElement} root
 * @param {HTMLElement} section
 * @param {import('../../lib/timeline.js').Timeline} timeline
 * @param {ThinReport} report
 * @param {boolean} withGil
 * @param {() => boolean} stale  the part was destroyed, or another run started
 */
export function showTimeline(root, section, timeline, report, withGil, stale) {
  if (!report.lanes.length) {
    section.hidden = true;
    return;
  }
  const data = reportTimeline(report, { gil: withGil });
  data.title = `${report.threads} thread${report.threads === 1 ? '' : 's'}, ${report.handovers} GIL hand-over${report.handovers === 1 ? '' : 's'}${report.thinned ? ` (${report.thinned.from} spans merged to ${report.thinned.to} to draw)` : ''}`;
  const draw = () => {
    if (stale()) return;
    timeline.draw(data);
    root.dataset.drawnLanes = String(report.lanes.length);
  };
  if (section.hidden) {
    // Shown first and drawn a frame later: the drawing reads the canvas's
    // width, which would otherwise lay out the whole page in this task.
    section.hidden = false;
    requestAnimationFrame(() => setTimeout(draw, 0));
  } else {
    draw();
  }
}
