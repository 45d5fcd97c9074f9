//! Syntax tree → runner bytecode.
//!
//! Scopes are decided first ([`scope`]); then each function, lambda,
//! comprehension and class body becomes its own [`Code`], as in CPython.
//! Module-level names live in numbered global slots, shared by every code
//! object of the module, so a global is found by index, not by hashing its
//! name on every access.

mod defs;
mod expr;
pub mod scope;
mod stmt;

use std::collections::HashMap;
use std::sync::Arc;

use super::bytecode::{Code, CodeKind, RunnerOp};
use super::value::Value;
use crate::interleave::ast::Stmt;
use crate::interleave::{ParseError, SourceSpan};
use scope::{Scopes, Where};

/// A compiled module: its code and the names of its global slots.
pub struct ModuleCode {
    pub code: Arc<Code>,
    pub global_names: Vec<Arc<str>>,
}

pub fn compile_module(body: &[Stmt], filename: &str) -> Result<ModuleCode, ParseError> {
    let mut c = Compiler::new(body, filename, false);
    c.push_builder(0, "<module>", "<module>", CodeKind::Module, 1);
    for st in body {
        c.stmt(st)?;
    }
    let k = c.constant(Value::None);
    c.emit(RunnerOp::LoadConst(k), 0);
    c.emit(RunnerOp::ReturnValue, 0);
    let code = c.pop_builder(0, 0, false, false);
    Ok(ModuleCode {
        code,
        global_names: c.globals,
    })
}

/// Source given to `eval`/`exec`/`compile` at run time: it runs in a
/// namespace compiled elsewhere (the caller's module, or a dict), whose
/// slots it cannot know, so every global is found by name. With `eval`
/// the body must be one expression, whose value the code returns.
pub fn compile_dynamic(body: &[Stmt], filename: &str, eval: bool) -> Result<Arc<Code>, ParseError> {
    let mut c = Compiler::new(body, filename, true);
    c.push_builder(0, "<module>", "<module>", CodeKind::Module, 1);
    match body {
        [Stmt {
            kind: crate::interleave::ast::StmtKind::Expr(e),
            ..
        }] if eval => c.expr(e)?,
        _ if eval => {
            let line = body.first().map_or(1, |s| s.span.line);
            return Err(ParseError::new(line, 1, "invalid syntax"));
        }
        _ => {
            for st in body {
                c.stmt(st)?;
            }
            let k = c.constant(Value::None);
            c.emit(RunnerOp::LoadConst(k), 0);
        }
    }
    c.emit(RunnerOp::ReturnValue, 0);
    Ok(c.pop_builder(0, 0, false, false))
}

pub(super) enum Unwind {
    Loop {
        top: u32,
        breaks: Vec<usize>,
        is_for: bool,
    },
    /// A `try` with handlers: its block must be popped when jumping out.
    Try,
    /// A `try/finally`: the block, and the finally body to run on the way out.
    Finally(Vec<Stmt>),
    With(u32),
    /// Inside an `except` body: the handled exception to restore.
    Except,
}

pub(super) struct Builder {
    scope: usize,
    name: Arc<str>,
    qualname: Arc<str>,
    kind: CodeKind,
    ops: Vec<RunnerOp>,
    lines: Vec<u32>,
    consts: Vec<Value>,
    names: Vec<Arc<str>>,
    name_index: HashMap<Arc<str>, u32>,
    varnames: Vec<Arc<str>>,
    var_index: HashMap<String, u32>,
    cellvars: Vec<Arc<str>>,
    freevars: Vec<Arc<str>>,
    unwind: Vec<Unwind>,
    hidden: u32,
    first_line: u32,
    line: u32,
}

pub(super) struct Compiler {
    pub(super) scopes: Scopes,
    globals: Vec<Arc<str>>,
    global_index: HashMap<String, u32>,
    filename: Arc<str>,
    builders: Vec<Builder>,
    /// Globals by name, not by slot (see [`compile_dynamic`]).
    by_name: bool,
}

pub(super) fn err(span: SourceSpan, message: impl Into<String>) -> ParseError {
    ParseError::new(span.line, span.col, message)
}

pub(super) type CResult<T = ()> = Result<T, ParseError>;

impl Compiler {
    fn new(body: &[Stmt], filename: &str, by_name: bool) -> Compiler {
        Compiler {
            scopes: Scopes::analyse(body),
            globals: Vec::new(),
            global_index: HashMap::new(),
            filename: Arc::from(filename),
            builders: Vec::new(),
            by_name,
        }
    }

    pub(super) fn b(&mut self) -> &mut Builder {
        self.builders
            .last_mut()
            .expect("a code object is being built")
    }

