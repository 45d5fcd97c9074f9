//! Threads vs processes vs the GIL: the task runner behind `modes.html`.
//!
//! Lesson: CPython runs bytecode under one global interpreter lock. A thread
//! holds it while it computes and gives it up (a) every *switch interval*
//! (`sys.getswitchinterval()`, 5 ms) when another thread is waiting, and (b)
//! whenever it blocks on I/O. So threads do not speed up CPU-bound Python,
//! but they do speed up programs that mostly wait. Free-threaded Python
//! (PEP 703) has no such lock.
//!
//! [`SimulatedGil`] simulates that lock on real threads: a FIFO lock (a thread that
//! gives it up joins the back of the queue, so a waiting thread really does
//! get its turn at each switch interval, as CPython's "forced switching"
//! guarantees since 3.2). [`Task`]s are the tutorials' examples: a counting
//! loop (CPU-bound), a blocking wait (I/O-bound, the lock released while it
//! waits), a division that may fail (per-item errors, the `as_completed` +
//! `try/except` pattern) and a deliberate panic (a thread that crashes).
//!
//! [`run_tasks`] runs a task list sequentially or on exactly `k` pool threads
//! through [`crate::driver::run_parallel_with`] (dynamic schedule: an idle
//! thread takes the next task, like `ThreadPoolExecutor`). Every item comes
//! back with its own `Ok`/`Err`, who ran it and when, in completion order.
//!
//! Nothing waits forever: every wait on the lock is in short slices that look
//! at the [`Control`] block, so a run can be cancelled from outside.
//!
//! Files: `gil.rs` the simulated lock, `settings.rs` the page's fields and
//! the task lists built from them, `modes.py` the same comparison in Python.
#![warn(missing_docs)]

mod gil;
mod settings;

use gil::Held;
pub use gil::{Activity, ActivityKind, SimulatedGil};
pub use settings::*;

use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::now_ms;
use crate::control::Control;
use crate::driver::{run_parallel_with, Blocks, Plan, RunFailure, Schedule};

/// The same comparison in Python (shown on the modes page; run natively by
/// `tests/modes.rs` when `python3` is installed).
pub const PYTHON: &str = include_str!("modes.py");

/// CPython's default `sys.getswitchinterval()`: 5 ms.
pub const DEFAULT_SWITCH_INTERVAL_MS: f64 = 5.0;

/// Counting-loop iterations between two looks at the switch interval (a few
/// tens of microseconds: CPython checks its "eval breaker" about as often).
const SLICE: u64 = 20_000;

/// One item of work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Task {
    /// CPU-bound: `count += 1`, `units` times (Python: a `for` loop of bytecode).
    Cpu {
        /// Iterations of the loop.
        units: u64,
    },
    /// I/O-bound: a blocking wait of `ms` (Python: `time.sleep`, a socket read).
    Io {
        /// Length of the wait in milliseconds.
        ms: u32,
    },
    /// `a // b` after `units` of counting: fails with ZeroDivisionError when `b == 0`.
    Divide {
        /// The dividend.
        a: i64,
        /// The divisor; 0 fails.
        b: i64,
        /// Iterations of counting before the division (so items take time).
        units: u64,
    },
    /// Panics: with `panic = abort` this takes down the whole instance.
    Panic,
}

/// One finished item, in the order items finished.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Item {
    /// Position of the task in the submitted list.
    pub index: usize,
    /// Pool thread index (0 for a sequential run).
    pub worker: u32,
    /// When the task started, in ms on the shared clock.
    pub start_ms: f64,
    /// When it finished: the order the page lists items in.
    pub end_ms: f64,
    /// The task's value as text, when it returned one.
    pub ok: Option<String>,
    /// The exception it raised (`ZeroDivisionError: …`), when it failed.
    pub error: Option<String>,
}

/// Runs one task on the calling thread under `gil`. `Err` carries the
/// Python-style exception text; a cancelled run also ends as `Err`.
pub fn run_task(task: &Task, gil: &SimulatedGil, control: &Control) -> Result<String, String> {
    const CANCELLED: &str = "CancelledError: the run was cancelled";
    match *task {
        Task::Cpu { units } => {
            let held = gil.acquire(control).ok_or(CANCELLED)?;
            let (count, held) = count_to(units, held, gil, control).ok_or(CANCELLED)?;
            gil.release(held);
            Ok(count.to_string())
        }
        Task::Io { ms } => {
            // Like a C extension around a blocking call: the lock is released
            // for the wait and taken back to handle the result.
            let started = now_ms();
            let slept = crate::wait::nap(f64::from(ms), control);
            let woke = now_ms();
            gil.record(ActivityKind::Io, started, woke);
            if !slept {
                return Err(CANCELLED.into());
            }
            let held = gil.acquire_since(control, woke).ok_or(CANCELLED)?;
            gil.release(held);
            Ok(format!("waited {ms} ms"))
        }
        Task::Divide { a, b, units } => {
            let held = gil.acquire(control).ok_or(CANCELLED)?;
            let (_, held) = count_to(units, held, gil, control).ok_or(CANCELLED)?;
            gil.release(held);
            match a.checked_div_euclid(b) {
                Some(q) => Ok(q.to_string()),
                None if b == 0 => {
                    Err("ZeroDivisionError: integer division or modulo by zero".into())
                }
                None => Err("OverflowError: the quotient does not fit".into()),
            }
        }
        Task::Panic => panic!("a task panicked on purpose (threadlab's \"Panic a thread\")"),
    }
}

