//! The solver's second promise: a breaking schedule with the *fewest
//! preemptions*, found by iterative context bounding (CHESS: Musuvathi and
//! Qadeer, PLDI 2007).
//!
//! # Why
//!
//! Breadth-first search finds the *shortest* breaking schedule, so it only
//! reaches shallow bugs: four threads that each add to a counter forty
//! times lose an update only once every thread has finished, some two
//! thousand steps in, and the breadth-first levels before that hold
//! millions of states. But that bug needs just one *preemption*: thread A
//! is switched away from between reading the counter and writing it back,
//! the others run, A writes a stale value. CHESS found that almost every
//! concurrency bug needs one or two preemptions, and that the schedules
//! with at most `c` preemptions are polynomially many, however long.
//!
//! # What counts
//!
//! A step of thread `t` is a *preemption* when the thread that took the
//! previous step could have taken this one instead (it is still runnable)
//! and `t` is another thread. Switching when the running thread blocks,
//! parks or finishes is free, and so is the first step. A spurious wakeup
//! ([`Choice::Wake`]) only makes a thread runnable again; it is not a
//! switch, and the thread that was running stays the one that "could go
//! on". [`preemptions`] counts them for any schedule.
//!
//! # How
//!
//! For `c = 0, 1, 2, …`: a depth-first search over the schedules with at
//! most `c` preemptions. A search node is a state *and* the thread that
//! ran last (which decides what the next switch costs); a node reached
//! again with no fewer preemptions spent is skipped, since everything
//! after it was already explored with at least as much budget left.
//! Depth first (the running thread first, other threads only when the
//! budget allows) goes straight to the end of a run and tries preemptions
//! from the deepest point back, which is where long runs' bugs are. The
//! first break found at bound `c` has exactly `c` preemptions: bound
//! `c - 1` was searched to the end without one.
//!
//! When a bound cuts nothing (no choice was skipped for lack of budget),
//! that pass explored every reachable node: the program is safe. This is
//! "safe" in the same sense as the breadth-first search's.

use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;

use super::machine::{Choice, Granularity, State, StepError, StepErrorKind};
use super::search::{fingerprint, StopFlag};
use super::value::Tid;
use super::Program;

/// Most preemptions the bounded search tries before it stops raising the
/// bound (each bound repeats the search; bugs past this are rare).
pub const MAX_PREEMPTIONS: u32 = 16;

/// How often (in nodes) the depth-first search reads the stop flag.
const CANCEL_EVERY: u64 = 1024;

/// What the bounded search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoundedEnd {
    /// `schedule` breaks the program with `preemptions` preemptions, and
    /// no schedule with fewer does.
    Broken {
        schedule: Vec<Choice>,
        preemptions: u32,
    },
    /// A bound cut nothing: every reachable state was explored.
    Safe,
    /// No schedule with at most `within` preemptions breaks the program
    /// (`None`: not even bound 0 was finished); the node budget, the depth
    /// limit or [`MAX_PREEMPTIONS`] stopped it there.
    NoBreak {
        within: Option<u32>,
    },
    Cancelled,
    ModelError {
        schedule: Vec<Choice>,
        error: StepError,
    },
}

/// The bounded search's answer and the work it took.
#[derive(Debug, Clone)]
pub struct BoundedRun {
    pub end: BoundedEnd,
    /// Search nodes (state and last thread) visited, over all bounds.
    pub nodes: u64,
    /// Steps taken, over all bounds.
    pub transitions: u64,
}

/// The thread that "could go on" after `choice` was taken into `next`:
/// the thread that ran, if it can take another step; after a wakeup, the
/// one before (see the module docs).
fn running_after(
    program: &Program,
    next: &State,
    before: Option<Tid>,
    choice: Choice,
) -> Option<Tid> {
    let t = match choice {
        Choice::Run(t) => Some(t),
        Choice::Wake(_) => before,
    }?;
    let runnable = next.choices(program, false).contains(&Choice::Run(t));
    runnable.then_some(t)
}

/// Whether taking `choice` when `running` could go on is a preemption.
fn is_preemption(running: Option<Tid>, choice: Choice) -> bool {
    matches!((running, choice), (Some(r), Choice::Run(t)) if r != t)
}

/// The preemptions in `schedule` (steps of `granularity`) from `start`,
/// where `running` is the thread that took the step before `start` (if
/// it is still runnable; `None` at the start of a program). `None` if the
/// schedule does not replay.
pub fn preemptions(
    program: &Program,
    start: &State,
    running: Option<Tid>,
    schedule: &[Choice],
    granularity: Granularity,
) -> Option<u32> {
    let mut s = start.clone();
    let mut running = running.filter(|t| s.choices(program, false).contains(&Choice::Run(*t)));
    let mut n = 0;
    for &c in schedule {
        n += u32::from(is_preemption(running, c));
        s.step_in_place(program, c, granularity, &mut |_| {}).ok()?;
        running = running_after(program, &s, running, c);
    }
    Some(n)
}

/// The bounded search's settings.
pub struct BoundedOptions {
    pub granularity: Granularity,
    pub spurious_wakeups: bool,
    /// Most nodes, over all bounds.
    pub max_nodes: u64,
    /// Longest schedule followed.
    pub max_depth: u32,
    /// The thread that ran just before `start` (see [`preemptions`]).
    pub running: Option<Tid>,
    /// States explored before this search began (by breadth first), for
    /// the live count ([`StopFlag::explored`]).
    pub explored_before: u64,
}

