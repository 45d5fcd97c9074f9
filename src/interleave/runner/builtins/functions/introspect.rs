//! `globals()`, `locals()`, `vars()` and `dir()`: the builtins that look at
//! the calling frame's names. Tutorials print `dir(obj)` to show what a
//! type offers and test `'name' in globals()` before using a name; the
//! frame comes from [`Vm::caller_frame`], set by the call that reached us.
//!
//! The runner keeps module globals in numbered slots, not in a dict, so
//! `globals()` is a dict kept beside them (the same one while the program
//! holds it), brought up to date at each call: reading it is right; a
//! name the program sets in it becomes a global when next looked up and
//! found unbound (`globals()[f"v{i}"] = i`, then `v0`), but a new value
//! for a name already bound does not reach the module (CPython's dict is
//! the module's own). `exec(src, globals())` runs in the module itself.

use super::*;
use crate::interleave::runner::builtins::dir_names::{BUILTIN, LIBRARY};
use crate::interleave::runner::frame::Frame;
use crate::interleave::runner::globals::Globals;
use crate::interleave::runner::value::{lock, Dict, Key};
use std::collections::BTreeSet;

/// The module globals the calling code runs in (`__main__`'s when no
/// frame of the program made the call, as with `map(eval, exprs)`).
pub(super) fn caller_globals(vm: &Vm) -> Arc<Globals> {
    if let Some(f) = vm.caller_frame() {
        return f.globals_arc();
    }
    let main = lock(&vm.interp.modules).get("__main__").cloned();
    match main.as_ref().and_then(|m| m.as_obj()) {
        Some(Object::Module(m)) => m.globals.clone(),
        _ => Arc::new(Globals::new("__main__", Vec::new())),
    }
}

/// Module attributes CPython always has, which the runner only lists
/// (`__name__` is a real global).
const MODULE_DUNDERS: &[&str] = &["__doc__", "__package__", "__spec__"];

/// A dict of a module's globals, in slot order, with `__name__` first.
pub(super) fn globals_dict(g: &Globals) -> Dict {
    let mut d = Dict::default();
    let items = g.items();
    let mut put = |k: &str, v: Value| {
        d.insert(Key(Value::str(k)), v);
    };
    put(
        "__name__",
        g.get("__name__").unwrap_or(Value::str(&g.module)),
    );
    for k in MODULE_DUNDERS {
        put(k, g.get(k).unwrap_or(Value::None));
    }
    for (k, v) in items {
        d.insert(Key(Value::Str(k)), v);
    }
    d
}

/// What the builtins take no arguments say when given some.
fn no_args(vm: &Vm, name: &str, args: &Args) -> PyResult<()> {
    if args.pos.is_empty() {
        return Ok(());
    }
    Err(vm.new_error(
        "TypeError",
        format!("{name}() takes no arguments ({} given)", args.pos.len()),
    ))
}

pub(super) fn globals(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    no_args(vm, "globals", &args)?;
    let g = caller_globals(vm);
    // The same dict as last time while the program keeps it, brought up
    // to date: names it set there and has not read yet stay in it.
    if let Some(view) = vm.globals_view_of(&g) {
        if let Object::Dict(d) = &*view {
            let fresh = globals_dict(&g);
            lock(d).extend(fresh);
            return Ok(Value::Obj(view));
        }
    }
    let d = Value::dict(globals_dict(&g));
    vm.remember_globals_view(&d, g);
    Ok(d)
}

/// A function frame's locals as CPython lists them: fast locals in order
/// (a parameter that a closure shares read from its cell), then the other
/// cells, then the free variables; unbound names left out.
fn frame_locals(f: &Frame) -> Dict {
    let code = f.code();
    let cell_value = |i: usize| match f.cells.get(i).map(|c| &**c) {
        Some(Object::Cell(c)) => lock(c).clone(),
        _ => None,
    };
    let mut d = Dict::default();
    for (i, name) in code.varnames.iter().enumerate() {
        // Hidden compiler temporaries (`.hidden1`).
        if name.starts_with('.') {
            continue;
        }
        let v = match code.cellvars.iter().position(|c| c == name) {
            Some(ci) => cell_value(ci),
            None => f.locals.get(i).cloned().flatten(),
        };
        if let Some(v) = v {
            d.insert(Key(Value::Str(name.clone())), v);
        }
    }
    let cells = code.cellvars.iter().chain(code.freevars.iter());
    for (i, name) in cells.enumerate() {
        if code.varnames.contains(name) {
            continue;
        }
        if let Some(v) = cell_value(i) {
            d.insert(Key(Value::Str(name.clone())), v);
        }
    }
    d
}

/// `locals()` of the calling frame: a class body's namespace, a function's
/// locals, or (module level) its globals.
pub(super) fn scope_dict(vm: &Vm) -> Dict {
    match vm.caller_frame() {
        Some(f) => match &f.namespace {
            Some(ns) => lock(ns).clone(),
            None if f.code().kind == crate::interleave::runner::bytecode::CodeKind::Module => {
                globals_dict(f.globals())
            }
            None => frame_locals(f),
        },
        None => globals_dict(&caller_globals(vm)),
    }
}

pub(super) fn locals(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    no_args(vm, "locals", &args)?;
    Ok(Value::dict(scope_dict(vm)))
}

