// Python on real threads: an editor, the lesson's example programs, Run and
// Cancel, the GIL's settings, the output as it is printed, how the run
// ended, and then its timeline (a lane per Python thread and one for the
// GIL's holder). The program runs in the coordinator's wasm instance, each
// Python thread on its own Web Worker (src/wasm/runner.rs); this component
// only asks for output on a timer and draws, so the page never waits.
//
// This file is the controller: the settings (in the URL and the share
// link) and a press of Run, which goes through ../../lib/lifecycle.js like
// every demo's and through ../../lib/python-run.js like every Python run.
// The markup and the drawing of a finished run are ./runner-view.js, the
// output as it comes ./runner-output.js.
import { mountCodeEditor } from '../../lib/code-editor.js';
import { lifecycle } from '../../lib/lifecycle.js';
import { startPython } from '../../lib/python-run.js';
import { decodeCode, encodeCode, encodePlain } from '../../lib/share-code.js';
import { exitText } from '../../lib/python-report.js';
import { mountTimeline } from '../../lib/timeline.js';
import { finder } from '../parts.js';
import { EXAMPLES, exampleById } from './examples.js';
import { outputPane } from './runner-output.js';
import {
  DEFAULT_INTERVAL_MS,
  GIL_SETTINGS,
  START_METHODS,
  addStyles,
  runnerMarkup,
  showExit,
  showTimeline,
} from './runner-view.js';

/** @typedef {import('../registry.js').MountOptions} MountOptions */
/** @typedef {import('../../lib/client.js').PoolClient} PoolClient */
/** @typedef {import('../../lib/python-report.js').ThinReport} ThinReport */
/** @typedef {import('../../lib/lifecycle.js').RunContext} RunContext */
/**
 * What one press of Run ended with.
 * @typedef {{status: 'done', exit: string, report: ThinReport} | {status: 'invalid', line: number, col: number, message: string} | {status: 'failed', message: string} | {status: 'cancelled'}} PyReply
 */

/**
 * The part's elements and helpers, made once by mount().
 * @param {HTMLElement} container
 * @param {MountOptions} options
 * @param {{onRun: () => void, onCancel: () => void}} keys
 */
function runnerPart(container, { idPrefix: p = '', compact = false }, keys) {
  addStyles();
  const { root, exampleSelect, interval, gil, startMethod } = runnerMarkup(p, compact);
  container.append(root);
  const $ = finder(root, p);
  const status = $('py-status');
  const flags = { destroyed: false };
  return {
    root,
    $,
    p,
    compact,
    exampleSelect,
    interval,
    gil,
    startMethod,
    status,
    flags,
    output: outputPane($('py-output'), () => flags.destroyed),
    exitBox: $('py-exit'),
    runButton: /** @type {HTMLButtonElement} */ ($('py-run')),
    cancelButton: /** @type {HTMLButtonElement} */ ($('py-cancel')),
    editor: mountCodeEditor($('py-editor'), {
      id: `${p}py-source`,
      label: 'Python program',
      rows: compact ? 12 : 20,
      onRun: keys.onRun,
      onCancel: keys.onCancel,
      onInput: () => {
        exampleSelect.value = '';
        showLesson({ $, exampleSelect });
      },
    }),
    timeline: mountTimeline($('py-timeline'), {
      canvasId: `${p}py-timeline-canvas`,
      captionId: `${p}py-timeline-summary`,
      label: 'Python threads over time',
    }),
    /** The program's encoded form for links, kept current after edits (it may be compressed: async). */
    encoded: { text: '', code: '' },
    /** @param {string} text @param {boolean} [bad] */
    say(text, bad = false) {
      status.textContent = text;
      status.classList.toggle('bad', bad);
    },
  };
}
/** @typedef {ReturnType<typeof runnerPart>} RunnerPart */

/** @param {{$: (id: string) => HTMLElement, exampleSelect: HTMLSelectElement}} part */
function showLesson({ $, exampleSelect }) {
  const x = exampleById(exampleSelect.value);
  $('py-lesson').textContent = x
    ? x.lesson
    : 'Your own program: threading, queue, concurrent.futures, multiprocessing, time, random, math, sys, collections, functools, itertools, operator, bisect, string, json, statistics, timeit, dataclasses, typing, abc, contextlib, logging and traceback are there; the run stops on Cancel or Esc.';
}

