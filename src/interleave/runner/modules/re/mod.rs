//! `_re`: the native half of `re` (`lib/re.py` holds the Pattern and Match
//! classes, `sub`'s templates and `split`). Pasted programs parse the log
//! lines their threads wrote, count words in the text each worker scans,
//! validate input: `import re` must work as in CPython 3.11.
//!
//! Python's pattern is rewritten for `fancy-regex` ([`translate`]) and
//! searched by [`engine::Engine`]; this file turns the engine's byte
//! offsets into Python's character indices and answers the glue's calls.
//! A compiled pattern is immutable and shared by every thread using it.

mod engine;
mod escapes;
mod translate;

/// Python's flag values (`re.IGNORECASE` …).
pub mod flags {
    pub const IGNORECASE: u32 = 2;
    pub const LOCALE: u32 = 4;
    pub const MULTILINE: u32 = 8;
    pub const DOTALL: u32 = 16;
    pub const UNICODE: u32 = 32;
    pub const VERBOSE: u32 = 64;
    pub const ASCII: u32 = 256;
}

use engine::{Engine, Mode, Spans};

use crate::interleave::runner::obj::Immortals;
use crate::interleave::runner::value::{Args, Builtin, Native, NativeFn, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

pub fn module(run: &Immortals) -> Value {
    super::native_module("_re", &[("compile", compile)], Vec::new(), run)
}

/// A compiled pattern: what `re.Pattern` keeps as `_c`.
pub struct Compiled {
    engine: Engine,
}

const METHODS: &[(&str, NativeFn)] = &[
    ("search", search),
    ("scan", scan),
    ("findall", findall),
    ("subn", subn),
];

impl Native for Compiled {
    fn type_name(&self) -> &str {
        "_re.Compiled"
    }

    fn attr(&self, me: &Value, name: &str) -> Option<Value> {
        let t = &self.engine.t;
        match name {
            "groups" => return Some(Value::Int(t.groups as i64)),
            "flags" => return Some(Value::Int(t.flags as i64)),
            "names" => {
                let items = t
                    .names
                    .iter()
                    .map(|(n, i)| Value::tuple([Value::str(n), Value::Int(*i as i64)]));
                return Some(Value::list(items.collect()));
            }
            "parents" => {
                let items = t.parents.iter().map(|p| Value::Int(*p as i64));
                return Some(Value::list(items.collect()));
            }
            _ => {}
        }
        let (name, func) = *METHODS.iter().find(|(n, _)| *n == name)?;
        Some(Value::obj(Object::Builtin(Builtin {
            name,
            func,
            bound: Some(me.clone()),
            module: None,
            unary: None,
        })))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `_re.compile(pattern, flags)`: the compiled pattern, or `(message,
/// position)` for the glue to raise as `re.error`.
fn compile(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let (Some(Value::Str(p)), Some(Value::Int(f))) = (args.pos.first(), args.pos.get(1)) else {
        return Err(vm.new_error("TypeError", "_re.compile(str, int)"));
    };
    Ok(match Engine::new(p, *f as u32) {
        Ok(engine) => Value::obj(Object::Native(Box::new(Compiled { engine }))),
        Err(e) => {
            let pos = match e.pos {
                usize::MAX => Value::None,
                p => Value::Int(p as i64),
            };
            Value::tuple([Value::str(&e.msg), pos])
        }
    })
}

fn the<'a>(vm: &Vm, me: Option<&'a Value>) -> PyResult<&'a Compiled> {
    if let Some(Object::Native(n)) = me.and_then(|v| v.as_obj()) {
        if let Some(c) = n.as_any().downcast_ref::<Compiled>() {
            return Ok(c);
        }
    }
    Err(vm.new_error("TypeError", "a compiled pattern is required"))
}

/// Byte offsets to character indices for one text, cheap for successive
/// offsets that grow (the scan's) and free for ASCII text.
struct Chars<'a> {
    s: &'a str,
    ascii: bool,
    byte: usize,
    char: usize,
}

