//! The race and synchronisation lab: one small demo per lesson of the Python
//! `threading` tutorials, each a real run on real threads.
//!
//! Every demo runs on `n` threads of the current rayon pool through
//! [`on_threads`] (a `rayon::broadcast` in which threads with index `>= n`
//! return at once), records who did what when as [`DemoSpan`]s on the shared
//! [`crate::clock`], and checks its own invariant. The demos block threads on
//! purpose — on locks, semaphores, barriers — so two rules hold everywhere:
//!
//! - **nothing waits forever**: every wait has a deadline (a `try_lock` loop
//!   or a `Condvar::wait_timeout` in short slices), so a deadlock is detected
//!   and reported instead of hanging the page;
//! - **every wait looks at the [`Control`] block**, so a run can be cancelled
//!   from another thread within a few milliseconds.
//!
//! Demos: [`race`] (lost updates, four ways to count), [`stepper`] (the same
//! race, one instruction at a time), [`deadlock`], [`rlock`], [`semaphore`],
//! [`event`], [`barrier`] and [`queue`] (Condition + bounded queue).
//!
//! Without a pool (a page that is not cross-origin isolated) [`run`] hands
//! each request to [`sim`]: the same demo, its threads simulated on the one
//! worker by a seeded random scheduler, answering with the same result types.
#![warn(missing_docs)]

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::now_ms;
use crate::control::Control;
use crate::input::{group_digits, positive_whole_number, InputError, RawNumber};
use crate::reply::Reply;
// The waiting helpers live in their own module (the GIL uses them too); the
// demos keep calling them `sync::nap` etc.
pub use crate::wait::WaitEnd;
pub(crate) use crate::wait::{lock, nap, wait_for};
pub use stepper::StepperReply;

pub mod barrier;
pub mod deadlock;
pub mod event;
pub mod queue;
pub mod race;
pub mod rlock;
pub mod semaphore;
pub mod sim;
pub mod stepper;

/// What the page needs to show a demo before it runs.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DemoInfo {
    /// The demo's id in requests (`"race"`, `"deadlock"`, …).
    pub id: &'static str,
    /// The demo's heading on the page.
    pub title: &'static str,
    /// One paragraph: what this demo teaches.
    pub lesson: &'static str,
    /// The Rust that runs, cut out of the demo's own source file.
    pub rust: String,
    /// The same idea with Python's `threading`, written for threadlab.
    pub python: &'static str,
    /// The settings people may change, with their limits.
    pub fields: Vec<FieldSpec>,
}

/// One setting of a demo: a whole number in `min..=max`.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FieldSpec {
    /// The key in [`SyncRequest::params`], and the field of its errors.
    pub id: &'static str,
    /// The input's label on the page.
    pub label: &'static str,
    /// The value used when the request leaves the field out.
    pub default: u64,
    /// Smallest accepted value.
    pub min: u64,
    /// Largest accepted value.
    pub max: u64,
}

impl FieldSpec {
    pub(crate) const fn new(
        id: &'static str,
        label: &'static str,
        default: u64,
        min: u64,
        max: u64,
    ) -> Self {
        FieldSpec {
            id,
            label,
            default,
            min,
            max,
        }
    }
}

/// A run request as it arrives: `{ demo: "race", params: { workers: "2", ... } }`.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct SyncRequest {
    /// The demo to run: a [`DemoInfo::id`] other than the stepper's.
    pub demo: String,
    /// Field values as typed (`"1e5"`, `100000`); missing ones take their default.
    #[serde(default)]
    #[ts(optional, type = "Record<string, number | string>")]
    pub params: BTreeMap<String, RawNumber>,
    /// Without a pool: the simulated scheduler's seed (the same seed, the
    /// same run); missing, one is taken from the clock. Ignored on threads.
    #[serde(default)]
    #[ts(optional)]
    pub seed: Option<u32>,
}

/// Why a demo produced no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The run's control block asked to stop.
    Cancelled,
    /// The demo needs more threads than the pool has.
    NotEnoughThreads {
        /// Threads the demo would run on.
        requested: usize,
        /// Threads in the current rayon pool.
        available: usize,
    },
    /// A wait that should have ended hit its safety deadline (an overloaded
    /// machine, or a bug): reported rather than hanging.
    Stuck(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Cancelled => write!(f, "the run was cancelled"),
            Failure::NotEnoughThreads {
                requested,
                available,
            } => write!(
                f,
                "this demo needs {requested} threads but the pool has {available}"
            ),
            Failure::Stuck(what) => write!(f, "a wait did not end in time: {what}"),
        }
    }
}