/** Tells the page (bubbling `threadlab:source`) that the editor's program was replaced, not typed. @param {RunnerPart} part */
function sourceReplaced({ root, exampleSelect }) {
  root.dispatchEvent(new CustomEvent('threadlab:source', { bubbles: true, detail: { example: exampleSelect.value } }));
}

/** Puts an example in the editor. @param {RunnerPart} part @param {string} id */
function loadExample(part, id) {
  const x = exampleById(id);
  if (!x) return;
  part.exampleSelect.value = x.id;
  part.editor.set(x.source);
  showLesson(part);
  sourceReplaced(part);
}

/** @param {RunnerPart} part */
async function refreshEncoded(part) {
  const text = part.editor.value;
  const code = await encodeCode(text);
  if (part.editor.value === text) part.encoded = { text, code };
}

/**
 * The settings from the URL: the program (`code`, else `example`), the
 * switch interval, the GIL and the start method. Resolves once the
 * program is in the editor.
 * @param {RunnerPart} part @param {Record<string, string>} settings
 */
async function applySettings(part, settings) {
  const { interval, gil, startMethod } = part;
  const n = Number(settings.interval);
  interval.value = Number.isFinite(n) && n > 0 ? String(n) : String(DEFAULT_INTERVAL_MS);
  gil.value = GIL_SETTINGS.some(([v]) => v === settings.gil) ? /** @type {string} */ (settings.gil) : 'back-edges';
  part.$('py-atomic').hidden = gil.value !== 'free-threaded';
  startMethod.value = START_METHODS.some(([v]) => v === settings.start)
    ? /** @type {string} */ (settings.start)
    : 'fork';
  if (settings.code !== undefined) {
    const text = await decodeCode(settings.code);
    if (part.flags.destroyed) return;
    if (text !== null) {
      part.editor.set(text);
      part.exampleSelect.value = '';
      showLesson(part);
      sourceReplaced(part);
      await refreshEncoded(part);
      return;
    }
    part.say('The link’s program could not be read (it was cut short?): here is an example instead.', true);
  }
  loadExample(part, exampleById(settings.example ?? '') ? /** @type {string} */ (settings.example) : EXAMPLES[0].id);
}

/** The settings a link repeats (defaults left out). @param {RunnerPart} part @returns {Record<string, string>} */
function currentSettings({ exampleSelect, editor, encoded, interval, gil, startMethod }) {
  /** @type {Record<string, string>} */
  const s = {};
  if (exampleSelect.value) s.example = exampleSelect.value;
  else s.code = encoded.text === editor.value ? encoded.code : encodePlain(editor.value);
  if (Number(interval.value) !== DEFAULT_INTERVAL_MS) s.interval = interval.value;
  if (gil.value !== 'back-edges') s.gil = gil.value;
  if (startMethod.value !== 'fork') s.start = startMethod.value;
  return s;
}

/** Shows (and copies, where allowed) the link to this program and its settings. @param {RunnerPart} part */
async function share(part) {
  const { $ } = part;
  await refreshEncoded(part);
  const url = new URL(location.href);
  url.search = new URLSearchParams(currentSettings(part)).toString();
  url.hash = '';
  const input = /** @type {HTMLInputElement} */ ($('py-share-url'));
  $('py-share-box').hidden = false;
  input.value = url.href;
  input.select();
  let copied = false;
  try {
    await navigator.clipboard.writeText(url.href);
    copied = true;
  } catch {
    /* not allowed here: the link is selected for copying by hand */
  }
  $('py-share-note').textContent =
    `${copied ? 'Copied. ' : ''}${url.href.length} characters${url.searchParams.get('code')?.startsWith('.') ? ', the program compressed' : ''}.`;
}

/**
 * The settings' own events: the example menu, the GIL setting (the table of
 * what stays atomic without it), edits (the share link's code) and Share link.
 * @param {RunnerPart} part
 */
