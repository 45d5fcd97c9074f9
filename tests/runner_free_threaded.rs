//! The runner with no GIL (`GilMode::FreeThreaded`, PEP 703), judged on
//! what programs print: which operations stay atomic when threads really run
//! bytecode at the same time, and which do not.
//!
//! Each object guards its contents with a lock of its own (runner/value.rs),
//! so one built-in operation on one object — `list.append`, a dict store,
//! `setdefault`, `pop` — is one critical section and never loses an item.
//! A Python statement made of several operations (`counter += 1`: load, add,
//! store) is not: two threads can read the same old value, and one update is
//! lost, as on CPython 3.13t. Operations that look at two objects (`a == b`,
//! `a < b`, `s | t`) must never hold both locks at once, or two threads that
//! compare in opposite orders could each wait for the other's for ever.

use std::sync::mpsc;
use std::time::Duration;

use threadlab::interleave::runner::host::{NativeHost, Stream};
use threadlab::interleave::runner::timeline::SpanKind;
use threadlab::interleave::runner::{Exit, GilMode, Run, RunOptions, RunReport};

fn free_threaded() -> RunOptions {
    RunOptions {
        gil: GilMode::FreeThreaded,
        ..RunOptions::default()
    }
}

/// Runs `src` with no GIL; panics if it does not finish cleanly.
fn run(src: &str) -> (String, RunReport) {
    let host = NativeHost::new();
    let r = Run::start(src, free_threaded(), host.clone()).expect("the program compiles");
    let report = r.wait();
    assert_eq!(
        report.exit,
        Exit::Finished,
        "stderr: {}",
        host.text(Stream::Stderr)
    );
    (host.text(Stream::Stdout), report)
}

/// Like [`run`], but on a thread of its own, failing instead of hanging
/// when the run has not ended within `secs` (a Rust-level deadlock cannot
/// be cancelled: its threads wait in a `Mutex`, not in a Python wait).
fn run_within(src: &'static str, secs: u64) -> String {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(run(src).0);
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(out) => out,
        Err(_) => panic!(
            "the run did not end within {secs} s: two threads wait for each other's object lock"
        ),
    }
}

/// `threads` threads each add 1 to a shared global `n` times; prints the total.
fn counter_program(threads: u32, n: u32, with_lock: bool) -> String {
    let body = if with_lock {
        "        with lock:\n            counter += 1\n"
    } else {
        "        counter += 1\n"
    };
    format!(
        "import threading\ncounter = 0\nlock = threading.Lock()\n\
         def work(n):\n    global counter\n    for _ in range(n):\n{body}\
         ts = [threading.Thread(target=work, args=({n},)) for _ in range({threads})]\n\
         for t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint(counter)\n"
    )
}

fn total(out: &str) -> u64 {
    out.trim().parse().expect("the program prints a number")
}

#[test]
fn counter_plus_equals_one_loses_updates_without_the_gil() {
    let mut seen = Vec::new();
    // Up to 20 runs, 2 to 4 threads; the first run that loses updates ends
    // the search (a loaded machine may run the threads one after another
    // for a while, so one run is not enough).
    for i in 0..20u32 {
        let threads = 2 + i % 3;
        let (out, _) = run(&counter_program(threads, 50_000, false));
        let got = total(&out);
        let want = u64::from(threads) * 50_000;
        assert!(got <= want, "never more than the work done: {got} > {want}");
        seen.push(want - got);
        if got < want {
            return;
        }
    }
    panic!("no run lost an update without the GIL: lost {seen:?}");
}

#[test]
fn a_lock_makes_every_run_of_the_counter_exact() {
    for i in 0..20u32 {
        let threads = 2 + i % 3;
        let (out, _) = run(&counter_program(threads, 10_000, true));
        assert_eq!(total(&out), u64::from(threads) * 10_000, "run {i}");
    }
}

