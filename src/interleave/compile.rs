//! AST -> steps: each statement becomes the bytecode CPython would run for
//! it, named the way `dis` names it, each instruction with the source span it
//! comes from.
//!
//! The instruction set is CPython 3.12's, simplified where the difference is
//! invisible to a thread switch: exception tables become `SETUP_FINALLY` /
//! `POP_BLOCK` pairs (as in CPython 3.10), and `with` keeps its context
//! manager in a hidden variable instead of on the value stack. What matters
//! for the lesson is kept exactly: `counter += 1` is four steps (load, load
//! constant, add, store), and a thread switch may happen between any two.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::ast::{BinOp, CmpOp, Expr, ExprKind, FPart, Handler, Stmt, StmtKind};
use super::value::{Builtin, Module, Value};
use super::{subset, ParseError, SourceSpan};

/// The backstop for a construct [`subset::check`] should have refused.
const NOT_IN_MODEL: &str = "this is not supported by this Python subset";

/// Where a hidden variable (the exception being handled, the lock of a
/// `with`) lives: a global slot at module level, a local slot in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Global(u16),
    Local(u16),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GameOp {
    Nop,
    LoadConst(Value),
    LoadName(u16),
    StoreName(u16),
    LoadGlobal(u16),
    StoreGlobal(u16),
    LoadFast(u16),
    StoreFast(u16),
    /// A builtin such as `print` (CPython loads it by name).
    LoadBuiltin(Value),
    LoadAttr(Arc<str>),
    /// The operator, and whether it is the in-place form (`+=`).
    BinaryOp(BinOp, bool),
    UnaryNot,
    UnaryNeg,
    CompareOp(CmpOp),
    BinarySubscr,
    StoreSubscr,
    BuildList(u16),
    BuildTuple(u16),
    BuildDict(u16),
    FormatValue,
    BuildString(u16),
    UnpackSequence(u16),
    /// Number of arguments (positional + keyword), and the keyword names
    /// (the last `kw.len()` arguments).
    Call(u16, Arc<[Arc<str>]>),
    PopTop,
    Copy,
    Jump(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    GetIter,
    ForIter(u32),
    ReturnValue,
    /// `raise X` (1) or a bare `raise` with nothing being handled (0).
    RaiseVarargs(u8),
    Reraise(Slot),
    SetupFinally(u32),
    PopBlock,
    PushExcInfo(Slot),
    PopExcept(Slot),
    CheckExcMatch(Slot),
    LoadSlot(Slot),
    BeforeWith(Slot),
    WithExit(Slot),
    LoadAssertionError,
    ImportName(Module),
    MakeFunction(u16),
}

/// One step of a thread.
#[derive(Debug, Clone)]
pub struct Instr {
    pub op: GameOp,
    pub span: SourceSpan,
    /// The first step of a statement (where a statement-sized step stops).
    pub stmt_start: bool,
    /// As `dis` would print it, e.g. `LOAD_GLOBAL counter`.
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Code {
    pub name: String,
    pub nparams: u16,
    pub local_names: Vec<String>,
    pub instrs: Vec<Instr>,
    pub is_module: bool,
    /// Helper code of the model (e.g. `Condition.wait_for`), not the user's.
    pub internal: bool,
}

#[derive(Debug, Clone)]
pub struct Compiled {
    pub codes: Vec<Code>,
    pub global_names: Vec<String>,
    pub wait_for: u16,
}

/// `Condition.wait_for` is CPython's own loop around `wait`, so it runs as
/// Python here too: every predicate call and every wait is a step.
const PRELUDE: &str = "\
def wait_for(cv, predicate):
    result = predicate()
    while not result:
        cv.wait()
        result = predicate()
    return result
";

enum Unwind {
    Loop {
        top: u32,
        breaks: Vec<usize>,
        is_for: bool,
    },
    Try,
    Finally(Vec<Stmt>),
    With(Slot),
    Except(Slot),
}

struct Builder {
    instrs: Vec<Instr>,
    locals: Vec<String>,
    local_index: HashMap<String, u16>,
    globals_decl: HashSet<String>,
    is_module: bool,
    is_lambda: bool,
    unwind: Vec<Unwind>,
    next_stmt: bool,
    hidden: u32,
}

struct Compiler {
    codes: Vec<Code>,
    globals: Vec<String>,
    global_index: HashMap<String, u16>,
    /// Locals of the function being compiled when compiling a lambda
    /// inside it, to explain why those names are not visible.
    enclosing_locals: Vec<HashSet<String>>,
}

fn cerr(span: SourceSpan, message: impl Into<String>) -> ParseError {
    ParseError::new(span.line, span.col, message)
}

type CResult<T> = Result<T, ParseError>;

/// Names a statement list assigns (not looking inside nested `def`s).
fn assigned_names(body: &[Stmt], out: &mut Vec<String>) {
    fn target(e: &Expr, out: &mut Vec<String>) {
        match &e.kind {
            ExprKind::Name(n) => out.push(n.clone()),
            ExprKind::Tuple(items) => items.iter().for_each(|i| target(i, out)),
            _ => {}
        }
    }
    for s in body {
        match &s.kind {
            StmtKind::Assign(ts, _) => ts.iter().for_each(|t| target(t, out)),
            StmtKind::AugAssign(t, _, _) => target(t, out),
            StmtKind::For(t, _, b, _) => {
                target(t, out);
                assigned_names(b, out);
            }
            StmtKind::If(arms, orelse) => {
                for (_, b) in arms {
                    assigned_names(b, out);
                }
                if let Some(b) = orelse {
                    assigned_names(b, out);
                }
            }
            StmtKind::While(_, b, _) => assigned_names(b, out),
            StmtKind::Def { name, .. } => out.push(name.clone()),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                assigned_names(body, out);
                for h in handlers {
                    if let Some(n) = &h.name {
                        out.push(n.clone());
                    }
                    assigned_names(&h.body, out);
                }
                if let Some(b) = orelse {
                    assigned_names(b, out);
                }
                if let Some((b, _)) = finally {
                    assigned_names(b, out);
                }
            }
            StmtKind::With(items, b) => {
                for t in items.iter().filter_map(|(_, t)| t.as_ref()) {
                    target(t, out);
                }
                assigned_names(b, out);
            }
            StmtKind::Import(mods) => mods.iter().for_each(|(_, a)| out.push(a.clone())),
            StmtKind::ImportFrom(_, names) => names.iter().for_each(|(_, a)| out.push(a.clone())),
            _ => {}
        }
    }
}

fn global_decls(body: &[Stmt], out: &mut Vec<String>) {
    for s in body {
        match &s.kind {
            StmtKind::Global(names) => out.extend(names.iter().cloned()),
            _ => child_blocks(s)
                .into_iter()
                .for_each(|b| global_decls(b, out)),
        }
    }
}

/// All `def`s at module scope (including inside module-level `if`/`while`).
fn module_defs<'a>(body: &'a [Stmt], out: &mut Vec<&'a Stmt>) {
    for s in body {
        match &s.kind {
            StmtKind::Def { .. } => out.push(s),
            _ => child_blocks(s)
                .into_iter()
                .for_each(|b| module_defs(b, out)),
        }
    }
}

