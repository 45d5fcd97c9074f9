//! Dict keys and set members: which values may be one, and how a key of a
//! class with its own `__hash__` and `__eq__` finds its equal.
//!
//! # The lesson
//!
//! A dict finds a key in two steps: the hash picks a few candidate slots,
//! then `==` decides among them. For ints and strings both steps are
//! Rust (the fast path of every dict-heavy loop). For an instance of
//! `class P` with its own `__hash__` and `__eq__`, both steps are *Python
//! code*, and running Python code in the middle of a lookup is where
//! threads bite: the dict's lock is held there, and `__eq__` may touch the
//! same dict (a lock taken twice: deadlock) or let another thread in (the
//! GIL can switch inside `__eq__`). CPython copes by noticing that the dict
//! changed during the lookup and starting again.
//!
//! The runner never runs Python code under a table's lock:
//! - the hash is computed first, with no lock held, and kept on the
//!   instance (`Instance::hash`), where [`Key`]'s `Hash` reads it;
//! - for a table behind a lock, [`Vm::key_in`] collects, under the lock,
//!   the keys with the same hash, lets go of the lock, asks `__eq__` of
//!   each, and then looks up the equal key it found (the very object, so
//!   the lookup itself compares by identity). If the dict changed in
//!   between and that key is gone, the lookup misses, as a lookup just
//!   after the change would. A key about to be *stored* ([`Vm::key_locked`])
//!   is checked once more with the lock taken again: if a key with its
//!   hash went in meanwhile (another thread storing an equal key), it asks
//!   again, so two equal keys are never both stored;
//! - for a table that no other code can reach (a set being built, a
//!   snapshot combined by `|`), the table's own `==` may call `__eq__`
//!   directly: [`Vm::eq_scope`] lends it the interpreter.
//!
//! Every key is hashed as the int `hash()` gives for it, and an instance's
//! as the int its `__hash__` returned, so `"red" in {Tag("red")}` finds a
//! key whose `__hash__` is `hash(self.name)`. Once any such `__hash__` ran
//! in a run, a plain int or string lookup that misses asks the `__eq__` of
//! the instance keys with its hash ([`Vm::user_keys`]).
//!
//! A class that defines `__eq__` but not `__hash__` gets `__hash__ = None`,
//! as in CPython: equal objects must hash alike, and Python cannot know
//! the new `==` keeps to the old hash, so such instances are unhashable.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::hash::BuildHasher;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::{Mutex, MutexGuard};

use indexmap::map::RawEntryApiV1;
use indexmap::IndexMap;

use super::value::{lock, Args, Fx, Instance, Key, Object, Value};
use super::vm::Vm;
use super::{PyErr, PyResult};

/// A dict's or set's table, locked.
pub type Locked<'m, V> = MutexGuard<'m, IndexMap<Key, V, Fx>>;

thread_local! {
    /// The interpreter a table's `==` may call `__eq__` with: set only by
    /// [`Vm::eq_scope`], around code that holds no lock.
    static ORACLE: Cell<*mut Vm> = const { Cell::new(std::ptr::null_mut()) };
    /// The first exception such an `__eq__` raised.
    static ORACLE_ERR: RefCell<Option<PyErr>> = const { RefCell::new(None) };
}

impl Vm {
    /// A dict key or set member, or `TypeError: unhashable type`.
    #[inline]
    pub fn key(&mut self, v: Value) -> PyResult<Key> {
        self.key_view(&v)?;
        Ok(Key(v))
    }

