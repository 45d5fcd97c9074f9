//! The cycle collector: frees objects that only refer to each other.
//!
//! # The lesson
//!
//! Reference counting frees an object the moment its last reference goes,
//! but two objects that refer to each other (a node and its parent, an
//! instance that keeps its own bound method, a nested function that calls
//! itself through its closure cell) keep each other's counts above zero
//! after the program has let go of both. CPython finds such islands with a
//! second mechanism, the `gc` module's collector; without one, a program
//! that builds and drops a few hundred thousand of them runs out of memory
//! here while CPython prints its answer.
//!
//! # How (CPython's algorithm, without its generations)
//!
//! Every container a program makes (list, dict, set, instance, cell,
//! function, bound method, class, a tuple that holds objects) is *tracked*:
//! a weak reference to it goes into a per-thread batch, then into the
//! collector's list. A collection
//! 1. counts, for every tracked object, the references to it that come from
//!    other tracked objects, and subtracts them from its reference count:
//!    what is left comes from outside (a frame, a global, a queue, an
//!    untracked object), and such an object is alive;
//! 2. marks everything reachable from those;
//! 3. empties the containers that are left, which breaks their cycles, so
//!    reference counting frees them.
//!
//! The count is only right while no thread changes references, so a
//! collection runs with the world stopped: under the GIL by the thread that
//! holds it, at an eval-breaker check; free-threaded, after every running
//! thread has parked at its next check (a thread inside a blocking call is
//! parked already, and waits on its way back). Everything uncertain counts
//! as alive: a container another thread has locked, a batch not yet
//! handed in, an immortal object and whatever it refers to.
//!
//! Two generations, as CPython's: most objects die young, so a collection
//! looks only at the objects tracked since the last one (every
//! [`YOUNG_THRESHOLD`] of them, while they are still in the cache) and
//! counts references from older objects as coming from outside; the
//! survivors join the old generation. A full collection looks at all of
//! them: when the survivors added since the last full one outnumber the
//! old generation (so its cost stays proportional to the allocations), when the heap estimate has grown by [`HEAP_STEP`] or half,
//! before a `MemoryError`, and at `gc.collect()`. `gc.disable()` and
//! `gc.enable()` work as in CPython.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Condvar, Mutex};

use super::obj::{ObjRef, WeakObj};
use super::value::{lock, Object, Value, DICT_ITEM_BYTES, LIST_ITEM_BYTES, SET_ITEM_BYTES};
use super::vm::Vm;

/// Tracked allocations between two collections of the young generation.
pub const YOUNG_THRESHOLD: usize = 2_000;
/// Least growth of the heap estimate that makes a collection due (a few
/// thousand dropped cycles that each hold a big list are few allocations
/// but much memory).
pub const HEAP_STEP: usize = 16 << 20;
/// Objects a thread tracks before it hands them to the collector.
const BATCH: usize = 256;
/// How long a free-threaded collection waits for every thread to park
/// before it gives up (a thread stuck behind a lock the collector's own
/// thread holds would otherwise wait for ever).
const PARK_TIMEOUT_MS: u64 = 100;

/// One interpreter's collector (a process has its own).
pub struct Collector {
    /// Tracked since the last collection.
    young: Mutex<Vec<WeakObj>>,
    /// Survivors of a collection.
    old: Mutex<Vec<WeakObj>>,
    /// Objects handed in since the last collection.
    since: AtomicUsize,
    /// Survivors promoted since the last full collection, and the old
    /// generation's size after it.
    pending: AtomicUsize,
    old_size: AtomicUsize,
    /// The next collection is a full one.
    full_due: AtomicBool,
    /// The heap estimate past which a collection is due.
    heap_mark: AtomicUsize,
    due: AtomicBool,
    enabled: AtomicBool,
    collecting: AtomicBool,
    /// Free-threaded only: how many threads run Python code, and whether
    /// a collection wants them parked.
    world: Mutex<World>,
    changed: Condvar,
    stopping: AtomicBool,
}

