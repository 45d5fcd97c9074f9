//! Superinstructions: common runs of two to four instructions done in one
//! dispatch, as CPython 3.11's `LOAD_FAST__LOAD_FAST` and
//! `COMPARE_OP_INT_JUMP`. A loop such as `while i < n: i += 1` was nine
//! dispatches an iteration and is four.
//!
//! [`fuse`] writes a second copy of a code's instructions in which the first
//! slot of such a run holds the fused instruction and the other slots keep
//! their own, so a jump into the middle of a run still finds what the
//! compiler put there, and program counters, lines and tracebacks are the
//! same in both copies. A fused instruction only takes its fast path (locals
//! that are bound, small ints and floats, a range iterator): it then cannot
//! raise and cannot switch threads in the middle. Otherwise the interpreter
//! runs the run's first instruction as written and goes on from there.
//!
//! The interpreter runs the fused copy unless the GIL may switch between
//! any two instructions (`SwitchPoints::Any`), where the runs must stay
//! apart.

use super::bytecode::RunnerOp;
use super::fast::{float_op, int_op};
use super::frame::Frame;
use super::value::Value;
use crate::interleave::ast::{BinOp, CmpOp};

/// The fused copy of `ops` (the same length; see the module doc).
pub fn fuse(ops: &[RunnerOp], names: &[std::sync::Arc<str>]) -> Vec<RunnerOp> {
    use RunnerOp as Op;
    let small = |i: u32| u16::try_from(i).ok();
    let mut out = ops.to_vec();
    let dict: Vec<_> = (0..=ops.len())
        .map(|at| super::fuse_dict::fuse_at(ops, names, at))
        .collect();
    for at in 0..ops.len() {
        if let Some(op) = dict[at] {
            out[at] = op;
            continue;
        }
        // A run that would swallow the first slot of a dict run (`w =
        // ...; d[w] = d.get(w, 0) + 1` is `StoreFast; LoadFast d; ...`)
        // leaves it to that one: only the next slot can be such a start.
        if dict[at + 1].is_some() {
            continue;
        }
        let next = |k: usize| ops.get(at + k).copied();
        out[at] = match (ops[at], next(1), next(2), next(3)) {
            (
                Op::LoadFast(src),
                Some(Op::LoadConst(k)),
                Some(Op::BinaryOp(op) | Op::InplaceOp(op)),
                Some(Op::StoreFast(dst)),
            ) if numeric(op) => match (small(src), small(k), small(dst)) {
                (Some(src), Some(k), Some(dst)) => Op::FastConstOpStore(src, k, op, dst),
                _ => Op::LoadFastConst(src, k),
            },
            (
                Op::LoadFast(src),
                Some(Op::LoadConst(k)),
                Some(Op::Compare(op)),
                Some(Op::PopJumpIfFalse(t)),
            ) if ordering(op) => match (small(src), small(k)) {
                (Some(src), Some(k)) => Op::FastConstCompareJump(src, k, op, t),
                _ => Op::LoadFastConst(src, k),
            },
            (
                Op::LoadFast(src),
                Some(Op::LoadConst(k)),
                Some(Op::BinaryOp(op) | Op::InplaceOp(op)),
                _,
            ) if numeric(op) => match (small(src), small(k)) {
                (Some(src), Some(k)) => Op::FastConstOp(src, k, op),
                _ => Op::LoadFastConst(src, k),
            },
            (
                Op::LoadFast(a),
                Some(Op::LoadFast(b)),
                Some(Op::BinaryOp(op) | Op::InplaceOp(op)),
                _,
            ) if numeric(op) => match (small(a), small(b)) {
                (Some(a), Some(b)) => Op::FastFastOp(a, b, op),
                _ => Op::LoadFast2(a, b),
            },
            (Op::LoadFast(a), Some(Op::LoadFast(b)), ..) => Op::LoadFast2(a, b),
            (Op::LoadFast(a), Some(Op::LoadConst(k)), ..) => Op::LoadFastConst(a, k),
            (Op::StoreFast(a), Some(Op::LoadFast(b)), ..) => Op::StoreLoadFast(a, b),
            (Op::Compare(op), Some(Op::PopJumpIfFalse(t)), ..) if ordering(op) => {
                Op::CompareJumpIfFalse(op, t)
            }
            (Op::BinaryOp(op) | Op::InplaceOp(op), Some(Op::StoreFast(dst)), ..) if numeric(op) => {
                Op::OpStoreFast(op, dst)
            }
            (Op::ForIter(exit), Some(Op::StoreFast(dst)), ..) => Op::ForIterStore(exit, dst),
            (op, ..) => op,
        };
    }
    out
}