function wireSettings(part) {
  part.exampleSelect.addEventListener('change', () => {
    if (part.exampleSelect.value) loadExample(part, part.exampleSelect.value);
    else showLesson(part);
  });
  part.gil.addEventListener('change', () => {
    part.$('py-atomic').hidden = part.gil.value !== 'free-threaded';
  });
  part.root.addEventListener('input', () => {
    void refreshEncoded(part);
  });
  part.$('py-share').addEventListener('click', () => {
    void share(part);
  });
}

/**
 * What the first run would otherwise wait for, done while the page loads.
 * @param {PoolClient} client @param {RunnerPart} part @param {boolean} compact
 */
function warmUp(client, part, compact) {
  const { timeline } = part;
  // The first timeline drawn costs 30–80 ms more than later ones (the
  // canvas resolves its font, the figure's parts are laid out the first
  // time): a hidden one is drawn now, while the page loads, not right after
  // the first run.
  if (timeline.canvas.hidden) {
    timeline.draw({
      lanes: ['MainThread'],
      spans: [{ lane: 0, start: 0, end: 1, kind: 'running' }],
      kinds: { running: { label: 'running', colour: '--par' } },
    });
    timeline.clear();
  }
  // Workers for the first run's threads, started now (a no-op where the page started more).
  void client.ready().then(
    () => {
      if (client.threaded && !part.flags.destroyed) void client.python('prestart', compact ? 2 : 4);
    },
    () => {},
  );
}

/**
 * @param {HTMLElement} container
 * @param {MountOptions} options
 */
export function mount(container, options) {
  const { client, settings = {}, compact = false } = options;
  const part = runnerPart(container, options, {
    onRun: () => {
      void run();
    },
    onCancel: () => cancel(),
  });
  const { root, editor, timeline } = part;
  /** When Cancel was pressed (performance.now()), for root[data-cancel-ms]. @type {{at: number | null}} */
  const cancelled = { at: null };
  const life = lifecycle({
    root,
    buttons: [part.runButton],
    cancelButton: part.cancelButton,
    ranStatus: (/** @type {PyReply} */ reply) => (reply.status === 'done' ? reply.exit : reply.status),
    onCancel: () => {
      cancelled.at = performance.now();
      part.say('Cancelling…');
    },
  });
  const loaded = applySettings(part, settings);
  /** @returns {Promise<PyReply>} */
  const run = async () => {
    await loaded;
    const reply = /** @type {PyReply} */ (await life.start((ctx) => runPython(client, part, life, cancelled, ctx)));
    // Daemon threads stop at exit within ~20 ms: root[data-busy] counts the workers still in one, until 0.
    if (reply.status !== /** @type {string} */ ('busy')) void watchBusy(client, part, life);
    return reply;
  };
  const cancel = () => life.cancel();
  wireSettings(part);
  part.runButton.addEventListener('click', () => {
    void run();
  });
  // Esc anywhere on the page (the editor handles its own and stops it there).
  const onKey = (/** @type {KeyboardEvent} */ e) => {
    if (e.key === 'Escape' && life.busy) cancel();
  };
  document.addEventListener('keydown', onKey);
  showLesson(part);
  warmUp(client, part, compact);
  if (client.why !== null) part.say(`Python threads need shared memory: ${client.why ?? 'threads are off here'}`, true);

  return {
    run,
    cancel,
    settings: () => currentSettings(part),
    /** The program in the editor now. */
    source: () => editor.value,
    /** The "Processes start by" setting now ('fork', 'spawn' or 'forkserver'). */
    startMethod: () => /** @type {import('../../pkg/threadlab.js').PyStartMethod} */ (part.startMethod.value),
    /** The example in the editor ('' for the reader's own program). */
    example: () => part.exampleSelect.value,
    /** Puts an example in the editor. @param {string} id */
    load: (/** @type {string} */ id) => loadExample(part, id),
    destroy() {
      part.flags.destroyed = true;
      life.destroy();
      document.removeEventListener('keydown', onKey);
      timeline.destroy();
      root.remove();
    },
  };
}

