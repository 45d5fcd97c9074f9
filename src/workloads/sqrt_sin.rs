//! The `sqrt(i) * sin(i)` accumulation: floating-point work per item.
//!
//! Lesson: a CPU-bound loop over floats parallelises just as well, but adding
//! floats in a different order gives a (slightly) different answer. threadlab
//! sums fixed blocks of `range(n)` and then the block sums in order, so one
//! worker and eight give the same bits. Python's plain left-to-right loop may
//! differ from both in the last few digits — rounding, not a bug.

use super::{Answer, Workload, WorkloadInfo};
use crate::driver::{Blocks, RangeSplit};

pub const ID: &str = "sqrt-sin";

/// `sum(sqrt(i) * sin(i) for i in range(n))`, in fixed blocks.
pub struct SqrtSin {
    split: RangeSplit,
}

fn accumulate(range: std::ops::Range<u64>) -> f64 {
    let mut total = 0.0;
    for i in range {
        let x = i as f64;
        total += x.sqrt() * x.sin();
    }
    total
}

impl Blocks for SqrtSin {
    type Part = f64;
    fn block_count(&self) -> usize {
        self.split.count()
    }
    fn compute(&self, index: usize) -> f64 {
        accumulate(self.split.range(index))
    }
}

impl Workload for SqrtSin {
    const INFO: WorkloadInfo = WorkloadInfo {
        id: ID,
        title: "sqrt(i)·sin(i)",
        size_label: "n: adds sqrt(i)·sin(i) for i in range(n)",
        default_size: 10_000_000,
        // sin() is software libm in wasm: ~90 ns a term in Chromium.
        max_size: 300_000_000,
        ns_per_unit: 90.0,
        cost_exponent: 1.0,
        lesson: "Floating-point maths per item, the tutorials' favourite multiprocessing example. It scales like any CPU-bound loop. Because float addition is not associative, threadlab adds fixed blocks in a fixed order, so any number of workers gives bit-for-bit the same total; Python's single left-to-right loop can differ in the last digits.",
        python: r#"import math
from concurrent.futures import ProcessPoolExecutor

def accumulate(start, stop):
    total = 0.0
    for i in range(start, stop):
        total += math.sqrt(i) * math.sin(i)
    return total

def parallel_accumulate(n, workers, block=1 << 16):
    starts = range(0, n, block)
    stops = [min(s + block, n) for s in starts]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # map keeps block order, so the total does not depend on `workers`
        return sum(pool.map(accumulate, starts, stops, chunksize=64))

if __name__ == "__main__":
    print(parallel_accumulate(10_000_000, 4))
"#,
    };

    fn new(n: u64) -> Self {
        // Block length depends on n only (never on the worker count): that is
        // what makes the total independent of how many workers ran.
        SqrtSin {
            split: RangeSplit::new(n, 1 << 12, 4096),
        }
    }

    fn answer(&self, parts: Vec<f64>) -> Answer {
        let total: f64 = parts.into_iter().fold(0.0, |a, b| a + b);
        Answer {
            // `{:?}` prints the shortest text that reads back as the same f64,
            // as Python's repr does.
            value: format!("{total:?}"),
            display: format!("{total:.6}"),
            image: None,
            before: None,
        }
    }
}
