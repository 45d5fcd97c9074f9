//! The interpreter loop's shortcuts for the commonest instructions: ints
//! added and compared in place on the stack, `for i in range(n)` without a
//! call, and `module.name` through an inline cache. Each returns false (or
//! `None`) when its case does not apply, and the general path runs.

use super::frame::Frame;
use super::value::{lock, Object, Value};

/// `module.name` through the code's inline cache: the slot found last
/// time, checked to still be `name`'s; on a miss the cache is refilled and
/// the caller does the full lookup.
pub(super) fn cached_module_attr(
    code: &super::bytecode::Code,
    n: u32,
    obj: &Value,
) -> Option<Value> {
    use std::sync::atomic::Ordering::Relaxed;
    let Some(Object::Module(m)) = obj.as_obj() else {
        return None;
    };
    let name = &code.names[n as usize];
    let cache = &code.attr_cache[n as usize];
    let c = cache.load(Relaxed);
    if c > 0 && m.globals.slot_is(c - 1, name) {
        if let Some(v) = m.globals.load_slot(c - 1) {
            return Some(v);
        }
    }
    if let Some(slot) = m.globals.slot_of(name) {
        cache.store(slot + 1, Relaxed);
    }
    None
}

/// The two small ints on top of the stack, if that is what is there.
#[inline(always)]
pub(super) fn int_pair(f: &Frame) -> Option<(i64, i64)> {
    match f.stack.as_slice() {
        [.., Value::Int(a), Value::Int(b)] => Some((*a, *b)),
        _ => None,
    }
}

/// Replaces the top two values with `v`.
#[inline(always)]
pub(super) fn replace_pair(f: &mut Frame, v: Value) {
    f.stack.pop();
    if let Some(top) = f.stack.last_mut() {
        *top = v;
    }
}

/// `a + b`, `a - b` and `a * b` on two small ints, in place on the stack: the
/// body of every counting loop. False when the operands are anything else
/// (the general path then runs), or the result would overflow.
#[inline(always)]
pub(super) fn int_fast(f: &mut Frame, op: crate::interleave::ast::BinOp) -> bool {
    use crate::interleave::ast::BinOp;
    let Some((a, b)) = int_pair(f) else {
        return false;
    };
    let r = match op {
        BinOp::Add => a.checked_add(b),
        BinOp::Sub => a.checked_sub(b),
        BinOp::Mul => a.checked_mul(b),
        _ => None,
    };
    match r {
        Some(r) => {
            replace_pair(f, Value::Int(r));
            true
        }
        None => false,
    }
}

/// `<`, `<=`, `==`, … on two small ints, in place on the stack.
#[inline(always)]
pub(super) fn int_compare(f: &mut Frame, op: crate::interleave::ast::CmpOp) -> bool {
    use crate::interleave::ast::CmpOp;
    let Some((a, b)) = int_pair(f) else {
        return false;
    };
    let r = match op {
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        _ => return false,
    };
    replace_pair(f, Value::Bool(r));
    true
}

/// `for i in range(...)`: the next int straight from the range iterator.
#[inline(always)]
pub(super) fn range_fast(f: &mut Frame, exit: u32) -> bool {
    let Some(Value::Obj(o)) = f.stack.last() else {
        return false;
    };
    let Object::Iter(state) = &**o else {
        return false;
    };
    let mut s = lock(state);
    let super::value::IterState::Range { next, stop, step } = &mut *s else {
        return false;
    };
    let more = if *step > 0 {
        *next < *stop
    } else {
        *next > *stop
    };
    if more {
        let v = *next;
        *next = next.saturating_add(*step);
        drop(s);
        f.stack.push(Value::Int(v));
    } else {
        *s = super::value::IterState::Done;
        drop(s);
        f.stack.pop();
        f.pc = exit;
    }
    true
}
