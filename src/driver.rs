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
//! In the browser, wasm-bindgen-rayon builds one rayon pool of N threads
//! (`initThreadPool` can run only once per instance): the coordinator worker
//! that asked for it is thread 0 and N − 1 Web Workers are the rest (our
//! patch, `vendor/wasm-bindgen-rayon/PATCH.md`: the caller computes its share
//! instead of blocking while N others do, so N threads run on N CPUs, not
//! N + 1). To run on exactly `k` of them, [`run_parallel`] uses
//! [`rayon::broadcast`], which runs a closure
//! once on *every* thread of the pool, each knowing its index. Threads with
//! index `< k` take blocks; the others return at once. So exactly `k` distinct
//! threads compute — never more (the rest do no work) and never fewer (each of
//! the `k` is its own thread, unlike `k` tasks that one thread might run one
//! after another). [`ParallelRun::blocks_per_worker`] records what each did.
//!
//! Blocks are handed out by a shared counter (dynamic self-scheduling): a
//! worker that finishes early takes the next block, so uneven blocks still
//! balance.
#![warn(missing_docs)]

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    NotEnoughThreads {
        /// Workers asked for (0 counts as too few).
        requested: usize,
        /// Threads in the current rayon pool.
        available: usize,
    },
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
    /// What each block produced, in block order.
    pub parts: Vec<P>,
    /// Milliseconds the whole run took, all blocks one after another.
    pub elapsed_ms: f64,
    /// When the run started, on the shared clock.
    pub started_ms: f64,
    /// One span per block, all on worker 0 (the calling thread).
    pub spans: Vec<TaskSpan>,
}

/// The parts of a parallel run in block order, and who computed what.
#[derive(Debug)]
pub struct ParallelRun<P> {
    /// What each block produced, in block order (not in the order computed).
    pub parts: Vec<P>,
    /// Wall-clock milliseconds from the broadcast's start until every thread
    /// of the pool returned.
    pub elapsed_ms: f64,
    /// Blocks computed by each of the `k` workers (pool thread index = position).
    pub blocks_per_worker: Vec<usize>,
    /// When the run started, on the shared clock.
    pub started_ms: f64,
    /// Every task, in start order.
    pub spans: Vec<TaskSpan>,
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
    let mut spans = Vec::with_capacity(total);
    for index in 0..total {
        if control.is_cancelled() {
            return Err(RunFailure::Cancelled);
        }
        let block_start = now_ms();
        parts.push(work.compute(index));
        spans.push(TaskSpan {
            worker: 0,
            first_block: index as u32,
            blocks: 1,
            start_ms: block_start,
            end_ms: now_ms(),
        });
        control.block_done();
        on_block(index + 1, total);
    }
    Ok(SequentialRun {
        parts,
        elapsed_ms: now_ms() - start,
        started_ms: start,
        spans,
    })
}

/// How blocks are shared out among the `k` workers.
///
/// A *task* is `chunk` consecutive blocks: the unit a worker takes at once and
/// the unit drawn on the timeline. Fewer, bigger tasks cost less coordination;
/// more, smaller ones balance better — the granularity trade-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "lowercase")]
pub enum Schedule {
    /// Worker `i` gets the `i`-th contiguous `1/k` of the tasks up front, like
    /// `pool.map` with `chunksize = len // k`. Cheapest, but a worker whose
    /// share happens to be heavy finishes last while the others idle.
    Static,
    /// An idle worker takes the next task from one shared counter, like
    /// `pool.imap(..., chunksize)`: balances well, one atomic add per task.
    Dynamic,
    /// Work stealing, as rayon and Cilk do it: each worker starts with its
    /// static share, takes tasks from its front, and when it runs dry steals
    /// the back half of the largest remaining share of another worker.
    Stealing,
}

/// How a parallel run is carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Exactly this many pool threads compute (1 to the pool's size).
    pub workers: usize,
    /// How the tasks are shared out.
    pub schedule: Schedule,
    /// Blocks per task, at least 1 (clamped to the block count).
    pub chunk: usize,
}

impl Plan {
    /// `workers` threads, dynamic, one block per task: the default.
    pub fn new(workers: usize) -> Self {
        Plan {
            workers,
            schedule: Schedule::Dynamic,
            chunk: 1,
        }
    }
}

