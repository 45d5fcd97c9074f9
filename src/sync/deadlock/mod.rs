//! Deadlock: two workers take two locks in opposite order, and both wait forever.
//!
//! Lesson: worker 1 holds lock A and waits for B; worker 2 holds B and waits
//! for A. Neither can go on, and nothing will ever change that — a cycle in
//! the *wait-for graph* (worker → the lock it waits for → the worker holding
//! it → …). threadlab forces the unlucky interleaving (each takes its first
//! lock, then both reach for the second), waits with a timeout instead of
//! forever, and when the timeout expires reads the lock table to show the
//! cycle. The cure is not a timeout but an order: if every thread takes A
//! before B, nobody can hold B while waiting for A, so no cycle can form. The
//! fixed run uses the same bad timing and completes.
#![warn(missing_docs)]

/// The same demo simulated on one worker (threads off).
pub mod sim;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError};

use serde::Serialize;
use ts_rs::TS;

use super::{
    lock, nap, on_threads, Clock, DemoInfo, DemoSpan, Failure, FieldSpec, WaitEnd, SAFETY_MS,
};
use crate::clock::now_ms;
use crate::control::Control;

/// The demo's id in requests.
pub const ID: &str = "deadlock";
/// The locks' names on the page, by index.
pub(crate) const LOCK_NAMES: [&str; 2] = ["A", "B"];
const A: usize = 0;
const B: usize = 1;
const NOBODY: usize = usize::MAX;
const NOTHING: usize = usize::MAX;

// ANCHOR: order
/// Which lock each worker takes first and second.
fn lock_order(worker: usize, fixed: bool) -> (usize, usize) {
    if fixed || worker == 0 {
        (A, B) // the global order: A before B, always
    } else {
        (B, A) // worker 2 in the opposite order: the recipe for a deadlock
    }
}
// ANCHOR_END: order

// ANCHOR: acquire
/// `lock.acquire(timeout=...)`: keeps trying until the deadline, then gives up
/// instead of waiting forever.
pub fn acquire_until<'a>(
    lock: &'a Mutex<()>,
    deadline: f64,
    control: &Control,
) -> Result<MutexGuard<'a, ()>, WaitEnd> {
    loop {
        match lock.try_lock() {
            Ok(guard) => return Ok(guard),
            Err(TryLockError::Poisoned(p)) => return Ok(p.into_inner()),
            Err(TryLockError::WouldBlock) => {}
        }
        if control.is_cancelled() {
            return Err(WaitEnd::Cancelled);
        }
        if now_ms() >= deadline {
            return Err(WaitEnd::TimedOut);
        }
        nap(0.25, control); // do not burn a core while waiting
    }
}
// ANCHOR_END: acquire

/// Who holds each lock and what each worker waits for: the wait-for graph,
/// kept up to date by the workers and read when a wait times out.
struct Table {
    holder: [AtomicUsize; 2],
    waiting_for: [AtomicUsize; 2],
    /// Set once a worker has held its first lock (or given up on it).
    past_first: [AtomicBool; 2],
}

/// "Worker `worker` holds `holds` and waits for `waits_for`, which `held_by` holds."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DeadlockWaitEdge {
    /// The waiting worker (0-based).
    pub worker: usize,
    /// The lock it holds (`"A"`/`"B"`), if any.
    pub holds: Option<&'static str>,
    /// The lock it waits for.
    pub waits_for: &'static str,
    /// The worker holding that lock.
    pub held_by: usize,
}

/// A timed-out wait, and the cycle of waits found when it happened.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Detection {
    /// The worker whose wait timed out first.
    pub by_worker: usize,
    /// When, in ms since the run began.
    pub at_ms: f64,
    /// How long it had waited.
    pub waited_ms: f64,
    /// The cycle, starting from `by_worker`; empty if the wait timed out
    /// without one (an overloaded machine, not a deadlock).
    pub cycle: Vec<DeadlockWaitEdge>,
}

/// How one worker's attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlockOutcome {
    /// Took both locks and did its work.
    Finished,
    /// Timed out, released its lock and gave up.
    BackedOff,
}

/// One run of the two workers: with opposite lock orders or with one order.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Phase {
    /// Both workers took the locks in the same order (A, then B).
    pub fixed: bool,
    /// Per worker, e.g. "A then B".
    pub orders: Vec<String>,
    /// The first timed-out wait, if any.
    pub detection: Option<Detection>,
    /// Per worker.
    pub outcomes: Vec<DeadlockOutcome>,
    /// Lane = worker * 2 + lock (rows "worker 1 · A", "worker 1 · B", …).
    pub spans: Vec<DemoSpan>,
    /// Milliseconds from the start of the run until every worker was done.
    pub elapsed_ms: f64,
}

