// The output of a Python run as it is printed (./runner.js feeds it).
//
// The output is a column of blocks of a few KB each, so that appending lays
// out only the last block, not all the text so far (a block that kept
// growing made each frame lay out all of it: 30-80 ms a frame by the end of
// a 350 KB flood). A flood is drawn over many frames, each taking as many
// characters as about STEP_MS of appending and layout allows, measured on
// the frame before: 0.2 ms per KB on our 2-core hosts, 1.3 ms per KB with
// the CPU throttled 4x.
import { el } from '../../lib/dom.js';

/** @typedef {import('../../pkg/threadlab.js').PyOutput} PyOutput */

/** The work one step aims at: appending plus the layout it causes. */
const STEP_MS = 8;
/** Characters a step takes at first, and the bounds it adapts between. */
const FIRST_BUDGET = 4096;
const MIN_BUDGET = 512;
const MAX_BUDGET = 65_536;
/** Characters a block of output holds before the next line starts a new one. */
const BLOCK_CHARS = 2048;

/**
 * The next step's budget from this step's: its characters and its cost.
 * @param {number} budget @param {number} used @param {number} ms
 */
function nextBudget(budget, used, ms) {
  if (used < budget / 2 || ms <= 0) return budget; // a small step says little
  const scaled = (budget * STEP_MS) / ms;
  // Shrink at once when a step ran long; grow by at most half per step.
  return Math.round(Math.min(MAX_BUDGET, Math.max(MIN_BUDGET, Math.min(scaled, budget * 1.5))));
}

/**
 * The blocks of `output`: `put` appends to the last block, or starts one.
 * A block ends where a line ends once it holds BLOCK_CHARS (so a step lays
 * out only the blocks it writes), and mid-line at 4× that (one line of a
 * megabyte would otherwise be laid out whole at every step; it wraps there
 * anyway).
 * @param {HTMLElement} output
 */
function outputBlocks(output) {
  /** The block text goes in, and what it holds. @type {HTMLElement | null} */
  let block = null;
  let blockChars = 0;
  let openLine = false;
  return {
    /** @param {PyOutput['stream']} stream @param {string} text */
    put(stream, text) {
      while (text) {
        if (!block || (!openLine && blockChars >= BLOCK_CHARS) || blockChars >= 4 * BLOCK_CHARS) {
          block = output.appendChild(el('div', { class: 'py-chunk' }));
          blockChars = 0;
        }
        // This block takes the text up to the first line end past BLOCK_CHARS.
        const lineEnd = text.indexOf('\n', Math.max(0, BLOCK_CHARS - blockChars - 1));
        const end = Math.min(lineEnd < 0 ? text.length : lineEnd + 1, 4 * BLOCK_CHARS - blockChars);
        const piece = text.slice(0, end);
        text = text.slice(end);
        const last = /** @type {HTMLElement | null} */ (block.lastElementChild);
        if (last && last.dataset.stream === stream) last.append(piece);
        else block.append(el('span', { class: `py-${stream}`, 'data-stream': stream, text: piece }));
        blockChars += piece.length;
        openLine = !piece.endsWith('\n');
      }
    },
    /** Empties `output`. */
    clear() {
      output.replaceChildren();
      block = null;
      blockChars = 0;
      openLine = false;
    },
  };
}

/**
 * @param {HTMLElement} output  the `<pre>` the blocks go in
 * @param {() => boolean} gone  the part was destroyed: stop drawing
 */
export function outputPane(output, gone) {
  const blocks = outputBlocks(output);
  /** Printed, not yet on the page. @type {PyOutput[]} */
  let pending = [];
  /** @type {(() => void)[]} */
  let drainWaiters = [];
  let pumping = false;
  let stepBudget = FIRST_BUDGET;

  /** Moves up to `stepBudget` characters onto the page. */
  const pump = () => {
    pumping = false;
    if (gone()) return;
    const t0 = performance.now();
    const atBottom = output.scrollHeight - output.scrollTop - output.clientHeight < 24;
    let budget = stepBudget;
    while (pending.length && budget > 0) {
      const next = /** @type {PyOutput} */ (pending[0]);
      let text = next.text;
      if (text.length > budget) {
        // Cut after the last newline within the budget where there is one.
        const cut = text.lastIndexOf('\n', budget - 1);
        text = text.slice(0, cut >= 0 ? cut + 1 : budget);
        next.text = next.text.slice(text.length);
      } else {
        pending.shift();
      }
      budget -= text.length;
      blocks.put(next.stream, text);
    }
    // Reading scrollHeight lays the new text out now, so the step's cost is
    // measured whole; the frame would lay it out anyway.
    if (atBottom) output.scrollTop = output.scrollHeight;
    else void output.scrollHeight;
    stepBudget = nextBudget(stepBudget, stepBudget - budget, performance.now() - t0);
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
      blocks.clear();
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
