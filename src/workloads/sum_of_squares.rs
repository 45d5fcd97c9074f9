//! Sum of squares over `range(n)`: the tutorials' first CPU-bound example.
//!
//! Lesson: pure arithmetic with no waiting is *CPU-bound*: it only finishes
//! sooner if more cores work on it at once. The result is exact, like Python's
//! integers, which never overflow: the sum below 10^7 is
//! 333_333_283_333_335_000_000, already more than a u64 holds, so threadlab
//! accumulates in u128 and refuses sizes whose sum would not fit even there.
#![warn(missing_docs)]

use std::hint::black_box;

use super::{Answer, Workload, WorkloadInfo};
use crate::driver::{Blocks, RangeSplit};
use crate::input::group_digits;

/// The workload's id in requests, URLs and the catalogue.
pub const ID: &str = "sum-of-squares";

/// `sum(i * i for i in range(n))`, exactly.
pub struct SumOfSquares {
    split: RangeSplit,
}

/// The largest `n` for which `sum(i*i for i in range(n))` fits in a u128.
pub fn largest_exact_n() -> u64 {
    // The closed form (n-1)n(2n-1)/6 is used only to *check* a size, never to
    // compute the answer: the point is to do the work.
    let fits = |n: u64| -> bool {
        let n = n as u128;
        if n == 0 {
            return true;
        }
        (n - 1)
            .checked_mul(n)
            .and_then(|p| p.checked_mul(2 * n - 1))
            .is_some()
    };
    let (mut lo, mut hi) = (1u64, 1u64 << 45);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

/// The sum of squares of `range`, one item at a time.
///
/// `i` goes up by a step of 1 that the compiler cannot see (read once per
/// block through `black_box`): without it LLVM replaces the loop by its
/// closed form (sums of polynomials are "add recurrences" to it), and with an
/// unknown step it cannot know how often the loop runs. threadlab first put
/// every `i` through `black_box` instead, which costs nothing natively but a
/// store and a load through linear memory per item in wasm.
///
/// `#[inline(never)]`: inlined, this loop became part of `workloads::run`, a
/// wasm function of ~29,000 lines that dispatches every workload; as its own
/// small function V8's code for it was a little faster (two A/B runs in one
/// Chromium session each, builds alternated: medians 500 → 467 and 492 →
/// 482 ms). A call per block costs nothing here.
#[inline(never)]
fn sum_block(range: std::ops::Range<u64>) -> u128 {
    let step = black_box(1u64);
    let mut i = range.start;
    if range.end <= 1 << 32 {
        // i < 2^32, so i*i fits a u64: one 64-bit multiply per item instead of
        // a 128-bit one (wasm has no 64x64->128 instruction). Two u64 sums
        // replace a u128 one (an add with a carry per item in wasm): the
        // squares' top 32 bits, and the squares themselves modulo 2^64; the
        // exact total comes back from the two at the end ([`exact_total`]).
        // An earlier version summed the bottom halves (`square & 0xffff_ffff`)
        // instead of the wrapped squares: the mask cost V8 ~20 % (kernel
        // alone in Chromium, medians of 9: 496 → 382 ms; native 397 → 388).
        let (mut high, mut wrapped) = (0u64, 0u64);
        while i < range.end {
            let square = i * i;
            high += square >> 32;
            wrapped = wrapped.wrapping_add(square);
            i += step;
        }
        exact_total(high, wrapped)
    } else {
        let mut total: u128 = 0;
        while i < range.end {
            total += i as u128 * i as u128;
            i += step;
        }
        total
    }
}

/// The exact sum of fewer than 2^32 squares below 2^64, from `high`, the sum
/// of their top 32 bits, and `wrapped`, their sum modulo 2^64.
///
/// The total is `high·2^32 + low`, where `low`, the sum of the bottom 32 bits,
/// is below 2^64 (fewer than 2^32 terms below 2^32) — so `low` is exactly
/// `wrapped − high·2^32` modulo 2^64. Plain u64 adds and one shift a square
/// in the loop: no mask, no carry, and it vectorises (the array sum's kernel
/// uses it in SIMD lanes).
pub(super) fn exact_total(high: u64, wrapped: u64) -> u128 {
    let low = wrapped.wrapping_sub(high << 32);
    ((high as u128) << 32) + low as u128
}

impl Blocks for SumOfSquares {
    type Part = u128;
    fn block_count(&self) -> usize {
        self.split.count()
    }
    fn compute(&self, index: usize) -> u128 {
        sum_block(self.split.range(index))
    }
}

impl Workload for SumOfSquares {
    const INFO: WorkloadInfo = WorkloadInfo {
        id: ID,
        title: "Sum of squares",
        size_label: "n: adds i² for i in range(n)",
        default_size: 500_000_000,
        max_size: 10_000_000_000,
        // ~0.65 ns a term below 2^32 (64-bit multiply), more above (128-bit).
        ns_per_unit: 0.8,
        cost_exponent: 1.0,
        lesson: "Pure arithmetic and no waiting: a CPU-bound task. Only more cores make it finish sooner, so this is where threads that really run in parallel pay off — and where Python's threads, holding the GIL, do not. The answer is exact, like a Python int: threadlab adds in 128-bit integers and refuses sizes whose sum would not fit.",
        // The same file `bench/workloads.py` runs and
        // `tests/workloads_python.rs` checks against this workload's answer.
        python: include_str!("python/sum_of_squares.py"),
    };

    fn new(n: u64) -> Self {
        SumOfSquares {
            split: RangeSplit::new(n, 1 << 14, 4096),
        }
    }

    fn check_size_further(n: u64) -> Result<(), String> {
        let limit = largest_exact_n();
        if n > limit {
            return Err(format!(
                "The sum of squares below {} does not fit in 128 bits (the largest exact size is {}). Python would keep going with a bigger integer; threadlab stops here.",
                group_digits(&n.to_string()),
                group_digits(&limit.to_string())
            ));
        }
        Ok(())
    }

    fn answer(&self, parts: Vec<u128>) -> Answer {
        // Cannot overflow: check_size_further bounds the whole sum.
        let total: u128 = parts.into_iter().sum();
        Answer {
            value: total.to_string(),
            display: group_digits(&total.to_string()),
            image: None,
            before: None,
        }
    }
}