    pub(super) fn push_builder(
        &mut self,
        scope: usize,
        name: &str,
        qualname: &str,
        kind: CodeKind,
        line: u32,
    ) {
        let sc = &self.scopes.all[scope];
        let mut b = Builder {
            scope,
            name: Arc::from(name),
            qualname: Arc::from(qualname),
            kind,
            ops: Vec::new(),
            lines: Vec::new(),
            consts: Vec::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            varnames: Vec::new(),
            var_index: HashMap::new(),
            cellvars: sc.cells.iter().map(|s| Arc::from(s.as_str())).collect(),
            freevars: sc.frees.iter().map(|s| Arc::from(s.as_str())).collect(),
            unwind: Vec::new(),
            hidden: 0,
            first_line: line,
            line,
        };
        for p in &sc.params {
            b.local(p);
        }
        self.builders.push(b);
    }

    pub(super) fn pop_builder(
        &mut self,
        argcount: u32,
        kwonly: u32,
        varargs: bool,
        varkw: bool,
    ) -> Arc<Code> {
        let b = self.builders.pop().expect("a builder to pop");
        let cell_params = b
            .cellvars
            .iter()
            .enumerate()
            .filter_map(|(ci, name)| {
                b.var_index
                    .get(&**name)
                    .filter(|&&li| li < argcount + kwonly + varargs as u32 + varkw as u32)
                    .map(|&li| (ci as u32, li))
            })
            .collect();
        let attr_cache = b.names.iter().map(|_| Default::default()).collect();
        let fused = super::fuse::fuse(&b.ops, &b.names);
        let simple_arity = if b.kind == CodeKind::Function
            && kwonly == 0
            && !varargs
            && !varkw
            && Vec::is_empty(&cell_params)
        {
            argcount
        } else {
            u32::MAX
        };
        Arc::new(Code {
            simple_arity,
            attr_cache,
            fused,
            name: b.name,
            qualname: b.qualname,
            kind: b.kind,
            ops: b.ops,
            lines: b.lines,
            consts: b.consts,
            names: b.names,
            varnames: b.varnames,
            cellvars: b.cellvars,
            freevars: b.freevars,
            cell_params,
            argcount,
            kwonlycount: kwonly,
            has_varargs: varargs,
            has_varkw: varkw,
            first_line: b.first_line,
            filename: self.filename.clone(),
        })
    }

    pub(super) fn emit(&mut self, op: RunnerOp, line: u32) -> usize {
        let b = self.b();
        let line = if line == 0 { b.line } else { line };
        b.ops.push(op);
        b.lines.push(line);
        b.ops.len() - 1
    }

    pub(super) fn here(&mut self) -> u32 {
        self.b().ops.len() as u32
    }

    /// Points the jump at `at` to the current position.
    pub(super) fn patch(&mut self, at: usize) {
        let to = self.here();
        let b = self.b();
        b.ops[at] = match b.ops[at] {
            RunnerOp::Jump(_) => RunnerOp::Jump(to),
            RunnerOp::PopJumpIfFalse(_) => RunnerOp::PopJumpIfFalse(to),
            RunnerOp::PopJumpIfTrue(_) => RunnerOp::PopJumpIfTrue(to),
            RunnerOp::JumpIfFalseOrPop(_) => RunnerOp::JumpIfFalseOrPop(to),
            RunnerOp::JumpIfTrueOrPop(_) => RunnerOp::JumpIfTrueOrPop(to),
            RunnerOp::ForIter(_) => RunnerOp::ForIter(to),
            RunnerOp::Send(_) => RunnerOp::Send(to),
            RunnerOp::SetupExcept(_) => RunnerOp::SetupExcept(to),
            RunnerOp::SetupWith(_, slot) => RunnerOp::SetupWith(to, slot),
            other => other,
        };
    }

    pub(super) fn constant(&mut self, v: Value) -> u32 {
        let b = self.b();
        // Reuse equal simple constants (None, small ints, strings).
        let same = b.consts.iter().position(|c| match (c, &v) {
            (Value::None, Value::None) => true,
            (Value::Bool(x), Value::Bool(y)) => x == y,
            (Value::Int(x), Value::Int(y)) => x == y,
            (Value::Str(x), Value::Str(y)) => x == y,
            _ => false,
        });
        if let Some(i) = same {
            return i as u32;
        }
        b.consts.push(v);
        (b.consts.len() - 1) as u32
    }

    pub(super) fn name(&mut self, n: &str) -> u32 {
        let b = self.b();
        if let Some(&i) = b.name_index.get(n) {
            return i;
        }
        let a: Arc<str> = Arc::from(n);
        b.names.push(a.clone());
        b.name_index.insert(a, (b.names.len() - 1) as u32);
        (b.names.len() - 1) as u32
    }

    pub(super) fn global_slot(&mut self, n: &str) -> u32 {
        if let Some(&i) = self.global_index.get(n) {
            return i;
        }
        self.globals.push(Arc::from(n));
        let i = (self.globals.len() - 1) as u32;
        self.global_index.insert(n.to_string(), i);
        i
    }

    pub(super) fn hidden_local(&mut self) -> u32 {
        let b = self.b();
        b.hidden += 1;
        let name = format!(".hidden{}", b.hidden);
        b.local(&name)
    }

