//! `os`: the few calls the tutorials make (`getpid`, `getppid`, `cpu_count`,
//! `sched_getaffinity`, `urandom`, `getcwd`) and `os.path` (string work
//! only: lib/posixpath.py).

use std::sync::atomic::{AtomicU64, Ordering};

use crate::interleave::runner::builtins::functions::arity;
use crate::interleave::runner::value::{Args, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

fn getpid(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Int(vm.interp.procs.pid))
}

fn getppid(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Int(vm.interp.procs.ppid))
}

fn cpu_count(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Int(vm.interp.options.cpu_count as i64))
}

fn getenv(_: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    Ok(args.pos.get(1).cloned().unwrap_or(Value::None))
}

/// `os.getcwd()`: there are no directories here; '/' is where relative
/// paths would start.
fn getcwd(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "getcwd", &args, 0, 0)?;
    Ok(Value::str("/"))
}

fn int_arg(vm: &Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(n) => Ok(*n),
        Value::Bool(b) => Ok(*b as i64),
        other => Err(vm.new_error(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(other)
            ),
        )),
    }
}

/// `os.sched_getaffinity(pid)`: every CPU the run has.
fn sched_getaffinity(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "sched_getaffinity", &args, 1, 1)?;
    int_arg(vm, &args.pos[0])?;
    let n = vm.interp.options.cpu_count as i64;
    vm.new_set((0..n).map(Value::Int).collect())
}

/// The next of a process-wide splitmix64 stream, started from the clock:
/// unpredictable enough for `urandom`'s uses here (tokens, salts), and like
/// CPython's not reproducible.
fn next_random() -> u64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = (super::time::wall_seconds() * 1e9) as u64;
    let mut z = STATE
        .fetch_add(0x9e37_79b9_7f4a_7c15 ^ seed, Ordering::Relaxed)
        .wrapping_add(seed);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `os.urandom(n)`: n random bytes.
fn urandom(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "urandom", &args, 1, 1)?;
    let n = int_arg(vm, &args.pos[0])?;
    if n < 0 {
        return Err(vm.new_error("ValueError", "negative argument not allowed"));
    }
    let mut out = Vec::with_capacity(n as usize);
    while out.len() < n as usize {
        out.extend_from_slice(&next_random().to_le_bytes());
    }
    out.truncate(n as usize);
    Ok(Value::bytes(out))
}

pub fn module(vm: &mut Vm) -> PyResult<Value> {
    let path = vm.import("posixpath")?;
    Ok(super::native_module(
        "os",
        &[
            ("getpid", getpid),
            ("getppid", getppid),
            ("cpu_count", cpu_count),
            ("getenv", getenv),
            ("getcwd", getcwd),
            ("sched_getaffinity", sched_getaffinity),
            ("urandom", urandom),
        ],
        vec![
            ("sep", Value::str("/")),
            ("linesep", Value::str("\n")),
            ("name", Value::str("posix")),
            ("environ", Value::dict(Default::default())),
            ("path", path),
            ("curdir", Value::str(".")),
            ("pardir", Value::str("..")),
            ("extsep", Value::str(".")),
        ],
        vm.interp.immortals(),
    ))
}
