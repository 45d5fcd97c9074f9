//! `object`'s own methods: what `object.__new__(cls)` in a thread-safe
//! singleton, `super().__init__()`, `super().__repr__()`, `__hash__ =
//! object.__hash__` or `object.__setattr__(self, k, v)` in a class's own
//! `__setattr__` reach. Found as `object.X`, as `C.X` for a class whose
//! bases do not define X, and as `super().X` past the last class that does
//! (`methods::class_attr`, `attr.rs`, `classes.rs`).
//!
//! Each takes its `self` either bound (`super().__eq__(other)`) or as the
//! first argument (`object.__eq__(a, b)`).

use crate::interleave::runner::types::BuiltinType;
use crate::interleave::runner::value::{Args, NativeFn, ObjRef, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

/// `object`'s methods, by name.
pub const OBJECT_METHODS: &[(&str, NativeFn)] = &[
    ("__new__", object_new),
    ("__init__", object_init),
    ("__init_subclass__", object_init_subclass),
    ("__setattr__", object_setattr),
    ("__getattribute__", object_getattribute),
    ("__delattr__", object_delattr),
    ("__eq__", object_eq),
    ("__ne__", object_ne),
    ("__hash__", object_hash),
    ("__repr__", object_repr),
    ("__str__", object_str),
    ("__format__", object_format),
];

/// `object.<name>`, unbound (`__new__` is a static method, the others take
/// `self` first).
pub fn object_method(name: &str) -> Option<Value> {
    let (n, f) = OBJECT_METHODS.iter().find(|(n, _)| *n == name)?;
    Some(super::native(n, *f))
}

/// The arguments with `self` first, and their count checked.
fn self_and(
    vm: &Vm,
    method: &str,
    me: Option<&Value>,
    args: Args,
    count: usize,
) -> PyResult<Vec<Value>> {
    let mut pos: Vec<Value> = me.cloned().into_iter().chain(args.pos).collect();
    if !args.kw.is_empty() {
        let msg = format!("object.{method}() takes no keyword arguments");
        return Err(vm.new_error("TypeError", msg));
    }
    if pos.len() != count {
        let msg = format!(
            "object.{method}() expected {count} argument{}, got {}",
            if count == 1 { "" } else { "s" },
            pos.len()
        );
        return Err(vm.new_error("TypeError", msg));
    }
    pos.truncate(count);
    Ok(pos)
}

/// Whether a class of the program (or one of its bases) defines `name`.
fn overrides(vm: &Vm, cls: &ObjRef, name: &str) -> bool {
    vm.class_lookup(cls, name).is_some()
}

/// The class a value's `object.X` asks about: its own class.
fn class_of(v: &Value) -> Option<ObjRef> {
    crate::interleave::runner::value::class_of_instance(v).cloned()
}

/// `object.__new__(cls)`: a new instance, no `__init__` run. Extra
/// arguments are an error when the class defines `__new__` (it was meant to
/// keep them) or has no `__init__` to take them, as in CPython.
fn object_new(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let extra = args.pos.len() + me.is_some() as usize > 1 || !args.kw.is_empty();
    let Some(cls) = me.or(args.pos.first()).cloned() else {
        let msg = "object.__new__(): not enough arguments";
        return Err(vm.new_error("TypeError", msg));
    };
    let (Value::Obj(o), Some(Object::Class(c))) = (&cls, cls.as_obj()) else {
        let msg = format!(
            "object.__new__(X): X is not a type object ({})",
            vm.type_name(&cls)
        );
        return Err(vm.new_error("TypeError", msg));
    };
    match c.builtin {
        None | Some(BuiltinType::Object) => {}
        Some(_) => {
            let msg = format!(
                "object.__new__({}) is not safe, use {}.__new__()",
                c.name, c.name
            );
            return Err(vm.new_error("TypeError", msg));
        }
    }
    if extra {
        if overrides(vm, o, "__new__") {
            let msg = "object.__new__() takes exactly one argument (the type to instantiate)";
            return Err(vm.new_error("TypeError", msg));
        }
        if !overrides(vm, o, "__init__") {
            return Err(vm.new_error("TypeError", format!("{}() takes no arguments", c.name)));
        }
    }
    Ok(vm.new_instance(o))
}

/// `object.__init__(self)`: nothing to do. Extra arguments (a
/// `super().__init__(name)` that reached `object`) are an error when the
/// class has its own `__init__`, as in CPython.
fn object_init(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let extra = args.pos.len() + me.is_some() as usize > 1 || !args.kw.is_empty();
    let Some(this) = me.or(args.pos.first()) else {
        let msg = "descriptor '__init__' of 'object' object needs an argument";
        return Err(vm.new_error("TypeError", msg));
    };
    if extra {
        if let Some(cls) = class_of(this) {
            if overrides(vm, &cls, "__init__") || !overrides(vm, &cls, "__new__") {
                let msg =
                    "object.__init__() takes exactly one argument (the instance to initialize)";
                return Err(vm.new_error("TypeError", msg));
            }
        }
    }
    Ok(Value::None)
}

/// `object.__init_subclass__()`: a class method that does nothing.
fn object_init_subclass(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    if !args.kw.is_empty() {
        let name = match me.and_then(|m| m.as_obj()) {
            Some(Object::Class(c)) => c.name.to_string(),
            _ => "object".into(),
        };
        let msg = format!("{name}.__init_subclass__() takes no keyword arguments");
        return Err(vm.new_error("TypeError", msg));
    }
    Ok(Value::None)
}

/// `object.__setattr__(obj, name, value)`, or `super().__setattr__(name,
/// value)` (bound): how a class's own `__setattr__` stores in the end.
pub fn object_setattr(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let [obj, name, value] =
        <[Value; 3]>::try_from(self_and(vm, "__setattr__", me, args, 3)?).expect("three, checked");
    let name = attr_name(vm, &name)?;
    match obj.as_obj() {
        Some(Object::Instance(inst)) => vm.set_instance_attr(&obj, inst, &name, value)?,
        // `type.__setattr__(cls, …)` in a metaclass's own `__setattr__`.
        Some(Object::Class(c)) => crate::interleave::runner::attr::set_class_attr(c, &name, value),
        _ => vm.set_attr(&obj, &name, value)?,
    }
    Ok(Value::None)
}

fn attr_name(vm: &Vm, name: &Value) -> PyResult<std::sync::Arc<str>> {
    match name {
        Value::Str(s) => Ok(s.clone()),
        _ => {
            let msg = format!(
                "attribute name must be string, not '{}'",
                vm.type_name(name)
            );
            Err(vm.new_error("TypeError", msg))
        }
    }
}

/// `object.__getattribute__(obj, name)`.
fn object_getattribute(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let [obj, name] = <[Value; 2]>::try_from(self_and(vm, "__getattribute__", me, args, 2)?)
        .expect("two, checked");
    let name = attr_name(vm, &name)?;
    vm.get_attr(&obj, &name)
}

/// `object.__delattr__(obj, name)`.
fn object_delattr(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let [obj, name] =
        <[Value; 2]>::try_from(self_and(vm, "__delattr__", me, args, 2)?).expect("two, checked");
    let name = attr_name(vm, &name)?;
    vm.del_attr_plain(&obj, &name)?;
    Ok(Value::None)
}

/// `object.__eq__(a, b)`: True for the same object, else NotImplemented
/// (the other side is asked, then identity decides).
fn object_eq(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let [a, b] =
        <[Value; 2]>::try_from(self_and(vm, "__eq__", me, args, 2)?).expect("two, checked");
    Ok(if a.is(&b) {
        Value::Bool(true)
    } else {
        vm.interp.types.not_implemented.clone()
    })
}

/// `object.__ne__(a, b)`: the opposite of `a`'s `__eq__`, or
/// NotImplemented when that is.
fn object_ne(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let [a, b] =
        <[Value; 2]>::try_from(self_and(vm, "__ne__", me, args, 2)?).expect("two, checked");
    let eq = match vm.lookup_special(&a, "__eq__") {
        Some(f) => vm.call(&f, Args::new(vec![b]))?,
        None if a.is(&b) => Value::Bool(true),
        None => return Ok(vm.interp.types.not_implemented.clone()),
    };
    if eq.is(&vm.interp.types.not_implemented) {
        return Ok(eq);
    }
    Ok(Value::Bool(!vm.truthy(&eq)?))
}

/// `object.__hash__(obj)`: the hash of its identity.
fn object_hash(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let [a] = <[Value; 1]>::try_from(self_and(vm, "__hash__", me, args, 1)?).expect("one, checked");
    Ok(Value::Int(match &a {
        Value::Obj(o) => super::hashing::identity_hash(o),
        _ => super::hashing::value_hash(&a),
    }))
}

/// `object.__repr__(obj)`: `<module.Name object at 0x…>`, whatever the
/// class's own `__repr__` says.
fn object_repr(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let [a] = <[Value; 1]>::try_from(self_and(vm, "__repr__", me, args, 1)?).expect("one, checked");
    Ok(Value::str(&vm.default_repr(&a)?))
}

/// `object.__str__(obj)`: its `repr()` (the class's own `__repr__` if any).
fn object_str(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let [a] = <[Value; 1]>::try_from(self_and(vm, "__str__", me, args, 1)?).expect("one, checked");
    Ok(Value::str(&vm.repr(&a)?))
}

/// `object.__format__(obj, spec)`: `str(obj)` for an empty spec, else a
/// TypeError (a class that formats defines its own).
fn object_format(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let [a, spec] =
        <[Value; 2]>::try_from(self_and(vm, "__format__", me, args, 2)?).expect("two, checked");
    match spec {
        Value::Str(s) if s.is_empty() => Ok(Value::str(&vm.to_str(&a)?)),
        Value::Str(_) => {
            let msg = format!(
                "unsupported format string passed to {}.__format__",
                vm.type_name(&a)
            );
            Err(vm.new_error("TypeError", msg))
        }
        other => {
            let msg = format!("format_spec must be a str, not {}", vm.type_name(&other));
            Err(vm.new_error("TypeError", msg))
        }
    }
}
