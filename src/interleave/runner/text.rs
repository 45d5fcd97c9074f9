//! `str()`, `repr()`, `format()`, `%` and `str.format` on runner values;
//! the formatting rules themselves are in [`super::format`].

use crate::interleave::runner::value::ObjRef;
use std::sync::Arc;

use super::format::{self, Accessor, ArgKind, ErrorKind, FormatArgs, FormatError, PercentArgs};
use super::ops::to_big;
use super::value::{lock, Args, Object, Value};
use super::vm::Vm;
use super::{PyErr, PyResult};

thread_local! {
    /// The containers whose repr this thread is making, innermost last.
    static REPR_STACK: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A formatting error raised as the Python exception it names.
pub struct Raised(pub PyErr);

impl From<FormatError> for Raised {
    fn from(e: FormatError) -> Raised {
        // Filled in by `raise_format` (no Vm here).
        Raised(PyErr::new(Value::tuple(vec![
            Value::str(kind_name(e.kind)),
            Value::str(&e.message),
        ])))
    }
}

fn kind_name(k: ErrorKind) -> &'static str {
    match k {
        ErrorKind::ValueError => "ValueError",
        ErrorKind::TypeError => "TypeError",
        ErrorKind::OverflowError => "OverflowError",
        ErrorKind::IndexError => "IndexError",
        ErrorKind::KeyError => "KeyError",
        ErrorKind::MemoryError => "MemoryError",
    }
}

impl Vm {
    /// Turns a formatting error (as carried by [`Raised`]) into the real
    /// exception.
    fn raise_format(&self, r: Raised) -> PyErr {
        let e = r.0;
        if e.kill.is_some() {
            return e;
        }
        if let Some(Object::Tuple(t)) = e.exc.as_obj() {
            if let (Some(Value::Str(k)), Some(Value::Str(m))) = (t.first(), t.get(1)) {
                return self.new_error(k, m.to_string());
            }
        }
        e
    }

    fn format_error(&self, e: FormatError) -> PyErr {
        self.raise_format(Raised::from(e))
    }

    /// `str(v)`.
    // Python's name; `&mut self` because `str()` may run a `__str__`.
    #[allow(clippy::wrong_self_convention)]
    pub fn to_str(&mut self, v: &Value) -> PyResult<String> {
        match v {
            Value::Str(s) => Ok(s.to_string()),
            Value::Float(x) => Ok(format::float_repr(*x)),
            Value::Obj(o) => match &**o {
                Object::Class(_) if self.meta_special(v, "__str__").is_some() => {
                    let m = self.meta_special(v, "__str__").expect("checked");
                    let r = self.call(&m, Args::default())?;
                    self.to_str(&r)
                }
                Object::Instance(_) => {
                    let base = self.interp.types.get("BaseException").clone();
                    if let Some(m) = self.lookup_special(v, "__str__") {
                        let r = self.call(&m, Args::default())?;
                        return self.to_str(&r);
                    }
                    if self.isinstance(v, &base) {
                        return self.exception_str(v);
                    }
                    self.repr(v)
                }
                _ => self.repr(v),
            },
            _ => self.repr(v),
        }
    }

    /// `object.__repr__(v)`: an instance as `<module.Name object at 0x…>`,
    /// whatever its class's `__repr__` says; anything else as `repr(v)`.
    pub fn default_repr(&mut self, v: &Value) -> PyResult<String> {
        match v {
            Value::Obj(o) => match &**o {
                Object::Instance(inst) => Ok(address_repr(o, inst)),
                _ => self.repr(v),
            },
            _ => self.repr(v),
        }
    }