/// What the deadlock demo shows: opposite lock orders deadlock (detected by
/// a timeout), one global order does not.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DeadlockResult {
    /// How long a wait for a lock lasted before it was called a deadlock.
    pub timeout_ms: f64,
    /// Worker 2 takes B before A.
    pub deadlocked: Phase,
    /// Both take A before B.
    pub fixed: Phase,
}

/// Runs the opposite-order version (deadlocks, detected after `timeout_ms`)
/// and then the fixed-order version (completes).
pub fn run(timeout_ms: f64, control: &Control) -> Result<DeadlockResult, Failure> {
    let deadlocked = run_phase(false, timeout_ms, control)?;
    let fixed = run_phase(true, timeout_ms, control)?;
    Ok(DeadlockResult {
        timeout_ms,
        deadlocked,
        fixed,
    })
}

/// Two workers, each taking both locks (in opposite orders unless `fixed`).
fn run_phase(fixed: bool, timeout_ms: f64, control: &Control) -> Result<Phase, Failure> {
    let locks = [Mutex::new(()), Mutex::new(())];
    let table = Table {
        holder: [AtomicUsize::new(NOBODY), AtomicUsize::new(NOBODY)],
        waiting_for: [AtomicUsize::new(NOTHING), AtomicUsize::new(NOTHING)],
        past_first: [AtomicBool::new(false), AtomicBool::new(false)],
    };
    let detection: Mutex<Option<Detection>> = Mutex::new(None);
    let clock = Clock::start();

    let per_worker = on_threads(2, control, |worker| {
        let mut spans = Vec::new();
        let (first, second) = lock_order(worker, fixed);
        let lane = |l: usize| worker * 2 + l;

        // Take the first lock. (In the fixed run worker 2 waits here for A.)
        let t = clock.now();
        let first_guard = match take(
            &locks, &table, worker, first, timeout_ms, control, &clock, &detection,
        ) {
            Ok(g) => g,
            Err(_) => {
                table.past_first[worker].store(true, Ordering::SeqCst);
                spans.push(clock.span(
                    lane(first),
                    "wait",
                    format!("waits for {}", LOCK_NAMES[first]),
                    t,
                ));
                return (DeadlockOutcome::BackedOff, spans);
            }
        };
        spans.push(clock.span(
            lane(first),
            "wait",
            format!("waits for {}", LOCK_NAMES[first]),
            t,
        ));
        let held_first = clock.now();
        table.past_first[worker].store(true, Ordering::SeqCst);

        // The unlucky interleaving, on purpose: do not reach for the second
        // lock until the other worker holds its first (or is stuck waiting).
        let other = 1 - worker;
        let give_up = now_ms() + SAFETY_MS;
        let other_ready = || {
            table.past_first[other].load(Ordering::SeqCst)
                || table.waiting_for[other].load(Ordering::SeqCst) != NOTHING
        };
        while !other_ready() && !control.is_cancelled() && now_ms() < give_up {
            nap(0.25, control);
        }
        // A short pause so both workers' "hold" bars are visible before the wait.
        nap(5.0, control);

        let t = clock.now();
        let outcome = match take(
            &locks, &table, worker, second, timeout_ms, control, &clock, &detection,
        ) {
            Ok(second_guard) => {
                spans.push(clock.span(
                    lane(second),
                    "wait",
                    format!("waits for {}", LOCK_NAMES[second]),
                    t,
                ));
                let held_second = clock.now();
                nap(10.0, control); // the work that needed both locks
                table.holder[second].store(NOBODY, Ordering::SeqCst);
                drop(second_guard);
                spans.push(clock.span(
                    lane(second),
                    "hold",
                    format!("holds {}", LOCK_NAMES[second]),
                    held_second,
                ));
                DeadlockOutcome::Finished
            }
            Err(_) => {
                spans.push(clock.span(
                    lane(second),
                    "blocked",
                    format!("waits for {} — timed out", LOCK_NAMES[second]),
                    t,
                ));
                DeadlockOutcome::BackedOff
            }
        };
        table.holder[first].store(NOBODY, Ordering::SeqCst);
        drop(first_guard);
        spans.push(clock.span(
            lane(first),
            "hold",
            format!("holds {}", LOCK_NAMES[first]),
            held_first,
        ));
        (outcome, spans)
    })?;
    let elapsed_ms = clock.now();
    let mut spans = Vec::new();
    let mut outcomes = Vec::new();
    for (outcome, s) in per_worker {
        outcomes.push(outcome);
        spans.extend(s);
    }
    Ok(Phase {
        fixed,
        orders: (0..2)
            .map(|w| {
                let (a, b) = lock_order(w, fixed);
                format!("{} then {}", LOCK_NAMES[a], LOCK_NAMES[b])
            })
            .collect(),
        detection: detection.into_inner().unwrap_or_else(|p| p.into_inner()),
        outcomes,
        spans,
        elapsed_ms,
    })
}

