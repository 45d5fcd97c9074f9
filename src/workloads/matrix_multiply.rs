//! Dense matrix multiplication, one band of rows of C per block.
//!
//! Lesson: C = A·B is the classic "embarrassingly parallel" job — every row of
//! C needs all of B but no other row of C, so bands of rows can go to different
//! workers. In Python each worker process needs its own copy of B (pickled and
//! sent, n² floats per process); threads all read the one B in shared memory.
//! The work grows with n³ while the data grows with n², so doubling n makes a
//! run eight times longer. The loop order matters as much as the threads: the
//! i-k-j order used here walks B and C row by row, as they lie in memory.
#![warn(missing_docs)]

use super::{Answer, Workload, WorkloadInfo};
use crate::driver::Blocks;
use crate::input::group_digits;

/// The workload's id in requests, URLs and the catalogue.
pub const ID: &str = "matrix-multiply";

/// Memory the three n×n matrices may use, in bytes.
pub const MEMORY_LIMIT: u64 = 256_000_000;

/// C = A·B for n×n matrices of f64 made from their indices.
pub struct MatrixMultiply {
    n: usize,
    rows_per_block: usize,
    /// Row-major n×n.
    a: Vec<f64>,
    b: Vec<f64>,
}

/// One band of rows of C, and the sum of each row.
pub struct Band {
    rows: Vec<f64>,
    row_sums: Vec<f64>,
}

/// Rows of C per block (fewer for small n, so there are enough blocks).
pub const BAND_ROWS: usize = 16;
/// Columns of C (and of B) in one tile.
const TILE_COLS: usize = 512;
/// Rows of B (terms of each sum) in one tile: 64 × 512 f64s = 256 KB of B,
/// which stays in a core's L2 cache while the whole band uses it.
const TILE_DEPTH: usize = 64;

/// Entry (i, j) of A: small values in [-0.5, 0.5), different in every row.
pub fn a_entry(i: usize, j: usize) -> f64 {
    ((i * 31 + j * 17) % 101) as f64 / 101.0 - 0.5
}

/// Entry (i, j) of B.
pub fn b_entry(i: usize, j: usize) -> f64 {
    ((i * 13 + j * 29 + 7) % 97) as f64 / 97.0 - 0.5
}

fn build(n: usize, entry: fn(usize, usize) -> f64) -> Vec<f64> {
    (0..n * n).map(|p| entry(p / n, p % n)).collect()
}

impl MatrixMultiply {
    /// Rows computed by one block (the last block may have fewer).
    pub fn rows_per_block(&self) -> usize {
        self.rows_per_block
    }
}

impl Blocks for MatrixMultiply {
    type Part = Band;
    fn block_count(&self) -> usize {
        self.n.div_ceil(self.rows_per_block)
    }
    fn compute(&self, index: usize) -> Band {
        let n = self.n;
        let first = index * self.rows_per_block;
        let last = (first + self.rows_per_block).min(n);
        let mut rows = vec![0.0f64; (last - first) * n];
        // i-k-j order (the inner loop runs along a row of B and a row of C,
        // both contiguous), cut into tiles: a 64 × 512 tile of B is read from
        // memory once and then used for every row of the band from cache.
        // Without tiles each row of C streamed all of B (8 MB at n = 1024)
        // from memory, and two workers doing so at once slowed each other
        // down. Each C[i][j] still adds its terms in k order, from 0.0,
        // exactly as the textbook i-j-k loop does, so the bits are the same.
        for j0 in (0..n).step_by(TILE_COLS) {
            let j1 = (j0 + TILE_COLS).min(n);
            for k0 in (0..n).step_by(TILE_DEPTH) {
                let k1 = (k0 + TILE_DEPTH).min(n);
                let a_tile = |i: usize| &self.a[i * n + k0..i * n + k1];
                let b_row = |k: usize| &self.b[k * n + j0..k * n + j1];
                // Two rows of C at a time: each element of B loaded once
                // serves both.
                let mut pairs = rows.chunks_exact_mut(2 * n);
                let mut i = first;
                for pair in &mut pairs {
                    let (upper, lower) = pair.split_at_mut(n);
                    let (upper, lower) = (&mut upper[j0..j1], &mut lower[j0..j1]);
                    let (a0, a1) = (a_tile(i), a_tile(i + 1));
                    // Four steps of k in one pass over the rows of C.
                    let mut k = k0;
                    while k + 4 <= k1 {
                        let t = k - k0;
                        let a0 = [a0[t], a0[t + 1], a0[t + 2], a0[t + 3]];
                        let a1 = [a1[t], a1[t + 1], a1[t + 2], a1[t + 3]];
                        let b = [b_row(k), b_row(k + 1), b_row(k + 2), b_row(k + 3)];
                        axpy2_by4(upper, lower, a0, a1, b);
                        k += 4;
                    }
                    for k in k..k1 {
                        axpy2(upper, lower, a0[k - k0], a1[k - k0], b_row(k));
                    }
                    i += 2;
                }
                let rest = pairs.into_remainder();
                if !rest.is_empty() {
                    for (&a, k) in a_tile(i).iter().zip(k0..k1) {
                        axpy(&mut rest[j0..j1], a, b_row(k));
                    }
                }
            }
        }
        // Summed here, in a fixed order, so the checksum does not depend on
        // which worker computed the band (nor on the band's height).
        let row_sums = rows
            .chunks_exact(n)
            .map(|row| row.iter().fold(0.0, |s, &c| s + c))
            .collect();
        Band { rows, row_sums }
    }
}

