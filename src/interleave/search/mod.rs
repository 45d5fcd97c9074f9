//! The solver: every order of steps, breadth first, to find the shortest
//! schedule that breaks a program — or to prove that none does.
//!
//! # Two promises
//!
//! A breaking schedule found breadth first is a *shortest* one
//! ([`Promise::Shortest`]). Breadth first reaches only shallow bugs,
//! though: a lost update that shows only once four looping threads have
//! all finished is thousands of steps deep. [`Strategy::Auto`] (what the
//! page asks for) searches breadth first while that is cheap, then by
//! preemption bound ([`super::bounded`]), whose break has the *fewest
//! preemptions* ([`Promise::FewestPreemptions`]) and may be long. Every
//! verdict says which promise it keeps, and every breaking schedule how
//! many preemptions it has. "Safe" is the same claim either way: every
//! reachable state was explored.
//!
//! # How
//!
//! Breadth-first search over states, one level per step, so the first
//! breaking state found is at the smallest possible depth: its schedule is
//! a *shortest* counter-example. States already seen are skipped (a state
//! is a value; see [`crate::interleave::machine`]), which turns the tree of
//! interleavings into a graph small enough for the levels: two threads that
//! each run ten steps have 184 756 orders but only 121 distinct positions.
//!
//! The visited set keeps a 128-bit fingerprint per state, not the state
//! (hash compaction, as SPIN's bitstate and Holzmann's hash compaction do):
//! memory stays at 60–100 bytes per state (a 32-byte slot in a table kept
//! between 3/8 and 3/4 full, and 16 bytes to find a state by its rank).
//! Two distinct states sharing a fingerprint would hide one of them; with
//! 126 bits kept and at most [`MAX_SEARCH_STATES`] states the chance is
//! below 10^-23.
//!
//! # Parallel, and the same answer
//!
//! Each level is one pass over its states (on a team of the current rayon
//! pool's threads when it is wide), and the dedup happens inside that
//! pass: a successor is entered in one shared table of fingerprints
//! (`table.rs`: open addressing, a compare-and-swap per slot, no lock) the
//! moment it is made. The thread that enters a state first keeps it for
//! the next level; every other copy, made on any thread, is dropped at
//! once. Which parent a state is reached from, though, does not depend on
//! who entered it: each copy offers its *order* (its parent's rank in the
//! level, then its choice), the table keeps the lowest, and after each
//! level the new states are ranked by it. That is the order in which the
//! sequential search reaches them, so the parent of every state, the first
//! breaking state (the one of lowest rank) and so the schedule reported
//! are the sequential search's on any number of threads. The checks
//! (break, model error, budget, depth) run in the order of a search that
//! judges each level as soon as it is made, so verdicts and counts are the
//! same at every budget too (`tests/game_search_budget.rs`). Tests check
//! it on pools of 1, 2, 3 and 4 threads.
//!
//! A new state costs a copy of its parent (threads, globals and heap are
//! shared parts; a step copies only the thread and the objects it changes)
//! and a fingerprint composed from each part's remembered print
//! ([`super::shared`]), so only the changed parts are hashed again. On one
//! thread that made the search 1.5–1.9× faster (1,047 M → 602 M instructions on
//! the philosophers level; 454k–596k states/s in Chromium).
//!
//! The pool's threads work as one team for the whole search (`team.rs`):
//! started once, they wait for the next level by watching one atomic word
//! instead of sleeping, so a level of a few hundred states (a fraction of a
//! millisecond) reaches them in the time a cache line takes to move. Handing
//! each level to rayon woke sleeping threads every time, which cost about
//! as much as the level: two workers were slower than one on every level
//! program. Each piece of a level belongs to the thread that made its
//! states, and a thread takes its own pieces first: states, and the parts
//! they share through reference counts, mostly stay in one thread's cache.
//! A search starts the team at its first level of 64 states and then
//! shares every level of 32 or more; narrower levels run on the calling
//! thread, and a search that never has a level of 64 never starts the
//! team. What was measured: `docs/benchmark.md`.
//!
//! # Why no partial-order reduction
//!
//! Partial-order reduction (ample/persistent sets) explores one order of
//! independent steps instead of all. It is sound for *reachability of
//! deadlocks and assertion failures*, but (a) it needs a cycle proviso that
//! is awkward in a breadth-first search (the usual C3 proviso is stated
//! for depth-first stacks), and (b) the reduced graph's shortest path to a
//! bad state is in general *not* a shortest path of the full graph, and the
//! promise here is the shortest schedule. A lost update is also judged on
//! the final globals, which POR preserves only with care for which steps
//! are "visible". So this search is exhaustive over all interleavings and
//! relies on state hashing alone; the levels are small enough for that.
//!
//! # Bounds
//!
//! A verdict of [`Verdict::Safe`] means every reachable state was explored.
//! [`Verdict::Bounded`] means no break within `max_depth` steps, but runs
//! longer than that exist (a loop that may spin forever, for instance).
//! [`Verdict::TooManyStates`] means the state budget ran out first.