/// One thing one worker did, from `start` to `end` (ms since the run began).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DemoSpan {
    /// Which timeline row: usually the worker's number.
    pub lane: usize,
    /// What kind of span, for the colour: `work`, `wait`, `hold`, `blocked`…
    pub kind: &'static str,
    /// Written on the bar when it fits, and in its tooltip.
    pub label: String,
    /// Start, in ms since the run began.
    pub start: f64,
    /// End, in ms since the run began.
    pub end: f64,
}

/// Records spans against one time origin shared by every worker of a run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    origin: f64,
}

impl Clock {
    /// A clock whose time 0 is now.
    pub(crate) fn start() -> Self {
        Clock { origin: now_ms() }
    }
    /// Milliseconds since the run began.
    pub(crate) fn now(&self) -> f64 {
        now_ms() - self.origin
    }
    /// A span from `start` until now.
    pub(crate) fn span(
        &self,
        lane: usize,
        kind: &'static str,
        label: impl Into<String>,
        start: f64,
    ) -> DemoSpan {
        DemoSpan {
            lane,
            kind,
            label: label.into(),
            start,
            end: self.now(),
        }
    }
}

/// How long any demo wait may last before the run is declared stuck. Far
/// longer than any demo needs; only there so that nothing ever hangs.
pub(crate) const SAFETY_MS: f64 = 20_000.0;

/// Only one demo uses the pool at a time: demos block threads on purpose, and
/// two of them sharing the pool could each hold a thread the other waits for.
static POOL_IN_USE: Mutex<()> = Mutex::new(());

/// Runs `work(worker)` once on each of `n` distinct pool threads and returns
/// their results in worker order.
///
/// Called from outside the pool (a native test thread) or from its thread 0
/// (the page's coordinator worker, which then is worker 0). Distinct threads matter: a demo's workers wait for *each
/// other*, which two tasks queued on one thread could never do.
pub(crate) fn on_threads<T: Send>(
    n: usize,
    control: &Control,
    work: impl Fn(usize) -> T + Sync,
) -> Result<Vec<T>, Failure> {
    let available = rayon::current_num_threads();
    if n == 0 || n > available {
        return Err(Failure::NotEnoughThreads {
            requested: n,
            available,
        });
    }
    let _pool = POOL_IN_USE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let results: Vec<Option<T>> =
        rayon::broadcast(|ctx| (ctx.index() < n).then(|| work(ctx.index())));
    if control.is_cancelled() {
        return Err(Failure::Cancelled);
    }
    Ok(results
        .into_iter()
        .take(n)
        .map(|r| r.expect("threads below n ran"))
        .collect())
}

