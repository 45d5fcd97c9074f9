//! Native checks of every workload: known values, and sequential == parallel
//! for 1..4 workers.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser tests are in tests/browser_workloads.rs

use threadlab::control::Control;
use threadlab::workloads::{self, catalogue, check_size, Mode};

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

fn run(id: &str, size: u64, mode: Mode) -> workloads::WorkloadOutcome {
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
    let big = value("sum-of-squares", 10_000_000);
    assert_eq!(big, "333333283333335000000");
    // Beyond u64: the workload's own answer is above u64::MAX, and equals
    // a plain u128 loop over the same range.
    let answer: u128 = big.parse().unwrap();
    assert!(answer > u64::MAX as u128);
    assert_eq!(answer, (0..10_000_000u128).map(|i| i * i).sum::<u128>());
}

#[test]
fn sum_of_squares_crosses_the_u64_fast_path_boundary_exactly() {
    // Blocks that start below 2^32 and end above it take the u128 path; compare
    // with a straightforward u128 loop over the same range.
    use threadlab::driver::Blocks;
    let n = (1u64 << 32) + 5;
    let work =
        <threadlab::workloads::sum_of_squares::SumOfSquares as threadlab::workloads::Workload>::new(
            n,
        );
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
            "prime-count" => 1_000_000,
            "matrix-multiply" => 150,
            "image-blur" => 600,
            "array-sum-of-squares" => 4_000_000,
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

// Time growing with size (LLVM must not fold a loop into a closed form) is
// a timing ratio: `bench/bench.mjs` reports it as a target ("time at 16×
// the work / time at 1×"), not a test that a loaded machine can fail.

#[test]
fn prime_count_matches_the_known_counts() {
    assert_eq!(value("prime-count", 1), "0");
    assert_eq!(value("prime-count", 2), "0");
    assert_eq!(value("prime-count", 3), "1");
    assert_eq!(value("prime-count", 10), "4");
    assert_eq!(value("prime-count", 100), "25");
    assert_eq!(value("prime-count", 1_000_000), "78498");
}

#[test]
fn prime_count_blocks_are_equal_ranges_of_unequal_cost() {
    use threadlab::driver::Blocks;
    use threadlab::workloads::{prime_count::PrimeCount, Workload};
    let work = PrimeCount::new(4_000_000);
    let blocks = work.block_count();
    assert!((1024..=4096).contains(&blocks), "{blocks} blocks");
    // Equal ranges hold fewer primes towards the end — and each of those costs
    // more divisions. That cost is the lesson; speed is never asserted here.
    assert!(work.compute(0) > work.compute(blocks - 2));
}

#[test]
fn monte_carlo_pi_is_close_to_pi_and_repeatable_on_any_number_of_workers() {
    let n = 1_000_000;
    let sequential = run("monte-carlo-pi", n, Mode::Sequential).answer.value;
    // Same digits as the Python version in INFO.python prints.
    assert_eq!(
        sequential,
        "785448 of 1000000 points inside; estimate 3.141792"
    );
    let estimate: f64 = sequential.rsplit(' ').next().unwrap().parse().unwrap();
    assert!((estimate - std::f64::consts::PI).abs() < 0.01, "{estimate}");
    let pool = pool(4);
    for workers in 1..=4 {
        let parallel = pool.install(|| run("monte-carlo-pi", n, Mode::Parallel { workers }));
        assert_eq!(parallel.answer.value, sequential, "{workers} workers");
    }
}

#[test]
fn monte_carlo_blocks_have_independent_streams() {
    use threadlab::workloads::monte_carlo_pi::{SplitMix64, SEED};
    let first = |block| SplitMix64::for_block(SEED, block).next_u64();
    assert_ne!(first(0), first(1));
    assert_eq!(first(7), first(7));
    let mut rng = SplitMix64::new(0);
    // Published first output of SplitMix64 seeded with 0.
    assert_eq!(rng.next_u64(), 0xe220_a839_7b1d_cdaf);
    for _ in 0..1000 {
        let x = rng.next_f64();
        assert!((0.0..1.0).contains(&x));
    }
}

/// The textbook i-j-k product, summed as threadlab sums it (row by row, then
/// the row sums in order, whatever the band height).
fn naive_matrix_value(n: usize) -> String {
    use threadlab::workloads::matrix_multiply::{a_entry, b_entry};
    let mut c = vec![vec![0.0f64; n]; n];
    for (i, row) in c.iter_mut().enumerate() {
        for (j, entry) in row.iter_mut().enumerate() {
            for k in 0..n {
                *entry += a_entry(i, k) * b_entry(k, j);
            }
        }
    }
    let checksum = c
        .iter()
        .map(|row| row.iter().fold(0.0, |s, &x| s + x))
        .fold(0.0, |s, x| s + x);
    format!(
        "checksum {checksum:?}, C[0][0] {:?}, C[n-1][n-1] {:?}",
        c[0][0],
        c[n - 1][n - 1]
    )
}

#[test]
fn matrix_multiply_matches_a_naive_triple_loop() {
    // 70 and 515 cross a tile edge (64 deep, 512 wide) with a remainder
    // that is not a multiple of the four k steps taken at once.
    for n in [1, 2, 7, 37, 70, 120, 515] {
        assert_eq!(
            value("matrix-multiply", n as u64),
            naive_matrix_value(n),
            "n = {n}"
        );
    }
    // Same digits as the Python version in INFO.python prints for n = 120.
    assert_eq!(
        value("matrix-multiply", 120),
        "checksum 48.890374604470885, C[0][0] 0.521741349392671, C[n-1][n-1] 0.059967336939880087"
    );
    // 2x2 by hand: A = [[-0.5, 17/101-0.5], [31/101-0.5, 48/101-0.5]] …
    let (a, b) = (
        threadlab::workloads::matrix_multiply::a_entry,
        threadlab::workloads::matrix_multiply::b_entry,
    );
    assert_eq!(a(0, 0), -0.5);
    assert_eq!(b(0, 0), 7.0 / 97.0 - 0.5);
}

#[test]
fn matrix_multiply_uses_bands_of_up_to_16_rows() {
    use threadlab::driver::Blocks;
    use threadlab::workloads::{matrix_multiply::MatrixMultiply, Workload};
    let tiny = MatrixMultiply::new(20);
    assert_eq!((tiny.rows_per_block(), tiny.block_count()), (1, 20));
    let small = MatrixMultiply::new(300);
    assert_eq!((small.rows_per_block(), small.block_count()), (9, 34));
    let large = MatrixMultiply::new(2050);
    assert_eq!((large.rows_per_block(), large.block_count()), (16, 129));
}

#[test]
fn matrix_multiply_answer_does_not_depend_on_the_band_height() {
    // Tiles (64 deep, 512 wide) and pairs of rows cut differently at these
    // sizes; every C[i][j] still adds its terms in k order.
    for n in [63, 65, 129, 513, 600] {
        assert_eq!(
            value("matrix-multiply", n as u64),
            naive_matrix_value(n),
            "n = {n}"
        );
    }
}

#[test]
fn huge_sizes_are_refused_without_overflow_in_debug_builds() {
    for id in workloads::catalogue().iter().map(|w| w.id) {
        for size in [u64::MAX, u64::MAX / 2, 1 << 63, 1 << 40] {
            assert!(workloads::check_size(id, size).is_err(), "{id} at {size}");
        }
    }
}

fn blur_of(image: threadlab::workloads::Image) -> workloads::Answer {
    use threadlab::driver::run_sequential;
    use threadlab::workloads::{blur::Blur, Workload};
    let work = Blur::of(image);
    let run = run_sequential(&work, &Control::new(), |_, _| {}).unwrap();
    work.answer(run.parts)
}

#[test]
fn blurring_a_constant_picture_changes_nothing() {
    use threadlab::workloads::Image;
    // Several bands (41 rows > 32) and a picture narrower than the kernel.
    for (width, height) in [(50, 41), (5, 3), (1, 1), (200, 70)] {
        let pixel = [37u8, 200, 91, 255];
        let rgba = pixel.repeat(width * height);
        let answer = blur_of(Image {
            width: width as u32,
            height: height as u32,
            rgba: rgba.clone(),
        });
        assert_eq!(answer.image.unwrap().rgba, rgba, "{width}x{height}");
        assert_eq!(answer.before.unwrap().rgba, rgba);
    }
}

#[test]
fn blur_spreads_a_single_bright_pixel_like_its_kernel() {
    use threadlab::workloads::blur::{KERNEL, RADIUS};
    use threadlab::workloads::Image;
    assert_eq!(KERNEL.iter().sum::<u32>(), 4096);
    assert!(KERNEL.iter().eq(KERNEL.iter().rev()));
    let (w, h) = (40usize, 40usize);
    let mut rgba = [0u8, 0, 0, 255].repeat(w * h);
    rgba[(20 * w + 20) * 4] = 255; // one red pixel
    let out = blur_of(Image {
        width: w as u32,
        height: h as u32,
        rgba,
    })
    .image
    .unwrap()
    .rgba;
    let red = |x: usize, y: usize| out[(y * w + x) * 4] as u32;
    // 255 · k_i · k_j / 4096², rounded
    let expect = |i: usize, j: usize| (255 * KERNEL[i] * KERNEL[j] + (1 << 23)) >> 24;
    for dy in 0..=2 * RADIUS {
        for dx in 0..=2 * RADIUS {
            assert_eq!(red(12 + dx, 12 + dy), expect(dx, dy), "({dx}, {dy})");
        }
    }
    assert_eq!(red(11, 20), 0);
    assert_eq!(red(20, 29), 0);
}

#[test]
fn blur_shows_the_scene_before_and_after_and_matches_python() {
    let outcome = run("image-blur", 240, Mode::Sequential);
    let (after, before) = (
        outcome.answer.image.unwrap(),
        outcome.answer.before.unwrap(),
    );
    assert_eq!((after.width, after.height), (240, 160));
    assert_eq!((before.width, before.height), (240, 160));
    assert_eq!(before.rgba.len(), 240 * 160 * 4);
    assert_ne!(after.rgba, before.rgba, "the blur changed something");
    assert_eq!(outcome.blocks, 5, "bands of 32 rows");
    // Same digits as the Python version in INFO.python prints.
    assert_eq!(
        outcome.answer.value,
        "blurred 240x160, hash b0e0cbf61b845ea2"
    );
    // The middle of the sun is wider than the kernel: it keeps its colour.
    let px =
        |img: &workloads::Image, x: usize, y: usize| img.rgba[(y * 240 + x) * 4..][..3].to_vec();
    assert_eq!(px(&after, 187, 35), vec![255, 225, 110]);
}

#[test]
fn array_sum_of_squares_matches_a_plain_iterator_sum() {
    use threadlab::driver::{run_parallel, run_sequential};
    use threadlab::workloads::array_sum_of_squares::{generate, ArraySumOfSquares};
    use threadlab::workloads::Workload;
    let n = 3_000_001;
    let plain: u128 = generate(n).iter().map(|&v| v as u128 * v as u128).sum();
    assert_eq!(value("array-sum-of-squares", n as u64), plain.to_string());
    // Same digits as the Python version in INFO.python prints for n = 10^6.
    assert_eq!(
        value("array-sum-of-squares", 1_000_000),
        "6147275858499580132911354"
    );

    // An array handed in from outside (JavaScript, in the browser).
    let values = vec![u32::MAX, 0, 3, 4];
    let expected = (u32::MAX as u128).pow(2) + 25;
    let work = ArraySumOfSquares::from_values(values);
    let run = run_sequential(&work, &Control::new(), |_, _| {}).unwrap();
    assert_eq!(work.answer(run.parts).value, expected.to_string());

    let work = ArraySumOfSquares::from_values(generate(n));
    let sequential = run_sequential(&work, &Control::new(), |_, _| {}).unwrap();
    let pool = pool(4);
    for workers in 1..=4 {
        let parallel = pool.install(|| run_parallel(&work, workers, &Control::new()).unwrap());
        assert_eq!(parallel.parts, sequential.parts, "{workers} workers");
    }
    assert_eq!(work.answer(sequential.parts).value, plain.to_string());
}

/// Distance in units in the last place between two finite f64s.
fn ulps(a: f64, b: f64) -> u64 {
    let key = |x: f64| {
        let bits = x.to_bits() as i64;
        if bits < 0 {
            i64::MIN - bits
        } else {
            bits
        }
    };
    key(a).abs_diff(key(b))
}

#[test]
fn threadlabs_sine_is_within_1_ulp_of_the_platforms_over_millions_of_arguments() {
    use threadlab::workloads::monte_carlo_pi::SplitMix64;
    use threadlab::workloads::sqrt_sin::{sin, FAST_LIMIT};
    let mut worst = (0u64, 0.0f64);
    let mut differ = 0u64;
    let mut check = |x: f64| {
        let d = ulps(sin(x), x.sin());
        if d > worst.0 {
            worst = (d, x);
        }
        differ += (d != 0) as u64;
    };
    // Every integer argument the workload uses up to 2^21, then a stride
    // through the rest of the accepted sizes, up to the fast path's limit.
    for i in 0..1u64 << 21 {
        check(i as f64);
    }
    for i in (1u64 << 21..FAST_LIMIT as u64).step_by(263) {
        check(i as f64);
    }
    // Any real argument: uniform in |x| < 4, in |x| < 2^20, in |x| < the limit.
    let mut rng = SplitMix64::new(2024);
    for scale in [4.0, 1048576.0, FAST_LIMIT] {
        for _ in 0..1_000_000 {
            check((2.0 * rng.next_f64() - 1.0) * scale);
        }
    }
    // Close to multiples of π/2, where the reduction cancels most bits.
    for k in 1..200_000u64 {
        let x = k as f64 * std::f64::consts::FRAC_PI_2;
        for x in [
            x,
            f64::from_bits(x.to_bits() + 1),
            f64::from_bits(x.to_bits() - 1),
        ] {
            check(x);
        }
    }
    // Beyond the limit, and non-finite values, it is the platform's sine.
    for x in [FAST_LIMIT * 1.5, 1e300, f64::INFINITY, f64::NAN] {
        assert_eq!(sin(x).to_bits(), x.sin().to_bits());
    }
    assert!(worst.0 <= 1, "{} ulps at x = {:e}", worst.0, worst.1);
    eprintln!("differ by 1 ulp: {differ} arguments");
}

#[test]
fn two_lane_sine_gives_each_lane_the_scalar_sines_bits_whatever_the_quadrants() {
    use threadlab::workloads::simd::F64x2;
    use threadlab::workloads::sqrt_sin::{sin, sin2, Constants, LANE_GAP};
    let c = Constants::opaque();
    let (mut same, mut mixed) = (0u32, 0u32);
    // Neighbours (quadrant parities differ often) and LANE_GAP apart (as the
    // accumulation pairs them: nearly always the same parity).
    for gap in [1, LANE_GAP] {
        for i in (0..3_000_000u64).chain(299_000_000..299_100_000) {
            let (a, b) = (i as f64, (i + gap) as f64);
            let [sa, sb] = F64x2::to_array(sin2(F64x2::new(a, b), &c));
            assert_eq!(sa.to_bits(), sin(a).to_bits(), "lane 0 at {a} (gap {gap})");
            assert_eq!(sb.to_bits(), sin(b).to_bits(), "lane 1 at {b} (gap {gap})");
            let parity = |x: f64| ((x * std::f64::consts::FRAC_2_PI).round() as u64) % 2;
            if parity(a) == parity(b) {
                same += 1;
            } else {
                mixed += 1;
            }
        }
    }
    // Both paths of `sin2` were taken many times.
    assert!(
        same > 1_000_000 && mixed > 1_000_000,
        "same {same}, mixed {mixed}"
    );
}

#[test]
fn machine_limit_reports_a_triad_and_a_read_rate_per_thread_count() {
    let threads = rayon::current_num_threads().min(2);
    let rates = threadlab::workloads::triad::gb_per_s(1 << 16, threads, 2);
    let names: Vec<&str> = rates.iter().map(|(name, _)| name.as_str()).collect();
    let mut expected: Vec<String> = (1..=threads).map(|k| format!("k{k}")).collect();
    expected.extend((1..=threads).map(|k| format!("read k{k}")));
    assert_eq!(names, expected);
    for (name, values) in &rates {
        assert_eq!(values.len(), 2, "{name}: one rate per repetition");
        assert!(
            values.iter().all(|v| v.is_finite() && *v > 0.0),
            "{name}: {values:?}"
        );
    }
}

#[test]
fn array_sum_of_squares_is_the_exact_u128_sum() {
    // Its kernel adds squares modulo 2^64 and recovers the exact total from
    // the sum of their top halves: check it against plain u128 adds, with
    // sums far past 2^64.
    for n in [1u64, 7, 8, 9, 100_003, 3_000_000] {
        let expected: u128 = threadlab::workloads::array_sum_of_squares::generate(n as usize)
            .iter()
            .map(|&v| v as u128 * v as u128)
            .sum();
        assert_eq!(
            value("array-sum-of-squares", n),
            expected.to_string(),
            "n = {n}"
        );
    }
}
