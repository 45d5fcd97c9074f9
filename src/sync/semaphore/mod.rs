//! Semaphore: n workers share k permits, so at most k are inside at once.
//!
//! Lesson: a lock lets one thread in; a semaphore lets `k` in — a connection
//! pool, a rate limit, "at most 3 downloads at a time". Each worker acquires a
//! permit before the guarded section and releases it after; when all `k` are
//! taken, the next worker waits until one comes back. The timeline shows the
//! waits, and a count of holders that never goes above `k`.
#![warn(missing_docs)]

/// The same demo simulated on one worker (threads off).
pub mod sim;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use serde::Serialize;
use ts_rs::TS;

use super::{
    lock, nap, on_threads, wait_for, Clock, DemoInfo, DemoSpan, Failure, FieldSpec, WaitEnd,
    SAFETY_MS,
};
use crate::clock::now_ms;
use crate::control::Control;
use crate::input::InputError;

/// The demo's id in requests.
pub const ID: &str = "semaphore";

// ANCHOR: semaphore
/// `threading.Semaphore(k)`: a count of free permits and a condition to wait on.
pub struct Semaphore {
    free: Mutex<usize>,
    returned: Condvar,
}

impl Semaphore {
    /// A semaphore with `permits` free permits.
    pub fn new(permits: usize) -> Self {
        Semaphore {
            free: Mutex::new(permits),
            returned: Condvar::new(),
        }
    }

    /// Takes a permit, waiting (until the deadline at most) while none is free.
    pub fn acquire_until(&self, deadline: f64, control: &Control) -> Result<(), WaitEnd> {
        let mut free = wait_for(
            &self.returned,
            lock(&self.free),
            deadline,
            control,
            |free| *free > 0,
        )
        .map_err(|(_, end)| end)?;
        *free -= 1;
        Ok(())
    }

    /// Gives a permit back and wakes one waiter.
    pub fn release(&self) {
        *lock(&self.free) += 1;
        self.returned.notify_one(); // one permit back: one waiter may go on
    }
}
// ANCHOR_END: semaphore

/// Checked settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// Threads competing for the permits.
    pub workers: usize,
    /// Permits, at most `workers`.
    pub permits: usize,
    /// Times each worker goes inside.
    pub rounds: usize,
    /// Base time inside, in ms (each stay is 1 to 2 times this).
    pub hold_ms: u64,
}

impl Params {
    /// The settings, or an error on `permits` when there are more permits
    /// than workers (nobody would ever wait).
    pub fn check(
        workers: u64,
        permits: u64,
        rounds: u64,
        hold_ms: u64,
    ) -> Result<Params, Vec<InputError>> {
        if permits > workers {
            return Err(vec![InputError::new(
                "permits",
                format!(
                    "At most as many permits as workers ({workers}): with more, nobody ever waits."
                ),
            )]);
        }
        Ok(Params {
            workers: workers as usize,
            permits: permits as usize,
            rounds: rounds as usize,
            hold_ms,
        })
    }
}

/// What the semaphore demo shows: never more than `permits` inside at once.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SemaphoreResult {
    /// Threads that took part.
    pub workers: usize,
    /// Permits of the semaphore: the most that may be inside at once.
    pub permits: usize,
    /// Most workers ever inside at once, counted by the workers themselves.
    pub max_inside: usize,
    /// Times the guarded section was entered (workers × rounds when complete).
    pub entries: usize,
    /// Lane = worker; kinds `wait` (for a permit), `hold` (inside), `work` (outside).
    pub spans: Vec<DemoSpan>,
    /// Milliseconds from the start of the run until every worker was done.
    pub elapsed_ms: f64,
}

