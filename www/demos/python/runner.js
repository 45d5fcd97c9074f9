// Python on real threads: an editor, the lesson's example programs, Run and
// Cancel, the GIL's settings, the output as it is printed, how the run
// ended, and then its timeline (a lane per Python thread and one for the
// GIL's holder). The program runs in the coordinator's wasm instance, each
// Python thread on its own Web Worker (src/wasm/runner.rs); this component
// only asks for output on a timer and draws, so the page never waits.
import { el } from '../../lib/dom.js';
import { mountCodeEditor } from '../../lib/code-editor.js';
import { decodeCode, encodeCode, encodePlain } from '../../lib/share-code.js';
import { deadlockEdges, exitText, reportTimeline } from '../../lib/python-report.js';
import { mountTimeline } from '../../lib/timeline.js';
import { announceRun as announce, finder } from '../parts.js';
import { EXAMPLES, exampleById } from './examples.js';

/** @typedef {import('../registry.js').MountOptions} MountOptions */
/** @typedef {import('../../pkg/threadlab.js').PyReport} PyReport */
/** @typedef {import('../../pkg/threadlab.js').PyOutput} PyOutput */
/** @typedef {import('../../lib/python-report.js').ThinReport} ThinReport */
/**
 * What one press of Run ended with.
 * @typedef {{status: 'done', exit: string, report: ThinReport} | {status: 'invalid', line: number, col: number, message: string} | {status: 'failed', message: string} | {status: 'cancelled'}} PyReply
 */

/**
 * The run in flight.
 * @typedef {object} CurrentRun
 * @property {number | null} id  null until the coordinator answered
 * @property {number | null} cancelled  when Cancel was pressed (performance.now())
 * @property {(reply: PyReply) => void} finish
 * @property {(reply: PyReply) => void} [end]
 * @property {ReturnType<typeof setTimeout>} [grace]
 */

/** How often output is asked for while a program runs. */
const POLL_MS = 16;
/** A cancelled run that has not ended by then is stopped by restarting the instance. */
const CANCEL_GRACE_MS = 2000;
/** The GIL settings, by URL value. */
const GIL_SETTINGS = /** @type {const} */ ([
  ['back-edges', 'CPython ≥ 3.10: switch at loops and calls'],
  ['any', 'CPython ≤ 3.9: switch at any instruction'],
  ['free-threaded', 'No GIL (free-threaded 3.13t)'],
]);
const DEFAULT_INTERVAL_MS = 5;
/**
 * What stays atomic with no GIL: [code, verdict, why], in our words after
 * PEP 703 and CPython's free-threading HOWTO; tests/runner_free_threaded.rs
 * runs a program for each row.
 */
const ATOMIC_ROWS = /** @type {const} */ ([
  ['items.append(x)   items.pop()', 'atomic', 'One call on one list: the list’s own lock is held from its start to its end, so no item is lost or doubled.'],
  ['d[k] = v   d.get(k)   d.setdefault(k, v)   d.pop(k)', 'atomic', 'One call on one dict, under the dict’s lock; setdefault hands every thread the same winner.'],
  ['q.put(x)   q.get()   (queue.Queue)', 'atomic', 'Built for handing work between threads: a lock and two conditions inside.'],
  ['for x in items:   while another thread appends', 'safe', 'Each step reads one item under the lock: no crash and no torn item, but the loop may or may not see the new ones.'],
  ['counter += 1   (a global or an attribute)', 'not atomic', 'Read, add, write back: three steps, and another thread can write in between. Updates are lost.'],
  ['d[k] += 1   items[i] += 1', 'not atomic', 'A read and then a write: two calls, each atomic, the pair not.'],
  ['if k not in d: d[k] = v', 'not atomic', 'Check, then act: another thread can act in between. Use d.setdefault(k, v), or hold a Lock around both.'],
]);
/** How multiprocessing starts a process, by URL value (CPython's default on Linux before 3.14: fork). */
const START_METHODS = /** @type {const} */ ([
  ['fork', 'fork (copy of the parent)'],
  ['spawn', 'spawn (re-run the file)'],
  ['forkserver', 'forkserver (clean start, re-run the file)'],
]);

