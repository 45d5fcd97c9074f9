//! The objects threads share — lists, dicts, and `threading`'s primitives —
//! with CPython's semantics and CPython's error messages.
//!
//! Blocking is modelled the way a model checker does it, not with wait
//! queues: a thread whose next step is `lock.acquire()` on a held lock is
//! simply *not runnable* until the lock is free, and any of the waiting
//! threads may then get it (CPython's locks promise no fairness either).
//! Calls that *park* a thread until another thread acts — `Condition.wait`,
//! `Event.wait`, `Barrier.wait` — record the thread in the object, because
//! what wakes them is another thread's step (`notify`, `set`, the last
//! arrival), not the object's state alone.
//!
//! Where CPython's behaviour is surprising, it is kept:
//! - a `Lock` has no owner: any thread may release it (only releasing an
//!   *unlocked* Lock is an error). The owner recorded here is who acquired
//!   it, for the picture and the wait-for graph only.
//! - `Condition(Lock())` counts as "owned" whenever its lock is locked, by
//!   anyone (CPython's `_is_owned` for a plain Lock); with an `RLock` (the
//!   default) only the owner owns it.
//! - `Event.wait` returns True once `set()` ran while it waited, even if the
//!   event was cleared again before the waiter ran.
//! - Timeouts are not modelled (a `timeout=` argument is refused with a
//!   clear error): without them a program's behaviour depends only on the
//!   order of steps, which is what the player and the solver choose.

mod blocking;
mod containers;
mod methods;

use std::sync::Arc;

use super::machine::{Fault, State, Status};
use super::value::{ExcKind, GameMethod, ObjId, Tid, Value};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Obj {
    List(Vec<Value>),
    /// Insertion-ordered, like Python's dict (small: linear lookup).
    Dict(Vec<(Value, Value)>),
    Lock {
        owner: Option<Tid>,
    },
    RLock {
        owner: Option<Tid>,
        count: u32,
    },
    Semaphore {
        value: i64,
        /// `Some(initial)` for a BoundedSemaphore.
        bound: Option<i64>,
    },
    Event {
        flag: bool,
        waiters: Vec<Tid>,
    },
    Condition {
        lock: ObjId,
        waiters: Vec<Tid>,
    },
    Barrier {
        parties: u32,
        waiting: Vec<Tid>,
        broken: bool,
    },
    Queue {
        maxsize: i64,
        items: Vec<Value>,
        unfinished: i64,
    },
    Thread {
        target: Value,
        args: Vec<Value>,
        name: Arc<str>,
        tid: Option<Tid>,
    },
}

impl Obj {
    pub fn type_name(&self) -> &'static str {
        match self {
            Obj::List(_) => "list",
            Obj::Dict(_) => "dict",
            Obj::Lock { .. } => "Lock",
            Obj::RLock { .. } => "RLock",
            Obj::Semaphore { bound: None, .. } => "Semaphore",
            Obj::Semaphore { bound: Some(_), .. } => "BoundedSemaphore",
            Obj::Event { .. } => "Event",
            Obj::Condition { .. } => "Condition",
            Obj::Barrier { .. } => "Barrier",
            Obj::Queue { .. } => "Queue",
            Obj::Thread { .. } => "Thread",
        }
    }

    pub fn is_primitive(&self) -> bool {
        !matches!(self, Obj::List(_) | Obj::Dict(_) | Obj::Thread { .. })
    }

    /// `obj.name` -> a bound method, if this type has it.
    pub fn method(&self, name: &str) -> Option<GameMethod> {
        use GameMethod as M;
        let m = match (self, name) {
            (Obj::List(_), "append") => M::Append,
            (Obj::List(_), "pop") => M::Pop,
            (Obj::List(_), "insert") => M::Insert,
            (Obj::List(_), "remove") => M::Remove,
            (Obj::Dict(_), "get") => M::DictGet,
            (Obj::Dict(_), "pop") => M::Pop,
            (Obj::Dict(_), "keys") => M::Keys,
            (Obj::Dict(_), "values") => M::Values,
            (Obj::Dict(_), "items") => M::Items,
            (Obj::Lock { .. }, "acquire") | (Obj::RLock { .. }, "acquire") => M::Acquire,
            (Obj::Lock { .. }, "release") | (Obj::RLock { .. }, "release") => M::Release,
            (Obj::Lock { .. }, "locked") => M::Locked,
            (Obj::Semaphore { .. }, "acquire") => M::Acquire,
            (Obj::Semaphore { .. }, "release") => M::Release,
            (Obj::Event { .. }, "set") => M::Set,
            (Obj::Event { .. }, "clear") => M::Clear,
            (Obj::Event { .. }, "is_set") => M::IsSet,
            (Obj::Event { .. }, "wait") => M::Wait,
            (Obj::Condition { .. }, "acquire") => M::Acquire,
            (Obj::Condition { .. }, "release") => M::Release,
            (Obj::Condition { .. }, "wait") => M::Wait,
            (Obj::Condition { .. }, "wait_for") => M::WaitFor,
            (Obj::Condition { .. }, "notify") => M::Notify,
            (Obj::Condition { .. }, "notify_all") => M::NotifyAll,
            (Obj::Barrier { .. }, "wait") => M::Wait,
            (Obj::Barrier { .. }, "abort") => M::Abort,
            (Obj::Queue { .. }, "put") => M::Put,
            (Obj::Queue { .. }, "get") => M::Get,
            (Obj::Queue { .. }, "put_nowait") => M::PutNowait,
            (Obj::Queue { .. }, "get_nowait") => M::GetNowait,
            (Obj::Queue { .. }, "task_done") => M::TaskDone,
            (Obj::Queue { .. }, "join") => M::Join,
            (Obj::Queue { .. }, "empty") => M::Empty,
            (Obj::Queue { .. }, "full") => M::Full,
            (Obj::Queue { .. }, "qsize") => M::Qsize,
            (Obj::Thread { .. }, "start") => M::Start,
            (Obj::Thread { .. }, "join") => M::Join,
            (Obj::Thread { .. }, "is_alive") => M::IsAlive,
            _ => return None,
        };
        Some(m)
    }
}

