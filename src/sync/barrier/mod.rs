//! Barrier: workers wait for each other between phases.
//!
//! Lesson: in a computation done in phases (simulation steps, rounds of a
//! game, passes over data), no worker may start phase p + 1 until every
//! worker has finished phase p. `threading.Barrier(n)` is that meeting point:
//! each worker calls `wait()` when done, and the last to arrive releases them
//! all. On the timeline the fast workers wait for the slowest one, and every
//! phase starts after the previous one ended for everyone.
#![warn(missing_docs)]

/// The same demo simulated on one worker (threads off).
pub mod sim;

use std::sync::{Condvar, Mutex};

use serde::Serialize;
use ts_rs::TS;

use super::{
    lock, nap, on_threads, wait_for, Clock, DemoInfo, DemoSpan, Failure, FieldSpec, WaitEnd,
    SAFETY_MS,
};
use crate::clock::now_ms;
use crate::control::Control;

/// The demo's id in requests.
pub const ID: &str = "barrier";

// ANCHOR: barrier
/// `threading.Barrier(n)`: counts arrivals; the n-th opens the next generation.
pub struct Barrier {
    parties: usize,
    state: Mutex<(usize, u64)>, // (arrived in this generation, generation)
    opened: Condvar,
}

impl Barrier {
    /// A barrier that opens when `parties` threads wait at it.
    pub fn new(parties: usize) -> Self {
        Barrier {
            parties,
            state: Mutex::new((0, 0)),
            opened: Condvar::new(),
        }
    }

    /// Waits until `parties` threads have arrived (or the deadline passes).
    pub fn wait_until(&self, deadline: f64, control: &Control) -> Result<(), WaitEnd> {
        let mut state = lock(&self.state);
        let generation = state.1;
        state.0 += 1;
        if state.0 == self.parties {
            *state = (0, generation + 1); // the last one in opens the barrier
            self.opened.notify_all();
            return Ok(());
        }
        // Wait for the generation to change, not for a count: the count
        // restarts at 0 for the next phase at once.
        wait_for(&self.opened, state, deadline, control, |s| {
            s.1 != generation
        })
        .map(drop)
        .map_err(|(_, end)| end)
    }
}
// ANCHOR_END: barrier

/// What the barrier demo shows: the phases of every worker, and the check
/// that no phase began before the previous one ended everywhere.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BarrierResult {
    /// Threads that took part.
    pub workers: usize,
    /// Phases each of them ran.
    pub phases: usize,
    /// When the last worker arrived at the barrier after each phase.
    pub opened_at: Vec<f64>,
    /// Checked: no worker began phase p + 1 before all had ended phase p.
    pub phases_kept_apart: bool,
    /// Lane = worker; kinds `hold` (work of a phase), `wait` (at the barrier).
    pub spans: Vec<DemoSpan>,
    /// Milliseconds from the start of the run until every worker was done.
    pub elapsed_ms: f64,
}

/// Runs `phases` phases on `workers` threads that meet at a [`Barrier`]
/// after each; worker `w`'s phase `p` takes `(1 + (w + p) % workers)` work
/// units of `unit_ms`, so a different worker is slowest each time.
pub fn run(
    workers: usize,
    phases: usize,
    unit_ms: f64,
    control: &Control,
) -> Result<BarrierResult, Failure> {
    let barrier = Barrier::new(workers);
    let clock = Clock::start();
    let per_worker = on_threads(workers, control, |worker| {
        let mut spans = Vec::new();
        let mut work = Vec::new(); // (phase, start, end)
        for phase in 0..phases {
            // ANCHOR: phases
            let t = clock.now();
            // Uneven work: a different worker is slowest in each phase.
            nap(unit_ms * (1 + (worker + phase) % workers) as f64, control);
            let done = clock.now();
            if barrier.wait_until(now_ms() + SAFETY_MS, control).is_err() {
                return Err(Failure::Stuck(format!(
                    "worker {} waited at the barrier for ever",
                    worker + 1
                )));
            }
            // ANCHOR_END: phases
            work.push((phase, t, done));
            spans.push(DemoSpan {
                lane: worker,
                kind: "hold",
                label: format!("phase {}", phase + 1),
                start: t,
                end: done,
            });
            spans.push(clock.span(
                worker,
                "wait",
                format!("barrier.wait() after phase {}", phase + 1),
                done,
            ));
        }
        Ok((work, spans))
    })?;
    let mut spans = Vec::new();
    let mut work = Vec::new();
    for r in per_worker {
        let (w, s) = r?;
        work.extend(w);
        spans.extend(s);
    }
    let end_of = |p: usize| {
        work.iter()
            .filter(|w| w.0 == p)
            .map(|w| w.2)
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let start_of = |p: usize| {
        work.iter()
            .filter(|w| w.0 == p)
            .map(|w| w.1)
            .fold(f64::INFINITY, f64::min)
    };
    let opened_at: Vec<f64> = (0..phases).map(end_of).collect();
    let phases_kept_apart = (1..phases).all(|p| start_of(p) >= end_of(p - 1));
    Ok(BarrierResult {
        workers,
        phases,
        opened_at,
        phases_kept_apart,
        spans,
        elapsed_ms: clock.now(),
    })
}

/// The demo as the page lists it; `threads` caps the workers field.
pub fn info(threads: usize) -> DemoInfo {
    let source = include_str!("mod.rs");
    let workers = threads.max(2) as u64;
    DemoInfo {
        id: ID,
        title: "Barrier",
        lesson: "Some work comes in phases, and phase 2 needs everyone's phase 1. A Barrier for n threads is the meeting point: each thread calls wait() when it is done with a phase, and the last one to arrive lets them all go. The fast workers spend the difference waiting (grey), so a phase takes as long as its slowest worker — the cost of keeping phases apart.",
        rust: super::excerpts(source, &["barrier", "phases"]),
        python: include_str!("barrier.py"),
        fields: vec![
            FieldSpec::new("workers", "Workers", workers.min(4), 2, workers),
            FieldSpec::new("phases", "Phases", 3, 1, 10),
            FieldSpec::new("unit_ms", "Work unit (ms)", 40, 1, 1000),
        ],
    }
}
