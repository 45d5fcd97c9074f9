//! The primitives' methods (`acquire`, `wait`, `put`, ...) as steps: each
//! either finishes at once, raises, or parks the thread.

use super::*;

impl State {
    /// Calls method `m` of heap object `obj` in thread `t`. Blocking calls
    /// are only made when [`State::call_blocker`] said they would not block.
    // One arm per (primitive, method): long because there are eight
    // primitives with their methods; each arm is the method's whole meaning,
    // so it reads next to CPython's `threading.py` one method at a time.
    pub(in crate::interleave) fn call_method(
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
                let Obj::Event { flag, waiters } = self.heap.make_mut()[obj as usize].make_mut()
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
                if let Obj::Event { flag, .. } = self.heap.make_mut()[obj as usize].make_mut() {
                    *flag = false;
                }
                Ok(Ret(Value::None))
            }
            (Obj::Event { .. }, GameMethod::Wait) => {
                args.check(name, &["timeout"])?;
                args.no_timeout(0, "wait")?;
                let Obj::Event { flag, waiters } = self.heap.make_mut()[obj as usize].make_mut()
                else {
                    unreachable!()
                };
                if *flag {
                    return Ok(Ret(Value::Bool(true)));
                }
                waiters.push(t);
                self.threads[t as usize].make_mut().status = Status::EventWait(obj);
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
                let count = match self.heap.make_mut()[lock as usize].make_mut() {
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
                if let Obj::Condition { waiters, .. } =
                    self.heap.make_mut()[obj as usize].make_mut()
                {
                    waiters.push(t);
                }
                self.threads[t as usize].make_mut().status = Status::CondWait {
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
                let Obj::Condition { waiters, .. } = self.heap.make_mut()[obj as usize].make_mut()
                else {
                    unreachable!()
                };
                let k = n.min(waiters.len());
                let woken: Vec<Tid> = waiters.drain(..k).collect();
                for w in woken {
                    if let Status::CondWait { cond, lock, count } = self.threads[w as usize].status
                    {
                        self.threads[w as usize].make_mut().status =
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
                } = self.heap.make_mut()[obj as usize].make_mut()
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
                self.threads[t as usize].make_mut().status = Status::BarrierWait(obj);
                Ok(CallResult::Parked)
            }
            (Obj::Barrier { .. }, GameMethod::Abort) => {
                let Obj::Barrier {
                    waiting, broken, ..
                } = self.heap.make_mut()[obj as usize].make_mut()
                else {
                    unreachable!()
                };
                *broken = true;
                let ws = std::mem::take(waiting);
                for w in ws {
                    self.threads[w as usize].make_mut().status = Status::Ready;
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
                } = self.heap.make_mut()[obj as usize].make_mut()
                else {
                    unreachable!()
                };
                if *maxsize > 0 && items.len() as i64 >= *maxsize {
                    return Err(Fault::py(ExcKind::QueueFull, ""));
                }
                if items.len() >= crate::interleave::MAX_COLLECTION_LEN {
                    return Err(Fault::Model(format!(
                        "a queue grew past {} items (the model's limit)",
                        crate::interleave::MAX_COLLECTION_LEN
                    )));
                }
                items.push(item);
                *unfinished += 1;
                Ok(Ret(Value::None))
            }
            (Obj::Queue { .. }, GameMethod::Get | GameMethod::GetNowait) => {
                args.check(name, &["block", "timeout"])?;
                args.no_timeout(1, "get")?;
                let Obj::Queue { items, .. } = self.heap.make_mut()[obj as usize].make_mut() else {
                    unreachable!()
                };
                if items.is_empty() {
                    return Err(Fault::py(ExcKind::QueueEmpty, ""));
                }
                Ok(Ret(items.remove(0)))
            }
            (Obj::Queue { .. }, GameMethod::TaskDone) => {
                let Obj::Queue { unfinished, .. } = self.heap.make_mut()[obj as usize].make_mut()
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
}
