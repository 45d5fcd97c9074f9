//! `frozenset`, and what it shares with `set`: their items, set algebra
//! (`| & - ^`), and the type of a result.
//!
//! # The lesson
//!
//! A `set` can change, so it keeps its table behind a lock (with no GIL,
//! two threads may add to one set at once) and it cannot be a dict key:
//! its hash would change as its items do. A `frozenset` is built once and
//! then only read. It needs no lock — reading something that never
//! changes is safe from any number of threads at once, with the GIL or
//! without — and it can hash, so it can be a dict key or a member of
//! another set (`{frozenset({1, 2}): "pair"}`).
//!
//! Its hash must not depend on the order its items went in:
//! `frozenset([1, 2]) == frozenset([2, 1])`, and equal keys must hash
//! alike. CPython mixes each item's hash and combines them with XOR, which
//! does not care about order; [`FrozenSet::key_hash`] does the same, once
//! per frozenset (CPython caches it too).
//!
//! A set and a frozenset with the same items are equal. Mixed in an
//! operator, the result has the left operand's type, as CPython's
//! `frozenset({1}) | {2}` is a frozenset and `{2} | frozenset({1})` a set.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

use crate::interleave::ast::BinOp;

use super::keys::needs_eq;
use super::value::{lock, Object, SetMap, Value, SET_ITEM_BYTES};
use super::vm::Vm;
use super::PyResult;

/// An immutable set: its items, and its hash once asked for.
pub struct FrozenSet {
    items: SetMap,
    hash: OnceLock<u64>,
}

impl FrozenSet {
    pub fn new(items: SetMap) -> FrozenSet {
        FrozenSet {
            items,
            hash: OnceLock::new(),
        }
    }

    /// Its items: no lock, they never change.
    pub fn items(&self) -> &SetMap {
        &self.items
    }

    /// The hash a dict uses for it: the same for any two equal frozensets,
    /// whatever order their items went in (CPython's scheme on each item's
    /// own hash: shuffle its bits, XOR them all, mix in the size).
    pub fn key_hash(&self) -> u64 {
        *self.hash.get_or_init(|| {
            let each = self.items.keys().map(|k| {
                let mut h = rustc_hash::FxHasher::default();
                k.hash(&mut h);
                h.finish()
            });
            combine_hashes(each, self.items.len())
        })
    }
}

/// CPython's `frozenset_hash` (Objects/setobject.c) over the items' hashes:
/// XOR is commutative, so the order of `hashes` does not matter.
pub fn combine_hashes(hashes: impl Iterator<Item = u64>, len: usize) -> u64 {
    let shuffle = |h: u64| ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167);
    let mut h = hashes.fold(0u64, |acc, x| acc ^ shuffle(x));
    h ^= (len as u64 + 1).wrapping_mul(1_927_868_237);
    h ^= (h >> 11) ^ (h >> 25);
    h = h.wrapping_mul(69_069).wrapping_add(907_133_923);
    if h == u64::MAX {
        590_923_713
    } else {
        h
    }
}

/// The items of a set or frozenset: a frozenset's own table, or a copy of
/// a set's taken under its lock (so that two sets are never locked at once:
/// see `compare::snapshots`). `None` for anything else.
pub fn set_items(v: &Value) -> Option<Cow<'_, SetMap>> {
    match v.as_obj()? {
        Object::Set(s) => Some(Cow::Owned(lock(s).clone())),
        Object::FrozenSet(f) => Some(Cow::Borrowed(f.items())),
        _ => None,
    }
}

/// Calls `f` on the items of a set (under its lock) or a frozenset.
pub fn with_items<R>(v: &Value, f: impl FnOnce(&SetMap) -> R) -> Option<R> {
    match v.as_obj()? {
        Object::Set(s) => Some(f(&lock(s))),
        Object::FrozenSet(fs) => Some(f(fs.items())),
        _ => None,
    }
}

/// `x op y` on two tables: union, intersection, difference, or symmetric
/// difference (for `^`), the left table's items first.
pub fn combine(op: BinOp, x: &SetMap, y: &SetMap) -> SetMap {
    let keep = |m: &SetMap, pred: &dyn Fn(bool) -> bool, other: &SetMap| -> SetMap {
        m.keys()
            .filter(|k| pred(other.contains_key(*k)))
            .map(|k| (k.clone(), ()))
            .collect()
    };
    match op {
        BinOp::BitOr => x.keys().chain(y.keys()).map(|k| (k.clone(), ())).collect(),
        BinOp::BitAnd => keep(x, &|inside| inside, y),
        BinOp::Sub => keep(x, &|inside| !inside, y),
        _ => {
            let mut out = keep(x, &|inside| !inside, y);
            out.extend(keep(y, &|inside| !inside, x));
            out
        }
    }
}