mod bfs;
mod hints;
mod table;
mod team;

use bfs::{now_ms, shortest};
pub use hints::{hint, hint_with};

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use ts_rs::TS;

use super::bounded::{preemptions, search_bounded, BoundedEnd, BoundedOptions};
pub use super::fingerprint::fingerprint;
use super::machine::{Choice, Granularity, State, Status, StepError};
use super::outcome::GameOutcome;
use super::value::Tid;
use super::{Program, MAX_SEARCH_DEPTH, MAX_SEARCH_STATES};

/// What to search.
#[derive(Debug, Clone, Serialize, TS, serde::Deserialize)]
#[ts(export)]
pub struct SearchOptions {
    /// Size of one step: bytecode (every point where CPython may switch:
    /// the ground truth) or statement (coarser and faster; finds only bugs
    /// that need no switch inside a statement).
    pub granularity: Granularity,
    /// Whether a thread in `Condition.wait` may wake without a notify.
    pub spurious_wakeups: bool,
    /// Give up after this many distinct states (at most
    /// [`MAX_SEARCH_STATES`]).
    pub max_states: usize,
    /// Give up on schedules longer than this (at most [`MAX_SEARCH_DEPTH`]).
    pub max_depth: u32,
    /// Run on the current rayon pool (`pool.install(|| search(..))` picks
    /// the pool); false runs on the calling thread only.
    pub parallel: bool,
    /// Which promise to look for: see [`Strategy`].
    pub strategy: Strategy,
    /// The thread that took the step before the start state, if any: a
    /// switch away from it, while it could go on, is a preemption.
    pub running: Option<Tid>,
}

/// Which search runs, and so which promise a breaking schedule keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS, serde::Deserialize)]
#[ts(export)]
pub enum Strategy {
    /// Breadth first only: a break found is a shortest one.
    Shortest,
    /// By preemption bound only (see [`super::bounded`]): a break found
    /// has the fewest preemptions, and may be long.
    FewestPreemptions,
    /// Breadth first while it is cheap ([`AUTO_SHORTEST_STATES`]); when it
    /// gives up, by preemption bound ([`AUTO_BOUNDED_STATES`]); when that
    /// finds nothing either, breadth first again with the whole budget.
    Auto,
}

/// [`Strategy::Auto`]'s breadth-first budget before it tries the bounded
/// search: about a third of a second in the browser. Every level finishes
/// well within it.
pub const AUTO_SHORTEST_STATES: usize = 50_000;
/// [`Strategy::Auto`]'s budget for the bounded search (all bounds).
pub const AUTO_BOUNDED_STATES: usize = 200_000;

/// Which promise a breaking schedule keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "SearchPromise")]
pub enum Promise {
    /// No schedule with fewer steps breaks the program.
    Shortest,
    /// No schedule with fewer preemptions breaks the program.
    FewestPreemptions,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            granularity: Granularity::Bytecode,
            spurious_wakeups: true,
            max_states: 2_000_000,
            max_depth: 1_000,
            parallel: true,
            strategy: Strategy::Shortest,
            running: None,
        }
    }
}

