//! `math`'s functions that take floats apart or combine them exactly:
//! `frexp`, `ldexp`, `modf`, `fmod`, `remainder`, `copysign`, `ulp`,
//! `nextafter`, `hypot`, `dist` and `fsum` — numerics lessons print their
//! results digit for digit, so each follows CPython's arithmetic.

use num_traits::{Signed, ToPrimitive};

use super::float_arg;
use crate::interleave::runner::builtins::functions::arity;
use crate::interleave::runner::ops::to_big;
use crate::interleave::runner::value::{Args, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

fn domain(vm: &Vm) -> crate::interleave::runner::PyErr {
    vm.new_error("ValueError", "math domain error")
}

fn two(vm: &Vm, name: &str, args: &Args) -> PyResult<(f64, f64)> {
    arity(vm, name, args, 2, 2)?;
    Ok((float_arg(vm, &args.pos[0])?, float_arg(vm, &args.pos[1])?))
}

pub(super) fn frexp(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.frexp", &args, 1, 1)?;
    let (m, e) = libm::frexp(float_arg(vm, &args.pos[0])?);
    Ok(Value::tuple([Value::Float(m), Value::Int(e as i64)]))
}

pub(super) fn ldexp(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "ldexp", &args, 2, 2)?;
    let x = float_arg(vm, &args.pos[0])?;
    let Some(i) = to_big(&args.pos[1]) else {
        return Err(vm.new_error("TypeError", "Expected an int as second argument to ldexp."));
    };
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::Float(x));
    }
    // Any exponent past ±2200 already under- or overflows every double.
    let i = i
        .to_i32()
        .unwrap_or(if i.is_negative() { -2200 } else { 2200 });
    let r = libm::scalbn(x, i.clamp(-2200, 2200));
    if r.is_infinite() {
        return Err(vm.new_error("OverflowError", "math range error"));
    }
    Ok(Value::Float(r))
}

pub(super) fn modf(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.modf", &args, 1, 1)?;
    let x = float_arg(vm, &args.pos[0])?;
    let (frac, int) = if x.is_infinite() {
        (0f64.copysign(x), x)
    } else {
        libm::modf(x)
    };
    Ok(Value::tuple([Value::Float(frac), Value::Float(int)]))
}

pub(super) fn fmod(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let (x, y) = two(vm, "fmod", &args)?;
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::Float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain(vm));
    }
    Ok(Value::Float(r))
}

pub(super) fn remainder(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let (x, y) = two(vm, "remainder", &args)?;
    if x.is_nan() || y.is_nan() {
        return Ok(Value::Float(f64::NAN));
    }
    if x.is_infinite() || y == 0.0 {
        return Err(domain(vm));
    }
    if y.is_infinite() {
        return Ok(Value::Float(x));
    }
    Ok(Value::Float(libm::remainder(x, y)))
}

pub(super) fn copysign(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let (x, y) = two(vm, "copysign", &args)?;
    Ok(Value::Float(x.copysign(y)))
}

pub(super) fn nextafter(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let (x, y) = two(vm, "nextafter", &args)?;
    Ok(Value::Float(libm::nextafter(x, y)))
}

pub(super) fn ulp(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.ulp", &args, 1, 1)?;
    let x = float_arg(vm, &args.pos[0])?.abs();
    if !x.is_finite() {
        return Ok(Value::Float(x));
    }
    // The largest double has no next one: measure the gap below it.
    Ok(Value::Float(if x == f64::MAX {
        x - libm::nextafter(x, 0.0)
    } else {
        libm::nextafter(x, f64::INFINITY) - x
    }))
}

/// `x * y` as an exact pair `hi + lo` (Dekker's product, by halves).
fn exact_mul(x: f64, y: f64) -> (f64, f64) {
    let split = |v: f64| {
        let t = v * 134217729.0;
        let hi = t - (t - v);
        (hi, v - hi)
    };
    let ((xh, xl), (yh, yl)) = (split(x), split(y));
    let p = xh * yh;
    let q = xh * yl + xl * yh;
    let z = p + q;
    (z, p - z + q + xl * yl)
}

/// `a + b` as an exact pair, for `|a| >= |b|`.
fn exact_add(a: f64, b: f64) -> (f64, f64) {
    let x = a + b;
    (x, b - (x - a))
}

/// The length of a vector of non-negative finite floats whose largest is
/// `max`: scaled to below 1 by a power of two, squares summed exactly
/// into a running sum with the rounding errors kept aside, then one
/// Newton step — the way CPython's `hypot` and `dist` get their last bit.
fn vector_norm(vec: &mut [f64], max: f64, found_nan: bool) -> f64 {
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, max_e) = libm::frexp(max);
    if max_e < -1023 {
        // Subnormals: scale them up first (the power below would overflow).
        for v in vec.iter_mut() {
            *v /= f64::MIN_POSITIVE;
        }
        return f64::MIN_POSITIVE * vector_norm(vec, max / f64::MIN_POSITIVE, found_nan);
    }
    let scale = libm::ldexp(1.0, -max_e);
    let (mut csum, mut frac1, mut frac2) = (1.0f64, 0.0f64, 0.0f64);
    for v in vec.iter() {
        let x = v * scale;
        let (hi, lo) = exact_mul(x, x);
        let (s, e) = exact_add(csum, hi);
        csum = s;
        frac1 += lo;
        frac2 += e;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let (hi, lo) = exact_mul(-h, h);
    let (s, e) = exact_add(csum, hi);
    csum = s;
    frac1 += lo;
    frac2 += e;
    let x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    h / scale
}