impl Vm {
    /// A new set or frozenset (the type of `like`) holding `items`; its
    /// size counts against the run's memory limit.
    pub fn set_like(&mut self, like: &Value, items: SetMap) -> PyResult<Value> {
        self.count_heap(items.len() * SET_ITEM_BYTES)?;
        Ok(match like.as_obj() {
            Some(Object::FrozenSet(_)) => Value::obj(Object::FrozenSet(FrozenSet::new(items))),
            _ => Value::obj(Object::Set(Mutex::new(items))),
        })
    }

    /// `frozenset(items)`.
    pub fn new_frozenset(&mut self, items: Vec<Value>) -> PyResult<Value> {
        let mut s = SetMap::with_capacity_and_hasher(items.len(), Default::default());
        for i in items {
            let k = self.key(i)?;
            self.insert_local(&mut s, k, ())?;
        }
        self.count_heap(s.len() * SET_ITEM_BYTES)?;
        Ok(Value::obj(Object::FrozenSet(FrozenSet::new(s))))
    }

    /// `frozenset(iterable)`: a frozenset is returned as it is (CPython's
    /// `frozenset(fs) is fs`), anything else is iterated.
    pub fn frozenset_of(&mut self, v: &Value) -> PyResult<Value> {
        if let Some(Object::FrozenSet(_)) = v.as_obj() {
            return Ok(v.clone());
        }
        if let Some(items) = set_items(v) {
            let items = items.into_owned();
            self.count_heap(items.len() * SET_ITEM_BYTES)?;
            return Ok(Value::obj(Object::FrozenSet(FrozenSet::new(items))));
        }
        let items = self.collect(v)?;
        self.new_frozenset(items)
    }

    /// `a op b` for two sets or frozensets: the result has `a`'s type.
    pub fn set_op(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
        let (Some(x), Some(y)) = (set_items(a), set_items(b)) else {
            unreachable!("two sets")
        };
        let out = self.eq_scope(|| combine(op, &x, &y))?;
        self.set_like(a, out)
    }

    /// `s op= t` on a set: changes `s` itself (`None` when `a` is not a set
    /// or `b` not a set or frozenset: a frozenset's `|=` builds a new one).
    pub fn set_inplace(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult<Option<()>> {
        let Some(Object::Set(s)) = a.as_obj() else {
            return Ok(None);
        };
        // Copied before `s` is locked: `s |= s` would lock it twice.
        let Some(y) = set_items(b).map(Cow::into_owned) else {
            return Ok(None);
        };
        let python_eq = |t: &SetMap| t.keys().any(|k| needs_eq(&k.0));
        let (before, after) = {
            let mut g = lock(s);
            let out = if python_eq(&g) || python_eq(&y) {
                // `__eq__` may run: on a snapshot, with no lock held.
                let x = g.clone();
                drop(g);
                let out = self.eq_scope(|| combine(op, &x, &y))?;
                g = lock(s);
                out
            } else {
                combine(op, &g, &y)
            };
            let before = g.len();
            *g = out;
            (before, g.len())
        };
        if after > before {
            self.count_heap((after - before) * SET_ITEM_BYTES)?;
        } else {
            self.release_heap((before - after) * SET_ITEM_BYTES);
        }
        Ok(Some(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interleave::runner::value::Key;

    fn table(items: &[i64]) -> SetMap {
        items.iter().map(|&i| (Key(Value::Int(i)), ())).collect()
    }

    #[test]
    fn the_hash_does_not_depend_on_insertion_order() {
        let a = FrozenSet::new(table(&[1, 2, 3, 40, -7]));
        let b = FrozenSet::new(table(&[-7, 40, 3, 2, 1]));
        assert_eq!(a.key_hash(), b.key_hash());
        assert_ne!(a.key_hash(), FrozenSet::new(table(&[1, 2, 3])).key_hash());
    }

    #[test]
    fn algebra_keeps_the_left_order() {
        let x = table(&[3, 1, 2]);
        let y = table(&[2, 5]);
        let keys = |m: SetMap| m.keys().map(|k| format!("{:?}", k.0)).collect::<Vec<_>>();
        assert_eq!(keys(combine(BinOp::BitOr, &x, &y)), ["3", "1", "2", "5"]);
        assert_eq!(keys(combine(BinOp::BitAnd, &x, &y)), ["2"]);
        assert_eq!(keys(combine(BinOp::Sub, &x, &y)), ["3", "1"]);
        assert_eq!(keys(combine(BinOp::BitXor, &x, &y)), ["3", "1", "5"]);
    }
}
