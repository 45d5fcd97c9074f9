//! Step-through scheduler: you are the scheduler, one instruction at a time.
//!
//! Lesson: the race on a shared counter, slowed down to single steps. Two
//! threads each run `counter += 1` as load / add / store, and *you* pick which
//! thread runs its next instruction. Load in both threads before either
//! stores and one update is lost — on purpose, every time, and undone with
//! Undo. With the lock, the instructions are wrapped in acquire / release:
//! once one thread holds the lock the other cannot even start its load, so
//! the interleaving that loses an update cannot be chosen at all.
//!
//! A pure state machine: no threads. The page keeps the states (Undo is the
//! previous one) and calls [`Stepper::step`] through the wasm layer.
#![warn(missing_docs)]

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{DemoInfo, FieldSpec};

/// The demo's id in the catalogue (it has no run request: see [`step`]).
pub const ID: &str = "stepper";

/// One instruction of a thread's program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "kebab-case")]
pub enum StepperOp {
    /// `lock.acquire()`: waits while the other thread holds the lock.
    Acquire,
    /// Copies the counter into the thread's register.
    Load,
    /// Adds 1 to the register.
    Add,
    /// Writes the register back to the counter.
    Store,
    /// `lock.release()`.
    Release,
}

const UNLOCKED: &[StepperOp] = &[StepperOp::Load, StepperOp::Add, StepperOp::Store];
const LOCKED: &[StepperOp] = &[
    StepperOp::Acquire,
    StepperOp::Load,
    StepperOp::Add,
    StepperOp::Store,
    StepperOp::Release,
];

impl StepperOp {
    /// The instruction as the page shows it.
    fn text(self) -> &'static str {
        match self {
            StepperOp::Acquire => "lock.acquire()",
            StepperOp::Load => "register = counter",
            StepperOp::Add => "register = register + 1",
            StepperOp::Store => "counter = register",
            StepperOp::Release => "lock.release()",
        }
    }
}

/// One simulated thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SimThread {
    /// Index of the next instruction in the program.
    pub pc: usize,
    /// The thread's private copy of the counter (`None` before its load).
    pub register: Option<i64>,
    /// Increments finished so far.
    pub done: u32,
    /// How many stores the counter had seen when this thread loaded it.
    pub loaded_version: u32,
}

/// The whole machine; crosses to JavaScript and back as a plain value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Stepper {
    /// Each increment is wrapped in acquire / release.
    pub locked: bool,
    /// Increments each thread makes.
    pub rounds: u32,
    /// The shared counter.
    pub counter: i64,
    /// Stores so far: a store is a lost update when another store happened
    /// since this thread's load.
    pub version: u32,
    /// The thread holding the lock (0 or 1), if any.
    pub lock_holder: Option<usize>,
    /// The two threads.
    pub threads: [SimThread; 2],
    /// Updates lost so far.
    pub lost: u32,
    /// What each step did, newest last.
    pub log: Vec<String>,
}

/// A state plus everything the page draws from it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StepperView {
    /// The state to send back with the next step (and keep for Undo).
    pub state: Stepper,
    /// Each thread's program, one line per instruction, as Python-like text.
    pub program: Vec<&'static str>,
    /// Per thread: the index of its next instruction (`None` when finished).
    pub next: [Option<usize>; 2],
    /// Per thread: why it cannot step now (`None` when it can).
    pub blocked: [Option<String>; 2],
    /// Both threads have done all their rounds.
    pub finished: bool,
    /// What the counter should end at: 2 × rounds.
    pub expected: i64,
}

impl Stepper {
    /// Both threads at their first instruction, the counter at 0; `rounds`
    /// is clamped to 1..=3.
    pub fn new(locked: bool, rounds: u32) -> Self {
        let thread = SimThread {
            pc: 0,
            register: None,
            done: 0,
            loaded_version: 0,
        };
        Stepper {
            locked,
            rounds: rounds.clamp(1, 3),
            counter: 0,
            version: 0,
            lock_holder: None,
            threads: [thread.clone(), thread],
            lost: 0,
            log: Vec::new(),
        }
    }

