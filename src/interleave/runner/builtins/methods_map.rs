//! Methods of dicts (sets' are in [`super::methods_set`]).

use std::sync::Mutex;

use crate::interleave::runner::value::{
    lock, Args, Dict, NativeFn, Object, Value, DICT_ITEM_BYTES,
};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

use super::functions::arity;
use super::methods::me;

pub const DICT_METHODS: &[(&str, NativeFn)] = &[
    ("get", get),
    ("keys", keys),
    ("values", values),
    ("items", items),
    ("pop", pop),
    ("setdefault", setdefault),
    ("update", update),
    ("copy", copy),
    ("clear", clear),
    ("popitem", popitem),
];

fn the_dict<'a>(vm: &Vm, v: Option<&'a Value>, name: &str) -> PyResult<&'a Mutex<Dict>> {
    match me(vm, v, name)?.as_obj() {
        Some(Object::Dict(d)) => Ok(d),
        _ => Err(vm.new_error(
            "TypeError",
            format!("descriptor '{name}' requires a 'dict' object"),
        )),
    }
}

/// `get`'s place in [`DICT_METHODS`] (checked when compiled), for
/// [`super::methods::slice_by_index`].
pub const GET: usize = 0;
const _: () = assert!(matches!(DICT_METHODS[GET].0.as_bytes(), b"get"));

fn get(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "get", &args, 1, 2)?;
    let d = me(vm, m, "get")?;
    get_slice(vm, d, &args.pos)
}

/// `d.get(key[, default])` with the arguments where they lie (one or two).
pub fn get_slice(vm: &mut Vm, d: &Value, args: &[Value]) -> PyResult<Value> {
    let d = the_dict(vm, Some(d), "get")?;
    let k = vm.key_in(d, &args[0])?;
    let found = lock(d).get(&*k).cloned();
    Ok(found.unwrap_or_else(|| args.get(1).cloned().unwrap_or(Value::None)))
}

fn keys(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    the_dict(vm, m, "keys")?;
    Ok(super::views::DictView::new_value(
        m.expect("checked"),
        super::views::ViewKind::Keys,
    ))
}

fn values(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    the_dict(vm, m, "values")?;
    Ok(super::views::DictView::new_value(
        m.expect("checked"),
        super::views::ViewKind::Values,
    ))
}

fn items(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    the_dict(vm, m, "items")?;
    Ok(super::views::DictView::new_value(
        m.expect("checked"),
        super::views::ViewKind::Items,
    ))
}

fn pop(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "pop", &args, 1, 2)?;
    let d = the_dict(vm, m, "pop")?;
    let k = vm.key_in(d, &args.pos[0])?;
    let removed = lock(d).shift_remove(&*k);
    match removed {
        Some(v) => {
            vm.release_heap(DICT_ITEM_BYTES);
            Ok(v)
        }
        None => match args.pos.get(1) {
            Some(dflt) => Ok(dflt.clone()),
            None => {
                let r = vm.repr(&args.pos[0])?;
                Err(vm.new_error("KeyError", r))
            }
        },
    }
}

fn setdefault(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "setdefault", &args, 1, 2)?;
    let d = the_dict(vm, m, "setdefault")?;
    let dflt = args.pos.get(1).cloned().unwrap_or(Value::None);
    let (k, mut g) = vm.key_locked(d, args.pos[0].clone())?;
    if let Some(v) = g.get(&k) {
        return Ok(v.clone());
    }
    g.insert(k, dflt.clone());
    drop(g);
    vm.count_heap(DICT_ITEM_BYTES)?;
    Ok(dflt)
}

pub(super) fn update(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "update", &args, 0, 1)?;
    let target = me(vm, m, "update")?.clone();
    if let Some(src) = args.pos.first() {
        vm.dict_update(&target, src)?;
    }
    for (k, v) in args.kw {
        vm.set_item(&target, Value::Str(k), v)?;
    }
    Ok(Value::None)
}

fn copy(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    let d = lock(the_dict(vm, m, "copy")?).clone();
    vm.count_heap(d.len() * DICT_ITEM_BYTES)?;
    Ok(Value::dict(d))
}

fn clear(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    let n = std::mem::take(&mut *lock(the_dict(vm, m, "clear")?)).len();
    vm.release_heap(n * DICT_ITEM_BYTES);
    Ok(Value::None)
}

fn popitem(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    let last = lock(the_dict(vm, m, "popitem")?).pop();
    match last {
        Some((k, v)) => {
            vm.release_heap(DICT_ITEM_BYTES);
            Ok(Value::tuple(vec![k.0, v]))
        }
        None => Err(vm.new_error("KeyError", "popitem(): dictionary is empty")),
    }
}

pub fn fromkeys(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "fromkeys", &args, 1, 2)?;
    let v = args.pos.get(1).cloned().unwrap_or(Value::None);
    let mut d = Dict::default();
    for k in vm.collect(&args.pos[0])? {
        let k = vm.key(k)?;
        vm.insert_local(&mut d, k, v.clone())?;
    }
    Ok(Value::dict(d))
}
