//! Source text -> tokens, with Python's INDENT/DEDENT and implicit line
//! joining inside brackets.
//!
//! Positions are 1-based lines and 1-based columns counted in characters (not
//! bytes), the way an editor shows them and the way CPython's `SyntaxError`
//! reports `offset`.

use super::ParseError;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Name(String),
    Int(i64),
    Str(String),
    /// An f-string: literal text and `{expression}` pieces, each expression
    /// with the position of its first character.
    FStr(Vec<FPiece>),
    Op(&'static str),
    Newline,
    Indent,
    Dedent,
    Eof,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FPiece {
    Lit(String),
    Expr { text: String, line: u32, col: u32 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

// Longest first, so `//=` wins over `//` and `/`.
const OPS: &[&str] = &[
    "//=", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "%=", "->", "+", "-", "*", "/",
    "%", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "@", "&", "|", "^", "~",
];

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: u32,
    col: u32,
    out: Vec<Token>,
    indents: Vec<u32>,
    /// Open brackets, innermost last, with where each opened (an unclosed
    /// one is reported there, as CPython does, not at the end of the file).
    depth: Vec<(char, u32, u32)>,
}

fn err(line: u32, col: u32, message: impl Into<String>) -> ParseError {
    ParseError {
        line,
        col,
        message: message.into(),
    }
}

impl Lexer {
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.pos + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn push(&mut self, tok: Tok, line: u32, col: u32) {
        self.out.push(Token {
            tok,
            line,
            col,
            end_line: self.line,
            end_col: self.col,
        });
    }

    /// At the start of a logical line: measure indentation, skip blank and
    /// comment-only lines, emit INDENT/DEDENT.
    fn line_start(&mut self) -> Result<bool, ParseError> {
        loop {
            let mut width = 0u32;
            while let Some(c) = self.peek(0) {
                match c {
                    ' ' => width += 1,
                    '\t' => {
                        return Err(err(
                            self.line,
                            self.col,
                            "tab in indentation: indent with spaces",
                        ))
                    }
                    '\x0c' | '\r' => {}
                    _ => break,
                }
                self.bump();
            }
            match self.peek(0) {
                None => return Ok(false),
                Some('\n') => {
                    self.bump();
                    continue;
                }
                Some('#') => {
                    while !matches!(self.peek(0), None | Some('\n')) {
                        self.bump();
                    }
                    continue;
                }
                Some(_) => {}
            }
            let cur = *self.indents.last().unwrap();
            if width > cur {
                self.indents.push(width);
                self.push(Tok::Indent, self.line, self.col);
            } else {
                while width < *self.indents.last().unwrap() {
                    self.indents.pop();
                    self.push(Tok::Dedent, self.line, self.col);
                }
                if width != *self.indents.last().unwrap() {
                    return Err(err(
                        self.line,
                        self.col,
                        "unindent does not match any outer indentation level",
                    ));
                }
            }
            return Ok(true);
        }
    }

    fn string(&mut self, quote: char, fstring: bool) -> Result<Tok, ParseError> {
        let (line, col) = (self.line, self.col);
        let triple = self.peek(0) == Some(quote)
            && self.peek(1) == Some(quote)
            && self.peek(2) == Some(quote);
        for _ in 0..if triple { 3 } else { 1 } {
            self.bump();
        }
        let mut pieces = Vec::new();
        let mut lit = String::new();
        loop {
            let Some(c) = self.peek(0) else {
                return Err(err(line, col, "unterminated string literal"));
            };
            if c == quote {
                if !triple {
                    self.bump();
                    break;
                }
                if self.peek(1) == Some(quote) && self.peek(2) == Some(quote) {
                    self.bump();
                    self.bump();
                    self.bump();
                    break;
                }
            }
            if c == '\n' && !triple {
                return Err(err(line, col, "unterminated string literal"));
            }
            if c == '\\' {
                self.bump();
                let Some(e) = self.bump() else {
                    return Err(err(line, col, "unterminated string literal"));
                };
                match e {
                    'n' => lit.push('\n'),
                    't' => lit.push('\t'),
                    '\\' => lit.push('\\'),
                    '\'' => lit.push('\''),
                    '"' => lit.push('"'),
                    '\n' => {}
                    '0' => lit.push('\0'),
                    other => {
                        lit.push('\\');
                        lit.push(other);
                    }
                }
                continue;
            }
            if fstring && c == '{' {
                if self.peek(1) == Some('{') {
                    self.bump();
                    self.bump();
                    lit.push('{');
                    continue;
                }
                self.bump();
                let (el, ec) = (self.line, self.col);
                let mut text = String::new();
                let mut nest = 0;
                loop {
                    match self.peek(0) {
                        None | Some('\n') => {
                            return Err(err(el, ec, "f-string: expecting '}'"));
                        }
                        Some(ch) if ch == quote => {
                            return Err(err(
                                self.line,
                                self.col,
                                "f-string: this model does not allow the string's own quote inside {}",
                            ));
                        }
                        Some('}') if nest == 0 => {
                            self.bump();
                            break;
                        }
                        Some(ch @ (':' | '!')) if nest == 0 && self.peek(1) != Some('=') => {
                            return Err(err(
                                self.line,
                                self.col,
                                format!("f-string: format specs and conversions ('{ch}') are not supported here"),
                            ));
                        }
                        Some(ch) => {
                            if "([{".contains(ch) {
                                nest += 1;
                            }
                            if ")]}".contains(ch) {
                                nest -= 1;
                            }
                            text.push(ch);
                            self.bump();
                        }
                    }
                }
                if text.trim().is_empty() {
                    return Err(err(el, ec, "f-string: empty expression not allowed"));
                }
                if !lit.is_empty() {
                    pieces.push(FPiece::Lit(std::mem::take(&mut lit)));
                }
                pieces.push(FPiece::Expr {
                    text,
                    line: el,
                    col: ec,
                });
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
        if fstring {
            if !lit.is_empty() {
                pieces.push(FPiece::Lit(lit));
            }
            Ok(Tok::FStr(pieces))
        } else {
            Ok(Tok::Str(lit))
        }
    }

    fn run(mut self) -> Result<Vec<Token>, ParseError> {
        let mut at_line_start = true;
        loop {
            if at_line_start && self.depth.is_empty() {
                if !self.line_start()? {
                    break;
                }
                at_line_start = false;
            }
            let Some(c) = self.peek(0) else { break };
            let (line, col) = (self.line, self.col);
            match c {
                ' ' | '\t' | '\r' | '\x0c' => {
                    self.bump();
                }
                '\n' => {
                    self.bump();
                    if self.depth.is_empty() {
                        self.push(Tok::Newline, line, col);
                        at_line_start = true;
                    }
                }
                '#' => {
                    while !matches!(self.peek(0), None | Some('\n')) {
                        self.bump();
                    }
                }
                '\\' if self.peek(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                }
                '0'..='9' => {
                    let mut s = String::new();
                    while let Some(d) = self.peek(0) {
                        if d.is_ascii_alphanumeric() || d == '_' || d == '.' {
                            s.push(d);
                            self.bump();
                        } else {
                            break;
                        }
                    }
                    let digits: String = s.chars().filter(|&d| d != '_').collect();
                    if s.contains('.') || s.contains('e') || s.contains('E') {
                        return Err(err(
                            line,
                            col,
                            format!("'{s}': this model has whole numbers only (no floats)"),
                        ));
                    }
                    let v: i64 = digits.parse().map_err(|_| {
                        err(
                            line,
                            col,
                            format!("'{s}' is not a whole number this model can hold"),
                        )
                    })?;
                    self.push(Tok::Int(v), line, col);
                }
                '"' | '\'' => {
                    let t = self.string(c, false)?;
                    self.push(t, line, col);
                }
                c if c.is_alphabetic() || c == '_' => {
                    let mut s = String::new();
                    while let Some(d) = self.peek(0) {
                        if d.is_alphanumeric() || d == '_' {
                            s.push(d);
                            self.bump();
                        } else {
                            break;
                        }
                    }
                    if let Some(q @ ('"' | '\'')) = self.peek(0) {
                        match s.as_str() {
                            "f" | "F" => {
                                let t = self.string(q, true)?;
                                self.push(t, line, col);
                                continue;
                            }
                            _ => {
                                return Err(err(
                                    line,
                                    col,
                                    format!("string prefix '{s}' is not supported here"),
                                ))
                            }
                        }
                    }
                    self.push(Tok::Name(s), line, col);
                }
                _ => {
                    let rest: String = self.chars[self.pos..].iter().take(3).collect();
                    let Some(op) = OPS.iter().find(|op| rest.starts_with(**op)) else {
                        return Err(err(line, col, format!("invalid character '{c}'")));
                    };
                    for _ in 0..op.chars().count() {
                        self.bump();
                    }
                    match *op {
                        "(" | "[" | "{" => self.depth.push((c, line, col)),
                        ")" | "]" | "}" => {
                            let open = match c {
                                ')' => '(',
                                ']' => '[',
                                _ => '{',
                            };
                            if self.depth.pop().map(|(b, _, _)| b) != Some(open) {
                                return Err(err(line, col, format!("unmatched '{c}'")));
                            }
                        }
                        _ => {}
                    }
                    self.push(Tok::Op(op), line, col);
                }
            }
        }
        if let Some(&(open, line, col)) = self.depth.last() {
            return Err(err(line, col, format!("'{open}' was never closed")));
        }
        if !matches!(
            self.out.last().map(|t| &t.tok),
            None | Some(Tok::Newline) | Some(Tok::Dedent)
        ) {
            self.push(Tok::Newline, self.line, self.col);
        }
        while self.indents.len() > 1 {
            self.indents.pop();
            self.push(Tok::Dedent, self.line, self.col);
        }
        self.push(Tok::Eof, self.line, self.col);
        Ok(self.out)
    }
}

/// Tokenizes `src`, starting at `line`:`col` (f-string pieces are lexed
/// again with their own position).
pub fn tokenize_at(src: &str, line: u32, col: u32) -> Result<Vec<Token>, ParseError> {
    Lexer {
        chars: src.chars().collect(),
        pos: 0,
        line,
        col,
        out: Vec::new(),
        indents: vec![0],
        depth: Vec::new(),
    }
    .run()
}

pub fn tokenize(src: &str) -> Result<Vec<Token>, ParseError> {
    tokenize_at(src, 1, 1)
}
