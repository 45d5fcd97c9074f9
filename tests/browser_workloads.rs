#![cfg(target_arch = "wasm32")]
//! Browser checks of the wasm build with a REAL wasm-bindgen-rayon pool.
//!
//! Run by `./dev.sh test` (or on its own):
//!
//! ```text
//! RUSTC_BOOTSTRAP=1 wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver \
//!   --release -- --test browser -Z build-std=panic_abort,std
//! ```
//!
//! The tests run in a dedicated worker of headless Chrome (a parallel run
//! blocks its caller with `Atomics.wait`, which a page's main thread may not
//! do) and start one pool of 2 threads through `threadlab::wasm::start_pool`
//! — the test's own thread, as the page's coordinator is, and one Web Worker —
//! shared by every test (a pool can be started only once per instance).
//! They check that:
//! - the pool really has 2 threads;
//! - every workload gives the same answer sequentially and on 1 and 2 workers;
//! - a 2-worker run really computes on two distinct pool threads;
//! - known values (sum of squares) come out exactly, beyond u64, in wasm;
//! - the JS-facing `run` replies `done` to a good request and `invalid`, with
//!   one error per bad field, to a bad one;
//! - `cancel()` from another thread stops a running request.

use std::collections::BTreeSet;

use js_sys::Reflect;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use threadlab::clock::now_ms;
use threadlab::control::Control;
use threadlab::driver::{run_parallel, Blocks};
use threadlab::workloads::{self, catalogue, check_size, Mode, WorkloadOutcome};

#[path = "common/browser_pool.rs"]
mod browser_pool;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

const THREADS: usize = 2;

/// The file's shared pool of `THREADS` workers.
async fn pool() {
    browser_pool::pool(THREADS).await;
}

fn run(id: &str, size: u64, mode: Mode) -> WorkloadOutcome {
    check_size(id, size).unwrap_or_else(|e| panic!("{id} at {size}: {}", e.message));
    workloads::run(id, size, mode, &Control::new(), &mut |_, _| {})
        .unwrap_or_else(|e| panic!("{id} at {size} {mode:?}: {e}"))
}

#[wasm_bindgen_test]
async fn pool_has_two_threads() {
    pool().await;
    assert_eq!(threadlab::wasm::pool_threads(), THREADS);
    assert_eq!(rayon::current_num_threads(), THREADS);
    // The thread that started the pool is its thread 0, as the page's
    // coordinator is (our patch of wasm-bindgen-rayon).
    assert_eq!(rayon::current_thread_index(), Some(0));
    // A second start is refused with an error, not a second pool.
    assert!(threadlab::wasm::start_pool(2u32.into()).is_err());
    assert_eq!(threadlab::wasm::pool_threads(), THREADS);
}

#[wasm_bindgen_test]
async fn every_workload_agrees_sequential_and_parallel() {
    pool().await;
    for info in catalogue() {
        // Small enough for a quick test, and accepted by every workload
        // (images and matrices are sized by their side, cost ~ side^2 or ^3).
        let size = if info.cost_exponent >= 2.0 {
            120
        } else {
            200_000
        };
        let sequential = run(info.id, size, Mode::Sequential);
        assert_eq!(sequential.blocks_per_worker, vec![sequential.blocks]);
        for workers in [1, THREADS] {
            let parallel = run(info.id, size, Mode::Parallel { workers });
            assert_eq!(
                parallel.answer, sequential.answer,
                "{} at {size}: {workers} workers vs sequential",
                info.id
            );
            assert_eq!(parallel.blocks_per_worker.len(), workers, "{}", info.id);
            assert_eq!(
                parallel.blocks_per_worker.iter().sum::<usize>(),
                parallel.blocks,
                "{}: every block computed exactly once",
                info.id
            );
        }
    }
}

/// Blocks that each spin for about a millisecond and record which pool thread
/// computed them, so both threads surely get some.
struct Spin {
    blocks: usize,
}

impl Blocks for Spin {
    type Part = Option<usize>;
    fn block_count(&self) -> usize {
        self.blocks
    }
    fn compute(&self, _index: usize) -> Option<usize> {
        let until = now_ms() + 1.0;
        while now_ms() < until {
            std::hint::spin_loop();
        }
        rayon::current_thread_index()
    }
}

#[wasm_bindgen_test]
async fn two_workers_compute_on_two_distinct_threads() {
    pool().await;
    let work = Spin { blocks: 60 };

    let run2 = run_parallel(&work, 2, &Control::new()).unwrap();
    let threads: BTreeSet<Option<usize>> = run2.parts.iter().copied().collect();
    assert_eq!(
        threads,
        BTreeSet::from([Some(0), Some(1)]),
        "pool threads that computed"
    );
    assert_eq!(run2.blocks_per_worker.len(), 2);
    assert!(
        run2.blocks_per_worker.iter().all(|&n| n > 0),
        "both workers computed blocks: {:?}",
        run2.blocks_per_worker
    );
    assert_eq!(run2.blocks_per_worker.iter().sum::<usize>(), 60);
    // Per-worker counts match the thread indices recorded by the blocks.
    for (worker, &count) in run2.blocks_per_worker.iter().enumerate() {
        assert_eq!(
            run2.parts.iter().filter(|t| **t == Some(worker)).count(),
            count
        );
    }

    // One worker: pool thread 0 alone — the caller itself.
    let run1 = run_parallel(&work, 1, &Control::new()).unwrap();
    assert!(run1.parts.iter().all(|t| *t == Some(0)));
    assert_eq!(run1.blocks_per_worker, vec![60]);

    // More workers than threads is refused.
    assert!(run_parallel(&work, 3, &Control::new()).is_err());

    // A real workload with many blocks reports both workers.
    let outcome = run("sum-of-squares", 10_000_000, Mode::Parallel { workers: 2 });
    assert_eq!(outcome.blocks_per_worker.len(), 2);
    assert_eq!(
        outcome.blocks_per_worker.iter().sum::<usize>(),
        outcome.blocks
    );
    assert!(outcome.blocks > 100, "{} blocks", outcome.blocks);
}

