//! String literals: single, double and triple quotes, escapes, raw strings,
//! bytes literals (ASCII only; `\x` gives a byte, `\u` is no escape there),
//! and f-strings with `{expr!conv:spec}` pieces (the spec may nest
//! `{expressions}`, as in `{x:>{width}}`).

use super::{err, FExpr, FPiece, Lexer, Tok};
use crate::interleave::ParseError;

/// What ends the piece list being read: the string's closing quote, or the
/// `}` that closes a format spec.
#[derive(Clone, Copy)]
struct Quote {
    ch: char,
    triple: bool,
    raw: bool,
    /// A bytes literal: only ASCII characters, and escapes give bytes.
    bytes: bool,
    line: u32,
    col: u32,
}

impl Lexer {
    /// A string literal starting at the quote under the cursor.
    pub(super) fn string(&mut self, ch: char, raw: bool, fstring: bool) -> Result<Tok, ParseError> {
        let (line, col) = (self.line, self.col);
        let triple = self.peek(1) == Some(ch) && self.peek(2) == Some(ch);
        for _ in 0..if triple { 3 } else { 1 } {
            self.bump();
        }
        let q = Quote {
            ch,
            triple,
            raw,
            bytes: false,
            line,
            col,
        };
        let pieces = self.pieces(q, fstring, false)?;
        if fstring {
            return Ok(Tok::FStr(pieces));
        }
        let mut s = String::new();
        for p in pieces {
            if let FPiece::Lit(l) = p {
                s.push_str(&l);
            }
        }
        Ok(Tok::Str(s))
    }

    /// A bytes literal starting at the quote under the cursor; its prefix
    /// starts at `start_line`:`start_col` (where CPython reports a
    /// character that is not ASCII).
    pub(super) fn bytes(
        &mut self,
        ch: char,
        raw: bool,
        start_line: u32,
        start_col: u32,
    ) -> Result<Tok, ParseError> {
        let (line, col) = (self.line, self.col);
        let triple = self.peek(1) == Some(ch) && self.peek(2) == Some(ch);
        for _ in 0..if triple { 3 } else { 1 } {
            self.bump();
        }
        let q = Quote {
            ch,
            triple,
            raw,
            bytes: true,
            line,
            col,
        };
        let pieces = self.pieces(q, false, false)?;
        let mut out = Vec::new();
        for p in pieces {
            if let FPiece::Lit(l) = p {
                for c in l.chars() {
                    // Escapes gave chars below 256, the rest are ASCII.
                    let Ok(b) = u8::try_from(u32::from(c)) else {
                        return Err(err(
                            start_line,
                            start_col,
                            "bytes can only contain ASCII literal characters",
                        ));
                    };
                    out.push(b);
                }
            }
        }
        Ok(Tok::Bytes(out))
    }

    fn unterminated(&self, q: Quote) -> ParseError {
        let what = if q.triple {
            "unterminated triple-quoted string literal"
        } else {
            "unterminated string literal"
        };
        // CPython says where it gave up: the end of the line, or of the
        // file for a triple-quoted string.
        let at = self.line;
        err(q.line, q.col, format!("{what} (detected at line {at})"))
    }

