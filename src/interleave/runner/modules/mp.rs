//! `_mp`: the primitives `multiprocessing` is written on — starting a
//! process, a channel of encoded messages between processes, locks and
//! shared arrays that every process holds at once.
//!
//! Everything else (`Process`, `Queue`, `Pool`, `Value`, `Array`, and
//! `concurrent.futures.ProcessPoolExecutor`) is Python on top of these, in
//! `lib/multiprocessing.py`, as CPython writes most of its own in Python.

use crate::interleave::runner::value::ObjRef;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use crate::interleave::runner::builtins::functions::{arity, kwarg};
use crate::interleave::runner::modules::thread::{
    deadline, new_lock, new_rlock_value, wait_result,
};
use crate::interleave::runner::process::pickle::{self, Msg};
use crate::interleave::runner::process::{self as proc, Child, StartMethod};
use crate::interleave::runner::threads::wait_on;
use crate::interleave::runner::timeline::SpanKind;
use crate::interleave::runner::value::{lock, Args, Builtin, Native, NativeFn, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::{PyErr, PyResult};

pub fn module(run: &crate::interleave::runner::obj::Immortals) -> Value {
    super::native_module(
        "_mp",
        &[
            ("start", start),
            ("bootstrapping", bootstrapping),
            ("default_start_method", default_start_method),
            ("Channel", new_channel),
            ("Lock", new_shared_lock),
            ("RLock", new_shared_rlock),
            ("SharedArray", new_array),
            ("format_exc", format_exc),
            ("getpid", getpid),
            ("getppid", getppid),
            ("process_name", process_name),
            ("inherited_start_method", inherited_start_method),
        ],
        Vec::new(),
        run,
    )
}

/// Transfers shorter than this are left off the timeline (they would not
/// show, and a queue of many small items would fill the lane).
const MIN_TRANSFER_SPAN_MS: f64 = 0.05;

fn method(name: &'static str, func: NativeFn, me: &Value) -> Value {
    Value::obj(Object::Builtin(Builtin {
        name,
        func,
        bound: Some(me.clone()),
        module: None,
        unary: None,
    }))
}

fn native<'a, T: 'static>(vm: &Vm, me: Option<&'a Value>, what: &str) -> PyResult<&'a T> {
    match me.and_then(|v| v.as_obj()) {
        Some(Object::Native(n)) => n
            .as_any()
            .downcast_ref::<T>()
            .ok_or_else(|| vm.new_error("TypeError", format!("not a {what}"))),
        _ => Err(vm.new_error("TypeError", format!("not a {what}"))),
    }
}

/// `_mp.start(process, method, name, notify)`: a handle on the new child.
fn start(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "_mp.start", &args, 4, 4)?;
    let method = match &args.pos[1] {
        Value::Str(s) if &**s == "fork" => StartMethod::Fork,
        Value::Str(s) if &**s == "spawn" => StartMethod::Spawn,
        Value::Str(s) if &**s == "forkserver" => StartMethod::Forkserver,
        _ => return Err(vm.new_error("ValueError", "cannot find context for the start method")),
    };
    let name = match &args.pos[2] {
        Value::Str(s) => s.to_string(),
        _ => "Process".into(),
    };
    let notify = match &args.pos[3] {
        Value::Obj(o) if matches!(&**o, Object::Native(n) if n.as_any().is::<Channel>()) => {
            Some(o.clone())
        }
        _ => None,
    };
    let child = proc::start(vm, &args.pos[0], method, &name, notify)?;
    Ok(Value::obj(Object::Native(Box::new(Handle(child)))))
}

fn bootstrapping(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Bool(
        vm.interp
            .procs
            .bootstrapping
            .load(std::sync::atomic::Ordering::Acquire),
    ))
}

fn default_start_method(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::str(vm.interp.options.start_method.name()))
}

fn process_name(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::str(&vm.interp.procs.name))
}

/// `"spawn"` or `"forkserver"` in a child started that way (its start
/// method is already set when its main module runs again), else `None`.
fn inherited_start_method(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(match vm.interp.procs.spawned {
        Some(m) => Value::str(m.name()),
        None => Value::None,
    })
}

