//! The scheduler game's core: parser, machine, primitives, solver, levels.

use std::sync::atomic::{AtomicBool, Ordering};

use threadlab::interleave::*;

fn prog(src: &str) -> Program {
    Program::parse(src).unwrap_or_else(|e| panic!("{e}\n{src}"))
}

fn no_cancel() -> AtomicBool {
    AtomicBool::new(false)
}

fn solve_with(src: &str, opts: &SearchOptions) -> SearchReport {
    let p = prog(src);
    let s = Machine::new(&p).unwrap();
    search(&p, &s, opts, &no_cancel())
}

fn solve(src: &str) -> SearchReport {
    solve_with(src, &SearchOptions::default())
}

/// Runs always choosing the lowest runnable thread, until the outcome is
/// no longer `Running`.
fn run_lowest(p: &Program) -> State {
    let mut s = Machine::new(p).unwrap();
    for _ in 0..MAX_GAME_STEPS {
        if s.outcome(p) != GameOutcome::Running {
            return s;
        }
        let c = s.choices(p, false)[0];
        s = s.step(p, c, Granularity::Bytecode).unwrap();
    }
    panic!("did not finish");
}

fn global(s: &State, p: &Program, name: &str) -> String {
    s.view(p)
        .globals
        .iter()
        .find(|g| g.name == name)
        .unwrap_or_else(|| panic!("no global {name}"))
        .value
        .clone()
}

/// Runs a single-threaded program to its end; returns the final state.
fn run(src: &str) -> (Program, State) {
    let p = prog(src);
    let s = run_lowest(&p);
    (p, s)
}

fn assert_exception(src: &str, exception: &str, message: &str) {
    let (p, s) = run(src);
    match s.outcome(&p) {
        GameOutcome::Exception {
            exception: e,
            message: m,
            ..
        } => {
            assert_eq!((e.as_str(), m.as_str()), (exception, message), "{src}");
        }
        other => panic!("expected {exception}, got {other:?}\n{src}"),
    }
}

fn parse_err(src: &str) -> (u32, u32, String) {
    match Program::parse(src) {
        Ok(_) => panic!("should not parse:\n{src}"),
        Err(e) => (e.line, e.col, e.message),
    }
}

// ---------------------------------------------------------------- parser

#[test]
fn parses_the_subset() {
    let src = r#"
import threading
import queue as q
from threading import Lock, RLock as R
x = 1; y = -2
s = "a" 'b'
f = f"x={x} y={y + 1}!"
items = [1, 2, (3, 4)]
d = {"k": 1, 2: [3]}
a, b = 1, 2
a = b = 5
def g(n):
    global x
    if n > 0 and not n == 3 or n is None:
        x += n
    elif n in items:
        pass
    else:
        return -n
    while x < 10:
        x = x * 2 // 1 % 100
        if x == 4:
            break
        continue
    for i in range(3):
        items.append(i)
    for k in d:
        pass
    try:
        raise ValueError("bad")
    except (KeyError, ValueError) as e:
        y2 = e
    except Exception:
        raise
    else:
        pass
    finally:
        pass
    with Lock():
        pass
    return x if x > 0 else 0
h = lambda v: v + 1
assert g(1) >= 0, "message"
print(f, s, q.Queue, R, h(1))
"#;
    let (p, s) = run(src);
    assert_eq!(s.outcome(&p), GameOutcome::Finished);
    assert_eq!(global(&s, &p, "f"), "'x=1 y=-1!'");
    assert_eq!(global(&s, &p, "s"), "'ab'");
    assert_eq!(global(&s, &p, "a"), "5");
    assert_eq!(global(&s, &p, "x"), "4");
}

#[test]
fn parse_errors_have_exact_positions() {
    let cases: &[(&str, u32, u32, &str)] = &[
        ("x = 1\ny = (2 +\n", 2, 5, "'(' was never closed"),
        ("x = 1\n  y = 2\n", 2, 3, "unexpected indent"),
        ("if x:\ny = 1\n", 2, 1, "expected an indented block"),
        ("x = 1 / 2\n", 1, 7, "use '//'"),
        ("x = 1.5\n", 1, 5, "whole numbers"),
        (
            "def f():\n    return 1\nprint(g)\n",
            3,
            7,
            "name 'g' is not defined",
        ),
        ("return 1\n", 1, 1, "'return' outside function"),
        ("break\n", 1, 1, "'break' outside loop"),
        ("class A:\n    pass\n", 1, 1, "not supported"),
        ("import os\n", 1, 1, "No module named 'os'"),
        (
            "from threading import Timer\n",
            1,
            1,
            "cannot import name 'Timer'",
        ),
        ("x = [i for i in range(3)]\n", 1, 8, "comprehensions"),
        ("if 1 < 2 < 3:\n    pass\n", 1, 10, "chained comparisons"),
        ("def f(a=1):\n    pass\n", 1, 8, "default values"),
        (
            "def f():\n    def g():\n        pass\n",
            2,
            5,
            "functions inside functions",
        ),
        ("x = 'abc\n", 1, 5, "unterminated string"),
        ("x = $\n", 1, 5, "invalid character"),
        ("if x\n    pass\n", 1, 5, "expected ':'"),
        ("x = (1, 2]\n", 1, 10, "unmatched ']'"),
        (
            "f(a=1, 2)\n",
            1,
            8,
            "positional argument follows keyword argument",
        ),
        ("1 = x\n", 1, 1, "cannot assign"),
        ("x = f'{}'\n", 1, 8, "empty expression"),
        (
            "if True:\n        x = 1\n    y = 2\n",
            3,
            5,
            "unindent does not match",
        ),
        (
            "def f():\n    y = 1\n    return lambda: y\n",
            3,
            20,
            "closures are not supported",
        ),
        ("x = threading.Lock()\n", 1, 5, "add 'import threading'"),
    ];
    for (src, line, col, msg) in cases {
        let (l, c, m) = parse_err(src);
        assert!(
            (l, c) == (*line, *col) && m.contains(msg),
            "{src:?}: got {l}:{c} {m:?}, want {line}:{col} containing {msg:?}"
        );
    }
}