#[derive(Default)]
struct World {
    attached: usize,
    stopping: bool,
}

impl Default for Collector {
    fn default() -> Collector {
        Collector {
            young: Mutex::new(Vec::new()),
            old: Mutex::new(Vec::new()),
            since: AtomicUsize::new(0),
            pending: AtomicUsize::new(0),
            old_size: AtomicUsize::new(0),
            full_due: AtomicBool::new(false),
            heap_mark: AtomicUsize::new(HEAP_STEP),
            due: AtomicBool::new(false),
            enabled: AtomicBool::new(true),
            collecting: AtomicBool::new(false),
            world: Mutex::new(World::default()),
            changed: Condvar::new(),
            stopping: AtomicBool::new(false),
        }
    }
}

thread_local! {
    /// This thread's collector and the objects it tracked since its last
    /// hand-in.
    static NURSERY: RefCell<Option<(Arc<Collector>, Vec<WeakObj>)>> =
        const { RefCell::new(None) };
}

/// Whether a new object can be part of a cycle (and so is tracked).
#[inline]
pub fn wants(obj: &Object) -> bool {
    match obj {
        Object::List(_)
        | Object::Dict(_)
        | Object::Set(_)
        | Object::Instance(_)
        | Object::Cell(_)
        | Object::Function(_)
        | Object::Method(..)
        | Object::Class(_) => true,
        Object::Tuple(items) => items.iter().any(|v| matches!(v, Value::Obj(_))),
        _ => false,
    }
}

/// Tracks a new container made on this thread (no-op outside a run).
#[inline(never)]
pub fn track(o: &ObjRef) {
    let _ = NURSERY.try_with(|n| {
        if let Some((gc, young)) = &mut *n.borrow_mut() {
            young.push(ObjRef::downgrade(o));
            if young.len() >= BATCH {
                // Most objects die young: let their memory go now, while the
                // allocator can still reuse it at once (a weak reference
                // keeps the block; freeing 20,000 of them in one collection
                // cost more in malloc than the tracking itself).
                young.retain(|w| w.is_alive());
                if young.len() >= BATCH / 2 {
                    gc.hand_in(young);
                }
            }
        }
    });
}

/// Makes `gc` the collector of what this thread creates (at a thread's
/// start), or hands its batch in and stops tracking (`None`, at its end).
pub fn enter_thread(gc: Option<Arc<Collector>>) {
    let _ = NURSERY.try_with(|n| {
        let mut n = n.borrow_mut();
        if let Some((old, young)) = &mut *n {
            old.hand_in(young);
        }
        *n = gc.map(|gc| (gc, Vec::with_capacity(BATCH)));
    });
}

/// Runs `f` with nothing it makes tracked by this thread's collector: a
/// fork's copies belong to the child, whose threads change them under
/// their own GIL, out of reach of the parent's collections.
pub fn untracked<T>(f: impl FnOnce() -> T) -> T {
    let saved = NURSERY.try_with(|n| n.borrow_mut().take()).ok().flatten();
    let out = f();
    let _ = NURSERY.try_with(|n| *n.borrow_mut() = saved);
    out
}

/// Hands this thread's batch in (before a collection, so that it counts).
fn hand_in_own() {
    let _ = NURSERY.try_with(|n| {
        if let Some((gc, young)) = &mut *n.borrow_mut() {
            gc.hand_in(young);
        }
    });
}

impl Collector {
    fn hand_in(&self, young: &mut Vec<WeakObj>) {
        let n = young.len();
        let mut tracked = lock(&self.young);
        tracked.append(young);
        let since = self.since.fetch_add(n, Relaxed) + n;
        if since >= YOUNG_THRESHOLD {
            if self.enabled.load(Relaxed) {
                self.due.store(true, Relaxed);
            } else if since >= tracked.len() / 2 {
                // Disabled: no collection, but the weak references of
                // freed objects still go (each keeps its memory block).
                tracked.retain(|w| w.is_alive());
                self.since.store(0, Relaxed);
            }
        }
    }

