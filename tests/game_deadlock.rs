//! What counts as a deadlock: a cycle of waits that no schedule can break.
//!
//! A plain `threading.Lock` has no owner — any thread may release it — so a
//! thread waiting for a Lock that it (or another blocked thread) acquired
//! is not stuck while some other thread can still release it. Each program
//! here is also run by CPython (the safe ones must finish).

#[path = "common/gen_programs.rs"]
mod gen_programs;

use std::sync::atomic::AtomicBool;

use rayon::prelude::*;
use threadlab::interleave::*;

/// A worker acquires the lock, signals a helper and acquires the lock
/// again; the helper releases it. CPython finishes this every run.
const HANDOVER: &str = "\
import threading

lock = threading.Lock()
signalled = threading.Event()
count = 0


def helper():
    signalled.wait()
    lock.release()


def worker():
    global count
    lock.acquire()
    count += 1
    signalled.set()
    lock.acquire()
    count += 1
    lock.release()


h = threading.Thread(target=helper)
w = threading.Thread(target=worker)
h.start()
w.start()
w.join()
h.join()
assert count == 2
";

/// A Semaphore as a signal: the consumer waits for the producer's release.
const SEMAPHORE_SIGNAL: &str = "\
import threading

items = []
ready = threading.Semaphore(0)


def producer():
    items.append(1)
    ready.release()


def consumer():
    ready.acquire()
    assert items == [1]
    items.pop()


c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
c.join()
p.join()
assert items == []
";

fn prog(src: &str) -> Program {
    Program::parse(src).unwrap_or_else(|e| panic!("{e}\n{src}"))
}

fn solve(src: &str, granularity: Granularity) -> Verdict {
    let p = prog(src);
    let opts = SearchOptions {
        granularity,
        ..SearchOptions::default()
    };
    search(
        &p,
        &Machine::new(&p).unwrap(),
        &opts,
        &AtomicBool::new(false),
    )
    .verdict
}

/// The twin of [`HANDOVER`] whose helper never releases the lock.
fn handover_never_released() -> String {
    let src = HANDOVER.replace(
        "    signalled.wait()\n    lock.release()\n",
        "    signalled.wait()\n    print(\"helper done\")\n",
    );
    assert_ne!(src, HANDOVER);
    src
}

#[test]
fn a_lock_handed_to_another_thread_is_safe() {
    for g in [Granularity::Bytecode, Granularity::Statement] {
        assert_eq!(solve(HANDOVER, g), Verdict::Safe, "{g:?}");
    }
    // The worker, blocked on its second acquire, still waits for itself in
    // the drawing (the thread that acquired the lock), but the run goes on.
    let p = prog(HANDOVER);
    let mut s = Machine::new(&p).unwrap();
    // Main starts both; the helper parks; the worker runs until it blocks.
    while s.thread_count() < 3 || s.is_live(0) && s.waiting(&p, 0).is_none() {
        s = s.step(&p, Choice::Run(0), Granularity::Bytecode).unwrap();
    }
    while s.waiting(&p, 2).is_none() {
        s = s.step(&p, Choice::Run(2), Granularity::Bytecode).unwrap();
    }
    let v = s.view(&p);
    let self_edge = v.wait_for.iter().find(|e| e.from == 2).unwrap();
    assert_eq!(
        (self_edge.to, self_edge.via.as_str()),
        (2, "Lock 'lock' held by Thread-2")
    );
    assert_eq!(s.outcome(&p), GameOutcome::Running);
    assert_eq!(s.runnable_choices(&p), [Choice::Run(1)]);
}

#[test]
fn a_lock_nobody_will_release_is_a_deadlock() {
    let src = handover_never_released();
    let Verdict::Broken { outcome, .. } = solve(&src, Granularity::Bytecode) else {
        panic!("expected a break")
    };
    match &outcome {
        GameOutcome::Deadlock { cycle, edges } => {
            assert_eq!(cycle, &[2]);
            assert_eq!(edges[0].via, "Lock 'lock' held by Thread-2");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_semaphore_as_a_signal_is_safe() {
    for g in [Granularity::Bytecode, Granularity::Statement] {
        assert_eq!(solve(SEMAPHORE_SIGNAL, g), Verdict::Safe, "{g:?}");
    }
}

/// An RLock has an owner: a cycle of RLock waits is a deadlock the moment
/// it closes, while another thread is still busy.
#[test]
fn an_rlock_cycle_is_a_deadlock_while_others_run() {
    let src = "\
import threading
a = threading.RLock()
b = threading.RLock()
def one():
    with a:
        with b:
            pass
def two():
    with b:
        with a:
            pass
def busy():
    for i in range(3):
        pass
t3 = threading.Thread(target=busy)
t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t3.start()
t1.start()
t2.start()
";
    let p = prog(src);
    let Verdict::Broken {
        bytecode, outcome, ..
    } = solve(src, Granularity::Bytecode)
    else {
        panic!("expected a break")
    };
    assert_eq!(outcome.kind(), "deadlock");
    let end = replay(&p, &bytecode).unwrap();
    assert!(
        end.is_live(1) && end.waiting(&p, 1).is_none(),
        "busy still runs"
    );
}

/// Whether, from `s`, some schedule lets a thread of `cycle` take a step:
/// every continuation, depth first, no visited set. Returns `None` past
/// `budget` schedule prefixes.
fn some_thread_moves(p: &Program, s: &State, cycle: &[Tid], budget: &mut u64) -> Option<bool> {
    *budget = budget.checked_sub(1)?;
    if cycle.iter().any(|t| s.waiting(p, *t).is_none()) {
        return Some(true);
    }
    for c in s.runnable_choices(p) {
        let next = s.step(p, c, Granularity::Bytecode).ok()?;
        if some_thread_moves(p, &next, cycle, budget)? {
            return Some(true);
        }
    }
    Some(false)
}

/// Every state reachable from `s` (statement steps, no visited set) whose
/// outcome is a deadlock: checks that no continuation frees the cycle.
/// Returns how many deadlock states were checked, or `None` past `budget`.
fn check_deadlocks_below(p: &Program, s: &State, budget: &mut u64) -> Option<u32> {
    *budget = budget.checked_sub(1)?;
    match s.outcome(p) {
        GameOutcome::Deadlock { cycle, .. } => {
            let mut inner = 2_000_000;
            let moves = some_thread_moves(p, s, &cycle, &mut inner);
            assert_eq!(
                moves,
                Some(false),
                "cycle {cycle:?} is not dead\n{}",
                p.source()
            );
            return Some(1);
        }
        o if o.is_breaking() => return Some(0),
        _ => {}
    }
    let mut n = 0;
    for c in s.runnable_choices(p) {
        let next = s.step(p, c, Granularity::Statement).ok()?;
        n += check_deadlocks_below(p, &next, budget)?;
    }
    Some(n)
}

/// Over generated programs, many of which hand locks between threads (a
/// `release` in one, an `acquire` in another): every reachable state judged
/// a deadlock is one that no continuation escapes, checked by trying them
/// all.
#[test]
fn every_deadlock_verdict_is_one_no_schedule_escapes() {
    // The tiny statements acquire and release single locks often.
    let shape = gen_programs::Shape {
        max_workers: 2,
        units: 4,
        tiny: true,
    };
    let checked: u32 = (0..400u64)
        .into_par_iter()
        .map(|seed| {
            let p = prog(&gen_programs::program(seed, shape));
            let mut budget = 300_000;
            check_deadlocks_below(&p, &Machine::new(&p).unwrap(), &mut budget).unwrap_or(0)
        })
        .sum();
    assert!(checked >= 100, "only {checked} deadlock states");
}
