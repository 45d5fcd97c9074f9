//! `copy`: `copy.copy` and `copy.deepcopy`, as CPython 3.11 answers them.
//!
//! # The lesson
//!
//! Handing a thread a list hands it *the* list: both threads then see every
//! change, which is why tutorials copy data first. A shallow copy
//! (`copy.copy`, `list.copy`) is a new outer container holding the same
//! items; a deep copy (`copy.deepcopy`) copies all the way down. Deep
//! copying keeps a *memo* — original object → its copy — so an object met
//! twice is copied once (`[a, a]` becomes `[b, b]`, not `[b, c]`) and a
//! structure that contains itself ends instead of recursing forever.
//!
//! What never changes is not copied: numbers, strings, `None`, functions,
//! classes, and (for a shallow copy) tuples and frozensets come back as
//! themselves. What cannot be copied fails as CPython's copy fails — by way
//! of pickling's rules: a lock raises `TypeError: cannot pickle
//! '_thread.lock' object`, and a `multiprocessing` lock says it may only be
//! shared by inheritance. An instance is rebuilt without calling
//! `__init__`: same class, its `__dict__` copied (`__getstate__` and
//! `__setstate__` honoured); `__copy__` and `__deepcopy__(memo)` take over
//! when the class defines them.

use std::sync::atomic::Ordering;
use std::sync::Mutex;