/// Counts to `units` in slices, offering the lock to others between slices.
fn count_to(
    units: u64,
    mut held: Held,
    gil: &SimulatedGil,
    control: &Control,
) -> Option<(u64, Held)> {
    let mut count = 0u64;
    while count < units {
        if control.is_cancelled() {
            gil.release(held);
            return None;
        }
        count = count_slice(count, SLICE.min(units - count));
        held = gil.maybe_switch(held, control)?;
    }
    Some((count, held))
}

/// One slice of counting, as a call of its own. V8 first runs wasm in a
/// baseline tier and swaps in optimised code only when a function is entered
/// again: were this loop inlined into [`count_to`], a whole task would run at
/// baseline speed (about half) on a fresh instance, and the first mode
/// measured would look slower than the rest — under the GIL, a "speedup" that
/// is only the compiler warming up.
///
/// The step is read through `black_box` once a slice, as in
/// `workloads::counting_loop`: LLVM cannot fold a loop whose step it does
/// not know, and the count stays in a register. `black_box` on every count
/// (what this loop did first) stores and reloads it through linear memory
/// each time round, and in Chromium 156 the same sequential run of 8 × 30 M
/// counts then took anything from 82 to 636 ms from one call to the next,
/// on an idle machine: ~610 ms with V8's optimising tier alone
/// (`--no-liftoff`), 170–280 ms with its baseline tier alone. The modes
/// page showed CPU-bound "speedups" above the number of cores, the GIL's
/// included. Read once a slice: 79–100 ms a run, every run.
#[inline(never)]
fn count_slice(count: u64, slice: u64) -> u64 {
    let step = black_box(1u64);
    let end = count + slice;
    let mut count = count;
    while count < end {
        count += step;
    }
    count
}

/// How to run a task list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum How {
    /// One after another on the calling thread.
    Sequential,
    /// On exactly `workers` pool threads (called from outside the pool or from
    /// its thread 0, as `driver::run_parallel_with` is).
    Threads {
        /// Pool threads that take tasks (1 to the pool's size).
        workers: usize,
    },
}

/// A whole run.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TaskRun {
    /// Wall-clock milliseconds for the whole list.
    pub elapsed_ms: f64,
    /// Threads that ran it (1 when sequential).
    pub workers: usize,
    /// Whether the GIL was simulated (false = free-threaded).
    pub gil: bool,
    /// The GIL's switch interval in ms, as the page quotes it.
    pub switch_interval_ms: f64,
    /// Times the lock passed between threads.
    pub gil_switches: u64,
    /// Total time all threads waited for the lock.
    pub gil_wait_ms: f64,
    /// Every item, in the order they finished.
    pub items: Vec<Item>,
    /// Items that raised an exception.
    pub failed: usize,
    /// Each thread's timeline: computing, waiting for the GIL, waiting on
    /// I/O. Under the GIL the compute spans are the lock's holders, one at a
    /// time: the hand-overs.
    pub activity: Vec<Activity>,
    /// Spans beyond the cap (`MAX_ACTIVITY` in `gil.rs`), not recorded.
    pub activity_dropped: u64,
}

struct TaskList<'a> {
    tasks: &'a [Task],
    gil: &'a SimulatedGil,
    control: &'a Control,
    finished: &'a AtomicUsize,
    on_item: &'a (dyn Fn(usize, usize, bool) + Sync),
}

impl Blocks for TaskList<'_> {
    type Part = Item;
    fn block_count(&self) -> usize {
        self.tasks.len()
    }
    fn compute(&self, index: usize) -> Item {
        let start_ms = now_ms();
        let result = run_task(&self.tasks[index], self.gil, self.control);
        let end_ms = now_ms();
        let order = self.finished.fetch_add(1, Ordering::AcqRel);
        (self.on_item)(order, index, result.is_ok());
        let (ok, error) = match result {
            Ok(v) => (Some(v), None),
            Err(e) => (None, Some(e)),
        };
        Item {
            index,
            worker: rayon::current_thread_index().unwrap_or(0) as u32,
            start_ms,
            end_ms,
            ok,
            error,
        }
    }
}