/// What a thread is waiting for, when it cannot run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Waiting {
    /// `acquire` (or `with`) on a Lock/RLock/Condition's lock held by `holder`.
    Lock {
        obj: ObjId,
        holder: Option<Tid>,
    },
    Semaphore {
        obj: ObjId,
    },
    /// In `Condition.wait`, waiting for `notify`.
    Notify {
        cond: ObjId,
    },
    /// Notified; must get the condition's lock back before `wait` returns.
    Reacquire {
        cond: ObjId,
        lock: ObjId,
        holder: Option<Tid>,
    },
    Event {
        obj: ObjId,
    },
    Barrier {
        obj: ObjId,
    },
    QueueGet {
        obj: ObjId,
    },
    QueuePut {
        obj: ObjId,
    },
    QueueJoin {
        obj: ObjId,
    },
    Join {
        tid: Tid,
    },
}

impl Waiting {
    /// The thread this wait can only end by, if there is exactly one: the
    /// edges of the wait-for graph.
    pub fn on_thread(&self) -> Option<Tid> {
        match self {
            Waiting::Lock { holder, .. } | Waiting::Reacquire { holder, .. } => *holder,
            Waiting::Join { tid } => Some(*tid),
            _ => None,
        }
    }
}

/// Arguments of a call: positional, then keyword (name, value).
pub(super) struct Args<'a> {
    pub pos: &'a [Value],
    pub kw: &'a [(Arc<str>, Value)],
}

impl Args<'_> {
    /// Runs `f` on the arguments of a `CALL` whose `names.len()` last
    /// values are keyword arguments (`all` is what the call pops, callee
    /// left out). Both the step and the "would this call block?" question
    /// build their arguments here, so they cannot disagree.
    pub(super) fn from_stack<T>(
        all: &[Value],
        names: &[Arc<str>],
        f: impl FnOnce(&Args<'_>) -> T,
    ) -> T {
        let npos = all.len() - names.len();
        let kw: Vec<(Arc<str>, Value)> = names
            .iter()
            .cloned()
            .zip(all[npos..].iter().cloned())
            .collect();
        f(&Args {
            pos: &all[..npos],
            kw: &kw,
        })
    }

    /// The argument at position `i` or named `name`.
    pub(super) fn get(&self, i: usize, name: &str) -> Option<&Value> {
        self.pos
            .get(i)
            .or_else(|| self.kw.iter().find(|(k, _)| &**k == name).map(|(_, v)| v))
    }

    /// Fails on too many positional arguments or unknown keywords.
    pub(super) fn check(&self, what: &str, names: &[&str]) -> Result<(), Fault> {
        if self.pos.len() > names.len() {
            return Err(Fault::py(
                ExcKind::TypeError,
                format!(
                    "{what}() takes at most {} arguments ({} given)",
                    names.len(),
                    self.pos.len()
                ),
            ));
        }
        for (k, _) in self.kw {
            if !names.contains(&&**k) {
                return Err(Fault::py(
                    ExcKind::TypeError,
                    format!("{what}() got an unexpected keyword argument '{k}'"),
                ));
            }
        }
        Ok(())
    }

    /// A `blocking=` flag (position `i`), default True.
    pub(super) fn blocking(&self, i: usize) -> bool {
        match self
            .get(i, "blocking")
            .or_else(|| self.get(usize::MAX, "block"))
        {
            Some(v) => v.truthy_simple(),
            None => true,
        }
    }

    /// Refuses `timeout=` (other than None): see the module docs.
    pub(super) fn no_timeout(&self, i: usize, what: &str) -> Result<(), Fault> {
        match self.get(i, "timeout") {
            None | Some(Value::None) => Ok(()),
            Some(Value::Int(t)) if *t < 0 && what == "acquire" => Ok(()),
            Some(_) => Err(Fault::Model(format!(
                "{what}(timeout=...) is not modelled here: timeouts would make the outcome depend on time, not on the order of steps. Remove the timeout."
            ))),
        }
    }
}

impl Value {
    /// Truth value of values that need no heap (flags passed to primitives).
    pub fn truthy_simple(&self) -> bool {
        match self {
            Value::None | Value::Unbound => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Str(s) => !s.is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            _ => true,
        }
    }
}

/// What a call did.
pub(super) enum CallResult {
    /// Returned this value (pushed on the caller's stack).
    Value(Value),
    /// A Python function's frame was pushed.
    Frame,
    /// The thread is parked; whoever wakes it pushes the result.
    Parked,
}
