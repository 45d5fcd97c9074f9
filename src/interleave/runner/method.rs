//! `LOAD_METHOD` / `CALL_METHOD`: calling `obj.name(...)` without making a
//! bound-method object for every call (CPython's own optimisation; here it
//! saved an allocation and a free per `d.get(k)` or `items.append(x)`).
//!
//! `LoadMethod` leaves two values, `[a, b]`:
//! - a Python function found on the instance's class: `[func, obj]`;
//! - a method of a built-in type: `[obj, Int(i)]`, `i` its index in the
//!   type's method table (no Python method is ever bound to an int, so the
//!   int cannot be mistaken for a `self`);
//! - anything else: `[attribute, NO_SELF]`.

use crate::interleave::runner::value::ObjRef;
use std::sync::OnceLock;

use super::frame::Frame;
use super::value::{Args, Object, Value};
use super::vm::Vm;
use super::PyResult;

/// The marker for "no self to pass": compared by identity.
#[inline]
pub(super) fn no_self() -> &'static Value {
    static NO_SELF: OnceLock<Value> = OnceLock::new();
    NO_SELF.get_or_init(|| {
        let v = Value::obj(Object::Tuple(Box::new([])));
        // Every `CALL_METHOD` of a module function clones it: immortal, so
        // that threads do not all write its count (see `obj.rs`).
        if let Value::Obj(o) = &v {
            o.immortalize_forever();
        }
        v
    })
}

impl Vm {
    pub(super) fn load_method(&mut self, obj: Value, name: &str) -> PyResult<(Value, Value)> {
        match &obj {
            Value::Obj(o) => match &**o {
                Object::Instance(inst) if inst.get(name).is_none() => {
                    if let Some(f) = self.class_lookup(&inst.class, name) {
                        if matches!(f.as_obj(), Some(Object::Function(_))) {
                            return Ok((f, obj));
                        }
                    }
                }
                Object::List(_)
                | Object::Dict(_)
                | Object::Set(_)
                | Object::FrozenSet(_)
                | Object::Bytes(_)
                | Object::ByteArray(_)
                | Object::Tuple(_) => {
                    if let Some(i) = super::builtins::methods::index_of(&obj, name) {
                        return Ok((obj, Value::Int(i as i64)));
                    }
                }
                _ => {}
            },
            Value::Str(_) => {
                if let Some(i) = super::builtins::methods::index_of(&obj, name) {
                    return Ok((obj, Value::Int(i as i64)));
                }
            }
            _ => {}
        }
        let v = self.get_attr(&obj, name)?;
        Ok((v, no_self().clone()))
    }

    pub(super) fn call_method(&mut self, f: &mut Frame, mut args: Args) -> PyResult<Value> {
        let b = f.stack.pop().unwrap_or(Value::None);
        let a = f.stack.pop().unwrap_or(Value::None);
        match &b {
            Value::Int(i) => {
                let func = super::builtins::methods::by_index(&a, *i as usize);
                if !args.kw.is_empty() {
                    let name = super::builtins::methods::name_by_index(&a, *i as usize);
                    self.check_keywords(func, name, None, Some(&a), &args.kw)?;
                }
                func(self, Some(&a), args)
            }
            Value::Obj(o) if ObjRef::ptr_eq(o, no_self_arc()) => self.call(&a, args),
            _ => {
                args.pos.insert(0, b);
                self.call(&a, args)
            }
        }
    }
}

impl Vm {
    /// `CALL_METHOD n` without an argument buffer, for the calls that have
    /// an entry taking their arguments where they lie on the stack: a
    /// module's built-in function of one argument (`math.sqrt(x)`, see
    /// [`super::value::UnaryFn`]) and the hot methods of built-in types
    /// (`d.get(k, 0)`, see [`super::builtins::methods::SliceFn`]). `None`
    /// (nothing popped) for any other call; the general path then runs.
    #[inline(always)]
    pub(super) fn call_method_fast(&mut self, f: &mut Frame, n: u32) -> Option<PyResult<Value>> {
        let at = f.stack.len().checked_sub(n as usize + 2)?;
        if let Value::Int(i) = f.stack[at + 1] {
            return self.call_slice_method(f, at, i as usize);
        }
        if n != 1 {
            return None;
        }
        let [a, b, x] = &f.stack[at..] else {
            return None;
        };
        let Value::Obj(marker) = b else {
            return None;
        };
        let Some(Object::Builtin(func)) = a.as_obj() else {
            return None;
        };
        let unary = func.unary?;
        if !ObjRef::ptr_eq(marker, no_self_arc()) || func.bound.is_some() {
            return None;
        }
        let r = unary(self, x);
        f.stack.truncate(at);
        Some(r)
    }

    /// `CALL 1` of a built-in function that has a one-argument entry
    /// (`from math import sqrt` then `sqrt(x)`): the argument is read where
    /// it lies, no `Args` built and dropped, as [`Vm::call_method_fast`]
    /// does for `math.sqrt(x)`. `None` (nothing popped) otherwise.
    #[inline(always)]
    pub(super) fn call_unary_fast(&mut self, f: &mut Frame, n: u32) -> Option<PyResult<Value>> {
        if n != 1 {
            return None;
        }
        let at = f.stack.len().checked_sub(2)?;
        let [a, x] = &f.stack[at..] else {
            return None;
        };
        let Some(Object::Builtin(func)) = a.as_obj() else {
            return None;
        };
        if func.bound.is_some() {
            return None;
        }
        let r = (func.unary?)(self, x);
        f.stack.truncate(at);
        Some(r)
    }

    /// The built-in type's method case of [`Vm::call_method_fast`].
    #[inline(always)]
    fn call_slice_method(&mut self, f: &mut Frame, at: usize, i: usize) -> Option<PyResult<Value>> {
        let a = &f.stack[at];
        let args = &f.stack[at + 2..];
        let method = super::builtins::methods::slice_by_index(a, i, args.len())?;
        let r = method(self, a, args);
        f.stack.truncate(at);
        Some(r)
    }
}

#[inline(always)]
fn no_self_arc() -> &'static ObjRef {
    match no_self() {
        Value::Obj(o) => o,
        _ => unreachable!("the marker is an object"),
    }
}
