//! `eval`, `exec` and `compile`: source given as a string at run time,
//! compiled by the runner's own compiler (by name, see
//! `compile::compile_dynamic`) and run as ordinary bytecode on the calling
//! thread, so the GIL may change hands inside it as anywhere else.
//! Tutorials use them for `eval("2 ** 10")`, a calculator's
//! `eval(expr, {"x": 3})`, or `exec(code)` defining a function to call.

use super::introspect::{caller_globals, scope_dict};
use super::*;
use crate::interleave::runner::bytecode::Code;
use crate::interleave::runner::frame::Frame;
use crate::interleave::runner::globals::Globals;
use crate::interleave::runner::value::{lock, Dict, Key};
use crate::interleave::runner::PyErr;
use crate::interleave::{ParseError, SyntaxKind};

/// Where code from a string says it is, as in CPython.
const STRING_FILE: &str = "<string>";

/// A SyntaxError as CPython raises it for source compiled at run time:
/// `str(e)` is "message (file, line n)", and `msg`, `filename`,
/// `lineno`, `offset` are set.
fn syntax_error(vm: &mut Vm, e: &ParseError, file: &str, src: &str) -> PyErr {
    let class = match e.kind {
        SyntaxKind::Unsupported => "SyntaxError",
        k => k.name(),
    };
    // The parser adds what it expected ("invalid syntax: expected a
    // name"); CPython says just "invalid syntax" there.
    let msg = match e.message.starts_with("invalid syntax:") {
        true => "invalid syntax",
        false => &e.message,
    };
    let err = vm.new_error(class, format!("{msg} ({file}, line {})", e.line));
    let attrs = [
        ("msg", Value::str(msg)),
        ("filename", Value::str(file)),
        ("lineno", Value::Int(i64::from(e.line))),
        ("offset", Value::Int(i64::from(e.col))),
        ("text", line_text(src, e.line)),
    ];
    for (k, v) in attrs {
        // The instance takes any attribute; a failure leaves it without.
        let _ = vm.set_attr(&err.exc, k, v);
    }
    err
}

/// Line `n` (from 1) of `src` with its newline, as `SyntaxError.text`.
fn line_text(src: &str, n: u32) -> Value {
    match src.lines().nth((n as usize).wrapping_sub(1)) {
        Some(l) => Value::str(&format!("{l}\n")),
        None => Value::None,
    }
}

/// The text of a source argument (`str` or UTF-8 `bytes`); `None` when
/// it is neither.
fn source_text(vm: &Vm, v: &Value) -> PyResult<Option<Arc<str>>> {
    match v {
        Value::Str(s) => Ok(Some(s.clone())),
        Value::Obj(o) => match &**o {
            Object::Bytes(b) => match std::str::from_utf8(b) {
                Ok(s) => Ok(Some(Arc::from(s))),
                Err(_) => {
                    Err(vm.new_error("SyntaxError", "source code cannot be decoded as UTF-8"))
                }
            },
            _ => Ok(None),
        },
        _ => Ok(None),
    }
}

/// Compiles `src` as `mode` (true: an expression for `eval`).
fn compile_text(vm: &mut Vm, src: &str, file: &str, eval: bool) -> PyResult<Arc<Code>> {
    let ast = crate::interleave::parse_module(src).map_err(|e| syntax_error(vm, &e, file, src))?;
    if eval && ast.is_empty() {
        // CPython reports an empty expression at line 0.
        let e = ParseError::new(0, 0, "invalid syntax");
        return Err(syntax_error(vm, &e, file, src));
    }
    crate::interleave::runner::compile::compile_dynamic(&ast, file, eval)
        .map_err(|e| syntax_error(vm, &e, file, src))
}

/// The code `eval`/`exec` run: a code object as it is, or the source
/// compiled (`eval` skips leading blanks, as CPython's does).
fn code_arg(vm: &mut Vm, name: &str, v: &Value, eval: bool) -> PyResult<Arc<Code>> {
    if let Some(Object::Code(c)) = v.as_obj() {
        return Ok(c.clone());
    }
    let Some(src) = source_text(vm, v)? else {
        return Err(vm.new_error(
            "TypeError",
            format!("{name}() arg 1 must be a string, bytes or code object"),
        ));
    };
    let src = if eval {
        src.trim_start_matches([' ', '\t'])
    } else {
        &src
    };
    compile_text(vm, src, STRING_FILE, eval)
}

/// Where the code runs: the module globals, and the namespace its
/// top-level names go to (`None`: the globals themselves).
struct Target {
    globals: Arc<Globals>,
    namespace: Option<Arc<Mutex<Dict>>>,
    /// A dict given as the globals, refilled from them afterwards.
    globals_dict: Option<Value>,
    /// A dict given as the locals, refilled from the namespace afterwards.
    locals_dict: Option<Value>,
}

fn dict_of(v: &Value) -> Option<&Mutex<Dict>> {
    match v.as_obj() {
        Some(Object::Dict(d)) => Some(d),
        _ => None,
    }
}

