//! RLock: a thread that takes a plain lock it already holds waits for itself.
//!
//! Lesson: `transfer()` takes the account's lock and calls `deposit()`, which
//! takes the same lock again. A plain lock does not know who holds it, so the
//! second acquire waits for the lock to be released — by the very thread that
//! is waiting. That thread deadlocks on its own. A *reentrant* lock
//! (`threading.RLock`) remembers its owner and a depth: the owner may take it
//! again (depth 2) and must release it as often as it took it; other threads
//! still wait until the depth is back to 0, so it excludes them just as well.
#![warn(missing_docs)]

/// The same demo simulated on one worker (threads off).
pub mod sim;

use std::cell::Cell;
use std::sync::{Condvar, Mutex};

use serde::Serialize;
use ts_rs::TS;

use super::deadlock;
use super::{
    lock, nap, on_threads, wait_for, Clock, DemoInfo, DemoSpan, Failure, FieldSpec, WaitEnd,
};
use crate::clock::now_ms;
use crate::control::Control;

/// The demo's id in requests.
pub const ID: &str = "rlock";

thread_local! {
    /// Its address tells threads apart (like `threading.get_ident()`).
    static TOKEN: Cell<u8> = const { Cell::new(0) };
}

fn thread_token() -> usize {
    TOKEN.with(|t| t as *const Cell<u8> as usize)
}

// ANCHOR: rlock
/// A reentrant lock: an owner and a depth, guarded by a mutex.
pub struct RLock {
    state: Mutex<Owner>,
    released: Condvar,
}

#[derive(Default)]
struct Owner {
    thread: Option<usize>,
    depth: usize,
}

impl RLock {
    /// A free lock.
    pub fn new() -> Self {
        RLock {
            state: Mutex::new(Owner::default()),
            released: Condvar::new(),
        }
    }

    /// Free, or already ours: take it (one level deeper). Otherwise wait —
    /// until the deadline at most. Returns the new depth.
    pub fn acquire_until(&self, deadline: f64, control: &Control) -> Result<usize, WaitEnd> {
        let me = thread_token();
        let free_or_mine = |o: &Owner| o.thread.is_none() || o.thread == Some(me);
        let mut owner = wait_for(
            &self.released,
            lock(&self.state),
            deadline,
            control,
            free_or_mine,
        )
        .map_err(|(_, end)| end)?;
        owner.thread = Some(me);
        owner.depth += 1;
        Ok(owner.depth)
    }

    /// One level up; at depth 0 the lock is free for other threads.
    pub fn release(&self) {
        let mut owner = lock(&self.state);
        assert_eq!(
            owner.thread,
            Some(thread_token()),
            "only the owner may release an RLock"
        );
        owner.depth -= 1;
        if owner.depth == 0 {
            owner.thread = None;
            self.released.notify_all();
        }
    }
}
// ANCHOR_END: rlock

impl Default for RLock {
    fn default() -> Self {
        Self::new()
    }
}

/// The first half: a plain lock taken twice by one thread.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PlainResult {
    /// The inner acquire timed out while this same thread held the lock.
    pub self_deadlock_detected: bool,
    /// How long the inner acquire waited before it gave up.
    pub waited_ms: f64,
    /// Lanes as in [`run`]: the outer call on 0, the inner on 1.
    pub spans: Vec<DemoSpan>,
}

/// The second half: the same calls with an [`RLock`], and a second worker.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReentrantResult {
    /// Both workers got the lock within the timeout.
    pub completed: bool,
    /// Deepest nesting reached (2: `transfer()` then `deposit()`).
    pub max_depth: usize,
    /// How long worker 2 waited for worker 1 to release the RLock fully.
    pub other_waited_ms: f64,
    /// Worker 2 got the lock only after worker 1 was back at depth 0.
    pub other_excluded: bool,
    /// Lanes as in [`run`].
    pub spans: Vec<DemoSpan>,
}

/// What the RLock demo shows: a plain lock deadlocks on itself, an RLock
/// does not, and still keeps other threads out.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RLockResult {
    /// How long an acquire waited before it gave up.
    pub timeout_ms: f64,
    /// With a plain lock.
    pub plain: PlainResult,
    /// With the RLock.
    pub reentrant: ReentrantResult,
}

/// Runs the plain-lock half, then the RLock half.
///
/// Lanes: 0 = worker 1's outer `transfer()`, 1 = its inner `deposit()`,
/// 2 = worker 2.
pub fn run(timeout_ms: f64, control: &Control) -> Result<RLockResult, Failure> {
    let plain = run_plain(timeout_ms, control)?;
    let reentrant = run_reentrant(timeout_ms, control)?;
    Ok(RLockResult {
        timeout_ms,
        plain,
        reentrant,
    })
}