#[test]
fn a_dict_item_plus_equals_one_is_not_atomic_either() {
    // `d[k] += 1` is a load, an add and a store: three critical sections.
    let src = "\
import threading
d = {'hits': 0}
def work():
    for _ in range(50_000):
        d['hits'] += 1
ts = [threading.Thread(target=work) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(d['hits'])
";
    let mut seen = Vec::new();
    for _ in 0..20 {
        let got = total(&run(src).0);
        assert!(got <= 200_000);
        seen.push(got);
        if got < 200_000 {
            return;
        }
    }
    panic!("d[k] += 1 never lost an update: {seen:?}");
}

#[test]
fn a_dict_item_counted_with_get_is_not_atomic_either() {
    // `d[k] = d.get(k, 0) + 1`: a call, an add and a store. Under the GIL
    // the interpreter runs it as one step (runner/fuse_dict.rs); without
    // it, two threads can still read the same count. (`d` and `k`
    // locals: the run is fused only for those.)
    let src = "\
import threading
d = {}
def work(d):
    k = 'hits'
    for _ in range(50_000):
        d[k] = d.get(k, 0) + 1
ts = [threading.Thread(target=work, args=(d,)) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(d['hits'])
";
    let mut seen = Vec::new();
    for _ in 0..20 {
        let got = total(&run(src).0);
        assert!(got <= 200_000);
        seen.push(got);
        if got < 200_000 {
            return;
        }
    }
    panic!("d[k] = d.get(k, 0) + 1 never lost an update: {seen:?}");
}

#[test]
fn four_threads_appending_to_one_list_never_lose_an_item() {
    let src = "\
import threading
items = []
def work(t):
    for i in range(10_000):
        items.append((t, i))
ts = [threading.Thread(target=work, args=(t,)) for t in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(len(items), len(set(items)))
# Each thread's items are in the order it appended them.
print(all([i for (t, i) in items if t == w] == list(range(10_000)) for w in range(4)))
";
    for _ in 0..5 {
        assert_eq!(run(src).0, "40000 40000\nTrue\n");
    }
}

/// A built-in consumer (`sum`) holds the generator it drives for its whole
/// run (runner/drive.rs): another thread's `next()` meanwhile gets
/// "generator already executing" and takes nothing, and a `sum` that
/// cannot claim it raises before taking anything. So each item goes to
/// exactly one of them. Threads summing generators of their own meanwhile
/// get their whole sums.
#[test]
fn a_generator_shared_by_sum_and_next_gives_each_item_once() {
    let src = "\
import threading
N = 100_000
one = (x for x in range(N))
taken = []
def taker():
    while True:
        try:
            taken.append(next(one))
        except ValueError:
            pass
        except StopIteration:
            return
sums = {}
def own(k):
    sums[k] = sum(i * i for i in range(10_000 + k))
ts = [threading.Thread(target=taker)] + [threading.Thread(target=own, args=(k,)) for k in range(2)]
for t in ts:
    t.start()
while True:
    try:
        summed = sum(one)
        break
    except ValueError:
        pass
for t in ts:
    t.join()
print(summed + sum(taken) == N * (N - 1) // 2, len(taken) <= N)
print(sums == {k: sum([i * i for i in range(10_000 + k)]) for k in range(2)})
";
    for _ in 0..3 {
        assert_eq!(run_within(src, 60), "True True\nTrue\n");
    }
}

/// One thread sorts a shared list over and over while another appends to
/// it. A plain sort (ints, no key) runs inside the list's lock, as 3.13t's
/// critical section: the appends wait, none is lost. A sort with a key
/// calls Python, so appends can land while the list is empty and sorting:
/// CPython then raises `ValueError: list modified during sort` — an append
/// may be dropped, but never without that error.
#[test]
fn appends_during_list_sort_are_kept_or_reported() {
    let src = "\
import threading
data = list(range(3000, 0, -1))
go = threading.Event()
done = threading.Event()
raised = 0
def sorter(key):
    global raised
    go.set()
    while not done.is_set():
        try:
            if key:
                data.sort(key=abs, reverse=True)
            else:
                data.sort()
        except ValueError as e:
            assert str(e) == 'list modified during sort', e
            raised += 1
def appender():
    go.wait()
    for i in range(20_000):
        data.append(-i)
    done.set()
for key in (False, True):
    data[:] = list(range(3000, 0, -1))
    raised = 0
    go.clear()
    done.clear()
    ts = [threading.Thread(target=sorter, args=(key,)), threading.Thread(target=appender)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(key, len(data) == 23_000 or raised > 0)
";
    for _ in 0..3 {
        assert_eq!(run(src).0, "False True\nTrue True\n");
    }
}

#[test]
fn concurrent_dict_stores_setdefault_and_pop_never_lose_or_duplicate() {
    let src = "\
import threading
stores = {}
first = {}
pool = {k: k for k in range(20_000)}
got = [[] for _ in range(4)]
won = [[] for _ in range(4)]
def work(t):
    for i in range(5_000):
        stores[(t, i)] = i
    for k in range(2_000):
        won[t].append(first.setdefault(k, t))
    for k in range(20_000):
        v = pool.pop(k, None)
        if v is not None:
            got[t].append(v)
ts = [threading.Thread(target=work, args=(t,)) for t in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(len(stores), all(stores[(t, i)] == i for t in range(4) for i in range(5_000)))
# Every thread saw the same winner for each key, and the winner is stored.
print(all(won[t] == won[0] for t in range(4)), won[0] == [first[k] for k in range(2_000)])
popped = [v for g in got for v in g]
print(len(popped), sorted(popped) == list(range(20_000)), len(pool))
";
    for _ in 0..5 {
        assert_eq!(run(src).0, "20000 True\nTrue True\n20000 True 0\n");
    }
}

#[test]
fn a_queue_hands_every_item_to_exactly_one_consumer() {
    let src = "\
import threading, queue
q = queue.Queue(maxsize=64)
DONE = object()
taken = [[] for _ in range(3)]
def produce(p):
    for i in range(4_000):
        q.put((p, i))
def consume(c):
    while True:
        item = q.get()
        if item is DONE:
            return
        taken[c].append(item)
producers = [threading.Thread(target=produce, args=(p,)) for p in range(2)]
consumers = [threading.Thread(target=consume, args=(c,)) for c in range(3)]
for t in producers + consumers:
    t.start()
for t in producers:
    t.join()
for _ in consumers:
    q.put(DONE)
for t in consumers:
    t.join()
all_items = [x for t in taken for x in t]
print(len(all_items), sorted(all_items) == [(p, i) for p in range(2) for i in range(4_000)])
";
    for _ in 0..3 {
        assert_eq!(run(src).0, "8000 True\n");
    }
}

#[test]
fn iterating_a_list_while_another_thread_appends_sees_a_growing_prefix() {
    let src = "\
import threading
items = []
def grow():
    for i in range(100_000):
        items.append(i)
t = threading.Thread(target=grow)
t.start()
passes = 0
ok = True
while t.is_alive() or passes == 0:
    seen = 0
    for x in items:
        if x != seen:
            ok = False
        seen += 1
    passes += 1
t.join()
print(ok, len(items))
";
    for _ in 0..3 {
        assert_eq!(run(src).0, "True 100000\n");
    }
}

#[test]
fn two_threads_comparing_in_opposite_orders_never_deadlock() {
    // One thread compares a with b, the other b with a, each many times, on
    // lists, dicts and sets. If an operation held both objects' locks, a
    // moment would come when each thread holds one and waits for the other.
    const SRC: &str = "\
import threading
a = list(range(2_000))
b = list(range(2_000))
da = {i: i for i in range(500)}
db = {i: i for i in range(500)}
sa = set(range(500))
sb = set(range(500))
def work(x, y, dx, dy, sx, sy):
    for _ in range(300):
        x == y
        x < y
        dx == dy
        sx == sy
        sx | sy
        sx - sy
        sx.union(sy)
t1 = threading.Thread(target=work, args=(a, b, da, db, sa, sb))
t2 = threading.Thread(target=work, args=(b, a, db, da, sb, sa))
t1.start(); t2.start()
t1.join(); t2.join()
print('no deadlock')
";
    for _ in 0..3 {
        assert_eq!(run_within(SRC, 60), "no deadlock\n");
    }
}

#[test]
fn an_object_compared_or_combined_with_itself_does_not_wait_for_itself() {
    // The same object on both sides: one lock, which must not be taken twice.
    const SRC: &str = "\
l = [1, 2]
print(l < l, l <= l, l > l)
s = {1, 2}
print(s | s, s & s, s - s, s ^ s)
print(s.union(s), s.intersection(s), s.difference(s))
t = {3}
t |= t
print(t)
t -= t
print(t)
";
    // CPython 3.11 prints the same.
    assert_eq!(
        run_within(SRC, 20),
        "False True False\n{1, 2} {1, 2} set() set()\n{1, 2} {1, 2} set()\n{3}\nset()\n"
    );
}

#[test]
fn a_frozenset_is_read_by_many_threads_and_keys_alike_in_each() {
    // A frozenset never changes, so it has no lock: four threads test
    // membership in one at once, and frozensets each thread builds in its
    // own order are one dict key (the hash ignores insertion order).
    const SRC: &str = "\
import threading
allowed = frozenset(range(0, 1000, 7))
hits = [0] * 4
pairs = {}
def work(i):
    n = 0
    for k in range(20_000):
        if k % 1000 in allowed:
            n += 1
        a, b = (i, k % 5) if k % 2 else (k % 5, i)
        pairs[frozenset((a, b))] = True
    hits[i] = n
ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print(hits, len(pairs), frozenset({0, 1}) in pairs, frozenset({1, 0}) in pairs)
";
    // CPython 3.11 prints the same.
    for _ in 0..3 {
        assert_eq!(
            run_within(SRC, 60),
            "[2860, 2860, 2860, 2860] 14 True True\n"
        );
    }
}

#[test]
fn set_or_equals_from_four_threads_changes_the_one_set_and_loses_nothing() {
    // `s |= t` changes `s` in place, under its own lock: one critical
    // section, as on CPython 3.13t, so no thread's items are lost (were it
    // `s = s | t`, two threads could read the same old set).
    const SRC: &str = "\
import threading
s = set()
def work(i):
    global s
    for k in range(3000):
        s |= {i * 3000 + k}
ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print(len(s), s == set(range(12000)))
";
    for _ in 0..5 {
        assert_eq!(run_within(SRC, 60), "12000 True\n");
    }
}

#[test]
fn cpu_bound_threads_run_at_the_same_time_without_the_gil() {
    let src = "\
import threading
def spin(n):
    total = 0
    for i in range(n):
        total += i
    return total
ts = [threading.Thread(target=spin, args=(2_000_000,)) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print('done')
";
    let (out, report) = run(src);
    assert_eq!(out, "done\n");
    // Behaviour, not speed: some span of one worker overlaps a span of the
    // other (under the GIL they never do: tests/runner_gil.rs).
    let spans = |t: u32| -> Vec<(f64, f64)> {
        report
            .lanes
            .iter()
            .filter(|l| l.thread == t)
            .flat_map(|l| l.spans.iter())
            .filter(|s| s.kind == SpanKind::Running)
            .map(|s| (s.start_ms, s.end_ms))
            .collect()
    };
    let (one, two) = (spans(1), spans(2));
    let overlap: f64 = one
        .iter()
        .flat_map(|a| {
            two.iter()
                .map(move |b| (a.1.min(b.1) - a.0.max(b.0)).max(0.0))
        })
        .sum();
    assert!(
        overlap > 0.0,
        "the two threads never ran at the same time: {one:?} {two:?} {:?}",
        report.lanes
    );
}

#[test]
fn user_class_keys_call_eq_with_no_dict_lock_held() {
    // `__eq__` is Python code: it reads and writes the very dict being
    // looked up, and runs while other threads look that dict up too. Run
    // under the dict's lock, it would wait for itself for ever.
    const SRC: &str = "\
import threading
table = {}
guard = threading.Lock()
class K:
    def __init__(self, n):
        self.n = n
    def __hash__(self):
        return self.n % 5
    def __eq__(self, other):
        table.get('peek')
        table['peek'] = self.n
        return isinstance(other, K) and self.n == other.n
def work():
    for i in range(400):
        k = K(i % 40)
        with guard:
            table[k] = table.get(k, 0) + 1
        K(i % 40) in table
t = [threading.Thread(target=work) for _ in range(4)]
for x in t: x.start()
for x in t: x.join()
del table['peek']
print(len(table), sum(table.values()))
";
    for _ in 0..3 {
        assert_eq!(run_within(SRC, 60), "40 1600\n");
    }
}

#[test]
fn equal_user_class_keys_stored_at_once_are_stored_once() {
    // Four threads store equal but distinct objects in one set and one
    // dict at the same time. Their hash sends every key to one of a few
    // places, so storing one asks `__eq__` of many others, with the
    // table's lock let go: another thread's equal key may go in
    // meanwhile. It is asked about before the key goes in, so each number
    // is stored once (before, 401-404 of 400 in each of three runs).
    const SRC: &str = "\
import threading
by_number = {}
numbers = set()
class Number:
    def __init__(self, n):
        self.n = n
    def __hash__(self):
        return self.n % 16
    def __eq__(self, other):
        return isinstance(other, Number) and self.n == other.n
start = threading.Barrier(4)
def work(me):
    start.wait()
    for i in range(400):
        key = Number(i)
        numbers.add(key)
        by_number[key] = me
t = [threading.Thread(target=work, args=(k,)) for k in range(4)]
for x in t: x.start()
for x in t: x.join()
print(len(numbers), len(by_number))
";
    for _ in 0..5 {
        assert_eq!(run_within(SRC, 60), "400 400\n");
    }
}
