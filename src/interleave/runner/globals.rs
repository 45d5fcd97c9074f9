//! A module's global variables: numbered slots fixed at compile time (a
//! global is found by index), and a map for names that only appear at run
//! time (`setattr(module, ...)`, `from m import *`).

use std::collections::HashMap;

use std::sync::{Arc, Mutex};

use indexmap::IndexMap;

use super::value::{lock, Value};

pub struct Globals {
    pub module: Arc<str>,
    names: Vec<Arc<str>>,
    index: HashMap<Arc<str>, u32, super::value::Fx>,
    slots: Box<[Mutex<Option<Value>>]>,
    extra: Mutex<IndexMap<Arc<str>, Value>>,
}

impl Globals {
    pub fn new(module: &str, names: Vec<Arc<str>>) -> Globals {
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
        let slots = names.iter().map(|_| Mutex::new(None)).collect();
        Globals {
            module: Arc::from(module),
            names,
            index,
            slots,
            extra: Mutex::new(IndexMap::new()),
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

    pub fn load_slot(&self, slot: u32) -> Option<Value> {
        lock(&self.slots[slot as usize]).clone()
    }

    pub fn store_slot(&self, slot: u32, v: Value) {
        *lock(&self.slots[slot as usize]) = Some(v);
    }

    /// Removes the value; false when there was none.
    pub fn delete_slot(&self, slot: u32) -> bool {
        lock(&self.slots[slot as usize]).take().is_some()
    }

    /// The slot of `name`, if it has one.
    pub fn slot_of(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// Whether slot `slot` exists and is `name`'s (for inline caches).
    pub fn slot_is(&self, slot: u32, name: &str) -> bool {
        self.names.get(slot as usize).is_some_and(|n| **n == *name)
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

    /// Every bound name and its value, slots first.
    pub fn items(&self) -> Vec<(Arc<str>, Value)> {
        let mut out: Vec<(Arc<str>, Value)> = self
            .names
            .iter()
            .zip(self.slots.iter())
            .filter_map(|(n, s)| lock(s).clone().map(|v| (n.clone(), v)))
            .collect();
        out.extend(
            lock(&self.extra)
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        out
    }
}
