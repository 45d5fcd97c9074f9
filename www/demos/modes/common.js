// What the modes demos (table, gil-switch, faults, moving-data) share: their
// fields and checking them through Rust; a press of Run goes through
// ../../lib/lifecycle.js like every demo's.
// Nothing here keeps state between calls: every demo gets its own objects.
import { el } from '../../lib/dom.js';
import { clearErrors, field, showErrors } from '../../lib/form.js';

/** @typedef {import('../../lib/client.js').PoolClient} PoolClient */
/** @typedef {import('../../types/Settings').Settings} Settings */
/** @typedef {import('../../types/ModesSettings').ModesSettings} ModesSettings */
/** @typedef {keyof Settings} Name */

/** Every field of the modes demos: its label and the page's default. */
export const FIELDS = /** @type {const} */ ({
  tasks: { label: 'Tasks', value: '8' },
  units: { label: 'CPU work per task (iterations)', value: '30_000_000' },
  wait_ms: { label: 'Wait per I/O task (ms)', value: '100' },
  http_ms: { label: 'HTTP delay (ms)', value: '100' },
  workers: { label: 'Workers (threads or processes)', value: '4' },
  switch_ms: { label: 'GIL switch interval (ms)', value: '5' },
  transfer_mb: { label: 'Array to send (MB)', value: '16' },
});

/**
 * An id inside a demo: `idPrefix + name` (just `name` on the full pages).
 * @param {string} idPrefix
 * @param {string} name
 */
export const idOf = (idPrefix, name) => `${idPrefix}${name}`;

/**
 * The fields `names` as a `.fields` grid, with values from `settings`, then
 * `defaults`, then FIELDS. Ids are `${uid}-${name}` (`name` when uid is '').
 * @param {Name[]} names
 * @param {string} uid
 * @param {Record<string, string>} settings
 * @param {Partial<Record<Name, string>>} [defaults]
 */
export function fieldGrid(names, uid, settings, defaults = {}) {
  return el(
    'div',
    { class: 'fields' },
    ...names.map((name) =>
      field({
        name,
        uid,
        label: FIELDS[name].label,
        value: settings[name] ?? defaults[name] ?? FIELDS[name].value,
      }),
    ),
  );
}

/**
 * The current values of the inputs under `root`, by name.
 * @param {HTMLElement} root
 * @param {Name[]} names
 * @returns {Record<string, string>}
 */
export function readFields(root, names) {
  /** @type {Record<string, string>} */ const out = {};
  for (const name of names) {
    const input = /** @type {HTMLInputElement | null} */ (root.querySelector(`input[name="${name}"]`));
    if (input) out[name] = input.value;
  }
  return out;
}

/**
 * Asks Rust whether the fields are fine; shows each refusal under its field.
 * Resolves to the accepted settings, or null when something was refused.
 *
 * Rust checks every field and answers with the checked `Settings` as
 * numbers (www/types/Settings.ts): the page never parses what was typed.
 * @param {PoolClient} client
 * @param {HTMLElement} root  where the fields are
 * @param {Name[]} names
 * @param {HTMLElement} status  errors about fields this demo does not show
 * @returns {Promise<Settings | null>}
 */
export async function acceptSettings(client, root, names, status) {
  const raw = readFields(root, names);
  const reply = await client.modesCheck(raw);
  status.classList.remove('bad');
  if (reply.status === 'invalid') {
    showErrors(root, reply.errors, status);
    return null;
  }
  clearErrors(root);
  if (reply.status !== 'done') return null;
  const { status: _done, ...settings } = reply;
  return settings;
}

/**
 * The object every modes demo returns from mount().
 * @param {{start: () => Promise<unknown>, run: import('../../lib/lifecycle.js').Lifecycle, root: HTMLElement, names: Name[],
 *   extra?: () => Record<string, string>, cleanup?: () => void}} parts
 * @returns {import('../registry.js').Demo}
 */
export function demoHandle({ start, run, root, names, extra, cleanup }) {
  return {
    run: start,
    cancel: () => run.cancel(),
    settings: () => ({ ...readFields(root, names), ...extra?.() }),
    destroy() {
      run.destroy();
      cleanup?.();
      root.remove();
    },
  };
}

/**
 * A card: `<section class="card">` with a heading whose id is prefixed.
 * @param {string} idPrefix
 * @param {string} id  the heading's id (without prefix)
 * @param {string} title
 * @param {string} demo  the demo's id, as data-demo
 */
export function card(idPrefix, id, title, demo) {
  const titleId = idOf(idPrefix, id);
  return el(
    'section',
    { class: 'card modes-demo', 'data-demo': demo, 'aria-labelledby': titleId },
    el('h2', { id: titleId, text: title }),
  );
}

/**
 * What the demos need to know about the client's pool, safe to ask while it
 * restarts (then `info` is null and threads count as off).
 * @param {PoolClient} client
 * @returns {{threaded: boolean, isolated: boolean, threads: number, info: import('../../lib/client.js').StartInfo | null}}
 */
export function poolState(client) {
  let info = null;
  try {
    info = client.info;
  } catch {
    /* restarting */
  }
  return { threaded: client.threaded, isolated: info?.isolated ?? false, threads: client.threads, info };
}

/**
 * The sentence to show when the client has no pool.
 * @param {PoolClient} client
 */
export const threadsOffText = (client) => client.why ?? 'Threads are off on this page.';
