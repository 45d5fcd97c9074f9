//! `template % args`, after CPython 3.11's `PyUnicode_Format`.

use super::{
    ascii_escape, check_field_size, double_to_string, int_to_decimal, int_to_f64, DtoaFlags,
    FormatError,
};
use num_bigint::{BigInt, Sign};
use num_traits::{FromPrimitive, ToPrimitive};

/// What a `%d`, `%x`, `%f` or `%c` conversion needs to know about a value.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgKind {
    /// An int (or a bool: `'%d' % True == '1'`).
    Int(BigInt),
    /// A float.
    Float(f64),
    /// A str: only `%c` looks at it (a str of one character).
    Str(String),
    /// Anything else, by its type name for the TypeError messages.
    Other(String),
}

/// The right operand of `%`, as the formatter asks for it. The formatter
/// decides which argument each conversion takes, in CPython's order, and
/// asks for only what that conversion needs: `str()` for `%s`, `repr()`
/// for `%r` and `%a`, [`ArgKind`] for the numeric ones.
pub trait PercentArgs {
    /// The interpreter's handle on one value.
    type Value;
    /// The interpreter's exception: errors from `str()`, `repr()` and
    /// mapping lookups pass through unchanged.
    type Error: From<FormatError>;
    /// `Some(n)` when the operand is a tuple of `n` items; `None` when it
    /// is any single value (which is then the one argument).
    fn tuple_len(&self) -> Option<usize>;
    /// Whether the operand is a mapping (CPython: has `__getitem__` and is
    /// neither a tuple nor a str), which `%(key)s` needs.
    fn is_mapping(&self) -> bool;
    /// The operand itself, when it is not a tuple.
    fn operand(&mut self) -> Self::Value;
    /// Item `index` of the tuple operand (`index < tuple_len`).
    fn item(&mut self, index: usize) -> Self::Value;
    /// `operand[key]` for `%(key)s` (a KeyError is the caller's to raise).
    fn lookup(&mut self, key: &str) -> Result<Self::Value, Self::Error>;
    /// What a numeric conversion needs to know about `value`.
    fn kind(&mut self, value: &Self::Value) -> ArgKind;
    /// `str(value)`, for `%s`.
    fn str(&mut self, value: &Self::Value) -> Result<String, Self::Error>;
    /// `repr(value)`, for `%r` and `%a`.
    fn repr(&mut self, value: &Self::Value) -> Result<String, Self::Error>;
}

/// One `%` conversion's flags, width, precision and type.
#[derive(Default)]
struct Conv {
    ljust: bool,
    sign: bool,
    blank: bool,
    alt: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
    ch: char,
}

/// The formatter's state: CPython's `arglen`/`argidx` pair, where a
/// negative `arglen` means "the single current value".
struct Cursor<V> {
    arglen: i64,
    argidx: i64,
    mapping: bool,
    /// The value of the last `%(key)`, which replaces the operand.
    keyed: Option<V>,
}

impl<V> Cursor<V> {
    fn next<A: PercentArgs<Value = V>>(&mut self, args: &mut A) -> Result<V, A::Error> {
        if self.argidx >= self.arglen {
            return Err(FormatError::type_error("not enough arguments for format string").into());
        }
        let index = self.argidx;
        self.argidx += 1;
        if self.arglen >= 0 {
            return Ok(args.item(index as usize));
        }
        Ok(match self.keyed.take() {
            Some(v) => v,
            None => args.operand(),
        })
    }
}

