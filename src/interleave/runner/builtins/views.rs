//! `dict.keys()`, `dict.values()`, `dict.items()`: live views of a dict,
//! printed as CPython prints them (`dict_keys(['a', 'b'])`).

use std::sync::Mutex;

use crate::interleave::runner::value::{lock, Args, Builtin, IterState, Native, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

/// A view: the dict it looks at (changes to the dict show through it).
pub struct DictView {
    pub dict: Value,
    pub kind: ViewKind,
}

impl DictView {
    pub fn new_value(dict: &Value, kind: ViewKind) -> Value {
        Value::obj(Object::Native(Box::new(DictView {
            dict: dict.clone(),
            kind,
        })))
    }

    /// The view's items now, in the dict's order.
    pub fn items(&self) -> Vec<Value> {
        let Some(Object::Dict(d)) = self.dict.as_obj() else {
            return Vec::new();
        };
        let d = lock(d);
        match self.kind {
            ViewKind::Keys => d.keys().map(|k| k.0.clone()).collect(),
            ViewKind::Values => d.values().cloned().collect(),
            ViewKind::Items => d
                .iter()
                .map(|(k, v)| Value::tuple(vec![k.0.clone(), v.clone()]))
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn len(&self) -> usize {
        match self.dict.as_obj() {
            Some(Object::Dict(d)) => lock(d).len(),
            _ => 0,
        }
    }
}

/// The view behind a value, if it is one.
pub fn as_view(v: &Value) -> Option<&DictView> {
    match v.as_obj() {
        Some(Object::Native(n)) => n.as_any().downcast_ref::<DictView>(),
        _ => None,
    }
}

fn bound(
    name: &'static str,
    func: crate::interleave::runner::value::NativeFn,
    me: &Value,
) -> Value {
    Value::obj(Object::Builtin(Builtin {
        name,
        func,
        bound: Some(me.clone()),
        module: None,
        unary: None,
    }))
}

impl Native for DictView {
    fn type_name(&self) -> &str {
        match self.kind {
            ViewKind::Keys => "dict_keys",
            ViewKind::Values => "dict_values",
            ViewKind::Items => "dict_items",
        }
    }
    fn attr(&self, me: &Value, name: &str) -> Option<Value> {
        match name {
            "__iter__" => Some(bound("__iter__", view_iter, me)),
            "__len__" => Some(bound("__len__", view_len, me)),
            "mapping" => Some(self.dict.clone()),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn view_iter(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let Some(v) = me.and_then(as_view) else {
        return Err(vm.new_error("TypeError", "not a dict view"));
    };
    let name = match v.kind {
        ViewKind::Keys => "dict_keyiterator",
        ViewKind::Values => "dict_valueiterator",
        ViewKind::Items => "dict_itemiterator",
    };
    Ok(Value::obj(Object::Iter(Mutex::new(IterState::Items(
        v.items().into_iter(),
        name,
    )))))
}

fn view_len(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let Some(v) = me.and_then(as_view) else {
        return Err(vm.new_error("TypeError", "not a dict view"));
    };
    Ok(Value::Int(v.len() as i64))
}

impl Vm {
    /// `repr(d.keys())`: `dict_keys(['a', 'b'])`.
    pub fn view_repr(&mut self, v: &DictView) -> PyResult<String> {
        let items = v.items();
        let mut parts = Vec::with_capacity(items.len());
        for x in &items {
            parts.push(self.repr(x)?);
        }
        let name = match v.kind {
            ViewKind::Keys => "dict_keys",
            ViewKind::Values => "dict_values",
            ViewKind::Items => "dict_items",
        };
        Ok(format!("{name}([{}])", parts.join(", ")))
    }

    /// `x in view`.
    pub fn view_contains(&mut self, v: &DictView, needle: &Value) -> PyResult<bool> {
        match v.kind {
            ViewKind::Keys => Ok(match v.dict.as_obj() {
                Some(Object::Dict(d)) => {
                    let k = self.key_in(d, needle)?;
                    lock(d).contains_key(&*k)
                }
                _ => {
                    self.key_view(needle)?;
                    false
                }
            }),
            _ => {
                for x in v.items() {
                    if x.is(needle) || self.eq(&x, needle)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }
}