use crate::interleave::runner::value::{lock, Args, Dict, ObjRef, Object, SetMap, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::{PyErr, PyResult};

/// `_copy`: the two functions; `copy` (`lib/copy.py`) adds `copy.Error`.
pub fn module(run: &crate::interleave::runner::obj::Immortals) -> Value {
    super::native_module(
        "_copy",
        &[("copy", copy), ("deepcopy", deepcopy)],
        Vec::new(),
        run,
    )
}

/// `copy.copy(x)`.
fn copy(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arguments(vm, "copy", &args, "takes 1 positional argument", 1)?;
    shallow(vm, &args.pos[0])
}

/// `copy.deepcopy(x, memo=None)`.
/// The functions here that take keywords (see `builtins::keywords`).
pub const KEYWORDS: &[crate::interleave::runner::builtins::keywords::Takes] =
    &[(deepcopy, "deepcopy", &["memo"])];

fn deepcopy(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    // CPython's is `deepcopy(x, memo=None, _nil=[])`.
    arguments(
        vm,
        "deepcopy",
        &args,
        "takes from 1 to 3 positional arguments",
        3,
    )?;
    let memo = match (
        args.pos.get(1),
        args.kw.iter().find(|(k, _)| &**k == "memo"),
    ) {
        (Some(m), _) | (None, Some((_, m))) if !m.is_none() => m.clone(),
        _ => Value::dict(Dict::default()),
    };
    if !matches!(memo.as_obj(), Some(Object::Dict(_))) {
        return Err(vm.new_error("TypeError", "deepcopy's memo must be a dict"));
    }
    deep(vm, &args.pos[0], &memo)
}

/// The positional arguments' count checked in the words of CPython's
/// Python-level `copy(x)` / `deepcopy(x, memo=None)`.
fn arguments(vm: &Vm, name: &str, args: &Args, takes: &str, max: usize) -> PyResult<()> {
    let n = args.pos.len();
    if n == 0 {
        return Err(vm.new_error(
            "TypeError",
            format!("{name}() missing 1 required positional argument: 'x'"),
        ));
    }
    if n > max {
        let were = if n == 1 { "was" } else { "were" };
        return Err(vm.new_error(
            "TypeError",
            format!("{name}() {takes} but {n} {were} given"),
        ));
    }
    Ok(())
}

/// The key the memo files an object under: its `id()`.
fn id_of(o: &ObjRef) -> Value {
    Value::Int(ObjRef::as_ptr(o) as usize as i64)
}

fn memo_map(memo: &Value) -> &Mutex<Dict> {
    match memo.as_obj() {
        Some(Object::Dict(d)) => d,
        _ => unreachable!("checked by deepcopy"),
    }
}

fn memo_get(vm: &mut Vm, memo: &Value, o: &ObjRef) -> PyResult<Option<Value>> {
    let k = vm.key(id_of(o))?;
    Ok(lock(memo_map(memo)).get(&k).cloned())
}

/// Files `copy` as the copy of `original`, and keeps `original` alive in
/// the memo (under the memo's own id, as CPython does) so that its id is
/// not reused by a new object while the copy is being made.
fn memo_put(vm: &mut Vm, memo: &Value, original: &Value, copy: &Value) -> PyResult<()> {
    let (Value::Obj(o), Value::Obj(m)) = (original, memo) else {
        return Ok(());
    };
    let k = vm.key(id_of(o))?;
    let keep = vm.key(id_of(m))?;
    let mut map = lock(memo_map(memo));
    if map.insert(k, copy.clone()).is_some() {
        // Filed before (a list, before its items were copied): kept already.
        return Ok(());
    }
    let alive = map
        .entry(keep)
        .or_insert_with(|| Value::list(Vec::new()))
        .clone();
    drop(map);
    if let Some(Object::List(l)) = alive.as_obj() {
        lock(l).push(original.clone());
    }
    Ok(())
}

/// Objects that are their own copy, shallow or deep.
fn atomic(o: &Object) -> bool {
    match o {
        Object::Function(_)
        | Object::Builtin(_)
        | Object::Class(_)
        | Object::Range(..)
        | Object::Bytes(_)
        | Object::Property(_)
        | Object::Code(_) => true,
        Object::Native(n) => n.type_name() == "NotImplementedType",
        _ => false,
    }
}

fn shallow(vm: &mut Vm, x: &Value) -> PyResult<Value> {
    let Value::Obj(o) = x else {
        return Ok(x.clone());
    };
    if atomic(o) {
        return Ok(x.clone());
    }
    Ok(match &**o {
        Object::Tuple(_) | Object::FrozenSet(_) | Object::Slice(..) => x.clone(),
        Object::List(l) => {
            let items = lock(l).clone();
            vm.count_heap(items.len() * 16)?;
            Value::list(items)
        }
        Object::Dict(d) => Value::dict(lock(d).clone()),
        Object::Set(s) => Value::obj(Object::Set(Mutex::new(lock(s).clone()))),
        Object::ByteArray(b) => Value::obj(Object::ByteArray(Mutex::new(lock(b).clone()))),
        // `copy.copy(obj.method)`: the same function bound to the same object.
        Object::Method(me, f) => Value::obj(Object::Method(me.clone(), f.clone())),
        Object::Instance(_) => {
            if let Some(m) = vm.lookup_special(x, "__copy__") {
                return vm.call(&m, Args::default());
            }
            rebuild(vm, x, None)?
        }
        _ => return Err(cannot_copy(vm, x)),
    })
}

fn deep(vm: &mut Vm, x: &Value, memo: &Value) -> PyResult<Value> {
    let Value::Obj(o) = x else {
        return Ok(x.clone());
    };
    if atomic(o) {
        return Ok(x.clone());
    }
    if let Some(y) = memo_get(vm, memo, o)? {
        return Ok(y);
    }
    // Each level of nesting is a call in CPython's copy module, and counts
    // against the recursion limit there too.
    let limit = vm.interp.recursion_limit.load(Ordering::Relaxed);
    if vm.depth >= limit {
        return Err(vm.new_error(
            "RecursionError",
            "maximum recursion depth exceeded while calling a Python object",
        ));
    }
    vm.depth += 1;
    let r = deep_object(vm, x, o, memo);
    vm.depth -= 1;
    let y = r?;
    if !y.is(x) {
        memo_put(vm, memo, x, &y)?;
    }
    Ok(y)
}

fn deep_object(vm: &mut Vm, x: &Value, o: &ObjRef, memo: &Value) -> PyResult<Value> {
    Ok(match &**o {
        // Filed in the memo before their items are copied: a list that
        // holds itself gets a copy that holds the copy.
        Object::List(l) => {
            let y = Value::list(Vec::new());
            memo_put(vm, memo, x, &y)?;
            let items = lock(l).clone();
            vm.count_heap(items.len() * 16)?;
            let copied = deep_all(vm, &items, memo)?;
            if let Some(Object::List(out)) = y.as_obj() {
                *lock(out) = copied;
            }
            y
        }
        Object::Dict(d) => {
            let y = Value::dict(Dict::default());
            memo_put(vm, memo, x, &y)?;
            let pairs: Vec<(Value, Value)> = lock(d)
                .iter()
                .map(|(k, v)| (k.0.clone(), v.clone()))
                .collect();
            for (k, v) in pairs {
                let k = deep(vm, &k, memo)?;
                let v = deep(vm, &v, memo)?;
                let k = vm.key(k)?;
                if let Some(Object::Dict(out)) = y.as_obj() {
                    lock(out).insert(k, v);
                }
            }
            y
        }
        // A tuple whose items all come back as themselves is kept (and a
        // tuple met again while its items were copied is that copy).
        Object::Tuple(items) => {
            let copied = deep_all(vm, items, memo)?;
            if let Some(y) = memo_get(vm, memo, o)? {
                return Ok(y);
            }
            if copied.iter().zip(items.iter()).all(|(a, b)| a.is(b)) {
                return Ok(x.clone());
            }
            Value::tuple(copied)
        }
        Object::Set(s) => {
            let items: Vec<Value> = lock(s).keys().map(|k| k.0.clone()).collect();
            let copied = deep_all(vm, &items, memo)?;
            let mut out = SetMap::default();
            for v in copied {
                out.insert(vm.key(v)?, ());
            }
            vm.set_like(x, out)?
        }
        Object::FrozenSet(f) => {
            let items: Vec<Value> = f.items().keys().map(|k| k.0.clone()).collect();
            let copied = deep_all(vm, &items, memo)?;
            vm.new_frozenset(copied)?
        }
        Object::ByteArray(b) => Value::obj(Object::ByteArray(Mutex::new(lock(b).clone()))),
        Object::Slice(a, b, c) => {
            let parts = deep_all(vm, &[a.clone(), b.clone(), c.clone()], memo)?;
            let [a, b, c]: [Value; 3] = parts.try_into().expect("three parts");
            Value::obj(Object::Slice(a, b, c))
        }
        Object::Method(me, f) => {
            let me = deep(vm, me, memo)?;
            Value::obj(Object::Method(me, f.clone()))
        }
        Object::Instance(_) => {
            if let Some(m) = vm.lookup_special(x, "__deepcopy__") {
                return vm.call(&m, Args::new(vec![memo.clone()]));
            }
            rebuild(vm, x, Some(memo))?
        }
        _ => return Err(cannot_copy(vm, x)),
    })
}

fn deep_all(vm: &mut Vm, items: &[Value], memo: &Value) -> PyResult<Vec<Value>> {
    items.iter().map(|v| deep(vm, v, memo)).collect()
}

/// A new instance of `x`'s class, `__init__` not called, given `x`'s state:
/// its `__dict__` (or what `__getstate__` returns), deep-copied when there
/// is a memo, then handed to `__setstate__` or put into the new `__dict__`.
fn rebuild(vm: &mut Vm, x: &Value, memo: Option<&Value>) -> PyResult<Value> {
    let Some(Object::Instance(inst)) = x.as_obj() else {
        unreachable!("an instance");
    };
    let y = vm.new_instance(&inst.class);
    if let Some(memo) = memo {
        memo_put(vm, memo, x, &y)?;
    }
    let state = match vm.lookup_special(x, "__getstate__") {
        Some(m) => vm.call(&m, Args::default())?,
        None => Value::Obj(inst.dict.clone()),
    };
    let state = match memo {
        Some(memo) => deep(vm, &state, memo)?,
        None => state,
    };
    if let Some(m) = vm.lookup_special(&y, "__setstate__") {
        vm.call(&m, Args::new(vec![state]))?;
        return Ok(y);
    }
    let (Some(Object::Instance(new)), Some(Object::Dict(d))) = (y.as_obj(), state.as_obj()) else {
        if state.is_none() {
            return Ok(y);
        }
        return Err(vm.new_error(
            "TypeError",
            "state is not a dictionary (define __setstate__ to take it)",
        ));
    };
    let items = lock(d).clone();
    if let Object::Dict(target) = &*new.dict {
        lock(target).extend(items);
    }
    Ok(y)
}

/// Why `x` cannot be copied, in the words CPython's pickling uses.
fn cannot_copy(vm: &mut Vm, x: &Value) -> PyErr {
    if let Some(Object::Native(n)) = x.as_obj() {
        if n.process_shared() {
            let kind = match n.type_name() {
                "lock" => "Lock",
                other => other,
            };
            return vm.new_error(
                "RuntimeError",
                format!(
                    "{kind} objects should only be shared between processes through inheritance"
                ),
            );
        }
    }
    crate::interleave::runner::process::pickle::cannot_pickle(vm, x)
}