    /// `repr(v)`.
    pub fn repr(&mut self, v: &Value) -> PyResult<String> {
        Ok(match v {
            Value::None => "None".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) => i.to_string(),
            Value::Big(b) => format::int_to_decimal(b).map_err(|e| self.format_error(e))?,
            Value::Float(x) => format::float_repr(*x),
            Value::Str(s) => format::str_repr(s),
            Value::Obj(o) => return self.repr_obj(v, o),
        })
    }

    fn repr_obj(&mut self, v: &Value, o: &ObjRef) -> PyResult<String> {
        self.check_breaker()?;
        if !matches!(
            &**o,
            Object::Tuple(_)
                | Object::List(_)
                | Object::Dict(_)
                | Object::Set(_)
                | Object::FrozenSet(_)
        ) {
            return self.repr_leaf(v, o);
        }
        // A container inside itself prints as `[...]` (CPython's
        // `Py_ReprEnter`), and deep nesting counts against the recursion
        // limit: either would otherwise overflow the thread's stack.
        let addr = ObjRef::as_ptr(o) as usize;
        if REPR_STACK.with(|s| s.borrow().contains(&addr)) {
            return Ok(match &**o {
                Object::List(_) => "[...]",
                Object::Tuple(_) => "(...)",
                Object::Set(_) => "set(...)",
                Object::FrozenSet(_) => "frozenset(...)",
                _ => "{...}",
            }
            .into());
        }
        self.enter()?;
        REPR_STACK.with(|s| s.borrow_mut().push(addr));
        let r = self.repr_leaf(v, o);
        REPR_STACK.with(|s| s.borrow_mut().pop());
        self.depth -= 1;
        r
    }

    // One arm per object kind, each its `repr` as CPython prints it.
    fn repr_leaf(&mut self, v: &Value, o: &ObjRef) -> PyResult<String> {
        let addr = ObjRef::as_ptr(o) as usize;
        Ok(match &**o {
            Object::Tuple(t) => {
                let parts = self.repr_all(t)?;
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Object::List(l) => {
                let items = lock(l).clone();
                format!("[{}]", self.repr_all(&items)?.join(", "))
            }
            Object::Dict(d) => {
                let items: Vec<(Value, Value)> = lock(d)
                    .iter()
                    .map(|(k, v)| (k.0.clone(), v.clone()))
                    .collect();
                let mut parts = Vec::with_capacity(items.len());
                for (k, x) in &items {
                    parts.push(format!("{}: {}", self.repr(k)?, self.repr(x)?));
                }
                format!("{{{}}}", parts.join(", "))
            }
            Object::Set(_) | Object::FrozenSet(_) => {
                let items: Vec<Value> =
                    super::sets::with_items(v, |s| s.keys().map(|k| k.0.clone()).collect())
                        .unwrap_or_default();
                let items = super::builtins::hashing::set_items_in_order(items);
                let frozen = matches!(&**o, Object::FrozenSet(_));
                match (frozen, items.is_empty()) {
                    (false, true) => "set()".into(),
                    (true, true) => "frozenset()".into(),
                    (false, false) => format!("{{{}}}", self.repr_all(&items)?.join(", ")),
                    (true, false) => {
                        format!("frozenset({{{}}})", self.repr_all(&items)?.join(", "))
                    }
                }
            }
            Object::Bytes(b) => super::bytes::bytes_repr(b),
            Object::ByteArray(b) => {
                let b = lock(b).clone();
                super::bytes::bytearray_repr(&b)
            }
            Object::Range(a, b, c) => {
                if *c == 1 {
                    format!("range({a}, {b})")
                } else {
                    format!("range({a}, {b}, {c})")
                }
            }
            Object::Slice(a, b, c) => format!(
                "slice({}, {}, {})",
                self.repr(a)?,
                self.repr(b)?,
                self.repr(c)?
            ),
            Object::Function(f) => format!("<function {} at {addr:#x}>", f.qualname),
            Object::Builtin(b) => match &b.bound {
                Some(me) => format!(
                    "<built-in method {} of {} object at {addr:#x}>",
                    b.name,
                    self.type_name(me)
                ),
                None => format!("<built-in function {}>", b.name),
            },
            Object::Method(me, f) => {
                let name = match f.as_obj() {
                    Some(Object::Function(func)) => func.qualname.to_string(),
                    _ => "?".into(),
                };
                format!("<bound method {name} of {}>", self.repr(me)?)
            }
            Object::Class(_) if self.meta_special(v, "__repr__").is_some() => {
                let m = self.meta_special(v, "__repr__").expect("checked");
                let r = self.call(&m, Args::default())?;
                return self.to_str(&r);
            }
            Object::Class(c) => {
                let module = c.module_name();
                if &*module == "builtins" {
                    format!("<class '{}'>", c.qualname)
                } else {
                    format!("<class '{module}.{}'>", c.qualname)
                }
            }
            Object::Instance(inst) => {
                if let Some(m) = self.lookup_special(v, "__repr__") {
                    let r = self.call(&m, Args::default())?;
                    return self.to_str(&r);
                }
                let base = self.interp.types.get("BaseException").clone();
                if self.isinstance(v, &base) {
                    let args = self
                        .try_attr(v, "args")?
                        .unwrap_or(Value::tuple(Vec::new()));
                    let inner = match args.as_obj() {
                        Some(Object::Tuple(t)) => self.repr_all(t)?.join(", "),
                        _ => String::new(),
                    };
                    return Ok(format!("{}({inner})", inst.class_name));
                }
                address_repr(o, inst)
            }
            Object::Module(m) => format!("<module '{}'>", m.name),
            Object::Generator(g) => format!("<generator object {} at {addr:#x}>", g.name),
            Object::Native(n) if n.as_any().is::<super::builtins::views::DictView>() => {
                let view = super::builtins::views::as_view(v).expect("checked");
                return self.view_repr(view);
            }
            Object::Native(n) => match n.repr() {
                Some(r) => r,
                None => format!("<{} object at {addr:#x}>", n.type_name()),
            },
            other => format!("<{} object at {addr:#x}>", other.kind_name()),
        })
    }

    fn repr_all(&mut self, items: &[Value]) -> PyResult<Vec<String>> {
        items.iter().map(|x| self.repr(x)).collect()
    }

    /// `format(v, spec)`.
    pub fn format(&mut self, v: &Value, spec: &str) -> PyResult<String> {
        let r = match v {
            Value::Int(_) | Value::Big(_) => {
                format::format_int(&to_big(v).unwrap_or_default(), spec)
            }
            Value::Bool(b) if !spec.is_empty() => format::format_int(&(*b as i64).into(), spec),
            Value::Float(x) => format::format_float(*x, spec),
            Value::Str(s) => format::format_str(s, spec),
            _ => {
                if let Some(m) = self.lookup_special(v, "__format__") {
                    let r = self.call1(&m, vec![Value::str(spec)])?;
                    return self.to_str(&r);
                }
                let s = self.to_str(v)?;
                if spec.is_empty() {
                    return Ok(s);
                }
                // An instance without `__format__` has `object`'s, which
                // takes only an empty spec.
                if matches!(v.as_obj(), Some(Object::Native(_)) | None) {
                    format::format_str(&s, spec)
                } else {
                    return Err(self.new_error(
                        "TypeError",
                        format!(
                            "unsupported format string passed to {}.__format__",
                            self.type_name(v)
                        ),
                    ));
                }
            }
        };
        r.map_err(|e| self.format_error(e))
    }

    /// An f-string's `{v!conv:spec}`.
    pub fn format_value(&mut self, v: &Value, conv: u8, spec: Option<&Value>) -> PyResult<Value> {
        let converted = match conv {
            1 => Value::Str(self.to_str(v)?.into()),
            2 => Value::Str(self.repr(v)?.into()),
            3 => Value::Str(format::ascii_escape(&self.repr(v)?).into()),
            _ => v.clone(),
        };
        let spec = match spec {
            Some(Value::Str(s)) => s.to_string(),
            _ => String::new(),
        };
        if spec.is_empty() {
            if let Value::Str(_) = converted {
                return Ok(converted);
            }
            let s = self.to_str(&converted)?;
            return self.new_str(s);
        }
        let s = self.format(&converted, &spec)?;
        self.new_str(s)
    }

    /// `template % args`.
    pub fn percent_format(&mut self, template: &str, args: &Value) -> PyResult<Value> {
        let mut a = PercentAdapter {
            vm: self,
            args: args.clone(),
        };
        let r = format::percent_format(template, &mut a);
        match r {
            Ok(s) => self.new_str(s),
            Err(e) => Err(self.raise_format(e)),
        }
    }

    /// `template.format(*args, **kwargs)`.
    pub fn str_format(&mut self, template: &str, args: Args) -> PyResult<Value> {
        let mut a = FormatAdapter { vm: self, args };
        let r = format::format_with(template, &mut a);
        match r {
            Ok(s) => self.new_str(s),
            Err(e) => Err(self.raise_format(e)),
        }
    }

    fn arg_kind(&self, v: &Value) -> ArgKind {
        match v {
            Value::Int(_) | Value::Big(_) | Value::Bool(_) => {
                ArgKind::Int(to_big(v).unwrap_or_default())
            }
            Value::Float(x) => ArgKind::Float(*x),
            Value::Str(s) => ArgKind::Str(s.to_string()),
            _ => ArgKind::Other(self.type_name(v)),
        }
    }
}

