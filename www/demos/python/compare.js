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
import { focusHere } from '../../lib/dom.js';
import { escapeCancels, lifecycle } from '../../lib/lifecycle.js';
import { ms } from '../../lib/format.js';
import { COLUMNS, ROWS, harnessResult } from '../../lib/python-compare.js';
import { startPython } from '../../lib/python-run.js';
import { mountTimeline } from '../../lib/timeline.js';
import { drawRow, renderTable, settled } from './compare-draw.js';
import { MAX_ROUNDS, compareMarkup } from './compare-view.js';

export { shortLane } from './compare-draw.js';

/** @typedef {import('../../lib/client.js').PoolClient} PoolClient */
/** @typedef {import('../../lib/python-compare.js').Column} Column */
/** @typedef {import('../../lib/python-compare.js').Row} Row */
/** @typedef {import('../../lib/lifecycle.js').RunContext} RunContext */
/** @typedef {import('./compare-view.js').CompareView} CompareView */
/** @typedef {import('./compare-draw.js').Cell} Cell */
/** @typedef {{name: string, line: number, params: string[], sleeps: boolean}} TaskFunction */
/** What a program's example says the comparison should call. @typedef {{cpu: {function: string, inputs: string}, io: {function: string, inputs: string}}} ComparePick */
/** How a press of Compare ended (root[data-exit]). @typedef {'finished' | 'cancelled' | 'failed' | 'invalid'} Ended */

/** How often a cell's run is asked whether it has ended: nothing is drawn while it runs. */
const POLL_MS = 40;
/** How long after the last edit the function lists are refreshed. */
const OUTLINE_DELAY_MS = 300;

/**
 * The card, its timelines and what it keeps between presses.
 * @param {PoolClient} client
 * @param {() => string} source
 * @param {() => import('../../pkg/threadlab.js').PyStartMethod} startMethod  the page's "Processes start by" now
 */
function compareCard(client, source, startMethod) {
  const cores = navigator.hardwareConcurrency || 1;
  const view = compareMarkup(cores);
  return {
    view,
    client,
    source,
    startMethod,
    cores,
    /** The timelines, mounted once. */
    timelines: COLUMNS.map((c, i) =>
      mountTimeline(/** @type {HTMLElement} */ (view.figures[i]), {
        canvasId: `cmp-tl-${c.id}`,
        captionId: `cmp-tl-${c.id}-summary`,
        label: `Timeline: ${c.title}`,
        rowHeight: 24,
      }),
    ),
    /** @type {import('./compare-draw.js').Results} */
    results: {},
    /** Every run of each cell so far; the cell shows the median one. @type {Record<string, Record<string, Cell[]>>} */
    samples: {},
    shown: { shownRow: /** @type {Row['id']} */ ('cpu') },
    /** Picks an example asked for, applied when its functions are listed. @type {ComparePick | null} */
    wanted: null,
    /** @type {TaskFunction[]} */
    functions: [],
    running: false,
    /** @param {string} text @param {boolean} [bad] */
    say(text, bad = false) {
      view.status.textContent = text;
      view.status.classList.toggle('bad', bad);
    },
  };
}
/** @typedef {ReturnType<typeof compareCard>} Card */

/** @param {Card} card */
const render = (card) => renderTable(card.view, card.results, card.running);
/** @param {Card} card @param {Row['id']} rowId */
const showRow = (card, rowId) => drawRow(card.view, card.timelines, card.results, rowId, card.shown, card.cores);

/** Keeps a run of a cell; the cell shows the median. @param {Card} card @param {string} rowId @param {string} colId @param {Cell} cell */
function keep(card, rowId, colId, cell) {
  const runs = ((card.samples[rowId] ??= {})[colId] ??= []);
  runs.push(cell);
  // The lower middle for an even count: a run that happened, so its
  // timeline is the one drawn.
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  (card.results[rowId] ??= {})[colId] = sorted[(sorted.length - 1) >> 1];
}

/**
 * The program's top-level functions of one argument, into both pickers
 * (keeping a pick that is still there, or an example's, or a guess).
 * @param {Card} card
 * @returns {Promise<{ok: true, functions: TaskFunction[]} | {ok: false, message: string}>}
 */
