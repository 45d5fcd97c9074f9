//! Methods of the built-in types (`list.append`, `str.split`, `dict.get`, …),
//! found by name and bound to their value.

use crate::interleave::runner::value::{lock, Args, Builtin, Class, NativeFn, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

use super::methods_list as list;
use super::methods_map as map;
use super::methods_str as text;

fn bound(name: &'static str, func: NativeFn, me: &Value) -> Value {
    Value::obj(Object::Builtin(Builtin {
        name,
        func,
        bound: Some(me.clone()),
    }))
}

/// Which table of methods a value's type has.
fn table(v: &Value) -> &'static [(&'static str, NativeFn)] {
    match v {
        Value::Str(_) => text::METHODS,
        Value::Int(_) | Value::Big(_) | Value::Bool(_) => super::numbers::INT_METHODS,
        Value::Float(_) => super::numbers::FLOAT_METHODS,
        Value::Obj(o) => match &**o {
            Object::List(_) => list::LIST_METHODS,
            Object::Tuple(_) => list::TUPLE_METHODS,
            Object::Dict(_) => map::DICT_METHODS,
            Object::Set(_) => map::SET_METHODS,
            Object::Generator(_) => list::GENERATOR_METHODS,
            _ => &[],
        },
        Value::None => &[],
    }
}

/// The index of method `name` in the table of `v`'s type (for
/// `LOAD_METHOD`).
pub fn index_of(v: &Value, name: &str) -> Option<usize> {
    table(v).iter().position(|(n, _)| *n == name)
}

/// The method at `i` of `v`'s table (an index `index_of` gave).
pub fn by_index(v: &Value, i: usize) -> NativeFn {
    table(v)[i].1
}

/// `v.name` for a value of a built-in type.
pub fn lookup(vm: &mut Vm, v: &Value, name: &str) -> Option<Value> {
    if name == "__class__" {
        return Some(vm.type_of(v));
    }
    if let Some(Object::Slice(a, b, c)) = v.as_obj() {
        return match name {
            "start" => Some(a.clone()),
            "stop" => Some(b.clone()),
            "step" => Some(c.clone()),
            _ => None,
        };
    }
    if let Some(Object::Range(a, b, c)) = v.as_obj() {
        return match name {
            "start" => Some(Value::Int(*a)),
            "stop" => Some(Value::Int(*b)),
            "step" => Some(Value::Int(*c)),
            _ => None,
        };
    }
    if let Value::Float(x) = v {
        match name {
            "real" => return Some(Value::Float(*x)),
            "imag" => return Some(Value::Float(0.0)),
            _ => {}
        }
    }
    if matches!(v, Value::Int(_) | Value::Big(_)) {
        match name {
            "real" | "numerator" => return Some(v.clone()),
            "imag" => return Some(Value::Int(0)),
            "denominator" => return Some(Value::Int(1)),
            _ => {}
        }
    }
    table(v)
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, f)| bound(n, *f, v))
}

/// `str.upper`, `dict.fromkeys`, `int.from_bytes`: attributes of the
/// built-in classes themselves (unbound methods take `self` first).
pub fn class_attr(_vm: &mut Vm, c: &Class, name: &str) -> Option<Value> {
    use crate::interleave::runner::types::BuiltinType as T;
    let t: &[(&str, NativeFn)] = match c.builtin? {
        T::Str => text::METHODS,
        T::List => list::LIST_METHODS,
        T::Tuple => list::TUPLE_METHODS,
        T::Dict => {
            if name == "fromkeys" {
                return Some(super::native("fromkeys", map::fromkeys));
            }
            map::DICT_METHODS
        }
        T::Set => map::SET_METHODS,
        T::Int | T::Bool => super::numbers::INT_METHODS,
        T::Float => super::numbers::FLOAT_METHODS,
        _ => return None,
    };
    let (n, f) = t.iter().find(|(n, _)| *n == name)?;
    Some(super::native(n, unbound_for(*f)))
}

/// An unbound method called as `str.upper(s)`: its first argument is `self`.
fn unbound_for(_f: NativeFn) -> NativeFn {
    // Every method reads `self` from the bound slot; the class-level form
    // moves the first argument there (see `call_unbound`).
    call_unbound
}

fn call_unbound(vm: &mut Vm, _: Option<&Value>, _args: Args) -> PyResult<Value> {
    Err(vm.new_error(
        "TypeError",
        "calling a built-in type's method through the class (like str.upper(s)) is not supported yet; call it on the value (s.upper())",
    ))
}

/// The bound `self` of a method, or a TypeError.
pub fn me<'a>(vm: &Vm, me: Option<&'a Value>, name: &str) -> PyResult<&'a Value> {
    me.ok_or_else(|| {
        vm.new_error(
            "TypeError",
            format!("descriptor '{name}' needs an argument"),
        )
    })
}

/// Locks and reads a list.
pub fn list_items(v: &Value) -> Vec<Value> {
    match v.as_obj() {
        Some(Object::List(l)) => lock(l).clone(),
        Some(Object::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    }
}
