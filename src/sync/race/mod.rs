//! Race on a shared counter: `counter += 1` from k threads loses updates.
//!
//! Lesson: `counter += 1` is three steps — read, add, write. When two threads
//! interleave them, both read the same value and one write overwrites the
//! other: an update is *lost*. How many depends on timing, so every run gives a
//! different count (the histogram over repeats). Three fixes, from slowest to
//! fastest: a lock around the read-modify-write, one indivisible atomic
//! `fetch_add`, or no sharing at all — each thread counts on its own and the
//! counts are added once at the end.
//!
//! The unsynchronised version is a *logic* race, not undefined behaviour: the
//! read and the write are each an atomic operation (`load` then `store`), just
//! two separate ones, like Python's `LOAD_GLOBAL` … `STORE_GLOBAL`.
//! Every value written is some value read plus one, so the total can fall
//! short of k·m but never exceed it.
//!
//! Which Python loses updates (src/sync/race/race.py, measured with
//! CPython 3.9–3.13, 2 threads × 1,000,000, 5 runs each): real threads, as
//! here, may interleave anywhere, and so does free-threaded CPython and
//! CPython ≤ 3.9 with the GIL (a plain `counter += 1` loop lost 240 k–632 k
//! of 2 M on 3.9). Since 3.10 a thread holding the GIL offers it to another
//! only at a backward jump or a call (bpo-29988), so `counter += 1` — or
//! `seen = counter; counter = seen + 1` — lost 0 on 3.10, 3.11, 3.12 and
//! 3.13 in every run; one call between the read and the write brings the
//! race back on every version (308 k–888 k of 2 M lost).
#![warn(missing_docs)]

/// The same demo simulated on one worker (threads off).
pub mod sim;

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::Serialize;
use ts_rs::TS;

use super::{lock, on_threads, DemoInfo, Failure, FieldSpec, SAFETY_MS};
use crate::clock::now_ms;
use crate::control::Control;
use crate::input::{group_digits, InputError};

/// The demo's id in requests.
pub const ID: &str = "race";

/// The four ways to count, in the order the page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "kebab-case")]
pub enum RaceMethod {
    /// A load, then a separate store: loses updates.
    Unsynchronised,
    /// A `Mutex<u64>` locked around each increment.
    Mutex,
    /// One `fetch_add` per increment.
    Atomic,
    /// A local count per thread, added to the shared total once at the end.
    ThreadLocal,
}

impl RaceMethod {
    /// Every method, in page order.
    pub const ALL: [RaceMethod; 4] = [
        RaceMethod::Unsynchronised,
        RaceMethod::Mutex,
        RaceMethod::Atomic,
        RaceMethod::ThreadLocal,
    ];

    /// The method's heading on the page.
    pub fn title(self) -> &'static str {
        match self {
            RaceMethod::Unsynchronised => "Unsynchronised (read, then write)",
            RaceMethod::Mutex => "Mutex around each increment",
            RaceMethod::Atomic => "Atomic fetch_add",
            RaceMethod::ThreadLocal => "Thread-local counts, added at the end",
        }
    }
}

/// Checked settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// Threads that count.
    pub workers: usize,
    /// Increments per thread and run.
    pub increments: u64,
    /// Runs of each method.
    pub repeats: usize,
}

/// Most increments one request may do in all (workers × m × repeats × 4
/// methods): about 10 s with a contended mutex in the browser.
pub const MAX_TOTAL: u64 = 400_000_000;

impl Params {
    /// The settings, or an error on `increments` when the whole request
    /// would do more than [`MAX_TOTAL`] increments.
    pub fn check(workers: u64, increments: u64, repeats: u64) -> Result<Params, Vec<InputError>> {
        let total = workers
            .saturating_mul(increments)
            .saturating_mul(repeats)
            .saturating_mul(4);
        if total > MAX_TOTAL {
            return Err(vec![InputError::new(
                "increments",
                format!(
                    "Too much work: workers × increments × repeats × 4 ways is {}, at most {} (about 10 s). Use fewer increments or repeats.",
                    group_digits(&total.to_string()),
                    group_digits(&MAX_TOTAL.to_string())
                ),
            )]);
        }
        Ok(Params {
            workers: workers as usize,
            increments,
            repeats: repeats as usize,
        })
    }
}

