// Plain-JavaScript versions of two threadlab kernels, for `./dev.sh bench`:
// the same work as the Rust, on ordinary Web Workers, so the benchmark can say
// whether wasm beats what a page could do without it.
//
// A module worker. Each run message names a kernel and its size; the worker
// takes blocks from a shared counter (Atomics.add, like the driver's dynamic
// schedule), computes them and replies with its part of the answer and when
// it started and finished on the clock shared by every worker
// (performance.timeOrigin + performance.now()).
//
// - Mandelbrot: the same view, MAX_ITERATIONS 1000, one row per block, each
//   pixel coloured from the same palette into a shared image; the total
//   iteration count must equal the Rust answer's "N iterations".
// - Sum of squares: exact, like the Rust u128 sum. Blocks as in Rust (at most
//   4096 of at least 2^14 items, here always under 2^17 items). In a block,
//   i = a·2^16 + b and i² = a²·2^32 + ab·2^17 + b²; Σa², Σab and Σb² each stay
//   below 2^53 within a block, so plain Numbers add them exactly, and the
//   block totals are combined with BigInt. Requires n ≤ 2^32.

const now = () => performance.timeOrigin + performance.now();

const MAX_ITERATIONS = 1000;
const RE_MIN = -2.2,
  RE_SPAN = 3.0,
  IM_MIN = -1.0,
  IM_SPAN = 2.0;

const PALETTE = (() => {
  const p = new Uint32Array(MAX_ITERATIONS + 1);
  const channel = (/** @type {number} */ x) => Math.round(Math.min(Math.max(x, 0), 1) * 255);
  for (let n = 0; n <= MAX_ITERATIONS; n++) {
    if (n === MAX_ITERATIONS) {
      p[n] = 0xff000000;
      continue;
    }
    const t = Math.min(Math.log(n + 1) / Math.log(MAX_ITERATIONS), 1);
    const r = channel(9.0 * (1 - t) * t * t * t * 1.6 + 0.05);
    const g = channel(15.0 * (1 - t) * (1 - t) * t * t * 1.2 + 0.04);
    const b = channel(8.5 * (1 - t) * (1 - t) * (1 - t) * t * 1.4 + 0.12);
    p[n] = ((0xff << 24) | (b << 16) | (g << 8) | r) >>> 0; // RGBA bytes, little-endian
  }
  return p;
})();

/**
 * @param {number} y @param {number} width @param {number} height
 * @param {Uint32Array} pixels
 */
function mandelbrotRow(y, width, height, pixels) {
  const cIm = IM_MIN + (IM_SPAN * (y + 0.5)) / height;
  let iterations = 0;
  const base = y * width;
  for (let x = 0; x < width; x++) {
    const cRe = RE_MIN + (RE_SPAN * (x + 0.5)) / width;
    let re = 0,
      im = 0,
      n = 0;
    while (n < MAX_ITERATIONS) {
      const re2 = re * re,
        im2 = im * im;
      if (re2 + im2 > 4.0) break;
      im = 2.0 * re * im + cIm;
      re = re2 - im2 + cRe;
      n++;
    }
    iterations += n;
    pixels[base + x] = PALETTE[n];
  }
  return iterations;
}

/** @param {number} start @param {number} end */
function sumOfSquaresBlock(start, end) {
  let a2 = 0,
    ab = 0,
    b2 = 0;
  for (let i = start; i < end; i++) {
    const a = i >>> 16,
      b = i & 0xffff;
    a2 += a * a;
    ab += a * b;
    b2 += b * b;
  }
  return (BigInt(a2) << 32n) + (BigInt(ab) << 17n) + BigInt(b2);
}

/** Rust's RangeSplit::new(n, 1 << 14, 4096). @param {number} n */
export function sumOfSquaresBlocks(n) {
  const blockLen = Math.max(Math.ceil(n / 4096), 1 << 14, 1);
  return { blockLen, count: Math.ceil(n / blockLen) };
}

const TRIAD_BLOCK = 1 << 16;

self.onmessage = ({ data }) => {
  const { kernel, size, counter, image } = data;
  const next = new Int32Array(counter);
  const started = now();
  let blocks = 0;
  let result;
  if (kernel === 'mandelbrot') {
    const width = size,
      height = Math.max(Math.floor((width * 2) / 3), 1);
    const pixels = new Uint32Array(image);
    let iterations = 0;
    for (let y; (y = Atomics.add(next, 0, 1)) < height; blocks++) iterations += mandelbrotRow(y, width, height, pixels);
    result = iterations;
  } else if (kernel === 'sum-of-squares') {
    const { blockLen, count } = sumOfSquaresBlocks(size);
    let total = 0n;
    for (let b; (b = Atomics.add(next, 0, 1)) < count; blocks++) {
      const start = b * blockLen;
      total += sumOfSquaresBlock(start, Math.min(start + blockLen, size));
    }
    result = total;
  } else if (kernel === 'triad') {
    // STREAM-like a[i] = b[i] + 3·c[i] over one shared buffer [a | b | c]:
    // the browser's memory bandwidth, the limit of memory-bound workloads.
    const all = new Float64Array(data.arrays),
      len = size;
    const a = all.subarray(0, len),
      b = all.subarray(len, 2 * len),
      c = all.subarray(2 * len);
    const count = Math.ceil(len / TRIAD_BLOCK);
    for (let blk; (blk = Atomics.add(next, 0, 1)) < count; blocks++) {
      const end = Math.min((blk + 1) * TRIAD_BLOCK, len);
      for (let i = blk * TRIAD_BLOCK; i < end; i++) a[i] = b[i] + 3.0 * c[i];
    }
    result = 0;
  } else {
    throw new Error(`unknown kernel ${kernel}`);
  }
  self.postMessage({ result, blocks, started, ended: now() });
};
self.postMessage({ ready: true });
