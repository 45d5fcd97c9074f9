//! Threads vs processes vs the GIL: the task runner behind `modes.html`.
//!
//! Lesson: CPython runs bytecode under one global interpreter lock. A thread
//! holds it while it computes and gives it up (a) every *switch interval*
//! (`sys.getswitchinterval()`, 5 ms) when another thread is waiting, and (b)
//! whenever it blocks on I/O. So threads do not speed up CPU-bound Python,
//! but they do speed up programs that mostly wait. Free-threaded Python
//! (PEP 703) has no such lock.
//!
//! [`Gil`] simulates that lock on real threads: a FIFO lock (a thread that
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
#![warn(missing_docs)]

use std::collections::VecDeque;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::now_ms;
use crate::control::Control;
use crate::driver::{run_parallel_with, Blocks, Plan, RunFailure, Schedule};
use crate::input::{positive_whole_number, InputError, RawNumber};

/// The same comparison in Python (shown on the modes page; run natively by
/// `tests/gil.rs` when `python3` is installed).
pub const PYTHON: &str = include_str!("python/modes.py");

/// CPython's default `sys.getswitchinterval()`: 5 ms.
pub const DEFAULT_SWITCH_INTERVAL_MS: f64 = 5.0;

/// Counting-loop iterations between two looks at the switch interval (a few
/// tens of microseconds: CPython checks its "eval breaker" about as often).
const SLICE: u64 = 20_000;

/// A simulated global interpreter lock.
///
/// `enabled == false` is free-threaded Python: [`Gil::acquire`] and friends
/// do nothing, so threads compute in parallel.
#[derive(Debug)]
pub struct Gil {
    enabled: bool,
    switch_interval_ms: f64,
    state: Mutex<GilState>,
    turn: Condvar,
    /// Times the lock passed from one thread to another.
    switches: AtomicU64,
    /// Total time threads spent waiting for the lock, in microseconds.
    waited_us: AtomicU64,
    /// Who computed, waited for the lock or waited on I/O, when: the
    /// timeline of the run (bounded: see [`MAX_ACTIVITY`]).
    activity: Mutex<Vec<Activity>>,
    activity_dropped: AtomicU64,
}

/// Most activity spans one run records (about 1.5 MB); later ones are
/// counted in `activity_dropped` instead.
const MAX_ACTIVITY: usize = 50_000;

/// What a thread was doing during an [`Activity`] span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "kebab-case")]
pub enum ActivityKind {
    /// Running Python bytecode — under the GIL, holding it.
    Compute,
    /// Waiting for the GIL to be handed over.
    GilWait,
    /// Blocked on I/O (the lock released).
    Io,
}

/// One span of one thread's timeline, on the shared clock ([`now_ms`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Activity {
    /// Pool thread index (0 for a sequential run).
    pub worker: u32,
    /// The lane's colour: computing, waiting for the GIL, or on I/O.
    pub kind: ActivityKind,
    /// Start, in ms on the shared clock.
    pub start_ms: f64,
    /// End, in ms on the shared clock.
    pub end_ms: f64,
}

#[derive(Debug, Default)]
struct GilState {
    holder: Option<u64>,
    /// Tickets of threads waiting, in arrival order: the front goes next.
    queue: VecDeque<u64>,
    next_ticket: u64,
    last_holder: Option<u64>,
}

/// Who holds the lock, for [`Gil::release`] and [`Gil::maybe_switch`].
#[derive(Debug)]
struct Held {
    ticket: u64,
    /// Start of the current switch interval.
    since_ms: f64,
    /// When this thread got the lock (start of its compute span).
    held_from_ms: f64,
}

impl Gil {
    /// A lock (`enabled`) or none (free-threaded), handed over every
    /// `switch_interval_ms` while another thread waits for it.
    pub fn new(enabled: bool, switch_interval_ms: f64) -> Self {
        Gil {
            enabled,
            switch_interval_ms,
            state: Mutex::new(GilState::default()),
            turn: Condvar::new(),
            switches: AtomicU64::new(0),
            waited_us: AtomicU64::new(0),
            activity: Mutex::new(Vec::new()),
            activity_dropped: AtomicU64::new(0),
        }
    }

    /// Records one span of the calling thread's timeline.
    fn record(&self, kind: ActivityKind, start_ms: f64, end_ms: f64) {
        let mut log = self.activity.lock().unwrap_or_else(|p| p.into_inner());
        if log.len() >= MAX_ACTIVITY {
            self.activity_dropped.fetch_add(1, Ordering::Relaxed);
            return;
        }
        log.push(Activity {
            worker: rayon::current_thread_index().unwrap_or(0) as u32,
            kind,
            start_ms,
            end_ms,
        });
    }

    /// The recorded timeline, in start order, and how many spans did not fit.
    fn activity(&self) -> (Vec<Activity>, u64) {
        let mut log = self
            .activity
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        log.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
        (log, self.activity_dropped.load(Ordering::Relaxed))
    }

    fn enabled(&self) -> bool {
        self.enabled
    }

