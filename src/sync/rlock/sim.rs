//! RLock on one simulated core. A plain Lock taken twice by the same thread
//! waits for itself: the timeout detects it. An RLock counts its owner's
//! acquisitions (depth 2), and a second thread still waits until the owner's
//! last release.
#![warn(missing_docs)]

use crate::control::Control;
use crate::sync::rlock::{PlainResult, RLockResult, ReentrantResult};
use crate::sync::sim::{self, at, span, when, when_or, Model, Next, Rng};
use crate::sync::{DemoSpan, Failure};

/// One thread, one plain lock taken twice: lanes 0 (transfer) and 1 (deposit).
struct Plain {
    timeout: u64,
    pc: u8,
    owner: Option<usize>,
    t: u64,
    held: u64,
    wake: u64,
    detected: bool,
    waited: u64,
    spans: Vec<DemoSpan>,
}

// ANCHOR: model
impl Model for Plain {
    fn threads(&self) -> usize {
        1
    }
    fn next(&self, _t: usize, _now: u64) -> Next {
        match self.pc {
            0 => Next::At(0),
            1 => at(self.wake),
            // A plain Lock does not know its owner: taking it again waits.
            2 => when_or(self.owner.is_none(), self.t + self.timeout),
            _ => Next::Done,
        }
    }
    fn step(&mut self, _t: usize, now: u64) {
        match self.pc {
            0 => {
                self.owner = Some(0);
                self.held = now + 1;
                self.spans
                    .push(span(0, "wait", "transfer(): takes the lock", now, now + 1));
                self.wake = now + 1 + 5;
                self.pc = 1;
            }
            1 => {
                self.t = now;
                self.pc = 2;
            }
            _ => {
                self.detected = self.owner.is_some();
                self.waited = now - self.t;
                self.spans.push(span(
                    1,
                    "blocked",
                    "deposit(): waits for the lock it already holds — timed out",
                    self.t,
                    now,
                ));
                self.owner = None;
                self.spans.push(span(
                    0,
                    "hold",
                    "transfer(): holds the lock",
                    self.held,
                    now + 1,
                ));
                self.pc = 3;
            }
        }
    }
}
// ANCHOR_END: model

/// Worker 1 takes the RLock twice (transfer, then deposit); worker 2 wants it meanwhile.
struct Reentrant {
    timeout: u64,
    owner: Option<usize>,
    depth: usize,
    max_depth: usize,
    pc: [u8; 2],
    wake: [u64; 2],
    since: [u64; 2],
    held: [u64; 2],
    released_at: Option<u64>,
    other_got: Option<u64>,
    other_waited: u64,
    completed: [bool; 2],
    spans: Vec<DemoSpan>,
}

impl Reentrant {
    fn free_for(&self, t: usize) -> bool {
        self.owner.is_none() || self.owner == Some(t)
    }
    fn acquire(&mut self, t: usize) {
        self.owner = Some(t);
        self.depth += 1;
        self.max_depth = self.max_depth.max(self.depth);
    }
    fn release(&mut self) {
        self.depth -= 1;
        if self.depth == 0 {
            self.owner = None;
        }
    }
}

