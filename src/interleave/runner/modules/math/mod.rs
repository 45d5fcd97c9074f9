//! `math`: the functions the tutorials' CPU-bound loops call, and the
//! rest of CPython's `math` that numerics and statistics lessons use
//! (`ints.rs`: exact integer functions; `floats.rs`: exact float
//! manipulation; `special.rs`: gamma functions).

mod floats;
mod ints;
mod special;

use floats::{copysign, dist, fmod, frexp, fsum, hypot, ldexp, modf, nextafter, remainder, ulp};
use ints::{comb, factorial, gcd, isqrt, lcm, perm};
use special::{gamma, lgamma};

use crate::interleave::runner::builtins::functions::arity;
use crate::interleave::runner::ops::{to_big, to_f64};
use crate::interleave::runner::value::{Args, NativeFn, UnaryFn, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

/// A function of one float: `$name` takes the call's [`Args`], `$one`
/// the one argument itself (the entry `math.sin(x)` is called through:
/// see [`UnaryFn`]).
macro_rules! unary {
    ($name:ident, $one:ident, $f:expr) => {
        unary!($name, $one, $f, Check::Range);
    };
    // `$check`: what a NaN or infinite result from a finite argument
    // raises (see [`Check`]).
    ($name:ident, $one:ident, $f:expr, $check:expr) => {
        fn $name(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
            arity(vm, concat!("math.", stringify!($name)), &args, 1, 1)?;
            $one(vm, &args.pos[0])
        }

        fn $one(vm: &mut Vm, x: &Value) -> PyResult<Value> {
            let x = float_arg(vm, x)?;
            let r: f64 = $f(x);
            let check: Check = $check;
            if check != Check::Off && r.is_nan() && !x.is_nan() {
                return Err(vm.new_error("ValueError", "math domain error"));
            }
            if r.is_infinite() && x.is_finite() {
                match check {
                    Check::Off => {}
                    Check::Range => return Err(vm.new_error("OverflowError", "math range error")),
                    Check::Pole => return Err(vm.new_error("ValueError", "math domain error")),
                }
            }
            Ok(Value::Float(r))
        }
    };
}

/// Natively, the C library's own functions: CPython calls them, and the
/// `libm` crate's differ from glibc's in the last bit for some arguments.
/// In wasm there is no C library: the `libm` crate stands in.
mod clib {
    #[cfg(not(target_arch = "wasm32"))]
    mod sys {
        extern "C" {
            pub fn expm1(x: f64) -> f64;
            pub fn log1p(x: f64) -> f64;
            // Rust's compiler-builtins defines a `cbrt` of its own that
            // the linker picks first; glibc's also answers to `cbrtf64`.
            #[cfg_attr(all(target_os = "linux", target_env = "gnu"), link_name = "cbrtf64")]
            pub fn cbrt(x: f64) -> f64;
            pub fn exp2(x: f64) -> f64;
            pub fn acosh(x: f64) -> f64;
            pub fn asinh(x: f64) -> f64;
            pub fn atanh(x: f64) -> f64;
            pub fn erf(x: f64) -> f64;
            pub fn erfc(x: f64) -> f64;
        }
    }

    macro_rules! pick {
        ($($n:ident),*) => {$(
            #[cfg(not(target_arch = "wasm32"))]
            pub fn $n(x: f64) -> f64 {
                // SAFETY: a pure C function of one double, linked with std.
                unsafe { sys::$n(x) }
            }
            #[cfg(target_arch = "wasm32")]
            pub use libm::$n;
        )*};
    }

    pick!(expm1, log1p, cbrt, exp2, acosh, asinh, atanh, erf, erfc);
}

/// What a function of one float raises for a NaN or infinite result from
/// a finite argument: nothing (`degrees(1e308)` is inf), a range error
/// for overflow (`exp(1000)`), or a domain error for a pole (`atanh(1)`).
#[derive(Clone, Copy, PartialEq)]
enum Check {
    Off,
    Range,
    Pole,
}

/// A logarithm, NaN (a domain error) at 0 as below it, as CPython's.
fn log_domain(f: fn(f64) -> f64) -> impl Fn(f64) -> f64 {
    move |x| if x == 0.0 { f64::NAN } else { f(x) }
}

#[inline]
pub(super) fn float_arg(vm: &Vm, v: &Value) -> PyResult<f64> {
    to_f64(v).ok_or_else(|| {
        vm.new_error(
            "TypeError",
            format!("must be real number, not {}", vm.type_name(v)),
        )
    })
}

unary!(sin, sin1, f64::sin);
unary!(cos, cos1, f64::cos);
unary!(tan, tan1, f64::tan);
unary!(asin, asin1, f64::asin);
unary!(acos, acos1, f64::acos);
unary!(atan, atan1, f64::atan);
unary!(exp, exp1, f64::exp);
unary!(fabs, fabs1, f64::abs);
unary!(log10, log101, log_domain(f64::log10));
unary!(log2, log21, log_domain(f64::log2));
unary!(radians, radians1, f64::to_radians, Check::Off);
unary!(degrees, degrees1, f64::to_degrees, Check::Off);
unary!(sinh, sinh1, f64::sinh);
unary!(cosh, cosh1, f64::cosh);
unary!(tanh, tanh1, f64::tanh);
// The C library's functions, which CPython calls too (see [`clib`]).
unary!(expm1, expm11, clib::expm1);
unary!(log1p, log1p1, clib::log1p, Check::Pole);
unary!(cbrt, cbrt1, clib::cbrt);
unary!(exp2, exp21, clib::exp2);
unary!(acosh, acosh1, clib::acosh);
unary!(asinh, asinh1, clib::asinh);
unary!(atanh, atanh1, clib::atanh, Check::Pole);
unary!(erf, erf1, clib::erf);
unary!(erfc, erfc1, clib::erfc);

fn sqrt(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.sqrt", &args, 1, 1)?;
    sqrt1(vm, &args.pos[0])
}

fn sqrt1(vm: &mut Vm, x: &Value) -> PyResult<Value> {
    let x = float_arg(vm, x)?;
    if x < 0.0 {
        return Err(vm.new_error("ValueError", "math domain error"));
    }
    Ok(Value::Float(x.sqrt()))
}

fn log(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "log", &args, 1, 2)?;
    let x = float_arg(vm, &args.pos[0])?;
    if x <= 0.0 {
        return Err(vm.new_error("ValueError", "math domain error"));
    }
    match args.pos.get(1) {
        Some(b) => {
            let b = float_arg(vm, b)?;
            if b <= 0.0 || b == 1.0 {
                return Err(vm.new_error("ValueError", "math domain error"));
            }
            Ok(Value::Float(x.ln() / b.ln()))
        }
        None => Ok(Value::Float(x.ln())),
    }
}

