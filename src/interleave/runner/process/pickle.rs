//! What crosses between processes: a pickle-like encoding of Python values
//! into bytes, decoded into fresh objects by the receiving interpreter.
//!
//! # The lesson
//!
//! Processes share no objects. An argument sent to a child, and a result
//! sent back, is *encoded* (CPython pickles it), carried as bytes, and
//! rebuilt on the other side: the child works on a copy, and a mutation
//! there never shows in the parent. Functions and classes do not travel as
//! code: they go by name (`__main__.work`), and the receiver looks the name
//! up in its own modules. So a lambda or a nested function cannot be sent —
//! there is no name to find it by — and fails with CPython's message.
//!
//! Within one message, shared references stay shared (a memo: the second
//! time an object is met, a back-reference is written instead), so
//! `[a, a]` arrives as two references to one new list, and cycles work.
//!
//! The few objects every process may hold at once (a `multiprocessing`
//! queue, lock, or shared `Value`/`Array`: what the OS shares between real
//! processes) travel beside the bytes as handles.

use crate::interleave::runner::value::ObjRef;
use std::collections::HashMap;

use crate::interleave::runner::value::{lock, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::{PyErr, PyResult};

/// One encoded message: the bytes, and the shared objects it refers to.
#[derive(Default, Clone)]
pub struct Msg {
    /// The pickled bytes.
    pub bytes: Vec<u8>,
    /// Shared objects (queues, locks) the bytes refer to by index.
    pub handles: Vec<ObjRef>,
}

/// Deepest nesting encoded before `RecursionError`, as CPython's pickler
/// recurses on the C stack and stops at the recursion limit.
const MAX_DEPTH: u32 = 1000;

/// Keys of an exception's `__dict__` that pickling leaves out (CPython
/// keeps them in slots that `__reduce__` does not return).
const EXC_SKIP: &[&str] = &[
    "__traceback__",
    "__cause__",
    "__context__",
    "__suppress_context__",
];

pub(super) mod tag {
    pub const NONE: u8 = b'N';
    pub const TRUE: u8 = b'T';
    pub const FALSE: u8 = b'F';
    pub const INT: u8 = b'i';
    pub const BIG: u8 = b'b';
    pub const FLOAT: u8 = b'f';
    pub const STR: u8 = b's';
    pub const TUPLE: u8 = b't';
    pub const LIST: u8 = b'l';
    pub const DICT: u8 = b'd';
    pub const SET: u8 = b'e';
    pub const FROZENSET: u8 = b'z';
    /// `bytes`: a length, then the bytes.
    pub const BYTES: u8 = b'y';
    /// `bytearray`: as `bytes`, memoised (it may be shared and changed).
    pub const BYTEARRAY: u8 = b'Y';
    pub const RANGE: u8 = b'r';
    /// `slice(start, stop, step)`: its three values.
    pub const SLICE: u8 = b'S';
    /// A function or class by module and qualified name.
    pub const GLOBAL: u8 = b'g';
    /// A built-in class or function by name.
    pub const BUILTIN: u8 = b'B';
    pub const INSTANCE: u8 = b'o';
    /// An instance its class's `__reduce_ex__`/`__reduce__` rebuilds: a
    /// callable and its arguments (an enum member: its class and value).
    pub const REDUCE: u8 = b'R';
    /// A bound method: its object and the method's name.
    pub const METHOD: u8 = b'm';
    pub const HANDLE: u8 = b'h';
    /// A back-reference to an object already in this message.
    pub const MEMO: u8 = b'p';
}

/// Encodes `v` for another process.
pub fn dumps(vm: &mut Vm, v: &Value) -> PyResult<Msg> {
    let mut e = Encoder {
        vm,
        msg: Msg::default(),
        memo: HashMap::new(),
        depth: 0,
        keep: Vec::new(),
    };
    e.value(v)?;
    Ok(e.msg)
}

pub use super::unpickle::loads;

/// A pickling error raised as CPython raises it: `_pickle.PicklingError`
/// for a name that cannot be looked up.
pub fn pickling_error(vm: &mut Vm, msg: String) -> PyErr {
    let cls = vm
        .import("pickle")
        .and_then(|m| vm.get_attr(&m, "PicklingError"));
    match cls {
        Ok(c) => match vm.call1(&c, vec![Value::str(&msg)]) {
            Ok(inst) => PyErr::new(inst),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

struct Encoder<'a> {
    vm: &'a mut Vm,
    msg: Msg,
    /// Object address → memo index.
    memo: HashMap<usize, u32>,
    depth: u32,
    /// Keeps every memoised object alive while encoding, so that an
    /// address is never reused by a new object within one message.
    keep: Vec<Value>,
}

impl Encoder<'_> {
    fn u32(&mut self, n: usize) {
        self.msg.bytes.extend_from_slice(&(n as u32).to_le_bytes());
    }

    fn str(&mut self, s: &str) {
        self.u32(s.len());
        self.msg.bytes.extend_from_slice(s.as_bytes());
    }

    fn remember(&mut self, v: &Value, o: &ObjRef) {
        let n = self.memo.len() as u32;
        self.memo.insert(ObjRef::as_ptr(o) as usize, n);
        self.keep.push(v.clone());
    }

    fn value(&mut self, v: &Value) -> PyResult<()> {
        match v {
            Value::None => self.msg.bytes.push(tag::NONE),
            Value::Bool(b) => self.msg.bytes.push(if *b { tag::TRUE } else { tag::FALSE }),
            Value::Int(i) => {
                self.msg.bytes.push(tag::INT);
                self.msg.bytes.extend_from_slice(&i.to_le_bytes());
            }
            Value::Big(b) => {
                self.msg.bytes.push(tag::BIG);
                let bytes = b.to_signed_bytes_le();
                self.u32(bytes.len());
                self.msg.bytes.extend_from_slice(&bytes);
            }
            Value::Float(x) => {
                self.msg.bytes.push(tag::FLOAT);
                self.msg.bytes.extend_from_slice(&x.to_bits().to_le_bytes());
            }
            Value::Str(s) => {
                self.msg.bytes.push(tag::STR);
                self.str(s);
            }
            Value::Obj(o) => {
                if let Some(&n) = self.memo.get(&(ObjRef::as_ptr(o) as usize)) {
                    self.msg.bytes.push(tag::MEMO);
                    self.u32(n as usize);
                    return Ok(());
                }
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.vm.new_error(
                        "RecursionError",
                        "maximum recursion depth exceeded while pickling an object",
                    ));
                }
                let r = self.object(v, o);
                self.depth -= 1;
                r?;
            }
        }
        Ok(())
    }

    fn object(&mut self, v: &Value, o: &ObjRef) -> PyResult<()> {
        match &**o {
            Object::Tuple(items) => {
                self.msg.bytes.push(tag::TUPLE);
                self.items(items)?;
                // Memoised after its items, as pickle does: the tuple
                // exists only once they do.
                self.remember(v, o);
            }
            Object::FrozenSet(f) => {
                self.msg.bytes.push(tag::FROZENSET);
                let items: Vec<Value> = f.items().keys().map(|k| k.0.clone()).collect();
                self.items(&items)?;
                // Immutable too: memoised after its items, like a tuple.
                self.remember(v, o);
            }
            Object::Bytes(b) => {
                self.msg.bytes.push(tag::BYTES);
                self.u32(b.len());
                self.msg.bytes.extend_from_slice(b);
                // Immutable: memoised after, like a tuple.
                self.remember(v, o);
            }
            Object::ByteArray(b) => {
                self.msg.bytes.push(tag::BYTEARRAY);
                self.remember(v, o);
                let b = lock(b).clone();
                self.u32(b.len());
                self.msg.bytes.extend_from_slice(&b);
            }
            Object::List(l) => {
                self.msg.bytes.push(tag::LIST);
                self.remember(v, o);
                let items = lock(l).clone();
                self.items(&items)?;
            }
            Object::Dict(d) => {
                self.msg.bytes.push(tag::DICT);
                self.remember(v, o);
                let items: Vec<(Value, Value)> = lock(d)
                    .iter()
                    .map(|(k, v)| (k.0.clone(), v.clone()))
                    .collect();
                self.pairs(&items)?;
            }
            Object::Set(s) => {
                self.msg.bytes.push(tag::SET);
                self.remember(v, o);
                let items: Vec<Value> = lock(s).keys().map(|k| k.0.clone()).collect();
                self.items(&items)?;
            }
            Object::Range(a, b, c) => {
                self.msg.bytes.push(tag::RANGE);
                for n in [a, b, c] {
                    self.msg.bytes.extend_from_slice(&n.to_le_bytes());
                }
            }
            Object::Slice(a, b, c) => {
                self.msg.bytes.push(tag::SLICE);
                for x in [a, b, c] {
                    self.value(x)?;
                }
            }
            Object::Function(f) => {
                let (module, qualname) = (f.globals.module.clone(), f.qualname.clone());
                self.global(v, &module, &qualname)?;
            }
            Object::Class(c) => {
                if c.builtin.is_some() {
                    self.msg.bytes.push(tag::BUILTIN);
                    self.str(&c.name.clone());
                } else {
                    let (module, qualname) = (c.module.clone(), c.qualname.clone());
                    self.global(v, &module, &qualname)?;
                }
            }
            Object::Builtin(b) if b.bound.is_none() => self.builtin_function(v, b)?,
            Object::Method(me, func) => {
                let name = match func.as_obj() {
                    Some(Object::Function(f)) => f.name.clone(),
                    _ => return Err(self.cannot(v)),
                };
                self.msg.bytes.push(tag::METHOD);
                self.value(me)?;
                self.str(&name);
            }
            Object::Instance(inst) if self.reduced(v, inst)? => {}
            Object::Instance(inst) => {
                self.msg.bytes.push(tag::INSTANCE);
                self.remember(v, o);
                self.value(&Value::Obj(inst.class.clone()))?;
                let items: Vec<(Value, Value)> = match &*inst.dict {
                    Object::Dict(d) => lock(d)
                        .iter()
                        .filter(|(k, _)| !matches!(&k.0, Value::Str(s) if EXC_SKIP.contains(&&**s)))
                        .map(|(k, v)| (k.0.clone(), v.clone()))
                        .collect(),
                    _ => Vec::new(),
                };
                self.pairs(&items)?;
            }
            Object::Native(n) if n.process_shared() => {
                self.msg.bytes.push(tag::HANDLE);
                let i = self.msg.handles.len();
                self.msg.handles.push(o.clone());
                self.u32(i);
            }
            _ => return Err(self.cannot(v)),
        }
        Ok(())
    }

    /// An instance whose class has its own `__reduce_ex__` or `__reduce__`
    /// goes as what it returns, `(callable, args)`, as CPython's pickler
    /// does: the receiver calls it (so an enum member arrives as the
    /// receiver's own member, `is` still true). False: no such method.
    fn reduced(
        &mut self,
        v: &Value,
        inst: &crate::interleave::runner::value::Instance,
    ) -> PyResult<bool> {
        let (f, ex) = match self.vm.class_lookup(&inst.class, "__reduce_ex__") {
            Some(f) => (f, true),
            None => match self.vm.class_lookup(&inst.class, "__reduce__") {
                Some(f) => (f, false),
                None => return Ok(false),
            },
        };
        let bound = crate::interleave::runner::types::bind(v, &f);
        let pos = if ex { vec![Value::Int(4)] } else { Vec::new() };
        let r = self.vm.call1(&bound, pos)?;
        let parts = match r.as_obj() {
            Some(Object::Tuple(t)) if t.len() == 2 => t.to_vec(),
            _ => {
                return Err(pickling_error(
                    self.vm,
                    "__reduce__ must return a (callable, args) tuple here".to_string(),
                ))
            }
        };
        if !matches!(parts[1].as_obj(), Some(Object::Tuple(_))) {
            return Err(pickling_error(
                self.vm,
                "second item of the tuple returned by __reduce__ must be a tuple".to_string(),
            ));
        }
        self.msg.bytes.push(tag::REDUCE);
        self.value(&parts[0])?;
        self.value(&parts[1])?;
        Ok(true)
    }

    fn items(&mut self, items: &[Value]) -> PyResult<()> {
        self.u32(items.len());
        for x in items {
            self.value(x)?;
        }
        Ok(())
    }

    fn pairs(&mut self, items: &[(Value, Value)]) -> PyResult<()> {
        self.u32(items.len());
        for (k, x) in items {
            self.value(k)?;
            self.value(x)?;
        }
        Ok(())
    }

    fn cannot(&mut self, v: &Value) -> PyErr {
        cannot_pickle(self.vm, v)
    }

    /// A function or class by reference, checked as CPython's pickler
    /// checks it: the name must lead back to this very object.
    fn global(&mut self, v: &Value, module: &str, qualname: &str) -> PyResult<()> {
        if qualname.contains("<locals>") {
            return Err(self.vm.new_error(
                "AttributeError",
                format!("Can't pickle local object '{qualname}'"),
            ));
        }
        let repr = self.vm.repr(v)?;
        let found = lookup(self.vm, module, qualname)?;
        match found {
            None => {
                return Err(pickling_error(
                    self.vm,
                    format!("Can't pickle {repr}: attribute lookup {qualname} on {module} failed"),
                ))
            }
            Some(f) if !f.is(v) => {
                return Err(pickling_error(
                    self.vm,
                    format!("Can't pickle {repr}: it's not the same object as {module}.{qualname}"),
                ))
            }
            Some(_) => {}
        }
        self.msg.bytes.push(tag::GLOBAL);
        self.str(module);
        self.str(qualname);
        Ok(())
    }

    /// A built-in function: by name from the builtins, or from the module
    /// that holds it (`math.sqrt`).
    fn builtin_function(
        &mut self,
        v: &Value,
        b: &crate::interleave::runner::value::Builtin,
    ) -> PyResult<()> {
        let same = |x: &Value| matches!(x.as_obj(), Some(Object::Builtin(o)) if o.bound.is_none() && o.func as usize == b.func as usize);
        if self.vm.interp.builtins.get(b.name).is_some_and(same) {
            self.msg.bytes.push(tag::BUILTIN);
            self.str(b.name);
            return Ok(());
        }
        let modules: Vec<(String, Value)> = lock(&self.vm.interp.modules)
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (name, m) in modules {
            if let Some(Object::Module(md)) = m.as_obj() {
                if md.globals.get(b.name).is_some_and(|x| same(&x)) {
                    self.msg.bytes.push(tag::GLOBAL);
                    self.str(&name);
                    self.str(b.name);
                    return Ok(());
                }
            }
        }
        Err(self.cannot(v))
    }
}

