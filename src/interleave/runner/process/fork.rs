//! `fork`: the child's copy of the parent's memory, made at `start()`.
//!
//! An OS fork copies the whole address space (lazily, page by page). The
//! interpreter's equivalent is every object reachable from the parent's
//! modules, deep-copied with a memo so that shared references stay shared
//! and cycles end. Immutable things are shared, not copied: compiled code,
//! built-in classes and functions, ints and strings. A `threading.Lock`
//! becomes a new, unlocked lock (in CPython a lock another thread held at
//! the fork stays held for ever in the child; the runner keeps the one
//! thread that forked and frees the rest). Objects made to be shared
//! between processes (a `multiprocessing` queue or shared `Value`) stay
//! the same object, as their OS resources are in CPython.
//!
//! Generators are the one thing not copied: a suspended frame is shared
//! with the parent (a program that forks in the middle of iterating a
//! generator and goes on with it in both processes sees one iteration).

use crate::interleave::runner::obj::WeakObj;
use crate::interleave::runner::value::ObjRef;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::interleave::runner::globals::Globals;
use crate::interleave::runner::sets::FrozenSet;
use crate::interleave::runner::value::{
    lock, Builtin, Class, Dict, Function, Instance, IterState, Key, Module, Object, SetMap, Value,
    DICT_ITEM_BYTES, LIST_ITEM_BYTES, SET_ITEM_BYTES,
};
use crate::interleave::runner::vm::Vm;

/// Copies the parent's modules and `process` for a forked child: the
/// modules by name, the child's `process`, how many objects were copied
/// and the bytes the copied containers hold (the child's heap estimate
/// starts there).
pub fn copy_state(vm: &mut Vm, process: &Value) -> (HashMap<String, Value>, Value, usize, usize) {
    let mut c = Copier::default();
    let modules: Vec<(String, Value)> = lock(&vm.interp.modules)
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut out = HashMap::new();
    for (name, m) in modules {
        let copy = c.copy(&m);
        out.insert(name, copy);
    }
    let p = c.copy(process);
    c.fix_owners();
    let n = c.memo.len();
    (out, p, n, c.bytes)
}

#[derive(Default)]
struct Copier {
    /// Parent object address → the child's copy.
    memo: HashMap<usize, Value>,
    globals: HashMap<usize, Arc<Globals>>,
    /// Copied functions whose defining class must be set once copied.
    owners: Vec<(ObjRef, WeakObj)>,
    /// The parent's objects, kept alive so no address is reused meanwhile.
    keep: Vec<Value>,
    pub bytes: usize,
}

fn arc(v: &Value) -> Option<ObjRef> {
    match v {
        Value::Obj(o) => Some(o.clone()),
        _ => None,
    }
}

impl Copier {
    fn remember(&mut self, old: &Value, new: &Value) {
        if let Value::Obj(o) = old {
            self.memo.insert(ObjRef::as_ptr(o) as usize, new.clone());
            self.keep.push(old.clone());
        }
    }

    fn copy(&mut self, v: &Value) -> Value {
        let Value::Obj(o) = v else {
            return v.clone();
        };
        if let Some(c) = self.memo.get(&(ObjRef::as_ptr(o) as usize)) {
            return c.clone();
        }
        let out = self.copy_object(v, o);
        self.remember(v, &out);
        out
    }

    fn copy_arc(&mut self, o: &ObjRef) -> ObjRef {
        let v = Value::Obj(o.clone());
        arc(&self.copy(&v)).unwrap_or_else(|| o.clone())
    }

