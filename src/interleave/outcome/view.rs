//! The picture of a state that the page draws: threads, globals, objects,
//! output and the outcome, as plain serialisable values.

use super::*;

impl State {
    /// Everything the page shows about this state.
    pub fn view(&self, prog: &Program) -> View {
        let names = self.object_names(prog);
        let threads = self
            .threads
            .iter()
            .enumerate()
            .map(|(t, th)| self.thread_view(prog, t as Tid, th))
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
            .map(|(i, o)| self.object_view(&names, i, o))
            .collect();
        View {
            threads,
            globals,
            objects,
            wait_for: self.wait_edges(prog),
            output: self
                .output()
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

    /// One thread as drawn: where it is, what it waits for, its locals and
    /// stack (the frame shown is the innermost one in the user's code).
    // Long only because it fills `ThreadView`'s fourteen fields in order.
    fn thread_view(
        &self,
        prog: &Program,
        t: Tid,
        th: &crate::interleave::machine::Thread,
    ) -> ThreadView {
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
            Status::CondWake { .. } => "(woken) take the lock back, return from wait".to_string(),
            Status::CondWait { .. } => "(in wait) waiting for notify".to_string(),
            Status::EventWait(_) => "(in wait) waiting for set".to_string(),
            Status::BarrierWait(_) => "(in wait) waiting at the barrier".to_string(),
            _ => next_step,
        };
        let status = match &th.status {
            Status::Done => "done",
            Status::Crashed(_) => "crashed",
            Status::CondWait { .. } | Status::EventWait(_) | Status::BarrierWait(_) => "waiting",
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
            name: self.thread_name(t).to_string(),
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
                Status::Crashed(c) => Some(format!("{}: {}", c.exc.kind.name(), c.exc.message)),
                _ => None,
            },
        }
    }

    /// One named synchronisation object as drawn, with its kind's fields.
    // One arm per primitive kind, filling the fields that kind has.
    fn object_view(&self, names: &[Vec<String>], i: usize, o: &Obj) -> ObjectView {
        let tname = |t: &Tid| self.thread_name(*t).to_string();
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
        match o {
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
pub(super) fn _assert_send_sync() {
    fn f<T: Send + Sync>() {}
    f::<State>();
    f::<Arc<Program>>();
}