/// `template % args`. Supports `%[(key)][flags][width|*][.precision|*]type`
/// with flags `-+ #0`, the ignored length modifiers `h l L`, and the types
/// `s r a d i u o x X e E f F g G c %`.
pub fn percent_format<A: PercentArgs>(template: &str, args: &mut A) -> Result<String, A::Error> {
    let chars: Vec<char> = template.chars().collect();
    let (arglen, argidx) = match args.tuple_len() {
        Some(n) => (n as i64, 0),
        None => (-1, -2),
    };
    let mut cur = Cursor {
        arglen,
        argidx,
        mapping: args.tuple_len().is_none() && args.is_mapping(),
        keyed: None,
    };
    let mut out = String::with_capacity(template.len());
    let mut pos = 0;
    while pos < chars.len() {
        if chars[pos] != '%' {
            out.push(chars[pos]);
            pos += 1;
            continue;
        }
        pos += 1;
        if chars.get(pos) == Some(&'%') {
            out.push('%');
            pos += 1;
            continue;
        }
        let conv = parse_conversion(&chars, &mut pos, &mut cur, args)?;
        let value = cur.next(args)?;
        if "sradiuoxXeEfFgGc".contains(conv.ch) {
            check_field_size(conv.width.map(|w| w as u64))?;
            check_field_size(conv.prec.map(|p| p as u64))?;
        }
        let (text, numeric) = convert(&conv, &value, args, pos - 1)?;
        write_padded(&mut out, &conv, &text, numeric);
    }
    if cur.argidx < cur.arglen && !cur.mapping {
        return Err(FormatError::type_error(
            "not all arguments converted during string formatting",
        )
        .into());
    }
    Ok(out)
}

/// Reads a `*` argument as a width or precision.
fn star_arg<A: PercentArgs>(cur: &mut Cursor<A::Value>, args: &mut A) -> Result<i64, A::Error> {
    let v = cur.next(args)?;
    match args.kind(&v) {
        // Beyond a C int/ssize_t CPython raises OverflowError; such a
        // width could not be allocated anyway.
        ArgKind::Int(i) => i.to_i64().ok_or_else(|| {
            FormatError::overflow("Python int too large to convert to C ssize_t").into()
        }),
        _ => Err(FormatError::type_error("* wants int").into()),
    }
}

/// Reads the template one character at a time as CPython does: `ch` is the
/// last character read, and `exhausted` stands for CPython's `fmtcnt < 0`
/// (a read ran off the end and `ch` kept its value).
struct Reader<'a> {
    chars: &'a [char],
    pos: usize,
    ch: char,
    exhausted: bool,
}

impl Reader<'_> {
    fn advance(&mut self) {
        match self.chars.get(self.pos) {
            Some(&c) => {
                self.ch = c;
                self.pos += 1;
            }
            None => self.exhausted = true,
        }
    }

    /// Whether `ch` is a fresh character satisfying `f`.
    fn is(&self, f: impl Fn(char) -> bool) -> bool {
        !self.exhausted && f(self.ch)
    }

    /// Reads a width or precision whose first digit is `ch`, leaving the
    /// first non-digit in `ch`. `limit` is CPython's: a Py_ssize_t width,
    /// a C int precision.
    fn number(&mut self, limit: u64, too_big: &str) -> Result<usize, FormatError> {
        let mut n = u64::from(self.ch.to_digit(10).unwrap_or(0));
        loop {
            self.advance();
            let Some(d) = self.ch.to_digit(10).filter(|_| !self.exhausted) else {
                return Ok(n as usize);
            };
            if n > (limit - u64::from(d)) / 10 || n * 10 + u64::from(d) > usize::MAX as u64 {
                return Err(FormatError::value(too_big));
            }
            n = n * 10 + u64::from(d);
        }
    }
}