/// The solver's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind")]
#[ts(export, rename = "SearchVerdict")]
pub enum Verdict {
    /// `schedule` (steps of the searched granularity, from the start state)
    /// breaks the program, and no shorter schedule does (`promise`
    /// [`Promise::Shortest`]) or none with fewer preemptions does
    /// ([`Promise::FewestPreemptions`]).
    Broken {
        /// The breaking schedule, in steps of the searched granularity.
        schedule: Vec<Choice>,
        /// The same schedule in bytecode steps, for [`super::replay`] and
        /// share links (from the start state of the search).
        bytecode: Vec<Choice>,
        /// How it breaks.
        outcome: GameOutcome,
        /// Switches away from a thread that could have gone on (see
        /// [`super::bounded`]), in `schedule`.
        preemptions: u32,
        /// Which minimality the schedule has.
        promise: Promise,
    },
    /// No schedule breaks the program: every reachable state was explored.
    Safe,
    /// No schedule of at most `depth` steps breaks it; longer ones exist.
    Bounded {
        /// The depth explored completely.
        depth: u32,
    },
    /// The state budget ran out after `depth` complete breadth-first
    /// levels (0 when none ran). `preemptions`: no schedule with at most
    /// that many preemptions breaks the program (when a bounded search
    /// ran and finished bound 0).
    TooManyStates {
        /// Breadth-first levels completed.
        depth: u32,
        /// A bound no breaking schedule is under, if a bounded search found one.
        preemptions: Option<u32>,
    },
    /// The caller stopped the search ([`StopFlag`]).
    Cancelled,
    /// The model refused to go on along `schedule` (a limit, or Python it
    /// does not run).
    ModelError {
        /// The schedule that led to the refusal.
        schedule: Vec<Choice>,
        /// The model's refusal.
        error: StepError,
    },
}

impl Verdict {
    /// How the program breaks, if a breaking schedule was found.
    pub fn outcome(&self) -> Option<&GameOutcome> {
        match self {
            Verdict::Broken { outcome, .. } => Some(outcome),
            _ => None,
        }
    }

    /// The breaking schedule, if one was found.
    pub fn schedule(&self) -> Option<&[Choice]> {
        match self {
            Verdict::Broken { schedule, .. } => Some(schedule),
            _ => None,
        }
    }

    /// Whether every schedule was explored and none breaks the program.
    pub fn is_safe(&self) -> bool {
        matches!(self, Verdict::Safe)
    }
}

/// The solver's verdict and what the search cost.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SearchReport {
    /// What the solver found.
    pub verdict: Verdict,
    /// Distinct states visited.
    pub states: u64,
    /// Steps taken (successors computed, duplicates included).
    pub transitions: u64,
    /// Levels completed (= length of the schedules fully explored).
    pub depth: u32,
    /// Wall time of the search.
    pub elapsed_ms: f64,
    /// Distinct states per second: the solver's speed, for the bench.
    pub states_per_sec: f64,
    /// Threads the search ran on: 1 when none of its levels was wide
    /// enough to start the pool's other threads.
    pub threads: usize,
}

/// What [`search`] asks between states whether to stop, and tells how far
/// it got: an `AtomicBool`, or the page's control block (the wasm layer),
/// which a page sets from another thread.
pub trait StopFlag: Sync {
    /// Whether the caller wants the search to stop now.
    fn stop_requested(&self) -> bool;
    /// Called after each complete level with the distinct states so far
    /// (for a live counter; the default ignores it).
    fn explored(&self, _states: u64) {}
}

impl StopFlag for AtomicBool {
    fn stop_requested(&self) -> bool {
        self.load(Ordering::Relaxed)
    }
}

/// Searches the schedules from `start` for one that breaks the program,
/// as `opts.strategy` says (see the module docs and [`Strategy`]).
/// `cancel` is read between states; set it from another thread to stop
/// within milliseconds.
pub fn search(
    program: &Program,
    start: &State,
    opts: &SearchOptions,
    cancel: &(impl StopFlag + ?Sized),
) -> SearchReport {
    let t0 = now_ms();
    // Make sure the serial results (needed to judge lost updates) are
    // computed once, here, and not by the first worker that needs them.
    let _ = super::outcome::serial_results(program);
    let max_states = opts.max_states.min(MAX_SEARCH_STATES);
    let mut r = match opts.strategy {
        Strategy::Shortest => shortest(program, start, opts, max_states, cancel),
        Strategy::FewestPreemptions => {
            let mut r = fewest_preemptions(program, start, opts, max_states, 0, cancel);
            if let Verdict::TooManyStates { .. } = r.verdict {
                r.depth = 0;
            }
            r
        }
        Strategy::Auto => auto(program, start, opts, max_states, cancel),
    };
    r.elapsed_ms = now_ms() - t0;
    r.states_per_sec = if r.elapsed_ms > 0.0 {
        r.states as f64 / (r.elapsed_ms / 1e3)
    } else {
        0.0
    };
    r
}

