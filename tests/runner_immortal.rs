//! Immortal objects and lock-free global slots (src/interleave/runner/obj.rs,
//! globals.rs) keep the free-threaded guarantees: a global read while
//! another thread rebinds it gives the old or the new value, never a freed
//! one; a function that rebinds or deletes its own name keeps running;
//! a module-level loop that defines functions past the immortal budget
//! still works.

use threadlab::interleave::runner::host::{NativeHost, Stream};
use threadlab::interleave::runner::{Exit, GilMode, Run, RunOptions};

fn run(src: &str, gil: GilMode) -> String {
    let host = NativeHost::new();
    let options = RunOptions {
        gil,
        ..RunOptions::default()
    };
    let report = Run::start(src, options, host.clone())
        .expect("the program compiles")
        .wait();
    assert_eq!(
        report.exit,
        Exit::Finished,
        "stderr: {}",
        host.text(Stream::Stderr)
    );
    host.text(Stream::Stdout)
}

fn both_modes(src: &str) -> Vec<String> {
    let gil = GilMode::Gil {
        switch_interval: 1e-5,
        switch_points: threadlab::interleave::runner::gil::SwitchPoints::Any,
    };
    vec![run(src, gil), run(src, GilMode::FreeThreaded)]
}

/// Readers call whatever `f` is while a writer rebinds it between an
/// immortal function (defined at the top level), a mortal one (made inside
/// a function each time, so freed when replaced) and a list.
const REBIND_WHILE_CALLING: &str = "\
import threading
def top():
    return 1
def make(k):
    def inner():
        return 2 + k
    return inner
f = top
stop = False
bad = []
def reader():
    n = 0
    while not stop:
        g = f
        if callable(g):
            r = g()
            if r not in (1, 2, 3):
                bad.append(r)
        elif g != [7, 8]:
            bad.append(g)
        n += 1
def writer():
    global f, stop
    for i in range(20000):
        f = make(i % 2)
        f = [7, 8]
        f = top
    stop = True
rs = [threading.Thread(target=reader) for _ in range(2)]
w = threading.Thread(target=writer)
for t in rs:
    t.start()
w.start()
w.join()
for t in rs:
    t.join()
print('bad', bad)
";

#[test]
fn a_global_rebound_while_other_threads_call_it_is_the_old_or_the_new_value() {
    for out in both_modes(REBIND_WHILE_CALLING) {
        assert_eq!(out, "bad []\n");
    }
}

const REBINDS_ITSELF: &str = "\
def once():
    global once
    once = None
    return [i * i for i in range(5)]
print(once(), once)
def outer():
    def gone():
        global gone_ref
        gone_ref = None
        return 'still running'
    return gone
gone_ref = outer()
print(gone_ref(), gone_ref)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
keep = fib
def fib(n):
    return -1
print(keep(10))
";

#[test]
fn a_function_that_rebinds_its_own_name_keeps_running() {
    for out in both_modes(REBINDS_ITSELF) {
        assert_eq!(out, "[0, 1, 4, 9, 16] None\nstill running None\n-2\n");
    }
}

/// More top-level definitions than the per-module immortal budget (4096).
const MANY_DEFINITIONS: &str = "\
fs = []
for i in range(6000):
    def f(x, i=i):
        return x + i
    fs.append(f)
class C:
    def m(self):
        return 'm'
print(sum(g(1) for g in fs), fs[0] is fs[0], fs[0] is not fs[1], C().m())
";

#[test]
fn top_level_definitions_past_the_immortal_budget_still_work() {
    for out in both_modes(MANY_DEFINITIONS) {
        assert_eq!(out, "18003000 True True m\n");
    }
}
