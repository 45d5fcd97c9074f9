//! `sys`: the switch interval, the recursion limit, the output streams,
//! and the facts about the interpreter tutorials print (`getsizeof`,
//! `float_info`, `maxunicode`, `byteorder`, `hexversion`).

use std::sync::atomic::Ordering;

use crate::interleave::runner::builtins::functions::arity;
use crate::interleave::runner::host::Stream;
use crate::interleave::runner::ops::to_f64;
use crate::interleave::runner::value::{Args, Builtin, Native, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::{GilMode, PyResult};

/// `sys.stdout` / `sys.stderr`.
pub struct OutStream(pub Stream);

impl Native for OutStream {
    fn type_name(&self) -> &str {
        "TextIOWrapper"
    }
    fn attr(&self, me: &Value, name: &str) -> Option<Value> {
        let f: crate::interleave::runner::value::NativeFn = match name {
            "write" => stream_write,
            "flush" => stream_flush,
            _ => return None,
        };
        Some(Value::obj(Object::Builtin(Builtin {
            name: "write",
            func: f,
            bound: Some(me.clone()),
            module: None,
            unary: None,
        })))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Whether `v` is `sys.stdout` or `sys.stderr`.
pub fn is_stream(v: &Value) -> bool {
    match v.as_obj() {
        Some(Object::Native(n)) => n.as_any().downcast_ref::<OutStream>().is_some(),
        _ => false,
    }
}

pub fn is_stderr(v: &Value) -> bool {
    match v.as_obj() {
        Some(Object::Native(n)) => n
            .as_any()
            .downcast_ref::<OutStream>()
            .is_some_and(|s| s.0 == Stream::Stderr),
        _ => false,
    }
}

fn stream_write(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "write", &args, 1, 1)?;
    let Value::Str(s) = &args.pos[0] else {
        return Err(vm.new_error(
            "TypeError",
            format!(
                "write() argument must be str, not {}",
                vm.type_name(&args.pos[0])
            ),
        ));
    };
    let stream = if me.is_some_and(is_stderr) {
        Stream::Stderr
    } else {
        Stream::Stdout
    };
    vm.interp.write(stream, s);
    Ok(Value::Int(s.chars().count() as i64))
}

fn stream_flush(_: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn setswitchinterval(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "setswitchinterval", &args, 1, 1)?;
    let Some(x) = to_f64(&args.pos[0]) else {
        return Err(vm.new_error(
            "TypeError",
            format!("must be real number, not {}", vm.type_name(&args.pos[0])),
        ));
    };
    // NaN too: it is not strictly positive.
    if x.is_nan() || x <= 0.0 {
        return Err(vm.new_error("ValueError", "switch interval must be strictly positive"));
    }
    if let Some(g) = &vm.interp.gil {
        g.set_interval(x);
    }
    Ok(Value::None)
}

fn getswitchinterval(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Float(
        match (&vm.interp.gil, vm.interp.options.gil) {
            (Some(g), _) => g.interval(),
            (
                None,
                GilMode::Gil {
                    switch_interval, ..
                },
            ) => switch_interval,
            _ => crate::interleave::runner::DEFAULT_SWITCH_INTERVAL,
        },
    ))
}

fn getrecursionlimit(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Int(
        vm.interp.recursion_limit.load(Ordering::Relaxed) as i64,
    ))
}

fn setrecursionlimit(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "setrecursionlimit", &args, 1, 1)?;
    match args.pos[0] {
        Value::Int(n) if n >= 1 => {
            // The native stack bounds how deep the interpreter can recurse.
            let cap = crate::interleave::runner::MAX_RECURSION_LIMIT as i64;
            vm.interp
                .recursion_limit
                .store(n.min(cap) as u32, Ordering::Relaxed);
            Ok(Value::None)
        }
        _ => Err(vm.new_error(
            "ValueError",
            "recursion limit must be greater or equal than 1",
        )),
    }
}

fn is_gil_enabled(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Bool(vm.interp.gil.is_some()))
}

/// The exception being handled by this thread (by the innermost frame
/// that handles one), as `sys.exc_info()` and `sys.exception()` see it.
fn handled(vm: &Vm) -> Option<Value> {
    vm.handled.last().cloned()
}

/// `sys.exc_info()`: `(type, value, traceback)`, or three Nones.
fn exc_info(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "exc_info", &args, 0, 0)?;
    Ok(match handled(vm) {
        Some(e) => {
            let typ = vm.type_of(&e);
            let tb = match e.as_obj() {
                Some(Object::Instance(i)) => i.get("__traceback__"),
                _ => None,
            }
            .unwrap_or(Value::None);
            Value::tuple(vec![typ, e, tb])
        }
        None => Value::tuple(vec![Value::None, Value::None, Value::None]),
    })
}

/// `sys.exception()` (3.11): the exception being handled, or None.
fn exception(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "exception", &args, 0, 0)?;
    Ok(handled(vm).unwrap_or(Value::None))
}

fn exit(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let cls = vm.interp.types.get("SystemExit").clone();
    let e = vm.call1(&cls, args.pos)?;
    Err(crate::interleave::runner::PyErr::new(e))
}

