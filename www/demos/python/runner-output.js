// The output of a Python run as it is printed (./runner.js feeds it).
//
// The output is a column of blocks, a new one per step that starts on a
// fresh line, so that appending lays out only the new block, not all the
// text so far; and at most OUT_BUDGET characters go in per step (a step
// per animation frame), so a flood of output is drawn over a few frames
// instead of in one long task.
import { el } from '../../lib/dom.js';

/** @typedef {import('../../pkg/threadlab.js').PyOutput} PyOutput */

const OUT_BUDGET = 16_384;

/**
 * @param {HTMLElement} output  the `<pre>` the blocks go in
 * @param {() => boolean} gone  the part was destroyed: stop drawing
 */
export function outputPane(output, gone) {
  let openLine = false;
  /** Printed, not yet on the page. @type {PyOutput[]} */
  let pending = [];
  /** @type {(() => void)[]} */
  let drainWaiters = [];
  let pumping = false;

  /** Moves up to OUT_BUDGET characters onto the page. */
  const pump = () => {
    pumping = false;
    if (gone()) return;
    const atBottom = output.scrollHeight - output.scrollTop - output.clientHeight < 24;
    let budget = OUT_BUDGET;
    let block = /** @type {HTMLElement | null} */ (output.lastElementChild);
    if (!block || !openLine) block = output.appendChild(el('div', { class: 'py-chunk' }));
    while (pending.length && budget > 0) {
      const next = /** @type {PyOutput} */ (pending[0]);
      let text = next.text;
      if (text.length > budget) {
        // Cut after a newline within the budget where there is one.
        const cut = text.lastIndexOf('\n', budget);
        text = text.slice(0, cut > 0 ? cut + 1 : budget);
        next.text = next.text.slice(text.length);
      } else {
        pending.shift();
      }
      budget -= text.length;
      const last = /** @type {HTMLElement | null} */ (block.lastElementChild);
      if (last && last.dataset.stream === next.stream) last.append(text);
      else block.append(el('span', { class: `py-${next.stream}`, 'data-stream': next.stream, text }));
      if (text) openLine = !text.endsWith('\n');
    }
    if (atBottom) output.scrollTop = output.scrollHeight;
    if (pending.length) schedule();
    else for (const w of drainWaiters.splice(0)) w();
  };
  const schedule = () => {
    if (pumping) return;
    pumping = true;
    // Animation frames pause in a background tab; output must still arrive.
    if (document.visibilityState === 'visible') requestAnimationFrame(pump);
    else setTimeout(pump, 0);
  };

  return {
    /** @param {PyOutput[]} chunks */
    append(chunks) {
      for (const c of chunks) if (c.text) pending.push({ ...c });
      if (pending.length) schedule();
    },
    /** Empties the pane for a new run. */
    clear() {
      output.replaceChildren();
      openLine = false;
      pending = [];
      for (const w of drainWaiters.splice(0)) w();
    },
    /** Resolves once everything printed so far is on the page. @returns {Promise<void>} */
    drained: () =>
      new Promise((resolve) => {
        if (pending.length) drainWaiters.push(() => resolve());
        else resolve();
      }),
  };
}
