//! Sum of squares over a big array, in chunks: the tutorials' data-parallel
//! example.
//!
//! Lesson: `multiprocessing.Pool.map` over chunks of a list pickles every chunk
//! and copies it into another process before any squaring starts — for a
//! cheap operation like this one, moving the data can cost more than the
//! arithmetic. Threads share one array: handing a chunk to a worker is handing
//! over two indices. The copy does not vanish entirely in the browser, though:
//! an array made in JavaScript lives outside wasm memory and must be copied in
//! once ([`ArraySumOfSquares::from_values`]), and the page shows what that costs.

use super::monte_carlo_pi::SplitMix64;
use super::{Answer, Workload, WorkloadInfo};
use crate::driver::{Blocks, RangeSplit};
use crate::input::group_digits;

pub const ID: &str = "array-sum-of-squares";

/// Seed of the values [`ArraySumOfSquares::new`] generates.
pub const SEED: u64 = 0x5eed_2024_0f5a_0a11;

/// Memory the array may use, in bytes (4 bytes a value).
pub const MEMORY_LIMIT: u64 = 256_000_000;

/// `sum(v * v for v in values)`, exactly, over chunks of one shared array.
pub struct ArraySumOfSquares {
    values: Vec<u32>,
    split: RangeSplit,
}

/// `n` pseudo-random u32 values: the top half of each SplitMix64 output.
pub fn generate(n: usize) -> Vec<u32> {
    let mut rng = SplitMix64::new(SEED);
    (0..n).map(|_| (rng.next_u64() >> 32) as u32).collect()
}

impl ArraySumOfSquares {
    /// Takes an array made elsewhere (by JavaScript, in the browser), which
    /// has already been copied into wasm memory.
    pub fn from_values(values: Vec<u32>) -> Self {
        let split = RangeSplit::new(values.len() as u64, 1 << 14, 4096);
        ArraySumOfSquares { values, split }
    }

    pub fn values(&self) -> &[u32] {
        &self.values
    }
}

fn sum_of_squares(chunk: &[u32]) -> u128 {
    // Each square fits a u64 (u32 · u32); adding in u128 keeps the total exact
    // (at most 6.4e7 values below 2^64 each: far below 2^128).
    chunk.iter().map(|&v| (v as u64 * v as u64) as u128).sum()
}

impl Blocks for ArraySumOfSquares {
    type Part = u128;
    fn block_count(&self) -> usize {
        self.split.count()
    }
    fn compute(&self, index: usize) -> u128 {
        let range = self.split.range(index);
        sum_of_squares(&self.values[range.start as usize..range.end as usize])
    }
}

impl Workload for ArraySumOfSquares {
    const INFO: WorkloadInfo = WorkloadInfo {
        id: ID,
        title: "Sum of squares of an array",
        size_label: "n: values in the array (4 bytes each)",
        default_size: 16_000_000,
        max_size: MEMORY_LIMIT / 4,
        // Measured natively: ~1.2 ns a value (reading memory, not squaring,
        // is the limit), not counting making the array; browser ≈ 1.3 × native.
        ns_per_unit: 1.5,
        cost_exponent: 1.0,
        lesson: "The tutorials' data-parallel example: split a big array into chunks, square and sum each chunk in its own process, add the partial sums. Python's multiprocessing pickles every chunk and copies it into the worker process, which for work this cheap can cost more than the arithmetic. Threads share the array, so a chunk is just a pair of indices. One copy remains in the browser: an array made in JavaScript must be copied into wasm memory before any worker can read it — the page times that copy separately.",
        python: r#"from multiprocessing import Pool

MASK = (1 << 64) - 1
SEED = 0x5EED20240F5A0A11

def make_values(n):
    # SplitMix64, top 32 bits of each output: the same array threadlab makes
    state, values = SEED, []
    for _ in range(n):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        values.append((z ^ (z >> 31)) >> 32)
    return values

def sum_of_squares(chunk):
    return sum(v * v for v in chunk)

if __name__ == "__main__":
    n, workers = 1_000_000, 4
    values = make_values(n)
    size = -(-n // workers)
    chunks = [values[i:i + size] for i in range(0, n, size)]
    with Pool(workers) as pool:
        # each chunk is pickled and copied into a worker process
        total = sum(pool.map(sum_of_squares, chunks))
    assert total == sum_of_squares(values)
    print(total)
"#,
    };

    fn new(n: u64) -> Self {
        ArraySumOfSquares::from_values(generate(n as usize))
    }

    fn check_size_further(n: u64) -> Result<(), String> {
        // The limit here is memory, not time: say so rather than quote seconds.
        let bytes = n as u128 * 4;
        if bytes > MEMORY_LIMIT as u128 {
            return Err(format!(
                "An array of {} u32 values needs {} MB; threadlab allows {} MB ({} values).",
                group_digits(&n.to_string()),
                group_digits(&(bytes / 1_000_000).to_string()),
                MEMORY_LIMIT / 1_000_000,
                group_digits(&(MEMORY_LIMIT / 4).to_string())
            ));
        }
        Ok(())
    }

    fn answer(&self, parts: Vec<u128>) -> Answer {
        let total: u128 = parts.into_iter().sum();
        Answer {
            value: total.to_string(),
            display: format!(
                "{} (sum of squares of {} values)",
                group_digits(&total.to_string()),
                group_digits(&self.values.len().to_string())
            ),
            image: None,
            before: None,
        }
    }
}
