//! Classes: the built-in types as class objects (so `isinstance(x, int)`
//! and `except ValueError` work), user classes with single and multiple
//! inheritance, instances, and attribute lookup through the MRO.

use crate::interleave::runner::value::ObjRef;
use std::collections::HashMap;
use std::sync::atomic::Ordering::{Relaxed, SeqCst};
use std::sync::{Arc, Mutex};

use super::value::{lock, Class, Dict, Instance, NameMap, Object, Value};
use super::vm::Vm;
use super::PyResult;

/// Which Rust representation a built-in class's values have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltinType {
    Object,
    Type,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Bytes,
    ByteArray,
    Range,
    Slice,
    Function,
    BuiltinFunction,
    Method,
    Module,
    Iterator,
    Generator,
    Native,
    Property,
    /// `BaseException` and every exception class under it: instances are
    /// ordinary instances with `args`.
    Exception,
    NotImplementedType,
}

/// The built-in classes of one run.
pub struct Types {
    pub classes: HashMap<&'static str, Value>,
    pub not_implemented: Value,
    /// Classes of the objects made in Rust that a program cannot name but
    /// can ask `type()` of (`_thread.lock`, `list_iterator`, `dict_keys`),
    /// made on first use so that `type(a) is type(b)` holds.
    pub unnamed: Mutex<HashMap<String, Value>>,
}

const BUILTIN_TYPES: &[(&str, BuiltinType)] = &[
    ("type", BuiltinType::Type),
    ("NoneType", BuiltinType::NoneType),
    ("int", BuiltinType::Int),
    ("float", BuiltinType::Float),
    ("str", BuiltinType::Str),
    ("list", BuiltinType::List),
    ("tuple", BuiltinType::Tuple),
    ("dict", BuiltinType::Dict),
    ("set", BuiltinType::Set),
    ("frozenset", BuiltinType::FrozenSet),
    ("bytes", BuiltinType::Bytes),
    ("bytearray", BuiltinType::ByteArray),
    ("range", BuiltinType::Range),
    ("slice", BuiltinType::Slice),
    ("function", BuiltinType::Function),
    ("builtin_function_or_method", BuiltinType::BuiltinFunction),
    ("method", BuiltinType::Method),
    ("module", BuiltinType::Module),
    ("iterator", BuiltinType::Iterator),
    ("generator", BuiltinType::Generator),
    ("property", BuiltinType::Property),
    ("NotImplementedType", BuiltinType::NotImplementedType),
    // `type(hashlib.sha256())`: the hash objects' classes (`Native`
    // objects find their class here by their type name).
    ("_hashlib.HASH", BuiltinType::Native),
    ("_blake2.blake2b", BuiltinType::Native),
    ("_blake2.blake2s", BuiltinType::Native),
];

/// Bumped whenever a class's namespace changes after the class was made
/// (`C.x = v`, `del C.x`): what [`Vm::plain_setattr`] kept is then stale.
/// Starts at 1, so that a class's 0 means "not known yet".
static CLASS_EPOCH: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A class's namespace changed: every class asks again.
pub fn class_changed() {
    CLASS_EPOCH.fetch_add(1, SeqCst);
}

fn class_value(name: &str, bases: Vec<ObjRef>, builtin: BuiltinType) -> Value {
    class_in("builtins", name, bases, builtin)
}

fn class_in(module: &str, name: &str, bases: Vec<ObjRef>, builtin: BuiltinType) -> Value {
    let mro = c3(&bases).unwrap_or_default();
    Value::obj(Object::Class(Class {
        name: Arc::from(name),
        qualname: Arc::from(name),
        mro,
        bases,
        dict: Mutex::new(NameMap::default()),
        builtin: Some(builtin),
        module: Arc::from(module),
        meta: None,
        type_name: Arc::from(name),
        plain_setattr: Default::default(),
    }))
}

