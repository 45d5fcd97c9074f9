//! The numeric builtins: `abs`, `round`, `divmod`, `pow`, `hex`, `bin`,
//! `oct`, `ord` and `chr`.

use super::*;
use num_integer::Integer;
use num_traits::One;

pub(super) fn abs(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "abs", &args, 1, 1)?;
    match &args.pos[0] {
        Value::Int(i) => Ok(i
            .checked_abs()
            .map(Value::Int)
            .unwrap_or_else(|| Value::from_big(to_big(&Value::Int(*i)).unwrap_or_default().abs()))),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Big(b) => Ok(Value::from_big(b.abs())),
        Value::Float(x) => Ok(Value::Float(x.abs())),
        v => match vm.lookup_special(v, "__abs__") {
            Some(m) => vm.call(&m, Args::default()),
            None => Err(vm.new_error(
                "TypeError",
                format!("bad operand type for abs(): '{}'", vm.type_name(v)),
            )),
        },
    }
}

pub(super) fn round(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "round", &args, 1, 2)?;
    let nd = args
        .pos
        .get(1)
        .cloned()
        .or_else(|| kwarg(&args, "ndigits"))
        .filter(|v| !v.is_none());
    match (&args.pos[0], nd) {
        (Value::Float(x), None) => {
            if !x.is_finite() {
                let msg = if x.is_nan() {
                    "cannot convert float NaN to integer"
                } else {
                    "cannot convert float infinity to integer"
                };
                return Err(vm.new_error(
                    if x.is_nan() {
                        "ValueError"
                    } else {
                        "OverflowError"
                    },
                    msg,
                ));
            }
            let r = x.round_ties_even();
            crate::interleave::runner::builtins::numbers::int_new(
                vm,
                vec![Value::Float(r)],
                Vec::new(),
            )
        }
        (Value::Float(x), Some(nd)) => {
            let n = ndigits(vm, &nd)?;
            Ok(Value::Float(round_float(*x, &n)))
        }
        (v @ (Value::Int(_) | Value::Big(_) | Value::Bool(_)), Some(nd)) => {
            let n = ndigits(vm, &nd)?;
            let b = to_big(v).unwrap_or_default();
            if !n.is_negative() {
                return Ok(Value::from_big(b));
            }
            // 10**k beyond twice the number's size rounds it to 0: answer
            // that without building 10**k (CPython tries, and hangs on
            // `round(25, -10**30)`).
            let k =
                num_traits::ToPrimitive::to_usize(&-n).filter(|k| *k as u64 <= b.bits() / 3 + 2);
            let Some(k) = k else {
                return Ok(Value::Int(0));
            };
            let p = num_traits::pow(num_bigint::BigInt::from(10), k);
            Ok(Value::from_big(div_round_even(&b, &p) * p))
        }
        (v, _) => Err(vm.new_error(
            "TypeError",
            format!("type {} doesn't define __round__ method", vm.type_name(v)),
        )),
    }
}

pub(super) fn radix(vm: &mut Vm, args: Args, name: &str, r: u32) -> PyResult<Value> {
    arity(vm, name, &args, 1, 1)?;
    match to_big(&args.pos[0]) {
        Some(b) => Ok(Value::str(
            &crate::interleave::runner::format::int_with_prefix(&b, r),
        )),
        None => Err(vm.new_error(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(&args.pos[0])
            ),
        )),
    }
}

pub(super) fn hex(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    radix(vm, args, "hex", 16)
}
pub(super) fn bin(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    radix(vm, args, "bin", 2)
}
pub(super) fn oct(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    radix(vm, args, "oct", 8)
}

pub(super) fn ord(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "ord", &args, 1, 1)?;
    if let Some(b) = crate::interleave::runner::bytes::as_bytes(&args.pos[0]) {
        if b.len() == 1 {
            return Ok(Value::Int(b[0] as i64));
        }
        return Err(vm.new_error(
            "TypeError",
            format!(
                "ord() expected a character, but string of length {} found",
                b.len()
            ),
        ));
    }
    match &args.pos[0] {
        Value::Str(s) if s.chars().count() == 1 => {
            Ok(Value::Int(s.chars().next().map(|c| c as i64).unwrap_or(0)))
        }
        Value::Str(s) => Err(vm.new_error(
            "TypeError",
            format!(
                "ord() expected a character, but string of length {} found",
                s.chars().count()
            ),
        )),
        v => Err(vm.new_error(
            "TypeError",
            format!(
                "ord() expected string of length 1, but {} found",
                vm.type_name(v)
            ),
        )),
    }
}

pub(super) fn chr(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "chr", &args, 1, 1)?;
    match &args.pos[0] {
        Value::Int(i) => match u32::try_from(*i).ok().and_then(char::from_u32) {
            Some(c) => Ok(Value::str(&c.to_string())),
            None => Err(vm.new_error("ValueError", "chr() arg not in range(0x110000)")),
        },
        v => Err(vm.new_error(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(v)
            ),
        )),
    }
}

