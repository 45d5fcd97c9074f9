//! The code being built (instructions, locals, jump patching) and the
//! compiler's bookkeeping: name lookup, nested functions, and unwinding
//! through loops, `try` and `with` on `break`, `continue` and `return`.

use super::*;

impl Builder {
    pub(super) fn new(is_module: bool) -> Builder {
        Builder {
            instrs: Vec::new(),
            locals: Vec::new(),
            local_index: HashMap::new(),
            globals_decl: HashSet::new(),
            is_module,
            is_lambda: false,
            unwind: Vec::new(),
            next_stmt: true,
            hidden: 0,
        }
    }

    pub(super) fn local(&mut self, name: &str) -> u16 {
        if let Some(&i) = self.local_index.get(name) {
            return i;
        }
        let i = self.locals.len() as u16;
        self.locals.push(name.to_string());
        self.local_index.insert(name.to_string(), i);
        i
    }

    pub(super) fn emit(&mut self, op: GameOp, span: SourceSpan) -> usize {
        let stmt_start = std::mem::take(&mut self.next_stmt);
        self.instrs.push(Instr {
            op,
            span,
            stmt_start,
            text: String::new(),
        });
        self.instrs.len() - 1
    }

    pub(super) fn here(&self) -> u32 {
        self.instrs.len() as u32
    }

    pub(super) fn patch(&mut self, at: usize, target: u32) {
        match &mut self.instrs[at].op {
            GameOp::Jump(t)
            | GameOp::PopJumpIfFalse(t)
            | GameOp::PopJumpIfTrue(t)
            | GameOp::JumpIfFalseOrPop(t)
            | GameOp::JumpIfTrueOrPop(t)
            | GameOp::ForIter(t)
            | GameOp::SetupFinally(t) => *t = target,
            _ => unreachable!("patching a non-jump"),
        }
    }
}

impl Compiler {
    pub(super) fn global(&mut self, name: &str) -> u16 {
        if let Some(&i) = self.global_index.get(name) {
            return i;
        }
        let i = self.globals.len() as u16;
        self.globals.push(name.to_string());
        self.global_index.insert(name.to_string(), i);
        i
    }

    pub(super) fn hidden_slot(&mut self, b: &mut Builder, what: &str) -> Slot {
        b.hidden += 1;
        let name = format!("${what}{}", b.hidden);
        if b.is_module {
            Slot::Global(self.global(&name))
        } else {
            Slot::Local(b.local(&name))
        }
    }

    pub(super) fn load_name(
        &mut self,
        b: &mut Builder,
        name: &str,
        span: SourceSpan,
    ) -> CResult<()> {
        if !b.is_module && b.local_index.contains_key(name) && !b.globals_decl.contains(name) {
            let i = b.local_index[name];
            b.emit(GameOp::LoadFast(i), span);
        } else if let Some(&g) = self.global_index.get(name) {
            b.emit(
                if b.is_module {
                    GameOp::LoadName(g)
                } else {
                    GameOp::LoadGlobal(g)
                },
                span,
            );
        } else if let Some(v) = Builtin::global(name) {
            b.emit(GameOp::LoadBuiltin(v), span);
        } else if b.is_lambda && self.enclosing_locals.iter().any(|s| s.contains(name)) {
            return Err(cerr(
                span,
                format!("this lambda uses '{name}', a local of the function around it: closures are not supported here (use a global, or pass it as an argument)"),
            ));
        } else if Module::from_name(name).is_some() {
            return Err(cerr(
                span,
                format!("name '{name}' is not defined: add 'import {name}' at the top"),
            ));
        } else {
            return Err(cerr(span, format!("name '{name}' is not defined")));
        }
        Ok(())
    }

    pub(super) fn store_name(&mut self, b: &mut Builder, name: &str, span: SourceSpan) {
        if b.is_module {
            let g = self.global(name);
            b.emit(GameOp::StoreName(g), span);
        } else if b.globals_decl.contains(name) {
            let g = self.global(name);
            b.emit(GameOp::StoreGlobal(g), span);
        } else {
            let i = b.local(name);
            b.emit(GameOp::StoreFast(i), span);
        }
    }

