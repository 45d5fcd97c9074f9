//! `_thread`: the primitives `threading` is written on — starting a real
//! thread, joining it, and the two locks. Everything else (Condition,
//! Semaphore, Event, Barrier, Queue, pools) is Python on top of these, as
//! in CPython.
//!
//! A blocked acquire or join releases the GIL and really blocks the OS
//! thread (no CPU used) until the lock is free, its timeout passes, or the
//! run is cancelled or found deadlocked.

mod rlock;

use std::sync::{Arc, Condvar, Mutex};

use crate::interleave::runner::builtins::functions::{arity, kwarg};
use crate::interleave::runner::threads::{wait_on, ThreadState, WaitEnd};
use crate::interleave::runner::timeline::SpanKind;
use crate::interleave::runner::value::{lock, Args, Builtin, Native, NativeFn, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::{Kill, PyErr, PyResult};
use rlock::new_rlock;
pub use rlock::new_rlock_value;

pub fn module(run: &crate::interleave::runner::obj::Immortals) -> Value {
    super::native_module(
        "_thread",
        &[
            ("start", start),
            ("join", join),
            ("get_ident", get_ident),
            ("allocate_lock", allocate_lock),
            ("RLock", new_rlock),
            ("count", count),
            ("set_name", set_name),
            ("main_ident", main_ident),
            ("is_alive", is_alive),
        ],
        vec![(
            "TIMEOUT_MAX",
            Value::Float(crate::interleave::runner::modules::time::TIMEOUT_MAX),
        )],
        run,
    )
}

/// Turns the end of a wait into a result: `Ok(false)` on timeout, the
/// run's stop as an uncatchable error.
pub(crate) fn wait_result(vm: &Vm, end: Result<(), WaitEnd>) -> PyResult<bool> {
    match end {
        Ok(()) => Ok(true),
        Err(WaitEnd::TimedOut) => Ok(false),
        Err(WaitEnd::Cancelled) => Err(vm.killed_err()),
        Err(WaitEnd::Deadlock) => {
            vm.report_deadlock();
            Err(PyErr::kill(Kill::Deadlock))
        }
    }
}

/// `timeout=-1` (wait for ever) or a number of seconds, as a deadline in
/// clock milliseconds.
pub(crate) fn deadline(vm: &Vm, blocking: bool, timeout: &Value) -> PyResult<Option<f64>> {
    let t = match timeout {
        Value::None => -1.0,
        Value::Int(i) => *i as f64,
        Value::Float(x) => *x,
        Value::Bool(b) => *b as i64 as f64,
        v => {
            return Err(vm.new_error(
                "TypeError",
                format!(
                    "'{}' object cannot be interpreted as an integer or float",
                    vm.type_name(v)
                ),
            ))
        }
    };
    if !blocking && t != -1.0 {
        return Err(vm.new_error(
            "ValueError",
            "can't specify a timeout for a non-blocking call",
        ));
    }
    if t < 0.0 && t != -1.0 {
        return Err(vm.new_error("ValueError", "timeout value must be a non-negative number"));
    }
    if t.is_nan() {
        return Err(vm.new_error("ValueError", "Invalid value NaN (not a number)"));
    }
    Ok((t >= 0.0).then(|| crate::clock::now_ms() + t * 1000.0))
}

fn start(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "_thread.start", &args, 3, 3)?;
    let func = args.pos[0].clone();
    let name = match &args.pos[1] {
        Value::Str(s) => s.to_string(),
        _ => "Thread".into(),
    };
    let daemon = vm.truthy(&args.pos[2])?;
    let interp = vm.interp.clone();
    if interp.registry.all().len() as u32 > interp.options.max_threads {
        return Err(vm.new_error(
            "RuntimeError",
            format!(
                "can't start new thread (a run may start at most {} threads)",
                interp.options.max_threads
            ),
        ));
    }
    let entry = interp.registry.add(&name, daemon);
    interp.registry.set_state(&entry, ThreadState::Running);
    let ident = entry.ident;
    let body_interp = interp.clone();
    let body_entry = entry.clone();
    let body = Box::new(move || {
        let mut t = Vm::new(body_interp.clone(), body_entry.clone());
        crate::interleave::runner::value::HEAP
            .with(|h| *h.borrow_mut() = Some(body_interp.heap_bytes.clone()));
        crate::interleave::runner::format::INT_DIGITS
            .with(|d| *d.borrow_mut() = Some(body_interp.int_digits.clone()));
        crate::interleave::runner::gc::enter_thread(Some(body_interp.gc.clone()));
        t.acquire_gil();
        let r = t.call(&func, Args::default());
        if let Err(e) = r {
            t.report_thread_exception(&e);
        }
        // Drop every value this thread holds before it says it is done,
        // and close the generators its function left suspended.
        drop(func);
        // (An error here is a stopped run's: nothing more runs anyway.)
        let _ = t.close_dropped_generators();
        // The lane goes in before the thread counts as finished: with no
        // GIL to wait for, a `join` returns at once and the run's report
        // may be made straight after it.
        t.finish_lane();
        body_interp.registry.finish(&body_entry);
        t.release_gil(false);
        crate::interleave::runner::value::HEAP.with(|h| *h.borrow_mut() = None);
        crate::interleave::runner::format::INT_DIGITS.with(|d| *d.borrow_mut() = None);
        crate::interleave::runner::gc::enter_thread(None);
    });
    if let Err(msg) = interp.host.spawn(&name, body) {
        interp.registry.finish(&entry);
        return Err(vm.new_error("RuntimeError", msg));
    }
    Ok(Value::Int(ident as i64))
}

