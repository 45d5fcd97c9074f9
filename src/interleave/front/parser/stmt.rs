//! Statements: compound ones (`if`, loops with `else`, `def`, `class`,
//! `try`, `with`, decorators, `async def`) and simple ones, `;`-separated.

use super::super::lexer::Tok;
use super::lists::check_target;
use super::{perr, PResult, Parser};
use crate::interleave::ast::{BinOp, Expr, ExprKind, Handler, Stmt, StmtKind};
use crate::interleave::{SourceSpan, SyntaxKind};

impl Parser {
    pub(super) fn file(&mut self) -> PResult<Vec<Stmt>> {
        let mut out = Vec::new();
        while !matches!(self.peek().tok, Tok::Eof) {
            self.statement(&mut out)?;
        }
        Ok(out)
    }

    /// The block after a header: `after` names the header as CPython's
    /// IndentationError does ("'if' statement", "function definition"),
    /// `line` is where it started.
    fn block(&mut self, after: &str, line: u32) -> PResult<Vec<Stmt>> {
        self.nested(|p| {
            let mut out = Vec::new();
            if !matches!(p.peek().tok, Tok::Newline) {
                p.simple_line(&mut out)?;
                return Ok(out);
            }
            p.next();
            if !matches!(p.peek().tok, Tok::Indent) {
                return Err(p
                    .error_here(format!(
                        "expected an indented block after {after} on line {line}"
                    ))
                    .as_kind(SyntaxKind::IndentationError));
            }
            p.next();
            while !matches!(p.peek().tok, Tok::Dedent | Tok::Eof) {
                p.statement(&mut out)?;
            }
            if matches!(p.peek().tok, Tok::Dedent) {
                p.next();
            }
            Ok(out)
        })
    }

    /// `else:` and its block, if next.
    fn else_block(&mut self) -> PResult<Option<Vec<Stmt>>> {
        let line = self.peek().line;
        if !self.eat_kw("else") {
            return Ok(None);
        }
        self.expect_op(":")?;
        Ok(Some(self.block("'else' statement", line)?))
    }

    /// `:` ending a header started at `start`; the header's span.
    fn header_end(&mut self, start: (u32, u32)) -> PResult<SourceSpan> {
        self.expect_op(":")?;
        Ok(self.span_from(start))
    }

    fn statement(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        if matches!(self.peek().tok, Tok::Indent) {
            return Err(self
                .error_here("unexpected indent")
                .as_kind(SyntaxKind::IndentationError));
        }
        let start = self.here();
        let kw = match &self.peek().tok {
            Tok::Name(n) => n.clone(),
            Tok::Op("@") => "@".to_string(),
            _ => String::new(),
        };
        let (kind, span) = match kw.as_str() {
            "if" => self.if_stmt(start)?,
            "while" => {
                self.next();
                let cond = self.expr()?;
                let span = self.header_end(start)?;
                let body = self.block("'while' statement", start.0)?;
                (StmtKind::While(cond, body, self.else_block()?), span)
            }
            "for" => {
                self.next();
                let target = self.target_list("in")?;
                self.expect_kw("in")?;
                let iter = self.expr_list()?;
                let span = self.header_end(start)?;
                let body = self.block("'for' statement", start.0)?;
                (StmtKind::For(target, iter, body, self.else_block()?), span)
            }
            "def" | "class" | "@" | "async" => self.definition(Vec::new())?,
            "try" => self.try_stmt(start)?,
            "with" => self.with_stmt(start)?,
            "elif" | "else" | "except" | "finally" => {
                return Err(perr(
                    start.0,
                    start.1,
                    format!("invalid syntax: '{kw}' without a matching statement"),
                ));
            }
            _ => return self.simple_line(out),
        };
        out.push(Stmt { kind, span });
        Ok(())
    }

    fn if_stmt(&mut self, start: (u32, u32)) -> PResult<(StmtKind, SourceSpan)> {
        self.next();
        let cond = self.expr()?;
        let span = self.header_end(start)?;
        let mut arms = vec![(cond, self.block("'if' statement", start.0)?)];
        while self.is_kw("elif") {
            let line = self.next().line;
            let c = self.expr()?;
            self.expect_op(":")?;
            arms.push((c, self.block("'elif' statement", line)?));
        }
        Ok((StmtKind::If(arms, self.else_block()?), span))
    }

