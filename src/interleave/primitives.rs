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

impl State {
    /// Whether `t` may take the lock-like object `obj` now (`None`) or what
    /// it waits for.
    pub(super) fn acquire_blocker(&self, obj: ObjId, t: Tid) -> Option<Waiting> {
        match &*self.heap[obj as usize] {
            Obj::Lock { owner } => owner.map(|h| Waiting::Lock {
                obj,
                holder: Some(h),
            }),
            Obj::RLock { owner, .. } => match owner {
                Some(h) if *h != t => Some(Waiting::Lock {
                    obj,
                    holder: Some(*h),
                }),
                _ => None,
            },
            Obj::Semaphore { value, .. } => (*value <= 0).then_some(Waiting::Semaphore { obj }),
            Obj::Condition { lock, .. } => self.acquire_blocker(*lock, t),
            _ => None,
        }
    }

    /// Whether calling `m` on `obj` with `args` would block thread `t` now.
    pub(super) fn call_blocker(
        &self,
        obj: ObjId,
        m: GameMethod,
        args: &Args,
        t: Tid,
    ) -> Option<Waiting> {
        match (&*self.heap[obj as usize], m) {
            (
                Obj::Lock { .. }
                | Obj::RLock { .. }
                | Obj::Semaphore { .. }
                | Obj::Condition { .. },
                GameMethod::Acquire,
            ) => {
                if args.blocking(0) {
                    self.acquire_blocker(obj, t)
                } else {
                    None
                }
            }
            (Obj::Queue { items, .. }, GameMethod::Get) if args.blocking(0) && items.is_empty() => {
                Some(Waiting::QueueGet { obj })
            }
            (Obj::Queue { maxsize, items, .. }, GameMethod::Put)
                if args.blocking(1) && *maxsize > 0 && items.len() as i64 >= *maxsize =>
            {
                Some(Waiting::QueuePut { obj })
            }
            (Obj::Queue { unfinished, .. }, GameMethod::Join) if *unfinished > 0 => {
                Some(Waiting::QueueJoin { obj })
            }
            (Obj::Thread { tid: Some(j), .. }, GameMethod::Join) if *j != t => {
                match self.threads[*j as usize].status {
                    Status::Done | Status::Crashed(_) => None,
                    _ => Some(Waiting::Join { tid: *j }),
                }
            }
            _ => None,
        }
    }

    /// Takes a lock-like object for `t` (the caller checked it is free).
    fn take(&mut self, obj: ObjId, t: Tid) {
        match Arc::make_mut(&mut self.heap[obj as usize]) {
            Obj::Lock { owner } => *owner = Some(t),
            Obj::RLock { owner, count } => {
                *owner = Some(t);
                *count += 1;
            }
            Obj::Semaphore { value, .. } => *value -= 1,
            Obj::Condition { lock, .. } => {
                let l = *lock;
                self.take(l, t)
            }
            _ => {}
        }
    }

    fn release(&mut self, obj: ObjId, t: Tid, n: i64) -> Result<(), Fault> {
        match Arc::make_mut(&mut self.heap[obj as usize]) {
            Obj::Lock { owner } => {
                if owner.is_none() {
                    return Err(Fault::py(ExcKind::RuntimeError, "release unlocked lock"));
                }
                *owner = None;
            }
            Obj::RLock { owner, count } => {
                if *owner != Some(t) {
                    return Err(Fault::py(
                        ExcKind::RuntimeError,
                        "cannot release un-acquired lock",
                    ));
                }
                *count -= 1;
                if *count == 0 {
                    *owner = None;
                }
            }
            Obj::Semaphore { value, bound } => {
                if n < 1 {
                    return Err(Fault::py(ExcKind::ValueError, "n must be one or more"));
                }
                if let Some(b) = bound {
                    if *value + n > *b {
                        return Err(Fault::py(
                            ExcKind::ValueError,
                            "Semaphore released too many times",
                        ));
                    }
                }
                *value += n;
            }
            Obj::Condition { lock, .. } => {
                let l = *lock;
                return self.release(l, t, 1);
            }
            _ => {}
        }
        Ok(())
    }