/// C3 linearisation of the bases: the class's ancestors in method
/// resolution order (the class itself is not in the list), or `None` when
/// the bases cannot be ordered consistently.
fn c3(bases: &[ObjRef]) -> Option<Vec<ObjRef>> {
    let mut seqs: Vec<Vec<ObjRef>> = bases
        .iter()
        .map(|b| match &**b {
            Object::Class(c) => mro_of(b, c),
            _ => Vec::new(),
        })
        .collect();
    seqs.push(bases.to_vec());
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Some(out);
        }
        let head = seqs.iter().find_map(|s| {
            let h = &s[0];
            let in_tail = seqs
                .iter()
                .any(|t| t[1..].iter().any(|x| ObjRef::ptr_eq(x, h)));
            (!in_tail).then(|| h.clone())
        })?;
        for s in seqs.iter_mut() {
            if ObjRef::ptr_eq(&s[0], &head) {
                s.remove(0);
            }
        }
        out.push(head);
    }
}

/// The full MRO of a class object: itself, then its stored ancestors.
pub fn mro_of(me: &ObjRef, c: &Class) -> Vec<ObjRef> {
    let mut v = vec![me.clone()];
    v.extend(c.mro.iter().cloned());
    v
}

impl Types {
    pub fn new() -> Types {
        let mut classes: HashMap<&'static str, Value> = HashMap::new();
        let object = class_value("object", Vec::new(), BuiltinType::Object);
        classes.insert("object", object.clone());
        let obj_arc = match &object {
            Value::Obj(o) => o.clone(),
            _ => unreachable!(),
        };
        for (name, bt) in BUILTIN_TYPES {
            classes.insert(name, class_value(name, vec![obj_arc.clone()], *bt));
        }
        // bool is a subclass of int.
        let int = match &classes["int"] {
            Value::Obj(o) => o.clone(),
            _ => unreachable!(),
        };
        classes.insert("bool", class_value("bool", vec![int], BuiltinType::Bool));
        for (name, base) in super::exc::EXCEPTIONS {
            let b = match &classes[base] {
                Value::Obj(o) => o.clone(),
                _ => unreachable!(),
            };
            classes.insert(name, class_value(name, vec![b], BuiltinType::Exception));
        }
        // What every exception has before it is raised or chained.
        if let Some(Object::Class(c)) = classes["BaseException"].as_obj() {
            let mut d = lock(&c.dict);
            for k in ["__cause__", "__context__", "__traceback__"] {
                d.insert(Arc::from(k), Value::None);
            }
            d.insert(Arc::from("__suppress_context__"), Value::Bool(false));
        }
        let not_implemented = Value::obj(Object::Native(Box::new(NotImplemented)));
        Types {
            classes,
            not_implemented,
            unnamed: Default::default(),
        }
    }

    pub fn get(&self, name: &str) -> &Value {
        &self.classes[name]
    }

    /// The class of Rust-made objects of type `name` (see `unnamed`).
    pub fn unnamed(&self, name: &str) -> Value {
        let mut known = lock(&self.unnamed);
        if let Some(c) = known.get(name) {
            return c.clone();
        }
        let Value::Obj(object) = self.get("object") else {
            unreachable!("object is a class")
        };
        let (builtin, module) = match name {
            "lock" | "RLock" => (BuiltinType::Native, "_thread"),
            _ if name.ends_with("iterator") => (BuiltinType::Iterator, "builtins"),
            "enumerate" | "zip" | "map" | "filter" | "reversed" => {
                (BuiltinType::Iterator, "builtins")
            }
            _ => (BuiltinType::Native, "builtins"),
        };
        let class = class_in(module, name, vec![object.clone()], builtin);
        known.insert(name.to_string(), class.clone());
        class
    }
}

impl Default for Types {
    fn default() -> Self {
        Types::new()
    }
}

struct NotImplemented;

