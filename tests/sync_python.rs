//! The Python shown next to each synchronisation demo is real Python: each
//! program (src/sync/<demo>/<demo>.py, the very text the page shows) runs with
//! python3 and must finish cleanly — no failed `assert`, no traceback in any
//! thread (an exception in a thread does not change Python's exit code, so
//! stderr is read too) — and the lost-update race must never count too many.
//!
//! Skipped, with a note, where python3 is not installed.

use std::process::Command;
use std::time::{Duration, Instant};

#[path = "common/python.rs"]
mod python;

/// Runs one snippet; returns its stdout.
fn run(name: &str) -> Option<String> {
    let python = python::python3(&format!("{name}.py"))?;
    let path = format!("{}/src/sync/{name}/{name}.py", env!("CARGO_MANIFEST_DIR"));
    let started = Instant::now();
    let out = Command::new(python)
        .arg(&path)
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{name}.py failed:\n{stderr}");
    assert!(
        !stderr.contains("Traceback"),
        "{name}.py raised in a thread:\n{stderr}"
    );
    // Each is a classroom example: seconds, not minutes.
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{name}.py took {:?}",
        started.elapsed()
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn every_sync_snippet_is_the_one_the_page_shows() {
    for demo in threadlab::sync::catalogue(4) {
        let path = format!(
            "{}/src/sync/{id}/{id}.py",
            env!("CARGO_MANIFEST_DIR"),
            id = demo.id
        );
        let file = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(demo.python, file, "{} shows its own .py file", demo.id);
    }
}

/// `name: expected 2000000, got 1234567, lost 765433` → (expected, got, lost).
fn counted(out: &str, name: &str) -> (u64, u64, u64) {
    let line = out
        .lines()
        .find(|l| l.starts_with(&format!("{name}:")))
        .unwrap_or_else(|| panic!("no line for {name}: {out}"));
    let numbers: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    let [expected, got, lost] = numbers[..] else {
        panic!("unexpected output: {line}")
    };
    assert!(got <= expected, "{line}");
    assert_eq!(expected - got, lost, "{line}");
    (expected, got, lost)
}

/// Whether this python3 has a GIL and switches only at backward jumps and
/// calls (CPython 3.10 or later, not the free-threaded build).
fn gil_switches_at_calls_only() -> bool {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys; print(sys.implementation.name == 'cpython' and sys.version_info >= (3, 10) and getattr(sys, '_is_gil_enabled', lambda: True)())",
        ])
        .output()
        .expect("python3 runs");
    String::from_utf8_lossy(&out.stdout).trim() == "True"
}

/// What the page says of race.py is what it does: the version with a call
/// between read and write loses updates on every CPython; the lock loses
/// none; the plain `counter += 1` loses none on CPython 3.10+ with the GIL.
#[test]
fn the_race_snippet_loses_updates_and_never_counts_too_many() {
    let Some(out) = run("race") else { return };
    let (expected, _, lost) = counted(&out, "unsafe_add");
    assert!(
        lost > 0,
        "a call between read and write loses updates: {out}"
    );
    assert!(lost < expected, "{out}");
    let (_, _, lost) = counted(&out, "locked_add");
    assert_eq!(lost, 0, "{out}");
    let (_, _, lost) = counted(&out, "plain_add");
    if gil_switches_at_calls_only() {
        assert_eq!(lost, 0, "counter += 1 with no call between: {out}");
    }
}

#[test]
fn the_deadlock_snippet_finishes_with_the_fixed_order() {
    let Some(out) = run("deadlock") else { return };
    assert!(out.contains("t1: has both locks"), "{out}");
    assert!(out.contains("t2: has both locks"), "{out}");
}

#[test]
fn the_other_sync_snippets_run_cleanly() {
    for name in ["barrier", "event", "queue", "rlock", "semaphore", "stepper"] {
        run(name);
    }
}