    /// Waits for the lock, first come first served. `None` if the run was
    /// cancelled while waiting (the thread then holds nothing).
    fn acquire(&self, control: &Control) -> Option<Held> {
        self.acquire_since(control, now_ms())
    }

    /// [`Gil::acquire`], counting the wait from `asked` (the moment this
    /// thread stopped doing anything else), so its timeline has no gap even
    /// when the machine makes it wait for a CPU in between.
    fn acquire_since(&self, control: &Control, asked: f64) -> Option<Held> {
        if !self.enabled {
            let now = asked;
            return Some(Held {
                ticket: u64::MAX,
                since_ms: now,
                held_from_ms: now,
            });
        }
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let ticket = state.next_ticket;
        state.next_ticket += 1;
        state.queue.push_back(ticket);
        loop {
            if state.holder.is_none() && state.queue.front() == Some(&ticket) {
                state.queue.pop_front();
                state.holder = Some(ticket);
                // A "switch" is the lock passing to a different thread than
                // the last one; tickets are per acquisition, so compare threads.
                let me = thread_tag();
                if state.last_holder.is_some_and(|last| last != me) {
                    self.switches.fetch_add(1, Ordering::Relaxed);
                }
                state.last_holder = Some(me);
                let now = now_ms();
                drop(state);
                self.waited_us
                    .fetch_add(((now - asked) * 1e3) as u64, Ordering::Relaxed);
                self.record(ActivityKind::GilWait, asked, now);
                return Some(Held {
                    ticket,
                    since_ms: now,
                    held_from_ms: now,
                });
            }
            if control.is_cancelled() {
                state.queue.retain(|t| *t != ticket);
                drop(state);
                self.turn.notify_all();
                self.record(ActivityKind::GilWait, asked, now_ms());
                return None;
            }
            // Short slices, so a cancel is seen within a few milliseconds.
            state = self
                .turn
                .wait_timeout(state, Duration::from_millis(5))
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    /// Gives the lock up (before a blocking wait, or at the end of a task).
    /// The time since it was taken is recorded as computation.
    /// Returns when, so the thread's next span can start exactly there.
    fn release(&self, held: Held) -> f64 {
        let now = now_ms();
        self.record(ActivityKind::Compute, held.held_from_ms, now);
        if !self.enabled {
            return now;
        }
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        debug_assert_eq!(state.holder, Some(held.ticket));
        state.holder = None;
        drop(state);
        self.turn.notify_all();
        now
    }

    /// Called between slices of computation: when the switch interval has
    /// passed and another thread waits, drop the lock and queue up again
    /// behind it (CPython's forced switch). `None` if cancelled meanwhile.
    fn maybe_switch(&self, held: Held, control: &Control) -> Option<Held> {
        if !self.enabled || now_ms() - held.since_ms < self.switch_interval_ms {
            return Some(held);
        }
        let someone_waits = !self
            .state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .queue
            .is_empty();
        if !someone_waits {
            return Some(Held {
                since_ms: now_ms(),
                ..held
            });
        }
        let released = self.release(held);
        self.acquire_since(control, released)
    }

    /// Times the lock passed to a different thread so far.
    fn switches(&self) -> u64 {
        self.switches.load(Ordering::Relaxed)
    }

    /// Time all threads spent waiting for the lock so far.
    fn waited_ms(&self) -> f64 {
        self.waited_us.load(Ordering::Relaxed) as f64 / 1e3
    }
}

/// A number per OS thread (rayon index + 1, or 0 for a thread outside the pool).
fn thread_tag() -> u64 {
    rayon::current_thread_index().map_or(0, |i| i as u64 + 1)
}

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
pub fn run_task(task: &Task, gil: &Gil, control: &Control) -> Result<String, String> {
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
fn count_to(units: u64, mut held: Held, gil: &Gil, control: &Control) -> Option<(u64, Held)> {
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
    /// Spans beyond [`MAX_ACTIVITY`], not recorded.
    pub activity_dropped: u64,
}

struct TaskList<'a> {
    tasks: &'a [Task],
    gil: &'a Gil,
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
    gil: &Gil,
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

/// The task lists the page runs, built from its settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "lowercase")]
pub enum Workload {
    /// `tasks` counting loops of `units` each.
    Cpu,
    /// `tasks` waits of `wait_ms` each.
    Io,
    /// `tasks` divisions, one of them by zero.
    Faults,
    /// `tasks` counting loops, one of which panics.
    Panic,
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
    pub workload: Workload,
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

// Limits on the page's fields (small enough that no run takes minutes).
/// Longest task list (also the completion list's length in words).
pub const MAX_TASKS: u64 = 64;
/// Most counting iterations per task.
const MAX_UNITS: u64 = 2_000_000_000;
/// Longest I/O wait or HTTP delay per task, in ms.
const MAX_WAIT_MS: u64 = 5_000;
/// Longest switch interval, in ms.
const MAX_SWITCH_MS: u64 = 1_000;
/// Largest array the transfer test moves, in MB.
pub(crate) const MAX_TRANSFER_MB: u64 = 64;

/// The page's settings as typed; missing ones take their defaults.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawSettings {
    /// See [`Settings::tasks`].
    pub tasks: Option<RawNumber>,
    /// See [`Settings::units`].
    pub units: Option<RawNumber>,
    /// See [`Settings::wait_ms`].
    pub wait_ms: Option<RawNumber>,
    /// See [`Settings::http_ms`].
    pub http_ms: Option<RawNumber>,
    /// See [`Settings::workers`].
    pub workers: Option<RawNumber>,
    /// See [`Settings::switch_ms`].
    pub switch_ms: Option<RawNumber>,
    /// See [`Settings::transfer_mb`].
    pub transfer_mb: Option<RawNumber>,
}

/// Checked settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Settings {
    /// Items in each task list (1 to [`MAX_TASKS`]; default 8).
    pub tasks: usize,
    /// Counting iterations per CPU-bound task (default 30 M).
    pub units: u64,
    /// Length of each I/O-bound task's wait, in ms (default 100).
    pub wait_ms: u32,
    /// Delay the page asks the server's `/slow?ms=` for, per request, in its
    /// HTTP comparison (default 100; no task here uses it).
    pub http_ms: u32,
    /// Threads or processes to run on (at most the pool's size, or the cap
    /// on processes when there is no pool; default 4).
    pub workers: usize,
    /// The simulated GIL's switch interval in ms (default 5, as CPython's).
    pub switch_ms: u32,
    /// Size of the array the page moves between workers, in MB (default 16).
    pub transfer_mb: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            tasks: 8,
            units: 30_000_000,
            wait_ms: 100,
            http_ms: 100,
            workers: 4,
            switch_ms: 5,
            transfer_mb: 16,
        }
    }
}

