//! Comparison, containment and hashing: `==` and `<` with Python's rules
//! across ints, big ints, floats and bools, sequences compared item by item,
//! user classes' `__eq__`/`__lt__`, and dict keys that hash `1`, `1.0` and
//! `True` alike.

use crate::interleave::runner::value::ObjRef;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use num_bigint::BigInt;

use super::builtins::hashing::{fraction_hash, int_hash, str_hash};
use super::bytes::as_bytes;
use super::ops::{is_num, to_big};
use super::sets::{set_items, FrozenSet};
use super::value::{lock, Key, Object, SetMap, Value};
use super::vm::Vm;
use super::PyResult;
use crate::interleave::ast::CmpOp;
use std::sync::Mutex;

impl Vm {
    pub fn compare(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            let r = match op {
                CmpOp::Eq | CmpOp::Is => x == y,
                CmpOp::Ne | CmpOp::IsNot => x != y,
                CmpOp::Lt => x < y,
                CmpOp::Le => x <= y,
                CmpOp::Gt => x > y,
                CmpOp::Ge => x >= y,
                CmpOp::In | CmpOp::NotIn => {
                    return Err(
                        self.new_error("TypeError", "argument of type 'int' is not iterable")
                    )
                }
            };
            return Ok(Value::Bool(r));
        }
        let r = match op {
            CmpOp::Is => a.is(b),
            CmpOp::IsNot => !a.is(b),
            CmpOp::Eq => self.eq(a, b)?,
            CmpOp::Ne => !self.eq(a, b)?,
            CmpOp::In => self.contains(b, a)?,
            CmpOp::NotIn => !self.contains(b, a)?,
            CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => return self.order(op, a, b),
        };
        Ok(Value::Bool(r))
    }

    /// `a == b`.
    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if is_num(a) && is_num(b) {
            return Ok(num_cmp(a, b) == Some(std::cmp::Ordering::Equal));
        }
        match (a, b) {
            (Value::Str(x), Value::Str(y)) => Ok(x == y),
            (Value::None, Value::None) => Ok(true),
            (Value::Obj(x), Value::Obj(y)) => {
                if ObjRef::ptr_eq(x, y) {
                    return Ok(true);
                }
                match (&**x, &**y) {
                    (Object::List(p), Object::List(q)) => {
                        // One lock at a time (see `snapshots`).
                        let (p, q) = snapshots(p, q);
                        self.seq_eq(&p, &q)
                    }
                    (Object::Tuple(p), Object::Tuple(q)) => self.seq_eq(p, q),
                    (Object::Dict(p), Object::Dict(q)) => {
                        let (p, q) = snapshots(p, q);
                        if p.len() != q.len() {
                            return Ok(false);
                        }
                        for (k, v) in &p {
                            match self.eq_scope(|| q.get(k))? {
                                Some(w) if self.eq(v, w)? => {}
                                _ => return Ok(false),
                            }
                        }
                        Ok(true)
                    }
                    (
                        Object::Set(_) | Object::FrozenSet(_),
                        Object::Set(_) | Object::FrozenSet(_),
                    ) => {
                        let (p, q) = (set_items(a), set_items(b));
                        let (p, q) = (p.as_deref(), q.as_deref());
                        // Snapshots or frozensets: no lock held.
                        self.eq_scope(|| {
                            p.zip(q).is_some_and(|(p, q)| {
                                p.len() == q.len() && p.keys().all(|k| q.contains_key(k))
                            })
                        })
                    }
                    (Object::Range(a1, b1, c1), Object::Range(a2, b2, c2)) => {
                        Ok((a1, b1, c1) == (a2, b2, c2))
                    }
                    (
                        Object::Bytes(_) | Object::ByteArray(_),
                        Object::Bytes(_) | Object::ByteArray(_),
                    ) => Ok(as_bytes(a) == as_bytes(b)),
                    (Object::Instance(_), _) | (_, Object::Instance(_)) => self.dunder_eq(a, b),
                    _ => Ok(false),
                }
            }
            // `3 == Num(3)`: the instance's `__eq__` decides.
            (Value::Obj(x), _) | (_, Value::Obj(x)) if matches!(&**x, Object::Instance(_)) => {
                self.dunder_eq(a, b)
            }
            _ => Ok(false),
        }
    }

    fn dunder_eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        for (x, y) in [(a, b), (b, a)] {
            if super::value::class_of_instance(x).is_some() {
                if let Some(m) = self.lookup_special(x, "__eq__") {
                    let r = self.call(&m, super::value::Args::new(vec![y.clone()]))?;
                    if !self.is_not_implemented(&r) {
                        return self.truthy(&r);
                    }
                }
            }
        }
        Ok(a.is(b))
    }

    fn seq_eq(&mut self, p: &[Value], q: &[Value]) -> PyResult<bool> {
        if p.len() != q.len() {
            return Ok(false);
        }
        for (x, y) in p.iter().zip(q) {
            if !x.is(y) && !self.eq(x, y)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn order(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
        if let Some(r) = self.eq_scope(|| set_order(op, a, b))? {
            return Ok(Value::Bool(r));
        }
        let ord = self.partial_order(op, a, b)?;
        let r = match ord {
            None => false,
            Some(o) => match op {
                CmpOp::Lt => o.is_lt(),
                CmpOp::Le => o.is_le(),
                CmpOp::Gt => o.is_gt(),
                _ => o.is_ge(),
            },
        };
        Ok(Value::Bool(r))
    }

    /// The order of two values for `<` and sorting; `None` is unordered (NaN).
    pub fn partial_order(
        &mut self,
        op: CmpOp,
        a: &Value,
        b: &Value,
    ) -> PyResult<Option<std::cmp::Ordering>> {
        if is_num(a) && is_num(b) {
            return Ok(num_cmp(a, b));
        }
        match (a, b) {
            (Value::Str(x), Value::Str(y)) => return Ok(Some(x.cmp(y))),
            (Value::Obj(x), Value::Obj(y)) => {
                let seqs = match (&**x, &**y) {
                    (Object::List(p), Object::List(q)) => Some(snapshots(p, q)),
                    (Object::Tuple(p), Object::Tuple(q)) => Some((p.to_vec(), q.to_vec())),
                    _ => None,
                };
                if let (Some(p), Some(q)) = (as_bytes(a), as_bytes(b)) {
                    return Ok(Some(p.cmp(&q)));
                }
                if let Some((p, q)) = seqs {
                    for (x, y) in p.iter().zip(&q) {
                        if !self.eq(x, y)? {
                            return self.partial_order(op, x, y);
                        }
                    }
                    return Ok(Some(p.len().cmp(&q.len())));
                }
            }
            _ => {}
        }
        let name = match op {
            CmpOp::Lt => "__lt__",
            CmpOp::Le => "__le__",
            CmpOp::Gt => "__gt__",
            _ => "__ge__",
        };
        // `a < b` asks `a.__lt__(b)`, then (no method, or NotImplemented)
        // the reflection `b.__gt__(a)`, as CPython does: `1 < X()` works
        // when X defines `__gt__`.
        let reflected = match op {
            CmpOp::Lt => "__gt__",
            CmpOp::Le => "__ge__",
            CmpOp::Gt => "__lt__",
            _ => "__le__",
        };
        for (me, other, method) in [(a, b, name), (b, a, reflected)] {
            if super::value::class_of_instance(me).is_none() {
                continue;
            }
            if let Some(m) = self.lookup_special(me, method) {
                let r = self.call(&m, super::value::Args::new(vec![other.clone()]))?;
                if !self.is_not_implemented(&r) {
                    let t = self.truthy(&r)?;
                    // Express the answer as an ordering the caller reads back.
                    return Ok(Some(match (op, t) {
                        (CmpOp::Lt, true) | (CmpOp::Le, true) => std::cmp::Ordering::Less,
                        (CmpOp::Gt, true) | (CmpOp::Ge, true) => std::cmp::Ordering::Greater,
                        (CmpOp::Lt, false) | (CmpOp::Le, false) => std::cmp::Ordering::Greater,
                        _ => std::cmp::Ordering::Less,
                    }));
                }
            }
        }
        Err(self.new_error(
            "TypeError",
            format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                self.type_name(a),
                self.type_name(b)
            ),
        ))
    }

    /// `needle in container`.
    pub fn contains(&mut self, container: &Value, needle: &Value) -> PyResult<bool> {
        match container {
            Value::Str(s) => match needle {
                Value::Str(n) => Ok(s.contains(&**n)),
                _ => Err(self.new_error(
                    "TypeError",
                    format!(
                        "'in <string>' requires string as left operand, not {}",
                        self.type_name(needle)
                    ),
                )),
            },
            Value::Obj(o) => match &**o {
                Object::Dict(d) => {
                    let k = self.key_in(d, needle)?;
                    Ok(lock(d).contains_key(&*k))
                }
                Object::Set(s) => {
                    let k = self.set_member(s, needle)?;
                    Ok(lock(s).contains_key(&k))
                }
                Object::FrozenSet(f) => {
                    let k = self.set_member_key(needle)?;
                    // Immutable, read without a lock: `__eq__` may run.
                    self.eq_scope(|| f.items().contains_key(&k))
                }
                Object::Bytes(_) | Object::ByteArray(_) => self.bytes_contains(container, needle),
                Object::Range(start, stop, step) => Ok(match needle {
                    Value::Int(i) => {
                        let (i, start, stop, step) = (*i, *start, *stop, *step);
                        let inside = if step > 0 {
                            i >= start && i < stop
                        } else {
                            i <= start && i > stop
                        };
                        inside && (i - start) % step == 0
                    }
                    _ => false,
                }),
                Object::Native(n) if n.as_any().is::<super::builtins::views::DictView>() => {
                    let view = super::builtins::views::as_view(container).expect("checked");
                    self.view_contains(view, needle)
                }
                Object::Instance(_) | Object::Class(_)
                    if self.lookup_special(container, "__contains__").is_some() =>
                {
                    let m = self
                        .lookup_special(container, "__contains__")
                        .expect("checked");
                    let r = self.call(&m, super::value::Args::new(vec![needle.clone()]))?;
                    self.truthy(&r)
                }
                // Stops at the first equal item: an iterator (a generator)
                // stays where it is, as in CPython.
                _ => {
                    use super::drive::{Feed, Took};
                    let mut found = false;
                    self.each(
                        container,
                        &mut Feed(|vm: &mut Vm, x: Value| {
                            if x.is(needle) || vm.eq(&x, needle)? {
                                found = true;
                                return Ok(Took::Stop);
                            }
                            Ok(Took::More)
                        }),
                    )?;
                    Ok(found)
                }
            },
            _ => Err(self.new_error(
                "TypeError",
                format!(
                    "argument of type '{}' is not iterable",
                    self.type_name(container)
                ),
            )),
        }
    }

    /// What `x in s` (and `s.remove(x)`, `s.discard(x)`) looks up in a set:
    /// `x` itself, or for a set `x` its frozenset (CPython's
    /// `{1} in {frozenset({1})}` is True).
    pub fn set_member(&mut self, set: &Mutex<SetMap>, needle: &Value) -> PyResult<Key> {
        if let Some(Object::Set(_)) = needle.as_obj() {
            return self.set_member_key(needle);
        }
        Ok(self.key_in(set, needle)?.into_owned())
    }

    /// [`Vm::set_member`] before it is compared with a table's keys.
    pub fn set_member_key(&mut self, needle: &Value) -> PyResult<Key> {
        if let Some(Object::Set(s)) = needle.as_obj() {
            let items = lock(s).clone();
            return Ok(Key(Value::obj(Object::FrozenSet(FrozenSet::new(items)))));
        }
        self.key(needle.clone())
    }
}

