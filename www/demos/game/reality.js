// "From schedule to reality": the program on the board (the level's, or
// the one in the editor) run by the real Python interpreter (the runner,
// src/interleave/runner) on real wasm threads under a GIL like CPython's,
// N times, counting how often it broke. On the board you pick the order;
// here the OS and the GIL do, and the count shows how often they pick a
// bad one — sometimes always, sometimes (the lesson) never in N runs.
//
// "Broke" is decided as the game decides it, for a real run:
//   - an exception in any thread: the run's exit is an exception, or its
//     standard error has CPython's `Exception in thread …` (an
//     AssertionError is counted as a failed assert);
//   - a deadlock: the runner sees every thread wait for ever and stops the
//     run (exit `deadlock`);
//   - a hang the runner cannot see: the run is cancelled after HUNG_MS;
//   - a lost update: the final globals differ from every serial run's
//     (the model engine's serial results, `client.game('serial')`). For
//     that, the real run's program ends with a few lines that join the
//     threads still running and print the globals the game checks.
import { el } from '../../lib/dom.js';
import { lifecycle } from '../../lib/lifecycle.js';
import { startPython } from '../../lib/python-run.js';

/** @typedef {import('../../lib/client.js').PoolClient} PoolClient */
/** @typedef {import('../../pkg/threadlab.js').PyReport} PyReport */
/** @typedef {import('../../pkg/threadlab.js').PyOutput} PyOutput */
/** @typedef {'back-edges' | 'any' | 'free-threaded'} GilSetting */
/** How one real run ended. @typedef {'ok' | 'lost' | 'deadlock' | 'exception' | 'assert' | 'hung'} RunKind */
/**
 * One batch: its settings and counts.
 * @typedef {object} Batch
 * @property {GilSetting} gil
 * @property {number} intervalMs
 * @property {number} asked  runs asked for
 * @property {number} done  runs that ended (fewer when cancelled)
 * @property {Record<RunKind, number>} counts
 * @property {boolean} judged  whether lost updates could be judged (serial results known)
 * @property {string | null} example  one broken run's words, the first seen
 * @property {boolean} cancelled
 */

/**
 * The counter race with room to happen: one `counter += 1` per thread is
 * over in microseconds, before the other thread's worker has even woken,
 * so for real it (almost) never loses an update. A loop gives the threads
 * time to overlap; the model cannot follow 200 000 steps, so the program's
 * own assert judges the result.
 */
export const COUNTER_LOOP = `import threading

ROUNDS = 100000
counter = 0


def work():
    global counter
    for _ in range(ROUNDS):
        counter += 1


t1 = threading.Thread(target=work)
t2 = threading.Thread(target=work)
t1.start()
t2.start()
t1.join()
t2.join()
assert counter == 2 * ROUNDS, f"lost {2 * ROUNDS - counter} updates"
`;

/** The GIL settings, as the Python page names them. */
export const GIL_SETTINGS = /** @type {const} */ ([
  ['back-edges', 'CPython ≥ 3.10: switch at loops and calls'],
  ['any', 'CPython ≤ 3.9: switch at any instruction'],
  ['free-threaded', 'No GIL (free-threaded 3.13t)'],
]);
const SHORT = /** @type {Record<GilSetting, string>} */ ({
  'back-edges': 'CPython ≥ 3.10',
  any: 'any instruction (≤ 3.9)',
  'free-threaded': 'free-threaded',
});
export const DEFAULT_RUNS = 20;
export const MAX_RUNS = 200;
const DEFAULT_INTERVAL_MS = 5;
/**
 * A run that has not ended by then is cancelled and counted as hung (the
 * levels' programs end in milliseconds; the runner itself stops a
 * deadlock as soon as every thread waits).
 */
const HUNG_MS = 4000;
const POLL_MS = 5;
/** The marker of the globals line the real run prints at its end. */
const MARK = '__threadlab_global__';
/** Rows of the results table kept (newest first). */
const MAX_ROWS = 8;

