//! A copy-on-write part of a game state that remembers its fingerprint.
//!
//! The solver fingerprints every new state to know whether it has seen it
//! (see [`super::fingerprint`]). A step changes one thread and perhaps one
//! object; hashing the whole state again spent ~40 % of a search in
//! `Value::hash` and the fingerprint. So each shared part (a thread, the
//! globals, a heap object) keeps its own 128-bit print beside its pointer:
//! a copied state copies the prints of the parts it shares with its parent,
//! and only the parts a step changed are hashed again.
//!
//! The only way to change a part is [`Shared::make_mut`], which forgets the
//! print first, so a print can never describe an older value.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;

/// An `Arc<T>` with copy-on-write access and a remembered fingerprint.
pub struct Shared<T> {
    value: Arc<T>,
    print: Print,
}

/// A remembered 128-bit print; zero halves mean "not yet". Two threads may
/// compute the same print at once: they store the same halves, so any mix
/// of the two is right. (A `OnceLock` cost a fifth of the search in its
/// `Once` machinery, mostly when states were cloned.)
#[derive(Default)]
struct Print {
    lo: AtomicU64,
    hi: AtomicU64,
}

impl Print {
    fn get(&self) -> Option<u128> {
        let (lo, hi) = (self.lo.load(Relaxed), self.hi.load(Relaxed));
        // A print with a zero half (chance 2^-63) is just never remembered.
        (lo != 0 && hi != 0).then_some(((hi as u128) << 64) | lo as u128)
    }

    fn set(&self, p: u128) {
        self.lo.store(p as u64, Relaxed);
        self.hi.store((p >> 64) as u64, Relaxed);
    }

    fn forget(&mut self) {
        *self.lo.get_mut() = 0;
        *self.hi.get_mut() = 0;
    }
}

impl Clone for Print {
    fn clone(&self) -> Print {
        Print {
            lo: AtomicU64::new(self.lo.load(Relaxed)),
            hi: AtomicU64::new(self.hi.load(Relaxed)),
        }
    }
}

impl<T> Shared<T> {
    /// A new part, not yet fingerprinted.
    pub fn new(value: T) -> Shared<T> {
        Shared {
            value: Arc::new(value),
            print: Print::default(),
        }
    }
}

impl<T: Clone> Shared<T> {
    /// The value, to change: copied first if another state shares it, and
    /// its remembered print forgotten.
    pub fn make_mut(&mut self) -> &mut T {
        self.print.forget();
        Arc::make_mut(&mut self.value)
    }
}

impl<T: Hash> Shared<T> {
    /// The value's 128-bit fingerprint, computed once per value.
    pub fn print(&self) -> u128 {
        self.print_with(super::fingerprint::fingerprint_of)
    }
}

impl<T> Shared<T> {
    /// The value's fingerprint as `f` computes it, computed once per value
    /// (a part made of parts combines their remembered prints). Every
    /// caller must pass the same `f` for the same part.
    pub fn print_with(&self, f: impl FnOnce(&T) -> u128) -> u128 {
        if let Some(p) = self.print.get() {
            return p;
        }
        let p = f(&self.value);
        self.print.set(p);
        p
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Shared<T> {
        Shared {
            value: self.value.clone(),
            print: self.print.clone(),
        }
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, o: &Shared<T>) -> bool {
        Arc::ptr_eq(&self.value, &o.value) || *self.value == *o.value
    }
}

impl<T: Eq> Eq for Shared<T> {}

impl<T: Hash> Hash for Shared<T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.value.hash(h)
    }
}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}
