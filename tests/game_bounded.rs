//! The solver's second promise: fewest preemptions (`interleave::bounded`),
//! and `Strategy::Auto`, which keeps the shortest-schedule promise where
//! breadth-first search finishes and finds deep bugs where it cannot.
//! (`game_solver_oracle.rs` checks the counts against a naive enumerator.)

use std::sync::atomic::AtomicBool;

use threadlab::interleave::*;

fn prog(src: &str) -> Program {
    Program::parse(src).unwrap_or_else(|e| panic!("{e}\n{src}"))
}

fn solve(p: &Program, strategy: Strategy, max_states: usize) -> SearchReport {
    let start = Machine::new(p).unwrap();
    let opts = SearchOptions {
        strategy,
        max_states,
        ..SearchOptions::default()
    };
    search(p, &start, &opts, &AtomicBool::new(false))
}

/// `threads` workers, each adding 1 to a shared counter `loops` times with
/// no lock (and taking a lock for another counter, so the threads also
/// block on each other).
fn deep_counter(threads: usize, loops: usize) -> String {
    let mut src = format!(
        "import threading\nguard = threading.Lock()\ncounter = 0\nrounds = 0\n\
         def work():\n    global counter, rounds\n    for i in range({loops}):\n        \
         counter += 1\n        with guard:\n            rounds += 1\n"
    );
    for t in 1..=threads {
        src += &format!("t{t} = threading.Thread(target=work)\n");
    }
    for t in 1..=threads {
        src += &format!("t{t}.start()\n");
    }
    for t in 1..=threads {
        src += &format!("t{t}.join()\n");
    }
    src
}

const COUNTER: &str = "import threading\ncounter = 0\ndef work():\n    global counter\n    counter += 1\nt1 = threading.Thread(target=work)\nt2 = threading.Thread(target=work)\nt1.start(); t2.start()\nt1.join(); t2.join()\n";

/// Steps thread `t` (bytecode) while it can, up to `n` steps.
fn run(p: &Program, mut s: State, t: u8, n: usize, schedule: &mut Vec<Choice>) -> State {
    for _ in 0..n {
        if !s.choices(p, false).contains(&Choice::Run(t)) {
            break;
        }
        s = s.step(p, Choice::Run(t), Granularity::Bytecode).unwrap();
        schedule.push(Choice::Run(t));
    }
    s
}

#[test]
fn preemptions_count_only_switches_away_from_a_thread_that_could_go_on() {
    let p = prog(COUNTER);
    let start = Machine::new(&p).unwrap();
    let count = |sched: &[Choice]| preemptions(&p, &start, None, sched, Granularity::Bytecode);
    // Main until it blocks in t1.join(), then t1 to its end, main, t2 to
    // its end, main: every switch is at a blocked or finished thread.
    let mut serial = Vec::new();
    let mut s = run(&p, start.clone(), 0, 1000, &mut serial);
    s = run(&p, s, 1, 1000, &mut serial);
    s = run(&p, s, 0, 1000, &mut serial);
    s = run(&p, s, 2, 1000, &mut serial);
    s = run(&p, s, 0, 1000, &mut serial);
    assert_eq!(s.outcome(&p), GameOutcome::Finished);
    assert_eq!(count(&serial), Some(0));
    // t1 is switched away from after k of its steps, t2 runs to its end,
    // then t1 and main (free switches: t2 finished, main waits for t1).
    // One preemption each, and for some k (between t1's read and write of
    // the counter) an update is lost.
    let mut s0 = Vec::new();
    let s = run(&p, start.clone(), 0, 1000, &mut s0);
    let t1_steps = {
        let mut probe = Vec::new();
        run(&p, s.clone(), 1, 1000, &mut probe);
        probe.len()
    };
    let mut lost = 0;
    for k in 1..t1_steps {
        let mut racy = s0.clone();
        let mut x = run(&p, s.clone(), 1, k, &mut racy);
        x = run(&p, x, 2, 1000, &mut racy);
        x = run(&p, x, 1, 1000, &mut racy);
        x = run(&p, x, 0, 1000, &mut racy);
        assert_ne!(x.outcome(&p), GameOutcome::Running, "{racy:?}");
        assert_eq!(count(&racy), Some(1), "{racy:?}");
        lost += usize::from(x.outcome(&p).kind() == "lost-update");
    }
    assert!(lost > 0);
    // Switching away from the main thread while it could still start t2
    // is a preemption too; a schedule that does not replay has no count.
    let mut early = Vec::new();
    let mut s = start.clone();
    while !s.choices(&p, false).contains(&Choice::Run(1)) {
        s = run(&p, s, 0, 1, &mut early);
    }
    assert!(s.choices(&p, false).contains(&Choice::Run(0)));
    run(&p, s, 1, 1, &mut early);
    assert_eq!(count(&early), Some(1));
    assert_eq!(count(&[Choice::Run(3)]), None);
}

