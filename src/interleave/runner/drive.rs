//! Consumers written in Rust (`sum`, `any`, `all`, `list(...)`, `x in it`)
//! taking an iterable's items one after another, and how a generator feeds
//! one without leaving the interpreter loop.
//!
//! # The lesson
//!
//! `sum(i*i for i in range(n))` asks its generator for one item at a time.
//! Each `next` claimed the generator (an atomic flag), counted a call
//! against the recursion limit, entered the interpreter loop, left it at the
//! `yield` and gave the generator back: about 250 instructions of call
//! around 450 of work per item (callgrind). Here a [`Consumer`] has two
//! halves:
//!
//! - [`Consumer::take`], its fast path, runs *inside* the interpreter loop,
//!   at the generator's `yield`: it adds a small int, pushes an item on a
//!   list. It runs no Python code, cannot raise and needs no `Vm`, so the
//!   generator goes on at once, still claimed, as if `yield` were a plain
//!   instruction — one claim and one entry into the loop for the whole run.
//! - [`Consumer::feed`] gets every item `take` hands back (an instance whose
//!   `__add__` is Python code, a `str + int` that raises, the item that
//!   answers `any`), with the generator let go — suspended at its `yield`,
//!   exactly as between two `next()` calls. So whatever that item's Python
//!   code does (call `next()` on the same generator, raise, switch threads)
//!   goes as it did, and an exception from it leaves the generator
//!   resumable; one from the generator finishes it and carries its line.
//!
//! The generator's backward jumps still check the eval breaker, so a long
//! `sum` lets other threads in and Cancel stops it; while it runs, `next()`
//! on it from elsewhere gets "generator already executing", as in CPython.

use super::eval::FrameExit;
use super::value::{GenState, Object, Value};
use super::vm::Vm;
use super::PyResult;

/// What [`Consumer::feed`] did with an item.
pub enum Took {
    /// Taken; the next one, please.
    More,
    /// The consumer has what it needs: the iterator stays where it is.
    Stop,
}

/// A consumer of an iterable's items, in two halves (see the module doc).
pub trait Consumer {
    /// The fast path: `None` when `v` is taken, or `v` back for [`feed`].
    /// Must not run Python code (nor anything that may block or switch
    /// threads): a generator is held while it runs.
    ///
    /// [`feed`]: Consumer::feed
    fn take(&mut self, v: Value) -> Option<Value>;

    /// Everything else, with no generator held: may run Python code, raise,
    /// or stop the iteration.
    fn feed(&mut self, vm: &mut Vm, v: Value) -> PyResult<Took>;
}

/// A consumer whose every item goes to `feed` (no fast path).
pub struct Feed<F>(pub F);

impl<F: FnMut(&mut Vm, Value) -> PyResult<Took>> Consumer for Feed<F> {
    fn take(&mut self, v: Value) -> Option<Value> {
        Some(v)
    }

    fn feed(&mut self, vm: &mut Vm, v: Value) -> PyResult<Took> {
        (self.0)(vm, v)
    }
}

impl Vm {
    /// Gives the items of `iterable` to `c` until they run out or it
    /// answers [`Took::Stop`].
    pub fn each(&mut self, iterable: &Value, c: &mut impl Consumer) -> PyResult<()> {
        let it = self.iter(iterable)?;
        if let Some(Object::Generator(g)) = it.as_obj() {
            return self.drive(g, c);
        }
        let mut n = 0u32;
        while let Some(x) = self.next(&it)? {
            if let Some(x) = c.take(x) {
                if let Took::Stop = c.feed(self, x)? {
                    break;
                }
            }
            n = n.wrapping_add(1);
            // A long run inside one call: let other threads in (and Cancel
            // stop it), as CPython's eval breaker would in a Python loop.
            if n.is_multiple_of(1024) {
                self.check_breaker()?;
            }
        }
        Ok(())
    }

    /// [`Vm::each`] over a generator: claimed and resumed once for every
    /// run of items `take` takes; let go for each item it hands back.
    fn drive(&mut self, gen: &GenState, c: &mut impl Consumer) -> PyResult<()> {
        loop {
            let Ok(frame) = gen.claim() else {
                return Err(self.new_error("ValueError", "generator already executing"));
            };
            let Some(mut frame) = frame else {
                return Ok(());
            };
            if let Err(e) = self.enter() {
                // Too deep to start it: it stays suspended where it was.
                gen.release(Some(frame));
                return Err(e);
            }
            // A fresh generator has nothing to receive; a suspended one gets
            // None as the value of its `yield` (what `next` sends).
            if frame.pc > 0 {
                frame.stack.push(Value::None);
            }
            let r = self.run_frame_feeding(&mut frame, &mut |v| c.take(v));
            self.depth -= 1;
            let handed = match r {
                Ok(FrameExit::Yield(v)) => {
                    gen.release(Some(frame));
                    v
                }
                Ok(FrameExit::Return(_)) => {
                    gen.release(None);
                    return Ok(());
                }
                Err(e) => {
                    gen.release(None);
                    return Err(e);
                }
            };
            if let Took::Stop = c.feed(self, handed)? {
                return Ok(());
            }
        }
    }
}