struct PercentAdapter<'a> {
    vm: &'a mut Vm,
    args: Value,
}

impl PercentArgs for PercentAdapter<'_> {
    type Value = Value;
    type Error = Raised;

    fn tuple_len(&self) -> Option<usize> {
        match self.args.as_obj() {
            Some(Object::Tuple(t)) => Some(t.len()),
            _ => None,
        }
    }
    fn is_mapping(&self) -> bool {
        matches!(self.args.as_obj(), Some(Object::Dict(_)))
    }
    fn operand(&mut self) -> Value {
        self.args.clone()
    }
    fn item(&mut self, index: usize) -> Value {
        match self.args.as_obj() {
            Some(Object::Tuple(t)) => t[index].clone(),
            _ => Value::None,
        }
    }
    fn lookup(&mut self, key: &str) -> Result<Value, Raised> {
        self.vm
            .get_item(&self.args.clone(), &Value::str(key))
            .map_err(Raised)
    }
    fn kind(&mut self, value: &Value) -> ArgKind {
        self.vm.arg_kind(value)
    }
    fn str(&mut self, value: &Value) -> Result<String, Raised> {
        self.vm.to_str(value).map_err(Raised)
    }
    fn repr(&mut self, value: &Value) -> Result<String, Raised> {
        self.vm.repr(value).map_err(Raised)
    }
}

