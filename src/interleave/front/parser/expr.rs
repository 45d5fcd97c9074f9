//! Expressions, by CPython's precedence: `lambda`, `x if c else y`, `or`,
//! `and`, `not`, comparisons, `|`, `^`, `&`, shifts, `+ -`, `* / // % @`,
//! unary `- + ~`, `**` (right-assoc, binds tighter than a unary minus on its
//! left: `-2**2 == -4`), `await`, then calls, attributes and subscripts.

use super::super::lexer::{tokenize_at, FExpr, FPiece, Tok};
use super::{perr, PResult, Parser, KEYWORDS};
use crate::interleave::ast::{BinOp, CmpOp, Expr, ExprKind, FPart};
use crate::interleave::SyntaxKind;

const BITOR: &[(&str, BinOp)] = &[("|", BinOp::BitOr)];
const BITXOR: &[(&str, BinOp)] = &[("^", BinOp::BitXor)];
const BITAND: &[(&str, BinOp)] = &[("&", BinOp::BitAnd)];
const SHIFT: &[(&str, BinOp)] = &[("<<", BinOp::LShift), (">>", BinOp::RShift)];
const SUM: &[(&str, BinOp)] = &[("+", BinOp::Add), ("-", BinOp::Sub)];
const TERM: &[(&str, BinOp)] = &[
    ("*", BinOp::Mul),
    ("/", BinOp::Div),
    ("//", BinOp::FloorDiv),
    ("%", BinOp::Mod),
];

impl Parser {
    /// A full expression (CPython's `expression`): a lambda, a conditional
    /// expression, or anything below them.
    pub(super) fn expr(&mut self) -> PResult<Expr> {
        self.nested(|p| {
            let start = p.here();
            if p.eat_kw("lambda") {
                let params = p.params(":", false)?;
                p.expect_op(":")?;
                let body = p.expr()?;
                return Ok(p.node(ExprKind::Lambda(Box::new(params), Box::new(body)), start));
            }
            let a = p.disjunction()?;
            if !p.eat_kw("if") {
                return Ok(a);
            }
            let cond = p.disjunction()?;
            p.expect_kw("else")?;
            let b = p.expr()?;
            Ok(p.node(
                ExprKind::IfExp(Box::new(cond), Box::new(a), Box::new(b)),
                start,
            ))
        })
    }

    /// `*x` (where a list, a tuple or call arguments allow it) or an
    /// expression.
    pub(super) fn star_expr(&mut self) -> PResult<Expr> {
        let start = self.here();
        if self.eat_op("*") {
            let e = self.bitor()?;
            return Ok(self.node(ExprKind::Starred(Box::new(e)), start));
        }
        self.expr()
    }

    pub(super) fn disjunction(&mut self) -> PResult<Expr> {
        self.bool_chain("or", false, Self::conjunction)
    }

    fn conjunction(&mut self) -> PResult<Expr> {
        self.bool_chain("and", true, Self::inversion)
    }

    fn bool_chain(
        &mut self,
        kw: &str,
        is_and: bool,
        next: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let start = self.here();
        let mut a = next(self)?;
        while self.eat_kw(kw) {
            let b = next(self)?;
            a = self.node(ExprKind::BoolOp(is_and, Box::new(a), Box::new(b)), start);
        }
        Ok(a)
    }

