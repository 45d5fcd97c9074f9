//! Methods of the built-in types (`list.append`, `str.split`, `dict.get`, …),
//! found by name and bound to their value.

use crate::interleave::runner::value::{lock, Args, Builtin, Class, NativeFn, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

use super::methods_bytes as bytes;
use super::methods_list as list;
use super::methods_map as map;
use super::methods_set as sets;
use super::methods_str as text;

fn bound(name: &'static str, func: NativeFn, me: &Value) -> Value {
    Value::obj(Object::Builtin(Builtin {
        name,
        func,
        bound: Some(me.clone()),
        module: None,
        unary: None,
    }))
}

/// The methods of built-in types that take keywords (see
/// `builtins::keywords`); an unbound method (`list.sort(l, key=f)`) is
/// checked once its method is known, in `call_unbound`.
pub const KEYWORDS: &[super::keywords::Takes] = &[
    (list::sort, "sort", &["key", "reverse"]),
    (map::update, "update", &["*"]),
    (unbound_str, "", &["*"]),
    (unbound_list, "", &["*"]),
    (unbound_tuple, "", &["*"]),
    (unbound_dict, "", &["*"]),
    (unbound_set, "", &["*"]),
    (unbound_frozenset, "", &["*"]),
    (unbound_bytes, "", &["*"]),
    (unbound_bytearray, "", &["*"]),
    (unbound_int, "", &["*"]),
    (unbound_float, "", &["*"]),
];

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
            Object::Set(_) => sets::SET_METHODS,
            Object::FrozenSet(_) => sets::FROZENSET_METHODS,
            Object::Bytes(_) => bytes::BYTES_METHODS,
            Object::ByteArray(_) => bytes::BYTEARRAY_METHODS,
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

/// A built-in method's entry that takes its positional arguments where
/// they lie on the caller's stack, `self` first: no [`Args`] built and
/// dropped (see `Vm::call_method_fast`).
pub type SliceFn = fn(&mut Vm, &Value, &[Value]) -> PyResult<Value>;

/// The [`SliceFn`] of method `i` of `v`'s table, for `n` arguments, if it
/// has one: the methods loops call most (`d.get(k, 0)`).
#[inline]
pub fn slice_by_index(v: &Value, i: usize, n: usize) -> Option<SliceFn> {
    match v.as_obj()? {
        Object::Dict(_) if i == map::GET && (n == 1 || n == 2) => Some(map::get_slice),
        _ => None,
    }
}

/// The method at `i` of `v`'s table (an index `index_of` gave).
pub fn by_index(v: &Value, i: usize) -> NativeFn {
    table(v)[i].1
}

/// The name of the method [`by_index`] finds.
pub fn name_by_index(v: &Value, i: usize) -> &'static str {
    table(v)[i].0
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
            _ => super::dunders::lookup(v, name),
        };
    }
    if let Some(Object::Range(a, b, c)) = v.as_obj() {
        return match name {
            "start" => Some(Value::Int(*a)),
            "stop" => Some(Value::Int(*b)),
            "step" => Some(Value::Int(*c)),
            _ => super::dunders::lookup(v, name),
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
        .or_else(|| super::dunders::lookup(v, name))
}

/// `str.upper`, `dict.fromkeys`, `int.from_bytes`: attributes of the
/// built-in classes themselves (unbound methods take `self` first, so
/// `sorted(words, key=str.lower)` and `map(str.strip, lines)` work).
pub fn class_attr(_vm: &mut Vm, c: &Class, name: &str) -> Option<Value> {
    use crate::interleave::runner::types::BuiltinType as T;
    let (t, via): (&[(&str, NativeFn)], NativeFn) = match c.builtin? {
        T::Object => return super::object::object_method(name),
        // `type.__new__(mcs, …)`, `type.__setattr__(cls, …)` in a metaclass.
        T::Type => {
            return match crate::interleave::runner::meta::type_method(name) {
                Some(f) => Some(match f.as_obj() {
                    Some(Object::StaticMethod(inner)) => inner.clone(),
                    _ => f,
                }),
                None => super::object::object_method(name),
            }
        }
        T::Str => (text::METHODS, unbound_str),
        T::List => (list::LIST_METHODS, unbound_list),
        T::Tuple => (list::TUPLE_METHODS, unbound_tuple),
        T::Dict => {
            if name == "fromkeys" {
                return Some(super::native("fromkeys", map::fromkeys));
            }
            (map::DICT_METHODS, unbound_dict)
        }
        T::Set => (sets::SET_METHODS, unbound_set),
        T::FrozenSet => (sets::FROZENSET_METHODS, unbound_frozenset),
        T::Bytes | T::ByteArray => {
            let bytearray = c.builtin == Some(T::ByteArray);
            if name == "fromhex" {
                // The class's name rides in the bound slot.
                return Some(Value::obj(Object::Builtin(Builtin {
                    name: "fromhex",
                    func: bytes::fromhex,
                    bound: Some(Value::str(if bytearray { "bytearray" } else { "bytes" })),
                    module: None,
                    unary: None,
                })));
            }
            if bytearray {
                (bytes::BYTEARRAY_METHODS, unbound_bytearray)
            } else {
                (bytes::BYTES_METHODS, unbound_bytes)
            }
        }
        T::Int | T::Bool => {
            if name == "from_bytes" {
                return Some(super::native("from_bytes", bytes::from_bytes));
            }
            (super::numbers::INT_METHODS, unbound_int)
        }
        T::Float => (super::numbers::FLOAT_METHODS, unbound_float),
        // `ValueError.__init__(self, msg)`: what `super().__init__(msg)`
        // reaches (classes.rs), with `self` passed first.
        T::Exception if name == "__init__" => {
            return Some(super::native(
                "__init__",
                super::classes::exception_init_unbound,
            ))
        }
        _ => return None,
    };
    let (n, _) = t.iter().find(|(n, _)| *n == name)?;
    // The method's name rides in the bound slot; the dispatcher finds the
    // method again and moves the first argument into `self`.
    Some(Value::obj(Object::Builtin(Builtin {
        name: n,
        func: via,
        bound: Some(Value::str(n)),
        module: None,
        unary: None,
    })))
}

fn call_unbound(
    vm: &mut Vm,
    type_name: &str,
    table: &[(&str, NativeFn)],
    fits: fn(&Value) -> bool,
    name: Option<&Value>,
    mut args: Args,
) -> PyResult<Value> {
    let name = match name {
        Some(Value::Str(s)) => s.clone(),
        _ => return Err(vm.new_error("TypeError", "unbound method needs its name")),
    };
    if args.pos.is_empty() {
        return Err(vm.new_error(
            "TypeError",
            format!("unbound method {type_name}.{name}() needs an argument"),
        ));
    }
    let me = args.pos.remove(0);
    if !fits(&me) {
        return Err(vm.new_error(
            "TypeError",
            format!(
                "descriptor '{name}' for '{type_name}' objects doesn't apply to a '{}' object",
                vm.type_name(&me)
            ),
        ));
    }
    let Some((_, f)) = table.iter().find(|(n, _)| **n == *name) else {
        return Err(vm.new_error(
            "AttributeError",
            format!("type object '{type_name}' has no attribute '{name}'"),
        ));
    };
    if !args.kw.is_empty() {
        vm.check_keywords(*f, &name, None, Some(&me), &args.kw)?;
    }
    f(vm, Some(&me), args)
}

fn unbound_str(vm: &mut Vm, n: Option<&Value>, a: Args) -> PyResult<Value> {
    call_unbound(
        vm,
        "str",
        text::METHODS,
        |v| matches!(v, Value::Str(_)),
        n,
        a,
    )
}

fn unbound_list(vm: &mut Vm, n: Option<&Value>, a: Args) -> PyResult<Value> {
    let fits = |v: &Value| matches!(v.as_obj(), Some(Object::List(_)));
    call_unbound(vm, "list", list::LIST_METHODS, fits, n, a)
}

fn unbound_tuple(vm: &mut Vm, n: Option<&Value>, a: Args) -> PyResult<Value> {
    let fits = |v: &Value| matches!(v.as_obj(), Some(Object::Tuple(_)));
    call_unbound(vm, "tuple", list::TUPLE_METHODS, fits, n, a)
}

fn unbound_dict(vm: &mut Vm, n: Option<&Value>, a: Args) -> PyResult<Value> {
    let fits = |v: &Value| matches!(v.as_obj(), Some(Object::Dict(_)));
    call_unbound(vm, "dict", map::DICT_METHODS, fits, n, a)
}

fn unbound_set(vm: &mut Vm, n: Option<&Value>, a: Args) -> PyResult<Value> {
    let fits = |v: &Value| matches!(v.as_obj(), Some(Object::Set(_)));
    call_unbound(vm, "set", sets::SET_METHODS, fits, n, a)
}

fn unbound_frozenset(vm: &mut Vm, n: Option<&Value>, a: Args) -> PyResult<Value> {
    let fits = |v: &Value| matches!(v.as_obj(), Some(Object::FrozenSet(_)));
    call_unbound(vm, "frozenset", sets::FROZENSET_METHODS, fits, n, a)
}

fn unbound_bytes(vm: &mut Vm, n: Option<&Value>, a: Args) -> PyResult<Value> {
    let fits = |v: &Value| matches!(v.as_obj(), Some(Object::Bytes(_)));
    call_unbound(vm, "bytes", bytes::BYTES_METHODS, fits, n, a)
}

fn unbound_bytearray(vm: &mut Vm, n: Option<&Value>, a: Args) -> PyResult<Value> {
    let fits = |v: &Value| matches!(v.as_obj(), Some(Object::ByteArray(_)));
    call_unbound(vm, "bytearray", bytes::BYTEARRAY_METHODS, fits, n, a)
}

fn unbound_int(vm: &mut Vm, n: Option<&Value>, a: Args) -> PyResult<Value> {
    let fits = |v: &Value| matches!(v, Value::Int(_) | Value::Big(_) | Value::Bool(_));
    call_unbound(vm, "int", super::numbers::INT_METHODS, fits, n, a)
}

fn unbound_float(vm: &mut Vm, n: Option<&Value>, a: Args) -> PyResult<Value> {
    let fits = |v: &Value| matches!(v, Value::Float(_));
    call_unbound(vm, "float", super::numbers::FLOAT_METHODS, fits, n, a)
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
