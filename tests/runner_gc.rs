//! The cycle collector (runner/gc.rs), and the closing of generators
//! dropped while suspended (runner/finalize.rs), judged on what programs
//! print.
//!
//! Objects that refer to each other are freed by reference counting only
//! with a collector's help. Without it a program that builds and drops
//! cycles ends in `MemoryError` where CPython prints its answer; with a
//! wrong one, a structure the program can still reach loses its contents.
//! Both are checked here under every setting of the GIL, and with threads
//! that make, keep, drop, block and collect at the same time.

use std::sync::mpsc;
use std::time::Duration;

use threadlab::interleave::runner::gil::SwitchPoints;
use threadlab::interleave::runner::host::{NativeHost, Stream};
use threadlab::interleave::runner::{Exit, GilMode, Run, RunOptions};

fn modes() -> [(&'static str, GilMode); 3] {
    [
        (
            "GIL",
            GilMode::Gil {
                switch_interval: 0.005,
                switch_points: SwitchPoints::BackEdges,
            },
        ),
        (
            "GIL, any instruction",
            GilMode::Gil {
                switch_interval: 0.0005,
                switch_points: SwitchPoints::Any,
            },
        ),
        ("free-threaded", GilMode::FreeThreaded),
    ]
}

/// Runs `src` under `gil`: its exit, stdout and stderr. Fails instead of
/// hanging past a minute (a collector that emptied a lock's or a queue's
/// state would leave a thread waiting for ever).
fn run(src: &str, gil: GilMode) -> (Exit, String, String) {
    let (tx, rx) = mpsc::channel();
    let src = src.to_string();
    std::thread::spawn(move || {
        let host = NativeHost::new();
        let options = RunOptions {
            gil,
            ..RunOptions::default()
        };
        let report = Run::start(&src, options, host.clone())
            .expect("the program compiles")
            .wait();
        let _ = tx.send((
            report.exit,
            host.text(Stream::Stdout),
            host.text(Stream::Stderr),
        ));
    });
    rx.recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("the run did not end within a minute ({gil:?})"))
}

/// Three threads each make 2,500 two-node cycles holding 32 KB each and
/// drop them: ~240 MB if nothing came back, against a 256 MB heap limit
/// that the main thread's own 160 MB of live lists leave no room for.
const DROPPED_CYCLES: &str = r#"
import threading
SWITCH
live = [[0] * 2000 for _ in range(5000)]

class Node:
    pass

def churn(n):
    for i in range(n):
        a = Node()
        b = Node()
        a.other = b
        b.other = a
        a.payload = [i] * 2000

threads = [threading.Thread(target=churn, args=(2500,)) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done", len(live))
"#;

#[test]
fn dropped_cycles_come_back_in_every_mode() {
    for (name, gil) in modes() {
        let (exit, out, err) = run(&DROPPED_CYCLES.replace("SWITCH", ""), gil);
        assert_eq!(exit, Exit::Finished, "{name}: {err}");
        assert_eq!(out, "done 5000\n", "{name}");
    }
}

#[test]
fn without_the_collector_the_same_program_runs_out_of_memory() {
    // The check that the test above measures the collector: switched off,
    // the dropped cycles fill the heap.
    let src = DROPPED_CYCLES.replace("SWITCH", "import gc\ngc.disable()");
    let (_, out, err) = run(&src, modes()[0].1);
    assert!(err.contains("MemoryError"), "stdout: {out}\nstderr: {err}");
}

/// Four threads build rings; each keeps every third in a shared list
/// (under a lock) and every fifth in a local list, drops the rest, and
/// collects now and then, while a fifth thread waits on a queue and a
/// sixth sleeps with a ring in its frame. Every kept ring must still walk.
const KEPT_RINGS: &str = r#"
import gc
import queue
import threading
import time

class Node:
    def __init__(self, tag):
        self.tag = tag
        self.next = None
        self.me = self.check

    def check(self):
        return self.tag

def ring(tag, size=4):
    nodes = [Node(tag) for _ in range(size)]
    for a, b in zip(nodes, nodes[1:] + nodes[:1]):
        a.next = b
    return nodes[0]

def length(r):
    n, node = 1, r.next
    while node is not r:
        assert node.me() == r.tag
        n, node = n + 1, node.next
    return n

shared = []
guard = threading.Lock()
mine = {}

def builder(k):
    kept = []
    for i in range(3000):
        r = ring((k, i))
        if i % 3 == 0:
            with guard:
                shared.append(r)
        if i % 5 == 0:
            kept.append(r)
        if i % 500 == 0:
            gc.collect()
    mine[k] = sum(length(r) for r in kept)

inbox = queue.Queue()

def waiter():
    r = inbox.get()
    mine["waiter"] = length(r)

def sleeper():
    r = ring("sleeper", 7)
    time.sleep(0.2)
    mine["sleeper"] = length(r)

others = [threading.Thread(target=waiter), threading.Thread(target=sleeper)]
builders = [threading.Thread(target=builder, args=(k,)) for k in range(4)]
for t in others + builders:
    t.start()
for t in builders:
    t.join()
inbox.put(ring("mail", 5))
for t in others:
    t.join()
gc.collect()
print(len(shared), sum(length(r) for r in shared))
print(sorted(mine.items(), key=str))
"#;

#[test]
fn collections_keep_every_ring_a_thread_can_reach() {
    // 1,000 of each builder's 3,000 rings shared, 600 kept, 4 nodes each.
    let expected = "4000 16000\n\
        [('sleeper', 7), ('waiter', 5), (0, 2400), (1, 2400), (2, 2400), (3, 2400)]\n";
    for (name, gil) in modes() {
        let (exit, out, err) = run(KEPT_RINGS, gil);
        assert_eq!(exit, Exit::Finished, "{name}: {err}");
        assert_eq!(out, expected, "{name}");
    }
}

/// Workers each read a few rows from a generator that holds a lock and
/// stop early; each dropped generator must be closed (its `with` lets go
/// of the lock), or the next worker and the main thread wait for ever.
const LOCK_IN_A_GENERATOR: &str = r#"
import threading
lock = threading.Lock()
closed = []

def rows(name):
    with lock:
        try:
            for i in range(100):
                yield i
        finally:
            closed.append(name)

def worker(name):
    for r in rows(name):
        if r == 3:
            break

threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
g = rows("main")
next(g)
del g
with lock:
    print(sorted(closed), lock.locked())
"#;

#[test]
fn a_dropped_generator_lets_go_of_its_lock_in_every_mode() {
    for (name, gil) in modes() {
        let (exit, out, err) = run(LOCK_IN_A_GENERATOR, gil);
        assert_eq!(exit, Exit::Finished, "{name}: {err}");
        assert_eq!(out, "['main', 'w0', 'w1', 'w2', 'w3'] True\n", "{name}");
    }
}

#[test]
fn an_error_while_closing_is_printed_and_the_program_goes_on() {
    let src = r#"
def bad():
    try:
        yield 1
    finally:
        raise ValueError("cleanup failed")
g = bad()
next(g)
g = None
print("after")
"#;
    let (exit, out, err) = run(src, modes()[0].1);
    assert_eq!(exit, Exit::Finished, "{err}");
    assert_eq!(out, "after\n");
    assert!(
        err.starts_with("Exception ignored in: <generator object bad at 0x"),
        "{err}"
    );
    assert!(err.contains("line 6, in bad"), "{err}");
    assert!(err.ends_with("ValueError: cleanup failed\n"), "{err}");
    // CPython does not chain the GeneratorExit it threw in.
    assert!(!err.contains("During handling"), "{err}");
}