    fn copy_object(&mut self, v: &Value, o: &ObjRef) -> Value {
        match &**o {
            Object::Tuple(items) => {
                let items: Vec<Value> = items.iter().map(|x| self.copy(x)).collect();
                Value::tuple(items)
            }
            Object::List(l) => {
                let new = Value::list(Vec::new());
                self.remember(v, &new);
                let items: Vec<Value> = lock(l).clone();
                self.bytes += items.len() * LIST_ITEM_BYTES;
                let items: Vec<Value> = items.iter().map(|x| self.copy(x)).collect();
                if let Some(Object::List(m)) = new.as_obj() {
                    *lock(m) = items;
                }
                new
            }
            Object::Dict(d) => {
                let new = Value::dict(Dict::default());
                self.remember(v, &new);
                self.fill_dict(d, &new);
                new
            }
            Object::Set(s) => {
                let new = Value::obj(Object::Set(Mutex::new(SetMap::default())));
                self.remember(v, &new);
                let items: Vec<Value> = lock(s).keys().map(|k| k.0.clone()).collect();
                self.bytes += items.len() * SET_ITEM_BYTES;
                let copied: SetMap = items.iter().map(|x| (Key(self.copy(x)), ())).collect();
                if let Some(Object::Set(m)) = new.as_obj() {
                    *lock(m) = copied;
                }
                new
            }
            // Its items are copied (an instance in it is the child's own),
            // then the frozenset is built, as a tuple is: it hashes anew.
            Object::FrozenSet(f) => {
                let items: Vec<Value> = f.items().keys().map(|k| k.0.clone()).collect();
                self.bytes += items.len() * SET_ITEM_BYTES;
                let copied: SetMap = items.iter().map(|x| (Key(self.copy(x)), ())).collect();
                Value::obj(Object::FrozenSet(FrozenSet::new(copied)))
            }
            Object::Slice(a, b, c) => {
                Value::obj(Object::Slice(self.copy(a), self.copy(b), self.copy(c)))
            }
            Object::Function(f) => self.function(f),
            Object::Builtin(b) => match &b.bound {
                None => v.clone(),
                Some(me) => Value::obj(Object::Builtin(Builtin {
                    name: b.name,
                    func: b.func,
                    bound: Some(self.copy(me)),
                    module: b.module,
                    unary: None,
                })),
            },
            Object::Method(a, b) => Value::obj(Object::Method(self.copy(a), self.copy(b))),
            Object::Class(c) => self.class(v, c),
            Object::Instance(i) => self.instance(v, i),
            Object::Module(m) => {
                let g = self.globals(&m.globals);
                Value::obj(Object::Module(Module {
                    name: m.name.clone(),
                    globals: g,
                }))
            }
            Object::RangeIter(r) => Value::obj(Object::RangeIter(r.snapshot())),
            Object::Iter(it) => {
                let st = self.iter_state(&lock(it));
                Value::obj(Object::Iter(Mutex::new(st)))
            }
            Object::Cell(c) => {
                let new = Value::obj(Object::Cell(Mutex::new(None)));
                self.remember(v, &new);
                let inner = lock(c).clone().map(|x| self.copy(&x));
                if let Some(Object::Cell(m)) = new.as_obj() {
                    *lock(m) = inner;
                }
                new
            }
            Object::Native(n) => {
                if n.process_shared() {
                    return v.clone();
                }
                match n.fork_copy() {
                    Some(c) => Value::obj(Object::Native(c)),
                    None => v.clone(),
                }
            }
            Object::Property(x) => Value::obj(Object::Property(self.copy(x))),
            Object::StaticMethod(x) => Value::obj(Object::StaticMethod(self.copy(x))),
            Object::ClassMethod(x) => Value::obj(Object::ClassMethod(self.copy(x))),
            Object::ByteArray(b) => Value::obj(Object::ByteArray(Mutex::new(lock(b).clone()))),
            // Immutable: ranges, bytes, code; and generators (see the module doc).
            Object::Range(..) | Object::Bytes(_) | Object::Code(_) | Object::Generator(_) => {
                v.clone()
            }
        }
    }

    fn fill_dict(&mut self, d: &Mutex<Dict>, new: &Value) {
        let items: Vec<(Value, Value)> = lock(d)
            .iter()
            .map(|(k, v)| (k.0.clone(), v.clone()))
            .collect();
        self.bytes += items.len() * DICT_ITEM_BYTES;
        let copied: Dict = items
            .iter()
            .map(|(k, x)| (Key(self.copy(k)), self.copy(x)))
            .collect();
        if let Some(Object::Dict(m)) = new.as_obj() {
            *lock(m) = copied;
        }
    }

    fn globals(&mut self, g: &Arc<Globals>) -> Arc<Globals> {
        let key = Arc::as_ptr(g) as usize;
        if let Some(c) = self.globals.get(&key) {
            return c.clone();
        }
        let new = Arc::new(Globals::new(&g.module, g.slot_names()));
        self.globals.insert(key, new.clone());
        for (name, x) in g.items() {
            let c = self.copy(&x);
            new.set(&name, c);
        }
        new
    }

