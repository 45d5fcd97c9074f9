//! Built-ins about classes: `super()` (with no arguments, as a method
//! calls it), `staticmethod`, `classmethod`, the `__init__` of `object`
//! and of exceptions that `super().__init__(...)` reaches, and `object`'s
//! `__setattr__` that a class's own `__setattr__` stores through.

use crate::interleave::runner::value::ObjRef;

use crate::interleave::runner::value::{lock, Args, Native, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

use super::functions::arity;

/// `super()`: the next class after the method's own in the MRO of the
/// instance's class.
struct Super {
    this: Value,
    after: ObjRef,
}

impl Native for Super {
    fn type_name(&self) -> &str {
        "super"
    }
    fn attr(&self, _me: &Value, name: &str) -> Option<Value> {
        let cls = match self.this.as_obj() {
            Some(Object::Instance(i)) => i.class.clone(),
            Some(Object::Class(_)) => match &self.this {
                Value::Obj(o) => o.clone(),
                _ => return None,
            },
            _ => return None,
        };
        let Object::Class(c) = &*cls else { return None };
        let mro = crate::interleave::runner::types::mro_of(&cls, c);
        let pos = mro.iter().position(|m| ObjRef::ptr_eq(m, &self.after))?;
        for m in &mro[pos + 1..] {
            if let Object::Class(mc) = &**m {
                if let Some(v) = lock(&mc.dict).get(name) {
                    return Some(crate::interleave::runner::types::bind(&self.this, v));
                }
                if mc.builtin == Some(crate::interleave::runner::types::BuiltinType::Exception)
                    && name == "__init__"
                {
                    return Some(crate::interleave::runner::types::bind(
                        &self.this,
                        &super::native("__init__", exception_init),
                    ));
                }
            }
        }
        match name {
            "__init__" => Some(super::native("__init__", object_init)),
            "__setattr__" => Some(crate::interleave::runner::types::bind(
                &self.this,
                &super::native("__setattr__", object_setattr),
            )),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn object_init(_: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::None)
}

/// `object.__setattr__(obj, name, value)`, or `super().__setattr__(name,
/// value)` (bound): how a class's own `__setattr__` stores in the end.
pub fn object_setattr(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let mut pos: Vec<Value> = args.pos.into_iter().collect();
    if let Some(me) = me {
        pos.insert(0, me.clone());
    }
    let n = pos.len();
    let Ok([obj, name, value]) = <[Value; 3]>::try_from(pos) else {
        let msg = format!("expected 3 arguments, got {n}");
        return Err(vm.new_error("TypeError", msg));
    };
    let Value::Str(name) = name else {
        let msg = format!(
            "attribute name must be string, not '{}'",
            vm.type_name(&name)
        );
        return Err(vm.new_error("TypeError", msg));
    };
    match obj.as_obj() {
        Some(Object::Instance(inst)) => vm.set_instance_attr(&obj, inst, &name, value)?,
        _ => vm.set_attr(&obj, &name, value)?,
    }
    Ok(Value::None)
}

fn exception_init(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    if let Some(me) = me {
        vm.set_attr(me, "args", Value::tuple(args.pos))?;
    }
    Ok(Value::None)
}

pub fn super_(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let (after, this) = match args.pos.len() {
        0 => {
            let ctx = vm.ctx.last();
            match ctx.and_then(|c| Some((c.owner.clone()?, c.first_arg.clone()?))) {
                Some(x) => x,
                None => return Err(vm.new_error("RuntimeError", "super(): no arguments")),
            }
        }
        2 => (args.pos[0].clone(), args.pos[1].clone()),
        _ => return Err(vm.new_error("TypeError", "super() takes 0 or 2 arguments here")),
    };
    let Value::Obj(after) = after else {
        return Err(vm.new_error("TypeError", "super() argument 1 must be a type"));
    };
    Ok(Value::obj(Object::Native(Box::new(Super { this, after }))))
}

pub fn staticmethod(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "staticmethod", &args, 1, 1)?;
    Ok(Value::obj(Object::StaticMethod(args.pos[0].clone())))
}

pub fn classmethod(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "classmethod", &args, 1, 1)?;
    Ok(Value::obj(Object::ClassMethod(args.pos[0].clone())))
}