fn run_plain(timeout_ms: f64, control: &Control) -> Result<PlainResult, Failure> {
    let account = Mutex::new(());
    let clock = Clock::start();
    let mut results = on_threads(1, control, |_| {
        let mut spans = Vec::new();
        // ANCHOR: plain
        let t = clock.now();
        let outer = lock(&account); // transfer(): takes the lock…
        let held = clock.now();
        nap(5.0, control);
        // …and calls deposit(), which takes the same lock again.
        let t_inner = clock.now();
        let started = now_ms();
        let inner = deadlock::acquire_until(&account, started + timeout_ms, control);
        let waited_ms = now_ms() - started;
        // ANCHOR_END: plain
        let detected = matches!(inner, Err(WaitEnd::TimedOut));
        spans.push(clock.span(
            1,
            "blocked",
            "deposit(): waits for the lock it already holds — timed out",
            t_inner,
        ));
        drop(inner);
        drop(outer);
        spans.push(DemoSpan {
            lane: 0,
            kind: "wait",
            label: "transfer(): takes the lock".into(),
            start: t,
            end: held,
        });
        spans.push(clock.span(0, "hold", "transfer(): holds the lock", held));
        (detected, waited_ms, spans)
    })?;
    let (detected, waited_ms, spans) = results.remove(0);
    Ok(PlainResult {
        self_deadlock_detected: detected,
        waited_ms,
        spans,
    })
}

fn run_reentrant(timeout_ms: f64, control: &Control) -> Result<ReentrantResult, Failure> {
    let account = RLock::new();
    let clock = Clock::start();
    let first_holds = std::sync::atomic::AtomicBool::new(false);
    let released_at = Mutex::new(f64::NAN);
    let results = on_threads(2, control, |worker| {
        let mut spans = Vec::new();
        if worker == 0 {
            let t = clock.now();
            let deadline = now_ms() + timeout_ms;
            let Ok(d1) = account.acquire_until(deadline, control) else {
                return (false, 0, f64::NAN, f64::NAN, spans);
            };
            first_holds.store(true, std::sync::atomic::Ordering::SeqCst);
            spans.push(DemoSpan {
                lane: 0,
                kind: "wait",
                label: "transfer(): takes the RLock".into(),
                start: t,
                end: clock.now(),
            });
            let held = clock.now();
            nap(15.0, control);
            let t_inner = clock.now();
            let Ok(d2) = account.acquire_until(now_ms() + timeout_ms, control) else {
                account.release();
                return (false, d1, f64::NAN, f64::NAN, spans);
            };
            let inner_held = clock.now();
            spans.push(DemoSpan {
                lane: 1,
                kind: "wait",
                label: "deposit(): takes it again".into(),
                start: t_inner,
                end: inner_held,
            });
            nap(15.0, control);
            account.release();
            spans.push(clock.span(1, "hold", "deposit(): holds it (depth 2)", inner_held));
            nap(10.0, control);
            *lock(&released_at) = clock.now();
            account.release();
            spans.push(clock.span(0, "hold", "transfer(): holds it (depth 1)", held));
            (true, d2, f64::NAN, f64::NAN, spans)
        } else {
            // Worker 2 wants the same account while worker 1 is inside it.
            let give_up = now_ms() + super::SAFETY_MS;
            while !first_holds.load(std::sync::atomic::Ordering::SeqCst)
                && now_ms() < give_up
                && !control.is_cancelled()
            {
                nap(0.25, control);
            }
            let t = clock.now();
            let started = now_ms();
            match account.acquire_until(now_ms() + timeout_ms.max(1000.0), control) {
                Ok(depth) => {
                    let got = clock.now();
                    spans.push(DemoSpan {
                        lane: 2,
                        kind: "wait",
                        label: "waits for the RLock".into(),
                        start: t,
                        end: got,
                    });
                    nap(10.0, control);
                    account.release();
                    spans.push(clock.span(2, "hold", "holds it (depth 1)", got));
                    (true, depth, now_ms() - started, got, spans)
                }
                Err(_) => {
                    spans.push(clock.span(2, "blocked", "waits for the RLock — timed out", t));
                    (false, 0, now_ms() - started, f64::NAN, spans)
                }
            }
        }
    })?;
    let mut spans = Vec::new();
    let completed = results.iter().all(|r| r.0);
    let max_depth = results.iter().map(|r| r.1).max().unwrap_or(0);
    let other_waited_ms = results[1].2;
    let other_got_at = results[1].3;
    for r in results {
        spans.extend(r.4);
    }
    let released_at = *lock(&released_at);
    Ok(ReentrantResult {
        completed,
        max_depth,
        other_waited_ms,
        other_excluded: other_got_at >= released_at,
        spans,
    })
}

/// The demo as the page lists it.
pub fn info() -> DemoInfo {
    let source = include_str!("mod.rs");
    DemoInfo {
        id: ID,
        title: "RLock",
        lesson: "transfer() takes an account's lock and calls deposit(), which takes the same lock. With a plain lock the second acquire waits for the lock to be released — by the thread that is now waiting — so the thread deadlocks on its own (threadlab waits with a timeout and reports it). A reentrant lock remembers which thread owns it and how many times: its owner may take it again, and must release it as many times; every other thread still waits until it is fully released.",
        rust: super::excerpts(source, &["plain", "rlock"]),
        python: include_str!("rlock.py"),
        fields: vec![FieldSpec::new("timeout_ms", "Timeout (ms)", 500, 50, 5000)],
    }
}