/// `c[j] += a * b[j]`: the multiply's inner loop.
///
/// Compiled with wasm SIMD (2 lanes of f64) on wasm32; only this loop opts in
/// (see `blur::add_scaled` for why not globally). Each lane does the same
/// multiply and add as the scalar loop, so results are bit-identical.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn axpy(c: &mut [f64], a: f64, b: &[f64]) {
    for (c, &b) in c.iter_mut().zip(b) {
        *c += a * b;
    }
}

/// [`axpy`] for two rows of C with the same row of B.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn axpy2(c0: &mut [f64], c1: &mut [f64], a0: f64, a1: f64, b: &[f64]) {
    for ((c0, c1), &b) in c0.iter_mut().zip(c1.iter_mut()).zip(b) {
        *c0 += a0 * b;
        *c1 += a1 * b;
    }
}

/// Four [`axpy2`]s (rows k..k+4 of B) in one pass: each `C[i][j]` is loaded
/// and stored once for four terms instead of four times. Its terms are still
/// added one at a time in k order, so the bits are the same.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn axpy2_by4(c0: &mut [f64], c1: &mut [f64], a0: [f64; 4], a1: [f64; 4], b: [&[f64]; 4]) {
    let len = c0
        .len()
        .min(c1.len())
        .min(b.iter().map(|r| r.len()).min().unwrap_or(0));
    let (c0, c1) = (&mut c0[..len], &mut c1[..len]);
    let [b0, b1, b2, b3] = b.map(|r| &r[..len]);
    for j in 0..len {
        let (x0, x1, x2, x3) = (b0[j], b1[j], b2[j], b3[j]);
        c0[j] = c0[j] + a0[0] * x0 + a0[1] * x1 + a0[2] * x2 + a0[3] * x3;
        c1[j] = c1[j] + a1[0] * x0 + a1[1] * x1 + a1[2] * x2 + a1[3] * x3;
    }
}

impl Workload for MatrixMultiply {
    const INFO: WorkloadInfo = WorkloadInfo {
        id: ID,
        title: "Matrix multiply",
        size_label: "n: multiplies two n×n matrices",
        default_size: 1024,
        // The memory limit (3 · 3265² f64s ≈ 256 MB) comes before the time
        // limit: one thread needs ~7 s at this size.
        max_size: 3265,
        // ~0.2 ns per multiply-add (n³ of them) in Chromium 156 on one
        // worker at n = 1024, four k steps a pass (`./dev.sh bench`).
        ns_per_unit: 0.2,
        cost_exponent: 3.0,
        lesson: "Every row of C = A·B needs all of B but no other row of C, so bands of rows can be computed by different workers. Python's multiprocessing has to send B to every process (n² floats, pickled, once per worker); threads read the one B in shared memory. The work grows with n³ and the data only with n², so doubling n makes a run eight times longer — and the loop order (i-k-j, along rows as they lie in memory) matters as much as the number of threads.",
        // The same file `bench/workloads.py` runs and
        // `tests/workloads_python.rs` checks against this workload's answer.
        python: include_str!("python/matrix_multiply.py"),
    };

    fn new(n: u64) -> Self {
        let n = n as usize; // check_size caps it at max_size
        MatrixMultiply {
            n,
            // 16 rows a block, so a tile of B read once serves 16 rows; fewer
            // below n = 512, so there are still at least ~32 blocks to share.
            rows_per_block: (n / 32).clamp(1, BAND_ROWS),
            a: build(n, a_entry),
            b: build(n, b_entry),
        }
    }

    fn check_size_further(n: u64) -> Result<(), String> {
        // A, B and C: 3·n² f64s. In u128, saturating: n² alone fits (n <
        // 2^64), but 24·n² does not for n near u64::MAX, and a debug build
        // would panic on the overflow.
        let bytes = (n as u128 * n as u128).saturating_mul(3 * 8);
        if bytes > MEMORY_LIMIT as u128 {
            return Err(format!(
                "Three {n}×{n} matrices of f64 need {} MB; threadlab allows {} MB.",
                group_digits(&(bytes / 1_000_000).to_string()),
                MEMORY_LIMIT / 1_000_000
            ));
        }
        Ok(())
    }

    fn answer(&self, bands: Vec<Band>) -> Answer {
        let n = self.n;
        let checksum = bands
            .iter()
            .flat_map(|band| &band.row_sums)
            .fold(0.0, |s, &x| s + x);
        let first = bands.first().map_or(0.0, |band| band.rows[0]);
        let last = bands
            .last()
            .map_or(0.0, |band| band.rows[band.rows.len() - 1]);
        Answer {
            value: format!("checksum {checksum:?}, C[0][0] {first:?}, C[n-1][n-1] {last:?}"),
            display: format!(
                "{n}×{n}: {} multiply-adds, sum of C = {checksum:.6}",
                group_digits(&(n as u128).pow(3).to_string())
            ),
            image: None,
            before: None,
        }
    }
}
