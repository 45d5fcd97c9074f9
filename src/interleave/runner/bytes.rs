//! `bytes` and `bytearray`: the values themselves (repr, hash, the
//! constructors' argument rules) and the codecs between them and `str`
//! (`str.encode`, `bytes.decode`) with CPython's messages. Their methods
//! are in `builtins::methods_bytes`.
//!
//! A `bytes` is immutable ([`Object::Bytes`]): threads read it without a
//! lock, and a process that forks shares it, as it shares strings. A
//! `bytearray` ([`Object::ByteArray`]) guards its bytes with its own lock,
//! like a list. Between processes both travel as their bytes
//! (`process::pickle`).

use std::borrow::Cow;
use std::sync::Mutex;

use super::value::{lock, Object, Value};
use super::vm::Vm;
use super::{PyErr, PyResult};

/// Which of the two types a constructor or a method makes (their
/// messages differ by a word or two).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bytes,
    ByteArray,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Bytes => "bytes",
            Kind::ByteArray => "bytearray",
        }
    }

    /// `bytes([256])` says "bytes must be…", `bytearray([256])` "byte must be…".
    fn range_error(self) -> &'static str {
        match self {
            Kind::Bytes => "bytes must be in range(0, 256)",
            Kind::ByteArray => "byte must be in range(0, 256)",
        }
    }
}

/// The bytes of a `bytes` (borrowed) or a `bytearray` (a copy taken
/// under its lock); `None` for anything else.
pub fn as_bytes(v: &Value) -> Option<Cow<'_, [u8]>> {
    match v.as_obj()? {
        Object::Bytes(b) => Some(Cow::Borrowed(b)),
        Object::ByteArray(b) => Some(Cow::Owned(lock(b).clone())),
        _ => None,
    }
}

/// Whether `v` is a `bytes` or a `bytearray`.
pub fn is_bytes_like(v: &Value) -> bool {
    matches!(v.as_obj(), Some(Object::Bytes(_) | Object::ByteArray(_)))
}

/// The kind of a bytes-like value (`None` for anything else).
pub fn kind_of(v: &Value) -> Option<Kind> {
    match v.as_obj()? {
        Object::Bytes(_) => Some(Kind::Bytes),
        Object::ByteArray(_) => Some(Kind::ByteArray),
        _ => None,
    }
}

/// `repr(b)` as CPython writes it: single quotes unless the bytes hold a
/// `'` and no `"`; `\t`, `\n`, `\r`, `\\` and the quote escaped; every
/// other byte outside printable ASCII as `\xhh`.
pub fn bytes_repr(b: &[u8]) -> String {
    repr_quoted(b, false)
}

/// `repr(ba)` of a bytearray: as a bytes', but CPython's bytearray repr
/// escapes `'` even inside double quotes (`bytearray(b"it\'s")`).
pub fn bytearray_repr(b: &[u8]) -> String {
    format!("bytearray({})", repr_quoted(b, true))
}

fn repr_quoted(b: &[u8], always_single: bool) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut s = String::with_capacity(b.len() + 3);
    s.push('b');
    s.push(quote);
    for &c in b {
        match c {
            b'\\' => s.push_str("\\\\"),
            b'\t' => s.push_str("\\t"),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            c if c as char == quote || (always_single && c == b'\'') => {
                s.push('\\');
                s.push(c as char);
            }
            0x20..=0x7e => s.push(c as char),
            c => s.push_str(&format!("\\x{c:02x}")),
        }
    }
    s.push(quote);
    s
}