/**
 * One press of Run: the settings, the run with its output as it comes, and
 * how it ended (the status line, a deadlock's edges, the timeline).
 * @param {PoolClient} client @param {RunnerPart} part @param {import('../../lib/lifecycle.js').Lifecycle} life
 * @param {{at: number | null}} cancelled @param {RunContext} ctx
 * @returns {Promise<PyReply>}
 */
async function runPython(client, part, life, cancelled, { signal }) {
  const { root, editor, interval, say } = part;
  if (!client.threaded) {
    const message = `Python threads need shared memory, so this program cannot run here. ${client.why ?? ''}`.trim();
    say(message, true);
    return { status: 'failed', message };
  }
  const ms = Number(interval.value);
  if (!(ms > 0 && ms <= 1000)) {
    say('The switch interval must be more than 0 and at most 1000 ms.', true);
    interval.focus();
    return { status: 'invalid', line: 0, col: 0, message: 'switch interval' };
  }
  editor.showError(null);
  part.output.clear();
  part.exitBox.hidden = true;
  for (const key of ['exit', 'firstOutputMs', 'cancelMs', 'busy']) delete root.dataset[key];
  cancelled.at = null;
  const t0 = performance.now();
  say('Starting…');
  /** @type {import('../../pkg/threadlab.js').PyRunRequest} */
  const request = /** @type {any} */ ({
    source: editor.value,
    switch_interval: ms / 1000,
    gil: part.gil.value,
    start_method: part.startMethod.value,
    cpu_count: navigator.hardwareConcurrency || 1,
  });
  const python = startPython(client, request, {
    onStart: () => {
      if (!signal.aborted) say('Running… (Esc cancels)');
    },
    onOutput: (chunks, dropped) => {
      if (chunks.length && root.dataset.firstOutputMs === undefined)
        root.dataset.firstOutputMs = (performance.now() - t0).toFixed(1);
      part.output.append(chunks);
      if (dropped)
        part.output.append([
          { stream: 'stderr', text: `\n[threadlab: ${dropped} bytes of output dropped: the page fell behind]\n` },
        ]);
    },
  });
  signal.addEventListener('abort', () => python.cancel(), { once: true });
  const reply = await python.done;
  if (cancelled.at !== null) root.dataset.cancelMs = (performance.now() - cancelled.at).toFixed(1);
  // Everything printed is on the page before the run counts as ended.
  await part.output.drained();
  if (reply.status === 'invalid') {
    editor.showError({ line: reply.line, col: reply.col, message: reply.message });
    say(
      reply.line > 0
        ? `Not run: line ${reply.line}, column ${reply.col}: ${reply.message}`
        : `Not run: ${reply.message}`,
      true,
    );
    return reply;
  }
  if (reply.status === 'failed') {
    say(reply.message, true);
    return reply;
  }
  if (reply.status === 'cancelled') {
    say('Cancelled: the run did not stop in time, so its worker instance was restarted.', true);
    root.dataset.exit = 'cancelled';
    return reply;
  }
  const report = reply.report;
  showExit(root, part.exitBox, report);
  say(exitText(report.exit, report.wall_ms), report.exit.kind !== 'finished');
  // The timeline after the text: the drawing is the heavier part.
  const stale = () => part.flags.destroyed || life.busy;
  setTimeout(() => {
    if (!stale())
      showTimeline(root, part.$('py-timeline'), part.timeline, report, part.gil.value !== 'free-threaded', stale);
  }, 0);
  return { status: 'done', exit: report.exit.kind, report };
}

/**
 * After a run: root[data-busy] is how many Python-thread workers are still
 * running a thread (daemon threads stop at exit within ~20 ms), until 0.
 * @param {PoolClient} client @param {RunnerPart} part @param {import('../../lib/lifecycle.js').Lifecycle} life
 */
async function watchBusy(client, part, life) {
  const until = performance.now() + 3000;
  while (!part.flags.destroyed && !life.busy) {
    const w = /** @type {any} */ (await client.python('workers'));
    if (typeof w?.busy !== 'number') return;
    part.root.dataset.busy = String(w.busy);
    if (w.busy === 0 || performance.now() > until) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