fn getpid(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Int(vm.interp.procs.pid))
}

fn getppid(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Int(vm.interp.procs.ppid))
}

/// The traceback text of a caught exception, as CPython's
/// `traceback.format_exception` gives it (a pool sends it to the parent).
fn format_exc(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "_mp.format_exc", &args, 1, 1)?;
    let exc = args.pos[0].clone();
    let tb = match exc.as_obj() {
        Some(Object::Instance(i)) => i.get("__traceback__"),
        _ => None,
    };
    let traceback = tb
        .map(|t| crate::interleave::runner::exc::traceback_entries(&t))
        .unwrap_or_default();
    let e = PyErr::with_traceback(exc, traceback);
    let text = vm.format_exception(&e);
    Ok(Value::str(&text))
}

/// A child process as its parent holds it (`Process._popen`).
struct Handle(Arc<Child>);

fn handle_join(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let h = native::<Handle>(vm, me, "process handle")?;
    let child = h.0.clone();
    let timeout = args.pos.first().cloned().unwrap_or(Value::None);
    let dl = deadline(vm, true, &timeout)?;
    if child.exitcode().is_some() {
        return Ok(Value::Bool(true));
    }
    let what = format!("join({})", child.name);
    let end = vm.blocking(SpanKind::Blocked, &what, None, dl.is_some(), |interp| {
        let g = lock(&child.exit);
        wait_on(
            g,
            &child.exit_cv,
            dl,
            &interp.registry,
            &|| interp.is_killed(),
            |e| e.is_some(),
        )
        .1
    });
    wait_result(vm, end).map(Value::Bool)
}

fn handle_poll(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let h = native::<Handle>(vm, me, "process handle")?;
    Ok(h.0.exitcode().map(Value::Int).unwrap_or(Value::None))
}

fn handle_terminate(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let h = native::<Handle>(vm, me, "process handle")?;
    if h.0.exitcode().is_none() {
        h.0.terminated
            .store(true, std::sync::atomic::Ordering::Release);
        if let Some(i) = lock(&h.0.interp).clone() {
            i.kill(crate::interleave::runner::Kill::Exiting);
        }
    }
    Ok(Value::None)
}

impl Native for Handle {
    fn type_name(&self) -> &str {
        "Popen"
    }
    fn attr(&self, me: &Value, name: &str) -> Option<Value> {
        let f: NativeFn = match name {
            "pid" => return Some(Value::Int(self.0.pid)),
            "join" => handle_join,
            "poll" => handle_poll,
            "terminate" | "kill" => handle_terminate,
            _ => return None,
        };
        Some(method("Popen method", f, me))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A queue of encoded messages that every process may hold: the pipe
/// under `multiprocessing.Queue`. Values go in pickled and come out as new
/// objects of the process that takes them.
pub struct Channel {
    q: Mutex<VecDeque<Msg>>,
    cv: Condvar,
    /// Set by `close()` (a manager's server going away); changed and read
    /// under `q`'s lock, so a message is either in before it or refused.
    closed: AtomicBool,
}

fn new_channel(_: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::obj(Object::Native(Box::new(Channel {
        q: Mutex::new(VecDeque::new()),
        cv: Condvar::new(),
        closed: AtomicBool::new(false),
    }))))
}

/// Puts a message of plain values (ints, `None`) made without an
/// interpreter: the notice a channel gets when a pool's worker ends.
pub fn post_raw(ch: &ObjRef, items: &[Value]) {
    let Object::Native(n) = &**ch else { return };
    let Some(c) = n.as_any().downcast_ref::<Channel>() else {
        return;
    };
    lock(&c.q).push_back(pickle::plain_tuple(items));
    c.cv.notify_all();
}

fn channel_put(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "put", &args, 1, 1)?;
    let c = native::<Channel>(vm, me, "channel")?;
    let t0 = vm.interp.now_ms();
    let msg = pickle::dumps(vm, &args.pos[0])?;
    let t1 = vm.interp.now_ms();
    if t1 - t0 >= MIN_TRANSFER_SPAN_MS {
        let what = format!("pickle ({} bytes)", msg.bytes.len());
        vm.record_span(SpanKind::Transfer, t0, t1, &what);
    }
    lock(&c.q).push_back(msg);
    c.cv.notify_one();
    Ok(Value::None)
}

