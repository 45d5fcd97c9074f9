//! `int(...)` and `float(...)`: conversions with CPython's messages.

use std::sync::Arc;

use num_bigint::BigInt;
use num_traits::{Num, ToPrimitive};

use crate::interleave::runner::value::Value;
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

pub fn int_new(vm: &mut Vm, pos: Vec<Value>, kw: Vec<(Arc<str>, Value)>) -> PyResult<Value> {
    let base = match (pos.get(1), kw.iter().find(|(k, _)| &**k == "base")) {
        (Some(b), _) | (None, Some((_, b))) => Some(b.clone()),
        _ => None,
    };
    let Some(v) = pos.into_iter().next() else {
        return Ok(Value::Int(0));
    };
    if let Some(base) = base {
        let Value::Str(s) = &v else {
            return Err(vm.new_error(
                "TypeError",
                "int() can't convert non-string with explicit base",
            ));
        };
        let b = match base {
            Value::Int(b) if b == 0 || (2..=36).contains(&b) => b as u32,
            _ => return Err(vm.new_error("ValueError", "int() base must be >= 2 and <= 36, or 0")),
        };
        return parse_int(vm, s, b);
    }
    match &v {
        Value::Int(_) | Value::Big(_) => Ok(v),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(x) => {
            if x.is_nan() {
                return Err(vm.new_error("ValueError", "cannot convert float NaN to integer"));
            }
            if x.is_infinite() {
                return Err(
                    vm.new_error("OverflowError", "cannot convert float infinity to integer")
                );
            }
            let t = x.trunc();
            if t.abs() < 9.0e18 {
                Ok(Value::Int(t as i64))
            } else {
                let digits = format!("{t:.0}");
                Ok(Value::from_big(
                    digits.parse::<BigInt>().unwrap_or_default(),
                ))
            }
        }
        Value::Str(s) => parse_int(vm, s, 10),
        _ => {
            if let Some(m) = vm.lookup_special(&v, "__int__") {
                return vm.call1(&m, Vec::new());
            }
            Err(vm.new_error(
                "TypeError",
                format!(
                    "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                    vm.type_name(&v)
                ),
            ))
        }
    }
}

