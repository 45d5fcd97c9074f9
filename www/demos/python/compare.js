// Compare (python.html#compare): the tutorials' table — CPU-bound and
// I/O-bound work, each run sequentially, on threads with the GIL, on threads
// without it, and in processes — measured from the reader's own program on
// the reader's own cores, with the four timelines of each row.
//
// The page finds the program's top-level functions of one argument
// (`compare-functions`), the reader picks the CPU-bound one and the I/O-bound
// one and the inputs each is called with, and for every cell a harness of
// ours (src/interleave/runner/compare_harness.rs, `compare-program`) runs
// the program's definitions and then the calls: one after another, on a
// ThreadPoolExecutor or on a ProcessPoolExecutor. The cell's time is what
// the harness measured around the calls (pool start-up included, as in the
// tutorials); the timeline is the whole run's. Runs go one at a time, so
// they do not slow each other down.
import { el, focusHere } from '../../lib/dom.js';
import { ms } from '../../lib/format.js';
import { reportTimeline } from '../../lib/python-report.js';
import { COLUMNS, ROWS, atOnce, harnessResult, speedup } from '../../lib/python-compare.js';
import { startPython } from '../../lib/python-run.js';
import { mountTimeline } from '../../lib/timeline.js';
import { announceRun, escapeCancels } from '../parts.js';

/** @typedef {import('../../lib/client.js').PoolClient} PoolClient */
/** @typedef {import('../../lib/python-report.js').ThinReport} ThinReport */
/** @typedef {import('../../lib/python-compare.js').Column} Column */
/** @typedef {import('../../lib/python-compare.js').Row} Row */
/** @typedef {{name: string, line: number, params: string[], sleeps: boolean}} TaskFunction */
/** A finished cell. @typedef {{ms: number, start: number, end: number, report: ThinReport}} Cell */
/** What a program's example says the comparison should call. @typedef {{cpu: {function: string, inputs: string}, io: {function: string, inputs: string}}} ComparePick */

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
const MAX_ROUNDS = 9;
/** How often a cell's run is asked whether it has ended: nothing is drawn while it runs. */
const POLL_MS = 40;
/** How long after the last edit the function lists are refreshed. */
const OUTLINE_DELAY_MS = 300;

/**
 * @param {HTMLElement} container
 * @param {{client: PoolClient, source: () => string, startMethod?: () => import('../../pkg/threadlab.js').PyStartMethod, loadExample: (id: string) => void, exampleId: string}} options
 *   source: the editor's program now; startMethod: the page's "Processes start by" now; loadExample: put an example in the editor;
 *   exampleId: the example the "Load the example" button loads
 */
