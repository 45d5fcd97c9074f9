//! CPython 3.11's text formatting, in pure Rust: `repr(float)`, `repr(str)`,
//! `format(value, spec)` for ints, floats and strs, `%`-formatting and the
//! field syntax of `str.format`.
//!
//! Nothing here knows the interpreter's value type. Where formatting needs an
//! argument's `str()`, `repr()` or number, the caller supplies it through a
//! trait ([`PercentArgs`], [`FormatArgs`]); everything about parsing, widths,
//! signs, rounding and the order in which CPython raises its errors lives
//! here. Each error carries the exception class CPython raises
//! ([`FormatError`]), in CPython's words.
//!
//! The code follows CPython's C sources closely (`Python/pystrtod.c`
//! `format_float_short`, `Python/formatter_unicode.c`,
//! `Objects/unicodeobject.c` `PyUnicode_Format`,
//! `Objects/stringlib/unicode_format.h`): the structure of those functions
//! is kept so that their many corner cases stay right, and the tests compare
//! every case with python3 itself.

mod fields;
mod percent;
mod printable;
mod spec;

pub use fields::{
    format_with, parse_format_string, Accessor, ArgName, Field, FormatArgs, FormatPiece,
};
pub use percent::{percent_format, ArgKind, PercentArgs};
pub use spec::{format_float, format_int, format_str};

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use std::fmt;

/// The exception class CPython raises for a formatting error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A bad spec or a value out of range for it.
    ValueError,
    /// A spec that does not apply to the value's type.
    TypeError,
    /// A number too large for the conversion (`'%c' % 2**32`).
    OverflowError,
    /// A positional field with no argument.
    IndexError,
    /// A named field with no keyword argument.
    KeyError,
    /// For widths and precisions past [`MAX_FIELD_SIZE`].
    MemoryError,
}

/// A formatting error: the exception class and its message, exactly as
/// CPython words it (`str(exc)`; a `KeyError`'s message is the key's repr).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// Which exception to raise.
    pub kind: ErrorKind,
    /// Its message, as `str(exc)` prints it.
    pub message: String,
}

impl FormatError {
    /// An error of class `kind` saying `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        FormatError {
            kind,
            message: message.into(),
        }
    }
    pub(crate) fn value(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ValueError, message)
    }
    pub(crate) fn type_error(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::TypeError, message)
    }
    pub(crate) fn overflow(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::OverflowError, message)
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for FormatError {}

/// The largest width or precision formatted. CPython tries any size and
/// raises MemoryError when the allocation fails; in the browser a failed
/// allocation aborts the whole runner, so larger sizes raise MemoryError
/// up front (CPython's message for it is empty).
pub const MAX_FIELD_SIZE: u64 = 100_000_000;

pub(crate) fn check_field_size(size: Option<u64>) -> Result<(), FormatError> {
    match size {
        Some(n) if n > MAX_FIELD_SIZE => Err(FormatError::new(ErrorKind::MemoryError, "")),
        _ => Ok(()),
    }
}

/// CPython's default `sys.get_int_max_str_digits()`: decimal conversions of
/// longer ints raise ValueError (a guard against quadratic-time DoS).
pub const INT_MAX_STR_DIGITS: usize = 4300;

thread_local! {
    /// The digit limit of the run this thread belongs to (set with the
    /// run's other per-thread state: see `HEAP` in `value.rs`), read here
    /// where formatting has no interpreter at hand.
    pub static INT_DIGITS: std::cell::RefCell<Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>> =
        const { std::cell::RefCell::new(None) };
}

/// This run's `sys.get_int_max_str_digits()` (0: no limit).
pub fn int_max_str_digits() -> usize {
    INT_DIGITS.with(|d| {
        d.borrow().as_ref().map_or(INT_MAX_STR_DIGITS, |a| {
            a.load(std::sync::atomic::Ordering::Relaxed)
        })
    })
}

/// `str(v)` for an int, with CPython's limit on decimal digits.
pub fn int_to_decimal(v: &BigInt) -> Result<String, FormatError> {
    let limit = int_max_str_digits();
    // Decimal digits are about bits × log10(2); only near the limit is the
    // exact count needed, and then the string is made anyway.
    if limit != 0 && v.bits() > (limit as u64) * 3 {
        let s = v.to_str_radix(10);
        if s.trim_start_matches('-').len() > limit {
            return Err(FormatError::value(format!(
                "Exceeds the limit ({limit} digits) for integer string conversion; \
                 use sys.set_int_max_str_digits() to increase the limit"
            )));
        }
        return Ok(s);
    }
    Ok(v.to_str_radix(10))
}

/// `bin(v)`, `oct(v)` and `hex(v)`: `radix` is 2, 8 or 16.
pub fn int_with_prefix(v: &BigInt, radix: u32) -> String {
    let prefix = match radix {
        2 => "0b",
        8 => "0o",
        16 => "0x",
        _ => panic!("int_with_prefix: radix {radix} has no Python prefix"),
    };
    let digits = v.magnitude().to_str_radix(radix);
    let sign = if v.sign() == num_bigint::Sign::Minus {
        "-"
    } else {
        ""
    };
    format!("{sign}{prefix}{digits}")
}

