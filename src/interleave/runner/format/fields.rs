//! `str.format`: the replacement-field syntax, after CPython's
//! `Objects/stringlib/unicode_format.h`.
//!
//! CPython parses a template lazily while it renders it, so an error in a
//! later field comes only after the earlier fields were looked up and
//! formatted (`'{a} {'.format()` raises KeyError, not the ValueError for the
//! lone `{`). [`format_with`] keeps that order; [`parse_format_string`]
//! parses everything up front, for callers that only inspect a template.

use super::{ascii_escape, format_str, str_repr, ErrorKind, FormatError};

/// Which argument a field names. Auto-numbered fields (`{}`) are numbered
/// by the parser, so both `{}` and `{0}` come out as `Index`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgName {
    /// By position: `{0}`, or the next `{}`.
    Index(usize),
    /// By keyword: `{name}`.
    Name(String),
}

/// One `.attr` or `[key]` after the argument name. `[3]` is an integer
/// index, any other `[text]` a string key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Accessor {
    /// `.name`: an attribute.
    Attr(String),
    /// `[3]`: an integer index.
    Index(usize),
    /// `[text]`: a string key.
    Key(String),
}

/// A replacement field `{arg.attr[key]!conversion:spec}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The argument it names.
    pub arg: ArgName,
    /// Attribute and index lookups applied to the argument, in order.
    pub accessors: Vec<Accessor>,
    /// A malformed accessor after `accessors` ("Empty attribute in format
    /// string", ...): CPython raises it only after applying those.
    pub accessor_error: Option<FormatError>,
    /// The character after `!`, unchecked: `r`, `s` and `a` are valid,
    /// and CPython raises for any other only after the argument's lookup.
    pub conversion: Option<char>,
    /// The format spec: literal text, and fields nested in it (`{:{w}}`),
    /// which are numbered after the field itself.
    pub spec: Vec<FormatPiece>,
}

/// A parsed format string: the literal text between fields, and the fields.
#[derive(Clone, Debug, PartialEq)]
pub enum FormatPiece {
    /// Text copied as is (`{{` and `}}` already undoubled).
    Literal(String),
    /// A replacement field.
    Field(Field),
}

/// The argument source of [`format_with`].
pub trait FormatArgs {
    /// The interpreter's handle on one value.
    type Value;
    /// The interpreter's exception: lookups and `__format__` errors pass through.
    type Error: From<FormatError>;
    /// Positional argument `index`; `None` if there is none (IndexError).
    fn positional(&mut self, index: usize) -> Option<Self::Value>;
    /// Keyword argument `name`; `None` if there is none (KeyError).
    fn keyword(&mut self, name: &str) -> Option<Self::Value>;
    /// `getattr(value, name)`, `value[index]` or `value[key]`.
    fn access(
        &mut self,
        value: Self::Value,
        accessor: &Accessor,
    ) -> Result<Self::Value, Self::Error>;
    /// `str(value)`, for `!s`.
    fn str(&mut self, value: &Self::Value) -> Result<String, Self::Error>;
    /// `repr(value)`, for `!r` and `!a`.
    fn repr(&mut self, value: &Self::Value) -> Result<String, Self::Error>;
    /// `format(value, spec)`: its `__format__`.
    fn format(&mut self, value: &Self::Value, spec: &str) -> Result<String, Self::Error>;
}

/// Auto-numbering state, shared with the fields nested in specs.
#[derive(Default)]
struct Numbering {
    /// `None` until the first numeric field; then whether it was `{}`.
    auto: Option<bool>,
    next: usize,
}

/// A field as the markup scanner finds it, before its name is split.
struct RawField {
    name: Vec<char>,
    conversion: Option<char>,
    spec: Vec<char>,
    spec_has_fields: bool,
}