    /// `def`, `async def` or `class`, after any decorators (`@` lines).
    fn definition(&mut self, mut decorators: Vec<Expr>) -> PResult<(StmtKind, SourceSpan)> {
        while self.eat_op("@") {
            decorators.push(self.expr()?);
            if !matches!(self.peek().tok, Tok::Newline) {
                return self.unexpected("end of line");
            }
            self.next();
        }
        let start = self.here();
        let is_async = self.eat_kw("async");
        if is_async && !self.is_kw("def") {
            return Err(perr(
                start.0,
                start.1,
                "'async for' and 'async with' are not supported",
            )
            .as_kind(SyntaxKind::Unsupported));
        }
        if self.eat_kw("class") {
            let name = self.ident()?;
            let mut bases = Vec::new();
            let mut keywords = Vec::new();
            if self.eat_op("(") {
                let (args, kwargs) = self.call_args()?;
                for (k, v) in kwargs {
                    let Some(k) = k else {
                        return Err(perr(
                            start.0,
                            start.1,
                            "'**' in a class's bases is not supported",
                        )
                        .as_kind(SyntaxKind::Unsupported));
                    };
                    keywords.push((k, v));
                }
                bases = args;
            }
            let span = self.header_end(start)?;
            let body = self.block("class definition", start.0)?;
            let kind = StmtKind::Class {
                name,
                bases,
                keywords,
                body,
                decorators,
            };
            return Ok((kind, span));
        }
        self.expect_kw("def")?;
        let name = self.ident()?;
        self.expect_op("(")?;
        let params = self.params(")", true)?;
        self.expect_op(")")?;
        if self.eat_op("->") {
            self.expr()?;
        }
        let span = self.header_end(start)?;
        let body = self.block("function definition", start.0)?;
        let kind = StmtKind::Def {
            name,
            params,
            body,
            decorators,
            is_async,
        };
        Ok((kind, span))
    }

