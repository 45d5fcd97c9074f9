//! `_traceback`: what `traceback` (lib/traceback.py) needs of the runner:
//! a traceback's frames and CPython's text for an exception and its chain
//! (the same text an uncaught exception prints: `Vm::format_exception_parts`).

use crate::interleave::runner::builtins::functions::arity;
use crate::interleave::runner::exc::traceback_entries;
use crate::interleave::runner::value::{Args, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::{PyResult, TraceEntry};

/// The entries of a traceback object (`None`: none).
fn entries(v: &Value) -> Vec<TraceEntry> {
    traceback_entries(v)
}

/// `limit`: None, or an int.
fn limit(vm: &Vm, v: Option<&Value>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(n)) => Ok(Some(*n)),
        Some(Value::Bool(b)) => Ok(Some(*b as i64)),
        Some(other) => Err(vm.new_error(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(other)
            ),
        )),
    }
}

/// `format(exc, tb, limit, chain)`: the strings of
/// `traceback.format_exception(exc)`, `tb` standing for its traceback.
fn format(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "_traceback.format", &args, 4, 4)?;
    let tb = entries(&args.pos[1]);
    let lim = limit(vm, args.pos.get(2))?;
    let chain = vm.truthy(&args.pos[3])?;
    let parts = vm.format_exception_parts(&args.pos[0], &tb, lim, chain);
    Ok(Value::list(parts.iter().map(|s| Value::str(s)).collect()))
}

/// `format_only(exc)`: `traceback.format_exception_only(exc)`.
fn format_only(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "_traceback.format_only", &args, 1, 1)?;
    let parts = vm.format_exception_only(&args.pos[0]);
    Ok(Value::list(parts.iter().map(|s| Value::str(s)).collect()))
}

/// `extract(tb, limit)`: `(filename, lineno, name, line)` for each frame
/// a traceback shows, outermost first (`line` is None without source).
fn extract(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "_traceback.extract", &args, 2, 2)?;
    let tb = entries(&args.pos[0]);
    let lim = limit(vm, args.pos.get(1))?;
    let shown = vm.visible_frames(&tb, lim);
    let rows = shown
        .iter()
        .map(|t| {
            let line = vm
                .source_line(&t.file, t.line)
                .map(|l| Value::str(&l))
                .unwrap_or(Value::None);
            Value::tuple(vec![
                Value::Str(t.file.clone()),
                Value::Int(t.line as i64),
                Value::Str(t.func.clone()),
                line,
            ])
        })
        .collect();
    Ok(Value::list(rows))
}

/// `is_traceback(v)`: whether `v` is a traceback object.
fn is_traceback(_: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let yes = match args.pos.first().and_then(|v| v.as_obj()) {
        Some(Object::Native(n)) => n.type_name() == "traceback",
        _ => false,
    };
    Ok(Value::Bool(yes))
}

pub fn module(run: &crate::interleave::runner::obj::Immortals) -> Value {
    super::native_module(
        "_traceback",
        &[
            ("format", format),
            ("format_only", format_only),
            ("extract", extract),
            ("is_traceback", is_traceback),
        ],
        Vec::new(),
        run,
    )
}
