//! The scheduler game's solver, timed: states per second on one thread and
//! on N, for every level's buggy and fixed program.
//!
//! ```sh
//! cargo run --release --example solver_bench            # N = all cores
//! cargo run --release --example solver_bench -- 4       # N = 4
//! cargo run --release --example solver_bench -- 2 philosophers
//! cargo run --release --example solver_bench -- 2 all 7   # medians of 7
//! ```
//!
//! Each search runs to its verdict (the shortest breaking schedule, or the
//! proof that none exists); the verdicts of the two runs are compared, and
//! a difference fails the run.

use std::alloc::System;
use std::sync::atomic::AtomicBool;

use threadlab::alloc_cache::ThreadCache;
use threadlab::interleave::{levels, search, Machine, Program, SearchOptions};

/// The allocator the wasm build runs the solver with: a per-thread cache of
/// small blocks (`src/alloc_cache.rs`), here in front of glibc's malloc
/// instead of dlmalloc. With glibc's malloc alone, two threads searched the
/// stress program at 1.19–1.23× one where this read 1.50–1.64× and
/// jemalloc 1.56–1.79× (three alternated rounds): a block one thread
/// allocated and the other frees goes back to the first thread's arena,
/// under its lock and beside chunks that thread is writing.
#[global_allocator]
static ALLOCATOR: ThreadCache<System> = ThreadCache(System);

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let only: Option<String> = args.next().filter(|a| a != "all");
    let reps: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1).max(1);
    let pool1 = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let pooln = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .unwrap();
    println!(
        "{:<14} {:<6} {:>9} {:>8} {:>12} {:>8} {:>12} {:>8}  verdict",
        "level",
        "which",
        "states",
        "1 thr ms",
        "1 thr st/s",
        format!("{n} thr ms"),
        format!("{n} thr st/s"),
        "speedup"
    );
    // Two threads passing a word back and forth: under valgrind, whose
    // threads take turns, that alone would take minutes.
    let round_trip_before = if n == 2 { round_trip_ns() } else { 0.0 };
    let (mut total1, mut totaln, mut states_all) = (0.0, 0.0, 0u64);
    // The levels are small (their widest BFS level holds a few thousand
    // states); this one is wide enough to show what the pool adds.
    let stress: Vec<(&str, &str, &str)> = vec![("stress", "wide", STRESS)];
    let rows = levels()
        .iter()
        .flat_map(|l| [(l.id, "bug", l.source), (l.id, "fixed", l.fixed)])
        .chain(stress);
    for (id, which, src) in rows {
        if only.as_deref().is_some_and(|o| o != id) {
            continue;
        }
        {
            let program = Program::parse(src).expect("levels parse");
            let start = Machine::new(&program).unwrap();
            let opts = SearchOptions::default();
            let cancel = AtomicBool::new(false);
            // One thread and N alternate, so that a change in the host's
            // load reaches both; the medians are reported.
            let (mut ones, mut ns) = (Vec::new(), Vec::new());
            for _ in 0..reps {
                ones.push(pool1.install(|| search(&program, &start, &opts, &cancel)));
                ns.push(pooln.install(|| search(&program, &start, &opts, &cancel)));
            }
            let (r1, rn) = (median_run(ones), median_run(ns));
            assert_eq!(r1.verdict, rn.verdict, "{} {which}: verdicts differ", id);
            total1 += r1.elapsed_ms;
            totaln += rn.elapsed_ms;
            states_all += r1.states;
            let verdict = match r1.verdict.outcome() {
                Some(o) => format!(
                    "{} in {} steps",
                    o.kind(),
                    r1.verdict.schedule().unwrap().len()
                ),
                None => format!("{:?}", r1.verdict),
            };
            println!(
                "{:<14} {:<6} {:>9} {:>8.1} {:>12.0} {:>8.1} {:>12.0} {:>7.2}x  {}",
                id,
                which,
                r1.states,
                r1.elapsed_ms,
                r1.states_per_sec,
                rn.elapsed_ms,
                rn.states_per_sec,
                r1.elapsed_ms / rn.elapsed_ms.max(1e-9),
                verdict
            );
        }
    }
    if n == 2 {
        let (one, two) = ceiling(reps);
        println!(
            "ceiling (the stress search alone, and twice at once on 2 threads sharing nothing): {one:.1} ms, {two:.1} ms: {:.2}x",
            2.0 * one / two
        );
        println!(
            "core-to-core round trip (one cache line passed back and forth): {:.0} ns before, {:.0} ns after",
            round_trip_before,
            round_trip_ns()
        );
    }
    println!(
        "{:<14} {:<6} {:>9} {:>8.1} {:>12.0} {:>8.1} {:>12.0} {:>7.2}x",
        "all",
        "",
        states_all,
        total1,
        states_all as f64 / (total1 / 1e3),
        totaln,
        states_all as f64 / (totaln / 1e3),
        total1 / totaln.max(1e-9)
    );
}

