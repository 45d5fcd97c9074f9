//! Attribute access: instances (their dict, then the class's MRO, binding
//! functions as methods), classes, modules, built-in values' methods, and
//! native objects.

use super::types::bind;
use super::value::{lock, Object, Value};
use super::vm::Vm;
use super::PyResult;
use crate::interleave::runner::value::ObjRef;

impl Vm {
    pub fn get_attr(&mut self, obj: &Value, name: &str) -> PyResult<Value> {
        if let Some(v) = self.try_attr(obj, name)? {
            return Ok(v);
        }
        Err(self.attr_error(obj, name))
    }

    pub fn attr_error(&self, obj: &Value, name: &str) -> super::PyErr {
        let msg = match obj.as_obj() {
            Some(Object::Module(m)) => format!("module '{}' has no attribute '{name}'", m.name),
            Some(Object::Class(c)) => format!("type object '{}' has no attribute '{name}'", c.name),
            _ => format!("'{}' object has no attribute '{name}'", self.type_name(obj)),
        };
        self.new_error("AttributeError", msg)
    }

    /// The attribute, or `None` when there is none (no error raised).
    // Python's lookup order top to bottom, one object kind per arm: kept in
    // one function so the order can be checked against CPython's in one place.
    pub fn try_attr(&mut self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        let Value::Obj(o) = obj else {
            return Ok(super::builtins::methods::lookup(self, obj, name));
        };
        match &**o {
            Object::Instance(inst) => {
                if let Some(v) = inst.get(name) {
                    return Ok(Some(v));
                }
                if name == "__class__" {
                    return Ok(Some(Value::Obj(inst.class.clone())));
                }
                if name == "__dict__" {
                    return Ok(Some(Value::Obj(inst.dict.clone())));
                }
                if let Some(f) = self.class_lookup(&inst.class, name) {
                    return Ok(Some(self.descriptor(obj, &f, Some(&inst.class))?));
                }
                if let Some(ga) = self.class_lookup(&inst.class, "__getattr__") {
                    let m = bind(obj, &ga);
                    // An AttributeError from __getattr__ means "no such
                    // attribute" (hasattr, getattr with a default).
                    return match self.call1(&m, vec![Value::str(name)]) {
                        Ok(v) => Ok(Some(v)),
                        Err(e)
                            if e.kill.is_none()
                                && self.isinstance(
                                    &e.exc,
                                    &self.interp.types.get("AttributeError").clone(),
                                ) =>
                        {
                            Ok(None)
                        }
                        Err(e) => Err(e),
                    };
                }
                Ok(None)
            }
            Object::Class(c) => {
                match name {
                    "__name__" => return Ok(Some(Value::Str(c.name.clone()))),
                    "__qualname__" => return Ok(Some(Value::Str(c.qualname.clone()))),
                    "__module__" => return Ok(Some(Value::Str(c.module_name()))),
                    "__mro__" => {
                        let m = super::types::mro_of(o, c)
                            .into_iter()
                            .map(Value::Obj)
                            .collect::<Vec<_>>();
                        return Ok(Some(Value::tuple(m)));
                    }
                    "__bases__" => {
                        let b: Vec<_> = c.bases.iter().cloned().map(Value::Obj).collect();
                        return Ok(Some(Value::tuple(b)));
                    }
                    // CPython's is a read-only view; a copy reads the same
                    // (`dataclasses` reads a class's own attributes here).
                    "__dict__" if c.builtin.is_none() => {
                        let d: super::value::Dict = lock(&c.dict)
                            .iter()
                            .map(|(k, v)| (super::value::Key(Value::Str(k.clone())), v.clone()))
                            .collect();
                        return Ok(Some(Value::dict(d)));
                    }
                    _ => {}
                }
                match self.class_lookup(o, name) {
                    Some(v) => match v.as_obj() {
                        Some(Object::ClassMethod(f)) => Ok(Some(bind(obj, f))),
                        Some(Object::StaticMethod(f)) => Ok(Some(f.clone())),
                        Some(Object::Instance(d)) => match self.class_lookup(&d.class, "__get__") {
                            Some(get) => {
                                let get = bind(&v, &get);
                                Ok(Some(self.call1(&get, vec![Value::None, obj.clone()])?))
                            }
                            None => Ok(Some(v)),
                        },
                        _ => Ok(Some(v)),
                    },
                    None => match self.builtin_class_attr(obj, o, c, name) {
                        Some(v) => Ok(Some(v)),
                        None => self.meta_attr(obj, name),
                    },
                }
            }
            Object::Module(m) => Ok(m.globals.get(name).or_else(|| match name {
                "__name__" => Some(Value::Str(m.name.clone())),
                _ => None,
            })),
            Object::Native(n) => Ok(n.attr(obj, name)),
            Object::Function(f) => Ok(match name {
                "__name__" => Some(Value::Str(f.name.clone())),
                "__qualname__" => Some(Value::Str(f.qualname.clone())),
                "__module__" => Some(Value::Str(f.globals.module.clone())),
                _ => super::builtins::dunders::lookup(obj, name),
            }),
            Object::Builtin(b) => Ok(match name {
                "__name__" | "__qualname__" => Some(Value::str(b.name)),
                "__self__" => b.bound.clone(),
                _ => super::builtins::dunders::lookup(obj, name),
            }),
            Object::Property(p) => Ok(match name {
                "fget" => Some(property_part(p, 0)),
                "fset" => Some(property_part(p, 1)),
                "setter" | "getter" => Some(Value::obj(Object::Builtin(super::value::Builtin {
                    name: if name == "setter" { "setter" } else { "getter" },
                    func: if name == "setter" {
                        property_setter
                    } else {
                        property_getter
                    },
                    bound: Some(obj.clone()),
                    module: None,
                    unary: None,
                }))),
                _ => None,
            }),
            Object::Method(me, f) => Ok(match name {
                "__self__" => Some(me.clone()),
                "__func__" => Some(f.clone()),
                // Bound to the method, so that the call passes `self`.
                "__call__" => super::builtins::dunders::lookup(obj, name),
                _ => self.try_attr(&f.clone(), name)?,
            }),
            _ => Ok(super::builtins::methods::lookup(self, obj, name)),
        }
    }