/// Takes lock `l` for `worker`, keeping the table up to date. On timeout,
/// reads the wait-for graph, records the cycle (first detector wins) and fails.
#[allow(clippy::too_many_arguments)]
fn take<'a>(
    locks: &'a [Mutex<()>; 2],
    table: &Table,
    worker: usize,
    l: usize,
    timeout_ms: f64,
    control: &Control,
    clock: &Clock,
    detection: &Mutex<Option<Detection>>,
) -> Result<MutexGuard<'a, ()>, WaitEnd> {
    let started = now_ms();
    // Only announce a wait once the lock is really taken by someone else, so
    // the graph never shows a wait that is not one.
    let guard = match locks[l].try_lock() {
        Ok(g) => Ok(g),
        Err(_) => {
            table.waiting_for[worker].store(l, Ordering::SeqCst);
            acquire_until(&locks[l], started + timeout_ms, control)
        }
    };
    match guard {
        Ok(g) => {
            table.holder[l].store(worker, Ordering::SeqCst);
            table.waiting_for[worker].store(NOTHING, Ordering::SeqCst);
            Ok(g)
        }
        Err(end) => {
            if end == WaitEnd::TimedOut {
                // Read the graph while our own wait is still in it.
                let cycle = find_cycle(table, worker);
                let mut slot = lock(detection);
                if slot.is_none() {
                    *slot = Some(Detection {
                        by_worker: worker,
                        at_ms: clock.now(),
                        waited_ms: now_ms() - started,
                        cycle,
                    });
                }
            }
            table.waiting_for[worker].store(NOTHING, Ordering::SeqCst);
            Err(end)
        }
    }
}

// ANCHOR: detect
/// Follows "waits for a lock → held by a worker → waits for …" from `start`.
/// Coming back to `start` is a deadlock: nobody on the cycle can ever go on.
fn find_cycle(table: &Table, start: usize) -> Vec<DeadlockWaitEdge> {
    let mut edges = Vec::new();
    let mut worker = start;
    for _ in 0..table.waiting_for.len() {
        let wanted = table.waiting_for[worker].load(Ordering::SeqCst);
        if wanted == NOTHING {
            return Vec::new(); // not waiting: no cycle through here
        }
        let owner = table.holder[wanted].load(Ordering::SeqCst);
        if owner == NOBODY {
            return Vec::new(); // the lock is free now: the wait will end
        }
        let holds = (0..2).find(|&l| table.holder[l].load(Ordering::SeqCst) == worker);
        edges.push(DeadlockWaitEdge {
            worker,
            holds: holds.map(|l| LOCK_NAMES[l]),
            waits_for: LOCK_NAMES[wanted],
            held_by: owner,
        });
        if owner == start {
            return edges; // back where we began: a cycle
        }
        worker = owner;
    }
    Vec::new()
}
// ANCHOR_END: detect

/// The demo as the page lists it.
pub fn info() -> DemoInfo {
    let source = include_str!("mod.rs");
    DemoInfo {
        id: ID,
        title: "Deadlock",
        lesson: "Worker 1 takes lock A, worker 2 takes lock B; then each reaches for the other's lock. Each now waits for something the other holds, and neither will ever let go: a cycle in the wait-for graph, and a deadlock. A real program just hangs. threadlab waits with a timeout instead, and when it expires reads who holds what and who waits for what, and finds the cycle. A timeout only detects the problem. The fix is one global lock order: if every thread takes A before B, no thread can hold B while waiting for A, so a cycle cannot form — the second run has the same unlucky timing and finishes.",
        rust: super::excerpts(source, &["order", "acquire", "detect"]),
        python: include_str!("deadlock.py"),
        fields: vec![FieldSpec::new("timeout_ms", "Timeout (ms)", 500, 50, 5000)],
    }
}