    /// Whether a running thread should stop at its eval-breaker check: a
    /// collection is due, or (free-threaded) another thread's collection
    /// waits for it to park.
    #[inline(always)]
    pub fn wants_attention(&self) -> bool {
        self.due.load(Relaxed) | self.stopping.load(Relaxed)
    }

    /// The heap estimate grew to `total`: a collection is due past the
    /// mark the last one set.
    #[inline]
    pub fn heap_grew(&self, total: usize) {
        if total > self.heap_mark.load(Relaxed) && self.enabled.load(Relaxed) {
            self.full_due.store(true, Relaxed);
            self.due.store(true, Relaxed);
        }
    }

    pub fn set_enabled(&self, on: bool) {
        self.enabled.store(on, Relaxed);
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled.load(Relaxed)
    }

    /// Tracked objects made since the last collection (`gc.get_count()`).
    pub fn count(&self) -> usize {
        hand_in_own();
        self.since.load(Relaxed)
    }

    /// Free-threaded: this thread starts running Python code (waits while
    /// a collection has the world stopped).
    pub fn attach(&self) {
        let mut w = lock(&self.world);
        while w.stopping {
            w = self.changed.wait(w).unwrap_or_else(|e| e.into_inner());
        }
        w.attached += 1;
    }

    /// Free-threaded: this thread stops running Python code (blocks, or
    /// ends).
    pub fn detach(&self) {
        let mut w = lock(&self.world);
        w.attached = w.attached.saturating_sub(1);
        self.changed.notify_all();
    }

    /// Free-threaded: parks every other thread (this one is attached and
    /// stays counted as parked while it collects). False when another
    /// collection already has the world, or a thread did not park in time.
    fn stop_world(&self) -> bool {
        let mut w = lock(&self.world);
        if w.stopping {
            return false;
        }
        w.stopping = true;
        self.stopping.store(true, Relaxed);
        w.attached = w.attached.saturating_sub(1);
        let deadline = std::time::Duration::from_millis(PARK_TIMEOUT_MS);
        let (mut w, _) = self
            .changed
            .wait_timeout_while(w, deadline, |w| w.attached > 0)
            .unwrap_or_else(|e| e.into_inner());
        if w.attached > 0 {
            drop(w);
            self.start_world();
            return false;
        }
        w.attached = 0;
        true
    }

    fn start_world(&self) {
        let mut w = lock(&self.world);
        w.stopping = false;
        w.attached += 1;
        self.stopping.store(false, Relaxed);
        self.changed.notify_all();
    }
}

impl Vm {
    /// The eval breaker's part for the collector: collect when due, or
    /// park while another thread collects.
    #[cold]
    pub fn gc_attention(&mut self) {
        let gc = self.interp.gc.clone();
        if gc.due.load(Relaxed) {
            let full =
                gc.full_due.load(Relaxed) || gc.pending.load(Relaxed) > gc.old_size.load(Relaxed);
            self.collect_garbage(full);
        } else if self.interp.gil.is_none() && gc.stopping.load(Relaxed) {
            gc.detach();
            gc.attach();
        }
    }

    /// Runs a collection now, of the young generation or of all; the
    /// number of unreachable objects found (`gc.collect()`'s answer), 0 if
    /// the world could not be stopped.
    pub fn collect_garbage(&mut self, full: bool) -> usize {
        let gc = self.interp.gc.clone();
        let free = self.interp.gil.is_none();
        if gc.collecting.swap(true, Relaxed) {
            // Another thread's collection (free-threaded): wait it out.
            if free {
                gc.detach();
                gc.attach();
            }
            return 0;
        }
        if free && !gc.stop_world() {
            // A thread did not park in time (a long built-in call): try
            // again after as many allocations again, not at every check.
            gc.due.store(false, Relaxed);
            gc.since.store(0, Relaxed);
            gc.collecting.store(false, Relaxed);
            gc.detach();
            gc.attach();
            return 0;
        }
        hand_in_own();
        let found = collect(&gc, &self.interp.heap_bytes, full);
        gc.due.store(false, Relaxed);
        gc.collecting.store(false, Relaxed);
        if free {
            gc.start_world();
        }
        found
    }
}