/// One run of one method.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Sample {
    /// What the counter ended at.
    pub actual: u64,
    /// `expected - actual`: updates overwritten by another thread.
    pub lost: u64,
    /// Milliseconds from the first worker's start to the last one's end
    /// (simulated runs: scheduler steps).
    pub elapsed_ms: f64,
    /// Wall-clock time ÷ all increments of all workers.
    pub ns_per_increment: f64,
}

/// Every repeat of one method.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MethodResult {
    /// Which method.
    pub method: RaceMethod,
    /// Its heading, [`RaceMethod::title`].
    pub title: &'static str,
    /// One per repeat, in run order (the page's histogram of lost updates).
    pub samples: Vec<Sample>,
    /// The median of the samples' `ns_per_increment`: the speed compared.
    pub median_ns_per_increment: f64,
}

/// What the race demo shows: every method's counts and speed.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RaceResult {
    /// See [`Params::workers`].
    pub workers: usize,
    /// See [`Params::increments`].
    pub increments: u64,
    /// See [`Params::repeats`].
    pub repeats: usize,
    /// k · m: what a correct counter ends at.
    pub expected: u64,
    /// Every method, in [`RaceMethod::ALL`] order.
    pub methods: Vec<MethodResult>,
}

// ANCHOR: unsynchronised
/// `counter += 1` as two separate steps. Between the load and the store the
/// other thread may store too; its update is then overwritten (lost).
fn add_unsynchronised(counter: &AtomicU64, m: u64) {
    for _ in 0..m {
        let seen = counter.load(Ordering::Relaxed); // read
                                                    // black_box: keep read and write two separate steps. Otherwise x86
                                                    // fuses them into one (unlocked) `inc [counter]`: still a race, but
                                                    // through a window too narrow to see.
        let seen = black_box(seen);
        counter.store(seen + 1, Ordering::Relaxed); // write back read + 1
    }
}
// ANCHOR_END: unsynchronised

// ANCHOR: mutex
/// The lock makes read-add-write one step as far as other threads can see.
fn add_with_mutex(counter: &Mutex<u64>, m: u64) {
    for _ in 0..m {
        *lock(counter) += 1; // lock, read, add, write, unlock
    }
}
// ANCHOR_END: mutex

// ANCHOR: atomic
/// One indivisible read-modify-write instruction: nothing to interleave.
fn add_atomic(counter: &AtomicU64, m: u64) {
    for _ in 0..m {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}
// ANCHOR_END: atomic

// ANCHOR: thread_local
/// Share nothing while counting; combine once at the end.
fn add_thread_local(total: &AtomicU64, m: u64) {
    let mut mine = 0u64;
    for _ in 0..m {
        mine = black_box(mine + 1); // black_box: keep the loop, do not fold it to `mine = m`
    }
    total.fetch_add(mine, Ordering::Relaxed); // one shared update per thread
}
// ANCHOR_END: thread_local

/// Cancellation is checked between chunks, the same for every method, so the
/// check costs them all the same (next to nothing).
const CHUNK: u64 = 1 << 15;

/// Runs `method` once: `workers` threads each add 1, `m` times.
pub fn run_once(
    method: RaceMethod,
    workers: usize,
    m: u64,
    control: &Control,
) -> Result<Sample, Failure> {
    let shared = AtomicU64::new(0);
    let locked = Mutex::new(0u64);
    let arrived = AtomicUsize::new(0);
    // Each thread's (start, end) of counting.
    let times = on_threads(workers, control, |_| {
        // Start together: with m small, a thread that started late would find
        // the other finished, and there would be nothing to race against.
        arrived.fetch_add(1, Ordering::SeqCst);
        let give_up = now_ms() + SAFETY_MS;
        while arrived.load(Ordering::SeqCst) < workers {
            if control.is_cancelled() || now_ms() > give_up {
                return None;
            }
            std::hint::spin_loop();
        }
        let start = now_ms();
        let mut left = m;
        while left > 0 && !control.is_cancelled() {
            let n = left.min(CHUNK);
            match method {
                RaceMethod::Unsynchronised => add_unsynchronised(&shared, n),
                RaceMethod::Mutex => add_with_mutex(&locked, n),
                RaceMethod::Atomic => add_atomic(&shared, n),
                RaceMethod::ThreadLocal => add_thread_local(&shared, n),
            }
            left -= n;
        }
        Some((start, now_ms()))
    })?;
    if control.is_cancelled() {
        return Err(Failure::Cancelled);
    }
    let times: Vec<(f64, f64)> = times
        .into_iter()
        .collect::<Option<_>>()
        .ok_or_else(|| Failure::Stuck("the race's threads never all started".into()))?;
    let start = times.iter().map(|t| t.0).fold(f64::INFINITY, f64::min);
    let end = times.iter().map(|t| t.1).fold(f64::NEG_INFINITY, f64::max);
    let actual = match method {
        RaceMethod::Mutex => *lock(&locked),
        _ => shared.load(Ordering::SeqCst),
    };
    let expected = workers as u64 * m;
    let elapsed_ms = end - start;
    Ok(Sample {
        actual,
        lost: expected.saturating_sub(actual),
        elapsed_ms,
        ns_per_increment: elapsed_ms * 1e6 / expected as f64,
    })
}

/// Runs all four methods `repeats` times, round-robin (so machine noise hits
/// every method alike). Progress: one block per run.
pub fn run(params: &Params, control: &Control) -> Result<RaceResult, Failure> {
    control.begin(params.repeats * RaceMethod::ALL.len());
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); RaceMethod::ALL.len()];
    for _ in 0..params.repeats {
        for (i, method) in RaceMethod::ALL.into_iter().enumerate() {
            samples[i].push(run_once(
                method,
                params.workers,
                params.increments,
                control,
            )?);
            control.block_done();
        }
    }
    let methods = RaceMethod::ALL
        .into_iter()
        .zip(samples)
        .map(|(method, samples)| MethodResult {
            method,
            title: method.title(),
            median_ns_per_increment: median(samples.iter().map(|s| s.ns_per_increment).collect()),
            samples,
        })
        .collect();
    Ok(RaceResult {
        workers: params.workers,
        increments: params.increments,
        repeats: params.repeats,
        expected: params.workers as u64 * params.increments,
        methods,
    })
}

