//! Closing a generator that is dropped while it waits inside a `try` or a
//! `with` block, so that its `finally` runs and its lock is released.
//!
//! # The lesson
//!
//! A generator that yields while it holds a lock (`with lock: for x in
//! data: yield x`) keeps the lock until it finishes. A loop that stops
//! early (`break`) drops it unfinished; CPython then *closes* it (raises
//! GeneratorExit where it waits), so the `with` lets go of the lock the
//! moment the last reference goes. Without that, the next `with lock:`
//! waits for ever: a deadlock CPython does not have.
//!
//! # How
//!
//! Dropping an object cannot run Python code where it happens (the drop
//! may come from inside a container's lock, or from a built-in), so the
//! dropped generator's frame is put on this thread's list and the thread
//! closes it at its next eval-breaker check: at the next call or backward
//! jump, which is before any statement after the one that dropped it
//! calls anything. A frame with no `try` or `with` open is dropped at once
//! (closing it would run nothing), and so is one dropped on a thread that
//! runs no Python (there is no one to close it).

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use super::frame::Frame;
use super::value::GenState;
use super::vm::Vm;
use super::PyResult;

thread_local! {
    static DROPPED: RefCell<Vec<(Box<Frame>, Arc<str>)>> = const { RefCell::new(Vec::new()) };
    static PENDING: Cell<bool> = const { Cell::new(false) };
    /// How many interpreters run on this thread (a thread's `Vm`s nest
    /// only in tests); 0: nobody will close a dropped generator here.
    static RUNNING: Cell<u32> = const { Cell::new(0) };
}

/// A generator's frame, dropped while suspended.
pub fn generator_dropped(frame: Box<Frame>, name: Arc<str>) {
    if frame.blocks.is_empty() || RUNNING.get() == 0 {
        return;
    }
    DROPPED.with(|d| d.borrow_mut().push((frame, name)));
    PENDING.set(true);
}

/// Whether this thread has dropped generators to close (read by the eval
/// breaker, so kept to one thread-local load).
#[inline(always)]
pub fn pending() -> bool {
    PENDING.get()
}

/// Marks this thread as running an interpreter, for the `Vm`'s life.
pub fn vm_started() {
    RUNNING.set(RUNNING.get() + 1);
}

/// The `Vm` of this thread ends: what is left on the list is dropped
/// unclosed, while the run's objects are still alive.
pub fn vm_ended() {
    RUNNING.set(RUNNING.get().saturating_sub(1));
    if RUNNING.get() == 0 {
        let left = DROPPED.with(|d| std::mem::take(&mut *d.borrow_mut()));
        PENDING.set(false);
        drop(left);
    }
}

impl Vm {
    /// Closes the generators this thread dropped, as CPython's finalizer
    /// does: an exception from one is printed (`Exception ignored in:`),
    /// not raised; only a stopped run's error goes on.
    #[cold]
    pub fn close_dropped_generators(&mut self) -> PyResult<()> {
        loop {
            let batch = DROPPED.with(|d| std::mem::take(&mut *d.borrow_mut()));
            PENDING.set(false);
            if batch.is_empty() {
                return Ok(());
            }
            for (frame, name) in batch {
                let g = GenState::new(frame, name);
                let exit = self.new_error("GeneratorExit", "");
                let failed = match self.throw_into(&g, exit) {
                    Ok(None) => None,
                    Ok(Some(_)) => {
                        Some(self.new_error("RuntimeError", "generator ignored GeneratorExit"))
                    }
                    Err(e) if e.kill.is_some() => return Err(e),
                    Err(e) => {
                        let ends = ["GeneratorExit", "StopIteration"]
                            .iter()
                            .any(|n| self.isinstance(&e.exc, &self.interp.types.get(n).clone()));
                        (!ends).then_some(e)
                    }
                };
                if let Some(e) = failed {
                    // CPython does not show the GeneratorExit it threw in as
                    // the context of an error raised while closing.
                    let exit = self.interp.types.get("GeneratorExit").clone();
                    if let Ok(Some(ctx)) = self.try_attr(&e.exc, "__context__") {
                        if self.isinstance(&ctx, &exit) {
                            let _ = self.set_attr(&e.exc, "__context__", super::value::Value::None);
                        }
                    }
                    let shown = format!(
                        "<generator object {} at {:#x}>",
                        g.name, &g as *const GenState as usize
                    );
                    let text = self.format_exception(&e);
                    self.interp.write(
                        super::host::Stream::Stderr,
                        &format!("Exception ignored in: {shown}\n{text}"),
                    );
                }
                // A generator that yielded again is dropped unclosed now
                // (CPython gives it one chance), not put back on the list.
                if let Ok(Some(frame)) = g.claim() {
                    drop(frame);
                }
            }
        }
    }
}