/// The namespaces of `eval(src, globals, locals)` / `exec(...)`.
fn target(vm: &mut Vm, name: &str, g: Option<&Value>, l: Option<&Value>) -> PyResult<Target> {
    let g = g.filter(|v| !matches!(v, Value::None));
    let l = l.filter(|v| !matches!(v, Value::None));
    if let Some(g) = g {
        if dict_of(g).is_none() {
            let msg = match name {
                "eval" => "globals must be a dict".to_string(),
                _ => format!("exec() globals must be a dict, not {}", vm.type_name(g)),
            };
            return Err(vm.new_error("TypeError", msg));
        }
    }
    if let Some(l) = l {
        if dict_of(l).is_none() {
            let msg = match name {
                "eval" => "locals must be a mapping".to_string(),
                _ => format!("locals must be a mapping or None, not {}", vm.type_name(l)),
            };
            return Err(vm.new_error("TypeError", msg));
        }
    }
    let namespace = l
        .and_then(dict_of)
        .map(|d| Arc::new(Mutex::new(lock(d).clone())));
    let locals_dict = l.cloned();
    let Some(g) = g else {
        // The caller's own scope: a class body's namespace as it is, a
        // function's locals as a copy (what it stores there is lost, as
        // in CPython), a module's globals directly.
        let namespace = match (namespace, vm.caller_frame()) {
            (Some(ns), _) => Some(ns),
            (None, Some(f)) => match &f.namespace {
                Some(ns) => Some(ns.clone()),
                None if f.code().kind == crate::interleave::runner::bytecode::CodeKind::Module => {
                    None
                }
                None => Some(Arc::new(Mutex::new(scope_dict(vm)))),
            },
            (None, None) => None,
        };
        return Ok(Target {
            globals: caller_globals(vm),
            namespace,
            globals_dict: None,
            locals_dict,
        });
    };
    if let Some(module) = vm.globals_of_view(g) {
        // `exec(src, globals())`: the module itself.
        return Ok(Target {
            globals: module,
            namespace,
            globals_dict: Some(g.clone()),
            locals_dict,
        });
    }
    let items: Vec<(Key, Value)> = dict_of(g)
        .map(|d| {
            lock(d)
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    let module = match items
        .iter()
        .find(|(k, _)| matches!(&k.0, Value::Str(s) if &**s == "__name__"))
    {
        Some((_, Value::Str(s))) => s.to_string(),
        _ => "builtins".to_string(),
    };
    let globals = Arc::new(Globals::new(&module, Vec::new()));
    for (k, v) in items {
        if let Value::Str(s) = &k.0 {
            globals.set(s, v);
        }
    }
    Ok(Target {
        globals,
        namespace,
        globals_dict: Some(g.clone()),
        locals_dict,
    })
}

/// Runs `code` in `t`, then copies what it defined back into the dicts
/// the program gave.
fn run_in(vm: &mut Vm, code: Arc<Code>, t: Target) -> PyResult<Value> {
    let mut frame = Frame::new(code, t.globals.clone());
    frame.namespace = t.namespace.clone();
    let r = vm.run_frame(&mut frame);
    drop(frame);
    if let Some(d) = t.globals_dict.as_ref().and_then(dict_of) {
        let fresh: Dict = if vm
            .globals_of_view(t.globals_dict.as_ref().unwrap())
            .is_some()
        {
            super::introspect::globals_dict(&t.globals)
        } else {
            t.globals
                .items()
                .into_iter()
                .map(|(k, v)| (Key(Value::Str(k)), v))
                .collect()
        };
        *lock(d) = fresh;
    }
    if let (Some(d), Some(ns)) = (t.locals_dict.as_ref().and_then(dict_of), &t.namespace) {
        let fresh = lock(ns).clone();
        *lock(d) = fresh;
    }
    match r? {
        crate::interleave::runner::eval::FrameExit::Return(v)
        | crate::interleave::runner::eval::FrameExit::Yield(v) => Ok(v),
    }
}

pub(super) fn eval(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "eval", &args, 1, 3)?;
    let code = code_arg(vm, "eval", &args.pos[0], true)?;
    let t = target(vm, "eval", args.pos.get(1), args.pos.get(2))?;
    run_in(vm, code, t)
}

pub(super) fn exec(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "exec", &args, 1, 3)?;
    let code = code_arg(vm, "exec", &args.pos[0], false)?;
    let t = target(vm, "exec", args.pos.get(1), args.pos.get(2))?;
    run_in(vm, code, t)?;
    Ok(Value::None)
}

/// `compile(source, filename, mode)`: a code object for `eval`/`exec`.
pub(super) fn compile(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    if args.pos.len() < 3 {
        let (what, pos) = match args.pos.len() {
            0 => ("source", 1),
            1 => ("filename", 2),
            _ => ("mode", 3),
        };
        return Err(vm.new_error(
            "TypeError",
            format!("compile() missing required argument '{what}' (pos {pos})"),
        ));
    }
    arity(vm, "compile", &args, 3, 6)?;
    let Some(src) = source_text(vm, &args.pos[0])? else {
        return Err(vm.new_error(
            "TypeError",
            "compile() arg 1 must be a string, bytes or AST object",
        ));
    };
    let file = vm.to_str(&args.pos[1])?;
    let eval = match &args.pos[2] {
        Value::Str(m) if &**m == "eval" => true,
        Value::Str(m) if &**m == "exec" || &**m == "single" => false,
        _ => {
            return Err(vm.new_error(
                "ValueError",
                "compile() mode must be 'exec', 'eval' or 'single'",
            ))
        }
    };
    let code = compile_text(vm, &src, &file, eval)?;
    Ok(Value::obj(Object::Code(code)))
}