#[test]
fn limits_are_enforced_with_clear_errors() {
    let big = "x = 1\n".repeat(MAX_SOURCE_LINES + 1);
    let e = Program::parse(&big).unwrap_err();
    assert!(e.message.contains("at most"), "{e}");
    let huge = format!("x = '{}'\n", "a".repeat(MAX_SOURCE_BYTES));
    assert!(Program::parse(&huge).unwrap_err().message.contains("bytes"));
    // Five threads besides main: the fifth start is refused.
    let src = "\
import threading
def w():
    pass
ts = []
for i in range(5):
    t = threading.Thread(target=w)
    t.start()
";
    let p = prog(src);
    let mut s = Machine::new(&p).unwrap();
    let err = loop {
        match s.step(&p, Choice::Run(0), Granularity::Bytecode) {
            Ok(n) => s = n,
            Err(e) => break e,
        }
    };
    assert_eq!(err.kind, StepErrorKind::Limit);
    assert!(err.message.contains("at most 4 threads"), "{err}");
    assert_eq!(err.line, 7);
    // An endless loop hits the per-run step limit.
    let p = prog("while True:\n    pass\n");
    let mut s = Machine::new(&p).unwrap();
    let err = loop {
        match s.step(&p, Choice::Run(0), Granularity::Statement) {
            Ok(n) => s = n,
            Err(e) => break e,
        }
    };
    assert_eq!(err.kind, StepErrorKind::Limit);
    assert!(err.message.contains(&MAX_GAME_STEPS.to_string()));
    // Timeouts are refused, not ignored.
    let p = prog("import threading\nl = threading.Lock()\nl.acquire(timeout=1)\n");
    let mut s = Machine::new(&p).unwrap();
    let err = loop {
        match s.step(&p, Choice::Run(0), Granularity::Bytecode) {
            Ok(n) => s = n,
            Err(e) => break e,
        }
    };
    assert_eq!(err.kind, StepErrorKind::Unsupported);
    assert!(err.message.contains("timeout"));
}

// ----------------------------------------------------------- the machine

#[test]
fn counter_increment_is_four_steps_named_like_dis() {
    let src = "counter = 0\ndef work():\n    global counter\n    counter += 1\n";
    let p = prog(src);
    let listing = p.listing();
    let work = listing.iter().find(|c| c.name == "work").unwrap();
    // (The implicit `return None` that follows is attributed to line 4 too.)
    let steps: Vec<&str> = work
        .steps
        .iter()
        .filter(|s| s.span.line == 4)
        .take(4)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(
        steps,
        [
            "LOAD_GLOBAL counter",
            "LOAD_CONST 1",
            "BINARY_OP +=",
            "STORE_GLOBAL counter"
        ]
    );
    let first = work.steps.iter().find(|s| s.span.line == 4).unwrap();
    assert!(first.statement_start);
    assert_eq!((first.span.col, first.span.end_col), (5, 12));
    // At module level CPython loads and stores by name.
    let module = &listing[0];
    assert_eq!(module.steps[0].text, "LOAD_CONST 0");
    assert_eq!(module.steps[1].text, "STORE_NAME counter");
}

#[test]
fn statement_steps_and_bytecode_steps_agree() {
    let p =
        prog("import threading\nx = 0\ndef f(a):\n    return a + 1\nx = f(2)\nx += 1\nprint(x)\n");
    // Statement by statement.
    let mut s = Machine::new(&p).unwrap();
    let mut lines = Vec::new();
    let mut expanded = Vec::new();
    while s.outcome(&p) == GameOutcome::Running {
        lines.push(s.view(&p).threads[0].line);
        let (n, taken) = s
            .step_expanded(&p, Choice::Run(0), Granularity::Statement)
            .unwrap();
        expanded.extend(taken);
        s = n;
    }
    // After `return`, the rest of line 5 (the store) runs in the same step.
    assert_eq!(lines, [1, 2, 3, 5, 4, 6, 7]);
    assert_eq!(s.output(), &[(0, "4".to_string())]);
    // The same bytecode steps replay to the same state.
    let r = replay(&p, &expanded).unwrap();
    assert_eq!(r, s);
    assert_eq!(r.steps(), expanded.len() as u32);
    // Share links round-trip.
    let text = encode_schedule(&expanded);
    assert_eq!(decode_schedule(&text).unwrap(), expanded);
    assert_eq!(
        decode_schedule("0,w1,2").unwrap(),
        [Choice::Run(0), Choice::Wake(1), Choice::Run(2)]
    );
    assert!(decode_schedule("0,x").is_err());
    // Replaying an impossible step says which one.
    let e = replay(&p, &[Choice::Run(0), Choice::Run(3)]).unwrap_err();
    assert_eq!(e.index, 1);
    assert_eq!(e.error.kind, StepErrorKind::NotRunnable);
}