impl super::value::Native for NotImplemented {
    fn type_name(&self) -> &str {
        "NotImplementedType"
    }
    fn attr(&self, _me: &Value, _name: &str) -> Option<Value> {
        None
    }
    fn repr(&self) -> Option<String> {
        Some("NotImplemented".into())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Vm {
    pub fn is_not_implemented(&self, v: &Value) -> bool {
        v.is(&self.interp.types.not_implemented)
    }

    /// `type(v)`.
    pub fn type_of(&self, v: &Value) -> Value {
        let t = &self.interp.types;
        let name = match v {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::Big(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Obj(o) => match &**o {
                Object::Instance(i) => return Value::Obj(i.class.clone()),
                Object::Class(c) => match &c.meta {
                    Some(m) => return Value::Obj(m.clone()),
                    None => "type",
                },
                Object::Tuple(_) => "tuple",
                Object::List(_) => "list",
                Object::Dict(_) => "dict",
                Object::Set(_) => "set",
                Object::FrozenSet(_) => "frozenset",
                Object::Bytes(_) => "bytes",
                Object::ByteArray(_) => "bytearray",
                Object::Range(..) => "range",
                Object::Slice(..) => "slice",
                Object::Function(_) => "function",
                Object::Builtin(_) => "builtin_function_or_method",
                Object::Method(..) => "method",
                Object::Module(_) => "module",
                Object::Generator(_) => "generator",
                Object::Property(_) => "property",
                Object::Native(n) => {
                    if let Some(c) = t.classes.get(n.type_name()) {
                        return c.clone();
                    }
                    return t.unnamed(n.type_name());
                }
                other => return t.unnamed(other.kind_name()),
            },
        };
        t.get(name).clone()
    }

    pub fn type_name(&self, v: &Value) -> String {
        match v {
            Value::Obj(o) => match &**o {
                Object::Instance(i) => i.class_name.to_string(),
                other => other.kind_name().to_string(),
            },
            _ => match self.type_of(v).as_obj() {
                Some(Object::Class(c)) => c.name.to_string(),
                _ => "object".into(),
            },
        }
    }

    /// Is `cls` a subclass of `base` (both class objects)?
    pub fn is_subclass(&self, cls: &Value, base: &Value) -> bool {
        let (Some(Object::Class(c)), Value::Obj(b)) = (cls.as_obj(), base) else {
            return false;
        };
        let Value::Obj(me) = cls else { return false };
        if ObjRef::ptr_eq(me, b) {
            return true;
        }
        // `object` is every class's base.
        if let Object::Class(bc) = &**b {
            if bc.builtin == Some(BuiltinType::Object) {
                return true;
            }
        }
        c.mro.iter().any(|m| ObjRef::ptr_eq(m, b))
    }

    pub fn isinstance(&self, v: &Value, cls: &Value) -> bool {
        let t = self.type_of(v);
        self.is_subclass(&t, cls)
    }

    /// Builds a class from a `class` statement's namespace (its metaclass
    /// the most derived of its bases').
    pub fn new_class(
        &mut self,
        name: &str,
        qualname: &str,
        bases: Vec<Value>,
        ns: Dict,
        module: &str,
    ) -> PyResult<Value> {
        let spec = super::meta::ClassSpec {
            name,
            qualname,
            module,
            meta: None,
            keywords: Vec::new(),
        };
        self.new_class_of(spec, bases, ns)
    }

    /// Builds a class: `type.__new__`'s work, for a metaclass `spec.meta`
    /// (`None`: the bases'), its other keywords for `__init_subclass__`.
    pub fn new_class_of(
        &mut self,
        spec: super::meta::ClassSpec,
        bases: Vec<Value>,
        ns: Dict,
    ) -> PyResult<Value> {
        let super::meta::ClassSpec {
            name,
            qualname,
            module,
            meta,
            keywords,
        } = spec;
        let mut base_objs = Vec::new();
        for b in &bases {
            match b.as_obj() {
                Some(Object::Class(_)) => {
                    if let Value::Obj(o) = b {
                        base_objs.push(o.clone());
                    }
                }
                _ => {
                    return Err(self.new_error(
                        "TypeError",
                        format!("bases must be types, not '{}'", self.type_name(b)),
                    ))
                }
            }
        }
        if base_objs.is_empty() {
            if let Value::Obj(o) = self.interp.types.get("object") {
                base_objs.push(o.clone());
            }
        }
        let Some(mro) = c3(&base_objs) else {
            return Err(self.new_error(
                "TypeError",
                "Cannot create a consistent method resolution order (MRO)",
            ));
        };
        // A subclass of `type` is a metaclass: a class of the program whose
        // instances are classes (see `meta.rs`).
        let builtin = mro.iter().find_map(|m| match &**m {
            Object::Class(c) => match c.builtin {
                Some(BuiltinType::Object | BuiltinType::Type) | None => None,
                other => other,
            },
            _ => None,
        });
        let meta = self.derived_meta(meta, &base_objs)?;
        if let Some(bt) = builtin {
            if bt != BuiltinType::Exception {
                return Err(self.new_error(
                    "TypeError",
                    format!("threadlab cannot subclass the built-in type of class {name}'s base yet; subclass object (or Exception) instead"),
                ));
            }
        }
        let mut dict = NameMap::default();
        for (k, v) in ns {
            if let Value::Str(s) = k.0 {
                dict.insert(s, v);
            }
        }
        let type_name = match dict.shift_remove("__type_name__") {
            Some(Value::Str(t)) => t,
            _ => Arc::from(name),
        };
        // CPython's rule: a class that defines `__eq__` and not `__hash__`
        // is unhashable (equal objects must hash alike).
        if dict.contains_key("__eq__") && !dict.contains_key("__hash__") {
            dict.insert(Arc::from("__hash__"), Value::None);
        }
        // As `type()` does: `__new__` is a static method (it is handed the
        // class), `__init_subclass__` a class method, without decorators.
        for (name, wrap) in [
            ("__new__", Object::StaticMethod as fn(Value) -> Object),
            ("__init_subclass__", Object::ClassMethod),
            ("__class_getitem__", Object::ClassMethod),
        ] {
            if let Some(f) = dict.get_mut(name) {
                if matches!(f.as_obj(), Some(Object::Function(_))) {
                    *f = Value::obj(wrap(f.clone()));
                }
            }
        }
        let cls = ObjRef::new(Object::Class(Class {
            name: Arc::from(name),
            qualname: Arc::from(qualname),
            mro,
            bases: base_objs,
            dict: Mutex::new(dict),
            builtin,
            module: Arc::from(module),
            meta,
            type_name,
            plain_setattr: Default::default(),
        }));
        // Methods remember their class, for `super()` with no arguments.
        if let Object::Class(c) = &*cls {
            for v in lock(&c.dict).values() {
                self.set_owner(v, &cls);
            }
        }
        let cls = Value::Obj(cls);
        self.set_names(&cls)?;
        self.init_subclass(&cls, keywords)?;
        Ok(cls)
    }

    /// `__set_name__(owner, name)` of each attribute that has one, as a
    /// class statement ends (a descriptor learns its attribute's name).
    fn set_names(&mut self, cls: &Value) -> PyResult<()> {
        let Some(Object::Class(c)) = cls.as_obj() else {
            return Ok(());
        };
        let items: Vec<(Arc<str>, Value)> = lock(&c.dict)
            .iter()
            .filter(|(_, v)| matches!(v.as_obj(), Some(Object::Instance(_))))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (name, v) in items {
            let Some(Object::Instance(d)) = v.as_obj() else {
                continue;
            };
            if let Some(hook) = self.class_lookup(&d.class, "__set_name__") {
                let hook = bind(&v, &hook);
                if let Err(e) = self.call1(&hook, vec![cls.clone(), Value::Str(name.clone())]) {
                    if e.kill.is_some() {
                        return Err(e);
                    }
                    // CPython 3.11 wraps the hook's error, the cause kept.
                    let msg = format!(
                        "Error calling __set_name__ on '{}' instance '{name}' in '{}'",
                        d.class_name, c.name
                    );
                    let err = self.new_error("RuntimeError", msg);
                    self.set_attr(&err.exc, "__cause__", e.exc.clone())?;
                    return Err(err);
                }
            }
        }
        Ok(())
    }

    fn set_owner(&self, v: &Value, cls: &ObjRef) {
        match v.as_obj() {
            Some(Object::Function(f)) => {
                let _ = f.owner.set(ObjRef::downgrade(cls));
            }
            Some(Object::StaticMethod(i))
            | Some(Object::ClassMethod(i))
            | Some(Object::Property(i)) => self.set_owner(i, cls),
            Some(Object::Tuple(t)) => {
                for i in t.iter() {
                    self.set_owner(i, cls);
                }
            }
            _ => {}
        }
    }

    /// Looks a name up along a class's MRO.
    /// Whether setting an attribute on an instance of `cls` just stores it:
    /// neither the class nor a base has `__setattr__` or a property. Kept
    /// on the class until any class changes ([`class_changed`]): a setter
    /// asked two lookups along the bases for every `self.x = v`.
    #[inline]
    pub fn plain_setattr(&self, cls: &ObjRef) -> bool {
        let Object::Class(c) = &**cls else {
            return false;
        };
        // Read before the namespaces: a change made after this read bumps
        // the epoch past it, so what this scan keeps is asked again.
        let epoch = CLASS_EPOCH.load(SeqCst);
        let known = c.plain_setattr.load(Relaxed);
        if known >> 1 == epoch {
            return known & 1 == 1;
        }
        let plain = std::iter::once(cls).chain(&c.mro).all(|m| match &**m {
            Object::Class(mc) => {
                // Objects of the program's classes are read after the lock
                // is let go: one may be of this very class (an enum member).
                let mut objs = Vec::new();
                {
                    let d = lock(&mc.dict);
                    if d.contains_key("__setattr__") {
                        return false;
                    }
                    for v in d.values() {
                        match v.as_obj() {
                            Some(Object::Property(_)) => return false,
                            Some(Object::Instance(i)) => objs.push(i.class.clone()),
                            _ => {}
                        }
                    }
                }
                // A data descriptor (`__set__`) takes the stores.
                !objs
                    .iter()
                    .any(|k| self.class_lookup(k, "__set__").is_some())
            }
            _ => true,
        });
        c.plain_setattr.store(epoch << 1 | plain as u64, Relaxed);
        plain
    }

    pub fn class_lookup(&self, cls: &ObjRef, name: &str) -> Option<Value> {
        let Object::Class(c) = &**cls else {
            return None;
        };
        if let Some(v) = lock(&c.dict).get(name) {
            return Some(v.clone());
        }
        for m in &c.mro {
            if let Object::Class(mc) = &**m {
                if let Some(v) = lock(&mc.dict).get(name) {
                    return Some(v.clone());
                }
            }
        }
        None
    }

    /// A special method (`__eq__`, `__enter__`) of an instance, bound; looked
    /// up on the class only, as Python does for operators.
    /// A class's come from its metaclass ([`super::meta`]).
    pub fn lookup_special(&self, v: &Value, name: &str) -> Option<Value> {
        let Some(cls) = super::value::class_of_instance(v) else {
            return self.meta_special(v, name);
        };
        let f = self.class_lookup(cls, name)?;
        Some(bind(v, &f))
    }

    /// Creates an instance of a user class (no `__init__` call).
    pub fn new_instance(&self, cls: &ObjRef) -> Value {
        let name = match &**cls {
            Object::Class(c) => c.type_name.clone(),
            _ => Arc::from("object"),
        };
        Value::obj(Object::Instance(Instance {
            class: cls.clone(),
            class_name: name,
            dict: ObjRef::new_untracked(Object::Dict(Mutex::new(Dict::default()))),
            hash: std::sync::atomic::AtomicI64::new(-1),
        }))
    }

    pub fn dict_update(&mut self, target: &Value, src: &Value) -> PyResult<()> {
        let items: Vec<(Value, Value)> = match src.as_obj() {
            Some(Object::Dict(d)) => lock(d)
                .iter()
                .map(|(k, v)| (k.0.clone(), v.clone()))
                .collect(),
            // A mapping (Counter, defaultdict): its keys(), then src[k].
            Some(Object::Instance(_)) if self.lookup_special(src, "keys").is_some() => {
                let keys = self.lookup_special(src, "keys").expect("checked");
                let keys = self.call(&keys, super::value::Args::default())?;
                let mut out = Vec::new();
                for k in self.collect(&keys)? {
                    let v = self.get_item(src, &k)?;
                    out.push((k, v));
                }
                out
            }
            _ => {
                let mut out = Vec::new();
                for pair in self.collect(src)? {
                    let kv = self.unpack(&pair, 2)?;
                    out.push((kv[0].clone(), kv[1].clone()));
                }
                out
            }
        };
        let Some(Object::Dict(d)) = target.as_obj() else {
            return Err(self.new_error("TypeError", "update target is not a dict"));
        };
        for (k, v) in items {
            let (k, mut g) = self.key_locked(d, k)?;
            g.insert(k, v);
        }
        Ok(())
    }
}

/// `func` bound to `obj` as a method, the way attribute lookup binds it.
pub fn bind(obj: &Value, func: &Value) -> Value {
    match func.as_obj() {
        Some(Object::Function(_)) => Value::obj(Object::Method(obj.clone(), func.clone())),
        Some(Object::Builtin(b)) if b.bound.is_none() => {
            Value::obj(Object::Builtin(super::value::Builtin {
                name: b.name,
                func: b.func,
                bound: Some(obj.clone()),
                module: b.module,
                unary: None,
            }))
        }
        Some(Object::StaticMethod(f)) => f.clone(),
        _ => func.clone(),
    }
}