/// One task on the timeline: which worker ran which blocks, and when, on the
/// shared clock ([`crate::clock::now_ms`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TaskSpan {
    /// Pool thread index (0 to `k - 1`): the lane the timeline draws it in.
    pub worker: u32,
    /// The task's first block; the timeline labels it `blocks first–last`.
    pub first_block: u32,
    /// Blocks in the task (`chunk`, fewer for the last task).
    pub blocks: u32,
    /// When the worker took the task, in ms on the shared clock.
    pub start_ms: f64,
    /// When it finished the task's last block.
    pub end_ms: f64,
}

/// What one thread computed: its `(block, part)`s and its task spans.
type ThreadShare<P> = (Vec<(usize, P)>, Vec<TaskSpan>);

/// Computes the blocks on exactly `workers` threads of the current rayon pool
/// (dynamic schedule, one block per task). See [`run_parallel_with`].
pub fn run_parallel<B: Blocks>(
    work: &B,
    workers: usize,
    control: &Control,
) -> Result<ParallelRun<B::Part>, RunFailure> {
    run_parallel_with(work, Plan::new(workers), control)
}

/// Computes the blocks on exactly `plan.workers` threads of the current rayon
/// pool, shared out by `plan.schedule` in tasks of `plan.chunk` blocks.
///
/// Called from outside the pool (natively, a test thread) or from its thread
/// 0 (in the browser, the coordinator), which then computes as worker 0:
/// rayon runs a pool thread's own share of its broadcast on that thread.
pub fn run_parallel_with<B: Blocks>(
    work: &B,
    plan: Plan,
    control: &Control,
) -> Result<ParallelRun<B::Part>, RunFailure> {
    let workers = plan.workers;
    let available = rayon::current_num_threads();
    if workers == 0 || workers > available {
        return Err(RunFailure::NotEnoughThreads {
            requested: workers,
            available,
        });
    }
    let total = work.block_count();
    let chunk = plan.chunk.clamp(1, total.max(1));
    let tasks = total.div_ceil(chunk);
    control.begin(total);
    let dealer = Dealer::new(plan.schedule, tasks, workers);

    let start = now_ms();
    let per_thread: Vec<ThreadShare<B::Part>> = rayon::broadcast(|ctx| {
        let mut parts = Vec::new();
        let mut spans = Vec::new();
        let me = ctx.index();
        if me >= workers {
            return (parts, spans); // not one of the k: do nothing, so only k threads work
        }
        while !control.is_cancelled() {
            let Some(task) = dealer.next(me) else { break };
            let first = task * chunk;
            let last = (first + chunk).min(total);
            let task_start = now_ms();
            for index in first..last {
                parts.push((index, work.compute(index)));
                control.block_done();
            }
            spans.push(TaskSpan {
                worker: me as u32,
                first_block: first as u32,
                blocks: (last - first) as u32,
                start_ms: task_start,
                end_ms: now_ms(),
            });
        }
        (parts, spans)
    });
    let elapsed_ms = now_ms() - start;

    if control.is_cancelled() {
        return Err(RunFailure::Cancelled);
    }
    let blocks_per_worker = per_thread[..workers].iter().map(|(p, _)| p.len()).collect();
    let mut spans: Vec<TaskSpan> = per_thread
        .iter()
        .flat_map(|(_, s)| s.iter().copied())
        .collect();
    spans.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
    // Put the parts back in block order: the merge must not depend on who
    // computed what.
    let mut slots: Vec<Option<B::Part>> = (0..total).map(|_| None).collect();
    for (index, part) in per_thread.into_iter().flat_map(|(p, _)| p) {
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
        started_ms: start,
        spans,
    })
}

/// Hands out task numbers `0..tasks` to `workers` workers, each exactly once.
enum Dealer {
    Static {
        tasks: usize,
        workers: usize,
        next: Vec<AtomicUsize>,
    },
    Dynamic {
        tasks: usize,
        next: AtomicUsize,
    },
    /// One word per worker: its remaining tasks `[lo, hi)` packed as
    /// `lo << 32 | hi`. The owner takes from the front and thieves from the
    /// back, both by compare-and-swap on the same word, so a task can never
    /// be taken twice.
    Stealing {
        shares: Vec<AtomicU64>,
    },
}

