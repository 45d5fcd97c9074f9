// The page: a form, a race between one worker and N, and a history of runs.
//
// The main thread only reads the form and draws. Runs happen in the
// coordinator worker (via ThreadLab); progress is read from shared memory on
// every animation frame, so nothing here ever waits on the work.
import { ThreadLab } from './lab-client.js';

const $ = (id) => document.getElementById(id);
const form = $('experiment');
const workloadSelect = $('workload');
const sizeInput = $('size');
const workersInput = $('workers');
const runButton = $('run');
const cancelButton = $('cancel');

let lab = null;
let workloads = [];
let running = false;
let cancelled = false;
let phase = null; // { lane, started } while a phase runs

const lanes = { seq: $('lane-seq'), par: $('lane-par') };

// ---------- formatting ----------

function formatMs(ms) {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

function formatSeconds(seconds) {
  if (seconds < 0.1) return 'under 0.1 s';
  if (seconds < 90) return `about ${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  return `about ${Math.round(seconds / 60)} min`;
}

const grouped = (n) => Number(n).toLocaleString('en-US');

// ---------- setup ----------

async function boot() {
  const params = new URLSearchParams(location.search);
  try {
    lab = await ThreadLab.create({ onRestart: onPoolRestart });
  } catch (e) {
    setPill('bad', 'Could not start the workers');
    setStatus(`The WebAssembly module failed to load: ${e.message}`, true);
    return;
  }
  workloads = lab.workloads;
  for (const w of workloads) workloadSelect.add(new Option(w.title, w.id));
  const wanted = workloads.find((w) => w.id === params.get('workload'));
  workloadSelect.value = (wanted ?? workloads[0]).id;
  showWorkload(params.get('size'));

  if (lab.isolated) {
    setPill('on', `${lab.threads} worker thread${lab.threads === 1 ? '' : 's'} · cross-origin isolated`);
    workersInput.value = params.get('workers') ?? String(lab.threads);
    workersInput.disabled = false;
    $('workers-hint').textContent = `1 to ${lab.threads} — this browser reports ${navigator.hardwareConcurrency} logical cores.`;
  } else {
    setPill('off', 'Threads off · not cross-origin isolated');
    $('isolation-banner').hidden = false;
    workersInput.value = '';
    workersInput.disabled = true;
    workersInput.placeholder = 'Threads are off';
    $('workers-hint').textContent = 'Needs cross-origin isolation (see the note above). The sequential run still works.';
    lanes.par.classList.add('off');
  }
  $('par-name').textContent = lab.isolated ? `${workersInput.value || 'N'} workers` : 'N workers';
  workloadSelect.disabled = false;
  runButton.disabled = false;
  document.body.dataset.ready = 'true';
}

function currentWorkload() {
  return workloads.find((w) => w.id === workloadSelect.value);
}

function showWorkload(size) {
  const w = currentWorkload();
  $('size-detail').textContent = w.size_label;
  sizeInput.value = size ?? String(w.default_size);
  $('lesson').textContent = w.lesson;
  $('python').textContent = w.python;
  updateSizeHint();
}

function updateSizeHint() {
  const w = currentWorkload();
  if (!w) return;
  const n = Number(sizeInput.value.replace(/[_,\s]/g, ''));
  const estimate = Number.isFinite(n) && n >= 1 && n <= w.max_size
    ? `One worker needs ${formatSeconds(w.ns_per_unit * n ** w.cost_exponent / 1e9)}. `
    : '';
  $('size-hint').textContent = `${estimate}Default ${grouped(w.default_size)}, at most ${grouped(w.max_size)}.`;
}

function setPill(kind, text) {
  const pill = $('pool-status');
  pill.className = `pill pill-${kind}`;
  pill.textContent = text;
}

function setStatus(text, bad = false) {
  const status = $('run-status');
  status.textContent = text;
  status.classList.toggle('bad', bad);
}

function onPoolRestart(why, ready) {
  setPill('wait', 'Restarting worker threads…');
  ready.then(
    () => setPill(lab.isolated ? 'on' : 'off', lab.isolated ? `${lab.threads} worker threads · cross-origin isolated` : 'Threads off · not cross-origin isolated'),
    (e) => setPill('bad', `Workers failed to restart: ${e.message}`),
  );
}

// ---------- errors next to fields ----------

const FIELD_INPUT = { size: sizeInput, workers: workersInput };

function clearErrors() {
  for (const [field, input] of Object.entries(FIELD_INPUT)) {
    input.removeAttribute('aria-invalid');
    $(`${field}-error`).hidden = true;
  }
  $('form-error').hidden = true;
}

function showErrors(errors) {
  const seen = new Set();
  const byField = {};
  for (const { field, message } of errors) {
    const key = `${field}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (byField[field] ??= []).push(message);
  }
  let first = null;
  for (const [field, messages] of Object.entries(byField)) {
    const input = FIELD_INPUT[field];
    const box = input ? $(`${field}-error`) : $('form-error');
    box.textContent = messages.join(' ');
    box.hidden = false;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
  }
  (first ?? runButton).focus();
  setStatus('Fix the highlighted field to run.', true);
}

