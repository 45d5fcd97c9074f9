// The Measure (demo id "modes"): the same tasks five ways — sequential,
// threads, threads + GIL, processes, the event loop — filling in the
// tutorials' comparison table, a chart of CPU-bound vs I/O-bound speedup per
// mode and a closing note that quotes the numbers; then the same comparison
// in Python (src/modes/modes.py, exported by Rust); a timeline per mode of
// its CPU-bound and I/O-bound runs (./timelines.js); Copy link (run=1
// re-measures on opening).
//
// Who runs what: sequential and threads (with or without the simulated GIL)
// on the client's coordinator and pool; processes on this demo's own
// ProcessPool (./processes.js); the event loop is the page's own.
import { el } from '../../lib/dom.js';
import { uniqueId } from '../../lib/form.js';
import { barChart } from '../../lib/charts.js';
import { median, times } from '../../lib/format.js';
import { FIELDS, acceptSettings, demoHandle, fieldGrid, idOf, poolState, readFields, runner } from './common.js';
import { ProcessPool, clock } from './processes.js';
import { crashProcess, fetchSlow, measureTransfer, panicThread, processRun, sleep, slowUrl, threadRun } from './runs.js';
import { GROUP, MODES, MODE_NAMES, ROUNDS, SHORT_MODE_NAMES, chartData, closingNote, noiseNote, rows } from './table-view.js';
import { gilLesson, loopTimeline, processTimeline, startupTimeline, threadTimeline, timelineCard } from './timelines.js';

/** @typedef {import('../registry.js').MountOptions} MountOptions */
/** @typedef {import('../registry.js').Demo} Demo */
/** @typedef {import('./table-view.js').Results} Results */
/** @typedef {import('./table-view.js').Mode} Mode */
/** @typedef {import('./common.js').Name} Name */
/** @typedef {import('../../types/Settings').Settings} Settings */

const NAMES = /** @type {Name[]} */ (Object.keys(FIELDS));

/**
 * @param {HTMLElement} container
 * @param {MountOptions} options
 * @returns {Demo}
 */
