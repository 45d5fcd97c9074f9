//! Native checks of the driver: exactly k threads work, cancellation stops a
//! run, and impossible worker counts are refused instead of hanging.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser tests are in tests/browser_workloads.rs

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

use threadlab::control::Control;
use threadlab::driver::{
    run_parallel, run_parallel_with, run_sequential, Blocks, Plan, RunFailure, Schedule,
};

/// Blocks that sleep a little and record which pool thread ran them.
struct Recorder {
    blocks: usize,
    threads: Mutex<HashSet<Option<usize>>>,
    nap: Duration,
}

impl Recorder {
    fn new(blocks: usize, nap_ms: u64) -> Self {
        Recorder {
            blocks,
            threads: Mutex::new(HashSet::new()),
            nap: Duration::from_millis(nap_ms),
        }
    }
}

impl Blocks for Recorder {
    type Part = usize;
    fn block_count(&self) -> usize {
        self.blocks
    }
    fn compute(&self, index: usize) -> usize {
        self.threads
            .lock()
            .unwrap()
            .insert(rayon::current_thread_index());
        std::thread::sleep(self.nap);
        index * 2
    }
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

#[test]
fn exactly_k_distinct_threads_do_the_work() {
    let pool = pool(4);
    for k in 1..=4 {
        let work = Recorder::new(40, 2);
        let run = pool
            .install(|| run_parallel(&work, k, &Control::new()))
            .unwrap();
        let threads = work.threads.into_inner().unwrap();
        assert_eq!(threads.len(), k, "k = {k}: threads {threads:?}");
        assert!(threads.iter().all(|t| t.is_some_and(|i| i < k)));
        assert_eq!(run.blocks_per_worker.len(), k);
        assert!(run.blocks_per_worker.iter().all(|&b| b > 0));
        // Parts come back in block order whoever computed them.
        assert_eq!(run.parts, (0..40).map(|i| i * 2).collect::<Vec<_>>());
    }
}

#[test]
fn sequential_runs_on_the_calling_thread_in_order() {
    let work = Recorder::new(10, 0);
    let mut seen = Vec::new();
    let run = run_sequential(&work, &Control::new(), |done, total| {
        seen.push((done, total))
    })
    .unwrap();
    assert_eq!(run.parts, (0..10).map(|i| i * 2).collect::<Vec<_>>());
    assert_eq!(seen.last(), Some(&(10, 10)));
    assert_eq!(
        work.threads.into_inner().unwrap(),
        HashSet::from([None]),
        "not on a pool thread"
    );
}

#[test]
fn more_workers_than_threads_is_refused_not_a_hang() {
    let pool = pool(2);
    let work = Recorder::new(4, 0);
    let err = pool
        .install(|| run_parallel(&work, 3, &Control::new()))
        .unwrap_err();
    assert_eq!(
        err,
        RunFailure::NotEnoughThreads {
            requested: 3,
            available: 2
        }
    );
    let err = pool
        .install(|| run_parallel(&work, 0, &Control::new()))
        .unwrap_err();
    assert!(matches!(err, RunFailure::NotEnoughThreads { .. }));
}

#[test]
fn cancel_stops_a_parallel_run_within_a_block_or_two() {
    let pool = pool(2);
    let control = Control::new();
    let work = Recorder::new(10_000, 1); // ~5 s if it ran to the end
    std::thread::scope(|s| {
        let canceller = s.spawn(|| {
            // Wait until the run has really started, then cancel.
            while control.progress().0 < 10 {
                std::thread::sleep(Duration::from_millis(1));
            }
            control.request_cancel();
        });
        let result = pool.install(|| run_parallel(&work, 2, &control));
        canceller.join().unwrap();
        assert_eq!(result.unwrap_err(), RunFailure::Cancelled);
    });
    let (done, total) = control.progress();
    assert_eq!(total, 10_000);
    assert!(done < 1000, "stopped early, after {done} blocks");
}

#[test]
fn cancel_stops_a_sequential_run() {
    let control = Control::new();
    let work = Recorder::new(1_000, 1);
    let result = run_sequential(&work, &control, |done, _| {
        if done == 5 {
            control.request_cancel();
        }
    });
    assert_eq!(result.unwrap_err(), RunFailure::Cancelled);
    assert_eq!(control.progress().0, 5);
}

#[test]
fn a_new_run_clears_an_old_cancel() {
    let control = Control::new();
    control.request_cancel();
    let work = Recorder::new(3, 0);
    assert!(run_sequential(&work, &control, |_, _| {}).is_ok());
}

/// Blocks whose cost is given per block (sleeps), recording who ran each.
struct Uneven {
    nap_ms: Vec<u64>,
    ran_on: Mutex<Vec<Option<usize>>>,
}

impl Uneven {
    /// First half free, second half `heavy_ms` a block: the case a static
    /// partition handles worst.
    fn back_loaded(blocks: usize, heavy_ms: u64) -> Self {
        Uneven {
            nap_ms: (0..blocks)
                .map(|i| if i < blocks / 2 { 0 } else { heavy_ms })
                .collect(),
            ran_on: Mutex::new(vec![None; blocks]),
        }
    }
}

impl Blocks for Uneven {
    type Part = usize;
    fn block_count(&self) -> usize {
        self.nap_ms.len()
    }
    fn compute(&self, index: usize) -> usize {
        self.ran_on.lock().unwrap()[index] = rayon::current_thread_index();
        std::thread::sleep(Duration::from_millis(self.nap_ms[index]));
        index
    }
}

const SCHEDULES: [Schedule; 3] = [Schedule::Static, Schedule::Dynamic, Schedule::Stealing];

#[test]
fn every_schedule_and_chunk_computes_every_block_once_on_exactly_k_threads() {
    let pool = pool(4);
    for schedule in SCHEDULES {
        for chunk in [1, 3, 7, 1000] {
            for k in 1..=4 {
                let work = Recorder::new(50, 0);
                let plan = Plan {
                    workers: k,
                    schedule,
                    chunk,
                };
                let run = pool
                    .install(|| run_parallel_with(&work, plan, &Control::new()))
                    .unwrap();
                assert_eq!(
                    run.parts,
                    (0..50).map(|i| i * 2).collect::<Vec<_>>(),
                    "{plan:?}"
                );
                assert_eq!(run.blocks_per_worker.iter().sum::<usize>(), 50, "{plan:?}");
                assert_eq!(run.blocks_per_worker.len(), k);
                // One span per task, covering every block exactly once.
                let mut covered: Vec<u32> = run
                    .spans
                    .iter()
                    .flat_map(|s| s.first_block..s.first_block + s.blocks)
                    .collect();
                covered.sort_unstable();
                assert_eq!(covered, (0..50).collect::<Vec<_>>(), "{plan:?}");
                assert_eq!(run.spans.len(), 50usize.div_ceil(chunk.min(50)), "{plan:?}");
                assert!(run
                    .spans
                    .iter()
                    .all(|s| (s.worker as usize) < k && s.end_ms >= s.start_ms));
                let threads = work.threads.into_inner().unwrap();
                assert!(
                    threads.len() <= k && threads.iter().all(|t| t.is_some_and(|i| i < k)),
                    "{plan:?}: {threads:?}"
                );
            }
        }
    }
}

#[test]
fn a_static_partition_gives_each_worker_a_fixed_contiguous_share() {
    let pool = pool(2);
    let work = Uneven::back_loaded(40, 2);
    let plan = Plan {
        workers: 2,
        schedule: Schedule::Static,
        chunk: 1,
    };
    let run = pool
        .install(|| run_parallel_with(&work, plan, &Control::new()))
        .unwrap();
    // Worker 0 gets blocks 0..20 (all free) and then idles: nobody helps worker 1.
    assert_eq!(run.blocks_per_worker, vec![20, 20]);
    let ran_on = work.ran_on.into_inner().unwrap();
    assert!(
        ran_on[..20].iter().all(|t| *t == Some(0)) && ran_on[20..].iter().all(|t| *t == Some(1)),
        "{ran_on:?}"
    );
}

#[test]
fn work_stealing_moves_heavy_blocks_to_the_idle_worker() {
    let pool = pool(2);
    let work = Uneven::back_loaded(40, 3);
    let plan = Plan {
        workers: 2,
        schedule: Schedule::Stealing,
        chunk: 1,
    };
    let run = pool
        .install(|| run_parallel_with(&work, plan, &Control::new()))
        .unwrap();
    // Worker 0 drains its free half at once, then steals from worker 1's heavy half.
    let ran_on = work.ran_on.into_inner().unwrap();
    let heavy_by_0 = ran_on[20..].iter().filter(|t| **t == Some(0)).count();
    assert!(
        heavy_by_0 >= 5,
        "worker 0 stole only {heavy_by_0} heavy blocks: {ran_on:?}"
    );
    assert!(run.blocks_per_worker[0] > 20, "{:?}", run.blocks_per_worker);
}

#[test]
fn dynamic_scheduling_balances_uneven_blocks_too() {
    let pool = pool(2);
    let work = Uneven::back_loaded(40, 3);
    let plan = Plan {
        workers: 2,
        schedule: Schedule::Dynamic,
        chunk: 1,
    };
    pool.install(|| run_parallel_with(&work, plan, &Control::new()))
        .unwrap();
    let ran_on = work.ran_on.into_inner().unwrap();
    let heavy_by_0 = ran_on[20..].iter().filter(|t| **t == Some(0)).count();
    assert!(heavy_by_0 >= 5, "{ran_on:?}");
}
