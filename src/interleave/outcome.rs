//! What a state means: is the program still running, finished correctly, or
//! broken (and how) — and the picture of a state the page draws.

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

impl State {
    /// The user's data globals, as (name, repr), in the order names first
    /// appear in the program.
    pub fn snapshot(&self, prog: &Program) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (i, v) in self.globals.iter().enumerate() {
            let name = &prog.compiled.global_names[i];
            if name.starts_with('$') || !self.is_data(v) {
                continue;
            }
            out.push((name.clone(), self.repr(v)));
        }
        out
    }

    fn is_data(&self, v: &Value) -> bool {
        match v {
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Str(_) | Value::Tuple(_) => true,
            Value::Ref(o) => matches!(*self.heap[*o as usize], Obj::List(_) | Obj::Dict(_)),
            _ => false,
        }
    }

    fn raw_edges(&self, prog: &Program) -> Vec<(Tid, Tid, Waiting)> {
        let mut out = Vec::new();
        for t in 0..self.threads.len() as Tid {
            if !self.is_live(t) {
                continue;
            }
            if let Some(w) = self.waiting(prog, t) {
                if let Some(to) = w.on_thread() {
                    out.push((t, to, w));
                }
            }
        }
        out
    }

    /// The wait-for graph's edges (see [`GameWaitEdge`]).
    pub fn wait_edges(&self, prog: &Program) -> Vec<GameWaitEdge> {
        self.raw_edges(prog)
            .into_iter()
            .map(|(from, to, w)| GameWaitEdge {
                from,
                to,
                via: self.describe_wait(prog, &w),
            })
            .collect()
    }

    /// Where this run stands. See [`GameOutcome`].
    pub fn outcome(&self, prog: &Program) -> GameOutcome {
        // An uncaught exception first (the lowest thread id if several).
        for (t, th) in self.threads.iter().enumerate() {
            if let Status::Crashed(c) = &th.status {
                let thread_name = th.name.to_string();
                if c.exc.kind == ExcKind::AssertionError {
                    return GameOutcome::AssertFailed {
                        thread: t as Tid,
                        thread_name,
                        line: c.span.line,
                        col: c.span.col,
                        message: c.exc.message.to_string(),
                    };
                }
                return GameOutcome::Exception {
                    thread: t as Tid,
                    thread_name,
                    exception: c.exc.kind.name().to_string(),
                    message: c.exc.message.to_string(),
                    line: c.span.line,
                    col: c.span.col,
                };
            }
        }
        // A cycle of waits that no schedule can break (see
        // [`super::deadlock`]: a cycle through a plain Lock may not be one).
        if let Some(cycle) = self.dead_cycle(prog) {
            let edges = self.raw_edges(prog);
            let cedges = cycle
                .iter()
                .map(|t| {
                    let (from, to, w) = edges.iter().find(|e| e.0 == *t).unwrap();
                    GameWaitEdge {
                        from: *from,
                        to: *to,
                        via: self.describe_wait(prog, w),
                    }
                })
                .collect();
            return GameOutcome::Deadlock {
                cycle,
                edges: cedges,
            };
        }
        let live: Vec<Tid> = (0..self.threads.len() as Tid)
            .filter(|t| self.is_live(*t))
            .collect();
        if live.is_empty() {
            if let Some(serial) = serial_results(prog) {
                let snap = self.snapshot(prog);
                if !serial.contains(&snap) {
                    return GameOutcome::LostUpdate {
                        globals: snap,
                        serial: serial.iter().take(4).cloned().collect(),
                    };
                }
            }
            return GameOutcome::Finished;
        }
        if live.iter().all(|t| self.waiting(prog, *t).is_some()) {
            return GameOutcome::Hang {
                waiting: live
                    .iter()
                    .map(|t| {
                        (
                            *t,
                            self.describe_wait(prog, &self.waiting(prog, *t).unwrap()),
                        )
                    })
                    .collect(),
            };
        }
        GameOutcome::Running
    }

    /// The global names that refer to each heap object (for display).
    fn object_names(&self, prog: &Program) -> Vec<Vec<String>> {
        let mut names = vec![Vec::new(); self.heap.len()];
        for (i, v) in self.globals.iter().enumerate() {
            if let Value::Ref(o) = v {
                let n = &prog.compiled.global_names[i];
                if !n.starts_with('$') {
                    names[*o as usize].push(n.clone());
                }
            }
        }
        // A Condition's own lock is known by the condition's name.
        for (i, o) in self.heap.iter().enumerate() {
            if let Obj::Condition { lock, .. } = &**o {
                if names[*lock as usize].is_empty() {
                    if let Some(n) = names[i].first().cloned() {
                        names[*lock as usize].push(format!("{n}'s lock"));
                    }
                }
            }
        }
        names
    }

    fn obj_label(&self, prog: &Program, o: ObjId) -> String {
        let names = self.object_names(prog);
        match names[o as usize].first() {
            Some(n) => format!("'{n}'"),
            None => format!("#{o}"),
        }
    }

    /// What a wait is for, in words.
    pub fn describe_wait(&self, prog: &Program, w: &Waiting) -> String {
        let holder = |h: &Option<Tid>| match h {
            Some(h) => format!(" held by {}", self.threads[*h as usize].name),
            None => String::new(),
        };
        match w {
            Waiting::Lock { obj, holder: h } => format!(
                "{} {}{}",
                self.heap[*obj as usize].type_name(),
                self.obj_label(prog, *obj),
                holder(h)
            ),
            Waiting::Semaphore { obj } => format!(
                "{} {} (value 0)",
                self.heap[*obj as usize].type_name(),
                self.obj_label(prog, *obj)
            ),
            Waiting::Notify { cond } => format!("a notify on {}", self.obj_label(prog, *cond)),
            Waiting::Reacquire {
                cond, holder: h, ..
            } => format!(
                "the lock of {} back{}",
                self.obj_label(prog, *cond),
                holder(h)
            ),
            Waiting::Event { obj } => format!("event {} to be set", self.obj_label(prog, *obj)),
            Waiting::Barrier { obj } => {
                let (n, p) = match &*self.heap[*obj as usize] {
                    Obj::Barrier {
                        waiting, parties, ..
                    } => (waiting.len(), *parties),
                    _ => (0, 0),
                };
                format!(
                    "barrier {} ({n} of {p} arrived)",
                    self.obj_label(prog, *obj)
                )
            }
            Waiting::QueueGet { obj } => format!("an item in queue {}", self.obj_label(prog, *obj)),
            Waiting::QueuePut { obj } => format!("room in queue {}", self.obj_label(prog, *obj)),
            Waiting::QueueJoin { obj } => format!(
                "every item of queue {} to be marked task_done",
                self.obj_label(prog, *obj)
            ),
            Waiting::Join { tid } => format!("{} to finish", self.threads[*tid as usize].name),
        }
    }

    /// Everything the page shows about this state.
    pub fn view(&self, prog: &Program) -> View {
        let names = self.object_names(prog);
        let threads = self
            .threads
            .iter()
            .enumerate()
            .map(|(t, th)| {
                let t = t as Tid;
                let user_frame = th
                    .frames
                    .iter()
                    .rev()
                    .find(|f| !prog.compiled.codes[f.code as usize].internal);
                let top = th.frames.last();
                let (span, next_step, stmt_start, function) = match (user_frame, top) {
                    (Some(uf), Some(tf)) => {
                        let ucode = &prog.compiled.codes[uf.code as usize];
                        let tcode = &prog.compiled.codes[tf.code as usize];
                        let upc = if std::ptr::eq(uf, tf) {
                            uf.pc
                        } else {
                            uf.pc.saturating_sub(1)
                        };
                        let ins = &tcode.instrs[tf.pc as usize];
                        let text = if tcode.internal {
                            format!("{} (in {})", ins.text, tcode.name)
                        } else {
                            ins.text.clone()
                        };
                        (
                            ucode.instrs[upc as usize].span,
                            text,
                            ins.stmt_start,
                            ucode.name.clone(),
                        )
                    }
                    _ => (
                        match &th.status {
                            Status::Crashed(c) => c.span,
                            _ => Default::default(),
                        },
                        String::new(),
                        false,
                        String::new(),
                    ),
                };
                let waiting = self.waiting(prog, t).map(|w| self.describe_wait(prog, &w));
                let next_step = match &th.status {
                    Status::CondWake { .. } => {
                        "(woken) take the lock back, return from wait".to_string()
                    }
                    Status::CondWait { .. } => "(in wait) waiting for notify".to_string(),
                    Status::EventWait(_) => "(in wait) waiting for set".to_string(),
                    Status::BarrierWait(_) => "(in wait) waiting at the barrier".to_string(),
                    _ => next_step,
                };
                let status = match &th.status {
                    Status::Done => "done",
                    Status::Crashed(_) => "crashed",
                    Status::CondWait { .. } | Status::EventWait(_) | Status::BarrierWait(_) => {
                        "waiting"
                    }
                    _ if waiting.is_some() => "blocked",
                    _ => "ready",
                };
                let (locals, stack) = match user_frame {
                    Some(f) => {
                        let code = &prog.compiled.codes[f.code as usize];
                        let locals = if code.is_module {
                            Vec::new()
                        } else {
                            code.local_names
                                .iter()
                                .zip(&f.locals)
                                .filter(|(n, v)| !n.starts_with('$') && **v != Value::Unbound)
                                .map(|(n, v)| (n.clone(), self.repr(v)))
                                .collect()
                        };
                        (locals, f.stack.iter().map(|v| self.repr(v)).collect())
                    }
                    None => (Vec::new(), Vec::new()),
                };
                ThreadView {
                    id: t,
                    name: th.name.to_string(),
                    status: status.to_string(),
                    line: span.line,
                    col: span.col,
                    end_line: span.end_line,
                    end_col: span.end_col,
                    function,
                    next_step,
                    statement_start: stmt_start,
                    waiting,
                    locals,
                    stack,
                    error: match &th.status {
                        Status::Crashed(c) => {
                            Some(format!("{}: {}", c.exc.kind.name(), c.exc.message))
                        }
                        _ => None,
                    },
                }
            })
            .collect();
        let globals = self
            .globals
            .iter()
            .enumerate()
            .filter(|(i, v)| {
                **v != Value::Unbound
                    && !prog.compiled.global_names[*i].starts_with('$')
                    && !matches!(
                        v,
                        Value::Func(_) | Value::Module(_) | Value::Builtin(_) | Value::ExcClass(_)
                    )
            })
            .map(|(i, v)| GlobalView {
                name: prog.compiled.global_names[i].clone(),
                value: self.repr(v),
            })
            .collect();
        let objects = self
            .heap
            .iter()
            .enumerate()
            .filter(|(i, o)| o.is_primitive() && !names[*i].is_empty())
            .map(|(i, o)| {
                let tname = |t: &Tid| self.threads[*t as usize].name.to_string();
                let mut v = ObjectView {
                    id: i as ObjId,
                    names: names[i].clone(),
                    kind: o.type_name().to_string(),
                    holder: None,
                    count: None,
                    value: None,
                    flag: None,
                    waiters: Vec::new(),
                    items: Vec::new(),
                    summary: String::new(),
                };
                match &**o {
                    Obj::Lock { owner } => {
                        v.holder = *owner;
                        v.summary = match owner {
                            Some(t) => format!("locked (acquired by {})", tname(t)),
                            None => "unlocked".into(),
                        };
                    }
                    Obj::RLock { owner, count } => {
                        v.holder = *owner;
                        v.count = Some(*count as i64);
                        v.summary = match owner {
                            Some(t) => format!("held by {} ({count} deep)", tname(t)),
                            None => "unlocked".into(),
                        };
                    }
                    Obj::Semaphore { value, bound } => {
                        v.value = Some(*value);
                        v.summary = match bound {
                            Some(b) => format!("value {value} of {b}"),
                            None => format!("value {value}"),
                        };
                    }
                    Obj::Event { flag, waiters } => {
                        v.flag = Some(*flag);
                        v.waiters = waiters.clone();
                        v.summary = if *flag { "set".into() } else { "clear".into() };
                    }
                    Obj::Condition { lock, waiters } => {
                        v.waiters = waiters.clone();
                        let holder = match &*self.heap[*lock as usize] {
                            Obj::Lock { owner } | Obj::RLock { owner, .. } => *owner,
                            _ => None,
                        };
                        v.holder = holder;
                        v.summary = format!(
                            "lock {}; {} waiting for notify",
                            match holder {
                                Some(t) => format!("held by {}", tname(&t)),
                                None => "free".into(),
                            },
                            waiters.len()
                        );
                    }
                    Obj::Barrier {
                        parties,
                        waiting,
                        broken,
                    } => {
                        v.waiters = waiting.clone();
                        v.count = Some(*parties as i64);
                        v.summary = format!(
                            "{} of {parties} waiting{}",
                            waiting.len(),
                            if *broken { ", broken" } else { "" }
                        );
                    }
                    Obj::Queue {
                        maxsize,
                        items,
                        unfinished,
                    } => {
                        v.items = items.iter().map(|x| self.repr(x)).collect();
                        v.value = Some(*unfinished);
                        v.count = Some(*maxsize);
                        v.summary = format!(
                            "{} item(s){}; {unfinished} unfinished",
                            items.len(),
                            if *maxsize > 0 {
                                format!(" of at most {maxsize}")
                            } else {
                                String::new()
                            }
                        );
                    }
                    _ => {}
                }
                v
            })
            .collect();
        View {
            threads,
            globals,
            objects,
            wait_for: self.wait_edges(prog),
            output: self
                .output
                .iter()
                .map(|(t, s)| OutputLine {
                    thread: *t,
                    text: s.clone(),
                })
                .collect(),
            outcome: self.outcome(prog),
            choices: self.runnable_choices(prog),
            steps: self.steps,
        }
    }
}

