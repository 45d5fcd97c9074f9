//! A finished run lets go of what it built.
//!
//! In the page one wasm instance serves run after run; a run whose objects
//! outlived it (module globals and functions point at each other, and
//! top-level definitions are immortal until the run is over) would leave
//! its data behind until the tab is closed. Counted here with an allocator
//! that tracks live bytes.
// Native only: each installs its own global allocator, and the crate's wasm
// build already has one (src/alloc_cache.rs), which a second would conflict with.
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use threadlab::interleave::runner::host::NativeHost;
use threadlab::interleave::runner::process::StartMethod;
use threadlab::interleave::runner::{Exit, Run, RunOptions};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// A program whose objects hold each other: globals, a function that
/// reads them, a class with a big attribute, a thread, a child process.
const PROGRAM: &str = r#"
import threading
import multiprocessing

table = list(range(200_000))

class Keeper:
    rows = [[i] for i in range(50_000)]
    def size(self):
        return len(self.rows) + len(table)

def work(box):
    box.append(Keeper().size())

def child(n):
    return sum(table[:n])

if __name__ == "__main__":
    box = []
    t = threading.Thread(target=work, args=(box,))
    t.start()
    t.join()
    with multiprocessing.Pool(1) as pool:
        print(box[0], pool.map(child, [10]))
"#;

fn run_once() {
    let options = RunOptions {
        start_method: StartMethod::Fork,
        ..RunOptions::default()
    };
    let run = Run::start(PROGRAM, options, NativeHost::new()).expect("it parses");
    let report = run.wait();
    assert_eq!(report.exit, Exit::Finished);
}

/// Live bytes once they stop falling: a run's report comes back while its
/// last threads may still be dropping what they held (threads are not
/// joined), so read again until two readings 20 ms apart agree (at most 2 s).
fn settled_live() -> isize {
    let mut last = LIVE.load(Ordering::Relaxed);
    for _ in 0..100 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        let now = LIVE.load(Ordering::Relaxed);
        if now == last {
            break;
        }
        last = now;
    }
    last
}

#[test]
fn a_finished_run_frees_its_objects() {
    // The first run also builds what lives for the whole process (code of
    // the library modules, compiled once): measure from after it.
    run_once();
    let after_first = settled_live();
    for _ in 0..3 {
        run_once();
    }
    let grown = settled_live() - after_first;
    // Each run builds ~15 MB, ~180 KB of it the immortal functions,
    // classes and modules of the library (kept for good until the run's
    // immortals were freed with it). What is left must be far less.
    assert!(
        grown < 128 << 10,
        "three more runs kept {grown} bytes alive"
    );
}