/// `vars(obj)`: the object's `__dict__`; `vars()`: `locals()`.
pub(super) fn vars(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "vars", &args, 0, 1)?;
    let Some(obj) = args.pos.first() else {
        return Ok(Value::dict(scope_dict(vm)));
    };
    match vm.try_attr(obj, "__dict__")? {
        Some(d) => Ok(d),
        None => Err(vm.new_error("TypeError", "vars() argument must have __dict__ attribute")),
    }
}

pub(super) fn dir(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "dir", &args, 0, 1)?;
    let names: Vec<Value> = match args.pos.first() {
        None => {
            let scope = scope_dict(vm);
            let mut keys: Vec<Arc<str>> = scope
                .keys()
                .filter_map(|k| match &k.0 {
                    Value::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            keys.sort();
            keys.into_iter().map(Value::Str).collect()
        }
        Some(obj) => {
            if let Some(custom) = user_dir(vm, obj)? {
                return Ok(custom);
            }
            dir_of(vm, obj).into_iter().map(Value::Str).collect()
        }
    };
    Ok(Value::list(names))
}

/// A program class's own `__dir__`, its result sorted into a list.
fn user_dir(vm: &mut Vm, obj: &Value) -> PyResult<Option<Value>> {
    let Some(Object::Instance(inst)) = obj.as_obj() else {
        return Ok(None);
    };
    let Some(f) = vm.class_lookup(&inst.class, "__dir__") else {
        return Ok(None);
    };
    let m = crate::interleave::runner::types::bind(obj, &f);
    let got = vm.call(&m, Args::default())?;
    let items = vm.collect(&got)?;
    let items = sort_with(vm, items, &Args::default())?;
    Ok(Some(Value::list(items)))
}

/// The names `dir(obj)` lists, sorted.
fn dir_of(vm: &Vm, obj: &Value) -> Vec<Arc<str>> {
    let mut out: BTreeSet<Arc<str>> = BTreeSet::new();
    let table = |out: &mut BTreeSet<Arc<str>>, ty: &str| {
        if let Some((_, names)) = BUILTIN.iter().find(|(n, _)| *n == ty) {
            out.extend(names.iter().map(|n| Arc::from(*n)));
        }
    };
    match obj.as_obj() {
        Some(Object::Instance(inst)) => {
            for k in lock(match &*inst.dict {
                Object::Dict(d) => d,
                _ => unreachable!("an instance's __dict__ is a dict"),
            })
            .keys()
            {
                if let Value::Str(s) = &k.0 {
                    out.insert(s.clone());
                }
            }
            class_names(&mut out, &inst.class);
        }
        Some(Object::Class(_)) => {
            if let Value::Obj(o) = obj {
                class_names(&mut out, o);
            }
        }
        Some(Object::Module(m)) => {
            out.extend(m.globals.items().into_iter().map(|(k, _)| k));
            for k in [
                "__doc__",
                "__loader__",
                "__name__",
                "__package__",
                "__spec__",
            ] {
                out.insert(Arc::from(k));
            }
        }
        Some(Object::Function(_)) => table(&mut out, "function"),
        Some(Object::Builtin(_)) => table(&mut out, "builtin_function_or_method"),
        _ => {
            let ty = vm.type_name(obj);
            table(&mut out, &ty);
            if out.is_empty() {
                table(&mut out, "object");
            }
        }
    }
    out.into_iter().collect()
}

/// What the classes along `cls`'s MRO contribute to `dir`: a built-in
/// class its CPython list, a library class CPython's list for it, a
/// program's class its namespace and the slots every such class has.
fn class_names(out: &mut BTreeSet<Arc<str>>, cls: &crate::interleave::runner::value::ObjRef) {
    let Object::Class(c) = &**cls else {
        return;
    };
    for k in crate::interleave::runner::types::mro_of(cls, c) {
        let Object::Class(kc) = &*k else { continue };
        let module = kc.module_name();
        if kc.builtin.is_some() {
            let names = match BUILTIN.iter().find(|(n, _)| **n == *kc.name) {
                Some((_, names)) => *names,
                None if is_exception(&k) => exception_names(),
                None => &[],
            };
            out.extend(names.iter().map(|n| Arc::from(*n)));
            continue;
        }
        if let Some((_, _, names)) = LIBRARY
            .iter()
            .find(|(m, n, _)| *m == &*module && **n == *kc.name)
        {
            out.extend(names.iter().map(|n| Arc::from(*n)));
            continue;
        }
        for name in lock(&kc.dict).keys() {
            // The runner's own bookkeeping, not in CPython's namespace.
            if !matches!(&**name, "__qualname__" | "__type_name__") {
                out.insert(name.clone());
            }
        }
        for n in ["__dict__", "__doc__", "__module__", "__weakref__"] {
            out.insert(Arc::from(n));
        }
    }
    if let Some((_, names)) = BUILTIN.iter().find(|(n, _)| *n == "object") {
        out.extend(names.iter().map(|n| Arc::from(*n)));
    }
}

fn exception_names() -> &'static [&'static str] {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == "BaseException")
        .map_or(&[], |(_, names)| *names)
}

/// Whether a built-in class is an exception class (its CPython list is
/// `BaseException`'s).
fn is_exception(cls: &crate::interleave::runner::value::ObjRef) -> bool {
    let Object::Class(c) = &**cls else {
        return false;
    };
    crate::interleave::runner::types::mro_of(cls, c)
        .iter()
        .any(|k| matches!(&**k, Object::Class(b) if &*b.name == "BaseException"))
}