/// Numeric comparison across int, big int, bool and float.
pub fn num_cmp(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        (Value::Float(x), other) | (other, Value::Float(x)) => {
            let flip = matches!(b, Value::Float(_)) && !matches!(a, Value::Float(_));
            let big = to_big(other)?;
            let o = cmp_float_big(*x, &big)?;
            Some(if flip { o.reverse() } else { o })
        }
        _ => Some(to_big(a)?.cmp(&to_big(b)?)),
    }
}

fn cmp_float_big(x: f64, b: &BigInt) -> Option<std::cmp::Ordering> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Less
        });
    }
    // Exact: compare the float's integer part, then its fraction.
    let fl = x.floor();
    let whole = BigInt::from(fl as i128);
    let whole = if fl.abs() < 1e38 {
        whole
    } else {
        num_bigint::BigInt::parse_bytes(format!("{fl:.0}").as_bytes(), 10)?
    };
    match whole.cmp(b) {
        std::cmp::Ordering::Equal if x > fl => Some(std::cmp::Ordering::Greater),
        o => Some(o),
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        key_eq(&self.0, &other.0)
    }
}

impl Eq for Key {}

#[inline]
fn key_eq(a: &Value, b: &Value) -> bool {
    // The common keys first: ints and strings of the same kind. A string
    // key is most often the very string the dict holds (a word from the
    // same list, a name): the pointers say so without comparing bytes.
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => return x == y,
        (Value::Str(x), Value::Str(y)) => return Arc::ptr_eq(x, y) || x == y,
        _ => {}
    }
    key_eq_slow(a, b)
}

