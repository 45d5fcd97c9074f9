//! What a state means: is the program still running, finished correctly, or
//! broken (and how) — and the picture of a state the page draws.

mod analysis;
mod view;

pub use view::{GlobalView, ObjectView, OutputLine, ThreadView, View};

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use serde::Serialize;
use ts_rs::TS;

use super::machine::{Choice, State, Status};
use super::primitives::{Obj, Waiting};
use super::value::{ExcKind, ObjId, Tid, Value};
use super::{Program, MAX_SERIAL_STATES};

/// An edge of the wait-for graph: thread `from` cannot go on until thread
/// `to` acts (releases a lock it acquired, or finishes, for `join`). For a
/// plain Lock, which any thread may release, this is a hint of who is
/// expected to: see [`super::deadlock`] for when a cycle is a deadlock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "GameWaitEdge")]
pub struct GameWaitEdge {
    /// The waiting thread.
    pub from: Tid,
    /// The thread it waits for.
    pub to: Tid,
    /// What `from` waits on, e.g. `lock 'a'`.
    pub via: String,
}

/// Where a run stands.
///
/// The *breaking* outcomes (the ones the player hunts for) are
/// [`GameOutcome::AssertFailed`], [`GameOutcome::Exception`], [`GameOutcome::Deadlock`],
/// [`GameOutcome::Hang`] and [`GameOutcome::LostUpdate`]; see
/// [`GameOutcome::is_breaking`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind")]
#[ts(export, rename = "GameOutcome")]
pub enum GameOutcome {
    /// Some thread can still take a step.
    Running,
    /// Every thread finished, and the final globals equal those of some
    /// serial run.
    Finished,
    /// An `assert` failed and nothing caught the AssertionError.
    AssertFailed {
        /// The thread whose assert failed.
        thread: Tid,
        /// Its name (`Thread-1`, or the one given).
        thread_name: String,
        /// Line of the `assert`.
        line: u32,
        /// Column of the `assert`.
        col: u32,
        /// The assertion's message, if it had one.
        message: String,
    },
    /// Any other exception nothing caught, e.g. the RuntimeError of
    /// releasing an unlocked Lock.
    Exception {
        /// The thread it escaped from.
        thread: Tid,
        /// Its name.
        thread_name: String,
        /// The exception's class name, e.g. `RuntimeError`.
        exception: String,
        /// Its message.
        message: String,
        /// Line where it was raised.
        line: u32,
        /// Column where it was raised.
        col: u32,
    },
    /// A cycle in the wait-for graph that no schedule can break: each
    /// thread of `cycle` waits for the next (and the last for the first),
    /// and they can never move again, even if other threads still run.
    /// A cycle through a plain Lock counts only when no other thread can
    /// ever release it (a Lock has no owner; see [`super::deadlock`]).
    Deadlock {
        /// The threads of the cycle, each waiting for the next.
        cycle: Vec<Tid>,
        /// The cycle's edges, with what each thread waits on.
        edges: Vec<GameWaitEdge>,
    },
    /// No thread can move and no cycle explains it: everyone waits for
    /// something nobody will do (a notify, an event, a queue item, a barrier
    /// party, a lock held by a thread that has finished). Spurious wakeups
    /// do not count as moves: they only send a thread back to waiting.
    Hang {
        /// Each stuck thread and what it waits for.
        waiting: Vec<(Tid, String)>,
    },
    /// Every thread finished, but the final globals differ from those of
    /// every serial run (see [`serial_results`]): an update was lost (or the
    /// threads' effects mixed in a way no one-at-a-time order allows).
    LostUpdate {
        /// The final globals of this run (name, repr).
        globals: Vec<(String, String)>,
        /// The final globals of the serial runs (at most a few shown).
        serial: Vec<Vec<(String, String)>>,
    },
}

impl GameOutcome {
    /// Whether the player has broken the program (anything but running or
    /// finished cleanly).
    pub fn is_breaking(&self) -> bool {
        !matches!(self, GameOutcome::Running | GameOutcome::Finished)
    }

