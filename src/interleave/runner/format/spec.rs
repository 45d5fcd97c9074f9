//! The format-spec mini-language: `format(value, spec)` for int, float and
//! str, after CPython's `Python/formatter_unicode.c`.

use super::{
    check_field_size, double_to_string, int_to_decimal, int_to_f64, DtoaFlags, FormatError,
};
use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

/// Thousands separators asked for by the spec.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Grouping {
    None,
    Comma,
    Underscore,
    /// `_` with `b o x X`: every four digits.
    UnderscoreFour,
}

/// A parsed `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
struct Spec {
    fill: char,
    align: char,
    sign: Option<char>,
    no_neg_0: bool,
    alt: bool,
    width: Option<i64>,
    grouping: Grouping,
    precision: Option<i64>,
    ty: Option<char>,
}

/// `%c`-style rendering of a presentation type in an error message: CPython
/// writes the character only when it is printable ASCII.
fn code_text(c: char) -> String {
    if (c as u32) > 32 && (c as u32) < 128 {
        c.to_string()
    } else {
        format!("\\x{:x}", c as u32)
    }
}

fn unknown_code(ty: char, type_name: &str) -> FormatError {
    FormatError::value(format!(
        "Unknown format code '{}' for object of type '{type_name}'",
        code_text(ty)
    ))
}

/// Reads decimal digits at `*pos` as CPython's `get_integer`: `None` when
/// there are none; an error when the value overflows a Py_ssize_t.
fn read_integer(chars: &[char], pos: &mut usize) -> Result<Option<i64>, FormatError> {
    let start = *pos;
    let mut value: i64 = 0;
    while let Some(d) = chars.get(*pos).and_then(|c| c.to_digit(10)) {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(d)))
            .ok_or_else(|| FormatError::value("Too many decimal digits in format string"))?;
        *pos += 1;
    }
    Ok((*pos > start).then_some(value))
}

/// CPython's `parse_internal_render_format_spec`. `default_align` is `>`
/// for numbers and `<` for strings; it decides what a bare `0` means.
/// One pass over the spec in CPython's order, which fixes which error wins
/// when several parts are wrong; hence one function.
fn parse(
    spec: &str,
    default_type: Option<char>,
    default_align: char,
    type_name: &str,
) -> Result<Spec, FormatError> {
    let chars: Vec<char> = spec.chars().collect();
    let is_align = |c: Option<&char>| matches!(c, Some('<' | '>' | '=' | '^'));
    let mut s = Spec {
        fill: ' ',
        align: default_align,
        sign: None,
        no_neg_0: false,
        alt: false,
        width: None,
        grouping: Grouping::None,
        precision: None,
        ty: default_type,
    };
    let mut pos = 0;
    let (mut fill_given, mut align_given) = (false, false);
    if is_align(chars.get(1)) {
        (s.fill, s.align) = (chars[0], chars[1]);
        (fill_given, align_given) = (true, true);
        pos = 2;
    } else if is_align(chars.first()) {
        s.align = chars[0];
        align_given = true;
        pos = 1;
    }
    if let Some(&c @ ('+' | '-' | ' ')) = chars.get(pos) {
        s.sign = Some(c);
        pos += 1;
    }
    if chars.get(pos) == Some(&'z') {
        s.no_neg_0 = true;
        pos += 1;
    }
    if chars.get(pos) == Some(&'#') {
        s.alt = true;
        pos += 1;
    }
    // A bare 0 before the width means zero padding after the sign, kept
    // for backward compatibility.
    if !fill_given && chars.get(pos) == Some(&'0') {
        s.fill = '0';
        if !align_given && default_align == '>' {
            s.align = '=';
        }
        pos += 1;
    }
    s.width = read_integer(&chars, &mut pos)?;
    let both = || FormatError::value("Cannot specify both ',' and '_'.");
    if chars.get(pos) == Some(&',') {
        s.grouping = Grouping::Comma;
        pos += 1;
    }
    if chars.get(pos) == Some(&'_') {
        if s.grouping != Grouping::None {
            return Err(both());
        }
        s.grouping = Grouping::Underscore;
        pos += 1;
    }
    if chars.get(pos) == Some(&',') && s.grouping == Grouping::Underscore {
        return Err(both());
    }
    if chars.get(pos) == Some(&'.') {
        pos += 1;
        s.precision = read_integer(&chars, &mut pos)?;
        if s.precision.is_none() {
            return Err(FormatError::value("Format specifier missing precision"));
        }
    }
    match &chars[pos..] {
        [] => {}
        [c] => s.ty = Some(*c),
        _ => {
            return Err(FormatError::value(format!(
                "Invalid format specifier '{spec}' for object of type '{type_name}'"
            )))
        }
    }
    check_grouping(&mut s)?;
    Ok(s)
}

