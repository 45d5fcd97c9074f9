//! The runner's GIL, judged on what the runs record: who held it when, and
//! what a racy program prints under each switch-point setting.

use std::sync::Arc;

use threadlab::interleave::runner::gil::SwitchPoints;
use threadlab::interleave::runner::host::{NativeHost, Stream};
use threadlab::interleave::runner::timeline::SpanKind;
use threadlab::interleave::runner::{Exit, GilMode, Run, RunOptions, RunReport};

fn run(src: &str, switch_points: SwitchPoints) -> (String, RunReport) {
    let host = NativeHost::new();
    let options = RunOptions {
        gil: GilMode::Gil {
            switch_interval: 0.005,
            switch_points,
        },
        ..RunOptions::default()
    };
    let r = Run::start(src, options, host.clone()).expect("the program compiles");
    let report = r.wait();
    assert_eq!(
        report.exit,
        Exit::Finished,
        "stderr: {}",
        host.text(Stream::Stderr)
    );
    (host.text(Stream::Stdout), report)
}

/// Two threads add 1 to a shared global many times; the GIL may change
/// hands every 10 µs.
const RACY: &str = "\
import sys, threading
sys.setswitchinterval(1e-5)
counter = 0
def work(n):
    global counter
    for _ in range(n):
        counter += 1