const KINDS = /** @type {const} */ ([
  ['lost', 'lost update'],
  ['deadlock', 'deadlock'],
  ['exception', 'exception'],
  ['assert', 'assert failed'],
  ['hung', 'hung'],
]);

/**
 * The program as run for real: `source`, then (when there are globals to
 * check) the threads still running joined, as Python would at exit, and
 * each checked global printed as `MARK name repr`.
 * @param {string} source
 * @param {string[]} names
 * @returns {string}
 */
export function realSource(source, names) {
  if (!names.length) return source;
  const lines = [
    '',
    '',
    '# threadlab: the globals the game checks, once every thread has ended',
    'import threading as __threadlab_threading',
    'for __threadlab_t in __threadlab_threading.enumerate():',
    '    if __threadlab_t is not __threadlab_threading.current_thread() and not __threadlab_t.daemon:',
    '        __threadlab_t.join()',
    ...names.flatMap((n) => [
      'try:',
      `    print(${JSON.stringify(MARK)}, ${JSON.stringify(n)}, repr(${n}))`,
      'except NameError:',
      '    pass',
    ]),
  ];
  return source.replace(/\s*$/, '\n') + lines.join('\n') + '\n';
}

/**
 * The globals a real run printed, by name.
 * @param {string} stdout
 * @returns {Map<string, string>}
 */
export function printedGlobals(stdout) {
  const out = new Map();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(`${MARK} `)) continue;
    const rest = line.slice(MARK.length + 1);
    const space = rest.indexOf(' ');
    if (space > 0) out.set(rest.slice(0, space), rest.slice(space + 1));
  }
  return out;
}

/**
 * Whether the printed globals are those of some serial run.
 * @param {Map<string, string>} printed
 * @param {[string, string][][]} serial
 */
export function matchesSerial(printed, serial) {
  return serial.some((run) => run.every(([n, v]) => printed.get(n) === v));
}

/**
 * How one ended run broke, if it did.
 * @param {PyReport['exit']} exit
 * @param {string} stdout
 * @param {string} stderr
 * @param {[string, string][][] | null} serial
 * @returns {{kind: RunKind, words: string}}
 */
export function judge(exit, stdout, stderr, serial) {
  const threadExc =
    /Exception in thread ([^\n:]*)[^\n]*\n(?:[\s\S]*?\n)?(\w+(?:Error|Exception|Exit|Interrupt)\b[^\n]*)/.exec(stderr);
  if (exit.kind === 'exception') {
    const words = `${exit.name}${exit.message ? `: ${exit.message}` : ''}${exit.line ? ` (line ${exit.line})` : ''}`;
    // The main thread's exception may only follow a thread's (an assert on
    // what the thread left): the thread's is the cause.
    if (threadExc) return fromThread(threadExc);
    return { kind: exit.name === 'AssertionError' ? 'assert' : 'exception', words: `main thread: ${words}` };
  }
  if (threadExc) return fromThread(threadExc);
  if (exit.kind === 'deadlock') {
    const edges = exit.edges.map((e) => `${e.thread} waits in ${e.what}${e.on ? ` for ${e.on}` : ''}`);
    return { kind: 'deadlock', words: edges.length ? edges.join('; ') : 'every thread waits for ever' };
  }
  if (exit.kind === 'cancelled') return { kind: 'hung', words: `still running after ${HUNG_MS / 1000} s` };
  if (exit.kind === 'system-exit' && exit.code !== 0) return { kind: 'exception', words: `sys.exit(${exit.code})` };
  if (serial && exit.kind === 'finished') {
    const printed = printedGlobals(stdout);
    if (!matchesSerial(printed, serial)) {
      const names = [...new Set(serial.flatMap((r) => r.map(([n]) => n)))];
      const show = (/** @type {(n: string) => string | undefined} */ get) =>
        names.map((n) => `${n} = ${get(n) ?? '?'}`).join(', ');
      const one = (/** @type {[string, string][]} */ r) => show((n) => r.find(([m]) => m === n)?.[1]);
      return {
        kind: 'lost',
        words: `finished with ${show((n) => printed.get(n))}; one at a time gives ${serial.slice(0, 3).map(one).join(' or ')}`,
      };
    }
  }
  return { kind: 'ok', words: '' };

  /** @param {RegExpExecArray} m @returns {{kind: RunKind, words: string}} */
  function fromThread(m) {
    return { kind: /^AssertionError\b/.test(m[2]) ? 'assert' : 'exception', words: `${m[1].trim()}: ${m[2].trim()}` };
  }
}