// ---------- the race ----------

function resetLanes() {
  for (const lane of Object.values(lanes)) {
    setLane(lane, 0);
    lane.classList.remove('idle');
  }
  $('seq-time').textContent = '–';
  $('par-time').textContent = '–';
  for (const id of ['speedup', 'efficiency', 'agree']) {
    $(id).textContent = '–';
    $(id).className = '';
  }
  $('answer-box').hidden = true;
  $('picture').hidden = true;
  $('picture-figure').hidden = true;
  $('before-figure').hidden = true;
  $('data-in').hidden = true;
}

function setLane(lane, fraction) {
  const pct = Math.max(0, Math.min(100, fraction * 100));
  lane.querySelector('.fill').style.width = `${pct}%`;
  lane.querySelector('.track').setAttribute('aria-valuenow', pct.toFixed(0));
}

function animate() {
  if (!phase) return;
  const { done, total } = lab.progress();
  if (total > 0) setLane(phase.lane, done / total);
  phase.timeLabel.textContent = formatMs(performance.now() - phase.started);
  requestAnimationFrame(animate);
}

async function runPhase(request, lane, timeLabel) {
  phase = { lane, timeLabel, started: performance.now() };
  requestAnimationFrame(animate);
  try {
    return await lab.run(request, {
      onProgress: (done, total) => { if (phase?.lane === lane) setLane(lane, done / total); },
    });
  } finally {
    phase = null;
  }
}

async function onRun(event) {
  event.preventDefault();
  if (running || !lab) return;
  try {
    await experiment();
  } finally {
    // Lets tests (and embedding pages) wait for "this press of Run has ended".
    document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
  }
}

async function experiment() {
  clearErrors();
  const base = { workload: workloadSelect.value, size: sizeInput.value };
  const seqRequest = { ...base, mode: 'sequential' };
  const parRequest = lab.isolated ? { ...base, mode: 'parallel', workers: workersInput.value } : null;

  // Check both runs before starting either, so a bad worker count is reported
  // now and not after a long sequential run.
  const errors = [...await lab.check(seqRequest), ...(parRequest ? await lab.check(parRequest) : [])];
  if (errors.length) {
    showErrors(errors);
    return;
  }
  saveToUrl();

  setRunning(true);
  resetLanes();
  const w = currentWorkload();
  const workers = parRequest ? Number(String(parRequest.workers).replace(/[_,\s]/g, '')) : null;
  $('par-name').textContent = workers ? `${workers} worker${workers === 1 ? '' : 's'}` : 'N workers';

  setStatus(`Running ${w.title} on 1 worker…`);
  const seq = await runPhase(seqRequest, lanes.seq, $('seq-time'));
  if (!finishPhase(seq, lanes.seq, $('seq-time'))) return setRunning(false);

  let par = null;
  if (parRequest && cancelled) {
    setStatus('Cancelled. Nothing else is running; change the settings or run again.');
    return setRunning(false);
  }
  if (parRequest) {
    setStatus(`Running ${w.title} on ${workers} workers…`);
    par = await runPhase(parRequest, lanes.par, $('par-time'));
    if (!finishPhase(par, lanes.par, $('par-time'))) return setRunning(false);
  }
  showResult(seq, par);
  setRunning(false);
}

/** Shows how a phase ended; false when the run should stop here. */
function finishPhase(reply, lane, timeLabel) {
  if (reply.status === 'done') {
    timeLabel.textContent = formatMs(reply.elapsed_ms);
    setLane(lane, 1);
    return true;
  }
  timeLabel.textContent = '–';
  setLane(lane, 0);
  if (reply.status === 'cancelled' || cancelled) {
    setStatus('Cancelled. Nothing else is running; change the settings or run again.');
  } else if (reply.status === 'invalid') {
    showErrors(reply.errors);
  } else {
    setStatus(reply.message ?? 'The run failed.', true);
  }
  return false;
}

