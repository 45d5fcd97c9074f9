//! Which names are local, global, or closed over: Python's scope rules,
//! decided before any code is emitted (as CPython's `symtable.c` does).
//!
//! A name assigned anywhere in a function is local to all of it (so reading
//! it before the assignment is `UnboundLocalError`, not the global); `global`
//! and `nonlocal` say otherwise; a name read but never assigned belongs to
//! the nearest enclosing *function* that assigns it (class bodies are
//! skipped, which is why a method cannot see class-level names), else it is
//! a global. A local that an inner function reads becomes a cell.

use std::collections::{HashMap, HashSet};

use crate::interleave::ast::{Comprehension, Expr, ExprKind, FPart, Params, Stmt, StmtKind};

/// The built-in name `...` loads.
pub const ELLIPSIS: &str = "Ellipsis";
/// Where a class body keeps its annotations (`dataclasses` reads them).
pub const ANNOTATIONS: &str = "__annotations__";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Function,
    Class,
}

/// Where one name lives, as seen from one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Where {
    Local,
    /// A local that an inner function closes over.
    Cell,
    /// A variable of an enclosing function.
    Free,
    Global,
    /// Class body: the class namespace (then globals on load).
    Name,
}

#[derive(Debug, Default)]
pub struct Scope {
    pub kind: Option<ScopeKind>,
    pub params: Vec<String>,
    pub assigned: HashSet<String>,
    pub globals: HashSet<String>,
    pub nonlocals: HashSet<String>,
    pub used: HashSet<String>,
    pub children: Vec<usize>,
    pub parent: Option<usize>,
    pub is_generator: bool,
    /// Resolved after analysis.
    pub cells: Vec<String>,
    pub frees: Vec<String>,
}

/// Every scope of a module, keyed by the address of the node that opens it.
pub struct Scopes {
    pub all: Vec<Scope>,
    pub by_node: HashMap<usize, usize>,
    /// Names a module-level store or a `global` declaration binds.
    pub module_globals: HashSet<String>,
}

pub fn node_key<T>(node: &T) -> usize {
    node as *const T as usize
}

impl Scopes {
    pub fn analyse(body: &[Stmt]) -> Scopes {
        let mut s = Scopes {
            all: vec![Scope {
                kind: Some(ScopeKind::Module),
                ..Scope::default()
            }],
            by_node: HashMap::new(),
            module_globals: HashSet::new(),
        };
        for st in body {
            s.stmt(0, st);
        }
        s.resolve();
        s
    }

    pub fn resolve_name(&self, scope: usize, name: &str) -> Where {
        let sc = &self.all[scope];
        match sc.kind {
            Some(ScopeKind::Module) | None => Where::Global,
            Some(ScopeKind::Class) => {
                if sc.frees.iter().any(|f| f == name) && !sc.assigned.contains(name) {
                    Where::Free
                } else if sc.globals.contains(name) {
                    Where::Global
                } else {
                    Where::Name
                }
            }
            Some(ScopeKind::Function) => {
                if sc.globals.contains(name) {
                    Where::Global
                } else if sc.cells.iter().any(|c| c == name) {
                    Where::Cell
                } else if sc.frees.iter().any(|c| c == name) {
                    Where::Free
                } else if sc.assigned.contains(name) || sc.params.iter().any(|p| p == name) {
                    Where::Local
                } else {
                    Where::Global
                }
            }
        }
    }

    fn open(&mut self, parent: usize, key: usize, kind: ScopeKind) -> usize {
        let id = self.all.len();
        self.all.push(Scope {
            kind: Some(kind),
            parent: Some(parent),
            ..Scope::default()
        });
        self.all[parent].children.push(id);
        self.by_node.insert(key, id);
        id
    }

    fn bind(&mut self, scope: usize, name: &str) {
        let sc = &mut self.all[scope];
        sc.assigned.insert(name.to_string());
        if sc.kind == Some(ScopeKind::Module) || sc.globals.contains(name) {
            self.module_globals.insert(name.to_string());
        }
    }