    pub(super) fn where_is(&self, name: &str) -> Where {
        let b = self.builders.last().expect("a builder");
        match self.scopes.resolve_name(b.scope, name) {
            // A function frame has no namespace: `LoadName` goes straight
            // to its globals (then builtins).
            Where::Global if self.by_name => Where::Name,
            w => w,
        }
    }

    pub(super) fn deref_index(&mut self, name: &str) -> u32 {
        let b = self.b();
        if let Some(i) = b.cellvars.iter().position(|c| &**c == name) {
            return i as u32;
        }
        let i = b
            .freevars
            .iter()
            .position(|c| &**c == name)
            .expect("a free variable the scope pass found");
        (b.cellvars.len() + i) as u32
    }

    pub(super) fn load_name(&mut self, name: &str, line: u32) {
        let op = match self.where_is(name) {
            Where::Local => {
                let i = self.b().local(name);
                RunnerOp::LoadFast(i)
            }
            Where::Cell | Where::Free => RunnerOp::LoadDeref(self.deref_index(name)),
            Where::Global => RunnerOp::LoadGlobal(self.global_slot(name)),
            Where::Name => {
                // Keep a global slot for the fallback lookup.
                self.global_slot(name);
                RunnerOp::LoadName(self.name(name))
            }
        };
        self.emit(op, line);
    }

    pub(super) fn store_name(&mut self, name: &str, line: u32) {
        let op = match self.where_is(name) {
            Where::Local => {
                let i = self.b().local(name);
                RunnerOp::StoreFast(i)
            }
            Where::Cell | Where::Free => RunnerOp::StoreDeref(self.deref_index(name)),
            Where::Global => RunnerOp::StoreGlobal(self.global_slot(name)),
            Where::Name => RunnerOp::StoreName(self.name(name)),
        };
        self.emit(op, line);
    }

    pub(super) fn delete_name(&mut self, name: &str, line: u32) {
        let op = match self.where_is(name) {
            Where::Local => {
                let i = self.b().local(name);
                RunnerOp::DeleteFast(i)
            }
            Where::Name if self.by_name => RunnerOp::DeleteName(self.name(name)),
            Where::Global | Where::Name => RunnerOp::DeleteGlobal(self.global_slot(name)),
            Where::Cell | Where::Free => {
                // Rare; CPython deletes the cell's content. Store nothing.
                RunnerOp::Nop
            }
        };
        self.emit(op, line);
    }

    pub(super) fn scope_of<T>(&self, node: &T) -> usize {
        self.scopes.by_node[&scope::node_key(node)]
    }

    /// `Outer.method`, `f.<locals>.inner`, as CPython names them.
    pub(super) fn qualname(&self, name: &str) -> String {
        match self.builders.last() {
            Some(b) if b.kind == CodeKind::Class => format!("{}.{name}", b.qualname),
            Some(b) if b.kind != CodeKind::Module => format!("{}.<locals>.{name}", b.qualname),
            _ => name.to_string(),
        }
    }
}

impl Builder {
    pub(super) fn local(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.var_index.get(name) {
            return i;
        }
        self.varnames.push(Arc::from(name));
        let i = (self.varnames.len() - 1) as u32;
        self.var_index.insert(name.to_string(), i);
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops_of(code: &Code, out: &mut Vec<RunnerOp>) {
        out.extend(code.ops.iter().copied());
        for c in &code.consts {
            if let Some(crate::interleave::runner::value::Object::Code(inner)) = c.as_obj() {
                ops_of(inner, out);
            }
        }
    }

    /// Code from `exec` finds every global by name, in nested functions
    /// too: it runs in a namespace whose slots it does not know.
    #[test]
    fn dynamic_code_uses_no_global_slots() {
        let src =
            "x = 1\ndef f():\n    global y\n    y = x\n    return [x for _ in range(2)]\ndel x\n";
        let ast = crate::interleave::parse_module(src).unwrap();
        let code = compile_dynamic(&ast, "<string>", false).unwrap();
        let mut ops = Vec::new();
        ops_of(&code, &mut ops);
        assert!(!ops.iter().any(|op| matches!(
            op,
            RunnerOp::LoadGlobal(_) | RunnerOp::StoreGlobal(_) | RunnerOp::DeleteGlobal(_)
        )));
        assert!(ops.iter().any(|op| matches!(op, RunnerOp::DeleteName(_))));
    }

    /// `eval` takes one expression and returns its value; a statement is
    /// a syntax error.
    #[test]
    fn eval_mode_wants_one_expression() {
        let ast = crate::interleave::parse_module("1 + 2").unwrap();
        let code = compile_dynamic(&ast, "<string>", true).unwrap();
        assert_eq!(code.ops.last(), Some(&RunnerOp::ReturnValue));
        let ast = crate::interleave::parse_module("x = 1").unwrap();
        let e = compile_dynamic(&ast, "<string>", true).err().unwrap();
        assert_eq!(e.message, "invalid syntax");
    }
}
