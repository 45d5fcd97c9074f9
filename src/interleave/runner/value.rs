//! Python values as the runner keeps them: small immutable values inline,
//! everything else behind an `Arc` that every thread of the run may share.
//!
//! Mutable objects (lists, dicts, sets, instances) guard their contents with
//! their own lock; immutable ones (tuples, frozensets) need none. Under the GIL only one thread runs bytecode at a time, so
//! those locks are never contended; they are what lets the free-threaded
//! setting share objects the way PEP 703 does (per-object locks), and what
//! keeps Rust sound either way.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use indexmap::IndexMap;
use num_bigint::BigInt;

pub use super::args::{Args, PosArgs};
use super::bytecode::Code;
use super::globals::Globals;
pub use super::obj::ObjRef;

/// One Python value. Cloning is cheap (at most one reference count).
///
/// The tag is a whole word (`repr(u64)`), so every payload starts on the
/// next word: a value then moves as whole aligned words. With a one-byte
/// tag `Bool`'s payload sat at byte 1, and a move of an unknown variant
/// copied bytes 1..16 as two overlapping 8-byte loads and stores; in wasm,
/// where a value goes through linear memory far more often than natively,
/// a load that spans two earlier stores cannot be forwarded from them and
/// stalls (perf in Chromium: ~10 % of a recursive fib on such loads). Same
/// size as before (16 bytes in wasm32, 24 natively); the tag's unused
/// values still make `Option<Value>` no bigger than `Value`.
#[repr(u64)]
pub enum Value {
    None,
    Bool(bool),
    /// An int that fits 64 bits (the fast path of every loop counter).
    Int(i64),
    /// An int that does not: never holds a value that fits `Int`.
    Big(Arc<BigInt>),
    Float(f64),
    Str(Arc<str>),
    Obj(ObjRef),
}

