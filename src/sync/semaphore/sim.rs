//! Semaphore on one simulated core: k permits, n threads, each entering the
//! guarded section `rounds` times; a thread without a permit is not runnable
//! until another releases one, so never more than k are inside.
#![warn(missing_docs)]

use crate::control::Control;
use crate::sync::semaphore::{max_overlap, Params, SemaphoreResult};
use crate::sync::sim::{self, at, span, when, Model, Next, Rng};
use crate::sync::{DemoSpan, Failure};

#[derive(Debug, Clone, Copy, Default)]
struct Worker {
    pc: u8,
    round: usize,
    wake: u64,
    since: u64,
    entered: u64,
}

struct Semaphore {
    p: Params,
    permits: usize,
    inside: usize,
    max_inside: usize,
    entries: usize,
    workers: Vec<Worker>,
    spans: Vec<DemoSpan>,
}

// ANCHOR: model
impl Model for Semaphore {
    fn threads(&self) -> usize {
        self.workers.len()
    }
    fn next(&self, t: usize, _now: u64) -> Next {
        let w = &self.workers[t];
        match w.pc {
            0 | 3 | 4 => at(w.wake),
            1 => Next::At(0),
            // sem.acquire(): runnable only while a permit is free.
            2 => when(self.permits > 0),
            _ => Next::Done,
        }
    }
    fn step(&mut self, t: usize, now: u64) {
        let hold = self.p.hold_ms;
        let w = &mut self.workers[t];
        let next = now + 1;
        match w.pc {
            0 => {
                // Staggered first arrivals, as on threads.
                w.wake = now + t as u64 * hold / 8;
                w.pc = 1;
            }
            1 => {
                w.since = now;
                w.pc = 2;
            }
            2 => {
                self.permits -= 1;
                self.inside += 1;
                self.max_inside = self.max_inside.max(self.inside);
                w.entered = next;
                w.wake = next + hold * (2 + ((t + w.round) % 3) as u64) / 2;
                self.spans.push(span(
                    t,
                    "wait",
                    format!("waits for a permit (round {})", w.round + 1),
                    w.since,
                    next,
                ));
                w.pc = 3;
            }
            3 => {
                self.inside -= 1;
                self.permits += 1;
                self.entries += 1;
                self.spans.push(span(
                    t,
                    "hold",
                    format!("inside, holding a permit (round {})", w.round + 1),
                    w.entered,
                    now,
                ));
                w.since = next;
                w.wake = next + hold / 4;
                w.pc = 4;
            }
            _ => {
                self.spans.push(span(t, "work", "outside", w.since, now));
                w.round += 1;
                w.pc = if w.round == self.p.rounds { 9 } else { 1 };
            }
        }
    }
}
// ANCHOR_END: model

/// The semaphore demo simulated, the scheduler seeded from `seed`: the
/// counterpart of [`crate::sync::semaphore::run`], with ticks for milliseconds.
pub fn run(p: &Params, seed: u64, control: &Control) -> Result<SemaphoreResult, Failure> {
    let mut model = Semaphore {
        p: *p,
        permits: p.permits,
        inside: 0,
        max_inside: 0,
        entries: 0,
        workers: vec![Worker::default(); p.workers],
        spans: Vec::new(),
    };
    let end = match sim::run(&mut model, &mut Rng::new(seed), control)? {
        sim::End::Finished { at } => at,
        sim::End::Stuck { blocked, .. } => return Err(sim::stuck("the semaphore demo", &blocked)),
    };
    debug_assert!(max_overlap(&model.spans, "hold") <= model.max_inside);
    Ok(SemaphoreResult {
        workers: p.workers,
        permits: p.permits,
        max_inside: model.max_inside,
        entries: model.entries,
        spans: model.spans,
        elapsed_ms: end as f64,
    })
}
