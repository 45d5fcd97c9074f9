//! The two engines agree: every level's fixed program — which the game's
//! solver proves gives the one-at-a-time result under every schedule — run
//! by the runner on real threads (under each GIL setting) ends with the
//! globals the game's model computes for it, and prints nothing on stderr.
//! The buggy versions must run on the runner too (they may break there:
//! only that they run to an end is checked).

use threadlab::interleave::runner::gil::SwitchPoints;
use threadlab::interleave::runner::host::{NativeHost, Stream};
use threadlab::interleave::runner::{Exit, GilMode, Run, RunOptions};
use threadlab::interleave::{levels, serial_results, Program};

/// The program, then: wait for every other thread, and print each global
/// the game checks as `@@ name repr`.
fn with_epilogue(src: &str, names: &[String]) -> String {
    let mut s = src.to_string();
    s.push_str("\nimport threading as _tl_threading\n");
    s.push_str("for _tl_t in _tl_threading.enumerate():\n");
    s.push_str("    if _tl_t is not _tl_threading.current_thread():\n");
    s.push_str("        _tl_t.join()\n");
    for n in names {
        s.push_str(&format!("print('@@', {n:?}, repr({n}))\n"));
    }
    s
}

fn run(src: &str, switch_points: SwitchPoints) -> (Exit, String, String) {
    let host = NativeHost::new();
    let options = RunOptions {
        gil: GilMode::Gil {
            switch_interval: 0.0005,
            switch_points,
        },
        ..RunOptions::default()
    };
    let r = Run::start(src, options, host.clone()).expect("a level compiles for the runner");
    let report = r.wait();
    (
        report.exit,
        host.text(Stream::Stdout),
        host.text(Stream::Stderr),
    )
}

#[test]
fn fixed_levels_end_with_the_models_one_at_a_time_globals() {
    let mut checked = 0;
    for level in levels() {
        let prog = Program::parse(level.fixed).expect("the fixed level parses for the game");
        let Some(serial) = serial_results(&prog) else {
            continue;
        };
        let Some(first) = serial.iter().next() else {
            continue;
        };
        let names: Vec<String> = first.iter().map(|(n, _)| n.clone()).collect();
        let src = with_epilogue(level.fixed, &names);
        for sp in [SwitchPoints::BackEdges, SwitchPoints::Any] {
            let (exit, out, err) = run(&src, sp);
            assert_eq!(exit, Exit::Finished, "{} ({sp:?}): {err}", level.id);
            assert!(
                err.is_empty(),
                "{} ({sp:?}) wrote to stderr: {err}",
                level.id
            );
            let got: Vec<(String, String)> = out
                .lines()
                .filter_map(|l| l.strip_prefix("@@ "))
                .map(|l| {
                    let (n, v) = l.split_once(' ').expect("name and repr");
                    (n.to_string(), v.to_string())
                })
                .collect();
            assert!(
                serial.contains(&got),
                "{} ({sp:?}): the runner ended with {got:?}; the model's one-at-a-time results are {serial:?}",
                level.id
            );
        }
        checked += 1;
    }
    eprintln!("{checked} fixed levels compared with the model");
    // Most levels have globals to check; a silent skip of all would pass.
    assert!(
        checked >= 12,
        "only {checked} levels had one-at-a-time results"
    );
}

#[test]
fn every_level_program_runs_to_an_end_on_the_runner() {
    for level in levels() {
        let (exit, _, err) = run(level.source, SwitchPoints::BackEdges);
        assert!(
            !matches!(exit, Exit::Cancelled),
            "{}: the run did not end by itself ({err})",
            level.id
        );
    }
}