    /// Literal text and (in an f-string) expressions, up to and including
    /// the closing quote; in a format spec (`spec`), up to the `}` that ends
    /// it (not consumed).
    fn pieces(&mut self, q: Quote, fstring: bool, spec: bool) -> Result<Vec<FPiece>, ParseError> {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        loop {
            let Some(c) = self.peek(0) else {
                return Err(self.unterminated(q));
            };
            if spec && c == '}' {
                break;
            }
            if c == q.ch {
                if !q.triple {
                    if spec {
                        return Err(err(self.line, self.col, "f-string: expecting '}'"));
                    }
                    self.bump();
                    break;
                }
                if self.peek(1) == Some(q.ch) && self.peek(2) == Some(q.ch) {
                    for _ in 0..3 {
                        self.bump();
                    }
                    break;
                }
            }
            if c == '\n' && !q.triple {
                return Err(self.unterminated(q));
            }
            if c == '\\' {
                self.escape(q, &mut lit)?;
                continue;
            }
            if q.bytes && !c.is_ascii() {
                // Reported at the literal by `bytes` (any char past 255
                // is refused there; one in 128..=255 must be too).
                lit.push('\u{100}');
                self.bump();
                continue;
            }
            if fstring && c == '{' {
                if self.peek(1) == Some('{') && !spec {
                    self.bump();
                    self.bump();
                    lit.push('{');
                    continue;
                }
                if !lit.is_empty() {
                    pieces.push(FPiece::Lit(std::mem::take(&mut lit)));
                }
                self.bump();
                let (shown, expr) = self.fexpr(q)?;
                if let Some(shown) = shown {
                    // `{x=}`: the expression's text, then its value.
                    let mut text = std::mem::take(&mut lit);
                    text.push_str(&shown);
                    pieces.push(FPiece::Lit(text));
                }
                pieces.push(FPiece::Expr(expr));
                continue;
            }
            if fstring && c == '}' {
                if self.peek(1) == Some('}') {
                    self.bump();
                    self.bump();
                    lit.push('}');
                    continue;
                }
                return Err(err(
                    self.line,
                    self.col,
                    "f-string: single '}' is not allowed",
                ));
            }
            lit.push(c);
            self.bump();
        }
        if !lit.is_empty() || (!fstring && pieces.is_empty()) {
            pieces.push(FPiece::Lit(lit));
        }
        Ok(pieces)
    }

