#![cfg(target_arch = "wasm32")]
//! Threads vs processes vs the GIL on REAL wasm threads in Chromium.
//!
//! ```text
//! RUSTC_BOOTSTRAP=1 wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver \
//!   --release -- --test browser_modes -Z build-std=panic_abort,std
//! ```
//!
//! Like tests/browser_workloads.rs, the tests run in a dedicated worker (a run blocks
//! its caller with `Atomics.wait`) on one pool of 4 threads (that worker and
//! 3 Web Workers). They check:
//! - the process mode computes what the thread mode computes: a "process"
//!   runs each task alone with no lock (`run_task`, what `modesTask` calls in
//!   www/process-worker.js), and its values equal the items of thread runs
//!   with and without the GIL;
//! - the simulated GIL really changes hands between worker threads, and
//!   waits overlap under it;
//! - the panic block starts clear and where the page looks for it (the panic
//!   itself aborts the instance, so it is driven from the page in
//!   tests/e2e/modes.test.mjs).

use wasm_bindgen_test::*;

use threadlab::control::Control;
use threadlab::modes::{
    run_task, run_tasks, tasks_for, How, Settings, SimulatedGil, Task, TaskListKind,
};

#[path = "common/browser_pool.rs"]
mod browser_pool;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

const THREADS: usize = 4;

/// The file's shared pool of `THREADS` workers.
async fn pool() {
    browser_pool::pool(THREADS).await;
}

fn small() -> Settings {
    Settings {
        tasks: 8,
        units: 2_000_000,
        wait_ms: 40,
        ..Settings::default()
    }
}

#[wasm_bindgen_test]
async fn processes_compute_what_threads_compute() {
    pool().await;
    for workload in [TaskListKind::Cpu, TaskListKind::Faults] {
        let tasks = tasks_for(workload, &small());
        // The process mode: each task alone, no lock, as process-worker.js runs it.
        let alone: Vec<Result<String, String>> = tasks
            .iter()
            .map(|t| run_task(t, &SimulatedGil::new(false, 5.0), &Control::new()))
            .collect();
        for gil in [false, true] {
            let run = run_tasks(
                &tasks,
                How::Threads { workers: THREADS },
                &SimulatedGil::new(gil, 5.0),
                &Control::new(),
                &|_, _, _| {},
            )
            .unwrap();
            assert_eq!(run.items.len(), tasks.len());
            for item in &run.items {
                let expected = &alone[item.index];
                assert_eq!(
                    item.ok.as_ref(),
                    expected.as_ref().ok(),
                    "{workload:?} item {} gil={gil}",
                    item.index
                );
                assert_eq!(
                    item.error.as_ref(),
                    expected.as_ref().err(),
                    "{workload:?} item {} gil={gil}",
                    item.index
                );
            }
        }
    }
}

#[wasm_bindgen_test]
async fn the_gil_changes_hands_between_worker_threads_and_waits_overlap() {
    pool().await;
    let cpu = vec![Task::Cpu { units: 4_000_000 }; 4];
    let run = run_tasks(
        &cpu,
        How::Threads { workers: 2 },
        &SimulatedGil::new(true, 1.0),
        &Control::new(),
        &|_, _, _| {},
    )
    .unwrap();
    // Who held the lock, from the run's record: both workers computed, so
    // the lock changed hands at least once, and the counter saw it.
    let mut held: Vec<_> = run
        .activity
        .iter()
        .filter(|a| a.kind == threadlab::modes::ActivityKind::Compute)
        .map(|a| (a.start_ms, a.worker))
        .collect();
    held.sort_by(|a, b| a.0.total_cmp(&b.0));
    let handovers = held.windows(2).filter(|w| w[0].1 != w[1].1).count();
    assert!(handovers >= 1, "{held:?}");
    assert!(
        run.gil_switches as usize >= handovers,
        "{} switches, {handovers} hand-overs",
        run.gil_switches
    );
    let waits = vec![Task::Io { ms: 60 }; 4];
    let run = run_tasks(
        &waits,
        How::Threads { workers: 4 },
        &SimulatedGil::new(true, 5.0),
        &Control::new(),
        &|_, _, _| {},
    )
    .unwrap();
    // The waits overlapped (from the record, not the wall clock): every
    // one began before any ended.
    let io: Vec<_> = run
        .activity
        .iter()
        .filter(|a| a.kind == threadlab::modes::ActivityKind::Io)
        .collect();
    assert_eq!(io.len(), 4, "{:?}", run.activity);
    let last_start = io.iter().map(|a| a.start_ms).fold(f64::MIN, f64::max);
    let first_end = io.iter().map(|a| a.end_ms).fold(f64::MAX, f64::min);
    assert!(last_start < first_end, "{:?}", run.activity);
}

#[wasm_bindgen_test]
async fn the_panic_block_starts_clear() {
    pool().await;
    assert_eq!(threadlab::wasm::panic_message(), None);
    let address = threadlab::wasm::panic_address();
    assert!(
        address > 0 && address % 4 == 0,
        "the page reads it as i32 words: {address}"
    );
}