fn parse_int(vm: &mut Vm, s: &str, base: u32) -> PyResult<Value> {
    let bad = |vm: &mut Vm| {
        let r = crate::interleave::runner::format::str_repr(s);
        Err(vm.new_error(
            "ValueError",
            format!("invalid literal for int() with base {base}: {r}"),
        ))
    };
    let t = s.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = match (base, lower.get(..2)) {
        (0 | 16, Some("0x")) => (16, &body[2..]),
        (0 | 8, Some("0o")) => (8, &body[2..]),
        (0 | 2, Some("0b")) => (2, &body[2..]),
        (0, _) => (10, body),
        (b, _) => (b, body),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return bad(vm);
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    match BigInt::from_str_radix(&clean, radix) {
        Ok(b) => Ok(Value::from_big(if neg { -b } else { b })),
        Err(_) => bad(vm),
    }
}

pub fn float_new(vm: &mut Vm, v: Option<Value>) -> PyResult<Value> {
    let Some(v) = v else {
        return Ok(Value::Float(0.0));
    };
    match &v {
        Value::Float(_) => Ok(v),
        Value::Int(i) => Ok(Value::Float(*i as f64)),
        Value::Bool(b) => Ok(Value::Float(*b as i64 as f64)),
        Value::Big(b) => match b.to_f64().filter(|x| x.is_finite()) {
            Some(x) => Ok(Value::Float(x)),
            None => Err(vm.new_error("OverflowError", "int too large to convert to float")),
        },
        Value::Str(s) => {
            let t = s.trim().replace('_', "");
            let lower = t.to_ascii_lowercase();
            let x = match lower.trim_start_matches(['+', '-']) {
                "inf" | "infinity" => Some(f64::INFINITY),
                "nan" => Some(f64::NAN),
                _ => t.parse::<f64>().ok(),
            };
            match x {
                Some(x) => Ok(Value::Float(
                    if lower.starts_with('-')
                        && !x.is_sign_negative()
                        && (x.is_infinite() || x.is_nan())
                    {
                        -x
                    } else {
                        x
                    },
                )),
                None => {
                    let r = crate::interleave::runner::format::str_repr(s);
                    Err(vm.new_error(
                        "ValueError",
                        format!("could not convert string to float: {r}"),
                    ))
                }
            }
        }
        _ => {
            if let Some(m) = vm.lookup_special(&v, "__float__") {
                return vm.call1(&m, Vec::new());
            }
            Err(vm.new_error(
                "TypeError",
                format!(
                    "float() argument must be a string or a real number, not '{}'",
                    vm.type_name(&v)
                ),
            ))
        }
    }
}

pub const INT_METHODS: &[(&str, crate::interleave::runner::value::NativeFn)] = &[
    ("bit_length", bit_length),
    ("__index__", identity),
    ("as_integer_ratio", int_ratio),
    ("to_bytes", super::methods_bytes::to_bytes),
];
pub const FLOAT_METHODS: &[(&str, crate::interleave::runner::value::NativeFn)] = &[
    ("is_integer", is_integer),
    ("as_integer_ratio", float_ratio),
];

/// `int.as_integer_ratio()`: `(n, 1)`.
fn int_ratio(
    vm: &mut Vm,
    me: Option<&Value>,
    _: crate::interleave::runner::value::Args,
) -> PyResult<Value> {
    match me {
        Some(Value::Bool(b)) => Ok(Value::tuple(vec![Value::Int(*b as i64), Value::Int(1)])),
        Some(v @ (Value::Int(_) | Value::Big(_))) => {
            Ok(Value::tuple(vec![v.clone(), Value::Int(1)]))
        }
        _ => Err(vm.new_error("TypeError", "as_integer_ratio needs an int")),
    }
}

/// `float.as_integer_ratio()`: the exact fraction, in lowest terms with a
/// positive denominator (a power of two).
fn float_ratio(
    vm: &mut Vm,
    me: Option<&Value>,
    _: crate::interleave::runner::value::Args,
) -> PyResult<Value> {
    let Some(Value::Float(x)) = me else {
        return Err(vm.new_error("TypeError", "as_integer_ratio needs a float"));
    };
    if x.is_nan() {
        return Err(vm.new_error("ValueError", "cannot convert NaN to integer ratio"));
    }
    if x.is_infinite() {
        return Err(vm.new_error("OverflowError", "cannot convert Infinity to integer ratio"));
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    // x = mant * 2**e exactly.
    let (mut mant, mut e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    if mant == 0 {
        return Ok(Value::tuple(vec![Value::Int(0), Value::Int(1)]));
    }
    let tz = mant.trailing_zeros() as i64;
    mant >>= tz;
    e += tz;
    let sign = if *x < 0.0 { -1 } else { 1 };
    let n = BigInt::from(mant) * sign;
    let (num, den) = if e >= 0 {
        (n << e as usize, BigInt::from(1))
    } else {
        (n, BigInt::from(1) << (-e) as usize)
    };
    Ok(Value::tuple(vec![
        Value::from_big(num),
        Value::from_big(den),
    ]))
}

fn bit_length(
    vm: &mut Vm,
    me: Option<&Value>,
    _: crate::interleave::runner::value::Args,
) -> PyResult<Value> {
    match me.and_then(crate::interleave::runner::ops::to_big) {
        Some(b) => Ok(Value::Int(b.bits() as i64)),
        None => Err(vm.new_error("TypeError", "bit_length needs an int")),
    }
}

fn identity(
    _: &mut Vm,
    me: Option<&Value>,
    _: crate::interleave::runner::value::Args,
) -> PyResult<Value> {
    // `True.__index__()` is 1: the int, not the bool.
    Ok(match me {
        Some(Value::Bool(b)) => Value::Int(*b as i64),
        Some(v) => v.clone(),
        None => Value::None,
    })
}

fn is_integer(
    _: &mut Vm,
    me: Option<&Value>,
    _: crate::interleave::runner::value::Args,
) -> PyResult<Value> {
    Ok(Value::Bool(
        matches!(me, Some(Value::Float(x)) if x.fract() == 0.0),
    ))
}
