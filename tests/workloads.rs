//! Native checks of every workload: known values, and sequential == parallel
//! for 1..4 workers.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser tests are in tests/browser.rs

use threadlab::control::Control;
use threadlab::workloads::{self, catalogue, check_size, mandelbrot, Mode};

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

fn run(id: &str, size: u64, mode: Mode) -> workloads::Outcome {
    check_size(id, size).unwrap();
    workloads::run(id, size, mode, &Control::new(), &mut |_, _| {}).unwrap()
}

fn value(id: &str, size: u64) -> String {
    run(id, size, Mode::Sequential).answer.value
}

#[test]
fn sum_of_squares_matches_pythons_exact_integers() {
    assert_eq!(value("sum-of-squares", 1), "0");
    assert_eq!(value("sum-of-squares", 10), "285");
    assert_eq!(value("sum-of-squares", 10_000_000), "333333283333335000000");
    // Beyond u64: sum below 10^7 is ~3.3e20 > u64::MAX (~1.8e19).
    assert!(333333283333335000000u128 > u64::MAX as u128);
}

#[test]
fn sum_of_squares_crosses_the_u64_fast_path_boundary_exactly() {
    // Blocks that start below 2^32 and end above it take the u128 path; compare
    // with a straightforward u128 loop over the same range.
    use threadlab::driver::Blocks;
    let n = (1u64 << 32) + 5;
    let work = <threadlab::workloads::sum_of_squares::SumOfSquares as threadlab::workloads::Workload>::new(n);
    let last = work.block_count() - 1;
    let got = work.compute(last);
    let split_start = n - ((n - 1) % (n.div_ceil(4096).max(1 << 14))) - 1;
    let expected: u128 = (split_start..n).map(|i| (i as u128) * (i as u128)).sum();
    assert_eq!(got, expected);
}

#[test]
fn counting_loop_counts_to_n() {
    for n in [1, 2, 16_383, 16_384, 16_385, 5_000_000] {
        assert_eq!(value("counting-loop", n), n.to_string());
    }
}

#[test]
fn sqrt_sin_is_close_to_a_plain_left_to_right_loop() {
    let n = 1_000_000u64;
    let plain: f64 = (0..n).map(|i| (i as f64).sqrt() * (i as f64).sin()).sum();
    let blocked: f64 = value("sqrt-sin", n).parse().unwrap();
    let relative = ((blocked - plain) / plain).abs();
    assert!(relative < 1e-9, "blocked {blocked} vs plain {plain}");
    assert_eq!(value("sqrt-sin", 1), "0.0");
    // sqrt(1)*sin(1) + sqrt(2)*sin(2)
    let small: f64 = value("sqrt-sin", 3).parse().unwrap();
    assert!((small - (1f64.sin() + 2f64.sqrt() * 2f64.sin())).abs() < 1e-15);
}

#[test]
fn mandelbrot_draws_the_set() {
    let outcome = run("mandelbrot", 90, Mode::Sequential);
    let image = outcome.answer.image.expect("an image");
    assert_eq!((image.width, image.height), (90, 60));
    assert_eq!(image.rgba.len(), 90 * 60 * 4);
    // The centre row passes through the set (black) at c = -0.5 + 0i…
    let px = |x: usize, y: usize| &image.rgba[(y * 90 + x) * 4..][..4];
    let x_of = |re: f64| ((re + 2.2) / 3.0 * 90.0) as usize;
    assert_eq!(px(x_of(-0.5), 30), [0, 0, 0, 255]);
    // …and escapes far outside it, at c = 0.75.
    assert_ne!(px(x_of(0.75), 30), [0, 0, 0, 255]);
    assert_eq!(outcome.blocks, 60, "one block per row");
}

#[test]
fn every_workload_gives_the_same_answer_on_1_to_4_workers() {
    let pool = pool(4);
    for info in catalogue() {
        let size = match info.id {
            "mandelbrot" => 240,
            "sqrt-sin" => 3_000_000,
            _ => 20_000_000,
        };
        let sequential = run(info.id, size, Mode::Sequential);
        for workers in 1..=4 {
            let parallel = pool.install(|| run(info.id, size, Mode::Parallel { workers }));
            assert_eq!(
                parallel.answer, sequential.answer,
                "{} with {workers} workers",
                info.id
            );
            assert_eq!(parallel.blocks_per_worker.len(), workers);
            assert_eq!(
                parallel.blocks_per_worker.iter().sum::<usize>(),
                sequential.blocks
            );
        }
    }
}

#[test]
fn every_workload_does_work_proportional_to_its_size() {
    // Guards against LLVM folding a loop into a closed form (it can, for sums
    // of polynomials and for counting): then time would not grow with n.
    // A ratio measured in one run, never an absolute time; 16x the work must
    // take at least 4x as long (best of three, to shrug off noise).
    for info in catalogue() {
        let small = match info.id {
            "mandelbrot" => 160,
            "sqrt-sin" => 500_000,
            _ => 4_000_000,
        };
        let best = |size: u64| {
            (0..3)
                .map(|_| run(info.id, size, Mode::Sequential).elapsed_ms)
                .fold(f64::INFINITY, f64::min)
        };
        let (t1, t16) = (best(small), best(small * if info.id == "mandelbrot" { 4 } else { 16 }));
        assert!(
            t16 > 4.0 * t1,
            "{}: 16x the work took {t16:.3} ms vs {t1:.3} ms",
            info.id
        );
    }
    let _ = mandelbrot::MAX_ITERATIONS;
}