    /// `with obj:` entry: acquire (the caller checked it would not block).
    pub(super) fn enter(&mut self, obj: ObjId, t: Tid) -> Result<Value, Fault> {
        match &*self.heap[obj as usize] {
            Obj::Lock { .. } | Obj::RLock { .. } | Obj::Semaphore { .. } => {
                self.take(obj, t);
                Ok(Value::Bool(true))
            }
            Obj::Condition { .. } => {
                self.take(obj, t);
                Ok(Value::Bool(true))
            }
            o => Err(Fault::py(
                ExcKind::TypeError,
                format!(
                    "'{}' object does not support the context manager protocol",
                    o.type_name()
                ),
            )),
        }
    }

    /// `with obj:` exit: release.
    pub(super) fn exit(&mut self, obj: ObjId, t: Tid) -> Result<(), Fault> {
        self.release(obj, t, 1)
    }

    /// Whether `t` owns condition `cond`'s lock, the way CPython decides it.
    fn cond_owned(&self, lock: ObjId, t: Tid) -> bool {
        match &*self.heap[lock as usize] {
            // CPython's Condition._is_owned for a plain Lock: "locked by
            // anyone" (it tries acquire(False)).
            Obj::Lock { owner } => owner.is_some(),
            Obj::RLock { owner, .. } => *owner == Some(t),
            _ => false,
        }
    }

    /// Pushes `v` as the result of the call thread `w` is parked in, and
    /// makes it runnable.
    pub(super) fn wake_with(&mut self, w: Tid, v: Value) {
        let th = Arc::make_mut(&mut self.threads[w as usize]);
        th.status = Status::Ready;
        if let Some(f) = th.frames.last_mut() {
            f.stack.push(v);
        }
    }

