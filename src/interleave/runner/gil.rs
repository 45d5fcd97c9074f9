//! The global interpreter lock, as CPython 3.12 runs it
//! (`Python/ceval_gil.c`).
//!
//! A thread that wants the GIL waits on a condition variable for at most
//! the switch interval (`sys.setswitchinterval`, 5 ms by default). If the
//! holder has not let go by then — and nobody else took it in between — the
//! waiter sets the *drop request*. The holder sees that request at its next
//! eval-breaker check and lets go; and because a forced drop waits until
//! some other thread has actually taken the GIL (`FORCE_SWITCHING`), the old
//! holder cannot grab it straight back. So under contention the GIL changes
//! hands about once per interval: ~200 times a second at 5 ms.
//!
//! Where the holder checks is the lesson's other half. CPython ≥ 3.10 checks
//! only at backward jumps and calls (bpo-29988), so `counter += 1` — load,
//! add, store, with no jump between — is never split by a switch and loses
//! no updates; older CPythons checked between almost any two instructions
//! ([`SwitchPoints::Any`]), and the same loop loses updates.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use super::value::lock;

/// Where a thread holding the GIL checks for a drop request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SwitchPoints {
    /// CPython ≥ 3.10: backward jumps and calls only.
    BackEdges,
    /// CPython ≤ 3.9, effectively: between any two instructions.
    Any,
}

struct State {
    locked: bool,
    holder: u64,
    /// Incremented on every take: lets a waiter tell "nobody else took it
    /// while I waited" from "it changed hands and is held again".
    switch_number: u64,
    waiters: u32,
    /// How many times the GIL was taken by a thread other than its last
    /// holder.
    handovers: u64,
    last_holder: u64,
}

/// The interpreter lock: who holds it, who waits, and the drop request that
/// makes the holder let go after the switch interval (CPython 3.12's
/// `take_gil` / `drop_gil` with the eval breaker).
pub struct Gil {
    state: Mutex<State>,
    /// Signalled when the GIL is released.
    released: Condvar,
    /// Signalled when the GIL is taken (for forced switches).
    taken: Condvar,
    /// The eval breaker's drop-request bit.
    pub drop_request: AtomicBool,
    interval_us: AtomicU64,
}

impl Gil {
    /// A free GIL with switch interval `interval_s` seconds.
    pub fn new(interval_s: f64) -> Gil {
        Gil {
            state: Mutex::new(State {
                locked: false,
                holder: 0,
                switch_number: 0,
                waiters: 0,
                handovers: 0,
                last_holder: 0,
            }),
            released: Condvar::new(),
            taken: Condvar::new(),
            drop_request: AtomicBool::new(false),
            interval_us: AtomicU64::new(interval_to_us(interval_s)),
        }
    }

    /// `sys.setswitchinterval(seconds)`.
    pub fn set_interval(&self, seconds: f64) {
        self.interval_us
            .store(interval_to_us(seconds), Ordering::Relaxed);
    }

    /// `sys.getswitchinterval()`, in seconds.
    pub fn interval(&self) -> f64 {
        self.interval_us.load(Ordering::Relaxed) as f64 / 1e6
    }

    /// Blocks until thread `me` holds the GIL.
    pub fn take(&self, me: u64) {
        let mut s = lock(&self.state);
        if s.locked {
            s.waiters += 1;
            // Even a cancelled run waits here: the holder sees the cancel at
            // its next check and lets go, and two holders must never be.
            while s.locked {
                let before = s.switch_number;
                let interval = Duration::from_micros(self.interval_us.load(Ordering::Relaxed));
                let (g, timeout) = self
                    .released
                    .wait_timeout(s, interval)
                    .unwrap_or_else(|e| e.into_inner());
                s = g;
                if timeout.timed_out() && s.locked && s.switch_number == before {
                    self.drop_request.store(true, Ordering::Release);
                }
            }
            s.waiters -= 1;
        }
        s.locked = true;
        s.holder = me;
        s.switch_number += 1;
        if s.last_holder != me {
            s.handovers += 1;
            s.last_holder = me;
        }
        // This thread answered the request (or there was none).
        self.drop_request.store(false, Ordering::Release);
        self.taken.notify_all();
    }

    /// Lets go. After a forced drop, waits until another thread has taken
    /// it, so the same thread does not take it straight back.
    pub fn drop_gil(&self, forced: bool, cancelled: &dyn Fn() -> bool) {
        let mut s = lock(&self.state);
        s.locked = false;
        self.released.notify_one();
        if forced && s.waiters > 0 {
            let n = s.switch_number;
            while s.switch_number == n && s.waiters > 0 && !cancelled() {
                let (g, _) = self
                    .taken
                    .wait_timeout(s, Duration::from_millis(20))
                    .unwrap_or_else(|e| e.into_inner());
                s = g;
            }
        }
    }

    /// Times the GIL went to a different thread than its last holder.
    pub fn handovers(&self) -> u64 {
        lock(&self.state).handovers
    }

    /// The id of the thread that holds the GIL now, if any.
    pub fn holder(&self) -> Option<u64> {
        let s = lock(&self.state);
        s.locked.then_some(s.holder)
    }
}

fn interval_to_us(seconds: f64) -> u64 {
    // CPython stores microseconds and refuses non-positive intervals (the
    // caller checks); at least 1 µs so a wait always has a timeout.
    ((seconds * 1e6).round() as u64).max(1)
}
