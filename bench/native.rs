//! The native half of `./dev.sh bench`: every workload at its default size,
//! on the calling thread and on k = 1..N threads of a rayon pool, with the
//! same code the browser runs (`workloads::run`), so the wasm/native ratio
//! compares the same work.
//!
//!   cargo run --release --example native_bench -- [--reps 5] [--scale 1] [--only ID,ID] [--json]
//!                                                  [--sequential-only]
//!
//! The pool is rayon's *global* pool, built with N = available_parallelism
//! threads, and runs are started from `main`, which is not one of its threads:
//! `run_parallel_with` must be called from outside the pool it uses (see
//! src/driver.rs), like the coordinator worker in the browser. The first
//! repetition of each setting is a warm-up and is not counted.

use std::time::Instant;

use threadlab::control::Control;
use threadlab::driver::{Plan, Schedule};
use threadlab::workloads::{self, Mode};

struct Row {
    workload: &'static str,
    schedule: &'static str,
    size: u64,
    /// Milliseconds per setting: "seq", then "k1", "k2", ...
    times: Vec<(String, Vec<f64>)>,
    agree: bool,
    answer: String,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let reps: usize = value("--reps")
        .map(|v| v.parse().expect("--reps takes a whole number"))
        .unwrap_or(5);
    // Sizes as bench.mjs computes them: the default size, scaled so the work
    // (size^cost_exponent) changes by the factor `--scale`.
    let scale: f64 = value("--scale")
        .map(|v| v.parse().expect("--scale takes a number"))
        .unwrap_or(1.0);
    let only: Option<Vec<&str>> = value("--only").map(|v| v.split(',').collect());
    let json = args.iter().any(|a| a == "--json");
    // Only the run on the calling thread (bench.mjs pins this to one CPU
    // after another with `taskset` to compare the CPUs' speeds).
    let sequential_only = args.iter().any(|a| a == "--sequential-only");
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let pool_started = Instant::now();
    // The calling thread is thread 0 of the pool, as the browser's
    // coordinator is (vendor/wasm-bindgen-rayon/PATCH.md): the same n threads
    // on n CPUs on both sides.
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .use_current_thread()
        .build_global()
        .expect("the global pool is built once, before any parallel work");
    // Touch every thread once so start-up is not inside the first run.
    rayon::broadcast(|_| ());
    let pool_ms = pool_started.elapsed().as_secs_f64() * 1e3;

    let control = Control::new();
    let mut rows = Vec::new();
    let mut settings: Vec<(&'static str, &'static str)> = workloads::catalogue()
        .iter()
        .map(|w| (w.id, "dynamic"))
        .collect();
    // The uneven workload again with work stealing (the target); a
    // schedule only matters to parallel runs.
    if !sequential_only {
        settings.push((workloads::prime_count::ID, "stealing"));
    }
    for (id, schedule_name) in settings {
        if only.as_ref().is_some_and(|o| !o.contains(&id)) {
            continue;
        }
        let info = workloads::info(id).expect("catalogue ids are known");
        let size = ((info.default_size as f64 * scale.powf(1.0 / info.cost_exponent)).round()
            as u64)
            .max(1);
        workloads::check_size(id, size).unwrap_or_else(|e| panic!("{id} at {size}: {}", e.message));
        let schedule = if schedule_name == "stealing" {
            Schedule::Stealing
        } else {
            Schedule::Dynamic
        };
        let mut modes = vec![("seq".to_string(), Mode::Sequential)];
        for k in (1..=threads).filter(|_| !sequential_only) {
            modes.push((
                format!("k{k}"),
                Mode::Planned(Plan {
                    workers: k,
                    schedule,
                    chunk: 1,
                }),
            ));
        }
        let mut times: Vec<(String, Vec<f64>)> =
            modes.iter().map(|(n, _)| (n.clone(), Vec::new())).collect();
        let mut answer: Option<String> = None;
        let mut agree = true;
        for rep in 0..=reps {
            // Settings interleaved within a repetition, so a slow moment of a
            // shared machine hits all of them rather than one.
            for (slot, (_, mode)) in modes.iter().enumerate() {
                let outcome = workloads::run(id, size, *mode, &control, &mut |_, _| {})
                    .unwrap_or_else(|e| panic!("{id}: {e}"));
                match &answer {
                    None => answer = Some(outcome.answer.value.clone()),
                    Some(a) => agree &= *a == outcome.answer.value,
                }
                if rep > 0 {
                    times[slot].1.push(outcome.elapsed_ms);
                }
            }
        }
        if !json {
            let summary: Vec<String> = times
                .iter()
                .map(|(n, t)| format!("{n} {:.1} ms", median(t)))
                .collect();
            eprintln!("{id} ({schedule_name}) n={size}: {}", summary.join(", "));
        }
        rows.push(Row {
            workload: id,
            schedule: schedule_name,
            size,
            times,
            agree,
            answer: answer.unwrap_or_default(),
        });
    }

