//! `sys.getsizeof`: the byte counts CPython 3.11 on a 64-bit machine gives
//! for the objects memory tutorials print (ints by their 30-bit digits,
//! strs by their widest character, containers by their allocated tables).
//!
//! A list's size here assumes it was built at once (`list(x)`, `[0] * n`,
//! `[a, b, c]`): one grown by `append` or a comprehension, and a literal of
//! an odd number (3 or more) of constants, have spare slots in CPython that
//! this does not count. Dicts and sets are sized as if filled one key at a time, which
//! is how literals and comprehensions fill them.

use crate::interleave::runner::value::{lock, Object, Value};

/// What `getsizeof` adds to an instance's own `__sizeof__()`: CPython
/// 3.11's GC header (16 bytes) and the two words before it where a plain
/// class's instance keeps its dict and weak references.
pub const GC_HEADER: i64 = 32;

/// An int: a 24-byte header and one 4-byte word per 30 bits (0 has one).
pub fn int_size(bits: u64) -> i64 {
    24 + 4 * bits.div_ceil(30).max(1) as i64
}

/// A str: its compact header, then one, two or four bytes per character
/// by the widest one (ASCII adds the terminating NUL to a smaller header).
pub fn str_size(s: &str) -> i64 {
    let widest = s.chars().map(|c| c as u32).max().unwrap_or(0);
    let n = s.chars().count() as i64;
    match widest {
        0..=0x7f => 49 + n,
        0x80..=0xff => 73 + n,
        0x100..=0xffff => 74 + 2 * n,
        _ => 76 + 4 * n,
    }
}

/// A dict of `n` keys: the table a dict grows to as keys are inserted
/// (a power of two, at least 8, two thirds of it usable), its index
/// bytes, and 16-byte entries when every key is a str (24 otherwise).
pub fn dict_size(n: usize, str_keys: bool) -> i64 {
    if n == 0 {
        return 64;
    }
    let mut size = 8usize;
    while size * 2 / 3 < n {
        size *= 2;
    }
    let index_bytes = match size {
        0..=128 => 1,
        129..=0xffff => 2,
        _ => 4,
    };
    let entry = if str_keys { 16 } else { 24 };
    64 + 32 + (size * index_bytes) as i64 + (size * 2 / 3 * entry) as i64
}

/// A set of `n` items: 8 inline slots, then a table that grows fourfold
/// (twofold past 50000) once three fifths of it is filled.
pub fn set_size(n: usize) -> i64 {
    let mut mask = 7usize;
    let mut fill = 0usize;
    while fill < n {
        fill += 1;
        if fill * 5 >= mask * 3 {
            let want = if fill > 50000 { fill * 2 } else { fill * 4 };
            let mut size = 8;
            while size <= want {
                size *= 2;
            }
            mask = size - 1;
        }
    }
    216 + if mask == 7 { 0 } else { 16 * (mask as i64 + 1) }
}

/// `sys.getsizeof(v)` for the built-in kinds; `None` for an object of the
/// program's own classes (its `__sizeof__` decides) and other objects.
pub fn builtin_size(v: &Value) -> Option<i64> {
    Some(match v {
        Value::None => 16,
        Value::Bool(_) => 28,
        Value::Int(i) => int_size(64 - i.unsigned_abs().leading_zeros() as u64),
        Value::Big(b) => int_size(b.bits()),
        Value::Float(_) => 24,
        Value::Str(s) => str_size(s),
        Value::Obj(o) => match &**o {
            Object::Tuple(t) => 40 + 8 * t.len() as i64,
            Object::List(l) => 56 + 8 * lock(l).len() as i64,
            Object::Dict(d) => {
                let d = lock(d);
                let str_keys = d.keys().all(|k| matches!(k.0, Value::Str(_)));
                dict_size(d.len(), str_keys)
            }
            Object::Set(s) => set_size(lock(s).len()),
            Object::FrozenSet(s) => set_size(s.items().len()),
            Object::Bytes(b) => 33 + b.len() as i64,
            Object::ByteArray(b) => match lock(b).len() {
                0 => 56,
                n => 57 + n as i64,
            },
            Object::Range(..) => 48,
            Object::Slice(..) => 56,
            Object::Function(_) => 152,
            Object::Method(..) => 48,
            Object::Module(_) => 72,
            Object::Class(_) => 1688,
            Object::Generator(_) => 200,
            Object::Iter(_) | Object::RangeIter(_) => 48,
            _ => return None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_count_30_bit_digits() {
        assert_eq!(int_size(0), 28);
        assert_eq!(int_size(30), 28);
        assert_eq!(int_size(31), 32);
        assert_eq!(int_size(91), 40);
    }

    #[test]
    fn strs_by_widest_char() {
        assert_eq!(str_size(""), 49);
        assert_eq!(str_size("é"), 74);
        assert_eq!(str_size("ab€"), 80);
        assert_eq!(str_size("😀"), 80);
    }

    #[test]
    fn dicts_and_sets_as_cpython_grows_them() {
        let d: Vec<i64> = [0, 1, 5, 6, 10, 11, 21, 22]
            .map(|n| dict_size(n, false))
            .into();
        assert_eq!(d, [64, 224, 224, 352, 352, 632, 632, 1168]);
        assert_eq!(dict_size(1, true), 184);
        assert_eq!(dict_size(11, true), 464);
        let s: Vec<i64> = [0, 4, 5, 18, 19].map(set_size).into();
        assert_eq!(s, [216, 216, 728, 728, 2264]);
    }
}