struct FormatAdapter<'a> {
    vm: &'a mut Vm,
    args: Args,
}

impl FormatArgs for FormatAdapter<'_> {
    type Value = Value;
    type Error = Raised;

    fn positional(&mut self, index: usize) -> Option<Value> {
        self.args.pos.get(index).cloned()
    }
    fn keyword(&mut self, name: &str) -> Option<Value> {
        self.args
            .kw
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v.clone())
    }
    fn access(&mut self, value: Value, accessor: &Accessor) -> Result<Value, Raised> {
        match accessor {
            Accessor::Attr(a) => self.vm.get_attr(&value, a).map_err(Raised),
            Accessor::Index(i) => self
                .vm
                .get_item(&value, &Value::Int(*i as i64))
                .map_err(Raised),
            Accessor::Key(k) => self.vm.get_item(&value, &Value::str(k)).map_err(Raised),
        }
    }
    fn str(&mut self, value: &Value) -> Result<String, Raised> {
        self.vm.to_str(value).map_err(Raised)
    }
    fn repr(&mut self, value: &Value) -> Result<String, Raised> {
        self.vm.repr(value).map_err(Raised)
    }
    fn format(&mut self, value: &Value, spec: &str) -> Result<String, Raised> {
        self.vm.format(value, spec).map_err(Raised)
    }
}

/// `<module.Name object at 0x…>`: an instance's repr when its class has none.
fn address_repr(o: &ObjRef, inst: &super::value::Instance) -> String {
    let (module, name) = match &*inst.class {
        Object::Class(c) => (c.module.clone(), c.name.clone()),
        _ => (Arc::from("__main__"), inst.class_name.clone()),
    };
    let addr = ObjRef::as_ptr(o) as usize;
    format!("<{module}.{name} object at {addr:#x}>")
}
