//! Statements to steps.

use super::*;

impl Compiler {
    /// Emits the steps of one statement.
    // One arm per statement kind, each the steps CPython emits for it: a
    // compiler's central `match`, kept whole like the dispatch it feeds.
    pub(super) fn stmt(&mut self, b: &mut Builder, s: &Stmt) -> CResult<()> {
        b.next_stmt = true;
        let span = s.span;
        match &s.kind {
            StmtKind::Expr(e) => {
                self.expr(b, e)?;
                b.emit(GameOp::PopTop, span);
            }
            StmtKind::Pass => {
                b.emit(GameOp::Nop, span);
            }
            StmtKind::Assign(targets, value) => {
                self.expr(b, value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        b.emit(GameOp::Copy, span);
                    }
                    self.store(b, t)?;
                }
            }
            StmtKind::AugAssign(target, op, value) => match &target.kind {
                ExprKind::Name(n) => {
                    self.load_name(b, n, target.span)?;
                    self.expr(b, value)?;
                    b.emit(GameOp::BinaryOp(*op, true), span);
                    self.store_name(b, n, target.span);
                }
                ExprKind::Subscript(obj, idx) => {
                    // CPython: obj, idx, COPY 2 x2, BINARY_SUBSCR, value,
                    // BINARY_OP, SWAP, STORE_SUBSCR. Here: evaluate obj and
                    // idx twice (same steps a reader can follow; same
                    // interleaving points, since names are loaded again).
                    self.expr(b, obj)?;
                    self.expr(b, idx)?;
                    b.emit(GameOp::BinarySubscr, target.span);
                    self.expr(b, value)?;
                    b.emit(GameOp::BinaryOp(*op, true), span);
                    self.expr(b, obj)?;
                    self.expr(b, idx)?;
                    b.emit(GameOp::StoreSubscr, target.span);
                }
                _ => return Err(cerr(target.span, "cannot assign to this expression")),
            },
            StmtKind::If(arms, orelse) => {
                let mut ends = Vec::new();
                for (i, (cond, body)) in arms.iter().enumerate() {
                    if i > 0 {
                        b.next_stmt = true;
                    }
                    self.expr(b, cond)?;
                    let jf = b.emit(GameOp::PopJumpIfFalse(0), cond.span);
                    self.block(b, body)?;
                    if i + 1 < arms.len() || orelse.is_some() {
                        b.next_stmt = false;
                        ends.push(b.emit(GameOp::Jump(0), span));
                    }
                    let here = b.here();
                    b.patch(jf, here);
                }
                if let Some(body) = orelse {
                    self.block(b, body)?;
                }
                let here = b.here();
                for e in ends {
                    b.patch(e, here);
                }
            }
            StmtKind::While(cond, body, _) => {
                let top = b.here();
                self.expr(b, cond)?;
                let jf = b.emit(GameOp::PopJumpIfFalse(0), cond.span);
                b.unwind.push(Unwind::Loop {
                    top,
                    breaks: Vec::new(),
                    is_for: false,
                });
                self.block(b, body)?;
                b.next_stmt = false;
                b.emit(GameOp::Jump(top), span);
                let end = b.here();
                b.patch(jf, end);
                if let Some(Unwind::Loop { breaks, .. }) = b.unwind.pop() {
                    for br in breaks {
                        b.patch(br, end);
                    }
                }
            }
            StmtKind::For(target, iter, body, _) => {
                self.expr(b, iter)?;
                b.emit(GameOp::GetIter, iter.span);
                let top = b.here();
                b.next_stmt = true;
                let fi = b.emit(GameOp::ForIter(0), span);
                self.store(b, target)?;
                b.unwind.push(Unwind::Loop {
                    top,
                    breaks: Vec::new(),
                    is_for: true,
                });
                self.block(b, body)?;
                b.next_stmt = false;
                b.emit(GameOp::Jump(top), span);
                let end = b.here();
                b.patch(fi, end);
                if let Some(Unwind::Loop { breaks, .. }) = b.unwind.pop() {
                    for br in breaks {
                        b.patch(br, end);
                    }
                }
            }
            StmtKind::Break | StmtKind::Continue => {
                let Some(li) = Self::innermost_loop(b) else {
                    let what = if matches!(s.kind, StmtKind::Break) {
                        "break"
                    } else {
                        "continue"
                    };
                    return Err(cerr(span, format!("'{what}' outside loop")));
                };
                self.unwind_to(b, li + 1, span)?;
                let is_break = matches!(s.kind, StmtKind::Break);
                let (top, is_for) = match &b.unwind[li] {
                    Unwind::Loop { top, is_for, .. } => (*top, *is_for),
                    _ => unreachable!(),
                };
                if is_break {
                    if is_for {
                        b.emit(GameOp::PopTop, span);
                    }
                    let j = b.emit(GameOp::Jump(0), span);
                    if let Unwind::Loop { breaks, .. } = &mut b.unwind[li] {
                        breaks.push(j);
                    }
                } else {
                    b.emit(GameOp::Jump(top), span);
                }
            }
            StmtKind::Def {
                name, params, body, ..
            } => {
                if !b.is_module {
                    return Err(cerr(
                        span,
                        "functions inside functions are not supported here: define it at the top level",
                    ));
                }
                let id = self.function(name, &params.names(), body, false)?;
                b.emit(GameOp::MakeFunction(id), span);
                self.store_name(b, name, span);
            }
            StmtKind::Return(value) => {
                if b.is_module {
                    return Err(cerr(span, "'return' outside function"));
                }
                match value {
                    Some(v) => self.expr(b, v)?,
                    None => {
                        b.emit(GameOp::LoadConst(Value::None), span);
                    }
                }
                self.unwind_to(b, 0, span)?;
                b.emit(GameOp::ReturnValue, span);
            }
            StmtKind::Assert(cond, msg) => {
                self.expr(b, cond)?;
                let jt = b.emit(GameOp::PopJumpIfTrue(0), span);
                b.emit(GameOp::LoadAssertionError, span);
                if let Some(m) = msg {
                    self.expr(b, m)?;
                    b.emit(GameOp::Call(1, Arc::from(Vec::new())), span);
                }
                b.emit(GameOp::RaiseVarargs(1), span);
                let here = b.here();
                b.patch(jt, here);
            }
            StmtKind::Global(_) => {
                // Resolved before compiling (see `compile`); no step of its
                // own in CPython either, but a statement needs one here.
                b.emit(GameOp::Nop, span);
            }
            StmtKind::Raise(e, _) => match e {
                Some(e) => {
                    self.expr(b, e)?;
                    b.emit(GameOp::RaiseVarargs(1), span);
                }
                None => {
                    let slot = b.unwind.iter().rev().find_map(|u| match u {
                        Unwind::Except(s) => Some(*s),
                        _ => None,
                    });
                    match slot {
                        Some(s) => b.emit(GameOp::Reraise(s), span),
                        None => b.emit(GameOp::RaiseVarargs(0), span),
                    };
                }
            },
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => match finally {
                Some((fin, fin_span)) => {
                    let setup = b.emit(GameOp::SetupFinally(0), span);
                    b.unwind.push(Unwind::Finally(fin.clone()));
                    if handlers.is_empty() {
                        self.block(b, body)?;
                    } else {
                        self.try_except(b, span, body, handlers, orelse.as_deref())?;
                    }
                    b.unwind.pop();
                    b.next_stmt = false;
                    b.emit(GameOp::PopBlock, *fin_span);
                    self.block(b, fin)?;
                    b.next_stmt = false;
                    let j = b.emit(GameOp::Jump(0), *fin_span);
                    let h = b.here();
                    b.patch(setup, h);
                    let slot = self.hidden_slot(b, "exc");
                    b.next_stmt = true;
                    b.emit(GameOp::PushExcInfo(slot), *fin_span);
                    b.unwind.push(Unwind::Except(slot));
                    self.block(b, fin)?;
                    b.unwind.pop();
                    b.next_stmt = false;
                    b.emit(GameOp::Reraise(slot), *fin_span);
                    let end = b.here();
                    b.patch(j, end);
                }
                None => self.try_except(b, span, body, handlers, orelse.as_deref())?,
            },
            StmtKind::With(items, body) => {
                // One item: `subset` refuses more.
                let (ctx, target) = &items[0];
                self.expr(b, ctx)?;
                let slot = self.hidden_slot(b, "with");
                b.emit(GameOp::BeforeWith(slot), span);
                match target {
                    Some(t) => self.store(b, t)?,
                    None => {
                        b.emit(GameOp::PopTop, span);
                    }
                }
                let setup = b.emit(GameOp::SetupFinally(0), span);
                b.unwind.push(Unwind::With(slot));
                self.block(b, body)?;
                b.unwind.pop();
                b.next_stmt = false;
                b.emit(GameOp::PopBlock, span);
                b.emit(GameOp::WithExit(slot), span);
                let j = b.emit(GameOp::Jump(0), span);
                let h = b.here();
                b.patch(setup, h);
                let exc = self.hidden_slot(b, "exc");
                b.emit(GameOp::PushExcInfo(exc), span);
                b.emit(GameOp::WithExit(slot), span);
                b.emit(GameOp::Reraise(exc), span);
                let end = b.here();
                b.patch(j, end);
            }
            StmtKind::Import(mods) => {
                for (m, alias) in mods {
                    let Some(module) = Module::from_name(m) else {
                        return Err(cerr(
                            span,
                            format!("No module named '{m}' here: this model has threading, queue and time"),
                        ));
                    };
                    b.emit(GameOp::ImportName(module), span);
                    self.store_name(b, alias, span);
                }
            }
            StmtKind::ImportFrom(m, names) => {
                let Some(module) = Module::from_name(m) else {
                    return Err(cerr(
                        span,
                        format!(
                            "No module named '{m}' here: this model has threading, queue and time"
                        ),
                    ));
                };
                b.emit(GameOp::ImportName(module), span);
                for (i, (n, alias)) in names.iter().enumerate() {
                    if module.attr(n).is_none() {
                        return Err(cerr(
                            span,
                            format!("cannot import name '{n}' from '{m}' (not in this model)"),
                        ));
                    }
                    if i + 1 < names.len() {
                        b.emit(GameOp::Copy, span);
                    }
                    b.emit(GameOp::LoadAttr(Arc::from(n.as_str())), span);
                    self.store_name(b, alias, span);
                }
            }
            _ => return Err(cerr(span, NOT_IN_MODEL)),
        }
        Ok(())
    }

    pub(super) fn try_except(
        &mut self,
        b: &mut Builder,
        span: SourceSpan,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: Option<&[Stmt]>,
    ) -> CResult<()> {
        let setup = b.emit(GameOp::SetupFinally(0), span);
        b.unwind.push(Unwind::Try);
        self.block(b, body)?;
        b.unwind.pop();
        b.next_stmt = false;
        b.emit(GameOp::PopBlock, span);
        if let Some(o) = orelse {
            self.block(b, o)?;
        }
        b.next_stmt = false;
        let mut ends = vec![b.emit(GameOp::Jump(0), span)];
        let h = b.here();
        b.patch(setup, h);
        let slot = self.hidden_slot(b, "exc");
        b.next_stmt = true;
        b.emit(GameOp::PushExcInfo(slot), handlers[0].span);
        for (i, h) in handlers.iter().enumerate() {
            if h.typ.is_none() && i + 1 < handlers.len() {
                return Err(cerr(h.span, "default 'except:' must be last"));
            }
            b.next_stmt = true;
            let mut next = None;
            if let Some(t) = &h.typ {
                self.expr(b, t)?;
                b.emit(GameOp::CheckExcMatch(slot), h.span);
                next = Some(b.emit(GameOp::PopJumpIfFalse(0), h.span));
            }
            if let Some(n) = &h.name {
                b.emit(GameOp::LoadSlot(slot), h.span);
                self.store_name(b, n, h.span);
            }
            b.unwind.push(Unwind::Except(slot));
            self.block(b, &h.body)?;
            b.unwind.pop();
            b.next_stmt = false;
            b.emit(GameOp::PopExcept(slot), h.span);
            ends.push(b.emit(GameOp::Jump(0), h.span));
            if let Some(n) = next {
                let here = b.here();
                b.patch(n, here);
            }
        }
        b.next_stmt = false;
        b.emit(GameOp::Reraise(slot), span);
        let end = b.here();
        for e in ends {
            b.patch(e, end);
        }
        Ok(())
    }

    pub(super) fn store(&mut self, b: &mut Builder, t: &Expr) -> CResult<()> {
        match &t.kind {
            ExprKind::Name(n) => {
                self.store_name(b, n, t.span);
            }
            ExprKind::Subscript(obj, idx) => {
                self.expr(b, obj)?;
                self.expr(b, idx)?;
                b.emit(GameOp::StoreSubscr, t.span);
            }
            ExprKind::Tuple(items) => {
                b.emit(GameOp::UnpackSequence(items.len() as u16), t.span);
                for i in items {
                    self.store(b, i)?;
                }
            }
            _ => return Err(cerr(t.span, "cannot assign to this expression")),
        }
        Ok(())
    }
}
