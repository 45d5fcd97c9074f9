//! The runner's processes (`multiprocessing`, `ProcessPoolExecutor`),
//! judged on what a run prints and reports: copies not shared objects,
//! Cancel stopping every process, a child out of memory breaking its pool,
//! the deadlock check across processes, the start methods, the timeline.

use std::sync::Arc;
use std::time::{Duration, Instant};

use threadlab::interleave::runner::host::{NativeHost, Stream};
use threadlab::interleave::runner::process::StartMethod;
use threadlab::interleave::runner::timeline::SpanKind;
use threadlab::interleave::runner::{Exit, Run, RunOptions, RunReport};

fn start(src: &str, options: RunOptions) -> (Arc<Run>, Arc<NativeHost>) {
    let host = NativeHost::new();
    let run = Run::start(src, options, host.clone()).expect("the program compiles");
    (run, host)
}

fn run_with(src: &str, options: RunOptions) -> (String, String, RunReport) {
    let (run, host) = start(src, options);
    let report = run.wait();
    (host.text(Stream::Stdout), host.text(Stream::Stderr), report)
}

fn run(src: &str) -> (String, String, RunReport) {
    run_with(src, RunOptions::default())
}

fn with_method(m: StartMethod) -> RunOptions {
    RunOptions {
        start_method: m,
        ..RunOptions::default()
    }
}

