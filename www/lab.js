// The speedup lab: sweep a workload over k = 1..K workers, several times
// each, and show speedup (with the ideal line and an Amdahl's-law fit),
// efficiency, and a per-worker timeline of one run.
//
// Charts: uPlot (small, fast, well kept, canvas-based). The timeline is drawn
// by hand on a canvas: it is a Gantt chart of up to thousands of spans on k
// rows, which no small chart library draws without a plugin of about the same
// size as this function.
import { ThreadLab } from './lab-client.js';
import uPlot from './vendor/uplot.mjs';

const $ = (id) => document.getElementById(id);
const form = $('sweep-form');
const fields = { workload: $('workload'), size: $('size'), workers: $('workers'), reps: $('reps'), chunk: $('chunk') };
const MAX_REPS = 20;

let lab = null;
let workloads = [];
let sweeping = false;
let cancelled = false;
let last = null; // the last finished sweep
let charts = {};
let progress = null; // { done, total } runs while sweeping

// ---------- formatting and small maths ----------

const fmtMs = (ms) => (ms < 10 ? ms.toFixed(2) : ms < 1000 ? ms.toFixed(1) : ms.toFixed(0)) + ' ms';
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const clean = (text) => String(text).replace(/[_,\s]/g, '');

/**
 * Amdahl's law: S(k) = 1 / (s + (1 - s) / k), s = the serial fraction.
 * Rearranged, 1/S - 1/k = s (1 - 1/k): a line through the origin in
 * x = 1 - 1/k, so the least-squares s is sum(x y) / sum(x x).
 */
function amdahlFit(points) {
  let xy = 0, xx = 0;
  for (const { k, speedup } of points) {
    if (k < 2) continue;
    const x = 1 - 1 / k, y = 1 / speedup - 1 / k;
    xy += x * y; xx += x * x;
  }
  if (xx === 0) return null;
  return Math.min(1, Math.max(0, xy / xx));
}
const amdahl = (s, k) => 1 / (s + (1 - s) / k);

// ---------- set-up ----------

async function boot() {
  try {
    lab = await ThreadLab.create({ onRestart: (why, ready) => { setPill('wait', 'Restarting worker threads…'); ready.then(showPool); } });
  } catch (e) {
    setPill('bad', 'Could not start the workers');
    setStatus(`The WebAssembly module failed to load: ${e.message}`, true);
    return;
  }
  workloads = lab.workloads;
  for (const w of workloads) fields.workload.add(new Option(w.title, w.id));
  const params = new URLSearchParams(location.search);
  fields.workload.value = (workloads.find((w) => w.id === params.get('workload')) ?? workloads[0]).id;
  showWorkload(params.get('size'));
  fields.workers.value = params.get('workers') ?? String(Math.max(lab.threads, 1));
  fields.reps.value = params.get('reps') ?? '3';
  fields.chunk.value = params.get('chunk') ?? '1';
  const schedule = params.get('schedule');
  if (['static', 'dynamic', 'stealing'].includes(schedule)) form.elements.schedule.value = schedule;
  showPool();
  if (!lab.isolated) {
    $('isolation-banner').hidden = false;
    setStatus('Threads are off, so there is nothing to sweep here. The race page still runs the sequential version.', true);
    return;
  }
  fields.workload.disabled = false;
  $('run').disabled = false;
  document.body.dataset.ready = 'true';
  if (params.get('run') === '1') form.requestSubmit();
}

function showPool() {
  if (lab.isolated) setPill('on', `${lab.threads} worker thread${lab.threads === 1 ? '' : 's'} · cross-origin isolated`);
  else setPill('off', 'Threads off · not cross-origin isolated');
  $('workers-hint').textContent = `1 to ${lab.threads}: the sweep runs k = 1, 2, … up to this.`;
}

function currentWorkload() { return workloads.find((w) => w.id === fields.workload.value); }

function showWorkload(size) {
  const w = currentWorkload();
  $('size-detail').textContent = w.size_label;
  fields.size.value = size ?? String(w.default_size);
  $('lesson').textContent = w.lesson;
  updateHint();
}

