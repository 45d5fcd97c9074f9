//! The synchronisation demos without threads: the same algorithms, their
//! threads simulated on one worker by a seeded random preemptive scheduler.
//!
//! Where a page cannot be cross-origin isolated there is no shared memory and
//! so no thread pool: one worker runs everything. The threaded demos
//! (`super::race` … `super::queue`) then cannot run — their workers wait for
//! *each other*, which needs real threads. Here each demo's workers become
//! small state machines ([`Model`]) and [`run`] plays a single core's
//! scheduler: at each step one runnable thread takes one step; the running
//! thread is preempted after a random time slice, and a blocked thread (on a
//! lock, a permit, an event, a barrier, a full or empty queue) is not
//! runnable until another thread's step unblocks it. The lessons survive:
//! a preemption between a read and its write loses updates, opposite lock
//! orders deadlock, a semaphore never lets more than k in.
//!
//! **Time is simulated.** Every step takes one tick, and one tick stands for
//! one millisecond; a `sleep(d)` (the demos' "work") blocks a thread for `d`
//! ticks, and when every thread is asleep or waiting with a timeout the clock
//! jumps to the next wake-up. So the timelines have the threaded demos'
//! shape and units, but no real time was measured; the page says so.
//!
//! Why not the `interleave` Python interpreter: it caps a program at main + 4
//! threads and 20 000 steps and models neither time nor timeouts, while these
//! demos take up to [`THREADS`] workers, sleep, and detect deadlock with a
//! timeout; state machines that fill in the threaded demos' own result types
//! also let the page draw them with the threaded view's code, unchanged.
#![warn(missing_docs)]

use super::{DemoInfo, DemoSpan, Failure};
use crate::control::Control;

// Each demo's simulated threads live beside its real ones, in `<demo>/sim.rs`.
use super::semaphore::sim as semaphore;
use super::{barrier::sim as barrier, deadlock::sim as deadlock, event::sim as event};
use super::{queue::sim as queue, race::sim as race, rlock::sim as rlock};

/// Threads a simulated demo may have (the field limits use it in place of
/// the pool's size).
pub const THREADS: usize = 8;

/// The mean time slice, in steps: a running thread is preempted after a
/// geometric number of steps with this mean, as a timer interrupt would at a
/// random point of its work.
const SLICE_MEAN: u64 = 16;

/// Most steps one simulated run may take before it is reported stuck.
const MAX_SIM_STEPS: u64 = 100_000_000;

/// What a thread will do next, seen from the scheduler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Runnable from tick `t` on (`0`: now). A sleep ends at `t`; a wait
    /// with a timeout is runnable now if its condition holds, else at its
    /// deadline (the step then sees the timeout).
    At(u64),
    /// Waits for another thread's step (a lock, a permit, an item).
    Blocked,
    /// Finished: never runs again.
    Done,
}

/// A demo's threads as state machines over shared simulated state.
pub trait Model {
    /// How many threads the model has (numbered from 0).
    fn threads(&self) -> usize;
    /// What `thread` needs before its next step (must not change anything).
    fn next(&self, thread: usize, now: u64) -> Next;
    /// Runs `thread`'s next step at tick `now` (it is runnable).
    fn step(&mut self, thread: usize, now: u64);
}

/// How a simulated run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// Every thread finished; the clock read `at`.
    Finished {
        /// The tick the last thread finished at.
        at: u64,
    },
    /// No thread can ever move again (they wait for each other or for
    /// nothing): `blocked` lists them.
    Stuck {
        /// The tick at which nothing could move.
        at: u64,
        /// The threads that were still waiting.
        blocked: Vec<usize>,
    },
}

/// SplitMix64: a tiny, well-known seeded generator. The crate has no random
/// number dependency and the scheduler needs nothing more.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator whose stream is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    /// The next 64 random bits.
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }
    /// Steps until the next preemption: geometric, mean [`SLICE_MEAN`].
    fn slice(&mut self) -> u64 {
        let mut n = 1;
        while self.below(SLICE_MEAN) != 0 {
            n += 1;
        }
        n
    }
}

// ANCHOR: scheduler
/// Plays one core's scheduler over `model` until every thread is done or
/// none can move again. The running thread keeps the core for a random
/// slice; then (or when it blocks) a runnable thread is drawn at random.
pub fn run(model: &mut impl Model, rng: &mut Rng, control: &Control) -> Result<End, Failure> {
    let n = model.threads();
    let mut now = 0u64;
    let mut current: Option<usize> = None;
    let mut slice = 0u64;
    let mut runnable = Vec::with_capacity(n);
    for steps in 0u64.. {
        if steps % 4096 == 0 && control.is_cancelled() {
            return Err(Failure::Cancelled);
        }
        if steps > MAX_SIM_STEPS {
            return Err(Failure::Stuck(format!(
                "the simulation took more than {MAX_SIM_STEPS} steps"
            )));
        }
        runnable.clear();
        let mut wake: Option<u64> = None;
        let mut blocked = Vec::new();
        for t in 0..n {
            match model.next(t, now) {
                Next::At(at) if at <= now => runnable.push(t),
                Next::At(at) => wake = Some(wake.map_or(at, |w| w.min(at))),
                Next::Blocked => blocked.push(t),
                Next::Done => {}
            }
        }
        if runnable.is_empty() {
            match wake {
                // Everyone sleeps or waits with a timeout: jump to the next wake-up.
                Some(at) => {
                    now = at;
                    continue;
                }
                None if blocked.is_empty() => return Ok(End::Finished { at: now }),
                None => return Ok(End::Stuck { at: now, blocked }),
            }
        }
        let thread = match current {
            Some(c) if slice > 0 && runnable.contains(&c) => c,
            _ => {
                slice = rng.slice();
                runnable[rng.below(runnable.len() as u64) as usize]
            }
        };
        current = Some(thread);
        slice -= 1;
        model.step(thread, now);
        now += 1;
    }
    unreachable!("the loop returns")
}
// ANCHOR_END: scheduler

