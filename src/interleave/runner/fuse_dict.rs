//! Superinstructions for the two ways Python counts in a dict:
//!
//! - `d[k] += 1`: `DupTop2; BinarySubscr; LoadConst; InplaceOp; RotThree;
//!   StoreSubscr` — two locks of the dict, two probes and eleven values
//!   moved through the stack, done here as one lock and one probe that
//!   adds in place ([`subscr_op_const`]);
//! - `d[k] = d.get(k, 0) + 1`: `LoadFast d; LoadMethod get; LoadFast k;
//!   LoadConst; CallMethod 2; LoadConst; BinaryOp; LoadFast d; LoadFast k;
//!   StoreSubscr` — a method looked up and called, then a store: one lock
//!   and one probe here (two on the first sight of a key)
//!   ([`dict_get_op_store`]).
//!
//! They run only when the GIL switches at backward jumps and calls: not in
//! the per-instruction setting (no superinstruction runs there), and not
//! free-threaded (the interpreter checks), where the instructions run as
//! written and `d[k] += 1` stays three critical sections that may lose
//! updates, as on CPython 3.13t. Under the GIL nothing else runs between
//! the instructions of a run, so one critical section is the same program.
//!
//! The fast path takes only a plain dict (not an instance of a subclass),
//! a key that is not an object (an int, a str, a float, a bool, `None`:
//! hashed and compared in Rust, never by Python code under the lock), and
//! numbers both sides of the operator ([`super::fuse::num`]). Anything else
//! — a missing key for `+=` (KeyError), a user class's key, a list value —
//! runs the run's first instruction as written, from an untouched stack.

use super::bytecode::RunnerOp;
use super::frame::Frame;
use super::fuse::num;
use super::value::{lock, Key, Object, Value};
use super::vm::Vm;
use super::PyResult;
use crate::interleave::ast::BinOp;

/// The dict superinstruction starting at `ops[at]`, if one does;
/// `names` are the code's attribute names (`get` is checked by name).
pub fn fuse_at(ops: &[RunnerOp], names: &[std::sync::Arc<str>], at: usize) -> Option<RunnerOp> {
    use RunnerOp as Op;
    let run = ops.get(at..)?;
    match run {
        [Op::DupTop2, Op::BinarySubscr, Op::LoadConst(k), Op::InplaceOp(op), Op::RotThree, Op::StoreSubscr, ..]
            if super::fuse::numeric(*op) =>
        {
            Some(Op::SubscrOpConst(*k, *op))
        }
        [Op::LoadFast(d), Op::LoadMethod(get), Op::LoadFast(k), Op::LoadConst(dflt), Op::CallMethod(2), Op::LoadConst(c), Op::BinaryOp(op), Op::LoadFast(d2), Op::LoadFast(k2), Op::StoreSubscr, ..]
            if d == d2
                && k == k2
                && super::fuse::numeric(*op)
                && names.get(*get as usize).is_some_and(|n| &**n == "get") =>
        {
            Some(Op::DictGetOpStore(
                u16::try_from(*d).ok()?,
                u16::try_from(*k).ok()?,
                u8::try_from(*dflt).ok()?,
                u8::try_from(*c).ok()?,
                *op,
            ))
        }
        _ => None,
    }
}

/// A plain dict's table, if `v` is one.
#[inline(always)]
fn dict_of(v: &Value) -> Option<&std::sync::Mutex<super::value::Dict>> {
    match v.as_obj() {
        Some(Object::Dict(d)) => Some(d),
        _ => None,
    }
}

/// `d[key] op= const` with `d` and `key` on top of the stack (what
/// `DupTop2` would copy): the value replaced in place. False, with
/// nothing changed, off the fast path (see the module doc).
#[inline(always)]
pub(super) fn subscr_op_const(f: &mut Frame, consts: &[Value], k: u32, op: BinOp) -> bool {
    let [.., d, key] = f.stack.as_slice() else {
        return false;
    };
    if matches!(key, Value::Obj(_)) {
        return false;
    }
    let Some(d) = dict_of(d) else {
        return false;
    };
    {
        let mut g = lock(d);
        let Some(slot) = g.get_mut(Key::view(key)) else {
            return false;
        };
        let Some(v) = num(op, slot, &consts[k as usize]) else {
            return false;
        };
        *slot = v;
    }
    let len = f.stack.len();
    f.stack.truncate(len - 2);
    // Past `StoreSubscr`, the run's last slot.
    f.pc += 5;
    true
}

/// `d[key] = d.get(key, dflt) op c` with `d` and `key` locals. `Ok(false)`
/// off the fast path, with nothing changed. The run's `CallMethod` is a
/// switch point: the GIL may change hands first, as there (what the run
/// read before it — two locals and two constants — no other thread can
/// change).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(super) fn dict_get_op_store(
    vm: &mut Vm,
    f: &mut Frame,
    consts: &[Value],
    d: u16,
    key: u16,
    dflt: u8,
    c: u8,
    op: BinOp,
) -> PyResult<bool> {
    let (Some(Some(dv)), Some(Some(kv))) = (f.locals.get(d as usize), f.locals.get(key as usize))
    else {
        return Ok(false);
    };
    if matches!(kv, Value::Obj(_)) {
        return Ok(false);
    }
    let Some(m) = dict_of(dv) else {
        return Ok(false);
    };
    vm.check_breaker()?;
    let c = &consts[c as usize];
    let mut g = lock(m);
    if let Some(slot) = g.get_mut(Key::view(kv)) {
        let Some(v) = num(op, slot, c) else {
            return Ok(false);
        };
        *slot = v;
        drop(g);
        f.pc += 9;
        return Ok(true);
    }
    // A key of a user class may equal it: the general path asks `__eq__`.
    if vm.user_keys() {
        return Ok(false);
    }
    let Some(v) = num(op, &consts[dflt as usize], c) else {
        return Ok(false);
    };
    g.insert(Key(kv.clone()), v);
    drop(g);
    // A MemoryError is the store's, on its line.
    f.pc += 9;
    vm.count_heap(super::value::DICT_ITEM_BYTES)?;
    Ok(true)
}

/// `key in d` / `key not in d` on a plain dict and a key that is not an
/// object, in place on the stack (one lock, as the general path: a single
/// critical section in every mode). False, with nothing changed, else, and
/// for a key not there when `user_keys` (a key of a user class may equal
/// it: the general path asks its `__eq__`).
#[inline(always)]
pub(super) fn dict_contains(f: &mut Frame, negate: bool, user_keys: bool) -> bool {
    let [.., key, d] = f.stack.as_slice() else {
        return false;
    };
    if matches!(key, Value::Obj(_)) {
        return false;
    }
    let Some(d) = dict_of(d) else {
        return false;
    };
    let found = lock(d).contains_key(Key::view(key));
    if !found && user_keys {
        return false;
    }
    super::fast::replace_two(f, Value::Bool(found != negate));
    true
}
