//! Methods of dicts and sets.

use std::sync::Mutex;

use crate::interleave::runner::value::{
    lock, Args, Dict, Key, NativeFn, Object, Value, DICT_ITEM_BYTES, SET_ITEM_BYTES,
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

pub const SET_METHODS: &[(&str, NativeFn)] = &[
    ("add", set_add),
    ("remove", set_remove),
    ("discard", set_discard),
    ("pop", set_pop),
    ("update", set_update),
    ("union", set_union),
    ("intersection", set_intersection),
    ("difference", set_difference),
    ("issubset", set_issubset),
    ("issuperset", set_issuperset),
    ("isdisjoint", set_isdisjoint),
    ("copy", set_copy),
    ("clear", set_clear),
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

fn get(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "get", &args, 1, 2)?;
    let k = vm.key(args.pos[0].clone())?;
    let d = the_dict(vm, m, "get")?;
    let found = lock(d).get(&k).cloned();
    Ok(found.unwrap_or_else(|| args.pos.get(1).cloned().unwrap_or(Value::None)))
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
    let k = vm.key(args.pos[0].clone())?;
    let d = the_dict(vm, m, "pop")?;
    let removed = lock(d).shift_remove(&k);
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
    let k = vm.key(args.pos[0].clone())?;
    let dflt = args.pos.get(1).cloned().unwrap_or(Value::None);
    let d = the_dict(vm, m, "setdefault")?;
    let mut g = lock(d);
    if let Some(v) = g.get(&k) {
        return Ok(v.clone());
    }
    g.insert(k, dflt.clone());
    drop(g);
    vm.count_heap(DICT_ITEM_BYTES)?;
    Ok(dflt)
}

fn update(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
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
        d.insert(vm.key(k)?, v.clone());
    }
    Ok(Value::dict(d))
}

fn the_set<'a>(
    vm: &Vm,
    v: Option<&'a Value>,
    name: &str,
) -> PyResult<&'a Mutex<crate::interleave::runner::value::SetMap>> {
    match me(vm, v, name)?.as_obj() {
        Some(Object::Set(s)) => Ok(s),
        _ => Err(vm.new_error(
            "TypeError",
            format!("descriptor '{name}' requires a 'set' object"),
        )),
    }
}

fn set_add(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "set.add", &args, 1, 1)?;
    let k = vm.key(args.pos[0].clone())?;
    let grew = lock(the_set(vm, m, "add")?).insert(k, ()).is_none();
    if grew {
        vm.count_heap(SET_ITEM_BYTES)?;
    }
    Ok(Value::None)
}

fn set_remove(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "set.remove", &args, 1, 1)?;
    let k = vm.key(args.pos[0].clone())?;
    if lock(the_set(vm, m, "remove")?).shift_remove(&k).is_none() {
        let r = vm.repr(&args.pos[0])?;
        return Err(vm.new_error("KeyError", r));
    }
    vm.release_heap(SET_ITEM_BYTES);
    Ok(Value::None)
}

fn set_discard(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "set.discard", &args, 1, 1)?;
    let k = vm.key(args.pos[0].clone())?;
    if lock(the_set(vm, m, "discard")?).shift_remove(&k).is_some() {
        vm.release_heap(SET_ITEM_BYTES);
    }
    Ok(Value::None)
}

fn set_pop(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    let set = the_set(vm, m, "pop")?;
    // CPython pops the first item of its table order.
    let first = {
        let mut g = lock(set);
        let items: Vec<Value> = g.keys().map(|k| k.0.clone()).collect();
        let at = super::hashing::set_order(&items)
            .and_then(|o| o.first().copied())
            .unwrap_or(0);
        g.shift_remove_index(at)
    };
    match first {
        Some((k, _)) => {
            vm.release_heap(SET_ITEM_BYTES);
            Ok(k.0)
        }
        None => Err(vm.new_error("KeyError", "pop from an empty set")),
    }
}

fn set_update(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    for a in &args.pos {
        for x in vm.collect(a)? {
            let k = vm.key(x)?;
            if lock(the_set(vm, m, "update")?).insert(k, ()).is_none() {
                vm.count_heap(SET_ITEM_BYTES)?;
            }
        }
    }
    Ok(Value::None)
}

fn other_set(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match v.as_obj() {
        Some(Object::Set(_)) => Ok(v.clone()),
        _ => {
            let items = vm.collect(v)?;
            vm.new_set(items)
        }
    }
}

fn set_binop(
    vm: &mut Vm,
    m: Option<&Value>,
    args: Args,
    op: crate::interleave::ast::BinOp,
) -> PyResult<Value> {
    let mut acc = me(vm, m, "set")?.clone();
    if args.pos.is_empty() {
        let items: Vec<Value> = lock(the_set(vm, Some(&acc), "copy")?)
            .keys()
            .map(|k| k.0.clone())
            .collect();
        return vm.new_set(items);
    }
    for a in &args.pos {
        let o = other_set(vm, a)?;
        acc = vm.set_op(op, &acc, &o)?;
    }
    Ok(acc)
}

fn set_union(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    set_binop(vm, m, args, crate::interleave::ast::BinOp::BitOr)
}

fn set_intersection(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    set_binop(vm, m, args, crate::interleave::ast::BinOp::BitAnd)
}

fn set_difference(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    set_binop(vm, m, args, crate::interleave::ast::BinOp::Sub)
}

/// The keys of the set `m` and of `other` (any iterable, as CPython's
/// `issubset`, `issuperset` and `isdisjoint` take), each a snapshot.
fn two_sets(
    vm: &mut Vm,
    m: Option<&Value>,
    other: &Value,
    name: &str,
) -> PyResult<(Vec<Key>, Value)> {
    let o = other_set(vm, other)?;
    let mine: Vec<Key> = lock(the_set(vm, m, name)?).keys().cloned().collect();
    Ok((mine, o))
}

fn set_issubset(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "issubset", &args, 1, 1)?;
    let (mine, o) = two_sets(vm, m, &args.pos[0], "issubset")?;
    let t = lock(the_set(vm, Some(&o), "issubset")?);
    Ok(Value::Bool(mine.iter().all(|k| t.contains_key(k))))
}

fn set_issuperset(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "issuperset", &args, 1, 1)?;
    let o = other_set(vm, &args.pos[0])?;
    let theirs: Vec<Key> = lock(the_set(vm, Some(&o), "issuperset")?)
        .keys()
        .cloned()
        .collect();
    let mine = lock(the_set(vm, m, "issuperset")?);
    Ok(Value::Bool(theirs.iter().all(|k| mine.contains_key(k))))
}

fn set_isdisjoint(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "isdisjoint", &args, 1, 1)?;
    let (mine, o) = two_sets(vm, m, &args.pos[0], "isdisjoint")?;
    let t = lock(the_set(vm, Some(&o), "isdisjoint")?);
    Ok(Value::Bool(!mine.iter().any(|k| t.contains_key(k))))
}

fn set_copy(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    let s = lock(the_set(vm, m, "copy")?).clone();
    Ok(Value::obj(Object::Set(Mutex::new(s))))
}

fn set_clear(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    let n = std::mem::take(&mut *lock(the_set(vm, m, "clear")?)).len();
    vm.release_heap(n * SET_ITEM_BYTES);
    Ok(Value::None)
}