/**
 * Why the numbers differ between settings, for the setting just run.
 * @param {Batch} b
 */
function lesson(b) {
  const broke = b.done - b.counts.ok;
  const n = `${broke} of ${b.done}`;
  switch (b.gil) {
    case 'back-edges':
      return broke === 0
        ? `${n}: CPython ≥ 3.10 lets a thread go only at a loop’s back edge or a call, so a short step like \`counter += 1\` (load, add, store, no jump) is never cut in half, and the bad order almost never happens — which is the lesson: ${b.done} clean runs prove nothing; the board shows an order that breaks it, and the OS may pick it one day (another interpreter, a slower machine, a loop around it).`
        : `${n}: even CPython ≥ 3.10, which lets a thread go only at loop back edges and calls, hit the bad order: it is there between two calls or two iterations.`;
    case 'any':
      return `${n}: CPython ≤ 3.9 could switch threads between almost any two bytecode instructions, so the gap the board shows (e.g. between a load and its store) is there for real; a shorter switch interval asks for the GIL sooner and hits it more often.`;
    case 'free-threaded':
      return `${n}: with no GIL the threads really run at once, on separate cores: nothing orders their steps but the locks in the program. Here each Python thread is a Web Worker, and starting one takes long enough that a very short program may finish before the next starts.`;
  }
}

/** The settings: how many runs, which GIL, its switch interval. */
function settingInputs() {
  const runs = el('input', {
    id: 'reality-n',
    type: 'number',
    min: '1',
    max: String(MAX_RUNS),
    step: '1',
    value: String(DEFAULT_RUNS),
    inputmode: 'numeric',
    class: 'reality-n',
    'aria-describedby': 'reality-status',
  });
  const gil = el('select', { id: 'reality-gil' }, ...GIL_SETTINGS.map(([v, t]) => new Option(t, v)));
  const interval = el('input', {
    id: 'reality-interval',
    type: 'number',
    min: '0.001',
    max: '1000',
    step: 'any',
    value: String(DEFAULT_INTERVAL_MS),
    inputmode: 'decimal',
    class: 'reality-interval',
  });
  return { runs, gil, interval };
}

/** The table of batches, hidden until the first; rows go in its body. */
function resultsTable() {
  const body = el('tbody');
  const table = el(
    'table',
    { id: 'reality-results', class: 'reality-results', hidden: true },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col', text: 'GIL' }),
        el('th', { scope: 'col', text: 'interval' }),
        el('th', { scope: 'col', text: 'broke' }),
        el('th', { scope: 'col', text: 'how' }),
      ),
    ),
    body,
  );
  return { body, table };
}

/**
 * The part's elements: the settings, Run for real and Cancel, the status,
 * the table of batches and the sentences under it.
 * @param {HTMLElement} container
 */