/** Links this component's stylesheet once per document. */
function addStyles() {
  const href = new URL('./python.css', import.meta.url).href;
  if ([...document.styleSheets].some((s) => s.href === href) || document.querySelector('link[data-python-css]')) return;
  document.head.append(el('link', { rel: 'stylesheet', href, 'data-python-css': '' }));
}

/**
 * @param {HTMLElement} container
 * @param {MountOptions} options
 */
export function mount(container, { client, settings = {}, idPrefix = '', compact = false }) {
  const p = idPrefix;
  addStyles();
  const root = el('div', { class: `py-demo${compact ? ' compact' : ''}`, 'data-state': 'idle', 'data-runs': '0' });
  const $ = finder(root, p);
  const exampleSelect = el('select', { id: `${p}py-example`, name: 'example' },
    ...EXAMPLES.map((x) => new Option(x.title, x.id)), new Option('Your own program', ''));
  const interval = el('input', { id: `${p}py-interval`, name: 'interval', type: 'number', min: '0.05', max: '1000', step: 'any', value: String(DEFAULT_INTERVAL_MS), inputmode: 'decimal', class: 'py-interval' });
  const gil = el('select', { id: `${p}py-gil`, name: 'gil' }, ...GIL_SETTINGS.map(([v, t]) => new Option(t, v)));
  const startMethod = el('select', { id: `${p}py-start`, name: 'start' }, ...START_METHODS.map(([v, t]) => new Option(t, v)));
  root.append(
    el('div', { class: 'py-top' },
      el('label', { for: `${p}py-example`, text: 'Example' }), exampleSelect),
    el('p', { class: 'py-lesson', id: `${p}py-lesson` }),
    el('div', { id: `${p}py-editor` }),
    el('div', { class: 'py-controls' },
      el('button', { type: 'button', class: 'primary', id: `${p}py-run`, text: 'Run', title: 'Run (Ctrl+Enter)' }),
      el('button', { type: 'button', id: `${p}py-cancel`, text: 'Cancel', title: 'Cancel (Esc)', disabled: true }),
      el('label', { class: 'py-field' }, 'Switch interval ', interval, ' ms'),
      el('label', { class: 'py-field' }, 'GIL ', gil),
      el('label', { class: 'py-field' }, 'Processes start by ', startMethod),
      el('button', { type: 'button', id: `${p}py-share`, text: 'Share link' })),
    el('section', { class: 'py-atomic', id: `${p}py-atomic`, hidden: true, 'aria-labelledby': `${p}py-atomic-title` },
      el('h3', { id: `${p}py-atomic-title`, text: 'What stays atomic without the GIL' }),
      el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Which operations stay atomic without the GIL' },
        el('table', { class: 'py-atomic-table' },
          el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Operation' }), el('th', { scope: 'col', text: 'Without the GIL' }), el('th', { scope: 'col', text: 'Why' }))),
          el('tbody', {}, ...ATOMIC_ROWS.map(([code, verdict, why]) => el('tr', { 'data-verdict': verdict },
            el('td', {}, el('code', { text: code })),
            el('td', { class: `py-verdict py-verdict-${verdict.replace(' ', '-')}`, text: verdict }),
            el('td', { text: why })))))),
      el('p', { class: 'muted small' }, 'Each list, dict and set has a lock of its own here, as in free-threaded CPython 3.13t; one call on one object is one critical section, a line of Python that does several is not. The language itself promises none of this: the source is ',
        el('a', { href: 'https://peps.python.org/pep-0703/', text: 'PEP 703' }), ' and CPython’s ',
        el('a', { href: 'https://docs.python.org/3/howto/free-threading-python.html', text: 'free-threading HOWTO' }), '.')),
    el('p', { class: 'muted small py-keys' }, 'Keys: ', el('kbd', { text: 'Ctrl' }), '+', el('kbd', { text: 'Enter' }), ' run · ', el('kbd', { text: 'Esc' }), ' cancel · ', el('kbd', { text: 'Tab' }), ' indents once you type in the editor (after Esc it moves on)'),
    el('div', { class: 'py-share', id: `${p}py-share-box`, hidden: true },
      el('label', { for: `${p}py-share-url`, class: 'small', text: 'Link to this program and its settings' }),
      el('input', { id: `${p}py-share-url`, readonly: true }),
      el('p', { class: 'muted small', id: `${p}py-share-note` })),
    el('p', { class: 'py-status', id: `${p}py-status`, role: 'status', 'aria-live': 'polite' }),
    el('pre', { class: 'py-output', id: `${p}py-output`, tabindex: '0', role: 'region', 'aria-label': 'Output of the program (standard error in red)' }),
    el('div', { class: 'py-exit', id: `${p}py-exit`, hidden: true }),
    el('section', { class: 'py-timeline', id: `${p}py-timeline`, hidden: true, 'aria-label': 'Timeline of the run' },
      el('h3', { text: 'Who ran when' }),
      el('p', { class: 'muted small', text: 'One lane per Python thread: running (with the GIL), waiting for the GIL, blocked, sleeping; below them the GIL’s holder (one GIL lane per process, each process has its own GIL; none without a GIL). Drag across it to zoom.' })),
  );
  container.append(root);

  const status = $('py-status');
  const output = $('py-output');
  const exitBox = $('py-exit');
  const runButton = /** @type {HTMLButtonElement} */ ($('py-run'));
  const cancelButton = /** @type {HTMLButtonElement} */ ($('py-cancel'));
  const editor = mountCodeEditor($('py-editor'), {
    id: `${p}py-source`,
    label: 'Python program',
    rows: compact ? 12 : 20,
    onRun: () => { void run(); },
    onCancel: () => cancel(),
    onInput: () => { exampleSelect.value = ''; showLesson(); },
  });
  const timeline = mountTimeline($('py-timeline'), { canvasId: `${p}py-timeline-canvas`, captionId: `${p}py-timeline-summary`, label: 'Python threads over time' });

  /** @type {CurrentRun | null} */
  let current = null;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let pollTimer = null;
  let destroyed = false;

  const setStatus = (/** @type {string} */ text, bad = false) => {
    status.textContent = text;
    status.classList.toggle('bad', bad);
  };
  const showLesson = () => {
    const x = exampleById(exampleSelect.value);
    $('py-lesson').textContent = x ? x.lesson : 'Your own program: threading, queue, concurrent.futures, multiprocessing, time, random, math and sys are there; the run stops on Cancel or Esc.';
  };
  const loadExample = (/** @type {string} */ id) => {
    const x = exampleById(id);
    if (!x) return;
    exampleSelect.value = x.id;
    editor.set(x.source);
    showLesson();
    sourceReplaced();
  };
  /** Tells the page (bubbling `threadlab:source`) that the editor's program was replaced, not typed. */
  const sourceReplaced = () => root.dispatchEvent(new CustomEvent('threadlab:source', { bubbles: true, detail: { example: exampleSelect.value } }));
  exampleSelect.addEventListener('change', () => { if (exampleSelect.value) loadExample(exampleSelect.value); else showLesson(); });

  // ---------- settings (URL parameters) ----------
  const setInterval_ = (/** @type {string | undefined} */ v) => {
    const n = Number(v);
    interval.value = Number.isFinite(n) && n > 0 ? String(n) : String(DEFAULT_INTERVAL_MS);
  };
  setInterval_(settings.interval);
  gil.value = GIL_SETTINGS.some(([v]) => v === settings.gil) ? /** @type {string} */ (settings.gil) : 'back-edges';
  const showAtomic = () => { $('py-atomic').hidden = gil.value !== 'free-threaded'; };
  showAtomic();
  gil.addEventListener('change', showAtomic);
  startMethod.value = START_METHODS.some(([v]) => v === settings.start) ? /** @type {string} */ (settings.start) : 'fork';
  /** The program's encoded form for links, kept current after edits (it may be compressed: async). */
  let encoded = { text: '', code: '' };
  const refreshEncoded = async () => {
    const text = editor.value;
    const code = await encodeCode(text);
    if (editor.value === text) encoded = { text, code };
  };
  /** Ready once the URL's program is in the editor. */
  const loaded = (async () => {
    if (settings.code !== undefined) {
      const text = await decodeCode(settings.code);
      if (destroyed) return;
      if (text !== null) {
        editor.set(text);
        exampleSelect.value = '';
        showLesson();
        sourceReplaced();
        await refreshEncoded();
        return;
      }
      setStatus('The link’s program could not be read (it was cut short?): here is an example instead.', true);
    }
    loadExample(exampleById(settings.example ?? '') ? /** @type {string} */ (settings.example) : EXAMPLES[0].id);
  })();
  root.addEventListener('input', () => { void refreshEncoded(); });

  /** @returns {Record<string, string>} */
  const currentSettings = () => {
    /** @type {Record<string, string>} */
    const s = {};
    if (exampleSelect.value) s.example = exampleSelect.value;
    else s.code = encoded.text === editor.value ? encoded.code : encodePlain(editor.value);
    if (Number(interval.value) !== DEFAULT_INTERVAL_MS) s.interval = interval.value;
    if (gil.value !== 'back-edges') s.gil = gil.value;
    if (startMethod.value !== 'fork') s.start = startMethod.value;
    return s;
  };

  $('py-share').addEventListener('click', async () => {
    await refreshEncoded();
    const url = new URL(location.href);
    url.search = new URLSearchParams(currentSettings()).toString();
    url.hash = '';
    const box = $('py-share-box');
    const input = /** @type {HTMLInputElement} */ ($('py-share-url'));
    box.hidden = false;
    input.value = url.href;
    input.select();
    let copied = false;
    try {
      await navigator.clipboard.writeText(url.href);
      copied = true;
    } catch { /* not allowed here: the link is selected for copying by hand */ }
    $('py-share-note').textContent = `${copied ? 'Copied. ' : ''}${url.href.length} characters${url.searchParams.get('code')?.startsWith('.') ? ', the program compressed' : ''}.`;
  });

  // ---------- output ----------
  /**
   * The output is a column of blocks, a new one per step that starts on a
   * fresh line, so that appending lays out only the new block, not all the
   * text so far; and at most OUT_BUDGET characters go in per step (a step
   * per animation frame), so a flood of output is drawn over a few frames
   * instead of in one long task.
   */
  let openLine = false;
  /** Printed, not yet on the page. @type {PyOutput[]} */
  let pendingOut = [];
  /** @type {(() => void)[]} */
  let drainWaiters = [];
  let pumping = false;
  const OUT_BUDGET = 16_384;
  const pump = () => {
    pumping = false;
    if (destroyed) return;
    const atBottom = output.scrollHeight - output.scrollTop - output.clientHeight < 24;
    let budget = OUT_BUDGET;
    let block = /** @type {HTMLElement | null} */ (output.lastElementChild);
    if (!block || !openLine) block = output.appendChild(el('div', { class: 'py-chunk' }));
    while (pendingOut.length && budget > 0) {
      const next = /** @type {PyOutput} */ (pendingOut[0]);
      let text = next.text;
      if (text.length > budget) {
        // Cut after a newline within the budget where there is one.
        const cut = text.lastIndexOf('\n', budget);
        text = text.slice(0, cut > 0 ? cut + 1 : budget);
        next.text = next.text.slice(text.length);
      } else {
        pendingOut.shift();
      }
      budget -= text.length;
      const last = /** @type {HTMLElement | null} */ (block.lastElementChild);
      if (last && last.dataset.stream === next.stream) last.append(text);
      else block.append(el('span', { class: `py-${next.stream}`, 'data-stream': next.stream, text }));
      if (text) openLine = !text.endsWith('\n');
    }
    if (atBottom) output.scrollTop = output.scrollHeight;
    if (pendingOut.length) schedulePump();
    else for (const w of drainWaiters.splice(0)) w();
  };
  const schedulePump = () => {
    if (pumping) return;
    pumping = true;
    // Animation frames pause in a background tab; output must still arrive.
    if (document.visibilityState === 'visible') requestAnimationFrame(pump);
    else setTimeout(pump, 0);
  };
  /** @param {PyOutput[]} chunks */
  const append = (chunks) => {
    for (const c of chunks) if (c.text) pendingOut.push({ ...c });
    if (pendingOut.length) schedulePump();
  };
  /** Resolves once everything printed so far is on the page. */
  const drained = () => new Promise((resolve) => { if (pendingOut.length) drainWaiters.push(() => resolve(undefined)); else resolve(undefined); });

  /**
   * Under the output: a deadlock's wait-for edges (the status line says how
   * every run ended).
   * @param {ThinReport} report
   */
  const showExit = (report) => {
    root.dataset.exit = report.exit.kind;
    root.dataset.lanes = String(report.lanes.length);
    const edges = deadlockEdges(report);
    exitBox.hidden = report.exit.kind !== 'deadlock';
    exitBox.className = `py-exit py-exit-${report.exit.kind}`;
    exitBox.replaceChildren(
      el('p', { text: edges.length ? 'Who waits for what:' : 'Every thread waits for ever.' }),
      el('ul', { class: 'py-edges' }, ...edges.map((e) => el('li', {}, el('strong', { text: e.thread }), ` waits in ${e.what}`, e.on ? el('span', {}, ' for ', el('strong', { text: e.on })) : null))));
  };

  /** @param {ThinReport} report */
  const showTimeline = (report) => {
    const section = $('py-timeline');
    if (!report.lanes.length) { section.hidden = true; return; }
    const data = reportTimeline(report, { gil: gil.value !== 'free-threaded' });
    data.title = `${report.threads} thread${report.threads === 1 ? '' : 's'}, ${report.handovers} GIL hand-over${report.handovers === 1 ? '' : 's'}${report.thinned ? ` (${report.thinned.from} spans merged to ${report.thinned.to} to draw)` : ''}`;
    const draw = () => {
      if (destroyed || current) return;
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
  };

  // ---------- run, poll, cancel ----------
  const setRunning = (/** @type {'idle' | 'running' | 'cancelling'} */ state) => {
    root.dataset.state = state;
    runButton.disabled = state !== 'idle';
    cancelButton.disabled = state !== 'running';
  };

  const stopPolling = () => {
    if (pollTimer !== null) clearTimeout(pollTimer);
    pollTimer = null;
  };

  /**
   * Counts the run on the root and tells the page; root[data-reply-status]
   * is the reply's status (what embeds report), root[data-exit] how the
   * program ended.
   * @param {HTMLElement} at
   * @param {string} status
   */
  const announceRun = (at, status) => {
    at.dataset.replyStatus = ['invalid', 'failed', 'cancelled'].includes(status) ? status : 'done';
    announce(at, status);
  };

  /** @returns {Promise<PyReply>} */
  async function run() {
    if (current) return { status: 'failed', message: 'A run is in progress.' };
    await loaded;
    if (!client.threaded) {
      const message = `Python threads need shared memory, so this program cannot run here. ${client.why ?? ''}`.trim();
      setStatus(message, true);
      announceRun(root, 'failed');
      return { status: 'failed', message };
    }
    const source = editor.value;
    const ms = Number(interval.value);
    if (!(ms > 0 && ms <= 1000)) {
      setStatus('The switch interval must be more than 0 and at most 1000 ms.', true);
      interval.focus();
      return { status: 'invalid', line: 0, col: 0, message: 'switch interval' };
    }
    editor.showError(null);
    output.replaceChildren();
    openLine = false;
    pendingOut = [];
    for (const w of drainWaiters.splice(0)) w();
    exitBox.hidden = true;
    delete root.dataset.exit;
    const t0 = performance.now();
    delete root.dataset.firstOutputMs;
    delete root.dataset.cancelMs;
    setRunning('running');
    setStatus('Starting…');
    /** @type {(reply: PyReply) => void} */
    let finish = () => {};
    const done = /** @type {Promise<PyReply>} */ (new Promise((resolve) => { finish = resolve; }));
    /** @type {CurrentRun} */
    const me = { id: null, cancelled: null, finish };
    current = me;
    const started = /** @type {any} */ (await client.python('start', { source, switch_interval: ms / 1000, gil: gil.value, start_method: startMethod.value, cpu_count: navigator.hardwareConcurrency || 1 }));
    if (started.status !== 'started') {
      current = null;
      setRunning('idle');
      if (started.status === 'error') {
        editor.showError({ line: started.line, col: started.col, message: started.message });
        setStatus(started.line > 0 ? `Not run: line ${started.line}, column ${started.col}: ${started.message}` : `Not run: ${started.message}`, true);
        announceRun(root, 'invalid');
        return { status: 'invalid', line: started.line, col: started.col, message: started.message };
      }
      setStatus(started.message ?? 'The run could not start.', true);
      announceRun(root, 'failed');
      return { status: 'failed', message: started.message };
    }
    me.id = started.id;
    setStatus('Running… (Esc cancels)');
    if (me.cancelled !== null) void client.python('cancel', me.id);
    const poll = async () => {
      pollTimer = null;
      if (current !== me || destroyed) return;
      const polled = /** @type {any} */ (await client.python('poll', me.id));
      if (current !== me || destroyed) return;
      if (polled.status === 'failed') return end({ status: 'failed', message: polled.message });
      if (polled.output.length && root.dataset.firstOutputMs === undefined) root.dataset.firstOutputMs = (performance.now() - t0).toFixed(1);
      append(polled.output);
      if (polled.dropped) append([{ stream: 'stderr', text: `\n[threadlab: ${polled.dropped} bytes of output dropped: the page fell behind]\n` }]);
      if (polled.workers?.crash && !polled.report) {
        // A worker died inside a Python thread (most often a recursion too
        // deep for a browser thread's native stack): that thread never ends
        // and may hold the GIL, so the instance is replaced.
        const why = /call stack/i.test(polled.workers.crash)
          ? `a Python thread recursed deeper than a browser thread's stack allows (${polled.workers.crash})`
          : `a Python thread's worker crashed (${polled.workers.crash})`;
        client.restart(why);
        return end({ status: 'failed', message: `The run was stopped: ${why}. A fresh interpreter was started.` });
      }
      if (polled.workers?.failure && !polled.report) {
        void client.python('cancel', me.id);
        return end({ status: 'failed', message: `Python threads cannot start here: ${polled.workers.failure}.` });
      }
      if (polled.report) return end({ status: 'done', exit: polled.report.exit.kind, report: polled.report });
      if (!polled.known) return end({ status: 'failed', message: 'The run was lost (the worker instance restarted).' });
      pollTimer = setTimeout(poll, POLL_MS);
    };
    /** @param {PyReply} reply */
    const end = async (reply) => {
      stopPolling();
      if (me.grace) clearTimeout(me.grace);
      if (me.cancelled !== null) root.dataset.cancelMs = (performance.now() - me.cancelled).toFixed(1);
      // Everything printed is on the page before the run counts as ended.
      await drained();
      if (destroyed) return;
      if (current === me) current = null;
      setRunning('idle');
      if (reply.status === 'done') {
        showExit(reply.report);
        setStatus(exitText(reply.report.exit, reply.report.wall_ms), reply.report.exit.kind !== 'finished');
        // The timeline after the text: the drawing is the heavier part.
        setTimeout(() => { if (!destroyed && !current) showTimeline(reply.report); }, 0);
      } else if (reply.status === 'failed') {
        setStatus(reply.message, true);
      } else if (reply.status === 'cancelled') {
        setStatus('Cancelled: the run did not stop in time, so its worker instance was restarted.', true);
        root.dataset.exit = 'cancelled';
      }
      void watchBusy();
      announceRun(root, reply.status === 'done' ? reply.exit : reply.status);
      me.finish(reply);
    };
    me.end = end;
    void poll();
    return done;
  }

  /**
   * After a run: root[data-busy] is how many Python-thread workers are still
   * running a thread (daemon threads stop at exit within ~20 ms), until 0.
   */
  async function watchBusy() {
    const until = performance.now() + 3000;
    delete root.dataset.busy;
    while (!destroyed && !current) {
      const w = /** @type {any} */ (await client.python('workers'));
      if (typeof w?.busy !== 'number') return;
      root.dataset.busy = String(w.busy);
      if (w.busy === 0 || performance.now() > until) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  function cancel() {
    const me = current;
    if (!me || me.cancelled !== null) return;
    me.cancelled = performance.now();
    setRunning('cancelling');
    setStatus('Cancelling…');
    if (me.id !== null) void client.python('cancel', me.id);
    // Every wait of the runner notices a cancel within ~20 ms; a run that
    // has not ended in CANCEL_GRACE_MS is stopped by a fresh instance.
    me.grace = setTimeout(() => {
      if (current !== me) return;
      client.restart('a cancelled Python run did not stop in time');
      me.end?.({ status: 'cancelled' });
    }, CANCEL_GRACE_MS);
  }

  runButton.addEventListener('click', () => { void run(); });
  cancelButton.addEventListener('click', () => cancel());
  const onKey = (/** @type {KeyboardEvent} */ e) => {
    if (e.key === 'Escape' && current) cancel();
  };
  // Esc anywhere on the page (the editor handles its own and stops it there).
  document.addEventListener('keydown', onKey);
  showLesson();
  // The first timeline drawn costs 30–80 ms more than later ones (the
  // canvas resolves its font, the figure's parts are laid out the first
  // time): a hidden one is drawn now, while the page loads, not right after
  // the first run.
  const warm = () => {
    if (destroyed || !timeline.canvas.hidden) return;
    timeline.draw({ lanes: ['MainThread'], spans: [{ lane: 0, start: 0, end: 1, kind: 'running' }], kinds: { running: { label: 'running', colour: '--par' } } });
    timeline.clear();
  };
  warm();
  // Workers for the first run's threads, started now (a no-op where the page started more).
  void client.ready().then(() => { if (client.threaded && !destroyed) void client.python('prestart', compact ? 2 : 4); }, () => {});
  if (client.why !== null) setStatus(`Python threads need shared memory: ${client.why ?? 'threads are off here'}`, true);

  return {
    run,
    cancel,
    settings: currentSettings,
    /** The program in the editor now. */
    source: () => editor.value,
    /** The "Processes start by" setting now ('fork', 'spawn' or 'forkserver'). */
    startMethod: () => /** @type {import('../../pkg/threadlab.js').PyStartMethod} */ (startMethod.value),
    /** The example in the editor ('' for the reader's own program). */
    example: () => exampleSelect.value,
    /** Puts an example in the editor. @param {string} id */
    load: loadExample,
    destroy() {
      destroyed = true;
      cancel();
      stopPolling();
      document.removeEventListener('keydown', onKey);
      timeline.destroy();
      root.remove();
    },
  };
}
