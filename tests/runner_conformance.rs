//! Conformance: every program under `tests/python/runner/` runs on the
//! runner (natively, real threads, the GIL) and prints what CPython prints.
//!
//! For each `name.py` the runner's stdout must equal
//! - `python3 name.py`'s stdout (with `TZ=UTC`), when python3 is installed, and
//! - `expected/name.stdout` (recorded from python3), always — so the suite
//!   means something on a machine without python3.
//!
//! A program that fails must fail the same way: the same `File "name.py",
//! line N, in f` lines (frames in the program's own file; CPython's frames
//! inside `threading.py` and the caret lines of 3.11 are dropped), the same
//! `Exception in thread ...:` headers, and the same last line
//! (`ValueError: message`). Logging's lines on stderr are compared too.
//!
//! A program may start with directive comments:
//! - `# conformance: sort-output` — its lines come in an order the threads
//!   choose; both sides are sorted before comparing.
//! - `# conformance: recursion-limit N`, `# conformance: max-heap BYTES` —
//!   run with that limit (python3 is then not asked: the expected files say
//!   what the runner must print, CPython's own words).
//! - `# conformance: runner-only` — only the expected files are compared.
//!
//! When `CI` is set and python3 is missing, the test fails rather than
//! skipping the live comparison. `UPDATE_EXPECTED=1` rewrites the expected
//! files from python3 (never from the runner).

use std::path::{Path, PathBuf};
use std::process::Command;

use threadlab::interleave::runner::host::{NativeHost, Stream};
use threadlab::interleave::runner::{Run, RunOptions};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/runner")
}

#[derive(Default)]
struct Directives {
    sort: bool,
    recursion_limit: Option<u32>,
    max_heap: Option<usize>,
    runner_only: bool,
}

fn directives(src: &str) -> Directives {
    let mut d = Directives::default();
    for line in src.lines().take_while(|l| l.starts_with('#')) {
        let Some(rest) = line.strip_prefix("# conformance:") else {
            continue;
        };
        let mut words = rest.split_whitespace();
        match (words.next(), words.next()) {
            (Some("sort-output"), _) => d.sort = true,
            (Some("runner-only"), _) => d.runner_only = true,
            (Some("recursion-limit"), Some(n)) => d.recursion_limit = n.parse().ok(),
            (Some("max-heap"), Some(n)) => d.max_heap = n.parse().ok(),
            (k, _) => panic!("unknown directive {k:?}"),
        }
    }
    d
}

/// What a run printed.
struct Outcome {
    stdout: String,
    stderr: String,
}

fn run_ours(name: &str, src: &str, d: &Directives) -> Outcome {
    let mut options = RunOptions {
        filename: name.to_string(),
        ..RunOptions::default()
    };
    if let Some(n) = d.recursion_limit {
        options.recursion_limit = n;
    }
    if let Some(n) = d.max_heap {
        options.max_heap_bytes = n;
    }
    let host = NativeHost::new();
    match Run::start(src, options, host.clone()) {
        Ok(run) => {
            run.wait();
            Outcome {
                stdout: host.text(Stream::Stdout),
                stderr: host.text(Stream::Stderr),
            }
        }
        // As CPython reports a syntax error: where, then what.
        Err(e) => Outcome {
            stdout: String::new(),
            stderr: format!("  File \"{name}\", line {}\n{}\n", e.line, e.describe()),
        },
    }
}

fn python3_present() -> bool {
    Command::new("python3").arg("--version").output().is_ok()
}