function updateHint() {
  const w = currentWorkload();
  const n = Number(clean(fields.size.value)), k = Number(fields.workers.value), reps = Number(fields.reps.value);
  let estimate = '';
  if (n >= 1 && n <= w.max_size && k >= 1 && reps >= 1) {
    // One worker's time, then k = 2..K at ~1/k each (ideal), times (reps + warm-up).
    let units = 0;
    for (let j = 1; j <= k; j++) units += 1 / j;
    const seconds = (w.ns_per_unit * n ** w.cost_exponent / 1e9) * units * (reps + 1);
    estimate = `The whole sweep needs about ${seconds < 90 ? seconds.toFixed(seconds < 10 ? 1 : 0) + ' s' : Math.round(seconds / 60) + ' min'} at ideal speedup. `;
  }
  $('size-hint').textContent = `${estimate}Default ${Number(w.default_size).toLocaleString('en-US')}, at most ${Number(w.max_size).toLocaleString('en-US')}.`;
}

function setPill(kind, text) { const p = $('pool-status'); p.className = `pill pill-${kind}`; p.textContent = text; }
function setStatus(text, bad = false) { const s = $('run-status'); s.textContent = text; s.classList.toggle('bad', bad); }

// ---------- errors ----------

function clearErrors() {
  for (const id of ['size', 'workers', 'reps', 'chunk', 'schedule', 'form']) {
    $(`${id}-error`).hidden = true;
    fields[id]?.removeAttribute('aria-invalid');
  }
}

function showErrors(errors) {
  const byField = new Map();
  for (const { field, message } of errors) {
    const list = byField.get(field) ?? [];
    if (!list.includes(message)) list.push(message);
    byField.set(field, list);
  }
  let first = null;
  for (const [field, messages] of byField) {
    const box = $(`${field}-error`) ?? $('form-error');
    box.textContent = messages.join(' ');
    box.hidden = false;
    if (fields[field]) { fields[field].setAttribute('aria-invalid', 'true'); first ??= fields[field]; }
  }
  (first ?? $('run')).focus();
  setStatus('Fix the highlighted field to run.', true);
}

/** Reads the form; resolves to settings, or shows errors and resolves to null. */
async function readSettings() {
  const settings = {
    workload: fields.workload.value,
    size: fields.size.value,
    workers: fields.workers.value,
    reps: fields.reps.value,
    schedule: form.elements.schedule.value,
    chunk: fields.chunk.value,
  };
  // The Rust side checks everything it runs; repetitions are the page's own.
  const errors = [...await lab.check({ ...settings, mode: 'parallel' })];
  const reps = Number(clean(settings.reps));
  if (!Number.isInteger(reps) || reps < 1 || reps > MAX_REPS) {
    errors.push({ field: 'reps', message: clean(settings.reps) === '' || Number.isNaN(reps)
      ? `Enter a whole number of repetitions from 1 to ${MAX_REPS}.`
      : `Must be a whole number from 1 to ${MAX_REPS} (got ${settings.reps}).` });
  }
  if (errors.length) { showErrors(errors); return null; }
  return { ...settings, reps, maxWorkers: Number(clean(settings.workers)), chunk: Number(clean(settings.chunk)) };
}

// ---------- the sweep ----------

async function onSubmit(event) {
  event.preventDefault();
  if (sweeping || !lab) return;
  try {
    clearErrors();
    const settings = await readSettings();
    if (!settings) return;
    saveToUrl();
    setSweeping(true);
    const result = await sweep(settings);
    if (result) {
      last = result;
      render(result);
      setStatus(`Done: ${result.points.length} worker counts × ${settings.reps} runs. Speedup at k = ${result.points.at(-1).k}: ${result.points.at(-1).speedup.toFixed(2)}×.`);
    }
  } finally {
    setSweeping(false);
    document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
  }
}