impl Vm {
    /// `threading.excepthook`'s output for an exception that escaped a
    /// thread; a stopped run prints nothing.
    pub fn report_thread_exception(&mut self, e: &PyErr) {
        if e.kill.is_some() {
            return;
        }
        let exit = self.interp.types.get("SystemExit").clone();
        if self.isinstance(&e.exc, &exit) {
            return;
        }
        let name = self.thread.name();
        let text = self.format_exception(e);
        self.interp.write(
            crate::interleave::runner::host::Stream::Stderr,
            &format!("Exception in thread {name}:\n{text}"),
        );
    }
}

fn ident_arg(vm: &Vm, v: &Value) -> PyResult<u64> {
    match v {
        Value::Int(i) => Ok(*i as u64),
        _ => Err(vm.new_error("TypeError", "a thread ident is an int")),
    }
}

fn join(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "_thread.join", &args, 2, 2)?;
    let ident = ident_arg(vm, &args.pos[0])?;
    if ident == vm.ident() {
        return Err(vm.new_error("RuntimeError", "cannot join current thread"));
    }
    let Some(entry) = vm.interp.registry.by_ident(ident) else {
        return Ok(Value::Bool(true));
    };
    let dl = deadline(vm, true, &args.pos[1])?;
    let what = format!("join({})", entry.name());
    let end = vm.blocking(
        SpanKind::Blocked,
        &what,
        Some(ident),
        dl.is_some(),
        |interp| {
            let g = lock(&entry.done);
            let (_g, end) = wait_on(
                g,
                &entry.done_cv,
                dl,
                &interp.registry,
                &|| interp.is_killed(),
                |d| *d,
            );
            end
        },
    );
    wait_result(vm, end).map(Value::Bool)
}

fn get_ident(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Int(vm.ident() as i64))
}

fn main_ident(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    let first = vm
        .interp
        .registry
        .all()
        .first()
        .map(|t| t.ident)
        .unwrap_or(0);
    Ok(Value::Int(first as i64))
}

fn count(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Int(vm.interp.registry.alive() as i64))
}

fn is_alive(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "_thread.is_alive", &args, 1, 1)?;
    let ident = ident_arg(vm, &args.pos[0])?;
    Ok(Value::Bool(vm.interp.registry.by_ident(ident).is_some_and(
        |t| {
            matches!(
                *lock(&t.state),
                ThreadState::Running | ThreadState::Blocked { .. }
            )
        },
    )))
}

fn set_name(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "_thread.set_name", &args, 2, 2)?;
    let ident = ident_arg(vm, &args.pos[0])?;
    if let (Some(t), Value::Str(s)) = (vm.interp.registry.by_ident(ident), &args.pos[1]) {
        *lock(&t.name) = s.to_string();
    }
    Ok(Value::None)
}

/// `threading.Lock`: no owner — any thread may release it.
pub struct Lock {
    state: Mutex<LockState>,
    cv: Condvar,
    label: String,
    /// A `multiprocessing.Lock`: every process holds this one lock.
    shared: bool,
}

/// A new unlocked lock; `shared` for one that processes share.
pub fn new_lock(label: &str, shared: bool) -> Value {
    Value::obj(Object::Native(Box::new(Lock {
        state: Mutex::new(LockState {
            locked: false,
            holder: 0,
        }),
        cv: Condvar::new(),
        label: label.to_string(),
        shared,
    })))
}

struct LockState {
    locked: bool,
    /// The thread that last acquired it: only a hint for the wait-for
    /// graph (another thread may be the one to release it).
    holder: u64,
}

fn allocate_lock(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let label = match args.pos.first() {
        Some(Value::Str(s)) => s.to_string(),
        _ => "Lock".into(),
    };
    let _ = vm;
    Ok(new_lock(&label, false))
}

