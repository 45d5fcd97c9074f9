//! The reference to a heap object that a [`Value`](super::value::Value)
//! holds: an `Arc` that can be made *immortal*.
//!
//! # Why
//!
//! Every `Arc` clone and drop is an atomic read-modify-write of the
//! object's count. On one thread that is ~20 cycles; when two cores call
//! the same function, load the same module or look up the same class, both
//! write that count's cache line, which then bounces between them — in the
//! free-threaded setting a recursive `fib` through a global function ran
//! *slower* on two threads than on one. CPython 3.12 has the same problem
//! and the same cure (PEP 683, immortal objects; PEP 703 adds deferred
//! counting for functions, code and modules): objects that live for the
//! whole run anyway are marked immortal, and their count is no longer
//! touched. Here: functions and classes defined at a module's top level,
//! modules, and the built-in functions (see where [`ObjRef::immortalize`]
//! is called).
//!
//! An immortal object is not freed while its run lasts (one reference is
//! leaked when it is marked), so a reference to it may be copied and
//! dropped without any count — and read from a global slot without a lock
//! ([`super::globals`]). The run keeps a list of them ([`Immortals`]) and
//! frees them all once its last interpreter is gone: in the page one wasm
//! instance serves run after run, and the few hundred functions and classes
//! the library modules define per run would otherwise stay until the tab
//! is closed.

use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, Weak};

use super::value::{lock, Object};

/// An object and whether it is immortal.
pub struct Boxed {
    immortal: AtomicBool,
    /// The cycle collector's scratch: this object's place in the
    /// collection under way, plus one (0 outside a collection). In the
    /// padding after `immortal`, so it costs no memory.
    gc_slot: AtomicU32,
    obj: Object,
}

const _: () = assert!(std::mem::size_of::<Boxed>() == 8 + std::mem::size_of::<Object>());

/// A counted reference to an object, or an uncounted one to an immortal
/// object. Derefs to the [`Object`].
pub struct ObjRef(ManuallyDrop<Arc<Boxed>>);

/// A weak reference (a method's defining class).
#[derive(Clone)]
pub struct WeakObj(Weak<Boxed>);

impl ObjRef {
    #[inline(always)]
    pub fn new(obj: Object) -> ObjRef {
        let track = super::gc::wants(&obj);
        let o = ObjRef(ManuallyDrop::new(Arc::new(Boxed {
            immortal: AtomicBool::new(false),
            gc_slot: AtomicU32::new(0),
            obj,
        })));
        if track {
            super::gc::track(&o);
        }
        o
    }

    /// An object the cycle collector does not track: an instance's
    /// `__dict__`, which it sees through the instance.
    pub fn new_untracked(obj: Object) -> ObjRef {
        ObjRef(ManuallyDrop::new(Arc::new(Boxed {
            immortal: AtomicBool::new(false),
            gc_slot: AtomicU32::new(0),
            obj,
        })))
    }

    /// The collector's scratch slot (see [`Boxed`]).
    #[inline]
    pub(super) fn gc_slot(&self) -> &AtomicU32 {
        &self.0.gc_slot
    }

    /// How many counted references there are (the cycle collector's
    /// starting point).
    pub(super) fn strong_count(&self) -> usize {
        Arc::strong_count(&self.0)
    }

    /// Identity (Python's `is`).
    #[inline]
    pub fn ptr_eq(a: &ObjRef, b: &ObjRef) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    /// The object's address (`id()`, identity hashing, `repr`).
    #[inline]
    pub fn as_ptr(a: &ObjRef) -> *const Object {
        &a.0.obj
    }

    pub fn downgrade(a: &ObjRef) -> WeakObj {
        WeakObj(Arc::downgrade(&a.0))
    }

    #[inline(always)]
    pub fn is_immortal(&self) -> bool {
        self.0.immortal.load(Ordering::Relaxed)
    }

    /// Makes the object immortal: references to it are no longer counted,
    /// and it lives until `run` is dropped (the run is over). Only for
    /// objects that live about as long as the run anyway.
    pub fn immortalize(&self, run: &Immortals) {
        if self.mark_immortal() {
            lock(&run.0).push(Raw(Arc::as_ptr(&self.0)));
        }
    }

    /// Makes an object of the whole process immortal (one no run owns):
    /// it is never freed.
    pub fn immortalize_forever(&self) {
        self.mark_immortal();
    }