    pub(super) fn function(
        &mut self,
        name: &str,
        params: &[String],
        body: &[Stmt],
        internal: bool,
    ) -> CResult<u16> {
        let mut b = Builder::new(false);
        for p in params {
            b.local(p);
        }
        let mut decls = Vec::new();
        global_decls(body, &mut decls);
        for d in &decls {
            if params.contains(d) {
                let span = body.first().map(|s| s.span).unwrap_or_default();
                return Err(cerr(span, format!("name '{d}' is parameter and global")));
            }
            self.global(d);
        }
        b.globals_decl = decls.into_iter().collect();
        let mut assigned = Vec::new();
        assigned_names(body, &mut assigned);
        for a in assigned {
            if !b.globals_decl.contains(&a) {
                b.local(&a);
            }
        }
        let id = self.codes.len() as u16;
        // Reserve the slot so nested lambdas get later ids.
        self.codes.push(Code {
            name: name.to_string(),
            nparams: params.len() as u16,
            local_names: Vec::new(),
            instrs: Vec::new(),
            is_module: false,
            internal,
        });
        self.enclosing_locals
            .push(b.locals.iter().cloned().collect::<HashSet<_>>());
        let r = self.block(&mut b, body);
        self.enclosing_locals.pop();
        r?;
        let end = body.last().map(|s| s.span).unwrap_or_default();
        b.next_stmt = false;
        b.emit(GameOp::LoadConst(Value::None), end);
        b.emit(GameOp::ReturnValue, end);
        self.finish(id, b);
        Ok(id)
    }

    pub(super) fn lambda(&mut self, params: &[String], body: &Expr) -> CResult<u16> {
        let mut b = Builder::new(false);
        b.is_lambda = true;
        for p in params {
            b.local(p);
        }
        let id = self.codes.len() as u16;
        self.codes.push(Code {
            name: "<lambda>".into(),
            nparams: params.len() as u16,
            local_names: Vec::new(),
            instrs: Vec::new(),
            is_module: false,
            internal: false,
        });
        self.expr(&mut b, body)?;
        b.emit(GameOp::ReturnValue, body.span);
        self.finish(id, b);
        Ok(id)
    }

    pub(super) fn finish(&mut self, id: u16, b: Builder) {
        let code = &mut self.codes[id as usize];
        code.local_names = b.locals;
        code.instrs = b.instrs;
        for pc in 0..code.instrs.len() {
            let text = instr_text(&code.instrs[pc].op, pc as u32, code, &self.globals);
            code.instrs[pc].text = text;
        }
    }

    pub(super) fn block(&mut self, b: &mut Builder, body: &[Stmt]) -> CResult<()> {
        for s in body {
            self.stmt(b, s)?;
        }
        Ok(())
    }

    /// The steps that leave the innermost `levels` unwind entries (for
    /// `return`, `break`, `continue`): pop try blocks, run `finally` bodies,
    /// release `with` locks.
    pub(super) fn unwind_to(
        &mut self,
        b: &mut Builder,
        keep: usize,
        span: SourceSpan,
    ) -> CResult<()> {
        let mut i = b.unwind.len();
        while i > keep {
            i -= 1;
            match &b.unwind[i] {
                Unwind::Loop { is_for, .. } => {
                    // Leaving a `for` by `return` drops its iterator with the
                    // frame; `break` pops it itself.
                    let _ = is_for;
                }
                Unwind::Try => {
                    b.emit(GameOp::PopBlock, span);
                }
                Unwind::Except(slot) => {
                    let slot = *slot;
                    b.emit(GameOp::PopExcept(slot), span);
                }
                Unwind::With(slot) => {
                    let slot = *slot;
                    b.emit(GameOp::PopBlock, span);
                    b.emit(GameOp::WithExit(slot), span);
                }
                Unwind::Finally(body) => {
                    let body = body.clone();
                    b.emit(GameOp::PopBlock, span);
                    // The finally body runs outside its own protection.
                    let saved = b.unwind.split_off(i);
                    let r = self.block(b, &body);
                    b.unwind.extend(saved);
                    r?;
                }
            }
        }
        Ok(())
    }

    pub(super) fn innermost_loop(b: &Builder) -> Option<usize> {
        b.unwind
            .iter()
            .rposition(|u| matches!(u, Unwind::Loop { .. }))
    }
}
