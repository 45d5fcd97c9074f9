//! The per-thread block cache in front of the allocator, installed here as
//! this test binary's global allocator over a counting inner allocator.
//!
//! What it must do: serve every size and alignment correctly (contents kept
//! across reallocs, zeroed memory zeroed, blocks freed on another thread
//! reusable), keep allocation-heavy loops off the inner allocator, and never
//! keep more than its cap.
// Native only: each installs its own global allocator, and the crate's wasm
// build already has one (src/alloc_cache.rs), which a second would conflict with.
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::mpsc;
use std::thread;

use threadlab::alloc_cache::{cached_blocks, flush_thread_cache, ThreadCache, MAX_CACHED};

/// The inner allocator: the system's, counting the calls that reach it
/// from each thread (the tests run at once, each on its own threads).
struct Counting;

thread_local! {
    static INNER_CALLS: Cell<usize> = const { Cell::new(0) };
}

fn inner_calls() -> usize {
    INNER_CALLS.with(|c| c.get())
}

fn count_call() {
    let _ = INNER_CALLS.try_with(|c| c.set(c.get() + 1));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        count_call();
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        count_call();
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static CACHE: ThreadCache<Counting> = ThreadCache(Counting);

/// A deterministic byte pattern for block `i` of length `n`.
fn pattern(i: usize, n: usize) -> Vec<u8> {
    (0..n).map(|k| (i * 31 + k * 7) as u8).collect()
}

#[test]
fn a_free_then_allocate_loop_stays_off_the_inner_allocator() {
    thread::spawn(|| {
        // Warm up: one block of each size on this thread's lists.
        for size in [24usize, 100, 500] {
            drop(vec![0u8; size]);
        }
        let before = inner_calls();
        let mut sum = 0usize;
        for i in 0..100_000usize {
            let size = [24usize, 100, 500][i % 3];
            let v = vec![i as u8; size];
            sum += v[size - 1] as usize;
        }
        let reached = inner_calls() - before;
        assert!(sum > 0);
        // Other tests run on other threads at the same time and count too,
        // but 200,000 calls of this loop must not be among them.
        assert!(
            reached < 10_000,
            "{reached} calls reached the inner allocator"
        );
    })
    .join()
    .unwrap();
}

#[test]
fn a_thread_keeps_at_most_its_cap_and_gives_everything_back_when_flushed() {
    thread::spawn(|| {
        let blocks: Vec<Box<[u8; 64]>> = (0..10_000).map(|_| Box::new([1u8; 64])).collect();
        drop(blocks);
        let kept = cached_blocks();
        assert!(kept > 0, "freed blocks are cached");
        assert!(kept <= 64, "{kept} blocks of one class kept");
        flush_thread_cache(&Counting);
        assert_eq!(cached_blocks(), 0);
    })
    .join()
    .unwrap();
}

#[test]
fn every_size_and_alignment_keeps_its_contents() {
    let mut blocks = Vec::new();
    for (i, size) in (1..=MAX_CACHED + 64).step_by(7).enumerate() {
        for align in [1usize, 8, 16, 32, 64] {
            let layout = Layout::from_size_align(size, align).unwrap();
            let p = unsafe { std::alloc::alloc(layout) };
            assert!(!p.is_null());
            assert_eq!(p as usize % align, 0, "size {size} align {align}");
            let want = pattern(i + align, size);
            unsafe { p.copy_from_nonoverlapping(want.as_ptr(), size) };
            blocks.push((p, layout, want));
        }
    }
    for (p, layout, want) in blocks {
        let got = unsafe { std::slice::from_raw_parts(p, layout.size()) };
        assert_eq!(got, &want[..]);
        unsafe { std::alloc::dealloc(p, layout) };
    }
}

#[test]
fn zeroed_memory_is_zero_even_from_a_reused_block() {
    for _ in 0..3 {
        drop(vec![0xAAu8; 200]);
        let layout = Layout::from_size_align(200, 8).unwrap();
        let p = unsafe { std::alloc::alloc_zeroed(layout) };
        let got = unsafe { std::slice::from_raw_parts(p, 200) };
        assert!(got.iter().all(|&b| b == 0));
        unsafe { std::alloc::dealloc(p, layout) };
    }
}

#[test]
fn growing_and_shrinking_across_classes_keeps_the_prefix() {
    let mut v: Vec<u8> = Vec::new();
    for i in 0..5_000usize {
        v.push(i as u8);
        if i % 997 == 0 {
            v.shrink_to_fit();
        }
    }
    assert!(v.iter().enumerate().all(|(i, &b)| b == i as u8));
    v.truncate(40);
    v.shrink_to_fit();
    assert!(v.iter().enumerate().all(|(i, &b)| b == i as u8));
}

#[test]
fn blocks_freed_on_other_threads_are_reused_safely() {
    // Producers allocate, consumers free (so blocks move between threads'
    // lists) and then allocate their own: every block's contents must be
    // the producer's until it is freed.
    let (tx, rx) = mpsc::sync_channel::<(usize, Vec<u8>)>(64);
    let producers: Vec<_> = (0..2)
        .map(|t| {
            let tx = tx.clone();
            thread::spawn(move || {
                for i in 0..20_000usize {
                    let n = 1 + (i * 13 + t) % (MAX_CACHED + 40);
                    tx.send((t * 1_000_000 + i, pattern(t * 1_000_000 + i, n)))
                        .unwrap();
                }
            })
        })
        .collect();
    drop(tx);
    let consumer = thread::spawn(move || {
        let mut mine = Vec::new();
        for (id, v) in rx {
            assert_eq!(
                v,
                pattern(id, v.len()),
                "block {id} changed before it was freed"
            );
            drop(v);
            mine.push((id, pattern(id, 48)));
            if mine.len() > 100 {
                for (id, m) in mine.drain(..) {
                    assert_eq!(m, pattern(id, 48), "the consumer's block {id} changed");
                }
            }
        }
    });
    for p in producers {
        p.join().unwrap();
    }
    consumer.join().unwrap();
}