/// `hash(b)`: equal bytes hash alike; ASCII bytes hash as the equal-looking
/// str does (CPython's `hash(b'abc') == hash('abc')` holds too).
pub fn bytes_hash(b: &[u8]) -> i64 {
    use std::hash::BuildHasher;
    if b.is_ascii() {
        if let Ok(s) = std::str::from_utf8(b) {
            return super::builtins::hashing::str_hash(s);
        }
    }
    let h = super::value::Fx::default().hash_one(b) as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `b.hex(sep, bytes_per_sep)`: lowercase digits, `sep` between groups of
/// `per` bytes counted from the right (from the left when negative).
pub fn hex(b: &[u8], sep: Option<char>, per: i64) -> String {
    let digits = |c: u8| format!("{c:02x}");
    let Some(sep) = sep.filter(|_| per != 0 && !b.is_empty()) else {
        return b.iter().map(|&c| digits(c)).collect();
    };
    let n = per.unsigned_abs() as usize;
    let mut out = String::with_capacity(b.len() * 3);
    let len = b.len();
    for (i, &c) in b.iter().enumerate() {
        let boundary = if per > 0 {
            // Groups end at the right: a separator where the bytes left
            // are a whole number of groups.
            i > 0 && (len - i).is_multiple_of(n)
        } else {
            i > 0 && i.is_multiple_of(n)
        };
        if boundary {
            out.push(sep);
        }
        out.push_str(&digits(c));
    }
    out
}

/// `bytes.fromhex(s)`: pairs of hex digits, spaces between pairs; the
/// position of the first character that is neither, as the error.
pub fn fromhex(s: &str) -> Result<Vec<u8>, usize> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::with_capacity(chars.len() / 2);
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let hi = chars[i].to_digit(16).ok_or(i)?;
        i += 1;
        let lo = chars.get(i).and_then(|c| c.to_digit(16)).ok_or(i)?;
        i += 1;
        out.push((hi * 16 + lo) as u8);
    }
    Ok(out)
}

/// The codecs the runner knows, by CPython's normalised names.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

impl Codec {
    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }

    fn limit(self) -> u32 {
        match self {
            Codec::Ascii => 128,
            _ => 256,
        }
    }
}

/// An encoding's name as CPython's codec registry finds it (case, `-`,
/// `_` and spaces do not matter), or `None` for one the runner lacks.
pub fn codec(name: &str) -> Option<Codec> {
    let n: String = name
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect();
    Some(match n.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "cp65001" => Codec::Utf8,
        "ascii" | "us_ascii" | "646" | "us" => Codec::Ascii,
        "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819" => {
            Codec::Latin1
        }
        _ => return None,
    })
}

/// `'\xe9'`, `'\u20ac'`, `'\U0001f600'`: a character as an encode
/// error's message shows it.
fn char_escape(c: char) -> String {
    let n = c as u32;
    if n < 0x100 {
        format!("'\\x{n:02x}'")
    } else if n < 0x10000 {
        format!("'\\u{n:04x}'")
    } else {
        format!("'\\U{n:08x}'")
    }
}

impl Vm {
    /// A new `bytes`, refused past the run's largest string (bytes are not
    /// counted in the heap estimate, as strings are not).
    pub fn new_bytes(&mut self, b: Vec<u8>) -> PyResult<Value> {
        if b.len() > super::MAX_STR_BYTES {
            return Err(self.new_error("MemoryError", ""));
        }
        Ok(Value::bytes(b))
    }

    /// A new `bytes` or `bytearray` holding `b`.
    pub fn new_bytes_of(&mut self, kind: Kind, b: Vec<u8>) -> PyResult<Value> {
        if b.len() > super::MAX_STR_BYTES {
            return Err(self.new_error("MemoryError", ""));
        }
        Ok(match kind {
            Kind::Bytes => Value::bytes(b),
            Kind::ByteArray => Value::obj(Object::ByteArray(Mutex::new(b))),
        })
    }

