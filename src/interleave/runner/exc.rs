//! Exceptions: raising built-in ones, matching `except` clauses, and
//! printing a traceback the way CPython does.

use super::value::{lock, Object, Value};
use super::vm::Vm;
use super::{PyErr, PyResult, TraceEntry};

/// Built-in exceptions and their base, in an order where each base comes
/// before its subclasses.
pub const EXCEPTIONS: &[(&str, &str)] = &[
    ("BaseException", "object"),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("Exception", "BaseException"),
    ("StopIteration", "Exception"),
    ("ArithmeticError", "Exception"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("OSError", "Exception"),
    ("TimeoutError", "OSError"),
    ("ConnectionError", "OSError"),
    ("BrokenPipeError", "ConnectionError"),
    ("FileNotFoundError", "OSError"),
    ("RuntimeError", "Exception"),
    ("RecursionError", "RuntimeError"),
    ("NotImplementedError", "RuntimeError"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("BufferError", "Exception"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("TabError", "IndentationError"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("MemoryError", "Exception"),
    ("Warning", "Exception"),
    ("UserWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
];

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
        self.format_exception_parts(&e.exc, &e.traceback, None, true)
            .concat()
    }

    /// `traceback.format_exception(exc)`: what CPython's
    /// `TracebackException.format` yields, one string per line group (the
    /// header, each frame with its source line, the exception's line):
    /// the cause or context first, each with its own traceback, as
    /// CPython chains them. `tb` is `exc`'s traceback (innermost first,
    /// as frames add themselves); `limit` keeps the first `limit` frames
    /// (the last `-limit` when negative) of each traceback.
    pub fn format_exception_parts(
        &mut self,
        exc: &Value,
        tb: &[TraceEntry],
        limit: Option<i64>,
        chain: bool,
    ) -> Vec<String> {
        // (the message that leads into it, the exception, its traceback)
        let mut links: Vec<(Option<&str>, Value, Vec<TraceEntry>)> =
            vec![(None, exc.clone(), tb.to_vec())];
        let mut seen = vec![exc.clone()];
        if chain {
            loop {
                let last = links.last().map(|l| l.1.clone()).unwrap_or(Value::None);
                let cause = self.exc_field(&last, "__cause__");
                let suppress = match self.exc_field(&last, "__suppress_context__") {
                    Some(v) => self.truthy(&v).unwrap_or(false),
                    None => false,
                };
                let (msg, next) = if let Some(c) = cause {
                    (CAUSE_MESSAGE, c)
                } else {
                    match self.exc_field(&last, "__context__") {
                        Some(c) if !suppress => (CONTEXT_MESSAGE, c),
                        _ => break,
                    }
                };
                // A chain that loops back (`raise a` while handling b, whose
                // context is a) stops where CPython's does.
                if seen.iter().any(|s| s.is(&next)) {
                    break;
                }
                seen.push(next.clone());
                links.last_mut().expect("one link").0 = Some(msg);
                let next_tb = match next.as_obj() {
                    Some(Object::Instance(i)) => i.get("__traceback__"),
                    _ => None,
                }
                .map(|t| traceback_entries(&t))
                .unwrap_or_default();
                links.push((None, next, next_tb));
            }
        }
        let mut out = Vec::new();
        for (msg, exc, tb) in links.iter().rev() {
            if let Some(m) = msg {
                out.push(m.to_string());
            }
            let frames = self.format_frames(tb, limit);
            if !frames.is_empty() {
                out.push("Traceback (most recent call last):\n".to_string());
                out.extend(frames);
            }
            out.extend(self.format_exception_only(exc));
        }
        out
    }

    /// An exception's `__cause__` or `__context__`, when it is set and
    /// not None.
    fn exc_field(&mut self, exc: &Value, name: &str) -> Option<Value> {
        self.try_attr(exc, name)
            .ok()
            .flatten()
            .filter(|v| !v.is_none())
    }

    /// The frames of the program a traceback went through, outermost
    /// first, as `StackSummary.format` prints them (the library's own
    /// frames are left out: CPython's are in its own files).
    pub fn format_frames(&mut self, tb: &[TraceEntry], limit: Option<i64>) -> Vec<String> {
        let sources = lock(&self.interp.sources).clone();
        let shown = self.visible_frames(tb, limit);
        let mut out = Vec::new();
        let mut last: Option<&TraceEntry> = None;
        let mut count = 0usize;
        for t in &shown {
            let same =
                last.is_some_and(|l| l.file == t.file && l.line == t.line && l.func == t.func);
            if !same {
                repeated(&mut out, count);
                last = Some(t);
                count = 0;
            }
            count += 1;
            if count > RECURSIVE_CUTOFF {
                continue;
            }
            let mut s = format!("  File \"{}\", line {}, in {}\n", t.file, t.line, t.func);
            if let Some(l) = source_line(&sources, &t.file, t.line) {
                s.push_str(&format!("    {l}\n"));
            }
            out.push(s);
        }
        repeated(&mut out, count);
        out
    }

    /// The entries of `tb` a traceback shows, outermost first, cut to
    /// `limit` as `traceback.extract_tb` cuts them.
    pub fn visible_frames(&self, tb: &[TraceEntry], limit: Option<i64>) -> Vec<TraceEntry> {
        let mut shown: Vec<TraceEntry> = tb
            .iter()
            .rev()
            .filter(|t| !t.file.starts_with('<') || &*t.file == "<string>")
            .cloned()
            .collect();
        match limit {
            Some(n) if n >= 0 => shown.truncate(n as usize),
            Some(n) => {
                let keep = (n.unsigned_abs() as usize).min(shown.len());
                shown.drain(..shown.len() - keep);
            }
            None => {}
        }
        shown
    }

    /// The source line a traceback shows for `line` of `file`, stripped.
    pub fn source_line(&self, file: &str, line: u32) -> Option<String> {
        let sources = lock(&self.interp.sources);
        source_line(&sources, file, line)
    }

    /// `traceback.format_exception_only(exc)`: its last line, then its
    /// notes (`add_note`, 3.11).
    pub fn format_exception_only(&mut self, exc: &Value) -> Vec<String> {
        let base = self.interp.types.get("BaseException").clone();
        if !self.isinstance(exc, &base) {
            // `format_exception(None)` and other values: the type's name
            // and the value's str, as CPython's TracebackException.
            let t = self.type_of(exc);
            let name = match t.as_obj() {
                Some(Object::Class(c)) if &*c.module != "builtins" && &*c.module != "__main__" => {
                    format!("{}.{}", c.module, c.qualname)
                }
                Some(Object::Class(c)) => c.qualname.to_string(),
                _ => "object".to_string(),
            };
            let s = self.to_str(exc).unwrap_or_default();
            return vec![if s.is_empty() {
                format!("{name}\n")
            } else {
                format!("{name}: {s}\n")
            }];
        }
        let mut out = self.syntax_error_place(exc);
        out.push(self.exception_line(exc));
        if let Some(notes) = self.exc_field(exc, "__notes__") {
            if let Some(Object::List(l)) = notes.as_obj() {
                for n in lock(l).clone() {
                    let text = match &n {
                        Value::Str(s) => s.to_string(),
                        other => self.repr(other).unwrap_or_default(),
                    };
                    out.push(format!("{text}\n"));
                }
            }
        }
        out
    }

    /// Makes the exception being handled (if any) `exc`'s `__context__`,
    /// as CPython does whenever an exception is raised inside an `except`
    /// body; a context chain that would loop back to `exc` is cut first.
    pub fn set_context(&mut self, exc: &Value) {
        let Some(ctx) = self.handled.last().cloned() else {
            return;
        };
        if ctx.is(exc) {
            return;
        }
        let mut o = ctx.clone();
        // Bounded: a chain may already loop (CPython guards the same way).
        for _ in 0..10_000 {
            let Some(c) = self.exc_field(&o, "__context__") else {
                break;
            };
            if c.is(exc) {
                let _ = self.set_attr(&o, "__context__", Value::None);
                break;
            }
            o = c;
        }
        let _ = self.set_attr(exc, "__context__", ctx);
    }

    /// A SyntaxError from code compiled at run time (`eval("1 +")`) shows
    /// where, as CPython does: its file and line, then the source line;
    /// its last line then has just the message. Empty for the others.
    fn syntax_error_place(&mut self, exc: &Value) -> Vec<String> {
        let syntax = self.interp.types.get("SyntaxError").clone();
        if !self.isinstance(exc, &syntax) {
            return Vec::new();
        }
        let (Some(Value::Str(file)), Some(Value::Int(line))) = (
            self.exc_field(exc, "filename"),
            self.exc_field(exc, "lineno"),
        ) else {
            return Vec::new();
        };
        let mut out = vec![format!("  File \"{file}\", line {line}\n")];
        if let Some(Value::Str(text)) = self.exc_field(exc, "text") {
            let text = text.trim();
            if !text.is_empty() {
                out.push(format!("    {text}\n"));
            }
        }
        out
    }

    /// `ValueError: message` (or just the name when the message is empty).
    pub fn exception_line(&mut self, exc: &Value) -> String {
        let name = self.exception_name(exc);
        let mut msg = self.exception_str(exc).unwrap_or_default();
        if !self.syntax_error_place(exc).is_empty() {
            // `str(e)` says "msg (file, line n)"; the printed line, "msg".
            if let Some(Value::Str(m)) = self.exc_field(exc, "msg") {
                msg = m.to_string();
            }
        }
        if msg.is_empty() {
            format!("{name}\n")
        } else {
            format!("{name}: {msg}\n")
        }
    }
}

const CAUSE_MESSAGE: &str =
    "\nThe above exception was the direct cause of the following exception:\n\n";
const CONTEXT_MESSAGE: &str =
    "\nDuring handling of the above exception, another exception occurred:\n\n";

/// More than this many frames in a row at the same place print as one
/// `[Previous line repeated N more times]` (CPython's `_RECURSIVE_CUTOFF`).
const RECURSIVE_CUTOFF: usize = 3;

fn repeated(out: &mut Vec<String>, count: usize) {
    if count > RECURSIVE_CUTOFF {
        let n = count - RECURSIVE_CUTOFF;
        let s = if n > 1 { "s" } else { "" };
        out.push(format!("  [Previous line repeated {n} more time{s}]\n"));
    }
}

fn source_line(
    sources: &std::collections::HashMap<String, std::sync::Arc<str>>,
    file: &str,
    line: u32,
) -> Option<String> {
    let src = sources.get(file)?;
    let l = src.lines().nth(line.saturating_sub(1) as usize)?.trim();
    (!l.is_empty()).then(|| l.to_string())
}

/// A traceback as a value an exception can hold.
struct Traceback(Vec<TraceEntry>);

impl super::value::Native for Traceback {
    fn type_name(&self) -> &str {
        "traceback"
    }
    fn attr(&self, _me: &Value, name: &str) -> Option<Value> {
        // The entries are innermost first: the object is the outermost's.
        match name {
            "tb_lineno" => self.0.last().map(|t| Value::Int(t.line as i64)),
            "tb_next" => Some(match self.0.len() {
                0 | 1 => Value::None,
                n => traceback_value(&self.0[..n - 1]),
            }),
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

pub fn traceback_entries(v: &Value) -> Vec<TraceEntry> {
    match v.as_obj() {
        Some(Object::Native(n)) => n
            .as_any()
            .downcast_ref::<Traceback>()
            .map(|t| t.0.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}
