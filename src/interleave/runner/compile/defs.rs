//! Definitions: function bodies compiled into code objects (and the
//! `MAKE_FUNCTION` that builds them), and `class` statements.

use super::{CResult, Compiler};
use crate::interleave::ast::{Expr, ExprKind, Params, Stmt, StmtKind};
use crate::interleave::runner::bytecode::{CodeKind, RunnerOp};
use crate::interleave::runner::value::Value;

impl Compiler {
    /// Compiles a function body into a code object and emits the
    /// `MAKE_FUNCTION` that builds it (defaults and closure included).
    pub(super) fn function(
        &mut self,
        scope: usize,
        name: &str,
        params: &Params,
        line: u32,
        body: impl FnOnce(&mut Compiler) -> CResult,
    ) -> CResult {
        let mut flags = 0u8;
        let defaults: Vec<&Expr> = params
            .args
            .iter()
            .filter_map(|p| p.default.as_ref())
            .collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.expr(d)?;
            }
            self.emit(RunnerOp::BuildTuple(defaults.len() as u32), line);
            flags |= 1;
        }
        let kwdefaults: Vec<(&str, &Expr)> = params
            .kwonly
            .iter()
            .filter_map(|p| p.default.as_ref().map(|d| (p.name.as_str(), d)))
            .collect();
        if !kwdefaults.is_empty() {
            for (n, d) in &kwdefaults {
                let k = self.constant(Value::str(n));
                self.emit(RunnerOp::LoadConst(k), line);
                self.expr(d)?;
            }
            self.emit(RunnerOp::BuildMap(kwdefaults.len() as u32), line);
            flags |= 2;
        }
        let kind = if self.scopes.all[scope].is_generator {
            CodeKind::Generator
        } else {
            CodeKind::Function
        };
        let qualname = self.qualname(name);
        self.push_builder(scope, name, &qualname, kind, line);
        body(self)?;
        let k = self.constant(Value::None);
        self.emit(RunnerOp::LoadConst(k), 0);
        self.emit(RunnerOp::ReturnValue, 0);
        let code = self.pop_builder(
            params.args.len() as u32,
            params.kwonly.len() as u32,
            params.vararg.is_some(),
            params.kwarg.is_some(),
        );
        self.make_function(code, flags, line);
        Ok(())
    }

    pub(super) fn make_function(
        &mut self,
        code: std::sync::Arc<crate::interleave::runner::bytecode::Code>,
        mut flags: u8,
        line: u32,
    ) {
        if !code.freevars.is_empty() {
            let frees = code.freevars.clone();
            for f in frees.iter() {
                let i = self.deref_index(f);
                self.emit(RunnerOp::LoadClosure(i), line);
            }
            self.emit(RunnerOp::BuildTuple(frees.len() as u32), line);
            flags |= 4;
        }
        let k = self.constant(Value::obj(crate::interleave::runner::value::Object::Code(
            code,
        )));
        self.emit(RunnerOp::MakeFunction(k, flags), line);
    }

    pub(super) fn class(
        &mut self,
        st: &Stmt,
        name: &str,
        (bases, keywords): (&[Expr], &[(String, Expr)]),
        body: &[Stmt],
        decorators: &[Expr],
    ) -> CResult {
        let line = st.span.line;
        for d in decorators {
            self.expr(d)?;
        }
        let scope = self.scope_of(st);
        let qualname = self.qualname(name);
        self.push_builder(scope, name, &qualname, CodeKind::Class, line);
        if annotates(body) {
            self.emit(RunnerOp::BuildMap(0), line);
            self.store_name(super::scope::ANNOTATIONS, line);
        }
        self.body(body)?;
        let k = self.constant(Value::None);
        self.emit(RunnerOp::LoadConst(k), 0);
        self.emit(RunnerOp::ReturnValue, 0);
        let code = self.pop_builder(0, 0, false, false);
        self.make_function(code, 0, line);
        for b in bases {
            self.expr(b)?;
        }
        for (_, v) in keywords {
            self.expr(v)?;
        }
        if !keywords.is_empty() {
            let names: Vec<Value> = keywords.iter().map(|(k, _)| Value::str(k)).collect();
            let k = self.constant(Value::tuple(names));
            self.emit(RunnerOp::LoadConst(k), line);
        }
        let counts = (bases.len() as u32, keywords.len() as u32);
        self.emit(RunnerOp::BuildClass(counts.0, counts.1), line);
        for _ in decorators {
            self.emit(RunnerOp::Call(1), line);
        }
        self.store_name(name, line);
        Ok(())
    }
}

/// Whether a class body has `name: type` anywhere outside nested functions
/// and classes (it then starts with an empty `__annotations__`).
fn annotates(body: &[Stmt]) -> bool {
    body.iter().any(|s| match &s.kind {
        StmtKind::AnnAssign(t, _, _) => matches!(t.kind, ExprKind::Name(_)),
        StmtKind::If(arms, orelse) => {
            arms.iter().any(|(_, b)| annotates(b)) || orelse.as_deref().is_some_and(annotates)
        }
        StmtKind::While(_, b, orelse) | StmtKind::For(_, _, b, orelse) => {
            annotates(b) || orelse.as_deref().is_some_and(annotates)
        }
        StmtKind::With(_, b) => annotates(b),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finally,
        } => {
            annotates(body)
                || handlers.iter().any(|h| annotates(&h.body))
                || orelse.as_deref().is_some_and(annotates)
                || finally.as_ref().is_some_and(|(b, _)| annotates(b))
        }
        _ => false,
    })
}
