//! Methods of `bytes` and `bytearray` (and `str.encode`, `int.to_bytes`,
//! `int.from_bytes`, `bytes.fromhex`). A method of a `bytearray` that
//! makes a new sequence makes a `bytearray`, as in CPython.

use std::borrow::Cow;

use num_bigint::{BigInt, Sign};

use crate::interleave::runner::bytes::{self, as_bytes, kind_of, Kind};
use crate::interleave::runner::value::{lock, Args, NativeFn, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

use super::functions::{arity, kwarg};

mod int;
mod mutate;
mod shape;
mod split;

pub use int::{from_bytes, to_bytes};
use mutate::{append, clear, copy, extend, insert, pop, remove, reverse};
use shape::{
    capitalize, center, isalnum, isalpha, isascii, isdigit, islower, isspace, isupper, ljust,
    lower, removeprefix, removesuffix, rjust, swapcase, title, upper, zfill,
};
use split::{lstrip, partition, replace, rpartition, rsplit, rstrip, split, splitlines, strip};

/// The methods here that take keywords (see `builtins::keywords`).
pub const KEYWORDS: &[super::keywords::Takes] = &[
    (decode, "decode", &["encoding", "errors"]),
    (encode, "encode", &["encoding", "errors"]),
    (hex, "hex", &["sep", "bytes_per_sep"]),
    (split, "split", &["sep", "maxsplit"]),
    (rsplit, "rsplit", &["sep", "maxsplit"]),
    (to_bytes, "to_bytes", &["length", "byteorder", "signed"]),
    (from_bytes, "from_bytes", &["bytes", "byteorder", "signed"]),
];

/// The methods `bytes` and `bytearray` share.
pub const BYTES_METHODS: &[(&str, NativeFn)] = &[
    ("decode", decode),
    ("hex", hex),
    ("join", join),
    ("startswith", startswith),
    ("endswith", endswith),
    ("find", find),
    ("rfind", rfind),
    ("index", index),
    ("rindex", rindex),
    ("count", count),
    ("split", split),
    ("rsplit", rsplit),
    ("splitlines", splitlines),
    ("strip", strip),
    ("lstrip", lstrip),
    ("rstrip", rstrip),
    ("replace", replace),
    ("upper", upper),
    ("lower", lower),
    ("swapcase", swapcase),
    ("capitalize", capitalize),
    ("title", title),
    ("isdigit", isdigit),
    ("isalpha", isalpha),
    ("isalnum", isalnum),
    ("isspace", isspace),
    ("isupper", isupper),
    ("islower", islower),
    ("isascii", isascii),
    ("partition", partition),
    ("rpartition", rpartition),
    ("removeprefix", removeprefix),
    ("removesuffix", removesuffix),
    ("center", center),
    ("ljust", ljust),
    ("rjust", rjust),
    ("zfill", zfill),
];

/// `bytearray`'s methods: the shared ones, then those that change it.
pub const BYTEARRAY_METHODS: &[(&str, NativeFn)] = &[
    ("decode", decode),
    ("hex", hex),
    ("join", join),
    ("startswith", startswith),
    ("endswith", endswith),
    ("find", find),
    ("rfind", rfind),
    ("index", index),
    ("rindex", rindex),
    ("count", count),
    ("split", split),
    ("rsplit", rsplit),
    ("splitlines", splitlines),
    ("strip", strip),
    ("lstrip", lstrip),
    ("rstrip", rstrip),
    ("replace", replace),
    ("upper", upper),
    ("lower", lower),
    ("swapcase", swapcase),
    ("capitalize", capitalize),
    ("title", title),
    ("isdigit", isdigit),
    ("isalpha", isalpha),
    ("isalnum", isalnum),
    ("isspace", isspace),
    ("isupper", isupper),
    ("islower", islower),
    ("isascii", isascii),
    ("partition", partition),
    ("rpartition", rpartition),
    ("removeprefix", removeprefix),
    ("removesuffix", removesuffix),
    ("center", center),
    ("ljust", ljust),
    ("rjust", rjust),
    ("zfill", zfill),
    ("append", append),
    ("extend", extend),
    ("pop", pop),
    ("insert", insert),
    ("remove", remove),
    ("clear", clear),
    ("copy", copy),
    ("reverse", reverse),
];

/// The bound bytes or bytearray, its bytes and its kind.
fn me<'a>(vm: &Vm, me: Option<&'a Value>) -> PyResult<(Cow<'a, [u8]>, Kind)> {
    match me {
        Some(v) => match (as_bytes(v), kind_of(v)) {
            (Some(b), Some(k)) => Ok((b, k)),
            _ => Err(vm.new_error("TypeError", "descriptor requires a 'bytes' object")),
        },
        None => Err(vm.new_error("TypeError", "descriptor requires a 'bytes' object")),
    }
}

/// A bytes-like argument, or CPython's "a bytes-like object is required".
fn buffer<'a>(vm: &Vm, v: &'a Value) -> PyResult<Cow<'a, [u8]>> {
    as_bytes(v).ok_or_else(|| {
        vm.new_error(
            "TypeError",
            format!("a bytes-like object is required, not '{}'", vm.type_name(v)),
        )
    })
}

