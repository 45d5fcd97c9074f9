// The embeddable demo (embed.html): a compact race of 1 worker against N,
// configured by its URL, that fits its iframe and answers its parent page.
//
//   embed.html?workload=mandelbrot&size=900&workers=4&theme=dark&id=demo-1
//
// To the parent it (1) reports its height on every change, as
// {type: "threadlab:resize", id, height}, so the iframe can fit its content,
// and (2) exposes a promise-based API over Comlink (see threadlab-embed.js,
// which wraps it as <threadlab-demo> and connect()).
import * as Comlink from './vendor/comlink.mjs';
import { ThreadLab } from './lab-client.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const instance = params.get('id') ?? '';
const headless = params.get('headless') === '1';
document.documentElement.dataset.theme = ['light', 'dark'].includes(params.get('theme')) ? params.get('theme') : 'auto';

let lab = null;
let workload = null;
let running = false;
let phase = null;

const clean = (text) => String(text).replace(/[_,\s]/g, '');
const fmt = (ms) => (ms < 1000 ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms` : `${(ms / 1000).toFixed(2)} s`);

function post(message) {
  if (window.parent !== window) window.parent.postMessage({ ...message, id: instance }, '*');
}

// ---------- the API the parent page calls ----------

const api = {
  /** Isolation and pool size of this demo's frame. */
  async info() {
    await ready;
    return { isolated: lab.isolated, threads: lab.threads, hardwareConcurrency: navigator.hardwareConcurrency };
  },
  async workloads() { await ready; return lab.workloads; },
  async check(request) { await ready; return lab.check(request); },
  /** Runs one request; resolves to a RunReply (never rejects for bad input). */
  async run(request) {
    await ready;
    const reply = await lab.run(request);
    return transferImages(reply);
  },
  /** The race: sequential, then parallel on `workers`; resolves to both replies and the comparison. */
  async race(request) {
    await ready;
    const sequential = await lab.run({ ...request, mode: 'sequential' });
    if (sequential.status !== 'done' || !lab.isolated) return { sequential, parallel: null };
    const parallel = await lab.run({ ...request, mode: 'parallel', workers: request.workers ?? lab.threads });
    if (parallel.status !== 'done') return { sequential, parallel };
    const speedup = sequential.elapsed_ms / parallel.elapsed_ms;
    return transferImages({ sequential, parallel, speedup, efficiency: speedup / parallel.workers, agree: sequential.answer.value === parallel.answer.value });
  },
  cancel() { lab?.cancel(); },
};

function transferImages(value) {
  const bitmaps = [];
  const visit = (v) => {
    if (v && typeof v === 'object') {
      if (v instanceof ImageBitmap) bitmaps.push(v);
      else for (const x of Object.values(v)) visit(x);
    }
  };
  visit(value);
  return Comlink.transfer(value, bitmaps);
}

if (window.parent !== window) Comlink.expose(api, Comlink.windowEndpoint(window.parent));

// ---------- the visible demo ----------

const ready = (async () => {
  lab = await ThreadLab.create();
  const list = lab.workloads;
  workload = list.find((w) => w.id === params.get('workload')) ?? list[0];
  if (headless) return;
  $('demo-title').textContent = workload.title;
  $('size').value = params.get('size') ?? String(workload.default_size);
  $('size').title = workload.size_label;
  const open = new URL('index.html', location.href);
  open.search = new URLSearchParams({ workload: workload.id, size: $('size').value }).toString();
  $('open-full').href = open.href;
  if (lab.isolated) {
    $('pool-status').textContent = `${lab.threads} threads`;
    $('workers').value = params.get('workers') ?? String(lab.threads);
    $('par-name').textContent = `${$('workers').value} workers`;
  } else {
    $('pool-status').textContent = 'threads off';
    $('pool-status').classList.add('off');
    $('workers').value = '';
    $('workers').disabled = true;
    $('workers').placeholder = 'off';
    $('lane-par').hidden = true;
    $('isolation-note').textContent = 'Threads are off: the browser did not make this frame cross-origin isolated (no SharedArrayBuffer), so only the one-worker run is shown.';
    $('isolation-note').hidden = false;
  }
  $('run').disabled = false;
  document.body.dataset.ready = 'true';
})();

ready.catch((e) => {
  $('pool-status').textContent = 'failed';
  $('result').textContent = `The demo could not start: ${e.message}`;
});

function setLane(lane, fraction) {
  const pct = Math.max(0, Math.min(100, fraction * 100));
  $(lane).querySelector('.fill').style.width = `${pct}%`;
  $(lane).querySelector('.track').setAttribute('aria-valuenow', pct.toFixed(0));
}

function animate() {
  if (!phase) return;
  const { done, total } = lab.progress();
  if (total) setLane(phase, done / total);
  requestAnimationFrame(animate);
}

async function runPhase(request, lane) {
  phase = lane;
  requestAnimationFrame(animate);
  try {
    return await lab.run(request, { onProgress: (d, t) => setLane(lane, d / t) });
  } finally {
    phase = null;
  }
}

function showErrors(errors) {
  for (const { field, message } of errors) {
    const box = $(`${field}-error`) ?? $('size-error');
    box.textContent = message;
    box.hidden = false;
    $(field)?.setAttribute('aria-invalid', 'true');
  }
  $('result').textContent = '';
}

async function onRun(event) {
  event.preventDefault();
  if (running) return;
  for (const f of ['size', 'workers']) { $(`${f}-error`).hidden = true; $(f).removeAttribute('aria-invalid'); }
  const base = { workload: workload.id, size: $('size').value };
  const par = lab.isolated ? { ...base, mode: 'parallel', workers: $('workers').value } : null;
  const errors = [...await lab.check({ ...base, mode: 'sequential' }), ...(par ? await lab.check(par) : [])];
  const unique = errors.filter((e, i) => errors.findIndex((f) => f.field === e.field && f.message === e.message) === i);
  if (unique.length) return showErrors(unique);
  running = true;
  $('run').disabled = true;
  $('cancel').disabled = false;
  setLane('lane-seq', 0); setLane('lane-par', 0);
  $('seq-time').textContent = '…'; $('par-time').textContent = '';
  $('result').textContent = 'Running on 1 worker…';
  try {
    const seq = await runPhase({ ...base, mode: 'sequential' }, 'lane-seq');
    if (seq.status !== 'done') return finish(seq);
    $('seq-time').textContent = fmt(seq.elapsed_ms);
    if (!par) {
      $('result').textContent = `One worker: ${fmt(seq.elapsed_ms)}. ${seq.answer.display}`;
      return draw(seq);
    }
    $('par-name').textContent = `${clean(par.workers)} workers`;
    $('result').textContent = `Running on ${clean(par.workers)} workers…`;
    $('par-time').textContent = '…';
    const p = await runPhase(par, 'lane-par');
    if (p.status !== 'done') return finish(p);
    $('par-time').textContent = fmt(p.elapsed_ms);
    const slowest = Math.max(seq.elapsed_ms, p.elapsed_ms);
    setLane('lane-seq', seq.elapsed_ms / slowest);
    setLane('lane-par', p.elapsed_ms / slowest);
    const speedup = seq.elapsed_ms / p.elapsed_ms;
    const agree = seq.answer.value === p.answer.value;
    $('result').innerHTML = '';
    const strong = document.createElement('strong');
    strong.textContent = `${speedup.toFixed(2)}× faster`;
    $('result').append(strong, ` on ${p.workers} workers (efficiency ${Math.round((speedup / p.workers) * 100)}%); results ${agree ? 'agree' : 'DIFFER'}.`);
    draw(p);
  } finally {
    running = false;
    $('run').disabled = false;
    $('cancel').disabled = true;
    document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
  }
}

function finish(reply) {
  if (reply.status === 'invalid') showErrors(reply.errors);
  else $('result').textContent = reply.status === 'cancelled' ? 'Cancelled.' : reply.message;
}

function draw(reply) {
  const image = reply.answer.image;
  $('picture').hidden = !image;
  if (!image) return;
  $('picture').width = image.width;
  $('picture').height = image.height;
  $('picture').getContext('2d').drawImage(image.bitmap, 0, 0);
}

$('demo-form').addEventListener('submit', onRun);
$('cancel').addEventListener('click', () => lab?.cancel());
document.addEventListener('keydown', (e) => { if (e.key === 'Escape') lab?.cancel(); });

// Tell the parent our height whenever it changes, so its iframe fits.
new ResizeObserver(() => post({ type: 'threadlab:resize', height: Math.ceil(document.documentElement.getBoundingClientRect().height) }))
  .observe(document.documentElement);
ready.then(() => post({ type: 'threadlab:ready' }), () => post({ type: 'threadlab:ready', failed: true }));