/// Operators with a small-int or float fast path ([`int_op`], [`float_op`]).
pub(super) fn numeric(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::FloorDiv | BinOp::Mod
    )
}

/// Comparisons with a small-int fast path.
fn ordering(op: CmpOp) -> bool {
    matches!(
        op,
        CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge | CmpOp::Eq | CmpOp::Ne
    )
}

/// `a op b` on two small ints, two floats or one of each; `None` where
/// Python would need the general path (overflow, a division by zero, any
/// other type).
#[inline(always)]
pub(super) fn num(op: BinOp, a: &Value, b: &Value) -> Option<Value> {
    match (a, b) {
        (Value::Int(a), Value::Int(b)) => int_op(op, *a, *b).map(Value::Int),
        (Value::Float(a), Value::Float(b)) => float_op(op, *a, *b),
        (Value::Int(a), Value::Float(b)) => float_op(op, *a as f64, *b),
        (Value::Float(a), Value::Int(b)) => float_op(op, *a, *b as f64),
        _ => None,
    }
}

/// `LoadFast a; LoadFast b` when both are bound.
#[inline(always)]
pub(super) fn load_fast2(f: &mut Frame, a: u32, b: u32) -> bool {
    let (Some(Some(x)), Some(Some(y))) = (f.locals.get(a as usize), f.locals.get(b as usize))
    else {
        return false;
    };
    let (x, y) = (x.clone(), y.clone());
    f.stack.push(x);
    f.stack.push(y);
    f.pc += 1;
    true
}

/// `LoadFast a; LoadConst k` when `a` is bound.
#[inline(always)]
pub(super) fn load_fast_const(f: &mut Frame, consts: &[Value], a: u32, k: u32) -> bool {
    let Some(Some(x)) = f.locals.get(a as usize) else {
        return false;
    };
    let x = x.clone();
    f.stack.push(x);
    f.stack.push(consts[k as usize].clone());
    f.pc += 1;
    true
}

/// `LoadFast a; LoadFast b; <op>` on two numbers: the result pushed
/// straight from the locals, neither operand copied to the stack and back.
#[inline(always)]
pub(super) fn fast_fast_op(f: &mut Frame, a: u16, b: u16, op: BinOp) -> bool {
    let (Some(Some(x)), Some(Some(y))) = (f.locals.get(a as usize), f.locals.get(b as usize))
    else {
        return false;
    };
    let Some(v) = num(op, x, y) else {
        return false;
    };
    f.stack.push(v);
    f.pc += 2;
    true
}

/// `LoadFast src; LoadConst k; <op>` on numbers: the result pushed, the
/// operands never on the stack (`n - 1` as a call's argument).
#[inline(always)]
pub(super) fn fast_const_op(f: &mut Frame, consts: &[Value], src: u16, k: u16, op: BinOp) -> bool {
    let Some(Some(a)) = f.locals.get(src as usize) else {
        return false;
    };
    let Some(v) = num(op, a, &consts[k as usize]) else {
        return false;
    };
    f.stack.push(v);
    f.pc += 2;
    true
}

/// `LoadFast src; LoadConst k; Compare op; PopJumpIfFalse` on two small
/// ints (`if n < 2:`): whether to jump; `None` when `src` is unbound or
/// either is not a small int.
#[inline(always)]
pub(super) fn fast_const_compare(
    f: &Frame,
    consts: &[Value],
    src: u16,
    k: u16,
    op: CmpOp,
) -> Option<bool> {
    let (Some(Some(Value::Int(a))), Value::Int(b)) =
        (f.locals.get(src as usize), &consts[k as usize])
    else {
        return None;
    };
    int_compare_jump(op, *a, *b)
}

