//! The counting loop: `count += 1`, n times — the tutorials' GIL example.
//!
//! Lesson: the tutorials run this twice on two Python threads and show it
//! takes as long as running it twice on one, because only the thread holding
//! the GIL executes bytecode. Here the two halves run on real wasm threads
//! with no interpreter lock, and the time halves. (Issue "threads vs
//! processes vs the GIL" puts a simulated GIL back to show the difference.)
#![warn(missing_docs)]

use std::hint::black_box;

use super::{Answer, Workload, WorkloadInfo};
use crate::driver::{Blocks, RangeSplit};
use crate::input::group_digits;

/// The workload's id in requests, URLs and the catalogue.
pub const ID: &str = "counting-loop";

/// Counts to `n` one increment at a time.
pub struct CountingLoop {
    split: RangeSplit,
}

/// `count += 1` until the count reaches `len`.
///
/// The step is 1, read once per block through `black_box`, so the compiler
/// cannot know it: with an unknown step it cannot work out how many times the
/// loop runs (a step of 0 would never end), so it cannot replace the loop by
/// `count = len` — as it does for a literal `+= 1`. Unlike `black_box` on
/// every item (what threadlab did first), this costs nothing per item on any
/// target: the count stays in a register natively and in a local in wasm,
/// where `black_box` had forced a store and a load through linear memory each
/// time round and made wasm 7× slower than native.
fn count_block(len: u64) -> u64 {
    let step = black_box(1u64);
    let mut count = 0u64;
    while count < len {
        count += step;
    }
    count
}

impl Blocks for CountingLoop {
    type Part = u64;
    fn block_count(&self) -> usize {
        self.split.count()
    }
    fn compute(&self, index: usize) -> u64 {
        let range = self.split.range(index);
        count_block(range.end - range.start)
    }
}

impl Workload for CountingLoop {
    const INFO: WorkloadInfo = WorkloadInfo {
        id: ID,
        title: "Counting loop",
        size_label: "n: how many times count += 1 runs",
        default_size: 1_000_000_000,
        max_size: 15_000_000_000,
        ns_per_unit: 1.5,
        cost_exponent: 1.0,
        lesson: "The loop the tutorials use to show the GIL: two Python threads counting take as long as one thread counting twice, because only one of them may execute bytecode at a time. On wasm threads there is no interpreter lock, so splitting the count across workers divides the time.",
        // The same file `bench/workloads.py` runs and
        // `tests/workloads_python.rs` checks against this workload's answer.
        python: include_str!("python/counting_loop.py"),
    };

    fn new(n: u64) -> Self {
        CountingLoop {
            split: RangeSplit::new(n, 1 << 14, 4096),
        }
    }

    fn answer(&self, parts: Vec<u64>) -> Answer {
        let total: u64 = parts.into_iter().sum();
        Answer {
            value: total.to_string(),
            display: group_digits(&total.to_string()),
            image: None,
            before: None,
        }
    }
}