/// One node on the depth-first stack.
struct Frame {
    state: State,
    running: Option<Tid>,
    spent: u32,
    choices: Vec<Choice>,
    next: usize,
    /// The choice that led here (none for the start).
    via: Option<Choice>,
}

/// How one bound's pass ended.
enum Pass {
    /// A breaking schedule and its preemptions.
    Found(Vec<Choice>, u32),
    /// Explored to the end; `cut`: some choice was skipped (over the
    /// bound, or past the depth limit).
    Done {
        cut: bool,
    },
    OutOfBudget,
    Cancelled,
    ModelError(Vec<Choice>, StepError),
}

struct Search<'a, F: StopFlag + ?Sized> {
    program: &'a Program,
    opts: &'a BoundedOptions,
    cancel: &'a F,
    nodes: u64,
    transitions: u64,
}

/// The node's key: the state's fingerprint, told apart by the thread that
/// could go on (which decides what the next switch costs).
fn key(state: &State, running: Option<Tid>) -> u128 {
    let tag = running.map_or(0u128, |t| u128::from(t) + 1);
    fingerprint(state) ^ tag.wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835)
}

/// The choices from `state`, the running thread's first (free), then the
/// others in thread order: depth first, this follows one thread to the
/// end before trying a switch.
fn ordered_choices(
    program: &Program,
    state: &State,
    spurious: bool,
    running: Option<Tid>,
) -> Vec<Choice> {
    let mut cs = state.choices(program, spurious);
    if let Some(i) = cs.iter().position(|c| Some(*c) == running.map(Choice::Run)) {
        let c = cs.remove(i);
        cs.insert(0, c);
    }
    cs
}

impl<F: StopFlag + ?Sized> Search<'_, F> {
    fn path(stack: &[Frame], last: Choice) -> Vec<Choice> {
        stack.iter().filter_map(|f| f.via).chain([last]).collect()
    }

    /// Every schedule with at most `bound` preemptions, depth first.
    fn pass(&mut self, start: &State, bound: u32) -> Pass {
        let program = self.program;
        let opts = self.opts;
        let mut seen: HashMap<u128, u32> = HashMap::default();
        let running = opts
            .running
            .filter(|t| start.choices(program, false).contains(&Choice::Run(*t)));
        seen.insert(key(start, running), 0);
        let mut stack = vec![Frame {
            choices: ordered_choices(program, start, opts.spurious_wakeups, running),
            state: start.clone(),
            running,
            spent: 0,
            next: 0,
            via: None,
        }];
        let mut cut = false;
        loop {
            let depth = stack.len();
            let Some(top) = stack.last_mut() else { break };
            let Some(&c) = top.choices.get(top.next) else {
                stack.pop();
                continue;
            };
            top.next += 1;
            let spent = top.spent + u32::from(is_preemption(top.running, c));
            if spent > bound || depth > opts.max_depth as usize {
                cut = true;
                continue;
            }
            let before = top.running;
            let mut x = top.state.clone();
            self.transitions += 1;
            if let Err(e) = x.step_in_place(program, c, opts.granularity, &mut |_| {}) {
                if e.kind == StepErrorKind::Limit {
                    // A run longer than the model allows: not followed.
                    cut = true;
                    continue;
                }
                return Pass::ModelError(Self::path(&stack, c), e);
            }
            let running = running_after(program, &x, before, c);
            match seen.entry(key(&x, running)) {
                Entry::Occupied(e) if *e.get() <= spent => continue,
                Entry::Occupied(mut e) => {
                    e.insert(spent);
                }
                Entry::Vacant(e) => {
                    e.insert(spent);
                }
            }
            self.nodes += 1;
            if x.breaks(program) {
                return Pass::Found(Self::path(&stack, c), spent);
            }
            if self.nodes > opts.max_nodes {
                return Pass::OutOfBudget;
            }
            if self.nodes.is_multiple_of(CANCEL_EVERY) {
                if self.cancel.stop_requested() {
                    return Pass::Cancelled;
                }
                self.cancel.explored(opts.explored_before + self.nodes);
            }
            stack.push(Frame {
                choices: ordered_choices(program, &x, opts.spurious_wakeups, running),
                state: x,
                running,
                spent,
                next: 0,
                via: Some(c),
            });
        }
        Pass::Done { cut }
    }
}

/// Searches `start` by preemption bound `c = 0, 1, …` (see the module
/// docs). `start` itself is not judged: the caller has.
pub fn search_bounded(
    program: &Program,
    start: &State,
    opts: &BoundedOptions,
    cancel: &(impl StopFlag + ?Sized),
) -> BoundedRun {
    let mut s = Search {
        program,
        opts,
        cancel,
        nodes: 0,
        transitions: 0,
    };
    let mut bound = 0;
    let end = loop {
        let end = match s.pass(start, bound) {
            Pass::Found(schedule, preemptions) => BoundedEnd::Broken {
                schedule,
                preemptions,
            },
            Pass::Done { cut: false } => BoundedEnd::Safe,
            Pass::Done { cut: true } if bound < MAX_PREEMPTIONS => {
                bound += 1;
                continue;
            }
            Pass::Done { cut: true } => BoundedEnd::NoBreak {
                within: Some(bound),
            },
            Pass::OutOfBudget => BoundedEnd::NoBreak {
                within: bound.checked_sub(1),
            },
            Pass::Cancelled => BoundedEnd::Cancelled,
            Pass::ModelError(schedule, error) => BoundedEnd::ModelError { schedule, error },
        };
        break end;
    };
    BoundedRun {
        end,
        nodes: s.nodes,
        transitions: s.transitions,
    }
}