/// Parses what follows a `%` up to and including the type character, which
/// is at `*pos - 1` afterwards. Mapping lookups and `*` arguments happen
/// here, in CPython's order.
fn parse_conversion<A: PercentArgs>(
    chars: &[char],
    pos: &mut usize,
    cur: &mut Cursor<A::Value>,
    args: &mut A,
) -> Result<Conv, A::Error> {
    let mut conv = Conv::default();
    if chars.get(*pos) == Some(&'(') {
        if !cur.mapping {
            return Err(FormatError::type_error("format requires a mapping").into());
        }
        *pos += 1;
        let start = *pos;
        let mut depth = 1;
        while depth > 0 {
            match chars.get(*pos) {
                None => return Err(FormatError::value("incomplete format key").into()),
                Some(')') => depth -= 1,
                Some('(') => depth += 1,
                Some(_) => {}
            }
            *pos += 1;
        }
        let key: String = chars[start..*pos - 1].iter().collect();
        cur.keyed = Some(args.lookup(&key)?);
        (cur.arglen, cur.argidx) = (-1, -2);
    }
    let mut r = Reader {
        chars,
        pos: *pos,
        ch: '%',
        exhausted: false,
    };
    loop {
        r.advance();
        match r.ch {
            _ if r.exhausted => break,
            '-' => conv.ljust = true,
            '+' => conv.sign = true,
            ' ' => conv.blank = true,
            '#' => conv.alt = true,
            '0' => conv.zero = true,
            _ => break,
        }
    }
    if r.is(|c| c == '*') {
        let w = star_arg(cur, args)?;
        conv.ljust |= w < 0;
        conv.width = Some(w.unsigned_abs() as usize);
        r.advance();
    } else if r.is(|c| c.is_ascii_digit()) {
        conv.width = Some(r.number(i64::MAX as u64, "width too big")?);
    }
    if r.is(|c| c == '.') {
        conv.prec = Some(0);
        r.advance();
        if r.is(|c| c == '*') {
            conv.prec = Some(star_arg(cur, args)?.max(0) as usize);
            r.advance();
        } else if r.is(|c| c.is_ascii_digit()) {
            conv.prec = Some(r.number(i32::MAX as u64, "precision too big")?);
        }
    }
    if r.is(|c| matches!(c, 'h' | 'l' | 'L')) {
        r.advance();
    }
    if r.exhausted {
        return Err(FormatError::value("incomplete format").into());
    }
    conv.ch = r.ch;
    *pos = r.pos;
    Ok(conv)
}

/// Converts one argument; `index` is the type character's position, for
/// the "unsupported format character" message. The flag says whether the
/// result is a number, whose sign the padding treats apart.
fn convert<A: PercentArgs>(
    conv: &Conv,
    v: &A::Value,
    args: &mut A,
    index: usize,
) -> Result<(String, bool), A::Error> {
    let text = match conv.ch {
        's' => args.str(v)?,
        'r' => args.repr(v)?,
        'a' => ascii_escape(&args.repr(v)?),
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => return Ok((format_long(conv, args.kind(v))?, true)),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let x = match args.kind(v) {
                ArgKind::Int(i) => int_to_f64(&i)?,
                ArgKind::Float(x) => x,
                ArgKind::Str(_) => return Err(real_required("str").into()),
                ArgKind::Other(t) => return Err(real_required(&t).into()),
            };
            let flags = DtoaFlags {
                alt: conv.alt,
                ..DtoaFlags::default()
            };
            return Ok((
                double_to_string(x, conv.ch, conv.prec.unwrap_or(6), flags),
                true,
            ));
        }
        'c' => {
            let c = match args.kind(v) {
                ArgKind::Int(i) => i
                    .to_u32()
                    .and_then(char::from_u32)
                    .ok_or_else(|| FormatError::overflow("%c arg not in range(0x110000)"))?,
                ArgKind::Str(s) if s.chars().count() == 1 => s.chars().next().unwrap_or(' '),
                _ => return Err(FormatError::type_error("%c requires int or char").into()),
            };
            c.to_string()
        }
        c => {
            let shown = if ('\x1f'..='~').contains(&c) { c } else { '?' };
            return Err(FormatError::value(format!(
                "unsupported format character '{shown}' (0x{:x}) at index {index}",
                c as u32
            ))
            .into());
        }
    };
    Ok((text, false))
}

fn real_required(type_name: &str) -> FormatError {
    FormatError::type_error(format!("must be real number, not {type_name}"))
}

