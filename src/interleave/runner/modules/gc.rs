//! `gc`: the cycle collector's switches, as CPython's (see `runner::gc` for
//! what it does and why a reference-counted runtime needs one).

use crate::interleave::runner::value::{Args, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

/// `gc.collect()`: a full collection now; how many unreachable objects it
/// found.
fn collect(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Int(vm.collect_garbage(true) as i64))
}

fn enable(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    vm.interp.gc.set_enabled(true);
    Ok(Value::None)
}

fn disable(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    vm.interp.gc.set_enabled(false);
    Ok(Value::None)
}

fn isenabled(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Bool(vm.interp.gc.is_enabled()))
}

/// `gc.get_count()`: CPython counts three generations; this collector has
/// one, so the other two read 0.
fn get_count(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    let n = vm.interp.gc.count() as i64;
    Ok(Value::tuple(vec![
        Value::Int(n),
        Value::Int(0),
        Value::Int(0),
    ]))
}

pub fn module(run: &crate::interleave::runner::obj::Immortals) -> Value {
    super::native_module(
        "gc",
        &[
            ("collect", collect),
            ("enable", enable),
            ("disable", disable),
            ("isenabled", isenabled),
            ("get_count", get_count),
        ],
        Vec::new(),
        run,
    )
}