function realityView(container) {
  const { runs, gil, interval } = settingInputs();
  const runButton = el('button', { type: 'button', class: 'primary', id: 'reality-run', text: 'Run for real' });
  const cancelButton = el('button', { type: 'button', id: 'reality-cancel', disabled: true, text: 'Cancel' });
  const status = el('p', { id: 'reality-status', class: 'small', role: 'status', 'aria-live': 'polite' });
  const { body, table } = resultsTable();
  const why = el('p', { id: 'reality-why', class: 'small', hidden: true });
  const example = el('p', { id: 'reality-example', class: 'muted small', hidden: true });
  const tryLoop = el('button', {
    type: 'button',
    id: 'reality-try-loop',
    hidden: true,
    text: 'Try it with 100 000 increments per thread (in the playground)',
  });
  container.append(
    el('h2', { text: 'Run for real' }),
    el('p', {
      class: 'muted small',
      text: 'The same program, run N times by a real Python interpreter on real threads (Web Workers) under a GIL like CPython’s. On the board you pick the order; here the OS and the GIL do. A run broke when a thread raised (an assert too), it deadlocked or hung, or its final globals differ from every one-at-a-time run (a lost update).',
    }),
    el(
      'div',
      { class: 'reality-controls' },
      el('label', { class: 'inline' }, 'Runs ', runs),
      el('label', { class: 'inline' }, 'GIL ', gil),
      el('label', { class: 'inline' }, 'Switch interval ', interval, ' ms'),
    ),
    el('div', { class: 'actions' }, runButton, cancelButton),
    status,
    table,
    why,
    example,
    tryLoop,
  );
  return {
    container,
    runs,
    gil,
    interval,
    runButton,
    cancelButton,
    status,
    body,
    table,
    why,
    example,
    tryLoop,
    /** Whether the level's bug is a lost update (then the loop is offered). */
    lostUpdateLevel: false,
    /** The program of the rows in the table: another one clears them. */
    shown: '',
    /** @param {string} text @param {boolean} [bad] */
    say(text, bad = false) {
      status.textContent = text;
      status.classList.toggle('bad', bad);
    },
  };
}
/** @typedef {ReturnType<typeof realityView>} RealityView */

/** Empties the table and the sentences. @param {RealityView} view */
function clear(view) {
  view.body.replaceChildren();
  for (const part of [view.table, view.why, view.example, view.tryLoop]) part.hidden = true;
  view.say('');
}

/**
 * The batch's settings, or null when one is refused (said, and its field focused).
 * @param {RealityView} view
 * @returns {{n: number, gil: GilSetting, intervalMs: number} | null}
 */
function readSettings({ runs, interval, gil, say }) {
  const text = runs.value.trim();
  const n = Number(text);
  if (!(text !== '' && Number.isInteger(n) && n >= 1 && n <= MAX_RUNS)) {
    say(`The number of runs must be a whole number from 1 to ${MAX_RUNS} (got “${runs.value}”).`, true);
    runs.setAttribute('aria-invalid', 'true');
    runs.focus();
    return null;
  }
  runs.removeAttribute('aria-invalid');
  const intervalMs = Number(interval.value);
  const setting = /** @type {GilSetting} */ (gil.value);
  if (setting !== 'free-threaded' && !(intervalMs > 0 && intervalMs <= 1000)) {
    say('The switch interval must be more than 0 and at most 1000 ms.', true);
    interval.setAttribute('aria-invalid', 'true');
    interval.focus();
    return null;
  }
  interval.removeAttribute('aria-invalid');
  return { n, gil: setting, intervalMs };
}

/**
 * @param {HTMLElement} container
 * @param {{client: PoolClient, program: () => string, onTryLoop: () => void}} options
 *   program: the source to run (what the editor or the board shows);
 *   onTryLoop: open COUNTER_LOOP in the playground
 * @returns {{show: (on: boolean, lostUpdateLevel?: boolean) => void, cancel: () => void}}
 */