async function refresh(card) {
  const r = /** @type {any} */ (await card.client.python('compareFunctions', { source: card.source() }));
  const o =
    r?.status === 'ok'
      ? { ok: /** @type {const} */ (true), functions: /** @type {TaskFunction[]} */ (r.functions) }
      : {
          ok: /** @type {const} */ (false),
          message:
            r?.status === 'error' && r.line > 0
              ? `The program has a syntax error at line ${r.line}, column ${r.col}: ${r.message}. Run shows where.`
              : (r?.message ?? 'The program could not be read.'),
        };
  const functions = (card.functions = o.ok ? o.functions : []);
  const options = () => [
    new Option('— none —', ''),
    ...functions.map((f) => new Option(`${f.name}(${f.params.join(', ')})`, f.name)),
  ];
  for (const r of ROWS) {
    const { select, inputs } = card.view.picks[r.id];
    const was = select.value;
    select.replaceChildren(...options());
    const want = card.wanted?.[r.id];
    const guess = functions.find((f) => (r.id === 'io' ? f.sleeps : !f.sleeps))?.name ?? '';
    select.value =
      want && functions.some((f) => f.name === want.function)
        ? want.function
        : functions.some((f) => f.name === was)
          ? was
          : guess;
    if (want) inputs.value = want.inputs;
  }
  card.wanted = null;
  card.view.root.dataset.functions = String(functions.length);
  return o;
}

/** @param {Card} card @param {string} text @param {string} [stderr] */
function showError(card, text, stderr = '') {
  card.say(text, true);
  card.view.errorBox.hidden = stderr === '';
  card.view.errorBox.textContent = stderr;
}

/** The inputs field of `rowId` says `message` (null: no field error). @param {Card} card @param {Row['id'] | null} rowId @param {string} message */
function fieldError(card, rowId, message) {
  for (const r of ROWS) {
    const box = /** @type {HTMLElement} */ (card.view.root.querySelector(`#cmp-${r.id}-inputs-error`));
    box.hidden = r.id !== rowId;
    box.textContent = r.id === rowId ? message : '';
    card.view.picks[r.id].inputs.toggleAttribute('aria-invalid', r.id === rowId);
  }
}

/**
 * @param {HTMLElement} container
 * @param {{client: PoolClient, source: () => string, startMethod?: () => import('../../pkg/threadlab.js').PyStartMethod, loadExample: (id: string) => void, exampleId: string}} options
 *   source: the editor's program now; startMethod: the page's "Processes start by" now; loadExample: put an example in the editor;
 *   exampleId: the example the "Load the example" button loads
 */
export function mountCompare(container, { client, source, startMethod = () => 'fork', loadExample, exampleId }) {
  const card = compareCard(client, source, startMethod);
  const { view, timelines } = card;
  container.append(view.root);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let outlineTimer;
  const life = lifecycle({
    root: view.root,
    buttons: [view.compareButton, view.exampleButton],
    cancelButton: view.cancelButton,
    onCancel: () => card.say('Cancelling…'),
  });
  const compare = async () => {
    if (life.busy) return;
    clearTimeout(outlineTimer);
    await life.start(async (ctx) => {
      const how = await compareOnce(card, ctx);
      view.root.dataset.exit = how;
      return { status: how === 'finished' ? 'done' : how };
    });
  };
  const cancel = () => life.cancel();
  view.compareButton.addEventListener('click', () => {
    void compare();
  });
  view.exampleButton.addEventListener('click', () => {
    loadExample(exampleId);
  });
  for (const r of ROWS) view.picks[r.id].select.addEventListener('change', () => render(card));
  for (const b of view.rowButtons)
    b.addEventListener('click', () => {
      void showRow(card, /** @type {Row['id']} */ (b.dataset.row));
    });
  const stopEscape = escapeCancels(cancel);
  render(card);
  // The first drawing of a canvas costs tens of ms more than later ones
  // (fonts, layout of the figure's parts): each is drawn once now, hidden,
  // one per task, so the first comparison's timelines do not freeze the page.
  timelines.forEach((t, i) =>
    setTimeout(
      () => {
        if (!view.timelinesBox.hidden) return;
        t.draw({
          lanes: ['MainThread'],
          spans: [{ lane: 0, start: 0, end: 1, kind: 'running' }],
          kinds: { running: { label: 'running', colour: '--par' } },
        });
        t.clear();
      },
      50 * (i + 1),
    ),
  );

  return {
    /** The editor's program changed (typed: after a pause; loaded: now, with the example's picks). @param {ComparePick | null} [pick] */
    sourceChanged(pick = null) {
      clearTimeout(outlineTimer);
      if (pick) {
        card.wanted = pick;
        void refresh(card);
      } else
        outlineTimer = setTimeout(() => {
          void refresh(card);
        }, OUTLINE_DELAY_MS);
    },
    compare,
    cancel,
    destroy() {
      life.destroy();
      stopEscape();
      for (const t of timelines) t.destroy();
      view.root.remove();
    },
  };
}

