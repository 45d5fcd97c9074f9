//! The Mandelbrot set, one image row per block.
//!
//! Lesson: image work splits naturally into rows, but rows are not equally
//! hard — a row through the black middle of the set runs every pixel to the
//! iteration limit, a row near the edge escapes at once. Handing out rows one
//! at a time from a shared counter keeps every worker busy until the end;
//! cutting the image into k equal strips would leave some idle (the speedup
//! lab shows both).

use super::{Answer, Image, Workload, WorkloadInfo};
use crate::driver::Blocks;
use crate::input::group_digits;

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

impl Mandelbrot {
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }
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
        for x in 0..self.width {
            let c_re = RE_MIN + RE_SPAN * (x as f64 + 0.5) / self.width as f64;
            let n = escape_time(c_re, c_im);
            iterations += n as u64;
            hash = fnv1a(hash, n as u64);
            rgba.extend_from_slice(&self.palette[n as usize]);
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
        // Cost grows with width²: (w x 2w/3 pixels), ~560 ns a pixel in Chromium.
        ns_per_unit: 375.0,
        cost_exponent: 2.0,
        lesson: "Every pixel is independent, so rows can be drawn by different workers — but rows through the black middle cost up to 1000 iterations a pixel and rows at the edge almost nothing. Rows are handed out one at a time, so a worker that drew cheap rows takes more.",
        python: r#"from concurrent.futures import ProcessPoolExecutor

MAX_ITER = 1000

def row(y, width, height):
    c_im = -1.0 + 2.0 * (y + 0.5) / height
    out = []
    for x in range(width):
        c = complex(-2.2 + 3.0 * (x + 0.5) / width, c_im)
        z, n = 0j, 0
        while n < MAX_ITER and abs(z) <= 2.0:
            z, n = z * z + c, n + 1
        out.append(n)
    return out

def mandelbrot(width, workers):
    height = width * 2 // 3
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # one row per task: uneven rows balance out across the pool
        return list(pool.map(row, range(height), [width] * height,
                             [height] * height, chunksize=1))
"#,
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
