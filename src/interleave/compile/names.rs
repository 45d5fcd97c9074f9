//! Which names a block assigns, declares `global` or defines: what decides
//! whether a name compiles to a fast local, a global or a builtin.

use super::*;

/// Names a statement list assigns (not looking inside nested `def`s).
pub(super) fn assigned_names(body: &[Stmt], out: &mut Vec<String>) {
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

pub(super) fn global_decls(body: &[Stmt], out: &mut Vec<String>) {
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
pub(super) fn module_defs<'a>(body: &'a [Stmt], out: &mut Vec<&'a Stmt>) {
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
pub(super) fn child_blocks(s: &Stmt) -> Vec<&[Stmt]> {
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