/// One thread, as drawn.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, rename = "GameThread")]
pub struct ThreadView {
    /// The thread's id (0 is the main thread).
    pub id: Tid,
    /// Its name (`MainThread`, `Thread-1`, or the one given).
    pub name: String,
    /// ready, blocked (its next step cannot run), waiting (parked in a
    /// wait), done, crashed.
    pub status: String,
    /// The span of the step it takes next (in the user's code: inside
    /// `wait_for`, the call).
    pub line: u32,
    /// Column of the next step's span.
    pub col: u32,
    /// Last line of that span.
    pub end_line: u32,
    /// Column just past that span.
    pub end_col: u32,
    /// The function it is in (`<module>` for top-level code).
    pub function: String,
    /// The next step, named like `dis` (`LOAD_GLOBAL counter`).
    pub next_step: String,
    /// Whether that step starts a statement.
    pub statement_start: bool,
    /// What it waits for, if it cannot run.
    pub waiting: Option<String>,
    /// Local variables of its current function.
    pub locals: Vec<(String, String)>,
    /// Its value stack (what `LOAD_*` put there), bottom first.
    pub stack: Vec<String>,
    /// The uncaught exception, if it crashed.
    pub error: Option<String>,
}

/// A global variable and its value, as drawn.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, rename = "GameGlobal")]
pub struct GlobalView {
    /// Its name.
    pub name: String,
    /// Its value's `repr`.
    pub value: String,
}

