//! A module's global variables: numbered slots fixed at compile time (a
//! global is found by index), and a map for names that only appear at run
//! time (`setattr(module, ...)`, `from m import *`).
//!
//! Each slot has its own lock, so that a store from one thread and a load
//! from another never tear a value — and a lock-free mirror of the value
//! when it is an immortal object ([`super::obj`]): a function, a class, a
//! module. Loading `fib` or `math` then takes no lock and writes nothing,
//! so threads that call the same global function do not take turns on its
//! slot's lock (CPython 3.13t reads dicts without locking for the same
//! reason, PEP 703 "Optimistically avoiding locking").

use std::collections::HashMap;
use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use indexmap::IndexMap;

use super::obj::{Boxed, ObjRef};
use super::value::{lock, Value};

struct Slot {
    value: Mutex<Option<Value>>,
    /// The value when it is an immortal object, [`EMPTY`] when there is
    /// none, else null. Written under `value`'s lock; read without it.
    fast: AtomicPtr<Boxed>,
    /// The builtin of this slot's name, once looked up, when it is
    /// immortal (`len`, `print`): what a load finds when the slot is empty.
    builtin: AtomicPtr<Boxed>,
}

/// `fast`'s mark for an empty slot: a name the module never set, which is
/// a builtin's (`len(s)` in a loop) or a NameError. Never dereferenced.
const EMPTY: *mut Boxed = std::ptr::dangling_mut();

impl Slot {
    fn new() -> Slot {
        Slot {
            value: Mutex::new(None),
            fast: AtomicPtr::new(EMPTY),
            builtin: AtomicPtr::new(ptr::null_mut()),
        }
    }

    #[inline(always)]
    fn load(&self) -> Option<Value> {
        let p = self.fast.load(Ordering::Acquire);
        if p == EMPTY {
            return None;
        }
        if !p.is_null() {
            // SAFETY: only immortal objects are mirrored, and they are
            // never freed. A store racing with this load is ordered after it.
            return Some(Value::Obj(unsafe { ObjRef::from_immortal_raw(p) }));
        }
        lock(&self.value).clone()
    }

    /// Replaces the value (`None`: unbinds it), returning the old one to
    /// drop outside the lock.
    fn replace(&self, v: Option<Value>) -> Option<Value> {
        let fast = match &v {
            None => EMPTY as *const Boxed,
            Some(Value::Obj(o)) => o.immortal_raw().unwrap_or(ptr::null()),
            _ => ptr::null(),
        };
        let mut g = lock(&self.value);
        let old = std::mem::replace(&mut *g, v);
        self.fast.store(fast as *mut Boxed, Ordering::Release);
        old
    }
}

pub struct Globals {
    pub module: Arc<str>,
    /// This namespace's number, unique in the process and never 0: with a
    /// slot it makes an inline cache's key ([`Globals::cache_key`]).
    id: u32,
    names: Vec<Arc<str>>,
    index: HashMap<Arc<str>, u32, super::value::Fx>,
    slots: Box<[Slot]>,
    extra: Mutex<IndexMap<Arc<str>, Value>>,
    /// How many more functions and classes defined at this module's top
    /// level may be made immortal (a module-level loop that defines
    /// functions must not leak without end).
    immortal_left: AtomicU32,
}

/// Most top-level functions and classes made immortal per module.
const IMMORTAL_PER_MODULE: u32 = 4096;

impl Globals {
    pub fn new(module: &str, names: Vec<Arc<str>>) -> Globals {
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
        let slots = names.iter().map(|_| Slot::new()).collect();
        // 2**32 namespaces (modules made by runs) in one process would
        // wrap; the count starts at 1 so that 0 stays "not cached".
        static NEXT_ID: AtomicU32 = AtomicU32::new(1);
        Globals {
            module: Arc::from(module),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            names,
            index,
            slots,
            extra: Mutex::new(IndexMap::new()),
            immortal_left: AtomicU32::new(IMMORTAL_PER_MODULE),
        }
    }