    /// Calls method `m` of heap object `obj` in thread `t`. Blocking calls
    /// are only made when [`State::call_blocker`] said they would not block.
    pub(super) fn call_method(
        &mut self,
        t: Tid,
        obj: ObjId,
        m: GameMethod,
        args: &Args,
    ) -> Result<CallResult, Fault> {
        use CallResult::Value as Ret;
        let ty = self.heap[obj as usize].type_name();
        let name = m.name();
        match (&*self.heap[obj as usize], m) {
            // ---------------------------------------------- Lock, RLock, Semaphore
            (
                Obj::Lock { .. }
                | Obj::RLock { .. }
                | Obj::Semaphore { .. }
                | Obj::Condition { .. },
                GameMethod::Acquire,
            ) => {
                args.check(name, &["blocking", "timeout"])?;
                args.no_timeout(1, "acquire")?;
                if self.acquire_blocker(obj, t).is_some() {
                    // Only reachable with blocking=False.
                    return Ok(Ret(Value::Bool(false)));
                }
                self.take(obj, t);
                Ok(Ret(Value::Bool(true)))
            }
            (Obj::Semaphore { .. }, GameMethod::Release) => {
                args.check(name, &["n"])?;
                let n = match args.get(0, "n") {
                    Some(Value::Int(n)) => *n,
                    None => 1,
                    Some(v) => {
                        return Err(Fault::py(
                            ExcKind::TypeError,
                            format!("n must be an int, not {}", v.type_name()),
                        ))
                    }
                };
                self.release(obj, t, n)?;
                Ok(Ret(Value::None))
            }
            (Obj::Lock { .. } | Obj::RLock { .. } | Obj::Condition { .. }, GameMethod::Release) => {
                args.check(name, &[])?;
                self.release(obj, t, 1)?;
                Ok(Ret(Value::None))
            }
            (Obj::Lock { owner }, GameMethod::Locked) => Ok(Ret(Value::Bool(owner.is_some()))),
            // ------------------------------------------------------------ Event
            (Obj::Event { flag, .. }, GameMethod::IsSet) => Ok(Ret(Value::Bool(*flag))),
            (Obj::Event { .. }, GameMethod::Set) => {
                let Obj::Event { flag, waiters } = Arc::make_mut(&mut self.heap[obj as usize])
                else {
                    unreachable!()
                };
                *flag = true;
                let ws = std::mem::take(waiters);
                for w in ws {
                    self.wake_with(w, Value::Bool(true));
                }
                Ok(Ret(Value::None))
            }
            (Obj::Event { .. }, GameMethod::Clear) => {
                if let Obj::Event { flag, .. } = Arc::make_mut(&mut self.heap[obj as usize]) {
                    *flag = false;
                }
                Ok(Ret(Value::None))
            }
            (Obj::Event { .. }, GameMethod::Wait) => {
                args.check(name, &["timeout"])?;
                args.no_timeout(0, "wait")?;
                let Obj::Event { flag, waiters } = Arc::make_mut(&mut self.heap[obj as usize])
                else {
                    unreachable!()
                };
                if *flag {
                    return Ok(Ret(Value::Bool(true)));
                }
                waiters.push(t);
                Arc::make_mut(&mut self.threads[t as usize]).status = Status::EventWait(obj);
                Ok(CallResult::Parked)
            }
            // -------------------------------------------------------- Condition
            (Obj::Condition { lock, .. }, GameMethod::Wait) => {
                args.check(name, &["timeout"])?;
                args.no_timeout(0, "wait")?;
                let lock = *lock;
                if !self.cond_owned(lock, t) {
                    return Err(Fault::py(
                        ExcKind::RuntimeError,
                        "cannot wait on un-acquired lock",
                    ));
                }
                // Release the lock completely (an RLock at any depth, as
                // CPython's _release_save does) and remember the depth.
                let count = match Arc::make_mut(&mut self.heap[lock as usize]) {
                    Obj::Lock { owner } => {
                        *owner = None;
                        1
                    }
                    Obj::RLock { owner, count } => {
                        *owner = None;
                        std::mem::take(count)
                    }
                    _ => 1,
                };
                if let Obj::Condition { waiters, .. } = Arc::make_mut(&mut self.heap[obj as usize])
                {
                    waiters.push(t);
                }
                Arc::make_mut(&mut self.threads[t as usize]).status = Status::CondWait {
                    cond: obj,
                    lock,
                    count,
                };
                Ok(CallResult::Parked)
            }
            (Obj::Condition { .. }, GameMethod::WaitFor) => {
                args.check(name, &["predicate", "timeout"])?;
                args.no_timeout(1, "wait_for")?;
                let Some(pred) = args.get(0, "predicate").cloned() else {
                    return Err(Fault::py(
                        ExcKind::TypeError,
                        "wait_for() missing 1 required positional argument: 'predicate'",
                    ));
                };
                Err(Fault::WaitFor(pred))
            }
            (Obj::Condition { lock, .. }, GameMethod::Notify | GameMethod::NotifyAll) => {
                args.check(name, &["n"])?;
                let lock = *lock;
                if !self.cond_owned(lock, t) {
                    return Err(Fault::py(
                        ExcKind::RuntimeError,
                        "cannot notify on un-acquired lock",
                    ));
                }
                let n = if m == GameMethod::NotifyAll {
                    usize::MAX
                } else {
                    match args.get(0, "n") {
                        Some(Value::Int(n)) => (*n).max(0) as usize,
                        _ => 1,
                    }
                };
                let Obj::Condition { waiters, .. } = Arc::make_mut(&mut self.heap[obj as usize])
                else {
                    unreachable!()
                };
                let k = n.min(waiters.len());
                let woken: Vec<Tid> = waiters.drain(..k).collect();
                for w in woken {
                    if let Status::CondWait { cond, lock, count } = self.threads[w as usize].status
                    {
                        Arc::make_mut(&mut self.threads[w as usize]).status =
                            Status::CondWake { cond, lock, count };
                    }
                }
                Ok(Ret(Value::None))
            }
            // ---------------------------------------------------------- Barrier
            (Obj::Barrier { .. }, GameMethod::Wait) => {
                args.check(name, &["timeout"])?;
                args.no_timeout(0, "wait")?;
                let Obj::Barrier {
                    parties,
                    waiting,
                    broken,
                } = Arc::make_mut(&mut self.heap[obj as usize])
                else {
                    unreachable!()
                };
                if *broken {
                    return Err(Fault::py(ExcKind::BrokenBarrierError, ""));
                }
                let index = waiting.len() as i64;
                if index + 1 == *parties as i64 {
                    // The last to arrive releases everyone; each gets its
                    // arrival index, as CPython's Barrier.wait returns.
                    let ws = std::mem::take(waiting);
                    for (i, w) in ws.into_iter().enumerate() {
                        self.wake_with(w, Value::Int(i as i64));
                    }
                    return Ok(Ret(Value::Int(index)));
                }
                waiting.push(t);
                Arc::make_mut(&mut self.threads[t as usize]).status = Status::BarrierWait(obj);
                Ok(CallResult::Parked)
            }
            (Obj::Barrier { .. }, GameMethod::Abort) => {
                let Obj::Barrier {
                    waiting, broken, ..
                } = Arc::make_mut(&mut self.heap[obj as usize])
                else {
                    unreachable!()
                };
                *broken = true;
                let ws = std::mem::take(waiting);
                for w in ws {
                    Arc::make_mut(&mut self.threads[w as usize]).status = Status::Ready;
                    self.raise_in(w, Fault::py(ExcKind::BrokenBarrierError, ""));
                }
                Ok(Ret(Value::None))
            }
            // ------------------------------------------------------------ Queue
            (Obj::Queue { .. }, GameMethod::Put | GameMethod::PutNowait) => {
                args.check(name, &["item", "block", "timeout"])?;
                args.no_timeout(2, "put")?;
                let Some(item) = args.get(0, "item").cloned() else {
                    return Err(Fault::py(
                        ExcKind::TypeError,
                        "put() missing 1 required positional argument: 'item'",
                    ));
                };
                let Obj::Queue {
                    maxsize,
                    items,
                    unfinished,
                } = Arc::make_mut(&mut self.heap[obj as usize])
                else {
                    unreachable!()
                };
                if *maxsize > 0 && items.len() as i64 >= *maxsize {
                    return Err(Fault::py(ExcKind::QueueFull, ""));
                }
                if items.len() >= super::MAX_COLLECTION_LEN {
                    return Err(Fault::Model(format!(
                        "a queue grew past {} items (the model's limit)",
                        super::MAX_COLLECTION_LEN
                    )));
                }
                items.push(item);
                *unfinished += 1;
                Ok(Ret(Value::None))
            }
            (Obj::Queue { .. }, GameMethod::Get | GameMethod::GetNowait) => {
                args.check(name, &["block", "timeout"])?;
                args.no_timeout(1, "get")?;
                let Obj::Queue { items, .. } = Arc::make_mut(&mut self.heap[obj as usize]) else {
                    unreachable!()
                };
                if items.is_empty() {
                    return Err(Fault::py(ExcKind::QueueEmpty, ""));
                }
                Ok(Ret(items.remove(0)))
            }
            (Obj::Queue { .. }, GameMethod::TaskDone) => {
                let Obj::Queue { unfinished, .. } = Arc::make_mut(&mut self.heap[obj as usize])
                else {
                    unreachable!()
                };
                if *unfinished <= 0 {
                    return Err(Fault::py(
                        ExcKind::ValueError,
                        "task_done() called too many times",
                    ));
                }
                *unfinished -= 1;
                Ok(Ret(Value::None))
            }
            (Obj::Queue { .. }, GameMethod::Join) => Ok(Ret(Value::None)),
            (Obj::Queue { items, .. }, GameMethod::Empty) => Ok(Ret(Value::Bool(items.is_empty()))),
            (Obj::Queue { items, maxsize, .. }, GameMethod::Full) => Ok(Ret(Value::Bool(
                *maxsize > 0 && items.len() as i64 >= *maxsize,
            ))),
            (Obj::Queue { items, .. }, GameMethod::Qsize) => {
                Ok(Ret(Value::Int(items.len() as i64)))
            }
            // ----------------------------------------------------------- Thread
            (Obj::Thread { .. }, GameMethod::Start) => {
                args.check(name, &[])?;
                self.start_thread(obj)?;
                Ok(Ret(Value::None))
            }
            (Obj::Thread { tid, .. }, GameMethod::Join) => {
                args.check(name, &["timeout"])?;
                args.no_timeout(0, "join")?;
                match tid {
                    None => Err(Fault::py(
                        ExcKind::RuntimeError,
                        "cannot join thread before it is started",
                    )),
                    Some(j) if *j == t => Err(Fault::py(
                        ExcKind::RuntimeError,
                        "cannot join current thread",
                    )),
                    Some(_) => Ok(Ret(Value::None)),
                }
            }
            (Obj::Thread { tid, .. }, GameMethod::IsAlive) => Ok(Ret(Value::Bool(match tid {
                None => false,
                Some(j) => !matches!(
                    self.threads[*j as usize].status,
                    Status::Done | Status::Crashed(_)
                ),
            }))),
            // ------------------------------------------------------ list, dict
            (Obj::List(_) | Obj::Dict(_), _) => self.container_method(obj, m, args).map(Ret),
            _ => Err(Fault::py(
                ExcKind::AttributeError,
                format!("'{ty}' object has no attribute '{name}'"),
            )),
        }
    }

