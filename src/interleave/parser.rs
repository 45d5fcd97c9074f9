//! Tokens -> AST for the Python subset. Every error carries the line and
//! column of the token that made the program invalid.

use super::lexer::{tokenize, tokenize_at, FPiece, Tok, Token};
use super::{ParseError, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    FloorDiv,
    Mod,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Is,
    IsNot,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Int(i64),
    Str(String),
    FStr(Vec<FPart>),
    Bool(bool),
    None,
    Name(String),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    /// `and` (true) / `or` (false)
    BoolOp(bool, Box<Expr>, Box<Expr>),
    Compare(CmpOp, Box<Expr>, Box<Expr>),
    Call(Box<Expr>, Vec<Expr>, Vec<(String, Expr)>),
    Attr(Box<Expr>, String),
    Subscript(Box<Expr>, Box<Expr>),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Dict(Vec<(Expr, Expr)>),
    Lambda(Vec<String>, Box<Expr>),
    /// `a if cond else b`: (cond, a, b)
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone)]
pub enum FPart {
    Lit(String),
    Expr(Expr),
}

#[derive(Debug, Clone)]
pub struct Stmt {
    pub kind: StmtKind,
    /// The statement's first line (for compound statements: the header).
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Handler {
    pub typ: Option<Expr>,
    pub name: Option<String>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum StmtKind {
    Expr(Expr),
    Assign(Vec<Expr>, Expr),
    AugAssign(Expr, BinOp, Expr),
    If(Vec<(Expr, Vec<Stmt>)>, Option<Vec<Stmt>>),
    While(Expr, Vec<Stmt>),
    For(Expr, Expr, Vec<Stmt>),
    Def {
        name: String,
        params: Vec<String>,
        body: Vec<Stmt>,
    },
    Return(Option<Expr>),
    Assert(Expr, Option<Expr>),
    Pass,
    Break,
    Continue,
    Global(Vec<String>),
    Raise(Option<Expr>),
    Try {
        body: Vec<Stmt>,
        handlers: Vec<Handler>,
        orelse: Option<Vec<Stmt>>,
        finally: Option<(Vec<Stmt>, Span)>,
    },
    With(Expr, Option<Expr>, Vec<Stmt>),
    /// `import a` / `import a as b`: (module, bound name)
    Import(Vec<(String, String)>),
    /// `from m import a as b`: (module, [(name, bound name)])
    ImportFrom(String, Vec<(String, String)>),
}

const KEYWORDS: &[&str] = &[
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
    ParseError {
        line,
        col,
        message: message.into(),
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Name(n) => format!("'{n}'"),
        Tok::Int(i) => format!("number {i}"),
        Tok::Str(_) | Tok::FStr(_) => "a string".into(),
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
        if self.is_op(op) {
            self.next();
            true
        } else {
            false
        }
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.is_kw(kw) {
            self.next();
            true
        } else {
            false
        }
    }

    fn unexpected<T>(&self, wanted: &str) -> PResult<T> {
        let t = self.peek();
        Err(perr(
            t.line,
            t.col,
            format!(
                "invalid syntax: expected {wanted}, found {}",
                describe(&t.tok)
            ),
        ))
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

    fn span_from(&self, line: u32, col: u32) -> Span {
        let (end_line, end_col) = self.prev_end();
        Span {
            line,
            col,
            end_line,
            end_col,
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            let t = self.peek();
            return Err(perr(t.line, t.col, "too deeply nested for this model"));
        }
        Ok(())
    }

    // ---------------------------------------------------------- statements

    fn file(&mut self) -> PResult<Vec<Stmt>> {
        let mut out = Vec::new();
        while !matches!(self.peek().tok, Tok::Eof) {
            if matches!(self.peek().tok, Tok::Indent) {
                let t = self.peek();
                return Err(perr(t.line, t.col, "unexpected indent"));
            }
            self.statement(&mut out)?;
        }
        Ok(out)
    }

    fn block(&mut self) -> PResult<Vec<Stmt>> {
        self.enter()?;
        let mut out = Vec::new();
        if matches!(self.peek().tok, Tok::Newline) {
            self.next();
            if !matches!(self.peek().tok, Tok::Indent) {
                let t = self.peek();
                return Err(perr(t.line, t.col, "expected an indented block"));
            }
            self.next();
            while !matches!(self.peek().tok, Tok::Dedent | Tok::Eof) {
                self.statement(&mut out)?;
            }
            if matches!(self.peek().tok, Tok::Dedent) {
                self.next();
            }
        } else {
            self.simple_line(&mut out)?;
        }
        self.nesting -= 1;
        Ok(out)
    }

    fn statement(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let t = self.peek().clone();
        let (line, col) = (t.line, t.col);
        let kw = match &t.tok {
            Tok::Name(n) => n.as_str(),
            _ => "",
        };
        match kw {
            "if" => {
                self.next();
                let mut arms = Vec::new();
                let cond = self.expr()?;
                self.expect_op(":")?;
                let span = self.span_from(line, col);
                arms.push((cond, self.block()?));
                let mut orelse = None;
                loop {
                    if self.eat_kw("elif") {
                        let c = self.expr()?;
                        self.expect_op(":")?;
                        arms.push((c, self.block()?));
                    } else if self.is_kw("else") {
                        self.next();
                        self.expect_op(":")?;
                        orelse = Some(self.block()?);
                        break;
                    } else {
                        break;
                    }
                }
                out.push(Stmt {
                    kind: StmtKind::If(arms, orelse),
                    span,
                });
            }
            "while" => {
                self.next();
                let cond = self.expr()?;
                self.expect_op(":")?;
                let span = self.span_from(line, col);
                let body = self.block()?;
                if self.is_kw("else") {
                    return self.unexpected("a statement ('while ... else' is not supported)");
                }
                out.push(Stmt {
                    kind: StmtKind::While(cond, body),
                    span,
                });
            }
            "for" => {
                self.next();
                let target = self.target_list()?;
                self.expect_kw("in")?;
                let iter = self.expr_list()?;
                self.expect_op(":")?;
                let span = self.span_from(line, col);
                let body = self.block()?;
                if self.is_kw("else") {
                    return self.unexpected("a statement ('for ... else' is not supported)");
                }
                out.push(Stmt {
                    kind: StmtKind::For(target, iter, body),
                    span,
                });
            }
            "def" => {
                self.next();
                let name = self.ident()?;
                self.expect_op("(")?;
                let mut params: Vec<String> = Vec::new();
                while !self.is_op(")") {
                    let pt = self.peek().clone();
                    let p = self.ident()?;
                    if self.is_op("=") || self.is_op(":") {
                        return self.unexpected(
                            "',' or ')' (default values and annotations are not supported)",
                        );
                    }
                    if params.contains(&p) {
                        return Err(perr(
                            pt.line,
                            pt.col,
                            format!("duplicate argument '{p}' in function definition"),
                        ));
                    }
                    params.push(p);
                    if !self.eat_op(",") {
                        break;
                    }
                }
                self.expect_op(")")?;
                if self.is_op("->") {
                    return self.unexpected("':' (return annotations are not supported)");
                }
                self.expect_op(":")?;
                let span = self.span_from(line, col);
                let body = self.block()?;
                out.push(Stmt {
                    kind: StmtKind::Def { name, params, body },
                    span,
                });
            }
            "try" => {
                self.next();
                self.expect_op(":")?;
                let span = self.span_from(line, col);
                let body = self.block()?;
                let mut handlers = Vec::new();
                while self.is_kw("except") {
                    let h = self.next();
                    let mut typ = None;
                    let mut name = None;
                    if !self.is_op(":") {
                        typ = Some(self.expr()?);
                        if self.eat_kw("as") {
                            name = Some(self.ident()?);
                        }
                    }
                    self.expect_op(":")?;
                    let hspan = self.span_from(h.line, h.col);
                    let hbody = self.block()?;
                    handlers.push(Handler {
                        typ,
                        name,
                        body: hbody,
                        span: hspan,
                    });
                }
                let mut orelse = None;
                if !handlers.is_empty() && self.is_kw("else") {
                    self.next();
                    self.expect_op(":")?;
                    orelse = Some(self.block()?);
                }
                let mut finally = None;
                if self.is_kw("finally") {
                    let f = self.next();
                    self.expect_op(":")?;
                    let fspan = self.span_from(f.line, f.col);
                    finally = Some((self.block()?, fspan));
                }
                if handlers.is_empty() && finally.is_none() {
                    return self.unexpected("'except' or 'finally'");
                }
                out.push(Stmt {
                    kind: StmtKind::Try {
                        body,
                        handlers,
                        orelse,
                        finally,
                    },
                    span,
                });
            }
            "with" => {
                self.next();
                let ctx = self.expr()?;
                let mut target = None;
                if self.eat_kw("as") {
                    target = Some(self.target()?);
                }
                if self.is_op(",") {
                    return self.unexpected("':' (one context manager per 'with' here)");
                }
                self.expect_op(":")?;
                let span = self.span_from(line, col);
                let body = self.block()?;
                out.push(Stmt {
                    kind: StmtKind::With(ctx, target, body),
                    span,
                });
            }
            "class" | "async" | "yield" | "await" | "nonlocal" | "del" => {
                return Err(perr(
                    line,
                    col,
                    format!("'{kw}' is not supported by this Python subset"),
                ));
            }
            "elif" | "else" | "except" | "finally" => {
                return Err(perr(
                    line,
                    col,
                    format!("invalid syntax: '{kw}' without a matching statement"),
                ));
            }
            _ => self.simple_line(out)?,
        }
        Ok(())
    }

    /// Simple statements separated by `;`, ending the line.
    fn simple_line(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            out.push(self.simple()?);
            if self.eat_op(";") {
                if matches!(self.peek().tok, Tok::Newline) {
                    break;
                }
                continue;
            }
            break;
        }
        match self.peek().tok {
            Tok::Newline => {
                self.next();
                Ok(())
            }
            Tok::Eof => Ok(()),
            _ => self.unexpected("end of line"),
        }
    }

    fn simple(&mut self) -> PResult<Stmt> {
        let t = self.peek().clone();
        let (line, col) = (t.line, t.col);
        let kw = match &t.tok {
            Tok::Name(n) => n.clone(),
            _ => String::new(),
        };
        let kind = match kw.as_str() {
            "pass" => {
                self.next();
                StmtKind::Pass
            }
            "break" => {
                self.next();
                StmtKind::Break
            }
            "continue" => {
                self.next();
                StmtKind::Continue
            }
            "return" => {
                self.next();
                if self.at_stmt_end() {
                    StmtKind::Return(None)
                } else {
                    StmtKind::Return(Some(self.expr_list()?))
                }
            }
            "raise" => {
                self.next();
                if self.at_stmt_end() {
                    StmtKind::Raise(None)
                } else {
                    let e = self.expr()?;
                    if self.is_kw("from") {
                        return self.unexpected("end of line ('raise ... from' is not supported)");
                    }
                    StmtKind::Raise(Some(e))
                }
            }
            "assert" => {
                self.next();
                let c = self.expr()?;
                let msg = if self.eat_op(",") {
                    Some(self.expr()?)
                } else {
                    None
                };
                StmtKind::Assert(c, msg)
            }
            "global" => {
                self.next();
                let mut names = vec![self.ident()?];
                while self.eat_op(",") {
                    names.push(self.ident()?);
                }
                StmtKind::Global(names)
            }
            "import" => {
                self.next();
                let mut mods = Vec::new();
                loop {
                    let m = self.dotted()?;
                    let alias = if self.eat_kw("as") {
                        self.ident()?
                    } else {
                        m.clone()
                    };
                    mods.push((m, alias));
                    if !self.eat_op(",") {
                        break;
                    }
                }
                StmtKind::Import(mods)
            }
            "from" => {
                self.next();
                let m = self.dotted()?;
                self.expect_kw("import")?;
                let paren = self.eat_op("(");
                let mut names = Vec::new();
                loop {
                    if self.is_op("*") {
                        return self.unexpected("a name ('import *' is not supported)");
                    }
                    let n = self.ident()?;
                    let alias = if self.eat_kw("as") {
                        self.ident()?
                    } else {
                        n.clone()
                    };
                    names.push((n, alias));
                    if !self.eat_op(",") || (paren && self.is_op(")")) {
                        break;
                    }
                }
                if paren {
                    self.expect_op(")")?;
                }
                StmtKind::ImportFrom(m, names)
            }
            _ => {
                let first = self.expr_list()?;
                if let Some(op) = self.aug_op() {
                    self.next();
                    check_target(&first, false)?;
                    let value = self.expr_list()?;
                    StmtKind::AugAssign(first, op, value)
                } else if self.is_op("=") {
                    let mut targets = vec![first];
                    let mut value;
                    loop {
                        self.next();
                        value = self.expr_list()?;
                        if self.is_op("=") {
                            targets.push(value);
                            continue;
                        }
                        break;
                    }
                    for t in &targets {
                        check_target(t, true)?;
                    }
                    StmtKind::Assign(targets, value)
                } else if self.is_op(":") {
                    return self.unexpected("end of line (annotations are not supported)");
                } else {
                    StmtKind::Expr(first)
                }
            }
        };
        Ok(Stmt {
            kind,
            span: self.span_from(line, col),
        })
    }

    fn dotted(&mut self) -> PResult<String> {
        let mut s = self.ident()?;
        while self.eat_op(".") {
            s.push('.');
            s.push_str(&self.ident()?);
        }
        Ok(s)
    }

    fn at_stmt_end(&self) -> bool {
        matches!(self.peek().tok, Tok::Newline | Tok::Eof) || self.is_op(";")
    }

    fn aug_op(&self) -> Option<BinOp> {
        match &self.peek().tok {
            Tok::Op("+=") => Some(BinOp::Add),
            Tok::Op("-=") => Some(BinOp::Sub),
            Tok::Op("*=") => Some(BinOp::Mul),
            Tok::Op("//=") => Some(BinOp::FloorDiv),
            Tok::Op("%=") => Some(BinOp::Mod),
            _ => None,
        }
    }

    fn target(&mut self) -> PResult<Expr> {
        // Not a full expression: `for i in range(3)` must stop before `in`.
        let e = self.postfix()?;
        check_target(&e, true)?;
        Ok(e)
    }

    fn target_list(&mut self) -> PResult<Expr> {
        let (line, col) = (self.peek().line, self.peek().col);
        let first = self.target()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_kw("in") {
                break;
            }
            items.push(self.target()?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            span: self.span_from(line, col),
        })
    }

    // --------------------------------------------------------- expressions

    /// `a, b` (a tuple without parentheses) or a single expression.
    fn expr_list(&mut self) -> PResult<Expr> {
        let (line, col) = (self.peek().line, self.peek().col);
        let first = self.expr()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.at_stmt_end() || self.is_op("=") || self.is_op(")") || self.aug_op().is_some() {
                break;
            }
            items.push(self.expr()?);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            span: self.span_from(line, col),
        })
    }

    fn expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let (line, col) = (self.peek().line, self.peek().col);
        let r = if self.eat_kw("lambda") {
            let mut params = Vec::new();
            while !self.is_op(":") {
                params.push(self.ident()?);
                if !self.eat_op(",") {
                    break;
                }
            }
            self.expect_op(":")?;
            let body = self.expr()?;
            Ok(Expr {
                kind: ExprKind::Lambda(params, Box::new(body)),
                span: self.span_from(line, col),
            })
        } else {
            let a = self.or_expr()?;
            if self.eat_kw("if") {
                let cond = self.or_expr()?;
                self.expect_kw("else")?;
                let b = self.expr()?;
                Ok(Expr {
                    kind: ExprKind::IfExp(Box::new(cond), Box::new(a), Box::new(b)),
                    span: self.span_from(line, col),
                })
            } else {
                Ok(a)
            }
        };
        self.nesting -= 1;
        r
    }

    fn or_expr(&mut self) -> PResult<Expr> {
        let (line, col) = (self.peek().line, self.peek().col);
        let mut a = self.and_expr()?;
        while self.eat_kw("or") {
            let b = self.and_expr()?;
            a = Expr {
                kind: ExprKind::BoolOp(false, Box::new(a), Box::new(b)),
                span: self.span_from(line, col),
            };
        }
        Ok(a)
    }

    fn and_expr(&mut self) -> PResult<Expr> {
        let (line, col) = (self.peek().line, self.peek().col);
        let mut a = self.not_expr()?;
        while self.eat_kw("and") {
            let b = self.not_expr()?;
            a = Expr {
                kind: ExprKind::BoolOp(true, Box::new(a), Box::new(b)),
                span: self.span_from(line, col),
            };
        }
        Ok(a)
    }

    fn not_expr(&mut self) -> PResult<Expr> {
        let (line, col) = (self.peek().line, self.peek().col);
        if self.eat_kw("not") {
            self.enter()?;
            let e = self.not_expr()?;
            self.nesting -= 1;
            return Ok(Expr {
                kind: ExprKind::Not(Box::new(e)),
                span: self.span_from(line, col),
            });
        }
        self.comparison()
    }

    fn cmp_op(&mut self) -> Option<CmpOp> {
        let op = match &self.peek().tok {
            Tok::Op("==") => CmpOp::Eq,
            Tok::Op("!=") => CmpOp::Ne,
            Tok::Op("<") => CmpOp::Lt,
            Tok::Op("<=") => CmpOp::Le,
            Tok::Op(">") => CmpOp::Gt,
            Tok::Op(">=") => CmpOp::Ge,
            Tok::Name(n) if n == "in" => CmpOp::In,
            Tok::Name(n) if n == "not" && matches!(self.peek_at(1), Tok::Name(m) if m == "in") => {
                self.next();
                CmpOp::NotIn
            }
            Tok::Name(n) if n == "is" => {
                if matches!(self.peek_at(1), Tok::Name(m) if m == "not") {
                    self.next();
                    CmpOp::IsNot
                } else {
                    CmpOp::Is
                }
            }
            _ => return None,
        };
        self.next();
        Some(op)
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let (line, col) = (self.peek().line, self.peek().col);
        let a = self.arith()?;
        if let Some(op) = self.cmp_op() {
            let b = self.arith()?;
            let (l, c) = (self.peek().line, self.peek().col);
            if self.cmp_op().is_some() {
                return Err(perr(
                    l,
                    c,
                    "chained comparisons (a < b < c) are not supported: write 'a < b and b < c'",
                ));
            }
            return Ok(Expr {
                kind: ExprKind::Compare(op, Box::new(a), Box::new(b)),
                span: self.span_from(line, col),
            });
        }
        Ok(a)
    }

    fn arith(&mut self) -> PResult<Expr> {
        let (line, col) = (self.peek().line, self.peek().col);
        let mut a = self.term()?;
        loop {
            let op = match self.peek().tok {
                Tok::Op("+") => BinOp::Add,
                Tok::Op("-") => BinOp::Sub,
                _ => break,
            };
            self.next();
            let b = self.term()?;
            a = Expr {
                kind: ExprKind::Bin(op, Box::new(a), Box::new(b)),
                span: self.span_from(line, col),
            };
        }
        Ok(a)
    }

    fn term(&mut self) -> PResult<Expr> {
        let (line, col) = (self.peek().line, self.peek().col);
        let mut a = self.unary()?;
        loop {
            let op = match self.peek().tok {
                Tok::Op("*") => BinOp::Mul,
                Tok::Op("//") => BinOp::FloorDiv,
                Tok::Op("%") => BinOp::Mod,
                Tok::Op("/") => {
                    let t = self.peek();
                    return Err(perr(
                        t.line,
                        t.col,
                        "'/' makes a float, and this model has whole numbers only: use '//'",
                    ));
                }
                _ => break,
            };
            self.next();
            let b = self.unary()?;
            a = Expr {
                kind: ExprKind::Bin(op, Box::new(a), Box::new(b)),
                span: self.span_from(line, col),
            };
        }
        Ok(a)
    }

    fn unary(&mut self) -> PResult<Expr> {
        let (line, col) = (self.peek().line, self.peek().col);
        if self.eat_op("-") {
            self.enter()?;
            let e = self.unary()?;
            self.nesting -= 1;
            if let ExprKind::Int(i) = e.kind {
                return Ok(Expr {
                    kind: ExprKind::Int(-i),
                    span: self.span_from(line, col),
                });
            }
            return Ok(Expr {
                kind: ExprKind::Neg(Box::new(e)),
                span: self.span_from(line, col),
            });
        }
        if self.eat_op("+") {
            return self.unary();
        }
        self.postfix()
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let (line, col) = (self.peek().line, self.peek().col);
        let mut e = self.atom()?;
        loop {
            if self.eat_op("(") {
                let mut args = Vec::new();
                let mut kwargs: Vec<(String, Expr)> = Vec::new();
                while !self.is_op(")") {
                    if self.is_op("*") || self.is_op("**") {
                        return self.unexpected("an argument (*args/**kwargs are not supported)");
                    }
                    if matches!(self.peek().tok, Tok::Name(_))
                        && matches!(self.peek_at(1), Tok::Op("="))
                    {
                        let kt = self.peek().clone();
                        let k = self.ident()?;
                        self.next();
                        if kwargs.iter().any(|(n, _)| *n == k) {
                            return Err(perr(
                                kt.line,
                                kt.col,
                                format!("keyword argument repeated: {k}"),
                            ));
                        }
                        kwargs.push((k, self.expr()?));
                    } else {
                        if !kwargs.is_empty() {
                            let t = self.peek();
                            return Err(perr(
                                t.line,
                                t.col,
                                "positional argument follows keyword argument",
                            ));
                        }
                        args.push(self.expr()?);
                    }
                    if !self.eat_op(",") {
                        break;
                    }
                }
                self.expect_op(")")?;
                e = Expr {
                    kind: ExprKind::Call(Box::new(e), args, kwargs),
                    span: self.span_from(line, col),
                };
            } else if self.eat_op(".") {
                let name = self.ident()?;
                e = Expr {
                    kind: ExprKind::Attr(Box::new(e), name),
                    span: self.span_from(line, col),
                };
            } else if self.eat_op("[") {
                if self.is_op(":") {
                    return self.unexpected("an index (slices are not supported)");
                }
                let idx = self.expr_list()?;
                if self.is_op(":") {
                    return self.unexpected("']' (slices are not supported)");
                }
                self.expect_op("]")?;
                e = Expr {
                    kind: ExprKind::Subscript(Box::new(e), Box::new(idx)),
                    span: self.span_from(line, col),
                };
            } else {
                return Ok(e);
            }
        }
    }

    fn atom(&mut self) -> PResult<Expr> {
        let t = self.next();
        let (line, col) = (t.line, t.col);
        let kind = match t.tok {
            Tok::Int(i) => ExprKind::Int(i),
            Tok::Str(s) => {
                let mut s = s;
                // Adjacent string literals concatenate, as in Python.
                while let Tok::Str(more) = &self.peek().tok {
                    s.push_str(more);
                    self.next();
                }
                ExprKind::Str(s)
            }
            Tok::FStr(pieces) => {
                let mut parts = Vec::new();
                for p in pieces {
                    match p {
                        FPiece::Lit(s) => parts.push(FPart::Lit(s)),
                        FPiece::Expr { text, line, col } => {
                            let lead = text.chars().take_while(|c| *c == ' ').count();
                            let toks = tokenize_at(text.trim_start(), line, col + lead as u32)?;
                            let mut sub = Parser {
                                toks,
                                pos: 0,
                                nesting: self.nesting,
                            };
                            let e = sub.expr()?;
                            if !matches!(sub.peek().tok, Tok::Newline | Tok::Eof) {
                                return sub.unexpected("'}' in the f-string");
                            }
                            parts.push(FPart::Expr(e));
                        }
                    }
                }
                ExprKind::FStr(parts)
            }
            Tok::Name(n) => match n.as_str() {
                "True" => ExprKind::Bool(true),
                "False" => ExprKind::Bool(false),
                "None" => ExprKind::None,
                _ if KEYWORDS.contains(&n.as_str()) => {
                    return Err(perr(
                        line,
                        col,
                        format!("invalid syntax: unexpected keyword '{n}'"),
                    ))
                }
                _ => ExprKind::Name(n),
            },
            Tok::Op("(") => {
                if self.eat_op(")") {
                    ExprKind::Tuple(Vec::new())
                } else {
                    let inner = self.expr()?;
                    if self.is_op(",") {
                        let mut items = vec![inner];
                        while self.eat_op(",") {
                            if self.is_op(")") {
                                break;
                            }
                            items.push(self.expr()?);
                        }
                        self.expect_op(")")?;
                        ExprKind::Tuple(items)
                    } else {
                        self.expect_op(")")?;
                        return Ok(Expr {
                            kind: inner.kind,
                            span: self.span_from(line, col),
                        });
                    }
                }
            }
            Tok::Op("[") => {
                let mut items = Vec::new();
                while !self.is_op("]") {
                    items.push(self.expr()?);
                    if self.is_kw("for") {
                        return self.unexpected("']' (comprehensions are not supported)");
                    }
                    if !self.eat_op(",") {
                        break;
                    }
                }
                self.expect_op("]")?;
                ExprKind::List(items)
            }
            Tok::Op("{") => {
                let mut items = Vec::new();
                while !self.is_op("}") {
                    let k = self.expr()?;
                    if !self.is_op(":") {
                        return self.unexpected("':' (only dicts use braces here, not sets)");
                    }
                    self.next();
                    let v = self.expr()?;
                    items.push((k, v));
                    if !self.eat_op(",") {
                        break;
                    }
                }
                self.expect_op("}")?;
                ExprKind::Dict(items)
            }
            other => {
                return Err(perr(
                    line,
                    col,
                    format!("invalid syntax: unexpected {}", describe(&other)),
                ))
            }
        };
        Ok(Expr {
            kind,
            span: self.span_from(line, col),
        })
    }
}

fn check_target(e: &Expr, allow_tuple: bool) -> PResult<()> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Subscript(..) => Ok(()),
        ExprKind::Tuple(items) if allow_tuple => {
            for i in items {
                check_target(i, false)?;
            }
            Ok(())
        }
        ExprKind::Attr(..) => Err(perr(
            e.span.line,
            e.span.col,
            "assigning to attributes is not supported here",
        )),
        _ => Err(perr(e.span.line, e.span.col, "cannot assign to expression")),
    }
}

pub fn parse(src: &str) -> Result<Vec<Stmt>, ParseError> {
    let toks = tokenize(src)?;
    Parser {
        toks,
        pos: 0,
        nesting: 0,
    }
    .file()
}