/// Whether `PopJumpIfFalse` after `a op b` jumps (`None`: not an ordering).
#[inline(always)]
fn int_compare_jump(op: CmpOp, a: i64, b: i64) -> Option<bool> {
    let r = match op {
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        _ => return None,
    };
    Some(!r)
}

/// `StoreFast a; LoadFast b` when `b` is bound or is `a`.
#[inline(always)]
pub(super) fn store_load_fast(f: &mut Frame, a: u32, b: u32) -> bool {
    if a != b && !matches!(f.locals.get(b as usize), Some(Some(_))) {
        return false;
    }
    let Some(v) = f.stack.pop() else {
        return false;
    };
    f.locals[a as usize] = Some(v);
    let v = f.locals[b as usize].clone();
    f.stack.push(v.unwrap_or(Value::None));
    f.pc += 1;
    true
}

/// `LoadFast src; LoadConst k; <op>; StoreFast dst` on numbers, without
/// the stack: `i += 1`, `x = i * 0.001`, `r = i % 97`.
#[inline(always)]
pub(super) fn fast_const_op_store(
    f: &mut Frame,
    consts: &[Value],
    src: u16,
    k: u16,
    op: BinOp,
    dst: u16,
) -> bool {
    let Some(Some(a)) = f.locals.get(src as usize) else {
        return false;
    };
    let Some(v) = num(op, a, &consts[k as usize]) else {
        return false;
    };
    f.locals[dst as usize] = Some(v);
    f.pc += 3;
    true
}

/// `<op>; StoreFast dst` on two numbers on the stack.
#[inline(always)]
pub(super) fn op_store_fast(f: &mut Frame, op: BinOp, dst: u32) -> bool {
    let [.., a, b] = f.stack.as_slice() else {
        return false;
    };
    let Some(v) = num(op, a, b) else {
        return false;
    };
    let len = f.stack.len();
    f.stack.truncate(len - 2);
    f.locals[dst as usize] = Some(v);
    f.pc += 1;
    true
}

/// `Compare op; PopJumpIfFalse` on two small ints: whether to jump, the
/// operands popped; `None` leaves the stack as it was.
#[inline(always)]
pub(super) fn compare_int(f: &mut Frame, op: CmpOp) -> Option<bool> {
    let [.., Value::Int(a), Value::Int(b)] = f.stack.as_slice() else {
        return None;
    };
    let jump = int_compare_jump(op, *a, *b)?;
    let len = f.stack.len();
    // SAFETY: the two values just matched as ints, which own nothing: the
    // stack may forget them without dropping (`truncate` ran a generic drop
    // loop, a tenth of a counting loop's instructions).
    unsafe { f.stack.set_len(len - 2) };
    Some(jump)
}