/// The functions here that take keywords (see `builtins::keywords`).
pub const KEYWORDS: &[crate::interleave::runner::builtins::keywords::Takes] =
    &[(channel_get, "get", &["block", "timeout"])];

/// `get(block=True, timeout=None)`: `(True, value)`, or `(False, None)`
/// when nothing came (the Python side raises `queue.Empty`).
fn channel_get(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let c = native::<Channel>(vm, me, "channel")?;
    let block = match args.pos.first().cloned().or_else(|| kwarg(&args, "block")) {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    let timeout = args
        .pos
        .get(1)
        .cloned()
        .or_else(|| kwarg(&args, "timeout"))
        .unwrap_or(Value::None);
    let msg = lock(&c.q).pop_front();
    let msg = match msg {
        Some(m) => m,
        None if !block => return Ok(Value::tuple([Value::Bool(false), Value::None])),
        None => {
            let dl = deadline(vm, true, &timeout)?;
            let mut got = None;
            let end = vm.blocking(
                SpanKind::Blocked,
                "Queue.get()",
                None,
                dl.is_some(),
                |interp| {
                    let g = lock(&c.q);
                    let (mut g, end) = wait_on(
                        g,
                        &c.cv,
                        dl,
                        &interp.registry,
                        &|| interp.is_killed(),
                        |q| !q.is_empty(),
                    );
                    got = g.pop_front();
                    end
                },
            );
            if !wait_result(vm, end)? {
                return Ok(Value::tuple([Value::Bool(false), Value::None]));
            }
            match got {
                Some(m) => m,
                None => return Ok(Value::tuple([Value::Bool(false), Value::None])),
            }
        }
    };
    let t0 = vm.interp.now_ms();
    let v = pickle::loads(vm, &msg)?;
    let t1 = vm.interp.now_ms();
    if t1 - t0 >= MIN_TRANSFER_SPAN_MS {
        let what = format!("unpickle ({} bytes)", msg.bytes.len());
        vm.record_span(SpanKind::Transfer, t0, t1, &what);
    }
    Ok(Value::tuple([Value::Bool(true), v]))
}

/// `try_put(obj)`: `put`, or `False` when the channel is closed.
fn channel_try_put(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "try_put", &args, 1, 1)?;
    let c = native::<Channel>(vm, me, "channel")?;
    let msg = pickle::dumps(vm, &args.pos[0])?;
    let mut q = lock(&c.q);
    if c.closed.load(Ordering::Relaxed) {
        return Ok(Value::Bool(false));
    }
    q.push_back(msg);
    drop(q);
    c.cv.notify_one();
    Ok(Value::Bool(true))
}

/// `close()`: later `try_put`s are refused; what is queued stays.
fn channel_close(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let c = native::<Channel>(vm, me, "channel")?;
    let _q = lock(&c.q);
    c.closed.store(true, Ordering::Relaxed);
    Ok(Value::None)
}

fn channel_closed(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let c = native::<Channel>(vm, me, "channel")?;
    let _q = lock(&c.q);
    Ok(Value::Bool(c.closed.load(Ordering::Relaxed)))
}

fn channel_qsize(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let c = native::<Channel>(vm, me, "channel")?;
    Ok(Value::Int(lock(&c.q).len() as i64))
}

