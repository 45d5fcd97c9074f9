//! The builtins that look at objects and types: `isinstance`, `issubclass`,
//! `getattr` and its siblings, `callable`.

use super::*;

pub(super) fn isinstance(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "isinstance", &args, 2, 2)?;
    let classes = match args.pos[1].as_obj() {
        Some(Object::Tuple(t)) => t.to_vec(),
        _ => vec![args.pos[1].clone()],
    };
    for c in &classes {
        if !matches!(c.as_obj(), Some(Object::Class(_))) {
            return Err(vm.new_error(
                "TypeError",
                "isinstance() arg 2 must be a type, a tuple of types, or a union",
            ));
        }
        if vm.isinstance(&args.pos[0], c) {
            return Ok(Value::Bool(true));
        }
        // A metaclass's `__instancecheck__` (`numbers.Number` answers for
        // the built-in number types registered with it).
        if let Some(check) = vm.meta_special(c, "__instancecheck__") {
            let r = vm.call(&check, Args::new(vec![args.pos[0].clone()]))?;
            if vm.truthy(&r)? {
                return Ok(Value::Bool(true));
            }
        }
    }
    Ok(Value::Bool(false))
}

pub(super) fn issubclass(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "issubclass", &args, 2, 2)?;
    if !matches!(args.pos[0].as_obj(), Some(Object::Class(_))) {
        return Err(vm.new_error("TypeError", "issubclass() arg 1 must be a class"));
    }
    let classes = match args.pos[1].as_obj() {
        Some(Object::Tuple(t)) => t.to_vec(),
        _ => vec![args.pos[1].clone()],
    };
    for c in &classes {
        if vm.is_subclass(&args.pos[0], c) {
            return Ok(Value::Bool(true));
        }
        if let Some(check) = vm.meta_special(c, "__subclasscheck__") {
            let r = vm.call(&check, Args::new(vec![args.pos[0].clone()]))?;
            if vm.truthy(&r)? {
                return Ok(Value::Bool(true));
            }
        }
    }
    Ok(Value::Bool(false))
}

pub(super) fn attr_name(vm: &Vm, v: &Value) -> PyResult<Arc<str>> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        _ => Err(vm.new_error(
            "TypeError",
            format!("attribute name must be string, not '{}'", vm.type_name(v)),
        )),
    }
}

pub(super) fn getattr(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "getattr", &args, 2, 3)?;
    let name = attr_name(vm, &args.pos[1])?;
    match vm.try_attr(&args.pos[0], &name)? {
        Some(v) => Ok(v),
        None => match args.pos.get(2) {
            Some(d) => Ok(d.clone()),
            None => Err(vm.attr_error(&args.pos[0], &name)),
        },
    }
}

pub(super) fn setattr(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "setattr", &args, 3, 3)?;
    let name = attr_name(vm, &args.pos[1])?;
    vm.set_attr(&args.pos[0], &name, args.pos[2].clone())?;
    Ok(Value::None)
}

pub(super) fn hasattr(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "hasattr", &args, 2, 2)?;
    let name = attr_name(vm, &args.pos[1])?;
    Ok(Value::Bool(vm.try_attr(&args.pos[0], &name)?.is_some()))
}

pub(super) fn delattr(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "delattr", &args, 2, 2)?;
    let name = attr_name(vm, &args.pos[1])?;
    vm.del_attr(&args.pos[0], &name)?;
    Ok(Value::None)
}

pub(super) fn callable(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "callable", &args, 1, 1)?;
    let v = &args.pos[0];
    Ok(Value::Bool(match v.as_obj() {
        Some(Object::Function(_) | Object::Builtin(_) | Object::Method(..) | Object::Class(_)) => {
            true
        }
        Some(Object::Instance(_)) => vm.lookup_special(v, "__call__").is_some(),
        _ => false,
    }))
}
