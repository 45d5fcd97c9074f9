//! Metaclasses: a class of classes (`class M(type)`), given to a class with
//! `class C(metaclass=M)` or inherited from a base.
//!
//! Tutorials on threads meet them in the thread-safe singleton, whose
//! metaclass's `__call__` takes a lock, checks a table of instances and
//! makes the one instance through `super().__call__(...)`; and `enum`'s
//! members are listed, counted and looked up through methods of its
//! metaclass (`for s in State`, `len(State)`, `State["IDLE"]`).
//!
//! What is here, as CPython does it: the metaclass is chosen (the explicit
//! one, or the most derived of the bases'), called with the class's name,
//! bases and namespace (its own `__new__` and `__init__` run then; its
//! `__new__` reaches `type.__new__` through `super()`); calling a class
//! asks its metaclass's `__call__` first; `type(C)` is the metaclass; an
//! attribute not found on the class or its bases is looked up on the
//! metaclass (bound to the class); and the special methods the runner asks
//! of an object (`__iter__`, `__len__`, `__contains__`, `__getitem__`,
//! `__repr__`, `__bool__`…) are asked of a class's metaclass. Not here:
//! `__prepare__`, and a metaclass's data descriptors taking precedence over
//! the class's own attributes.

use std::sync::Arc;

use super::types::{bind, BuiltinType};
use super::value::{lock, Args, Class, Dict, ObjRef, Object, Value};
use super::vm::Vm;
use super::PyResult;

/// What a new class is called, where it is defined, its metaclass (`None`:
/// the bases' or `type`) and the keywords for its bases' `__init_subclass__`.
pub struct ClassSpec<'a> {
    pub name: &'a str,
    pub qualname: &'a str,
    pub module: &'a str,
    pub meta: Option<ObjRef>,
    pub keywords: Vec<(Arc<str>, Value)>,
}

/// Whether `c` is a metaclass: a class of the program with `type` among
/// its bases.
pub fn is_metaclass(c: &Class) -> bool {
    c.builtin.is_none()
        && c.mro
            .iter()
            .any(|m| matches!(&**m, Object::Class(mc) if mc.builtin == Some(BuiltinType::Type)))
}

/// The metaclass of a class value, when it has one other than `type`.
pub fn meta_of(v: &Value) -> Option<&ObjRef> {
    match v.as_obj() {
        Some(Object::Class(c)) => c.meta.as_ref(),
        _ => None,
    }
}

fn is_sub(a: &ObjRef, b: &ObjRef) -> bool {
    ObjRef::ptr_eq(a, b)
        || matches!(&**a, Object::Class(c) if c.mro.iter().any(|m| ObjRef::ptr_eq(m, b)))
}

impl Vm {
    /// The metaclass of a class with bases `bases`: `explicit` (when given)
    /// or the most derived of theirs; CPython's error when neither is a
    /// subclass of the other.
    pub(super) fn derived_meta(
        &mut self,
        explicit: Option<ObjRef>,
        bases: &[ObjRef],
    ) -> PyResult<Option<ObjRef>> {
        let mut winner = explicit;
        for b in bases {
            let Some(bm) = (match &**b {
                Object::Class(bc) => bc.meta.clone(),
                _ => None,
            }) else {
                continue;
            };
            match &winner {
                Some(w) if is_sub(w, &bm) => {}
                Some(w) if !is_sub(&bm, w) => {
                    return Err(self.new_error(
                        "TypeError",
                        "metaclass conflict: the metaclass of a derived class must be a \
                         (non-strict) subclass of the metaclasses of all its bases",
                    ))
                }
                _ => winner = Some(bm),
            }
        }
        Ok(winner)
    }