fn pow(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "pow", &args, 2, 2)?;
    let (x, y) = (float_arg(vm, &args.pos[0])?, float_arg(vm, &args.pos[1])?);
    let r = x.powf(y);
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(vm.new_error("ValueError", "math domain error"));
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(vm.new_error("OverflowError", "math range error"));
    }
    Ok(Value::Float(r))
}

fn atan2(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "atan2", &args, 2, 2)?;
    Ok(Value::Float(
        float_arg(vm, &args.pos[0])?.atan2(float_arg(vm, &args.pos[1])?),
    ))
}

fn to_int(vm: &mut Vm, x: f64) -> PyResult<Value> {
    crate::interleave::runner::builtins::construct(vm, "int", Args::new(vec![Value::Float(x)]))
}

fn floor(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.floor", &args, 1, 1)?;
    if to_big(&args.pos[0]).is_some() {
        return Ok(args.pos[0].clone());
    }
    let x = float_arg(vm, &args.pos[0])?;
    to_int(vm, x.floor())
}

fn ceil(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.ceil", &args, 1, 1)?;
    if to_big(&args.pos[0]).is_some() {
        return Ok(args.pos[0].clone());
    }
    let x = float_arg(vm, &args.pos[0])?;
    to_int(vm, x.ceil())
}

fn trunc(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.trunc", &args, 1, 1)?;
    if to_big(&args.pos[0]).is_some() {
        return Ok(args.pos[0].clone());
    }
    let x = float_arg(vm, &args.pos[0])?;
    to_int(vm, x.trunc())
}

/// `math`'s functions that take keywords (see `builtins::keywords`).
pub const KEYWORDS: &[crate::interleave::runner::builtins::keywords::Takes] =
    &[(isclose, "isclose", &["rel_tol", "abs_tol"])];