    /// One byte from an int (`bytearray.append(x)`, `ba[i] = x`, an item
    /// of `bytes([...])`), with CPython's errors.
    pub fn byte_of(&self, v: &Value, kind: Kind) -> PyResult<u8> {
        match v {
            Value::Int(i) => {
                u8::try_from(*i).map_err(|_| self.new_error("ValueError", kind.range_error()))
            }
            Value::Bool(b) => Ok(*b as u8),
            Value::Big(_) => Err(self.new_error("ValueError", kind.range_error())),
            _ => Err(self.new_error(
                "TypeError",
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    self.type_name(v)
                ),
            )),
        }
    }

    /// Every item of an iterable of ints, as bytes.
    pub fn bytes_of_ints(&mut self, v: &Value, kind: Kind) -> PyResult<Vec<u8>> {
        let items = self.collect(v)?;
        items.iter().map(|x| self.byte_of(x, kind)).collect()
    }

    /// `bytes(x)` / `bytearray(x)` of one argument: a count of zero bytes,
    /// a copy of a bytes-like, or an iterable of ints.
    pub fn bytes_from(&mut self, v: &Value, kind: Kind) -> PyResult<Vec<u8>> {
        if let Some(b) = as_bytes(v) {
            return Ok(b.into_owned());
        }
        match v {
            Value::Int(n) => {
                if *n < 0 {
                    return Err(self.new_error("ValueError", "negative count"));
                }
                if *n as u64 > super::MAX_STR_BYTES as u64 {
                    return Err(self.new_error("MemoryError", ""));
                }
                Ok(vec![0; *n as usize])
            }
            Value::Bool(b) => Ok(vec![0; *b as usize]),
            Value::Big(_) => Err(self.new_error(
                "OverflowError",
                "cannot fit 'int' into an index-sized integer",
            )),
            Value::Str(_) => {
                Err(self.new_error("TypeError", "string argument without an encoding"))
            }
            Value::Obj(o) if matches!(&**o, Object::Instance(_)) => {
                if let Some(m) = self.lookup_special(v, "__bytes__") {
                    let r = self.call1(&m, Vec::new())?;
                    return match as_bytes(&r) {
                        Some(b) if matches!(r.as_obj(), Some(Object::Bytes(_))) => {
                            Ok(b.into_owned())
                        }
                        _ => Err(self.new_error(
                            "TypeError",
                            format!("__bytes__ returned non-bytes (type {})", self.type_name(&r)),
                        )),
                    };
                }
                self.bytes_of_iterable(v, kind)
            }
            _ => self.bytes_of_iterable(v, kind),
        }
    }

    fn bytes_of_iterable(&mut self, v: &Value, kind: Kind) -> PyResult<Vec<u8>> {
        // Not iterable at all: CPython's "cannot convert" rather than
        // iter()'s "not iterable".
        if let Err(e) = self.iter(v) {
            if e.kill.is_some() {
                return Err(e);
            }
            return Err(self.new_error(
                "TypeError",
                format!(
                    "cannot convert '{}' object to {}",
                    self.type_name(v),
                    kind.name()
                ),
            ));
        }
        self.bytes_of_ints(v, kind)
    }

    /// `bytes(...)` / `bytearray(...)` called with these arguments.
    pub fn construct_bytes(&mut self, kind: Kind, args: super::value::Args) -> PyResult<Value> {
        let n = args.pos.len() + args.kw.len();
        if n > 3 {
            return Err(self.new_error(
                "TypeError",
                format!("{}() takes at most 3 arguments ({n} given)", kind.name()),
            ));
        }
        let mut source = args.pos.first().cloned();
        let mut encoding = args.pos.get(1).cloned();
        let mut errors = args.pos.get(2).cloned();
        for (k, v) in args.kw.iter() {
            let slot = match &**k {
                "source" => &mut source,
                "encoding" => &mut encoding,
                "errors" => &mut errors,
                other => {
                    return Err(self.new_error(
                        "TypeError",
                        format!(
                            "'{other}' is an invalid keyword argument for {}()",
                            kind.name()
                        ),
                    ))
                }
            };
            *slot = Some(v.clone());
        }
        let b = match &source {
            Some(Value::Str(s)) => {
                if encoding.is_none() {
                    return Err(self.new_error("TypeError", "string argument without an encoding"));
                }
                let enc = self.str_argument(encoding.as_ref(), kind.name(), "encoding", "utf-8")?;
                let err = self.str_argument(errors.as_ref(), kind.name(), "errors", "strict")?;
                self.encode_str(s, &enc, &err)?
            }
            _ if encoding.is_some() => {
                return Err(self.new_error("TypeError", "encoding without a string argument"))
            }
            _ if errors.is_some() => {
                return Err(self.new_error("TypeError", "errors without a string argument"))
            }
            Some(v) => self.bytes_from(&v.clone(), kind)?,
            None => Vec::new(),
        };
        self.new_bytes_of(kind, b)
    }

    /// A str argument `what` of `func` (`encoding`, `errors`), or its
    /// default.
    pub fn str_argument(
        &self,
        v: Option<&Value>,
        func: &str,
        what: &str,
        default: &str,
    ) -> PyResult<String> {
        match v {
            None => Ok(default.to_string()),
            Some(Value::Str(s)) => Ok(s.to_string()),
            Some(other) => Err(self.new_error(
                "TypeError",
                format!(
                    "{func}() argument '{what}' must be str, not {}",
                    self.type_name(other)
                ),
            )),
        }
    }

    fn unknown_encoding(&self, name: &str) -> PyErr {
        self.new_error("LookupError", format!("unknown encoding: {name}"))
    }

    fn unknown_handler(&self, name: &str) -> PyErr {
        self.new_error(
            "LookupError",
            format!("unknown error handler name '{name}'"),
        )
    }

    /// An index into a bytes-like of `len`, negative from the end, with
    /// the type's own messages.
    fn byte_index(&self, i: &Value, len: usize, kind: Kind) -> PyResult<usize> {
        let idx = match i {
            Value::Int(x) => *x,
            Value::Bool(b) => *b as i64,
            Value::Big(_) => i64::MAX,
            _ => {
                let what = match kind {
                    Kind::Bytes => "byte",
                    Kind::ByteArray => "bytearray",
                };
                return Err(self.new_error(
                    "TypeError",
                    format!(
                        "{what} indices must be integers or slices, not {}",
                        self.type_name(i)
                    ),
                ));
            }
        };
        let real = if idx < 0 { idx + len as i64 } else { idx };
        if real < 0 || real >= len as i64 {
            let msg = match kind {
                Kind::Bytes => "index out of range",
                Kind::ByteArray => "bytearray index out of range",
            };
            return Err(self.new_error("IndexError", msg));
        }
        Ok(real as usize)
    }

    /// `b[i]` (an int) and `b[i:j:k]` (the same type) of a bytes-like `a`.
    pub fn bytes_item(&mut self, a: &Value, i: &Value) -> PyResult<Value> {
        let kind = kind_of(a).unwrap_or(Kind::Bytes);
        let b = as_bytes(a).unwrap_or_default();
        if let Some(Object::Slice(..)) = i.as_obj() {
            let (start, step, n) = self.slice_of(i, b.len())?;
            let out: Vec<u8> = (0..n)
                .map(|k| b[(start + k as i64 * step) as usize])
                .collect();
            return self.new_bytes_of(kind, out);
        }
        let p = self.byte_index(i, b.len(), kind)?;
        Ok(Value::Int(b[p] as i64))
    }

    /// `ba[i] = x` and `ba[i:j:k] = xs` for a bytearray. Positions are
    /// worked out with its lock held (no Python code runs meanwhile), so
    /// another thread changing its length cannot move them.
    pub fn bytearray_set(&mut self, ba: &Mutex<Vec<u8>>, i: &Value, v: &Value) -> PyResult<()> {
        if let Some(Object::Slice(..)) = i.as_obj() {
            let items = match as_bytes(v) {
                Some(b) => b.into_owned(),
                None if !matches!(v, Value::Obj(_)) => {
                    return Err(self.new_error(
                        "TypeError",
                        "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
                    ))
                }
                None => self.bytes_of_ints(v, Kind::ByteArray)?,
            };
            let mut g = lock(ba);
            let (start, step, n) = self.slice_of(i, g.len())?;
            if step == 1 {
                let start = start as usize;
                if g.len() - n + items.len() > super::MAX_STR_BYTES {
                    drop(g);
                    return Err(self.new_error("MemoryError", ""));
                }
                g.splice(start..start + n, items);
                return Ok(());
            }
            if items.len() != n {
                drop(g);
                return Err(self.new_error(
                    "ValueError",
                    format!(
                        "attempt to assign bytes of size {} to extended slice of size {n}",
                        items.len()
                    ),
                ));
            }
            for (k, x) in items.into_iter().enumerate() {
                g[(start + k as i64 * step) as usize] = x;
            }
            return Ok(());
        }
        // The index is checked before the value, as CPython does.
        let mut g = lock(ba);
        let p = self.byte_index(i, g.len(), Kind::ByteArray)?;
        g[p] = self.byte_of(v, Kind::ByteArray)?;
        Ok(())
    }

    /// `del ba[i]` and `del ba[i:j:k]` for a bytearray.
    pub fn bytearray_del(&mut self, ba: &Mutex<Vec<u8>>, i: &Value) -> PyResult<()> {
        let mut g = lock(ba);
        if let Some(Object::Slice(..)) = i.as_obj() {
            let (start, step, n) = self.slice_of(i, g.len())?;
            let gone: std::collections::HashSet<usize> =
                (0..n).map(|k| (start + k as i64 * step) as usize).collect();
            let mut at = 0;
            g.retain(|_| {
                let keep = !gone.contains(&at);
                at += 1;
                keep
            });
            return Ok(());
        }
        let p = self.byte_index(i, g.len(), Kind::ByteArray)?;
        g.remove(p);
        Ok(())
    }

    /// `needle in b` for a bytes or bytearray `b`: an int is one byte, a
    /// bytes-like a run of them.
    pub fn bytes_contains(&mut self, container: &Value, needle: &Value) -> PyResult<bool> {
        let hay = as_bytes(container).unwrap_or_default();
        if let Some(sub) = as_bytes(needle) {
            return Ok(sub.is_empty() || hay.windows(sub.len()).any(|w| *w == *sub));
        }
        match needle {
            Value::Int(_) | Value::Bool(_) | Value::Big(_) => {
                let c = self.byte_of(needle, Kind::ByteArray)?;
                Ok(hay.contains(&c))
            }
            _ => Err(self.new_error(
                "TypeError",
                format!(
                    "a bytes-like object is required, not '{}'",
                    self.type_name(needle)
                ),
            )),
        }
    }

    /// `s.encode(encoding, errors)`.
    pub fn encode_str(&mut self, s: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
        let Some(c) = codec(encoding) else {
            return Err(self.unknown_encoding(encoding));
        };
        if c == Codec::Utf8 {
            // A Rust string holds no lone surrogates: always encodable.
            return Ok(s.as_bytes().to_vec());
        }
        let limit = c.limit();
        let chars: Vec<char> = s.chars().collect();
        let mut out = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            let n = chars[i] as u32;
            if n < limit {
                out.push(n as u8);
                i += 1;
                continue;
            }
            // The run of characters the codec cannot encode, as CPython's
            // error reports it.
            let start = i;
            let mut end = i;
            while end < chars.len() && chars[end] as u32 >= limit {
                end += 1;
            }
            match errors {
                "strict" => {
                    let what = if end - start == 1 {
                        format!(
                            "character {} in position {start}",
                            char_escape(chars[start])
                        )
                    } else {
                        format!("characters in position {start}-{}", end - 1)
                    };
                    return Err(self.new_error(
                        "UnicodeEncodeError",
                        format!(
                            "'{}' codec can't encode {what}: ordinal not in range({limit})",
                            c.name()
                        ),
                    ));
                }
                "ignore" => {}
                "replace" => out.extend(std::iter::repeat_n(b'?', end - start)),
                "backslashreplace" => {
                    for &ch in &chars[start..end] {
                        let n = ch as u32;
                        let e = if n < 0x100 {
                            format!("\\x{n:02x}")
                        } else if n < 0x10000 {
                            format!("\\u{n:04x}")
                        } else {
                            format!("\\U{n:08x}")
                        };
                        out.extend_from_slice(e.as_bytes());
                    }
                }
                "xmlcharrefreplace" => {
                    for &ch in &chars[start..end] {
                        out.extend_from_slice(format!("&#{};", ch as u32).as_bytes());
                    }
                }
                other => return Err(self.unknown_handler(other)),
            }
            i = end;
        }
        Ok(out)
    }

    /// `b.decode(encoding, errors)`.
    pub fn decode_bytes(&mut self, b: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
        let Some(c) = codec(encoding) else {
            return Err(self.unknown_encoding(encoding));
        };
        match c {
            Codec::Latin1 => Ok(b.iter().map(|&x| x as char).collect()),
            Codec::Ascii => {
                if b.is_ascii() {
                    return Ok(b.iter().map(|&x| x as char).collect());
                }
                let mut out = String::with_capacity(b.len());
                for (i, &x) in b.iter().enumerate() {
                    if x < 0x80 {
                        out.push(x as char);
                        continue;
                    }
                    match errors {
                        "strict" => {
                            return Err(self.new_error(
                                "UnicodeDecodeError",
                                format!(
                                    "'ascii' codec can't decode byte 0x{x:02x} in position {i}: ordinal not in range(128)"
                                ),
                            ))
                        }
                        "ignore" => {}
                        "replace" => out.push('\u{fffd}'),
                        "backslashreplace" => out.push_str(&format!("\\x{x:02x}")),
                        other => return Err(self.unknown_handler(other)),
                    }
                }
                Ok(out)
            }
            Codec::Utf8 => self.decode_utf8(b, errors),
        }
    }

    fn decode_utf8(&mut self, b: &[u8], errors: &str) -> PyResult<String> {
        if let Ok(s) = std::str::from_utf8(b) {
            return Ok(s.to_string());
        }
        let mut out = String::with_capacity(b.len());
        let mut at = 0;
        while at < b.len() {
            match std::str::from_utf8(&b[at..]) {
                Ok(s) => {
                    out.push_str(s);
                    break;
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    out.push_str(std::str::from_utf8(&b[at..at + good]).unwrap_or(""));
                    let start = at + good;
                    // Rust and CPython both take the longest start of a
                    // valid sequence as one error ("maximal subpart").
                    let (end, reason) = match e.error_len() {
                        None => (b.len(), "unexpected end of data"),
                        Some(n) => {
                            let lead = b[start];
                            let bad_start = n == 1 && !(0xc2..=0xf4).contains(&lead);
                            let reason = if bad_start {
                                "invalid start byte"
                            } else {
                                "invalid continuation byte"
                            };
                            (start + n, reason)
                        }
                    };
                    match errors {
                        "strict" => {
                            let what = if end - start == 1 {
                                format!("byte 0x{:02x} in position {start}", b[start])
                            } else {
                                format!("bytes in position {start}-{}", end - 1)
                            };
                            return Err(self.new_error(
                                "UnicodeDecodeError",
                                format!("'utf-8' codec can't decode {what}: {reason}"),
                            ));
                        }
                        "ignore" => {}
                        "replace" => out.push('\u{fffd}'),
                        "backslashreplace" => {
                            for x in &b[start..end] {
                                out.push_str(&format!("\\x{x:02x}"));
                            }
                        }
                        other => return Err(self.unknown_handler(other)),
                    }
                    at = end;
                }
            }
        }
        Ok(out)
    }
}