async function sweep(settings) {
  const { workload, size, reps, schedule, chunk, maxWorkers } = settings;
  const points = [];
  progress = { done: 0, total: maxWorkers * (reps + 1) };
  requestAnimationFrame(animate);
  for (let k = 1; k <= maxWorkers; k++) {
    const runs = [];
    for (let rep = 0; rep <= reps; rep++) {
      setStatus(`k = ${k}: ${rep === 0 ? 'warm-up run' : `run ${rep} of ${reps}`}…`);
      const reply = await lab.run({ workload, size, mode: 'parallel', workers: k, schedule, chunk });
      progress.done++;
      if (reply.status !== 'done' || cancelled) {
        if (reply.status === 'invalid') showErrors(reply.errors);
        else if (reply.status === 'failed') setStatus(reply.message, true);
        else setStatus('Cancelled. The pool is ready for another sweep.');
        progress = null;
        return null;
      }
      // The first run of each k warms caches, JIT tiers and the pool's
      // threads; it is measured but not counted.
      if (rep > 0) runs.push(reply);
    }
    const times = runs.map((r) => r.elapsed_ms);
    const mid = median(times);
    const typical = runs.reduce((a, b) => (Math.abs(b.elapsed_ms - mid) < Math.abs(a.elapsed_ms - mid) ? b : a));
    points.push({
      k, times, median: mid, min: Math.min(...times), max: Math.max(...times),
      answer: runs[0].answer.value,
      agree: runs.every((r) => r.answer.value === runs[0].answer.value),
      blocks: typical.blocks,
      timeline: { started_ms: typical.started_ms, elapsed_ms: typical.elapsed_ms, spans: typical.spans, blocks_per_worker: typical.blocks_per_worker },
    });
  }
  progress = null;
  const base = points[0].median;
  for (const p of points) {
    p.speedup = base / p.median;
    p.speedupLow = base / p.max;
    p.speedupHigh = base / p.min;
    p.efficiency = p.speedup / p.k;
    p.agreesWithOne = p.answer === points[0].answer && p.agree;
  }
  const serial = amdahlFit(points);
  return {
    settings,
    environment: { userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency, poolThreads: lab.threads, date: new Date().toISOString() },
    serialFraction: serial,
    points,
  };
}

function animate() {
  if (!progress) { setTrack(sweeping ? 0 : 1); return; }
  const { done, total } = lab.progress();
  const within = total > 0 ? done / total : 0;
  setTrack((progress.done + within) / progress.total);
  requestAnimationFrame(animate);
}

function setTrack(fraction) {
  const pct = Math.max(0, Math.min(100, fraction * 100));
  document.querySelector('.sweep-track .fill').style.width = `${pct}%`;
  document.querySelector('.sweep-track').setAttribute('aria-valuenow', pct.toFixed(0));
}

function setSweeping(on) {
  sweeping = on;
  cancelled = false;
  $('run').disabled = on;
  $('cancel').disabled = !on;
  for (const f of Object.values(fields)) f.disabled = on;
  for (const r of form.elements.schedule) r.disabled = on;
  form.setAttribute('aria-busy', String(on));
  if (on) { setTrack(0); $('cancel').focus(); } else if (document.activeElement === document.body || document.activeElement === $('cancel')) $('run').focus();
}

function cancelSweep() {
  if (!sweeping) return;
  cancelled = true;
  setStatus('Cancelling…');
  lab.cancel();
}

// ---------- drawing ----------

function render(result) {
  renderCharts(result);
  renderTable(result);
  const select = $('timeline-k');
  select.replaceChildren(...result.points.map((p) => new Option(`k = ${p.k} (median run)`, String(p.k))));
  select.value = String(result.points.at(-1).k);
  select.disabled = false;
  drawTimeline();
  $('export-json').disabled = false;
  $('export-csv').disabled = false;
}

