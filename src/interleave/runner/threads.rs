//! The run's threads: who exists, who is blocked on what, and the deadlock
//! verdict.
//!
//! Every wait of a Python thread (a lock, a join, a sleep, a queue) is a
//! loop of short timed waits on the primitive's own condition variable.
//! Between slices the thread looks at the cancel flag — so Cancel stops a
//! run whatever it waits on — and at the registry: when every thread that
//! has not finished is blocked with no timeout, and no thread has woken
//! since the last slice, nothing can ever wake them. That is a deadlock, and
//! the run stops with a report of who waits for what.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use super::value::lock;

/// Longest single wait: how late a cancel or a deadlock is noticed.
pub const WAIT_SLICE: Duration = Duration::from_millis(20);

/// How long every thread must look stuck, with no wake-up, before the run
/// is called deadlocked. A thread that was woken (a queue's item put, a
/// lock released) still looks blocked until the OS runs it, which on a busy
/// machine can take tens of ms: two slices were seen to be too short (a
/// manager's server, woken by a request, reported as deadlocked).
const DEADLOCK_CONFIRM_MS: f64 = 250.0;

#[derive(Debug, Clone, PartialEq)]
pub enum ThreadState {
    NotStarted,
    Running,
    /// Waiting: on what (as a person reads it), for which thread if any
    /// (the lock's last acquirer, the thread being joined), and whether the
    /// wait has a timeout (then it will end by itself).
    Blocked {
        what: String,
        on: Option<u64>,
        timed: bool,
    },
    Finished,
}

pub struct ThreadEntry {
    pub index: u32,
    pub ident: u64,
    pub name: Mutex<String>,
    pub daemon: bool,
    pub state: Mutex<ThreadState>,
    /// Set (and `done_cv` signalled) when the thread has finished.
    pub done: Mutex<bool>,
    pub done_cv: Condvar,
}

impl ThreadEntry {
    pub fn name(&self) -> String {
        lock(&self.name).clone()
    }
}

#[derive(Default)]
pub struct Registry {
    threads: Mutex<Vec<Arc<ThreadEntry>>>,
    /// Incremented whenever a blocked thread wakes up.
    progress: AtomicU64,
    /// Who waited for what when the run was found deadlocked.
    pub deadlock: Mutex<Option<Vec<WaitEdge>>>,
    /// The run's processes: a wait is a deadlock only when every thread of
    /// every process waits (a parent may wait on a child that still runs).
    pub family: std::sync::OnceLock<Arc<super::process::Family>>,
    /// Added to every ident, so that threads of different processes never
    /// share one (a `multiprocessing.RLock` tells its owner by ident).
    pub ident_base: AtomicU64,
}

/// One edge of the wait-for graph of a deadlock report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WaitEdge {
    pub thread: String,
    pub what: String,
    pub on: Option<String>,
}

/// First ident handed out: CPython's are pthread addresses, large numbers.
const FIRST_IDENT: u64 = 140_000_000_000_000;

impl Registry {
    pub fn add(&self, name: &str, daemon: bool) -> Arc<ThreadEntry> {
        let mut ts = lock(&self.threads);
        let index = ts.len() as u32;
        let e = Arc::new(ThreadEntry {
            index,
            ident: FIRST_IDENT + self.ident_base.load(Ordering::Relaxed) + index as u64 * 4096 * 16,
            name: Mutex::new(name.to_string()),
            daemon,
            state: Mutex::new(ThreadState::NotStarted),
            done: Mutex::new(false),
            done_cv: Condvar::new(),
        });
        ts.push(e.clone());
        e
    }

    pub fn all(&self) -> Vec<Arc<ThreadEntry>> {
        lock(&self.threads).clone()
    }

    pub fn by_ident(&self, ident: u64) -> Option<Arc<ThreadEntry>> {
        lock(&self.threads)
            .iter()
            .find(|t| t.ident == ident)
            .cloned()
    }

    pub fn set_state(&self, t: &ThreadEntry, s: ThreadState) {
        let mut st = lock(&t.state);
        if matches!(*st, ThreadState::Blocked { .. }) && !matches!(s, ThreadState::Blocked { .. }) {
            self.progress.fetch_add(1, Ordering::AcqRel);
        }
        *st = s;
    }

