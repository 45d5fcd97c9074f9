//! The Compare button's harness (runner/compare_harness.rs): which of a
//! pasted program's functions it offers, what of the program it keeps, and
//! the programs it builds, run natively in each of the table's four
//! settings — including the example the page ships for it
//! (www/demos/python/examples.js, id "compare").

use threadlab::interleave::runner::compare_harness::{
    harness, task_functions, HarnessRequest, Setting, MARKER,
};
use threadlab::interleave::runner::host::{NativeHost, Stream};
use threadlab::interleave::runner::timeline::SpanKind;
use threadlab::interleave::runner::{Exit, GilMode, Run, RunOptions, RunReport};

const PROGRAM: &str = r#""""A pasted tutorial: definitions, then its own timing code."""
import time
from functools import lru_cache

SIZE = 20_000


def square_sum(n):
    return sum(i * i for i in range(n))


def download(url, timeout=2):
    time.sleep(0.05)
    return len(url)


def no_args():
    return 1


def two_args(a, b):
    return a + b


def shout(word):
    if word == "boom":
        raise ValueError(f"cannot shout {word!r}")
    return word.upper()


@lru_cache(maxsize=None)
def cached(n):
    return n * 2


class Shop:
    def price(self, item):
        return 3


print("the program's own output")
start = time.perf_counter(); print("timing")
for n in [SIZE] * 3:
    square_sum(n)
if __name__ == "__main__":
    print("main block")
"#;

fn request(function: &str, inputs: &str, setting: Setting) -> HarnessRequest {
    HarnessRequest {
        source: PROGRAM.into(),
        function: function.into(),
        inputs: inputs.into(),
        setting,
        workers: 4,
    }
}

fn run(src: &str, gil: GilMode) -> (Exit, String, String, RunReport) {
    let host = NativeHost::new();
    let options = RunOptions {
        gil,
        ..RunOptions::default()
    };
    let report = Run::start(src, options, host.clone())
        .expect("the harness compiles")
        .wait();
    (
        report.exit.clone(),
        host.text(Stream::Stdout),
        host.text(Stream::Stderr),
        report,
    )
}

fn gil() -> GilMode {
    RunOptions::default().gil
}

/// The harness line's numbers: start and end (s), calls.
fn result_line(stdout: &str) -> (f64, f64, u64) {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix(MARKER))
        .unwrap_or_else(|| panic!("no {MARKER} line in {stdout:?}"));
    let f: Vec<&str> = line.split_whitespace().collect();
    (
        f[0].parse().unwrap(),
        f[1].parse().unwrap(),
        f[2].parse().unwrap(),
    )
}

#[test]
fn the_functions_offered_are_top_level_and_take_one_argument() {
    let fs = task_functions(PROGRAM).expect("parses");
    let names: Vec<&str> = fs.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["square_sum", "download", "shout", "cached"]);
    let sleeps: Vec<bool> = fs.iter().map(|f| f.sleeps).collect();
    assert_eq!(sleeps, [false, true, false, false]);
    assert_eq!(fs[1].params, ["url", "timeout"]);
    assert_eq!(fs[0].line, 8);
    let err = task_functions("def f(:\n").expect_err("a syntax error");
    assert_eq!(err.line, 1);
}

#[test]
fn only_definitions_run_and_line_numbers_stay_the_programs_own() {
    let h = harness(&request("shout", "['a', 'boom']", Setting::Sequential)).expect("builds");
    // The print, the `start = ...; print(...)` line (a line goes whole), the
    // loop and the main block: one stretch.
    assert_eq!(h.skipped, vec![(41, 46)]);
    let kept: Vec<&str> = h.source.lines().take(46).collect();
    assert!(kept[40..].iter().all(|l| l.is_empty()), "{:?}", &kept[40..]);
    assert_eq!(kept[24], "def shout(word):");
    assert_eq!(kept[30], "@lru_cache(maxsize=None)");
    let (exit, stdout, stderr, _) = run(&h.source, gil());
    assert!(!stdout.contains("the program's own output") && !stdout.contains("main block"));
    // shout raised at its own line, 27, and the traceback says so.
    assert_eq!(
        exit,
        Exit::Exception {
            name: "ValueError".into(),
            message: "cannot shout 'boom'".into(),
            line: 27
        }
    );
    assert!(
        stderr.contains("line 27, in shout"),
        "the traceback names the program's line: {stderr}"
    );
}