/// What two threads can reach on this host with this kind of work: the
/// median time of one single-thread search of the stress program, and of
/// two run at once on two threads that share nothing (each its own
/// program and states). On a host whose two CPUs both run, the second is
/// about the first.
fn ceiling(reps: usize) -> (f64, f64) {
    let one = || {
        let program = Program::parse(STRESS).unwrap();
        let start = Machine::new(&program).unwrap();
        let opts = SearchOptions {
            parallel: false,
            ..SearchOptions::default()
        };
        search(&program, &start, &opts, &AtomicBool::new(false)).elapsed_ms
    };
    let (mut ones, mut twos) = (Vec::new(), Vec::new());
    for _ in 0..reps {
        ones.push(one());
        twos.push(std::thread::scope(|s| {
            let other = s.spawn(one);
            one().max(other.join().unwrap())
        }));
    }
    let median = |mut xs: Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        xs[xs.len() / 2]
    };
    (median(ones), median(twos))
}

/// How long one cache line takes to go from one thread to another and
/// back (ns), two threads taking turns to write one atomic word. The
/// parallel search passes lines between its threads all the time (the
/// visited set, the states a thread takes over); where the host runs the
/// two CPUs far apart this reads 300–450 ns instead of 90–130 ns, and two
/// threads of one search lose to one while work that shares nothing still
/// runs twice as fast.
fn round_trip_ns() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    const TURNS: u64 = 200_000;
    let word = AtomicU64::new(0);
    let t0 = std::time::Instant::now();
    std::thread::scope(|s| {
        s.spawn(|| {
            for i in 0..TURNS {
                while word.load(Ordering::Acquire) != 2 * i + 1 {
                    std::hint::spin_loop();
                }
                word.store(2 * i + 2, Ordering::Release);
            }
        });
        for i in 0..TURNS {
            while word.load(Ordering::Acquire) != 2 * i {
                std::hint::spin_loop();
            }
            word.store(2 * i + 1, Ordering::Release);
        }
    });
    t0.elapsed().as_secs_f64() * 1e9 / TURNS as f64
}

/// The run of median time among `runs`.
fn median_run(
    mut runs: Vec<threadlab::interleave::SearchReport>,
) -> threadlab::interleave::SearchReport {
    runs.sort_by(|a, b| a.elapsed_ms.total_cmp(&b.elapsed_ms));
    runs.swap_remove(runs.len() / 2)
}

/// Three threads, each adding to its own slot of a shared list under one
/// lock, three times: no bug, about a quarter of a million states.
const STRESS: &str = "\
import threading
lock = threading.Lock()
counts = [0, 0, 0]
def work(i):
    for k in range(3):
        with lock:
            counts[i] += 1
t0 = threading.Thread(target=work, args=(0,))
t1 = threading.Thread(target=work, args=(1,))
t2 = threading.Thread(target=work, args=(2,))
t0.start()
t1.start()
t2.start()
t0.join()
t1.join()
t2.join()
";