/// CPython's `mainformatlong` and `_PyUnicode_FormatLong`.
fn format_long(conv: &Conv, kind: ArgKind) -> Result<String, FormatError> {
    let ty = conv.ch;
    let wants_index = matches!(ty, 'o' | 'x' | 'X');
    let wrong_type = |name: &str| {
        let need = if wants_index {
            "an integer"
        } else {
            "a real number"
        };
        FormatError::type_error(format!("%{ty} format: {need} is required, not {name}"))
    };
    let v = match kind {
        ArgKind::Int(i) => i,
        ArgKind::Float(_) if wants_index => return Err(wrong_type("float")),
        ArgKind::Float(x) if x.is_nan() => {
            return Err(FormatError::value("cannot convert float NaN to integer"))
        }
        ArgKind::Float(x) if x.is_infinite() => {
            return Err(FormatError::overflow(
                "cannot convert float infinity to integer",
            ))
        }
        ArgKind::Float(x) => BigInt::from_f64(x.trunc()).unwrap_or_default(),
        ArgKind::Str(_) => return Err(wrong_type("str")),
        ArgKind::Other(t) => return Err(wrong_type(&t)),
    };
    let (mut digits, prefix) = match ty {
        'o' => (v.magnitude().to_str_radix(8), "0o"),
        'x' | 'X' => (v.magnitude().to_str_radix(16), "0x"),
        _ => (int_to_decimal(&v)?.trim_start_matches('-').to_string(), ""),
    };
    if let Some(p) = conv.prec {
        if p > digits.len() {
            digits.insert_str(0, &"0".repeat(p - digits.len()));
        }
    }
    let sign = if v.sign() == Sign::Minus { "-" } else { "" };
    let prefix = if conv.alt { prefix } else { "" };
    let mut text = format!("{sign}{prefix}{digits}");
    if ty == 'X' {
        text.make_ascii_uppercase();
    }
    Ok(text)
}

/// CPython's `unicode_format_arg_output`: width, precision (truncation for
/// `s r a`), sign and zero padding.
fn write_padded(out: &mut String, conv: &Conv, text: &str, numeric: bool) {
    let chars: Vec<char> = text.chars().collect();
    let mut len = chars.len();
    let width = conv.width.unwrap_or(0);
    let fill = if numeric && conv.zero { '0' } else { ' ' };
    if width <= len && conv.prec.is_none_or(|p| p >= len) && !(conv.sign || conv.blank) {
        out.push_str(text);
        return;
    }
    if matches!(conv.ch, 's' | 'r' | 'a') {
        len = len.min(conv.prec.unwrap_or(len));
    }
    let mut start = 0;
    let mut sign = None;
    if numeric {
        match chars.first() {
            Some(&c @ ('-' | '+')) => {
                sign = Some(c);
                len -= 1;
                start = 1;
            }
            _ if conv.sign => sign = Some('+'),
            _ if conv.blank => sign = Some(' '),
            _ => {}
        }
    }
    let mut width = width.max(len);
    if sign.is_some() {
        if fill != ' ' {
            out.extend(sign);
        }
        if width > len {
            width -= 1;
        }
    }
    // The 0x / 0o prefix goes before zero padding, after space padding.
    let prefixed = conv.alt && matches!(conv.ch, 'x' | 'X' | 'o');
    let prefix: String = if prefixed {
        chars[start..start + 2].iter().collect()
    } else {
        String::new()
    };
    if prefixed {
        if fill != ' ' {
            out.push_str(&prefix);
        }
        start += 2;
        width = width.saturating_sub(2);
        len -= 2;
    }
    if width > len && !conv.ljust {
        out.extend(std::iter::repeat_n(fill, width - len));
        width = len;
    }
    if fill == ' ' {
        out.extend(sign);
        if prefixed {
            out.push_str(&prefix);
        }
    }
    out.extend(&chars[start..start + len]);
    if width > len {
        out.extend(std::iter::repeat_n(' ', width - len));
    }
}