fn pack(lo: usize, hi: usize) -> u64 {
    ((lo as u64) << 32) | hi as u64
}

fn unpack(word: u64) -> (usize, usize) {
    ((word >> 32) as usize, (word & 0xffff_ffff) as usize)
}

impl Dealer {
    fn new(schedule: Schedule, tasks: usize, workers: usize) -> Self {
        let share = |i: usize| i * tasks / workers; // contiguous, sizes differ by at most 1
        match schedule {
            Schedule::Static => Dealer::Static {
                tasks,
                workers,
                next: (0..workers).map(|i| AtomicUsize::new(share(i))).collect(),
            },
            Schedule::Dynamic => Dealer::Dynamic {
                tasks,
                next: AtomicUsize::new(0),
            },
            Schedule::Stealing => Dealer::Stealing {
                shares: (0..workers)
                    .map(|i| AtomicU64::new(pack(share(i), share(i + 1))))
                    .collect(),
            },
        }
    }

    /// The next task for worker `me`, or `None` when there is no work left.
    fn next(&self, me: usize) -> Option<usize> {
        match self {
            Dealer::Static {
                tasks,
                workers,
                next,
            } => {
                let end = (me + 1) * tasks / workers;
                // Only worker `me` touches next[me]; atomics just make it Sync.
                let task = next[me].load(Ordering::Relaxed);
                (task < end).then(|| {
                    next[me].store(task + 1, Ordering::Relaxed);
                    task
                })
            }
            Dealer::Dynamic { tasks, next } => {
                let task = next.fetch_add(1, Ordering::Relaxed);
                (task < *tasks).then_some(task)
            }
            Dealer::Stealing { shares } => loop {
                // Own share first, from the front.
                let mine = &shares[me];
                let mut word = mine.load(Ordering::Acquire);
                loop {
                    let (lo, hi) = unpack(word);
                    if lo >= hi {
                        break;
                    }
                    match mine.compare_exchange_weak(
                        word,
                        pack(lo + 1, hi),
                        Ordering::AcqRel,
                        Ordering::Acquire,
                    ) {
                        Ok(_) => return Some(lo),
                        Err(now) => word = now,
                    }
                }
                // Empty: steal the back half of the largest other share.
                let victim = (0..shares.len())
                    .filter(|&v| v != me)
                    .map(|v| {
                        let (lo, hi) = unpack(shares[v].load(Ordering::Acquire));
                        (hi.saturating_sub(lo), v)
                    })
                    .max()?;
                if victim.0 == 0 {
                    return None; // nothing left anywhere
                }
                let theirs = &shares[victim.1];
                let word = theirs.load(Ordering::Acquire);
                let (lo, hi) = unpack(word);
                if lo >= hi {
                    continue; // emptied meanwhile: look again
                }
                let take = (hi - lo).div_ceil(2);
                if theirs
                    .compare_exchange(
                        word,
                        pack(lo, hi - take),
                        Ordering::AcqRel,
                        Ordering::Acquire,
                    )
                    .is_ok()
                {
                    // Our own word is empty, and nobody changes an empty
                    // share, so a plain store is safe. Keep the first stolen
                    // task, offer the rest to others.
                    mine.store(pack(hi - take + 1, hi), Ordering::Release);
                    return Some(hi - take);
                }
            },
        }
    }
}

/// Cuts `0..n` into at most `max_blocks` contiguous ranges of at least
/// `min_len` items (the last one may be shorter).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RangeSplit {
    /// Items in all: the range is `0..n`.
    pub(crate) n: u64,
    /// Items per block (all but the last).
    block_len: u64,
}

impl RangeSplit {
    /// Blocks of `n.div_ceil(max_blocks)` items, but at least `min_len` (and 1).
    pub(crate) fn new(n: u64, min_len: u64, max_blocks: u64) -> Self {
        let block_len = n.div_ceil(max_blocks).max(min_len).max(1);
        RangeSplit { n, block_len }
    }

    /// How many blocks there are.
    pub(crate) fn count(&self) -> usize {
        self.n.div_ceil(self.block_len) as usize
    }

    /// The items of block `index`.
    pub(crate) fn range(&self, index: usize) -> std::ops::Range<u64> {
        let start = index as u64 * self.block_len;
        start..(start + self.block_len).min(self.n)
    }
}