    fn function(&mut self, f: &Function) -> Value {
        let new = Function {
            code: f.code.clone(),
            globals: self.globals(&f.globals),
            name: f.name.clone(),
            qualname: f.qualname.clone(),
            defaults: f.defaults.iter().map(|x| self.copy(x)).collect(),
            kwdefaults: f
                .kwdefaults
                .iter()
                .map(|(k, x)| (k.clone(), self.copy(x)))
                .collect(),
            closure: f.closure.iter().map(|c| self.copy_arc(c)).collect(),
            owner: OnceLock::new(),
        };
        let v = Value::obj(Object::Function(new));
        if let (Some(owner), Some(a)) = (f.owner.get(), arc(&v)) {
            self.owners.push((a, owner.clone_weak()));
        }
        v
    }

    fn class(&mut self, v: &Value, c: &Class) -> Value {
        if c.builtin.is_some() {
            return v.clone();
        }
        let bases: Vec<ObjRef> = c.bases.iter().map(|b| self.copy_arc(b)).collect();
        let mro: Vec<ObjRef> = c.mro.iter().map(|b| self.copy_arc(b)).collect();
        let meta = c.meta.as_ref().map(|m| self.copy_arc(m));
        let new = Value::obj(Object::Class(Class {
            name: c.name.clone(),
            qualname: c.qualname.clone(),
            mro,
            bases,
            dict: Mutex::new(Default::default()),
            builtin: None,
            module: c.module.clone(),
            meta,
            type_name: c.type_name.clone(),
            plain_setattr: Default::default(),
        }));
        self.remember(v, &new);
        let items: Vec<(Arc<str>, Value)> = lock(&c.dict)
            .iter()
            .map(|(k, x)| (k.clone(), x.clone()))
            .collect();
        let copied: Vec<(Arc<str>, Value)> = items
            .iter()
            .map(|(k, x)| (k.clone(), self.copy(x)))
            .collect();
        if let Some(Object::Class(nc)) = new.as_obj() {
            lock(&nc.dict).extend(copied);
            super::super::types::class_changed();
        }
        new
    }

    fn instance(&mut self, v: &Value, i: &Instance) -> Value {
        let class = self.copy_arc(&i.class);
        let dict = ObjRef::new_untracked(Object::Dict(Mutex::new(Dict::default())));
        let new = Value::obj(Object::Instance(Instance {
            class,
            class_name: i.class_name.clone(),
            dict: dict.clone(),
            hash: std::sync::atomic::AtomicI64::new(
                i.hash.load(std::sync::atomic::Ordering::Relaxed),
            ),
        }));
        self.remember(v, &new);
        let old_dict = Value::Obj(i.dict.clone());
        let new_dict = Value::Obj(dict);
        self.remember(&old_dict, &new_dict);
        if let Object::Dict(d) = &*i.dict {
            self.fill_dict(d, &new_dict);
        }
        new
    }

    fn iter_state(&mut self, st: &IterState) -> IterState {
        match st {
            IterState::Seq { seq, index } => IterState::Seq {
                seq: self.copy(seq),
                index: *index,
            },
            IterState::Items(it, name) => {
                let rest: Vec<Value> = it.as_slice().iter().map(|x| self.copy(x)).collect();
                IterState::Items(rest.into_iter(), name)
            }
            IterState::Str { s, byte } => IterState::Str {
                s: s.clone(),
                byte: *byte,
            },
            IterState::Enumerate { inner, count } => IterState::Enumerate {
                inner: self.copy(inner),
                count: count.clone(),
            },
            IterState::Zip(v) => IterState::Zip(v.iter().map(|x| self.copy(x)).collect()),
            IterState::Map { func, inners } => IterState::Map {
                func: self.copy(func),
                inners: inners.iter().map(|x| self.copy(x)).collect(),
            },
            IterState::Filter { func, inner } => IterState::Filter {
                func: self.copy(func),
                inner: self.copy(inner),
            },
            IterState::Call { func, sentinel } => IterState::Call {
                func: self.copy(func),
                sentinel: self.copy(sentinel),
            },
            IterState::Done(name) => IterState::Done(name),
        }
    }

    /// `super()` in a copied method finds the copied class.
    fn fix_owners(&mut self) {
        for (f, owner) in std::mem::take(&mut self.owners) {
            let Some(old) = owner.upgrade() else { continue };
            let Some(new) = self
                .memo
                .get(&(ObjRef::as_ptr(&old) as usize))
                .and_then(arc)
            else {
                continue;
            };
            if let Object::Function(func) = &*f {
                let _ = func.owner.set(ObjRef::downgrade(&new));
            }
        }
    }
}
