//! Built-ins about classes: `super()` (with no arguments, as a method
//! calls it), `staticmethod`, `classmethod`, the `__init__` of exceptions
//! that `super().__init__(...)` reaches (`object`'s own methods are
//! `object.rs`), and a class subscripted: `list[int]` in a type alias,
//! `Stack[int]` through its `__class_getitem__`.

use crate::interleave::runner::value::ObjRef;

use super::object::object_method;
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
        let mut mro = crate::interleave::runner::types::mro_of(&cls, c);
        // In a metaclass's method `self` is a class, and `super()` walks
        // the metaclass's MRO.
        if let (false, Some(meta)) = (mro.iter().any(|m| ObjRef::ptr_eq(m, &self.after)), &c.meta) {
            if let Object::Class(mc) = &**meta {
                mro = crate::interleave::runner::types::mro_of(meta, mc);
            }
        }
        let pos = mro.iter().position(|m| ObjRef::ptr_eq(m, &self.after))?;
        for m in &mro[pos + 1..] {
            if let Object::Class(mc) = &**m {
                if let Some(v) = lock(&mc.dict).get(name) {
                    return Some(crate::interleave::runner::types::bind(&self.this, v));
                }
                if mc.builtin == Some(crate::interleave::runner::types::BuiltinType::Type) {
                    if let Some(f) = crate::interleave::runner::meta::type_method(name) {
                        return Some(crate::interleave::runner::types::bind(&self.this, &f));
                    }
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
        let f = object_method(name)?;
        Some(match name {
            // A static method: `super().__new__(cls)` passes the class.
            "__new__" => f,
            _ => crate::interleave::runner::types::bind(&self.this, &f),
        })
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn exception_init(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    if let Some(me) = me {
        vm.set_attr(me, "args", Value::tuple(args.pos))?;
    }
    Ok(Value::None)
}

/// `Exception.__init__(self, *args)` called on the class: `self` comes
/// first among the arguments.
pub(super) fn exception_init_unbound(
    vm: &mut Vm,
    _: Option<&Value>,
    args: Args,
) -> PyResult<Value> {
    let Some((me, rest)) = args.pos.split_first() else {
        return Err(vm.new_error(
            "TypeError",
            "descriptor '__init__' of 'BaseException' object needs an argument",
        ));
    };
    vm.set_attr(me, "args", Value::tuple(rest.to_vec()))?;
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

/// `list[int]`, `dict[str, int]`: a built-in class with the types it holds,
/// for type hints (it prints as written; nothing is checked).
struct GenericAlias {
    origin: Value,
    args: Value,
    shown: String,
}

impl Native for GenericAlias {
    fn type_name(&self) -> &str {
        "types.GenericAlias"
    }
    fn attr(&self, _me: &Value, name: &str) -> Option<Value> {
        match name {
            "__origin__" => Some(self.origin.clone()),
            "__args__" => Some(self.args.clone()),
            _ => None,
        }
    }
    fn repr(&self) -> Option<String> {
        Some(self.shown.clone())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Vm {
    /// `C[i]`: a class of the program asks its `__class_getitem__` (a
    /// class method); a built-in class gives a [`GenericAlias`].
    pub fn class_subscript(
        &mut self,
        cls: &Value,
        c: &crate::interleave::runner::value::Class,
        index: &Value,
    ) -> PyResult<Value> {
        if c.builtin.is_none() {
            let Value::Obj(o) = cls else {
                unreachable!("a class")
            };
            return match self.class_lookup(o, "__class_getitem__") {
                Some(f) => {
                    let f = match f.as_obj() {
                        Some(Object::ClassMethod(inner)) => inner.clone(),
                        _ => f,
                    };
                    let bound = crate::interleave::runner::types::bind(cls, &f);
                    self.call(&bound, Args::new(vec![index.clone()]))
                }
                None => Err(self.new_error(
                    "TypeError",
                    format!("type '{}' is not subscriptable", c.name),
                )),
            };
        }
        let items: Vec<Value> = match index.as_obj() {
            Some(Object::Tuple(t)) => t.to_vec(),
            _ => vec![index.clone()],
        };
        let mut parts = Vec::with_capacity(items.len());
        for x in &items {
            parts.push(match x.as_obj() {
                Some(Object::Class(xc)) if &*xc.module == "builtins" => xc.qualname.to_string(),
                Some(Object::Class(xc)) => format!("{}.{}", xc.module, xc.qualname),
                Some(Object::Native(n)) if n.type_name() == "ellipsis" => "...".into(),
                _ => self.repr(x)?,
            });
        }
        let shown = format!("{}[{}]", c.qualname, parts.join(", "));
        Ok(Value::obj(Object::Native(Box::new(GenericAlias {
            origin: cls.clone(),
            args: Value::tuple(items),
            shown,
        }))))
    }
}