    fn params(&mut self, scope: usize, outer: usize, p: &Params) {
        for a in p.args.iter().chain(p.kwonly.iter()) {
            self.all[scope].params.push(a.name.clone());
            if let Some(d) = &a.default {
                self.expr(outer, d);
            }
        }
        // *args and **kwargs come after the named ones, as in CPython.
        if let Some(v) = &p.vararg {
            self.all[scope].params.push(v.clone());
        }
        if let Some(k) = &p.kwarg {
            self.all[scope].params.push(k.clone());
        }
    }

    fn target(&mut self, scope: usize, e: &Expr) {
        match &e.kind {
            ExprKind::Name(n) => self.bind(scope, n),
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.target(scope, i);
                }
            }
            ExprKind::Starred(inner) => self.target(scope, inner),
            _ => self.expr(scope, e),
        }
    }

    fn body(&mut self, scope: usize, body: &[Stmt]) {
        for st in body {
            self.stmt(scope, st);
        }
    }

    // One arm per statement kind: which names each binds or uses. Long for the
    // number of kinds, not for any one of them.
    fn stmt(&mut self, scope: usize, st: &Stmt) {
        match &st.kind {
            StmtKind::Expr(e) => self.expr(scope, e),
            StmtKind::Assign(targets, value) => {
                self.expr(scope, value);
                for t in targets {
                    self.target(scope, t);
                }
            }
            StmtKind::AugAssign(t, _, v) => {
                self.expr(scope, v);
                if let ExprKind::Name(n) = &t.kind {
                    self.all[scope].used.insert(n.clone());
                }
                self.target(scope, t);
            }
            StmtKind::AnnAssign(t, ann, v) => {
                if self.all[scope].kind == Some(ScopeKind::Class)
                    && matches!(t.kind, ExprKind::Name(_))
                {
                    self.expr(scope, ann);
                    self.bind(scope, ANNOTATIONS);
                }
                if let Some(v) = v {
                    self.expr(scope, v);
                    self.target(scope, t);
                }
            }
            StmtKind::If(arms, orelse) => {
                for (c, b) in arms {
                    self.expr(scope, c);
                    self.body(scope, b);
                }
                if let Some(b) = orelse {
                    self.body(scope, b);
                }
            }
            StmtKind::While(c, b, orelse) => {
                self.expr(scope, c);
                self.body(scope, b);
                if let Some(b) = orelse {
                    self.body(scope, b);
                }
            }
            StmtKind::For(t, it, b, orelse) => {
                self.expr(scope, it);
                self.target(scope, t);
                self.body(scope, b);
                if let Some(b) = orelse {
                    self.body(scope, b);
                }
            }
            StmtKind::Def {
                name,
                params,
                body,
                decorators,
                ..
            } => {
                for d in decorators {
                    self.expr(scope, d);
                }
                let inner = self.open(scope, node_key(st), ScopeKind::Function);
                self.params(inner, scope, params);
                self.body(inner, body);
                self.bind(scope, name);
            }
            StmtKind::Class {
                name,
                bases,
                keywords,
                body,
                decorators,
            } => {
                let keywords = keywords.iter().map(|(_, e)| e);
                for e in decorators.iter().chain(bases).chain(keywords) {
                    self.expr(scope, e);
                }
                let inner = self.open(scope, node_key(st), ScopeKind::Class);
                self.body(inner, body);
                self.bind(scope, name);
            }
            StmtKind::Return(v) => {
                if let Some(v) = v {
                    self.expr(scope, v);
                }
            }
            StmtKind::Assert(c, m) => {
                self.expr(scope, c);
                if let Some(m) = m {
                    self.expr(scope, m);
                }
            }
            StmtKind::Global(names) => {
                for n in names {
                    self.all[scope].globals.insert(n.clone());
                    if self.all[scope].assigned.contains(n) {
                        self.module_globals.insert(n.clone());
                    }
                }
            }
            StmtKind::Nonlocal(names) => {
                for n in names {
                    self.all[scope].nonlocals.insert(n.clone());
                }
            }
            StmtKind::Raise(a, b) => {
                for e in [a, b].into_iter().flatten() {
                    self.expr(scope, e);
                }
            }
            StmtKind::Del(targets) => {
                for t in targets {
                    self.target(scope, t);
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                self.body(scope, body);
                for h in handlers {
                    if let Some(t) = &h.typ {
                        self.expr(scope, t);
                    }
                    if let Some(n) = &h.name {
                        self.bind(scope, n);
                    }
                    self.body(scope, &h.body);
                }
                if let Some(b) = orelse {
                    self.body(scope, b);
                }
                if let Some((b, _)) = finally {
                    self.body(scope, b);
                }
            }
            StmtKind::With(items, body) => {
                for (ctx, target) in items {
                    self.expr(scope, ctx);
                    if let Some(t) = target {
                        self.target(scope, t);
                    }
                }
                self.body(scope, body);
            }
            StmtKind::Import(names) => {
                for (_, bound) in names {
                    self.bind(scope, bound);
                }
            }
            StmtKind::ImportFrom(_, names) => {
                for (_, bound) in names {
                    if bound != "*" {
                        self.bind(scope, bound);
                    }
                }
            }
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
        }
    }

    fn comprehension(&mut self, scope: usize, key: usize, gens: &[Comprehension], elts: &[&Expr]) {
        // The first iterable is evaluated in the enclosing scope; the rest
        // inside the comprehension's own function, as in Python 3.
        if let Some(first) = gens.first() {
            self.expr(scope, &first.iter);
        }
        let inner = self.open(scope, key, ScopeKind::Function);
        self.all[inner].params.push(".0".into());
        for (i, g) in gens.iter().enumerate() {
            if i > 0 {
                self.expr(inner, &g.iter);
            }
            self.target(inner, &g.target);
            for c in &g.ifs {
                self.expr(inner, c);
            }
        }
        for e in elts {
            self.expr(inner, e);
        }
    }

    // One arm per expression kind, as in `stmt`.
    fn expr(&mut self, scope: usize, e: &Expr) {
        match &e.kind {
            ExprKind::Name(n) => {
                self.all[scope].used.insert(n.clone());
            }
            ExprKind::Ellipsis => {
                self.all[scope].used.insert(ELLIPSIS.into());
            }
            ExprKind::Int(_)
            | ExprKind::BigInt(_)
            | ExprKind::Float(_)
            | ExprKind::Str(_)
            | ExprKind::Bytes(_)
            | ExprKind::Bool(_)
            | ExprKind::None => {}
            ExprKind::FStr(parts) => self.fparts(scope, parts),
            ExprKind::Bin(_, a, b) | ExprKind::BoolOp(_, a, b) | ExprKind::Compare(_, a, b) => {
                self.expr(scope, a);
                self.expr(scope, b);
            }
            ExprKind::Neg(a)
            | ExprKind::Pos(a)
            | ExprKind::Invert(a)
            | ExprKind::Not(a)
            | ExprKind::Starred(a)
            | ExprKind::Await(a)
            | ExprKind::Attr(a, _) => self.expr(scope, a),
            ExprKind::CompareChain(first, rest) => {
                self.expr(scope, first);
                for (_, x) in rest {
                    self.expr(scope, x);
                }
            }
            ExprKind::Call(f, args, kws) => {
                self.expr(scope, f);
                for a in args {
                    self.expr(scope, a);
                }
                for (_, v) in kws {
                    self.expr(scope, v);
                }
            }
            ExprKind::Subscript(a, i) => {
                self.expr(scope, a);
                self.expr(scope, i);
            }
            ExprKind::Slice(a, b, c) => {
                for x in [a, b, c].into_iter().flatten() {
                    self.expr(scope, x);
                }
            }
            ExprKind::List(items) | ExprKind::Tuple(items) | ExprKind::Set(items) => {
                for i in items {
                    self.expr(scope, i);
                }
            }
            ExprKind::Dict(entries) => {
                for (k, v) in entries {
                    if let Some(k) = k {
                        self.expr(scope, k);
                    }
                    self.expr(scope, v);
                }
            }
            ExprKind::ListComp(elt, gens) | ExprKind::SetComp(elt, gens) => {
                self.comprehension(scope, node_key(e), gens, &[elt]);
            }
            ExprKind::GenExp(elt, gens) => {
                self.comprehension(scope, node_key(e), gens, &[elt]);
                let id = self.by_node[&node_key(e)];
                self.all[id].is_generator = true;
            }
            ExprKind::DictComp(k, v, gens) => {
                self.comprehension(scope, node_key(e), gens, &[k, v]);
            }
            ExprKind::Lambda(params, body) => {
                let inner = self.open(scope, node_key(e), ScopeKind::Function);
                self.params(inner, scope, params);
                self.expr(inner, body);
            }
            ExprKind::IfExp(c, a, b) => {
                self.expr(scope, c);
                self.expr(scope, a);
                self.expr(scope, b);
            }
            ExprKind::Yield(v) => {
                self.all[scope].is_generator = true;
                if let Some(v) = v {
                    self.expr(scope, v);
                }
            }
            ExprKind::YieldFrom(v) => {
                self.all[scope].is_generator = true;
                self.expr(scope, v);
            }
        }
    }

    fn fparts(&mut self, scope: usize, parts: &[FPart]) {
        for p in parts {
            if let FPart::Expr { expr, spec, .. } = p {
                self.expr(scope, expr);
                if let Some(spec) = spec {
                    self.fparts(scope, spec);
                }
            }
        }
    }

    /// Decides cells and free variables, innermost scopes first.
    fn resolve(&mut self) {
        for id in 0..self.all.len() {
            let (used, nonlocals) = {
                let sc = &self.all[id];
                if sc.kind == Some(ScopeKind::Module) {
                    continue;
                }
                let mut names: Vec<String> = sc
                    .used
                    .iter()
                    .filter(|n| {
                        !sc.assigned.contains(*n)
                            && !sc.params.contains(n)
                            && !sc.globals.contains(*n)
                    })
                    .cloned()
                    .collect();
                names.sort();
                let mut nl: Vec<String> = sc.nonlocals.iter().cloned().collect();
                nl.sort();
                (names, nl)
            };
            for name in used.iter().chain(nonlocals.iter()) {
                self.capture(id, name);
            }
        }
    }

    /// Finds the enclosing function that owns `name`, makes it a cell there
    /// and free in every scope between.
    fn capture(&mut self, from: usize, name: &str) {
        let mut path = vec![from];
        let mut cur = self.all[from].parent;
        while let Some(p) = cur {
            let sc = &self.all[p];
            match sc.kind {
                Some(ScopeKind::Module) | None => return,
                Some(ScopeKind::Class) => {
                    path.push(p);
                }
                Some(ScopeKind::Function) => {
                    if sc.globals.contains(name) {
                        return;
                    }
                    let owns = (sc.assigned.contains(name) || sc.params.iter().any(|x| x == name))
                        && !sc.nonlocals.contains(name);
                    if owns {
                        if !self.all[p].cells.iter().any(|c| c == name) {
                            self.all[p].cells.push(name.to_string());
                        }
                        for id in path {
                            if !self.all[id].frees.iter().any(|c| c == name) {
                                self.all[id].frees.push(name.to_string());
                            }
                        }
                        return;
                    }
                    path.push(p);
                }
            }
            cur = self.all[p].parent;
        }
    }
}