export function mountReality(container, { client, program, onTryLoop }) {
  const view = realityView(container);
  const life = lifecycle({
    root: container,
    buttons: [view.runButton],
    cancelButton: view.cancelButton,
    // Without threads nothing runs for real: Run stays off.
    onState: () => {
      if (!client.threaded) view.runButton.disabled = true;
    },
    onCancel: () => view.say('Cancelling…'),
  });
  view.tryLoop.addEventListener('click', () => onTryLoop());
  view.runButton.addEventListener('click', () => {
    if (client.threaded) void life.start((ctx) => runBatch(client, view, program(), ctx));
  });
  view.runs.addEventListener('input', () => view.runs.removeAttribute('aria-invalid'));
  if (!client.threaded) {
    view.say(`Python threads need shared memory, so nothing can run for real here. ${client.why ?? ''}`.trim(), true);
  }
  // Workers for the runs' threads, started now: a worker started on demand
  // loads the module first, and a level's thread would be over before the
  // next one even exists (a no-op where the page started them already).
  void client.ready().then(
    () => {
      if (client.threaded) void client.python('prestart', 4);
    },
    () => {},
  );

  return {
    /** Shows or hides the part; a batch in flight stops. @param {boolean} on @param {boolean} [lostUpdate] */
    show(on, lostUpdate = false) {
      view.lostUpdateLevel = lostUpdate;
      life.cancel();
      container.hidden = !on;
      clear(view);
      view.shown = '';
    },
    cancel: () => life.cancel(),
  };
}

/**
 * One real run, through the one Python run loop (lib/python-run.js); one
 * that has not ended after HUNG_MS is cancelled and counted as hung.
 * @param {PoolClient} client
 * @param {string} source
 * @param {{gil: GilSetting, intervalMs: number}} setting
 * @param {[string, string][][] | null} serial
 * @param {AbortSignal} signal
 * @returns {Promise<{kind: RunKind | 'invalid' | 'failed' | 'cancelled', words: string}>}
 */
async function runOnce(client, source, setting, serial, signal) {
  /** @type {import('../../pkg/threadlab.js').PyRunRequest} */
  const request = /** @type {any} */ ({
    source,
    switch_interval: setting.intervalMs / 1000,
    gil: setting.gil,
    cpu_count: navigator.hardwareConcurrency || 1,
  });
  const run = startPython(client, request, { pollMs: POLL_MS });
  let timedOut = false;
  const hung = setTimeout(() => {
    timedOut = true;
    run.cancel();
  }, HUNG_MS);
  const onAbort = () => run.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  const reply = await run.done;
  clearTimeout(hung);
  signal.removeEventListener('abort', onAbort);
  switch (reply.status) {
    case 'invalid':
      return {
        kind: 'invalid',
        words: reply.line > 0 ? `line ${reply.line}, column ${reply.col}: ${reply.message}` : reply.message,
      };
    case 'failed':
      return { kind: 'failed', words: reply.message };
    // The grace after a cancel ran out: the instance was restarted.
    case 'cancelled':
      return timedOut
        ? { kind: 'hung', words: `still running after ${HUNG_MS / 1000} s (and did not stop when cancelled)` }
        : { kind: 'cancelled', words: '' };
  }
  if (reply.report.exit.kind === 'cancelled' && !timedOut) return { kind: 'cancelled', words: '' };
  return judge(
    /** @type {PyReport['exit']} */ (/** @type {unknown} */ (reply.report.exit)),
    reply.stdout,
    reply.stderr,
    serial,
  );
}

/** @param {Batch} b */
function rowOf(b) {
  const how = KINDS.filter(([k]) => b.counts[k])
    .map(([k, words]) => `${b.counts[k]} ${words}`)
    .join(', ');
  const tr = el(
    'tr',
    {
      'data-gil': b.gil,
      'data-interval': String(b.intervalMs),
      'data-runs': String(b.done),
      'data-asked': String(b.asked),
      'data-broke': String(b.done - b.counts.ok),
      'data-cancelled': String(b.cancelled),
    },
    el('td', { text: SHORT[b.gil] }),
    el('td', { text: b.gil === 'free-threaded' ? '–' : `${b.intervalMs} ms` }),
    el('td', { text: `${b.done - b.counts.ok} of ${b.done}${b.cancelled ? ` (cancelled; ${b.asked} asked)` : ''}` }),
    el('td', { text: (how || 'never') + (b.judged || b.counts.ok === 0 ? '' : ' (lost updates not checked)') }),
  );
  for (const [k] of KINDS) tr.dataset[k] = String(b.counts[k]);
  return tr;
}

