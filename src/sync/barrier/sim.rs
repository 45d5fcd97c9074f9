//! Barrier on one simulated core: each phase's work is uneven; a thread that
//! arrives at the barrier is not runnable until the last one arrives, so no
//! phase starts before the previous one ended everywhere.
#![warn(missing_docs)]

use crate::control::Control;
use crate::sync::barrier::BarrierResult;
use crate::sync::sim::{self, at, span, when, Model, Next, Rng};
use crate::sync::{DemoSpan, Failure};

#[derive(Debug, Clone, Copy, Default)]
struct Worker {
    pc: u8,
    phase: usize,
    since: u64,
    wake: u64,
    done: u64,
    generation: u64,
}

struct Barrier {
    phases: usize,
    unit: u64,
    arrived: usize,
    generation: u64,
    workers: Vec<Worker>,
    /// (phase, start, end) of every piece of work.
    work: Vec<(usize, u64, u64)>,
    spans: Vec<DemoSpan>,
}

// ANCHOR: model
impl Model for Barrier {
    fn threads(&self) -> usize {
        self.workers.len()
    }
    fn next(&self, t: usize, _now: u64) -> Next {
        let w = &self.workers[t];
        match w.pc {
            0 => Next::At(0),
            1 => at(w.wake),
            // barrier.wait(): runnable once this generation is complete.
            2 => when(self.generation > w.generation),
            _ => Next::Done,
        }
    }
    fn step(&mut self, t: usize, now: u64) {
        let n = self.workers.len();
        let w = &mut self.workers[t];
        match w.pc {
            0 => {
                // Uneven work: a different thread is slowest in each phase.
                w.since = now;
                w.wake = now + self.unit * (1 + (t + w.phase) % n) as u64;
                w.pc = 1;
            }
            1 => {
                w.done = now;
                w.generation = self.generation;
                self.arrived += 1;
                if self.arrived == n {
                    self.arrived = 0;
                    self.generation += 1;
                }
                w.pc = 2;
            }
            _ => {
                self.work.push((w.phase, w.since, w.done));
                self.spans.push(span(
                    t,
                    "hold",
                    format!("phase {}", w.phase + 1),
                    w.since,
                    w.done,
                ));
                self.spans.push(span(
                    t,
                    "wait",
                    format!("barrier.wait() after phase {}", w.phase + 1),
                    w.done,
                    now,
                ));
                w.phase += 1;
                w.pc = if w.phase == self.phases { 3 } else { 0 };
            }
        }
    }
}
// ANCHOR_END: model

/// The barrier demo simulated, the scheduler seeded from `seed`: the
/// counterpart of [`crate::sync::barrier::run`], with ticks for milliseconds.
pub fn run(
    workers: usize,
    phases: usize,
    unit: u64,
    seed: u64,
    control: &Control,
) -> Result<BarrierResult, Failure> {
    let mut model = Barrier {
        phases,
        unit,
        arrived: 0,
        generation: 0,
        workers: vec![Worker::default(); workers],
        work: Vec::new(),
        spans: Vec::new(),
    };
    let end = match sim::run(&mut model, &mut Rng::new(seed), control)? {
        sim::End::Finished { at } => at,
        sim::End::Stuck { blocked, .. } => return Err(sim::stuck("the barrier demo", &blocked)),
    };
    let work = &model.work;
    let end_of = |p: usize| {
        work.iter()
            .filter(|w| w.0 == p)
            .map(|w| w.2)
            .max()
            .unwrap_or(0)
    };
    let start_of = |p: usize| {
        work.iter()
            .filter(|w| w.0 == p)
            .map(|w| w.1)
            .min()
            .unwrap_or(0)
    };
    Ok(BarrierResult {
        workers,
        phases,
        opened_at: (0..phases).map(|p| end_of(p) as f64).collect(),
        phases_kept_apart: (1..phases).all(|p| start_of(p) >= end_of(p - 1)),
        spans: model.spans,
        elapsed_ms: end as f64,
    })
}
