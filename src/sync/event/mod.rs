//! Event: workers wait for one signal before they start.
//!
//! Lesson: `threading.Event` is a flag threads can wait on. Worker 1 prepares
//! something the others need (opens a file, loads a model, warms a cache)
//! and then calls `set()`; the others block in `wait()` until that moment and
//! all go on together. They use no CPU while waiting, and none starts early:
//! every wait ends at or after the instant the event was set.
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
pub const ID: &str = "event";

// ANCHOR: event
/// `threading.Event`: a flag and a condition to wait on until it is set.
pub struct Event {
    flag: Mutex<bool>,
    changed: Condvar,
}

impl Event {
    /// An event not yet set.
    pub fn new() -> Self {
        Event {
            flag: Mutex::new(false),
            changed: Condvar::new(),
        }
    }

    /// Sets the flag and wakes every waiter; later waits return at once.
    pub fn set(&self) {
        *lock(&self.flag) = true;
        self.changed.notify_all(); // wake every waiter, not just one
    }

    /// Waits until the flag is set (or the deadline passes).
    pub fn wait_until(&self, deadline: f64, control: &Control) -> Result<(), WaitEnd> {
        wait_for(&self.changed, lock(&self.flag), deadline, control, |set| {
            *set
        })
        .map(drop)
        .map_err(|(_, end)| end)
    }
}
// ANCHOR_END: event

impl Default for Event {
    fn default() -> Self {
        Self::new()
    }
}

/// What the event demo shows: one worker sets the event, the others wake.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EventResult {
    /// Threads that took part (worker 1 sets, the rest wait).
    pub workers: usize,
    /// When worker 1 set the event (ms since the run began).
    pub set_at: f64,
    /// When each waiting worker's wait ended (worker 1: NaN → null).
    pub woke_at: Vec<Option<f64>>,
    /// Lane = worker; kinds `work` (worker 1 prepares), `wait` (in
    /// `ready.wait()`), `hold` (everyone works after the event).
    pub spans: Vec<DemoSpan>,
    /// Milliseconds from the start of the run until every worker was done.
    pub elapsed_ms: f64,
}

/// Runs worker 1's `setup_ms` of setup and its `set()` while the other
/// `workers - 1` threads wait on the [`Event`].
pub fn run(workers: usize, setup_ms: f64, control: &Control) -> Result<EventResult, Failure> {
    let ready = Event::new();
    let set_at = Mutex::new(f64::NAN);
    let clock = Clock::start();
    let per_worker = on_threads(workers, control, |worker| {
        let mut spans = Vec::new();
        let mut woke = None;
        // ANCHOR: roles
        if worker == 0 {
            let t = clock.now();
            nap(setup_ms, control); // prepare what the others need…
            spans.push(clock.span(0, "work", "prepares", t));
            *lock(&set_at) = clock.now();
            ready.set(); // …then let everyone go
        } else {
            let t = clock.now();
            if ready.wait_until(now_ms() + SAFETY_MS, control).is_err() {
                return Err(Failure::Stuck("the event was never set".into()));
            }
            woke = Some(clock.now());
            spans.push(DemoSpan {
                lane: worker,
                kind: "wait",
                label: "ready.wait()".into(),
                start: t,
                end: woke.unwrap(),
            });
        }
        // ANCHOR_END: roles
        let t = clock.now();
        nap(setup_ms / 2.0 + 5.0 * worker as f64, control); // the real work, all at once
        spans.push(clock.span(worker, "hold", "works", t));
        Ok((woke, spans))
    })?;
    let mut spans = Vec::new();
    let mut woke_at = Vec::new();
    for r in per_worker {
        let (woke, s) = r?;
        woke_at.push(woke);
        spans.extend(s);
    }
    let set_at = *lock(&set_at);
    Ok(EventResult {
        workers,
        set_at,
        woke_at,
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
        title: "Event",
        lesson: "An Event is a flag that threads can wait on. Worker 1 prepares something the others need and then sets the event; the others wait for it, using no CPU, and all start the moment it is set — none before. Polling a plain boolean in a loop would burn a core per waiting thread; an Event puts them to sleep and wakes them all with one set().",
        rust: super::excerpts(source, &["event", "roles"]),
        python: include_str!("event.py"),
        fields: vec![
            FieldSpec::new("workers", "Workers", workers.min(4), 2, workers),
            FieldSpec::new("setup_ms", "Preparation time (ms)", 150, 1, 5000),
        ],
    }
}
