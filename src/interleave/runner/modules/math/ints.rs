//! `math`'s functions of ints — `factorial`, `gcd`, `lcm`, `comb`, `perm`,
//! `isqrt` — exact for big ints, as counting lessons (and
//! "how many ways can threads interleave?" exercises) print them.

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::interleave::runner::builtins::functions::arity;
use crate::interleave::runner::ops::to_big;
use crate::interleave::runner::value::{Args, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

pub(super) fn int_arg(vm: &Vm, v: &Value) -> PyResult<BigInt> {
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

pub(super) fn factorial(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.factorial", &args, 1, 1)?;
    let n = int_arg(vm, &args.pos[0])?;
    if n.is_negative() {
        return Err(vm.new_error("ValueError", "factorial() not defined for negative values"));
    }
    let n = n.to_u64().unwrap_or(u64::MAX);
    if n > 20_000 {
        return Err(vm.new_error("MemoryError", ""));
    }
    let mut acc = BigInt::from(1);
    for i in 2..=n {
        acc *= i;
        if i % 512 == 0 {
            vm.check_breaker()?;
        }
    }
    Ok(Value::from_big(acc))
}

pub(super) fn gcd(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let mut acc = BigInt::zero();
    for a in &args.pos {
        let b = int_arg(vm, a)?;
        acc = num_integer::Integer::gcd(&acc, &b);
    }
    Ok(Value::from_big(acc))
}

pub(super) fn isqrt(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.isqrt", &args, 1, 1)?;
    let n = int_arg(vm, &args.pos[0])?;
    if n.is_negative() {
        return Err(vm.new_error("ValueError", "isqrt() argument must be nonnegative"));
    }
    Ok(Value::from_big(n.sqrt()))
}

pub(super) fn lcm(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let mut acc = BigInt::one();
    for a in &args.pos {
        let b = int_arg(vm, a)?;
        acc = num_integer::Integer::lcm(&acc, &b);
    }
    Ok(Value::from_big(acc))
}

/// `n` and `k` of `comb`/`perm`: non-negative ints, CPython's errors.
fn counts(vm: &Vm, n: &Value, k: &Value) -> PyResult<(BigInt, BigInt)> {
    let (n, k) = (int_arg(vm, n)?, int_arg(vm, k)?);
    if n.is_negative() {
        return Err(vm.new_error("ValueError", "n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(vm.new_error("ValueError", "k must be a non-negative integer"));
    }
    Ok((n, k))
}

/// `n * (n-1) * … ` for `k` factors, divided as it goes by `1..=k` when
/// `divide` (then every partial result is itself a binomial coefficient).
fn falling(vm: &mut Vm, n: &BigInt, k: &BigInt, divide: bool) -> PyResult<Value> {
    let Some(k) = k.to_u64() else {
        return Err(vm.new_error("OverflowError", format!("k must not exceed {}", i64::MAX)));
    };
    let mut acc = BigInt::one();
    for i in 0..k {
        acc *= n - i;
        if divide {
            acc /= i + 1;
        }
        if i % 512 == 511 {
            vm.check_breaker()?;
        }
    }
    Ok(Value::from_big(acc))
}

pub(super) fn comb(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "comb", &args, 2, 2)?;
    let (n, k) = counts(vm, &args.pos[0], &args.pos[1])?;
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = (&n - &k).min(k);
    falling(vm, &n, &k, true)
}

pub(super) fn perm(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "perm", &args, 1, 2)?;
    let Some(k) = args.pos.get(1).filter(|k| !matches!(k, Value::None)) else {
        // perm(n) is n!, with factorial's own errors.
        return factorial(vm, None, Args::new(vec![args.pos[0].clone()]));
    };
    let (n, k) = counts(vm, &args.pos[0], k)?;
    if k > n {
        return Ok(Value::Int(0));
    }
    falling(vm, &n, &k, false)
}

#[cfg(test)]
mod tests {
    #[test]
    fn binomials_are_exact() {
        let c = |n: u64, k: u64| {
            let mut acc = super::BigInt::from(1);
            for i in 0..k {
                acc *= n - i;
                acc /= i + 1;
            }
            acc
        };
        assert_eq!(c(5, 2), 10.into());
        assert_eq!(c(52, 5), 2_598_960.into());
        assert_eq!(c(100, 50).to_string(), "100891344545564193334812497256");
    }
}
