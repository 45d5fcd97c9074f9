//! Source text -> tokens, with Python's INDENT/DEDENT and implicit line
//! joining inside brackets.
//!
//! Positions are 1-based lines and 1-based columns counted in characters (not
//! bytes), the way an editor shows them and the way CPython's `SyntaxError`
//! reports `offset`. String and f-string bodies are in [`strings`], number
//! literals in [`numbers`].

mod numbers;
mod strings;

use crate::interleave::{ParseError, SyntaxKind};

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Name(String),
    Int(i64),
    /// An integer that does not fit 64 bits: its decimal digits.
    BigInt(String),
    Float(f64),
    Str(String),
    /// A bytes literal (`b'...'`, `rb'...'`), escapes decoded.
    Bytes(Vec<u8>),
    /// An f-string: literal text and `{expression}` pieces.
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
    Expr(FExpr),
}

/// One `{expression!conversion:spec}` of an f-string, as text: the parser
/// lexes the expression again from its own position.
#[derive(Debug, Clone, PartialEq)]
pub struct FExpr {
    pub text: String,
    pub line: u32,
    pub col: u32,
    pub conversion: Option<char>,
    /// The format spec, which may itself hold `{expressions}`.
    pub spec: Option<Vec<FPiece>>,
    /// Where the first `!` or `:` after the expression is, if any.
    pub suffix_at: Option<(u32, u32)>,
    /// Where the expression uses the f-string's own quote (allowed since
    /// Python 3.12), if it does.
    pub own_quote_at: Option<(u32, u32)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

// Tried longest first (see `Lexer::op`), so `//=` wins over `//` and `/`.
const OPS3: &[&str] = &["**=", "//=", ">>=", "<<=", "..."];
const OPS2: &[&str] = &[
    "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "->",
    "<<", ">>", ":=",
];
const OPS1: &[&str] = &[
    "+", "-", "*", "/", "%", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "@",
    "&", "|", "^", "~",
];

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: u32,
    col: u32,
    out: Vec<Token>,
    /// Open indentation levels: (width with tabs to 8, width with tabs as 1).
    indents: Vec<(u32, u32)>,
    /// Open brackets, innermost last, with where each opened (an unclosed
    /// one is reported there, as CPython does, not at the end of the file).
    depth: Vec<(char, u32, u32)>,
}

pub(super) fn err(line: u32, col: u32, message: impl Into<String>) -> ParseError {
    ParseError::new(line, col, message)
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
            // As CPython's tokenizer: a tab moves to the next multiple of 8,
            // and the same line measured with tabs as 1 (`alt`) must order
            // the same way, or the meaning depends on the tab width.
            let (mut width, mut alt) = (0u32, 0u32);
            while let Some(c) = self.peek(0) {
                match c {
                    ' ' => {
                        width += 1;
                        alt += 1;
                    }
                    '\t' => {
                        width = (width / 8 + 1) * 8;
                        alt += 1;
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
                Some('\\') if self.peek(1) == Some('\n') => {
                    // A continuation line's indentation does not count.
                    self.bump();
                    self.bump();
                }
                Some(_) => {}
            }
            let (line, col) = (self.line, self.col);
            let inconsistent = || {
                err(
                    line,
                    col,
                    "inconsistent use of tabs and spaces in indentation",
                )
                .as_kind(SyntaxKind::TabError)
            };
            let (cur, cur_alt) = *self.indents.last().unwrap();
            if width > cur {
                if alt <= cur_alt {
                    return Err(inconsistent());
                }
                self.indents.push((width, alt));
                self.push(Tok::Indent, self.line, self.col);
            } else {
                while width < self.indents.last().unwrap().0 {
                    self.indents.pop();
                    self.push(Tok::Dedent, self.line, self.col);
                }
                let (cur, cur_alt) = *self.indents.last().unwrap();
                if width != cur {
                    return Err(err(
                        self.line,
                        self.col,
                        "unindent does not match any outer indentation level",
                    )
                    .as_kind(SyntaxKind::IndentationError));
                }
                if alt != cur_alt {
                    return Err(inconsistent());
                }
            }
            return Ok(true);
        }
    }

    /// A name, or a string with a prefix (`f"..."`, `r'...'`, `b'...'`, `rb`...).
    fn name_or_prefixed_string(&mut self, line: u32, col: u32) -> Result<(), ParseError> {
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
            let lower = s.to_ascii_lowercase();
            if let "b" | "rb" | "br" = lower.as_str() {
                let t = self.bytes(q, lower.contains('r'), line, col)?;
                self.push(t, line, col);
                return Ok(());
            }
            let (raw, fstring) = match lower.as_str() {
                "f" => (false, true),
                "r" => (true, false),
                "u" => (false, false),
                "fr" | "rf" => (true, true),
                _ => {
                    return Err(err(
                        line,
                        col,
                        format!("string prefix '{s}' is not supported here"),
                    )
                    .as_kind(SyntaxKind::Unsupported))
                }
            };
            let t = self.string(q, raw, fstring)?;
            self.push(t, line, col);
            return Ok(());
        }
        self.push(Tok::Name(s), line, col);
        Ok(())
    }

    /// An operator or bracket at the current position.
    fn op(&mut self, c: char, line: u32, col: u32) -> Result<(), ParseError> {
        let rest: String = self.chars[self.pos..].iter().take(3).collect();
        let op = OPS3
            .iter()
            .chain(OPS2)
            .chain(OPS1)
            .find(|op| rest.starts_with(**op));
        let Some(op) = op else {
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
        Ok(())
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
                '\\' => {
                    return Err(err(
                        line,
                        col,
                        "unexpected character after line continuation character",
                    ))
                }
                '0'..='9' => {
                    let t = self.number()?;
                    self.push(t, line, col);
                }
                '.' if matches!(self.peek(1), Some('0'..='9')) => {
                    let t = self.number()?;
                    self.push(t, line, col);
                }
                '"' | '\'' => {
                    let t = self.string(c, false, false)?;
                    self.push(t, line, col);
                }
                c if c.is_alphabetic() || c == '_' => self.name_or_prefixed_string(line, col)?,
                _ => self.op(c, line, col)?,
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
        indents: vec![(0, 0)],
        depth: Vec::new(),
    }
    .run()
}

pub fn tokenize(src: &str) -> Result<Vec<Token>, ParseError> {
    tokenize_at(src, 1, 1)
}