    /// Sets the flag; true if this call set it.
    fn mark_immortal(&self) -> bool {
        if self.is_immortal() {
            return false;
        }
        // The leaked reference keeps it alive: taken before the flag, so
        // any reference dropped without a count after the flag is seen
        // leaves it at one at least. (Two threads marking at once both
        // leak one; only one lists it.)
        std::mem::forget(Arc::clone(&self.0));
        self.0
            .immortal
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
    }

    /// The raw pointer of an immortal object, for a lock-free mirror.
    pub(super) fn immortal_raw(&self) -> Option<*const Boxed> {
        self.is_immortal().then(|| Arc::as_ptr(&self.0))
    }

    /// A reference from [`ObjRef::immortal_raw`].
    ///
    /// # Safety
    /// `p` must come from `immortal_raw`, and its run must not be over (an
    /// immortal object is freed only with its run's [`Immortals`]).
    #[inline(always)]
    pub(super) unsafe fn from_immortal_raw(p: *const Boxed) -> ObjRef {
        ObjRef(ManuallyDrop::new(unsafe { Arc::from_raw(p) }))
    }
}

impl WeakObj {
    /// Another weak reference to the same object.
    pub fn clone_weak(&self) -> WeakObj {
        WeakObj(self.0.clone())
    }

    /// Whether the object is still there (not freed).
    pub fn is_alive(&self) -> bool {
        self.0.strong_count() > 0
    }

    pub fn upgrade(&self) -> Option<ObjRef> {
        // An immortal object's extra count from the upgrade is never given
        // back (its drop is uncounted): harmless, it is never freed anyway.
        self.0.upgrade().map(|a| ObjRef(ManuallyDrop::new(a)))
    }
}

impl Clone for ObjRef {
    #[inline(always)]
    fn clone(&self) -> ObjRef {
        if self.is_immortal() {
            // SAFETY: an immortal object is never freed; the copy is not
            // counted and its drop does not count either.
            unsafe { ObjRef::from_immortal_raw(Arc::as_ptr(&self.0)) }
        } else {
            ObjRef(ManuallyDrop::new(Arc::clone(&self.0)))
        }
    }
}

impl Drop for ObjRef {
    #[inline(always)]
    fn drop(&mut self) {
        if !self.is_immortal() {
            // SAFETY: a mortal reference owns one count; dropped once, here.
            unsafe { ManuallyDrop::drop(&mut self.0) }
        }
    }
}

impl Deref for ObjRef {
    type Target = Object;
    #[inline(always)]
    fn deref(&self) -> &Object {
        &self.0.obj
    }
}

/// The objects one run made immortal. Dropped with the run's process
/// family, which the run's interpreters hold: so only once every
/// interpreter, thread and frame of the run is gone. By then no reference
/// to these objects is left but their own fields and the references that
/// were leaked or never given back (each object's remaining counts), so
/// they are freed whatever their counts say.
#[derive(Default)]
pub struct Immortals(Mutex<Vec<Raw>>);

/// An immortal object's address.
struct Raw(*const Boxed);

// SAFETY: only used to free the objects once, with no thread of the run
// left (see `Immortals`); `Boxed` itself is Send + Sync.
unsafe impl Send for Raw {}

impl Immortals {
    /// How many objects are listed (a test reads it).
    pub fn len(&self) -> usize {
        lock(&self.0).len()
    }

    /// Whether none are.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Drop for Immortals {
    fn drop(&mut self) {
        let mut raws = std::mem::take(self.0.get_mut().unwrap_or_else(|e| e.into_inner()));
        raws.sort_unstable_by_key(|r| r.0 as usize);
        raws.dedup_by_key(|r| r.0 as usize);
        // SAFETY (all three steps): every pointer is a live immortal object
        // of this run (its leaked count keeps it), and no other reference to
        // it is used again (see the type's doc).
        //
        // A weak reference to each keeps every allocation until the end:
        // the fields of one may hold an uncounted reference to another
        // already dropped, whose drop reads that one's flag (still set).
        let keep: Vec<Weak<Boxed>> = raws
            .iter()
            .map(|r| Arc::downgrade(&ManuallyDrop::new(unsafe { Arc::from_raw(r.0) })))
            .collect();
        for r in &raws {
            let counts = Arc::strong_count(&ManuallyDrop::new(unsafe { Arc::from_raw(r.0) }));
            for _ in 0..counts {
                unsafe { Arc::decrement_strong_count(r.0) };
            }
        }
        drop(keep);
    }
}