#[test]
fn values_and_operators_follow_python() {
    let (p, s) = run(r#"
a = -7 // 2
b = -7 % 3
c = 7 % -3
d = [1, 2] + [3]
e = "ab" * 2
f = (1, 2) == (1, 2)
g = {"x": 1} == {"x": 1}
h = 3 in [1, 2, 3]
i = "b" in "abc"
j = 1 == True
k = [] or "empty"
l = 0 and 1
m = len({"a": 1, "b": 2}) + len("xyz") + len(range(4))
n = min(3, 1, 2) + max([4, 9]) + sum([1, 2]) + abs(-5)
o = str(12) + str(None) + str(True)
q = int("42") + int(True)
lst = [5, 6, 7]
lst[0] = 1
lst.insert(0, 0)
lst.remove(6)
r = lst.pop()
dd = {}
dd["k"] = 1
dd["k"] += 1
t = dd.get("z", 9)
u = list(dd.items())
v = None is None
w = [k2 for k2 in []] if False else 1
"#
    .replace(
        "w = [k2 for k2 in []] if False else 1\n",
        "w = 1 if False else 2\n",
    )
    .as_str());
    let want = [
        ("a", "-4"),
        ("b", "2"),
        ("c", "-2"),
        ("d", "[1, 2, 3]"),
        ("e", "'abab'"),
        ("f", "True"),
        ("g", "True"),
        ("h", "True"),
        ("i", "True"),
        ("j", "True"),
        ("k", "'empty'"),
        ("l", "0"),
        ("m", "9"),
        ("n", "18"),
        ("o", "'12NoneTrue'"),
        ("q", "43"),
        ("lst", "[0, 1]"),
        ("r", "7"),
        ("dd", "{'k': 2}"),
        ("t", "9"),
        ("u", "[('k', 2)]"),
        ("v", "True"),
        ("w", "2"),
    ];
    for (name, value) in want {
        assert_eq!(global(&s, &p, name), value, "{name}");
    }
}

