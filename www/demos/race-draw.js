// What a race shows (./race.js runs it, ./race-view.js holds the form): the
// lanes as the phases end, the speedup, efficiency and agreement, the blocks
// each worker computed, the pictures, the history row and the sentence on
// overhead. Drawing only: nothing here asks the pool for anything.
import { el } from '../lib/dom.js';
import { grouped, ms, percent, times } from '../lib/format.js';
import { clean, reportErrors, setTrack } from './parts.js';

/** @typedef {import('./race-view.js').RaceView} RaceView */
/** @typedef {import('../lib/client.js').RunReply} RunReply */
/** @typedef {import('../types/RunDone').RunDone & {status: 'done', data_in?: {created_ms: number, copied_ms: number | undefined, bytes: number}}} Done */
/** @typedef {{width: number, height: number, bitmap: ImageBitmap}} Picture */

export const CANCELLED_TEXT = 'Cancelled. Nothing else is running; change the settings or run again.';

/** Empties the lanes and figures before a race. @param {RaceView} view */
export function resetResult({ $, lanes }) {
  for (const lane of Object.values(lanes)) setTrack(lane, 0);
  $('seq-time').textContent = '–';
  $('par-time').textContent = '–';
  for (const id of ['speedup', 'efficiency', 'agree']) {
    $(id).textContent = '–';
    $(id).className = '';
  }
  for (const id of ['answer-box', 'picture', 'picture-figure', 'before-figure', 'data-in', 'overhead'])
    $(id).hidden = true;
}

/**
 * Shows how a phase ended; false when the race stops here.
 * @param {RaceView} view @param {RunReply} reply @param {HTMLElement} lane @param {HTMLElement} label @param {AbortSignal} signal
 */
export function phaseEnded(view, reply, lane, label, signal) {
  if (reply.status === 'done') {
    label.textContent = ms(reply.elapsed_ms);
    setTrack(lane, 1);
    return true;
  }
  label.textContent = '–';
  setTrack(lane, 0);
  if (reply.status === 'cancelled' || signal.aborted) view.setStatus(CANCELLED_TEXT);
  else if (reply.status === 'invalid') reportErrors(view.root, reply.errors, view.$('form-error'), view.setStatus);
  else view.setStatus(reply.message ?? 'The run failed.', true);
  return false;
}

/**
 * The answer, the pictures, the figures and the history row of a race
 * (`par` null: threads are off, one lane ran).
 * @param {RaceView} view @param {Done} seq @param {Done | null} par
 */
export function showResult(view, seq, par) {
  const { $, lanes, compact } = view;
  const title = view.current().title;
  $('answer').textContent = seq.answer.display;
  $('answer-box').hidden = false;
  showPictures(view, (par ?? seq).answer);
  showDataIn(view, (par ?? seq).data_in);
  if (!par) {
    setTrack(lanes.seq, 1);
    for (const id of ['speedup', 'efficiency', 'agree']) $(id).textContent = 'n/a';
    $('share').hidden = true;
    view.setStatus(
      compact
        ? `One worker: ${ms(seq.elapsed_ms)}. ${seq.answer.display}`
        : `Done: one worker took ${ms(seq.elapsed_ms)}. Threads are off, so there is nothing to race.`,
    );
    addHistory(view, title, seq, null);
    return;
  }
  // Scale the lanes to time: the slower run fills its track.
  const slowest = Math.max(seq.elapsed_ms, par.elapsed_ms);
  setTrack(lanes.seq, seq.elapsed_ms / slowest);
  setTrack(lanes.par, par.elapsed_ms / slowest);
  const speedup = seq.elapsed_ms / par.elapsed_ms;
  const agree = seq.answer.value === par.answer.value;
  $('speedup').textContent = times(speedup);
  $('efficiency').textContent = percent(speedup / par.workers);
  $('agree').textContent = agree ? 'Yes ✓' : 'No ✗';
  $('agree').className = agree ? 'yes' : 'no';
  if (!agree)
    $('answer').textContent = `1 worker: ${seq.answer.display} — ${par.workers} workers: ${par.answer.display}`;
  $('share-bars').replaceChildren(
    ...par.blocks_per_worker.map((blocks, i) => {
      const span = el('span', {
        text: `#${i + 1}: ${blocks}`,
        title: `Worker ${i + 1} computed ${blocks} of ${par.blocks} blocks`,
      });
      span.style.flexGrow = String(Math.max(blocks, 0.001));
      return span;
    }),
  );
  $('share').hidden = false;
  view.setStatus(
    compact
      ? `${times(speedup)} faster on ${par.workers} workers (efficiency ${Math.round((100 * speedup) / par.workers)}%); results ${agree ? 'agree' : 'DIFFER'}.`
      : `Done: ${par.workers} workers finished in ${ms(par.elapsed_ms)}, one worker in ${ms(seq.elapsed_ms)}.`,
  );
  addHistory(view, title, seq, par);
}

