//! Statements.

use super::{err, CResult, Compiler, Unwind};
use crate::interleave::ast::{Expr, ExprKind, Handler, Stmt, StmtKind};
use crate::interleave::runner::bytecode::{CodeKind, RunnerOp};
use crate::interleave::runner::value::Value;

impl Compiler {
    pub(super) fn body(&mut self, body: &[Stmt]) -> CResult {
        for st in body {
            self.stmt(st)?;
        }
        Ok(())
    }

    // One arm per statement kind, each the bytecode CPython emits for it: the
    // compiler's central `match`, kept whole so the statements read side by side.
    pub(super) fn stmt(&mut self, st: &Stmt) -> CResult {
        let line = st.span.line;
        self.b().line = line;
        match &st.kind {
            StmtKind::Expr(e) => {
                self.expr(e)?;
                self.emit(RunnerOp::PopTop, line);
            }
            StmtKind::Assign(targets, value) => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(RunnerOp::DupTop, line);
                    }
                    self.store(t)?;
                }
            }
            StmtKind::AugAssign(t, op, v) => self.aug_assign(t, *op, v)?,
            StmtKind::AnnAssign(t, ann, v) => {
                if let Some(v) = v {
                    self.expr(v)?;
                    self.store(t)?;
                }
                // In a class body, `x: int` goes in `__annotations__` (CPython
                // evaluates it there; a function's and a module's
                // annotations are not evaluated here).
                if let (CodeKind::Class, ExprKind::Name(n)) = (self.b().kind, &t.kind) {
                    self.expr(ann)?;
                    self.load_name(super::scope::ANNOTATIONS, line);
                    let k = self.constant(Value::str(n));
                    self.emit(RunnerOp::LoadConst(k), line);
                    self.emit(RunnerOp::StoreSubscr, line);
                }
            }
            StmtKind::If(arms, orelse) => {
                let mut ends = Vec::new();
                for (cond, body) in arms {
                    self.expr(cond)?;
                    let skip = self.emit(RunnerOp::PopJumpIfFalse(0), cond.span.line);
                    self.body(body)?;
                    ends.push(self.emit(RunnerOp::Jump(0), 0));
                    self.patch(skip);
                }
                if let Some(b) = orelse {
                    self.body(b)?;
                }
                for e in ends {
                    self.patch(e);
                }
            }
            StmtKind::While(cond, body, orelse) => {
                let top = self.here();
                self.expr(cond)?;
                let exit = self.emit(RunnerOp::PopJumpIfFalse(0), line);
                self.loop_body(top, false, body)?;
                self.emit(RunnerOp::Jump(top), line);
                self.patch(exit);
                self.loop_end(orelse)?;
            }
            StmtKind::For(target, iter, body, orelse) => {
                self.expr(iter)?;
                self.emit(RunnerOp::GetIter, line);
                let top = self.here();
                let exit = self.emit(RunnerOp::ForIter(0), line);
                self.store(target)?;
                self.loop_body(top, true, body)?;
                self.emit(RunnerOp::Jump(top), line);
                self.patch(exit);
                self.loop_end(orelse)?;
            }
            StmtKind::Def {
                name,
                params,
                body,
                decorators,
                is_async,
            } => {
                if *is_async {
                    return Err(err(
                        st.span,
                        "async def is not supported here: threadlab runs threads, not asyncio; use threading or concurrent.futures",
                    )
.as_kind(crate::interleave::SyntaxKind::Unsupported));
                }
                for d in decorators {
                    self.expr(d)?;
                }
                let scope = self.scope_of(st);
                self.function(scope, name, params, line, |c| c.body(body))?;
                for _ in decorators {
                    self.emit(RunnerOp::Call(1), line);
                }
                self.store_name(name, line);
            }
            StmtKind::Class {
                name,
                bases,
                keywords,
                body,
                decorators,
            } => self.class(st, name, (bases, keywords), body, decorators)?,
            StmtKind::Return(v) => {
                if self.b().kind == CodeKind::Module || self.b().kind == CodeKind::Class {
                    return Err(err(st.span, "'return' outside function"));
                }
                match v {
                    Some(v) => self.expr(v)?,
                    None => {
                        let k = self.constant(Value::None);
                        self.emit(RunnerOp::LoadConst(k), line);
                    }
                }
                self.unwind_all()?;
                self.emit(RunnerOp::ReturnValue, line);
            }
            StmtKind::Assert(cond, msg) => {
                self.expr(cond)?;
                let ok = self.emit(RunnerOp::PopJumpIfTrue(0), line);
                self.load_name("AssertionError", line);
                if let Some(m) = msg {
                    self.expr(m)?;
                    self.emit(RunnerOp::Call(1), line);
                }
                self.emit(RunnerOp::Raise(1), line);
                self.patch(ok);
            }
            StmtKind::Pass | StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Break => self.break_or_continue(st, true)?,
            StmtKind::Continue => self.break_or_continue(st, false)?,
            StmtKind::Raise(exc, cause) => {
                let n = match (exc, cause) {
                    (None, _) => 0,
                    (Some(e), None) => {
                        self.expr(e)?;
                        1
                    }
                    (Some(e), Some(c)) => {
                        self.expr(e)?;
                        self.expr(c)?;
                        2
                    }
                };
                self.emit(RunnerOp::Raise(n), line);
            }
            StmtKind::Del(targets) => {
                for t in targets {
                    self.delete(t)?;
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => self.try_stmt(body, handlers, orelse.as_deref(), finally.as_ref())?,
            StmtKind::With(items, body) => self.with(items, body, line)?,
            StmtKind::Import(names) => {
                for (module, bound) in names {
                    let first = module.split('.').next().unwrap_or(module);
                    let k = self.constant(Value::str(module));
                    self.emit(RunnerOp::ImportName(k), line);
                    if bound == first && module != first {
                        self.emit(RunnerOp::PopTop, line);
                        let k = self.constant(Value::str(first));
                        self.emit(RunnerOp::ImportName(k), line);
                    }
                    self.store_name(bound, line);
                }
            }
            StmtKind::ImportFrom(module, names) => {
                let k = self.constant(Value::str(module));
                self.emit(RunnerOp::ImportName(k), line);
                for (name, bound) in names {
                    if name == "*" {
                        self.emit(RunnerOp::ImportStar, line);
                        return Ok(());
                    }
                    let n = self.name(name);
                    self.emit(RunnerOp::ImportFrom(n), line);
                    self.store_name(bound, line);
                }
                self.emit(RunnerOp::PopTop, line);
            }
        }
        Ok(())
    }

    fn loop_body(&mut self, top: u32, is_for: bool, body: &[Stmt]) -> CResult {
        self.b().unwind.push(Unwind::Loop {
            top,
            breaks: Vec::new(),
            is_for,
        });
        self.body(body)?;
        Ok(())
    }

    /// After the loop's back jump: the `else` block, then where `break`
    /// lands (past the `else`).
    fn loop_end(&mut self, orelse: &Option<Vec<Stmt>>) -> CResult {
        let Some(Unwind::Loop { breaks, .. }) = self.b().unwind.pop() else {
            unreachable!("loop_body pushed a loop");
        };
        if let Some(b) = orelse {
            self.body(b)?;
        }
        for at in breaks {
            self.patch(at);
        }
        Ok(())
    }

    fn break_or_continue(&mut self, st: &Stmt, is_break: bool) -> CResult {
        let word = if is_break { "'break'" } else { "'continue'" };
        let Some(pos) = self
            .b()
            .unwind
            .iter()
            .rposition(|u| matches!(u, Unwind::Loop { .. }))
        else {
            return Err(err(st.span, format!("{word} outside loop")));
        };
        // Leave every block opened inside the loop, innermost first.
        let inner: Vec<usize> = (pos + 1..self.b().unwind.len()).rev().collect();
        for i in inner {
            self.leave(i)?;
        }
        let (top, is_for) = match &self.b().unwind[pos] {
            Unwind::Loop { top, is_for, .. } => (*top, *is_for),
            _ => unreachable!(),
        };
        if is_break {
            if is_for {
                self.emit(RunnerOp::PopTop, st.span.line);
            }
            let at = self.emit(RunnerOp::Jump(0), st.span.line);
            if let Unwind::Loop { breaks, .. } = &mut self.b().unwind[pos] {
                breaks.push(at);
            }
        } else {
            self.emit(RunnerOp::Jump(top), st.span.line);
        }
        Ok(())
    }

    /// Emits what leaving unwind entry `i` needs (its finally body runs with
    /// the entries above it already gone, as at run time).
    fn leave(&mut self, i: usize) -> CResult {
        let line = self.b().line;
        match &self.b().unwind[i] {
            Unwind::Loop { .. } => {}
            Unwind::Try => {
                self.emit(RunnerOp::PopBlock, line);
            }
            Unwind::With(slot) => {
                let slot = *slot;
                self.emit(RunnerOp::PopBlock, line);
                self.emit(RunnerOp::WithExitNormal(slot), line);
            }
            Unwind::Except => {
                self.emit(RunnerOp::PopExcept, line);
            }
            Unwind::Finally(body) => {
                let body = body.clone();
                self.emit(RunnerOp::PopBlock, line);
                let saved: Vec<Unwind> = self.b().unwind.drain(i..).collect();
                self.body(&body)?;
                self.b().unwind.extend(saved);
            }
        }
        Ok(())
    }

    fn unwind_all(&mut self) -> CResult {
        let n = self.b().unwind.len();
        for i in (0..n).rev() {
            self.leave(i)?;
        }
        Ok(())
    }

    fn try_stmt(
        &mut self,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: Option<&[Stmt]>,
        finally: Option<&(Vec<Stmt>, crate::interleave::SourceSpan)>,
    ) -> CResult {
        let line = self.b().line;
        let fin = match finally {
            Some((fbody, _)) => {
                let at = self.emit(RunnerOp::SetupExcept(0), line);
                self.b().unwind.push(Unwind::Finally(fbody.clone()));
                Some((at, fbody))
            }
            None => None,
        };
        if handlers.is_empty() {
            self.body(body)?;
            if let Some(b) = orelse {
                self.body(b)?;
            }
        } else {
            self.try_except(body, handlers, orelse)?;
        }
        if let Some((at, fbody)) = fin {
            self.b().unwind.pop();
            self.emit(RunnerOp::PopBlock, line);
            self.body(fbody)?;
            let done = self.emit(RunnerOp::Jump(0), line);
            self.patch(at);
            self.emit(RunnerOp::PushExcInfo, line);
            self.b().unwind.push(Unwind::Except);
            self.body(fbody)?;
            self.b().unwind.pop();
            self.emit(RunnerOp::Reraise, line);
            self.patch(done);
        }
        Ok(())
    }

    fn try_except(
        &mut self,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: Option<&[Stmt]>,
    ) -> CResult {
        let line = self.b().line;
        let setup = self.emit(RunnerOp::SetupExcept(0), line);
        self.b().unwind.push(Unwind::Try);
        self.body(body)?;
        self.b().unwind.pop();
        self.emit(RunnerOp::PopBlock, line);
        if let Some(b) = orelse {
            self.body(b)?;
        }
        let mut ends = vec![self.emit(RunnerOp::Jump(0), line)];
        self.patch(setup);
        self.emit(RunnerOp::PushExcInfo, line);
        for h in handlers {
            let hl = h.span.line;
            self.b().line = hl;
            let next = match &h.typ {
                // CheckExcMatch leaves the exception where it is and
                // pushes whether it matched (CPython's CHECK_EXC_MATCH).
                Some(t) => {
                    self.expr(t)?;
                    self.emit(RunnerOp::CheckExcMatch, hl);
                    Some(self.emit(RunnerOp::PopJumpIfFalse(0), hl))
                }
                None => None,
            };
            match &h.name {
                Some(n) => self.store_name(n, hl),
                None => {
                    self.emit(RunnerOp::PopTop, hl);
                }
            }
            self.b().unwind.push(Unwind::Except);
            self.body(&h.body)?;
            self.b().unwind.pop();
            self.emit(RunnerOp::PopExcept, 0);
            ends.push(self.emit(RunnerOp::Jump(0), 0));
            if let Some(n) = next {
                self.patch(n);
            }
        }
        self.emit(RunnerOp::Reraise, line);
        for e in ends {
            self.patch(e);
        }
        Ok(())
    }

    fn with(&mut self, items: &[(Expr, Option<Expr>)], body: &[Stmt], line: u32) -> CResult {
        let Some(((ctx, target), rest)) = items.split_first() else {
            return self.body(body);
        };
        self.expr(ctx)?;
        let slot = self.hidden_local();
        let setup = self.emit(RunnerOp::SetupWith(0, slot), line);
        match target {
            Some(t) => self.store(t)?,
            None => {
                self.emit(RunnerOp::PopTop, line);
            }
        }
        self.b().unwind.push(Unwind::With(slot));
        self.with(rest, body, line)?;
        self.b().unwind.pop();
        self.emit(RunnerOp::PopBlock, line);
        self.emit(RunnerOp::WithExitNormal(slot), line);
        let done = self.emit(RunnerOp::Jump(0), line);
        self.patch(setup);
        self.emit(RunnerOp::PushExcInfo, line);
        self.emit(RunnerOp::WithExcept(slot), line);
        let reraise = self.emit(RunnerOp::PopJumpIfFalse(0), line);
        self.emit(RunnerOp::PopExcept, line);
        self.emit(RunnerOp::PopTop, line);
        let done2 = self.emit(RunnerOp::Jump(0), line);
        self.patch(reraise);
        self.emit(RunnerOp::Reraise, line);
        self.patch(done);
        self.patch(done2);
        Ok(())
    }

    fn aug_assign(&mut self, t: &Expr, op: crate::interleave::ast::BinOp, v: &Expr) -> CResult {
        let line = t.span.line;
        match &t.kind {
            ExprKind::Name(n) => {
                self.load_name(n, line);
                self.expr(v)?;
                self.emit(RunnerOp::InplaceOp(op), line);
                self.store_name(n, line);
            }
            ExprKind::Attr(obj, name) => {
                self.expr(obj)?;
                self.emit(RunnerOp::DupTop, line);
                let n = self.name(name);
                self.emit(RunnerOp::LoadAttr(n), line);
                self.expr(v)?;
                self.emit(RunnerOp::InplaceOp(op), line);
                self.emit(RunnerOp::RotTwo, line);
                self.emit(RunnerOp::StoreAttr(n), line);
            }
            ExprKind::Subscript(obj, index) => {
                self.expr(obj)?;
                self.expr(index)?;
                self.emit(RunnerOp::DupTop2, line);
                self.emit(RunnerOp::BinarySubscr, line);
                self.expr(v)?;
                self.emit(RunnerOp::InplaceOp(op), line);
                self.emit(RunnerOp::RotThree, line);
                self.emit(RunnerOp::StoreSubscr, line);
            }
            _ => {
                return Err(err(
                    t.span,
                    "'expression' is an illegal expression for augmented assignment",
                ))
            }
        }
        Ok(())
    }

    pub(super) fn store(&mut self, t: &Expr) -> CResult {
        let line = t.span.line;
        match &t.kind {
            ExprKind::Name(n) => self.store_name(n, line),
            ExprKind::Attr(obj, name) => {
                self.expr(obj)?;
                let n = self.name(name);
                self.emit(RunnerOp::StoreAttr(n), line);
            }
            ExprKind::Subscript(obj, index) => {
                self.expr(obj)?;
                self.expr(index)?;
                self.emit(RunnerOp::StoreSubscr, line);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let star = items
                    .iter()
                    .position(|i| matches!(i.kind, ExprKind::Starred(_)));
                match star {
                    None => {
                        self.emit(RunnerOp::UnpackSequence(items.len() as u32), line);
                    }
                    Some(s) => {
                        self.emit(
                            RunnerOp::UnpackEx(s as u32, (items.len() - s - 1) as u32),
                            line,
                        );
                    }
                }
                for i in items {
                    match &i.kind {
                        ExprKind::Starred(inner) => self.store(inner)?,
                        _ => self.store(i)?,
                    }
                }
            }
            _ => return Err(err(t.span, "cannot assign to expression")),
        }
        Ok(())
    }

    fn delete(&mut self, t: &Expr) -> CResult {
        let line = t.span.line;
        match &t.kind {
            ExprKind::Name(n) => self.delete_name(n, line),
            ExprKind::Attr(obj, name) => {
                self.expr(obj)?;
                let n = self.name(name);
                self.emit(RunnerOp::DeleteAttr(n), line);
            }
            ExprKind::Subscript(obj, index) => {
                self.expr(obj)?;
                self.expr(index)?;
                self.emit(RunnerOp::DeleteSubscr, line);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.delete(i)?;
                }
            }
            _ => return Err(err(t.span, "cannot delete expression")),
        }
        Ok(())
    }
}