/// Checks every field; returns all the problems at once, one per field.
/// `max_workers` is the most processes/threads allowed (the pool's size, or
/// the page's cap on processes when there is no pool).
pub fn check_settings(raw: &RawSettings, max_workers: usize) -> Result<Settings, Vec<InputError>> {
    let d = Settings::default();
    let mut errors = Vec::new();
    let mut field =
        |name: &'static str, raw: &Option<RawNumber>, default: u64, max: u64, unit: &str| -> u64 {
            let Some(raw) = raw else { return default };
            match positive_whole_number(name, raw) {
                Ok(v) if v <= max => v,
                Ok(_) => {
                    errors.push(InputError::new(
                        name,
                        format!(
                            "At most {}{unit}.",
                            crate::input::group_digits(&max.to_string())
                        ),
                    ));
                    default
                }
                Err(e) => {
                    errors.push(e);
                    default
                }
            }
        };
    let tasks = field("tasks", &raw.tasks, d.tasks as u64, MAX_TASKS, " tasks");
    let units = field(
        "units",
        &raw.units,
        d.units,
        MAX_UNITS,
        " iterations per task",
    );
    let wait_ms = field(
        "wait_ms",
        &raw.wait_ms,
        d.wait_ms.into(),
        MAX_WAIT_MS,
        " ms",
    );
    let http_ms = field(
        "http_ms",
        &raw.http_ms,
        d.http_ms.into(),
        MAX_WAIT_MS,
        " ms (the server's cap)",
    );
    let workers = field(
        "workers",
        &raw.workers,
        (d.workers.min(max_workers.max(1))) as u64,
        max_workers.max(1) as u64,
        " workers here",
    );
    let switch_ms = field(
        "switch_ms",
        &raw.switch_ms,
        d.switch_ms.into(),
        MAX_SWITCH_MS,
        " ms",
    );
    let transfer_mb = field(
        "transfer_mb",
        &raw.transfer_mb,
        d.transfer_mb.into(),
        MAX_TRANSFER_MB,
        " MB",
    );
    if errors.is_empty() {
        Ok(Settings {
            tasks: tasks as usize,
            units,
            wait_ms: wait_ms as u32,
            http_ms: http_ms as u32,
            workers: workers as usize,
            switch_ms: switch_ms as u32,
            transfer_mb: transfer_mb as u32,
        })
    } else {
        Err(errors)
    }
}

/// The task list for `workload` under `settings`. Faults: item 3 (or the
/// last, if there are fewer) divides by zero, and items take different
/// times, so they finish out of order. Panic: the second item panics.
pub fn tasks_for(workload: Workload, s: &Settings) -> Vec<Task> {
    let n = s.tasks;
    match workload {
        Workload::Cpu => vec![Task::Cpu { units: s.units }; n],
        Workload::Io => vec![Task::Io { ms: s.wait_ms }; n],
        Workload::Faults => (0..n)
            .map(|i| Task::Divide {
                a: 1_000 * (i as i64 + 1),
                b: if i == 3.min(n - 1) { 0 } else { i as i64 + 1 },
                // Uneven lengths, so completion order differs from submission order.
                units: s.units / 8 * (1 + ((i * 5) % 7) as u64),
            })
            .collect(),
        Workload::Panic => (0..n)
            .map(|i| {
                if i == 1.min(n - 1) {
                    Task::Panic
                } else {
                    Task::Cpu { units: s.units }
                }
            })
            .collect(),
    }
}