    /// The instructions each thread runs, in order, once per round.
    fn program(&self) -> &'static [StepperOp] {
        if self.locked {
            LOCKED
        } else {
            UNLOCKED
        }
    }

    /// Why thread `t` cannot run its next instruction, if it cannot.
    fn blocked(&self, t: usize) -> Option<String> {
        let thread = &self.threads[t];
        if thread.done >= self.rounds {
            return Some(format!("thread {} has finished", t + 1));
        }
        match (self.program()[thread.pc], self.lock_holder) {
            (StepperOp::Acquire, Some(holder)) if holder != t => {
                Some(format!("waits: thread {} holds the lock", holder + 1))
            }
            _ => None,
        }
    }

    // ANCHOR: step
    /// Runs thread `t`'s next instruction.
    pub fn step(&mut self, t: usize) -> Result<(), String> {
        self.check()?;
        if t > 1 {
            return Err(format!("There are threads 0 and 1, not {t}."));
        }
        if let Some(why) = self.blocked(t) {
            return Err(why);
        }
        let name = format!("Thread {}", t + 1);
        let len = self.program().len();
        let op = self.program()[self.threads[t].pc];
        let thread = &mut self.threads[t];
        let line = match op {
            StepperOp::Acquire => {
                self.lock_holder = Some(t);
                format!("{name} takes the lock.")
            }
            StepperOp::Load => {
                thread.register = Some(self.counter);
                thread.loaded_version = self.version;
                format!("{name} reads counter = {}.", self.counter)
            }
            StepperOp::Add => {
                let r = thread.register.expect("add comes after load") + 1;
                thread.register = Some(r);
                format!("{name} adds 1 in its register: {r}.")
            }
            StepperOp::Store => {
                let r = thread.register.expect("store comes after load");
                // Another store since our load: we overwrite it with a value
                // computed from an old reading. That update is lost.
                let overwrote = self.version != thread.loaded_version;
                self.counter = r;
                self.version += 1;
                if overwrote {
                    self.lost += 1;
                    format!("{name} writes counter = {r}, overwriting the other thread's update: one increment lost!")
                } else {
                    format!("{name} writes counter = {r}.")
                }
            }
            StepperOp::Release => {
                self.lock_holder = None;
                format!("{name} releases the lock.")
            }
        };
        thread.pc += 1;
        if thread.pc == len {
            thread.pc = 0;
            thread.done += 1;
            thread.register = None;
        }
        self.log.push(line);
        Ok(())
    }
    // ANCHOR_END: step

    /// A state that came back from JavaScript may have been edited: refuse
    /// one that the machine could never reach instead of panicking on it.
    fn check(&self) -> Result<(), String> {
        let len = self.program().len();
        if !(1..=3).contains(&self.rounds)
            || self
                .threads
                .iter()
                .any(|t| t.pc >= len || t.done > self.rounds)
            || self.lock_holder.is_some_and(|h| h > 1)
        {
            return Err("That is not a state the stepper can be in: start again.".into());
        }
        Ok(())
    }

    /// Both threads have done all their rounds.
    pub fn finished(&self) -> bool {
        self.threads.iter().all(|t| t.done >= self.rounds)
    }

    /// The state with everything the page draws from it.
    pub fn view(self) -> StepperView {
        let next =
            [0, 1].map(|t| (self.threads[t].done < self.rounds).then_some(self.threads[t].pc));
        let blocked = [0, 1].map(|t| self.blocked(t));
        StepperView {
            program: self.program().iter().map(|op| op.text()).collect(),
            next,
            blocked,
            finished: self.finished(),
            expected: 2 * self.rounds as i64,
            state: self,
        }
    }
}

/// The demo as the page lists it.
pub fn info() -> DemoInfo {
    let source = include_str!("mod.rs");
    DemoInfo {
        id: ID,
        title: "Step-through scheduler",
        lesson: "You are the scheduler. Each thread runs counter += 1 as three instructions — load the counter into a register, add one, store it back — and you choose which thread runs next. Let both threads load before either stores, and both store the same value: one increment is lost, and you can see exactly where. Undo and try another order. With the lock, a thread must acquire it before its load and release it after its store, so while one thread is between load and store the other cannot even start: the order that loses an update is simply not available.",
        rust: super::excerpt(source, "step"),
        python: include_str!("stepper.py"),
        fields: vec![FieldSpec::new("rounds", "Increments per thread", 1, 1, 3)],
    }
}

/// The reply to a stepper move: the new view, or why the move is refused.
pub type StepperReply = crate::reply::Reply<StepperView>;

/// TypeScript's name for [`StepperReply`] (ts-rs exports no type aliases).
#[derive(TS)]
#[ts(export, rename = "StepperReply")]
#[allow(dead_code)]
struct StepperReplyType(StepperReply);

/// Runs thread `t`'s next instruction on `stepper` (a value: the caller's
/// copy is untouched, which is what Undo keeps).
pub fn step(mut stepper: Stepper, t: usize) -> StepperReply {
    match stepper.step(t) {
        Ok(()) => StepperReply::Done(stepper.view()),
        Err(message) => StepperReply::invalid("thread", message),
    }
}