#[test]
fn a_deep_lost_update_is_found_with_one_preemption() {
    // Every thread must finish before the update shows as lost: thousands
    // of steps deep, far past what breadth first explores.
    let p = prog(&deep_counter(4, 40));
    let shortest = solve(&p, Strategy::Shortest, 60_000);
    assert!(
        matches!(
            shortest.verdict,
            Verdict::TooManyStates {
                preemptions: None,
                ..
            }
        ),
        "{:?}",
        shortest.verdict
    );
    for strategy in [Strategy::Auto, Strategy::FewestPreemptions] {
        let r = solve(&p, strategy, 1_000_000);
        let Verdict::Broken {
            schedule,
            bytecode,
            outcome,
            preemptions,
            promise,
        } = &r.verdict
        else {
            panic!("{strategy:?}: {:?}", r.verdict)
        };
        assert_eq!(*promise, Promise::FewestPreemptions);
        assert_eq!(*preemptions, 1, "{strategy:?}");
        assert_eq!(outcome.kind(), "lost-update");
        assert!(schedule.len() > 1000, "{}", schedule.len());
        let end = replay(&p, bytecode).unwrap();
        assert_eq!(&end.outcome(&p), outcome);
        let start = Machine::new(&p).unwrap();
        assert_eq!(
            preemptions_of(&p, &start, bytecode),
            1,
            "the replayed schedule has the count the verdict says"
        );
    }
}

fn preemptions_of(p: &Program, start: &State, bytecode: &[Choice]) -> u32 {
    preemptions(p, start, None, bytecode, Granularity::Bytecode).unwrap()
}

#[test]
fn every_level_keeps_its_verdict_and_shortest_schedule_under_auto() {
    for l in levels() {
        for (which, src) in [("bug", l.source), ("fixed", l.fixed)] {
            let p = prog(src);
            let bfs = solve(&p, Strategy::Shortest, 2_000_000);
            let auto = solve(&p, Strategy::Auto, 2_000_000);
            assert_eq!(auto.verdict, bfs.verdict, "{} {which}", l.id);
            match &auto.verdict {
                Verdict::Broken { promise, .. } => {
                    assert_eq!(*promise, Promise::Shortest, "{} {which}", l.id)
                }
                v => assert!(v.is_safe(), "{} {which}: {v:?}", l.id),
            }
        }
    }
}

#[test]
fn the_bounded_search_proves_small_programs_safe_and_finds_shallow_bugs() {
    let fixed = COUNTER
        .replace("counter = 0\n", "counter = 0\nlock = threading.Lock()\n")
        .replace(
            "    counter += 1\n",
            "    with lock:\n        counter += 1\n",
        );
    let p = prog(&fixed);
    let r = solve(&p, Strategy::FewestPreemptions, 100_000);
    assert!(r.verdict.is_safe(), "{:?}", r.verdict);
    // The two-thread counter: one preemption at the fewest. The shortest
    // schedule switches to t1 as soon as main has started it (while main
    // could go on) and back to main: more preemptions, fewer steps.
    let p = prog(COUNTER);
    let broken = |strategy| match solve(&p, strategy, 100_000).verdict {
        Verdict::Broken {
            schedule,
            preemptions,
            promise,
            ..
        } => (schedule.len(), preemptions, promise),
        v => panic!("{strategy:?}: {v:?}"),
    };
    let (few_len, few, promise) = broken(Strategy::FewestPreemptions);
    assert_eq!((few, promise), (1, Promise::FewestPreemptions));
    let (short_len, short, promise) = broken(Strategy::Shortest);
    assert_eq!(promise, Promise::Shortest);
    assert!(
        short >= few && short_len <= few_len,
        "{short} {short_len} {few_len}"
    );
    assert_eq!(
        broken(Strategy::Auto),
        (short_len, short, Promise::Shortest)
    );
}

#[test]
fn the_bounded_search_stops_at_its_budget_and_when_cancelled() {
    let p = prog(&deep_counter(3, 3));
    let start = Machine::new(&p).unwrap();
    // Too small a budget: bound 0 is not even finished.
    let tiny = solve(&p, Strategy::FewestPreemptions, 10);
    assert_eq!(
        tiny.verdict,
        Verdict::TooManyStates {
            depth: 0,
            preemptions: None
        }
    );
    let opts = SearchOptions {
        strategy: Strategy::FewestPreemptions,
        ..SearchOptions::default()
    };
    let r = search(&p, &start, &opts, &AtomicBool::new(true));
    assert_eq!(r.verdict, Verdict::Cancelled);
    // A locked program too big for bound 1 within the budget: it says
    // which bound it finished.
    let locked = deep_counter(3, 3).replace(
        "        counter += 1\n        with guard:\n            rounds += 1\n",
        "        with guard:\n            counter += 1\n            rounds += 1\n",
    );
    let p = prog(&locked);
    match solve(&p, Strategy::FewestPreemptions, 5_000).verdict {
        Verdict::TooManyStates {
            preemptions: Some(c),
            ..
        } => assert!(c < 3, "{c}"),
        v => panic!("{v:?}"),
    }
}

#[test]
fn the_game_reports_the_preemptions_of_the_schedule_played() {
    let src = deep_counter(2, 10);
    let found = game::search_from(
        &game::GameSearchRequest {
            source: src.clone(),
            schedule: String::new(),
            statements: false,
            spurious_wakeups: true,
            max_states: 1_000_000.0,
            compare: false,
            strategy: Some(Strategy::FewestPreemptions),
            gil_switch_points: None,
        },
        false,
        &AtomicBool::new(false),
    )
    .done()
    .unwrap();
    let Verdict::Broken { preemptions, .. } = found.report.verdict else {
        panic!("{:?}", found.report.verdict)
    };
    let end = game::state(&game::GameRequest {
        source: src,
        schedule: found.schedule.unwrap(),
        gil_switch_points: None,
    })
    .done()
    .unwrap();
    assert!(end.breaking);
    assert_eq!(end.preemptions, preemptions);
    assert_eq!(preemptions, 1);
}