impl Native for Channel {
    fn type_name(&self) -> &str {
        "Channel"
    }
    fn attr(&self, me: &Value, name: &str) -> Option<Value> {
        let f: NativeFn = match name {
            "put" => channel_put,
            "get" => channel_get,
            "qsize" => channel_qsize,
            "try_put" => channel_try_put,
            "close" => channel_close,
            "closed" => channel_closed,
            _ => return None,
        };
        Some(method("Channel method", f, me))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn process_shared(&self) -> bool {
        true
    }
}

fn new_shared_lock(_: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(new_lock("Lock", true))
}

fn new_shared_rlock(_: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(new_rlock_value(true))
}

/// The memory under `multiprocessing.Value` and `Array`: numbers only (a
/// C array in CPython), so that no Python object is ever shared.
struct SharedArray {
    float: bool,
    data: Mutex<Vec<Value>>,
}

fn number(vm: &Vm, float: bool, v: &Value) -> PyResult<Value> {
    match (float, v) {
        (true, Value::Float(_)) => Ok(v.clone()),
        (true, Value::Int(i)) => Ok(Value::Float(*i as f64)),
        (true, Value::Bool(b)) => Ok(Value::Float(*b as i64 as f64)),
        (false, Value::Int(_)) => Ok(v.clone()),
        (false, Value::Bool(b)) => Ok(Value::Int(*b as i64)),
        (false, Value::Float(_)) => Err(vm.new_error("TypeError", "int expected instead of float")),
        _ => Err(vm.new_error(
            "TypeError",
            format!(
                "{} expected instead of {}",
                if float { "float" } else { "int" },
                vm.type_name(v)
            ),
        )),
    }
}

/// `_mp.SharedArray(typecode, values)`.
fn new_array(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "_mp.SharedArray", &args, 2, 2)?;
    let code = match &args.pos[0] {
        Value::Str(s) => s.to_string(),
        _ => return Err(vm.new_error("TypeError", "typecode must be a str")),
    };
    let float = match code.as_str() {
        "d" | "f" => true,
        "i" | "l" | "q" | "b" | "h" | "I" | "L" | "Q" | "B" | "H" => false,
        other => {
            return Err(vm.new_error(
                "TypeError",
                format!("unsupported typecode '{other}' (threadlab has the int and float codes)"),
            ))
        }
    };
    let items = vm.collect(&args.pos[1])?;
    vm.count_heap(items.len() * 8)?;
    let data = items
        .iter()
        .map(|x| number(vm, float, x))
        .collect::<PyResult<Vec<Value>>>()?;
    Ok(Value::obj(Object::Native(Box::new(SharedArray {
        float,
        data: Mutex::new(data),
    }))))
}

fn index(vm: &mut Vm, len: usize, i: &Value) -> PyResult<usize> {
    let Value::Int(i) = i else {
        return Err(vm.new_error("TypeError", "indices must be integers"));
    };
    let j = if *i < 0 { *i + len as i64 } else { *i };
    if j < 0 || j >= len as i64 {
        return Err(vm.new_error("IndexError", "invalid index"));
    }
    Ok(j as usize)
}

fn array_get(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "get", &args, 1, 1)?;
    let a = native::<SharedArray>(vm, me, "shared array")?;
    let len = lock(&a.data).len();
    let i = index(vm, len, &args.pos[0])?;
    Ok(lock(&a.data)[i].clone())
}

fn array_set(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "set", &args, 2, 2)?;
    let a = native::<SharedArray>(vm, me, "shared array")?;
    let len = lock(&a.data).len();
    let i = index(vm, len, &args.pos[0])?;
    let v = number(vm, a.float, &args.pos[1])?;
    lock(&a.data)[i] = v;
    Ok(Value::None)
}

fn array_list(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let a = native::<SharedArray>(vm, me, "shared array")?;
    let items = lock(&a.data).clone();
    Ok(Value::list(items))
}

fn array_len(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let a = native::<SharedArray>(vm, me, "shared array")?;
    Ok(Value::Int(lock(&a.data).len() as i64))
}

impl Native for SharedArray {
    fn type_name(&self) -> &str {
        "SharedArray"
    }
    fn attr(&self, me: &Value, name: &str) -> Option<Value> {
        let f: NativeFn = match name {
            "get" => array_get,
            "set" => array_set,
            "tolist" => array_list,
            "len" => array_len,
            _ => return None,
        };
        Some(method("SharedArray method", f, me))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn process_shared(&self) -> bool {
        true
    }
}
