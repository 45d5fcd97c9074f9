//! Deadlock on one simulated core: two threads take locks A and B in
//! opposite orders. Each holds its first lock and waits, with a timeout, for
//! the other's; when nothing else can run the clock jumps to the first
//! deadline, that thread reads the wait-for cycle and backs off, and the
//! other finishes. Then the same with one global order: both finish.
#![warn(missing_docs)]

use crate::control::Control;
use crate::sync::deadlock::{
    DeadlockOutcome, DeadlockResult, DeadlockWaitEdge, Detection, Phase, LOCK_NAMES,
};
use crate::sync::sim::{self, at, span, when, when_or, Model, Next, Rng};
use crate::sync::{DemoSpan, Failure};

#[derive(Debug, Clone, Default)]
struct Worker {
    pc: u8,
    /// When the current wait began / the current sleep ends.
    since: u64,
    wake: u64,
    held_first: u64,
    held_second: u64,
    outcome: Option<DeadlockOutcome>,
}

struct Deadlock {
    fixed: bool,
    timeout: u64,
    holder: [Option<usize>; 2],
    waiting_for: [Option<usize>; 2],
    past_first: [bool; 2],
    workers: [Worker; 2],
    detection: Option<Detection>,
    spans: Vec<DemoSpan>,
}

fn order(worker: usize, fixed: bool) -> (usize, usize) {
    if fixed || worker == 0 {
        (0, 1)
    } else {
        (1, 0)
    }
}

impl Deadlock {
    /// Follows "waits for a lock → held by a thread → waits for …" from
    /// `start`; back at `start` is a cycle.
    fn cycle(&self, start: usize) -> Vec<DeadlockWaitEdge> {
        let mut edges = Vec::new();
        let mut worker = start;
        for _ in 0..2 {
            let Some(wanted) = self.waiting_for[worker] else {
                return Vec::new();
            };
            let Some(owner) = self.holder[wanted] else {
                return Vec::new();
            };
            edges.push(DeadlockWaitEdge {
                worker,
                holds: (0..2)
                    .find(|&l| self.holder[l] == Some(worker))
                    .map(|l| LOCK_NAMES[l]),
                waits_for: LOCK_NAMES[wanted],
                held_by: owner,
            });
            if owner == start {
                return edges;
            }
            worker = owner;
        }
        Vec::new()
    }
}

// ANCHOR: model
impl Model for Deadlock {
    fn threads(&self) -> usize {
        2
    }
    fn next(&self, t: usize, _now: u64) -> Next {
        let w = &self.workers[t];
        let (first, second) = order(t, self.fixed);
        let other = 1 - t;
        match w.pc {
            0 => Next::At(0),
            1 => when_or(self.holder[first].is_none(), w.since + self.timeout),
            // The unlucky interleaving on purpose: reach for the second lock
            // only once the other thread holds its first or waits for it.
            2 => when(self.past_first[other] || self.waiting_for[other].is_some()),
            3 => at(w.wake),
            4 => when_or(self.holder[second].is_none(), w.since + self.timeout),
            5 => at(w.wake),
            _ => Next::Done,
        }
    }
    fn step(&mut self, t: usize, now: u64) {
        let (first, second) = order(t, self.fixed);
        let lane = |l: usize| t * 2 + l;
        let pc = self.workers[t].pc;
        match pc {
            // Try the first lock; wait for it if another thread holds it.
            0 | 3 => {
                let l = if pc == 0 { first } else { second };
                self.workers[t].since = now;
                if self.holder[l].is_none() {
                    self.take(t, l, now);
                } else {
                    self.waiting_for[t] = Some(l);
                    self.workers[t].pc += 1;
                }
            }
            1 | 4 => {
                let l = if pc == 1 { first } else { second };
                if self.holder[l].is_none() {
                    self.take(t, l, now);
                } else {
                    // Timed out: read the graph while our wait is still in it.
                    let since = self.workers[t].since;
                    if self.detection.is_none() {
                        self.detection = Some(Detection {
                            by_worker: t,
                            at_ms: now as f64,
                            waited_ms: (now - since) as f64,
                            cycle: self.cycle(t),
                        });
                    }
                    self.waiting_for[t] = None;
                    let name = LOCK_NAMES[l];
                    self.spans.push(span(
                        lane(l),
                        "blocked",
                        format!("waits for {name} — timed out"),
                        since,
                        now,
                    ));
                    if pc == 4 {
                        self.release(t, first, now);
                    } else {
                        self.past_first[t] = true;
                    }
                    self.workers[t].outcome = Some(DeadlockOutcome::BackedOff);
                    self.workers[t].pc = 6;
                }
            }
            2 => {
                // A short pause so both "hold" bars show before the wait.
                self.workers[t].wake = now + 5;
                self.workers[t].pc = 3;
            }
            _ => {
                // The work that needed both locks is done: release both.
                self.release(t, second, now);
                self.release(t, first, now);
                self.workers[t].outcome = Some(DeadlockOutcome::Finished);
                self.workers[t].pc = 6;
            }
        }
    }
}
// ANCHOR_END: model

