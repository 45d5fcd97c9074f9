//! The builtins module: functions (`print`, `len`, `range`, `sorted`, …),
//! the built-in types' constructors, and their methods ([`methods`]).

mod classes;
mod dir_names;
pub mod dunders;
pub mod functions;
pub mod hashing;
pub mod keywords;
pub mod methods;
pub mod methods_bytes;
mod methods_list;
mod methods_map;
mod methods_set;
mod methods_str;
mod numbers;
pub mod object;
pub mod sort;
pub mod views;

use super::value::{Args, Builtin, NativeFn, Object, UnaryFn, Value};
use super::vm::Vm;
use super::PyResult;

pub fn native(name: &'static str, func: NativeFn) -> Value {
    native_unary(name, func, None)
}

/// A built-in function that also has a one-argument entry ([`UnaryFn`]).
pub fn native_unary(name: &'static str, func: NativeFn, unary: Option<UnaryFn>) -> Value {
    Value::obj(Object::Builtin(Builtin {
        name,
        func,
        bound: None,
        module: None,
        unary,
    }))
}

/// Every name a program can use without importing it.
pub fn table(
    types: &super::types::Types,
    run: &super::obj::Immortals,
) -> rustc_hash::FxHashMap<&'static str, Value> {
    let mut t: rustc_hash::FxHashMap<&'static str, Value> = rustc_hash::FxHashMap::default();
    for (name, class) in &types.classes {
        if !matches!(
            *name,
            "NoneType"
                | "function"
                | "builtin_function_or_method"
                | "method"
                | "module"
                | "iterator"
                | "generator"
                | "NotImplementedType"
        ) && !name.contains('.')
        {
            t.insert(name, class.clone());
        }
    }
    t.insert("NotImplemented", types.not_implemented.clone());
    t.insert(
        "Ellipsis",
        Value::obj(Object::Native(Box::new(EllipsisType))),
    );
    for (name, f) in functions::FUNCTIONS {
        let one = functions::UNARY
            .iter()
            .find(|(u, _)| u == name)
            .map(|(_, u)| *u);
        let f = native_unary(name, *f, one);
        // Built-in functions live as long as the run: immortal, so that
        // threads calling `len` or `abs` do not share a reference count.
        f.immortalize(run);
        t.insert(name, f);
    }
    t.insert("__name__", Value::str("builtins"));
    t.insert("__debug__", Value::Bool(true));
    t
}