#[wasm_bindgen_test]
async fn sum_of_squares_known_values_in_wasm() {
    pool().await;
    assert_eq!(
        run("sum-of-squares", 10, Mode::Sequential).answer.value,
        "285"
    );
    for mode in [Mode::Sequential, Mode::Parallel { workers: 2 }] {
        assert_eq!(
            run("sum-of-squares", 10_000_000, mode).answer.value,
            "333333283333335000000",
            "{mode:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn array_sum_of_squares_matches_a_plain_u128_loop_in_wasm() {
    // The wasm build has its own SIMD kernel (eight values a step, the rest
    // one by one): sizes that leave every remainder, checked against the
    // plain loop over the same generated values.
    pool().await;
    for n in [1u64, 7, 8, 9, 16_391, 200_003] {
        let expected: u128 = threadlab::workloads::array_sum_of_squares::generate(n as usize)
            .iter()
            .map(|&v| v as u128 * v as u128)
            .sum();
        for mode in [Mode::Sequential, Mode::Parallel { workers: 2 }] {
            assert_eq!(
                run("array-sum-of-squares", n, mode).answer.value,
                expected.to_string(),
                "n = {n}, {mode:?}"
            );
        }
    }
}

#[derive(Serialize)]
struct Request<S: Serialize, W: Serialize> {
    workload: &'static str,
    size: S,
    mode: &'static str,
    workers: W,
}

#[derive(Deserialize, Debug)]
struct Reply {
    status: String,
    #[serde(default)]
    errors: Vec<ReplyError>,
    answer: Option<ReplyAnswer>,
    workers: Option<usize>,
    blocks_per_worker: Option<Vec<usize>>,
}

#[derive(Deserialize, Debug)]
struct ReplyError {
    field: String,
    message: String,
}

#[derive(Deserialize, Debug)]
struct ReplyAnswer {
    value: String,
}

fn js_run(request: &impl Serialize) -> Reply {
    let request = serde_wasm_bindgen::to_value(request).unwrap();
    let reply = threadlab::wasm::run(request, None);
    serde_wasm_bindgen::from_value(reply).expect("run replies with a RunReply object")
}

#[wasm_bindgen_test]
async fn js_api_run_replies_done_or_invalid() {
    pool().await;

    let done = js_run(&Request {
        workload: "sum-of-squares",
        size: "1e6",
        mode: "parallel",
        workers: 2,
    });
    assert_eq!(done.status, "done", "{done:?}");
    assert_eq!(done.workers, Some(2));
    assert_eq!(done.blocks_per_worker.as_ref().map(Vec::len), Some(2));
    let n: u128 = 1_000_000;
    let expected = (n - 1) * n * (2 * n - 1) / 6;
    assert_eq!(done.answer.unwrap().value, expected.to_string());

    let invalid = js_run(&Request {
        workload: "sum-of-squares",
        size: 0,
        mode: "parallel",
        workers: 99,
    });
    assert_eq!(invalid.status, "invalid", "{invalid:?}");
    let fields: BTreeSet<&str> = invalid.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, BTreeSet::from(["size", "workers"]), "{invalid:?}");
    assert!(invalid.errors.iter().all(|e| !e.message.is_empty()));

    // Not an object at all: still a value, not a throw.
    let reply = threadlab::wasm::run(JsValue::from_str("nonsense"), None);
    let status = Reflect::get(&reply, &"status".into()).unwrap().as_string();
    assert_eq!(status.as_deref(), Some("invalid"));
}

#[wasm_bindgen_test]
async fn cancel_from_another_thread_stops_a_run() {
    pool().await;
    // The page reads the control block straight out of shared memory; so do
    // we, to know when the run has started.
    // SAFETY: control_address() is the address of a `static Control`.
    let control: &'static Control =
        unsafe { &*(threadlab::wasm::control_address() as *const Control) };
    control.begin(0); // forget any earlier run's progress

    // A pool thread waits until the run below has done a block, then cancels,
    // as the page's Stop button does from another thread.
    rayon::spawn(move || {
        let give_up = now_ms() + 20_000.0;
        loop {
            let (done, total) = control.progress();
            if total > 0 && done >= 1 {
                threadlab::wasm::cancel();
                break;
            }
            if now_ms() > give_up {
                break;
            }
            std::hint::spin_loop();
        }
    });

    // Sequential, on this thread: ~3 s if the cancel never came.
    let start = now_ms();
    let reply = js_run(&Request {
        workload: "counting-loop",
        size: 2_000_000_000u64,
        mode: "sequential",
        workers: (),
    });
    assert_eq!(
        reply.status,
        "cancelled",
        "{reply:?} after {} ms",
        now_ms() - start
    );
    let (done, total) = control.progress();
    assert!(done < total, "stopped early: {done} of {total} blocks");

    // The next run starts afresh: a leftover cancel does not stop it.
    let after = js_run(&Request {
        workload: "sum-of-squares",
        size: 10,
        mode: "sequential",
        workers: (),
    });
    assert_eq!(after.status, "done", "{after:?}");
    assert_eq!(after.answer.unwrap().value, "285");
}