    /// A `class` statement's class, once its body has filled `ns`: made by
    /// its metaclass, with its keywords (`metaclass=` taken out).
    pub(super) fn class_from_statement(
        &mut self,
        spec: ClassSpec,
        bases: Vec<Value>,
        ns: Dict,
    ) -> PyResult<Value> {
        let mut spec = spec;
        let explicit = match spec.keywords.iter().position(|(k, _)| &**k == "metaclass") {
            Some(i) => Some(spec.keywords.remove(i).1),
            None => None,
        };
        let explicit = match explicit {
            None => None,
            // `metaclass=type` is the default.
            Some(Value::Obj(o)) if matches!(&*o, Object::Class(c) if c.builtin == Some(BuiltinType::Type)) => {
                None
            }
            Some(Value::Obj(o)) if matches!(&*o, Object::Class(c) if is_metaclass(c)) => Some(o),
            // Any other callable is called as a metaclass would be.
            Some(other) => {
                let args = Args {
                    pos: vec![Value::str(spec.name), Value::tuple(bases), Value::dict(ns)].into(),
                    kw: spec.keywords,
                };
                return self.call(&other, args);
            }
        };
        let base_objs: Vec<ObjRef> = bases
            .iter()
            .filter_map(|b| match b {
                Value::Obj(o) if matches!(&**o, Object::Class(_)) => Some(o.clone()),
                _ => None,
            })
            .collect();
        match self.derived_meta(explicit, &base_objs)? {
            None => self.new_class_of(spec, bases, ns),
            Some(meta) => {
                let mut ns = ns;
                // The qualified name travels in the namespace, as in CPython.
                ns.insert(
                    super::value::Key(Value::str("__qualname__")),
                    Value::str(spec.qualname),
                );
                let args = Args {
                    pos: vec![Value::str(spec.name), Value::tuple(bases), Value::dict(ns)].into(),
                    kw: spec.keywords,
                };
                self.call(&Value::Obj(meta), args)
            }
        }
    }

    /// `M(name, bases, ns, **kw)` for a metaclass `M`: its own `__new__`
    /// (else `type.__new__`) makes the class, then its own `__init__` runs.
    pub(super) fn instantiate_metaclass(&mut self, meta: &ObjRef, args: Args) -> PyResult<Value> {
        let again = || Args {
            pos: args.pos.clone(),
            kw: args.kw.clone(),
        };
        let made = match self.class_lookup(meta, "__new__") {
            Some(new) => {
                let new = match new.as_obj() {
                    Some(Object::StaticMethod(f)) => f.clone(),
                    _ => new,
                };
                let mut pos = vec![Value::Obj(meta.clone())];
                pos.extend(args.pos.iter().cloned());
                let kw = args.kw.clone();
                self.call(
                    &new,
                    Args {
                        pos: pos.into(),
                        kw,
                    },
                )?
            }
            None => self.type_new(meta, again())?,
        };
        let ours = meta_of(&made).is_some_and(|m| is_sub(m, meta));
        if ours {
            if let Some(init) = self.class_lookup(meta, "__init__") {
                self.call(&bind(&made, &init), again())?;
            }
        }
        Ok(made)
    }

    /// `type.__new__(mcs, name, bases, ns, **kw)`: a class whose
    /// metaclass is `mcs`.
    fn type_new(&mut self, mcs: &ObjRef, args: Args) -> PyResult<Value> {
        let [Value::Str(name), bases, ns] = &args.pos[..] else {
            return Err(self.new_error("TypeError", "type.__new__() takes exactly 3 arguments"));
        };
        let bases = match bases.as_obj() {
            Some(Object::Tuple(t)) => t.to_vec(),
            _ => return Err(self.new_error("TypeError", "type.__new__() argument 2 must be tuple")),
        };
        let mut ns = match ns.as_obj() {
            Some(Object::Dict(d)) => lock(d).clone(),
            _ => return Err(self.new_error("TypeError", "type.__new__() argument 3 must be dict")),
        };
        let text = |v: Option<Value>| match v {
            Some(Value::Str(s)) => Some(s),
            _ => None,
        };
        let qualname = text(ns.shift_remove(&super::value::Name("__qualname__")))
            .unwrap_or_else(|| name.clone());
        let module = text(ns.get(&super::value::Name("__module__")).cloned())
            .unwrap_or_else(|| Arc::from("__main__"));
        let meta = match &**mcs {
            Object::Class(c) if is_metaclass(c) => Some(mcs.clone()),
            _ => None,
        };
        let spec = ClassSpec {
            name,
            qualname: &qualname,
            module: &module,
            meta,
            keywords: args.kw,
        };
        self.new_class_of(spec, bases, ns)
    }