    fn container_method(&mut self, obj: ObjId, m: GameMethod, args: &Args) -> Result<Value, Fault> {
        let arg0 = args.pos.first().cloned();
        let n = args.pos.len();
        match (m, n) {
            (GameMethod::Append, 1) => {
                let Obj::List(items) = Arc::make_mut(&mut self.heap[obj as usize]) else {
                    unreachable!()
                };
                if items.len() >= super::MAX_COLLECTION_LEN {
                    return Err(Fault::Model(format!(
                        "a list grew past {} items (the model's limit)",
                        super::MAX_COLLECTION_LEN
                    )));
                }
                items.push(arg0.unwrap());
                Ok(Value::None)
            }
            (GameMethod::Pop, 0 | 1) if matches!(*self.heap[obj as usize], Obj::List(_)) => {
                let Obj::List(items) = Arc::make_mut(&mut self.heap[obj as usize]) else {
                    unreachable!()
                };
                if items.is_empty() {
                    return Err(Fault::py(ExcKind::IndexError, "pop from empty list"));
                }
                let len = items.len() as i64;
                let i = match arg0 {
                    None => len - 1,
                    Some(Value::Int(i)) if i < 0 => len + i,
                    Some(Value::Int(i)) => i,
                    Some(v) => {
                        return Err(Fault::py(
                            ExcKind::TypeError,
                            format!(
                                "'{}' object cannot be interpreted as an integer",
                                v.type_name()
                            ),
                        ))
                    }
                };
                if i < 0 || i >= len {
                    return Err(Fault::py(ExcKind::IndexError, "pop index out of range"));
                }
                Ok(items.remove(i as usize))
            }
            (GameMethod::Insert, 2) => {
                let Some(Value::Int(i)) = arg0 else {
                    return Err(Fault::py(ExcKind::TypeError, "insert index must be an int"));
                };
                let v = args.pos[1].clone();
                let Obj::List(items) = Arc::make_mut(&mut self.heap[obj as usize]) else {
                    unreachable!()
                };
                let len = items.len() as i64;
                let i = if i < 0 { (len + i).max(0) } else { i.min(len) };
                items.insert(i as usize, v);
                Ok(Value::None)
            }
            (GameMethod::Remove, 1) => {
                let v = arg0.unwrap();
                let pos = match &*self.heap[obj as usize] {
                    Obj::List(items) => items.iter().position(|x| self.py_eq(x, &v)),
                    _ => None,
                };
                let Some(p) = pos else {
                    return Err(Fault::py(
                        ExcKind::ValueError,
                        "list.remove(x): x not in list",
                    ));
                };
                if let Obj::List(items) = Arc::make_mut(&mut self.heap[obj as usize]) {
                    items.remove(p);
                }
                Ok(Value::None)
            }
            (GameMethod::DictGet, 1 | 2) => {
                let k = arg0.unwrap();
                Ok(self
                    .dict_lookup(obj, &k)?
                    .unwrap_or_else(|| args.pos.get(1).cloned().unwrap_or(Value::None)))
            }
            (GameMethod::Pop, 1 | 2) => {
                let k = arg0.unwrap();
                let pos = match &*self.heap[obj as usize] {
                    Obj::Dict(items) => items.iter().position(|(x, _)| self.py_eq(x, &k)),
                    _ => None,
                };
                match pos {
                    Some(p) => {
                        let Obj::Dict(items) = Arc::make_mut(&mut self.heap[obj as usize]) else {
                            unreachable!()
                        };
                        Ok(items.remove(p).1)
                    }
                    None => match args.pos.get(1) {
                        Some(d) => Ok(d.clone()),
                        None => Err(Fault::py(ExcKind::KeyError, self.repr(&k))),
                    },
                }
            }
            (GameMethod::Keys | GameMethod::Values | GameMethod::Items, 0) => {
                let Obj::Dict(items) = &*self.heap[obj as usize] else {
                    unreachable!()
                };
                let out: Vec<Value> = items
                    .iter()
                    .map(|(k, v)| match m {
                        GameMethod::Keys => k.clone(),
                        GameMethod::Values => v.clone(),
                        _ => Value::Tuple(Arc::from(vec![k.clone(), v.clone()])),
                    })
                    .collect();
                Ok(self.alloc(Obj::List(out))?)
            }
            _ => Err(Fault::py(
                ExcKind::TypeError,
                format!("{}() got a wrong number of arguments ({n})", m.name()),
            )),
        }
    }
}