fn key_eq_slow(a: &Value, b: &Value) -> bool {
    if is_num(a) && is_num(b) {
        return num_cmp(a, b) == Some(std::cmp::Ordering::Equal);
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::None, Value::None) => true,
        (Value::Obj(x), Value::Obj(y)) => match (&**x, &**y) {
            (Object::Tuple(p), Object::Tuple(q)) => {
                p.len() == q.len() && p.iter().zip(q.iter()).all(|(a, b)| key_eq(a, b))
            }
            (Object::FrozenSet(p), Object::FrozenSet(q)) => {
                let (p, q) = (p.items(), q.items());
                p.len() == q.len() && p.keys().all(|k| q.contains_key(k))
            }
            (Object::Bytes(p), Object::Bytes(q)) => p == q,
            _ => ObjRef::ptr_eq(x, y) || super::keys::python_eq(a, b),
        },
        // An instance with its own `__eq__` may equal an int or a string.
        (Value::Obj(_), _) | (_, Value::Obj(_)) => super::keys::python_eq(a, b),
        _ => false,
    }
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        hash_value(&self.0, h)
    }
}

/// A key is hashed as the int `hash()` gives for it (strings and numbers:
/// see `builtins::hashing`), so that an instance whose `__hash__` returns
/// `hash(v)`, hashed as that int, sits where `v` does: `"red" in {Tag("red")}`
/// and `Tag("red") in {"red": 1}` find each other, as in CPython.
#[inline]
fn hash_value<H: Hasher>(v: &Value, h: &mut H) {
    match v {
        Value::Int(i) => int_hash(*i).hash(h),
        Value::Str(s) => str_hash(s).hash(h),
        _ => hash_value_slow(v, h),
    }
}

