//! `threading.RLock`: the owned, re-entrant lock, and what `Condition.wait`
//! needs of it (release completely, then restore the depth).

use super::*;

/// A new unowned RLock; `shared` for one that processes share.
pub fn new_rlock_value(shared: bool) -> Value {
    Value::obj(Object::Native(Box::new(RLock {
        state: Mutex::new(RState { owner: 0, count: 0 }),
        cv: Condvar::new(),
        shared,
    })))
}

/// `threading.RLock`: owned; the owner may acquire it again, and only the
/// owner may release it.
pub struct RLock {
    state: Mutex<RState>,
    cv: Condvar,
    shared: bool,
}

struct RState {
    owner: u64,
    count: u64,
}

pub(super) fn new_rlock(_: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(new_rlock_value(false))
}

pub(super) fn the_rlock<'a>(vm: &Vm, me: Option<&'a Value>) -> PyResult<&'a RLock> {
    match me.and_then(|v| v.as_obj()) {
        Some(Object::Native(n)) => n
            .as_any()
            .downcast_ref::<RLock>()
            .ok_or_else(|| vm.new_error("TypeError", "not an RLock")),
        _ => Err(vm.new_error("TypeError", "not an RLock")),
    }
}

pub(super) fn rlock_acquire(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let (blocking, timeout) = acquire_args(vm, &args)?;
    let dl = deadline(vm, blocking, &timeout)?;
    let l = the_rlock(vm, me)?;
    let ident = vm.ident();
    {
        let mut s = lock(&l.state);
        if s.count == 0 || s.owner == ident {
            s.owner = ident;
            s.count += 1;
            return Ok(Value::Bool(true));
        }
        if !blocking {
            return Ok(Value::Bool(false));
        }
    }
    let owner = lock(&l.state).owner;
    let end = vm.blocking(
        SpanKind::Blocked,
        "RLock.acquire()",
        Some(owner),
        dl.is_some(),
        |interp| {
            let g = lock(&l.state);
            let (mut g, end) = wait_on(
                g,
                &l.cv,
                dl,
                &interp.registry,
                &|| interp.is_killed(),
                |s| s.count == 0,
            );
            if end.is_ok() {
                g.owner = ident;
                g.count = 1;
            }
            end
        },
    );
    wait_result(vm, end).map(Value::Bool)
}

pub(super) fn rlock_release(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let l = the_rlock(vm, me)?;
    let ident = vm.ident();
    let mut s = lock(&l.state);
    if s.count == 0 || s.owner != ident {
        drop(s);
        return Err(vm.new_error("RuntimeError", "cannot release un-acquired lock"));
    }
    s.count -= 1;
    let free = s.count == 0;
    drop(s);
    if free {
        l.cv.notify_one();
    }
    Ok(Value::None)
}

pub(super) fn rlock_exit(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    rlock_release(vm, me, Args::default())?;
    Ok(Value::Bool(false))
}

pub(super) fn rlock_is_owned(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let l = the_rlock(vm, me)?;
    let s = lock(&l.state);
    Ok(Value::Bool(s.count > 0 && s.owner == vm.ident()))
}

/// `Condition.wait` releases an RLock completely and restores its depth.
pub(super) fn rlock_release_save(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let l = the_rlock(vm, me)?;
    let mut s = lock(&l.state);
    if s.count == 0 || s.owner != vm.ident() {
        drop(s);
        return Err(vm.new_error("RuntimeError", "cannot release un-acquired lock"));
    }
    let count = s.count;
    s.count = 0;
    drop(s);
    l.cv.notify_one();
    Ok(Value::Int(count as i64))
}

pub(super) fn rlock_acquire_restore(
    vm: &mut Vm,
    me: Option<&Value>,
    args: Args,
) -> PyResult<Value> {
    let count = match args.pos.first() {
        Some(Value::Int(c)) => *c as u64,
        _ => 1,
    };
    rlock_acquire(vm, me, Args::default())?;
    let l = the_rlock(vm, me)?;
    lock(&l.state).count = count;
    Ok(Value::None)
}

impl Native for RLock {
    fn type_name(&self) -> &str {
        "RLock"
    }
    fn attr(&self, me: &Value, name: &str) -> Option<Value> {
        let f: NativeFn = match name {
            "acquire" | "__enter__" => rlock_acquire,
            "release" => rlock_release,
            "__exit__" => rlock_exit,
            "_is_owned" => rlock_is_owned,
            "_release_save" => rlock_release_save,
            "_acquire_restore" => rlock_acquire_restore,
            _ => return None,
        };
        Some(method("RLock method", f, me))
    }
    fn repr(&self) -> Option<String> {
        let s = lock(&self.state);
        Some(format!(
            "<{} _thread.RLock object owner={} count={}>",
            if s.count > 0 { "locked" } else { "unlocked" },
            s.owner,
            s.count
        ))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn process_shared(&self) -> bool {
        self.shared
    }
    fn fork_copy(&self) -> Option<Box<dyn Native>> {
        Some(Box::new(RLock {
            state: Mutex::new(RState { owner: 0, count: 0 }),
            cv: Condvar::new(),
            shared: false,
        }))
    }
}