/// The functions here that take keywords (see `builtins/keywords.rs`).
pub const KEYWORDS: &[crate::interleave::runner::builtins::keywords::Takes] = &[(
    set_int_max_str_digits,
    "set_int_max_str_digits",
    &["maxdigits"],
)];

/// `sys.getsizeof(obj[, default])`: CPython 3.11's count (see
/// `sizeof.rs`), or the object's own `__sizeof__()` plus the GC header.
fn getsizeof(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "getsizeof", &args, 1, 2)?;
    let v = &args.pos[0];
    if let Some(Object::Instance(i)) = v.as_obj() {
        if let Some(f) = vm.class_lookup(&i.class, "__sizeof__") {
            let m = crate::interleave::runner::types::bind(v, &f);
            return match vm.call1(&m, vec![])? {
                Value::Int(n) if n < 0 => {
                    Err(vm.new_error("ValueError", "__sizeof__() should return >= 0"))
                }
                Value::Int(n) => Ok(Value::Int(n + super::sizeof::GC_HEADER)),
                other => Err(vm.new_error(
                    "TypeError",
                    format!(
                        "'{}' object cannot be interpreted as an integer",
                        vm.type_name(&other)
                    ),
                )),
            };
        }
        // An instance with a __dict__, as a plain class's are.
        return Ok(Value::Int(56));
    }
    Ok(Value::Int(super::sizeof::builtin_size(v).unwrap_or(56)))
}

/// `sys.intern(s)`: strings are not interned here; the same str is as good.
fn intern(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "intern", &args, 1, 1)?;
    match &args.pos[0] {
        s @ Value::Str(_) => Ok(s.clone()),
        other => Err(vm.new_error(
            "TypeError",
            format!("intern() argument must be str, not {}", vm.type_name(other)),
        )),
    }
}

fn get_int_max_str_digits(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "get_int_max_str_digits", &args, 0, 0)?;
    Ok(Value::Int(
        vm.interp.int_digits.load(Ordering::Relaxed) as i64
    ))
}

/// `sys.set_int_max_str_digits(maxdigits)`: the limit on str(int) for
/// every thread of this run; 0 lifts it (tutorials printing huge
/// factorials call this).
fn set_int_max_str_digits(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let v = match (&args.pos[..], &args.kw[..]) {
        ([v], []) | ([], [(_, v)]) => v.clone(),
        ([], []) => {
            return Err(vm.new_error(
                "TypeError",
                "set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)",
            ))
        }
        _ => {
            return Err(vm.new_error(
                "TypeError",
                "set_int_max_str_digits() takes at most 1 argument",
            ))
        }
    };
    let n = match v {
        Value::Int(n) => n,
        Value::Bool(b) => b as i64,
        other => {
            return Err(vm.new_error(
                "TypeError",
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    vm.type_name(&other)
                ),
            ))
        }
    };
    if n != 0 && !(640..).contains(&n) {
        return Err(vm.new_error("ValueError", "maxdigits must be 0 or larger than 640"));
    }
    vm.interp.int_digits.store(n as usize, Ordering::Relaxed);
    Ok(Value::None)
}

pub fn module(vm: &mut Vm) -> PyResult<Value> {
    let version = (3, 12, 0);
    let info = vm.import("_sys_info")?;
    let float_info = vm.get_attr(&info, "float_info")?;
    let flags = vm.get_attr(&info, "flags")?;
    // As CPython packs it: major, minor, micro, then 0xF0 for "final".
    let hexversion = (version.0 << 24) | (version.1 << 16) | (version.2 << 8) | 0xf0;
    Ok(super::native_module(
        "sys",
        &[
            ("setswitchinterval", setswitchinterval),
            ("getswitchinterval", getswitchinterval),
            ("getrecursionlimit", getrecursionlimit),
            ("setrecursionlimit", setrecursionlimit),
            ("_is_gil_enabled", is_gil_enabled),
            ("exit", exit),
            ("exc_info", exc_info),
            ("exception", exception),
            ("getsizeof", getsizeof),
            ("intern", intern),
            ("get_int_max_str_digits", get_int_max_str_digits),
            ("set_int_max_str_digits", set_int_max_str_digits),
        ],
        vec![
            (
                "stdout",
                Value::obj(Object::Native(Box::new(OutStream(Stream::Stdout)))),
            ),
            (
                "stderr",
                Value::obj(Object::Native(Box::new(OutStream(Stream::Stderr)))),
            ),
            (
                "version",
                Value::str("3.12.0 (threadlab: a Python for threads, in WebAssembly)"),
            ),
            (
                "version_info",
                Value::tuple(vec![
                    Value::Int(version.0),
                    Value::Int(version.1),
                    Value::Int(version.2),
                    Value::str("final"),
                    Value::Int(0),
                ]),
            ),
            ("platform", Value::str("threadlab")),
            (
                "argv",
                Value::list(vec![Value::str(&vm.interp.options.filename)]),
            ),
            ("maxsize", Value::Int(i64::MAX)),
            ("maxunicode", Value::Int(0x10ffff)),
            ("byteorder", Value::str("little")),
            ("hexversion", Value::Int(hexversion)),
            ("float_info", float_info),
            ("flags", flags),
            // There is no interpreter file here; a plausible made-up path.
            ("executable", Value::str("/usr/local/bin/python3")),
        ],
        vm.interp.immortals(),
    ))
}
