//! Letting go of a finished run's objects.
//!
//! Objects here are reference counted (`Arc`), with no cycle collector:
//! a function keeps its module's globals, which keep the function; an
//! instance may keep a bound method of itself; and top-level functions,
//! classes and modules are immortal (`obj.rs`) until the run's last
//! interpreter is dropped, when their shells are freed. In the page one wasm
//! instance serves run after run, so whatever a run leaves alive stays
//! until the tab is closed. When a run (or a child process) ends and no
//! thread of it runs any more, [`release_objects`] walks everything
//! reachable from its modules and empties every container it finds —
//! globals, lists, dicts, sets, instance and class attributes, closure
//! cells — which breaks every cycle among them, so the counts fall to zero
//! and the memory is freed. (Suspended generators are left alone: a forked
//! child shares them with its parent.)
//!
//! What it cannot reach, a cycle that became unreachable while the program
//! ran and that the cycle collector (`gc.rs`) has not collected yet, is
//! emptied from the collector's own list ([`super::gc::release_tracked`]).
//! `tests/runner_memory.rs` checks that repeated runs keep nothing.

use std::collections::HashSet;
use std::sync::Arc;

use super::globals::Globals;
use super::value::{lock, Fx, ObjRef, Object, Value};
use super::vm::Interp;

/// Empties every module of `interp` and everything reachable from them.
pub(super) fn release_objects(interp: &Interp) {
    let modules: Vec<Value> = lock(&interp.modules).drain().map(|(_, m)| m).collect();
    let mut walk = Walk::default();
    walk.pending.extend(modules.iter().cloned());
    while let Some(v) = walk.pending.pop() {
        if let Value::Obj(o) = &v {
            if walk.seen.insert(ObjRef::as_ptr(o) as usize) {
                walk.empty(o);
            }
        }
        walk.taken.push(v);
    }
    // Dropped last, and with every container already empty, so no drop
    // recurses deeply.
    drop(walk);
    drop(modules);
    super::gc::release_tracked(&interp.gc);
}

#[derive(Default)]
struct Walk {
    pending: Vec<Value>,
    /// Everything taken out of a container, dropped at the end.
    taken: Vec<Value>,
    seen: HashSet<usize, Fx>,
    globals_seen: HashSet<usize, Fx>,
}

impl Walk {
    fn globals(&mut self, g: &Arc<Globals>) {
        if self.globals_seen.insert(Arc::as_ptr(g) as usize) {
            self.pending.extend(g.take_all());
        }
    }

    /// Takes out what `o` holds (or, for immutable objects, queues what
    /// they point at).
    fn empty(&mut self, o: &ObjRef) {
        match &**o {
            Object::Module(m) => self.globals(&m.globals),
            Object::List(l) => self.pending.extend(std::mem::take(&mut *lock(l))),
            Object::Dict(d) => {
                for (k, v) in std::mem::take(&mut *lock(d)) {
                    self.pending.push(k.0);
                    self.pending.push(v);
                }
            }
            Object::Set(s) => {
                let items = std::mem::take(&mut *lock(s));
                self.pending.extend(items.into_keys().map(|k| k.0));
            }
            Object::Cell(c) => self.pending.extend(lock(c).take()),
            Object::Class(c) if c.builtin.is_none() => {
                self.pending
                    .extend(std::mem::take(&mut *lock(&c.dict)).into_values());
            }
            Object::Instance(i) => self.pending.push(Value::Obj(i.dict.clone())),
            Object::Function(f) => {
                self.globals(&f.globals);
                self.pending.extend(f.defaults.iter().cloned());
                self.pending
                    .extend(f.kwdefaults.iter().map(|(_, v)| v.clone()));
                self.pending
                    .extend(f.closure.iter().map(|c| Value::Obj(c.clone())));
            }
            Object::Tuple(items) => self.pending.extend(items.iter().cloned()),
            Object::FrozenSet(f) => self.pending.extend(f.items().keys().map(|k| k.0.clone())),
            Object::Method(f, me) => {
                self.pending.push(f.clone());
                self.pending.push(me.clone());
            }
            Object::Property(v) | Object::StaticMethod(v) | Object::ClassMethod(v) => {
                self.pending.push(v.clone())
            }
            _ => {}
        }
    }
}
