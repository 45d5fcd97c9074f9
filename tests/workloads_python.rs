//! Each workload's Python program (src/workloads/python/*.py, the text the
//! page shows) prints the same value as threadlab's Rust at a small n.
//!
//! Runs `python3 <file> <n>` and compares the last line it prints with the
//! answer's `value`: exactly, except for sqrt(i)·sin(i), whose float sum is
//! added in a different order (and with a different sine) and must agree to a
//! relative 1e-9 — the tolerance the README states. Skipped, with a note,
//! where there is no `python3`.

use std::path::Path;
use std::process::Command;

use threadlab::control::Control;
use threadlab::workloads::{self, Mode};

#[path = "common/python.rs"]
mod python;

fn python_prints(file: &str, n: u64) -> Option<String> {
    python::python3(&format!("the check of {file}"))?;
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/workloads/python")
        .join(file);
    let out = Command::new("python3")
        .arg(&path)
        .arg(n.to_string())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{file} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    Some(text.lines().last().unwrap_or_default().to_string())
}

fn rust_value(id: &str, n: u64) -> String {
    workloads::check_size(id, n).expect("a valid size");
    workloads::run(id, n, Mode::Sequential, &Control::new(), &mut |_, _| {})
        .expect("runs")
        .answer
        .value
}

fn same(id: &str, file: &str, n: u64) {
    if let Some(python) = python_prints(file, n) {
        assert_eq!(python, rust_value(id, n), "{file} at n = {n}");
    }
}

#[test]
fn every_workload_has_its_python_file_shown_on_the_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/workloads/python");
    for info in workloads::catalogue() {
        let file = root.join(format!("{}.py", info.id.replace('-', "_")));
        let text = std::fs::read_to_string(&file).expect("one .py file per workload");
        assert_eq!(info.python, text, "{}", info.id);
    }
}

#[test]
fn sum_of_squares() {
    same("sum-of-squares", "sum_of_squares.py", 100_003);
}

#[test]
fn counting_loop() {
    same("counting-loop", "counting_loop.py", 200_001);
}

#[test]
fn mandelbrot() {
    same("mandelbrot", "mandelbrot.py", 61);
}

#[test]
fn prime_count() {
    same("prime-count", "prime_count.py", 50_000);
}

#[test]
fn monte_carlo_pi() {
    // Same seeded streams, same blocks: the same hits, exactly.
    same("monte-carlo-pi", "monte_carlo_pi.py", 100_000);
}

#[test]
fn matrix_multiply() {
    same("matrix-multiply", "matrix_multiply.py", 37);
}

#[test]
fn image_blur() {
    same("image-blur", "image_blur.py", 60);
}

#[test]
fn array_sum_of_squares() {
    same("array-sum-of-squares", "array_sum_of_squares.py", 50_000);
}

#[test]
fn sqrt_sin_within_the_stated_tolerance() {
    let n = 300_000;
    if let Some(python) = python_prints("sqrt_sin.py", n) {
        let python: f64 = python.parse().expect("a float");
        let rust: f64 = rust_value("sqrt-sin", n).parse().expect("a float");
        let relative = ((python - rust) / rust).abs();
        assert!(relative <= 1e-9, "python {python} vs threadlab {rust}");
    }
}