/// At the end of a run (no thread of it runs): empties every container
/// still tracked, garbage the last collection did not see included, and
/// forgets them (a weak reference keeps its object's memory block).
pub(super) fn release_tracked(gc: &Collector) {
    let mut weak = std::mem::take(&mut *lock(&gc.young));
    weak.append(&mut lock(&gc.old));
    let objs: Vec<ObjRef> = weak.iter().filter_map(WeakObj::upgrade).collect();
    drop(weak);
    let mut grave = Vec::new();
    for o in objs.iter().filter(|o| !o.is_immortal()) {
        empty(o, &mut grave);
    }
    drop(grave);
    drop(objs);
}

/// One collection (the world is stopped): see the module doc.
fn collect(gc: &Collector, heap: &AtomicUsize, full: bool) -> usize {
    let mut weak = std::mem::take(&mut *lock(&gc.young));
    if full {
        weak.append(&mut lock(&gc.old));
    }
    let mut objs = Vec::with_capacity(weak.len());
    let mut weaks = Vec::with_capacity(weak.len());
    for w in weak {
        if let Some(o) = w.upgrade() {
            if !o.is_immortal() {
                objs.push(o);
                weaks.push(w);
            }
        }
    }
    // Each object's place, in its own header: a hash map of 10⁵ pointers
    // was most of a collection's time.
    for (i, o) in objs.iter().enumerate() {
        o.gc_slot().store(i as u32 + 1, Relaxed);
    }
    // The place of a child in this collection, if it is one of ours (the
    // pointer check guards against a slot another process's collection
    // wrote into an object both can see).
    let place = |c: &ObjRef| -> Option<usize> {
        let slot = c.gc_slot().load(Relaxed) as usize;
        (slot > 0 && slot <= objs.len() && ObjRef::ptr_eq(&objs[slot - 1], c)).then(|| slot - 1)
    };
    // 1. References from outside: the count less ours (the upgrade) and
    //    less those from tracked objects.
    let mut outside: Vec<isize> = objs.iter().map(|o| o.strong_count() as isize - 1).collect();
    let mut alive = vec![false; objs.len()];
    for (i, o) in objs.iter().enumerate() {
        let seen = children(o, &mut |c| {
            if let Some(j) = place(c) {
                outside[j] -= 1;
            }
        });
        // A container someone else has locked is in use: alive.
        alive[i] = !seen;
    }
    // 2. Everything reachable from an object referred to from outside.
    let mut stack: Vec<usize> = (0..objs.len())
        .filter(|&i| outside[i] > 0 || alive[i])
        .collect();
    for &i in &stack {
        alive[i] = true;
    }
    while let Some(i) = stack.pop() {
        children(&objs[i], &mut |c| {
            if let Some(j) = place(c) {
                if !alive[j] {
                    alive[j] = true;
                    stack.push(j);
                }
            }
        });
    }
    for o in &objs {
        o.gc_slot().store(0, Relaxed);
    }
    // 3. Empty the rest; their contents drop once no lock is held.
    let mut grave = Vec::new();
    let mut freed_bytes = 0;
    let mut survivors = Vec::new();
    let mut found = 0;
    for ((o, w), keep) in objs.iter().zip(weaks).zip(&alive) {
        if *keep {
            survivors.push(w);
        } else {
            found += 1;
            freed_bytes += empty(o, &mut grave);
        }
    }
    let kept = survivors.len();
    let mut old = lock(&gc.old);
    old.append(&mut survivors);
    gc.old_size.store(old.len(), Relaxed);
    drop(old);
    if full {
        gc.pending.store(0, Relaxed);
        gc.full_due.store(false, Relaxed);
    } else {
        gc.pending.fetch_add(kept, Relaxed);
    }
    gc.since.store(0, Relaxed);
    let _ = heap.fetch_update(Relaxed, Relaxed, |v| Some(v.saturating_sub(freed_bytes)));
    let now = heap.load(Relaxed);
    gc.heap_mark.store(now + HEAP_STEP.max(now / 2), Relaxed);
    drop(grave);
    drop(objs);
    found
}

