//! `_timeit`: what `timeit` (lib/timeit.py) needs to time a statement
//! given as a string: its source compiled at run time into the function
//! `inner` of CPython's template, in a namespace of its own.

use std::sync::Arc;

use crate::interleave::runner::builtins::functions::arity;
use crate::interleave::runner::globals::Globals;
use crate::interleave::runner::value::{lock, Args, Function, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;
use crate::interleave::{ParseError, SyntaxKind};

/// Where a statement's frames say they are, as in CPython.
const FILENAME: &str = "<timeit-src>";

fn syntax_error(vm: &Vm, e: &ParseError) -> crate::interleave::runner::PyErr {
    let class = match e.kind {
        SyntaxKind::Unsupported => "SyntaxError",
        k => k.name(),
    };
    vm.new_error(class, e.message.clone())
}

fn compile(vm: &Vm, src: &str) -> PyResult<crate::interleave::runner::compile::ModuleCode> {
    let ast = crate::interleave::parse_module(src).map_err(|e| syntax_error(vm, &e))?;
    crate::interleave::runner::compile::compile_module(&ast, FILENAME)
        .map_err(|e| syntax_error(vm, &e))
}

fn source_arg(vm: &Vm, v: &Value) -> PyResult<Arc<str>> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => Err(vm.new_error(
            "TypeError",
            format!(
                "compile() arg 1 must be a string, not {}",
                vm.type_name(other)
            ),
        )),
    }
}

/// `check(src)`: raises SyntaxError when `src` does not compile as a
/// module (CPython's timeit checks setup and stmt that way first).
fn check(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "_timeit.check", &args, 1, 1)?;
    let src = source_arg(vm, &args.pos[0])?;
    compile(vm, &src)?;
    Ok(Value::None)
}

/// `inner(src, namespace)`: the function `inner` that `src` defines at its
/// top level, its globals a fresh namespace holding the dict's items. The
/// module itself is not run: `inner` is built from its code directly, so
/// it is not made immortal as a top-level definition would be (a program
/// may make many timers).
fn inner(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "_timeit.inner", &args, 2, 2)?;
    let src = source_arg(vm, &args.pos[0])?;
    let compiled = compile(vm, &src)?;
    let globals = Arc::new(Globals::new("timeit", compiled.global_names.clone()));
    globals.set("__name__", Value::str("timeit"));
    if let Some(Object::Dict(d)) = args.pos[1].as_obj() {
        for (k, v) in lock(d).iter() {
            if let Value::Str(name) = &k.0 {
                globals.set(name, v.clone());
            }
        }
    }
    let code = compiled.code.consts.iter().find_map(|c| match c.as_obj() {
        Some(Object::Code(code)) if &*code.name == "inner" => Some(code.clone()),
        _ => None,
    });
    let Some(code) = code else {
        return Err(vm.new_error("SystemError", "the timeit template defines no inner()"));
    };
    Ok(Value::obj(Object::Function(Function {
        name: code.name.clone(),
        qualname: code.qualname.clone(),
        code,
        globals,
        defaults: Vec::new(),
        kwdefaults: Vec::new(),
        closure: Vec::new(),
        owner: std::sync::OnceLock::new(),
    })))
}

pub fn module(run: &crate::interleave::runner::obj::Immortals) -> Value {
    super::native_module(
        "_timeit",
        &[("check", check), ("inner", inner)],
        Vec::new(),
        run,
    )
}
