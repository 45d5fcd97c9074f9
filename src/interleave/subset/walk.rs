//! The walk over the tree that finds what the game's subset lacks: each
//! refusal at the token where the game's own parser stopped.

use super::{children, err, found, in_model, is_ident};
use crate::interleave::ast::{BinOp, Expr, ExprKind, Stmt, StmtKind};
use crate::interleave::front::lexer::{Tok, Token};
use crate::interleave::ParseError;

const CHAINED: &str = "chained comparisons (a < b < c) are not supported: write 'a < b and b < c'";

pub(super) struct Walker<'a> {
    pub toks: &'a [Token],
    /// The earliest refusal found so far.
    pub best: Option<ParseError>,
}

impl Walker<'_> {
    fn refuse(&mut self, e: ParseError) {
        let earlier = match &self.best {
            None => true,
            Some(b) => (e.line, e.col) < (b.line, b.col),
        };
        if earlier {
            self.best = Some(e);
        }
    }

    fn at(&mut self, line: u32, col: u32, message: impl Into<String>) {
        self.refuse(err(line, col, message));
    }

    /// The first real token at or after `line`:`col` (an INDENT or DEDENT
    /// shares its position with the token after it).
    fn index_at(&self, line: u32, col: u32) -> usize {
        let mut i = self.toks.partition_point(|t| (t.line, t.col) < (line, col));
        while i + 1 < self.toks.len() && matches!(self.toks[i].tok, Tok::Indent | Tok::Dedent) {
            i += 1;
        }
        i.min(self.toks.len() - 1)
    }

    /// The first token after `e`.
    fn after(&self, e: &Expr) -> &Token {
        &self.toks[self.index_at(e.span.end_line, e.span.end_col)]
    }

    /// The last token before `e` (its `*`, `**` or `@`).
    fn before(&self, e: &Expr) -> &Token {
        &self.toks[self.index_at(e.span.line, e.span.col).saturating_sub(1)]
    }

    fn block(&mut self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    /// A loop's `else` block: refused at its `else`.
    fn loop_else(&mut self, orelse: &Option<Vec<Stmt>>, what: &str) {
        let Some(first) = orelse.as_ref().and_then(|b| b.first()) else {
            return;
        };
        let i = self.index_at(first.span.line, first.span.col);
        let toks = &self.toks[..i];
        if let Some(t) = toks
            .iter()
            .rev()
            .find(|t| matches!(&t.tok, Tok::Name(n) if n == "else"))
        {
            let wanted = format!("a statement ('{what} ... else' is not supported)");
            self.refuse(found(&wanted, t));
        }
    }

    pub(super) fn stmt(&mut self, s: &Stmt) {
        let (line, col) = (s.span.line, s.span.col);
        match &s.kind {
            StmtKind::Expr(e) => match &e.kind {
                ExprKind::Yield(_) | ExprKind::YieldFrom(_) if e.span.col == col => {
                    self.at(line, col, "'yield' is not supported by this Python subset")
                }
                ExprKind::Await(_) if e.span.col == col => {
                    self.at(line, col, "'await' is not supported by this Python subset")
                }
                _ => self.expr(e),
            },
            StmtKind::Assign(targets, value) => self.assign(targets, value),
            StmtKind::AugAssign(t, op, v) => {
                self.expr(t);
                self.expr(v);
                self.operator(*op, t, "=");
                self.old_target(t, false);
            }
            StmtKind::AnnAssign(t, _, _) => self.refuse(found(
                "end of line (annotations are not supported)",
                self.after(t),
            )),
            StmtKind::Nonlocal(_) => self.at(
                line,
                col,
                "'nonlocal' is not supported by this Python subset",
            ),
            StmtKind::Del(_) => self.at(line, col, "'del' is not supported by this Python subset"),
            StmtKind::Return(v) => v.iter().for_each(|v| self.expr(v)),
            StmtKind::Assert(c, m) => {
                self.expr(c);
                m.iter().for_each(|m| self.expr(m));
            }
            StmtKind::Raise(x, cause) => {
                if let Some(x) = x {
                    self.expr(x);
                    if cause.is_some() {
                        let wanted = "end of line ('raise ... from' is not supported)";
                        self.refuse(found(wanted, self.after(x)));
                    }
                }
            }
            StmtKind::ImportFrom(_, names) if names.iter().any(|(n, _)| n == "*") => {
                let i = self.index_at(line, col);
                if let Some(t) = self.toks[i..].iter().find(|t| t.tok == Tok::Op("*")) {
                    self.refuse(found("a name ('import *' is not supported)", t));
                }
            }
            StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Global(_)
            | StmtKind::Import(_)
            | StmtKind::ImportFrom(..) => {}
            _ => self.compound(s),
        }
    }

    /// Compound statements: their headers, then their blocks.
    // One arm per compound statement.
    fn compound(&mut self, s: &Stmt) {
        let (line, col) = (s.span.line, s.span.col);
        match &s.kind {
            StmtKind::If(arms, orelse) => {
                for (c, b) in arms {
                    self.expr(c);
                    self.block(b);
                }
                if let Some(b) = orelse {
                    self.block(b);
                }
            }
            StmtKind::While(c, body, orelse) => {
                self.expr(c);
                self.block(body);
                self.loop_else(orelse, "while");
            }
            StmtKind::For(t, iter, body, orelse) => {
                self.expr(t);
                match &t.kind {
                    ExprKind::Tuple(items) => items.iter().for_each(|i| self.old_target(i, true)),
                    _ => self.old_target(t, true),
                }
                self.expr(iter);
                self.block(body);
                self.loop_else(orelse, "for");
            }
            StmtKind::Def {
                body,
                decorators,
                is_async,
                ..
            } => {
                if let Some(d) = decorators.first() {
                    let t = self.before(d);
                    self.at(t.line, t.col, "invalid syntax: unexpected '@'");
                } else if *is_async {
                    self.at(line, col, "'async' is not supported by this Python subset");
                } else {
                    self.def_header(line, col);
                }
                self.block(body);
            }
            StmtKind::Class { decorators, .. } => match decorators.first() {
                Some(d) => {
                    let t = self.before(d);
                    self.at(t.line, t.col, "invalid syntax: unexpected '@'");
                }
                None => self.at(line, col, "'class' is not supported by this Python subset"),
            },
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                self.block(body);
                for h in handlers {
                    h.typ.iter().for_each(|t| self.expr(t));
                    self.block(&h.body);
                }
                orelse.iter().for_each(|b| self.block(b));
                finally.iter().for_each(|(b, _)| self.block(b));
            }
            StmtKind::With(items, body) => {
                if let Some((ctx, target)) = items.first() {
                    self.expr(ctx);
                    if let Some(t) = target {
                        self.expr(t);
                        self.old_target(t, true);
                    }
                    if items.len() > 1 {
                        let last = target.as_ref().unwrap_or(ctx);
                        let wanted = "':' (one context manager per 'with' here)";
                        self.refuse(found(wanted, self.after(last)));
                    }
                }
                self.block(body);
            }
            _ => {}
        }
    }

    /// The game's parser checked an assignment's targets after its value.
    fn assign(&mut self, targets: &[Expr], value: &Expr) {
        let outer = self.best.take();
        targets.iter().for_each(|t| self.expr(t));
        self.expr(value);
        if self.best.is_none() {
            targets.iter().for_each(|t| self.old_target(t, true));
        }
        if let Some(e) = outer {
            self.refuse(e);
        }
    }

    /// The game's targets: names and subscripts, and (where `tuple`) a
    /// tuple of them.
    fn old_target(&mut self, t: &Expr, tuple: bool) {
        let (line, col) = (t.span.line, t.span.col);
        match &t.kind {
            ExprKind::Name(_) | ExprKind::Subscript(..) => {}
            ExprKind::Tuple(items) if tuple => items.iter().for_each(|i| self.old_target(i, false)),
            ExprKind::Attr(..) => {
                self.at(line, col, "assigning to attributes is not supported here")
            }
            ExprKind::Starred(_) => {} // refused as an expression
            _ => self.at(line, col, "cannot assign to expression"),
        }
    }

    /// An operator the model lacks, refused at its token (after `left`).
    fn operator(&mut self, op: BinOp, left: &Expr, suffix: &str) {
        if in_model(op) {
            return;
        }
        let t = self.after(left);
        let (line, col) = (t.line, t.col);
        if op == BinOp::Div {
            let m = "'/' makes a float, and this model has whole numbers only: use '//'";
            self.at(line, col, m);
        } else {
            let m = format!(
                "'{}{suffix}' is not supported by this Python subset",
                op.symbol()
            );
            self.at(line, col, m);
        }
    }

    /// Replays the game's parser over a `def` header's tokens: plain names
    /// only, no defaults, annotations, stars or return annotation.
    fn def_header(&mut self, line: u32, col: u32) {
        // `def`, name, `(`.
        let mut i = self.index_at(line, col) + 3;
        let toks = self.toks;
        loop {
            if toks[i].tok == Tok::Op(")") {
                break;
            }
            if !is_ident(&toks[i].tok) {
                return self.refuse(found("a name", &toks[i]));
            }
            i += 1;
            if matches!(toks[i].tok, Tok::Op("=" | ":")) {
                let wanted = "',' or ')' (default values and annotations are not supported)";
                return self.refuse(found(wanted, &toks[i]));
            }
            if toks[i].tok != Tok::Op(",") {
                break;
            }
            i += 1;
        }
        if toks[i].tok != Tok::Op(")") {
            return self.refuse(found("')'", &toks[i]));
        }
        if toks[i + 1].tok == Tok::Op("->") {
            let wanted = "':' (return annotations are not supported)";
            self.refuse(found(wanted, &toks[i + 1]));
        }
    }

    /// Replays the game's parser over a lambda's parameters.
    fn lambda_header(&mut self, e: &Expr) {
        let toks = self.toks;
        let mut i = self.index_at(e.span.line, e.span.col) + 1;
        while toks[i].tok != Tok::Op(":") {
            if !is_ident(&toks[i].tok) {
                return self.refuse(found("a name", &toks[i]));
            }
            i += 1;
            if toks[i].tok != Tok::Op(",") {
                break;
            }
            i += 1;
        }
        if toks[i].tok != Tok::Op(":") {
            self.refuse(found("':'", &toks[i]));
        }
    }

    /// A subscript's index: the game had no slices.
    fn index(&mut self, idx: &Expr) {
        let first_slice = match &idx.kind {
            ExprKind::Slice(..) => Some((0, idx)),
            ExprKind::Tuple(items) => items
                .iter()
                .enumerate()
                .find(|(_, i)| matches!(i.kind, ExprKind::Slice(..))),
            _ => None,
        };
        let Some((k, s)) = first_slice else { return };
        let ExprKind::Slice(lower, _, _) = &s.kind else {
            return;
        };
        match lower {
            Some(l) => self.refuse(found("']' (slices are not supported)", self.after(l))),
            None if k == 0 => {
                let t = &self.toks[self.index_at(s.span.line, s.span.col)];
                self.refuse(found("an index (slices are not supported)", t));
            }
            None => self.at(s.span.line, s.span.col, "invalid syntax: unexpected ':'"),
        }
    }

    fn expr(&mut self, e: &Expr) {
        let (line, col) = (e.span.line, e.span.col);
        match &e.kind {
            ExprKind::Bin(op, l, _) => self.operator(*op, l, ""),
            ExprKind::Invert(_) => self.at(line, col, "invalid syntax: unexpected '~'"),
            ExprKind::CompareChain(_, rest) => {
                let t = self.after(&rest[0].1);
                self.at(t.line, t.col, CHAINED);
            }
            ExprKind::Call(_, args, kwargs) => {
                let wanted = "an argument (*args/**kwargs are not supported)";
                for a in args {
                    if matches!(a.kind, ExprKind::Starred(_)) {
                        self.refuse(found(
                            wanted,
                            &self.toks[self.index_at(a.span.line, a.span.col)],
                        ));
                    }
                }
                for (_, v) in kwargs.iter().filter(|(k, _)| k.is_none()) {
                    self.refuse(found(wanted, self.before(v)));
                }
            }
            ExprKind::Subscript(_, idx) => self.index(idx),
            ExprKind::Starred(_) => self.at(line, col, "invalid syntax: unexpected '*'"),
            ExprKind::Dict(items) => {
                for (_, v) in items.iter().filter(|(k, _)| k.is_none()) {
                    let t = self.before(v);
                    self.at(t.line, t.col, "invalid syntax: unexpected '**'");
                }
            }
            ExprKind::Set(xs) => {
                let wanted = "':' (only dicts use braces here, not sets)";
                self.refuse(found(wanted, self.after(&xs[0])));
            }
            ExprKind::SetComp(x, _) => {
                let wanted = "':' (only dicts use braces here, not sets)";
                self.refuse(found(wanted, self.after(x)));
            }
            ExprKind::ListComp(x, _) => {
                let wanted = "']' (comprehensions are not supported)";
                self.refuse(found(wanted, self.after(x)));
            }
            ExprKind::DictComp(_, v, _) => self.refuse(found("'}'", self.after(v))),
            ExprKind::GenExp(x, _) => self.refuse(found("')'", self.after(x))),
            ExprKind::Lambda(..) => self.lambda_header(e),
            ExprKind::Yield(_) | ExprKind::YieldFrom(_) => {
                self.at(line, col, "invalid syntax: unexpected keyword 'yield'")
            }
            ExprKind::Await(_) => self.at(line, col, "invalid syntax: unexpected keyword 'await'"),
            _ => {}
        }
        for c in children(e) {
            self.expr(c);
        }
    }
}