fn isclose(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "isclose", &args, 2, 2)?;
    let (a, b) = (float_arg(vm, &args.pos[0])?, float_arg(vm, &args.pos[1])?);
    let kw = |n: &str, d: f64| {
        crate::interleave::runner::builtins::functions::kwarg(&args, n)
            .and_then(|v| to_f64(&v))
            .unwrap_or(d)
    };
    let (rel, abs) = (kw("rel_tol", 1e-9), kw("abs_tol", 0.0));
    if a == b {
        return Ok(Value::Bool(true));
    }
    let diff = (a - b).abs();
    Ok(Value::Bool(
        diff <= (rel * b.abs()).max(rel * a.abs()) || diff <= abs,
    ))
}

fn isnan(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.isnan", &args, 1, 1)?;
    Ok(Value::Bool(float_arg(vm, &args.pos[0])?.is_nan()))
}

fn isinf(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.isinf", &args, 1, 1)?;
    Ok(Value::Bool(float_arg(vm, &args.pos[0])?.is_infinite()))
}

fn isfinite(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "math.isfinite", &args, 1, 1)?;
    Ok(Value::Bool(float_arg(vm, &args.pos[0])?.is_finite()))
}

fn prod(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "prod", &args, 1, 1)?;
    let mut acc = Value::Int(1);
    for x in vm.collect(&args.pos[0])? {
        acc = vm.binary_op(crate::interleave::ast::BinOp::Mul, &acc, &x)?;
    }
    Ok(acc)
}

pub fn module(run: &crate::interleave::runner::obj::Immortals) -> Value {
    const F: &[(&str, NativeFn)] = &[
        ("sqrt", sqrt),
        ("sin", sin),
        ("cos", cos),
        ("tan", tan),
        ("asin", asin),
        ("acos", acos),
        ("atan", atan),
        ("atan2", atan2),
        ("exp", exp),
        ("log", log),
        ("log10", log10),
        ("log2", log2),
        ("pow", pow),
        ("fabs", fabs),
        ("floor", floor),
        ("ceil", ceil),
        ("trunc", trunc),
        ("factorial", factorial),
        ("gcd", gcd),
        ("isqrt", isqrt),
        ("isclose", isclose),
        ("isnan", isnan),
        ("isinf", isinf),
        ("isfinite", isfinite),
        ("hypot", hypot),
        ("radians", radians),
        ("degrees", degrees),
        ("prod", prod),
        ("fsum", fsum),
        ("sinh", sinh),
        ("cosh", cosh),
        ("tanh", tanh),
        ("expm1", expm1),
        ("log1p", log1p),
        ("cbrt", cbrt),
        ("exp2", exp2),
        ("acosh", acosh),
        ("asinh", asinh),
        ("atanh", atanh),
        ("erf", erf),
        ("erfc", erfc),
        ("gamma", gamma),
        ("lgamma", lgamma),
        ("comb", comb),
        ("perm", perm),
        ("lcm", lcm),
        ("frexp", frexp),
        ("ldexp", ldexp),
        ("modf", modf),
        ("fmod", fmod),
        ("copysign", copysign),
        ("remainder", remainder),
        ("ulp", ulp),
        ("nextafter", nextafter),
        ("dist", dist),
    ];
    /// The one-argument entries (the functions of one float).
    const ONE: &[(&str, UnaryFn)] = &[
        ("sqrt", sqrt1),
        ("sin", sin1),
        ("cos", cos1),
        ("tan", tan1),
        ("asin", asin1),
        ("acos", acos1),
        ("atan", atan1),
        ("exp", exp1),
        ("log10", log101),
        ("log2", log21),
        ("fabs", fabs1),
        ("radians", radians1),
        ("degrees", degrees1),
        ("sinh", sinh1),
        ("cosh", cosh1),
        ("tanh", tanh1),
        ("expm1", expm11),
        ("log1p", log1p1),
        ("cbrt", cbrt1),
        ("exp2", exp21),
        ("acosh", acosh1),
        ("asinh", asinh1),
        ("atanh", atanh1),
        ("erf", erf1),
        ("erfc", erfc1),
    ];
    super::native_module_unary(
        "math",
        F,
        ONE,
        vec![
            ("pi", Value::Float(std::f64::consts::PI)),
            ("e", Value::Float(std::f64::consts::E)),
            ("tau", Value::Float(std::f64::consts::TAU)),
            ("inf", Value::Float(f64::INFINITY)),
            ("nan", Value::Float(f64::NAN)),
        ],
        run,
    )
}
