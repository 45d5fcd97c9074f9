// What the Compare card draws (./compare.js runs it): the table of median
// times and speed-ups, and the four timelines of one row on one time axis.
// Drawing only: nothing here starts a run.
import { el } from '../../lib/dom.js';
import { ms } from '../../lib/format.js';
import { reportTimeline } from '../../lib/python-report.js';
import { COLUMNS, ROWS, atOnce, speedup } from '../../lib/python-compare.js';

/** @typedef {import('./compare-view.js').CompareView} CompareView */
/** @typedef {import('../../lib/python-compare.js').Column} Column */
/** @typedef {import('../../lib/python-compare.js').Row} Row */
/** @typedef {import('../../lib/python-report.js').ThinReport} ThinReport */
/** A finished cell. @typedef {{ms: number, start: number, end: number, report: ThinReport}} Cell */
/** The cells shown, by row and column. @typedef {Record<string, Record<string, Cell | {off: string}>>} Results */

/**
 * The table: each row's function, and per column its median time and speed-up.
 * @param {CompareView} view @param {Results} results @param {boolean} running  empty cells wait ('…')
 */
export function renderTable(view, results, running) {
  view.tbody.replaceChildren(
    ...ROWS.map((r) => {
      const fn = view.picks[r.id].select.value;
      const row = results[r.id] ?? {};
      const seq = row.sequential;
      return el(
        'tr',
        { 'data-row': r.id },
        el('th', { scope: 'row' }, r.title, el('span', { class: 'cmp-fn', text: fn ? `${fn}()` : 'not run' })),
        ...COLUMNS.map((c) => {
          const cell = row[c.id];
          const attrs = { 'data-col': c.id, 'data-label': c.title };
          if (!cell) return el('td', { ...attrs, class: 'pending', text: running ? '…' : '–' });
          if ('off' in cell) return el('td', { ...attrs, class: 'off', text: cell.off });
          const up = seq && 'ms' in seq ? speedup(seq.ms, cell.ms) : null;
          return el(
            'td',
            { ...attrs, class: 'value', 'data-ms': cell.ms.toFixed(1), 'data-speedup': up ? up.factor.toFixed(2) : '' },
            el('span', { class: 'big', text: ms(cell.ms) }),
            el('span', { class: 'why', text: c.id === 'sequential' ? 'the baseline' : (up?.text ?? '') }),
          );
        }),
      );
    }),
  );
}

/**
 * Draws a row's four timelines on one time axis; resolves once they are drawn.
 * @param {CompareView} view
 * @param {import('../../lib/timeline.js').Timeline[]} timelines
 * @param {Results} results
 * @param {Row['id']} rowId
 * @param {{shownRow: Row['id']}} shown  the row on show (a later call wins)
 * @param {number} cores
 * @returns {Promise<void>}
 */
export function drawRow(view, timelines, results, rowId, shown, cores) {
  const { timelinesBox, rowButtons } = view;
  shown.shownRow = rowId;
  for (const b of rowButtons) b.setAttribute('aria-pressed', String(b.dataset.row === rowId));
  const row = results[rowId] ?? {};
  const cells = COLUMNS.map((c) => row[c.id]);
  const done = /** @type {Cell[]} */ (cells.filter((x) => x && 'report' in x));
  if (!done.length) {
    timelinesBox.hidden = true;
    return Promise.resolve();
  }
  if (timelinesBox.hidden) {
    // Shown first and drawn a frame later: drawing reads the canvases'
    // widths, which would otherwise lay out the whole page in that task.
    timelinesBox.hidden = false;
    return settled().then(() => drawRow(view, timelines, results, rowId, shown, cores));
  }
  // One time axis for the row, so the bars' lengths compare.
  const end = Math.max(...done.map((x) => x.report.wall_ms));
  COLUMNS.forEach((c, i) => {
    const figure = /** @type {HTMLElement} */ (view.figures[i]);
    const data = drawColumn(figure, cells[i], c, rowId, end, timelinesBox.clientWidth < 600, cores);
    if (!data) timelines[i].clear();
    // One timeline per task: four drawings in one task could freeze the page.
    else
      setTimeout(() => {
        if (shown.shownRow === rowId) timelines[i].draw(data);
      }, i * 30);
  });
  return new Promise((resolve) => setTimeout(resolve, COLUMNS.length * 30));
}

/**
 * One column's figure: its sentence and its data attributes, and the
 * timeline data to draw (null: the cell did not run).
 * @param {HTMLElement} figure @param {Cell | {off: string} | undefined} cell @param {Column} c
 * @param {Row['id']} rowId @param {number} end @param {boolean} narrow @param {number} cores
 */
function drawColumn(figure, cell, c, rowId, end, narrow, cores) {
  const note = /** @type {HTMLElement} */ (figure.querySelector('.cmp-at-once'));
  if (!cell || !('report' in cell)) {
    note.textContent = cell && 'off' in cell ? cell.off : 'Not run.';
    delete figure.dataset.mostRunning;
    delete figure.dataset.mostSleeping;
    return null;
  }
  const running = atOnce(cell.report, 'running');
  const sleeping = atOnce(cell.report, 'sleeping');
  figure.dataset.mostRunning = String(running.most);
  figure.dataset.mostSleeping = String(sleeping.most);
  figure.dataset.row = rowId;
  note.textContent = atOnceText(running.most, sleeping.most, c, cores);
  const data = reportTimeline(cell.report, { gil: c.gil !== 'free-threaded' });
  data.title = `${ROWS.find((r) => r.id === rowId)?.title}, ${c.title.toLowerCase()}`;
  data.end = end;
  data.marks = [
    { at: cell.start, label: narrow ? 'start' : 'calls start' },
    { at: cell.end, label: narrow ? 'end' : 'calls end' },
  ];
  // On a phone the lane names would leave the plot a few pixels wide.
  if (narrow) data.lanes = data.lanes.map(shortLane);
  return data;
}

/**
 * A lane's name, short: "ForkProcess-2 (pid 4244) / MainThread" → "P2",
 * "ThreadPoolExecutor-0_1" → "pool 1", "GIL of ForkProcess-2 (pid 4244)" → "GIL P2".
 * @param {string} name
 */
export function shortLane(name) {
  return name
    .replace(/\b\w*Process-(\d+) \(pid \d+\)/g, 'P$1')
    .replace(/ \/ MainThread$/, '')
    .replace(/^GIL of the main process$/, 'GIL main')
    .replace(/^GIL of /, 'GIL ')
    .replace(/ThreadPoolExecutor-\d+_(\d+)/, 'pool $1')
    .replace(/QueueManagerThread/, 'queue mgr');
}

/** Resolves after the next frame has been laid out and painted. */
export const settled = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/**
 * What a timeline shows, in a sentence.
 * @param {number} running @param {number} sleeping @param {Column} col @param {number} cores
 */
function atOnceText(running, sleeping, col, cores) {
  const who = col.setting === 'processes' ? 'lanes' : 'threads';
  let ran =
    running <= 1
      ? `One ${who === 'lanes' ? 'lane' : 'thread'} ran Python at a time`
      : `${running} ${who} were running Python at the same moment`;
  if (running > cores) ran += ` (more than the ${cores} cores: the operating system shares the cores out)`;
  if (running <= 1 && col.setting === 'threads' && col.gil !== 'free-threaded')
    ran += ': the GIL lets one thread run at a time';
  const slept = sleeping > 1 ? `; ${sleeping} were asleep at once` : '';
  return `${ran}${slept}.`;
}