export function mountCompare(container, { client, source, startMethod = () => 'fork', loadExample, exampleId }) {
  const cores = navigator.hardwareConcurrency || 1;
  const picks = Object.fromEntries(ROWS.map((r) => [r.id, {
    select: el('select', { id: `cmp-${r.id}-function`, name: `${r.id}-function` }),
    inputs: el('input', { id: `cmp-${r.id}-inputs`, name: `${r.id}-inputs`, value: DEFAULT_INPUTS[r.id], spellcheck: 'false', autocomplete: 'off', class: 'cmp-inputs' }),
  }]));
  const workers = el('input', { id: 'cmp-workers', name: 'workers', type: 'number', min: '1', max: '16', step: '1', value: String(DEFAULT_WORKERS), inputmode: 'numeric', class: 'cmp-workers' });
  const rounds = el('input', { id: 'cmp-rounds', name: 'rounds', type: 'number', min: '1', max: String(MAX_ROUNDS), step: '1', value: String(DEFAULT_ROUNDS), inputmode: 'numeric', class: 'cmp-workers' });
  const compareButton = el('button', { type: 'button', class: 'primary', id: 'cmp-run', text: 'Compare' });
  const cancelButton = el('button', { type: 'button', id: 'cmp-cancel', text: 'Cancel', disabled: true });
  const exampleButton = el('button', { type: 'button', id: 'cmp-example', text: 'Load the example' });
  const status = el('p', { class: 'py-status', id: 'cmp-status', role: 'status', 'aria-live': 'polite' });
  const skippedNote = el('p', { class: 'muted small', id: 'cmp-skipped', hidden: true });
  const errorBox = el('pre', { class: 'py-output cmp-error', id: 'cmp-error', tabindex: '0', hidden: true, role: 'region', 'aria-label': 'What the failing run printed on standard error' });
  const tbody = el('tbody');
  const table = el('table', { class: 'cmp-table', id: 'cmp-table', 'aria-describedby': 'cmp-table-note' },
    el('thead', {}, el('tr', {}, el('td'), ...COLUMNS.map((c) => el('th', { scope: 'col', 'data-col': c.id },
      el('span', { class: 'cmp-long', text: c.title }), el('abbr', { class: 'cmp-short', title: c.title, text: c.short }))))),
    tbody);
  const tableNote = el('p', { class: 'muted small', id: 'cmp-table-note', text: `Wall time of the calls (pool start-up included) and speed-up over sequential: the median of the runs of each (the columns take turns), measured just now on this machine (${cores} core${cores === 1 ? '' : 's'}). On a busy machine the ratios move: more runs, or comparing again, shows what holds.` });
  const rowButtons = ROWS.map((r) => el('button', { type: 'button', class: 'cmp-row-button', 'data-row': r.id, 'aria-pressed': r.id === 'cpu' ? 'true' : 'false', text: r.title }));
  const figures = COLUMNS.map((c) => el('section', { class: 'cmp-timeline', 'data-col': c.id, 'aria-labelledby': `cmp-tl-${c.id}-title` },
    el('h3', { id: `cmp-tl-${c.id}-title`, text: c.title }),
    el('p', { class: 'muted small cmp-at-once', id: `cmp-tl-${c.id}-at-once` })));
  const timelinesBox = el('div', { class: 'cmp-timelines', id: 'cmp-timelines', hidden: true },
    el('div', { class: 'cmp-row-buttons', role: 'group', 'aria-label': 'Which row’s timelines to show' }, el('span', { text: 'Timelines of: ' }), ...rowButtons),
    ...figures);

  const root = el('section', { class: 'card cmp', id: 'compare', 'aria-labelledby': 'cmp-title', 'data-state': 'idle', 'data-runs': '0' },
    el('h2', { id: 'cmp-title', text: 'Compare: one after another, threads with and without the GIL, processes' }),
    el('p', { class: 'muted' }, 'Pick a CPU-bound function and an I/O-bound one from the program above (top-level functions that take one argument). ',
      'Each is called once per input four ways: one call after another; on a ', el('code', { text: 'ThreadPoolExecutor' }),
      ' under the GIL; on the same pool with no GIL (free-threaded, PEP 703); and on a ', el('code', { text: 'ProcessPoolExecutor' }),
      '. Only the program’s imports, definitions and assignments run; its other top-level code is left out.'),
    el('div', { class: 'cmp-form' },
      ...ROWS.map((r) => el('fieldset', { class: 'cmp-pick' },
        el('legend', { text: r.title }),
        el('label', { for: `cmp-${r.id}-function`, text: 'Function' }), picks[r.id].select,
        el('label', { for: `cmp-${r.id}-inputs`, text: 'called with each of' }), picks[r.id].inputs,
        el('p', { class: 'field-error', id: `cmp-${r.id}-inputs-error`, hidden: true }))),
      el('div', { class: 'py-controls' },
        compareButton, cancelButton,
        el('label', { class: 'py-field' }, 'Workers per pool ', workers),
        el('label', { class: 'py-field' }, 'Runs of each ', rounds),
        exampleButton)),
    status,
    skippedNote,
    errorBox,
    el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'The comparison table' }, table),
    tableNote,
    timelinesBox);
  container.append(root);

  /** The timelines, mounted once. */
  const timelines = COLUMNS.map((c, i) => mountTimeline(/** @type {HTMLElement} */ (figures[i]), { canvasId: `cmp-tl-${c.id}`, captionId: `cmp-tl-${c.id}-summary`, label: `Timeline: ${c.title}`, rowHeight: 24 }));
  /** @type {Record<string, Record<string, Cell | {off: string}>>} */
  let results = {};
  /** Every run of each cell so far; the cell shows the median one. @type {Record<string, Record<string, Cell[]>>} */
  let samples = {};
  /** @param {string} rowId @param {string} colId @param {Cell} cell */
  const keep = (rowId, colId, cell) => {
    const runs = ((samples[rowId] ??= {})[colId] ??= []);
    runs.push(cell);
    // The lower middle for an even count: a run that happened, so its
    // timeline is the one drawn.
    const sorted = [...runs].sort((a, b) => a.ms - b.ms);
    (results[rowId] ??= {})[colId] = sorted[(sorted.length - 1) >> 1];
  };
  /** @type {{cancel: () => void} | null} */
  let current = null;
  let cancelling = false;
  let shownRow = /** @type {Row['id']} */ ('cpu');
  /** Picks an example asked for, applied when its functions are listed. @type {ComparePick | null} */
  let wanted = null;

  const setStatus = (/** @type {string} */ text, bad = false) => {
    status.textContent = text;
    status.classList.toggle('bad', bad);
  };
  const setState = (/** @type {'idle' | 'running' | 'cancelling'} */ state) => {
    root.dataset.state = state;
    compareButton.disabled = state !== 'idle';
    exampleButton.disabled = state !== 'idle';
    cancelButton.disabled = state !== 'running';
  };

  // ---------- the function lists ----------
  /** @type {TaskFunction[]} */
  let functions = [];
  /** @returns {Promise<{ok: true, functions: TaskFunction[]} | {ok: false, message: string}>} */
  const outline = async () => {
    const r = /** @type {any} */ (await client.python('compareFunctions', { source: source() }));
    if (r?.status === 'ok') return { ok: true, functions: r.functions };
    if (r?.status === 'error') return { ok: false, message: r.line > 0 ? `The program has a syntax error at line ${r.line}, column ${r.col}: ${r.message}. Run shows where.` : r.message };
    return { ok: false, message: r?.message ?? 'The program could not be read.' };
  };
  const fillSelects = () => {
    const options = () => [new Option('— none —', ''), ...functions.map((f) => new Option(`${f.name}(${f.params.join(', ')})`, f.name))];
    for (const r of ROWS) {
      const { select, inputs } = picks[r.id];
      const was = select.value;
      select.replaceChildren(...options());
      const want = wanted?.[r.id];
      const guess = functions.find((f) => (r.id === 'io' ? f.sleeps : !f.sleeps))?.name ?? '';
      select.value = want && functions.some((f) => f.name === want.function) ? want.function
        : functions.some((f) => f.name === was) ? was : guess;
      if (want) inputs.value = want.inputs;
    }
    wanted = null;
    root.dataset.functions = String(functions.length);
  };
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let outlineTimer;
  const refresh = async () => {
    const o = await outline();
    functions = o.ok ? o.functions : [];
    fillSelects();
    return o;
  };
  const refreshSoon = () => {
    clearTimeout(outlineTimer);
    outlineTimer = setTimeout(() => { void refresh(); }, OUTLINE_DELAY_MS);
  };

  // ---------- the table ----------
  const render = () => {
    tbody.replaceChildren(...ROWS.map((r) => {
      const fn = picks[r.id].select.value;
      const row = results[r.id] ?? {};
      const seq = row.sequential;
      return el('tr', { 'data-row': r.id },
        el('th', { scope: 'row' }, r.title, el('span', { class: 'cmp-fn', text: fn ? `${fn}()` : 'not run' })),
        ...COLUMNS.map((c) => {
          const cell = row[c.id];
          const attrs = { 'data-col': c.id, 'data-label': c.title };
          if (!cell) return el('td', { ...attrs, class: 'pending', text: current ? '…' : '–' });
          if ('off' in cell) return el('td', { ...attrs, class: 'off', text: cell.off });
          const up = seq && 'ms' in seq ? speedup(seq.ms, cell.ms) : null;
          return el('td', { ...attrs, class: 'value', 'data-ms': cell.ms.toFixed(1), 'data-speedup': up ? up.factor.toFixed(2) : '' },
            el('span', { class: 'big', text: ms(cell.ms) }),
            el('span', { class: 'why', text: c.id === 'sequential' ? 'the baseline' : up?.text ?? '' }));
        }));
    }));
  };

  // ---------- the timelines ----------
  /** @returns {Promise<void>} resolved once the row's timelines are drawn */
  const drawRow = (/** @type {Row['id']} */ rowId) => new Promise((resolve) => {
    shownRow = rowId;
    for (const b of rowButtons) b.setAttribute('aria-pressed', String(b.dataset.row === rowId));
    const row = results[rowId] ?? {};
    const cells = COLUMNS.map((c) => row[c.id]);
    const done = /** @type {Cell[]} */ (cells.filter((x) => x && 'report' in x));
    if (!done.length) { timelinesBox.hidden = true; resolve(); return; }
    if (timelinesBox.hidden) {
      // Shown first and drawn a frame later: drawing reads the canvases'
      // widths, which would otherwise lay out the whole page in that task.
      timelinesBox.hidden = false;
      void settled().then(() => drawRow(rowId)).then(resolve);
      return;
    }
    // One time axis for the row, so the bars' lengths compare.
    const end = Math.max(...done.map((x) => x.report.wall_ms));
    COLUMNS.forEach((c, i) => {
      const cell = cells[i];
      const figure = /** @type {HTMLElement} */ (figures[i]);
      const note = /** @type {HTMLElement} */ (figure.querySelector('.cmp-at-once'));
      if (!cell || !('report' in cell)) {
        timelines[i].clear();
        note.textContent = cell && 'off' in cell ? cell.off : 'Not run.';
        delete figure.dataset.mostRunning;
        delete figure.dataset.mostSleeping;
        return;
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
      const narrow = timelinesBox.clientWidth < 600;
      data.marks = [{ at: cell.start, label: narrow ? 'start' : 'calls start' }, { at: cell.end, label: narrow ? 'end' : 'calls end' }];
      // On a phone the lane names would leave the plot a few pixels wide.
      if (narrow) data.lanes = data.lanes.map(shortLane);
      // One timeline per task: four drawings in one task could freeze the page.
      setTimeout(() => { if (shownRow === rowId) timelines[i].draw(data); }, i * 30);
    });
    setTimeout(resolve, COLUMNS.length * 30);
  });
  for (const b of rowButtons) b.addEventListener('click', () => { void drawRow(/** @type {Row['id']} */ (b.dataset.row)); });

  // ---------- one comparison ----------
  const showError = (/** @type {string} */ text, /** @type {string} */ stderr = '') => {
    setStatus(text, true);
    errorBox.hidden = stderr === '';
    errorBox.textContent = stderr;
  };
  const fieldError = (/** @type {Row['id'] | null} */ rowId, /** @type {string} */ message) => {
    for (const r of ROWS) {
      const box = /** @type {HTMLElement} */ (root.querySelector(`#cmp-${r.id}-inputs-error`));
      box.hidden = r.id !== rowId;
      box.textContent = r.id === rowId ? message : '';
      picks[r.id].inputs.toggleAttribute('aria-invalid', r.id === rowId);
    }
  };

  /**
   * Runs one cell; true when the comparison may go on.
   * @param {Row} row @param {Column} col @param {number} n @param {number} of
   */
  const runCell = async (row, col, n, of) => {
    const { select, inputs } = picks[row.id];
    const request = { source: source(), function: select.value, inputs: inputs.value, setting: col.setting, workers: Number(workers.value) };
    const built = /** @type {any} */ (await client.python('compareProgram', request));
    if (built?.status !== 'ok') {
      const message = built?.message ?? 'The comparison could not be set up.';
      if (built?.field === 'inputs') { fieldError(row.id, message); focusHere(inputs); }
      if (built?.field === 'workers') focusHere(workers);
      showError(`${row.title}: ${message}.`);
      return false;
    }
    skippedNote.hidden = built.skipped.length === 0;
    skippedNote.textContent = `Not run in the comparison (top-level code other than imports, definitions and assignments): ${built.skipped.map((/** @type {[number, number]} */ [a, b]) => (a === b ? `line ${a}` : `lines ${a}–${b}`)).join(', ')}.`;
    setStatus(`Running ${row.title.toLowerCase()} · ${col.title.toLowerCase()} (${n} of ${of})… (Esc cancels)`);
    render();
    // The page lays itself out before the run starts, not while CPU-bound
    // threads hold every core (a layout then can take a long task's time).
    await settled();
    if (cancelling) return false;
    const run = startPython(client, { source: built.source, gil: col.gil, start_method: startMethod(), cpu_count: cores }, { pollMs: POLL_MS });
    current = run;
    const reply = await run.done;
    current = null;
    if (reply.status === 'cancelled' || (reply.status === 'done' && reply.report.exit.kind === 'cancelled')) return false;
    if (reply.status !== 'done') {
      showError(`${row.title}, ${col.title.toLowerCase()}: ${reply.message}`);
      return false;
    }
    const exit = reply.report.exit;
    if (exit.kind === 'exception') {
      if (col.setting === 'processes' && /^(ImportError|ModuleNotFoundError)$/.test(exit.name) && /ProcessPoolExecutor|multiprocessing/.test(exit.message)) {
        (results[row.id] ??= {})[col.id] = { off: 'processes not available in this build' };
        return true;
      }
      const where = exit.line ? ` (line ${exit.line})` : '';
      if (exit.line > request.source.split('\n').length) {
        // Raised in the harness's own lines: evaluating the inputs, or the pool.
        fieldError(row.id, `${exit.name}: ${exit.message}`);
        focusHere(inputs);
        showError(`${row.title}: the harness failed before or around the calls (${col.title.toLowerCase()} run): ${exit.name}${exit.message ? `: ${exit.message}` : ''}. Are the inputs right?`, reply.stderr);
        return false;
      }
      showError(`${row.title}: ${select.value}() raised ${exit.name}${exit.message ? `: ${exit.message}` : ''}${where} in the ${col.title.toLowerCase()} run. Its traceback is below; the table keeps what finished.`, reply.stderr);
      return false;
    }
    if (exit.kind !== 'finished') {
      const why = exit.kind === 'deadlock' ? 'a deadlock (every thread waits for ever)' : exit.kind === 'system-exit' ? `sys.exit(${exit.code})` : exit.kind;
      showError(`${row.title}, ${col.title.toLowerCase()}: the run ended with ${why}.`, reply.stderr);
      return false;
    }
    const timed = harnessResult(reply.stdout);
    if (!timed) {
      showError(`${row.title}, ${col.title.toLowerCase()}: the harness printed no result (does the program exit before it?).`, reply.stderr);
      return false;
    }
    keep(row.id, col.id, { ms: timed.end - timed.start, start: timed.start, end: timed.end, report: reply.report });
    return true;
  };

  async function compare() {
    if (current || root.dataset.state !== 'idle') return;
    clearTimeout(outlineTimer);
    fieldError(null, '');
    errorBox.hidden = true;
    if (!client.threaded) {
      setStatus(`Python threads need shared memory, so the comparison cannot run here. ${client.why ?? ''}`.trim(), true);
      ended('failed');
      return;
    }
    const o = await refresh();
    if (!o.ok) { showError(o.message); ended('invalid'); return; }
    const rows = ROWS.filter((r) => picks[r.id].select.value !== '');
    if (!functions.length || !rows.length) {
      showError(functions.length
        ? 'Pick a function for at least one row.'
        : 'The program has no top-level function that takes one argument, so there is nothing to compare. Define one, e.g. def work(n): …, or load the example.');
      ended('invalid');
      return;
    }
    const n = Number(workers.value);
    if (!(Number.isInteger(n) && n >= 1 && n <= 16)) {
      showError('Workers per pool: a whole number from 1 to 16.');
      focusHere(workers);
      ended('invalid');
      return;
    }
    const r = Number(rounds.value);
    if (!(Number.isInteger(r) && r >= 1 && r <= MAX_ROUNDS)) {
      showError(`Runs of each: a whole number from 1 to ${MAX_ROUNDS}.`);
      focusHere(rounds);
      ended('invalid');
      return;
    }
    results = {};
    samples = {};
    cancelling = false;
    setState('running');
    render();
    // Workers for every thread and process the pools will start, started
    // now: a Web Worker takes tens of ms to start, which would otherwise be
    // timed in the first pooled column (and costs the page a long task).
    setStatus('Starting Python workers…');
    await client.python('prestart', 2 * n + 3);
    await drawRow(rows[0].id);
    const t0 = performance.now();
    let ok = true, count = 0;
    const of = rows.length * COLUMNS.length * r;
    for (const row of rows) {
      for (let round = 0; ok && round < r; round++) {
        for (const col of COLUMNS) {
          // A column the build cannot run is skipped after its first try.
          if (round > 0 && results[row.id]?.[col.id] && 'off' in /** @type {object} */ (results[row.id][col.id])) { count++; continue; }
          ok = !cancelling && await runCell(row, col, ++count, of);
          render();
          if (!ok) break;
        }
      }
      await drawRow(row.id);
      if (!ok) break;
    }
    const wasCancelled = cancelling;
    cancelling = false;
    setState('idle');
    render();
    void drawRow(rows[0].id);
    const finishedCells = Object.values(samples).reduce((k, row) => k + Object.values(row).reduce((j, runs) => j + runs.length, 0), 0);
    if (wasCancelled) {
      setStatus(`Cancelled: ${finishedCells} of ${of} runs had finished; the table keeps them.`, true);
      ended('cancelled');
    } else if (ok) {
      setStatus(`Done: ${of} runs in ${ms(performance.now() - t0)}.`);
      ended('finished');
    } else {
      ended('failed');
    }
  }

  /**
   * root[data-exit] says how the last press of Compare ended; the page
   * hears of it (`threadlab:ran`).
   * @param {'finished' | 'cancelled' | 'failed' | 'invalid'} how
   */
  function ended(how) {
    root.dataset.exit = how;
    announceRun(root, how === 'finished' ? 'done' : how);
  }

  function cancel() {
    if (root.dataset.state !== 'running') return;
    cancelling = true;
    setState('cancelling');
    setStatus('Cancelling…');
    current?.cancel();
  }

  compareButton.addEventListener('click', () => { void compare(); });
  cancelButton.addEventListener('click', cancel);
  exampleButton.addEventListener('click', () => { loadExample(exampleId); });
  for (const r of ROWS) picks[r.id].select.addEventListener('change', render);
  const stopEscape = escapeCancels(cancel);
  render();
  // The first drawing of a canvas costs tens of ms more than later ones
  // (fonts, layout of the figure's parts): each is drawn once now, hidden,
  // one per task, so the first comparison's timelines do not freeze the page.
  timelines.forEach((t, i) => setTimeout(() => {
    if (!timelinesBox.hidden) return;
    t.draw({ lanes: ['MainThread'], spans: [{ lane: 0, start: 0, end: 1, kind: 'running' }], kinds: { running: { label: 'running', colour: '--par' } } });
    t.clear();
  }, 50 * (i + 1)));

  return {
    /** The editor's program changed (typed: after a pause; loaded: now, with the example's picks). @param {ComparePick | null} [pick] */
    sourceChanged(pick = null) {
      if (pick) { wanted = pick; void refresh(); } else refreshSoon();
    },
    compare,
    cancel,
    destroy() {
      cancel();
      stopEscape();
      for (const t of timelines) t.destroy();
      root.remove();
    },
  };
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
const settled = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/**
 * What a timeline shows, in a sentence.
 * @param {number} running @param {number} sleeping @param {Column} col @param {number} cores
 */
function atOnceText(running, sleeping, col, cores) {
  const who = col.setting === 'processes' ? 'lanes' : 'threads';
  let ran = running <= 1 ? `One ${who === 'lanes' ? 'lane' : 'thread'} ran Python at a time` : `${running} ${who} were running Python at the same moment`;
  if (running > cores) ran += ` (more than the ${cores} cores: the operating system shares the cores out)`;
  if (running <= 1 && col.setting === 'threads' && col.gil !== 'free-threaded') ran += ': the GIL lets one thread run at a time';
  const slept = sleeping > 1 ? `; ${sleeping} were asleep at once` : '';
  return `${ran}${slept}.`;
}
