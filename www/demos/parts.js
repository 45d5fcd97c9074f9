// Pieces the workload demos (race, sweep) share: finding their own elements,
// the status line, field errors, progress tracks and the workload menu. A
// press of Run, its end and Escape to cancel are ../lib/lifecycle.js's.
import { focusHere } from '../lib/dom.js';
import { clearErrors, showErrors } from '../lib/form.js';
import { grouped, roughSeconds } from '../lib/format.js';

/** @typedef {import('../types/WorkloadInfo').WorkloadInfo} WorkloadInfo */
/** @typedef {import('../types/InputError').InputError} InputError */

/** "1_000 000" → "1000000": how sizes are compared and counted. @param {string | number} text */
export const clean = (text) => String(text).replace(/[_,\s]/g, '');

/**
 * A lookup of the demo's own elements by unprefixed id.
 * @param {HTMLElement} root
 * @param {string} prefix
 */
export function finder(root, prefix) {
  /**
   * @template {HTMLElement} [T=HTMLElement]
   * @param {string} id
   * @returns {T}
   */
  const $ = (id) => {
    const found = root.querySelector(`[id="${prefix}${id}"]`);
    if (!found) throw new Error(`no #${prefix}${id} in this demo`);
    return /** @type {T} */ (found);
  };
  return $;
}

/**
 * The status line.
 * @param {HTMLElement} status
 */
export function statusLine(status) {
  return (/** @type {string} */ text, bad = false) => {
    status.textContent = text;
    status.classList.toggle('bad', bad);
  };
}

/**
 * Shows each error once, next to its field (errors of no field go to
 * `formError`), focuses the first field to fix and says so in the status.
 * @param {HTMLElement} root
 * @param {InputError[]} errors
 * @param {HTMLElement} formError
 * @param {(text: string, bad?: boolean) => void} setStatus
 */
export function reportErrors(root, errors, formError, setStatus) {
  const seen = new Set();
  const unique = errors.filter((e) => !seen.has(`${e.field}:${e.message}`) && seen.add(`${e.field}:${e.message}`));
  formError.textContent = '';
  showErrors(root, unique, formError);
  formError.hidden = formError.textContent === '';
  if (!root.querySelector('[aria-invalid="true"]'))
    focusHere(/** @type {HTMLElement | null} */ (root.querySelector('button[type=submit]')));
  setStatus('Fix the highlighted field to run.', true);
}

/** @param {HTMLElement} root @param {HTMLElement} formError */
export function hideErrors(root, formError) {
  clearErrors(root);
  formError.hidden = true;
}

/**
 * Sets a progress track (`.track` with a `.fill` inside, or an element containing one).
 * @param {HTMLElement} holder
 * @param {number} fraction  0..1
 */
export function setTrack(holder, fraction) {
  const track = /** @type {HTMLElement} */ (
    holder.classList.contains('track') ? holder : holder.querySelector('.track')
  );
  const pct = Math.max(0, Math.min(100, fraction * 100));
  /** @type {HTMLElement} */ (track.querySelector('.fill')).style.width = `${pct}%`;
  track.setAttribute('aria-valuenow', pct.toFixed(0));
}

/**
 * Fills the workload menu and selects the wanted one (or the first).
 * @param {HTMLSelectElement} select
 * @param {WorkloadInfo[]} workloads
 * @param {string | undefined} wanted
 */
export function fillWorkloads(select, workloads, wanted) {
  select.replaceChildren(...workloads.map((w) => new Option(w.title, w.id)));
  select.value = (workloads.find((w) => w.id === wanted) ?? workloads[0]).id;
}

/**
 * "One worker needs about 3 s. Default 10,000,000, at most 2,000,000,000."
 * @param {WorkloadInfo} w
 * @param {string} size  as typed
 * @param {number} units  how many one-worker runs the estimate covers (1 for a single run)
 * @param {string} lead  the estimate's first words
 */
export function sizeHint(w, size, units, lead) {
  const n = Number(clean(size));
  const estimate =
    Number.isFinite(n) && n >= 1 && n <= w.max_size
      ? `${lead} ${roughSeconds(((w.ns_per_unit * n ** w.cost_exponent) / 1e9) * units)}. `
      : '';
  return `${estimate}Default ${grouped(w.default_size)}, at most ${grouped(w.max_size)}.`;
}
