// Checks an embed's attributes as soon as its demo is mounted, and shows what
// is wrong with the same one-line field errors the pages show, inside the
// demo: an unknown attribute name, and (where Rust can check settings
// without running) a value it would refuse.
import { showErrors } from './lib/form.js';

/** @typedef {import('./lib/client.js').PoolClient} PoolClient */
/** @typedef {import('./demos/registry.js').Demo} Demo */
/** @typedef {import('./types/InputError').InputError} InputError */

const MODES_DEMOS = ['modes', 'gil-switch', 'faults', 'moving-data'];
/** Settings of the modes demos that are not ModesSettings. */
const MODES_EXTRA = ['gil', 'fault'];

/**
 * The demo's setting names: what settings() reports and every named field.
 * @param {Demo} demo
 * @param {HTMLElement} body
 */
export function settingNames(demo, body) {
  const names = new Set(Object.keys(demo.settings()));
  for (const field of body.querySelectorAll('input[name], select[name]')) {
    const name = /** @type {HTMLInputElement} */ (field).name;
    if (!name.startsWith('_') && /** @type {HTMLInputElement} */ (field).type !== 'radio') names.add(name);
  }
  for (const radio of body.querySelectorAll('input[type="radio"][name]'))
    names.add(/** @type {HTMLInputElement} */ (radio).name);
  return [...names];
}

/**
 * @param {{demoId: string, client: PoolClient, demo: Demo, given: Record<string, string>, body: HTMLElement, line: HTMLElement}} parts
 * @returns {Promise<InputError[]>}
 */
export async function checkSettings({ demoId, client, demo, given, body, line }) {
  const known = settingNames(demo, body);
  /** @type {InputError[]} */
  const errors = Object.keys(given)
    .filter((name) => !known.includes(name))
    .map((name) => ({
      field: name,
      message: `Unknown attribute “${name}”: this demo takes ${known.map((k) => `“${k}”`).join(', ')}, theme and autorun.`,
    }));
  const current = demo.settings();
  if ((demoId === 'race' || demoId === 'sweep') && ['workload', 'size', 'workers'].some((k) => k in given)) {
    const request = {
      workload: current.workload,
      size: current.size,
      workers: current.workers ?? '1',
      mode: /** @type {const} */ ('parallel'),
    };
    errors.push(...(await client.check(request)).filter((e) => e.field in given));
  } else if (
    MODES_DEMOS.includes(demoId) &&
    Object.keys(given).some((k) => known.includes(k) && !MODES_EXTRA.includes(k))
  ) {
    const settings = Object.fromEntries(Object.entries(current).filter(([k]) => !MODES_EXTRA.includes(k)));
    const reply = await client.modesCheck(settings);
    if (reply.status === 'invalid') errors.push(...reply.errors);
  }
  const focused = document.activeElement;
  line.hidden = true;
  if (errors.length) {
    showErrors(body, errors, line);
    line.hidden = !line.textContent;
    // Errors are shown, not focused: the frame must not take the article's focus.
    if (document.activeElement !== focused) /** @type {HTMLElement} */ (document.activeElement)?.blur?.();
  }
  document.body.dataset.attributeErrors = String(errors.length);
  return errors;
}