/// `float(v)` for an int: correctly rounded, OverflowError past f64's range.
pub fn int_to_f64(v: &BigInt) -> Result<f64, FormatError> {
    match v.to_f64() {
        Some(x) if x.is_finite() => Ok(x),
        _ => Err(FormatError::overflow("int too large to convert to float")),
    }
}

/// `repr(x)` and `str(x)` of a float: the shortest digits that read back as
/// `x`, in scientific notation below 1e-4 and from 1e16 on.
pub fn float_repr(x: f64) -> String {
    double_to_string(
        x,
        'r',
        0,
        DtoaFlags {
            add_dot_0: true,
            ..DtoaFlags::default()
        },
    )
}

/// The flags of CPython's `PyOS_double_to_string`.
#[derive(Clone, Copy, Default)]
pub(crate) struct DtoaFlags {
    /// Always write a sign (`+` for non-negative numbers).
    pub sign: bool,
    /// Write `1.0`, not `1`, for integral values without an exponent.
    pub add_dot_0: bool,
    /// The `#` alternate form: keep the decimal point and trailing zeros.
    pub alt: bool,
    /// The `z` option: a negative zero after rounding is written as zero.
    pub no_neg_0: bool,
}

/// What Gay's `_Py_dg_dtoa` returns for a finite double: the decimal
/// digits of `|x|` without leading or trailing zeros, and the position of
/// the decimal point (`|x| ≈ 0.DIGITS × 10^decpt`).
struct Digits {
    digits: String,
    decpt: i64,
}

enum DtoaMode {
    /// Mode 0: the shortest digits that round-trip.
    Shortest,
    /// Mode 2: this many significant digits, correctly rounded.
    Significant(usize),
    /// Mode 3: this many digits after the decimal point, correctly rounded.
    Fixed(usize),
}

/// Rust's float formatting is exact and rounds half to even, as dtoa does,
/// so its output is only re-cut into dtoa's shape here.
fn dtoa(x: f64, mode: DtoaMode) -> Digits {
    let x = x.abs();
    let (digits, decpt) = match mode {
        DtoaMode::Shortest => {
            let (d, p) = split_exp(&format!("{x:e}"));
            shortest_tie_to_even(x, d, p)
        }
        DtoaMode::Significant(n) => split_exp(&format!("{:.*e}", n.max(1) - 1, x)),
        DtoaMode::Fixed(n) => {
            let s = format!("{x:.n$}");
            let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
            let all = format!("{int}{frac}");
            let lead = all.len() - all.trim_start_matches('0').len();
            (all[lead..].to_string(), int.len() as i64 - lead as i64)
        }
    };
    let digits = digits.trim_end_matches('0').to_string();
    if digits.is_empty() {
        // Zero, or a value that rounds to zero: dtoa says "0" for a true
        // zero and nothing otherwise; both print the same.
        return Digits {
            digits: if x == 0.0 { "0".into() } else { String::new() },
            decpt: 1,
        };
    }
    Digits { digits, decpt }
}

/// Where the float is exactly halfway between two shortest decimals that
/// both read back as it (`615516896012248.25`: `…248.2` and `…248.3`),
/// Rust's shortest digits take the upper one; Gay's dtoa, and so CPython,
/// the one with the even last digit. `digits` and `decpt` are Rust's
/// answer; the even one is given instead when it is such a tie.
fn shortest_tie_to_even(x: f64, digits: String, decpt: i64) -> (String, i64) {
    let d = digits.trim_end_matches('0');
    let n = d.len();
    let Some(&last) = d.as_bytes().last() else {
        return (digits, decpt);
    };
    let last = last - b'0';
    if last.is_multiple_of(2) || !x.is_finite() {
        return (digits, decpt);
    }
    // The candidates are this many digits apart (1 in the last place);
    // halfway between them is one digit longer, ending in 5.
    let (down, up) = (last - 1, last + 1);
    // Cheap test first: x to one digit more, exactly rounded.
    let (longer, lp) = split_exp(&format!("{:.*e}", n, x));
    if lp != decpt || longer.len() != n + 1 || !longer.ends_with('5') {
        return (digits, decpt);
    }
    let stem = &d[..n - 1];
    let other = if longer[..n] == *format!("{stem}{down}") {
        down
    } else if up <= 9 && longer[..n] == *d {
        up
    } else {
        return (digits, decpt);
    };
    // Exactly halfway? x = mant * 2**e2 against mid * 10**q.
    let bits = x.abs().to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mant, e2) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), biased - 1075)
    };
    let Ok(mid) = longer.parse::<BigInt>() else {
        return (digits, decpt);
    };
    let q = decpt - n as i64 - 1;
    let (mut lhs, mut rhs) = (BigInt::from(mant), mid);
    if e2 >= 0 {
        lhs <<= e2 as usize;
    } else {
        rhs <<= (-e2) as usize;
    }
    let ten = BigInt::from(10);
    if q >= 0 {
        rhs *= num_traits::pow(ten, q as usize);
    } else {
        lhs *= num_traits::pow(ten, (-q) as usize);
    }
    if lhs != rhs {
        return (digits, decpt);
    }
    (format!("{stem}{other}"), decpt)
}