/// Runs `params.workers` threads that each go `rounds` times through a
/// section guarded by a [`Semaphore`] of `permits`, counting who is inside.
pub fn run(params: &Params, control: &Control) -> Result<SemaphoreResult, Failure> {
    let semaphore = Semaphore::new(params.permits);
    let inside = AtomicUsize::new(0);
    let max_inside = AtomicUsize::new(0);
    let entries = AtomicUsize::new(0);
    let clock = Clock::start();
    let hold = params.hold_ms as f64;
    let per_worker = on_threads(params.workers, control, |worker| {
        let mut spans = Vec::new();
        // Stagger the first arrivals a little so the queue forms visibly.
        nap(worker as f64 * hold / 8.0, control);
        for round in 0..params.rounds {
            let t = clock.now();
            if semaphore
                .acquire_until(now_ms() + SAFETY_MS, control)
                .is_err()
            {
                return Err(Failure::Stuck(format!(
                    "worker {} never got a permit",
                    worker + 1
                )));
            }
            // ANCHOR: guarded
            // Inside: count ourselves in, do the work, count ourselves out.
            let now_inside = inside.fetch_add(1, Ordering::SeqCst) + 1;
            max_inside.fetch_max(now_inside, Ordering::SeqCst);
            let entered = clock.now();
            nap(hold * (1.0 + 0.5 * ((worker + round) % 3) as f64), control);
            let left = clock.now();
            inside.fetch_sub(1, Ordering::SeqCst);
            semaphore.release();
            // ANCHOR_END: guarded
            entries.fetch_add(1, Ordering::SeqCst);
            spans.push(DemoSpan {
                lane: worker,
                kind: "wait",
                label: format!("waits for a permit (round {})", round + 1),
                start: t,
                end: entered,
            });
            // The span sits inside the counted interval, so drawn holders
            // never exceed the counted ones.
            spans.push(DemoSpan {
                lane: worker,
                kind: "hold",
                label: format!("inside, holding a permit (round {})", round + 1),
                start: entered,
                end: left,
            });
            let t = clock.now();
            nap(hold / 4.0, control); // a little work outside the guarded section
            spans.push(clock.span(worker, "work", "outside", t));
        }
        Ok(spans)
    })?;
    let mut spans = Vec::new();
    for s in per_worker {
        spans.extend(s?);
    }
    Ok(SemaphoreResult {
        workers: params.workers,
        permits: params.permits,
        max_inside: max_inside.load(Ordering::SeqCst),
        entries: entries.load(Ordering::SeqCst),
        spans,
        elapsed_ms: clock.now(),
    })
}

/// Most spans of `kind` that overlap at any instant (a sweep over start/end).
pub fn max_overlap(spans: &[DemoSpan], kind: &str) -> usize {
    let mut edges: Vec<(f64, i32)> = Vec::new();
    for s in spans.iter().filter(|s| s.kind == kind) {
        edges.push((s.start, 1));
        edges.push((s.end, -1));
    }
    // Ends before starts at the same instant: touching spans do not overlap.
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut now, mut most) = (0i32, 0i32);
    for (_, d) in edges {
        now += d;
        most = most.max(now);
    }
    most as usize
}

/// The demo as the page lists it; `threads` caps the workers and permits fields.
pub fn info(threads: usize) -> DemoInfo {
    let source = include_str!("mod.rs");
    let workers = threads.max(2) as u64;
    DemoInfo {
        id: ID,
        title: "Semaphore",
        lesson: "A lock lets one thread in at a time; a semaphore lets k in — like a pool of k database connections, or \"at most 3 downloads at once\". A worker takes a permit before the guarded section and gives it back after. When all k permits are out, the next worker waits until one is returned. The timeline shows each worker waiting (grey) and inside (coloured); the line under it counts the workers inside, and never goes above k.",
        rust: super::excerpts(source, &["semaphore", "guarded"]),
        python: include_str!("semaphore.py"),
        fields: vec![
            FieldSpec::new("workers", "Workers", workers.min(4), 2, workers),
            FieldSpec::new("permits", "Permits", 2, 1, workers),
            FieldSpec::new("rounds", "Rounds per worker", 3, 1, 20),
            FieldSpec::new("hold_ms", "Time inside (ms)", 60, 1, 1000),
        ],
    }
}
