//! Who blocks on what: whether a thread's next call would wait, and the
//! lock bookkeeping (take, release, `with`, handing a woken waiter its value)
//! that decides it.

use super::*;

impl State {
    /// Whether `t` may take the lock-like object `obj` now (`None`) or what
    /// it waits for.
    pub(in crate::interleave) fn acquire_blocker(&self, obj: ObjId, t: Tid) -> Option<Waiting> {
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
    pub(in crate::interleave) fn call_blocker(
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
    pub(super) fn take(&mut self, obj: ObjId, t: Tid) {
        match self.heap.make_mut()[obj as usize].make_mut() {
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

    pub(super) fn release(&mut self, obj: ObjId, t: Tid, n: i64) -> Result<(), Fault> {
        match self.heap.make_mut()[obj as usize].make_mut() {
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
    pub(in crate::interleave) fn enter(&mut self, obj: ObjId, t: Tid) -> Result<Value, Fault> {
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
    pub(in crate::interleave) fn exit(&mut self, obj: ObjId, t: Tid) -> Result<(), Fault> {
        self.release(obj, t, 1)
    }

    /// Whether `t` owns condition `cond`'s lock, the way CPython decides it.
    pub(super) fn cond_owned(&self, lock: ObjId, t: Tid) -> bool {
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
    pub(in crate::interleave) fn wake_with(&mut self, w: Tid, v: Value) {
        let th = self.threads[w as usize].make_mut();
        th.status = Status::Ready;
        if let Some(f) = th.frames.last_mut() {
            f.stack.push(v);
        }
    }
}