impl<'a> Chars<'a> {
    fn new(s: &'a str) -> Chars<'a> {
        Chars {
            s,
            ascii: s.is_ascii(),
            byte: 0,
            char: 0,
        }
    }

    fn index(&mut self, b: usize) -> usize {
        if self.ascii {
            return b;
        }
        if b >= self.byte {
            self.char += self.s[self.byte..b].chars().count();
        } else {
            self.char -= self.s[b..self.byte].chars().count();
        }
        self.byte = b;
        self.char
    }

    /// The byte offset of character `c` (clamped to the text).
    fn byte_of(&self, c: usize) -> usize {
        // (No text has more characters than bytes: endpos's default
        // needs no walk.)
        if self.ascii || c >= self.s.len() {
            return c.min(self.s.len());
        }
        self.s
            .char_indices()
            .nth(c)
            .map_or(self.s.len(), |(b, _)| b)
    }

    fn spans(&mut self, spans: &Spans) -> Value {
        let mut v = Vec::with_capacity(spans.len() * 2);
        for s in spans {
            match s {
                Some((a, b)) => {
                    v.push(Value::Int(self.index(*a) as i64));
                    v.push(Value::Int(self.index(*b) as i64));
                }
                None => v.extend([Value::Int(-1), Value::Int(-1)]),
            }
        }
        Value::tuple(v)
    }
}

/// The text and its `pos`/`endpos` (Python's clamping) as byte offsets.
fn text_args<'a>(vm: &Vm, args: &'a Args) -> PyResult<(&'a str, usize, usize, Chars<'a>)> {
    let s = match args.pos.first() {
        Some(Value::Str(s)) => &**s,
        Some(v) => {
            let name = vm.type_name(v);
            let msg = if name == "bytes" || name == "bytearray" {
                "cannot use a string pattern on a bytes-like object".to_string()
            } else {
                format!("expected string or bytes-like object, got '{name}'")
            };
            return Err(vm.new_error("TypeError", msg));
        }
        None => return Err(vm.new_error("TypeError", "missing string")),
    };
    let int = |k: usize, default: i64| match args.pos.get(k) {
        Some(Value::Int(i)) => *i,
        _ => default,
    };
    let chars = Chars::new(s);
    let pos = chars.byte_of(int(1, 0).max(0) as usize);
    let end = chars.byte_of(int(2, i64::MAX).max(0) as usize);
    Ok((s, pos, end, chars))
}

fn engine_error(vm: &Vm, e: String) -> crate::interleave::runner::PyErr {
    vm.new_error("RecursionError", format!("regular expression gave up: {e}"))
}

/// `_c.search(string, pos, endpos, mode)`: the spans of the match as
/// character indices (-1 for a group that did not take part), or None.
fn search(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let c = the(vm, me)?;
    let (s, pos, end, mut chars) = text_args(vm, &args)?;
    let mode = match args.pos.get(3) {
        Some(Value::Int(1)) => Mode::Match,
        Some(Value::Int(2)) => Mode::Full,
        _ => Mode::Search,
    };
    match c.engine.find(s, pos, end, mode) {
        Ok(Some(spans)) => Ok(chars.spans(&spans)),
        Ok(None) => Ok(Value::None),
        Err(e) => Err(engine_error(vm, e)),
    }
}

/// `_c.scan(string, pos, endpos, count)`: every match's spans, in order.
fn scan(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let c = the(vm, me)?;
    let (s, pos, end, mut chars) = text_args(vm, &args)?;
    let limit = match args.pos.get(3) {
        Some(Value::Int(n)) if *n > 0 => *n as usize,
        _ => 0,
    };
    let mut out = Vec::new();
    c.engine
        .scan(s, pos, end, limit, |spans| out.push(chars.spans(spans)))
        .map_err(|e| engine_error(vm, e))?;
    Ok(Value::list(out))
}

/// `_c.findall(string, pos, endpos)`: `re.findall`'s list, made here
/// (the word-count loop of many programs).
fn findall(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let c = the(vm, me)?;
    let (s, pos, end, _) = text_args(vm, &args)?;
    let groups = c.engine.t.groups;
    let text = |span: &Option<(usize, usize)>| match span {
        Some((a, b)) => Value::str(&s[*a..*b]),
        None => Value::str(""),
    };
    let mut out = Vec::new();
    c.engine
        .scan(s, pos, end, 0, |spans| {
            out.push(match groups {
                0 => text(&spans[0]),
                1 => text(&spans[1]),
                _ => Value::tuple(spans[1..].iter().map(text)),
            })
        })
        .map_err(|e| engine_error(vm, e))?;
    Ok(Value::list(out))
}

/// `_c.subn(template, string, count)`: `template` is a list of literal
/// strings and group numbers (parsed by the glue); returns `(text, n)`.
fn subn(vm: &mut Vm, me: Option<&Value>, mut args: Args) -> PyResult<Value> {
    let c = the(vm, me)?;
    let template = args.pos.remove(0);
    let count = match args.pos.get(1) {
        Some(Value::Int(n)) if *n > 0 => *n,
        _ => 0,
    };
    args.pos.truncate(1);
    let items: Vec<Value> = match template.as_obj() {
        Some(Object::List(l)) => crate::interleave::runner::value::lock(l).clone(),
        _ => return Err(vm.new_error("TypeError", "template must be a list")),
    };
    let (s, _, _, _) = text_args(vm, &args)?;
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut n = 0;
    c.engine
        .scan(s, 0, s.len(), count as usize, |spans| {
            let (a, b) = spans[0].unwrap_or((last, last));
            out.push_str(&s[last..a]);
            for item in &items {
                match item {
                    Value::Str(t) => out.push_str(t),
                    Value::Int(g) => {
                        if let Some(Some((x, y))) = spans.get(*g as usize) {
                            out.push_str(&s[*x..*y]);
                        }
                    }
                    _ => {}
                }
            }
            last = b;
            n += 1;
        })
        .map_err(|e| engine_error(vm, e))?;
    out.push_str(&s[last..]);
    Ok(Value::tuple([vm.new_str(out)?, Value::Int(n)]))
}