/// CPython's `MarkupIterator`: literal text up to the next field.
struct Markup<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Markup<'_> {
    fn next(&mut self) -> Option<Result<(String, Option<RawField>), FormatError>> {
        let c = self.chars;
        if self.pos >= c.len() {
            return None;
        }
        let start = self.pos;
        let mut brace = None;
        while self.pos < c.len() {
            let ch = c[self.pos];
            self.pos += 1;
            if ch == '{' || ch == '}' {
                brace = Some(ch);
                break;
            }
        }
        let at_end = self.pos >= c.len();
        let mut literal_end = self.pos;
        match brace {
            None => return Some(Ok((c[start..].iter().collect(), None))),
            Some('}') if at_end || c[self.pos] != '}' => {
                return Some(Err(FormatError::value(
                    "Single '}' encountered in format string",
                )))
            }
            Some('{') if at_end => {
                return Some(Err(FormatError::value(
                    "Single '{' encountered in format string",
                )))
            }
            Some(b) if c[self.pos] == b => {
                // A doubled brace is literal text (with one brace).
                self.pos += 1;
                return Some(Ok((c[start..literal_end].iter().collect(), None)));
            }
            Some(_) => literal_end -= 1,
        }
        let literal = c[start..literal_end].iter().collect();
        Some(self.field().map(|f| (literal, Some(f))))
    }

    /// CPython's `parse_field`, just after a `{`.
    fn field(&mut self) -> Result<RawField, FormatError> {
        let c = self.chars;
        let name_start = self.pos;
        let mut last = '\0';
        while self.pos < c.len() {
            last = c[self.pos];
            self.pos += 1;
            match last {
                '{' => return Err(FormatError::value("unexpected '{' in field name")),
                // A key in brackets may hold ':', '!' and '}'.
                '[' => {
                    while self.pos < c.len() && c[self.pos] != ']' {
                        self.pos += 1;
                    }
                }
                '}' | ':' | '!' => break,
                _ => {}
            }
        }
        let name = c[name_start..self.pos.saturating_sub(1).max(name_start)].to_vec();
        let mut field = RawField {
            name,
            conversion: None,
            spec: Vec::new(),
            spec_has_fields: false,
        };
        if last != '!' && last != ':' {
            if last != '}' {
                return Err(FormatError::value("expected '}' before end of string"));
            }
            return Ok(field);
        }
        if last == '!' {
            let Some(&conv) = c.get(self.pos) else {
                return Err(FormatError::value(
                    "end of string while looking for conversion specifier",
                ));
            };
            field.conversion = Some(conv);
            self.pos += 1;
            if let Some(&next) = c.get(self.pos) {
                self.pos += 1;
                if next == '}' {
                    return Ok(field);
                }
                if next != ':' {
                    return Err(FormatError::value(
                        "expected ':' after conversion specifier",
                    ));
                }
            }
        }
        let spec_start = self.pos;
        let mut depth = 1;
        while self.pos < c.len() {
            let ch = c[self.pos];
            self.pos += 1;
            if ch == '{' {
                field.spec_has_fields = true;
                depth += 1;
            } else if ch == '}' {
                depth -= 1;
                if depth == 0 {
                    field.spec = c[spec_start..self.pos - 1].to_vec();
                    return Ok(field);
                }
            }
        }
        Err(FormatError::value("unmatched '{' in format spec"))
    }
}

/// CPython's `get_integer`: `None` unless all (and at least one) digits.
fn integer(s: &[char]) -> Result<Option<usize>, FormatError> {
    if s.is_empty() || !s.iter().all(char::is_ascii_digit) {
        return Ok(None);
    }
    let text: String = s.iter().collect();
    match text.parse::<i64>() {
        // Saturating: an index past usize is out of range all the same.
        Ok(n) => Ok(Some(usize::try_from(n).unwrap_or(usize::MAX))),
        Err(_) => Err(FormatError::value(
            "Too many decimal digits in format string",
        )),
    }
}