/// A copy of the words, after the reference (if any) is counted once
/// more. The derived clone built the new value variant by variant in a
/// temporary — tag and payload as separate stores — that was then moved
/// as a whole with one wide load: a load the CPU cannot forward from two
/// narrower stores still in flight, so it waited for them (perf, natively
/// and in Chromium: the hottest instructions of `LOAD_FAST` pairs).
impl Clone for Value {
    #[inline(always)]
    fn clone(&self) -> Value {
        match self {
            Value::Big(b) => std::mem::forget(Arc::clone(b)),
            Value::Str(s) => std::mem::forget(Arc::clone(s)),
            Value::Obj(o) => std::mem::forget(o.clone()),
            Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {}
        }
        // SAFETY: each payload is plain data or a reference whose count was
        // raised above for this copy (an immortal object's clone is its
        // pointer, uncounted, and so is its drop): the copied words are an
        // owned value.
        unsafe { std::ptr::read(self) }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => write!(f, "None"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Big(b) => write!(f, "{b}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Str(s) => write!(f, "{s:?}"),
            Value::Obj(o) => write!(f, "<{}>", o.kind_name()),
        }
    }
}

const _: () = assert!(std::mem::size_of::<Value>() == 8 + 2 * std::mem::size_of::<usize>());
const _: () = assert!(std::mem::size_of::<Option<Value>>() == std::mem::size_of::<Value>());

/// Everything that is not an inline value.
pub enum Object {
    Tuple(Box<[Value]>),
    List(Mutex<Vec<Value>>),
    Dict(Mutex<Dict>),
    Set(Mutex<SetMap>),
    /// Immutable, so read without a lock: see [`super::sets`].
    FrozenSet(super::sets::FrozenSet),
    /// `bytes`: immutable, read without a lock (see [`super::bytes`]).
    Bytes(Box<[u8]>),
    /// `bytearray`: a mutable `bytes`, behind its own lock.
    ByteArray(Mutex<Vec<u8>>),
    Range(i64, i64, i64),
    Slice(Value, Value, Value),
    Function(Function),
    /// A function written in Rust, maybe bound to its `self`.
    Builtin(Builtin),
    /// `obj.method`: the function and the instance it is bound to.
    Method(Value, Value),
    Class(Class),
    Instance(Instance),
    Module(Module),
    Iter(Mutex<IterState>),
    /// `iter(range(...))`, the iterator of every `for i in range(n)`: see
    /// [`RangeIter`].
    RangeIter(RangeIter),
    Generator(GenState),
    /// A variable shared between a function and the closures inside it.
    Cell(Mutex<Option<Value>>),
    /// Objects with state of their own (locks, threads): see [`Native`].
    Native(Box<dyn Native>),
    /// A compiled function body (a constant of `MAKE_FUNCTION`).
    Code(Arc<Code>),
    /// `property(fget)`, `staticmethod(f)`, `classmethod(f)`.
    Property(Value),
    StaticMethod(Value),
    ClassMethod(Value),
}

impl Object {
    pub fn kind_name(&self) -> &str {
        match self {
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
            Object::Class(_) => "type",
            Object::Instance(i) => &i.class_name,
            Object::Module(_) => "module",
            // `try_lock`: a name asked for while the iterator steps.
            Object::Iter(s) => s.try_lock().map_or("iterator", |s| s.type_name()),
            Object::RangeIter(_) => "range_iterator",
            Object::Generator(_) => "generator",
            Object::Cell(_) => "cell",
            Object::Native(n) => n.type_name(),
            Object::Property(_) => "property",
            Object::Code(_) => "code",
            Object::StaticMethod(_) => "staticmethod",
            Object::ClassMethod(_) => "classmethod",
        }
    }
}

/// Bytes per element the memory estimate counts for a list, a dict and a
/// set (a `Value` and its share of the table).
pub const LIST_ITEM_BYTES: usize = 16;
pub const DICT_ITEM_BYTES: usize = 48;
pub const SET_ITEM_BYTES: usize = 32;

thread_local! {
    /// The heap estimate of the run this thread belongs to, so that a
    /// container dropped here gives its bytes back.
    pub static HEAP: std::cell::RefCell<Option<Arc<std::sync::atomic::AtomicUsize>>> =
        const { std::cell::RefCell::new(None) };
}

impl Drop for Object {
    fn drop(&mut self) {
        let bytes = match self {
            Object::List(l) => l.get_mut().map(|v| v.len()).unwrap_or(0) * LIST_ITEM_BYTES,
            Object::Dict(d) => d.get_mut().map(|v| v.len()).unwrap_or(0) * DICT_ITEM_BYTES,
            Object::Set(s) => s.get_mut().map(|v| v.len()).unwrap_or(0) * SET_ITEM_BYTES,
            Object::FrozenSet(f) => f.items().len() * SET_ITEM_BYTES,
            _ => return,
        };
        if bytes > 0 {
            HEAP.with(|h| {
                if let Some(h) = &*h.borrow() {
                    let _ = h.fetch_update(
                        std::sync::atomic::Ordering::Relaxed,
                        std::sync::atomic::Ordering::Relaxed,
                        |v| Some(v.saturating_sub(bytes)),
                    );
                }
            });
        }
    }
}

/// Locks a per-object mutex. A poisoned lock means a Rust panic inside a
/// builtin; the run is torn down after a panic anyway, so go on with the data.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A dict key: a value with Python's equality and hash (`1 == 1.0 == True`).
/// Functions and instances of classes without their own `__hash__` compare
/// by identity; instances of classes with one: see [`super::keys`].
///
/// Transparent, so that a lookup can view a borrowed `&Value` as a `&Key`
/// ([`Key::view`]) instead of cloning the value into a key (a reference
/// count taken and given back on every `d[k]`, `k in d`, `d.get(k)`).
#[derive(Clone, Debug)]
#[repr(transparent)]
pub struct Key(pub Value);

impl Key {
    /// `v` seen as a key, without a copy. Only for lookups: whether `v` is
    /// hashable at all is the caller's check ([`super::vm::Vm::key_view`]).
    #[inline(always)]
    pub fn view(v: &Value) -> &Key {
        // SAFETY: `Key` is `repr(transparent)` over `Value`: same layout,
        // and the reference keeps `v`'s lifetime.
        unsafe { &*(v as *const Value as *const Key) }
    }
}

/// FxHash: dict keys are the program's own data, hashed on every lookup;
/// SipHash's protection against crafted collisions buys nothing here and
/// cost ~10 % of a dict-heavy loop (measured with callgrind).
pub type Fx = std::hash::BuildHasherDefault<rustc_hash::FxHasher>;
pub type Dict = IndexMap<Key, Value, Fx>;
pub type SetMap = IndexMap<Key, (), Fx>;
/// A class's attributes by name (Fx, not SipHash: every method call looks
/// its name up here).
pub type NameMap = IndexMap<Arc<str>, Value, Fx>;

/// A Python function: code, the module it was defined in, defaults and the
/// cells it closes over.
pub struct Function {
    pub code: Arc<Code>,
    pub globals: Arc<Globals>,
    pub name: Arc<str>,
    pub qualname: Arc<str>,
    pub defaults: Vec<Value>,
    pub kwdefaults: Vec<(Arc<str>, Value)>,
    pub closure: Vec<ObjRef>,
    /// The class it was defined in (set when the class is built), for
    /// `super()` with no arguments. Weak: the class holds the function.
    pub owner: std::sync::OnceLock<super::obj::WeakObj>,
}

/// The signature of a function written in Rust: the bound `self` (if any)
/// and the call's arguments.
pub type NativeFn = fn(&mut super::vm::Vm, Option<&Value>, Args) -> super::PyResult<Value>;

/// A built-in function's entry for a call with one positional argument,
/// borrowed from the caller's stack: no [`Args`] built and dropped for
/// `math.sqrt(x)` (that was a third of such a call's instructions).
pub type UnaryFn = fn(&mut super::vm::Vm, &Value) -> super::PyResult<Value>;

pub struct Builtin {
    pub name: &'static str,
    pub func: NativeFn,
    pub bound: Option<Value>,
    /// The module it belongs to (`math` for `math.sqrt`), for messages.
    pub module: Option<&'static str>,
    /// For unbound functions that have it: what `func` does when called
    /// with exactly one positional argument.
    pub unary: Option<UnaryFn>,
}

pub struct Class {
    pub name: Arc<str>,
    pub qualname: Arc<str>,
    /// The class itself first, then its bases in method resolution order.
    pub mro: Vec<ObjRef>,
    pub bases: Vec<ObjRef>,
    pub dict: Mutex<NameMap>,
    /// Set for the classes of built-in types (`int`, `list`, `ValueError`):
    /// which Rust representation their instances have.
    pub builtin: Option<super::types::BuiltinType>,
    /// The module it was defined in (for `repr`), e.g. `__main__`.
    pub module: Arc<str>,
    /// Its metaclass, when the program gave it one (`metaclass=M`, or a
    /// base's); `None` means `type`. See [`super::meta`].
    pub meta: Option<ObjRef>,
    /// What error messages call it (CPython's `tp_name`): its name, but for
    /// a type CPython writes in C and threadlab in Python, the dotted name
    /// CPython shows (`datetime.datetime`), which the class body gives as
    /// `__type_name__` (not inherited, as a subclass's `tp_name` is its own).
    pub type_name: Arc<str>,
    /// Whether `obj.name = v` on its instances just stores into the
    /// instance (no `__setattr__`, no property in the class or its bases),
    /// as of a class epoch (see `types::Vm::plain_setattr`); 0: not known.
    pub plain_setattr: std::sync::atomic::AtomicU64,
}

impl Class {
    /// Its `__module__`: where it was defined, unless its body says where
    /// CPython defines it (`_pickle.PicklingError`, `time.struct_time`).
    pub fn module_name(&self) -> Arc<str> {
        match lock(&self.dict).get("__module__") {
            Some(Value::Str(m)) => m.clone(),
            _ => self.module.clone(),
        }
    }
}

pub struct Instance {
    pub class: ObjRef,
    /// Cached for error messages and `kind_name`.
    pub class_name: Arc<str>,
    /// The instance's `__dict__`: a real dict object, so that
    /// `self.__dict__[k] = v` changes the instance.
    pub dict: ObjRef,
    /// What its class's `__hash__` last returned, for [`Key`]'s `Hash`
    /// (which cannot call Python); -1 (a hash CPython never returns) for
    /// an instance hashed by identity. See [`super::keys`].
    pub hash: std::sync::atomic::AtomicI64,
}

impl Instance {
    fn map(&self) -> &Mutex<Dict> {
        match &*self.dict {
            Object::Dict(d) => d,
            _ => unreachable!("an instance's __dict__ is a dict"),
        }
    }