/// Calls `f` on every object `o` refers to; false if `o` is a container
/// that another thread has locked (then nothing is reported).
fn children(o: &ObjRef, f: &mut dyn FnMut(&ObjRef)) -> bool {
    fn value(v: &Value, f: &mut dyn FnMut(&ObjRef)) {
        if let Value::Obj(c) = v {
            f(c)
        }
    }
    match &**o {
        Object::Tuple(items) => items.iter().for_each(|v| value(v, f)),
        Object::List(l) => match l.try_lock() {
            Ok(items) => items.iter().for_each(|v| value(v, f)),
            Err(_) => return false,
        },
        Object::Dict(d) => match d.try_lock() {
            Ok(d) => d.iter().for_each(|(k, v)| {
                value(&k.0, f);
                value(v, f);
            }),
            Err(_) => return false,
        },
        Object::Set(s) => match s.try_lock() {
            Ok(s) => s.keys().for_each(|k| value(&k.0, f)),
            Err(_) => return false,
        },
        Object::Cell(c) => match c.try_lock() {
            Ok(c) => c.iter().for_each(|v| value(v, f)),
            Err(_) => return false,
        },
        // An instance's `__dict__` is not tracked on its own (half of all
        // tracking was instances' dicts): its entries count as the
        // instance's, unless something else holds the dict too.
        Object::Instance(i) => {
            f(&i.class);
            let Object::Dict(d) = &*i.dict else {
                return false;
            };
            match d.try_lock() {
                Ok(d) if i.dict.strong_count() == 1 => d.iter().for_each(|(k, v)| {
                    value(&k.0, f);
                    value(v, f);
                }),
                _ => return false,
            }
        }
        Object::Function(func) => {
            func.defaults.iter().for_each(|v| value(v, f));
            func.kwdefaults.iter().for_each(|(_, v)| value(v, f));
            for c in &func.closure {
                f(c);
            }
        }
        Object::Method(func, this) => {
            value(func, f);
            value(this, f);
        }
        Object::Class(c) => {
            for c in c.mro.iter().chain(&c.bases) {
                f(c);
            }
            match c.dict.try_lock() {
                Ok(d) => d.values().for_each(|v| value(v, f)),
                Err(_) => return false,
            }
        }
        _ => {}
    }
    true
}

/// Moves the contents of an unreachable container into `grave`; the heap
/// estimate's bytes it gave back.
fn empty(o: &ObjRef, grave: &mut Vec<Value>) -> usize {
    match &**o {
        Object::List(l) => {
            let items = std::mem::take(&mut *lock(l));
            let bytes = items.len() * LIST_ITEM_BYTES;
            grave.extend(items);
            bytes
        }
        Object::Instance(i) => empty(&i.dict, grave),
        Object::Dict(d) => {
            let d = std::mem::take(&mut *lock(d));
            let bytes = d.len() * DICT_ITEM_BYTES;
            for (k, v) in d {
                grave.push(k.0);
                grave.push(v);
            }
            bytes
        }
        Object::Set(s) => {
            let s = std::mem::take(&mut *lock(s));
            let bytes = s.len() * SET_ITEM_BYTES;
            grave.extend(s.into_keys().map(|k| k.0));
            bytes
        }
        Object::Cell(c) => {
            grave.extend(lock(c).take());
            0
        }
        Object::Class(c) => {
            grave.extend(std::mem::take(&mut *lock(&c.dict)).into_values());
            0
        }
        _ => 0,
    }
}
