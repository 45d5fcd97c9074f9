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
const SHORT = /** @type {Record<GilSetting, string>} */ ({ 'back-edges': 'CPython ≥ 3.10', any: 'any instruction (≤ 3.9)', 'free-threaded': 'free-threaded' });
export const DEFAULT_RUNS = 20;
export const MAX_RUNS = 200;
const DEFAULT_INTERVAL_MS = 5;
/**
 * A run that has not ended by then is cancelled and counted as hung (the
 * levels' programs end in milliseconds; the runner itself stops a
 * deadlock as soon as every thread waits).
 */
const HUNG_MS = 4000;
/** A cancelled run that has not ended by then: the instance is restarted. */
const CANCEL_GRACE_MS = 2000;
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
  const threadExc = /Exception in thread ([^\n:]*)[^\n]*\n(?:[\s\S]*?\n)?(\w+(?:Error|Exception|Exit|Interrupt)\b[^\n]*)/.exec(stderr);
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
      const show = (/** @type {(n: string) => string | undefined} */ get) => names.map((n) => `${n} = ${get(n) ?? '?'}`).join(', ');
      const one = (/** @type {[string, string][]} */ r) => show((n) => r.find(([m]) => m === n)?.[1]);
      return { kind: 'lost', words: `finished with ${show((n) => printed.get(n))}; one at a time gives ${serial.slice(0, 3).map(one).join(' or ')}` };
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

/**
 * @param {HTMLElement} container
 * @param {{client: PoolClient, program: () => string, onTryLoop: () => void}} options
 *   program: the source to run (what the editor or the board shows);
 *   onTryLoop: open COUNTER_LOOP in the playground
 * @returns {{show: (on: boolean, lostUpdateLevel?: boolean) => void, cancel: () => void}}
 */
