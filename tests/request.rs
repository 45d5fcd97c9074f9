//! Checking whole run requests: every bad field reported at once, tied to its field.
#![cfg(not(target_arch = "wasm32"))]

use threadlab::input::RawNumber;
use threadlab::request::{check, RunRequest, Threads};
use threadlab::workloads::Mode;

fn request(workload: &str, size: RawNumber, mode: &str, workers: Option<RawNumber>) -> RunRequest {
    RunRequest {
        workload: workload.into(),
        size,
        mode: mode.into(),
        workers,
        schedule: None,
        chunk: None,
    }
}

#[test]
fn a_good_parallel_request_passes() {
    let checked = check(
        &request(
            "sum-of-squares",
            "10_000_000".into(),
            "parallel",
            Some(2.0.into()),
        ),
        Threads::Pool(4),
    )
    .unwrap();
    assert_eq!(checked.size, 10_000_000);
    assert_eq!(checked.mode, Mode::Parallel { workers: 2 });
}

#[test]
fn sequential_ignores_workers_even_without_threads() {
    let checked = check(
        &request(
            "mandelbrot",
            300.0.into(),
            "sequential",
            Some("junk".into()),
        ),
        Threads::Unavailable,
    )
    .unwrap();
    assert_eq!(checked.mode, Mode::Sequential);
}

#[test]
fn every_bad_field_is_reported_with_its_name() {
    let errors = check(
        &request(
            "sum-of-squares",
            f64::NAN.into(),
            "parallel",
            Some((-2.0).into()),
        ),
        Threads::Pool(2),
    )
    .unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["size", "workers"], "{errors:?}");

    let errors = check(
        &request("bogus", 5.0.into(), "sideways", None),
        Threads::Pool(2),
    )
    .unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["workload", "mode"], "{errors:?}");
}

#[test]
fn more_workers_than_the_pool_has_is_refused() {
    let errors = check(
        &request("counting-loop", 1000.0.into(), "parallel", Some(3.0.into())),
        Threads::Pool(2),
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.contains("choose 1 to 2"),
        "{}",
        errors[0].message
    );
}

#[test]
fn parallel_without_isolation_says_why_threads_are_off() {
    let errors = check(
        &request("counting-loop", 1000.0.into(), "parallel", Some(1.0.into())),
        Threads::Unavailable,
    )
    .unwrap_err();
    assert!(
        errors[0].message.contains("cross-origin isolated"),
        "{}",
        errors[0].message
    );
}

#[test]
fn parallel_needs_a_worker_count() {
    let errors = check(
        &request("counting-loop", 1000.0.into(), "parallel", None),
        Threads::Pool(2),
    )
    .unwrap_err();
    assert_eq!(errors[0].field, "workers");
}

#[test]
fn a_mandelbrot_too_large_is_refused_with_a_time_estimate() {
    let errors = check(
        &request("mandelbrot", 100_000.0.into(), "sequential", None),
        Threads::Pool(2),
    )
    .unwrap_err();
    assert_eq!(errors[0].field, "size");
    assert!(
        errors[0].message.contains("minutes") || errors[0].message.contains("hours"),
        "{}",
        errors[0].message
    );
}

#[test]
fn schedule_and_chunk_make_a_planned_parallel_run() {
    use threadlab::driver::{Plan, Schedule};
    let mut r = request("mandelbrot", 300.0.into(), "parallel", Some(2.0.into()));
    r.schedule = Some("stealing".into());
    r.chunk = Some("4".into());
    let checked = check(&r, Threads::Pool(2)).unwrap();
    assert_eq!(
        checked.mode,
        Mode::Planned(Plan {
            workers: 2,
            schedule: Schedule::Stealing,
            chunk: 4
        })
    );

    r.schedule = Some("round-robin".into());
    r.chunk = Some(0.0.into());
    let errors = check(&r, Threads::Pool(2)).unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["schedule", "chunk"], "{errors:?}");
}