fn the_lock<'a>(vm: &Vm, me: Option<&'a Value>) -> PyResult<&'a Lock> {
    match me.and_then(|v| v.as_obj()) {
        Some(Object::Native(n)) => n
            .as_any()
            .downcast_ref::<Lock>()
            .ok_or_else(|| vm.new_error("TypeError", "not a lock")),
        _ => Err(vm.new_error("TypeError", "not a lock")),
    }
}

/// `blocking` and `timeout` from `acquire(blocking=True, timeout=-1)`.
fn acquire_args(vm: &mut Vm, args: &Args) -> PyResult<(bool, Value)> {
    let blocking = match args
        .pos
        .first()
        .cloned()
        .or_else(|| kwarg(args, "blocking"))
    {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    let timeout = args
        .pos
        .get(1)
        .cloned()
        .or_else(|| kwarg(args, "timeout"))
        .unwrap_or(Value::Int(-1));
    Ok((blocking, timeout))
}

/// The lock methods that take keywords (see `builtins::keywords`).
pub const KEYWORDS: &[crate::interleave::runner::builtins::keywords::Takes] = &[
    (lock_acquire, "acquire", &["blocking", "timeout"]),
    (rlock::rlock_acquire, "acquire", &["blocking", "timeout"]),
];

fn lock_acquire(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let (blocking, timeout) = acquire_args(vm, &args)?;
    let dl = deadline(vm, blocking, &timeout)?;
    let l = the_lock(vm, me)?;
    let ident = vm.ident();
    // Without waiting first, as CPython does: an uncontended acquire never
    // lets go of the GIL.
    {
        let mut s = lock(&l.state);
        if !s.locked {
            s.locked = true;
            s.holder = ident;
            return Ok(Value::Bool(true));
        }
        if !blocking {
            return Ok(Value::Bool(false));
        }
    }
    let holder = lock(&l.state).holder;
    let what = format!("{}.acquire()", l.label);
    let end = vm.blocking(
        SpanKind::Blocked,
        &what,
        Some(holder),
        dl.is_some(),
        |interp| {
            let g = lock(&l.state);
            let (mut g, end) = wait_on(
                g,
                &l.cv,
                dl,
                &interp.registry,
                &|| interp.is_killed(),
                |s| !s.locked,
            );
            if end.is_ok() {
                g.locked = true;
                g.holder = ident;
            }
            end
        },
    );
    wait_result(vm, end).map(Value::Bool)
}

fn lock_release(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let l = the_lock(vm, me)?;
    let mut s = lock(&l.state);
    if !s.locked {
        drop(s);
        return Err(vm.new_error("RuntimeError", "release unlocked lock"));
    }
    s.locked = false;
    drop(s);
    l.cv.notify_one();
    Ok(Value::None)
}

fn lock_locked(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let l = the_lock(vm, me)?;
    let locked = lock(&l.state).locked;
    Ok(Value::Bool(locked))
}

fn lock_exit(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    lock_release(vm, me, Args::default())?;
    Ok(Value::Bool(false))
}

fn method(name: &'static str, func: NativeFn, me: &Value) -> Value {
    Value::obj(Object::Builtin(Builtin {
        name,
        func,
        bound: Some(me.clone()),
        module: None,
        unary: None,
    }))
}

impl Native for Lock {
    fn type_name(&self) -> &str {
        "lock"
    }
    fn attr(&self, me: &Value, name: &str) -> Option<Value> {
        let f: NativeFn = match name {
            "acquire" | "__enter__" | "acquire_lock" => lock_acquire,
            "release" | "release_lock" => lock_release,
            "locked" => lock_locked,
            "__exit__" => lock_exit,
            _ => return None,
        };
        Some(method(
            if name == "__enter__" {
                "acquire"
            } else {
                "release"
            },
            f,
            me,
        ))
    }
    fn repr(&self) -> Option<String> {
        let locked = lock(&self.state).locked;
        if self.shared {
            return Some(format!(
                "<Lock(owner={})>",
                if locked { "SomeOtherProcess" } else { "None" }
            ));
        }
        Some(format!(
            "<{} _thread.lock object>",
            if locked { "locked" } else { "unlocked" }
        ))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn process_shared(&self) -> bool {
        self.shared
    }
    fn fork_copy(&self) -> Option<Box<dyn Native>> {
        Some(Box::new(Lock {
            state: Mutex::new(LockState {
                locked: false,
                holder: 0,
            }),
            cv: Condvar::new(),
            label: self.label.clone(),
            shared: false,
        }))
    }
}

#[allow(dead_code)]
fn _arc_unused(_: Arc<()>) {}