    /// What a class attribute found through an instance becomes: functions
    /// bind, properties call their getter, class methods bind to the class.
    fn descriptor(&mut self, obj: &Value, f: &Value, cls: Option<&ObjRef>) -> PyResult<Value> {
        match f.as_obj() {
            Some(Object::Property(p)) => {
                let get = property_part(p, 0);
                if get.is_none() {
                    return Err(self.new_error(
                        "AttributeError",
                        format!("property of '{}' object has no getter", self.type_name(obj)),
                    ));
                }
                self.call1(&get, vec![obj.clone()])
            }
            Some(Object::ClassMethod(inner)) => {
                let c = cls.map(|c| Value::Obj(c.clone())).unwrap_or(Value::None);
                Ok(bind(&c, inner))
            }
            // An object of the program's own with `__get__` (a descriptor:
            // `functools.cached_property`, a tutorial's validator).
            Some(Object::Instance(d)) => match self.class_lookup(&d.class, "__get__") {
                Some(get) => {
                    let c = cls.map(|c| Value::Obj(c.clone())).unwrap_or(Value::None);
                    let get = bind(f, &get);
                    self.call1(&get, vec![obj.clone(), c])
                }
                None => Ok(f.clone()),
            },
            _ => Ok(bind(obj, f)),
        }
    }

    /// `object.__setattr__(obj, name, v)` for an instance: a property's
    /// setter, else a store into the instance (its class's own
    /// `__setattr__`, if any, is what called this).
    pub fn set_instance_attr(
        &mut self,
        obj: &Value,
        inst: &super::value::Instance,
        name: &str,
        v: Value,
    ) -> PyResult<()> {
        if let Some(found) = self.class_lookup(&inst.class, name) {
            if let Some(Object::Property(p)) = found.as_obj() {
                let set = property_part(p, 1);
                if set.is_none() {
                    return Err(self.new_error(
                        "AttributeError",
                        format!(
                            "property '{name}' of '{}' object has no setter",
                            inst.class_name
                        ),
                    ));
                }
                self.call1(&set, vec![obj.clone(), v])?;
                return Ok(());
            }
            // A data descriptor of the program's own: its `__set__` stores.
            if let Some(Object::Instance(d)) = found.as_obj() {
                if let Some(set) = self.class_lookup(&d.class, "__set__") {
                    let set = bind(&found, &set);
                    self.call1(&set, vec![obj.clone(), v])?;
                    return Ok(());
                }
            }
        }
        inst.set(name, v);
        Ok(())
    }

