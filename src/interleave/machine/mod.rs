//! Threads, shared state, and one step.
//!
//! A [`State`] is a plain value: every thread's frames and value stacks, the
//! globals, and the heap of shared objects. [`State::step`] returns a *new*
//! state and never changes the old one, so Undo is "keep the previous
//! state", a share link is "the program and the list of choices", and the
//! solver can put states in a hash set. Nothing here reads a clock, a random
//! number or an address: the same choices always give the same state.

mod builtins;
mod call;
mod dispatch;
mod step;
mod values;

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ast::{BinOp, CmpOp};
use super::compile::{GameOp, Slot};
use super::primitives::{Args, CallResult, Obj, Waiting};
use super::shared::Shared;
use super::value::{repr_with, Builtin, ExcKind, Exception, ObjId, Tid, Value};
use super::{Program, SourceSpan, MAX_CALL_DEPTH, MAX_GAME_STEPS, MAX_HEAP_OBJECTS, MAX_THREADS};
use smallvec::SmallVec;

/// One scheduling decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS, Deserialize)]
#[ts(export, rename = "GameChoice")]
pub enum Choice {
    /// Let thread `t` take its next step.
    Run(Tid),
    /// Wake thread `t` from `Condition.wait` without a notify (a spurious
    /// wakeup, or one consumed by someone else first): it must then get
    /// the lock back like any woken waiter.
    Wake(Tid),
}

impl Choice {
    /// The thread this choice moves.
    pub fn thread(self) -> Tid {
        match self {
            Choice::Run(t) | Choice::Wake(t) => t,
        }
    }
}

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Choice::Run(t) => write!(f, "{t}"),
            Choice::Wake(t) => write!(f, "w{t}"),
        }
    }
}

impl std::str::FromStr for Choice {
    type Err = String;
    fn from_str(s: &str) -> Result<Choice, String> {
        let s = s.trim();
        let (wake, num) = match s.strip_prefix('w') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let t: Tid = num.parse().map_err(|_| {
            format!("'{s}' is not a step: expected a thread number like 1, or w1 for a wakeup")
        })?;
        Ok(if wake {
            Choice::Wake(t)
        } else {
            Choice::Run(t)
        })
    }
}