#[test]
fn each_setting_calls_the_function_once_per_input() {
    for (setting, mode) in [
        (Setting::Sequential, gil()),
        (Setting::Threads, gil()),
        (Setting::Threads, GilMode::FreeThreaded),
        (Setting::Processes, gil()),
    ] {
        let h =
            harness(&request("download", "[f'u{i}' for i in range(6)]", setting)).expect("builds");
        let (exit, stdout, stderr, report) = run(&h.source, mode);
        assert_eq!(exit, Exit::Finished, "{setting:?} {mode:?}: {stderr}");
        let (start, end, calls) = result_line(&stdout);
        assert_eq!(calls, 6, "{setting:?}");
        assert!(start > 0.0 && end > start, "{start} {end}");
        // The harness's times are the timeline's clock: the calls lie
        // within the run.
        assert!(end * 1000.0 <= report.wall_ms + 1.0);
        let sleeps = report
            .lanes
            .iter()
            .flat_map(|l| &l.spans)
            .filter(|s| s.kind == SpanKind::Sleeping)
            .count();
        assert_eq!(sleeps, 6, "{setting:?} {mode:?}: one sleep per call");
        if setting == Setting::Processes {
            assert!(
                report.lanes.iter().any(|l| l.process.is_some()),
                "the calls ran in child processes"
            );
        }
    }
}

#[test]
fn bad_requests_name_their_field() {
    let field = |r: HarnessRequest| harness(&r).expect_err("refused").field;
    assert_eq!(
        field(request("no_args", "[1]", Setting::Threads)),
        "function"
    );
    assert_eq!(
        field(request("two_args", "[1]", Setting::Threads)),
        "function"
    );
    assert_eq!(field(request("price", "[1]", Setting::Threads)), "function");
    assert_eq!(field(request("shout", "", Setting::Threads)), "inputs");
    assert_eq!(field(request("shout", "[1,", Setting::Threads)), "inputs");
    assert_eq!(
        field(request("shout", "[1]\nprint(2)", Setting::Threads)),
        "inputs"
    );
    let mut r = request("shout", "[1]", Setting::Threads);
    r.workers = 0;
    assert_eq!(field(r), "workers");
    let mut r = request("shout", "[1]", Setting::Threads);
    r.source = "def shout(x):\nreturn x\n".into();
    let e = harness(&r).expect_err("a syntax error");
    assert_eq!((e.field, e.line), ("source", 2));
}

#[test]
fn inputs_may_name_the_programs_own_values() {
    let h = harness(&request("square_sum", "[SIZE // 10] * 2", Setting::Threads)).expect("builds");
    let (exit, stdout, _, _) = run(&h.source, gil());
    assert_eq!(exit, Exit::Finished);
    assert_eq!(result_line(&stdout).2, 2);
}

/// The example's program, as the page ships it.
fn example_source() -> String {
    let js = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/demos/python/examples.js"),
    )
    .expect("examples.js");
    // Either quote: the page's code is formatted by Prettier (single quotes).
    let at = js
        .find("id: 'compare'")
        .or_else(|| js.find("id: \"compare\""))
        .expect("an example with id compare");
    let from = at + js[at..].find("String.raw`").expect("its source") + "String.raw`".len();
    let to = from + js[from..].find('`').expect("the source's end");
    js[from..to].to_string()
}

#[test]
fn the_shipped_example_runs_in_all_four_settings() {
    let src = example_source();
    let fs = task_functions(&src).expect("the example parses");
    let cpu = fs.iter().find(|f| !f.sleeps).expect("a CPU-bound function");
    let io = fs.iter().find(|f| f.sleeps).expect("an I/O-bound function");
    for (function, inputs) in [(&cpu.name, "[20_000] * 2"), (&io.name, "range(3)")] {
        for (setting, mode) in [
            (Setting::Sequential, gil()),
            (Setting::Threads, gil()),
            (Setting::Threads, GilMode::FreeThreaded),
            (Setting::Processes, gil()),
        ] {
            let h = harness(&HarnessRequest {
                source: src.clone(),
                function: function.clone(),
                inputs: inputs.into(),
                setting,
                workers: 2,
            })
            .expect("builds");
            let (exit, stdout, stderr, _) = run(&h.source, mode);
            assert_eq!(exit, Exit::Finished, "{function} {setting:?}: {stderr}");
            assert!(result_line(&stdout).2 >= 2);
        }
    }
}