/// Thousands separators go with decimal and float types (PEP 378), and `_`
/// also with the power-of-two bases, every four digits (PEP 515).
fn check_grouping(s: &mut Spec) -> Result<(), FormatError> {
    if s.grouping == Grouping::None {
        return Ok(());
    }
    match s.ty {
        None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => Ok(()),
        Some('b' | 'o' | 'x' | 'X') if s.grouping == Grouping::Underscore => {
            s.grouping = Grouping::UnderscoreFour;
            Ok(())
        }
        Some(ty) => {
            let sep = if s.grouping == Grouping::Comma {
                ','
            } else {
                '_'
            };
            Err(FormatError::value(format!(
                "Cannot specify '{sep}' with '{}'.",
                code_text(ty)
            )))
        }
    }
}

/// A number split the way `fill_number` lays it out:
/// `<sign><prefix><digits>[.]<remainder>`, with padding around.
struct NumberParts<'a> {
    negative: bool,
    prefix: &'a str,
    digits: &'a str,
    decimal: bool,
    remainder: &'a str,
}

/// CPython's `calc_number_widths` and `fill_number` in one.
fn fill_number(n: &NumberParts, s: &Spec) -> String {
    let sign = match (s.sign, n.negative) {
        (_, true) => Some('-'),
        (Some('+'), false) => Some('+'),
        (Some(' '), false) => Some(' '),
        _ => None,
    };
    let non_digits = i64::from(sign.is_some())
        + n.prefix.len() as i64
        + i64::from(n.decimal)
        + n.remainder.chars().count() as i64;
    let width = s.width.unwrap_or(-1);
    // Zero padding goes *into* the digits, so that it is grouped too:
    // format(1234, '08,') is '0,001,234'.
    let min_width = if s.fill == '0' && s.align == '=' {
        width - non_digits
    } else {
        0
    };
    let separator = match s.grouping {
        Grouping::Comma => Some((',', 3)),
        Grouping::Underscore => Some(('_', 3)),
        Grouping::UnderscoreFour => Some(('_', 4)),
        Grouping::None => None,
    };
    let grouped = if n.digits.is_empty() {
        String::new()
    } else {
        group_digits(n.digits, min_width, separator)
    };
    let padding = (width - non_digits - grouped.chars().count() as i64).max(0) as usize;
    let (left, inner, right) = match s.align {
        '<' => (0, 0, padding),
        '^' => (padding / 2, 0, padding - padding / 2),
        '=' => (0, padding, 0),
        _ => (padding, 0, 0),
    };
    let mut out = String::new();
    let pad = |out: &mut String, k: usize| out.extend(std::iter::repeat_n(s.fill, k));
    pad(&mut out, left);
    out.extend(sign);
    out.push_str(n.prefix);
    pad(&mut out, inner);
    out.push_str(&grouped);
    if n.decimal {
        out.push('.');
    }
    out.push_str(n.remainder);
    pad(&mut out, right);
    out
}

/// CPython's `_PyUnicode_InsertThousandsGrouping`: inserts separators from
/// the right and pads with zeros (inside the groups) up to `min_width`.
fn group_digits(digits: &str, min_width: i64, separator: Option<(char, usize)>) -> String {
    let digits: Vec<char> = digits.chars().collect();
    let mut remaining = digits.len() as i64;
    let mut min_width = min_width.max(0);
    // Built right to left, reversed at the end.
    let mut out: Vec<char> = Vec::new();
    let emit = |out: &mut Vec<char>, len: i64, remaining: i64, sep: Option<char>| {
        out.extend(sep);
        let chars = remaining.min(len).max(0);
        let end = remaining as usize;
        out.extend(digits[end - chars as usize..end].iter().rev());
        out.extend((0..(len - remaining).max(0)).map(|_| '0'));
        chars
    };
    let mut use_sep = None;
    if let Some((sep, size)) = separator {
        loop {
            let len = (size as i64).min(remaining.max(min_width).max(1));
            remaining -= emit(&mut out, len, remaining, use_sep);
            use_sep = Some(sep);
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                out.reverse();
                return out.into_iter().collect();
            }
            min_width -= 1;
        }
    }
    let len = remaining.max(min_width).max(1);
    emit(&mut out, len, remaining, use_sep);
    out.reverse();
    out.into_iter().collect()
}

/// `format(v, spec)` for an int (and a bool, whose non-empty specs format
/// it as an int). Float presentation types convert it to float first.
pub fn format_int(v: &BigInt, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return int_to_decimal(v);
    }
    let s = parse(spec, Some('d'), '>', "int")?;
    match s.ty {
        Some('b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n') => format_long(v, &s),
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => format_double(int_to_f64(v)?, &s),
        ty => Err(unknown_code(ty.unwrap_or('\0'), "int")),
    }
}

/// Refuses sizes that could not be allocated (see `MAX_FIELD_SIZE`).
fn check_sizes(s: &Spec) -> Result<(), FormatError> {
    check_field_size(s.width.map(|w| w as u64))?;
    check_field_size(s.precision.map(|p| p as u64))
}

