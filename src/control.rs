//! The control block: how a run is watched and stopped from outside.
//!
//! Lesson: a busy thread cannot answer messages, so you cannot *ask* it to
//! stop or to report progress. Instead the workers and the watcher share a few
//! words of memory. Workers add to `done` after every block and look at
//! `cancel` before taking the next one (cooperative cancellation, like setting
//! a `threading.Event` that the Python workers poll). In the browser the page's
//! main thread reads and writes these words straight out of the shared
//! `WebAssembly.Memory` with `Atomics`, on every animation frame, without a
//! single message to the busy coordinator worker.
#![warn(missing_docs)]

use std::sync::atomic::{AtomicU32, Ordering};

use serde::Serialize;
use ts_rs::TS;

/// Three 32-bit words, laid out in this order so JavaScript can read them as
/// `Int32Array(memory.buffer, ptr, 3)`: `[cancel, done, total]`.
#[repr(C)]
#[derive(Debug, Default)]
pub struct Control {
    cancel: AtomicU32,
    done: AtomicU32,
    total: AtomicU32,
}

// Word offsets within the block, for the JavaScript side (published through
// `crate::layout::ControlLayout`, which `www/` reads instead of hard-coding them).
/// Index of the cancel flag (0 = run on, 1 = stop after the current block).
pub const CANCEL_WORD: usize = 0;
/// Index of the count of finished blocks of the current phase.
pub const DONE_WORD: usize = 1;
/// Index of the number of blocks in the current phase.
pub const TOTAL_WORD: usize = 2;

impl Control {
    /// A block with every word 0 (`const`, so it can be a `static`).
    pub const fn new() -> Self {
        Control {
            cancel: AtomicU32::new(0),
            done: AtomicU32::new(0),
            total: AtomicU32::new(0),
        }
    }

    /// Starts a new phase of `total` blocks; clears a cancel left from before.
    pub fn begin(&self, total: usize) {
        self.cancel.store(0, Ordering::SeqCst);
        self.done.store(0, Ordering::SeqCst);
        self.total
            .store(u32::try_from(total).unwrap_or(u32::MAX), Ordering::SeqCst);
    }

    /// Asks every worker to stop after its current block.
    pub fn request_cancel(&self) {
        self.cancel.store(1, Ordering::SeqCst);
    }

    /// Whether a cancel was asked for since the last [`begin`](Self::begin).
    pub fn is_cancelled(&self) -> bool {
        // Relaxed is enough: the flag carries no data, and a worker that sees
        // it one block late only costs one block of extra work.
        self.cancel.load(Ordering::Relaxed) != 0
    }

    /// Counts one more finished block (what the page's progress bar shows).
    pub fn block_done(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// `(done, total)` blocks of the current phase.
    pub fn progress(&self) -> (u32, u32) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// `done` of `total` blocks of the current phase, as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Progress {
    /// Blocks finished so far.
    pub done: u32,
    /// Blocks in the phase.
    pub total: u32,
}