/**
 * The settings of a press of Compare: the rows with a function, the pool
 * size and the rounds; a string says what is wrong.
 * @param {Card} card
 * @returns {Promise<{rows: Row[], workers: number, rounds: number} | string>}
 */
async function compareSettings(card) {
  const { view } = card;
  const o = await refresh(card);
  if (!o.ok) return o.message;
  const rows = ROWS.filter((r) => view.picks[r.id].select.value !== '');
  if (!card.functions.length || !rows.length) {
    return card.functions.length
      ? 'Pick a function for at least one row.'
      : 'The program has no top-level function that takes one argument, so there is nothing to compare. Define one, e.g. def work(n): …, or load the example.';
  }
  const n = Number(view.workers.value);
  if (!(Number.isInteger(n) && n >= 1 && n <= 16)) {
    focusHere(view.workers);
    return 'Workers per pool: a whole number from 1 to 16.';
  }
  const r = Number(view.rounds.value);
  if (!(Number.isInteger(r) && r >= 1 && r <= MAX_ROUNDS)) {
    focusHere(view.rounds);
    return `Runs of each: a whole number from 1 to ${MAX_ROUNDS}.`;
  }
  return { rows, workers: n, rounds: r };
}

/**
 * One press of Compare: settings, then every cell `rounds` times, the
 * columns taking turns; the table and timelines as they fill.
 * @param {Card} card @param {RunContext} ctx
 * @returns {Promise<Ended>}
 */
async function compareOnce(card, { signal }) {
  const { view, client } = card;
  fieldError(card, null, '');
  view.errorBox.hidden = true;
  if (!client.threaded) {
    card.say(`Python threads need shared memory, so the comparison cannot run here. ${client.why ?? ''}`.trim(), true);
    return 'failed';
  }
  const settings = await compareSettings(card);
  if (typeof settings === 'string') {
    showError(card, settings);
    return 'invalid';
  }
  const { rows, workers, rounds } = settings;
  card.results = {};
  card.samples = {};
  card.running = true;
  render(card);
  // Workers for every thread and process the pools will start, started
  // now: a Web Worker takes tens of ms to start, which would otherwise be
  // timed in the first pooled column (and costs the page a long task).
  card.say('Starting Python workers…');
  await client.python('prestart', 2 * workers + 3);
  await showRow(card, rows[0].id);
  const t0 = performance.now();
  let ok = true,
    count = 0;
  const of = rows.length * COLUMNS.length * rounds;
  for (const row of rows) {
    for (let round = 0; ok && round < rounds; round++) {
      for (const col of COLUMNS) {
        // A column the build cannot run is skipped after its first try.
        const was = card.results[row.id]?.[col.id];
        if (round > 0 && was && 'off' in was) {
          count++;
          continue;
        }
        ok = !signal.aborted && (await runCell(card, row, col, ++count, of, signal));
        render(card);
        if (!ok) break;
      }
    }
    await showRow(card, row.id);
    if (!ok) break;
  }
  card.running = false;
  render(card);
  void showRow(card, rows[0].id);
  const finished = Object.values(card.samples).reduce(
    (k, row) => k + Object.values(row).reduce((j, runs) => j + runs.length, 0),
    0,
  );
  if (signal.aborted) {
    card.say(`Cancelled: ${finished} of ${of} runs had finished; the table keeps them.`, true);
    return 'cancelled';
  }
  if (!ok) return 'failed';
  card.say(`Done: ${of} runs in ${ms(performance.now() - t0)}.`);
  return 'finished';
}

/**
 * Runs one cell; true when the comparison may go on.
 * @param {Card} card @param {Row} row @param {Column} col @param {number} n @param {number} of @param {AbortSignal} signal
 */