#[test]
fn python_errors_are_exceptions_with_positions() {
    assert_exception(
        "x = 1 // 0\n",
        "ZeroDivisionError",
        "integer division or modulo by zero",
    );
    assert_exception("x = [].pop()\n", "IndexError", "pop from empty list");
    assert_exception("x = {}['k']\n", "KeyError", "'k'");
    assert_exception("x = [1][3]\n", "IndexError", "list index out of range");
    assert_exception(
        "x = 1 + 'a'\n",
        "TypeError",
        "unsupported operand type(s) for +: 'int' and 'str'",
    );
    assert_exception(
        "x = int('x')\n",
        "ValueError",
        "invalid literal for int() with base 10: 'x'",
    );
    assert_exception(
        "def f(a):\n    pass\nf()\n",
        "TypeError",
        "f() missing 1 required positional argument: 'a'",
    );
    assert_exception("raise RuntimeError('boom')\n", "RuntimeError", "boom");
    let (p, s) = run("x = 1\n\nassert x == 2, f'x is {x}'\n");
    match s.outcome(&p) {
        GameOutcome::AssertFailed {
            line, col, message, ..
        } => assert_eq!((line, col, message.as_str()), (3, 1, "x is 1")),
        other => panic!("{other:?}"),
    }
    // Caught exceptions are not failures; finally runs; bare raise re-raises.
    let (p, s) = run(r#"
log = []
def f():
    try:
        try:
            raise ValueError("v")
        except KeyError:
            log.append("wrong")
        finally:
            log.append("finally")
    except ValueError as e:
        log.append(str(e))
        return "handled"
    finally:
        log.append("outer")
r = f()
try:
    try:
        1 // 0
    except ZeroDivisionError:
        raise
except ArithmeticError:
    log.append("reraised")
for i in range(5):
    try:
        if i == 1:
            continue
        if i == 3:
            break
    finally:
        log.append(i)
"#);
    assert_eq!(s.outcome(&p), GameOutcome::Finished);
    assert_eq!(
        global(&s, &p, "log"),
        "['finally', 'v', 'outer', 'reraised', 0, 1, 2, 3]"
    );
    assert_eq!(global(&s, &p, "r"), "'handled'");
}

// ------------------------------------------------------------- primitives

#[test]
fn lock_semantics_and_errors() {
    assert_exception(
        "import threading\nl = threading.Lock()\nl.release()\n",
        "RuntimeError",
        "release unlocked lock",
    );
    let (p, s) = run(r#"
import threading
l = threading.Lock()
a = l.acquire()
b = l.acquire(blocking=False)
c = l.locked()
l.release()
d = l.locked()
with l:
    e = l.locked()
f = l.locked()
"#);
    for (n, v) in [
        ("a", "True"),
        ("b", "False"),
        ("c", "True"),
        ("d", "False"),
        ("e", "True"),
        ("f", "False"),
    ] {
        assert_eq!(global(&s, &p, n), v, "{n}");
    }
    // Any thread may release a Lock (it has no owner).
    let (p, s) = run(r#"
import threading
l = threading.Lock()
l.acquire()
def other():
    l.release()
t = threading.Thread(target=other)
t.start()
t.join()
free = not l.locked()
"#);
    assert_eq!(s.outcome(&p), GameOutcome::Finished);
    assert_eq!(global(&s, &p, "free"), "True");
    // Acquiring a Lock twice in one thread: a deadlock with itself.
    let (p, s) = run("import threading\nl = threading.Lock()\nl.acquire()\nl.acquire()\n");
    match s.outcome(&p) {
        GameOutcome::Deadlock { cycle, .. } => assert_eq!(cycle, [0]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn rlock_counts_reentry_and_only_its_owner_releases() {
    let (p, s) = run(r#"
import threading
r = threading.RLock()
r.acquire()
r.acquire()
r.release()
def other():
    global got
    got = r.acquire(blocking=False)
got = None
t = threading.Thread(target=other)
t.start()
t.join()
r.release()
t2 = threading.Thread(target=other)
t2.start()
t2.join()
"#);
    assert_eq!(s.outcome(&p), GameOutcome::Finished);
    assert_eq!(global(&s, &p, "got"), "True");
    assert_exception(
        "import threading\nr = threading.RLock()\nr.release()\n",
        "RuntimeError",
        "cannot release un-acquired lock",
    );
    let (p, s) = run(r#"
import threading
r = threading.RLock()
r.acquire()
def other():
    r.release()
t = threading.Thread(target=other)
t.start()
t.join()
"#);
    match s.outcome(&p) {
        GameOutcome::Exception {
            thread,
            message,
            line,
            ..
        } => assert_eq!(
            (thread, message.as_str(), line),
            (1, "cannot release un-acquired lock", 6)
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn semaphores_count_and_bounded_ones_refuse_extra_releases() {
    let (p, s) = run(r#"
import threading
s = threading.Semaphore(2)
a = s.acquire()
b = s.acquire()
c = s.acquire(blocking=False)
s.release()
s.release(2)
d = s.acquire(blocking=False)
"#);
    for (n, v) in [("a", "True"), ("b", "True"), ("c", "False"), ("d", "True")] {
        assert_eq!(global(&s, &p, n), v);
    }
    assert_exception(
        "import threading\ns = threading.BoundedSemaphore(1)\ns.release()\n",
        "ValueError",
        "Semaphore released too many times",
    );
    assert_exception(
        "import threading\ns = threading.Semaphore(-1)\n",
        "ValueError",
        "semaphore initial value must be >= 0",
    );
    assert_exception(
        "import threading\ns = threading.Semaphore(1)\ns.release(0)\n",
        "ValueError",
        "n must be one or more",
    );
    // A semaphore at 0 blocks: a hang, not a deadlock (no owner).
    let (p, s) = run("import threading\ns = threading.Semaphore(0)\ns.acquire()\n");
    assert_eq!(s.outcome(&p).kind(), "hang");
}

#[test]
fn events_wake_every_waiter_even_if_cleared_again() {
    let src = r#"
import threading
e = threading.Event()
woke = []
def w():
    r = e.wait()
    woke.append(r)
t = threading.Thread(target=w)
t.start()
"#;
    let p = prog(src);
    let mut s = Machine::new(&p).unwrap();
    // Main runs to its end; then the worker parks in wait.
    while s.is_live(0) {
        s = s.step(&p, Choice::Run(0), Granularity::Bytecode).unwrap();
    }
    while s.view(&p).threads[1].status != "waiting" {
        s = s.step(&p, Choice::Run(1), Granularity::Bytecode).unwrap();
    }
    assert_eq!(s.outcome(&p).kind(), "hang");
    assert_eq!(s.view(&p).objects[0].summary, "clear");
    // The same, with main going on after the worker parked: set() wakes
    // it, and clear() before it runs does not put it back to sleep.
    let p = prog(&format!(
        "{src}e.set()\ne.clear()\nt.join()\nok = e.is_set()\n"
    ));
    let mut s = Machine::new(&p).unwrap();
    while s.thread_count() < 2 {
        s = s.step(&p, Choice::Run(0), Granularity::Statement).unwrap();
    }
    while s.view(&p).threads[1].status != "waiting" {
        s = s.step(&p, Choice::Run(1), Granularity::Bytecode).unwrap();
    }
    while s.outcome(&p) == GameOutcome::Running {
        let c = s.choices(&p, false)[0];
        s = s.step(&p, c, Granularity::Bytecode).unwrap();
    }
    assert_eq!(s.outcome(&p), GameOutcome::Finished);
    assert_eq!(global(&s, &p, "woke"), "[True]");
    assert_eq!(global(&s, &p, "ok"), "False");
}

#[test]
fn condition_wait_and_notify_need_the_lock() {
    assert_exception(
        "import threading\nc = threading.Condition()\nc.wait()\n",
        "RuntimeError",
        "cannot wait on un-acquired lock",
    );
    assert_exception(
        "import threading\nc = threading.Condition()\nc.notify()\n",
        "RuntimeError",
        "cannot notify on un-acquired lock",
    );
    // With a plain Lock, "owned" means "locked by anyone" (CPython's rule).
    let (p, s) = run(r#"
import threading
l = threading.Lock()
c = threading.Condition(l)
l.acquire()
def other():
    c.notify_all()
t = threading.Thread(target=other)
t.start()
t.join()
"#);
    assert_eq!(s.outcome(&p), GameOutcome::Finished);
    // wait releases an RLock at any depth and restores it.
    let (p, s) = run(r#"
import threading
c = threading.Condition()
items = []
def producer():
    with c:
        items.append(1)
        c.notify()
with c:
    with c:
        t = threading.Thread(target=producer)
        t.start()
        got = c.wait_for(lambda: len(items) > 0)
        ok = c.wait_for(lambda: True)
t.join()
"#);
    assert_eq!(s.outcome(&p), GameOutcome::Finished);
    assert_eq!(global(&s, &p, "got"), "True");
}

#[test]
fn spurious_wakeups_are_a_scheduler_choice() {
    let src = r#"
import threading
c = threading.Condition()
ready = False
def waiter():
    with c:
        if not ready:
            c.wait()
        assert ready, "woke up but not ready"
t = threading.Thread(target=waiter)
t.start()
"#;
    let p = prog(src);
    let mut s = Machine::new(&p).unwrap();
    while s.is_live(0) {
        s = s.step(&p, Choice::Run(0), Granularity::Statement).unwrap();
    }
    while !s.runnable_choices(&p).contains(&Choice::Wake(1)) {
        s = s.step(&p, Choice::Run(1), Granularity::Statement).unwrap();
    }
    let v = s.view(&p);
    assert_eq!(v.threads[1].status, "waiting");
    assert_eq!(v.threads[1].waiting.as_deref(), Some("a notify on 'c'"));
    assert_eq!(s.choices(&p, false), []);
    assert_eq!(s.outcome(&p).kind(), "hang");
    let s = s.step(&p, Choice::Wake(1), Granularity::Bytecode).unwrap();
    let s = s.step(&p, Choice::Run(1), Granularity::Statement).unwrap();
    let s = s.step(&p, Choice::Run(1), Granularity::Statement).unwrap();
    assert_eq!(s.outcome(&p).kind(), "assert");
    // Without spurious wakeups the solver finds only the hang.
    let r = solve_with(
        src,
        &SearchOptions {
            spurious_wakeups: false,
            ..SearchOptions::default()
        },
    );
    assert_eq!(r.verdict.outcome().unwrap().kind(), "hang");
    // With `while`, a spurious wakeup just waits again.
    let fixed = src.replace("if not ready", "while not ready")
        + "with c:\n    ready = True\n    c.notify()\n";
    assert!(solve(&fixed).verdict.is_safe());
}

#[test]
fn barriers_release_together_and_break_on_abort() {
    let (p, s) = run(r#"
import threading
b = threading.Barrier(3)
got = [0, 0, 0]
def w():
    got[b.wait()] = 1
t1 = threading.Thread(target=w)
t2 = threading.Thread(target=w)
t1.start()
t2.start()
got[b.wait()] = 1
t1.join()
t2.join()
n = b.n_waiting
"#);
    assert_eq!(s.outcome(&p), GameOutcome::Finished);
    // Each party got its own arrival index.
    assert_eq!(global(&s, &p, "got"), "[1, 1, 1]");
    assert_eq!(global(&s, &p, "n"), "0");
    let p = prog(
        r#"
import threading
b = threading.Barrier(2)
def w():
    try:
        b.wait()
    except threading.BrokenBarrierError:
        print("broken")
t = threading.Thread(target=w)
t.start()
b.abort()
t.join()
"#,
    );
    // The worker reaches the barrier first, then main aborts it.
    let mut s = Machine::new(&p).unwrap();
    while s.thread_count() < 2 {
        s = s.step(&p, Choice::Run(0), Granularity::Statement).unwrap();
    }
    while s.view(&p).threads[1].status != "waiting" {
        s = s.step(&p, Choice::Run(1), Granularity::Statement).unwrap();
    }
    while s.outcome(&p) == GameOutcome::Running {
        let c = s.choices(&p, false)[0];
        s = s.step(&p, c, Granularity::Statement).unwrap();
    }
    assert_eq!(s.outcome(&p), GameOutcome::Finished);
    assert_eq!(s.output(), &[(1, "broken".to_string())]);
    assert_exception(
        "import threading\nb = threading.Barrier(1)\nb.abort()\nb.wait()\n",
        "BrokenBarrierError",
        "",
    );
    assert_exception(
        "import threading\nb = threading.Barrier(0)\n",
        "ValueError",
        "parties must be > 0",
    );
    // Too few parties: everyone waits forever.
    let (p, s) = run("import threading\nb = threading.Barrier(2)\nb.wait()\n");
    assert_eq!(s.outcome(&p).kind(), "hang");
}

#[test]
fn queues_block_count_tasks_and_raise_empty_and_full() {
    let (p, s) = run(r#"
import queue
import threading
q = queue.Queue(maxsize=2)
q.put(1)
q.put_nowait(2)
full = q.full()
size = q.qsize()
try:
    q.put(3, block=False)
except queue.Full:
    print("full")
a = q.get()
b = q.get_nowait()
try:
    q.get_nowait()
except queue.Empty:
    print("empty")
q.task_done()
q.task_done()
q.join()
e = q.empty()
"#);
    assert_eq!(s.outcome(&p), GameOutcome::Finished);
    for (n, v) in [
        ("full", "True"),
        ("size", "2"),
        ("a", "1"),
        ("b", "2"),
        ("e", "True"),
    ] {
        assert_eq!(global(&s, &p, n), v);
    }
    let out: Vec<&str> = s.output().iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(out, ["full", "empty"]);
    assert_exception(
        "import queue\nq = queue.Queue()\nq.task_done()\n",
        "ValueError",
        "task_done() called too many times",
    );
    let (p, s) = run("import queue\nq = queue.Queue()\nq.put(1)\nq.join()\n");
    let o = s.outcome(&p);
    assert_eq!(o.kind(), "hang");
    assert!(o.describe().contains("task_done"), "{}", o.describe());
}

#[test]
fn threads_start_once_and_join_after_start() {
    assert_exception(
        "import threading\ndef f():\n    pass\nt = threading.Thread(target=f)\nt.join()\n",
        "RuntimeError",
        "cannot join thread before it is started",
    );
    assert_exception(
        "import threading\ndef f():\n    pass\nt = threading.Thread(target=f)\nt.start()\nt.start()\n",
        "RuntimeError",
        "threads can only be started once",
    );
    assert_exception(
        "import threading\nthreading.current_thread().join()\n",
        "RuntimeError",
        "cannot join current thread",
    );
    let (p, s) = run(r#"
import threading
def f(a, b):
    print(threading.current_thread().name, a + b)
t = threading.Thread(target=f, args=(1, 2))
alive0 = t.is_alive()
t.start()
t.join()
alive1 = t.is_alive()
print(threading.current_thread().name, t.name)
"#);
    assert_eq!(s.outcome(&p), GameOutcome::Finished);
    assert_eq!(
        s.output(),
        &[
            (1, "Thread-1 3".to_string()),
            (0, "MainThread Thread-1".to_string())
        ]
    );
    // Arity errors happen in the new thread, as in CPython.
    let (p, s) = run("import threading\ndef f(a):\n    pass\nt = threading.Thread(target=f)\nt.start()\nt.join()\n");
    match s.outcome(&p) {
        GameOutcome::Exception {
            thread, exception, ..
        } => assert_eq!((thread, exception.as_str()), (1, "TypeError")),
        other => panic!("{other:?}"),
    }
}

// ------------------------------------------------------------ the solver

const COUNTER: &str = "\
import threading
counter = 0
def work():
    global counter
    counter += 1
t1 = threading.Thread(target=work)
t2 = threading.Thread(target=work)
t1.start()
t2.start()
t1.join()
t2.join()
";

const OPPOSITE: &str = "\
import threading
a = threading.Lock()
b = threading.Lock()
def one():
    with a:
        with b:
            pass
def two():
    with b:
        with a:
            pass
t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
t1.join()
t2.join()
";

#[test]
fn solver_finds_the_lost_update_and_proves_the_lock() {
    let r = solve(COUNTER);
    let Verdict::Broken {
        schedule,
        bytecode,
        outcome,
        ..
    } = &r.verdict
    else {
        panic!("{:?}", r.verdict)
    };
    assert_eq!(outcome.kind(), "lost-update");
    assert_eq!(schedule, bytecode);
    let p = prog(COUNTER);
    let end = replay(&p, schedule).unwrap();
    assert_eq!(end.outcome(&p), *outcome);
    assert_eq!(global(&end, &p, "counter"), "1");
    // Shortest: the two loads must both precede both stores, and nothing
    // shorter breaks it: every proper prefix is still running.
    for k in 0..schedule.len() {
        assert!(!replay(&p, &schedule[..k]).unwrap().breaks(&p));
    }
    assert!(r.states > 10 && r.states_per_sec > 0.0);
    let fixed = COUNTER
        .replace("counter = 0\n", "counter = 0\nlock = threading.Lock()\n")
        .replace(
            "    counter += 1\n",
            "    with lock:\n        counter += 1\n",
        );
    assert!(solve(&fixed).verdict.is_safe());
    // At statement granularity `counter += 1` is atomic: no bug to find.
    let r = solve_with(
        COUNTER,
        &SearchOptions {
            granularity: Granularity::Statement,
            ..SearchOptions::default()
        },
    );
    assert!(r.verdict.is_safe(), "{:?}", r.verdict);
}

#[test]
fn solver_finds_the_deadlock_and_proves_ordered_locks() {
    let r = solve(OPPOSITE);
    match r.verdict.outcome().unwrap() {
        GameOutcome::Deadlock { cycle, edges } => {
            assert_eq!(cycle, &[1, 2]);
            assert_eq!(edges[0].via, "Lock 'b' held by Thread-2");
        }
        other => panic!("{other:?}"),
    }
    let ordered = OPPOSITE.replace(
        "    with b:\n        with a:",
        "    with a:\n        with b:",
    );
    assert!(solve(&ordered).verdict.is_safe());
}

#[test]
fn a_deadlock_counts_while_other_threads_still_run() {
    let src = OPPOSITE.replace(
        "t1.start()\n",
        "def busy():\n    for i in range(3):\n        pass\nt3 = threading.Thread(target=busy)\nt3.start()\nt1.start()\n",
    );
    let p = prog(&src);
    let r = search(
        &p,
        &Machine::new(&p).unwrap(),
        &SearchOptions::default(),
        &no_cancel(),
    );
    let Verdict::Broken { schedule, .. } = &r.verdict else {
        panic!()
    };
    let end = replay(&p, schedule).unwrap();
    assert_eq!(end.outcome(&p).kind(), "deadlock");
    // Thread 3 (busy) could still run when the cycle closed.
    assert!(end.is_live(1) && end.is_live(2));
    let v = end.view(&p);
    assert_eq!(v.wait_for.len(), 2);
}

#[test]
fn parallel_search_gives_the_same_answer_on_2_and_4_threads() {
    let programs: Vec<&str> = vec![COUNTER, OPPOSITE]
        .into_iter()
        .chain(
            levels()
                .iter()
                .filter(|l| ["cache", "if-not-while", "final", "philosophers"].contains(&l.id))
                .flat_map(|l| [l.source, l.fixed]),
        )
        .collect();
    let pools: Vec<rayon::ThreadPool> = [2, 4]
        .iter()
        .map(|n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(*n)
                .build()
                .unwrap()
        })
        .collect();
    for src in programs {
        let p = prog(src);
        let s = Machine::new(&p).unwrap();
        let seq = search(
            &p,
            &s,
            &SearchOptions {
                parallel: false,
                ..SearchOptions::default()
            },
            &no_cancel(),
        );
        for pool in &pools {
            let par = pool.install(|| search(&p, &s, &SearchOptions::default(), &no_cancel()));
            // The pool's other threads start at the first wide level: the
            // smaller searches never start them.
            let n = pool.current_num_threads();
            assert!(par.threads == 1 || par.threads == n, "{}", par.threads);
            if par.states > 10_000 {
                assert_eq!(par.threads, n, "{} states on one thread", par.states);
            }
            assert_eq!(par.verdict, seq.verdict);
            assert_eq!(par.states, seq.states);
            assert_eq!(par.depth, seq.depth);
        }
    }
}

#[test]
fn search_can_be_cancelled_and_bounded() {
    let src = "x = 0\nwhile True:\n    x += 1\n";
    let cancel = AtomicBool::new(true);
    let p = prog(src);
    let r = search(
        &p,
        &Machine::new(&p).unwrap(),
        &SearchOptions::default(),
        &cancel,
    );
    assert_eq!(r.verdict, Verdict::Cancelled);
    cancel.store(false, Ordering::Relaxed);
    let r = search(
        &p,
        &Machine::new(&p).unwrap(),
        &SearchOptions {
            max_depth: 50,
            ..SearchOptions::default()
        },
        &cancel,
    );
    assert_eq!(r.verdict, Verdict::Bounded { depth: 50 });
    let r = search(
        &p,
        &Machine::new(&p).unwrap(),
        &SearchOptions {
            max_states: 20,
            ..SearchOptions::default()
        },
        &cancel,
    );
    assert!(
        matches!(r.verdict, Verdict::TooManyStates { .. }),
        "{:?}",
        r.verdict
    );
    // Cancel from another thread while a long search runs: a safe program
    // (a locked counter, four threads) with far more states than the budget
    // below, so the search can end only by the cancel (Cancelled) or, if
    // the flag were not read, by the budget (TooManyStates) — never by
    // finding a bug first.
    struct Flag {
        stop: AtomicBool,
        explored: std::sync::atomic::AtomicU64,
        done: AtomicBool,
    }
    impl StopFlag for Flag {
        fn stop_requested(&self) -> bool {
            self.stop.load(Ordering::Relaxed)
        }
        fn explored(&self, states: u64) {
            self.explored.store(states, Ordering::Relaxed);
        }
    }
    let flag = Flag {
        stop: AtomicBool::new(false),
        explored: 0.into(),
        done: AtomicBool::new(false),
    };
    let names = ["t1", "t2", "t3", "t4"];
    let mut src = String::from(
        "import threading\nlock = threading.Lock()\nn = 0\ndef work():\n    global n\n    for i in range(8):\n        with lock:\n            n += 1\n",
    );
    for x in names {
        src += &format!("{x} = threading.Thread(target=work)\n");
    }
    for x in names {
        src += &format!("{x}.start()\n");
    }
    for x in names {
        src += &format!("{x}.join()\n");
    }
    let p = prog(&src);
    const BUDGET: usize = 300_000;
    const CANCEL_AFTER: u64 = 2_000;
    let stopped_at = std::thread::scope(|sc| {
        let canceller = sc.spawn(|| {
            // Cancel once the search is well under way (it has finished
            // levels with CANCEL_AFTER states), not after a guessed time.
            while flag.explored.load(Ordering::Relaxed) < CANCEL_AFTER {
                if flag.done.load(Ordering::Relaxed) {
                    return 0;
                }
                std::thread::yield_now();
            }
            flag.stop.store(true, Ordering::Relaxed);
            flag.explored.load(Ordering::Relaxed)
        });
        let r = search(
            &p,
            &Machine::new(&p).unwrap(),
            &SearchOptions {
                max_depth: MAX_SEARCH_DEPTH,
                max_states: BUDGET,
                ..SearchOptions::default()
            },
            &flag,
        );
        flag.done.store(true, Ordering::Relaxed);
        assert_eq!(r.verdict, Verdict::Cancelled, "{r:?}");
        let at = canceller.join().unwrap();
        assert!(
            (r.states as usize) < BUDGET,
            "stopped at {} states",
            r.states
        );
        (at, r.states)
    });
    assert!(stopped_at.1 >= stopped_at.0, "{stopped_at:?}");
}

#[test]
fn hint_is_the_next_step_of_a_shortest_schedule() {
    let p = prog(COUNTER);
    let mut s = Machine::new(&p).unwrap();
    let mut n = 0;
    while !s.breaks(&p) {
        let h = hint(&p, &s, &no_cancel()).expect("a break is still reachable");
        s = s.step(&p, h, Granularity::Bytecode).unwrap();
        n += 1;
    }
    assert_eq!(s.outcome(&p).kind(), "lost-update");
    let shortest = solve(COUNTER).verdict.schedule().unwrap().len();
    assert_eq!(n, shortest);
    // Once the first thread has finished alone, the update can no longer be lost.
    let mut s = Machine::new(&p).unwrap();
    while s.thread_count() < 2 {
        s = s.step(&p, Choice::Run(0), Granularity::Bytecode).unwrap();
    }
    while s.is_live(1) {
        s = s.step(&p, Choice::Run(1), Granularity::Bytecode).unwrap();
    }
    assert_eq!(hint(&p, &s, &no_cancel()), None);
}

#[test]
fn the_view_shows_threads_objects_and_waits() {
    let p = prog(OPPOSITE);
    let r = solve(OPPOSITE);
    let s = replay(&p, r.verdict.schedule().unwrap()).unwrap();
    let v = s.view(&p);
    assert_eq!(v.threads.len(), 3);
    assert_eq!(v.threads[1].name, "Thread-1");
    assert_eq!(v.threads[1].status, "blocked");
    assert_eq!(v.threads[1].function, "one");
    assert_eq!(v.threads[1].line, 6);
    assert_eq!(v.threads[1].next_step, "BEFORE_WITH");
    assert_eq!(
        v.threads[1].waiting.as_deref(),
        Some("Lock 'b' held by Thread-2")
    );
    let a = v.objects.iter().find(|o| o.names == ["a"]).unwrap();
    assert_eq!((a.kind.as_str(), a.holder), ("Lock", Some(1)));
    assert_eq!(v.outcome.kind(), "deadlock");
    // The main thread has not reached its join yet: it may still run.
    assert_eq!(v.choices, [Choice::Run(0)]);
    // Everything the page needs implements Serialize.
    fn serializable<T: serde::Serialize>(_: &T) {}
    serializable(&v);
    serializable(&r);
    serializable(&p.listing());
    serializable(&levels()[0]);
    serializable(&Program::parse("(").unwrap_err());
}

// ---------------------------------------------------------------- levels

/// Each level's shortest breaking schedule, in bytecode steps: pinned, so
/// that a change to the machine or to what counts as breaking that moves
/// a level's answer is seen (and explained) rather than slipped in.
const SHORTEST: &[(&str, usize)] = &[
    ("counter", 53),
    ("bank", 67),
    ("cache", 114),
    ("early-return", 49),
    ("transfer", 57),
    ("philosophers", 74),
    ("not-yours", 56),
    ("reentrant", 32),
    ("handoff", 35),
    ("pool", 53),
    ("rendezvous", 52),
    ("early-signal", 34),
    ("pulse", 50),
    ("if-not-while", 53),
    ("lost-wakeup", 43),
    ("sentinel", 115),
    ("task-done", 94),
    ("barrier", 56),
    ("final", 56),
];

#[test]
fn every_level_has_its_bug_found_and_its_fix_proven() {
    assert!(levels().len() >= 16);
    let mut chapters: Vec<&str> = levels().iter().map(|l| l.chapter).collect();
    chapters.dedup();
    assert!(chapters.len() >= 8, "{chapters:?}");
    for l in levels() {
        let r = solve(l.source);
        let Some(o) = r.verdict.outcome() else {
            panic!("{}: no bug found: {:?}", l.id, r.verdict)
        };
        assert_eq!(o.kind(), l.expect, "{}: {}", l.id, o.describe());
        let len = r.verdict.schedule().unwrap().len();
        let pinned = SHORTEST.iter().find(|(id, _)| *id == l.id).map(|p| p.1);
        assert_eq!(Some(len), pinned, "{}: shortest breaking schedule", l.id);
        let f = solve(l.fixed);
        assert!(
            f.verdict.is_safe(),
            "{}: fixed version: {:?}",
            l.id,
            f.verdict
        );
        assert!(
            !l.story.is_empty() && !l.goal.is_empty() && !l.bug.is_empty() && !l.fix.is_empty()
        );
    }
}

#[path = "common/python.rs"]
mod python;

/// Checks every level with CPython in one `python3` process (interpreter
/// start-up dominates otherwise): each program must parse (`ast.parse`),
/// and each fixed version must run to its end without an error
/// (`runpy.run_path`, as `__main__`, in a fresh namespace).
#[test]
fn every_level_is_valid_python_and_the_fixed_ones_finish_in_cpython() {
    let Some(py) = python::python3("checking the levels against CPython") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("threadlab-levels-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut names = Vec::new();
    for l in levels() {
        for (which, src) in [("bug", l.source), ("fixed", l.fixed)] {
            let name = format!("{}_{which}.py", l.id.replace('-', "_"));
            std::fs::write(dir.join(&name), src).unwrap();
            names.push(name);
        }
    }
    let driver = r#"
import ast, contextlib, io, os, runpy, sys
os.chdir(sys.argv[1])
for name in sys.argv[2:]:
    ast.parse(open(name).read(), name)
    print("parsed", name, flush=True)
    if name.endswith("_fixed.py"):
        with contextlib.redirect_stdout(io.StringIO()):
            runpy.run_path(name, run_name="__main__")
        print("ran", name, flush=True)
"#;
    let mut child = std::process::Command::new(py)
        .arg("-c")
        .arg(driver)
        .arg(&dir)
        .args(&names)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!(
                "python3 did not finish the levels within 60 s (a fixed version hangs in CPython?)"
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    use std::io::Read;
    let (mut out, mut err) = (String::new(), String::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(
        status.success() && err.is_empty(),
        "CPython failed after:\n{out}\n{err}"
    );
    for name in &names {
        assert!(
            out.contains(&format!("parsed {name}\n")),
            "{name} not parsed:\n{out}"
        );
        if name.ends_with("_fixed.py") {
            assert!(
                out.contains(&format!("ran {name}\n")),
                "{name} not run:\n{out}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Cut every level's source at every character and run what still parses
/// for a while: errors, never panics.
#[test]
fn truncated_programs_give_errors_not_panics() {
    for l in levels().iter().step_by(3) {
        let src = l.source;
        let cuts: Vec<usize> = src.char_indices().map(|(i, _)| i).step_by(3).collect();
        for cut in cuts {
            let Ok(p) = Program::parse(&src[..cut]) else {
                continue;
            };
            let mut s = Machine::new(&p).unwrap();
            for _ in 0..300 {
                let cs = s.runnable_choices(&p);
                let Some(c) = cs.last() else { break };
                match s.step(&p, *c, Granularity::Bytecode) {
                    Ok(n) => s = n,
                    Err(_) => break,
                }
                let _ = s.view(&p);
            }
        }
    }
    // A few hand-made oddities.
    for src in [
        "",
        "\n\n",
        "#only a comment",
        "x = (",
        "def",
        "def f(:",
        "for in",
        "with",
        "try:\n    pass\n",
        "import threading\nthreading.Thread(target=print).start()\n",
        "import threading\nthreading.Thread(target=1).start()\n",
        "x = 9223372036854775807 + 1\n",
        "x = -9223372036854775807 - 2\n",
        "f'{'\n",
        "'''abc",
        "if True:\n\tx = 1\n",
        "x = [1][0:1]\n",
        "a, b = 1\n",
        "len(5)\n",
        "x = None\nx()\n",
        "raise 5\n",
        "assert False\n",
        "import queue\nqueue.Queue().get()\n",
    ] {
        if let Ok(p) = Program::parse(src) {
            let mut s = Machine::new(&p).unwrap();
            while let Some(c) = s.runnable_choices(&p).first().copied() {
                match s.step(&p, c, Granularity::Statement) {
                    Ok(n) => s = n,
                    Err(_) => break,
                }
            }
            let _ = s.view(&p);
        }
    }
}