/// `TypeError: cannot pickle 'generator' object` (locks by their
/// `_thread` names, as CPython's message has them).
pub fn cannot_pickle(vm: &mut Vm, v: &Value) -> PyErr {
    let name = match v.as_obj() {
        Some(Object::Native(n)) => match n.type_name() {
            "lock" => "_thread.lock".to_string(),
            "RLock" => "_thread.RLock".to_string(),
            other => other.to_string(),
        },
        _ => vm.type_name(v).to_string(),
    };
    vm.new_error("TypeError", format!("cannot pickle '{name}' object"))
}

/// `module.qualname` in this process, `None` when a step is missing. The
/// main module answers to both `__main__` and `__mp_main__`, as CPython's
/// `multiprocessing` aliases them.
pub fn lookup(vm: &mut Vm, module: &str, qualname: &str) -> PyResult<Option<Value>> {
    let m = find_module(vm, module)?;
    let mut cur = m;
    for part in qualname.split('.') {
        match vm.try_attr(&cur, part)? {
            Some(x) => cur = x,
            None => return Ok(None),
        }
    }
    Ok(Some(cur))
}

fn find_module(vm: &mut Vm, module: &str) -> PyResult<Value> {
    let alias = match module {
        "__main__" => "__mp_main__",
        "__mp_main__" => "__main__",
        _ => "",
    };
    {
        let ms = lock(&vm.interp.modules);
        if let Some(m) = ms.get(module).or_else(|| ms.get(alias)) {
            return Ok(m.clone());
        }
    }
    vm.import(module)
}

/// A tuple of ints and `None`s encoded without an interpreter (a notice
/// Rust itself sends, such as a pool worker's end).
pub fn plain_tuple(items: &[Value]) -> Msg {
    let mut bytes = vec![tag::TUPLE];
    bytes.extend_from_slice(&(items.len() as u32).to_le_bytes());
    for v in items {
        match v {
            Value::Int(i) => {
                bytes.push(tag::INT);
                bytes.extend_from_slice(&i.to_le_bytes());
            }
            _ => bytes.push(tag::NONE),
        }
    }
    Msg {
        bytes,
        handles: Vec::new(),
    }
}