/** What getting an array workload's data in cost. @param {RaceView} view @param {Done['data_in']} d */
function showDataIn({ $ }, d) {
  if (!d) return;
  $('data-in').textContent =
    `Getting the data in (each run): the ${(d.bytes / 1e6).toFixed(1)} MB array was made in JavaScript in ${ms(d.created_ms)} ` +
    `and copied into wasm memory in ${ms(d.copied_ms ?? NaN)} — the browser's version of pickling it to worker processes. The times above are the sums alone.`;
  $('data-in').hidden = false;
}

/**
 * Why k workers were not much faster than one, given what an empty parallel
 * run costs here (`cost`).
 * @param {RaceView} view @param {Done} seq @param {Done} par @param {number} cost
 */
export function showOverhead({ $ }, seq, par, cost) {
  const k = par.workers;
  const ideal = seq.elapsed_ms / k,
    lost = par.elapsed_ms - ideal;
  const larger = 10 ** Math.max(1, Math.ceil(Math.log10((20 * cost) / Math.max(seq.elapsed_ms, 1e-3))));
  $('overhead').textContent =
    cost >= lost / 2
      ? `Overhead dominates: this job takes ${ms(seq.elapsed_ms)} on one worker, and just handing work to ${k} workers and ` +
        `collecting it costs about ${ms(cost)} (an empty parallel run, measured here), so ${k} workers cannot win — try a size about ${grouped(larger)}× larger.`
      : `Not the hand-out: an empty parallel run takes only ${ms(cost)} here, yet the ${k} workers needed ${ms(lost)} more than their ideal ${ms(ideal)}, ` +
        'so something else slowed them down — other programs busy on the same cores, or a first run warming up; run it again to see.';
  $('overhead').hidden = false;
}

/** @param {RaceView} view @param {import('../types/Answer').Answer} answer */
function showPictures({ $ }, answer) {
  const image = /** @type {Picture | null} */ (/** @type {unknown} */ (answer.image));
  const before = /** @type {Picture | null} */ (/** @type {unknown} */ (answer.before));
  if (image) drawImage(/** @type {HTMLCanvasElement} */ ($('picture')), image.bitmap);
  $('picture-figure').hidden = !image;
  if (before) drawImage(/** @type {HTMLCanvasElement} */ ($('before')), before.bitmap);
  $('before-figure').hidden = !before;
  $('picture-caption').textContent = before ? 'After' : 'Result';
}

/** @param {HTMLCanvasElement} canvas @param {ImageBitmap} bitmap */
function drawImage(canvas, bitmap) {
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  canvas.hidden = false;
}

/** @param {RaceView} view @param {string} title @param {Done} seq @param {Done | null} par */
function addHistory({ $, optional, sizeInput }, title, seq, par) {
  const table = /** @type {HTMLTableElement | null} */ (optional('history'));
  if (!table) return;
  const speedup = par ? seq.elapsed_ms / par.elapsed_ms : NaN;
  const size = Number(clean(sizeInput.value));
  const cells = [
    title,
    grouped(Number.isSafeInteger(size) ? size : sizeInput.value),
    par ? String(par.workers) : '–',
    ms(seq.elapsed_ms),
    par ? ms(par.elapsed_ms) : 'threads off',
    par ? times(speedup) : '–',
    par ? percent(speedup / par.workers) : '–',
    par ? (seq.answer.value === par.answer.value ? 'yes' : 'NO') : '–',
  ];
  const row = table.tBodies[0].insertRow(0);
  for (const text of cells) row.insertCell().textContent = text;
  table.hidden = false;
  $('history-empty').hidden = true;
}
