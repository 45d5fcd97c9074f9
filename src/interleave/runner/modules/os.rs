//! `os`: the few calls the tutorials make (`getpid`, `cpu_count`).

use crate::interleave::runner::value::{Args, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

/// The process id every run reports (a run is one process).
pub const PID: i64 = 4242;

fn getpid(_: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Int(PID))
}

fn cpu_count(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Int(vm.interp.options.cpu_count as i64))
}

fn getenv(_: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    Ok(args.pos.get(1).cloned().unwrap_or(Value::None))
}

pub fn module(_vm: &Vm) -> Value {
    super::native_module(
        "os",
        &[
            ("getpid", getpid),
            ("cpu_count", cpu_count),
            ("getenv", getenv),
        ],
        vec![
            ("sep", Value::str("/")),
            ("linesep", Value::str("\n")),
            ("name", Value::str("posix")),
            ("environ", Value::dict(Default::default())),
        ],
    )
}
