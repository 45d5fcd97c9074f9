//! CPython's hashes of numbers, tuples and frozensets, and the order a CPython set of
//! them iterates in: `print({3, 1, 2})` shows `{1, 2, 3}` there, because a
//! set walks its hash table, not the order items went in.
//!
//! Strings hash differently in every CPython process (hash randomisation),
//! so a set of strings has no one order to copy; such sets keep insertion
//! order here.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use crate::interleave::runner::value::{Object, Value};

/// `sys.hash_info.modulus`: 2**61 - 1.
const MODULUS: u64 = (1 << 61) - 1;

fn fix(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

fn hash_i64(i: i64) -> i64 {
    let m = (i.unsigned_abs() % MODULUS) as i64;
    fix(if i < 0 { -m } else { m })
}

/// `hash(i)`: `i` itself but for -1 and ints past 2**61 - 1.
#[inline]
pub fn int_hash(i: i64) -> i64 {
    if i != -1 && i.unsigned_abs() < MODULUS {
        i
    } else {
        hash_i64(i)
    }
}

/// `hash(s)` for a string: this process's own number (CPython's differs
/// in every process too), never -1.
#[inline]
pub fn str_hash(s: &str) -> i64 {
    use std::hash::BuildHasher;
    fix(crate::interleave::runner::value::Fx::default().hash_one(s) as i64)
}

/// `hash(x)` for a float that is not a whole number (a whole one hashes as
/// its int); `None` for NaN.
pub fn fraction_hash(x: f64) -> Option<i64> {
    hash_float(x)
}

fn hash_big(b: &BigInt) -> i64 {
    let m = (b.abs() % BigInt::from(MODULUS)).to_i64().unwrap_or(0);
    fix(if b.is_negative() { -m } else { m })
}

fn hash_float(v: f64) -> Option<i64> {
    if v.is_nan() {
        return None;
    }
    if v.is_infinite() {
        return Some(if v > 0.0 { 314_159 } else { -314_159 });
    }
    if v.fract() == 0.0 && v.abs() < 9.0e18 {
        return Some(hash_i64(v as i64));
    }
    let (mut m, mut e) = frexp(v);
    let mut sign: i64 = 1;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (61 - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % 61
    } else {
        61 - 1 - ((-1 - e) % 61)
    } as u32;
    x = ((x << e) & MODULUS) | (x >> (61 - e));
    Some(fix(x as i64 * sign))
}

/// `frexp`: mantissa in [0.5, 1) and exponent, for finite non-zero `v`.
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(v * f64::powi(2.0, 64));
        return (m, e - 64);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, e)
}

/// `hash(v)` as CPython computes it, for the values whose hash does not
/// change between runs (numbers, and tuples and frozensets of them).
pub fn cpython_hash(v: &Value) -> Option<i64> {
    match v {
        Value::Bool(b) => Some(*b as i64),
        Value::Int(i) => Some(hash_i64(*i)),
        Value::Big(b) => Some(hash_big(b)),
        Value::Float(x) => hash_float(*x),
        Value::Obj(o) => match &**o {
            Object::Tuple(t) => {
                const P1: u64 = 11_400_714_785_074_694_791;
                const P2: u64 = 14_029_467_366_897_019_727;
                const P5: u64 = 2_870_177_450_012_600_261;
                let mut acc = P5;
                for x in t.iter() {
                    let lane = cpython_hash(x)? as u64;
                    acc = acc.wrapping_add(lane.wrapping_mul(P2));
                    acc = acc.rotate_left(31);
                    acc = acc.wrapping_mul(P1);
                }
                acc = acc.wrapping_add((t.len() as u64) ^ (P5 ^ 3_527_539));
                if acc == u64::MAX {
                    return Some(1_546_275_796);
                }
                Some(acc as i64)
            }
            Object::FrozenSet(f) => {
                let hashes: Vec<u64> = f
                    .items()
                    .keys()
                    .map(|k| cpython_hash(&k.0).map(|h| h as u64))
                    .collect::<Option<_>>()?;
                let h = crate::interleave::runner::sets::combine_hashes(
                    hashes.into_iter(),
                    f.items().len(),
                );
                Some(h as i64)
            }
            _ => None,
        },
        _ => None,
    }
}

/// `hash(v)` for any hashable value but an instance of a user class
/// (whose `__hash__` says): CPython's number for numbers, tuples and
/// frozensets of them, this process's own for strings and the rest.
/// The hash of an object's identity (`object.__hash__`): what `hash()`
/// gives an instance whose class defines no `__hash__`, whatever hash an
/// inherited `__hash__` left in the instance.
pub fn identity_hash(o: &crate::interleave::runner::value::ObjRef) -> i64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (crate::interleave::runner::value::ObjRef::as_ptr(o) as usize).hash(&mut h);
    (h.finish() >> 1) as i64
}

pub fn value_hash(v: &Value) -> i64 {
    use std::hash::{Hash, Hasher};
    if let Value::Str(s) = v {
        return str_hash(s);
    }
    if let Some(Object::Bytes(b)) = v.as_obj() {
        return crate::interleave::runner::bytes::bytes_hash(b);
    }
    if let Some(h) = cpython_hash(v) {
        return h;
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    crate::interleave::runner::value::Key::view(v).hash(&mut h);
    (h.finish() >> 1) as i64
}

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

/// Puts `hash` in the first free slot CPython's probe sequence finds.
fn insert(table: &mut [Option<usize>], hash: u64, item: usize) {
    let mask = table.len() - 1;
    let mut perturb = hash;
    let mut i = (hash as usize) & mask;
    loop {
        if table[i].is_none() {
            table[i] = Some(item);
            return;
        }
        if i + LINEAR_PROBES <= mask {
            for j in 1..=LINEAR_PROBES {
                if table[i + j].is_none() {
                    table[i + j] = Some(item);
                    return;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(perturb as usize))
            & mask;
    }
}

/// The order CPython iterates a set whose items went in in this order
/// (ignoring removals), as indexes into `items`; `None` when some item's
/// hash differs between CPython runs.
pub fn set_order(items: &[Value]) -> Option<Vec<usize>> {
    if items.len() < 2 {
        return None;
    }
    let hashes: Vec<u64> = items
        .iter()
        .map(|v| cpython_hash(v).map(|h| h as u64))
        .collect::<Option<_>>()?;
    let mut table: Vec<Option<usize>> = vec![None; 8];
    let mut used = 0usize;
    for (n, h) in hashes.iter().enumerate() {
        insert(&mut table, *h, n);
        used += 1;
        let mask = table.len() - 1;
        if used * 5 >= mask * 3 {
            let minused = if used > 50_000 { used * 2 } else { used * 4 };
            let mut size = 8;
            while size <= minused {
                size <<= 1;
            }
            let old = std::mem::replace(&mut table, vec![None; size]);
            for item in old.into_iter().flatten() {
                insert(&mut table, hashes[item], item);
            }
        }
    }
    Some(table.into_iter().flatten().collect())
}

/// A set's items in CPython's iteration order where that is knowable.
pub fn set_items_in_order(items: Vec<Value>) -> Vec<Value> {
    match set_order(&items) {
        Some(order) => order.into_iter().map(|i| items[i].clone()).collect(),
        None => items,
    }
}
