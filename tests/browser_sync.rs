#![cfg(target_arch = "wasm32")]
//! The synchronisation lab on REAL wasm threads in Chromium.
//!
//! ```text
//! RUSTC_BOOTSTRAP=1 wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver \
//!   --release -- --test browser_sync -Z build-std=panic_abort,std
//! ```
//!
//! Like tests/browser_workloads.rs, the tests run in a dedicated worker (a demo blocks
//! its caller with `Atomics.wait`, which a page's main thread may not do) and
//! share one pool, here of 4 threads (that worker and 3 Web Workers) — the
//! lab's page starts at least 4, because its demos' threads mostly wait. They check that:
//! - the race's locked, atomic and thread-local counts are exact, and the
//!   unsynchronised one never exceeds k·m, on two real worker threads;
//! - a deadlock between two worker threads is detected (with its cycle) after
//!   the timeout, and the fixed lock order completes;
//! - after both, the pool is usable (a barrier across all 4 threads completes).

use wasm_bindgen_test::*;

use threadlab::control::Control;
use threadlab::sync::{barrier, deadlock, race};

#[path = "common/browser_pool.rs"]
mod browser_pool;
#[path = "common/sync_check.rs"]
mod sync_check;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

const THREADS: usize = 4;

/// The file's shared pool of `THREADS` workers.
async fn pool() {
    browser_pool::pool(THREADS).await;
}

#[wasm_bindgen_test]
async fn the_race_on_real_worker_threads() {
    pool().await;
    let params = race::Params {
        workers: 2,
        increments: 500_000,
        repeats: 5,
    };
    let result = race::run(&params, &Control::new()).unwrap();
    assert_eq!(result.expected, 1_000_000);
    sync_check::all_methods(&result, 5);
    for method in &result.methods {
        for s in &method.samples {
            assert!(s.elapsed_ms > 0.0);
            match method.method {
                race::RaceMethod::Unsynchronised => {
                    assert!(s.actual <= result.expected, "counted too many: {s:?}")
                }
                _ => assert_eq!(s.actual, result.expected, "{:?}: {s:?}", method.method),
            }
        }
    }
    // Lost updates are the point of the demo, but whether two browser threads
    // overlap in one short run depends on the machine: over many long runs
    // they do, so only then is a loss required.
    let lost: u64 = (0..8)
        .map(|_| {
            race::run_once(
                race::RaceMethod::Unsynchronised,
                2,
                5_000_000,
                &Control::new(),
            )
            .unwrap()
            .lost
        })
        .sum();
    assert!(
        lost > 0,
        "8 runs of 2 × 5,000,000 unsynchronised increments lost nothing"
    );
}

#[wasm_bindgen_test]
async fn a_deadlock_between_worker_threads_is_detected_and_the_fixed_order_completes() {
    pool().await;
    let result = deadlock::run(150.0, &Control::new()).unwrap();
    let detection = result.deadlocked.detection.expect("deadlock detected");
    assert!(detection.waited_ms >= 150.0, "{detection:?}");
    assert_eq!(detection.cycle.len(), 2, "{detection:?}");
    assert_eq!(detection.cycle[0].held_by, detection.cycle[1].worker);
    assert_eq!(detection.cycle[1].held_by, detection.cycle[0].worker);
    assert!(result.fixed.detection.is_none());
    assert_eq!(
        result.fixed.outcomes,
        [
            deadlock::DeadlockOutcome::Finished,
            deadlock::DeadlockOutcome::Finished
        ]
    );

    // The pool is usable afterwards: all four threads meet at a barrier.
    let after = barrier::run(THREADS, 2, 3.0, &Control::new()).unwrap();
    assert!(after.phases_kept_apart);
    sync_check::phases_apart(&after.spans, THREADS, 2);
}