fn hash_value_slow<H: Hasher>(v: &Value, h: &mut H) {
    match v {
        Value::None => 0u8.hash(h),
        Value::Bool(b) => (*b as i64).hash(h),
        Value::Int(i) => int_hash(*i).hash(h),
        Value::Big(b) => b.hash(h),
        Value::Float(x) => {
            // A whole float hashes as the int it equals: an i64 below
            // 2**63, a big int above (`float(2**70) in {2**70: 0}`).
            const TWO_63: f64 = 9_223_372_036_854_775_808.0;
            if x.fract() != 0.0 || x.is_nan() {
                match fraction_hash(*x) {
                    Some(f) => f.hash(h),
                    None => x.to_bits().hash(h),
                }
            } else if (-TWO_63..TWO_63).contains(x) {
                int_hash(*x as i64).hash(h)
            } else {
                match num_traits::FromPrimitive::from_f64(*x) {
                    Some(b) => BigInt::hash(&b, h),
                    None => x.to_bits().hash(h),
                }
            }
        }
        Value::Str(s) => str_hash(s).hash(h),
        Value::Obj(o) => match &**o {
            Object::Tuple(t) => {
                t.len().hash(h);
                for x in t.iter() {
                    hash_value(x, h);
                }
            }
            Object::FrozenSet(f) => f.key_hash().hash(h),
            Object::Bytes(b) => super::bytes::bytes_hash(b).hash(h),
            // What its `__hash__` returned, hashed as that int would be
            // (`P(1) == 1` may hold); -1: hashed by identity.
            Object::Instance(i) => match i.hash.load(std::sync::atomic::Ordering::Relaxed) {
                -1 => (ObjRef::as_ptr(o) as usize).hash(h),
                x => x.hash(h),
            },
            _ => (ObjRef::as_ptr(o) as usize).hash(h),
        },
    }
}

/// `<`, `<=`, `>`, `>=` between two sets or frozensets: subset and
/// superset, not an order (`{1} < {2}` and `{2} < {1}` are both false).
/// `None` unless both are sets, so the other cases fall through to
/// CPython's `TypeError`.
fn set_order(op: CmpOp, a: &Value, b: &Value) -> Option<bool> {
    // Snapshots, one lock at a time: `s < s` locks one set.
    let (p, q) = (set_items(a)?, set_items(b)?);
    let within = |x: &super::value::SetMap, y: &super::value::SetMap| {
        x.len() <= y.len() && x.keys().all(|k| y.contains_key(k))
    };
    Some(match op {
        CmpOp::Le => within(&p, &q),
        CmpOp::Lt => p.len() < q.len() && within(&p, &q),
        CmpOp::Ge => within(&q, &p),
        _ => q.len() < p.len() && within(&q, &p),
    })
}

/// Copies of two containers' contents, taken one lock at a time. Holding
/// both locks at once would deadlock on `x < x` (one lock, taken twice) and,
/// with no GIL, when one thread compares `a` with `b` while another compares
/// `b` with `a` (each holding one lock, waiting for the other). CPython
/// 3.13t locks both objects in address order instead; a snapshot of each in
/// turn is as safe, and every comparison here works on copies anyway.
pub(super) fn snapshots<T: Clone>(p: &std::sync::Mutex<T>, q: &std::sync::Mutex<T>) -> (T, T) {
    let p = lock(p).clone();
    let q = lock(q).clone();
    (p, q)
}