    /// `v` seen as a key to look up (no copy), or `TypeError: unhashable
    /// type`. An instance's `__hash__` runs here.
    #[inline]
    pub fn key_view<'v>(&mut self, v: &'v Value) -> PyResult<&'v Key> {
        if let Value::Obj(_) = v {
            self.check_obj_key(v)?;
        }
        Ok(Key::view(v))
    }

    /// `v` as the key to look up in the table behind `m`: `v` itself, or,
    /// for a key with a Python `__eq__`, the equal key already there.
    #[inline]
    pub fn key_in<'v, V>(
        &mut self,
        m: &Mutex<IndexMap<Key, V, Fx>>,
        v: &'v Value,
    ) -> PyResult<Cow<'v, Key>> {
        let ask = if let Value::Obj(_) = v {
            self.check_obj_key(v)?;
            needs_eq(v)
        } else {
            self.user_keys()
        };
        if ask {
            if let Some(c) = self.equal_key(m, v)? {
                return Ok(Cow::Owned(Key(c)));
            }
        }
        Ok(Cow::Borrowed(Key::view(v)))
    }

    /// `m.insert(k, v)` into a table no other code can reach (one being
    /// built): its `==` may call `__eq__` directly.
    pub fn insert_local<V>(
        &mut self,
        m: &mut IndexMap<Key, V, Fx>,
        k: Key,
        v: V,
    ) -> PyResult<Option<V>> {
        if needs_eq(&k.0) || self.user_keys() {
            return self.eq_scope(|| m.insert(k, v));
        }
        Ok(m.insert(k, v))
    }

    /// Runs `f`, which must hold no lock (it works on tables nothing else
    /// can reach, or on snapshots), letting the tables' `==` call `__eq__`
    /// of user classes; an exception raised there is returned after `f`.
    pub fn eq_scope<R>(&mut self, f: impl FnOnce() -> R) -> PyResult<R> {
        let me: *mut Vm = self;
        let before = ORACLE.with(|o| o.replace(me));
        let r = f();
        ORACLE.with(|o| o.set(before));
        match ORACLE_ERR.with(|e| e.borrow_mut().take()) {
            Some(e) => Err(e),
            None => Ok(r),
        }
    }

    /// Whether a key of a class with its own `__hash__` was hashed in this
    /// run ([`super::vm::Interp::user_keys`]).
    #[inline]
    pub fn user_keys(&self) -> bool {
        self.interp.user_keys.load(Relaxed)
    }

    /// Raises for an unhashable value; runs the `__hash__` of instances
    /// (inside tuples too) so that [`Key`]'s `Hash` finds it.
    fn check_obj_key(&mut self, v: &Value) -> PyResult<()> {
        match v.as_obj() {
            Some(Object::List(_)) => Err(self.unhashable_error("list")),
            Some(Object::Dict(_)) => Err(self.unhashable_error("dict")),
            Some(Object::Set(_)) => Err(self.unhashable_error("set")),
            Some(Object::ByteArray(_)) => Err(self.unhashable_error("bytearray")),
            Some(Object::Tuple(t)) => {
                for x in t.iter() {
                    if let Value::Obj(_) = x {
                        self.check_obj_key(x)?;
                    }
                }
                Ok(())
            }
            Some(Object::Instance(i)) => self.instance_hash(v, i).map(|_| ()),
            _ => Ok(()),
        }
    }

    /// `hash(obj)` for an instance: its class's `__hash__`, kept on the
    /// instance for [`Key`]'s `Hash`; `None` when it hashes by identity.
    pub fn instance_hash(&mut self, v: &Value, i: &Instance) -> PyResult<Option<i64>> {
        let Some(f) = self.class_lookup(&i.class, "__hash__") else {
            return Ok(None);
        };
        if f.is_none() {
            return Err(self.unhashable_error(&i.class_name));
        }
        let m = super::types::bind(v, &f);
        let r = self.call(&m, Args::default())?;
        let h = match &r {
            Value::Int(h) => *h,
            Value::Bool(b) => *b as i64,
            Value::Big(_) => super::builtins::hashing::cpython_hash(&r).unwrap_or(0),
            _ => {
                return Err(self.new_error("TypeError", "__hash__ method should return an integer"))
            }
        };
        // CPython keeps -1 for "error": a `__hash__` returning it gives -2.
        let h = if h == -1 { -2 } else { h };
        i.hash.store(h, Relaxed);
        if !self.user_keys() {
            self.interp.user_keys.store(true, Relaxed);
        }
        Ok(Some(h))
    }

    #[cold]
    fn unhashable_error(&self, bad: &str) -> PyErr {
        self.new_error("TypeError", format!("unhashable type: '{bad}'"))
    }

    /// The key in `m` equal to `v` by `__eq__`, if another object: the keys
    /// with `v`'s hash are collected under the lock, compared without it.
    #[cold]
    fn equal_key<V>(
        &mut self,
        m: &Mutex<IndexMap<Key, V, Fx>>,
        v: &Value,
    ) -> PyResult<Option<Value>> {
        let g = lock(m);
        let candidates = scan(&g, v);
        drop(g);
        let Some(candidates) = candidates else {
            return Ok(None);
        };
        for c in candidates {
            if self.eq(&c, v)? {
                return Ok(Some(c));
            }
        }
        Ok(None)
    }

    /// `v` as the key to store in the table behind `m`, and the table,
    /// locked: `v` itself, or the equal key already there. Asking `__eq__`
    /// lets go of the lock, so a key that another thread stored meanwhile
    /// with the same hash is asked about too, before `v` goes in: two
    /// equal keys are never both stored (CPython's lookup starts again when
    /// the table changed under an `__eq__`, to the same end).
    pub fn key_locked<'m, V>(
        &mut self,
        m: &'m Mutex<IndexMap<Key, V, Fx>>,
        v: Value,
    ) -> PyResult<(Key, Locked<'m, V>)> {
        let ask = match &v {
            Value::Obj(_) => {
                self.check_obj_key(&v)?;
                needs_eq(&v)
            }
            _ => self.user_keys(),
        };
        if !ask {
            return Ok((Key(v), lock(m)));
        }
        loop {
            let g = lock(m);
            let Some(asked) = scan(&g, &v) else {
                return Ok((Key(v), g));
            };
            drop(g);
            let mut equal = None;
            for c in &asked {
                if self.eq(c, &v)? {
                    equal = Some(c.clone());
                    break;
                }
            }
            let g = lock(m);
            let now = scan(&g, &v);
            let unchanged = now.is_some_and(|now| {
                now.len() == asked.len() && now.iter().zip(&asked).all(|(a, b)| same_key(a, b))
            });
            if unchanged {
                return Ok((Key(equal.unwrap_or(v)), g));
            }
        }
    }
}