export function mount(container, { client, settings = {}, idPrefix = uniqueId('modes') + '-' }) {
  const id = (/** @type {string} */ name) => idOf(idPrefix, name);
  const uid = idPrefix.replace(/-$/, '');
  const measureButton = el('button', { id: id('measure'), type: 'submit', class: 'primary', text: 'Measure' });
  const cancelButton = el('button', { id: id('cancel'), type: 'button' }, 'Cancel ', el('kbd', { text: 'Esc' }));
  const copyButton = el('button', { id: id('copy-link'), type: 'button', text: 'Copy link' });
  const status = el('span', { id: id('measure-status'), class: 'muted', role: 'status', 'aria-live': 'polite' });
  const form = el('form', { id: id('settings'), novalidate: true },
    fieldGrid(NAMES, uid, settings),
    el('div', { class: 'actions' }, measureButton, cancelButton, copyButton, status));
  const tbody = el('tbody');
  const table = el('table', { id: id('compare'), class: 'compare stack-on-phone' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Measured' }),
      ...MODES.map((mode) => el('th', { scope: 'col', 'data-mode': mode }, MODE_NAMES[mode], el('br'),
        el('span', { class: 'muted small', text: SUBTITLES[mode] }))))),
    tbody);
  const chartBox = el('div', { id: id('chart'), class: 'chart', role: 'img' });
  const note = el('p', { id: id('closing-note'), class: 'closing', 'aria-live': 'polite' });
  const noise = el('p', { id: id('noise-note'), class: 'noise-note', role: 'note', hidden: true });
  const python = el('code', { id: id('python') });
  const timelines = timelineCard(idPrefix);
  const root = el('div', { class: 'modes-demo-group', 'data-demo': 'modes' },
    el('section', { class: 'card', 'aria-labelledby': id('settings-title') },
      el('h2', { id: id('settings-title'), text: 'Measure' }), form),
    el('section', { class: 'card', 'aria-labelledby': id('table-title') },
      el('h2', { id: id('table-title'), text: 'The comparison table, measured just now' }),
      el('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'The comparison table' }, table),
      el('p', { class: 'muted small', text: `CPU-bound: each mode run ${ROUNDS} times, taking turns (sequential, threads, GIL, processes, sequential, …); each cell shows the median, the range of the middle runs and the speedup that range allows.` }),
      noise,
      // Fits a phone (short group names below 520 px); narrower than 280 px it scrolls sideways.
      el('figure', { class: 'speedup-chart', 'aria-labelledby': id('chart-caption') },
        el('div', { class: 'chart-scroll', tabindex: 0, role: 'region', 'aria-label': 'The speedup chart' }, chartBox),
        el('figcaption', { id: id('chart-caption') },
          'Speedup over sequential, per mode (CPU-bound, I/O-bound waits, HTTP); the dashed line is the number of workers.')),
      note),
    timelines.root,
    el('section', { class: 'card', 'aria-labelledby': id('python-title') },
      el('h2', { id: id('python-title'), text: 'The same in Python' }),
      el('p', { class: 'python-link', id: id('python-link') }, 'The columns above run Rust stand-ins. ',
        el('a', { href: 'python.html?example=compare#compare', text: 'This is what your Python would do' }),
        ': the Python page runs a program’s own functions one after another, on threads with the GIL and without it, and in processes, and draws the same table from that run.'),
      el('pre', { class: 'python', tabindex: 0, 'aria-label': 'The comparison in Python' }, python)));
  container.append(root);

  /** @type {Results} */ let results = {};
  const pool = new ProcessPool();
  const run = runner({ root, buttons: [measureButton], cancelButton, onCancel: () => { pool.cancel(); say('Cancelling…'); } });
  /** @param {string} text */
  const say = (text) => { status.textContent = text; };
  /** @type {import('../../lib/charts.js').Chart | null} */ let chart = null;

  function showPython() {
    const info = /** @type {{python_modes?: string} | null} */ (poolState(client).info);
    python.textContent = info?.python_modes ?? '# The Python version comes with the wasm module (modesPython); this build has none.';
  }

  function render() {
    const here = poolState(client);
    tbody.replaceChildren(...rows(results, here).map(([label, cells]) => el('tr', {},
      el('th', { scope: 'row', text: label }),
      ...MODES.map((mode) => {
        const c = cells[mode];
        const label = { 'data-label': MODE_NAMES[mode] };
        if (!c) return el('td', { ...label, class: 'pending', 'data-mode': mode, text: run.busy ? '…' : '–' });
        if ('off' in c) return el('td', { ...label, class: 'off', 'data-mode': mode, text: c.off });
        return el('td', { ...label, 'data-mode': mode, class: 'noisy' in c && c.noisy ? 'value noisy' : 'value' }, el('span', { class: 'big', text: c.big }), el('span', { class: 'why', text: c.why }));
      }))));
    const data = chartData(results);
    const spec = {
      x: data.x, series: data.series, height: 240, yLabel: 'speedup (×)', formatY: times, integerX: true,
      xTicks: MODES.map((_, i) => i * GROUP),
      // Read at every draw, so a phone turned sideways gets the long names back.
      formatX: (/** @type {number} */ v) => {
        const names = chartBox.clientWidth < 520 ? SHORT_MODE_NAMES : MODE_NAMES;
        return v % GROUP === 0 && v >= 0 ? names[MODES[v / GROUP]] ?? '' : '';
      },
      xLabel: 'mode', reference: { label: 'workers', values: data.x.map(() => data.workers) },
    };
    if (chart) chart.update(spec); else chart = barChart(chartBox, spec);
    const measured = data.bars.filter((b) => b.speedup !== null);
    chartBox.dataset.bars = JSON.stringify(data.bars);
    chartBox.setAttribute('aria-label', measured.length
      ? `Speedup over sequential: ${measured.map((b) => `${MODE_NAMES[b.mode]}, ${b.kind}: ${times(/** @type {number} */ (b.speedup))}`).join('; ')}`
      : 'Speedup over sequential: nothing measured yet');
    note.textContent = closingNote(results, here);
    noise.textContent = noiseNote(results);
    noise.hidden = !noise.textContent;
    root.dataset.results = JSON.stringify(results);
  }

  /** @param {Settings} s @param {AbortSignal} signal */
  async function measure(s, signal) {
    const r = /** @type {Results} */ ({ settings: s });
    results = r;
    timelines.clear();
    timelines.lesson(gilLesson(r, undefined));
    const step = () => { run.check(); render(); };
    const k = s.workers;
    const n = s.tasks;
    const threaded = client.threaded;
    render();

    say(`Starting ${k} processes…`);
    pool.terminate();
    const startups = await pool.start(k);
    const info = poolState(client).info;
    r.startup = { threads_ms: info?.pool_start_ms ?? NaN, pool_threads: client.threads, processes_ms: startups };
    r.memory = { processes: pool.memoryBytes, instance: info?.memory_bytes };
    step();

    // One warm-up task on the coordinator and on every process, not timed:
    // a fresh instance runs its first call of a loop in V8's baseline tier,
    // and the first mode measured would pay for it.
    say('Warming up…');
    const warm = await threadRun(client, { workload: 'cpu', how: 'sequential', gil: false, settings: { ...s, tasks: 1 } }, signal);
    await processRun(pool, Array.from({ length: k }, () => ({ type: /** @type {const} */ ('task'), task: warm.tasks[0] })), signal);
    run.check();

    // The CPU-bound modes, ROUNDS times each and interleaved (sequential,
    // threads, GIL, processes, sequential, …): whatever slows the machine for
    // a while then slows every mode alike instead of one, and the medians
    // leave a one-off hiccup out. One run each once read 754 ms sequential
    // against 464 ms under the GIL, a "1.63×" that taught the opposite of
    // the lesson. The cause, measured: with other programs on the CPU, the
    // sequential run's one thread never sleeps and gets only its share (its
    // identical tasks took 7 to 15 ms), while under the GIL a thread that was
    // asleep wakes for each 5 ms slice and Linux runs it at once (every slice
    // 5.0 ms of work) — so the table also records how much the sequential
    // run's tasks differ, and calls such a run too noisy (table-view.js).
    /** @type {Mode[]} */
    const cpuModes = threaded ? ['sequential', 'threads', 'gil', 'processes'] : ['sequential', 'processes'];
    /** @type {Partial<Record<Mode, number[]>>} */
    const samples = Object.fromEntries(cpuModes.map((m) => [m, []]));
    r.cpu = { sequential: NaN, samples };
    /** @param {Mode} mode @param {number} elapsed */
    const record = (mode, elapsed) => {
      const xs = /** @type {number[]} */ (samples[mode]);
      xs.push(elapsed);
      /** @type {Record<string, number>} */ (/** @type {unknown} */ (r.cpu))[mode] = median(xs);
      step();
    };
    /** @type {import('../../types/Task').Task[]} */ let cpuTasks = [];
    // Each mode's timeline is that of its median round: the run whose time
    // the table shows (shown as the rounds come in, then settled).
    /** @type {Partial<Record<Mode, {ms: number, show: () => void}[]>>} */
    const runs = {};
    /** @param {Mode} mode @param {number} elapsed @param {() => void} show */
    const keep = (mode, elapsed, show) => {
      (runs[mode] ??= []).push({ ms: elapsed, show });
      show();
      record(mode, elapsed);
    };
    for (let round = 1; round <= ROUNDS; round++) {
      const of = `round ${round} of ${ROUNDS}`;
      say(`CPU-bound: sequential, ${of}…`);
      const seq = await threadRun(client, { workload: 'cpu', how: 'sequential', gil: false, settings: s }, signal);
      cpuTasks = seq.tasks;
      r.memory.instance = seq.memory_bytes ?? r.memory.instance;
      // Identical tasks: their spread says whether the CPU was ours (see busy()).
      const taskMs = seq.result.items.map((i) => i.end_ms - i.start_ms).filter((x) => x > 0);
      if (taskMs.length > 1) (r.cpu.task_spread ??= []).push(Math.max(...taskMs) / Math.min(...taskMs));
      keep('sequential', seq.result.elapsed_ms, () => timelines.show('sequential', 'cpu', threadTimeline('1 thread', seq.result)));
      if (threaded) {
        say(`CPU-bound: ${k} threads, no GIL, ${of}…`);
        const free = (await threadRun(client, { workload: 'cpu', how: 'threads', gil: false, settings: s }, signal)).result;
        keep('threads', free.elapsed_ms, () => timelines.show('threads', 'cpu', threadTimeline(`${k} threads`, free)));
        say(`CPU-bound: ${k} threads under the GIL, ${of}…`);
        const g = (await threadRun(client, { workload: 'cpu', how: 'threads', gil: true, settings: s }, signal)).result;
        keep('gil', g.elapsed_ms, () => {
          r.cpu && (r.cpu.gil_switches = g.gil_switches);
          timelines.show('gil', 'cpu', threadTimeline(`${k} threads`, g));
          timelines.lesson(gilLesson(r, g));
        });
      }
      say(`CPU-bound: ${k} processes, ${of}…`);
      const t1 = clock();
      const procCpu = await processRun(pool, cpuTasks.map((task) => ({ type: 'task', task })), signal);
      keep('processes', procCpu.elapsed_ms, () => timelines.show('processes', 'cpu', processTimeline(`${k} processes`, procCpu, t1, k, 'compute')));
    }
    for (const list of Object.values(runs)) [...list].sort((a, b) => a.ms - b.ms)[list.length >> 1]?.show();
    timelines.show('processes', 'startup', startupTimeline(`${k} processes`, pool.procs));
    step();
    let t0 = 0;

    say('I/O-bound: sequential waits…');
    const ioSeq = await threadRun(client, { workload: 'io', how: 'sequential', gil: false, settings: s }, signal);
    r.io = { sequential: ioSeq.result.elapsed_ms };
    timelines.show('sequential', 'io', threadTimeline('1 thread', ioSeq.result));
    step();
    if (threaded) {
      for (const gil of [false, true]) {
        say(`I/O-bound: ${k} threads${gil ? ' under the GIL' : ''}…`);
        const io = (await threadRun(client, { workload: 'io', how: 'threads', gil, settings: s }, signal)).result;
        r.io[gil ? 'gil' : 'threads'] = io.elapsed_ms;
        timelines.show(gil ? 'gil' : 'threads', 'io', threadTimeline(`${k} threads`, io));
      }
      step();
    }
    say(`I/O-bound: ${k} processes…`);
    t0 = clock();
    const procIo = await processRun(pool, ioSeq.tasks.map((task) => ({ type: 'task', task })), signal);
    r.io.processes = procIo.elapsed_ms;
    timelines.show('processes', 'io', processTimeline(`${k} processes`, procIo, t0, k, 'io'));
    say('I/O-bound: the event loop…');
    /** @type {{start: number, end: number}[]} */
    const waits = ioSeq.tasks.map(() => ({ start: 0, end: 0 }));
    t0 = clock();
    await Promise.all(ioSeq.tasks.map(async (task, i) => {
      waits[i].start = clock();
      await sleep(task.kind === 'io' ? task.ms : 0, signal);
      waits[i].end = clock();
    }));
    r.io.async = clock() - t0;
    timelines.show('async', 'io', loopTimeline(`${n} coroutines`, waits, t0, r.io.async));
    step();

    say('HTTP: one request after another…');
    t0 = clock();
    for (let i = 0; i < n; i++) { await fetchSlow(s.http_ms, signal); run.check(); }
    r.http = { sequential: clock() - t0 };
    step();
    say('HTTP: all at once on the event loop…');
    t0 = clock();
    await Promise.all(Array.from({ length: n }, () => fetchSlow(s.http_ms, signal)));
    r.http.async = clock() - t0;
    step();
    say(`HTTP: ${k} processes, blocking requests…`);
    const httpRun = await processRun(pool, Array.from({ length: n }, () => ({ type: /** @type {const} */ ('http'), url: slowUrl(s.http_ms) })), signal);
    r.http.processes = httpRun.elapsed_ms;
    r.http.errors = httpRun.items.filter((i) => i.error).length;
    step();

    say('Moving data…');
    r.transfer = await measureTransfer(pool, s.transfer_mb, threaded, signal);
    step();

    say('Crash impact: crashing a process…');
    const crash = await crashProcess(pool, { ...s, units: Math.max(1, Math.round(s.units / 4)) }, signal);
    r.crash = { processes: crash };
    step();
    if (threaded) {
      say('Crash impact: panicking a thread…');
      r.crash.threads = await panicThread(client, { ...s, units: Math.max(1, Math.round(s.units / 4)) }, signal);
      step();
    }
    const settled = await Promise.allSettled(Array.from({ length: n }, (_, i) => sleep(1, signal).then(() => { if (i === 1) throw new Error('boom'); return i; })));
    r.crash.async = { rejected: settled.filter((x) => x.status === 'rejected').length, fulfilled: settled.filter((x) => x.status === 'fulfilled').length };
    r.complete = true;
    render();
    say(`Done: every cell measured just now (${n} tasks, ${k} workers).`);
    return { status: 'done', results: r };
  }

  const onSubmit = (/** @type {Event} */ e) => {
    e.preventDefault();
    void start();
  };
  async function start() {
    return run.start(async (signal) => {
      say('');
      const s = await acceptSettings(client, form, NAMES, status);
      if (!s) return { status: 'invalid' };
      try {
        return await measure(s, signal);
      } finally {
        render();
        timelines.flush();
      }
    }, say);
  }
  /** This page with the current settings and run=1: opening it measures again. */
  const shareLink = () => {
    const url = new URL(location.href);
    url.search = `?${new URLSearchParams({ ...readFields(form, NAMES), run: '1' })}`;
    return url.href;
  };
  const onCopy = async () => {
    const link = shareLink();
    copyButton.dataset.link = link;
    try {
      await navigator.clipboard.writeText(link);
      say('Link copied: opening it measures again with these settings.');
    } catch {
      say(`Link (opening it measures again): ${link}`);
    }
  };
  form.addEventListener('submit', onSubmit);
  copyButton.addEventListener('click', onCopy);
  showPython();
  render();

  return demoHandle({ start, run, root, names: NAMES, cleanup: () => { pool.end(); chart?.destroy(); timelines.clear(); } });
}

/** @type {Record<import('./table-view.js').Mode, string>} */
const SUBTITLES = { sequential: 'one thread', threads: 'free-threaded, no GIL', gil: 'like CPython', processes: 'own memory each', async: 'asyncio' };