    let triad = if only.is_none() || only.as_ref().is_some_and(|o| o.contains(&"triad")) {
        Some(triad_gb_per_s(threads, reps))
    } else {
        None
    };
    if !json {
        if let Some(t) = &triad {
            eprintln!("memory bandwidth (triad), GB/s: {t:?}");
        }
    }
    if json {
        println!(
            "{}",
            to_json(threads, reps, pool_ms, &rows, triad.as_deref())
        );
    }
    if rows.iter().any(|r| !r.agree) {
        std::process::exit(1);
    }
}

/// The machine's limit for memory-bound work: the STREAM-like triad of
/// `workloads::triad` (the code the wasm column runs too) on k = 1..N threads
/// of the global pool, median GB/s of `reps` passes after one warm-up.
/// Returns (setting, GB/s) pairs.
fn triad_gb_per_s(threads: usize, reps: usize) -> Vec<(String, f64)> {
    threadlab::workloads::triad::gb_per_s(threadlab::workloads::triad::DEFAULT_LEN, threads, reps)
        .into_iter()
        .map(|(k, rates)| (k, median(&rates)))
        .collect()
}

fn median(xs: &[f64]) -> f64 {
    let mut s = xs.to_vec();
    s.sort_by(f64::total_cmp);
    let m = s.len() / 2;
    if s.is_empty() {
        f64::NAN
    } else if s.len() % 2 == 1 {
        s[m]
    } else {
        (s[m - 1] + s[m]) / 2.0
    }
}

/// A few lines of JSON by hand: threadlab has no serde_json dependency and
/// this is the only place that would use it.
fn to_json(
    threads: usize,
    reps: usize,
    pool_ms: f64,
    rows: &[Row],
    triad: Option<&[(String, f64)]>,
) -> String {
    let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let rows: Vec<String> = rows
        .iter()
        .map(|r| {
            let times: Vec<String> = r
                .times
                .iter()
                .map(|(n, t)| {
                    let t: Vec<String> = t.iter().map(|x| format!("{x:.4}")).collect();
                    format!("\"{n}\": [{}]", t.join(", "))
                })
                .collect();
            format!(
                "    {{\"workload\": \"{}\", \"schedule\": \"{}\", \"size\": {}, \"agree\": {}, \"answer\": \"{}\", \"ms\": {{{}}}}}",
                r.workload,
                r.schedule,
                r.size,
                r.agree,
                esc(&r.answer),
                times.join(", ")
            )
        })
        .collect();
    format!(
        "{{\n  \"threads\": {threads},\n  \"reps\": {reps},\n  \"pool_start_ms\": {pool_ms:.3},\n  \"arch\": \"{}\",\n  \"triad_gb_per_s\": {{{}}},\n  \"rows\": [\n{}\n  ]\n}}",
        std::env::consts::ARCH,
        triad
            .unwrap_or_default()
            .iter()
            .map(|(k, v)| format!("\"{k}\": {v:.3}"))
            .collect::<Vec<_>>()
            .join(", "),
        rows.join(",\n")
    )
}