/** @param {RealityView} view @param {Batch} b @param {HTMLTableRowElement | null} row */
function showBatch({ body, table }, b, row) {
  const next = rowOf(b);
  if (row) row.replaceWith(next);
  else body.prepend(next);
  while (body.rows.length > MAX_ROWS) body.rows[body.rows.length - 1].remove();
  table.hidden = false;
  return next;
}

/**
 * One press of Run for real: the settings, the serial results the model
 * computes, N real runs (a row that fills as they end), and what they mean.
 * @param {PoolClient} client @param {RealityView} view @param {string} source @param {import('../../lib/lifecycle.js').RunContext} ctx
 * @returns {Promise<{status: 'done' | 'invalid' | 'cancelled' | 'failed'}>}
 */
async function runBatch(client, view, source, { signal }) {
  const settings = readSettings(view);
  if (!settings) return { status: 'invalid' };
  const { n, ...setting } = settings;
  if (source !== view.shown) {
    clear(view);
    view.shown = source;
  }
  view.say('Preparing: the model computes what running the threads one at a time gives…');
  /** @type {[string, string][][] | null} */
  const serial = (await client.game('serial', source)) ?? null;
  const names = serial ? [...new Set(serial.flatMap((r) => r.map(([name]) => name)))] : [];
  const real = realSource(source, names);
  /** @type {Batch} */
  const batch = {
    ...setting,
    asked: n,
    done: 0,
    counts: { ok: 0, lost: 0, deadlock: 0, exception: 0, assert: 0, hung: 0 },
    judged: serial !== null,
    example: null,
    cancelled: false,
  };
  /** @type {HTMLTableRowElement | null} */
  let row = null;
  let problem = '';
  for (let i = 0; i < n && !signal.aborted; i++) {
    view.say(
      `Running for real… ${batch.done} of ${n} done, ${batch.done - batch.counts.ok} broke (Cancel stops the batch)`,
    );
    const r = await runOnce(client, real, setting, serial, signal);
    if (r.kind === 'cancelled') break;
    if (r.kind === 'invalid' || r.kind === 'failed') {
      problem = r.kind === 'invalid' ? `Not run: ${r.words}` : `The run failed: ${r.words}`;
      break;
    }
    batch.done += 1;
    batch.counts[r.kind] += 1;
    if (r.kind !== 'ok' && batch.example === null)
      batch.example = `Run ${batch.done}: ${KINDS.find(([k]) => k === r.kind)?.[1]} — ${r.words}.`;
    row = showBatch(view, batch, row);
  }
  batch.cancelled = signal.aborted;
  // What the tests wait on: batches that ran (a refused setting is no batch).
  view.container.dataset.batches = String(Number(view.container.dataset.batches ?? 0) + 1);
  if (batch.done) row = showBatch(view, batch, row);
  if (problem) {
    view.say(problem, true);
    return { status: 'failed' };
  }
  showOutcome(view, batch, serial !== null);
  return { status: batch.cancelled ? 'cancelled' : 'done' };
}

/** The status line and the sentences under the table after a batch. @param {RealityView} view @param {Batch} batch @param {boolean} judged */
function showOutcome(view, batch, judged) {
  const broke = batch.done - batch.counts.ok;
  const n = batch.asked;
  view.say(
    batch.cancelled
      ? `Cancelled after ${batch.done} of ${n} runs (${broke} broke).`
      : `Done: ${broke} of ${n} real runs broke (${SHORT[batch.gil]}${batch.gil === 'free-threaded' ? '' : `, switch interval ${batch.intervalMs} ms`}).${judged || batch.counts.ok === 0 ? '' : ' Lost updates were not checked: the model has no finished one-at-a-time run of this program to compare with (too long to follow, or every such run breaks).'}`,
  );
  if (!batch.done) return;
  view.why.hidden = false;
  view.why.textContent = lesson(batch);
  view.example.hidden = batch.example === null;
  view.example.textContent = batch.example ? `For example — ${batch.example}` : '';
  view.tryLoop.hidden = !(view.lostUpdateLevel && broke === 0);
}
