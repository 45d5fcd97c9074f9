//! Expressions.

use super::{err, CResult, Compiler};
use crate::interleave::ast::{Comprehension, Expr, ExprKind, FPart, Params};
use crate::interleave::runner::bytecode::RunnerOp;
use crate::interleave::runner::value::Value;

/// Which container a comprehension builds.
#[derive(Clone, Copy, PartialEq)]
enum CompKind {
    List,
    Set,
    Dict,
    Gen,
}

impl Compiler {
    // One arm per expression kind, as in `stmt`.
    pub(super) fn expr(&mut self, e: &Expr) -> CResult {
        let line = e.span.line;
        match &e.kind {
            ExprKind::Int(i) => self.load_const(Value::Int(*i), line),
            ExprKind::BigInt(digits) => {
                let b: num_bigint::BigInt = digits
                    .parse()
                    .map_err(|_| err(e.span, "invalid integer literal"))?;
                self.load_const(Value::from_big(b), line)
            }
            ExprKind::Float(x) => self.load_const(Value::Float(*x), line),
            ExprKind::Str(s) => self.load_const(Value::str(s), line),
            ExprKind::Bytes(b) => self.load_const(Value::bytes(b.clone()), line),
            ExprKind::Bool(b) => self.load_const(Value::Bool(*b), line),
            ExprKind::None => self.load_const(Value::None, line),
            ExprKind::FStr(parts) => self.fstring(parts, line)?,
            ExprKind::Name(n) => self.load_name(n, line),
            // The built-in object by its name (a program that rebinds the
            // name `Ellipsis` would see its own; none does).
            ExprKind::Ellipsis => self.load_name(super::scope::ELLIPSIS, line),
            ExprKind::Bin(op, a, b) => {
                self.expr(a)?;
                self.expr(b)?;
                self.emit(RunnerOp::BinaryOp(*op), line);
            }
            ExprKind::Neg(a) => self.unary(a, RunnerOp::UnaryNeg)?,
            ExprKind::Pos(a) => self.unary(a, RunnerOp::UnaryPos)?,
            ExprKind::Invert(a) => self.unary(a, RunnerOp::UnaryInvert)?,
            ExprKind::Not(a) => self.unary(a, RunnerOp::UnaryNot)?,
            ExprKind::BoolOp(is_and, a, b) => {
                self.expr(a)?;
                let j = if *is_and {
                    self.emit(RunnerOp::JumpIfFalseOrPop(0), line)
                } else {
                    self.emit(RunnerOp::JumpIfTrueOrPop(0), line)
                };
                self.expr(b)?;
                self.patch(j);
            }
            ExprKind::Compare(op, a, b) => {
                self.expr(a)?;
                self.expr(b)?;
                self.emit(RunnerOp::Compare(*op), line);
            }
            ExprKind::CompareChain(first, rest) => self.compare_chain(first, rest, line)?,
            ExprKind::Call(f, args, kws) => self.call(f, args, kws, line)?,
            ExprKind::Attr(obj, name) => {
                self.expr(obj)?;
                let n = self.name(name);
                self.emit(RunnerOp::LoadAttr(n), line);
            }
            ExprKind::Subscript(obj, index) => {
                self.expr(obj)?;
                self.expr(index)?;
                self.emit(RunnerOp::BinarySubscr, line);
            }
            ExprKind::Slice(a, b, c) => {
                for x in [a, b] {
                    match x {
                        Some(x) => self.expr(x)?,
                        None => self.load_const(Value::None, line),
                    }
                }
                match c {
                    Some(c) => {
                        self.expr(c)?;
                        self.emit(RunnerOp::BuildSlice(3), line);
                    }
                    None => {
                        self.emit(RunnerOp::BuildSlice(2), line);
                    }
                }
            }
            ExprKind::List(items) => self.sequence(items, line, false)?,
            ExprKind::Tuple(items) => self.sequence(items, line, true)?,
            ExprKind::Set(items) => {
                if items.iter().any(|i| matches!(i.kind, ExprKind::Starred(_))) {
                    self.load_name("set", line);
                    self.sequence(items, line, false)?;
                    self.emit(RunnerOp::Call(1), line);
                } else {
                    for i in items {
                        self.expr(i)?;
                    }
                    self.emit(RunnerOp::BuildSet(items.len() as u32), line);
                }
            }
            ExprKind::Dict(entries) => self.dict(entries, line)?,
            ExprKind::ListComp(elt, gens) => {
                self.comprehension(e, CompKind::List, elt, None, gens)?
            }
            ExprKind::SetComp(elt, gens) => {
                self.comprehension(e, CompKind::Set, elt, None, gens)?
            }
            ExprKind::DictComp(k, v, gens) => {
                self.comprehension(e, CompKind::Dict, k, Some(v), gens)?
            }
            ExprKind::GenExp(elt, gens) => self.comprehension(e, CompKind::Gen, elt, None, gens)?,
            ExprKind::Lambda(params, body) => self.lambda(e, params, body)?,
            ExprKind::IfExp(c, a, b) => {
                self.expr(c)?;
                let else_ = self.emit(RunnerOp::PopJumpIfFalse(0), line);
                self.expr(a)?;
                let end = self.emit(RunnerOp::Jump(0), line);
                self.patch(else_);
                self.expr(b)?;
                self.patch(end);
            }
            ExprKind::Starred(_) => {
                return Err(err(e.span, "can't use starred expression here"));
            }
            ExprKind::Yield(v) => {
                match v {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Value::None, line),
                }
                self.emit(RunnerOp::YieldValue, line);
            }
            ExprKind::YieldFrom(source) => {
                // CPython 3.11's shape: the iterator and the value sent to
                // it on the stack; `Send` yields its next value through
                // `YieldValue` (whose result is the next value to send), or
                // jumps out with what it returned.
                self.expr(source)?;
                self.emit(RunnerOp::GetIter, line);
                self.load_const(Value::None, line);
                let top = self.here();
                let send = self.emit(RunnerOp::Send(0), line);
                self.emit(RunnerOp::YieldValue, line);
                self.emit(RunnerOp::Jump(top), line);
                self.patch(send);
            }
            ExprKind::Await(_) => {
                return Err(err(
                    e.span,
                    "await is not supported here: threadlab runs threads, not asyncio; use threading or concurrent.futures",
                )
.as_kind(crate::interleave::SyntaxKind::Unsupported));
            }
        }
        Ok(())
    }

    fn load_const(&mut self, v: Value, line: u32) {
        let k = self.constant(v);
        self.emit(RunnerOp::LoadConst(k), line);
    }

    fn unary(&mut self, a: &Expr, op: RunnerOp) -> CResult {
        self.expr(a)?;
        self.emit(op, a.span.line);
        Ok(())
    }

    /// `a < b < c`: b is evaluated once; the chain stops at the first false.
    fn compare_chain(
        &mut self,
        first: &Expr,
        rest: &[(crate::interleave::ast::CmpOp, Expr)],
        line: u32,
    ) -> CResult {
        self.expr(first)?;
        let mut cleanups = Vec::new();
        for (i, (op, x)) in rest.iter().enumerate() {
            self.expr(x)?;
            if i + 1 < rest.len() {
                self.emit(RunnerOp::DupTop, line);
                self.emit(RunnerOp::RotThree, line);
                self.emit(RunnerOp::Compare(*op), line);
                cleanups.push(self.emit(RunnerOp::JumpIfFalseOrPop(0), line));
            } else {
                self.emit(RunnerOp::Compare(*op), line);
            }
        }
        if !cleanups.is_empty() {
            let end = self.emit(RunnerOp::Jump(0), line);
            for c in cleanups {
                self.patch(c);
            }
            // A false link leaves [b, False]: drop b, keep False.
            self.emit(RunnerOp::RotTwo, line);
            self.emit(RunnerOp::PopTop, line);
            self.patch(end);
        }
        Ok(())
    }

    /// A list or tuple display, with `*x` items spliced in.
    fn sequence(&mut self, items: &[Expr], line: u32, tuple: bool) -> CResult {
        if !items.iter().any(|i| matches!(i.kind, ExprKind::Starred(_))) {
            for i in items {
                self.expr(i)?;
            }
            let n = items.len() as u32;
            self.emit(
                if tuple {
                    RunnerOp::BuildTuple(n)
                } else {
                    RunnerOp::BuildList(n)
                },
                line,
            );
            return Ok(());
        }
        self.emit(RunnerOp::BuildList(0), line);
        for i in items {
            match &i.kind {
                ExprKind::Starred(inner) => {
                    self.expr(inner)?;
                    self.emit(RunnerOp::ListExtend(1), line);
                }
                _ => {
                    self.expr(i)?;
                    self.emit(RunnerOp::ListAppend(1), line);
                }
            }
        }
        if tuple {
            self.emit(RunnerOp::ListToTuple, line);
        }
        Ok(())
    }

    fn dict(&mut self, entries: &[(Option<Expr>, Expr)], line: u32) -> CResult {
        if entries.iter().all(|(k, _)| k.is_some()) {
            for (k, v) in entries {
                self.expr(k.as_ref().expect("checked"))?;
                self.expr(v)?;
            }
            self.emit(RunnerOp::BuildMap(entries.len() as u32), line);
            return Ok(());
        }
        self.emit(RunnerOp::BuildMap(0), line);
        for (k, v) in entries {
            match k {
                Some(k) => {
                    self.expr(k)?;
                    self.expr(v)?;
                    self.emit(RunnerOp::MapAdd(1), line);
                }
                None => {
                    self.expr(v)?;
                    self.emit(RunnerOp::DictUpdate(1), line);
                }
            }
        }
        Ok(())
    }

    fn call(
        &mut self,
        f: &Expr,
        args: &[Expr],
        kws: &[(Option<String>, Expr)],
        line: u32,
    ) -> CResult {
        let starred = args.iter().any(|a| matches!(a.kind, ExprKind::Starred(_)));
        let splat = kws.iter().any(|(k, _)| k.is_none());
        if let (ExprKind::Attr(obj, name), false, false) = (&f.kind, starred, splat) {
            return self.method_call(obj, name, args, kws, line);
        }
        self.expr(f)?;
        if !starred && !splat {
            for a in args {
                self.expr(a)?;
            }
            if kws.is_empty() {
                self.emit(RunnerOp::Call(args.len() as u32), line);
            } else {
                let mut names = Vec::new();
                for (k, v) in kws {
                    self.expr(v)?;
                    names.push(Value::str(k.as_deref().unwrap_or_default()));
                }
                self.load_const(Value::tuple(names), line);
                self.emit(RunnerOp::CallKw((args.len() + kws.len()) as u32), line);
            }
            return Ok(());
        }
        self.sequence(args, line, true)?;
        if kws.is_empty() {
            self.emit(RunnerOp::CallEx(false), line);
            return Ok(());
        }
        self.emit(RunnerOp::BuildMap(0), line);
        for (k, v) in kws {
            match k {
                Some(k) => {
                    self.load_const(Value::str(k), line);
                    self.expr(v)?;
                    self.emit(RunnerOp::MapAdd(1), line);
                }
                None => {
                    self.expr(v)?;
                    self.emit(RunnerOp::DictUpdate(1), line);
                }
            }
        }
        self.emit(RunnerOp::CallEx(true), line);
        Ok(())
    }

    /// `obj.name(args)`: `LOAD_METHOD` / `CALL_METHOD`, as CPython
    /// compiles it, so no bound-method object is made per call.
    fn method_call(
        &mut self,
        obj: &Expr,
        name: &str,
        args: &[Expr],
        kws: &[(Option<String>, Expr)],
        line: u32,
    ) -> CResult {
        self.expr(obj)?;
        let n = self.name(name);
        self.emit(RunnerOp::LoadMethod(n), line);
        for a in args {
            self.expr(a)?;
        }
        if kws.is_empty() {
            self.emit(RunnerOp::CallMethod(args.len() as u32), line);
            return Ok(());
        }
        let mut names = Vec::new();
        for (k, v) in kws {
            self.expr(v)?;
            names.push(Value::str(k.as_deref().unwrap_or_default()));
        }
        self.load_const(Value::tuple(names), line);
        self.emit(
            RunnerOp::CallMethodKw((args.len() + kws.len()) as u32),
            line,
        );
        Ok(())
    }

    fn fstring(&mut self, parts: &[FPart], line: u32) -> CResult {
        let mut n = 0;
        for p in parts {
            match p {
                FPart::Lit(s) => self.load_const(Value::str(s), line),
                FPart::Expr {
                    expr,
                    conversion,
                    spec,
                } => {
                    self.expr(expr)?;
                    let conv = match conversion {
                        None => 0,
                        Some('s') => 1,
                        Some('r') => 2,
                        Some('a') => 3,
                        Some(c) => {
                            return Err(err(expr.span, format!("f-string: invalid conversion character '{c}': expected 's', 'r', or 'a'")))
                        }
                    };
                    if let Some(spec) = spec {
                        self.fstring(spec, line)?;
                    }
                    self.emit(RunnerOp::FormatValue(conv, spec.is_some()), line);
                }
            }
            n += 1;
        }
        if n != 1 {
            self.emit(RunnerOp::BuildString(n), line);
        } else if let [FPart::Lit(_)] = parts {
            // A lone literal is already a str.
        }
        Ok(())
    }

    fn lambda(&mut self, e: &Expr, params: &Params, body: &Expr) -> CResult {
        let scope = self.scope_of(e);
        let line = e.span.line;
        self.function(scope, "<lambda>", params, line, |c| {
            c.expr(body)?;
            c.emit(RunnerOp::ReturnValue, line);
            Ok(())
        })
    }

    /// A comprehension is a function of its own, called with the first
    /// iterator (evaluated outside, as in Python 3); a generator expression
    /// is a generator function.
    fn comprehension(
        &mut self,
        e: &Expr,
        kind: CompKind,
        elt: &Expr,
        value: Option<&Expr>,
        gens: &[Comprehension],
    ) -> CResult {
        let line = e.span.line;
        let scope = self.scope_of(e);
        let name = match kind {
            CompKind::List => "<listcomp>",
            CompKind::Set => "<setcomp>",
            CompKind::Dict => "<dictcomp>",
            CompKind::Gen => "<genexpr>",
        };
        // The first iterator comes in as the parameter `.0`.
        let params = Params {
            args: vec![crate::interleave::ast::Param {
                name: ".0".into(),
                default: None,
                span: e.span,
            }],
            ..Params::default()
        };
        let first = &gens[0];
        self.function(scope, name, &params, line, |c| {
            match kind {
                CompKind::List => {
                    c.emit(RunnerOp::BuildList(0), line);
                }
                CompKind::Set => {
                    c.emit(RunnerOp::BuildSet(0), line);
                }
                CompKind::Dict => {
                    c.emit(RunnerOp::BuildMap(0), line);
                }
                CompKind::Gen => {}
            }
            c.comp_clause(kind, elt, value, gens, 0, line)?;
            if kind == CompKind::Gen {
                c.load_const(Value::None, line);
            }
            c.emit(RunnerOp::ReturnValue, line);
            Ok(())
        })?;
        self.expr(&first.iter)?;
        self.emit(RunnerOp::GetIter, line);
        self.emit(RunnerOp::Call(1), line);
        Ok(())
    }

    fn comp_clause(
        &mut self,
        kind: CompKind,
        elt: &Expr,
        value: Option<&Expr>,
        gens: &[Comprehension],
        i: usize,
        line: u32,
    ) -> CResult {
        let g = &gens[i];
        if i == 0 {
            self.emit(RunnerOp::LoadFast(0), line);
        } else {
            self.expr(&g.iter)?;
            self.emit(RunnerOp::GetIter, line);
        }
        let top = self.here();
        let exit = self.emit(RunnerOp::ForIter(0), line);
        self.store(&g.target)?;
        for cond in &g.ifs {
            self.expr(cond)?;
            self.emit(RunnerOp::PopJumpIfFalse(top), line);
        }
        if i + 1 < gens.len() {
            self.comp_clause(kind, elt, value, gens, i + 1, line)?;
        } else {
            // Depth of the container below: the iterators of every clause.
            let depth = (i + 2) as u32;
            match kind {
                CompKind::List => {
                    self.expr(elt)?;
                    self.emit(RunnerOp::ListAppend(depth), line);
                }
                CompKind::Set => {
                    self.expr(elt)?;
                    self.emit(RunnerOp::SetAdd(depth), line);
                }
                CompKind::Dict => {
                    self.expr(elt)?;
                    self.expr(value.expect("a dict comprehension has a value"))?;
                    self.emit(RunnerOp::MapAdd(depth), line);
                }
                CompKind::Gen => {
                    self.expr(elt)?;
                    self.emit(RunnerOp::YieldValue, line);
                    self.emit(RunnerOp::PopTop, line);
                }
            }
        }
        self.emit(RunnerOp::Jump(top), line);
        self.patch(exit);
        Ok(())
    }
}
