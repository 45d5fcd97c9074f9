//! The interpreter loop: a frame's instructions, and those of the plain
//! Python calls it makes, until it returns or yields.
//!
//! The dispatch is one long `match` on purpose: it is the hot path of every
//! program, and splitting it would put a call between most instructions.

mod frames;
mod support;

use std::sync::{Arc, Mutex};

use super::bytecode::{CodeKind, RunnerOp};
use super::call::Resumed;
use super::exc::{traceback_entries, traceback_value};
use super::fast::{cached_module_attr, int_compare, num_fast, range_fast, subscr_fast};
use super::frame::{Block, Callees, Frame};
use super::fuse;
use super::fuse_dict;
use super::gil::SwitchPoints;
use super::value::{lock, Args, Dict, Key, Object, RangeIter, Value};
use super::{PyErr, PyResult, TraceEntry};
use crate::interleave::ast::CmpOp;
pub(super) use support::push;
use support::{kw_args, move_top, pop, popn, popn_args};

/// How a frame stopped.
pub enum FrameExit {
    Return(Value),
    Yield(Value),
}

/// Where a generator driven from Rust yields (drive.rs): `None` when the
/// value is taken and the frame goes on, or the value back to leave with.
pub type YieldSink<'a> = &'a mut dyn FnMut(Value) -> Option<Value>;

