//! Running a workload on one thread, or on exactly `k` threads of the pool.
//!
//! Every workload is cut into numbered *blocks* that can be computed
//! independently (rows of an image, ranges of `range(n)`). The same blocks are
//! merged in the same order whether one thread or many computed them, so the
//! sequential and parallel answers are identical to the bit — even for
//! floating point, where `(a + b) + c != a + (b + c)` and a naive parallel sum
//! would differ from the sequential one in its last digits.
//!
//! ## What "k workers" means here
//! In the browser, wasm-bindgen-rayon builds one rayon pool of N Web Workers
//! (`initThreadPool` can run only once per instance). To run on exactly `k`
//! of them, [`run_parallel`] uses [`rayon::broadcast`], which runs a closure
//! once on *every* thread of the pool, each knowing its index. Threads with
//! index `< k` take blocks; the others return at once. So exactly `k` distinct
//! threads compute — never more (the rest do no work) and never fewer (each of
//! the `k` is its own thread, unlike `k` tasks that one thread might run one
//! after another). [`ParallelRun::blocks_per_worker`] records what each did.
//!
//! Blocks are handed out by a shared counter (dynamic self-scheduling): a
//! worker that finishes early takes the next block, so uneven blocks still
//! balance.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::clock::now_ms;
use crate::control::Control;

/// A workload cut into independent blocks.
pub trait Blocks: Sync {
    /// What one block produces.
    type Part: Send;
    /// How many blocks there are.
    fn block_count(&self) -> usize;
    /// Computes block `index` (`0 <= index < block_count()`).
    fn compute(&self, index: usize) -> Self::Part;
}

/// Why a run produced no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunFailure {
    /// [`Control::request_cancel`] was called during the run.
    Cancelled,
    /// More workers were asked for than the pool has threads.
    NotEnoughThreads { requested: usize, available: usize },
}

impl std::fmt::Display for RunFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunFailure::Cancelled => write!(f, "the run was cancelled"),
            RunFailure::NotEnoughThreads {
                requested,
                available,
            } => write!(
                f,
                "{requested} workers were requested but the pool has {available} threads"
            ),
        }
    }
}

/// The parts of a run in block order, with how long it took.
#[derive(Debug)]
pub struct SequentialRun<P> {
    pub parts: Vec<P>,
    pub elapsed_ms: f64,
}

/// The parts of a parallel run in block order, and who computed what.
#[derive(Debug)]
pub struct ParallelRun<P> {
    pub parts: Vec<P>,
    pub elapsed_ms: f64,
    /// Blocks computed by each of the `k` workers (pool thread index = position).
    pub blocks_per_worker: Vec<usize>,
}

/// Computes every block on the calling thread, in order.
///
/// `on_block` is called after each block with `(done, total)`; the browser
/// build uses it to report progress when shared memory is unavailable.
pub fn run_sequential<B: Blocks>(
    work: &B,
    control: &Control,
    mut on_block: impl FnMut(usize, usize),
) -> Result<SequentialRun<B::Part>, RunFailure> {
    let total = work.block_count();
    control.begin(total);
    let start = now_ms();
    let mut parts = Vec::with_capacity(total);
    for index in 0..total {
        if control.is_cancelled() {
            return Err(RunFailure::Cancelled);
        }
        parts.push(work.compute(index));
        control.block_done();
        on_block(index + 1, total);
    }
    Ok(SequentialRun {
        parts,
        elapsed_ms: now_ms() - start,
    })
}

/// Computes the blocks on exactly `workers` threads of the current rayon pool.
///
/// Must not be called from a thread of that pool (it would wait for itself);
/// in the browser the caller is the coordinator worker, outside the pool.
pub fn run_parallel<B: Blocks>(
    work: &B,
    workers: usize,
    control: &Control,
) -> Result<ParallelRun<B::Part>, RunFailure> {
    let available = rayon::current_num_threads();
    if workers == 0 || workers > available {
        return Err(RunFailure::NotEnoughThreads {
            requested: workers,
            available,
        });
    }
    let total = work.block_count();
    control.begin(total);
    let next_block = AtomicUsize::new(0);

    let start = now_ms();
    let per_thread: Vec<Vec<(usize, B::Part)>> = rayon::broadcast(|ctx| {
        let mut mine = Vec::new();
        if ctx.index() >= workers {
            return mine; // not one of the k: do nothing, so only k threads work
        }
        while !control.is_cancelled() {
            let index = next_block.fetch_add(1, Ordering::Relaxed);
            if index >= total {
                break;
            }
            mine.push((index, work.compute(index)));
            control.block_done();
        }
        mine
    });
    let elapsed_ms = now_ms() - start;

    if control.is_cancelled() {
        return Err(RunFailure::Cancelled);
    }
    let blocks_per_worker = per_thread[..workers].iter().map(Vec::len).collect();
    // Put the parts back in block order: the merge must not depend on who
    // computed what.
    let mut slots: Vec<Option<B::Part>> = (0..total).map(|_| None).collect();
    for (index, part) in per_thread.into_iter().flatten() {
        slots[index] = Some(part);
    }
    let parts = slots
        .into_iter()
        .map(|slot| slot.expect("every block is computed exactly once"))
        .collect();
    Ok(ParallelRun {
        parts,
        elapsed_ms,
        blocks_per_worker,
    })
}

/// Cuts `0..n` into at most `max_blocks` contiguous ranges of at least
/// `min_len` items (the last one may be shorter).
#[derive(Debug, Clone, Copy)]
pub struct RangeSplit {
    pub n: u64,
    pub block_len: u64,
}

impl RangeSplit {
    pub fn new(n: u64, min_len: u64, max_blocks: u64) -> Self {
        let block_len = n.div_ceil(max_blocks).max(min_len).max(1);
        RangeSplit { n, block_len }
    }

    pub fn count(&self) -> usize {
        self.n.div_ceil(self.block_len) as usize
    }

    pub fn range(&self, index: usize) -> std::ops::Range<u64> {
        let start = index as u64 * self.block_len;
        start..(start + self.block_len).min(self.n)
    }
}