    fn try_stmt(&mut self, start: (u32, u32)) -> PResult<(StmtKind, SourceSpan)> {
        self.next();
        let span = self.header_end(start)?;
        let body = self.block("'try' statement", start.0)?;
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
            let hspan = self.header_end((h.line, h.col))?;
            handlers.push(Handler {
                typ,
                name,
                body: self.block("'except' statement", h.line)?,
                span: hspan,
            });
        }
        let orelse = if handlers.is_empty() {
            None
        } else {
            self.else_block()?
        };
        let mut finally = None;
        if self.is_kw("finally") {
            let f = self.next();
            let fspan = self.header_end((f.line, f.col))?;
            finally = Some((self.block("'finally' statement", f.line)?, fspan));
        }
        if handlers.is_empty() && finally.is_none() {
            return self.unexpected("'except' or 'finally'");
        }
        let kind = StmtKind::Try {
            body,
            handlers,
            orelse,
            finally,
        };
        Ok((kind, span))
    }

    fn with_stmt(&mut self, start: (u32, u32)) -> PResult<(StmtKind, SourceSpan)> {
        self.next();
        // `with (a as x, b):` — parenthesised items — only when an `as`
        // or a trailing comma shows the parentheses are not an expression.
        let parenthesised = self.is_op("(") && self.with_parens_hold_items();
        if parenthesised {
            self.next();
        }
        let mut items = Vec::new();
        loop {
            let ctx = self.expr()?;
            let target = if self.eat_kw("as") {
                let t = self.primary_target()?;
                Some(t)
            } else {
                None
            };
            items.push((ctx, target));
            if !self.eat_op(",") || (parenthesised && self.is_op(")")) {
                break;
            }
        }
        if parenthesised {
            self.expect_op(")")?;
        }
        let span = self.header_end(start)?;
        Ok((
            StmtKind::With(items, self.block("'with' statement", start.0)?),
            span,
        ))
    }

    /// Looks ahead from a `(` after `with`: does an `as` appear directly
    /// inside it, or is the `)` followed by `:` with a comma inside?
    fn with_parens_hold_items(&self) -> bool {
        let mut depth = 0;
        let mut comma = false;
        for k in 0.. {
            match self.peek_at(k) {
                Tok::Op("(" | "[" | "{") => depth += 1,
                Tok::Op(")" | "]" | "}") => {
                    depth -= 1;
                    if depth == 0 {
                        return comma && matches!(self.peek_at(k + 1), Tok::Op(":"));
                    }
                }
                Tok::Name(n) if n == "as" && depth == 1 => return true,
                Tok::Op(",") if depth == 1 => comma = true,
                Tok::Newline | Tok::Eof => return false,
                _ => {}
            }
        }
        false
    }

    /// A `with ... as` target: a name, attribute, subscript or tuple.
    fn primary_target(&mut self) -> PResult<Expr> {
        let e = self.primary()?;
        check_target(&e, true)?;
        Ok(e)
    }

    /// Simple statements separated by `;`, ending the line.
    pub(super) fn simple_line(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            out.push(self.simple()?);
            if !self.eat_op(";") || matches!(self.peek().tok, Tok::Newline | Tok::Eof) {
                break;
            }
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

    pub(super) fn aug_op(&self) -> Option<BinOp> {
        let Tok::Op(o) = self.peek().tok else {
            return None;
        };
        Some(match o {
            "+=" => BinOp::Add,
            "-=" => BinOp::Sub,
            "*=" => BinOp::Mul,
            "/=" => BinOp::Div,
            "//=" => BinOp::FloorDiv,
            "%=" => BinOp::Mod,
            "**=" => BinOp::Pow,
            "<<=" => BinOp::LShift,
            ">>=" => BinOp::RShift,
            "&=" => BinOp::BitAnd,
            "|=" => BinOp::BitOr,
            "^=" => BinOp::BitXor,
            _ => return None,
        })
    }

    /// The value of an assignment: an expression list or a `yield`.
    fn value(&mut self) -> PResult<Expr> {
        if self.is_kw("yield") {
            self.yield_expr()
        } else {
            self.expr_list()
        }
    }

    fn names(&mut self) -> PResult<Vec<String>> {
        let mut names = vec![self.ident()?];
        while self.eat_op(",") {
            names.push(self.ident()?);
        }
        Ok(names)
    }

    fn simple(&mut self) -> PResult<Stmt> {
        let start = self.here();
        let kw = match &self.peek().tok {
            Tok::Name(n) => n.clone(),
            _ => String::new(),
        };
        let keyword = [
            "pass", "break", "continue", "return", "raise", "assert", "global", "nonlocal", "del",
            "import", "from",
        ];
        if keyword.contains(&kw.as_str()) {
            self.next();
        }
        let kind = match kw.as_str() {
            "pass" => StmtKind::Pass,
            "break" => StmtKind::Break,
            "continue" => StmtKind::Continue,
            "return" if self.at_stmt_end() => StmtKind::Return(None),
            "return" => StmtKind::Return(Some(self.expr_list()?)),
            "raise" if self.at_stmt_end() => StmtKind::Raise(None, None),
            "raise" => {
                let e = self.expr()?;
                let cause = if self.eat_kw("from") {
                    Some(self.expr()?)
                } else {
                    None
                };
                StmtKind::Raise(Some(e), cause)
            }
            "assert" => {
                let c = self.expr()?;
                let msg = if self.eat_op(",") {
                    Some(self.expr()?)
                } else {
                    None
                };
                StmtKind::Assert(c, msg)
            }
            "global" => StmtKind::Global(self.names()?),
            "nonlocal" => StmtKind::Nonlocal(self.names()?),
            "del" => {
                let targets = match self.expr_list()? {
                    Expr {
                        kind: ExprKind::Tuple(items),
                        ..
                    } => items,
                    e => vec![e],
                };
                for t in &targets {
                    if matches!(t.kind, ExprKind::Starred(_)) {
                        return Err(perr(t.span.line, t.span.col, "cannot delete starred"));
                    }
                    check_target(t, true)?;
                }
                StmtKind::Del(targets)
            }
            "import" => self.import()?,
            "from" => self.import_from()?,
            _ => self.expression_statement()?,
        };
        Ok(Stmt {
            kind,
            span: self.span_from(start),
        })
    }

    /// An expression, an assignment (`a = b = c`), an augmented assignment,
    /// an annotated one (`x: int = 5`), or a `yield`.
    fn expression_statement(&mut self) -> PResult<StmtKind> {
        let first = self.value()?;
        if let Some(op) = self.aug_op() {
            let (line, col) = (first.span.line, first.span.col);
            if !matches!(
                first.kind,
                ExprKind::Name(_) | ExprKind::Attr(..) | ExprKind::Subscript(..)
            ) {
                return Err(perr(
                    line,
                    col,
                    "illegal expression for augmented assignment",
                ));
            }
            self.next();
            return Ok(StmtKind::AugAssign(first, op, self.value()?));
        }
        if self.eat_op(":") {
            if !matches!(
                first.kind,
                ExprKind::Name(_) | ExprKind::Attr(..) | ExprKind::Subscript(..)
            ) {
                let (line, col) = (first.span.line, first.span.col);
                return Err(perr(line, col, "illegal target for annotation"));
            }
            let annotation = self.expr()?;
            let value = if self.eat_op("=") {
                Some(self.value()?)
            } else {
                None
            };
            return Ok(StmtKind::AnnAssign(first, annotation, value));
        }
        if !self.is_op("=") {
            return Ok(StmtKind::Expr(first));
        }
        let mut targets = vec![first];
        let mut value;
        loop {
            self.next();
            value = self.value()?;
            if !self.is_op("=") {
                break;
            }
            targets.push(value);
        }
        for t in &targets {
            check_target(t, true)?;
        }
        Ok(StmtKind::Assign(targets, value))
    }

    fn dotted(&mut self) -> PResult<String> {
        let mut s = self.ident()?;
        while self.eat_op(".") {
            s.push('.');
            s.push_str(&self.ident()?);
        }
        Ok(s)
    }

    /// After `import`: `a.b.c` binds `a`, as in Python; `a.b as c` binds
    /// `c`.
    fn import(&mut self) -> PResult<StmtKind> {
        let mut mods = Vec::new();
        loop {
            let m = self.dotted()?;
            let bound = if self.eat_kw("as") {
                self.ident()?
            } else {
                m.split('.').next().unwrap_or_default().to_string()
            };
            mods.push((m, bound));
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(StmtKind::Import(mods))
    }

    /// After `from`: `m import a as b, c`, `m import (a, b)`, `m import *`.
    fn import_from(&mut self) -> PResult<StmtKind> {
        let m = self.dotted()?;
        self.expect_kw("import")?;
        if self.eat_op("*") {
            return Ok(StmtKind::ImportFrom(m, vec![("*".into(), "*".into())]));
        }
        let paren = self.eat_op("(");
        let mut names = Vec::new();
        loop {
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
        Ok(StmtKind::ImportFrom(m, names))
    }
}