/// Splits Rust's `D.DDDe±X` into (`DDDD`, X + 1).
fn split_exp(s: &str) -> (String, i64) {
    let (mantissa, exp) = s.split_once('e').expect("LowerExp output has an 'e'");
    let exp: i64 = exp.parse().expect("LowerExp exponent is an integer");
    (mantissa.replace('.', ""), exp + 1)
}

/// CPython's `PyOS_double_to_string` (with `format_float_short`): `code` is
/// one of `e E f F g G r`, `precision` as the format spec gives it.
///
/// Longer than most functions here on purpose: it follows the index
/// arithmetic of `format_float_short` step by step, so that it can be read
/// side by side with the C.
pub(crate) fn double_to_string(x: f64, code: char, precision: usize, f: DtoaFlags) -> String {
    let upper = code.is_ascii_uppercase();
    let code = code.to_ascii_lowercase();
    let mut precision = precision as i64;
    let mode = match code {
        'e' => {
            precision += 1;
            DtoaMode::Significant(precision as usize)
        }
        'f' => DtoaMode::Fixed(precision as usize),
        'g' => {
            precision = precision.max(1);
            DtoaMode::Significant(precision as usize)
        }
        _ => DtoaMode::Shortest,
    };
    let mut out = String::new();
    if !x.is_finite() {
        // The sign of a NaN is ignored, as CPython does.
        if x.is_sign_negative() && x.is_infinite() {
            out.push('-');
        } else if f.sign {
            out.push('+');
        }
        let word = if x.is_nan() { "nan" } else { "inf" };
        out.push_str(&if upper {
            word.to_uppercase()
        } else {
            word.into()
        });
        return out;
    }
    let Digits { digits, mut decpt } = dtoa(x, mode);
    let zero = digits.is_empty() || digits == "0";
    if x.is_sign_negative() && !(f.no_neg_0 && zero) {
        out.push('-');
    } else if f.sign {
        out.push('+');
    }
    let len = digits.len() as i64;
    // Output the slice [vstart, vend) of the digits padded with zeros on
    // both sides without end; the decimal point goes before index decpt.
    let mut vend = len;
    let mut use_exp = false;
    match code {
        'e' => {
            use_exp = true;
            vend = precision;
        }
        'f' => vend = decpt + precision,
        'g' => {
            let limit = if f.add_dot_0 {
                precision - 1
            } else {
                precision
            };
            use_exp = decpt <= -4 || decpt > limit;
            if f.alt {
                vend = precision;
            }
        }
        _ => use_exp = decpt <= -4 || decpt > 16,
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vstart = if decpt <= 0 { decpt - 1 } else { 0 };
    let min_end = if !use_exp && f.add_dot_0 {
        decpt + 1
    } else {
        decpt
    };
    let vend = vend.max(min_end);
    let zeros = |out: &mut String, n: i64| out.extend((0..n).map(|_| '0'));
    if decpt <= 0 {
        zeros(&mut out, decpt - vstart);
        out.push('.');
        zeros(&mut out, -decpt);
    } else {
        zeros(&mut out, -vstart);
    }
    if 0 < decpt && decpt <= len {
        out.push_str(&digits[..decpt as usize]);
        out.push('.');
        out.push_str(&digits[decpt as usize..]);
    } else {
        out.push_str(&digits);
    }
    if len < decpt {
        zeros(&mut out, decpt - len);
        out.push('.');
        zeros(&mut out, vend - decpt);
    } else {
        zeros(&mut out, vend - len);
    }
    if out.ends_with('.') && !f.alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push_str(&format!("{exp:+03}"));
    }
    out
}

/// Whether `str.isprintable()` holds for `c` (Unicode 14.0, as Python 3.11).
pub fn is_printable(c: char) -> bool {
    let cp = c as u32;
    if (0x20..0x7f).contains(&cp) {
        return true;
    }
    let ranges = &printable::NOT_PRINTABLE;
    // Index of the first range end >= cp among the pairs.
    let pairs = ranges.len() / 2;
    let (mut lo, mut hi) = (0, pairs);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if ranges[2 * mid + 1] < cp {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    !(lo < pairs && ranges[2 * lo] <= cp)
}

/// `repr(s)` of a str: single quotes unless `s` has a `'` and no `"`;
/// backslash escapes for the quote, `\\`, `\t`, `\n`, `\r`; `\xNN`,
/// `\uNNNN` or `\UNNNNNNNN` for what is not printable.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => push_escape(&mut out, c),
        }
    }
    out.push(quote);
    out
}

/// `ascii(obj)` from `repr(obj)`: every non-ASCII character escaped.
pub fn ascii_escape(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            push_escape(&mut out, c);
        }
    }
    out
}

fn push_escape(out: &mut String, c: char) {
    let cp = c as u32;
    let escaped = if cp <= 0xff {
        format!("\\x{cp:02x}")
    } else if cp <= 0xffff {
        format!("\\u{cp:04x}")
    } else {
        format!("\\U{cp:08x}")
    };
    out.push_str(&escaped);
}
