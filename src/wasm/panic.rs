//! The instance-wide panic hook and the block it writes.
//!
//! The wasm build aborts on panic: one panicking thread traps, and every
//! thread of the instance shares its memory, so the instance is gone. Worse,
//! a panicked *pool* thread leaves its caller waiting forever inside
//! `rayon::broadcast`. The hook below writes the message into a block of
//! shared memory before the trap; the page's client (`www/lib/client.js`)
//! watches that block during every call, reports the panic, and starts a
//! fresh instance — on every page, not only the one that panics on purpose.
#![warn(missing_docs)]

use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};

use crate::layout::PanicLayout;

/// `[flag, length, message bytes…]`: set once a thread of this instance panicked.
#[repr(C)]
struct PanicBlock {
    flag: AtomicU32,
    len: AtomicU32,
    bytes: [AtomicU8; PANIC_BYTES],
}
const PANIC_BYTES: usize = 248;
static PANIC: PanicBlock = PanicBlock {
    flag: AtomicU32::new(0),
    len: AtomicU32::new(0),
    bytes: [const { AtomicU8::new(0) }; PANIC_BYTES],
};

thread_local! {
    /// What this thread is, when it is not a pool thread or the coordinator
    /// (a Python thread's worker names the Python thread it runs).
    static THREAD_NAME: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Names this thread in a panic's message (None: back to the default).
pub(super) fn set_thread_name(name: Option<String>) {
    THREAD_NAME.with(|n| *n.borrow_mut() = name);
}

/// Chains the recording hook in front of the current one, once per instance
/// (`start` also runs on every pool thread), and records a failed
/// allocation the same way: std aborts on one without a panic, so the page
/// would otherwise see a bare "unreachable".
pub(super) fn install_hook() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            record_panic(info);
            previous(info);
        }));
        std::alloc::set_alloc_error_hook(record_alloc_failure);
    });
}

/// Runs on the panicking thread, before the trap: writes the message where
/// the page can read it. The first panic wins.
fn record_panic(info: &std::panic::PanicHookInfo<'_>) {
    let payload = info.payload();
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic");
    record(format_args!("{what}"));
}

/// Runs when an allocation fails, before std aborts. It allocates nothing:
/// the memory may be gone.
fn record_alloc_failure(layout: std::alloc::Layout) {
    record(format_args!(
        "out of memory: an allocation of {} bytes failed",
        layout.size()
    ));
}

/// Writes "thread: what" into the block, through a buffer on the stack.
fn record(what: std::fmt::Arguments<'_>) {
    use std::fmt::Write;
    if PANIC.flag.load(Ordering::SeqCst) != 0 {
        return;
    }
    let mut text = StackText::default();
    let _ = THREAD_NAME.try_with(|n| match n.try_borrow().ok().as_deref() {
        Some(Some(name)) => write!(text, "{name}: "),
        _ => match rayon::current_thread_index() {
            Some(i) => write!(text, "pool thread {i}: "),
            None => write!(text, "the coordinator: "),
        },
    });
    let _ = text.write_fmt(what);
    let bytes = &text.bytes[..text.len];
    for (slot, byte) in PANIC.bytes.iter().zip(bytes) {
        slot.store(*byte, Ordering::Relaxed);
    }
    PANIC.len.store(text.len as u32, Ordering::Relaxed);
    PANIC.flag.store(1, Ordering::SeqCst);
}

/// Text cut at the block's size (on a character boundary).
struct StackText {
    bytes: [u8; PANIC_BYTES],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        StackText {
            bytes: [0; PANIC_BYTES],
            len: 0,
        }
    }
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let mut take = s.len().min(PANIC_BYTES - self.len);
        while !s.is_char_boundary(take) {
            take -= 1;
        }
        self.bytes[self.len..self.len + take].copy_from_slice(&s.as_bytes()[..take]);
        self.len += take;
        Ok(())
    }
}

/// Where the block is and how it is laid out, from the struct itself.
pub(super) fn layout() -> PanicLayout {
    PanicLayout {
        address: panic_address(),
        flag_word: std::mem::offset_of!(PanicBlock, flag) / 4,
        length_word: std::mem::offset_of!(PanicBlock, len) / 4,
        message_offset: std::mem::offset_of!(PanicBlock, bytes),
        max_bytes: PANIC_BYTES,
    }
}

/// Byte address of the panic block.
pub fn panic_address() -> usize {
    &PANIC as *const PanicBlock as usize
}

/// The first panic's message, or undefined (for tests and callers without shared memory).
#[wasm_bindgen::prelude::wasm_bindgen(js_name = panicMessage)]
pub fn panic_message() -> Option<String> {
    (PANIC.flag.load(Ordering::SeqCst) != 0).then(|| {
        let len = PANIC.len.load(Ordering::Relaxed) as usize;
        let bytes: Vec<u8> = PANIC.bytes[..len]
            .iter()
            .map(|b| b.load(Ordering::Relaxed))
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    })
}
