//! The Mandelbrot set, one image row per block.
//!
//! Lesson: image work splits naturally into rows, but rows are not equally
//! hard — a row through the black middle of the set runs every pixel to the
//! iteration limit, a row near the edge escapes at once. Handing out rows one
//! at a time from a shared counter keeps every worker busy until the end;
//! cutting the image into k equal strips would leave some idle (the speedup
//! lab shows both).
#![warn(missing_docs)]

use super::simd::F64x2;
use super::{Answer, Image, Workload, WorkloadInfo};
use crate::driver::Blocks;
use crate::input::group_digits;

/// The workload's id in requests, URLs and the catalogue.
pub const ID: &str = "mandelbrot";

/// Iterations after which a point counts as inside the set.
pub const MAX_ITERATIONS: u32 = 1000;

/// Renders the classic view, `width` pixels wide and 2/3 as tall.
pub struct Mandelbrot {
    width: u32,
    height: u32,
    palette: Vec<[u8; 4]>,
}

/// One rendered row: its pixels, and figures for the checksum.
pub struct Row {
    rgba: Vec<u8>,
    iterations: u64,
    hash: u64,
}

// The view: real part -2.2..0.8, imaginary part -1..1 (3:2, like the image).
const RE_MIN: f64 = -2.2;
const RE_SPAN: f64 = 3.0;
const IM_MIN: f64 = -1.0;
const IM_SPAN: f64 = 2.0;

/// Iterations until `z = z² + c` leaves the circle of radius 2.
fn escape_time(c_re: f64, c_im: f64) -> u32 {
    let (mut re, mut im) = (0.0f64, 0.0f64);
    let mut n = 0;
    while n < MAX_ITERATIONS {
        let (re2, im2) = (re * re, im * im);
        if re2 + im2 > 4.0 {
            break;
        }
        im = 2.0 * re * im + c_im;
        re = re2 - im2 + c_re;
        n += 1;
    }
    n
}

/// [`escape_time`] for four pixels at once, as two pairs of f64 lanes.
///
/// Each lane does exactly the scalar loop's operations in the same order (no
/// fused multiply-add; `re + re` is `2.0 * re` to the bit), so the counts are
/// the scalar counts, bit for bit. The escape loop is a chain of dependent
/// multiplies and adds, so one pixel at a time leaves the CPU waiting on each
/// result; two independent pairs fill those gaps.
///
/// A lane's count stops at its first failed test: `active` is and-ed with
/// every test and NaN compares false, so it never comes back. Its z, though,
/// runs on (to infinity and NaN, harmless) until all four lanes are done:
/// freezing z with a select per lane put a select on the loop-carried chain
/// and kept old and new z live at once; without it the whole image took
/// ~480 → ~260 ms in Chromium and ~390 → ~250 ms natively (best of 5, load
/// ~2.4). The count is a 64-bit integer lane that subtracts the mask (all
/// ones = −1) and `2·re` is `re + re`, so 4 is the only constant left; that
/// alone, with the selects kept, did not make the wasm faster (~490 ms).
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn escape_times4(c_re: [f64; 4], c_im: f64) -> [u32; 4] {
    use F64x2 as V;
    let c_im = V::splat(c_im);
    let c_re = [V::new(c_re[0], c_re[1]), V::new(c_re[2], c_re[3])];
    // Through `black_box` so it stays a value: as a constant, V8 rebuilds it
    // on every iteration (see `sqrt_sin::Constants`).
    let four = std::hint::black_box(V::splat(4.0));
    let mut re = [V::splat(0.0); 2];
    let mut im = [V::splat(0.0); 2];
    // Integer lanes; 0.0 has the bits of the integer 0.
    let mut count = [V::splat(0.0); 2];
    // All ones while a lane has not escaped.
    let mut active = [V::le(V::splat(0.0), V::splat(0.0)); 2];
    for _ in 0..MAX_ITERATIONS {
        for p in 0..2 {
            let (re2, im2) = (V::mul(re[p], re[p]), V::mul(im[p], im[p]));
            // `!(re2 + im2 > 4.0)`, false from the first escape on.
            active[p] = V::and(active[p], V::le(V::add(re2, im2), four));
            count[p] = V::sub_bits(count[p], active[p]);
            im[p] = V::add(V::mul(V::add(re[p], re[p]), im[p]), c_im);
            re[p] = V::add(V::sub(re2, im2), c_re[p]);
        }
        if !V::any(V::or(active[0], active[1])) {
            break;
        }
    }
    let [a, b] = V::to_bits(count[0]);
    let [c, d] = V::to_bits(count[1]);
    [a as u32, b as u32, c as u32, d as u32]
}

