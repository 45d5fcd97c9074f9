//! The shared-counter race on one simulated core: `counter += 1` as a read
//! step and a write step, and a preemption between them loses every update
//! the other threads make meanwhile. The three fixes stay exact.
#![warn(missing_docs)]

use crate::control::Control;
use crate::input::{group_digits, InputError};
use crate::sync::race::{median, MethodResult, Params, RaceMethod, RaceResult, Sample};
use crate::sync::sim::{self, when, Model, Next, Rng};
use crate::sync::{Failure, FieldSpec};

/// Most increments one simulated request may do (workers × m × repeats):
/// at most about a second on one worker (8 threads: 0.7 s natively).
pub(crate) const MAX_SIM_TOTAL: u64 = 1_000_000;

/// The race's fields on one worker: far fewer increments than on threads.
pub(crate) fn fields() -> Vec<FieldSpec> {
    vec![
        FieldSpec::new("workers", "Workers", 2, 1, sim::THREADS as u64),
        FieldSpec::new("increments", "Increments per worker", 10_000, 1, 100_000),
        FieldSpec::new("repeats", "Repeats", 20, 1, 100),
    ]
}

/// The settings, or an error on `increments` when the request would
/// simulate more than [`MAX_SIM_TOTAL`] increments.
pub fn check(workers: u64, increments: u64, repeats: u64) -> Result<Params, Vec<InputError>> {
    let total = workers.saturating_mul(increments).saturating_mul(repeats);
    if total > MAX_SIM_TOTAL {
        return Err(vec![InputError::new(
            "increments",
            format!(
                "Too much to simulate on one worker: workers × increments × repeats is {}, at most {}. Use fewer increments or repeats.",
                group_digits(&total.to_string()),
                group_digits(&MAX_SIM_TOTAL.to_string())
            ),
        )]);
    }
    Ok(Params {
        workers: workers as usize,
        increments,
        repeats: repeats as usize,
    })
}

#[derive(Debug, Clone, Copy, Default)]
struct Worker {
    pc: u8,
    done: u64,
    /// The value read (unsynchronised, mutex) or the local count.
    register: u64,
}

// ANCHOR: model
struct Race {
    method: RaceMethod,
    increments: u64,
    counter: u64,
    lock_free: bool,
    workers: Vec<Worker>,
}

impl Model for Race {
    fn threads(&self) -> usize {
        self.workers.len()
    }
    fn next(&self, t: usize, _now: u64) -> Next {
        let w = &self.workers[t];
        match self.method {
            _ if w.pc == u8::MAX => Next::Done,
            // Waiting to take the lock.
            RaceMethod::Mutex if w.pc == 0 => when(self.lock_free),
            _ => Next::At(0),
        }
    }
    fn step(&mut self, t: usize, _now: u64) {
        let m = self.increments;
        let w = &mut self.workers[t];
        match (self.method, w.pc) {
            // counter += 1 in two steps: read, then (maybe much later) write.
            (RaceMethod::Unsynchronised, 0) => {
                w.register = self.counter;
                w.pc = 1;
            }
            (RaceMethod::Unsynchronised, _) => {
                self.counter = w.register + 1;
                w.done += 1;
                w.pc = 0;
            }
            // with lock: read, write — nobody else can read in between.
            (RaceMethod::Mutex, 0) => {
                self.lock_free = false;
                w.pc = 1;
            }
            (RaceMethod::Mutex, 1) => {
                w.register = self.counter;
                w.pc = 2;
            }
            (RaceMethod::Mutex, 2) => {
                self.counter = w.register + 1;
                w.pc = 3;
            }
            (RaceMethod::Mutex, _) => {
                self.lock_free = true;
                w.done += 1;
                w.pc = 0;
            }
            // One indivisible step.
            (RaceMethod::Atomic, _) => {
                self.counter += 1;
                w.done += 1;
            }
            // Count privately; add the total once.
            (RaceMethod::ThreadLocal, 0) => {
                w.register += 1;
                w.done += 1;
                if w.done == m {
                    w.pc = 1;
                }
            }
            (RaceMethod::ThreadLocal, _) => {
                self.counter += w.register;
                w.pc = u8::MAX;
            }
        }
        if w.done == m && self.method != RaceMethod::ThreadLocal && w.pc == 0 {
            w.pc = u8::MAX;
        }
    }
}
// ANCHOR_END: model

/// One simulated run of `method`; the "time" is the scheduler's steps.
fn run_once(
    method: RaceMethod,
    workers: usize,
    increments: u64,
    rng: &mut Rng,
    control: &Control,
) -> Result<Sample, Failure> {
    let mut model = Race {
        method,
        increments,
        counter: 0,
        lock_free: true,
        workers: vec![Worker::default(); workers],
    };
    let steps = match sim::run(&mut model, rng, control)? {
        sim::End::Finished { at } => at,
        sim::End::Stuck { blocked, .. } => return Err(sim::stuck("the race", &blocked)),
    };
    let expected = workers as u64 * increments;
    Ok(Sample {
        actual: model.counter,
        lost: expected - model.counter,
        elapsed_ms: steps as f64,
        // Steps, not nanoseconds: the page relabels the axis when simulated.
        ns_per_increment: steps as f64 / expected as f64,
    })
}

/// Every method, `params.repeats` times, simulated with the scheduler seeded
/// from `seed`: the simulated counterpart of [`crate::sync::race::run`].
pub fn run(params: &Params, seed: u64, control: &Control) -> Result<RaceResult, Failure> {
    let mut rng = Rng::new(seed);
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); RaceMethod::ALL.len()];
    for _ in 0..params.repeats {
        for (i, method) in RaceMethod::ALL.into_iter().enumerate() {
            samples[i].push(run_once(
                method,
                params.workers,
                params.increments,
                &mut rng,
                control,
            )?);
        }
    }
    let methods = RaceMethod::ALL
        .into_iter()
        .zip(samples)
        .map(|(method, samples)| MethodResult {
            method,
            title: method.title(),
            median_ns_per_increment: median(samples.iter().map(|s| s.ns_per_increment).collect()),
            samples,
        })
        .collect();
    Ok(RaceResult {
        workers: params.workers,
        increments: params.increments,
        repeats: params.repeats,
        expected: params.workers as u64 * params.increments,
        methods,
    })
}