/// How much one [`State::step`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS, Deserialize)]
#[ts(export)]
pub enum Granularity {
    /// One bytecode instruction: every point where CPython may switch.
    Bytecode,
    /// Up to the start of the thread's next statement (stopping early if
    /// the thread blocks, parks or finishes; a call steps *into* the
    /// function).
    Statement,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Frame {
    pub code: u16,
    pub pc: u32,
    pub stack: Vec<Value>,
    pub locals: Vec<Value>,
    /// Active `try` blocks: (handler pc, stack depth).
    pub blocks: Vec<(u32, u16)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Crash {
    pub exc: Arc<Exception>,
    pub span: SourceSpan,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Status {
    Ready,
    /// Parked in `Condition.wait`, in the condition's waiter list.
    CondWait {
        cond: ObjId,
        lock: ObjId,
        count: u32,
    },
    /// Notified; its next step takes the lock back (`count` levels).
    CondWake {
        cond: ObjId,
        lock: ObjId,
        count: u32,
    },
    EventWait(ObjId),
    BarrierWait(ObjId),
    Done,
    Crashed(Crash),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Thread {
    /// The `threading.Thread` object in the heap, which holds its name
    /// (see [`State::thread_name`]). The name is not kept here: a step
    /// copies its thread, and a name's reference count, shared by every
    /// state, then moved between the solver's CPUs at every step.
    pub obj: ObjId,
    pub status: Status,
    pub frames: SmallVec<[Frame; 2]>,
}

/// The whole machine. Equality and hashing ignore the printed output and
/// the step counter: two states that differ only there behave the same
/// from now on, so the solver may treat them as one.
#[derive(Debug, Clone)]
pub struct State {
    // Copy-on-write at two levels: cloning a state copies three short
    // vectors of pointers, and a step copies only the thread and the
    // objects it changes. (Plain nested `Vec`s made the solver spend most
    // of its time in malloc.)
    pub(super) threads: Vec<Shared<Thread>>,
    pub(super) globals: Shared<Vec<Value>>,
    /// Shared as a whole too: most steps change no object, and then a
    /// copied state copies one pointer for its heap.
    pub(super) heap: Shared<Vec<Shared<Obj>>>,
    /// Threads created so far (CPython names them Thread-1, Thread-2, ...).
    pub(super) created: u32,
    /// `None` until the first print. Not an empty `Arc` shared by every
    /// state: the solver's threads copy and drop states all the time, and
    /// one reference count that every state shares moved between their
    /// CPUs at every copy.
    pub(super) output: Option<Arc<Vec<(Tid, String)>>>,
    pub(super) steps: u32,
    /// The setting "switch only where CPython ≥ 3.10 with the GIL would":
    /// another thread may run only after a backward jump, a call (or a
    /// `with` block's exit, which calls `__exit__`), or when the running
    /// thread blocks or ends. Off (the default), any two instructions may
    /// be separated by a switch — free-threaded CPython, or CPython ≤ 3.9,
    /// whose GIL could change hands after any instruction.
    pub(super) gil_switch_points: bool,
    /// With that setting: the thread that ran last and is not at a switch
    /// point, so only it may go on (while it can).
    pub(super) holder: Option<Tid>,
}

impl PartialEq for State {
    fn eq(&self, o: &State) -> bool {
        self.threads == o.threads
            && self.globals == o.globals
            && self.heap == o.heap
            && self.created == o.created
            && self.gil_switch_points == o.gil_switch_points
            && self.holder == o.holder
    }
}
impl Eq for State {}
impl Hash for State {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.threads.hash(h);
        self.globals.hash(h);
        self.heap.hash(h);
        self.created.hash(h);
        self.gil_switch_points.hash(h);
        self.holder.hash(h);
    }
}

/// Why a step could not be taken. (A Python exception is not a step
/// error: it is part of the program's behaviour and shows in the outcome.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "GameStepError")]
pub struct StepError {
    /// Which kind of refusal, so callers can tell "not now" from "never".
    pub kind: StepErrorKind,
    /// What went wrong, in a sentence for the page.
    pub message: String,
    /// Where the program was when the model refused, if it was running.
    pub line: u32,
    /// Its column (1-based; 0 when `line` is 0).
    pub col: u32,
}

/// Why a step was refused: the three kinds a caller reacts to differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "GameStepErrorKind")]
pub enum StepErrorKind {
    /// That thread cannot run now (blocked, parked, finished, no such
    /// thread, or a wakeup of a thread not in `Condition.wait`).
    NotRunnable,
    /// A limit of the model ([`MAX_GAME_STEPS`], [`MAX_THREADS`], ...).
    Limit,
    /// Python this model does not run (e.g. a timeout argument).
    Unsupported,
}

impl std::fmt::Display for StepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "line {}:{}: {}", self.line, self.col, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for StepError {}

/// Internal: how an operation failed.
#[derive(Debug)]
pub(super) enum Fault {
    /// A Python exception, raised in the running thread.
    Py(ExcKind, String),
    /// The model cannot go on (a limit or unsupported Python).
    Model(String),
    Limit(String),
    /// `Condition.wait_for(predicate)`: run the prelude's loop.
    WaitFor(Value),
    /// `Thread.start()` made thread `.0`; its frame (code `.1`, arguments
    /// `.2`) is built by the caller, who has the program.
    Started(Tid, u16, Vec<Value>),
}

impl Fault {
    pub(super) fn py(kind: ExcKind, msg: impl Into<String>) -> Fault {
        Fault::Py(kind, msg.into())
    }
}

type R<T> = Result<T, Fault>;

fn type_err(msg: String) -> Fault {
    Fault::Py(ExcKind::TypeError, msg)
}

/// A runaway loop inside one statement-sized step stops here (the step is
/// then just shorter; nothing is lost).
const MAX_OPS_PER_STATEMENT: u32 = 500;

impl State {
    /// The state before the first step: the main thread at the first line.
    pub fn new(prog: &Program) -> State {
        let main_obj = Obj::Thread {
            target: Value::None,
            args: Vec::new(),
            name: Arc::from("MainThread"),
            tid: Some(0),
        };
        let module = &prog.compiled.codes[0];
        State {
            threads: vec![Shared::new(Thread {
                obj: 0,
                status: Status::Ready,
                frames: smallvec::smallvec![Frame {
                    code: 0,
                    pc: 0,
                    stack: Vec::new(),
                    locals: vec![Value::Unbound; module.local_names.len()],
                    blocks: Vec::new(),
                }],
            })],
            globals: Shared::new(vec![Value::Unbound; prog.compiled.global_names.len()]),
            heap: Shared::new(vec![Shared::new(main_obj)]),
            created: 0,
            output: None,
            steps: 0,
            gil_switch_points: false,
            holder: None,
        }
    }

    /// The state before the first step, with threads switching only where
    /// CPython ≥ 3.10 with the GIL would (`true`) or anywhere (`false`, as
    /// [`State::new`]): see [`State::switch_holder`].
    pub fn new_with(prog: &Program, gil_switch_points: bool) -> State {
        State {
            gil_switch_points,
            ..State::new(prog)
        }
    }

    /// Whether threads switch only where CPython ≥ 3.10 with the GIL would.
    pub fn gil_switch_points(&self) -> bool {
        self.gil_switch_points
    }

    /// With GIL switch points: the thread that must take the next step —
    /// it ran last, is not at a switch point (a backward jump, a call) and
    /// can still run. `None` when any thread may go next.
    pub fn switch_holder(&self, prog: &Program) -> Option<Tid> {
        let h = self.holder?;
        (self.gil_switch_points && self.is_live(h) && self.waiting(prog, h).is_none()).then_some(h)
    }

    /// Bytecode steps taken since the start.
    pub fn steps(&self) -> u32 {
        self.steps
    }

    /// Thread `t`'s name, as `threading.Thread.name` gives it.
    pub fn thread_name(&self, t: Tid) -> &str {
        match &*self.heap[self.threads[t as usize].obj as usize] {
            Obj::Thread { name, .. } => name,
            _ => unreachable!("a thread's object is a threading.Thread"),
        }
    }

    /// Threads started so far, finished ones included (ids are indices).
    pub fn thread_count(&self) -> usize {
        self.threads.len()
    }

    /// Lines printed so far: (thread, text).
    pub fn output(&self) -> &[(Tid, String)] {
        self.output.as_deref().map_or(&[], Vec::as_slice)
    }

    // ------------------------------------------------------------ choices

    /// What thread `t` waits for, or `None` if it can take a step now (or
    /// has finished: see [`State::is_live`]).
    pub fn waiting(&self, prog: &Program, t: Tid) -> Option<Waiting> {
        let th = &self.threads[t as usize];
        match &th.status {
            Status::Done | Status::Crashed(_) => None,
            Status::CondWait { cond, .. } => Some(Waiting::Notify { cond: *cond }),
            Status::CondWake { cond, lock, .. } => {
                self.acquire_blocker(*lock, t).map(|w| match w {
                    Waiting::Lock { holder, .. } => Waiting::Reacquire {
                        cond: *cond,
                        lock: *lock,
                        holder,
                    },
                    other => other,
                })
            }
            Status::EventWait(o) => Some(Waiting::Event { obj: *o }),
            Status::BarrierWait(o) => Some(Waiting::Barrier { obj: *o }),
            Status::Ready => {
                let f = th.frames.last()?;
                let instr = &prog.compiled.codes[f.code as usize].instrs[f.pc as usize];
                match &instr.op {
                    GameOp::Call(n, kw) => {
                        let n = *n as usize;
                        let base = f.stack.len() - n - 1;
                        let Value::Method(obj, m) = &f.stack[base] else {
                            return None;
                        };
                        Args::from_stack(&f.stack[base + 1..], kw, |args| {
                            self.call_blocker(*obj, *m, args, t)
                        })
                    }
                    GameOp::BeforeWith(_) => match f.stack.last() {
                        Some(Value::Ref(o)) => self.acquire_blocker(*o, t),
                        _ => None,
                    },
                    _ => None,
                }
            }
        }
    }

    /// Not finished and not crashed.
    pub fn is_live(&self, t: Tid) -> bool {
        !matches!(
            self.threads[t as usize].status,
            Status::Done | Status::Crashed(_)
        )
    }

    /// Every choice the scheduler has now: each thread that can take a
    /// step, then each thread parked in `Condition.wait` (a spurious wakeup).
    pub fn runnable_choices(&self, prog: &Program) -> Vec<Choice> {
        self.choices(prog, true)
    }

    /// What the scheduler may do next: run each runnable thread and, with
    /// `spurious`, wake each thread parked in `Condition.wait`. Under GIL switch
    /// points only the thread that must go on is offered.
    pub fn choices(&self, prog: &Program, spurious: bool) -> Vec<Choice> {
        let mut out = Vec::new();
        let holder = self.switch_holder(prog);
        for t in 0..self.threads.len() as Tid {
            if holder.is_some_and(|h| h != t) {
                continue;
            }
            if self.is_live(t) && self.waiting(prog, t).is_none() {
                out.push(Choice::Run(t));
            }
        }
        if spurious {
            for (t, th) in self.threads.iter().enumerate() {
                if matches!(th.status, Status::CondWait { .. }) {
                    out.push(Choice::Wake(t as Tid));
                }
            }
        }
        out
    }
}

fn floor_div(x: i64, y: i64) -> i64 {
    let q = x / y;
    if (x % y != 0) && ((x < 0) != (y < 0)) {
        q - 1
    } else {
        q
    }
}

fn range_len(a: i64, b: i64, s: i64) -> usize {
    if s > 0 && a < b {
        ((b - a - 1) / s + 1) as usize
    } else if s < 0 && a > b {
        ((a - b - 1) / (-s) + 1) as usize
    } else {
        0
    }
}

fn overflow() -> Fault {
    Fault::Limit(
        "an integer outgrew 64 bits: Python's ints are unbounded, this model's are not".into(),
    )
}