/// The blocks nested directly in a compound statement (`if`, loops, `with`,
/// `try`), in source order; none for a `def` (its body is another scope) or a
/// simple statement.
fn child_blocks(s: &Stmt) -> Vec<&[Stmt]> {
    match &s.kind {
        StmtKind::If(arms, orelse) => arms
            .iter()
            .map(|(_, b)| b.as_slice())
            .chain(orelse.as_deref())
            .collect(),
        StmtKind::While(_, b, _) | StmtKind::For(_, _, b, _) | StmtKind::With(_, b) => {
            vec![b.as_slice()]
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finally,
        } => std::iter::once(body.as_slice())
            .chain(handlers.iter().map(|h| h.body.as_slice()))
            .chain(orelse.as_deref())
            .chain(finally.as_ref().map(|(b, _)| b.as_slice()))
            .collect(),
        _ => Vec::new(),
    }
}

impl Builder {
    fn new(is_module: bool) -> Builder {
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

    fn local(&mut self, name: &str) -> u16 {
        if let Some(&i) = self.local_index.get(name) {
            return i;
        }
        let i = self.locals.len() as u16;
        self.locals.push(name.to_string());
        self.local_index.insert(name.to_string(), i);
        i
    }

    fn emit(&mut self, op: GameOp, span: SourceSpan) -> usize {
        let stmt_start = std::mem::take(&mut self.next_stmt);
        self.instrs.push(Instr {
            op,
            span,
            stmt_start,
            text: String::new(),
        });
        self.instrs.len() - 1
    }

    fn here(&self) -> u32 {
        self.instrs.len() as u32
    }

    fn patch(&mut self, at: usize, target: u32) {
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
    fn global(&mut self, name: &str) -> u16 {
        if let Some(&i) = self.global_index.get(name) {
            return i;
        }
        let i = self.globals.len() as u16;
        self.globals.push(name.to_string());
        self.global_index.insert(name.to_string(), i);
        i
    }

    fn hidden_slot(&mut self, b: &mut Builder, what: &str) -> Slot {
        b.hidden += 1;
        let name = format!("${what}{}", b.hidden);
        if b.is_module {
            Slot::Global(self.global(&name))
        } else {
            Slot::Local(b.local(&name))
        }
    }

    fn load_name(&mut self, b: &mut Builder, name: &str, span: SourceSpan) -> CResult<()> {
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

    fn store_name(&mut self, b: &mut Builder, name: &str, span: SourceSpan) {
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

    fn function(
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

    fn lambda(&mut self, params: &[String], body: &Expr) -> CResult<u16> {
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

    fn finish(&mut self, id: u16, b: Builder) {
        let code = &mut self.codes[id as usize];
        code.local_names = b.locals;
        code.instrs = b.instrs;
        for pc in 0..code.instrs.len() {
            let text = instr_text(&code.instrs[pc].op, pc as u32, code, &self.globals);
            code.instrs[pc].text = text;
        }
    }

    fn block(&mut self, b: &mut Builder, body: &[Stmt]) -> CResult<()> {
        for s in body {
            self.stmt(b, s)?;
        }
        Ok(())
    }

    /// The steps that leave the innermost `levels` unwind entries (for
    /// `return`, `break`, `continue`): pop try blocks, run `finally` bodies,
    /// release `with` locks.
    fn unwind_to(&mut self, b: &mut Builder, keep: usize, span: SourceSpan) -> CResult<()> {
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

    fn innermost_loop(b: &Builder) -> Option<usize> {
        b.unwind
            .iter()
            .rposition(|u| matches!(u, Unwind::Loop { .. }))
    }

    fn stmt(&mut self, b: &mut Builder, s: &Stmt) -> CResult<()> {
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

    fn try_except(
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

    fn store(&mut self, b: &mut Builder, t: &Expr) -> CResult<()> {
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

    fn expr(&mut self, b: &mut Builder, e: &Expr) -> CResult<()> {
        let span = e.span;
        match &e.kind {
            ExprKind::Int(i) => {
                b.emit(GameOp::LoadConst(Value::Int(*i)), span);
            }
            ExprKind::Str(s) => {
                b.emit(GameOp::LoadConst(Value::str(s)), span);
            }
            ExprKind::Bool(v) => {
                b.emit(GameOp::LoadConst(Value::Bool(*v)), span);
            }
            ExprKind::None => {
                b.emit(GameOp::LoadConst(Value::None), span);
            }
            ExprKind::FStr(parts) => {
                for p in parts {
                    match p {
                        FPart::Lit(s) => {
                            b.emit(GameOp::LoadConst(Value::str(s)), span);
                        }
                        FPart::Expr { expr: x, .. } => {
                            self.expr(b, x)?;
                            b.emit(GameOp::FormatValue, x.span);
                        }
                    }
                }
                if parts.len() != 1 || !matches!(parts[0], FPart::Expr { .. }) {
                    b.emit(GameOp::BuildString(parts.len() as u16), span);
                }
                if parts.is_empty() {
                    b.instrs.pop();
                    b.emit(GameOp::LoadConst(Value::str("")), span);
                }
            }
            ExprKind::Name(n) => self.load_name(b, n, span)?,
            ExprKind::Bin(op, l, r) => {
                self.expr(b, l)?;
                self.expr(b, r)?;
                b.emit(GameOp::BinaryOp(*op, false), span);
            }
            ExprKind::Neg(x) => {
                self.expr(b, x)?;
                b.emit(GameOp::UnaryNeg, span);
            }
            ExprKind::Not(x) => {
                self.expr(b, x)?;
                b.emit(GameOp::UnaryNot, span);
            }
            // The game's parser dropped a unary plus; so does the game.
            ExprKind::Pos(x) => self.expr(b, x)?,
            ExprKind::BoolOp(is_and, l, r) => {
                self.expr(b, l)?;
                let j = b.emit(
                    if *is_and {
                        GameOp::JumpIfFalseOrPop(0)
                    } else {
                        GameOp::JumpIfTrueOrPop(0)
                    },
                    span,
                );
                self.expr(b, r)?;
                let here = b.here();
                b.patch(j, here);
            }
            ExprKind::IfExp(cond, a, c) => {
                self.expr(b, cond)?;
                let jf = b.emit(GameOp::PopJumpIfFalse(0), cond.span);
                self.expr(b, a)?;
                let j = b.emit(GameOp::Jump(0), span);
                let here = b.here();
                b.patch(jf, here);
                self.expr(b, c)?;
                let here = b.here();
                b.patch(j, here);
            }
            ExprKind::Compare(op, l, r) => {
                self.expr(b, l)?;
                self.expr(b, r)?;
                b.emit(GameOp::CompareOp(*op), span);
            }
            ExprKind::Call(f, args, kwargs) => {
                self.expr(b, f)?;
                for a in args {
                    self.expr(b, a)?;
                }
                for (_, v) in kwargs {
                    self.expr(b, v)?;
                }
                // Every keyword has a name: `subset` refuses `**kwargs`.
                let kw: Vec<Arc<str>> = kwargs
                    .iter()
                    .map(|(k, _)| Arc::from(k.as_deref().unwrap_or("**")))
                    .collect();
                b.emit(
                    GameOp::Call((args.len() + kwargs.len()) as u16, Arc::from(kw)),
                    span,
                );
            }
            ExprKind::Attr(obj, name) => {
                self.expr(b, obj)?;
                b.emit(GameOp::LoadAttr(Arc::from(name.as_str())), span);
            }
            ExprKind::Subscript(obj, idx) => {
                self.expr(b, obj)?;
                self.expr(b, idx)?;
                b.emit(GameOp::BinarySubscr, span);
            }
            ExprKind::List(items) => {
                for i in items {
                    self.expr(b, i)?;
                }
                b.emit(GameOp::BuildList(items.len() as u16), span);
            }
            ExprKind::Tuple(items) => {
                if items.iter().all(|i| {
                    matches!(
                        i.kind,
                        ExprKind::Int(_) | ExprKind::Str(_) | ExprKind::Bool(_) | ExprKind::None
                    )
                }) {
                    // CPython folds constant tuples into one LOAD_CONST.
                    let vals: Vec<Value> = items
                        .iter()
                        .map(|i| match &i.kind {
                            ExprKind::Int(v) => Value::Int(*v),
                            ExprKind::Str(s) => Value::str(s),
                            ExprKind::Bool(v) => Value::Bool(*v),
                            _ => Value::None,
                        })
                        .collect();
                    b.emit(GameOp::LoadConst(Value::Tuple(Arc::from(vals))), span);
                } else {
                    for i in items {
                        self.expr(b, i)?;
                    }
                    b.emit(GameOp::BuildTuple(items.len() as u16), span);
                }
            }
            ExprKind::Dict(items) => {
                for (k, v) in items {
                    let Some(k) = k else {
                        return Err(cerr(v.span, NOT_IN_MODEL));
                    };
                    self.expr(b, k)?;
                    self.expr(b, v)?;
                }
                b.emit(GameOp::BuildDict(items.len() as u16), span);
            }
            ExprKind::Lambda(params, body) => {
                let id = self.lambda(&params.names(), body)?;
                b.emit(GameOp::MakeFunction(id), span);
            }
            // Refused by `subset` before compiling, with the message the
            // game's own parser gave; this is only a backstop.
            _ => return Err(cerr(span, NOT_IN_MODEL)),
        }
        Ok(())
    }
}

fn slot_name(slot: Slot, code: &Code, globals: &[String]) -> String {
    match slot {
        Slot::Global(g) => globals[g as usize].clone(),
        Slot::Local(l) => code.local_names[l as usize].clone(),
    }
}

fn instr_text(op: &GameOp, pc: u32, code: &Code, globals: &[String]) -> String {
    let g = |i: &u16| globals[*i as usize].clone();
    let l = |i: &u16| code.local_names[*i as usize].clone();
    let jump = |t: &u32| {
        if *t <= pc {
            "JUMP_BACKWARD"
        } else {
            "JUMP_FORWARD"
        }
    };
    match op {
        GameOp::Nop => "NOP".into(),
        GameOp::LoadConst(v) => {
            let mut s = String::from("LOAD_CONST ");
            super::value::repr_with(v, &|_, _| {}, &mut s);
            s
        }
        GameOp::LoadName(i) => format!("LOAD_NAME {}", g(i)),
        GameOp::StoreName(i) => format!("STORE_NAME {}", g(i)),
        GameOp::LoadGlobal(i) => format!("LOAD_GLOBAL {}", g(i)),
        GameOp::StoreGlobal(i) => format!("STORE_GLOBAL {}", g(i)),
        GameOp::LoadFast(i) => format!("LOAD_FAST {}", l(i)),
        GameOp::StoreFast(i) => format!("STORE_FAST {}", l(i)),
        GameOp::LoadBuiltin(v) => {
            let name = match v {
                Value::Builtin(b) => b.name().to_string(),
                Value::ExcClass(k) => k.name().to_string(),
                Value::Str(_) => "__name__".to_string(),
                _ => "?".to_string(),
            };
            if code.is_module {
                format!("LOAD_NAME {name}")
            } else {
                format!("LOAD_GLOBAL {name}")
            }
        }
        GameOp::LoadAttr(n) => format!("LOAD_ATTR {n}"),
        GameOp::BinaryOp(op, inplace) => {
            format!(
                "BINARY_OP {}{}",
                op.symbol(),
                if *inplace { "=" } else { "" }
            )
        }
        GameOp::UnaryNot => "UNARY_NOT".into(),
        GameOp::UnaryNeg => "UNARY_NEGATIVE".into(),
        GameOp::CompareOp(c) => match c {
            CmpOp::In | CmpOp::NotIn => format!("CONTAINS_OP {}", c.symbol()),
            CmpOp::Is | CmpOp::IsNot => format!("IS_OP {}", c.symbol()),
            _ => format!("COMPARE_OP {}", c.symbol()),
        },
        GameOp::BinarySubscr => "BINARY_SUBSCR".into(),
        GameOp::StoreSubscr => "STORE_SUBSCR".into(),
        GameOp::BuildList(n) => format!("BUILD_LIST {n}"),
        GameOp::BuildTuple(n) => format!("BUILD_TUPLE {n}"),
        GameOp::BuildDict(n) => format!("BUILD_MAP {n}"),
        GameOp::FormatValue => "FORMAT_VALUE".into(),
        GameOp::BuildString(n) => format!("BUILD_STRING {n}"),
        GameOp::UnpackSequence(n) => format!("UNPACK_SEQUENCE {n}"),
        GameOp::Call(n, _) => format!("CALL {n}"),
        GameOp::PopTop => "POP_TOP".into(),
        GameOp::Copy => "COPY 1".into(),
        GameOp::Jump(t) => jump(t).into(),
        GameOp::PopJumpIfFalse(_) => "POP_JUMP_IF_FALSE".into(),
        GameOp::PopJumpIfTrue(_) => "POP_JUMP_IF_TRUE".into(),
        GameOp::JumpIfFalseOrPop(_) => "JUMP_IF_FALSE_OR_POP".into(),
        GameOp::JumpIfTrueOrPop(_) => "JUMP_IF_TRUE_OR_POP".into(),
        GameOp::GetIter => "GET_ITER".into(),
        GameOp::ForIter(_) => "FOR_ITER".into(),
        GameOp::ReturnValue => "RETURN_VALUE".into(),
        GameOp::RaiseVarargs(n) => format!("RAISE_VARARGS {n}"),
        GameOp::Reraise(_) => "RERAISE".into(),
        GameOp::SetupFinally(_) => "SETUP_FINALLY".into(),
        GameOp::PopBlock => "POP_BLOCK".into(),
        GameOp::PushExcInfo(_) => "PUSH_EXC_INFO".into(),
        GameOp::PopExcept(_) => "POP_EXCEPT".into(),
        GameOp::CheckExcMatch(_) => "CHECK_EXC_MATCH".into(),
        GameOp::LoadSlot(s) => {
            let _ = slot_name(*s, code, globals);
            "LOAD_EXC".into()
        }
        GameOp::BeforeWith(_) => "BEFORE_WITH".into(),
        GameOp::WithExit(_) => "WITH_EXIT".into(),
        GameOp::LoadAssertionError => "LOAD_ASSERTION_ERROR".into(),
        GameOp::ImportName(m) => format!("IMPORT_NAME {}", m.name()),
        GameOp::MakeFunction(_) => "MAKE_FUNCTION".into(),
    }
}

/// Compiles a module for the game, after refusing what its subset lacks
/// ([`subset::check`], which needs the source for the old wording).
pub fn compile(src: &str, body: &[Stmt]) -> CResult<Compiled> {
    subset::check(src, body)?;
    let mut c = Compiler {
        codes: Vec::new(),
        globals: Vec::new(),
        global_index: HashMap::new(),
        enclosing_locals: Vec::new(),
    };
    // Globals first: every name the module assigns, and every name a
    // function declares `global`. Then names resolve statically, and a typo
    // is an error with a position instead of a NameError mid-game.
    let mut names = Vec::new();
    assigned_names(body, &mut names);
    let mut defs = Vec::new();
    module_defs(body, &mut defs);
    for d in &defs {
        if let StmtKind::Def { body, .. } = &d.kind {
            global_decls(body, &mut names);
        }
    }
    for n in &names {
        c.global(n);
    }
    // Code 0 is the module; reserve it.
    c.codes.push(Code {
        name: "<module>".into(),
        nparams: 0,
        local_names: Vec::new(),
        instrs: Vec::new(),
        is_module: true,
        internal: false,
    });
    let mut b = Builder::new(true);
    c.block(&mut b, body)?;
    let end = body.last().map(|s| s.span).unwrap_or_default();
    b.next_stmt = false;
    b.emit(GameOp::LoadConst(Value::None), end);
    b.emit(GameOp::ReturnValue, end);
    c.finish(0, b);
    let prelude = super::front::parse_module(PRELUDE).expect("the prelude parses");
    let StmtKind::Def { params, body, .. } = &prelude[0].kind else {
        unreachable!()
    };
    let wait_for = c.function("wait_for", &params.names(), body, true)?;
    Ok(Compiled {
        codes: c.codes,
        global_names: c.globals,
        wait_for,
    })
}