    /// A name looked up on a class's metaclass (after the class and its
    /// bases): a method bound to the class, a property's value.
    pub(super) fn meta_attr(&mut self, cls: &Value, name: &str) -> PyResult<Option<Value>> {
        let Some(meta) = meta_of(cls).cloned() else {
            return Ok(None);
        };
        let Some(v) = self.class_lookup(&meta, name) else {
            return Ok(None);
        };
        Ok(Some(match v.as_obj() {
            Some(Object::Property(_)) => {
                let get = self.get_attr(&v, "fget")?;
                self.call1(&get, vec![cls.clone()])?
            }
            Some(Object::ClassMethod(f)) => bind(&Value::Obj(meta), f),
            _ => bind(cls, &v),
        }))
    }

    /// A base's `__init_subclass__`, told of the new class (the class's own
    /// is for its subclasses) with the class statement's keywords.
    /// `object`'s does nothing and takes none.
    pub(super) fn init_subclass(
        &mut self,
        cls: &Value,
        keywords: Vec<(Arc<str>, Value)>,
    ) -> PyResult<()> {
        let Some(Object::Class(c)) = cls.as_obj() else {
            return Ok(());
        };
        let hook = c.mro.iter().find_map(|m| match &**m {
            Object::Class(mc) => lock(&mc.dict).get("__init_subclass__").cloned(),
            _ => None,
        });
        if let Some(hook) = hook {
            let bound = match hook.as_obj() {
                Some(Object::ClassMethod(f)) => bind(cls, f),
                _ => bind(cls, &hook),
            };
            self.call(
                &bound,
                Args {
                    pos: Default::default(),
                    kw: keywords,
                },
            )?;
        } else if !keywords.is_empty() {
            return Err(self.new_error(
                "TypeError",
                format!("{}.__init_subclass__() takes no keyword arguments", c.name),
            ));
        }
        Ok(())
    }

    /// A special method of a class, from its metaclass, bound to the class.
    pub(super) fn meta_special(&self, cls: &Value, name: &str) -> Option<Value> {
        let meta = meta_of(cls)?;
        let f = self.class_lookup(meta, name)?;
        Some(bind(cls, &f))
    }
}

/// `type`'s own methods, as `super()` in a metaclass reaches them:
/// `__new__` (static: handed the metaclass), `__call__` (makes an instance
/// the usual way, without the metaclass's `__call__`) and `__init__`.
pub fn type_method(name: &str) -> Option<Value> {
    use super::builtins::native;
    Some(match name {
        "__new__" => Value::obj(Object::StaticMethod(native("__new__", type_new_fn))),
        "__call__" => native("__call__", type_call_fn),
        "__init__" => native("__init__", |_, _, _| Ok(Value::None)),
        _ => return None,
    })
}

fn type_new_fn(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let mut args = args;
    if args.pos.is_empty() {
        return Err(vm.new_error("TypeError", "type.__new__(): not enough arguments"));
    }
    let mcs = args.pos.remove(0);
    match mcs {
        Value::Obj(o) if matches!(&*o, Object::Class(_)) => vm.type_new(&o, args),
        other => Err(vm.new_error(
            "TypeError",
            format!(
                "type.__new__(X): X is not a type object ({})",
                vm.type_name(&other)
            ),
        )),
    }
}

fn type_call_fn(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let mut args = args;
    // Unbound (`type.__call__(cls, …)`), the class comes first.
    let me = match me {
        Some(me) => Some(me.clone()),
        None if !args.pos.is_empty() => Some(args.pos.remove(0)),
        None => None,
    };
    match &me {
        Some(Value::Obj(o)) if matches!(&**o, Object::Class(_)) => vm.instantiate(o, args),
        _ => Err(vm.new_error(
            "TypeError",
            "descriptor '__call__' requires a 'type' object",
        )),
    }
}
