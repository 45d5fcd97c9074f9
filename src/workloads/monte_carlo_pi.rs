//! Estimating π by throwing random points at a square.
//!
//! Lesson: random numbers and parallel workers do not mix well by default. If
//! every worker draws from one shared generator, the answer depends on who drew
//! first (and the generator becomes a point of contention); if each process
//! seeds itself from the clock, as forked Python workers often do, the run
//! cannot be repeated. threadlab gives every *block* its own random stream,
//! seeded from a fixed seed and the block's number, so the same points are
//! thrown whichever worker throws them: one worker and eight count exactly the
//! same hits.
#![warn(missing_docs)]

use super::{Answer, Workload, WorkloadInfo};
use crate::driver::{Blocks, RangeSplit};
use crate::input::group_digits;

/// The workload's id in requests, URLs and the catalogue.
pub const ID: &str = "monte-carlo-pi";

/// The fixed seed all block streams derive from.
pub const SEED: u64 = 0x7468_7265_6164_6c62; // "threadlb" in ASCII

/// Counts which of `n` random points of the unit square fall in the quarter
/// circle `x² + y² < 1`; the fraction inside approaches π/4.
pub struct MonteCarloPi {
    split: RangeSplit,
}

const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit counter stepped by the
/// golden ratio, then scrambled. Small, fast, and good enough for Monte Carlo.
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose stream is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The stream for one block: the seed and the block number are scrambled
    /// together, so neighbouring blocks get unrelated starting points.
    pub fn for_block(seed: u64, block: u64) -> Self {
        let mut keyed = SplitMix64::new(seed ^ block.wrapping_mul(GOLDEN_GAMMA));
        SplitMix64::new(keyed.next_u64())
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform f64 in [0, 1): the top 53 bits, scaled (exact, no rounding).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// How many of `len` points from the block's stream fall inside the quarter
/// circle: [`SplitMix64::next_f64`]'s x and y, tested as x² + y² < 1.
///
/// Written on the integers a = x·2^53 and b = y·2^53 instead (a² + b² < 2^106
/// in f64): scaling by a power of two commutes with rounding here (nothing
/// underflows), so every point gets the same verdict, but two multiplies a
/// point go. And a, below 2^53, is converted as a *signed* integer: wasm's
/// unsigned conversion (`f64.convert_i64_u`) is, in V8's x86 code, the
/// signed one plus a test and branch for the top bit (seen in Node 20's
/// `--print-wasm-code`).
fn count_inside(block: u64, len: u64) -> u64 {
    const RADIUS_SQUARED: f64 = (1u128 << 106) as f64;
    let mut rng = SplitMix64::for_block(SEED, block);
    let mut inside = 0u64;
    for _ in 0..len {
        let a = (rng.next_u64() >> 11) as i64 as f64;
        let b = (rng.next_u64() >> 11) as i64 as f64;
        inside += (a * a + b * b < RADIUS_SQUARED) as u64;
    }
    inside
}

impl Blocks for MonteCarloPi {
    type Part = u64;
    fn block_count(&self) -> usize {
        self.split.count()
    }
    fn compute(&self, index: usize) -> u64 {
        let range = self.split.range(index);
        count_inside(index as u64, range.end - range.start)
    }
}

impl Workload for MonteCarloPi {
    const INFO: WorkloadInfo = WorkloadInfo {
        id: ID,
        title: "Monte Carlo π",
        size_label: "n: random points thrown at the unit square",
        default_size: 200_000_000,
        max_size: 6_000_000_000,
        // Measured natively: ~3.4 ns a point; browser ≈ 1.3 × native.
        ns_per_unit: 4.4,
        cost_exponent: 1.0,
        lesson: "Throw random points at a square and count those inside the quarter circle: the fraction tends to π/4. Every point is independent, so the work splits perfectly — but the random numbers must not be shared. One generator shared by all workers makes the answer depend on timing; workers seeded from the clock make it unrepeatable. Here each block has its own stream, keyed by a fixed seed and the block's number, so any number of workers counts exactly the same hits.",
        // The same file `bench/workloads.py` runs and
        // `tests/workloads_python.rs` checks against this workload's answer.
        python: include_str!("python/monte_carlo_pi.py"),
    };

    fn new(n: u64) -> Self {
        // The blocks, and so the streams, depend on n only — never on the
        // number of workers.
        MonteCarloPi {
            split: RangeSplit::new(n, 1 << 14, 4096),
        }
    }

    fn answer(&self, parts: Vec<u64>) -> Answer {
        let inside: u64 = parts.into_iter().sum();
        let n = self.split.n;
        // Both integers are below 2^53, so they convert exactly and the
        // division is rounded once, as Python's `4 * inside / n` is.
        let estimate = (4 * inside) as f64 / n as f64;
        Answer {
            value: format!("{inside} of {n} points inside; estimate {estimate:?}"),
            display: format!(
                "π ≈ {estimate:.6} ({} of {} inside)",
                group_digits(&inside.to_string()),
                group_digits(&n.to_string())
            ),
            image: None,
            before: None,
        }
    }
}
