//! Exceptions: raising built-in ones, matching `except` clauses, and
//! printing a traceback the way CPython does.

use super::value::{lock, Object, Value};
use super::vm::Vm;
use super::{PyErr, PyResult, TraceEntry};

impl Vm {
    /// A built-in exception (`"ValueError"`) with one message argument.
    pub fn new_error(&self, class: &str, msg: impl Into<String>) -> PyErr {
        let cls = self
            .interp
            .types
            .classes
            .get(class)
            .or_else(|| self.interp.types.classes.get("RuntimeError"))
            .cloned()
            .unwrap_or(Value::None);
        let msg: String = msg.into();
        let args = if msg.is_empty() && class == "MemoryError" {
            Vec::new()
        } else {
            vec![Value::str(&msg)]
        };
        let Value::Obj(c) = &cls else {
            return PyErr::new(Value::None);
        };
        let inst = self.new_instance(c);
        if let Some(Object::Instance(i)) = inst.as_obj() {
            i.set("args", Value::tuple(args));
        }
        PyErr::new(inst)
    }

    /// What `raise X` raises: an instance as it is, a class instantiated
    /// with no arguments; anything else is a TypeError.
    pub fn exception_instance(&mut self, v: Value) -> PyResult<Value> {
        let base = self.interp.types.get("BaseException").clone();
        match v.as_obj() {
            Some(Object::Class(_)) if self.is_subclass(&v, &base) => self.call1(&v, Vec::new()),
            Some(Object::Instance(_)) if self.isinstance(&v, &base) => Ok(v),
            _ => Err(self.new_error("TypeError", "exceptions must derive from BaseException")),
        }
    }

    /// `except T:` with `T` a class or a tuple of classes.
    pub fn exception_matches(&mut self, exc: &Value, typ: &Value) -> PyResult<bool> {
        if let Some(Object::Tuple(t)) = typ.as_obj() {
            for x in t.iter() {
                if self.exception_matches(exc, x)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        let base = self.interp.types.get("BaseException").clone();
        if !matches!(typ.as_obj(), Some(Object::Class(_))) || !self.is_subclass(typ, &base) {
            return Err(self.new_error(
                "TypeError",
                "catching classes that do not inherit from BaseException is not allowed",
            ));
        }
        Ok(self.isinstance(exc, typ))
    }

    /// The class name of an exception as a traceback's last line shows it
    /// (`queue.Empty` is `_queue.Empty` in CPython; user classes in
    /// `__main__` have no prefix).
    pub fn exception_name(&self, exc: &Value) -> String {
        let t = self.type_of(exc);
        match t.as_obj() {
            Some(Object::Class(c)) => {
                // A class may say where CPython defines it
                // (`queue.Empty` is `_queue.Empty`).
                let module = match lock(&c.dict).get("__module__") {
                    Some(Value::Str(m)) => m.clone(),
                    _ => c.module.clone(),
                };
                if &*module == "builtins" || &*module == "__main__" {
                    c.qualname.to_string()
                } else {
                    format!("{module}.{}", c.qualname)
                }
            }
            _ => "Exception".into(),
        }
    }

    /// `str(exc)`: the message alone, `''` with no arguments, the tuple's
    /// repr with several; KeyError shows its key's repr.
    pub fn exception_str(&mut self, exc: &Value) -> PyResult<String> {
        if let Some(m) = self.lookup_special(exc, "__str__") {
            if !self.is_builtin_exception_method(exc, "__str__") {
                let r = self.call1(&m, Vec::new())?;
                return self.to_str(&r);
            }
        }
        let args = match self.try_attr(exc, "args")? {
            Some(a) => a,
            None => Value::tuple(Vec::new()),
        };
        let items = match args.as_obj() {
            Some(Object::Tuple(t)) => t.to_vec(),
            _ => vec![args.clone()],
        };
        let key_error = self.isinstance(exc, &self.interp.types.get("KeyError").clone());
        // `OSError(errno, strerror)` reads `[Errno 32] Broken pipe`.
        if let [Value::Int(errno), Value::Str(text)] = &items[..] {
            if self.isinstance(exc, &self.interp.types.get("OSError").clone()) {
                return Ok(format!("[Errno {errno}] {text}"));
            }
        }
        match items.len() {
            0 => Ok(String::new()),
            1 if key_error => self.repr(&items[0]),
            1 => self.to_str(&items[0]),
            _ => self.repr(&args),
        }
    }

    fn is_builtin_exception_method(&self, exc: &Value, name: &str) -> bool {
        let Some(cls) = super::value::class_of_instance(exc) else {
            return true;
        };
        self.class_lookup(cls, name).is_none()
    }

    /// The traceback text CPython prints for an uncaught exception.
    pub fn format_exception(&mut self, e: &PyErr) -> String {
        let mut out = String::new();
        // The cause or context first, as CPython chains them.
        let cause = self.try_attr(&e.exc, "__cause__").ok().flatten();
        let context = self.try_attr(&e.exc, "__context__").ok().flatten();
        let mut tb_out = String::new();
        if !e.traceback.is_empty() {
            tb_out.push_str("Traceback (most recent call last):\n");
            let sources = lock(&self.interp.sources).clone();
            for t in e.traceback.iter().rev() {
                if t.file.starts_with('<') && &*t.file != "<string>" {
                    continue;
                }
                tb_out.push_str(&format!(
                    "  File \"{}\", line {}, in {}\n",
                    t.file, t.line, t.func
                ));
                if let Some(src) = sources.get(&*t.file) {
                    if let Some(l) = src.lines().nth(t.line.saturating_sub(1) as usize) {
                        let l = l.trim();
                        if !l.is_empty() {
                            tb_out.push_str(&format!("    {l}\n"));
                        }
                    }
                }
            }
        }
        if let Some(c) = cause.filter(|c| !c.is_none()) {
            out.push_str(&self.format_bare(&c));
            out.push_str(
                "\nThe above exception was the direct cause of the following exception:\n\n",
            );
        } else if let Some(c) = context.filter(|c| !c.is_none()) {
            out.push_str(&self.format_bare(&c));
            out.push_str(
                "\nDuring handling of the above exception, another exception occurred:\n\n",
            );
        }
        out.push_str(&tb_out);
        out.push_str(&self.exception_line(&e.exc));
        out
    }

    fn format_bare(&mut self, exc: &Value) -> String {
        self.exception_line(exc)
    }

    /// `ValueError: message` (or just the name when the message is empty).
    pub fn exception_line(&mut self, exc: &Value) -> String {
        let name = self.exception_name(exc);
        let msg = self.exception_str(exc).unwrap_or_default();
        if msg.is_empty() {
            format!("{name}\n")
        } else {
            format!("{name}: {msg}\n")
        }
    }
}

/// A traceback as a value an exception can hold.
struct Traceback(Vec<TraceEntry>);

impl super::value::Native for Traceback {
    fn type_name(&self) -> &str {
        "traceback"
    }
    fn attr(&self, _me: &Value, name: &str) -> Option<Value> {
        match name {
            "tb_lineno" => self.0.last().map(|t| Value::Int(t.line as i64)),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub(super) fn traceback_value(entries: &[TraceEntry]) -> Value {
    Value::obj(Object::Native(Box::new(Traceback(entries.to_vec()))))
}

pub(super) fn traceback_entries(v: &Value) -> Vec<TraceEntry> {
    match v.as_obj() {
        Some(Object::Native(n)) => n
            .as_any()
            .downcast_ref::<Traceback>()
            .map(|t| t.0.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}
