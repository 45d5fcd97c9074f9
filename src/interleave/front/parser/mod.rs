//! Tokens -> syntax tree ([`crate::interleave::ast`]). Every error carries
//! the line and column of the token that made the program invalid.
//!
//! Recursive descent following CPython's grammar: statements in [`stmt`],
//! expressions in [`expr`], the comma-separated forms (call arguments,
//! parameters, displays, comprehensions) in [`lists`].

mod expr;
mod lists;
mod stmt;

use super::lexer::{tokenize, Tok, Token};
use crate::interleave::ast::{Expr, ExprKind, Stmt};
use crate::interleave::{ParseError, SourceSpan};

pub(crate) const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Nesting deeper than this is refused rather than risking the native stack
/// (the parser is recursive descent).
const MAX_NESTING: u32 = 60;

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    nesting: u32,
}

type PResult<T> = Result<T, ParseError>;

fn perr(line: u32, col: u32, message: impl Into<String>) -> ParseError {
    ParseError::new(line, col, message)
}

/// A token as an error message names it ("found ...").
pub(crate) fn describe(t: &Tok) -> String {
    match t {
        Tok::Name(n) => format!("'{n}'"),
        Tok::Int(i) => format!("number {i}"),
        Tok::BigInt(i) => format!("number {i}"),
        Tok::Float(f) => format!("number {f}"),
        Tok::Str(_) | Tok::FStr(_) | Tok::Bytes(_) => "a string".into(),
        Tok::Op(o) => format!("'{o}'"),
        Tok::Newline => "end of line".into(),
        Tok::Indent => "an indent".into(),
        Tok::Dedent => "a dedent".into(),
        Tok::Eof => "end of file".into(),
    }
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.toks[self.pos]
    }

    fn peek_at(&self, k: usize) -> &Tok {
        &self.toks[(self.pos + k).min(self.toks.len() - 1)].tok
    }

    fn next(&mut self) -> Token {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn here(&self) -> (u32, u32) {
        (self.peek().line, self.peek().col)
    }

    fn prev_end(&self) -> (u32, u32) {
        let t = &self.toks[self.pos.saturating_sub(1)];
        (t.end_line, t.end_col)
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(&self.peek().tok, Tok::Op(o) if *o == op)
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(&self.peek().tok, Tok::Name(n) if n == kw)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        let yes = self.is_op(op);
        if yes {
            self.next();
        }
        yes
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        let yes = self.is_kw(kw);
        if yes {
            self.next();
        }
        yes
    }

    fn error_here(&self, message: impl Into<String>) -> ParseError {
        let t = self.peek();
        perr(t.line, t.col, message)
    }

    fn unexpected<T>(&self, wanted: &str) -> PResult<T> {
        let found = describe(&self.peek().tok);
        // CPython names a missing ':' exactly; elsewhere it says only
        // "invalid syntax", and the rest is our hint.
        if wanted == "':'" {
            return Err(self.error_here("expected ':'"));
        }
        Err(self.error_here(format!("invalid syntax: expected {wanted}, found {found}")))
    }

    fn expect_op(&mut self, op: &str) -> PResult<()> {
        if self.eat_op(op) {
            Ok(())
        } else {
            self.unexpected(&format!("'{op}'"))
        }
    }

    fn expect_kw(&mut self, kw: &str) -> PResult<()> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            self.unexpected(&format!("'{kw}'"))
        }
    }

    fn is_name(&self) -> bool {
        matches!(&self.peek().tok, Tok::Name(n) if !KEYWORDS.contains(&n.as_str()))
    }

    fn ident(&mut self) -> PResult<String> {
        match &self.peek().tok {
            Tok::Name(n) if !KEYWORDS.contains(&n.as_str()) => {
                let n = n.clone();
                self.next();
                Ok(n)
            }
            _ => self.unexpected("a name"),
        }
    }

    fn span_from(&self, (line, col): (u32, u32)) -> SourceSpan {
        let (end_line, end_col) = self.prev_end();
        SourceSpan {
            line,
            col,
            end_line,
            end_col,
        }
    }

    fn node(&self, kind: ExprKind, start: (u32, u32)) -> Expr {
        Expr {
            kind,
            span: self.span_from(start),
        }
    }

    /// Runs `f` one nesting level deeper (see [`MAX_NESTING`]).
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(self.error_here("too deeply nested for this model"));
        }
        let r = f(self);
        self.nesting -= 1;
        r
    }

    fn at_stmt_end(&self) -> bool {
        matches!(self.peek().tok, Tok::Newline | Tok::Eof) || self.is_op(";")
    }
}

/// Parses a whole module.
pub fn parse_module(src: &str) -> Result<Vec<Stmt>, ParseError> {
    let toks = tokenize(src)?;
    Parser {
        toks,
        pos: 0,
        nesting: 0,
    }
    .file()
}