/// A synchronisation object with a global name.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, rename = "GameObject")]
pub struct ObjectView {
    /// Its heap id (stable through a run; wait edges name it).
    pub id: ObjId,
    /// The globals that refer to it (one object may have several names).
    pub names: Vec<String>,
    /// Lock, RLock, Semaphore, BoundedSemaphore, Event, Condition, Barrier, Queue.
    pub kind: String,
    /// Who holds it (Lock: who acquired it; RLock/Condition: the owner).
    pub holder: Option<Tid>,
    /// RLock depth, Barrier parties, Queue maxsize.
    pub count: Option<i64>,
    /// Semaphore value, Queue unfinished tasks.
    pub value: Option<i64>,
    /// Event flag.
    pub flag: Option<bool>,
    /// Threads parked on it (Event, Condition, Barrier).
    pub waiters: Vec<Tid>,
    /// Queue contents, front first.
    pub items: Vec<String>,
    /// Its state in one line, e.g. `held by Thread-1`.
    pub summary: String,
}

/// One line that `print` wrote, and who wrote it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, rename = "GameOutput")]
pub struct OutputLine {
    /// The thread that printed it.
    pub thread: Tid,
    /// The text, without its newline.
    pub text: String,
}

/// The picture of a state.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, rename = "GameView")]
pub struct View {
    /// Every thread started so far.
    pub threads: Vec<ThreadView>,
    /// The module's globals, sync objects and modules left out.
    pub globals: Vec<GlobalView>,
    /// The synchronisation objects the program has names for.
    pub objects: Vec<ObjectView>,
    /// Who waits for whom right now.
    pub wait_for: Vec<GameWaitEdge>,
    /// What was printed so far.
    pub output: Vec<OutputLine>,
    /// Running, finished, or how it broke.
    pub outcome: GameOutcome,
    /// What the scheduler may do next.
    pub choices: Vec<Choice>,
    /// Bytecode steps taken since the start.
    pub steps: u32,
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn f<T: Send + Sync>() {}
    f::<State>();
    f::<Arc<Program>>();
}