/// `Next` for a thread that sleeps until `until`.
pub(crate) fn at(until: u64) -> Next {
    Next::At(until)
}

/// `Next` for a wait on `ready` with no timeout.
pub(crate) fn when(ready: bool) -> Next {
    if ready {
        Next::At(0)
    } else {
        Next::Blocked
    }
}

/// `Next` for a wait on `ready` that times out at `deadline`.
pub(crate) fn when_or(ready: bool, deadline: u64) -> Next {
    Next::At(if ready { 0 } else { deadline })
}

/// A span from tick `start` to tick `end`.
pub(crate) fn span(
    lane: usize,
    kind: &'static str,
    label: impl Into<String>,
    start: u64,
    end: u64,
) -> DemoSpan {
    DemoSpan {
        lane,
        kind,
        label: label.into(),
        start: start as f64,
        end: end as f64,
    }
}

/// A stuck run as a failure, naming who waited.
pub(crate) fn stuck(what: &str, blocked: &[usize]) -> Failure {
    let who: Vec<String> = blocked
        .iter()
        .map(|t| format!("worker {}", t + 1))
        .collect();
    Failure::Stuck(format!("{what}: {} waited for ever", who.join(", ")))
}

/// The catalogue for a page without threads: each demo's fields capped to
/// [`THREADS`] simulated threads, and the race's counts cut to what one
/// worker simulates in about a second.
/// Each demo's `rust` is the code that runs here: the scheduler and the
/// demo's state machines, not the threaded version.
pub fn catalogue() -> Vec<DemoInfo> {
    super::catalogue(THREADS)
        .into_iter()
        .map(|mut info| {
            let (source, names): (&str, &[&str]) = match info.id {
                super::race::ID => (include_str!("race/sim.rs"), &["model"]),
                super::deadlock::ID => (include_str!("deadlock/sim.rs"), &["model"]),
                super::rlock::ID => (include_str!("rlock/sim.rs"), &["model", "model_reentrant"]),
                super::semaphore::ID => (include_str!("semaphore/sim.rs"), &["model"]),
                super::event::ID => (include_str!("event/sim.rs"), &["model"]),
                super::barrier::ID => (include_str!("barrier/sim.rs"), &["model"]),
                super::queue::ID => (include_str!("queue/sim.rs"), &["model"]),
                _ => return info, // the stepper needs no threads
            };
            info.rust = format!(
                "{}\n\n{}",
                super::excerpt(include_str!("sim.rs"), "scheduler"),
                super::excerpts(source, names)
            );
            if info.id == super::race::ID {
                info.fields = race::fields();
            }
            info
        })
        .collect()
}

/// Checks and runs one request with simulated threads, the scheduler seeded
/// with `seed` (the same seed gives the same run).
pub fn run_request(request: &super::SyncRequest, seed: u64, control: &Control) -> super::SyncReply {
    use super::{DemoResult, SyncReply};
    let demo = request.demo.trim();
    let Some(info) = catalogue().into_iter().find(|d| d.id == demo) else {
        // The threaded path already named the known demos.
        return super::run(request, 2, control);
    };
    let values = match super::read_fields(&info.fields, &request.params) {
        Ok(values) => values,
        Err(errors) => return SyncReply::Invalid { errors },
    };
    let get = |id: &str| values[id];
    control.begin(0);
    let outcome = match info.id {
        super::race::ID => race::check(get("workers"), get("increments"), get("repeats"))
            .map(|p| race::run(&p, seed, control).map(DemoResult::Race)),
        super::deadlock::ID => {
            Ok(deadlock::run(get("timeout_ms"), seed, control).map(DemoResult::Deadlock))
        }
        super::rlock::ID => Ok(rlock::run(get("timeout_ms"), seed, control).map(DemoResult::RLock)),
        super::semaphore::ID => super::semaphore::Params::check(
            get("workers"),
            get("permits"),
            get("rounds"),
            get("hold_ms"),
        )
        .map(|p| semaphore::run(&p, seed, control).map(DemoResult::Semaphore)),
        super::event::ID => Ok(
            event::run(get("workers") as usize, get("setup_ms"), seed, control)
                .map(DemoResult::Event),
        ),
        super::barrier::ID => Ok(barrier::run(
            get("workers") as usize,
            get("phases") as usize,
            get("unit_ms"),
            seed,
            control,
        )
        .map(DemoResult::Barrier)),
        super::queue::ID => super::queue::Params::check(
            get("producers"),
            get("consumers"),
            get("items"),
            get("capacity"),
            THREADS,
        )
        .map(|p| queue::run(&p, seed, control).map(DemoResult::Queue)),
        _ => return super::run(request, 2, control),
    };
    match outcome {
        Err(errors) => SyncReply::Invalid { errors },
        Ok(Ok(result)) => SyncReply::Done(result),
        Ok(Err(Failure::Cancelled)) => SyncReply::Cancelled,
        Ok(Err(failure)) => SyncReply::Failed {
            message: failure.to_string(),
        },
    }
}
