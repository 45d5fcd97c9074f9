//! A Gaussian blur of a generated picture, one band of rows per block.
//!
//! Lesson: an image filter splits into bands of rows, but not quite
//! independently — each output pixel reads its neighbours up to the blur radius
//! away, so a band needs a *halo* of R rows from the bands above and below.
//! Reading only the original picture (never a neighbour's output) keeps bands
//! independent, at the price of redoing the horizontal pass for the halo rows.
//! Python's multiprocessing has to pickle each band *with* its halo to a
//! worker and the blurred band back; threads read the one picture in place.
#![warn(missing_docs)]

use super::{Answer, Image, Workload, WorkloadInfo};
use crate::driver::Blocks;
use crate::input::group_digits;

/// The workload's id in requests, URLs and the catalogue.
pub const ID: &str = "image-blur";

/// Blur radius in pixels: each output pixel mixes a 17×17 neighbourhood.
pub const RADIUS: usize = 8;

/// Rows of output per block.
pub const BAND_ROWS: usize = 32;

/// Memory a run holds per pixel at its peak: four RGBA copies (the original,
/// the blurred bands, and the answer's `image` and `before`).
const BYTES_PER_PIXEL: u128 = 16;

/// A Gaussian with σ = 4 over -8..=8, in integers that add up to exactly 4096
/// (2^12). Integers make the result exact on every machine, and a constant
/// picture stays exactly constant.
pub const KERNEL: [u32; 2 * RADIUS + 1] = [
    57, 91, 137, 193, 256, 319, 373, 410, 424, 410, 373, 319, 256, 193, 137, 91, 57,
];

/// Blurs the picture `width` pixels wide and 2/3 as tall.
pub struct Blur {
    source: Image,
}

/// One band of blurred rows and a hash per row.
pub struct Band {
    rgba: Vec<u8>,
    row_hashes: Vec<u64>,
}

/// "THREADLAB" in a 3×5 pixel font: 15 bits a letter, top row first, each row
/// left to right, most significant bit first.
const LETTERS: [u16; 9] = [
    0b111_010_010_010_010, // T
    0b101_101_111_101_101, // H
    0b110_101_110_101_101, // R
    0b111_100_110_100_111, // E
    0b010_101_111_101_101, // A
    0b110_101_101_101_110, // D
    0b100_100_100_100_111, // L
    0b010_101_111_101_101, // A
    0b110_101_110_101_110, // B
];

/// The colour of pixel (x, y) of the scene: sky, sun, two hills, furrowed
/// fields and a sign with small lettering (sharp edges, so the blur shows).
///
/// Integer arithmetic only, with no negative divisions, so the Python version
/// (`//`) draws exactly the same picture.
pub fn scene_pixel(x: i64, y: i64, w: i64, h: i64) -> [u8; 3] {
    // Sky: deep blue at the top, paler towards the horizon.
    let mut rgb = [60 + y * 140 / h, 110 + y * 110 / h, 200 + y * 50 / h];
    let (sun_x, sun_y, sun_r) = (w * 78 / 100, h * 22 / 100, (w / 14).max(1));
    if (x - sun_x).pow(2) + (y - sun_y).pow(2) <= sun_r * sun_r {
        rgb = [255, 225, 110];
    }
    let half = (w / 2).max(1);
    if y >= h * 45 / 100 + h * (x - w * 30 / 100).pow(2) / (3 * half * half) {
        rgb = [70, 120, 80]; // far hill
    }
    let half = (w * 60 / 100).max(1);
    if y >= h * 62 / 100 + h * (x - w * 80 / 100).pow(2) / (4 * half * half) {
        let stripe = (w / 80).max(2);
        rgb = if (x + 2 * y) / stripe % 2 == 1 {
            [90, 160, 60]
        } else {
            [50, 110, 40]
        };
    }
    let (cell, sign_x, sign_y) = ((w / 100).max(1), w * 4 / 100, h * 6 / 100);
    if x >= sign_x && y >= sign_y && (x - sign_x) / cell < 37 && (y - sign_y) / cell < 7 {
        let (cx, cy) = ((x - sign_x) / cell, (y - sign_y) / cell);
        rgb = [245, 245, 235];
        let lx = cx - 1;
        if (1..=5).contains(&cy) && (0..35).contains(&lx) && lx % 4 < 3 {
            let bit = 14 - (cy - 1) * 3 - lx % 4;
            if (LETTERS[(lx / 4) as usize] >> bit) & 1 == 1 {
                rgb = [20, 20, 20];
            }
        }
    }
    rgb.map(|c| c as u8)
}