impl Deadlock {
    fn take(&mut self, t: usize, l: usize, now: u64) {
        let (first, _) = order(t, self.fixed);
        let w = &mut self.workers[t];
        self.holder[l] = Some(t);
        self.waiting_for[t] = None;
        self.spans.push(span(
            t * 2 + l,
            "wait",
            format!("waits for {}", LOCK_NAMES[l]),
            w.since,
            now + 1,
        ));
        if l == first {
            w.held_first = now + 1;
            self.past_first[t] = true;
            w.pc = 2;
        } else {
            w.held_second = now + 1;
            w.wake = now + 1 + 10;
            w.pc = 5;
        }
    }
    fn release(&mut self, t: usize, l: usize, now: u64) {
        let (first, _) = order(t, self.fixed);
        let w = &self.workers[t];
        let from = if l == first {
            w.held_first
        } else {
            w.held_second
        };
        self.holder[l] = None;
        self.spans.push(span(
            t * 2 + l,
            "hold",
            format!("holds {}", LOCK_NAMES[l]),
            from,
            now + 1,
        ));
    }
}

fn run_phase(
    fixed: bool,
    timeout: u64,
    rng: &mut Rng,
    control: &Control,
) -> Result<Phase, Failure> {
    let mut model = Deadlock {
        fixed,
        timeout,
        holder: [None; 2],
        waiting_for: [None; 2],
        past_first: [false; 2],
        workers: Default::default(),
        detection: None,
        spans: Vec::new(),
    };
    let end = match sim::run(&mut model, rng, control)? {
        sim::End::Finished { at } => at,
        sim::End::Stuck { blocked, .. } => return Err(sim::stuck("the deadlock demo", &blocked)),
    };
    Ok(Phase {
        fixed,
        orders: (0..2)
            .map(|w| {
                let (a, b) = order(w, fixed);
                format!("{} then {}", LOCK_NAMES[a], LOCK_NAMES[b])
            })
            .collect(),
        detection: model.detection,
        outcomes: model
            .workers
            .iter()
            .map(|w| w.outcome.unwrap_or(DeadlockOutcome::BackedOff))
            .collect(),
        spans: model.spans,
        elapsed_ms: end as f64,
    })
}

/// The deadlock demo simulated, the scheduler seeded from `seed`: the
/// counterpart of [`crate::sync::deadlock::run`], with ticks for milliseconds.
pub fn run(timeout: u64, seed: u64, control: &Control) -> Result<DeadlockResult, Failure> {
    let mut rng = Rng::new(seed);
    Ok(DeadlockResult {
        timeout_ms: timeout as f64,
        deadlocked: run_phase(false, timeout, &mut rng, control)?,
        fixed: run_phase(true, timeout, &mut rng, control)?,
    })
}