/// What `find`, `count`, `index` and `in` look for: bytes, or one byte
/// given as an int.
fn needle<'a>(vm: &Vm, v: &'a Value) -> PyResult<Cow<'a, [u8]>> {
    if let Some(b) = as_bytes(v) {
        return Ok(b);
    }
    match v {
        Value::Int(_) | Value::Bool(_) | Value::Big(_) => {
            Ok(Cow::Owned(vec![vm.byte_of(v, Kind::ByteArray)?]))
        }
        _ => Err(vm.new_error(
            "TypeError",
            format!(
                "argument should be integer or bytes-like object, not '{}'",
                vm.type_name(v)
            ),
        )),
    }
}

/// Where `sub` first (or last) occurs in `hay`.
fn position(hay: &[u8], sub: &[u8], last: bool) -> Option<usize> {
    if sub.len() > hay.len() {
        return None;
    }
    let mut at = (0..=hay.len() - sub.len()).filter(|&i| &hay[i..i + sub.len()] == sub);
    if last {
        at.next_back()
    } else {
        at.next()
    }
}

/// How often `sub` occurs in `hay` without overlapping (`len + 1` for an
/// empty `sub`).
fn occurrences(hay: &[u8], sub: &[u8]) -> usize {
    if sub.is_empty() {
        return hay.len() + 1;
    }
    let (mut n, mut i) = (0, 0);
    while i + sub.len() <= hay.len() {
        if &hay[i..i + sub.len()] == sub {
            n += 1;
            i += sub.len();
        } else {
            i += 1;
        }
    }
    n
}

/// The `start, end` arguments after the first of `find`, `count`,
/// `startswith`: slice bounds clamped to `len`.
fn range(vm: &Vm, args: &Args, len: usize) -> PyResult<(usize, usize)> {
    let bound = |i: usize, default: usize| -> PyResult<usize> {
        match args.pos.get(i) {
            None | Some(Value::None) => Ok(default),
            Some(Value::Int(n)) => {
                let n = if *n < 0 { *n + len as i64 } else { *n };
                Ok(n.clamp(0, len as i64) as usize)
            }
            Some(Value::Bool(b)) => Ok((*b as usize).min(len)),
            Some(other) => Err(vm.new_error(
                "TypeError",
                format!(
                    "slice indices must be integers or None or have an __index__ method, not {}",
                    vm.type_name(other)
                ),
            )),
        }
    };
    Ok((bound(1, 0)?, bound(2, len)?))
}

fn make(vm: &mut Vm, kind: Kind, b: Vec<u8>) -> PyResult<Value> {
    vm.new_bytes_of(kind, b)
}

fn decode(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "decode", &args, 0, 2)?;
    let (b, _) = me(vm, m)?;
    let enc = args
        .pos
        .first()
        .cloned()
        .or_else(|| kwarg(&args, "encoding"));
    let err = args.pos.get(1).cloned().or_else(|| kwarg(&args, "errors"));
    let enc = vm.str_argument(enc.as_ref(), "decode", "encoding", "utf-8")?;
    let err = vm.str_argument(err.as_ref(), "decode", "errors", "strict")?;
    let s = vm.decode_bytes(&b, &enc, &err)?;
    vm.new_str(s)
}

/// `str.encode(encoding='utf-8', errors='strict')`.
pub fn encode(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "encode", &args, 0, 2)?;
    let Some(Value::Str(s)) = m else {
        return Err(vm.new_error("TypeError", "descriptor 'encode' requires a 'str' object"));
    };
    let enc = args
        .pos
        .first()
        .cloned()
        .or_else(|| kwarg(&args, "encoding"));
    let err = args.pos.get(1).cloned().or_else(|| kwarg(&args, "errors"));
    let enc = vm.str_argument(enc.as_ref(), "encode", "encoding", "utf-8")?;
    let err = vm.str_argument(err.as_ref(), "encode", "errors", "strict")?;
    let b = vm.encode_str(s, &enc, &err)?;
    vm.new_bytes(b)
}

fn hex(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "hex", &args, 0, 2)?;
    let (b, _) = me(vm, m)?;
    let sep = args.pos.first().cloned().or_else(|| kwarg(&args, "sep"));
    let per = args
        .pos
        .get(1)
        .cloned()
        .or_else(|| kwarg(&args, "bytes_per_sep"));
    let sep = match &sep {
        None => None,
        Some(Value::Str(s)) if s.chars().count() == 1 => s.chars().next(),
        Some(v) => match as_bytes(v) {
            Some(b) if b.len() == 1 => Some(b[0] as char),
            Some(_) => return Err(vm.new_error("ValueError", "sep must be length 1.")),
            None if matches!(v, Value::Str(_)) => {
                return Err(vm.new_error("ValueError", "sep must be length 1."))
            }
            None => {
                return Err(vm.new_error(
                    "TypeError",
                    format!("sep must be str or bytes., not {}", vm.type_name(v)),
                ))
            }
        },
    };
    if sep.is_some_and(|c| !c.is_ascii()) {
        return Err(vm.new_error("ValueError", "sep must be ASCII."));
    }
    let per = match per {
        None => 1,
        Some(Value::Int(n)) => n,
        Some(v) => {
            return Err(vm.new_error(
                "TypeError",
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    vm.type_name(&v)
                ),
            ))
        }
    };
    let s = bytes::hex(&b, sep, per);
    vm.new_str(s)
}

