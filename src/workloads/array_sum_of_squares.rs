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
#![warn(missing_docs)]

use super::monte_carlo_pi::SplitMix64;
use super::sum_of_squares::exact_total;
use super::{Answer, Workload, WorkloadInfo};
use crate::driver::{Blocks, RangeSplit};
use crate::input::group_digits;

/// The workload's id in requests, URLs and the catalogue.
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
        // At least 2^16 values (256 KB) a block: a block is only ~10 µs of
        // reading, and every block costs a few writes to words both workers
        // share (the task counter, progress, the clock) — at 2^14 a block,
        // a measurable share of a run this short.
        let split = RangeSplit::new(values.len() as u64, 1 << 16, 4096);
        ArraySumOfSquares { values, split }
    }
}

/// The exact sum of squares of a chunk.
///
/// Each square fits a u64 (u32 · u32), but their sum does not, and a u128
/// add (a 64-bit add and a carry per value) is not something SSE2 or wasm
/// SIMD can do in vector lanes. Two u64 sums can: `high`, the squares' top
/// 32 bits added up (each below 2^32, so at most 2^32 of them fit — chunks
/// are far shorter, at most 6.4e7 values in all), and `wrapped`, the squares
/// added up modulo 2^64. The exact total is `high·2^32 + low`, where `low`,
/// the sum of the bottom halves, is below 2^64 — so `low` is `wrapped −
/// high·2^32` modulo 2^64, recovered exactly at the end. Plain u64 adds and
/// one shift a value, so the loop vectorises — with SSE2 natively, with
/// simd128 in wasm (written out below: LLVM's own vectorisation of this loop
/// is poor there).
#[cfg(not(target_arch = "wasm32"))]
fn sum_of_squares(chunk: &[u32]) -> u128 {
    let (mut high, mut wrapped) = (0u64, 0u64);
    for &v in chunk {
        let square = v as u64 * v as u64;
        high += square >> 32;
        wrapped = wrapped.wrapping_add(square);
    }
    exact_total(high, wrapped)
}

/// The same sums as the portable `sum_of_squares`, written with wasm's
/// SIMD instructions.
///
/// Seen in the wasm LLVM makes of the portable loop (`--emit asm`): two
/// values an iteration, squared with `i64x2.mul` — a full 64 × 64-bit
/// multiply, which V8 builds from three 32-bit multiplies and shifts —
/// and a `v128.const` mask inside the loop (V8 rebuilds such constants on
/// every iteration, see `sqrt_sin::Constants`). Here: four values a load,
/// squared with `u64x2_extmul_{low,high}_u32x4` (a 32 × 32 → 64-bit multiply,
/// which is all a u32 square needs), eight values an iteration, no constant.
#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "simd128")]
fn sum_of_squares(chunk: &[u32]) -> u128 {
    use core::arch::wasm32::*;
    let (mut high, mut wrapped) = (u64x2_splat(0), u64x2_splat(0));
    let mut eights = chunk.chunks_exact(8);
    for eight in &mut eights {
        // SAFETY: `eight` holds 8 u32s, 32 bytes: two 16-byte loads inside
        // the slice; `v128_load` does not need any alignment.
        let (a, b) = unsafe {
            let p = eight.as_ptr() as *const v128;
            (v128_load(p), v128_load(p.add(1)))
        };
        for v in [a, b] {
            let (first, second) = (u64x2_extmul_low_u32x4(v, v), u64x2_extmul_high_u32x4(v, v));
            high = u64x2_add(high, u64x2_add(u64x2_shr(first, 32), u64x2_shr(second, 32)));
            wrapped = u64x2_add(wrapped, u64x2_add(first, second));
        }
    }
    let mut high = u64x2_extract_lane::<0>(high) + u64x2_extract_lane::<1>(high);
    let mut wrapped =
        u64x2_extract_lane::<0>(wrapped).wrapping_add(u64x2_extract_lane::<1>(wrapped));
    for &v in eights.remainder() {
        let square = v as u64 * v as u64;
        high += square >> 32;
        wrapped = wrapped.wrapping_add(square);
    }
    exact_total(high, wrapped)
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
        // The same file `bench/workloads.py` runs and
        // `tests/workloads_python.rs` checks against this workload's answer.
        python: include_str!("python/array_sum_of_squares.py"),
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
