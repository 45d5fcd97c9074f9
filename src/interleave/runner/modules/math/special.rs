//! `math.gamma` and `math.lgamma`. CPython computes them itself (not with
//! the C library) by a Lanczos approximation; doing the same sums in the
//! same order gives its digits, which statistics lessons print.

// The coefficients keep their published digits (each still parses to
// the nearest double).
#![allow(clippy::excessive_precision)]

use super::float_arg;
use crate::interleave::runner::builtins::functions::arity;
use crate::interleave::runner::value::{Args, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

/// The Lanczos approximation's g (Boost's 13-term set for doubles).
const LANCZOS_G: f64 = 6.024680040776729583740234375;
const LANCZOS_G_MINUS_HALF: f64 = 5.524680040776729583740234375;
const NUM: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
/// The denominator: the coefficients of x(x+1)…(x+11).
const DEN: [f64; 13] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];
const LOG_PI: f64 = 1.144729885849400174143427351353058711647;

/// The rational part of the approximation: Horner's rule in `x` for
/// small `x`, in `1/x` for large (so neither side overflows).
fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0f64, 0.0f64);
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + NUM[i];
            den = den * x + DEN[i];
        }
    } else {
        for i in 0..13 {
            num = num / x + NUM[i];
            den = den / x + DEN[i];
        }
    }
    num / den
}

/// `sin(pi * x)`, exact at the integers and half-integers.
fn sinpi(x: f64) -> f64 {
    let y = (x.abs()) % 2.0;
    let n = (2.0 * y).round() as i32;
    let r = match n {
        0 => (std::f64::consts::PI * y).sin(),
        1 => (std::f64::consts::PI * (y - 0.5)).cos(),
        2 => (std::f64::consts::PI * (1.0 - y)).sin(),
        3 => -(std::f64::consts::PI * (y - 1.5)).cos(),
        _ => (std::f64::consts::PI * (y - 2.0)).sin(),
    };
    1f64.copysign(x) * r
}

#[derive(Debug, PartialEq)]
enum Fail {
    Domain,
    Range,
}

fn gamma_of(x: f64) -> Result<f64, Fail> {
    if !x.is_finite() {
        return if x.is_nan() || x > 0.0 {
            Ok(x)
        } else {
            Err(Fail::Domain)
        };
    }
    if x == 0.0 {
        return Err(Fail::Domain);
    }
    if x == x.floor() {
        if x < 0.0 {
            return Err(Fail::Domain);
        }
        if x <= 23.0 {
            // (x-1)!, exact in a double up to 22!.
            return Ok((1..x as u32).fold(1.0, |acc, i| acc * i as f64));
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return if r.is_infinite() {
            Err(Fail::Range)
        } else {
            Ok(r)
        };
    }
    if absx > 200.0 {
        return if x < 0.0 {
            Ok(0.0 / sinpi(x))
        } else {
            Err(Fail::Range)
        };
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    // y - absx, rounded the careful way round for either size of absx.
    let z = if absx > LANCZOS_G_MINUS_HALF {
        (y - absx) - LANCZOS_G_MINUS_HALF
    } else {
        (y - LANCZOS_G_MINUS_HALF) - absx
    };
    let z = z * LANCZOS_G / y;
    let r = if x < 0.0 {
        let mut r = -std::f64::consts::PI / sinpi(absx) / absx * y.exp() / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r / y.powf(absx - 0.5)
        } else {
            let half = y.powf(absx / 2.0 - 0.25);
            r / half / half
        }
    } else {
        let mut r = lanczos_sum(absx) / y.exp();
        r += z * r;
        if absx < 140.0 {
            r * y.powf(absx - 0.5)
        } else {
            let half = y.powf(absx / 2.0 - 0.25);
            r * half * half
        }
    };
    if r.is_infinite() {
        return Err(Fail::Range);
    }
    Ok(r)
}

fn lgamma_of(x: f64) -> Result<f64, Fail> {
    if !x.is_finite() {
        return Ok(x.abs());
    }
    if x == x.floor() && x <= 2.0 {
        return if x <= 0.0 { Err(Fail::Domain) } else { Ok(0.0) };
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return Ok(-absx.ln());
    }
    let mut r = lanczos_sum(absx).ln() - LANCZOS_G;
    r += (absx - 0.5) * ((absx + LANCZOS_G - 0.5).ln() - 1.0);
    if x < 0.0 {
        r = LOG_PI - sinpi(absx).abs().ln() - absx.ln() - r;
    }
    if r.is_infinite() {
        return Err(Fail::Range);
    }
    Ok(r)
}

fn answer(vm: &Vm, r: Result<f64, Fail>) -> PyResult<Value> {
    match r {
        Ok(v) => Ok(Value::Float(v)),
        Err(Fail::Domain) => Err(vm.new_error("ValueError", "math domain error")),
        Err(Fail::Range) => Err(vm.new_error("OverflowError", "math range error")),
    }
}

pub(super) fn gamma(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.gamma", &args, 1, 1)?;
    let x = float_arg(vm, &args.pos[0])?;
    answer(vm, gamma_of(x))
}

pub(super) fn lgamma(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.lgamma", &args, 1, 1)?;
    let x = float_arg(vm, &args.pos[0])?;
    answer(vm, lgamma_of(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gamma_values() {
        assert_eq!(gamma_of(5.0), Ok(24.0));
        assert_eq!(gamma_of(0.5), Ok(1.7724538509055159));
        assert_eq!(gamma_of(-1.0), Err(Fail::Domain));
        assert_eq!(gamma_of(172.0), Err(Fail::Range));
        assert_eq!(lgamma_of(1.0), Ok(0.0));
        assert_eq!(lgamma_of(0.0), Err(Fail::Domain));
    }
}