/// The whole scene as an RGBA image.
pub fn scene(width: u32, height: u32) -> Image {
    let (w, h) = (width as i64, height as i64);
    let mut rgba = Vec::with_capacity(width as usize * height as usize * 4);
    for y in 0..h {
        for x in 0..w {
            let [r, g, b] = scene_pixel(x, y, w, h);
            rgba.extend_from_slice(&[r, g, b, 255]);
        }
    }
    Image {
        width,
        height,
        rgba,
    }
}

/// Horizontal pass over one RGBA row: 3 channels a pixel, each the kernel's
/// weighted sum (scaled by 4096) of the pixels up to RADIUS left and right,
/// edges repeated.
fn blur_row(row: &[u8], width: usize, out: &mut [u32]) {
    // Pad the row with copies of its edge pixels, so the inner loop has no
    // bounds to clamp and runs straight along memory.
    let mut padded = Vec::with_capacity((width + 2 * RADIUS) * 3);
    for i in 0..width + 2 * RADIUS {
        let x = i.saturating_sub(RADIUS).min(width - 1);
        padded.extend(row[x * 4..x * 4 + 3].iter().map(|&c| c as u32));
    }
    out.fill(0);
    for (t, &k) in KERNEL.iter().enumerate() {
        add_scaled(out, k, &padded[t * 3..]);
    }
}

/// `out[i] += k * src[i]`: the blur's inner loop, in both passes.
///
/// Compiled with wasm SIMD (4 lanes of u32) on wasm32: the project does not
/// turn `simd128` on globally because it slows other kernels (Monte Carlo's
/// 64-bit multiplies became 60 % slower), so only this loop opts in.
/// Integer lanes give exactly the scalar results.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn add_scaled(out: &mut [u32], k: u32, src: &[u32]) {
    for (o, &p) in out.iter_mut().zip(src) {
        *o += k * p;
    }
}

fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(hash, |h, b| (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3))
}
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

impl Blur {
    /// The picture before blurring.
    pub fn source(&self) -> &Image {
        &self.source
    }

    /// Blurs any picture (e.g. a constant one in tests), bands as for the scene.
    pub fn of(source: Image) -> Self {
        assert_eq!(
            source.rgba.len(),
            source.width as usize * source.height as usize * 4
        );
        Blur { source }
    }
}

