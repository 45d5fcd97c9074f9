//! Bad input gets a clear sentence tied to its field.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser tests are in tests/browser_workloads.rs

use threadlab::input::{positive_whole_number, worker_count, RawNumber};
use threadlab::workloads::{check_size, info};

fn size(raw: impl Into<RawNumber>) -> Result<u64, String> {
    positive_whole_number("size", &raw.into()).map_err(|e| e.message)
}

#[test]
fn accepts_numbers_and_pythonic_text() {
    assert_eq!(size(1000.0), Ok(1000));
    assert_eq!(size("10_000_000"), Ok(10_000_000));
    assert_eq!(size("1,000"), Ok(1000));
    assert_eq!(size(" 1e7 "), Ok(10_000_000));
}

#[test]
fn refuses_zero_negative_fractions_nan_and_words() {
    assert!(size(0.0).unwrap_err().contains("at least 1"));
    assert!(size(-5.0).unwrap_err().contains("at least 1 (got -5)"));
    assert!(size(2.5).unwrap_err().contains("whole number (got 2.5)"));
    assert!(size(f64::NAN).unwrap_err().contains("NaN"));
    assert!(size("NaN").unwrap_err().contains("NaN"));
    assert!(size("ten").unwrap_err().contains("\"ten\" is not a number"));
    assert!(size("").unwrap_err().contains("Enter a whole number"));
    assert!(size(f64::INFINITY).unwrap_err().contains("too large"));
    assert!(size("1e300").unwrap_err().contains("too large"));
}

#[test]
fn worker_count_is_bounded_by_the_pool() {
    assert_eq!(worker_count(&2.0.into(), 4), Ok(2));
    let err = worker_count(&5.0.into(), 4).unwrap_err();
    assert_eq!(err.field, "workers");
    assert!(err.message.contains("choose 1 to 4"), "{}", err.message);
    assert!(worker_count(&0.0.into(), 4).is_err());
}

#[test]
fn sizes_that_would_take_minutes_are_refused_with_an_estimate() {
    let limit = info("counting-loop").unwrap().max_size;
    assert!(check_size("counting-loop", limit).is_ok());
    let err = check_size("counting-loop", limit * 100).unwrap_err();
    assert_eq!(err.field, "size");
    assert!(err.message.contains("too large"), "{}", err.message);
    assert!(
        err.message.contains("minutes") || err.message.contains("hours"),
        "{}",
        err.message
    );
    assert!(check_size("mandelbrot", 100_000).is_err());
}

#[test]
fn sum_of_squares_refuses_sizes_whose_sum_overflows_u128() {
    let limit = threadlab::workloads::sum_of_squares::largest_exact_n();
    // The limit is tight: the product (n-1)·n·(2n-1) behind the sum below n
    // (that sum is the product / 6) fits in 128 bits at the limit, and
    // overflows one past it — a limit half the right size fails here.
    let product = |n: u128| (n - 1).checked_mul(n)?.checked_mul(2 * n - 1);
    let at = product(limit as u128).expect("the product fits at the limit");
    assert!(
        product(limit as u128 + 1).is_none(),
        "fits one past the limit"
    );
    assert!(at / 6 > u64::MAX as u128, "the limit is far beyond u64");
    // And the 128-bit check accepts the limit (the size check as a whole
    // refuses it for time, below) and refuses the next size.
    use threadlab::workloads::{sum_of_squares::SumOfSquares, Workload};
    assert_eq!(SumOfSquares::check_size_further(limit), Ok(()));
    let err = check_size("sum-of-squares", limit).unwrap_err();
    assert!(err.message.contains("minutes"), "{}", err.message);
    let err = check_size("sum-of-squares", limit + 1).unwrap_err();
    assert!(
        err.message.contains("does not fit in 128 bits"),
        "{}",
        err.message
    );
}

#[test]
fn unknown_workloads_list_the_known_ones() {
    let err = info("fibonacci").unwrap_err();
    assert_eq!(err.field, "workload");
    assert!(err.message.contains("sum-of-squares"));
}

#[test]
fn the_new_workloads_refuse_sizes_beyond_memory_or_time_with_a_reason() {
    // Three 3265×3265 f64 matrices fit in 256 MB; 3266 do not.
    assert!(check_size("matrix-multiply", 3265).is_ok());
    let err = check_size("matrix-multiply", 3266).unwrap_err();
    assert_eq!(err.field, "size");
    assert!(err.message.contains("MB"), "{}", err.message);
    // Absurd sizes must not overflow on the way to the message.
    assert!(check_size("matrix-multiply", u64::MAX)
        .unwrap_err()
        .message
        .contains("MB"));

    let err = check_size("array-sum-of-squares", 64_000_001).unwrap_err();
    assert!(err.message.contains("256 MB"), "{}", err.message);
    assert!(check_size("array-sum-of-squares", 64_000_000).is_ok());
    assert!(check_size("array-sum-of-squares", u64::MAX).is_err());

    let err = check_size("image-blur", 4097).unwrap_err();
    assert!(err.message.contains("MB"), "{}", err.message);
    assert!(check_size("image-blur", 4096).is_ok());

    // Time limits: the estimate grows faster than n for trial division.
    let err = check_size("prime-count", 1_000_000_000).unwrap_err();
    assert!(err.message.contains("minutes"), "{}", err.message);
    let err = check_size("monte-carlo-pi", 60_000_000_000).unwrap_err();
    assert!(err.message.contains("minutes"), "{}", err.message);

    // Every default is accepted, and takes between 0.01 s and 2 s by estimate.
    for w in threadlab::workloads::catalogue() {
        assert!(check_size(w.id, w.default_size).is_ok(), "{}", w.id);
        let s = w.estimated_seconds(w.default_size);
        assert!((0.01..2.0).contains(&s), "{}: {s} s", w.id);
        assert!(w.estimated_seconds(w.max_size) <= 40.0, "{}", w.id);
    }
}