export function mountReality(container, { client, program, onTryLoop }) {
  const runs = el('input', { id: 'reality-n', type: 'number', min: '1', max: String(MAX_RUNS), step: '1', value: String(DEFAULT_RUNS), inputmode: 'numeric', class: 'reality-n', 'aria-describedby': 'reality-status' });
  const gil = el('select', { id: 'reality-gil' }, ...GIL_SETTINGS.map(([v, t]) => new Option(t, v)));
  const interval = el('input', { id: 'reality-interval', type: 'number', min: '0.001', max: '1000', step: 'any', value: String(DEFAULT_INTERVAL_MS), inputmode: 'decimal', class: 'reality-interval' });
  const run = el('button', { type: 'button', class: 'primary', id: 'reality-run', text: 'Run for real' });
  const cancel = el('button', { type: 'button', id: 'reality-cancel', disabled: true, text: 'Cancel' });
  const status = el('p', { id: 'reality-status', class: 'small', role: 'status', 'aria-live': 'polite' });
  const body = el('tbody');
  const table = el('table', { id: 'reality-results', class: 'reality-results', hidden: true },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: 'GIL' }), el('th', { scope: 'col', text: 'interval' }), el('th', { scope: 'col', text: 'broke' }),
      el('th', { scope: 'col', text: 'how' }))),
    body);
  const why = el('p', { id: 'reality-why', class: 'small', hidden: true });
  const example = el('p', { id: 'reality-example', class: 'muted small', hidden: true });
  const tryLoop = el('button', { type: 'button', id: 'reality-try-loop', hidden: true, text: 'Try it with 100 000 increments per thread (in the playground)' });
  tryLoop.addEventListener('click', () => onTryLoop());
  /** Whether the level's bug is a lost update (then the loop is offered). */
  let lostUpdateLevel = false;
  container.append(
    el('h2', { text: 'Run for real' }),
    el('p', { class: 'muted small', text: 'The same program, run N times by a real Python interpreter on real threads (Web Workers) under a GIL like CPython’s. On the board you pick the order; here the OS and the GIL do. A run broke when a thread raised (an assert too), it deadlocked or hung, or its final globals differ from every one-at-a-time run (a lost update).' }),
    el('div', { class: 'reality-controls' },
      el('label', { class: 'inline' }, 'Runs ', runs),
      el('label', { class: 'inline' }, 'GIL ', gil),
      el('label', { class: 'inline' }, 'Switch interval ', interval, ' ms')),
    el('div', { class: 'actions' }, run, cancel),
    status, table, why, example, tryLoop);
  container.dataset.state = 'idle';

  /** @type {AbortController | null} */
  let stop = null;
  /** The program of the rows in the table: another one clears them. */
  let shown = '';

  function clear() {
    body.replaceChildren();
    table.hidden = true;
    why.hidden = true;
    example.hidden = true;
    tryLoop.hidden = true;
    say('');
  }

  /** @param {string} text @param {boolean} [bad] */
  function say(text, bad = false) {
    status.textContent = text;
    status.classList.toggle('bad', bad);
  }

  /** @param {'idle' | 'running' | 'cancelling'} state */
  function setState(state) {
    container.dataset.state = state;
    run.disabled = state !== 'idle' || !client.threaded;
    cancel.disabled = state !== 'running';
  }

  /** @returns {number | null} */
  function readRuns() {
    const text = runs.value.trim();
    const n = Number(text);
    return text !== '' && Number.isInteger(n) && n >= 1 && n <= MAX_RUNS ? n : null;
  }

  /**
   * One real run.
   * @param {string} source
   * @param {{gil: GilSetting, intervalMs: number}} setting
   * @param {[string, string][][] | null} serial
   * @param {AbortSignal} signal
   * @returns {Promise<{kind: RunKind, words: string} | {kind: 'invalid' | 'failed', words: string} | {kind: 'cancelled', words: string}>}
   */
  async function runOnce(source, setting, serial, signal) {
    const started = /** @type {any} */ (await client.python('start', { source, switch_interval: setting.intervalMs / 1000, gil: setting.gil, cpu_count: navigator.hardwareConcurrency || 1 }));
    if (started.status !== 'started') {
      if (started.status === 'error') return { kind: 'invalid', words: started.line > 0 ? `line ${started.line}, column ${started.col}: ${started.message}` : started.message };
      return { kind: 'failed', words: started.message ?? 'the run could not start' };
    }
    const id = started.id;
    const t0 = performance.now();
    let stdout = '', stderr = '';
    /** @type {number | null} */
    let cancelledAt = null;
    let timedOut = false;
    for (;;) {
      const polled = /** @type {any} */ (await client.python('poll', id));
      if (polled.status === 'failed') return { kind: 'failed', words: polled.message };
      for (const c of /** @type {PyOutput[]} */ (polled.output)) {
        if (c.stream === 'stdout') stdout += c.text; else stderr += c.text;
      }
      if (polled.workers?.crash && !polled.report) {
        client.restart(`a Python thread's worker crashed (${polled.workers.crash})`);
        return { kind: 'failed', words: `a Python thread's worker crashed (${polled.workers.crash}); a fresh interpreter was started` };
      }
      if (polled.workers?.failure && !polled.report) {
        void client.python('cancel', id);
        return { kind: 'failed', words: `Python threads cannot start here: ${polled.workers.failure}` };
      }
      if (polled.report) {
        /** @type {PyReport} */
        const report = polled.report;
        if (report.exit.kind === 'cancelled' && !timedOut) return { kind: 'cancelled', words: '' };
        return judge(report.exit, stdout, stderr, serial);
      }
      if (!polled.known) return { kind: 'failed', words: 'the run was lost (the worker instance restarted)' };
      const now = performance.now();
      if (cancelledAt === null && (signal.aborted || now - t0 > HUNG_MS)) {
        timedOut = !signal.aborted;
        cancelledAt = now;
        void client.python('cancel', id);
      }
      if (cancelledAt !== null && now - cancelledAt > CANCEL_GRACE_MS) {
        // Every wait of the runner notices a cancel within ~20 ms; one
        // that did not is stopped by a fresh instance.
        client.restart('a real run of the game did not stop when cancelled');
        return timedOut ? { kind: 'hung', words: `still running after ${HUNG_MS / 1000} s (and did not stop when cancelled)` } : { kind: 'cancelled', words: '' };
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** @param {Batch} b */
  function rowOf(b) {
    const how = KINDS.filter(([k]) => b.counts[k]).map(([k, words]) => `${b.counts[k]} ${words}`).join(', ');
    const tr = el('tr', { 'data-gil': b.gil, 'data-interval': String(b.intervalMs), 'data-runs': String(b.done), 'data-asked': String(b.asked), 'data-broke': String(b.done - b.counts.ok), 'data-cancelled': String(b.cancelled) },
      el('td', { text: SHORT[b.gil] }),
      el('td', { text: b.gil === 'free-threaded' ? '–' : `${b.intervalMs} ms` }),
      el('td', { text: `${b.done - b.counts.ok} of ${b.done}${b.cancelled ? ` (cancelled; ${b.asked} asked)` : ''}` }),
      el('td', { text: (how || 'never') + (b.judged || b.counts.ok === 0 ? '' : ' (lost updates not checked)') }));
    for (const [k] of KINDS) tr.dataset[k] = String(b.counts[k]);
    return tr;
  }

  /** @param {Batch} b @param {HTMLTableRowElement | null} row */
  function showBatch(b, row) {
    const next = rowOf(b);
    if (row) row.replaceWith(next); else body.prepend(next);
    while (body.rows.length > MAX_ROWS) body.rows[body.rows.length - 1].remove();
    table.hidden = false;
    return next;
  }

  async function start() {
    if (stop) return;
    if (!client.threaded) return;
    const n = readRuns();
    if (n === null) {
      say(`The number of runs must be a whole number from 1 to ${MAX_RUNS} (got “${runs.value}”).`, true);
      runs.setAttribute('aria-invalid', 'true');
      runs.focus();
      return;
    }
    runs.removeAttribute('aria-invalid');
    const intervalMs = Number(interval.value);
    const setting = { gil: /** @type {GilSetting} */ (gil.value), intervalMs };
    if (setting.gil !== 'free-threaded' && !(intervalMs > 0 && intervalMs <= 1000)) {
      say('The switch interval must be more than 0 and at most 1000 ms.', true);
      interval.setAttribute('aria-invalid', 'true');
      interval.focus();
      return;
    }
    interval.removeAttribute('aria-invalid');
    const controller = new AbortController();
    stop = controller;
    setState('running');
    const source = program();
    if (source !== shown) { clear(); shown = source; }
    say('Preparing: the model computes what running the threads one at a time gives…');
    /** @type {[string, string][][] | null} */
    const serial = (await client.game('serial', source)) ?? null;
    const names = serial ? [...new Set(serial.flatMap((r) => r.map(([name]) => name)))] : [];
    const real = realSource(source, names);
    /** @type {Batch} */
    const batch = { ...setting, asked: n, done: 0, counts: { ok: 0, lost: 0, deadlock: 0, exception: 0, assert: 0, hung: 0 }, judged: serial !== null, example: null, cancelled: false };
    /** @type {HTMLTableRowElement | null} */
    let row = null;
    let problem = '';
    for (let i = 0; i < n; i++) {
      if (controller.signal.aborted) break;
      say(`Running for real… ${batch.done} of ${n} done, ${batch.done - batch.counts.ok} broke (Cancel stops the batch)`);
      const r = await runOnce(real, setting, serial, controller.signal);
      if (r.kind === 'cancelled') break;
      if (r.kind === 'invalid' || r.kind === 'failed') {
        problem = r.kind === 'invalid' ? `Not run: ${r.words}` : `The run failed: ${r.words}`;
        break;
      }
      batch.done += 1;
      batch.counts[r.kind] += 1;
      if (r.kind !== 'ok' && batch.example === null) batch.example = `Run ${batch.done}: ${KINDS.find(([k]) => k === r.kind)?.[1]} — ${r.words}.`;
      row = showBatch(batch, row);
    }
    batch.cancelled = controller.signal.aborted;
    container.dataset.batches = String(Number(container.dataset.batches ?? 0) + 1);
    if (stop === controller) stop = null;
    setState('idle');
    if (batch.done) row = showBatch(batch, row);
    if (problem) { say(problem, true); return; }
    const broke = batch.done - batch.counts.ok;
    say(batch.cancelled
      ? `Cancelled after ${batch.done} of ${n} runs (${broke} broke).`
      : `Done: ${broke} of ${n} real runs broke (${SHORT[setting.gil]}${setting.gil === 'free-threaded' ? '' : `, switch interval ${intervalMs} ms`}).${serial || batch.counts.ok === 0 ? '' : ' Lost updates were not checked: the model has no finished one-at-a-time run of this program to compare with (too long to follow, or every such run breaks).'}`);
    if (batch.done) {
      why.hidden = false;
      why.textContent = lesson(batch);
      example.hidden = batch.example === null;
      example.textContent = batch.example ? `For example — ${batch.example}` : '';
      tryLoop.hidden = !(lostUpdateLevel && broke === 0);
    }
  }

  run.addEventListener('click', () => { void start(); });
  function cancelBatch() {
    if (!stop || stop.signal.aborted) return;
    stop.abort();
    setState('cancelling');
    say('Cancelling…');
  }
  cancel.addEventListener('click', cancelBatch);
  runs.addEventListener('input', () => runs.removeAttribute('aria-invalid'));

  if (!client.threaded) {
    say(`Python threads need shared memory, so nothing can run for real here. ${client.why ?? ''}`.trim(), true);
  }
  setState('idle');
  // Workers for the runs' threads, started now: a worker started on demand
  // loads the module first, and a level's thread would be over before the
  // next one even exists (a no-op where the page started them already).
  void client.ready().then(() => { if (client.threaded) void client.python('prestart', 4); }, () => {});

  return {
    /** Shows or hides the part; a batch in flight stops. @param {boolean} on @param {boolean} [lostUpdate] */
    show(on, lostUpdate = false) {
      lostUpdateLevel = lostUpdate;
      stop?.abort();
      container.hidden = !on;
      clear();
      shown = '';
    },
    cancel: cancelBatch,
  };
}