    pub fn finish(&self, t: &ThreadEntry) {
        self.set_state(t, ThreadState::Finished);
        self.progress.fetch_add(1, Ordering::AcqRel);
        *lock(&t.done) = true;
        t.done_cv.notify_all();
    }

    pub fn progress(&self) -> u64 {
        match self.family.get() {
            Some(f) => f.progress(),
            None => self.local_progress(),
        }
    }

    /// Wake-ups of this process's threads alone.
    pub fn local_progress(&self) -> u64 {
        self.progress.load(Ordering::Acquire)
    }

    /// Threads alive (started, not finished).
    pub fn alive(&self) -> usize {
        lock(&self.threads)
            .iter()
            .filter(|t| {
                matches!(
                    *lock(&t.state),
                    ThreadState::Running | ThreadState::Blocked { .. }
                )
            })
            .count()
    }

    /// The wait-for edges if every live thread (of every process of the
    /// run) is blocked for ever, else `None`.
    pub fn stuck(&self) -> Option<Vec<WaitEdge>> {
        match self.family.get() {
            Some(f) => f.stuck(),
            None => self.stuck_local().filter(|e| !e.is_empty()),
        }
    }

    /// This process's wait-for edges (maybe none, when every thread has
    /// ended) if all its live threads are blocked for ever, else `None`.
    pub fn stuck_local(&self) -> Option<Vec<WaitEdge>> {
        let ts = lock(&self.threads);
        let mut edges = Vec::new();
        for t in ts.iter() {
            match &*lock(&t.state) {
                ThreadState::NotStarted | ThreadState::Finished => {}
                ThreadState::Running => return None,
                ThreadState::Blocked { timed: true, .. } => return None,
                ThreadState::Blocked { what, on, .. } => edges.push(WaitEdge {
                    thread: t.name(),
                    what: what.clone(),
                    on: on.and_then(|id| ts.iter().find(|x| x.ident == id).map(|x| x.name())),
                }),
            }
        }
        Some(edges)
    }
}

/// Why a wait ended without its condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitEnd {
    TimedOut,
    Cancelled,
    Deadlock,
}

/// Waits on `cv` until `ready(&mut guard)` holds, the deadline (clock ms)
/// passes, the run is cancelled, or the run is found deadlocked.
/// The thread's registry state must already say what it waits for.
pub fn wait_on<'a, T>(
    mut guard: MutexGuard<'a, T>,
    cv: &Condvar,
    deadline_ms: Option<f64>,
    registry: &Registry,
    cancelled: &dyn Fn() -> bool,
    mut ready: impl FnMut(&mut T) -> bool,
) -> (MutexGuard<'a, T>, Result<(), WaitEnd>) {
    // (progress count, clock ms) when every thread was first seen stuck.
    let mut seen_stuck_at: Option<(u64, f64)> = None;
    loop {
        if ready(&mut guard) {
            return (guard, Ok(()));
        }
        if cancelled() {
            return (guard, Err(WaitEnd::Cancelled));
        }
        let mut slice = WAIT_SLICE;
        if let Some(d) = deadline_ms {
            let left = d - crate::clock::now_ms();
            if left <= 0.0 {
                return (guard, Err(WaitEnd::TimedOut));
            }
            slice = slice.min(Duration::from_micros((left * 1000.0).ceil() as u64));
        }
        let (g, res) = cv
            .wait_timeout(guard, slice)
            .unwrap_or_else(|e| e.into_inner());
        guard = g;
        if res.timed_out() && deadline_ms.is_none() {
            // Everybody stuck and nobody woken, for DEADLOCK_CONFIRM_MS.
            let p = registry.progress();
            if let Some(edges) = registry.stuck() {
                let now = crate::clock::now_ms();
                let confirmed = matches!(seen_stuck_at,
                    Some((q, since)) if q == p && now - since >= DEADLOCK_CONFIRM_MS);
                if confirmed {
                    if let Some(f) = registry.family.get() {
                        f.found_deadlock(&edges);
                    }
                    lock(&registry.deadlock).get_or_insert(edges);
                    return (guard, Err(WaitEnd::Deadlock));
                }
                if !matches!(seen_stuck_at, Some((q, _)) if q == p) {
                    seen_stuck_at = Some((p, now));
                }
            } else {
                seen_stuck_at = None;
            }
        }
    }
}
