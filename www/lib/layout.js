// The one reader of threadlab's shared memory. Every offset, word index and
// encoding comes from Rust (`layout()`, src/layout.rs); nothing here is a
// number written by hand, so Rust and JavaScript cannot drift apart.

/** @typedef {import('../types/Layout').Layout} Layout */

/**
 * The control block as an Int32Array. Re-made on every call: the memory's
 * buffer is replaced when it grows.
 * @param {WebAssembly.Memory} memory
 * @param {Layout} layout
 */
export function controlWords(memory, layout) {
  const { address, words } = layout.control;
  return new Int32Array(memory.buffer, address, words);
}

/**
 * `{done, total}` blocks of the current phase.
 * @param {WebAssembly.Memory} memory
 * @param {Layout} layout
 */
export function readProgress(memory, layout) {
  const words = controlWords(memory, layout);
  return { done: Atomics.load(words, layout.control.done), total: Atomics.load(words, layout.control.total) };
}

/**
 * Raises the cancel flag: every worker stops after its current block or wait.
 * @param {WebAssembly.Memory} memory
 * @param {Layout} layout
 */
export function raiseCancel(memory, layout) {
  Atomics.store(controlWords(memory, layout), layout.control.cancel, 1);
}

/**
 * The first panic's message, or null while no thread of the instance panicked.
 * @param {WebAssembly.Memory} memory
 * @param {Layout} layout
 * @returns {string | null}
 */
export function readPanic(memory, layout) {
  const { address, flag_word, length_word, message_offset, max_bytes } = layout.panic;
  const words = new Int32Array(memory.buffer, address, Math.max(flag_word, length_word) + 1);
  if (Atomics.load(words, flag_word) === 0) return null;
  const length = Math.min(Atomics.load(words, length_word), max_bytes);
  // Copy first: TextDecoder refuses views of shared memory.
  const bytes = new Uint8Array(memory.buffer, address + message_offset, length).slice();
  return new TextDecoder().decode(bytes);
}

/**
 * Items of the current task list in the order they finished so far.
 * @param {WebAssembly.Memory} memory
 * @param {Layout} layout
 * @returns {{index: number, ok: boolean}[]}
 */
export function readCompletions(memory, layout) {
  const { address, words, empty, bias } = layout.completions;
  const list = new Uint32Array(memory.buffer, address, words);
  const done = [];
  for (let i = 0; i < words; i++) {
    const word = Atomics.load(list, i);
    if (word === empty) break;
    const code = word - bias;
    done.push({ index: code >> 1, ok: (code & 1) === 0 });
  }
  return done;
}