impl super::vm::Vm {
    /// The loop, compiled twice: with `ANY_POINT` (the older CPython
    /// setting, a switch may come between any two instructions) and
    /// without. A run-time flag cost 5–6 % of every program's instructions:
    /// tested on each instruction, and one more value the loop kept in a
    /// register or on the stack (measured with callgrind).
    fn exec<const ANY_POINT: bool>(
        &mut self,
        base: &mut Frame,
        callees: &mut Callees,
        reraised: &mut bool,
        sink: &mut Option<YieldSink>,
    ) -> PyResult<FrameExit> {
        // A call or a return switches frames: the loop starts again on the
        // innermost one.
        'frames: loop {
            let f: &mut Frame = match callees.last_mut() {
                Some(top) => top,
                None => &mut *base,
            };
            // SAFETY: `f` outlives its turn in this loop, and its code with it.
            let code = unsafe { f.code_unbound() };
            // Runs of instructions must stay apart when a switch may come
            // between any two: superinstructions only otherwise.
            let any_point = ANY_POINT;
            let ops = if any_point {
                &code.ops[..]
            } else {
                &code.fused[..]
            };
            // Set when a superinstruction left its fast path: the next turn
            // runs the same slot as written (runner/fuse.rs). A flag, not an
            // inner `loop` around the `match`: V8 checks for interrupts at
            // every loop header, so that loop cost a check per instruction
            // (perf of the renderer).
            let mut plain = false;
            // Without the GIL, `d[k] += 1` stays three critical sections
            // (runner/fuse_dict.rs): the dict runs are taken under it only.
            let gil = self.interp.gil.is_some();
            loop {
                let at = f.pc;
                let op = if plain {
                    plain = false;
                    code.ops[at as usize]
                } else {
                    ops[at as usize]
                };
                f.pc += 1;
                if any_point {
                    self.check_breaker()?;
                }
                // The default setting checks at backward jumps and calls only
                // (`RunnerOp::is_switch_point`): in those arms, through `breaker!`,
                // so that the other instructions pay nothing for it.
                // After an instruction that may drop the last reference to
                // a suspended generator (`del g`, `g = None`, the iterator a
                // `break` pops), close it before the next statement reads
                // what its `finally` changes (see `finalize.rs`).
                macro_rules! close_dropped {
                    () => {
                        if super::finalize::pending() {
                            self.close_dropped_generators()?;
                        }
                    };
                }
                macro_rules! breaker {
                    () => {
                        if !any_point {
                            self.check_breaker()?;
                        }
                    };
                    ($target:expr) => {
                        if !any_point && $target <= at {
                            self.check_breaker()?;
                        }
                    };
                }
                // A superinstruction off its fast path runs the first
                // instruction of its run as written (runner/fuse.rs).
                {
                    match op {
                        RunnerOp::LoadFast2(a, b) if fuse::load_fast2(f, a, b) => {}
                        RunnerOp::LoadFastConst(a, k)
                            if fuse::load_fast_const(f, &code.consts, a, k) => {}
                        RunnerOp::FastFastOp(a, b, bop) if fuse::fast_fast_op(f, a, b, bop) => {}
                        RunnerOp::StoreLoadFast(a, b) if fuse::store_load_fast(f, a, b) => {}
                        RunnerOp::FastConstOpStore(src, k, bop, dst)
                            if fuse::fast_const_op_store(f, &code.consts, src, k, bop, dst) => {}
                        RunnerOp::OpStoreFast(bop, dst) if fuse::op_store_fast(f, bop, dst) => {}
                        RunnerOp::FastConstOp(src, k, bop)
                            if fuse::fast_const_op(f, &code.consts, src, k, bop) => {}
                        RunnerOp::FastConstCompareJump(src, k, cop, t) => {
                            match fuse::fast_const_compare(f, &code.consts, src, k, cop) {
                                Some(jump) => {
                                    // As `CompareJumpIfFalse`, three slots on.
                                    f.pc = at + 4;
                                    if t <= at + 3 {
                                        self.check_breaker()?;
                                    }
                                    if jump {
                                        f.pc = t;
                                    }
                                }
                                None => {
                                    f.pc = at;
                                    plain = true;
                                }
                            }
                        }
                        RunnerOp::ForIterStore(exit, dst)
                            if fuse::for_range_store(f, exit, dst) => {}
                        RunnerOp::CompareJumpIfFalse(cop, t) => match fuse::compare_int(f, cop) {
                            Some(jump) => {
                                // The jump's own slot is the next one (and the
                                // switch point of a backward jump, as there).
                                f.pc = at + 2;
                                if t <= at + 1 {
                                    self.check_breaker()?;
                                }
                                if jump {
                                    f.pc = t;
                                }
                            }
                            None => {
                                f.pc = at;
                                plain = true;
                            }
                        },
                        RunnerOp::SubscrOpConst(k, bop)
                            if gil && fuse_dict::subscr_op_const(f, &code.consts, k, bop) => {}
                        RunnerOp::DictGetOpStore(d, k, dflt, c, bop)
                            if gil
                                && fuse_dict::dict_get_op_store(
                                    self,
                                    f,
                                    &code.consts,
                                    d,
                                    k,
                                    dflt,
                                    c,
                                    bop,
                                )? => {}
                        RunnerOp::LoadFast2(..)
                        | RunnerOp::SubscrOpConst(..)
                        | RunnerOp::DictGetOpStore(..)
                        | RunnerOp::LoadFastConst(..)
                        | RunnerOp::FastFastOp(..)
                        | RunnerOp::StoreLoadFast(..)
                        | RunnerOp::FastConstOpStore(..)
                        | RunnerOp::OpStoreFast(..)
                        | RunnerOp::FastConstOp(..)
                        | RunnerOp::ForIterStore(..) => {
                            f.pc = at;
                            plain = true;
                        }
                        RunnerOp::Nop => {}
                        RunnerOp::LoadConst(k) => f.stack.push(code.consts[k as usize].clone()),
                        RunnerOp::LoadFast(i) => match &f.locals[i as usize] {
                            Some(v) => f.stack.push(v.clone()),
                            None => {
                                let name = &code.varnames[i as usize];
                                return Err(self.new_error(
                            "UnboundLocalError",
                            format!("cannot access local variable '{name}' where it is not associated with a value"),
                        ));
                            }
                        },
                        RunnerOp::StoreFast(i) => f.locals[i as usize] = Some(pop(f)),
                        RunnerOp::DeleteFast(i) => {
                            if f.locals[i as usize].take().is_none() {
                                let name = &code.varnames[i as usize];
                                return Err(self.new_error(
                            "UnboundLocalError",
                            format!("cannot access local variable '{name}' where it is not associated with a value"),
                        ));
                            }
                            close_dropped!();
                        }
                        RunnerOp::LoadDeref(i) => {
                            let v = match &*f.cells[i as usize] {
                                Object::Cell(c) => lock(c).clone(),
                                _ => None,
                            };
                            match v {
                                Some(v) => f.stack.push(v),
                                None => {
                                    let name = self.cell_name(code, i);
                                    return Err(self.new_error(
                                "NameError",
                                format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
                            ));
                                }
                            }
                        }
                        RunnerOp::StoreDeref(i) => {
                            let v = pop(f);
                            if let Object::Cell(c) = &*f.cells[i as usize] {
                                *lock(c) = Some(v);
                            }
                        }
                        RunnerOp::LoadClosure(i) => {
                            f.stack.push(Value::Obj(f.cells[i as usize].clone()))
                        }
                        RunnerOp::LoadGlobal(slot) => {
                            // A module's own global inline; builtins (and
                            // the NameError) through the call.
                            let v = match f.globals().load_slot(slot) {
                                Some(v) => v,
                                None => self.load_global(f.globals(), slot)?,
                            };
                            f.stack.push(v);
                        }
                        RunnerOp::StoreGlobal(slot) => {
                            let v = pop(f);
                            f.globals().store_slot(slot, v);
                            close_dropped!();
                        }
                        RunnerOp::DeleteGlobal(slot) => {
                            let mut gone = f.globals().delete_slot(slot);
                            if self.has_globals_view() {
                                let name = f.globals().slot_name(slot);
                                gone |= self.forget_in_globals_view(f.globals(), name);
                            }
                            if !gone {
                                let name = f.globals().slot_name(slot).clone();
                                return Err(self.new_error(
                                    "NameError",
                                    format!("name '{name}' is not defined"),
                                ));
                            }
                            close_dropped!();
                        }
                        RunnerOp::LoadName(n) => {
                            let name = &code.names[n as usize];
                            let found = f.namespace.as_ref().and_then(|ns| {
                                lock(ns).get(&Key(Value::Str(name.clone()))).cloned()
                            });
                            let v = match found {
                                Some(v) => v,
                                None => match f.globals().get(name) {
                                    Some(v) => v,
                                    None => self.load_missing(f.globals(), name)?,
                                },
                            };
                            f.stack.push(v);
                        }
                        RunnerOp::StoreName(n) => {
                            let v = pop(f);
                            let name = code.names[n as usize].clone();
                            match &f.namespace {
                                Some(ns) => {
                                    lock(ns).insert(Key(Value::Str(name)), v);
                                }
                                None => f.globals().set(&name, v),
                            }
                            close_dropped!();
                        }
                        RunnerOp::DeleteName(n) => {
                            let name = code.names[n as usize].clone();
                            let removed = match &f.namespace {
                                Some(ns) => lock(ns)
                                    .shift_remove(&Key(Value::Str(name.clone())))
                                    .is_some(),
                                None => {
                                    let g = f.globals();
                                    let view = self.has_globals_view()
                                        && self.forget_in_globals_view(g, &name);
                                    g.remove(&name) | view
                                }
                            };
                            if !removed {
                                return Err(self.new_error(
                                    "NameError",
                                    format!("name '{name}' is not defined"),
                                ));
                            }
                            close_dropped!();
                        }
                        RunnerOp::LoadAttr(n) => {
                            let obj = pop(f);
                            let v = match cached_module_attr(code, n, &obj) {
                                Some(v) => v,
                                None => self.get_attr(&obj, &code.names[n as usize])?,
                            };
                            f.stack.push(v);
                        }
                        RunnerOp::StoreAttr(n) => {
                            let obj = pop(f);
                            let v = pop(f);
                            self.set_attr(&obj, &code.names[n as usize], v)?;
                            close_dropped!();
                        }
                        RunnerOp::DeleteAttr(n) => {
                            let obj = pop(f);
                            self.del_attr(&obj, &code.names[n as usize])?;
                            close_dropped!();
                        }
                        RunnerOp::BinaryOp(op) | RunnerOp::InplaceOp(op) if num_fast(f, op) => {}
                        RunnerOp::BinaryOp(op) => {
                            let b = pop(f);
                            let a = pop(f);
                            let v = self.binary_op(op, &a, &b)?;
                            f.stack.push(v);
                        }
                        RunnerOp::InplaceOp(op) => {
                            let b = pop(f);
                            let a = pop(f);
                            let v = self.inplace_op(op, a, &b)?;
                            f.stack.push(v);
                        }
                        RunnerOp::UnaryNeg => {
                            let a = pop(f);
                            let v = self.neg(&a)?;
                            f.stack.push(v);
                        }
                        RunnerOp::UnaryPos => {
                            let a = pop(f);
                            let v = self.pos(&a)?;
                            f.stack.push(v);
                        }
                        RunnerOp::UnaryInvert => {
                            let a = pop(f);
                            let v = self.invert(&a)?;
                            f.stack.push(v);
                        }
                        RunnerOp::UnaryNot => {
                            let a = pop(f);
                            let t = self.truthy(&a)?;
                            f.stack.push(Value::Bool(!t));
                        }
                        RunnerOp::Compare(op) if int_compare(f, op) => {}
                        RunnerOp::Compare(CmpOp::In)
                            if fuse_dict::dict_contains(f, false, self.user_keys()) => {}
                        RunnerOp::Compare(CmpOp::NotIn)
                            if fuse_dict::dict_contains(f, true, self.user_keys()) => {}
                        RunnerOp::Compare(op) => {
                            let b = pop(f);
                            let a = pop(f);
                            let v = self.compare(op, &a, &b)?;
                            f.stack.push(v);
                        }
                        RunnerOp::BinarySubscr if subscr_fast(f) => {}
                        RunnerOp::BinarySubscr => {
                            let i = pop(f);
                            let a = pop(f);
                            let v = self.get_item(&a, &i)?;
                            f.stack.push(v);
                        }
                        RunnerOp::StoreSubscr => {
                            let i = pop(f);
                            let a = pop(f);
                            let v = pop(f);
                            self.set_item(&a, i, v)?;
                        }
                        RunnerOp::DeleteSubscr => {
                            let i = pop(f);
                            let a = pop(f);
                            self.del_item(&a, &i)?;
                            close_dropped!();
                        }
                        RunnerOp::BuildTuple(n) => {
                            let items = popn(f, n);
                            f.stack.push(Value::tuple(items));
                        }
                        RunnerOp::BuildList(n) => {
                            let items = popn(f, n);
                            f.stack.push(Value::list(items));
                        }
                        RunnerOp::BuildSet(n) => {
                            let items = popn(f, n);
                            let s = self.new_set(items)?;
                            f.stack.push(s);
                        }
                        RunnerOp::BuildMap(n) => {
                            let items = popn(f, 2 * n);
                            let mut d =
                                Dict::with_capacity_and_hasher(n as usize, Default::default());
                            let mut it = items.into_iter();
                            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                                let k = self.key(k)?;
                                self.insert_local(&mut d, k, v)?;
                            }
                            f.stack.push(Value::dict(d));
                        }
                        RunnerOp::BuildSlice(n) => {
                            let step = if n == 3 { pop(f) } else { Value::None };
                            let stop = pop(f);
                            let start = pop(f);
                            f.stack.push(Value::obj(Object::Slice(start, stop, step)));
                        }
                        RunnerOp::BuildString(n) => {
                            let parts = popn(f, n);
                            let mut s = String::new();
                            for p in &parts {
                                if let Value::Str(p) = p {
                                    s.push_str(p);
                                }
                            }
                            f.stack.push(self.new_str(s)?);
                        }
                        RunnerOp::ListAppend(depth) => {
                            let v = pop(f);
                            let target = &f.stack[f.stack.len() - depth as usize];
                            if let Some(Object::List(l)) = target.as_obj() {
                                lock(l).push(v);
                            }
                            self.count_heap(16)?;
                        }
                        RunnerOp::SetAdd(depth) => {
                            let v = pop(f);
                            let target = &f.stack[f.stack.len() - depth as usize];
                            if let Some(Object::Set(s)) = target.as_obj() {
                                let (k, mut g) = self.key_locked(s, v)?;
                                g.insert(k, ());
                            }
                        }
                        RunnerOp::MapAdd(depth) => {
                            let v = pop(f);
                            let k = pop(f);
                            let target = &f.stack[f.stack.len() - depth as usize];
                            if let Some(Object::Dict(d)) = target.as_obj() {
                                let (k, mut g) = self.key_locked(d, k)?;
                                g.insert(k, v);
                            }
                        }
                        RunnerOp::ListExtend(depth) => {
                            let v = pop(f);
                            let items = self.collect(&v)?;
                            let target = &f.stack[f.stack.len() - depth as usize];
                            if let Some(Object::List(l)) = target.as_obj() {
                                lock(l).extend(items);
                            }
                        }
                        RunnerOp::DictUpdate(depth) => {
                            let v = pop(f);
                            let target = f.stack[f.stack.len() - depth as usize].clone();
                            self.dict_update(&target, &v)?;
                        }
                        RunnerOp::ListToTuple => {
                            let v = pop(f);
                            let items = match v.as_obj() {
                                Some(Object::List(l)) => lock(l).clone(),
                                _ => Vec::new(),
                            };
                            f.stack.push(Value::tuple(items));
                        }
                        RunnerOp::FormatValue(conv, has_spec) => {
                            let spec = if has_spec { Some(pop(f)) } else { None };
                            let v = pop(f);
                            let s = self.format_value(&v, conv, spec.as_ref())?;
                            f.stack.push(s);
                        }
                        RunnerOp::UnpackSequence(n) => {
                            let v = pop(f);
                            let items = self.unpack(&v, n as usize)?;
                            f.stack.extend(items.into_iter().rev());
                        }
                        RunnerOp::UnpackEx(before, after) => {
                            let v = pop(f);
                            let items = self.unpack_ex(&v, before as usize, after as usize)?;
                            f.stack.extend(items.into_iter().rev());
                        }
                        RunnerOp::Call(n) => {
                            breaker!();
                            match self.simple_frame(f, n) {
                                Some(frame) => {
                                    let frame = frame?;
                                    if callees.capacity() == 0 {
                                        *callees = self.frames.callees();
                                    }
                                    push(callees, frame);
                                    continue 'frames;
                                }
                                None => {
                                    let v = match self.call_unary_fast(f, n) {
                                        Some(r) => r?,
                                        None => {
                                            let args = popn_args(f, n);
                                            let func = pop(f);
                                            self.call_from(f, &func, Args::new(args))?
                                        }
                                    };
                                    f.stack.push(v);
                                }
                            }
                        }
                        RunnerOp::CallKw(n) => {
                            breaker!();
                            let args = kw_args(f, n);
                            let func = pop(f);
                            let v = self.call_from(f, &func, args)?;
                            f.stack.push(v);
                        }
                        RunnerOp::LoadMethod(n) => {
                            let obj = pop(f);
                            let (a, b) = match cached_module_attr(code, n, &obj) {
                                Some(v) => (v, super::method::no_self().clone()),
                                None => self.load_method(obj, &code.names[n as usize])?,
                            };
                            f.stack.push(a);
                            f.stack.push(b);
                        }
                        RunnerOp::CallMethod(n) => {
                            breaker!();
                            let v = match self.call_method_fast(f, n) {
                                Some(r) => r?,
                                None => {
                                    let args = Args::new(popn_args(f, n));
                                    self.call_method(f, args)?
                                }
                            };
                            f.stack.push(v);
                        }
                        RunnerOp::CallMethodKw(n) => {
                            breaker!();
                            let args = kw_args(f, n);
                            let v = self.call_method(f, args)?;
                            f.stack.push(v);
                        }
                        RunnerOp::CallEx(has_kw) => {
                            breaker!();
                            let kwargs = if has_kw { Some(pop(f)) } else { None };
                            let pos = pop(f);
                            let func = pop(f);
                            let args = self.args_from(&pos, kwargs.as_ref())?;
                            let v = self.call_from(f, &func, args)?;
                            f.stack.push(v);
                        }
                        RunnerOp::PopTop => {
                            f.stack.pop();
                            close_dropped!();
                        }
                        RunnerOp::DupTop => {
                            let v = f.stack.last().cloned().unwrap_or(Value::None);
                            f.stack.push(v);
                        }
                        RunnerOp::DupTop2 => {
                            let n = f.stack.len();
                            let a = f.stack[n - 2].clone();
                            let b = f.stack[n - 1].clone();
                            f.stack.push(a);
                            f.stack.push(b);
                        }
                        RunnerOp::RotTwo => {
                            let n = f.stack.len();
                            f.stack.swap(n - 1, n - 2);
                        }
                        RunnerOp::RotThree => {
                            // TOS goes below the next two.
                            let v = pop(f);
                            let n = f.stack.len();
                            f.stack.insert(n - 2, v);
                        }
                        RunnerOp::Jump(t) => {
                            breaker!(t);
                            f.pc = t;
                        }
                        RunnerOp::PopJumpIfFalse(t)
                            if matches!(f.stack.last(), Some(Value::Bool(_))) =>
                        {
                            breaker!(t);
                            if let Some(Value::Bool(false)) = f.stack.pop() {
                                f.pc = t;
                            }
                        }
                        RunnerOp::PopJumpIfFalse(t) => {
                            breaker!(t);
                            let v = pop(f);
                            if !self.truthy(&v)? {
                                f.pc = t;
                            }
                        }
                        RunnerOp::PopJumpIfTrue(t) => {
                            breaker!(t);
                            let v = pop(f);
                            if self.truthy(&v)? {
                                f.pc = t;
                            }
                        }
                        RunnerOp::JumpIfFalseOrPop(t) => {
                            let v = f.stack.last().cloned().unwrap_or(Value::None);
                            if !self.truthy(&v)? {
                                f.pc = t;
                            } else {
                                f.stack.pop();
                            }
                        }
                        RunnerOp::JumpIfTrueOrPop(t) => {
                            let v = f.stack.last().cloned().unwrap_or(Value::None);
                            if self.truthy(&v)? {
                                f.pc = t;
                            } else {
                                f.stack.pop();
                            }
                        }
                        RunnerOp::GetIter => {
                            let v = pop(f);
                            let it = match v.as_obj() {
                                Some(Object::Range(a, b, c)) => {
                                    Value::obj(Object::RangeIter(RangeIter::for_loop(*a, *b, *c)))
                                }
                                _ => self.iter(&v)?,
                            };
                            f.stack.push(it);
                        }
                        RunnerOp::ForIter(exit) if range_fast(f, exit) => {}
                        RunnerOp::ForIter(exit) => {
                            let next = match f.stack.last() {
                                Some(it) => self.next(it)?,
                                None => None,
                            };
                            match next {
                                Some(v) => f.stack.push(v),
                                None => {
                                    f.stack.pop();
                                    f.pc = exit;
                                }
                            }
                        }
                        RunnerOp::ReturnValue => {
                            // No callee: `f` is `base`.
                            let Some(mut done) = callees.pop() else {
                                return Ok(FrameExit::Return(pop(base)));
                            };
                            // The value first: kept across the call, it went
                            // through memory and back (perf in Chromium);
                            // and moved stack to stack, not through a
                            // temporary (perf natively).
                            let to = match callees.last_mut() {
                                Some(caller) => &mut caller.stack,
                                None => &mut base.stack,
                            };
                            move_top(&mut done.stack, to);
                            self.leave_simple(done);
                            continue 'frames;
                        }
                        RunnerOp::Send(exit) => {
                            let sent = pop(f);
                            let it = f.stack.last().cloned().unwrap_or(Value::None);
                            match self.send_into(&it, sent)? {
                                Resumed::Yielded(v) => f.stack.push(v),
                                Resumed::Returned(v) => {
                                    f.stack.pop();
                                    f.stack.push(v);
                                    f.pc = exit;
                                }
                            }
                        }
                        RunnerOp::YieldValue => {
                            let v = pop(f);
                            // A Rust consumer takes it without the frame
                            // leaving the loop (a generator runs as the base
                            // frame, never as a plain call's).
                            let v = match sink {
                                Some(take) => match take(v) {
                                    None => {
                                        f.stack.push(Value::None);
                                        break;
                                    }
                                    Some(v) => v,
                                },
                                _ => v,
                            };
                            return Ok(FrameExit::Yield(v));
                        }
                        RunnerOp::Raise(n) => {
                            let err = match n {
                                0 => match f.handling.last() {
                                    Some(e) => {
                                        *reraised = true;
                                        return Err(e.clone());
                                    }
                                    None => self.new_error(
                                        "RuntimeError",
                                        "No active exception to reraise",
                                    ),
                                },
                                1 => {
                                    let exc = pop(f);
                                    self.make_raise(exc, None)?
                                }
                                _ => {
                                    let cause = pop(f);
                                    let exc = pop(f);
                                    self.make_raise(exc, Some(cause))?
                                }
                            };
                            return Err(err);
                        }
                        RunnerOp::SetupExcept(h) => {
                            f.blocks.push(Block {
                                handler: h,
                                depth: f.stack.len() as u32,
                                exc_depth: f.handling.len() as u32,
                            });
                        }
                        RunnerOp::SetupWith(h, slot) => {
                            let mgr = pop(f);
                            let exit = self.get_attr(&mgr, "__exit__")?;
                            let enter = self.get_attr(&mgr, "__enter__")?;
                            f.locals[slot as usize] = Some(exit);
                            let v = self.call(&enter, Args::default())?;
                            f.blocks.push(Block {
                                handler: h,
                                depth: f.stack.len() as u32,
                                exc_depth: f.handling.len() as u32,
                            });
                            f.stack.push(v);
                        }
                        RunnerOp::PopBlock => {
                            f.blocks.pop();
                        }
                        RunnerOp::PushExcInfo => {
                            // `run_frame` already recorded the exception as handled.
                        }
                        RunnerOp::PopExcept => {
                            f.handling.pop();
                            self.handled.pop();
                        }
                        RunnerOp::CheckExcMatch => {
                            let typ = pop(f);
                            let exc = f.stack.last().cloned().unwrap_or(Value::None);
                            let m = self.exception_matches(&exc, &typ)?;
                            f.stack.push(Value::Bool(m));
                        }
                        RunnerOp::Reraise => {
                            let e = match f.handling.pop() {
                                Some(e) => {
                                    self.handled.pop();
                                    e
                                }
                                None => {
                                    self.new_error("RuntimeError", "No active exception to reraise")
                                }
                            };
                            *reraised = true;
                            return Err(e);
                        }
                        RunnerOp::WithExitNormal(slot) => {
                            let exit = f.locals[slot as usize].take().unwrap_or(Value::None);
                            self.call(
                                &exit,
                                Args::new(vec![Value::None, Value::None, Value::None]),
                            )?;
                        }
                        RunnerOp::WithExcept(slot) => {
                            let exc = f.stack.last().cloned().unwrap_or(Value::None);
                            let exit = f.locals[slot as usize].take().unwrap_or(Value::None);
                            let typ = self.type_of(&exc);
                            let r = self.call(&exit, Args::new(vec![typ, exc, Value::None]))?;
                            let t = self.truthy(&r)?;
                            f.stack.push(Value::Bool(t));
                        }
                        RunnerOp::ImportName(k) => {
                            let name = match &code.consts[k as usize] {
                                Value::Str(s) => s.clone(),
                                _ => Arc::from(""),
                            };
                            let m = self.import(&name)?;
                            f.stack.push(m);
                        }
                        RunnerOp::ImportFrom(n) => {
                            let m = f.stack.last().cloned().unwrap_or(Value::None);
                            let v = self.import_from(&m, &code.names[n as usize])?;
                            f.stack.push(v);
                        }
                        RunnerOp::ImportStar => {
                            let m = pop(f);
                            self.import_star(&m, f.globals())?;
                        }
                        RunnerOp::MakeFunction(k, flags) => {
                            let func = self.make_function(f, &code.consts[k as usize], flags)?;
                            if matches!(code.kind, CodeKind::Module | CodeKind::Class) {
                                f.globals()
                                    .immortalize_definition(&func, self.interp.immortals());
                            }
                            f.stack.push(func);
                        }
                        RunnerOp::BuildClass(nbases, nkw) => {
                            let (bases, keywords) = if nkw > 0 {
                                let a = kw_args(f, nbases + nkw);
                                (a.pos.into_iter().collect(), a.kw)
                            } else {
                                (popn(f, nbases), Vec::new())
                            };
                            let body = pop(f);
                            let cls = self.build_class(&body, bases, keywords)?;
                            if code.kind == CodeKind::Module {
                                f.globals()
                                    .immortalize_definition(&cls, self.interp.immortals());
                            }
                            f.stack.push(cls);
                        }
                    }
                }
            }
        }
    }
}