impl Blocks for Blur {
    type Part = Band;
    fn block_count(&self) -> usize {
        (self.source.height as usize).div_ceil(BAND_ROWS)
    }
    fn compute(&self, index: usize) -> Band {
        let (w, h) = (self.source.width as usize, self.source.height as usize);
        let first = index * BAND_ROWS;
        let last = (first + BAND_ROWS).min(h);
        // The halo: R source rows above and below the band (fewer at the
        // picture's edges, where the edge row is repeated instead). They are
        // blurred horizontally again here rather than taken from the
        // neighbouring band, so no band waits for another.
        let top = first.saturating_sub(RADIUS);
        let bottom = (last + RADIUS).min(h);
        let mut horizontal = vec![0u32; (bottom - top) * w * 3];
        for (y, out) in (top..bottom).zip(horizontal.chunks_exact_mut(w * 3)) {
            blur_row(&self.source.rgba[y * w * 4..(y + 1) * w * 4], w, out);
        }

        let mut rgba = Vec::with_capacity((last - first) * w * 4);
        let mut row_hashes = Vec::with_capacity(last - first);
        let mut sums = vec![0u32; w * 3];
        for y in first..last {
            sums.fill(0);
            for (t, &k) in KERNEL.iter().enumerate() {
                let source_y = (y + t).saturating_sub(RADIUS).min(h - 1);
                let row = &horizontal[(source_y - top) * w * 3..][..w * 3];
                // At most 255 · 4096 · 4096 < 2^32: u32 cannot overflow.
                add_scaled(&mut sums, k, row);
            }
            let start = rgba.len();
            for pixel in sums.chunks_exact(3) {
                // Divide by 4096² = 2^24, rounding to nearest.
                rgba.extend(pixel.iter().map(|&s| ((s + (1 << 23)) >> 24) as u8));
                rgba.push(255);
            }
            row_hashes.push(fnv1a(FNV_OFFSET, &rgba[start..]));
        }
        Band { rgba, row_hashes }
    }
}

impl Workload for Blur {
    const INFO: WorkloadInfo = WorkloadInfo {
        id: ID,
        title: "Image blur",
        size_label: "image width in pixels (height is 2/3 of it)",
        default_size: 2400,
        // Memory, not time, sets the limit: at 4096 px the picture, its blurred
        // copy and the answer's two images take ~180 MB (one thread: ~0.4 s).
        max_size: 4096,
        // Measured natively: ~28 ns a pixel, i.e. 18 ns × width² (the height
        // is 2/3 of the width); browser ≈ 1.3 × native.
        ns_per_unit: 24.0,
        cost_exponent: 2.0,
        lesson: "An image filter splits into bands of rows, but each blurred pixel also reads pixels up to the radius away — so every band needs a halo of rows that belong to its neighbours. Reading only the original picture keeps the bands independent (the halo's horizontal pass is simply done twice). Python's multiprocessing pickles each band with its halo to a worker and the result back; threads read the one picture where it lies.",
        // The same file `bench/workloads.py` runs and
        // `tests/workloads_python.rs` checks against this workload's answer.
        python: include_str!("python/image_blur.py"),
    };

    fn new(width: u64) -> Self {
        let width = width as u32; // check_size caps it at max_size
        Blur::of(scene(width, (width * 2 / 3).max(1)))
    }

    fn check_size_further(width: u64) -> Result<(), String> {
        // Memory, not time, is the limit: say so rather than quote seconds.
        let max = Self::INFO.max_size;
        if width > max {
            // Saturating: for widths near u64::MAX the byte count passes
            // 2^128, and a debug build would panic on the overflow.
            let megabytes = |w: u64| {
                (w as u128 * (w as u128 * 2 / 3)).saturating_mul(BYTES_PER_PIXEL) / 1_000_000
            };
            return Err(format!(
                "A picture {} pixels wide needs about {} MB (the original, its blurred copy and both images sent to the page); the widest threadlab allows is {} (about {} MB).",
                group_digits(&width.to_string()),
                group_digits(&megabytes(width).to_string()),
                group_digits(&max.to_string()),
                megabytes(max)
            ));
        }
        Ok(())
    }

    fn answer(&self, bands: Vec<Band>) -> Answer {
        let (w, h) = (self.source.width, self.source.height);
        let hash = bands
            .iter()
            .flat_map(|band| &band.row_hashes)
            .fold(FNV_OFFSET, |acc, row| fnv1a(acc, &row.to_le_bytes()));
        let mut rgba = Vec::with_capacity(self.source.rgba.len());
        for band in bands {
            rgba.extend_from_slice(&band.rgba);
        }
        Answer {
            value: format!("blurred {w}x{h}, hash {hash:016x}"),
            display: format!("{w}×{h} px, Gaussian blur of radius {RADIUS}"),
            image: Some(Image {
                width: w,
                height: h,
                rgba,
            }),
            before: Some(self.source.clone()),
        }
    }
}