/// The median (the mean of the middle two for an even count; NaN when empty).
pub(crate) fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// The demo as the page lists it; `threads` caps the workers field.
pub fn info(threads: usize) -> DemoInfo {
    let source = include_str!("mod.rs");
    DemoInfo {
        id: ID,
        title: "Race on a shared counter",
        lesson: "counter += 1 is really three steps: read the counter, add one, write it back. Two threads that both read before either writes both write the same value, and one increment is lost. How many are lost depends on the exact timing, so no two runs agree — the histogram shows the spread. A lock makes the three steps one step as far as other threads can see (correct, but every increment pays for the lock and the threads queue up); an atomic fetch_add is one indivisible instruction (correct and cheaper, but the threads still fight over one cache line); counting in a thread-local variable and adding the totals once at the end shares nothing while counting, and is fastest of all. The unsynchronised version can only ever lose updates: it never counts too many.\n\n\
Which Python loses updates? These are real threads: they may switch between any two steps, and so may the threads of free-threaded CPython (3.13t and later) and of CPython 3.9 or older — there a plain counter += 1 loop lost 240,000–632,000 of 2,000,000 updates (2 threads, 5 runs, CPython 3.9). Since 3.10 a thread that holds the GIL hands it over only at a backward jump (the end of a loop body) or a call, never between the read and the write of counter += 1, so on CPython 3.10–3.13 with the GIL that loop lost 0 in every run — correct by accident of the implementation, not by any promise. The Python beside this lesson therefore puts a call between the read and the write (log(seen), as a real program would log, validate or compute): that version lost 308,000–888,000 of 2,000,000 on every version from 3.9 to 3.13, and the locked one lost 0. (All measured here with race.py as shown. A thread must also still run when the 5 ms switch interval ends: with 100,000 increments each thread may finish first and nothing is lost.)",
        rust: super::excerpts(source, &["unsynchronised", "mutex", "atomic", "thread_local"]),
        python: include_str!("race.py"),
        fields: vec![
            FieldSpec::new("workers", "Workers", 2, 1, threads.max(2) as u64),
            FieldSpec::new("increments", "Increments per worker", 1_000_000, 1, 10_000_000),
            FieldSpec::new("repeats", "Repeats", 20, 1, 100),
        ],
    }
}