pub(super) fn divmod(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "divmod", &args, 2, 2)?;
    let (a, b) = (&args.pos[0], &args.pos[1]);
    if matches!(a.as_obj(), Some(Object::Instance(_)))
        || matches!(b.as_obj(), Some(Object::Instance(_)))
    {
        // A class's own `__divmod__` (or the right operand's `__rdivmod__`).
        for (x, y, name) in [(a, b, "__divmod__"), (b, a, "__rdivmod__")] {
            if let Some(m) = vm.lookup_special(x, name) {
                let r = vm.call(&m, Args::new(vec![y.clone()]))?;
                if !vm.is_not_implemented(&r) {
                    return Ok(r);
                }
            }
        }
        return Err(vm.new_error(
            "TypeError",
            format!(
                "unsupported operand type(s) for divmod(): '{}' and '{}'",
                vm.type_name(a),
                vm.type_name(b)
            ),
        ));
    }
    let q = vm.binary_op(BinOp::FloorDiv, &args.pos[0], &args.pos[1])?;
    let r = vm.binary_op(BinOp::Mod, &args.pos[0], &args.pos[1])?;
    Ok(Value::tuple(vec![q, r]))
}

pub(super) fn pow(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "pow", &args, 2, 3)?;
    if let Some(m) = args.pos.get(2).filter(|m| !m.is_none()) {
        let (Some(b), Some(e), Some(m)) = (to_big(&args.pos[0]), to_big(&args.pos[1]), to_big(m))
        else {
            return Err(vm.new_error(
                "TypeError",
                "pow() 3rd argument not allowed unless all arguments are integers",
            ));
        };
        if m.is_zero() {
            return Err(vm.new_error("ValueError", "pow() 3rd argument cannot be 0"));
        }
        // A negative exponent raises the base's inverse modulo m (3.8+).
        let (b, e) = if e.is_negative() {
            let size = m.abs();
            let found = b.mod_floor(&size).extended_gcd(&size);
            if !found.gcd.is_one() {
                return Err(
                    vm.new_error("ValueError", "base is not invertible for the given modulus")
                );
            }
            (found.x.mod_floor(&size), -e)
        } else {
            (b, e)
        };
        let r = b.modpow(&e, &m);
        let r = if r.is_negative() != m.is_negative() && !r.is_zero() {
            r + &m
        } else {
            r
        };
        return Ok(Value::from_big(r));
    }
    vm.binary_op(BinOp::Pow, &args.pos[0], &args.pos[1])
}

/// `round`'s second argument: an int (or bool), else CPython's TypeError.
fn ndigits(vm: &Vm, v: &Value) -> PyResult<num_bigint::BigInt> {
    to_big(v).ok_or_else(|| {
        vm.new_error(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(v)
            ),
        )
    })
}

/// `a / b` rounded to the nearest int, ties to even (`b > 0`).
fn div_round_even(a: &num_bigint::BigInt, b: &num_bigint::BigInt) -> num_bigint::BigInt {
    let q = num_integer::Integer::div_floor(a, b);
    let twice = (a - &q * b) * 2;
    if &twice > b || (&twice == b && num_integer::Integer::is_odd(&q)) {
        q + 1
    } else {
        q
    }
}

/// `round(x, n)` for a float, correctly rounded as CPython's: the exact
/// binary value rounded half-even to `n` decimal places. Beyond a double's
/// reach `x` comes back unchanged (n > 323) or as a signed zero (n < -308).
fn round_float(x: f64, n: &num_bigint::BigInt) -> f64 {
    use num_traits::ToPrimitive;
    let n = n
        .to_i64()
        .unwrap_or(if n.is_negative() { i64::MIN } else { i64::MAX });
    if !x.is_finite() || n > 323 || x == 0.0 {
        return x;
    }
    if n < -308 {
        return 0.0 * x;
    }
    if n >= 0 {
        // The shortest-digits formatter rounds the exact value correctly.
        let s = crate::interleave::runner::format::format_float(x, &format!(".{n}f"))
            .unwrap_or_default();
        return s.parse().unwrap_or(x);
    }
    let (mant, exp, sign) = num_traits::float::FloatCore::integer_decode(x);
    let ten_k = num_traits::pow(num_bigint::BigInt::from(10), (-n) as usize);
    let (num, den) = if exp >= 0 {
        (num_bigint::BigInt::from(mant) << exp as usize, ten_k)
    } else {
        (num_bigint::BigInt::from(mant), ten_k << (-exp) as usize)
    };
    let q = div_round_even(&num, &den);
    let r: f64 = format!("{q}e{}", -n).parse().unwrap_or(0.0);
    if sign < 0 {
        -r
    } else {
        r
    }
}
