//! Where the shared words live: the one description of threadlab's shared
//! memory that JavaScript reads (`www/lib/layout.js`), so no page writes an
//! offset or a limit by hand.
//!
//! Lesson: two languages that share memory must agree on every byte. The
//! agreement is written once, here, from the Rust structures themselves
//! (`offset_of!`, `size_of`), and sent to JavaScript as a value; the wasm
//! layer fills in the addresses.
#![warn(missing_docs)]

use serde::Serialize;
use ts_rs::TS;

use crate::control;

/// Everything a page needs to read and write threadlab's shared memory.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Layout {
    /// Progress and cancel of the current run (`readProgress`, `raiseCancel`).
    pub control: ControlLayout,
    /// The modes page's task completions (`readCompletions`).
    pub completions: CompletionLayout,
    /// The first panic of any thread (`readPanic`).
    pub panic: PanicLayout,
    /// The limits the pages show and check before asking Rust.
    pub limits: Limits,
}

/// The control block: `Int32Array(memory.buffer, address, words)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ControlLayout {
    /// Byte address in the instance's memory.
    #[ts(type = "number")]
    pub address: usize,
    /// Length of the block in 32-bit words.
    #[ts(type = "number")]
    pub words: usize,
    /// Word indices: write 1 to `cancel` to stop the run; `done` of `total`
    /// blocks of the current phase are finished.
    #[ts(type = "number")]
    pub cancel: usize,
    /// Word index of the finished-block count (see `cancel`).
    #[ts(type = "number")]
    pub done: usize,
    /// Word index of the phase's block count (see `cancel`).
    #[ts(type = "number")]
    pub total: usize,
}

impl ControlLayout {
    /// The layout of a [`control::Control`] at byte `address`.
    pub fn at(address: usize) -> Self {
        ControlLayout {
            address,
            words: std::mem::size_of::<control::Control>() / 4,
            cancel: control::CANCEL_WORD,
            done: control::DONE_WORD,
            total: control::TOTAL_WORD,
        }
    }
}

/// The completion list of a task list (see [`crate::modes::completion`]):
/// `Uint32Array(memory.buffer, address, words)`; a word `w != empty` means
/// item `(w - bias) >> 1` finished, and failed when `(w - bias) & 1` is 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CompletionLayout {
    /// Byte address in the instance's memory.
    #[ts(type = "number")]
    pub address: usize,
    /// Length of the list in words (one per task, [`crate::modes::MAX_TASKS`]).
    #[ts(type = "number")]
    pub words: usize,
    /// The value of a word no task has written yet; the reader stops at the first.
    pub empty: u32,
    /// What is added to `(index << 1) | failed` so no written word equals `empty`.
    pub bias: u32,
}

impl CompletionLayout {
    /// The layout of the completion list at byte `address`.
    pub fn at(address: usize) -> Self {
        CompletionLayout {
            address,
            words: crate::modes::MAX_TASKS as usize,
            empty: crate::modes::completion::EMPTY,
            bias: crate::modes::completion::encode(0, true),
        }
    }
}

/// The panic block: `Int32Array(memory.buffer, address, 2)` is
/// `[flag, length]`; the UTF-8 message is `length` bytes at
/// `address + message_offset` (at most `max_bytes`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PanicLayout {
    /// Byte address in the instance's memory.
    #[ts(type = "number")]
    pub address: usize,
    /// Word index of the flag: 0 until some thread panicked.
    #[ts(type = "number")]
    pub flag_word: usize,
    /// Word index of the message's length in bytes.
    #[ts(type = "number")]
    pub length_word: usize,
    /// Bytes from `address` to the message's first byte.
    #[ts(type = "number")]
    pub message_offset: usize,
    /// Room for the message; longer ones are cut to this.
    #[ts(type = "number")]
    pub max_bytes: usize,
}

/// Limits that pages show or use before asking Rust to check a request.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Limits {
    /// Largest pool `startPool` accepts.
    #[ts(type = "number")]
    pub max_threads: usize,
    /// Longest task list on the modes page (= completion words).
    #[ts(type = "number")]
    pub max_tasks: usize,
    /// "Processes" allowed when there is no pool to size them by.
    #[ts(type = "number")]
    pub max_processes: usize,
    /// Largest task size (blocks per task) a request may ask for.
    #[ts(type = "number")]
    pub max_chunk: usize,
    /// Most repetitions per worker count in a speedup sweep.
    #[ts(type = "number")]
    pub max_reps: usize,
    /// Most MB the modes page moves in its transfer test.
    #[ts(type = "number")]
    pub max_transfer_mb: usize,
}

/// The limits, from the constants that enforce them.
pub const LIMITS: Limits = Limits {
    max_threads: MAX_THREADS,
    max_tasks: crate::modes::MAX_TASKS as usize,
    max_processes: MAX_PROCESSES,
    max_chunk: crate::request::MAX_CHUNK as usize,
    max_reps: MAX_REPS,
    max_transfer_mb: crate::modes::MAX_TRANSFER_MB as usize,
};

/// Largest pool an instance starts.
pub const MAX_THREADS: usize = 256;
/// Simulated processes when no pool sizes them.
pub const MAX_PROCESSES: usize = 8;
/// Repetitions per worker count in a sweep (each one is a whole run).
pub const MAX_REPS: usize = 20;