/// CPython's `format_long_internal`.
fn format_long(v: &BigInt, s: &Spec) -> Result<String, FormatError> {
    if s.precision.is_some() {
        return Err(FormatError::value(
            "Precision not allowed in integer format specifier",
        ));
    }
    if s.no_neg_0 {
        return Err(FormatError::value(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    check_sizes(s)?;
    if s.ty == Some('c') {
        if s.sign.is_some() {
            return Err(FormatError::value(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if s.alt {
            return Err(FormatError::value(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        // PyLong_AsLong first, which has its own overflow message.
        let code = v
            .to_i64()
            .ok_or_else(|| FormatError::overflow("Python int too large to convert to C long"))?;
        let c = u32::try_from(code)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| FormatError::overflow("%c arg not in range(0x110000)"))?;
        let text = c.to_string();
        // As in CPython, the character is "remainder", not digits: it is
        // neither grouped nor zero-padded from within.
        let parts = NumberParts {
            negative: false,
            prefix: "",
            digits: "",
            decimal: false,
            remainder: &text,
        };
        return Ok(fill_number(&parts, s));
    }
    let (radix, prefix) = match s.ty {
        Some('b') => (2, "0b"),
        Some('o') => (8, "0o"),
        Some('x') => (16, "0x"),
        Some('X') => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = if radix == 10 {
        int_to_decimal(v)?.trim_start_matches('-').to_string()
    } else {
        v.magnitude().to_str_radix(radix)
    };
    if s.ty == Some('X') {
        digits.make_ascii_uppercase();
    }
    let parts = NumberParts {
        negative: v.sign() == Sign::Minus,
        prefix: if s.alt { prefix } else { "" },
        digits: &digits,
        decimal: false,
        remainder: "",
    };
    // 'n' groups by the locale's rules; in the C locale, not at all.
    Ok(fill_number(&parts, s))
}

/// `format(x, spec)` for a float. The empty spec is `repr(x)`.
pub fn format_float(x: f64, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(super::float_repr(x));
    }
    let s = parse(spec, None, '>', "float")?;
    match s.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => format_double(x, &s),
        Some(ty) => Err(unknown_code(ty, "float")),
    }
}

/// CPython's `format_float_internal`.
fn format_double(x: f64, s: &Spec) -> Result<String, FormatError> {
    if s.precision.is_some_and(|p| p > i64::from(i32::MAX)) {
        return Err(FormatError::value("precision too big"));
    }
    check_sizes(s)?;
    let mut flags = DtoaFlags {
        alt: s.alt,
        no_neg_0: s.no_neg_0,
        ..DtoaFlags::default()
    };
    let mut x = x;
    let mut percent = false;
    let (mut code, default_precision) = match s.ty {
        // No type: like repr() without a precision, else like 'g' with at
        // least one digit after the point.
        None => {
            flags.add_dot_0 = true;
            ('r', 0)
        }
        Some('n') => ('g', 6),
        Some('%') => {
            x *= 100.0;
            percent = true;
            ('f', 6)
        }
        Some(c) => (c, 6),
    };
    let precision = match s.precision {
        None => default_precision,
        Some(p) => {
            if code == 'r' {
                code = 'g';
            }
            p as usize
        }
    };
    let mut text = double_to_string(x, code, precision, flags);
    if percent {
        text.push('%');
    }
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let n_digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (digits, rest) = body.split_at(n_digits);
    let (decimal, remainder) = match rest.strip_prefix('.') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let parts = NumberParts {
        negative,
        prefix: "",
        digits,
        decimal,
        remainder,
    };
    Ok(fill_number(&parts, s))
}

/// `format(s, spec)` for a str.
pub fn format_str(text: &str, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(text.to_string());
    }
    let s = parse(spec, Some('s'), '<', "str")?;
    match s.ty {
        Some('s') => {}
        ty => return Err(unknown_code(ty.unwrap_or('\0'), "str")),
    }
    let refuse = |what: &str| Err(FormatError::value(what.to_string()));
    match s.sign {
        Some(' ') => return refuse("Space not allowed in string format specifier"),
        Some(_) => return refuse("Sign not allowed in string format specifier"),
        None => {}
    }
    if s.no_neg_0 {
        return refuse("Negative zero coercion (z) not allowed in string format specifier");
    }
    if s.alt {
        return refuse("Alternate form (#) not allowed in string format specifier");
    }
    if s.align == '=' {
        return refuse("'=' alignment not allowed in string format specifier");
    }
    check_field_size(s.width.map(|w| w as u64))?;
    let mut len = text.chars().count();
    let shown: &str = match s.precision {
        Some(p) if (p as u64) < len as u64 => {
            len = p as usize;
            let end = text.char_indices().nth(len).map_or(text.len(), |(i, _)| i);
            &text[..end]
        }
        _ => text,
    };
    let total = s.width.map_or(len, |w| len.max(w as usize));
    let left = match s.align {
        '>' => total - len,
        '^' => (total - len) / 2,
        _ => 0,
    };
    let mut out = String::new();
    out.extend(std::iter::repeat_n(s.fill, left));
    out.push_str(shown);
    out.extend(std::iter::repeat_n(s.fill, total - len - left));
    Ok(out)
}
