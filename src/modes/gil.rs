//! The simulated global interpreter lock the modes page's threads run under
//! (not the Python runner's real one, `interleave::runner::gil`): a FIFO
//! lock handed over every switch interval while another thread waits.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use serde::Serialize;
use ts_rs::TS;

use crate::clock::now_ms;
use crate::control::Control;

/// A simulated global interpreter lock.
///
/// `enabled == false` is free-threaded Python: [`SimulatedGil::acquire`] and friends
/// do nothing, so threads compute in parallel.
#[derive(Debug)]
pub struct SimulatedGil {
    enabled: bool,
    pub(super) switch_interval_ms: f64,
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

/// Who holds the lock, for [`SimulatedGil::release`] and [`SimulatedGil::maybe_switch`].
#[derive(Debug)]
pub(super) struct Held {
    ticket: u64,
    /// Start of the current switch interval.
    since_ms: f64,
    /// When this thread got the lock (start of its compute span).
    held_from_ms: f64,
}

impl SimulatedGil {
    /// A lock (`enabled`) or none (free-threaded), handed over every
    /// `switch_interval_ms` while another thread waits for it.
    pub fn new(enabled: bool, switch_interval_ms: f64) -> Self {
        SimulatedGil {
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
    pub(super) fn record(&self, kind: ActivityKind, start_ms: f64, end_ms: f64) {
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
    pub(super) fn activity(&self) -> (Vec<Activity>, u64) {
        let mut log = self
            .activity
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        log.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
        (log, self.activity_dropped.load(Ordering::Relaxed))
    }

    pub(super) fn enabled(&self) -> bool {
        self.enabled
    }

    /// Waits for the lock, first come first served. `None` if the run was
    /// cancelled while waiting (the thread then holds nothing).
    pub(super) fn acquire(&self, control: &Control) -> Option<Held> {
        self.acquire_since(control, now_ms())
    }

    /// [`SimulatedGil::acquire`], counting the wait from `asked` (the moment this
    /// thread stopped doing anything else), so its timeline has no gap even
    /// when the machine makes it wait for a CPU in between.
    pub(super) fn acquire_since(&self, control: &Control, asked: f64) -> Option<Held> {
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
    pub(super) fn release(&self, held: Held) -> f64 {
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
    pub(super) fn maybe_switch(&self, held: Held, control: &Control) -> Option<Held> {
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
    pub(super) fn switches(&self) -> u64 {
        self.switches.load(Ordering::Relaxed)
    }

    /// Time all threads spent waiting for the lock so far.
    pub(super) fn waited_ms(&self) -> f64 {
        self.waited_us.load(Ordering::Relaxed) as f64 / 1e3
    }
}

/// A number per OS thread (rayon index + 1, or 0 for a thread outside the pool).
pub(super) fn thread_tag() -> u64 {
    rayon::current_thread_index().map_or(0, |i| i as u64 + 1)
}
