//! Waiting without hanging: the blocking building blocks shared by the
//! synchronisation demos ([`crate::sync`]) and the simulated GIL
//! ([`crate::modes`]).
//!
//! Lesson: in a program that must never hang, every wait has two ways out
//! besides success — a deadline and a cancel flag. Python's `Event.wait`,
//! `Condition.wait_for` and `Lock.acquire` all take a `timeout` for this
//! reason. Here each wait sleeps in short slices and looks at the run's
//! [`Control`] block between them, because a cancel sets a flag in shared
//! memory; it does not notify anybody's condition variable.
#![warn(missing_docs)]

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::clock::now_ms;
use crate::control::Control;

/// Sleeps about `ms` without using the CPU (like `time.sleep`), waking early
/// when the run is cancelled. Returns false if it was.
pub fn nap(ms: f64, control: &Control) -> bool {
    // A private Condvar nobody notifies: wait_timeout is a sleep that works on
    // wasm worker threads too (it becomes Atomics.wait with a timeout).
    static NOBODY: Mutex<()> = Mutex::new(());
    static NEVER: Condvar = Condvar::new();
    let until = now_ms() + ms;
    loop {
        if control.is_cancelled() {
            return false;
        }
        let left = until - now_ms();
        if left <= 0.0 {
            return true;
        }
        let guard = NOBODY.lock().unwrap_or_else(|p| p.into_inner());
        // Slices of at most 10 ms so a cancel is seen promptly.
        let _ = NEVER.wait_timeout(guard, slice(left.min(10.0)));
    }
}

/// Why a timed wait ended without what it waited for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitEnd {
    /// The deadline passed first.
    TimedOut,
    /// The run's control block asked to stop.
    Cancelled,
}

/// Waits on `condvar` until `ready(&state)` holds, the deadline (on
/// [`now_ms`]) passes, or the run is cancelled. The building block of every
/// blocking primitive here: Python's `Condition.wait_for(pred, timeout)`.
pub fn wait_for<'a, S>(
    condvar: &Condvar,
    mut guard: MutexGuard<'a, S>,
    deadline: f64,
    control: &Control,
    mut ready: impl FnMut(&S) -> bool,
) -> Result<MutexGuard<'a, S>, (MutexGuard<'a, S>, WaitEnd)> {
    loop {
        if ready(&guard) {
            return Ok(guard);
        }
        if control.is_cancelled() {
            return Err((guard, WaitEnd::Cancelled));
        }
        let left = deadline - now_ms();
        if left <= 0.0 {
            return Err((guard, WaitEnd::TimedOut));
        }
        // Short slices: a cancel sets a flag, it does not notify condvars.
        guard = condvar
            .wait_timeout(guard, slice(left.min(10.0)))
            .unwrap_or_else(|p| p.into_inner())
            .0;
    }
}

fn slice(ms: f64) -> Duration {
    Duration::from_micros((ms.max(0.0) * 1000.0) as u64 + 1)
}

/// Locks a std mutex, ignoring poisoning: no demo panics while holding one,
/// and a demo must report, never unwind across the pool.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}
