//! The interpreter loop's shortcuts for the commonest instructions: ints
//! added and compared in place on the stack, `for i in range(n)` without a
//! call, and `module.name` through an inline cache. Each returns false (or
//! `None`) when its case does not apply, and the general path runs.

use super::frame::Frame;
use super::value::{Object, Value};

/// `module.name` through the code's inline cache: the module's namespace
/// and slot found last time (one compare says whether this is that module:
/// see [`super::globals::Globals::cache_key`]); on a miss the cache is
/// refilled and the caller does the full lookup.
#[inline(always)]
pub(super) fn cached_module_attr(
    code: &super::bytecode::Code,
    n: u32,
    obj: &Value,
) -> Option<Value> {
    use std::sync::atomic::Ordering::Relaxed;
    let Some(Object::Module(m)) = obj.as_obj() else {
        return None;
    };
    let cache = &code.attr_cache[n as usize];
    if let Some(slot) = m.globals.cached_slot(cache.load(Relaxed)) {
        if let Some(v) = m.globals.load_slot(slot) {
            return Some(v);
        }
    }
    if let Some(slot) = m.globals.slot_of(&code.names[n as usize]) {
        cache.store(m.globals.cache_key(slot), Relaxed);
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

/// Replaces the top two values, whatever they are, with `v` (dropping
/// them: for pairs that may hold objects).
#[inline(always)]
pub(super) fn replace_two(f: &mut Frame, v: Value) {
    f.stack.pop();
    if let Some(top) = f.stack.last_mut() {
        *top = v;
    }
}

/// Replaces the top two values, two numbers, with `v`. Numbers own
/// nothing: they are forgotten, not dropped (a pop and an assignment ran a
/// drop for each, a jump on the tag, and moved `v` through two stack
/// temporaries: callgrind and perf on a recursive fib).
#[inline(always)]
fn replace_pair(f: &mut Frame, v: Value) {
    let len = f.stack.len();
    debug_assert!(len >= 2);
    debug_assert!(f.stack[len - 2..]
        .iter()
        .all(|x| matches!(x, Value::Int(_) | Value::Float(_))));
    // SAFETY: the callers matched both values as ints or floats, which
    // own nothing, so forgetting them leaks nothing; `v` goes into the
    // lower one's slot, which stays inside the length.
    unsafe {
        f.stack.set_len(len - 1);
        std::ptr::write(f.stack.as_mut_ptr().add(len - 2), v);
    }
}

/// Arithmetic on two small ints, or on floats (or an int and a float), in
/// place on the stack: the body of every counting and float loop. False
/// when the operands or the operator are anything else, or an int result
/// would overflow, or a division is by zero (the general path then runs
/// and gives the big int or raises).
#[inline(always)]
pub(super) fn num_fast(f: &mut Frame, op: crate::interleave::ast::BinOp) -> bool {
    let r = match f.stack.as_slice() {
        [.., Value::Int(a), Value::Int(b)] => int_op(op, *a, *b).map(Value::Int),
        [.., Value::Float(a), Value::Float(b)] => float_op(op, *a, *b),
        [.., Value::Int(a), Value::Float(b)] => float_op(op, *a as f64, *b),
        [.., Value::Float(a), Value::Int(b)] => float_op(op, *a, *b as f64),
        _ => None,
    };
    match r {
        Some(v) => {
            replace_pair(f, v);
            true
        }
        None => false,
    }
}

/// Python's int `+ - * // %` where the result fits 64 bits (`//` and `%`
/// round toward minus infinity, as Python's do).
#[inline(always)]
pub(super) fn int_op(op: crate::interleave::ast::BinOp, a: i64, b: i64) -> Option<i64> {
    use crate::interleave::ast::BinOp;
    match op {
        BinOp::Add => a.checked_add(b),
        BinOp::Sub => a.checked_sub(b),
        BinOp::Mul => a.checked_mul(b),
        BinOp::Mod => {
            let r = a.checked_rem(b)?;
            Some(if r != 0 && (r ^ b) < 0 { r + b } else { r })
        }
        BinOp::FloorDiv => {
            let q = a.checked_div(b)?;
            Some(if q * b != a && (a ^ b) < 0 { q - 1 } else { q })
        }
        _ => None,
    }
}

/// Float `+ - * /` (the int side, if any, already converted as Python
/// converts it); `/` by zero is left to the general path, which raises.
#[inline(always)]
pub(super) fn float_op(op: crate::interleave::ast::BinOp, a: f64, b: f64) -> Option<Value> {
    use crate::interleave::ast::BinOp;
    let r = match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div if b != 0.0 => a / b,
        _ => return None,
    };
    Some(Value::Float(r))
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
    let Object::RangeIter(r) = &**o else {
        return false;
    };
    match r.next() {
        Some(v) => f.stack.push(Value::Int(v)),
        None => {
            f.stack.pop();
            f.pc = exit;
        }
    }
    true
}

/// `a[i]` for a list and an int in range, or a plain dict and a key that
/// is not an object (hashed and compared in Rust) that is there: the item
/// in place on the stack, one lock as the general path. False, with
/// nothing changed, for anything else (an IndexError, a KeyError, a
/// slice, a user class's key).
#[inline(always)]
pub(super) fn subscr_fast(f: &mut Frame) -> bool {
    let [.., Value::Obj(o), i] = f.stack.as_slice() else {
        return false;
    };
    let v = match (&**o, i) {
        (Object::List(l), Value::Int(i)) => {
            let l = super::value::lock(l);
            let at = if *i < 0 { *i + l.len() as i64 } else { *i };
            match usize::try_from(at).ok().and_then(|at| l.get(at)) {
                Some(v) => v.clone(),
                None => return false,
            }
        }
        (Object::Dict(d), i) if !matches!(i, Value::Obj(_)) => {
            match super::value::lock(d).get(super::value::Key::view(i)) {
                Some(v) => v.clone(),
                None => return false,
            }
        }
        _ => return false,
    };
    replace_two(f, v);
    true
}