// ANCHOR: model_reentrant
impl Model for Reentrant {
    fn threads(&self) -> usize {
        2
    }
    fn next(&self, t: usize, _now: u64) -> Next {
        match (t, self.pc[t]) {
            (0, 0) => when_or(self.free_for(0), self.timeout),
            (0, 1) | (0, 3) | (0, 4) => at(self.wake[0]),
            (0, 2) => when_or(self.free_for(0), self.since[0] + self.timeout),
            // Worker 2 comes while worker 1 is inside.
            (1, 0) => when(self.owner == Some(0)),
            (1, 1) => when_or(self.free_for(1), self.since[1] + self.timeout.max(1000)),
            (1, 2) => at(self.wake[1]),
            _ => Next::Done,
        }
    }
    fn step(&mut self, t: usize, now: u64) {
        let next = now + 1;
        match (t, self.pc[t]) {
            (0, 0) | (0, 2) if !self.free_for(0) => self.pc[0] = 9,
            (0, 0) => {
                self.acquire(0);
                self.spans
                    .push(span(0, "wait", "transfer(): takes the RLock", now, next));
                self.held[0] = next;
                self.wake[0] = next + 15;
                self.pc[0] = 1;
            }
            (0, 1) => {
                self.since[0] = now;
                self.pc[0] = 2;
            }
            (0, 2) => {
                // The owner takes it again: depth 2, no wait.
                self.acquire(0);
                self.spans.push(span(
                    1,
                    "wait",
                    "deposit(): takes it again",
                    self.since[0],
                    next,
                ));
                self.held[1] = next;
                self.wake[0] = next + 15;
                self.pc[0] = 3;
            }
            (0, 3) => {
                self.release();
                self.spans.push(span(
                    1,
                    "hold",
                    "deposit(): holds it (depth 2)",
                    self.held[1],
                    next,
                ));
                self.wake[0] = next + 10;
                self.pc[0] = 4;
            }
            (0, _) => {
                self.released_at = Some(now);
                self.release();
                self.spans.push(span(
                    0,
                    "hold",
                    "transfer(): holds it (depth 1)",
                    self.held[0],
                    next,
                ));
                self.completed[0] = true;
                self.pc[0] = 9;
            }
            (_, 0) => {
                self.since[1] = now;
                self.pc[1] = 1;
            }
            (_, 1) => {
                self.other_waited = now - self.since[1];
                if self.free_for(1) {
                    self.acquire(1);
                    self.other_got = Some(now);
                    self.spans
                        .push(span(2, "wait", "waits for the RLock", self.since[1], next));
                    self.wake[1] = next + 10;
                    self.since[1] = next;
                    self.pc[1] = 2;
                } else {
                    self.spans.push(span(
                        2,
                        "blocked",
                        "waits for the RLock — timed out",
                        self.since[1],
                        now,
                    ));
                    self.pc[1] = 9;
                }
            }
            _ => {
                self.release();
                self.spans
                    .push(span(2, "hold", "holds it (depth 1)", self.since[1], next));
                self.completed[1] = true;
                self.pc[1] = 9;
            }
        }
    }
}
// ANCHOR_END: model_reentrant

/// The rlock demo simulated, the scheduler seeded from `seed`: the
/// counterpart of [`crate::sync::rlock::run`], with ticks for milliseconds.
pub fn run(timeout: u64, seed: u64, control: &Control) -> Result<RLockResult, Failure> {
    let mut rng = Rng::new(seed);
    let mut plain = Plain {
        timeout,
        pc: 0,
        owner: None,
        t: 0,
        held: 0,
        wake: 0,
        detected: false,
        waited: 0,
        spans: Vec::new(),
    };
    sim::run(&mut plain, &mut rng, control)?;
    let mut re = Reentrant {
        timeout,
        owner: None,
        depth: 0,
        max_depth: 0,
        pc: [0; 2],
        wake: [0; 2],
        since: [0; 2],
        held: [0; 2],
        released_at: None,
        other_got: None,
        other_waited: 0,
        completed: [false; 2],
        spans: Vec::new(),
    };
    if let sim::End::Stuck { blocked, .. } = sim::run(&mut re, &mut rng, control)? {
        return Err(sim::stuck("the RLock demo", &blocked));
    }
    Ok(RLockResult {
        timeout_ms: timeout as f64,
        plain: PlainResult {
            self_deadlock_detected: plain.detected,
            waited_ms: plain.waited as f64,
            spans: plain.spans,
        },
        reentrant: ReentrantResult {
            completed: re.completed.iter().all(|&c| c),
            max_depth: re.max_depth,
            other_waited_ms: re.other_waited as f64,
            other_excluded: matches!((re.other_got, re.released_at), (Some(got), Some(rel)) if got >= rel),
            spans: re.spans,
        },
    })
}