/// CPython's `field_name_split` and `FieldNameIterator`.
fn split_name(
    name: &[char],
    numbering: &mut Numbering,
) -> Result<(ArgName, Vec<Accessor>, Option<FormatError>), FormatError> {
    let first_end = name
        .iter()
        .position(|&c| c == '.' || c == '[')
        .unwrap_or(name.len());
    let first = &name[..first_end];
    let index = integer(first)?;
    let empty = first.is_empty();
    if empty || index.is_some() {
        let auto = *numbering.auto.get_or_insert(empty);
        if auto && !empty {
            return Err(FormatError::value(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        if !auto && empty {
            return Err(FormatError::value(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
    }
    let arg = match index {
        _ if empty => {
            numbering.next += 1;
            ArgName::Index(numbering.next - 1)
        }
        Some(i) => ArgName::Index(i),
        None => ArgName::Name(first.iter().collect()),
    };
    let (accessors, error) = accessors(&name[first_end..]);
    Ok((arg, accessors, error))
}

/// The `.attr` and `[key]` parts, up to the first malformed one.
fn accessors(mut rest: &[char]) -> (Vec<Accessor>, Option<FormatError>) {
    let mut out = Vec::new();
    while let Some((&kind, after)) = rest.split_first() {
        let text: &[char];
        match kind {
            '.' => {
                let end = after
                    .iter()
                    .position(|&c| c == '.' || c == '[')
                    .unwrap_or(after.len());
                (text, rest) = after.split_at(end);
            }
            '[' => {
                let Some(end) = after.iter().position(|&c| c == ']') else {
                    return (
                        out,
                        Some(FormatError::value("Missing ']' in format string")),
                    );
                };
                text = &after[..end];
                rest = &after[end + 1..];
            }
            _ => {
                let msg = "Only '.' or '[' may follow ']' in format field specifier";
                return (out, Some(FormatError::value(msg)));
            }
        }
        if text.is_empty() {
            let msg = "Empty attribute in format string";
            return (out, Some(FormatError::value(msg)));
        }
        let name: String = text.iter().collect();
        out.push(match (kind, integer(text)) {
            ('.', _) => Accessor::Attr(name),
            (_, Ok(Some(i))) => Accessor::Index(i),
            (_, Ok(None)) => Accessor::Key(name),
            (_, Err(e)) => return (out, Some(e)),
        });
    }
    (out, None)
}

/// `template.format(*args, **kwargs)`, with the arguments supplied by
/// `args` and CPython's order of lookups, conversions and errors.
pub fn format_with<A: FormatArgs>(template: &str, args: &mut A) -> Result<String, A::Error> {
    let chars: Vec<char> = template.chars().collect();
    let mut out = String::with_capacity(template.len());
    render(&chars, 2, &mut Numbering::default(), args, &mut out)?;
    Ok(out)
}

/// CPython's `build_string`: `depth` 2 at the top, 1 inside a spec, where
/// yet another nesting level is an error.
fn render<A: FormatArgs>(
    chars: &[char],
    depth: u32,
    numbering: &mut Numbering,
    args: &mut A,
    out: &mut String,
) -> Result<(), A::Error> {
    if depth == 0 {
        return Err(FormatError::value("Max string recursion exceeded").into());
    }
    let mut markup = Markup { chars, pos: 0 };
    while let Some(next) = markup.next() {
        let (literal, field) = next?;
        out.push_str(&literal);
        let Some(field) = field else { continue };
        let (arg, accessors, deferred) = split_name(&field.name, numbering)?;
        let mut value = match &arg {
            ArgName::Index(i) => args.positional(*i).ok_or_else(|| {
                FormatError::new(
                    ErrorKind::IndexError,
                    format!("Replacement index {i} out of range for positional args tuple"),
                )
            })?,
            ArgName::Name(n) => args
                .keyword(n)
                .ok_or_else(|| FormatError::new(ErrorKind::KeyError, str_repr(n)))?,
        };
        for a in &accessors {
            value = args.access(value, a)?;
        }
        if let Some(e) = deferred {
            return Err(e.into());
        }
        let converted = match field.conversion {
            None => None,
            Some('s') => Some(args.str(&value)?),
            Some('r') => Some(args.repr(&value)?),
            Some('a') => Some(ascii_escape(&args.repr(&value)?)),
            Some(c) => return Err(unknown_conversion(c).into()),
        };
        let mut spec = String::new();
        if field.spec_has_fields {
            render(&field.spec, depth - 1, numbering, args, &mut spec)?;
        } else {
            spec.extend(&field.spec);
        }
        match converted {
            Some(text) => out.push_str(&format_str(&text, &spec)?),
            None => out.push_str(&args.format(&value, &spec)?),
        }
    }
    Ok(())
}

fn unknown_conversion(c: char) -> FormatError {
    let shown = if (c as u32) > 32 && (c as u32) < 127 {
        c.to_string()
    } else {
        format!("\\x{:x}", c as u32)
    };
    FormatError::value(format!("Unknown conversion specifier {shown}"))
}

/// Parses a whole `str.format` template up front (see the module doc for
/// how its error order differs from rendering). Unknown conversions are
/// reported here too.
pub fn parse_format_string(template: &str) -> Result<Vec<FormatPiece>, FormatError> {
    let chars: Vec<char> = template.chars().collect();
    parse_pieces(&chars, 2, &mut Numbering::default())
}

fn parse_pieces(
    chars: &[char],
    depth: u32,
    numbering: &mut Numbering,
) -> Result<Vec<FormatPiece>, FormatError> {
    if depth == 0 {
        return Err(FormatError::value("Max string recursion exceeded"));
    }
    let mut pieces = Vec::new();
    let mut markup = Markup { chars, pos: 0 };
    while let Some(next) = markup.next() {
        let (literal, raw) = next?;
        if !literal.is_empty() {
            pieces.push(FormatPiece::Literal(literal));
        }
        let Some(raw) = raw else { continue };
        let (arg, accessors, accessor_error) = split_name(&raw.name, numbering)?;
        if let Some(c) = raw.conversion.filter(|c| !matches!(c, 's' | 'r' | 'a')) {
            return Err(unknown_conversion(c));
        }
        let spec = if raw.spec_has_fields {
            parse_pieces(&raw.spec, depth - 1, numbering)?
        } else if raw.spec.is_empty() {
            Vec::new()
        } else {
            vec![FormatPiece::Literal(raw.spec.iter().collect())]
        };
        pieces.push(FormatPiece::Field(Field {
            arg,
            accessors,
            accessor_error,
            conversion: raw.conversion,
            spec,
        }));
    }
    Ok(pieces)
}
