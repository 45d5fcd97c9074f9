// Moving data (demo id "moving-data"): the same array goes to a "process"
// (a worker with its own memory) and back three ways. A structured clone
// copies every byte (what pickling does for a process pool); a transfer
// hands the buffer over without copying, and the sender loses it meanwhile;
// shared memory sends only a handle — both sides see the same bytes, as
// threads do (only where the client has a pool: shared memory needs a
// cross-origin isolated page).
import { el } from '../../lib/dom.js';
import { uniqueId } from '../../lib/form.js';
import { megabytes, ms, rate } from '../../lib/format.js';
import { acceptSettings, card, demoHandle, fieldGrid, idOf } from './common.js';
import { lifecycle } from '../../lib/lifecycle.js';
import { ProcessPool } from './processes.js';
import { ensureProcesses, measureTransfer } from './runs.js';

/** @typedef {import('../registry.js').MountOptions} MountOptions */
/** @typedef {import('../registry.js').Demo} Demo */
/** @typedef {import('./common.js').Name} Name */

/** @type {Name[]} */
const NAMES = ['transfer_mb'];

/**
 * Fills the stats list with the three ways' rates and why each took what it did.
 * @param {HTMLElement} stats
 * @param {Awaited<ReturnType<typeof measureTransfer>>} t
 * @param {string | null | undefined} whyNoShared  why shared memory is off, when it is
 */
function showTransfer(stats, t, whyNoShared) {
  /** @param {string} label @param {{mb_s: number} | undefined} v @param {string} why */
  const item = (label, v, why) =>
    el(
      'div',
      {},
      el('dt', { text: label }),
      el('dd', {}, v ? rate(v.mb_s) : 'off', el('span', { class: 'why', text: why })),
    );
  stats.replaceChildren(
    item(
      'Structured clone',
      t.clone,
      `${ms(t.clone.ms)} for ${megabytes(t.bytes)} there and back: every byte copied twice`,
    ),
    item(
      'Transfer',
      t.transfer,
      `${ms(t.transfer.ms)}: the buffer moves, no copy${t.detached ? '; the sender’s array was empty meanwhile' : ''}`,
    ),
    item(
      'Shared memory',
      t.shared,
      t.shared
        ? `${ms(t.shared.ms)}: only a handle crosses, both sides see the same bytes`
        : (whyNoShared ?? 'needs shared memory'),
    ),
  );
}

/**
 * @param {HTMLElement} container
 * @param {MountOptions} options
 * @returns {Demo}
 */
export function mount(container, { client, settings = {}, idPrefix = uniqueId('moving') + '-' }) {
  const id = (/** @type {string} */ name) => idOf(idPrefix, name);
  const runButton = el('button', { id: id('transfer-run'), type: 'button', text: 'Send the array three ways' });
  const cancelButton = el('button', { id: id('transfer-cancel'), type: 'button', text: 'Cancel' });
  const status = el('p', { id: id('transfer-status'), role: 'status', 'aria-live': 'polite' });
  const stats = el('dl', { id: id('transfer'), class: 'stats transfer-stats' });
  const root = card(idPrefix, 'transfer-title', 'Moving data: copy, transfer, share', 'moving-data');
  const intro = el(
    'p',
    {},
    'The same array goes to a worker and back three ways. A ',
    el('strong', { text: 'structured clone' }),
    ' copies every byte (what pickling does for a process pool); a ',
    el('strong', { text: 'transfer' }),
    ' hands the buffer over without copying, and the sender loses it; ',
    el('strong', { text: 'shared memory' }),
    ' sends only a handle: both sides see the same bytes, as threads do.',
  );
  root.append(
    intro,
    el('div', { class: 'actions' }, fieldGrid(NAMES, `${idPrefix}moving`, settings), runButton, cancelButton),
    status,
    stats,
  );
  container.append(root);

  const pool = new ProcessPool();
  const run = lifecycle({
    root,
    replyStatus: false,
    buttons: [runButton],
    cancelButton,
    onCancel: () => pool.cancel(),
  });
  /** @param {string} text */
  const say = (text) => {
    status.textContent = text;
  };

  function start() {
    return run.start(async ({ signal }) => {
      say('');
      const s = await acceptSettings(client, root, NAMES, status);
      if (!s) return { status: 'invalid' };
      say(`Sending ${s.transfer_mb} MB…`);
      await ensureProcesses(pool, 1);
      const t = await measureTransfer(pool, s.transfer_mb, client.threaded, signal);
      showTransfer(stats, t, client.why);
      say('');
      root.dataset.last = JSON.stringify(t);
      return { status: 'done', ...t };
    }, say);
  }
  const onRun = () => {
    void start();
  };
  runButton.addEventListener('click', onRun);

  return demoHandle({ start, run, root, names: NAMES, cleanup: () => pool.end() });
}
