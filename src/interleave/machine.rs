//! Threads, shared state, and one step.
//!
//! A [`State`] is a plain value: every thread's frames and value stacks, the
//! globals, and the heap of shared objects. [`State::step`] returns a *new*
//! state and never changes the old one, so Undo is "keep the previous
//! state", a share link is "the program and the list of choices", and the
//! solver can put states in a hash set. Nothing here reads a clock, a random
//! number or an address: the same choices always give the same state.

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ast::{BinOp, CmpOp};
use super::compile::{GameOp, Slot};
use super::primitives::{Args, CallResult, Obj, Waiting};
use super::value::{repr_with, Builtin, ExcKind, Exception, ObjId, Tid, Value};
use super::{Program, SourceSpan, MAX_CALL_DEPTH, MAX_GAME_STEPS, MAX_HEAP_OBJECTS, MAX_THREADS};

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
    pub name: Arc<str>,
    /// The `threading.Thread` object in the heap.
    pub obj: ObjId,
    pub status: Status,
    pub frames: Vec<Frame>,
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
    pub(super) threads: Vec<Arc<Thread>>,
    pub(super) globals: Arc<Vec<Value>>,
    pub(super) heap: Vec<Arc<Obj>>,
    /// Threads created so far (CPython names them Thread-1, Thread-2, ...).
    pub(super) created: u32,
    pub(super) output: Arc<Vec<(Tid, String)>>,
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
            threads: vec![Arc::new(Thread {
                name: Arc::from("MainThread"),
                obj: 0,
                status: Status::Ready,
                frames: vec![Frame {
                    code: 0,
                    pc: 0,
                    stack: Vec::new(),
                    locals: vec![Value::Unbound; module.local_names.len()],
                    blocks: Vec::new(),
                }],
            })],
            globals: Arc::new(vec![Value::Unbound; prog.compiled.global_names.len()]),
            heap: vec![Arc::new(main_obj)],
            created: 0,
            output: Arc::new(Vec::new()),
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

    /// Threads started so far, finished ones included (ids are indices).
    pub fn thread_count(&self) -> usize {
        self.threads.len()
    }

    /// Lines printed so far: (thread, text).
    pub fn output(&self) -> &[(Tid, String)] {
        &self.output
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
                        let all = &f.stack[base + 1..];
                        let npos = n - kw.len();
                        let kwv: Vec<(Arc<str>, Value)> = kw
                            .iter()
                            .cloned()
                            .zip(all[npos..].iter().cloned())
                            .collect();
                        let args = Args {
                            pos: &all[..npos],
                            kw: &kwv,
                        };
                        self.call_blocker(*obj, *m, &args, t)
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

    // --------------------------------------------------------------- step

    /// One scheduling decision: a new state, this one unchanged.
    pub fn step(
        &self,
        prog: &Program,
        choice: Choice,
        granularity: Granularity,
    ) -> Result<State, StepError> {
        let mut s = self.clone();
        s.step_in_place(prog, choice, granularity, &mut |_| {})?;
        Ok(s)
    }

    /// Like [`State::step`], also returning the bytecode-sized choices it
    /// took (for share links, which replay bytecode steps).
    pub fn step_expanded(
        &self,
        prog: &Program,
        choice: Choice,
        granularity: Granularity,
    ) -> Result<(State, Vec<Choice>), StepError> {
        let mut s = self.clone();
        let mut taken = Vec::new();
        s.step_in_place(prog, choice, granularity, &mut |c| taken.push(c))?;
        Ok((s, taken))
    }

    pub(super) fn step_in_place(
        &mut self,
        prog: &Program,
        choice: Choice,
        granularity: Granularity,
        taken: &mut dyn FnMut(Choice),
    ) -> Result<(), StepError> {
        let t = choice.thread();
        if t as usize >= self.threads.len() {
            return Err(self.not_runnable(format!("there is no thread {t}")));
        }
        match choice {
            Choice::Wake(_) => {
                let Status::CondWait { cond, lock, count } = self.threads[t as usize].status else {
                    return Err(self.not_runnable(format!(
                        "thread {t} is not waiting in Condition.wait, so it cannot be woken"
                    )));
                };
                self.tick()?;
                if let Obj::Condition { waiters, .. } = Arc::make_mut(&mut self.heap[cond as usize])
                {
                    waiters.retain(|w| *w != t);
                }
                Arc::make_mut(&mut self.threads[t as usize]).status =
                    Status::CondWake { cond, lock, count };
                taken(choice);
                Ok(())
            }
            Choice::Run(_) => {
                if !self.is_live(t) {
                    return Err(self.not_runnable(format!("thread {t} has finished")));
                }
                if let Some(w) = self.waiting(prog, t) {
                    return Err(self.not_runnable(format!(
                        "thread {t} cannot run: it waits for {}",
                        self.describe_wait(prog, &w)
                    )));
                }
                if let Some(h) = self.switch_holder(prog).filter(|h| *h != t) {
                    return Err(self.not_runnable(format!(
                        "thread {t} cannot run yet: thread {h} holds the GIL and is not at a switch point (CPython ≥ 3.10 hands the GIL over only at a backward jump or a call)"
                    )));
                }
                self.exec_one(prog, t)?;
                taken(choice);
                if granularity == Granularity::Statement {
                    let mut n = 0;
                    while n < MAX_OPS_PER_STATEMENT
                        && matches!(self.threads[t as usize].status, Status::Ready)
                        && self.waiting(prog, t).is_none()
                    {
                        let th = &self.threads[t as usize];
                        let Some(f) = th.frames.last() else { break };
                        let code = &prog.compiled.codes[f.code as usize];
                        if code.instrs[f.pc as usize].stmt_start && !code.internal {
                            break;
                        }
                        self.exec_one(prog, t)?;
                        taken(choice);
                        n += 1;
                    }
                }
                Ok(())
            }
        }
    }

    fn not_runnable(&self, message: String) -> StepError {
        StepError {
            kind: StepErrorKind::NotRunnable,
            message,
            line: 0,
            col: 0,
        }
    }

    fn tick(&mut self) -> Result<(), StepError> {
        if self.steps >= MAX_GAME_STEPS {
            return Err(StepError {
                kind: StepErrorKind::Limit,
                message: format!(
                    "this run reached {MAX_GAME_STEPS} steps, the model's limit per run"
                ),
                line: 0,
                col: 0,
            });
        }
        self.steps += 1;
        Ok(())
    }

    /// The span of thread `t`'s current instruction.
    fn current_span(&self, prog: &Program, t: Tid) -> SourceSpan {
        let th = &self.threads[t as usize];
        th.frames
            .iter()
            .rev()
            .find(|f| !prog.compiled.codes[f.code as usize].internal)
            .map(|f| {
                let code = &prog.compiled.codes[f.code as usize];
                let pc = (f.pc as usize).min(code.instrs.len() - 1);
                code.instrs[pc].span
            })
            .unwrap_or_default()
    }

    fn exec_one(&mut self, prog: &Program, t: Tid) -> Result<(), StepError> {
        self.tick()?;
        let ti = t as usize;
        if let Status::CondWake { lock, count, .. } = self.threads[ti].status {
            // Take the condition's lock back at the depth it had.
            match Arc::make_mut(&mut self.heap[lock as usize]) {
                Obj::Lock { owner } => *owner = Some(t),
                Obj::RLock { owner, count: c } => {
                    *owner = Some(t);
                    *c = count;
                }
                _ => {}
            }
            self.wake_with(t, Value::Bool(true));
            // Back from a blocking call: a switch point.
            self.holder = None;
            return Ok(());
        }
        let depth_before = self.threads[ti].frames.len();
        let f = Arc::make_mut(&mut self.threads[ti])
            .frames
            .last_mut()
            .expect("a live thread has a frame");
        let code = &prog.compiled.codes[f.code as usize];
        let pc_before = f.pc;
        let instr = &code.instrs[f.pc as usize];
        f.pc += 1;
        // Errors inside the model's own helper code (`wait_for`) are shown
        // at the user's call.
        let span = if code.internal {
            self.current_span(prog, t)
        } else {
            instr.span
        };
        let result = self.exec_op(prog, t, &instr.op);
        if self.gil_switch_points {
            let switch_point = match &instr.op {
                // A call: CPython ≥ 3.10 looks at the GIL's drop request on
                // entering a Python function and after a call into C (and a
                // blocking call releases it). `with` calls `__exit__`.
                GameOp::Call(..) | GameOp::WithExit(_) => true,
                // A jump taken backwards: the end of a loop body.
                GameOp::Jump(to)
                | GameOp::PopJumpIfFalse(to)
                | GameOp::PopJumpIfTrue(to)
                | GameOp::JumpIfFalseOrPop(to)
                | GameOp::JumpIfTrueOrPop(to) => {
                    *to <= pc_before
                        && self.threads[ti].frames.len() == depth_before
                        && self.threads[ti].frames.last().is_some_and(|f| f.pc == *to)
                }
                _ => false,
            };
            self.holder = (!switch_point).then_some(t);
        }
        match result {
            Ok(()) => {
                self.fix_crash_span(prog, t, span);
                Ok(())
            }
            Err(Fault::Py(kind, msg)) => {
                self.raise_in(t, Fault::Py(kind, msg));
                self.fix_crash_span(prog, t, span);
                Ok(())
            }
            Err(Fault::WaitFor(_) | Fault::Started(..)) => unreachable!("handled in call"),
            Err(Fault::Model(m)) => Err(StepError {
                kind: StepErrorKind::Unsupported,
                message: m,
                line: span.line,
                col: span.col,
            }),
            Err(Fault::Limit(m)) => Err(StepError {
                kind: StepErrorKind::Limit,
                message: m,
                line: span.line,
                col: span.col,
            }),
        }
    }

    /// A thread that just crashed gets the span of the step that raised
    /// (inside `wait_for`'s helper code: the user's call).
    fn fix_crash_span(&mut self, prog: &Program, t: Tid, span: SourceSpan) {
        if !matches!(&self.threads[t as usize].status, Status::Crashed(c) if c.span == SourceSpan::default())
        {
            return;
        }
        let span = if span == SourceSpan::default() {
            self.current_span(prog, t)
        } else {
            span
        };
        if let Status::Crashed(c) = &mut Arc::make_mut(&mut self.threads[t as usize]).status {
            c.span = span;
        }
    }

    /// Raises a Python exception in thread `t`: unwinds to the innermost
    /// `try` block, or ends the thread with it.
    pub(super) fn raise_in(&mut self, t: Tid, fault: Fault) {
        let exc = match fault {
            Fault::Py(kind, msg) => Arc::new(Exception {
                kind,
                message: Arc::from(msg.as_str()),
            }),
            _ => unreachable!(),
        };
        self.raise_value(t, exc);
    }

    fn raise_value(&mut self, t: Tid, exc: Arc<Exception>) {
        let th = Arc::make_mut(&mut self.threads[t as usize]);
        while let Some(f) = th.frames.last_mut() {
            if let Some((handler, depth)) = f.blocks.pop() {
                f.stack.truncate(depth as usize);
                f.stack.push(Value::Exc(exc));
                f.pc = handler;
                return;
            }
            th.frames.pop();
        }
        th.status = Status::Crashed(Crash {
            exc,
            span: SourceSpan::default(),
        });
    }

    fn frame(&mut self, t: Tid) -> &mut Frame {
        Arc::make_mut(&mut self.threads[t as usize])
            .frames
            .last_mut()
            .unwrap()
    }

    fn pop(&mut self, t: Tid) -> Value {
        self.frame(t).stack.pop().expect("stack underflow")
    }

    fn push(&mut self, t: Tid, v: Value) {
        self.frame(t).stack.push(v)
    }

    fn load_slot(&mut self, t: Tid, slot: Slot) -> Value {
        match slot {
            Slot::Global(g) => self.globals[g as usize].clone(),
            Slot::Local(l) => self.frame(t).locals[l as usize].clone(),
        }
    }

    fn store_slot(&mut self, t: Tid, slot: Slot, v: Value) {
        match slot {
            Slot::Global(g) => Arc::make_mut(&mut self.globals)[g as usize] = v,
            Slot::Local(l) => self.frame(t).locals[l as usize] = v,
        }
    }

    fn exec_op(&mut self, prog: &Program, t: Tid, op: &GameOp) -> R<()> {
        match op {
            GameOp::Nop => {}
            GameOp::LoadConst(v) | GameOp::LoadBuiltin(v) => self.push(t, v.clone()),
            GameOp::LoadName(g) | GameOp::LoadGlobal(g) => {
                let v = self.globals[*g as usize].clone();
                if v == Value::Unbound {
                    return Err(Fault::py(
                        ExcKind::NameError,
                        format!(
                            "name '{}' is not defined",
                            prog.compiled.global_names[*g as usize]
                        ),
                    ));
                }
                self.push(t, v);
            }
            GameOp::StoreName(g) | GameOp::StoreGlobal(g) => {
                let v = self.pop(t);
                Arc::make_mut(&mut self.globals)[*g as usize] = v;
            }
            GameOp::LoadFast(l) => {
                let f = self.frame(t);
                let v = f.locals[*l as usize].clone();
                if v == Value::Unbound {
                    let code = &prog.compiled.codes[f.code as usize];
                    return Err(Fault::py(
                        ExcKind::UnboundLocalError,
                        format!(
                            "cannot access local variable '{}' where it is not associated with a value",
                            code.local_names[*l as usize]
                        ),
                    ));
                }
                f.stack.push(v);
            }
            GameOp::StoreFast(l) => {
                let f = self.frame(t);
                let v = f.stack.pop().unwrap();
                f.locals[*l as usize] = v;
            }
            GameOp::LoadAttr(name) => {
                let obj = self.pop(t);
                let v = self.attr(&obj, name)?;
                self.push(t, v);
            }
            GameOp::BinaryOp(op, _) => {
                let b = self.pop(t);
                let a = self.pop(t);
                let v = self.binop(*op, &a, &b)?;
                self.push(t, v);
            }
            GameOp::UnaryNot => {
                let a = self.pop(t);
                let v = !self.truthy(&a);
                self.push(t, Value::Bool(v));
            }
            GameOp::UnaryNeg => {
                let a = self.pop(t);
                let v = match a {
                    Value::Int(i) => Value::Int(i.checked_neg().ok_or_else(overflow)?),
                    Value::Bool(b) => Value::Int(-(b as i64)),
                    other => {
                        return Err(type_err(format!(
                            "bad operand type for unary -: '{}'",
                            other.type_name()
                        )))
                    }
                };
                self.push(t, v);
            }
            GameOp::CompareOp(c) => {
                let b = self.pop(t);
                let a = self.pop(t);
                let v = self.compare(*c, &a, &b)?;
                self.push(t, Value::Bool(v));
            }
            GameOp::BinarySubscr => {
                let idx = self.pop(t);
                let obj = self.pop(t);
                let v = self.subscript(&obj, &idx)?;
                self.push(t, v);
            }
            GameOp::StoreSubscr => {
                let idx = self.pop(t);
                let obj = self.pop(t);
                let v = self.pop(t);
                self.store_subscript(&obj, idx, v)?;
            }
            GameOp::BuildList(n) | GameOp::BuildTuple(n) => {
                let f = self.frame(t);
                let at = f.stack.len() - *n as usize;
                let items: Vec<Value> = f.stack.drain(at..).collect();
                let v = if matches!(op, GameOp::BuildList(_)) {
                    self.alloc(Obj::List(items))?
                } else {
                    Value::Tuple(Arc::from(items))
                };
                self.push(t, v);
            }
            GameOp::BuildDict(n) => {
                let f = self.frame(t);
                let at = f.stack.len() - 2 * *n as usize;
                let flat: Vec<Value> = f.stack.drain(at..).collect();
                let mut items: Vec<(Value, Value)> = Vec::new();
                for kv in flat.chunks(2) {
                    self.check_key(&kv[0])?;
                    match items.iter().position(|(k, _)| self.py_eq(k, &kv[0])) {
                        Some(p) => items[p].1 = kv[1].clone(),
                        None => items.push((kv[0].clone(), kv[1].clone())),
                    }
                }
                let v = self.alloc(Obj::Dict(items))?;
                self.push(t, v);
            }
            GameOp::FormatValue => {
                let v = self.pop(t);
                let s = self.str_of(&v);
                self.push(t, Value::str(&s));
            }
            GameOp::BuildString(n) => {
                let f = self.frame(t);
                let at = f.stack.len() - *n as usize;
                let mut s = String::new();
                for v in f.stack.drain(at..) {
                    if let Value::Str(x) = v {
                        s.push_str(&x);
                    }
                }
                self.push(t, Value::str(&s));
            }
            GameOp::UnpackSequence(n) => {
                let v = self.pop(t);
                let items = self.items_of(&v)?;
                if items.len() != *n as usize {
                    return Err(Fault::py(
                        ExcKind::ValueError,
                        if items.len() > *n as usize {
                            format!("too many values to unpack (expected {n})")
                        } else {
                            format!(
                                "not enough values to unpack (expected {n}, got {})",
                                items.len()
                            )
                        },
                    ));
                }
                for it in items.into_iter().rev() {
                    self.push(t, it);
                }
            }
            GameOp::Call(n, kw) => {
                let f = self.frame(t);
                let at = f.stack.len() - *n as usize;
                let all: Vec<Value> = f.stack.drain(at..).collect();
                let callee = f.stack.pop().unwrap();
                let npos = all.len() - kw.len();
                let kwv: Vec<(Arc<str>, Value)> = kw
                    .iter()
                    .cloned()
                    .zip(all[npos..].iter().cloned())
                    .collect();
                let args = Args {
                    pos: &all[..npos],
                    kw: &kwv,
                };
                match self.call(prog, t, &callee, &args)? {
                    CallResult::Value(v) => self.push(t, v),
                    CallResult::Frame | CallResult::Parked => {}
                }
            }
            GameOp::PopTop => {
                self.pop(t);
            }
            GameOp::Copy => {
                let v = self.frame(t).stack.last().unwrap().clone();
                self.push(t, v);
            }
            GameOp::Jump(to) => self.frame(t).pc = *to,
            GameOp::PopJumpIfFalse(to) | GameOp::PopJumpIfTrue(to) => {
                let v = self.pop(t);
                let want = matches!(op, GameOp::PopJumpIfTrue(_));
                if self.truthy(&v) == want {
                    self.frame(t).pc = *to;
                }
            }
            GameOp::JumpIfFalseOrPop(to) | GameOp::JumpIfTrueOrPop(to) => {
                let v = self.frame(t).stack.last().unwrap().clone();
                let want = matches!(op, GameOp::JumpIfTrueOrPop(_));
                if self.truthy(&v) == want {
                    self.frame(t).pc = *to;
                } else {
                    self.pop(t);
                }
            }
            GameOp::GetIter => {
                let v = self.pop(t);
                let it = match v {
                    Value::RangeIter(..) => v,
                    other => Value::SeqIter(Arc::from(self.items_of(&other)?), 0),
                };
                self.push(t, it);
            }
            GameOp::ForIter(end) => {
                let f = self.frame(t);
                let top = f.stack.last_mut().unwrap();
                let next = match top {
                    Value::RangeIter(cur, stop, step) => {
                        if (*step > 0 && *cur < *stop) || (*step < 0 && *cur > *stop) {
                            let v = *cur;
                            *cur += *step;
                            Some(Value::Int(v))
                        } else {
                            None
                        }
                    }
                    Value::SeqIter(items, i) => {
                        let v = items.get(*i as usize).cloned();
                        *i += 1;
                        v
                    }
                    _ => None,
                };
                match next {
                    Some(v) => f.stack.push(v),
                    None => {
                        f.stack.pop();
                        f.pc = *end;
                    }
                }
            }
            GameOp::ReturnValue => {
                let v = self.pop(t);
                let th = Arc::make_mut(&mut self.threads[t as usize]);
                th.frames.pop();
                match th.frames.last_mut() {
                    Some(f) => f.stack.push(v),
                    None => th.status = Status::Done,
                }
            }
            GameOp::RaiseVarargs(n) => {
                if *n == 0 {
                    return Err(Fault::py(
                        ExcKind::RuntimeError,
                        "No active exception to reraise",
                    ));
                }
                let v = self.pop(t);
                let exc = match v {
                    Value::Exc(e) => e,
                    Value::ExcClass(k) => Arc::new(Exception {
                        kind: k,
                        message: Arc::from(""),
                    }),
                    _ => return Err(type_err("exceptions must derive from BaseException".into())),
                };
                self.raise_value(t, exc);
            }
            GameOp::Reraise(slot) => {
                let v = self.load_slot(t, *slot);
                self.store_slot(t, *slot, Value::None);
                if let Value::Exc(e) = v {
                    self.raise_value(t, e);
                }
            }
            GameOp::SetupFinally(h) => {
                let f = self.frame(t);
                f.blocks.push((*h, f.stack.len() as u16));
            }
            GameOp::PopBlock => {
                self.frame(t).blocks.pop();
            }
            GameOp::PushExcInfo(slot) => {
                let v = self.pop(t);
                self.store_slot(t, *slot, v);
            }
            GameOp::PopExcept(slot) => self.store_slot(t, *slot, Value::None),
            GameOp::CheckExcMatch(slot) => {
                let cls = self.pop(t);
                let exc = self.load_slot(t, *slot);
                let Value::Exc(e) = exc else {
                    unreachable!("a handler always has its exception")
                };
                let classes: Vec<Value> = match cls {
                    Value::Tuple(items) => items.to_vec(),
                    other => vec![other],
                };
                let mut hit = false;
                for c in classes {
                    match c {
                        Value::ExcClass(k) => hit |= e.kind.is_a(k),
                        _ => {
                            return Err(type_err(
                                "catching classes that do not inherit from BaseException is not allowed"
                                    .into(),
                            ))
                        }
                    }
                }
                self.push(t, Value::Bool(hit));
            }
            GameOp::LoadSlot(slot) => {
                let v = self.load_slot(t, *slot);
                self.push(t, v);
            }
            GameOp::BeforeWith(slot) => {
                let ctx = self.pop(t);
                let Value::Ref(o) = ctx else {
                    return Err(type_err(format!(
                        "'{}' object does not support the context manager protocol",
                        ctx.type_name()
                    )));
                };
                let v = self.enter(o, t)?;
                self.store_slot(t, *slot, ctx);
                self.push(t, v);
            }
            GameOp::WithExit(slot) => {
                let ctx = self.load_slot(t, *slot);
                self.store_slot(t, *slot, Value::None);
                if let Value::Ref(o) = ctx {
                    self.exit(o, t)?;
                }
            }
            GameOp::LoadAssertionError => self.push(t, Value::ExcClass(ExcKind::AssertionError)),
            GameOp::ImportName(m) => self.push(t, Value::Module(*m)),
            GameOp::MakeFunction(c) => self.push(t, Value::Func(*c)),
        }
        Ok(())
    }

    // ---------------------------------------------------------- calling

    fn call(&mut self, prog: &Program, t: Tid, callee: &Value, args: &Args) -> R<CallResult> {
        match callee {
            Value::Func(c) => {
                self.push_frame(prog, t, *c, args)?;
                Ok(CallResult::Frame)
            }
            Value::Method(obj, m) => match self.call_method(t, *obj, *m, args) {
                Err(Fault::WaitFor(pred)) => {
                    let cv = Value::Ref(*obj);
                    let pos = [cv, pred];
                    self.push_frame(
                        prog,
                        t,
                        prog.compiled.wait_for,
                        &Args { pos: &pos, kw: &[] },
                    )?;
                    Ok(CallResult::Frame)
                }
                Err(Fault::Started(new, code, targs)) => {
                    let args = Args {
                        pos: &targs,
                        kw: &[],
                    };
                    match self.push_frame(prog, new, code, &args) {
                        Ok(()) => {}
                        Err(Fault::Py(kind, msg)) => {
                            self.raise_in(new, Fault::Py(kind, msg));
                            let span = prog.compiled.codes[code as usize].instrs[0].span;
                            if let Status::Crashed(c) =
                                &mut Arc::make_mut(&mut self.threads[new as usize]).status
                            {
                                c.span = span;
                            }
                        }
                        Err(other) => return Err(other),
                    }
                    Ok(CallResult::Value(Value::None))
                }
                other => other,
            },
            Value::Builtin(b) => self.call_builtin(t, *b, args).map(CallResult::Value),
            Value::ExcClass(k) => {
                if !args.kw.is_empty() {
                    return Err(type_err(format!(
                        "{}() takes no keyword arguments",
                        k.name()
                    )));
                }
                let msg = match args.pos {
                    [] => String::new(),
                    [one] => self.str_of(one),
                    many => {
                        let mut s = String::from("(");
                        for (i, v) in many.iter().enumerate() {
                            if i > 0 {
                                s.push_str(", ");
                            }
                            s.push_str(&self.repr(v));
                        }
                        s.push(')');
                        s
                    }
                };
                Ok(CallResult::Value(Value::Exc(Arc::new(Exception {
                    kind: *k,
                    message: Arc::from(msg.as_str()),
                }))))
            }
            other => Err(type_err(format!(
                "'{}' object is not callable",
                self.type_name(other)
            ))),
        }
    }

    fn push_frame(&mut self, prog: &Program, t: Tid, c: u16, args: &Args) -> R<()> {
        let code = &prog.compiled.codes[c as usize];
        let np = code.nparams as usize;
        let mut locals = vec![Value::Unbound; code.local_names.len()];
        if args.pos.len() > np {
            return Err(type_err(format!(
                "{}() takes {np} positional argument{} but {} {} given",
                code.name,
                if np == 1 { "" } else { "s" },
                args.pos.len(),
                if args.pos.len() == 1 { "was" } else { "were" }
            )));
        }
        for (i, v) in args.pos.iter().enumerate() {
            locals[i] = v.clone();
        }
        for (k, v) in args.kw {
            match code.local_names[..np].iter().position(|p| **p == **k) {
                Some(i) if locals[i] == Value::Unbound => locals[i] = v.clone(),
                Some(_) => {
                    return Err(type_err(format!(
                        "{}() got multiple values for argument '{k}'",
                        code.name
                    )))
                }
                None => {
                    return Err(type_err(format!(
                        "{}() got an unexpected keyword argument '{k}'",
                        code.name
                    )))
                }
            }
        }
        if let Some(missing) = (0..np).find(|i| locals[*i] == Value::Unbound) {
            return Err(type_err(format!(
                "{}() missing 1 required positional argument: '{}'",
                code.name, code.local_names[missing]
            )));
        }
        let th = Arc::make_mut(&mut self.threads[t as usize]);
        if th.frames.len() >= MAX_CALL_DEPTH {
            return Err(Fault::Limit(format!(
                "calls nested deeper than {MAX_CALL_DEPTH} (the model's limit; CPython would raise RecursionError much later)"
            )));
        }
        th.frames.push(Frame {
            code: c,
            pc: 0,
            stack: Vec::new(),
            locals,
            blocks: Vec::new(),
        });
        Ok(())
    }

    pub(super) fn start_thread(&mut self, obj: ObjId) -> R<()> {
        let Obj::Thread {
            target,
            args,
            tid,
            name,
            ..
        } = &*self.heap[obj as usize]
        else {
            unreachable!()
        };
        if tid.is_some() {
            return Err(Fault::py(
                ExcKind::RuntimeError,
                "threads can only be started once",
            ));
        }
        if self.threads.len() >= MAX_THREADS {
            return Err(Fault::Limit(format!(
                "at most {} threads besides the main thread in this model",
                MAX_THREADS - 1
            )));
        }
        let new = self.threads.len() as Tid;
        let mut th = Thread {
            name: name.clone(),
            obj,
            status: Status::Ready,
            frames: Vec::new(),
        };
        let (target, args) = (target.clone(), args.clone());
        if let Obj::Thread { tid, .. } = Arc::make_mut(&mut self.heap[obj as usize]) {
            *tid = Some(new);
        }
        match target {
            Value::Func(c) => {
                // The frame is built by the caller, who has the program;
                // arity errors then surface in the new thread, as in CPython.
                self.threads.push(Arc::new(th));
                Err(Fault::Started(new, c, args))
            }
            Value::None => {
                th.status = Status::Done;
                self.threads.push(Arc::new(th));
                Ok(())
            }
            other => Err(Fault::Model(format!(
                "Thread(target=...) must be a function defined in the program here, not {}",
                self.type_name(&other)
            ))),
        }
    }

    fn call_builtin(&mut self, t: Tid, b: Builtin, args: &Args) -> R<Value> {
        let pos = args.pos;
        let arity = |lo: usize, hi: usize| -> R<()> {
            if pos.len() < lo || pos.len() > hi {
                Err(type_err(format!(
                    "{}() takes {} arguments ({} given)",
                    b.name(),
                    if lo == hi {
                        format!("exactly {lo}")
                    } else {
                        format!("{lo} to {hi}")
                    },
                    pos.len()
                )))
            } else {
                Ok(())
            }
        };
        let no_kw = |what: &str| -> R<()> {
            match args.kw.first() {
                Some((k, _)) => Err(type_err(format!(
                    "{what}() got an unexpected keyword argument '{k}'"
                ))),
                None => Ok(()),
            }
        };
        match b {
            Builtin::Print => {
                let mut sep = " ".to_string();
                let mut end = "\n".to_string();
                for (k, v) in args.kw {
                    match (&**k, v) {
                        ("sep", Value::Str(s)) => sep = s.to_string(),
                        ("end", Value::Str(s)) => end = s.to_string(),
                        ("flush", _) => {}
                        (k, _) => {
                            return Err(type_err(format!(
                                "print() got an unexpected keyword argument '{k}'"
                            )))
                        }
                    }
                }
                let mut line = String::new();
                for (i, v) in pos.iter().enumerate() {
                    if i > 0 {
                        line.push_str(&sep);
                    }
                    line.push_str(&self.str_of(v));
                }
                line.push_str(end.strip_suffix('\n').unwrap_or(&end));
                let out = Arc::make_mut(&mut self.output);
                if out.len() < super::MAX_OUTPUT_LINES {
                    out.push((t, line));
                }
                Ok(Value::None)
            }
            Builtin::Len => {
                no_kw("len")?;
                arity(1, 1)?;
                let n = match &pos[0] {
                    Value::Str(s) => s.chars().count(),
                    Value::Tuple(items) => items.len(),
                    Value::Ref(o) => match &*self.heap[*o as usize] {
                        Obj::List(items) => items.len(),
                        Obj::Dict(items) => items.len(),
                        o => {
                            return Err(type_err(format!(
                                "object of type '{}' has no len()",
                                o.type_name()
                            )))
                        }
                    },
                    Value::RangeIter(a, b, s) => range_len(*a, *b, *s),
                    other => {
                        return Err(type_err(format!(
                            "object of type '{}' has no len()",
                            self.type_name(other)
                        )))
                    }
                };
                Ok(Value::Int(n as i64))
            }
            Builtin::Range => {
                no_kw("range")?;
                arity(1, 3)?;
                let mut ints = Vec::new();
                for v in pos {
                    match v {
                        Value::Int(i) => ints.push(*i),
                        Value::Bool(b) => ints.push(*b as i64),
                        other => {
                            return Err(type_err(format!(
                                "'{}' object cannot be interpreted as an integer",
                                self.type_name(other)
                            )))
                        }
                    }
                }
                let (a, bb, s) = match ints[..] {
                    [n] => (0, n, 1),
                    [a, bb] => (a, bb, 1),
                    [a, bb, s] => (a, bb, s),
                    _ => unreachable!(),
                };
                if s == 0 {
                    return Err(Fault::py(
                        ExcKind::ValueError,
                        "range() arg 3 must not be zero",
                    ));
                }
                Ok(Value::RangeIter(a, bb, s))
            }
            Builtin::Str => {
                no_kw("str")?;
                arity(0, 1)?;
                Ok(Value::str(
                    &pos.first().map(|v| self.str_of(v)).unwrap_or_default(),
                ))
            }
            Builtin::Int => {
                no_kw("int")?;
                arity(0, 1)?;
                match pos.first() {
                    None => Ok(Value::Int(0)),
                    Some(Value::Int(i)) => Ok(Value::Int(*i)),
                    Some(Value::Bool(b)) => Ok(Value::Int(*b as i64)),
                    Some(Value::Str(s)) => s.trim().parse::<i64>().map(Value::Int).map_err(|_| {
                        Fault::py(
                            ExcKind::ValueError,
                            format!(
                                "invalid literal for int() with base 10: {}",
                                self.repr(&pos[0])
                            ),
                        )
                    }),
                    Some(other) => Err(type_err(format!(
                        "int() argument must be a string or a number, not '{}'",
                        self.type_name(other)
                    ))),
                }
            }
            Builtin::Bool => {
                no_kw("bool")?;
                arity(0, 1)?;
                Ok(Value::Bool(pos.first().is_some_and(|v| self.truthy(v))))
            }
            Builtin::Abs => {
                no_kw("abs")?;
                arity(1, 1)?;
                match &pos[0] {
                    Value::Int(i) => Ok(Value::Int(i.checked_abs().ok_or_else(overflow)?)),
                    other => Err(type_err(format!(
                        "bad operand type for abs(): '{}'",
                        self.type_name(other)
                    ))),
                }
            }
            Builtin::Min | Builtin::Max | Builtin::Sum => {
                no_kw(b.name())?;
                arity(1, usize::MAX)?;
                let items = if pos.len() == 1 {
                    self.items_of(&pos[0])?
                } else if b == Builtin::Sum {
                    return Err(type_err("sum() takes one iterable here".into()));
                } else {
                    pos.to_vec()
                };
                if b == Builtin::Sum {
                    let mut acc = Value::Int(0);
                    for v in &items {
                        acc = self.binop(BinOp::Add, &acc, v)?;
                    }
                    return Ok(acc);
                }
                let mut best: Option<Value> = None;
                for v in items {
                    best = Some(match best {
                        None => v,
                        Some(cur) => {
                            let less = self.compare(CmpOp::Lt, &v, &cur)?;
                            if less == (b == Builtin::Min) {
                                v
                            } else {
                                cur
                            }
                        }
                    });
                }
                best.ok_or_else(|| {
                    Fault::py(
                        ExcKind::ValueError,
                        format!("{}() arg is an empty sequence", b.name()),
                    )
                })
            }
            Builtin::List => {
                no_kw("list")?;
                arity(0, 1)?;
                let items = match pos.first() {
                    None => Vec::new(),
                    Some(v) => self.items_of(v)?,
                };
                self.alloc(Obj::List(items))
            }
            Builtin::Lock | Builtin::RLock | Builtin::Event => {
                args.check(b.name(), &[])?;
                self.alloc(match b {
                    Builtin::Lock => Obj::Lock { owner: None },
                    Builtin::RLock => Obj::RLock {
                        owner: None,
                        count: 0,
                    },
                    _ => Obj::Event {
                        flag: false,
                        waiters: Vec::new(),
                    },
                })
            }
            Builtin::Semaphore | Builtin::BoundedSemaphore => {
                args.check(b.name(), &["value"])?;
                let v = match args.get(0, "value") {
                    None => 1,
                    Some(Value::Int(v)) => *v,
                    Some(other) => {
                        return Err(type_err(format!(
                            "semaphore value must be an int, not '{}'",
                            self.type_name(other)
                        )))
                    }
                };
                if v < 0 {
                    return Err(Fault::py(
                        ExcKind::ValueError,
                        "semaphore initial value must be >= 0",
                    ));
                }
                self.alloc(Obj::Semaphore {
                    value: v,
                    bound: (b == Builtin::BoundedSemaphore).then_some(v),
                })
            }
            Builtin::Condition => {
                args.check("Condition", &["lock"])?;
                let lock = match args.get(0, "lock") {
                    None | Some(Value::None) => {
                        // CPython's default lock for a Condition is an RLock.
                        match self.alloc(Obj::RLock {
                            owner: None,
                            count: 0,
                        })? {
                            Value::Ref(o) => o,
                            _ => unreachable!(),
                        }
                    }
                    Some(Value::Ref(o))
                        if matches!(
                            *self.heap[*o as usize],
                            Obj::Lock { .. } | Obj::RLock { .. }
                        ) =>
                    {
                        *o
                    }
                    Some(_) => {
                        return Err(Fault::Model(
                            "Condition(lock) takes a Lock or an RLock here".into(),
                        ))
                    }
                };
                self.alloc(Obj::Condition {
                    lock,
                    waiters: Vec::new(),
                })
            }
            Builtin::Barrier => {
                args.check("Barrier", &["parties", "action", "timeout"])?;
                if !matches!(args.get(1, "action"), None | Some(Value::None)) {
                    return Err(Fault::Model(
                        "Barrier(action=...) is not modelled here".into(),
                    ));
                }
                args.no_timeout(2, "Barrier")?;
                let parties = match args.get(0, "parties") {
                    Some(Value::Int(p)) => *p,
                    _ => {
                        return Err(type_err(
                            "Barrier() missing 1 required positional argument: 'parties'".into(),
                        ))
                    }
                };
                if parties < 1 {
                    return Err(Fault::py(ExcKind::ValueError, "parties must be > 0"));
                }
                self.alloc(Obj::Barrier {
                    parties: parties.min(u32::MAX as i64) as u32,
                    waiting: Vec::new(),
                    broken: false,
                })
            }
            Builtin::Queue => {
                args.check("Queue", &["maxsize"])?;
                let maxsize = match args.get(0, "maxsize") {
                    None => 0,
                    Some(Value::Int(m)) => *m,
                    Some(other) => {
                        return Err(type_err(format!(
                            "maxsize must be an int, not '{}'",
                            self.type_name(other)
                        )))
                    }
                };
                self.alloc(Obj::Queue {
                    maxsize,
                    items: Vec::new(),
                    unfinished: 0,
                })
            }
            Builtin::Thread => {
                args.check(
                    "Thread",
                    &["group", "target", "name", "args", "kwargs", "daemon"],
                )?;
                if !args.pos.is_empty() {
                    return Err(type_err(
                        "Thread() takes keyword arguments here: Thread(target=f, args=(...))"
                            .into(),
                    ));
                }
                if args.get(9, "daemon").is_some_and(|d| d.truthy_simple()) {
                    return Err(Fault::Model(
                        "daemon threads are not modelled here (the program always waits for every thread)".into(),
                    ));
                }
                if args.get(9, "kwargs").is_some_and(|d| *d != Value::None) {
                    return Err(Fault::Model(
                        "Thread(kwargs=...) is not supported here".into(),
                    ));
                }
                let target = args.get(9, "target").cloned().unwrap_or(Value::None);
                let targs = match args.get(9, "args") {
                    None => Vec::new(),
                    Some(v) => self.items_of(v)?,
                };
                self.created += 1;
                let n = self.created;
                let name: Arc<str> = match args.get(9, "name") {
                    Some(Value::Str(s)) => s.clone(),
                    _ => Arc::from(match &target {
                        Value::Func(_) => format!("Thread-{n}"),
                        _ => format!("Thread-{n}"),
                    }),
                };
                self.alloc(Obj::Thread {
                    target,
                    args: targs,
                    name,
                    tid: None,
                })
            }
            Builtin::CurrentThread => {
                no_kw("current_thread")?;
                Ok(Value::Ref(self.threads[t as usize].obj))
            }
            Builtin::Sleep => {
                // A sleep is only a place where another thread gets to run:
                // the scheduler (you) decides that anyway.
                no_kw("sleep")?;
                arity(1, 1)?;
                Ok(Value::None)
            }
        }
    }

    // ------------------------------------------------------------ values

    pub(super) fn alloc(&mut self, o: Obj) -> R<Value> {
        if self.heap.len() >= MAX_HEAP_OBJECTS {
            return Err(Fault::Limit(format!(
                "more than {MAX_HEAP_OBJECTS} objects (lists, dicts, locks, threads...): the model's limit"
            )));
        }
        self.heap.push(Arc::new(o));
        Ok(Value::Ref(self.heap.len() as ObjId - 1))
    }

    fn type_name(&self, v: &Value) -> &'static str {
        match v {
            Value::Ref(o) => self.heap[*o as usize].type_name(),
            other => other.type_name(),
        }
    }

    pub(super) fn truthy(&self, v: &Value) -> bool {
        match v {
            Value::Ref(o) => match &*self.heap[*o as usize] {
                Obj::List(items) => !items.is_empty(),
                Obj::Dict(items) => !items.is_empty(),
                _ => true,
            },
            Value::RangeIter(a, b, s) => range_len(*a, *b, *s) > 0,
            other => other.truthy_simple(),
        }
    }

    /// Python `==`.
    pub(super) fn py_eq(&self, a: &Value, b: &Value) -> bool {
        self.py_eq_depth(a, b, 0)
    }

    fn py_eq_depth(&self, a: &Value, b: &Value, depth: u32) -> bool {
        if depth > 50 {
            return false;
        }
        match (a, b) {
            (Value::Int(x), Value::Bool(y)) | (Value::Bool(y), Value::Int(x)) => *x == *y as i64,
            (Value::Ref(x), Value::Ref(y)) if x == y => true,
            (Value::Ref(x), Value::Ref(y)) => {
                match (&*self.heap[*x as usize], &*self.heap[*y as usize]) {
                    (Obj::List(p), Obj::List(q)) => {
                        p.len() == q.len()
                            && p.iter()
                                .zip(q)
                                .all(|(u, v)| self.py_eq_depth(u, v, depth + 1))
                    }
                    (Obj::Dict(p), Obj::Dict(q)) => {
                        p.len() == q.len()
                            && p.iter().all(|(k, v)| {
                                q.iter().any(|(k2, v2)| {
                                    self.py_eq_depth(k, k2, depth + 1)
                                        && self.py_eq_depth(v, v2, depth + 1)
                                })
                            })
                    }
                    _ => false,
                }
            }
            (Value::Tuple(p), Value::Tuple(q)) => {
                p.len() == q.len()
                    && p.iter()
                        .zip(q.iter())
                        .all(|(u, v)| self.py_eq_depth(u, v, depth + 1))
            }
            (Value::Exc(p), Value::Exc(q)) => Arc::ptr_eq(p, q),
            _ => a == b,
        }
    }

    fn check_key(&self, k: &Value) -> R<()> {
        match k {
            Value::Ref(o) => Err(type_err(format!(
                "unhashable type: '{}'",
                self.heap[*o as usize].type_name()
            ))),
            _ => Ok(()),
        }
    }

    pub(super) fn dict_lookup(&self, obj: ObjId, k: &Value) -> R<Option<Value>> {
        self.check_key(k)?;
        let Obj::Dict(items) = &*self.heap[obj as usize] else {
            unreachable!()
        };
        Ok(items
            .iter()
            .find(|(k2, _)| self.py_eq(k, k2))
            .map(|(_, v)| v.clone()))
    }

    /// The items of an iterable (list, tuple, dict keys, str, range).
    fn items_of(&self, v: &Value) -> R<Vec<Value>> {
        match v {
            Value::Tuple(items) => Ok(items.to_vec()),
            Value::Str(s) => Ok(s.chars().map(|c| Value::str(&c.to_string())).collect()),
            Value::RangeIter(a, b, s) => {
                if range_len(*a, *b, *s) > super::MAX_COLLECTION_LEN {
                    return Err(Fault::Limit(format!(
                        "a range longer than {} (the model's limit)",
                        super::MAX_COLLECTION_LEN
                    )));
                }
                let mut out = Vec::new();
                let mut c = *a;
                while (*s > 0 && c < *b) || (*s < 0 && c > *b) {
                    out.push(Value::Int(c));
                    c += s;
                }
                Ok(out)
            }
            Value::Ref(o) => match &*self.heap[*o as usize] {
                Obj::List(items) => Ok(items.clone()),
                Obj::Dict(items) => Ok(items.iter().map(|(k, _)| k.clone()).collect()),
                o => Err(type_err(format!(
                    "'{}' object is not iterable",
                    o.type_name()
                ))),
            },
            other => Err(type_err(format!(
                "'{}' object is not iterable",
                other.type_name()
            ))),
        }
    }

    fn attr(&self, obj: &Value, name: &str) -> R<Value> {
        match obj {
            Value::Module(m) => m.attr(name).ok_or_else(|| {
                Fault::py(
                    ExcKind::AttributeError,
                    format!(
                        "module '{}' has no attribute '{name}' (in this model)",
                        m.name()
                    ),
                )
            }),
            Value::Ref(o) => {
                let ob = &*self.heap[*o as usize];
                if let Some(m) = ob.method(name) {
                    return Ok(Value::Method(*o, m));
                }
                match (ob, name) {
                    (Obj::Thread { name: n, .. }, "name") => Ok(Value::Str(n.clone())),
                    (Obj::Barrier { parties, .. }, "parties") => Ok(Value::Int(*parties as i64)),
                    (Obj::Barrier { waiting, .. }, "n_waiting") => {
                        Ok(Value::Int(waiting.len() as i64))
                    }
                    (Obj::Barrier { broken, .. }, "broken") => Ok(Value::Bool(*broken)),
                    (Obj::Queue { maxsize, .. }, "maxsize") => Ok(Value::Int(*maxsize)),
                    _ => Err(Fault::py(
                        ExcKind::AttributeError,
                        format!("'{}' object has no attribute '{name}'", ob.type_name()),
                    )),
                }
            }
            Value::Exc(e) if name == "args" => {
                Ok(Value::Tuple(Arc::from(vec![Value::Str(e.message.clone())])))
            }
            other => Err(Fault::py(
                ExcKind::AttributeError,
                format!(
                    "'{}' object has no attribute '{name}'",
                    self.type_name(other)
                ),
            )),
        }
    }

    fn binop(&mut self, op: BinOp, a: &Value, b: &Value) -> R<Value> {
        let as_int = |v: &Value| match v {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(*b as i64),
            _ => None,
        };
        if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
            let r = match op {
                BinOp::Add => x.checked_add(y),
                BinOp::Sub => x.checked_sub(y),
                BinOp::Mul => x.checked_mul(y),
                BinOp::FloorDiv | BinOp::Mod => {
                    if y == 0 {
                        return Err(Fault::py(
                            ExcKind::ZeroDivisionError,
                            "integer division or modulo by zero",
                        ));
                    }
                    // Python floors (towards minus infinity).
                    x.checked_div(y).map(|_| {
                        if op == BinOp::FloorDiv {
                            floor_div(x, y)
                        } else {
                            x - floor_div(x, y) * y
                        }
                    })
                }
                // `subset` refuses these operators before a program runs.
                _ => {
                    return Err(Fault::py(
                        ExcKind::TypeError,
                        format!("'{}' is not supported by this model", op.symbol()),
                    ))
                }
            };
            return r.map(Value::Int).ok_or_else(overflow);
        }
        match (op, a, b) {
            (BinOp::Add, Value::Str(x), Value::Str(y)) => {
                if x.len() + y.len() > super::MAX_STR_LEN {
                    return Err(Fault::Limit("a string grew too long for the model".into()));
                }
                Ok(Value::str(&format!("{x}{y}")))
            }
            (BinOp::Add, Value::Tuple(x), Value::Tuple(y)) => Ok(Value::Tuple(
                x.iter().chain(y.iter()).cloned().collect::<Vec<_>>().into(),
            )),
            (BinOp::Add, Value::Ref(x), Value::Ref(y)) => {
                match (&*self.heap[*x as usize], &*self.heap[*y as usize]) {
                    (Obj::List(p), Obj::List(q)) => {
                        let v: Vec<Value> = p.iter().chain(q).cloned().collect();
                        self.alloc(Obj::List(v))
                    }
                    _ => Err(self.unsupported(op, a, b)),
                }
            }
            (BinOp::Mul, Value::Str(s), Value::Int(n))
            | (BinOp::Mul, Value::Int(n), Value::Str(s)) => {
                let n = (*n).max(0) as usize;
                if s.len().saturating_mul(n) > super::MAX_STR_LEN {
                    return Err(Fault::Limit("a string grew too long for the model".into()));
                }
                Ok(Value::str(&s.repeat(n)))
            }
            _ => Err(self.unsupported(op, a, b)),
        }
    }

    fn unsupported(&self, op: BinOp, a: &Value, b: &Value) -> Fault {
        type_err(format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            op.symbol(),
            self.type_name(a),
            self.type_name(b)
        ))
    }

    fn compare(&self, c: CmpOp, a: &Value, b: &Value) -> R<bool> {
        match c {
            CmpOp::Eq => Ok(self.py_eq(a, b)),
            CmpOp::Ne => Ok(!self.py_eq(a, b)),
            CmpOp::Is | CmpOp::IsNot => {
                let same = match (a, b) {
                    (Value::Ref(x), Value::Ref(y)) => x == y,
                    (Value::Exc(x), Value::Exc(y)) => Arc::ptr_eq(x, y),
                    _ => a == b,
                };
                Ok(same == (c == CmpOp::Is))
            }
            CmpOp::In | CmpOp::NotIn => {
                let found = match b {
                    Value::Str(s) => match a {
                        Value::Str(x) => s.contains(&**x),
                        other => {
                            return Err(type_err(format!(
                                "'in <string>' requires string as left operand, not {}",
                                self.type_name(other)
                            )))
                        }
                    },
                    Value::Ref(o) if matches!(*self.heap[*o as usize], Obj::Dict(_)) => {
                        self.dict_lookup(*o, a)?.is_some()
                    }
                    other => self.items_of(other)?.iter().any(|x| self.py_eq(a, x)),
                };
                Ok(found == (c == CmpOp::In))
            }
            _ => {
                let ord = match (a, b) {
                    (Value::Int(_) | Value::Bool(_), Value::Int(_) | Value::Bool(_)) => {
                        let x = match a {
                            Value::Int(i) => *i,
                            Value::Bool(b) => *b as i64,
                            _ => 0,
                        };
                        let y = match b {
                            Value::Int(i) => *i,
                            Value::Bool(b) => *b as i64,
                            _ => 0,
                        };
                        x.cmp(&y)
                    }
                    (Value::Str(x), Value::Str(y)) => x.cmp(y),
                    _ => {
                        return Err(type_err(format!(
                            "'{}' not supported between instances of '{}' and '{}'",
                            c.symbol(),
                            self.type_name(a),
                            self.type_name(b)
                        )))
                    }
                };
                Ok(match c {
                    CmpOp::Lt => ord.is_lt(),
                    CmpOp::Le => ord.is_le(),
                    CmpOp::Gt => ord.is_gt(),
                    _ => ord.is_ge(),
                })
            }
        }
    }

    fn index(&self, len: usize, idx: &Value, what: &str) -> R<usize> {
        let i = match idx {
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            other => {
                return Err(type_err(format!(
                    "{what} indices must be integers, not {}",
                    self.type_name(other)
                )))
            }
        };
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            return Err(Fault::py(
                ExcKind::IndexError,
                format!("{what} index out of range"),
            ));
        }
        Ok(j as usize)
    }

    fn subscript(&self, obj: &Value, idx: &Value) -> R<Value> {
        match obj {
            Value::Ref(o) => match &*self.heap[*o as usize] {
                Obj::List(items) => Ok(items[self.index(items.len(), idx, "list")?].clone()),
                Obj::Dict(_) => self
                    .dict_lookup(*o, idx)?
                    .ok_or_else(|| Fault::py(ExcKind::KeyError, self.repr(idx))),
                ob => Err(type_err(format!(
                    "'{}' object is not subscriptable",
                    ob.type_name()
                ))),
            },
            Value::Tuple(items) => Ok(items[self.index(items.len(), idx, "tuple")?].clone()),
            Value::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                let i = self.index(chars.len(), idx, "string")?;
                Ok(Value::str(&chars[i].to_string()))
            }
            other => Err(type_err(format!(
                "'{}' object is not subscriptable",
                self.type_name(other)
            ))),
        }
    }

    fn store_subscript(&mut self, obj: &Value, idx: Value, v: Value) -> R<()> {
        match obj {
            Value::Ref(o) => match &*self.heap[*o as usize] {
                Obj::List(items) => {
                    let i = self.index(items.len(), &idx, "list assignment")?;
                    if let Obj::List(items) = Arc::make_mut(&mut self.heap[*o as usize]) {
                        items[i] = v;
                    }
                    Ok(())
                }
                Obj::Dict(items) => {
                    self.check_key(&idx)?;
                    let pos = items.iter().position(|(k, _)| self.py_eq(k, &idx));
                    let len = items.len();
                    if let Obj::Dict(items) = Arc::make_mut(&mut self.heap[*o as usize]) {
                        match pos {
                            Some(p) => items[p].1 = v,
                            None => {
                                if len >= super::MAX_COLLECTION_LEN {
                                    return Err(Fault::Limit(
                                        "a dict grew too big for the model".into(),
                                    ));
                                }
                                items.push((idx, v))
                            }
                        }
                    }
                    Ok(())
                }
                ob => Err(type_err(format!(
                    "'{}' object does not support item assignment",
                    ob.type_name()
                ))),
            },
            other => Err(type_err(format!(
                "'{}' object does not support item assignment",
                self.type_name(other)
            ))),
        }
    }

    /// Python `repr(v)`.
    pub fn repr(&self, v: &Value) -> String {
        let mut s = String::new();
        self.repr_into(v, &mut s, 0);
        s
    }

    fn repr_into(&self, v: &Value, out: &mut String, depth: u32) {
        let obj = |id: ObjId, out: &mut String| {
            if depth > 8 {
                out.push_str("...");
                return;
            }
            match &*self.heap[id as usize] {
                Obj::List(items) => {
                    out.push('[');
                    for (i, it) in items.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        self.repr_into(it, out, depth + 1);
                    }
                    out.push(']');
                }
                Obj::Dict(items) => {
                    out.push('{');
                    for (i, (k, v)) in items.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        self.repr_into(k, out, depth + 1);
                        out.push_str(": ");
                        self.repr_into(v, out, depth + 1);
                    }
                    out.push('}');
                }
                Obj::Thread { name, .. } => {
                    let _ = write!(out, "<Thread({name})>");
                }
                o => {
                    let _ = write!(out, "<{} object>", o.type_name());
                }
            }
        };
        repr_with(v, &obj, out);
    }

    /// Python `str(v)`.
    pub fn str_of(&self, v: &Value) -> String {
        match v {
            Value::Str(s) => s.to_string(),
            Value::Exc(e) => e.message.to_string(),
            Value::RangeIter(a, b, s) => {
                if *s == 1 {
                    format!("range({a}, {b})")
                } else {
                    format!("range({a}, {b}, {s})")
                }
            }
            other => self.repr(other),
        }
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