function renderCharts({ points, serialFraction }) {
  const K = points.at(-1).k;
  // A fine x grid so the Amdahl curve is smooth; measurements sit on whole k.
  const xs = [];
  for (let x = 1; x <= K + 1e-9; x += 0.125) xs.push(Math.round(x * 1000) / 1000);
  const at = (x, f) => { const p = points.find((q) => q.k === x); return p ? f(p) : null; };
  const speedupData = [
    xs,
    xs.map((x) => x),
    xs.map((x) => (serialFraction == null ? null : amdahl(serialFraction, x))),
    xs.map((x) => at(x, (p) => p.speedupLow)),
    xs.map((x) => at(x, (p) => p.speedupHigh)),
    xs.map((x) => at(x, (p) => p.speedup)),
  ];
  const axisX = { label: 'workers (k)', values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? t : '')), incrs: [1, 2, 4, 8, 16] };
  const width = $('speedup-chart').clientWidth || 600;
  charts.speedup?.destroy();
  charts.speedup = new uPlot({
    width, height: 280,
    scales: { x: { time: false, range: [1, Math.max(2, K)] }, y: { range: (u, min, max) => [0, Math.max(2, Math.ceil(max * 1.1))] } },
    axes: [axisX, { label: 'speedup (×)' }],
    series: [
      { label: 'k' },
      { label: 'ideal (k×)', stroke: '#9aa0bc', dash: [6, 6], width: 1.5, points: { show: false } },
      { label: serialFraction == null ? 'Amdahl fit' : `Amdahl fit (serial ${(serialFraction * 100).toFixed(1)}%)`, stroke: '#e0883a', width: 2, points: { show: false } },
      { label: 'slowest run', stroke: '#6d5dfc55', width: 0, points: { show: true, size: 6, fill: '#6d5dfc55' }, spanGaps: true, paths: () => null },
      { label: 'fastest run', stroke: '#6d5dfc55', width: 0, points: { show: true, size: 6, fill: '#6d5dfc55' }, spanGaps: true, paths: () => null },
      { label: 'measured (median)', stroke: '#6d5dfc', width: 2.5, spanGaps: true, points: { show: true, size: 9, fill: '#6d5dfc' } },
    ],
  }, speedupData, $('speedup-chart'));

  const ks = points.map((p) => p.k);
  charts.efficiency?.destroy();
  charts.efficiency = new uPlot({
    width, height: 200,
    scales: { x: { time: false, range: [0.5, K + 0.5] }, y: { range: [0, 110] } },
    axes: [{ ...axisX, incrs: [1] }, { label: 'efficiency (%)' }],
    series: [
      { label: 'k' },
      { label: 'parallel efficiency (%)', stroke: '#16a394', fill: '#16a39455', width: 1, paths: uPlot.paths.bars({ size: [0.5, 60] }), points: { show: false } },
    ],
  }, [ks, points.map((p) => Math.round(p.efficiency * 1000) / 10)], $('efficiency-chart'));

  const s = serialFraction;
  $('amdahl').textContent = s == null
    ? 'Amdahl fit needs at least two worker counts.'
    : `Amdahl's law fitted to these points: a serial fraction of ${(s * 100).toFixed(1)}% — the part no number of workers speeds up — ` +
      `${s > 0.0005 ? `caps the speedup at ${(1 / s).toFixed(s > 0.05 ? 1 : 0)}× however many cores you add.` : 'too small to measure here: the work scaled almost perfectly.'}`;
}

function renderTable({ points, serialFraction }) {
  const body = $('results').tBodies[0];
  body.replaceChildren(...points.map((p) => {
    const row = document.createElement('tr');
    const spread = p.median > 0 ? `±${(((p.max - p.min) / 2 / p.median) * 100).toFixed(1)}%` : '–';
    const cells = [p.k, fmtMs(p.min), fmtMs(p.median), fmtMs(p.max), spread, `${p.speedup.toFixed(2)}×`,
      `${(p.efficiency * 100).toFixed(0)}%`, serialFraction == null ? '–' : `${amdahl(serialFraction, p.k).toFixed(2)}×`, p.agreesWithOne ? 'yes' : 'NO'];
    for (const c of cells) row.insertCell().textContent = String(c);
    return row;
  }));
}

const COLOURS = [[109, 93, 252], [224, 136, 58]]; // violet → orange along the work