    /// Makes `v`, a function or class just defined at this module's top
    /// level (or in a class body there), immortal while the module's
    /// budget lasts. Such objects live as long as the run in almost every
    /// program; CPython 3.13t defers their counts for the same reason.
    pub fn immortalize_definition(&self, v: &Value, run: &super::obj::Immortals) {
        let left = self
            .immortal_left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
        if left.is_ok() {
            v.immortalize(run);
        }
    }

    /// The names that have slots, in slot order (a forked child's copy of
    /// a module gets the same slots, so compiled code finds them).
    pub fn slot_names(&self) -> Vec<Arc<str>> {
        self.names.clone()
    }

    pub fn slot_name(&self, slot: u32) -> &Arc<str> {
        &self.names[slot as usize]
    }

    #[inline(always)]
    pub fn load_slot(&self, slot: u32) -> Option<Value> {
        self.slots[slot as usize].load()
    }

    /// The builtin that an empty slot's name stands for: looked up by name
    /// in `builtins` once, then kept beside the slot when it is immortal
    /// (a lookup by name cost some 140 instructions of `len(s)`'s 950,
    /// callgrind). A module that later sets the name fills the slot,
    /// which loads look at first.
    pub fn slot_builtin(
        &self,
        slot: u32,
        builtins: &rustc_hash::FxHashMap<&'static str, Value>,
    ) -> Option<Value> {
        let s = &self.slots[slot as usize];
        let p = s.builtin.load(Ordering::Acquire);
        if !p.is_null() {
            // SAFETY: only immortal objects are kept, as in `fast`.
            return Some(Value::Obj(unsafe { ObjRef::from_immortal_raw(p) }));
        }
        let v = builtins.get(&*self.names[slot as usize])?.clone();
        if let Value::Obj(o) = &v {
            if let Some(raw) = o.immortal_raw() {
                s.builtin.store(raw as *mut Boxed, Ordering::Release);
            }
        }
        Some(v)
    }

    pub fn store_slot(&self, slot: u32, v: Value) {
        drop(self.slots[slot as usize].replace(Some(v)));
    }

    /// Removes the value; false when there was none.
    pub fn delete_slot(&self, slot: u32) -> bool {
        self.slots[slot as usize].replace(None).is_some()
    }

    /// The slot of `name`, if it has one.
    pub fn slot_of(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// An inline cache's key for `slot` of this namespace. A namespace's
    /// slots are fixed when it is made, so the key names one name for good:
    /// a cache that holds it checks a hit with one compare, no string.
    #[inline]
    pub fn cache_key(&self, slot: u32) -> u64 {
        (u64::from(self.id) << 32) | u64::from(slot)
    }

    /// The slot a key from [`Globals::cache_key`] stands for, if the key
    /// is this namespace's.
    #[inline]
    pub fn cached_slot(&self, key: u64) -> Option<u32> {
        ((key >> 32) as u32 == self.id).then_some(key as u32)
    }

    pub fn get(&self, name: &str) -> Option<Value> {
        match self.index.get(name) {
            Some(&i) => self.load_slot(i),
            None => lock(&self.extra).get(name).cloned(),
        }
    }

    pub fn set(&self, name: &str, v: Value) {
        match self.index.get(name) {
            Some(&i) => self.store_slot(i, v),
            None => {
                lock(&self.extra).insert(Arc::from(name), v);
            }
        }
    }

    pub fn remove(&self, name: &str) -> bool {
        match self.index.get(name) {
            Some(&i) => self.delete_slot(i),
            None => lock(&self.extra).shift_remove(name).is_some(),
        }
    }

    /// Unbinds every name and hands the values back (dropped by the
    /// caller, outside any lock): how a run lets go of its objects.
    pub fn take_all(&self) -> Vec<Value> {
        let mut out: Vec<Value> = self.slots.iter().filter_map(|s| s.replace(None)).collect();
        out.extend(std::mem::take(&mut *lock(&self.extra)).into_values());
        out
    }

    /// Every bound name and its value, slots first.
    pub fn items(&self) -> Vec<(Arc<str>, Value)> {
        let mut out: Vec<(Arc<str>, Value)> = self
            .names
            .iter()
            .zip(self.slots.iter())
            .filter_map(|(n, s)| s.load().map(|v| (n.clone(), v)))
            .collect();
        out.extend(
            lock(&self.extra)
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        out
    }
}