    pub fn set_attr(&mut self, obj: &Value, name: &str, v: Value) -> PyResult<()> {
        match obj.as_obj() {
            Some(Object::Instance(inst)) => {
                if self.plain_setattr(&inst.class) {
                    inst.set(name, v);
                    return Ok(());
                }
                if let Some(sa) = self.class_lookup(&inst.class, "__setattr__") {
                    let m = bind(obj, &sa);
                    self.call1(&m, vec![Value::str(name), v])?;
                    return Ok(());
                }
                self.set_instance_attr(obj, inst, name, v)
            }
            Some(Object::Class(c)) => match self.meta_special(obj, "__setattr__") {
                Some(m) => self.call1(&m, vec![Value::str(name), v]).map(|_| ()),
                None => {
                    set_class_attr(c, name, v);
                    Ok(())
                }
            },
            Some(Object::Module(m)) => {
                m.globals.set(name, v);
                Ok(())
            }
            _ => Err(self.new_error(
                "AttributeError",
                format!(
                    "'{}' object has no attribute '{name}' and no __dict__ for setting new attributes",
                    self.type_name(obj)
                ),
            )),
        }
    }

    /// `C.X` where no class of the program along C's bases defines X: the
    /// built-in class's own (`str.lower`), or for a class of the program
    /// (or an exception) `object`'s (`C.__setattr__`, `C.__init__`).
    fn builtin_class_attr(
        &mut self,
        obj: &Value,
        cls: &ObjRef,
        c: &super::value::Class,
        name: &str,
    ) -> Option<Value> {
        use super::types::BuiltinType as T;
        if !matches!(c.builtin, None | Some(T::Object) | Some(T::Exception)) {
            return super::builtins::methods::class_attr(self, c, name);
        }
        let found = std::iter::once(cls)
            .chain(&c.mro)
            .find_map(|m| match &**m {
                Object::Class(mc) if mc.builtin.is_some() => {
                    super::builtins::methods::class_attr(self, mc, name)
                }
                _ => None,
            })
            .or_else(|| super::builtins::object::object_method(name))?;
        // A class method, bound to the class asked.
        Some(if name == "__init_subclass__" {
            super::types::bind(obj, &found)
        } else {
            found
        })
    }

    /// `del obj.name` (and `delattr`): the class's `__delattr__` when it
    /// defines one.
    pub fn del_attr(&mut self, obj: &Value, name: &str) -> PyResult<()> {
        if let Some(Object::Instance(inst)) = obj.as_obj() {
            if let Some(f) = self.class_lookup(&inst.class, "__delattr__") {
                if matches!(f.as_obj(), Some(Object::Function(_))) {
                    let m = bind(obj, &f);
                    self.call1(&m, vec![Value::str(name)])?;
                    return Ok(());
                }
            }
        }
        self.del_attr_plain(obj, name)
    }

    /// `object.__delattr__(obj, name)`: the name leaves the instance's
    /// `__dict__` (the class's, the module's).
    pub fn del_attr_plain(&mut self, obj: &Value, name: &str) -> PyResult<()> {
        let removed = match obj.as_obj() {
            Some(Object::Instance(inst)) => inst.remove(name),
            Some(Object::Class(c)) => {
                let removed = lock(&c.dict).shift_remove(name).is_some();
                super::types::class_changed();
                removed
            }
            Some(Object::Module(m)) => m.globals.remove(name),
            _ => false,
        };
        if removed {
            Ok(())
        } else {
            Err(self.attr_error(obj, name))
        }
    }
}

/// A property's getter (0) or setter (1); `None` when it has none.
fn property_part(p: &Value, i: usize) -> Value {
    match p.as_obj() {
        Some(Object::Tuple(t)) => t.get(i).cloned().unwrap_or(Value::None),
        _ if i == 0 => p.clone(),
        _ => Value::None,
    }
}

fn property_with(me: Option<&Value>, i: usize, f: Value) -> Value {
    let p = match me.and_then(|m| m.as_obj()) {
        Some(Object::Property(p)) => p.clone(),
        _ => Value::None,
    };
    let mut parts = vec![property_part(&p, 0), property_part(&p, 1)];
    parts[i] = f;
    Value::obj(Object::Property(Value::tuple(parts)))
}

/// `@prop.setter`: a new property with the same getter and this setter.
fn property_setter(vm: &mut Vm, me: Option<&Value>, args: super::value::Args) -> PyResult<Value> {
    match args.pos.into_iter().next() {
        Some(f) => Ok(property_with(me, 1, f)),
        None => Err(vm.new_error("TypeError", "setter() takes exactly one argument (0 given)")),
    }
}

fn property_getter(vm: &mut Vm, me: Option<&Value>, args: super::value::Args) -> PyResult<Value> {
    match args.pos.into_iter().next() {
        Some(f) => Ok(property_with(me, 0, f)),
        None => Err(vm.new_error("TypeError", "getter() takes exactly one argument (0 given)")),
    }
}

/// Stores a class attribute, as `type.__setattr__` does (no metaclass asked).
pub fn set_class_attr(c: &super::value::Class, name: &str, v: Value) {
    lock(&c.dict).insert(std::sync::Arc::from(name), v);
    super::types::class_changed();
}