/// Waits (bounded) until the run has printed `text`.
fn wait_for_output(host: &NativeHost, text: &str) {
    let t0 = Instant::now();
    while !host.text(Stream::Stdout).contains(text) {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "never printed {text:?}; stderr: {}",
            host.text(Stream::Stderr)
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_child_changes_its_copy_and_the_parent_keeps_its_own() {
    let src = "\
import multiprocessing as mp
box = {'n': 1}
items = [1, 2]
def change(lst, q):
    box['n'] = 100
    lst.append(3)
    q.put((box['n'], lst))
if __name__ == '__main__':
    for method in ('fork', 'spawn'):
        ctx = mp.get_context(method)
        q = ctx.Queue()
        p = ctx.Process(target=change, args=(items, q))
        p.start()
        print(method, q.get(), box, items)
        p.join()
";
    for m in [StartMethod::Fork, StartMethod::Spawn] {
        let (out, err, report) = run_with(src, with_method(m));
        assert_eq!(report.exit, Exit::Finished, "{err}");
        assert_eq!(
            out,
            "fork (100, [1, 2, 3]) {'n': 1} [1, 2]\nspawn (100, [1, 2, 3]) {'n': 1} [1, 2]\n"
        );
    }
}

#[test]
fn shared_references_in_one_message_stay_shared() {
    let src = "\
import multiprocessing as mp
def check(pair, q):
    pair[0].append('x')
    q.put((pair[0] is pair[1], pair[1], pair))
if __name__ == '__main__':
    ctx = mp.get_context('spawn')
    shared = []
    q = ctx.Queue()
    p = ctx.Process(target=check, args=((shared, shared), q))
    p.start()
    same, second, pair = q.get()
    p.join()
    print(same, second, pair[0] is pair[1], shared)
";
    let (out, err, _) = run(src);
    assert_eq!(out, "True ['x'] True []\n", "{err}");
}

#[test]
fn cancel_stops_every_process_and_thread() {
    let src = "\
import multiprocessing as mp
import threading
def spin():
    n = 0
    while True:
        n += 1
def spin_with_threads():
    for _ in range(2):
        threading.Thread(target=spin).start()
    spin()
if __name__ == '__main__':
    pool = mp.Pool(2)
    pool.apply_async(spin)
    p = mp.Process(target=spin_with_threads)
    p.start()
    print('started', flush=True)
    p.join()
";
    let (run, host) = start(src, RunOptions::default());
    wait_for_output(&host, "started");
    // Let the children get going (the pool's worker takes the task).
    std::thread::sleep(Duration::from_millis(200));
    let family = run.interp.procs.family.clone();
    assert!(
        family.alive_threads() >= 5,
        "parent, pool workers and the child's threads run: {}",
        family.alive_threads()
    );
    run.cancel();
    let report = run.wait();
    assert_eq!(report.exit, Exit::Cancelled);
    assert_eq!(family.alive_threads(), 0, "nothing is left running");
    assert!(
        family.members().iter().all(|i| i.registry.alive() == 0),
        "every process has stopped"
    );
}

#[test]
fn a_child_out_of_memory_breaks_the_process_pool_and_the_run_goes_on() {
    let src = "\
from concurrent.futures import ProcessPoolExecutor
def hog(n):
    rows = []
    while True:
        rows.append([0] * n)
def small(n):
    return n + 1
if __name__ == '__main__':
    ex = ProcessPoolExecutor(max_workers=2)
    print(ex.submit(small, 1).result())
    f = ex.submit(hog, 1000)
    try:
        f.result()
    except Exception as e:
        print(type(e).__module__, type(e).__name__, e)
    try:
        ex.submit(small, 2)
    except Exception as e:
        print(type(e).__name__, e)
    print('the parent goes on', sum([1] * 1000))
";
    let options = RunOptions {
        max_heap_bytes: 4 << 20,
        ..RunOptions::default()
    };
    let (out, err, report) = run_with(src, options);
    assert_eq!(report.exit, Exit::Finished, "{err}");
    assert_eq!(
        out,
        "2\n\
         concurrent.futures.process BrokenProcessPool A process in the process pool was terminated abruptly while the future was running or pending.\n\
         BrokenProcessPool A child process terminated abruptly, the process pool is not usable anymore\n\
         the parent goes on 1000\n"
    );
    assert!(err.contains("MemoryError"), "the child says why: {err}");
    assert!(err.contains("Process ForkProcess-"), "{err}");
}

#[test]
fn a_parent_waiting_on_a_running_child_is_not_a_deadlock() {
    // The parent blocks (join, queue get) with no timeout while the child
    // computes for a while: every thread of the parent waits for ever, but
    // the child can still run, so this is not a deadlock.
    let src = "\
import multiprocessing as mp
def slow(q):
    total = 0
    for i in range(1500000):
        total += i % 7
    q.put(total)
if __name__ == '__main__':
    q = mp.Queue()
    p = mp.Process(target=slow, args=(q,))
    p.start()
    print(q.get())
    p.join()
    print(p.exitcode)
";
    let (out, err, report) = run(src);
    assert_eq!(report.exit, Exit::Finished, "{err}");
    assert_eq!(out, "4499995\n0\n");
}

#[test]
fn a_deadlock_across_processes_is_found() {
    // Parent and child each wait for a message the other never sends.
    let src = "\
import multiprocessing as mp
def child(inbox, outbox):
    inbox.get()
    outbox.put('never')
if __name__ == '__main__':
    a, b = mp.Queue(), mp.Queue()
    p = mp.Process(target=child, args=(a, b))
    p.start()
    b.get()
";
    let (_, err, report) = run(src);
    let Exit::Deadlock { edges } = &report.exit else {
        panic!("a deadlock, not {:?}: {err}", report.exit);
    };
    assert!(
        edges.iter().any(|e| e.thread.starts_with("Process-1 (pid")),
        "the child's wait is named: {edges:?}"
    );
}

#[test]
fn an_unpicklable_argument_fails_in_the_parent_before_the_child_starts() {
    let src = "\
import multiprocessing as mp
import threading
def use(lock):
    print('child ran')
if __name__ == '__main__':
    ctx = mp.get_context('spawn')
    p = ctx.Process(target=use, args=(threading.Lock(),))
    try:
        p.start()
    except TypeError as e:
        print('TypeError:', e)
    print(p.pid, mp.active_children())
";
    let (out, err, report) = run(src);
    assert_eq!(report.exit, Exit::Finished, "{err}");
    assert_eq!(
        out,
        "TypeError: cannot pickle '_thread.lock' object\nNone []\n"
    );
    assert!(
        !report.lanes.iter().any(|l| l.process.is_some()),
        "no child ran"
    );
}

/// Without the `if __name__ == "__main__":` guard.
const UNGUARDED: &str = "\
from multiprocessing import Pool
def double(x):
    return 2 * x
print('top level of', __name__, flush=True)
with Pool(2) as pool:
    print(pool.map(double, [1, 2, 3]))
";

#[test]
fn an_unguarded_program_works_under_fork_and_fails_under_spawn_and_forkserver() {
    let (out, err, report) = run_with(UNGUARDED, with_method(StartMethod::Fork));
    assert_eq!(report.exit, Exit::Finished, "{err}");
    assert_eq!(out, "top level of __main__\n[2, 4, 6]\n");

    // forkserver's children start clean and import the file again, as
    // spawn's do (CPython on Linux).
    for m in [StartMethod::Spawn, StartMethod::Forkserver] {
        let (out, err, report) = run_with(UNGUARDED, with_method(m));
        assert!(
            out.starts_with("top level of __main__\n")
                && out.contains("top level of __mp_main__\n"),
            "{m:?}: each child runs the file again: {out}"
        );
        assert!(
            err.contains("current process has finished its bootstrapping phase"),
            "{m:?}: CPython's RuntimeError in the child: {err}"
        );
        assert!(
            matches!(report.exit, Exit::Exception { .. }),
            "{m:?}: the parent's pool fails instead of waiting for ever: {:?}",
            report.exit
        );
    }
}

#[test]
fn a_manager_list_changed_by_children_changes_in_the_parent() {
    let src = "\
import multiprocessing as mp
def add(shared, plain, n):
    shared.append(n)
    plain.append(n)
if __name__ == '__main__':
    plain = []
    with mp.Manager() as m:
        shared = m.list()
        ps = [mp.Process(target=add, args=(shared, plain, n)) for n in range(3)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        print(sorted(shared), plain, mp.get_start_method())
    print(mp.active_children())
";
    for m in [
        StartMethod::Fork,
        StartMethod::Spawn,
        StartMethod::Forkserver,
    ] {
        let (out, err, report) = run_with(src, with_method(m));
        assert_eq!(report.exit, Exit::Finished, "{m:?}: {err}");
        assert_eq!(out, format!("[0, 1, 2] [] {}\n[]\n", m.name()), "{m:?}");
    }
}

#[test]
fn each_process_has_its_own_pid_and_knows_its_parent() {
    let src = "\
import multiprocessing as mp
import os
def ids(_):
    import time
    time.sleep(0.05)
    return (os.getpid(), os.getppid())
if __name__ == '__main__':
    with mp.Pool(2) as pool:
        got = pool.map(ids, range(4), chunksize=1)
    pids = {p for p, _ in got}
    print(len(pids), os.getpid() in pids, {pp for _, pp in got} == {os.getpid()})
";
    let (out, err, _) = run(src);
    assert_eq!(out, "2 False True\n", "{err}");
}

#[test]
fn the_timeline_has_a_lane_per_process_thread_with_start_up_and_transfers() {
    let src = "\
import multiprocessing as mp
def work(q):
    q.put(list(range(20000)))
if __name__ == '__main__':
    for method in ('fork', 'spawn'):
        q = mp.get_context(method).Queue()
        p = mp.get_context(method).Process(target=work, args=(q,))
        p.start()
        print(len(q.get()))
        p.join()
";
    let (out, err, report) = run(src);
    assert_eq!(out, "20000\n20000\n", "{err}");
    let child: Vec<_> = report
        .lanes
        .iter()
        .filter(|l| l.process.is_some())
        .collect();
    assert_eq!(child.len(), 2, "one main thread per child");
    assert_eq!(report.threads, 3, "the main thread and the children's");
    assert!(child[0]
        .name
        .starts_with("Process-1 (pid 4243) / MainThread"));
    assert!(child[1]
        .name
        .starts_with("Process-2 (pid 4244) / MainThread"));
    let kinds = |l: &threadlab::interleave::runner::timeline::Lane, k: SpanKind, w: &str| {
        l.spans
            .iter()
            .any(|s| s.kind == k && s.what.as_deref().is_some_and(|x| x.starts_with(w)))
    };
    let main = &report.lanes[0];
    assert!(
        kinds(main, SpanKind::Startup, "fork: copy"),
        "the fork's copy"
    );
    assert!(
        kinds(main, SpanKind::Transfer, "pickle Process"),
        "spawn pickles the Process"
    );
    assert!(kinds(
        child[1],
        SpanKind::Startup,
        "spawn: run the main module"
    ));
    assert!(
        kinds(child[0], SpanKind::Transfer, "pickle ("),
        "the result's encoding"
    );
    assert!(
        kinds(main, SpanKind::Transfer, "unpickle ("),
        "and its decoding"
    );
}