/// `int(...)`, `str(...)`, `list(...)`: the built-in types called.
// One arm per built-in type, each its constructor's argument rules.
pub fn construct(vm: &mut Vm, name: &str, args: Args) -> PyResult<Value> {
    let Args { pos, kw } = args;
    let one = |vm: &mut Vm, pos: &[Value]| -> PyResult<Option<Value>> {
        if pos.len() > 1 {
            return Err(vm.new_error(
                "TypeError",
                format!("{name} expected at most 1 argument, got {}", pos.len()),
            ));
        }
        Ok(pos.first().cloned())
    };
    match name {
        "int" => numbers::int_new(vm, pos.into_vec(), kw),
        "float" => {
            let v = one(vm, &pos)?;
            numbers::float_new(vm, v)
        }
        "bool" => match one(vm, &pos)? {
            Some(v) => Ok(Value::Bool(vm.truthy(&v)?)),
            None => Ok(Value::Bool(false)),
        },
        "str" if pos.len() > 1 || !kw.is_empty() => str_decode(vm, pos.into_vec(), kw),
        "str" => match one(vm, &pos)? {
            Some(v) => {
                let s = vm.to_str(&v)?;
                vm.new_str(s)
            }
            None => Ok(Value::str("")),
        },
        "bytes" => vm.construct_bytes(super::bytes::Kind::Bytes, Args { pos, kw }),
        "bytearray" => vm.construct_bytes(super::bytes::Kind::ByteArray, Args { pos, kw }),
        "list" => match one(vm, &pos)? {
            Some(v) => {
                let items = vm.collect(&v)?;
                vm.count_heap(items.len() * super::value::LIST_ITEM_BYTES)?;
                Ok(Value::list(items))
            }
            None => Ok(Value::list(Vec::new())),
        },
        "tuple" => match one(vm, &pos)? {
            Some(v) => Ok(match v.as_obj() {
                Some(Object::Tuple(_)) => v,
                _ => Value::tuple(vm.collect(&v)?),
            }),
            None => Ok(Value::tuple(Vec::new())),
        },
        "set" => match one(vm, &pos)? {
            Some(v) => {
                let items = vm.collect(&v)?;
                vm.new_set(items)
            }
            None => vm.new_set(Vec::new()),
        },
        "frozenset" => match one(vm, &pos)? {
            Some(v) => vm.frozenset_of(&v),
            None => vm.new_frozenset(Vec::new()),
        },
        "dict" => {
            let d = Value::dict(Default::default());
            if let Some(src) = one(vm, &pos)? {
                vm.dict_update(&d, &src)?;
            }
            for (k, v) in kw {
                vm.set_item(&d, Value::Str(k), v)?;
            }
            Ok(d)
        }
        "range" => functions::range_new(vm, &pos),
        "object" => {
            let cls = vm.interp.types.get("object").clone();
            match cls {
                Value::Obj(o) => Ok(vm.new_instance(&o)),
                _ => Ok(Value::None),
            }
        }
        "type" => match pos.len() {
            1 => Ok(vm.type_of(&pos[0])),
            3 => {
                // type(name, bases, namespace): a class made at run time
                // (collections.namedtuple builds its classes this way).
                let Value::Str(name) = &pos[0] else {
                    return Err(vm.new_error("TypeError", "type.__new__() argument 1 must be str"));
                };
                let bases = match pos[1].as_obj() {
                    Some(Object::Tuple(t)) => t.to_vec(),
                    _ => {
                        return Err(
                            vm.new_error("TypeError", "type.__new__() argument 2 must be tuple")
                        )
                    }
                };
                let ns = match pos[2].as_obj() {
                    Some(Object::Dict(d)) => super::value::lock(d).clone(),
                    _ => {
                        return Err(
                            vm.new_error("TypeError", "type.__new__() argument 3 must be dict")
                        )
                    }
                };
                let module = match ns.get(&super::value::Name("__module__")) {
                    Some(Value::Str(m)) => m.to_string(),
                    _ => "__main__".to_string(),
                };
                vm.new_class(name, name, bases, ns, &module)
            }
            _ => Err(vm.new_error("TypeError", "type() takes 1 or 3 arguments")),
        },
        "slice" => {
            let mut p = pos.into_iter();
            let a = p.next().unwrap_or(Value::None);
            match (p.next(), p.next()) {
                (None, _) => Ok(Value::obj(Object::Slice(Value::None, a, Value::None))),
                (Some(b), c) => Ok(Value::obj(Object::Slice(a, b, c.unwrap_or(Value::None)))),
            }
        }
        // property(fget, fset): kept as the pair (getter, setter).
        "property" => {
            let mut p = pos.into_iter();
            let get = p
                .next()
                .or_else(|| {
                    kw.iter()
                        .find(|(k, _)| &**k == "fget")
                        .map(|(_, v)| v.clone())
                })
                .unwrap_or(Value::None);
            let set = p
                .next()
                .or_else(|| {
                    kw.iter()
                        .find(|(k, _)| &**k == "fset")
                        .map(|(_, v)| v.clone())
                })
                .unwrap_or(Value::None);
            Ok(Value::obj(Object::Property(Value::tuple(vec![get, set]))))
        }
        other => Err(vm.new_error("TypeError", format!("cannot create '{other}' instances"))),
    }
}

/// `str(b, encoding, errors)`: the bytes decoded.
fn str_decode(
    vm: &mut Vm,
    pos: Vec<Value>,
    kw: Vec<(std::sync::Arc<str>, Value)>,
) -> PyResult<Value> {
    let n = pos.len() + kw.len();
    if n > 3 {
        return Err(vm.new_error(
            "TypeError",
            format!("str() takes at most 3 arguments ({n} given)"),
        ));
    }
    let mut object = pos.first().cloned();
    let mut encoding = pos.get(1).cloned();
    let mut errors = pos.get(2).cloned();
    for (k, v) in kw {
        let slot = match &*k {
            "object" => &mut object,
            "encoding" => &mut encoding,
            "errors" => &mut errors,
            other => {
                return Err(vm.new_error(
                    "TypeError",
                    format!("'{other}' is an invalid keyword argument for str()"),
                ))
            }
        };
        *slot = Some(v);
    }
    let object = object.unwrap_or(Value::bytes(Vec::new()));
    let enc = vm.str_argument(encoding.as_ref(), "str", "encoding", "utf-8")?;
    let err = vm.str_argument(errors.as_ref(), "str", "errors", "strict")?;
    let Some(b) = super::bytes::as_bytes(&object) else {
        let what = match &object {
            Value::Str(_) => "str".to_string(),
            other => format!("'{}'", vm.type_name(other)),
        };
        let msg = if matches!(object, Value::Str(_)) {
            "decoding str is not supported".to_string()
        } else {
            format!("decoding to str: need a bytes-like object, {what} found")
        };
        return Err(vm.new_error("TypeError", msg));
    };
    let b = b.into_owned();
    let s = vm.decode_bytes(&b, &enc, &err)?;
    vm.new_str(s)
}

/// `...`: the one object of its type, for stubs and `tuple[int, ...]`.
struct EllipsisType;

impl super::value::Native for EllipsisType {
    fn type_name(&self) -> &str {
        "ellipsis"
    }
    fn attr(&self, _me: &Value, _name: &str) -> Option<Value> {
        None
    }
    fn repr(&self) -> Option<String> {
        Some("Ellipsis".into())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