/// Reads the settings of a demo: each field a whole number within its limits
/// (`max_threads` caps fields named `workers`). Missing fields take their
/// default. All problems are reported at once, each tied to its field.
pub(crate) fn read_fields(
    specs: &[FieldSpec],
    raw: &BTreeMap<String, RawNumber>,
) -> Result<BTreeMap<&'static str, u64>, Vec<InputError>> {
    let mut values = BTreeMap::new();
    let mut errors = Vec::new();
    for spec in specs {
        let value = match raw.get(spec.id) {
            None => Ok(spec.default),
            Some(raw) => positive_whole_number(spec.id, raw).and_then(|v| {
                if v < spec.min || v > spec.max {
                    Err(InputError::new(
                        spec.id,
                        format!(
                            "{} must be from {} to {} (got {}).",
                            spec.label,
                            group_digits(&spec.min.to_string()),
                            group_digits(&spec.max.to_string()),
                            group_digits(&v.to_string())
                        ),
                    ))
                } else {
                    Ok(v)
                }
            }),
        };
        match value {
            Ok(v) => {
                values.insert(spec.id, v);
            }
            Err(mut e) => {
                if spec.min > 1 && e.message.starts_with("Must be at least 1") {
                    // positive_whole_number speaks of 1; this field starts higher.
                    e.message =
                        format!("{} must be from {} to {}.", spec.label, spec.min, spec.max);
                }
                errors.push(e);
            }
        }
    }
    let unknown: Vec<&str> = raw
        .keys()
        .map(String::as_str)
        .filter(|k| !specs.iter().any(|s| s.id == *k))
        .collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = specs.iter().map(|s| s.id).collect();
        errors.push(InputError::new(
            "request",
            format!(
                "Unknown setting {}: this demo takes {}.",
                unknown.join(", "),
                known.join(", ")
            ),
        ));
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// The demo's own source between `// ANCHOR: name` and `// ANCHOR_END: name`,
/// dedented: the page shows exactly the code that ran, not a copy of it.
pub(crate) fn excerpt(source: &str, name: &str) -> String {
    let start = format!("// ANCHOR: {name}");
    let end = format!("// ANCHOR_END: {name}");
    let lines: Vec<&str> = source
        .lines()
        .skip_while(|l| l.trim() != start)
        .skip(1)
        .take_while(|l| l.trim() != end)
        .collect();
    assert!(!lines.is_empty(), "no excerpt named {name}");
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Several excerpts joined with a blank line.
pub(crate) fn excerpts(source: &str, names: &[&str]) -> String {
    names
        .iter()
        .map(|n| excerpt(source, n))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A finished demo's result, tagged by the demo that produced it:
/// `{ demo: "race", result: {...} }`, so a caller narrows the type with
/// `switch (reply.demo)`.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "demo", content = "result", rename_all = "lowercase")]
#[ts(export)]
pub enum DemoResult {
    /// `demo: "race"`.
    Race(race::RaceResult),
    /// `demo: "deadlock"`.
    Deadlock(deadlock::DeadlockResult),
    /// `demo: "rlock"`.
    RLock(rlock::RLockResult),
    /// `demo: "semaphore"`.
    Semaphore(semaphore::SemaphoreResult),
    /// `demo: "event"`.
    Event(event::EventResult),
    /// `demo: "barrier"`.
    Barrier(barrier::BarrierResult),
    /// `demo: "queue"`.
    Queue(queue::QueueResult),
}

/// The reply to a demo run (see [`crate::reply`]).
pub type SyncReply = Reply<DemoResult>;

/// TypeScript's name for [`SyncReply`] (ts-rs exports no type aliases).
#[derive(TS)]
#[ts(export, rename = "SyncReply")]
#[allow(dead_code)]
struct SyncReplyType(SyncReply);

/// Every demo that runs on threads, in page order (the stepper is separate:
/// it needs no threads).
pub fn catalogue(threads: usize) -> Vec<DemoInfo> {
    vec![
        race::info(threads),
        stepper::info(),
        deadlock::info(),
        rlock::info(),
        semaphore::info(threads),
        event::info(threads),
        barrier::info(threads),
        queue::info(threads),
    ]
}

/// Checks and runs one request on a pool of `threads` threads (with fewer
/// than 2, simulated on this thread: see [`sim`]).
pub fn run(request: &SyncRequest, threads: usize, control: &Control) -> SyncReply {
    let demo = request.demo.trim();
    let Some(info) = catalogue(threads.max(2))
        .into_iter()
        .find(|d| d.id == demo && d.id != stepper::ID)
    else {
        let known: Vec<&str> = catalogue(2)
            .iter()
            .map(|d| d.id)
            .filter(|id| *id != stepper::ID)
            .collect();
        return SyncReply::invalid(
            "demo",
            format!(
                "Unknown demo \"{demo}\": choose one of {}.",
                known.join(", ")
            ),
        );
    };
    if threads < 2 {
        // No pool: the same demo, its threads simulated on this one worker.
        let seed = request.seed.map_or_else(|| now_ms().to_bits(), u64::from);
        return sim::run_request(request, seed, control);
    }
    let values = match read_fields(&info.fields, &request.params) {
        Ok(values) => values,
        Err(errors) => return SyncReply::Invalid { errors },
    };
    let get = |id: &str| values[id];
    // A new run: clear a cancel left over from the last one.
    control.begin(0);
    let outcome = match info.id {
        race::ID => race::Params::check(get("workers"), get("increments"), get("repeats"))
            .map(|p| race::run(&p, control).map(DemoResult::Race)),
        deadlock::ID => {
            Ok(deadlock::run(get("timeout_ms") as f64, control).map(DemoResult::Deadlock))
        }
        rlock::ID => Ok(rlock::run(get("timeout_ms") as f64, control).map(DemoResult::RLock)),
        semaphore::ID => semaphore::Params::check(
            get("workers"),
            get("permits"),
            get("rounds"),
            get("hold_ms"),
        )
        .map(|p| semaphore::run(&p, control).map(DemoResult::Semaphore)),
        event::ID => Ok(
            event::run(get("workers") as usize, get("setup_ms") as f64, control)
                .map(DemoResult::Event),
        ),
        barrier::ID => Ok(barrier::run(
            get("workers") as usize,
            get("phases") as usize,
            get("unit_ms") as f64,
            control,
        )
        .map(DemoResult::Barrier)),
        queue::ID => queue::Params::check(
            get("producers"),
            get("consumers"),
            get("items"),
            get("capacity"),
            threads,
        )
        .map(|p| queue::run(&p, control).map(DemoResult::Queue)),
        _ => unreachable!("every listed demo has an arm"),
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