    /// A backslash escape (the cursor is on the backslash).
    fn escape(&mut self, q: Quote, lit: &mut String) -> Result<(), ParseError> {
        let (line, col) = (self.line, self.col);
        self.bump();
        let Some(e) = self.bump() else {
            return Err(self.unterminated(q));
        };
        if q.bytes && !e.is_ascii() {
            // Refused by `bytes`, as any char that is not ASCII.
            lit.push('\u{100}');
            return Ok(());
        }
        if q.raw {
            // A raw string keeps the backslash; it still cannot end on one.
            lit.push('\\');
            lit.push(e);
            return Ok(());
        }
        let simple = match e {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            '\\' => Some('\\'),
            '\'' => Some('\''),
            '"' => Some('"'),
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'f' => Some('\x0c'),
            'v' => Some('\x0b'),
            _ => None,
        };
        if let Some(c) = simple {
            lit.push(c);
            return Ok(());
        }
        let hex = |lx: &mut Lexer, n: usize| -> Result<char, ParseError> {
            let mut v = 0u32;
            for _ in 0..n {
                match lx.peek(0).and_then(|c| c.to_digit(16)) {
                    Some(d) => {
                        v = v * 16 + d;
                        lx.bump();
                    }
                    None => {
                        return Err(err(
                            line,
                            col,
                            format!("(unicode error) truncated \\{e} escape"),
                        ))
                    }
                }
            }
            char::from_u32(v)
                .ok_or_else(|| err(line, col, "(unicode error) illegal Unicode character"))
        };
        match e {
            '\n' => {}
            // No unicode escapes in bytes: kept as written.
            'u' | 'U' | 'N' if q.bytes => {
                lit.push('\\');
                lit.push(e);
            }
            'x' if q.bytes => match hex(self, 2) {
                Ok(c) => lit.push(c),
                Err(_) => {
                    return Err(err(line, col, "(value error) invalid \\x escape"));
                }
            },
            'x' => lit.push(hex(self, 2)?),
            'u' => lit.push(hex(self, 4)?),
            'U' => lit.push(hex(self, 8)?),
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match self.peek(0).and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            self.bump();
                        }
                        None => break,
                    }
                }
                // A bytes literal keeps the low byte (`b'\777'` is b'\xff').
                let v = if q.bytes { v & 0xff } else { v };
                lit.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            }
            other => {
                // Python keeps an unknown escape as written (with a warning).
                lit.push('\\');
                lit.push(other);
            }
        }
        Ok(())
    }

    /// One `{...}` of an f-string; the cursor is just after the `{`. With
    /// a self-documenting `=` (`{x = }`), also the text to print before the
    /// value, as written up to and after the `=`.
    // A small scanner whose states (nesting, strings inside, `!`, `:`, `=`)
    // share the cursor and the text so far; split, they would pass it all.
    fn fexpr(&mut self, q: Quote) -> Result<(Option<String>, FExpr), ParseError> {
        let (line, col) = (self.line, self.col);
        let mut text = String::new();
        let mut shown = None;
        let mut nest = 0;
        let mut own_quote_at = None;
        loop {
            let Some(ch) = self.peek(0) else {
                return Err(err(line, col, "f-string: expecting '}'"));
            };
            match ch {
                '\n' if !q.triple => return Err(err(line, col, "f-string: expecting '}'")),
                '}' | ':' if nest == 0 => break,
                '!' if nest == 0 && self.peek(1) != Some('=') => break,
                '=' if nest == 0
                    && self.ends_debug_expr()
                    && !text.ends_with(['=', '!', '<', '>']) =>
                {
                    let mut written = text.clone();
                    written.push('=');
                    self.bump();
                    while let Some(c @ (' ' | '\t')) = self.peek(0) {
                        written.push(c);
                        self.bump();
                    }
                    shown = Some(written);
                    break;
                }
                '\'' | '"' => {
                    if ch == q.ch && own_quote_at.is_none() {
                        own_quote_at = Some((self.line, self.col));
                    }
                    self.nested_string(ch, &mut text, line, col)?;
                    continue;
                }
                '(' | '[' | '{' => nest += 1,
                ')' | ']' | '}' => nest -= 1,
                _ => {}
            }
            text.push(ch);
            self.bump();
        }
        if text.trim().is_empty() {
            return Err(err(line, col, "f-string: empty expression not allowed"));
        }
        let suffix_at = (self.peek(0) != Some('}')).then_some((self.line, self.col));
        let mut conversion = None;
        if self.peek(0) == Some('!') {
            self.bump();
            let (cl, cc) = (self.line, self.col);
            match self.bump() {
                Some(c @ ('r' | 's' | 'a')) => conversion = Some(c),
                _ => {
                    return Err(err(
                        cl,
                        cc,
                        "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                    ))
                }
            }
        }
        let mut spec = None;
        if self.peek(0) == Some(':') {
            self.bump();
            spec = Some(self.pieces(q, true, true)?);
        }
        if self.peek(0) != Some('}') {
            return Err(err(self.line, self.col, "f-string: expecting '}'"));
        }
        self.bump();
        if shown.is_some() && conversion.is_none() && spec.is_none() {
            // CPython shows a self-documenting expression with repr().
            conversion = Some('r');
        }
        let expr = FExpr {
            text,
            line,
            col,
            conversion,
            spec,
            suffix_at,
            own_quote_at,
        };
        Ok((shown, expr))
    }

    /// At an `=` in an f-string's expression: is it the self-documenting
    /// one (only spaces, then `}`, `!` or `:`), not `==` or a keyword's?
    fn ends_debug_expr(&self) -> bool {
        let mut i = 1;
        while let Some(' ' | '\t') = self.peek(i) {
            i += 1;
        }
        matches!(self.peek(i), Some('}' | '!' | ':'))
    }

    /// A string inside an f-string's expression, copied into its text.
    fn nested_string(
        &mut self,
        ch: char,
        text: &mut String,
        line: u32,
        col: u32,
    ) -> Result<(), ParseError> {
        text.push(ch);
        self.bump();
        loop {
            match self.bump() {
                None | Some('\n') => return Err(err(line, col, "f-string: expecting '}'")),
                Some('\\') => {
                    text.push('\\');
                    if let Some(c) = self.bump() {
                        text.push(c);
                    }
                }
                Some(c) => {
                    text.push(c);
                    if c == ch {
                        return Ok(());
                    }
                }
            }
        }
    }
}