/// Absolute values, their largest, and whether one is a NaN.
fn norm_of(vm: &Vm, coords: impl Iterator<Item = PyResult<f64>>) -> PyResult<f64> {
    let (mut vec, mut max, mut nan) = (Vec::new(), 0.0f64, false);
    for c in coords {
        let x = c?.abs();
        nan |= x.is_nan();
        if x > max {
            max = x;
        }
        vec.push(x);
    }
    let _ = vm;
    Ok(vector_norm(&mut vec, max, nan))
}

pub(super) fn hypot(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let coords = args.pos.iter().map(|a| float_arg(vm, a));
    Ok(Value::Float(norm_of(vm, coords)?))
}

pub(super) fn dist(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "dist", &args, 2, 2)?;
    let p = vm.collect(&args.pos[0])?;
    let q = vm.collect(&args.pos[1])?;
    if p.len() != q.len() {
        return Err(vm.new_error(
            "ValueError",
            "both points must have the same number of dimensions",
        ));
    }
    let diffs = p
        .iter()
        .zip(&q)
        .map(|(a, b)| Ok(float_arg(vm, a)? - float_arg(vm, b)?));
    Ok(Value::Float(norm_of(vm, diffs)?))
}

/// `fsum`'s running sum: non-overlapping partials whose exact sum is the
/// exact sum so far (Shewchuk), and what infinities and NaNs added up to.
#[derive(Default)]
struct Partials {
    parts: Vec<f64>,
    special: f64,
    inf: f64,
}

impl Partials {
    /// Adds `x`; `Err` when finite partials overflow (no exact answer).
    fn add(&mut self, mut x: f64) -> Result<(), ()> {
        let orig = x;
        let mut kept = 0;
        for k in 0..self.parts.len() {
            let mut y = self.parts[k];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.parts[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        self.parts.truncate(kept);
        if x == 0.0 {
            return Ok(());
        }
        if x.is_finite() {
            self.parts.push(x);
            return Ok(());
        }
        if orig.is_finite() {
            return Err(());
        }
        if orig.is_infinite() {
            self.inf += orig;
        }
        self.special += orig;
        self.parts.clear();
        Ok(())
    }

    /// The exact sum, correctly rounded (ties to even).
    fn total(&self) -> f64 {
        let p = &self.parts;
        let mut n = p.len();
        let (mut hi, mut lo) = (0.0f64, 0.0f64);
        if n > 0 {
            n -= 1;
            hi = p[n];
            while n > 0 {
                let x = hi;
                n -= 1;
                let y = p[n];
                hi = x + y;
                lo = y - (hi - x);
                if lo != 0.0 {
                    break;
                }
            }
            // A half-way `lo` with more of the same sign below it rounds
            // the other way from what `hi` did.
            if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
                let y = lo * 2.0;
                let x = hi + y;
                if y == x - hi {
                    hi = x;
                }
            }
        }
        hi
    }
}

pub(super) fn fsum(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.fsum", &args, 1, 1)?;
    let mut sum = Partials::default();
    for x in vm.collect(&args.pos[0])? {
        let x = float_arg(vm, &x)?;
        if sum.add(x).is_err() {
            return Err(vm.new_error("OverflowError", "intermediate overflow in fsum"));
        }
    }
    if sum.special != 0.0 {
        if sum.inf.is_nan() {
            return Err(vm.new_error("ValueError", "-inf + inf in fsum"));
        }
        return Ok(Value::Float(sum.special));
    }
    Ok(Value::Float(sum.total()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fsum(xs: &[f64]) -> f64 {
        let mut s = Partials::default();
        for x in xs {
            s.add(*x).unwrap();
        }
        s.total()
    }

    #[test]
    fn fsum_is_exact() {
        assert_eq!(fsum(&[0.1; 10]), 1.0);
        assert_eq!(
            fsum(&[1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]),
            1e-100
        );
        assert!(Partials::default().add(1e308).is_ok());
        let mut s = Partials::default();
        s.add(1e308).unwrap();
        assert!(s.add(1e308).is_err());
    }

    #[test]
    fn norms_match_known_values() {
        assert_eq!(vector_norm(&mut [3.0, 4.0], 4.0, false), 5.0);
        assert_eq!(vector_norm(&mut [1.0, 1.0, 1.0, 1.0], 1.0, false), 2.0);
    }
}