/// `bytes.fromhex(s)` and `bytearray.fromhex(s)`: the class rides in the
/// bound slot.
pub fn fromhex(vm: &mut Vm, cls: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "fromhex", &args, 1, 1)?;
    let Value::Str(s) = &args.pos[0] else {
        return Err(vm.new_error(
            "TypeError",
            format!(
                "fromhex() argument must be str, not {}",
                vm.type_name(&args.pos[0])
            ),
        ));
    };
    let b = bytes::fromhex(s).map_err(|at| {
        vm.new_error(
            "ValueError",
            format!("non-hexadecimal number found in fromhex() arg at position {at}"),
        )
    })?;
    let kind = match cls {
        Some(Value::Str(k)) if &**k == "bytearray" => Kind::ByteArray,
        _ => Kind::Bytes,
    };
    make(vm, kind, b)
}

fn join(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "join", &args, 1, 1)?;
    let (sep, kind) = me(vm, m)?;
    let sep = sep.into_owned();
    let items = vm.collect(&args.pos[0])?;
    let mut out = Vec::new();
    for (i, x) in items.iter().enumerate() {
        let Some(b) = as_bytes(x) else {
            return Err(vm.new_error(
                "TypeError",
                format!(
                    "sequence item {i}: expected a bytes-like object, {} found",
                    vm.type_name(x)
                ),
            ));
        };
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(&b);
    }
    make(vm, kind, out)
}

fn affix(vm: &mut Vm, m: Option<&Value>, args: Args, name: &str, end: bool) -> PyResult<Value> {
    arity(vm, name, &args, 1, 3)?;
    let (b, _) = me(vm, m)?;
    let (lo, hi) = range(vm, &args, b.len())?;
    let part = if lo <= hi { &b[lo..hi] } else { &b[0..0] };
    let test = |p: &[u8]| {
        if lo > hi || p.len() > part.len() {
            // CPython still matches b'' at a start past the end... only
            // when start <= len; an empty range matches an empty affix.
            return p.is_empty() && lo <= b.len();
        }
        if end {
            part.ends_with(p)
        } else {
            part.starts_with(p)
        }
    };
    let first = &args.pos[0];
    if let Some(Object::Tuple(t)) = first.as_obj() {
        for x in t.iter() {
            let Some(p) = as_bytes(x) else {
                return Err(vm.new_error(
                    "TypeError",
                    format!("a bytes-like object is required, not '{}'", vm.type_name(x)),
                ));
            };
            if test(&p) {
                return Ok(Value::Bool(true));
            }
        }
        return Ok(Value::Bool(false));
    }
    let Some(p) = as_bytes(first) else {
        return Err(vm.new_error(
            "TypeError",
            format!(
                "{name} first arg must be bytes or a tuple of bytes, not {}",
                vm.type_name(first)
            ),
        ));
    };
    Ok(Value::Bool(test(&p)))
}

fn startswith(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    affix(vm, m, args, "startswith", false)
}

fn endswith(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    affix(vm, m, args, "endswith", true)
}

fn find_in(vm: &mut Vm, m: Option<&Value>, args: &Args, name: &str, last: bool) -> PyResult<i64> {
    arity(vm, name, args, 1, 3)?;
    let (b, _) = me(vm, m)?;
    let sub = needle(vm, &args.pos[0])?;
    let (lo, hi) = range(vm, args, b.len())?;
    if lo > hi {
        return Ok(-1);
    }
    Ok(position(&b[lo..hi], &sub, last).map_or(-1, |i| (i + lo) as i64))
}

fn find(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    Ok(Value::Int(find_in(vm, m, &args, "find", false)?))
}

fn rfind(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    Ok(Value::Int(find_in(vm, m, &args, "rfind", true)?))
}

fn index(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    match find_in(vm, m, &args, "index", false)? {
        -1 => Err(vm.new_error("ValueError", "subsection not found")),
        i => Ok(Value::Int(i)),
    }
}

fn rindex(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    match find_in(vm, m, &args, "rindex", true)? {
        -1 => Err(vm.new_error("ValueError", "subsection not found")),
        i => Ok(Value::Int(i)),
    }
}

fn count(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "count", &args, 1, 3)?;
    let (b, _) = me(vm, m)?;
    let sub = needle(vm, &args.pos[0])?;
    let (lo, hi) = range(vm, &args, b.len())?;
    if lo > hi {
        return Ok(Value::Int(0));
    }
    Ok(Value::Int(occurrences(&b[lo..hi], &sub) as i64))
}
