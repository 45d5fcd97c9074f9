//! A generator's state: its suspended frame, handed from thread to thread
//! by a flag (see [`GenState`]), and closed when dropped suspended
//! ([`super::finalize`]).

use std::cell::UnsafeCell;
use std::sync::atomic::AtomicBool;
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};
use std::sync::Arc;

/// A generator: its suspended frame, or nothing once it has finished.
///
/// Not a `Mutex`: resuming took and gave back a lock twice, four atomic
/// read-modify-writes per `next` (~20 % of `sum(i*i for i in ...)`, perf).
/// The `running` flag is the lock: whoever sets it owns the frame until it
/// clears it, and a second resumer meanwhile gets CPython's "generator
/// already executing" — as a concurrent `next` does in free-threaded
/// CPython.
pub struct GenState {
    running: AtomicBool,
    frame: UnsafeCell<Option<Box<super::frame::Frame>>>,
    pub name: Arc<str>,
}

// SAFETY: `frame` is only touched by the thread that set `running` (in
// `claim`) until it clears it (in `release`); the flag's acquire/release
// order hands the frame from one thread to the next.
unsafe impl Sync for GenState {}

/// A generator was resumed (or closed) while it runs.
pub struct AlreadyRunning;

/// Dropped while suspended in a `try` or `with`: closed by this thread at
/// its next eval-breaker check ([`super::finalize`]).
impl Drop for GenState {
    fn drop(&mut self) {
        if let Some(frame) = self.frame.get_mut().take() {
            super::finalize::generator_dropped(frame, self.name.clone());
        }
    }
}

impl GenState {
    /// A suspended generator that has not started yet.
    pub fn new(frame: Box<super::frame::Frame>, name: Arc<str>) -> GenState {
        GenState {
            running: AtomicBool::new(false),
            frame: UnsafeCell::new(Some(frame)),
            name,
        }
    }

    /// Takes the frame to run it, marking the generator running: `None`
    /// once it has finished (then it is not marked).
    pub fn claim(&self) -> Result<Option<Box<super::frame::Frame>>, AlreadyRunning> {
        if self
            .running
            .compare_exchange(false, true, Acquire, Relaxed)
            .is_err()
        {
            return Err(AlreadyRunning);
        }
        // SAFETY: the flag is ours until `release`.
        let frame = unsafe { (*self.frame.get()).take() };
        if frame.is_none() {
            self.running.store(false, Release);
        }
        Ok(frame)
    }

    /// Gives back a frame `claim` returned: the suspended frame, or `None`
    /// once the generator has finished.
    pub fn release(&self, frame: Option<Box<super::frame::Frame>>) {
        // SAFETY: the flag is ours since `claim`.
        unsafe { *self.frame.get() = frame };
        self.running.store(false, Release);
    }
}