    fn inversion(&mut self) -> PResult<Expr> {
        let start = self.here();
        if self.eat_kw("not") {
            let e = self.nested(Self::inversion)?;
            return Ok(self.node(ExprKind::Not(Box::new(e)), start));
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
        let start = self.here();
        let first = self.bitor()?;
        let mut rest = Vec::new();
        while let Some(op) = self.cmp_op() {
            rest.push((op, self.bitor()?));
        }
        Ok(match rest.len() {
            0 => first,
            1 => {
                let (op, b) = rest.pop().unwrap();
                self.node(ExprKind::Compare(op, Box::new(first), Box::new(b)), start)
            }
            _ => self.node(ExprKind::CompareChain(Box::new(first), rest), start),
        })
    }

    /// Left-associative binary operators of one precedence level.
    fn binary(
        &mut self,
        ops: &[(&str, BinOp)],
        next: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let start = self.here();
        let mut a = next(self)?;
        while let Tok::Op(o) = self.peek().tok {
            let Some(&(_, op)) = ops.iter().find(|(s, _)| *s == o) else {
                break;
            };
            self.next();
            let b = next(self)?;
            a = self.node(ExprKind::Bin(op, Box::new(a), Box::new(b)), start);
        }
        Ok(a)
    }

    pub(super) fn bitor(&mut self) -> PResult<Expr> {
        self.binary(BITOR, Self::bitxor)
    }

    fn bitxor(&mut self) -> PResult<Expr> {
        self.binary(BITXOR, Self::bitand)
    }

    fn bitand(&mut self) -> PResult<Expr> {
        self.binary(BITAND, Self::shift)
    }

    fn shift(&mut self) -> PResult<Expr> {
        self.binary(SHIFT, Self::sum)
    }

    fn sum(&mut self) -> PResult<Expr> {
        self.binary(SUM, Self::term)
    }

    fn term(&mut self) -> PResult<Expr> {
        if self.is_op("@") {
            return Err(self
                .error_here("the '@' operator is not supported")
                .as_kind(SyntaxKind::Unsupported));
        }
        self.binary(TERM, Self::factor)
    }

    /// Unary `-`, `+`, `~`. A sign directly on an int literal folds into
    /// the literal, as CPython's compiler does (`LOAD_CONST -1`).
    fn factor(&mut self) -> PResult<Expr> {
        let start = self.here();
        let op = match self.peek().tok {
            Tok::Op(o @ ("-" | "+" | "~")) => o,
            _ => return self.power(),
        };
        self.next();
        let e = self.nested(Self::factor)?;
        let kind = match (op, e.kind) {
            ("-", ExprKind::Int(i)) if i != i64::MIN => ExprKind::Int(-i),
            ("+", ExprKind::Int(i)) => ExprKind::Int(i),
            ("-", ExprKind::BigInt(d)) if d == "9223372036854775808" => ExprKind::Int(i64::MIN),
            ("-", kind) => ExprKind::Neg(Box::new(Expr { kind, span: e.span })),
            ("+", kind) => ExprKind::Pos(Box::new(Expr { kind, span: e.span })),
            (_, kind) => ExprKind::Invert(Box::new(Expr { kind, span: e.span })),
        };
        Ok(self.node(kind, start))
    }

    /// `a ** b`: right-associative, and its right side may be negative.
    fn power(&mut self) -> PResult<Expr> {
        let start = self.here();
        let a = self.await_primary()?;
        if !self.eat_op("**") {
            return Ok(a);
        }
        let b = self.nested(Self::factor)?;
        Ok(self.node(ExprKind::Bin(BinOp::Pow, Box::new(a), Box::new(b)), start))
    }

    fn await_primary(&mut self) -> PResult<Expr> {
        let start = self.here();
        if self.eat_kw("await") {
            let e = self.nested(Self::primary)?;
            return Ok(self.node(ExprKind::Await(Box::new(e)), start));
        }
        self.primary()
    }

    /// An atom and its calls, attributes and subscripts.
    pub(super) fn primary(&mut self) -> PResult<Expr> {
        let start = self.here();
        let mut e = self.atom()?;
        loop {
            if self.eat_op("(") {
                let (args, kwargs) = self.call_args()?;
                e = self.node(ExprKind::Call(Box::new(e), args, kwargs), start);
            } else if self.eat_op(".") {
                let name = self.ident()?;
                e = self.node(ExprKind::Attr(Box::new(e), name), start);
            } else if self.eat_op("[") {
                let idx = self.subscript()?;
                e = self.node(ExprKind::Subscript(Box::new(e), Box::new(idx)), start);
            } else {
                return Ok(e);
            }
        }
    }

    /// `yield`, `yield x`, `yield a, b` (the keyword is next).
    pub(super) fn yield_expr(&mut self) -> PResult<Expr> {
        let start = self.here();
        self.next();
        if self.eat_kw("from") {
            let source = self.expr()?;
            return Ok(self.node(ExprKind::YieldFrom(Box::new(source)), start));
        }
        let value = if self.at_stmt_end() || self.is_op(")") || self.is_op("=") {
            None
        } else {
            Some(Box::new(self.expr_list()?))
        };
        Ok(self.node(ExprKind::Yield(value), start))
    }

    fn atom(&mut self) -> PResult<Expr> {
        let start = self.here();
        if matches!(self.peek().tok, Tok::Str(_) | Tok::FStr(_) | Tok::Bytes(_)) {
            return self.strings();
        }
        let t = self.next();
        let kind = match t.tok {
            Tok::Int(i) => ExprKind::Int(i),
            Tok::BigInt(d) => ExprKind::BigInt(d),
            Tok::Float(f) => ExprKind::Float(f),
            Tok::Name(n) => match n.as_str() {
                "True" => ExprKind::Bool(true),
                "False" => ExprKind::Bool(false),
                "None" => ExprKind::None,
                _ if KEYWORDS.contains(&n.as_str()) => {
                    return Err(perr(
                        t.line,
                        t.col,
                        format!("invalid syntax: unexpected keyword '{n}'"),
                    ))
                }
                _ => ExprKind::Name(n),
            },
            Tok::Op("(") => return self.paren(start),
            Tok::Op("[") => self.list_display()?,
            Tok::Op("{") => self.brace_display()?,
            Tok::Op("...") => ExprKind::Ellipsis,
            other => {
                return Err(perr(
                    t.line,
                    t.col,
                    format!("invalid syntax: unexpected {}", super::describe(&other)),
                ))
            }
        };
        Ok(self.node(kind, start))
    }

    /// After `(`: a tuple, a generator expression, a yield, or a
    /// parenthesised expression (whose span then covers the parentheses).
    fn paren(&mut self, start: (u32, u32)) -> PResult<Expr> {
        if self.eat_op(")") {
            return Ok(self.node(ExprKind::Tuple(Vec::new()), start));
        }
        let inner = if self.is_kw("yield") {
            self.yield_expr()?
        } else {
            self.star_expr()?
        };
        if self.is_kw("for") {
            let clauses = self.comp_clauses()?;
            self.expect_op(")")?;
            return Ok(self.node(ExprKind::GenExp(Box::new(inner), clauses), start));
        }
        if self.is_op(",") {
            let mut items = vec![inner];
            while self.eat_op(",") {
                if self.is_op(")") {
                    break;
                }
                items.push(self.star_expr()?);
            }
            self.expect_op(")")?;
            return Ok(self.node(ExprKind::Tuple(items), start));
        }
        self.expect_op(")")?;
        Ok(self.node(inner.kind, start))
    }

    /// Adjacent string literals, concatenated as in Python; one f-string
    /// among them makes the whole an f-string. Bytes literals join only
    /// bytes literals.
    fn strings(&mut self) -> PResult<Expr> {
        let start = self.here();
        let (line, col) = (self.peek().line, self.peek().col);
        let mut parts: Vec<FPart> = Vec::new();
        let mut any_f = false;
        let mut bytes: Option<Vec<u8>> = None;
        let mut any_text = false;
        loop {
            let is_bytes = matches!(self.peek().tok, Tok::Bytes(_));
            let is_text = matches!(self.peek().tok, Tok::Str(_) | Tok::FStr(_));
            if (is_bytes && any_text) || (is_text && bytes.is_some()) {
                return Err(perr(line, col, "cannot mix bytes and nonbytes literals"));
            }
            any_text |= is_text;
            match self.peek().tok.clone() {
                Tok::Bytes(b) => {
                    self.next();
                    bytes.get_or_insert_with(Vec::new).extend(b);
                }
                Tok::Str(s) => {
                    self.next();
                    push_lit(&mut parts, s);
                }
                Tok::FStr(pieces) => {
                    self.next();
                    any_f = true;
                    for p in self.fparts(pieces)? {
                        match p {
                            FPart::Lit(s) => push_lit(&mut parts, s),
                            e => parts.push(e),
                        }
                    }
                }
                _ => break,
            }
        }
        if let Some(b) = bytes {
            return Ok(self.node(ExprKind::Bytes(b), start));
        }
        let kind = if any_f {
            ExprKind::FStr(parts)
        } else {
            let mut s = String::new();
            for p in parts {
                if let FPart::Lit(l) = p {
                    s.push_str(&l);
                }
            }
            ExprKind::Str(s)
        };
        Ok(self.node(kind, start))
    }

    fn fparts(&mut self, pieces: Vec<FPiece>) -> PResult<Vec<FPart>> {
        let mut parts = Vec::new();
        for p in pieces {
            match p {
                FPiece::Lit(s) => parts.push(FPart::Lit(s)),
                FPiece::Expr(fe) => parts.push(self.fexpr(fe)?),
            }
        }
        Ok(parts)
    }

    fn fexpr(&mut self, fe: FExpr) -> PResult<FPart> {
        let FExpr {
            text,
            line,
            col,
            conversion,
            spec,
            ..
        } = fe;
        let lead = text.chars().take_while(|c| *c == ' ').count();
        let toks = tokenize_at(text.trim_start(), line, col + lead as u32)?;
        let mut sub = Parser {
            toks,
            pos: 0,
            nesting: self.nesting,
        };
        let expr = sub.expr_list()?;
        if !matches!(sub.peek().tok, Tok::Newline | Tok::Eof) {
            return sub.unexpected("'}' in the f-string");
        }
        let spec = match spec {
            Some(pieces) => Some(self.fparts(pieces)?),
            None => None,
        };
        Ok(FPart::Expr {
            expr,
            conversion,
            spec,
        })
    }
}

fn push_lit(parts: &mut Vec<FPart>, s: String) {
    if let Some(FPart::Lit(last)) = parts.last_mut() {
        last.push_str(&s);
    } else if !s.is_empty() {
        parts.push(FPart::Lit(s));
    }
}
