//! `os`: the few calls the tutorials make (`getpid`, `getppid`, `cpu_count`).

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

pub fn module(vm: &Vm) -> Value {
    super::native_module(
        "os",
        &[
            ("getpid", getpid),
            ("getppid", getppid),
            ("cpu_count", cpu_count),
            ("getenv", getenv),
        ],
        vec![
            ("sep", Value::str("/")),
            ("linesep", Value::str("\n")),
            ("name", Value::str("posix")),
            ("environ", Value::dict(Default::default())),
        ],
        vm.interp.immortals(),
    )
}