function drawTimeline() {
  if (!last) return;
  const k = Number($('timeline-k').value);
  const point = last.points.find((p) => p.k === k);
  const { started_ms: t0, elapsed_ms: total, spans } = point.timeline;
  const canvas = $('timeline');
  const rowH = 30, top = 8, bottom = 30, left = 96, right = 16;
  const cssW = canvas.clientWidth || 800, cssH = top + k * rowH + bottom;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(cssW * dpr); canvas.height = Math.round(cssH * dpr);
  canvas.style.height = `${cssH}px`;
  const g = canvas.getContext('2d');
  g.scale(dpr, dpr);
  g.font = '12px system-ui, sans-serif';
  const plotW = cssW - left - right;
  const xOf = (t) => left + ((t - t0) / total) * plotW;
  const busy = new Array(k).fill(0);
  for (let w = 0; w < k; w++) {
    g.fillStyle = w % 2 ? '#f3f4f9' : '#eceef6';
    g.fillRect(left, top + w * rowH, plotW, rowH - 4);
  }
  for (const s of spans) {
    const f = point.blocks > 1 ? s.first_block / (point.blocks - 1) : 0;
    const [a, b] = COLOURS;
    g.fillStyle = `rgb(${a.map((v, i) => Math.round(v + (b[i] - v) * f)).join(',')})`;
    const x = xOf(s.start_ms), w = Math.max(1, xOf(s.end_ms) - x);
    g.fillRect(x, top + s.worker * rowH + 2, w, rowH - 8);
    busy[s.worker] += s.end_ms - s.start_ms;
  }
  g.fillStyle = '#1d2133';
  g.textBaseline = 'middle';
  for (let w = 0; w < k; w++) {
    g.fillText(`worker ${w + 1}`, 8, top + w * rowH + rowH / 2 - 2);
  }
  // Time axis with round ticks.
  const step = niceStep(total / 6);
  g.textBaseline = 'top';
  g.fillStyle = '#5f6680';
  for (let t = 0; t <= total + 1e-9; t += step) {
    const x = left + (t / total) * plotW;
    g.fillRect(x, top + k * rowH - 2, 1, 5);
    g.fillText(`${+t.toFixed(3)} ms`, Math.min(x - 10, cssW - 60), top + k * rowH + 6);
  }
  const idle = busy.map((b) => 100 - (b / total) * 100);
  $('timeline-summary').textContent = `k = ${k}: ${spans.length} tasks in ${fmtMs(total)}. ` +
    busy.map((b, w) => `worker ${w + 1} busy ${((b / total) * 100).toFixed(0)}%`).join(', ') +
    `. Idle time: ${idle.reduce((a, b) => a + b, 0).toFixed(0)}% of one worker's run in total.`;
}

function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
}

// ---------- export and links ----------

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function exportJson() {
  if (!last) return;
  download(`threadlab-${last.settings.workload}-sweep.json`, 'application/json', JSON.stringify({ threadlab: 'speedup-sweep/1', link: shareLink(), ...last }, null, 2));
}

function exportCsv() {
  if (!last) return;
  const lines = ['workload,size,schedule,chunk,k,repetition,elapsed_ms,speedup_vs_k1_median,efficiency'];
  const base = last.points[0].median;
  for (const p of last.points) {
    p.times.forEach((t, i) => lines.push([last.settings.workload, clean(last.settings.size), last.settings.schedule, last.settings.chunk, p.k, i + 1, t.toFixed(3), (base / t).toFixed(4), (base / t / p.k).toFixed(4)].join(',')));
  }
  download(`threadlab-${last.settings.workload}-sweep.csv`, 'text/csv', `${lines.join('\n')}\n`);
}

function settingsParams() {
  return new URLSearchParams({
    workload: fields.workload.value, size: fields.size.value, workers: fields.workers.value,
    reps: fields.reps.value, schedule: form.elements.schedule.value, chunk: fields.chunk.value,
  });
}
function saveToUrl() { history.replaceState(null, '', `?${settingsParams()}`); }
function shareLink() { const p = settingsParams(); p.set('run', '1'); return `${location.origin}${location.pathname}?${p}`; }

async function copyLink() {
  const link = shareLink();
  try { await navigator.clipboard.writeText(link); setStatus('Link copied: opening it runs this sweep.'); }
  catch { setStatus(`Link (opening it runs this sweep): ${link}`); }
}

// ---------- wiring ----------

form.addEventListener('submit', onSubmit);
$('cancel').addEventListener('click', cancelSweep);
document.addEventListener('keydown', (e) => { if (e.key === 'Escape') cancelSweep(); });
fields.workload.addEventListener('change', () => { clearErrors(); showWorkload(); });
for (const f of [fields.size, fields.workers, fields.reps]) f.addEventListener('input', updateHint);
$('timeline-k').addEventListener('change', drawTimeline);
$('export-json').addEventListener('click', exportJson);
$('export-csv').addEventListener('click', exportCsv);
$('copy-link').addEventListener('click', copyLink);
new ResizeObserver(() => {
  if (!last) return;
  const width = $('speedup-chart').clientWidth;
  charts.speedup?.setSize({ width, height: 280 });
  charts.efficiency?.setSize({ width, height: 200 });
  drawTimeline();
}).observe(document.querySelector('.layout'));

boot();