    pub fn get(&self, name: &str) -> Option<Value> {
        lock(self.map()).get(&Name(name)).cloned()
    }

    pub fn set(&self, name: &str, v: Value) {
        let mut map = lock(self.map());
        // An attribute it has already: no new key (`self.n += 1`).
        match map.get_mut(&Name(name)) {
            Some(slot) => *slot = v,
            None => {
                map.insert(Key(Value::Str(Arc::from(name))), v);
            }
        }
    }

    pub fn remove(&self, name: &str) -> bool {
        lock(self.map()).shift_remove(&Name(name)).is_some()
    }
}

/// A name to look a dict up by, without building a key value: hashed as
/// the string key it finds ([`Key`]'s `Hash`).
#[derive(Clone, Copy)]
pub struct Name<'a>(pub &'a str);

impl std::hash::Hash for Name<'_> {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        super::builtins::hashing::str_hash(self.0).hash(h)
    }
}

impl indexmap::Equivalent<Key> for Name<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        matches!(&key.0, Value::Str(s) if **s == *self.0)
    }
}

pub struct Module {
    pub name: Arc<str>,
    pub globals: Arc<Globals>,
}

/// What a built-in iterator walks over.
pub enum IterState {
    Seq {
        seq: Value,
        index: usize,
    },
    /// A snapshot of the keys, values or items (dicts change under
    /// iteration only with an error in CPython; a snapshot is the simple
    /// safe subset).
    Items(std::vec::IntoIter<Value>, &'static str),
    Str {
        s: Arc<str>,
        byte: usize,
    },
    /// `enumerate`, `zip`, `map`, `filter`, `reversed`: lazy wrappers.
    Enumerate {
        inner: Value,
        count: Value,
    },
    Zip(Vec<Value>),
    Map {
        func: Value,
        inners: Vec<Value>,
    },
    Filter {
        func: Value,
        inner: Value,
    },
    /// `iter(callable, sentinel)`.
    Call {
        func: Value,
        sentinel: Value,
    },
    /// Exhausted; keeps its type's name.
    Done(&'static str),
}

impl IterState {
    /// CPython's name for this iterator's type (`list_iterator`, `zip`, …):
    /// `type(it)` and `repr(it)` show it.
    pub fn type_name(&self) -> &'static str {
        match self {
            IterState::Seq { seq, .. } => match seq.as_obj() {
                Some(Object::List(_)) => "list_iterator",
                Some(Object::Tuple(_)) => "tuple_iterator",
                Some(Object::Bytes(_)) => "bytes_iterator",
                Some(Object::ByteArray(_)) => "bytearray_iterator",
                _ => "iterator",
            },
            IterState::Items(_, name) | IterState::Done(name) => name,
            IterState::Str { s, .. } if s.is_ascii() => "str_ascii_iterator",
            IterState::Str { .. } => "str_iterator",
            IterState::Enumerate { .. } => "enumerate",
            IterState::Zip(_) => "zip",
            IterState::Map { .. } => "map",
            IterState::Filter { .. } => "filter",
            IterState::Call { .. } => "callable_iterator",
        }
    }
}

/// A range's iterator, without a lock: its position is an atomic read and
/// then written, not a locked read-modify-write. Under the GIL only one
/// thread runs bytecode at a time, so that is exact. Free-threaded, two
/// threads calling `next` on the *same* range iterator at once may both get
/// the same number — what CPython 3.13t documents for sharing an iterator
/// between threads ("may see duplicate or missing elements") — but never an
/// invalid one. One `for` loop's iterator is its own thread's alone: it
/// then costs no atomic read-modify-write per step (a `Mutex` cost two).
///
/// A `for` loop's own iterator (`owned`) is not even written atomically:
/// in WebAssembly every atomic store is sequentially consistent, which V8
/// compiles to a locked `xchg` on x86 — one per loop step.
pub struct RangeIter {
    next: std::sync::atomic::AtomicI64,
    stop: i64,
    step: i64,
    /// Made by `GET_ITER` for a `for` loop or a comprehension: it lives on
    /// one frame's value stack (or in a comprehension's hidden `.0`
    /// parameter), which Python code cannot reach, and that frame runs on
    /// one thread at a time (a generator's frame passes between threads
    /// through `GenState`'s acquire/release flag). So only one thread ever
    /// touches it, and plain reads and writes are race-free.
    owned: bool,
}

impl RangeIter {
    pub fn new(start: i64, stop: i64, step: i64) -> RangeIter {
        RangeIter {
            next: std::sync::atomic::AtomicI64::new(start),
            stop,
            step,
            owned: false,
        }
    }