function showResult(seq, par) {
  const w = currentWorkload();
  $('answer').textContent = seq.answer.display;
  $('answer-box').hidden = false;
  const shown = (par ?? seq).answer;
  if (shown.image) drawImage($('picture'), shown.image.bitmap);
  $('picture-figure').hidden = !shown.image;
  if (shown.before) drawImage($('before'), shown.before.bitmap);
  $('before-figure').hidden = !shown.before;
  $('picture-caption').textContent = shown.before ? 'After' : 'Result';
  if (seq.data_in) {
    const d = (par ?? seq).data_in;
    $('data-in').textContent = `Getting the data in (each run): the ${(d.bytes / 1e6).toFixed(1)} MB array was made in JavaScript in ${formatMs(d.created_ms)} ` +
      `and copied into wasm memory in ${formatMs(d.copied_ms)} — the browser's version of pickling it to worker processes. The times above are the sums alone.`;
    $('data-in').hidden = false;
  }

  if (!par) {
    setLane(lanes.seq, 1);
    $('speedup').textContent = 'n/a';
    $('efficiency').textContent = 'n/a';
    $('agree').textContent = 'n/a';
    $('share').hidden = true;
    setStatus(`Done: one worker took ${formatMs(seq.elapsed_ms)}. Threads are off, so there is nothing to race.`);
    addHistory(w, seq, null);
    return;
  }
  // Scale the lanes to time: the slower run fills its track.
  const slowest = Math.max(seq.elapsed_ms, par.elapsed_ms);
  setLane(lanes.seq, seq.elapsed_ms / slowest);
  setLane(lanes.par, par.elapsed_ms / slowest);

  const speedup = seq.elapsed_ms / par.elapsed_ms;
  const efficiency = speedup / par.workers;
  const agree = seq.answer.value === par.answer.value;
  $('speedup').textContent = `${speedup.toFixed(2)}×`;
  $('efficiency').textContent = `${Math.round(efficiency * 100)}%`;
  $('agree').textContent = agree ? 'Yes ✓' : 'No ✗';
  $('agree').className = agree ? 'yes' : 'no';
  if (!agree) $('answer').textContent = `1 worker: ${seq.answer.display} — ${par.workers} workers: ${par.answer.display}`;

  const bars = $('share-bars');
  bars.replaceChildren(...par.blocks_per_worker.map((blocks, i) => {
    const span = document.createElement('span');
    span.style.flexGrow = String(Math.max(blocks, 0.001));
    span.textContent = `#${i + 1}: ${blocks}`;
    span.title = `Worker ${i + 1} computed ${blocks} of ${par.blocks} blocks`;
    return span;
  }));
  $('share').hidden = false;

  setStatus(`Done: ${par.workers} workers finished in ${formatMs(par.elapsed_ms)}, one worker in ${formatMs(seq.elapsed_ms)}.`);
  addHistory(w, seq, par);
}

function drawImage(canvas, bitmap) {
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d').drawImage(bitmap, 0, 0);
  canvas.hidden = false;
}

function addHistory(w, seq, par) {
  const cells = [
    w.title,
    grouped(sizeInput.value.replace(/[_,\s]/g, '')),
    par ? String(par.workers) : '–',
    formatMs(seq.elapsed_ms),
    par ? formatMs(par.elapsed_ms) : 'threads off',
    par ? `${(seq.elapsed_ms / par.elapsed_ms).toFixed(2)}×` : '–',
    par ? `${Math.round(seq.elapsed_ms / par.elapsed_ms / par.workers * 100)}%` : '–',
    par ? (seq.answer.value === par.answer.value ? 'yes' : 'NO') : '–',
  ];
  const row = document.createElement('tr');
  for (const text of cells) row.insertCell().textContent = text;
  $('history').tBodies[0].prepend(row);
  $('history').hidden = false;
  $('history-empty').hidden = true;
}

function setRunning(on) {
  running = on;
  cancelled = false;
  runButton.disabled = on;
  cancelButton.disabled = !on;
  workloadSelect.disabled = on;
  sizeInput.readOnly = on;
  workersInput.readOnly = on;
  form.setAttribute('aria-busy', String(on));
  if (on) cancelButton.focus();
  else if (document.activeElement === cancelButton || document.activeElement === document.body) runButton.focus();
}

function cancelRun() {
  if (!running) return;
  cancelled = true;
  setStatus('Cancelling…');
  lab.cancel();
}

function saveToUrl() {
  const params = new URLSearchParams({ workload: workloadSelect.value, size: sizeInput.value });
  if (lab.isolated) params.set('workers', workersInput.value);
  history.replaceState(null, '', `?${params}`);
}

// ---------- wiring ----------

form.addEventListener('submit', onRun);
cancelButton.addEventListener('click', cancelRun);
document.addEventListener('keydown', (e) => { if (e.key === 'Escape') cancelRun(); });
workloadSelect.addEventListener('change', () => { clearErrors(); showWorkload(); });
sizeInput.addEventListener('input', updateSizeHint);
workersInput.addEventListener('input', () => {
  const n = Number(workersInput.value);
  if (Number.isInteger(n) && n >= 1 && n <= lab.threads) $('par-name').textContent = `${n} worker${n === 1 ? '' : 's'}`;
});

boot();