/// `ForIter exit; StoreFast dst` over a range: the next int straight into
/// the local, or the loop's exit.
#[inline(always)]
pub(super) fn for_range_store(f: &mut Frame, exit: u32, dst: u32) -> bool {
    let Some(Value::Obj(o)) = f.stack.last() else {
        return false;
    };
    let super::value::Object::RangeIter(r) = &**o else {
        return false;
    };
    match r.next() {
        Some(v) => {
            f.locals[dst as usize] = Some(Value::Int(v));
            f.pc += 1;
        }
        None => {
            f.stack.pop();
            f.pc = exit;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use RunnerOp as Op;

    #[test]
    fn runs_fuse_in_their_first_slot_and_keep_the_others() {
        let ops = [
            Op::LoadFast(0),
            Op::LoadFast(1),
            Op::Compare(CmpOp::Lt),
            Op::PopJumpIfFalse(9),
            Op::LoadFast(0),
            Op::LoadConst(2),
            Op::InplaceOp(BinOp::Add),
            Op::StoreFast(0),
            Op::Jump(0),
        ];
        let fused = fuse(&ops, &[]);
        assert_eq!(fused.len(), ops.len());
        assert_eq!(fused[0], Op::LoadFast2(0, 1));
        assert_eq!(fused[2], Op::CompareJumpIfFalse(CmpOp::Lt, 9));
        assert_eq!(fused[4], Op::FastConstOpStore(0, 2, BinOp::Add, 0));
        // A jump may land on any slot: each keeps what the compiler wrote
        // unless it starts a run of its own.
        assert_eq!(fused[1], Op::LoadFast(1));
        assert_eq!(fused[3], Op::PopJumpIfFalse(9));
        assert_eq!(fused[5], Op::LoadConst(2));
        assert_eq!(fused[6], Op::OpStoreFast(BinOp::Add, 0));
        assert_eq!(fused[8], Op::Jump(0));
    }

    #[test]
    fn two_locals_and_a_numeric_operator_fuse_into_one() {
        let ops = [
            Op::LoadFast(1),
            Op::LoadFast(1),
            Op::BinaryOp(BinOp::Mul),
            Op::YieldValue,
            Op::LoadFast(0),
            Op::LoadFast(1),
            Op::BinaryOp(BinOp::Pow),
        ];
        let fused = fuse(&ops, &[]);
        assert_eq!(fused[0], Op::FastFastOp(1, 1, BinOp::Mul));
        assert_eq!(fused[1], Op::LoadFast(1));
        assert_eq!(fused[2], Op::BinaryOp(BinOp::Mul));
        // `**` has no fast path: only the loads fuse.
        assert_eq!(fused[4], Op::LoadFast2(0, 1));
    }

    #[test]
    fn a_local_and_a_constant_fuse_with_an_operator_or_a_test() {
        // def fib(n): if n < 2: ... fib(n - 1)
        let ops = [
            Op::LoadFast(0),
            Op::LoadConst(1),
            Op::Compare(CmpOp::Lt),
            Op::PopJumpIfFalse(7),
            Op::LoadFast(0),
            Op::LoadConst(2),
            Op::BinaryOp(BinOp::Sub),
            Op::LoadFast(0),
            Op::LoadConst(2),
            Op::Compare(CmpOp::In),
            Op::PopJumpIfFalse(0),
        ];
        let fused = fuse(&ops, &[]);
        assert_eq!(fused[0], Op::FastConstCompareJump(0, 1, CmpOp::Lt, 7));
        assert_eq!(fused[1], Op::LoadConst(1));
        assert_eq!(fused[2], Op::CompareJumpIfFalse(CmpOp::Lt, 7));
        assert_eq!(fused[4], Op::FastConstOp(0, 2, BinOp::Sub));
        assert_eq!(fused[6], Op::BinaryOp(BinOp::Sub));
        // `in` has no fast path: only the loads fuse.
        assert_eq!(fused[7], Op::LoadFastConst(0, 2));
    }

    #[test]
    fn operators_without_a_fast_path_stay_apart() {
        let ops = [
            Op::LoadFast(0),
            Op::Compare(CmpOp::In),
            Op::PopJumpIfFalse(0),
            Op::BinaryOp(BinOp::Pow),
            Op::StoreFast(1),
        ];
        let fused = fuse(&ops, &[]);
        assert_eq!(&fused[1..], &ops[1..]);
    }

    #[test]
    fn numbers_take_the_fast_path_and_anything_else_does_not() {
        let i = Value::Int;
        assert!(matches!(num(BinOp::Add, &i(2), &i(3)), Some(Value::Int(5))));
        assert!(matches!(
            num(BinOp::FloorDiv, &i(-7), &i(2)),
            Some(Value::Int(-4))
        ));
        assert!(matches!(
            num(BinOp::Mod, &i(-7), &i(2)),
            Some(Value::Int(1))
        ));
        assert!(
            matches!(num(BinOp::Mul, &i(3), &Value::Float(0.5)), Some(Value::Float(x)) if x == 1.5)
        );
        assert!(
            num(BinOp::Add, &i(i64::MAX), &i(1)).is_none(),
            "overflow: the big-int path"
        );
        assert!(
            num(BinOp::Div, &Value::Float(1.0), &i(0)).is_none(),
            "ZeroDivisionError: the general path"
        );
        assert!(num(BinOp::Add, &Value::Str("a".into()), &Value::Str("b".into())).is_none());
    }
}