/// [`Strategy::Auto`]: breadth first while cheap, then by preemption
/// bound, then breadth first with the whole budget.
fn auto(
    program: &Program,
    start: &State,
    opts: &SearchOptions,
    max_states: usize,
    cancel: &(impl StopFlag + ?Sized),
) -> SearchReport {
    let first = shortest(
        program,
        start,
        opts,
        max_states.min(AUTO_SHORTEST_STATES),
        cancel,
    );
    if !matches!(
        first.verdict,
        Verdict::TooManyStates { .. } | Verdict::Bounded { .. }
    ) {
        return first;
    }
    let bounded_budget = max_states.min(AUTO_BOUNDED_STATES);
    let mut second = fewest_preemptions(program, start, opts, bounded_budget, first.states, cancel);
    second.states += first.states;
    second.transitions += first.transitions;
    second.depth = first.depth;
    // The pool it ran on (breadth first used it; the bounded search runs
    // on one of its threads).
    second.threads = first.threads;
    let Verdict::TooManyStates { preemptions, .. } = second.verdict else {
        return second;
    };
    if max_states <= AUTO_SHORTEST_STATES {
        second.verdict = match first.verdict {
            Verdict::TooManyStates { depth, .. } => Verdict::TooManyStates { depth, preemptions },
            v => v,
        };
        return second;
    }
    // Neither found a break cheaply: the breadth-first search again, with
    // the whole budget (it repeats the first pass's states: at most
    // AUTO_SHORTEST_STATES, a fraction of what it may now explore).
    let mut third = shortest(program, start, opts, max_states, cancel);
    third.states += second.states;
    third.transitions += second.transitions;
    if let Verdict::TooManyStates { depth, .. } = third.verdict {
        third.verdict = Verdict::TooManyStates { depth, preemptions };
    }
    third
}

/// The bounded search (see [`super::bounded`]) as a [`SearchReport`].
fn fewest_preemptions(
    program: &Program,
    start: &State,
    opts: &SearchOptions,
    max_states: usize,
    explored_before: u64,
    cancel: &(impl StopFlag + ?Sized),
) -> SearchReport {
    let mut report = SearchReport {
        verdict: Verdict::Cancelled,
        states: 1,
        transitions: 0,
        depth: 0,
        elapsed_ms: 0.0,
        states_per_sec: 0.0,
        threads: 1,
    };
    if start.breaks(program) {
        report.verdict = broken_verdict(program, start, opts, Vec::new(), Promise::Shortest);
        return report;
    }
    let run = search_bounded(
        program,
        start,
        &BoundedOptions {
            granularity: opts.granularity,
            spurious_wakeups: opts.spurious_wakeups,
            max_nodes: max_states as u64,
            max_depth: MAX_SEARCH_DEPTH,
            running: opts.running,
            explored_before,
        },
        cancel,
    );
    report.states += run.nodes;
    report.transitions = run.transitions;
    report.verdict = match run.end {
        BoundedEnd::Broken { schedule, .. } => {
            broken_verdict(program, start, opts, schedule, Promise::FewestPreemptions)
        }
        BoundedEnd::Safe => Verdict::Safe,
        BoundedEnd::NoBreak { within } => Verdict::TooManyStates {
            depth: 0,
            preemptions: within,
        },
        BoundedEnd::Cancelled => Verdict::Cancelled,
        BoundedEnd::ModelError { schedule, error } => Verdict::ModelError { schedule, error },
    };
    report
}

/// A found schedule as a verdict: its bytecode steps (from `start`), its
/// outcome and its preemptions.
fn broken_verdict(
    program: &Program,
    start: &State,
    opts: &SearchOptions,
    schedule: Vec<Choice>,
    promise: Promise,
) -> Verdict {
    let mut s = start.clone();
    let mut bytecode = Vec::new();
    for c in &schedule {
        s.step_in_place(program, *c, opts.granularity, &mut |b| bytecode.push(b))
            .expect("replaying a found schedule");
    }
    let preemptions = preemptions(program, start, opts.running, &schedule, opts.granularity)
        .expect("replaying a found schedule");
    Verdict::Broken {
        schedule,
        bytecode,
        outcome: s.outcome(program),
        preemptions,
        promise,
    }
}
