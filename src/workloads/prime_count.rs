//! Counting primes below n by trial division: equal chunks, unequal work.
//!
//! Lesson: the tutorials cut `range(n)` into as many equal chunks as there are
//! processes and expect equal speedups. But testing a large number for
//! primality takes more divisions than testing a small one (up to its square
//! root), so the last chunk costs several times the first. With k equal
//! chunks, k-1 workers would sit idle while the last one finishes; threadlab
//! cuts the range into ~2000 small blocks and hands them out one at a time, so
//! the expensive end is shared too.
#![warn(missing_docs)]

use super::{Answer, Workload, WorkloadInfo};
use crate::driver::{Blocks, RangeSplit};
use crate::input::group_digits;

/// The workload's id in requests, URLs and the catalogue.
pub const ID: &str = "prime-count";

/// How many primes are below `n`, one trial division at a time.
pub struct PrimeCount {
    split: RangeSplit,
}

/// Trial division by 2 and then by odd divisors up to √k.
///
/// `u32` on purpose: sizes stay below 2^32, and a 32-bit remainder is much
/// cheaper than a 64-bit one, in wasm as natively.
fn is_prime(k: u32) -> bool {
    if k < 2 {
        return false;
    }
    if k.is_multiple_of(2) {
        return k == 2;
    }
    let mut d = 3u32;
    // k < max_size (7e7), so d stays below 8_400 and d*d cannot overflow.
    while d * d <= k {
        if k.is_multiple_of(d) {
            return false;
        }
        d += 2;
    }
    true
}

fn count_block(range: std::ops::Range<u64>) -> u64 {
    // check_size keeps n ≤ max_size, far below 2^32: every number fits a u32.
    (range.start as u32..range.end as u32)
        .filter(|&k| is_prime(k))
        .count() as u64
}

impl Blocks for PrimeCount {
    type Part = u64;
    fn block_count(&self) -> usize {
        self.split.count()
    }
    fn compute(&self, index: usize) -> u64 {
        count_block(self.split.range(index))
    }
}

impl Workload for PrimeCount {
    const INFO: WorkloadInfo = WorkloadInfo {
        id: ID,
        title: "Counting primes",
        size_label: "n: counts the primes below n by trial division",
        default_size: 6_000_000,
        max_size: 70_000_000,
        // Measured natively: 0.63 s at n = 6e6, 9.8 s at 4e7. A prime k costs
        // √k/2 divisions, so the total grows faster than n: like n^1.45 over
        // this range. Browser ≈ 1.3 × native.
        ns_per_unit: 0.12,
        cost_exponent: 1.45,
        lesson: "Equal-sized chunks are not equal work. Testing whether k is prime takes up to √k divisions, so the numbers near n cost far more than the numbers near 0: split range(n) into one equal chunk per process, as the tutorials do, and the first process finishes long before the last. threadlab cuts the range into about 2000 blocks and hands them out one at a time, so every worker shares the expensive end.",
        // The same file `bench/workloads.py` runs and
        // `tests/workloads_python.rs` checks against this workload's answer.
        python: include_str!("python/prime_count.py"),
    };

    fn new(n: u64) -> Self {
        // Blocks depend on n only, and there are enough of them (~2000) that
        // the costly last ones are spread over every worker.
        PrimeCount {
            split: RangeSplit::new(n, 1 << 10, 2048),
        }
    }

    fn answer(&self, parts: Vec<u64>) -> Answer {
        let total: u64 = parts.into_iter().sum();
        Answer {
            value: total.to_string(),
            display: format!(
                "{} primes below {}",
                group_digits(&total.to_string()),
                group_digits(&self.split.n.to_string())
            ),
            image: None,
            before: None,
        }
    }
}