async function runCell(card, row, col, n, of, signal) {
  const { view, client } = card;
  const { select, inputs } = view.picks[row.id];
  const request = {
    source: card.source(),
    function: select.value,
    inputs: inputs.value,
    setting: col.setting,
    workers: Number(view.workers.value),
  };
  const built = /** @type {any} */ (await client.python('compareProgram', request));
  if (built?.status !== 'ok') {
    const message = built?.message ?? 'The comparison could not be set up.';
    if (built?.field === 'inputs') {
      fieldError(card, row.id, message);
      focusHere(inputs);
    }
    if (built?.field === 'workers') focusHere(view.workers);
    showError(card, `${row.title}: ${message}.`);
    return false;
  }
  view.skippedNote.hidden = built.skipped.length === 0;
  view.skippedNote.textContent = `Not run in the comparison (top-level code other than imports, definitions and assignments): ${built.skipped.map((/** @type {[number, number]} */ [a, b]) => (a === b ? `line ${a}` : `lines ${a}–${b}`)).join(', ')}.`;
  card.say(`Running ${row.title.toLowerCase()} · ${col.title.toLowerCase()} (${n} of ${of})… (Esc cancels)`);
  render(card);
  // The page lays itself out before the run starts, not while CPU-bound
  // threads hold every core (a layout then can take a long task's time).
  await settled();
  if (signal.aborted) return false;
  const run = startPython(
    client,
    { source: built.source, gil: col.gil, start_method: card.startMethod(), cpu_count: card.cores },
    { pollMs: POLL_MS },
  );
  const onAbort = () => run.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  const reply = await run.done;
  signal.removeEventListener('abort', onAbort);
  if (reply.status === 'cancelled' || (reply.status === 'done' && reply.report.exit.kind === 'cancelled')) return false;
  if (reply.status !== 'done') {
    showError(card, `${row.title}, ${col.title.toLowerCase()}: ${reply.message}`);
    return false;
  }
  const problem = cellProblem(row, col, select.value, reply, request.source.split('\n').length);
  if (problem === 'off') {
    (card.results[row.id] ??= {})[col.id] = { off: 'processes not available in this build' };
    return true;
  }
  if (problem) {
    if (problem.inputs) {
      fieldError(card, row.id, problem.inputs);
      focusHere(inputs);
    }
    showError(card, problem.text, reply.stderr);
    return false;
  }
  const timed = /** @type {NonNullable<ReturnType<typeof harnessResult>>} */ (harnessResult(reply.stdout));
  keep(card, row.id, col.id, { ms: timed.end - timed.start, start: timed.start, end: timed.end, report: reply.report });
  return true;
}

/**
 * What went wrong in a cell's finished run: `off` when the build has no
 * processes, a sentence (and an error for the inputs field), or null when
 * the harness printed its times.
 * @param {Row} row @param {Column} col @param {string} fn
 * @param {{report: import('../../lib/python-report.js').ThinReport, stdout: string}} reply
 * @param {number} programLines  lines of the reader's program; later ones are the harness's
 * @returns {'off' | {text: string, inputs?: string} | null}
 */
function cellProblem(row, col, fn, reply, programLines) {
  const exit = reply.report.exit;
  const where = `${row.title}, ${col.title.toLowerCase()}`;
  if (exit.kind === 'exception') {
    if (
      col.setting === 'processes' &&
      /^(ImportError|ModuleNotFoundError)$/.test(exit.name) &&
      /ProcessPoolExecutor|multiprocessing/.test(exit.message)
    )
      return 'off';
    if (exit.line > programLines) {
      // Raised in the harness's own lines: evaluating the inputs, or the pool.
      return {
        inputs: `${exit.name}: ${exit.message}`,
        text: `${row.title}: the harness failed before or around the calls (${col.title.toLowerCase()} run): ${exit.name}${exit.message ? `: ${exit.message}` : ''}. Are the inputs right?`,
      };
    }
    return {
      text: `${row.title}: ${fn}() raised ${exit.name}${exit.message ? `: ${exit.message}` : ''}${exit.line ? ` (line ${exit.line})` : ''} in the ${col.title.toLowerCase()} run. Its traceback is below; the table keeps what finished.`,
    };
  }
  if (exit.kind !== 'finished') {
    const why =
      exit.kind === 'deadlock'
        ? 'a deadlock (every thread waits for ever)'
        : exit.kind === 'system-exit'
          ? `sys.exit(${exit.code})`
          : exit.kind;
    return { text: `${where}: the run ended with ${why}.` };
  }
  if (!harnessResult(reply.stdout))
    return { text: `${where}: the harness printed no result (does the program exit before it?).` };
  return null;
}
