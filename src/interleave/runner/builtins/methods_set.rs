//! Methods of sets and frozensets. A frozenset has the ones that only
//! read (`union`, `issubset`, …); asking it for `add` is CPython's
//! `AttributeError: 'frozenset' object has no attribute 'add'`, because
//! its table simply has no such entry.

use std::borrow::Cow;
use std::sync::Mutex;

use crate::interleave::ast::BinOp;
use crate::interleave::runner::sets::{combine, set_items};
use crate::interleave::runner::value::{
    lock, Args, NativeFn, Object, SetMap, Value, SET_ITEM_BYTES,
};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

use super::functions::arity;
use super::methods::me;

pub const SET_METHODS: &[(&str, NativeFn)] = &[
    ("add", set_add),
    ("remove", set_remove),
    ("discard", set_discard),
    ("pop", set_pop),
    ("update", set_update),
    ("union", union),
    ("intersection", intersection),
    ("difference", difference),
    ("symmetric_difference", symmetric_difference),
    ("issubset", issubset),
    ("issuperset", issuperset),
    ("isdisjoint", isdisjoint),
    ("copy", copy),
    ("clear", set_clear),
];

pub const FROZENSET_METHODS: &[(&str, NativeFn)] = &[
    ("union", union),
    ("intersection", intersection),
    ("difference", difference),
    ("symmetric_difference", symmetric_difference),
    ("issubset", issubset),
    ("issuperset", issuperset),
    ("isdisjoint", isdisjoint),
    ("copy", copy),
];

/// The (mutable) set a mutating method is bound to.
fn the_set<'a>(vm: &Vm, v: Option<&'a Value>, name: &str) -> PyResult<&'a Mutex<SetMap>> {
    match me(vm, v, name)?.as_obj() {
        Some(Object::Set(s)) => Ok(s),
        _ => Err(vm.new_error(
            "TypeError",
            format!("descriptor '{name}' requires a 'set' object"),
        )),
    }
}

/// The set or frozenset a reading method is bound to, and its items.
fn mine<'a>(vm: &Vm, v: Option<&'a Value>, name: &str) -> PyResult<(&'a Value, Cow<'a, SetMap>)> {
    let me = me(vm, v, name)?;
    match set_items(me) {
        Some(items) => Ok((me, items)),
        None => Err(vm.new_error(
            "TypeError",
            format!("descriptor '{name}' requires a 'set' object"),
        )),
    }
}

/// The items of any iterable, as a table (a set's or frozenset's as they
/// are): what `union`, `issubset` and the others accept.
fn table_of<'a>(vm: &mut Vm, v: &'a Value) -> PyResult<Cow<'a, SetMap>> {
    if let Some(t) = set_items(v) {
        return Ok(t);
    }
    let mut s = SetMap::default();
    for x in vm.collect(v)? {
        let k = vm.key(x)?;
        vm.insert_local(&mut s, k, ())?;
    }
    Ok(Cow::Owned(s))
}

fn set_add(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "set.add", &args, 1, 1)?;
    let set = the_set(vm, m, "add")?;
    let (k, mut g) = vm.key_locked(set, args.pos[0].clone())?;
    let grew = g.insert(k, ()).is_none();
    drop(g);
    if grew {
        vm.count_heap(SET_ITEM_BYTES)?;
    }
    Ok(Value::None)
}

fn set_remove(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "set.remove", &args, 1, 1)?;
    let set = the_set(vm, m, "remove")?;
    let k = vm.set_member(set, &args.pos[0])?;
    if lock(set).shift_remove(&k).is_none() {
        let r = vm.repr(&args.pos[0])?;
        let e = vm.new_error("KeyError", r);
        return Err(e.with_key(args.pos[0].clone(), vm));
    }
    vm.release_heap(SET_ITEM_BYTES);
    Ok(Value::None)
}

fn set_discard(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "set.discard", &args, 1, 1)?;
    let set = the_set(vm, m, "discard")?;
    let k = vm.set_member(set, &args.pos[0])?;
    if lock(set).shift_remove(&k).is_some() {
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
            let set = the_set(vm, m, "update")?;
            let (k, mut g) = vm.key_locked(set, x)?;
            let grew = g.insert(k, ()).is_none();
            drop(g);
            if grew {
                vm.count_heap(SET_ITEM_BYTES)?;
            }
        }
    }
    Ok(Value::None)
}

fn set_clear(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    let n = std::mem::take(&mut *lock(the_set(vm, m, "clear")?)).len();
    vm.release_heap(n * SET_ITEM_BYTES);
    Ok(Value::None)
}

/// `s.union(a, b, ...)` and its kin: `op` with each argument in turn; the
/// result has the type of `s`.
fn algebra(vm: &mut Vm, m: Option<&Value>, args: Args, op: BinOp, name: &str) -> PyResult<Value> {
    let (me, items) = mine(vm, m, name)?;
    let mut acc = items.into_owned();
    for a in &args.pos {
        let t = table_of(vm, a)?;
        acc = vm.eq_scope(|| combine(op, &acc, &t))?;
    }
    vm.set_like(me, acc)
}

fn union(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    algebra(vm, m, args, BinOp::BitOr, "union")
}

fn intersection(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    algebra(vm, m, args, BinOp::BitAnd, "intersection")
}

fn difference(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    algebra(vm, m, args, BinOp::Sub, "difference")
}

fn symmetric_difference(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    if let Some(me) = m.filter(|_| args.pos.len() != 1) {
        let name = format!("{}.symmetric_difference", vm.type_name(me));
        arity(vm, &name, &args, 1, 1)?;
    }
    algebra(vm, m, args, BinOp::BitXor, "symmetric_difference")
}

/// Is every item of `x` in `y`?
fn within(x: &SetMap, y: &SetMap) -> bool {
    x.len() <= y.len() && x.keys().all(|k| y.contains_key(k))
}

fn issubset(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "issubset", &args, 1, 1)?;
    let (_, items) = mine(vm, m, "issubset")?;
    let t = table_of(vm, &args.pos[0])?;
    Ok(Value::Bool(vm.eq_scope(|| within(&items, &t))?))
}

fn issuperset(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "issuperset", &args, 1, 1)?;
    let (_, items) = mine(vm, m, "issuperset")?;
    let t = table_of(vm, &args.pos[0])?;
    Ok(Value::Bool(vm.eq_scope(|| within(&t, &items))?))
}

fn isdisjoint(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "isdisjoint", &args, 1, 1)?;
    let (_, items) = mine(vm, m, "isdisjoint")?;
    let t = table_of(vm, &args.pos[0])?;
    let any = vm.eq_scope(|| items.keys().any(|k| t.contains_key(k)))?;
    Ok(Value::Bool(!any))
}

/// `s.copy()`: a new set; a frozenset is its own copy (CPython's
/// `fs.copy() is fs`: nothing can tell two equal frozensets apart but `is`).
fn copy(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    let (me, items) = mine(vm, m, "copy")?;
    if let Some(Object::FrozenSet(_)) = me.as_obj() {
        return Ok(me.clone());
    }
    let items = items.into_owned();
    vm.set_like(me, items)
}