/// The keys of `table` with `v`'s hash that `==` may find equal to it only
/// by a class's `__eq__`; `None` when `v` itself (or a key equal to it
/// without Python code) is there. Runs no Python code: the caller holds
/// the table's lock.
fn scan<V>(table: &IndexMap<Key, V, Fx>, v: &Value) -> Option<Vec<Value>> {
    let hash = Fx::default().hash_one(Key::view(v));
    let probe_eq = needs_eq(v);
    let mut candidates = Vec::new();
    // No `__eq__` under the lock, even inside an `eq_scope`.
    let before = ORACLE.with(|o| o.replace(std::ptr::null_mut()));
    let same = table.raw_entry_v1().from_hash(hash, |k| {
        if k == Key::view(v) {
            return true;
        }
        // A key that is no instance equals an int or a string only by its
        // own `==`, which the table's has asked.
        if Fx::default().hash_one(k) == hash && (probe_eq || needs_eq(&k.0)) {
            candidates.push(k.0.clone());
        }
        false
    });
    ORACLE.with(|o| o.set(before));
    same.is_none().then_some(candidates)
}

/// The very same key (an object by identity, a plain value by value).
fn same_key(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Obj(x), Value::Obj(y)) => super::value::ObjRef::ptr_eq(x, y),
        (Value::Obj(_), _) | (_, Value::Obj(_)) => false,
        _ => Key::view(a) == Key::view(b),
    }
}

/// Whether `==` between `v` and another key may need Python code: an
/// instance with its own `__hash__`, or a tuple or frozenset holding one.
pub fn needs_eq(v: &Value) -> bool {
    match v.as_obj() {
        Some(Object::Instance(i)) => i.hash.load(Relaxed) != -1,
        Some(Object::Tuple(t)) => t.iter().any(needs_eq),
        Some(Object::FrozenSet(f)) => f.items().keys().any(|k| needs_eq(&k.0)),
        _ => false,
    }
}

/// `a == b` for two keys, one of which [`needs_eq`], that are not the same
/// object: the class's `__eq__` inside an [`Vm::eq_scope`], else `false`
/// (identity: the caller found `a` by [`Vm::key_in`] if it is there).
pub fn python_eq(a: &Value, b: &Value) -> bool {
    if !(needs_eq(a) || needs_eq(b)) {
        return false;
    }
    // Taken for the call: `__eq__` itself runs with no oracle.
    let vm = ORACLE.with(|o| o.replace(std::ptr::null_mut()));
    if vm.is_null() || ORACLE_ERR.with(|e| e.borrow().is_some()) {
        ORACLE.with(|o| o.set(vm));
        return false;
    }
    // SAFETY: `eq_scope` made this pointer from its `&mut Vm` and does not
    // use that reference until its closure returns; the closure holds no
    // borrow of the interpreter, and the pointer is out of `ORACLE` while
    // this `&mut` lives, so it is the only one.
    let r = match unsafe { &mut *vm }.eq(a, b) {
        Ok(r) => r,
        Err(e) => {
            ORACLE_ERR.with(|s| *s.borrow_mut() = Some(e));
            false
        }
    };
    ORACLE.with(|o| o.set(vm));
    r
}
