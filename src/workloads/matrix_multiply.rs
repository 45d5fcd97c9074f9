//! Dense matrix multiplication, one band of rows of C per block.
//!
//! Lesson: C = A·B is the classic "embarrassingly parallel" job — every row of
//! C needs all of B but no other row of C, so bands of rows can go to different
//! workers. In Python each worker process needs its own copy of B (pickled and
//! sent, n² floats per process); threads all read the one B in shared memory.
//! The work grows with n³ while the data grows with n², so doubling n makes a
//! run eight times longer. The loop order matters as much as the threads: the
//! i-k-j order used here walks B and C row by row, as they lie in memory.

use super::{Answer, Workload, WorkloadInfo};
use crate::driver::Blocks;
use crate::input::group_digits;

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

/// One band of rows of C, and their sum in row-major order.
pub struct Band {
    rows: Vec<f64>,
    sum: f64,
}

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
    pub fn n(&self) -> usize {
        self.n
    }

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
        for (c_row, i) in rows.chunks_exact_mut(n).zip(first..last) {
            // i-k-j: the inner loop runs along a row of B and a row of C, both
            // contiguous, instead of down a column of B (a cache miss per step).
            // Each C[i][j] still adds its terms in k order, from 0.0, exactly
            // as the textbook i-j-k loop does.
            for (k, &a_ik) in self.a[i * n..(i + 1) * n].iter().enumerate() {
                axpy(c_row, a_ik, &self.b[k * n..(k + 1) * n]);
            }
        }
        // Summed here, in a fixed order, so the checksum does not depend on
        // which worker computed the band.
        let sum = rows.iter().fold(0.0, |s, &c| s + c);
        Band { rows, sum }
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

impl Workload for MatrixMultiply {
    const INFO: WorkloadInfo = WorkloadInfo {
        id: ID,
        title: "Matrix multiply",
        size_label: "n: multiplies two n×n matrices",
        default_size: 1024,
        // The memory limit (3 · 3265² f64s ≈ 256 MB) comes before the time
        // limit: one thread needs ~14 s at this size.
        max_size: 3265,
        // Measured natively: ~0.30 ns per multiply-add (n³ of them) from
        // n = 640 to 2048; browser ≈ 1.3 × native.
        ns_per_unit: 0.4,
        cost_exponent: 3.0,
        lesson: "Every row of C = A·B needs all of B but no other row of C, so bands of rows can be computed by different workers. Python's multiprocessing has to send B to every process (n² floats, pickled, once per worker); threads read the one B in shared memory. The work grows with n³ and the data only with n², so doubling n makes a run eight times longer — and the loop order (i-k-j, along rows as they lie in memory) matters as much as the number of threads.",
        python: r#"from concurrent.futures import ProcessPoolExecutor

def a_entry(i, j): return (i * 31 + j * 17) % 101 / 101 - 0.5
def b_entry(i, j): return (i * 13 + j * 29 + 7) % 97 / 97 - 0.5

def band(first, last, n):
    # rebuilt in each process here; the tutorials pickle A and B to every worker
    a = [[a_entry(i, j) for j in range(n)] for i in range(first, last)]
    b = [[b_entry(i, j) for j in range(n)] for i in range(n)]
    rows, total = [], 0.0
    for a_row in a:
        c_row = [0.0] * n
        for a_ik, b_row in zip(a_row, b):        # i-k-j: along rows of B
            for j in range(n):
                c_row[j] += a_ik * b_row[j]
        for c in c_row:
            total += c
        rows.append(c_row)
    return rows, total

if __name__ == "__main__":
    n, workers = 120, 4
    per_block = min(max(-(-n // 1024), 1), 8)   # threadlab's band height
    firsts = list(range(0, n, per_block))
    lasts = [min(f + per_block, n) for f in firsts]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        bands = list(pool.map(band, firsts, lasts, [n] * len(firsts), chunksize=8))
    checksum = 0.0
    for _, total in bands:                        # fixed order: same bits every time
        checksum += total
    c = [row for rows, _ in bands for row in rows]
    print(f"checksum {checksum!r}, C[0][0] {c[0][0]!r}, C[n-1][n-1] {c[-1][-1]!r}")
"#,
    };

    fn new(n: u64) -> Self {
        let n = n as usize; // check_size caps it at max_size
        MatrixMultiply {
            n,
            // One row per block up to n = 1024, then up to 8: enough blocks to
            // balance, each big enough to be worth handing out.
            rows_per_block: n.div_ceil(1024).clamp(1, 8),
            a: build(n, a_entry),
            b: build(n, b_entry),
        }
    }

    fn check_size_further(n: u64) -> Result<(), String> {
        // A, B and C: 3·n² f64s. Computed in u128 so absurd n cannot overflow.
        let bytes = 3 * 8 * (n as u128) * (n as u128);
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
        let checksum = bands.iter().fold(0.0, |s, band| s + band.sum);
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
