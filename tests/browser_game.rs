#![cfg(target_arch = "wasm32")]
//! The game's solver on REAL wasm threads in Chromium.
//!
//! ```text
//! RUSTC_BOOTSTRAP=1 wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver \
//!   --release -- --test browser_game -Z build-std=panic_abort,std
//! ```
//!
//! The search is a rayon job over a shared visited set: here it runs on a
//! pool of 4 threads (this worker and 3 Web Workers), as on the page, and
//! must give the same verdict and the same shortest schedule length as on
//! one thread, for the broken and the fixed version of every level (the
//! natively tested claim, now with wasm's atomics and Atomics.wait
//! underneath). A raised cancel flag stops it.

use std::sync::atomic::AtomicBool;

use wasm_bindgen_test::*;

use threadlab::interleave::{levels, search, Machine, Program, SearchOptions, Verdict};

#[path = "common/browser_pool.rs"]
mod browser_pool;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

const THREADS: usize = 4;

fn shortest(v: &Verdict) -> Option<usize> {
    v.schedule().map(|s| s.len())
}

#[wasm_bindgen_test]
async fn the_pool_and_one_thread_agree_on_every_level() {
    browser_pool::pool(THREADS).await;
    for level in levels() {
        for (which, source) in [("bug", level.source), ("fix", level.fixed)] {
            let program = Program::parse(source).unwrap();
            let start = Machine::new(&program).unwrap();
            let opts = SearchOptions::default();
            let no = AtomicBool::new(false);
            let one = search(
                &program,
                &start,
                &SearchOptions {
                    parallel: false,
                    ..opts.clone()
                },
                &no,
            );
            let many = search(&program, &start, &opts, &no);
            // The pool's other threads start at the first wide level: the
            // smaller searches never start them.
            assert!(
                many.threads == 1 || many.threads == THREADS,
                "{} {which}",
                level.id
            );
            if many.states > 10_000 {
                assert_eq!(many.threads, THREADS, "{} {which}", level.id);
            }
            assert_eq!(one.threads, 1);
            // The same verdict: the same shortest schedule, step for step.
            assert_eq!(one.verdict, many.verdict, "{} {which}", level.id);
            assert_eq!(one.states, many.states, "{} {which}", level.id);
            match which {
                "bug" => assert!(shortest(&many.verdict).is_some(), "{} breaks", level.id),
                _ => assert!(
                    many.verdict.is_safe(),
                    "{} fixed: {:?}",
                    level.id,
                    many.verdict
                ),
            }
        }
    }
}

#[wasm_bindgen_test]
async fn a_raised_cancel_flag_stops_the_parallel_search() {
    browser_pool::pool(THREADS).await;
    let level = levels().last().unwrap();
    let program = Program::parse(level.fixed).unwrap();
    let start = Machine::new(&program).unwrap();
    let r = search(
        &program,
        &start,
        &SearchOptions::default(),
        &AtomicBool::new(true),
    );
    assert!(matches!(r.verdict, Verdict::Cancelled), "{:?}", r.verdict);
}