/// Runs `tasks` as `how` says, under `gil`. `on_item(order, index, ok)` is
/// called as each item finishes (from the thread that ran it), so a watcher
/// can list results as they complete.
pub fn run_tasks(
    tasks: &[Task],
    how: How,
    gil: &SimulatedGil,
    control: &Control,
    on_item: &(dyn Fn(usize, usize, bool) + Sync),
) -> Result<TaskRun, RunFailure> {
    let finished = AtomicUsize::new(0);
    let list = TaskList {
        tasks,
        gil,
        control,
        finished: &finished,
        on_item,
    };
    let (mut items, elapsed_ms, workers) = match how {
        How::Sequential => {
            let run = crate::driver::run_sequential(&list, control, |_, _| {})?;
            (run.parts, run.elapsed_ms, 1)
        }
        How::Threads { workers } => {
            let plan = Plan {
                workers,
                schedule: Schedule::Dynamic,
                chunk: 1,
            };
            let run = run_parallel_with(&list, plan, control)?;
            (run.parts, run.elapsed_ms, workers)
        }
    };
    if control.is_cancelled() {
        return Err(RunFailure::Cancelled);
    }
    items.sort_by(|a, b| a.end_ms.total_cmp(&b.end_ms));
    let failed = items.iter().filter(|i| i.error.is_some()).count();
    let (activity, activity_dropped) = gil.activity();
    Ok(TaskRun {
        elapsed_ms,
        workers,
        gil: gil.enabled(),
        switch_interval_ms: gil.switch_interval_ms,
        gil_switches: gil.switches(),
        gil_wait_ms: gil.waited_ms(),
        items,
        failed,
        activity,
        activity_dropped,
    })
}

/// A finished task list: the `done` payload of a [`ModesReply`].
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TaskListDone {
    /// The run itself.
    pub result: TaskRun,
    /// The list that ran, as built from the settings.
    pub tasks: Vec<Task>,
}

/// The reply to a task-list run (see [`crate::reply`]).
pub type ModesReply = crate::reply::Reply<TaskListDone>;

/// The reply to a settings check: the checked [`Settings`], or errors.
pub type SettingsReply = crate::reply::Reply<Settings>;

/// TypeScript's name for [`SettingsReply`] (ts-rs exports no type aliases).
#[derive(TS)]
#[ts(export, rename = "SettingsReply")]
#[allow(dead_code)]
struct SettingsReplyType(SettingsReply);

/// TypeScript's name for [`ModesReply`] (ts-rs exports no type aliases).
#[derive(TS)]
#[ts(export, rename = "ModesReply")]
#[allow(dead_code)]
struct ModesReplyType(ModesReply);

/// What a "process" worker replies for one task: exactly one of the two is set.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct TaskOutcome {
    /// The task's value as text.
    pub ok: Option<String>,
    /// The exception it raised, or why the task was refused.
    pub error: Option<String>,
}

/// A request to run a task list.
#[derive(Debug, Deserialize, TS)]
#[ts(export)]
pub struct ModesRequest {
    /// Which task list to build.
    pub workload: TaskListKind,
    /// Sequentially or on threads (the page runs "processes" itself, one
    /// task per process worker through `modesTask`).
    pub how: HowName,
    /// Simulate the GIL (false = free-threaded).
    #[serde(default)]
    #[ts(optional)]
    pub gil: Option<bool>,
    #[serde(default)]
    /// The page's settings as typed.
    #[ts(optional, as = "Option<ModesSettings>")]
    pub settings: RawSettings,
}

/// The modes page's settings as typed; missing ones take their defaults.
/// (The TypeScript face of [`RawSettings`].)
#[derive(TS)]
#[ts(export)]
#[allow(dead_code)] // only its TypeScript is used
struct ModesSettings {
    #[ts(optional, type = "number | string")]
    tasks: Option<f64>,
    #[ts(optional, type = "number | string")]
    units: Option<f64>,
    #[ts(optional, type = "number | string")]
    wait_ms: Option<f64>,
    #[ts(optional, type = "number | string")]
    http_ms: Option<f64>,
    #[ts(optional, type = "number | string")]
    workers: Option<f64>,
    #[ts(optional, type = "number | string")]
    switch_ms: Option<f64>,
    #[ts(optional, type = "number | string")]
    transfer_mb: Option<f64>,
}

/// Where a task list runs.
#[derive(Debug, Deserialize, Clone, Copy, TS)]
#[ts(export)]
#[serde(rename_all = "lowercase")]
pub enum HowName {
    /// `"sequential"`: [`How::Sequential`].
    Sequential,
    /// `"threads"`: [`How::Threads`] with the settings' `workers`.
    Threads,
}

/// The completion list: word `i` holds the `i`-th item to finish, written as
/// it finishes so a watcher sees results in finishing order (Python's
/// `as_completed`) while the run is still going.
pub mod completion {
    /// A word not yet written.
    pub const EMPTY: u32 = 0;
    /// `2 * index + failed + 1`: never 0, so 0 can mean "not yet".
    pub fn encode(index: usize, ok: bool) -> u32 {
        2 * index as u32 + u32::from(!ok) + 1
    }
    /// `(index, ok)` of a written word.
    pub fn decode(word: u32) -> Option<(usize, bool)> {
        (word != EMPTY).then(|| (((word - 1) >> 1) as usize, (word - 1) & 1 == 0))
    }
}
