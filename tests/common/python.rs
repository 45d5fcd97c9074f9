//! Whether `python3` (3.8 or newer) is here for the tests that compare with
//! CPython. Without it those tests skip with a note — except under CI (the
//! `CI` variable set, as CI services and `CI=1 ./dev.sh test` do), where a
//! missing python3 is a failure: a note cargo hides must not turn a whole
//! comparison green. `./dev.sh test` installs Debian's `python3`.
//! Included by test files with `#[path]`.

/// `Some("python3")`, or `None` after a note (panics under CI).
pub fn python3(what: &str) -> Option<&'static str> {
    let ok = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)",
        ])
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return Some("python3");
    }
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "python3 (3.8+) not found, and CI is set: {what} must run here (apt-get install python3)"
    );
    eprintln!("note: python3 not found: {what} was skipped (set CI=1 to make this a failure)");
    None
}