    /// A short name: running, finished, assert, exception, deadlock, hang,
    /// lost-update.
    pub fn kind(&self) -> &'static str {
        match self {
            GameOutcome::Running => "running",
            GameOutcome::Finished => "finished",
            GameOutcome::AssertFailed { .. } => "assert",
            GameOutcome::Exception { .. } => "exception",
            GameOutcome::Deadlock { .. } => "deadlock",
            GameOutcome::Hang { .. } => "hang",
            GameOutcome::LostUpdate { .. } => "lost-update",
        }
    }

    /// One sentence for people.
    pub fn describe(&self) -> String {
        match self {
            GameOutcome::Running => "still running".into(),
            GameOutcome::Finished => {
                "every thread finished, with a result some serial order also gives".into()
            }
            GameOutcome::AssertFailed {
                thread_name,
                line,
                col,
                message,
                ..
            } => format!(
                "assertion failed in {thread_name} at line {line}:{col}{}",
                if message.is_empty() {
                    String::new()
                } else {
                    format!(": {message}")
                }
            ),
            GameOutcome::Exception {
                thread_name,
                exception,
                message,
                line,
                col,
                ..
            } => format!(
                "uncaught {exception} in {thread_name} at line {line}:{col}{}",
                if message.is_empty() {
                    String::new()
                } else {
                    format!(": {message}")
                }
            ),
            GameOutcome::Deadlock { edges, .. } => {
                let parts: Vec<String> = edges
                    .iter()
                    .map(|e| format!("thread {} waits for thread {} ({})", e.from, e.to, e.via))
                    .collect();
                format!("deadlock: {}", parts.join(", "))
            }
            GameOutcome::Hang { waiting } => {
                let parts: Vec<String> = waiting
                    .iter()
                    .map(|(t, w)| format!("thread {t} waits for {w}"))
                    .collect();
                format!("stuck forever: {}", parts.join(", "))
            }
            GameOutcome::LostUpdate { globals, serial } => {
                let show = |g: &Vec<(String, String)>| {
                    g.iter()
                        .map(|(n, v)| format!("{n} = {v}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                format!(
                    "lost update: finished with {}, but running the threads one at a time gives {}",
                    show(globals),
                    serial.iter().map(show).collect::<Vec<_>>().join(" or ")
                )
            }
        }
    }
}

/// The final globals of every *serial* run, or `None` when they could not
/// all be computed within [`MAX_SERIAL_STATES`] (then no run is judged a
/// lost update).
///
/// A serial run lets one thread run alone until it finishes, blocks (on a
/// lock, a join, a wait...) or starts another thread; only then may another
/// thread be picked. That is "the threads ran one at a time", as far as the
/// program lets them: a thread that must wait for another still waits, and
/// a newly started thread may run to its end before its starter goes on. A run that
/// finishes with globals no serial run can produce has mixed the threads'
/// steps in a way that changed the answer — the classic lost update of
/// `counter += 1`. Only data is compared (numbers, strings, lists, dicts,
/// tuples, None): functions, modules, locks and threads are left out.
pub fn serial_results(prog: &Program) -> Option<&super::SerialResults> {
    prog.serial.get_or_init(|| compute_serial(prog)).as_ref()
}

fn compute_serial(prog: &Program) -> Option<super::SerialResults> {
    let mut out = BTreeSet::new();
    let start = State::new(prog);
    let mut seen: HashSet<u128> = HashSet::new();
    seen.insert(super::search::fingerprint(&start));
    let mut stack = vec![start];
    while let Some(s) = stack.pop() {
        if seen.len() > MAX_SERIAL_STATES {
            return None;
        }
        if (0..s.thread_count() as Tid)
            .all(|t| matches!(s.threads[t as usize].status, Status::Done))
        {
            out.insert(s.snapshot(prog));
            continue;
        }
        for c in s.choices(prog, false) {
            let t = c.thread();
            let mut x = s.clone();
            let mut ok = true;
            let mut n = 0u32;
            let threads_before = x.thread_count();
            loop {
                if x.step_in_place(prog, c, super::Granularity::Bytecode, &mut |_| {})
                    .is_err()
                {
                    ok = false;
                    break;
                }
                n += 1;
                if !matches!(x.threads[t as usize].status, Status::Ready)
                    || x.waiting(prog, t).is_some()
                    || x.thread_count() > threads_before
                {
                    break;
                }
                if n > 20_000 {
                    ok = false;
                    break;
                }
            }
            if ok && seen.insert(super::search::fingerprint(&x)) {
                stack.push(x);
            }
        }
    }
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}