fn palette() -> Vec<[u8; 4]> {
    // A dark-blue → orange → white ramp on a log scale of the escape time;
    // points that never escape are black.
    (0..=MAX_ITERATIONS)
        .map(|n| {
            if n == MAX_ITERATIONS {
                return [0, 0, 0, 255];
            }
            let t = ((n as f64 + 1.0).ln() / (MAX_ITERATIONS as f64).ln()).min(1.0);
            let channel = |x: f64| (x.clamp(0.0, 1.0) * 255.0).round() as u8;
            [
                channel(9.0 * (1.0 - t) * t * t * t * 1.6 + 0.05),
                channel(15.0 * (1.0 - t) * (1.0 - t) * t * t * 1.2 + 0.04),
                channel(8.5 * (1.0 - t) * (1.0 - t) * (1.0 - t) * t * 1.4 + 0.12),
                255,
            ]
        })
        .collect()
}

impl Blocks for Mandelbrot {
    type Part = Row;
    fn block_count(&self) -> usize {
        self.height as usize
    }
    fn compute(&self, y: usize) -> Row {
        let mut rgba = Vec::with_capacity(self.width as usize * 4);
        let mut iterations = 0u64;
        let mut hash = FNV_OFFSET;
        let c_im = IM_MIN + IM_SPAN * (y as f64 + 0.5) / self.height as f64;
        let c_re = |x: u32| RE_MIN + RE_SPAN * (x as f64 + 0.5) / self.width as f64;
        let mut pixel = |n: u32| {
            iterations += n as u64;
            hash = fnv1a(hash, n as u64);
            rgba.extend_from_slice(&self.palette[n as usize]);
        };
        // Four pixels at a time, then the last few one by one: the same
        // counts either way.
        let mut x = 0;
        while x + 4 <= self.width {
            let counts = escape_times4([c_re(x), c_re(x + 1), c_re(x + 2), c_re(x + 3)], c_im);
            counts.into_iter().for_each(&mut pixel);
            x += 4;
        }
        for x in x..self.width {
            pixel(escape_time(c_re(x), c_im));
        }
        Row {
            rgba,
            iterations,
            hash,
        }
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
fn fnv1a(hash: u64, value: u64) -> u64 {
    value
        .to_le_bytes()
        .iter()
        .fold(hash, |h, b| (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3))
}

impl Workload for Mandelbrot {
    const INFO: WorkloadInfo = WorkloadInfo {
        id: ID,
        title: "Mandelbrot set",
        size_label: "image width in pixels (height is 2/3 of it)",
        default_size: 1200,
        max_size: 4096,
        // Cost grows with width²: (w x 2w/3 pixels), ~290 ns a pixel in
        // Chromium (275 ms at the default size since lanes run on).
        ns_per_unit: 190.0,
        cost_exponent: 2.0,
        lesson: "Every pixel is independent, so rows can be drawn by different workers — but rows through the black middle cost up to 1000 iterations a pixel and rows at the edge almost nothing. Rows are handed out one at a time, so a worker that drew cheap rows takes more.",
        // The same file `bench/workloads.py` runs and
        // `tests/workloads_python.rs` checks against this workload's answer.
        python: include_str!("python/mandelbrot.py"),
    };

    fn new(width: u64) -> Self {
        let width = width as u32; // check_size caps it at max_size
        Mandelbrot {
            width,
            height: (width * 2 / 3).max(1),
            palette: palette(),
        }
    }

    fn answer(&self, rows: Vec<Row>) -> Answer {
        let iterations: u64 = rows.iter().map(|r| r.iterations).sum();
        let hash = rows.iter().fold(FNV_OFFSET, |h, r| fnv1a(h, r.hash));
        let mut rgba = Vec::with_capacity(self.width as usize * self.height as usize * 4);
        for row in rows {
            rgba.extend_from_slice(&row.rgba);
        }
        Answer {
            value: format!("{iterations} iterations, image hash {hash:016x}"),
            display: format!(
                "{}×{} px, {} iterations",
                self.width,
                self.height,
                group_digits(&iterations.to_string())
            ),
            image: Some(Image {
                width: self.width,
                height: self.height,
                rgba,
            }),
            before: None,
        }
    }
}