threads = [threading.Thread(target=work, args=(100_000,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter)
";

fn lost(out: &str) -> i64 {
    200_000
        - out
            .trim()
            .parse::<i64>()
            .expect("the program prints a number")
}

#[test]
fn switching_only_at_back_edges_never_splits_counter_plus_equals_one() {
    // CPython >= 3.10 (bpo-29988): no switch between the load and the store.
    for _ in 0..5 {
        let (out, report) = run(RACY, SwitchPoints::BackEdges);
        assert_eq!(lost(&out), 0);
        assert!(
            report.handovers >= 2,
            "the threads took turns: {}",
            report.handovers
        );
    }
}

#[test]
fn switching_between_any_two_instructions_loses_updates() {
    // CPython <= 3.9's behaviour: the same loop loses updates.
    let runs: Vec<i64> = (0..20)
        .map(|_| lost(&run(RACY, SwitchPoints::Any).0))
        .collect();
    assert!(
        runs.iter().all(|&l| l >= 0),
        "never more than the work done: {runs:?}"
    );
    assert!(
        runs.iter().any(|&l| l > 0),
        "some run loses updates: {runs:?}"
    );
}

#[test]
fn a_lock_makes_every_run_exact_even_switching_anywhere() {
    let locked = RACY
        .replace("counter = 0\n", "counter = 0\nlock = threading.Lock()\n")
        .replace(
            "        counter += 1",
            "        with lock:\n            counter += 1",
        );
    for _ in 0..20 {
        assert_eq!(lost(&run(&locked, SwitchPoints::Any).0), 0);
    }
}

/// Running spans of different threads, from one run's lanes.
fn running(report: &RunReport) -> Vec<(u32, f64, f64)> {
    let mut v: Vec<(u32, f64, f64)> = report
        .lanes
        .iter()
        .flat_map(|l| {
            l.spans
                .iter()
                .filter(|s| s.kind == SpanKind::Running)
                .map(move |s| (l.thread, s.start_ms, s.end_ms))
        })
        .collect();
    v.sort_by(|a, b| a.1.total_cmp(&b.1));
    v
}

#[test]
fn never_two_holders_and_cpu_bound_threads_take_turns() {
    // Each thread spins for 0.15 s of wall time from its first turn, not a
    // fixed count: a fixed count took ~8 ms a thread, then ~4.5 ms once the
    // interpreter got faster (superinstructions), less than one 5 ms switch
    // interval, and a thread could finish in one turn.
    let src = "\
import threading, time
def spin(seconds):
    t0 = time.perf_counter()
    total = 0
    while time.perf_counter() - t0 < seconds:
        total += 1
    return total
threads = [threading.Thread(target=spin, args=(0.15,)) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print('done')
";
    let (out, report) = run(src, SwitchPoints::BackEdges);
    assert_eq!(out, "done\n");
    let spans = running(&report);
    for w in spans.windows(2) {
        assert!(
            w[1].1 >= w[0].2,
            "thread {} ran from {} while thread {} held the GIL until {}",
            w[1].0,
            w[1].1,
            w[0].0,
            w[0].2
        );
    }
    // Each worker held the GIL more than once: the others asked for it.
    for t in 1..=3 {
        let turns = spans.iter().filter(|s| s.0 == t).count();
        assert!(turns >= 2, "thread {t} ran in {turns} turn(s): {spans:?}");
    }
}

#[test]
fn sleeping_threads_release_the_gil_and_overlap() {
    let src = "\
import threading, time
def nap():
    time.sleep(0.2)
start = time.perf_counter()
threads = [threading.Thread(target=nap) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print('ok')
";
    let (out, report) = run(src, SwitchPoints::BackEdges);
    assert_eq!(out, "ok\n");
    // Behaviour, not speed: all four sleeps were under way at one moment.
    let sleeps: Vec<(f64, f64)> = report
        .lanes
        .iter()
        .flat_map(|l| {
            l.spans
                .iter()
                .filter(|s| s.kind == SpanKind::Sleeping)
                .map(|s| (s.start_ms, s.end_ms))
        })
        .collect();
    assert_eq!(sleeps.len(), 4);
    let latest_start = sleeps.iter().map(|s| s.0).fold(f64::MIN, f64::max);
    let earliest_end = sleeps.iter().map(|s| s.1).fold(f64::MAX, f64::min);
    assert!(
        latest_start < earliest_end,
        "the sleeps overlapped: {sleeps:?}"
    );
}

#[test]
fn cancel_stops_a_busy_loop_in_every_thread() {
    let src = "\
import threading
def forever():
    while True:
        pass
for _ in range(3):
    threading.Thread(target=forever).start()
while True:
    pass
";
    let host = NativeHost::new();
    let r = Run::start(src, RunOptions::default(), host).expect("compiles");
    std::thread::sleep(std::time::Duration::from_millis(100));
    r.cancel();
    let report = r.wait();
    assert_eq!(report.exit, Exit::Cancelled);
    // Every lane was closed: each thread saw the cancel and stopped.
    assert_eq!(report.lanes.len(), 4);
    let _ = Arc::new(());
}

#[test]
fn threads_that_wait_for_each_other_for_ever_are_reported_as_a_deadlock() {
    let src = "\
import threading, time
a = threading.Lock()
b = threading.Lock()
def one():
    with a:
        time.sleep(0.05)
        with b:
            pass
def two():
    with b:
        time.sleep(0.05)
        with a:
            pass
t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start(); t2.start()
t1.join(); t2.join()
";
    let host = NativeHost::new();
    let r = Run::start(src, RunOptions::default(), host.clone()).expect("compiles");
    let report = r.wait();
    let Exit::Deadlock { edges } = report.exit else {
        panic!("expected a deadlock, got {:?}", report.exit);
    };
    let waits: Vec<(String, Option<String>)> = edges
        .iter()
        .map(|e| (e.thread.clone(), e.on.clone()))
        .collect();
    assert!(
        waits.contains(&("Thread-1 (one)".into(), Some("Thread-2 (two)".into()))),
        "{waits:?}"
    );
    assert!(
        waits.contains(&("Thread-2 (two)".into(), Some("Thread-1 (one)".into()))),
        "{waits:?}"
    );
    assert!(host.text(Stream::Stderr).contains("deadlock"));
}

/// The spans of `kind`, per thread: (thread, start, end).
fn spans_of(report: &RunReport, kind: SpanKind) -> Vec<(u32, f64, f64)> {
    report
        .lanes
        .iter()
        .flat_map(|l| {
            l.spans
                .iter()
                .filter(|s| s.kind == kind)
                .map(move |s| (l.thread, s.start_ms, s.end_ms))
        })
        .collect()
}

#[test]
fn hashing_large_buffers_releases_the_gil_and_threads_overlap() {
    // CPython's hashlib lets go of the GIL for 2048 bytes or more: threads
    // hashing large buffers hash at the same time. Short updates hold it.
    // Updates of 1 MB (a few ms each): far longer than a hand-over of the
    // GIL, so the threads' hashing overlaps even on a busy host (64 KB
    // updates, 0.04 ms each, ran one after another under load).
    let src = "\
import hashlib, threading
data = bytes(range(256)) * 4096 * 4
def work():
    h = hashlib.sha256()
    for i in range(0, len(data), 1 << 20):
        h.update(data[i:i + (1 << 20)])
    for _ in range(50):
        hashlib.sha256(b'short').digest()
    return h.hexdigest()
threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(work() == hashlib.sha256(data).hexdigest())
";
    // Whether two threads hash at once also depends on the host giving
    // both a CPU: up to three runs, every one checked for the rest.
    let mut overlapped = Vec::new();
    for _ in 0..3 {
        let (out, report) = run(src, SwitchPoints::BackEdges);
        assert_eq!(out, "True\n");
        let native = spans_of(&report, SpanKind::Native);
        // 4 large updates per worker, 4 + 1 on the main thread; none for
        // the short ones.
        assert_eq!(native.len(), 4 * 4 + 5, "{native:?}");
        assert!(native
            .iter()
            .all(|s| report.lanes.iter().any(|l| l.thread == s.0)));
        // The GIL itself still never had two holders.
        let held = running(&report);
        for w in held.windows(2) {
            assert!(w[1].1 >= w[0].2, "two holders: {:?} {:?}", w[0], w[1]);
        }
        let overlap = native
            .iter()
            .any(|a| native.iter().any(|b| a.0 != b.0 && a.1 < b.2 && b.1 < a.2));
        if overlap {
            return;
        }
        overlapped.push(native);
    }
    panic!("no two threads hashed at once in three runs: {overlapped:?}");
}
