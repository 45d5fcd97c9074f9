//! A per-thread cache of small freed blocks, in front of the system allocator.
//!
//! The lesson: threads that share nothing in the program can still share
//! something underneath it. In threaded wasm, Rust's allocator is one
//! dlmalloc behind one spin lock, so every `Box`, `Vec` and `Arc` of every
//! thread takes the same lock. Two Python processes summing squares (each
//! big-integer addition allocates its result and frees an operand) spent
//! their time passing that lock back and forth: a pool of two ran at 0.47×
//! the speed of one process in Chromium, while natively (glibc keeps a cache
//! per thread) it ran at 1.94×.
//!
//! [`ThreadCache`] keeps, per thread, a short free list for each small size
//! class (16-byte steps up to [`MAX_CACHED`] bytes). A block freed by a
//! thread goes on that thread's list; the thread's next allocation of that
//! class takes it back without the lock. Allocation-heavy loops settle into
//! free-then-allocate pairs that never reach the lock. Each list is capped
//! (about 2 KiB per class), past which blocks go back to the inner
//! allocator, and [`flush_thread_cache`] empties a thread's lists when it
//! goes idle, so a cache never holds more than a few tens of KiB.
//!
//! Every cached block is a block of the inner allocator with the class's
//! rounded layout, so a block freed on another thread, or handed back to the
//! inner allocator, is always freed with the layout it was allocated with.
//! The per-thread lists live in one `thread_local!` shared by every
//! `ThreadCache` value: install at most one as the global allocator.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ptr;

/// Size-class step, and the alignment every cached block has.
const STEP: usize = 16;
/// The largest request served from the cache; bigger ones go straight to
/// the inner allocator.
pub const MAX_CACHED: usize = 512;
const CLASSES: usize = MAX_CACHED / STEP;
/// Most bytes one thread keeps on one class's list.
const BYTES_PER_CLASS: usize = 2048;

/// A freed block, threaded into its class's list through its first word.
struct Free {
    next: *mut Free,
}

#[derive(Clone, Copy)]
struct Bin {
    head: *mut Free,
    len: u32,
}

const EMPTY: Bin = Bin {
    head: ptr::null_mut(),
    len: 0,
};

thread_local! {
    // Const-initialised and without a destructor: reading it never
    // allocates and never fails, even while a thread is being torn down.
    static BINS: UnsafeCell<[Bin; CLASSES]> = const { UnsafeCell::new([EMPTY; CLASSES]) };
}

/// The global allocator wrapper: `A` does the real work, this keeps
/// per-thread lists of small freed blocks in front of it.
pub struct ThreadCache<A>(pub A);

/// The class of a request, or `None` if the cache does not serve it.
fn class_of(layout: Layout) -> Option<usize> {
    let size = layout.size();
    if size == 0 || size > MAX_CACHED || layout.align() > STEP {
        return None;
    }
    Some((size - 1) / STEP)
}

/// The layout a class's blocks are allocated with by the inner allocator.
fn class_layout(class: usize) -> Layout {
    // Sizes 16..=512 in 16-byte steps, aligned to 16: always valid.
    Layout::from_size_align((class + 1) * STEP, STEP).expect("a valid class layout")
}

/// How many blocks of a class one thread keeps.
fn cap(class: usize) -> u32 {
    (BYTES_PER_CLASS / ((class + 1) * STEP)).clamp(4, 64) as u32
}

/// Runs `f` on this thread's bins (`None` if they can't be reached).
fn with_bins<T>(f: impl FnOnce(&mut [Bin; CLASSES]) -> T) -> Option<T> {
    // SAFETY: the bins are this thread's alone, and `f` never re-enters the
    // allocator while it holds them (it only moves list pointers).
    BINS.try_with(|b| f(unsafe { &mut *b.get() })).ok()
}

impl<A: GlobalAlloc> ThreadCache<A> {
    fn pop(&self, class: usize) -> *mut u8 {
        with_bins(|bins| {
            let bin = &mut bins[class];
            let head = bin.head;
            if !head.is_null() {
                // SAFETY: a listed block is ours and starts with a `Free`.
                bin.head = unsafe { (*head).next };
                bin.len -= 1;
            }
            head.cast::<u8>()
        })
        .unwrap_or(ptr::null_mut())
    }

    /// Lists the block if this thread's list has room; false if not.
    fn push(&self, class: usize, block: *mut u8) -> bool {
        with_bins(|bins| {
            let bin = &mut bins[class];
            if bin.len >= cap(class) {
                return false;
            }
            let free = block.cast::<Free>();
            // SAFETY: the block is at least 16 bytes, 16-aligned, and no
            // longer in use: its first word may hold the link.
            unsafe { free.write(Free { next: bin.head }) };
            bin.head = free;
            bin.len += 1;
            true
        })
        .unwrap_or(false)
    }
}

// SAFETY: every block handed out is either a fresh block of `A` with the
// class layout or such a block freed earlier (no longer in use); blocks go
// back to `A` with the layout they were allocated with.
unsafe impl<A: GlobalAlloc> GlobalAlloc for ThreadCache<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class_of(layout) {
            Some(class) => {
                let block = self.pop(class);
                if block.is_null() {
                    unsafe { self.0.alloc(class_layout(class)) }
                } else {
                    block
                }
            }
            None => unsafe { self.0.alloc(layout) },
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match class_of(layout) {
            Some(class) => {
                let block = self.pop(class);
                if block.is_null() {
                    unsafe { self.0.alloc_zeroed(class_layout(class)) }
                } else {
                    unsafe { block.write_bytes(0, layout.size()) };
                    block
                }
            }
            None => unsafe { self.0.alloc_zeroed(layout) },
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        match class_of(layout) {
            Some(class) => {
                if !self.push(class, block) {
                    unsafe { self.0.dealloc(block, class_layout(class)) }
                }
            }
            None => unsafe { self.0.dealloc(block, layout) },
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY (for the layout): the caller promises `new_size` with the
        // old alignment is a valid layout.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class_of(layout), class_of(new)) {
            // Both outside the cache: the inner allocator may grow in place.
            (None, None) => unsafe { self.0.realloc(block, layout, new_size) },
            // The same class: the block already has room.
            (Some(a), Some(b)) if a == b => block,
            _ => {
                let fresh = unsafe { self.alloc(new) };
                if !fresh.is_null() {
                    let keep = layout.size().min(new_size);
                    unsafe {
                        ptr::copy_nonoverlapping(block, fresh, keep);
                        self.dealloc(block, layout);
                    }
                }
                fresh
            }
        }
    }
}

/// Gives every block this thread keeps back to the inner allocator `a`
/// (the one the global [`ThreadCache`] wraps): call it when a thread goes
/// idle for a long time, so its cache holds nothing meanwhile.
pub fn flush_thread_cache<A: GlobalAlloc>(a: &A) {
    for class in 0..CLASSES {
        loop {
            let head = with_bins(|bins| {
                let bin = &mut bins[class];
                let head = bin.head;
                if !head.is_null() {
                    // SAFETY: as in `pop`.
                    bin.head = unsafe { (*head).next };
                    bin.len -= 1;
                }
                head
            })
            .unwrap_or(ptr::null_mut());
            if head.is_null() {
                break;
            }
            unsafe { a.dealloc(head.cast(), class_layout(class)) };
        }
    }
}

/// How many blocks this thread keeps, over all classes (for tests).
pub fn cached_blocks() -> usize {
    with_bins(|bins| bins.iter().map(|b| b.len as usize).sum()).unwrap_or(0)
}