fn run_python(path: &Path) -> Outcome {
    let out = Command::new("python3")
        .arg(path.file_name().unwrap())
        .current_dir(path.parent().unwrap())
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONIOENCODING", "utf-8")
        // The runner keeps UTC natively (see `threadlab::clock::utc_offset_s`):
        // python3 does too, whatever the machine's zone.
        .env("TZ", "UTC")
        .output()
        .expect("python3 runs");
    Outcome {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The parts of stderr both interpreters must agree on: frames in the
/// program's own file (path cut to the file name), thread headers, log
/// lines and exception lines; not source lines, carets, or frames of the
/// library modules.
fn stderr_summary(stderr: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in stderr.lines() {
        if let Some(rest) = line.strip_prefix("  File \"") {
            let Some((file, tail)) = rest.split_once('"') else {
                continue;
            };
            let base = file.rsplit('/').next().unwrap_or(file);
            if base == name {
                out.push(format!("  File \"{name}\"{tail}"));
            }
            continue;
        }
        if line.starts_with(' ') || line.trim().is_empty() {
            continue;
        }
        out.push(line.to_string());
    }
    out
}

fn normalise(text: &str, sort: bool) -> String {
    if !sort {
        return text.to_string();
    }
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    lines.join("\n")
}

fn programs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("tests/python/runner exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_program_prints_what_cpython_prints() {
    let have_python = python3_present();
    if !have_python {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 is missing and CI is set: the conformance suite needs python3 as its oracle"
        );
        eprintln!("python3 not found: comparing with the recorded outputs only");
    }
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let only = std::env::var("CONFORMANCE_ONLY").ok();
    let expected_dir = dir().join("expected");
    let mut failures = Vec::new();
    let mut count = 0;
    for path in programs() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let stem = name.trim_end_matches(".py").to_string();
        if only.as_deref().is_some_and(|o| !stem.contains(o)) {
            continue;
        }
        count += 1;
        let src = std::fs::read_to_string(&path).unwrap();
        let d = directives(&src);
        let ours = run_ours(&name, &src, &d);
        let our_err = stderr_summary(&ours.stderr, &name);
        let mut problems = Vec::new();

        let live =
            have_python && !d.runner_only && d.recursion_limit.is_none() && d.max_heap.is_none();
        if live {
            let py = run_python(&path);
            if update {
                std::fs::create_dir_all(&expected_dir).unwrap();
                std::fs::write(expected_dir.join(format!("{stem}.stdout")), &py.stdout).unwrap();
                let summary = stderr_summary(&py.stderr, &name).join("\n");
                std::fs::write(expected_dir.join(format!("{stem}.stderr")), summary).unwrap();
            }
            if normalise(&py.stdout, d.sort) != normalise(&ours.stdout, d.sort) {
                problems.push(format!(
                    "stdout differs from python3's\n--- python3\n{}\n--- runner\n{}",
                    py.stdout, ours.stdout
                ));
            }
            let py_err = stderr_summary(&py.stderr, &name);
            if normalise(&py_err.join("\n"), d.sort) != normalise(&our_err.join("\n"), d.sort) {
                problems.push(format!(
                    "stderr differs from python3's\n--- python3\n{}\n--- runner\n{}\n--- runner (full)\n{}",
                    py_err.join("\n"),
                    our_err.join("\n"),
                    ours.stderr
                ));
            }
        }
        match std::fs::read_to_string(expected_dir.join(format!("{stem}.stdout"))) {
            Ok(exp) => {
                if normalise(&exp, d.sort) != normalise(&ours.stdout, d.sort) {
                    problems.push(format!(
                        "stdout differs from expected/{stem}.stdout\n--- expected\n{exp}\n--- runner\n{}",
                        ours.stdout
                    ));
                }
            }
            Err(_) => problems.push(format!("no expected/{stem}.stdout")),
        }
        if let Ok(exp) = std::fs::read_to_string(expected_dir.join(format!("{stem}.stderr"))) {
            // Trimmed on both sides: a last line may end in a space
            // (`RuntimeError: ` before a multi-line message).
            if normalise(exp.trim_end(), d.sort).trim_end()
                != normalise(&our_err.join("\n"), d.sort).trim_end()
            {
                problems.push(format!(
                    "stderr differs from expected/{stem}.stderr\n--- expected\n{exp}\n--- runner\n{}",
                    ours.stderr
                ));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("=== {name}\n{}", problems.join("\n")));
        }
    }
    assert!(count > 0, "no programs ran");
    assert!(
        failures.is_empty(),
        "{} of {count} programs differ:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// `import numpy` and friends are refused before the run, in one sentence
/// that says what to use instead.
#[test]
fn refused_imports_say_why_before_running() {
    for (src, words) in [
        ("import numpy as np\n", "numpy is not available here"),
        ("import requests\n", "there is no network here"),
        (
            "def f():\n    import asyncio\n",
            "asyncio is not supported here",
        ),
        (
            "import subprocess\n",
            "programs cannot start other programs here",
        ),
    ] {
        let host = NativeHost::new();
        let err = match Run::start(src, RunOptions::default(), host) {
            Ok(_) => panic!("{src:?} should be refused"),
            Err(e) => e,
        };
        assert!(err.message.contains(words), "{src:?}: {}", err.message);
        assert!(!err.message.contains('\n'), "one sentence: {}", err.message);
    }
}