    /// A `for` loop's own iterator (see `owned`): only `GET_ITER` makes one.
    pub fn for_loop(start: i64, stop: i64, step: i64) -> RangeIter {
        RangeIter {
            owned: true,
            ..RangeIter::new(start, stop, step)
        }
    }

    /// A copy at the same position (a forked child's copy of a `for` loop
    /// in progress).
    pub fn snapshot(&self) -> RangeIter {
        let at = self.next.load(std::sync::atomic::Ordering::Relaxed);
        RangeIter {
            owned: self.owned,
            ..RangeIter::new(at, self.stop, self.step)
        }
    }

    /// The next number, or `None` once past the end.
    #[inline(always)]
    pub fn next(&self) -> Option<i64> {
        use std::sync::atomic::Ordering::Relaxed;
        // SAFETY (both plain accesses): an owned iterator is one thread's
        // alone (see `owned`).
        let v = if self.owned {
            unsafe { *self.next.as_ptr() }
        } else {
            self.next.load(Relaxed)
        };
        let more = if self.step > 0 {
            v < self.stop
        } else {
            v > self.stop
        };
        if more {
            let next = v.saturating_add(self.step);
            if self.owned {
                unsafe { *self.next.as_ptr() = next };
            } else {
                self.next.store(next, Relaxed);
            }
        }
        more.then_some(v)
    }
}

pub use super::gen_state::GenState;

/// An object with state of its own, implemented in Rust (a lock, a thread
/// handle). Attribute access goes through [`Native::attr`].
pub trait Native: Send + Sync {
    fn type_name(&self) -> &str;
    /// A bound method or attribute, or `None` (AttributeError).
    fn attr(&self, me: &Value, name: &str) -> Option<Value>;
    fn repr(&self) -> Option<String> {
        None
    }
    fn as_any(&self) -> &dyn std::any::Any;
    /// Whether every process of a run may hold this very object (a
    /// `multiprocessing` queue, lock or shared array: the stand-ins for
    /// what the OS shares between processes). Such objects keep no Python
    /// values inside, only Rust data and encoded messages.
    fn process_shared(&self) -> bool {
        false
    }
    /// The child's copy of this object when a process forks (a
    /// `threading.Lock` is a new, unlocked lock there); `None`: the child
    /// keeps the same object, which is right for objects that never change.
    fn fork_copy(&self) -> Option<Box<dyn Native>> {
        None
    }
}

impl Value {
    pub fn obj(o: Object) -> Value {
        Value::Obj(ObjRef::new(o))
    }

    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }

    /// A `bytes` object (no size check: see `Vm::new_bytes`).
    pub fn bytes(b: Vec<u8>) -> Value {
        Value::obj(Object::Bytes(b.into_boxed_slice()))
    }

    pub fn tuple(items: impl IntoIterator<Item = Value>) -> Value {
        Value::obj(Object::Tuple(items.into_iter().collect()))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::obj(Object::List(Mutex::new(items)))
    }

    pub fn dict(d: Dict) -> Value {
        Value::obj(Object::Dict(Mutex::new(d)))
    }

    /// An int from a big integer, kept inline when it fits.
    pub fn from_big(b: BigInt) -> Value {
        match i64::try_from(&b) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Big(Arc::new(b)),
        }
    }

    pub fn as_obj(&self) -> Option<&Object> {
        match self {
            Value::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// Identity, as `is` sees it.
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            // Small ints and interned strings are shared in CPython; the
            // runner's inline ints behave like that for every int.
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => Arc::ptr_eq(a, b) || (a.len() <= 1 && a == b),
            (Value::Obj(a), Value::Obj(b)) => ObjRef::ptr_eq(a, b),
            (Value::Big(a), Value::Big(b)) => Arc::ptr_eq(a, b),
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            _ => false,
        }
    }

    /// Makes the object (if it is one) immortal until `run` is over: see
    /// [`super::obj`].
    pub fn immortalize(&self, run: &super::obj::Immortals) {
        if let Value::Obj(o) = self {
            o.immortalize(run);
        }
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }
}

/// The instance's class, for `Object::Instance`; the class object itself
/// for a `Value` that is a class.
pub fn class_of_instance(v: &Value) -> Option<&ObjRef> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Instance(i) => Some(&i.class),
            _ => None,
        },
        _ => None,
    }
}
