//! The breadth-first search's verdict at every budget, against a plain
//! reference.
//!
//! The solver judges a level's new states in the same team pass that
//! expands them (see `src/interleave/search/bfs.rs`), so its checks
//! (break, model error, state budget, depth, end) run one pass later than
//! they are written here. This reference does each level
//! the simple way: expand, deduplicate, judge, check; full states in a
//! `HashSet`, no fingerprints, no pool. Every budget from 1 state up, and
//! every depth limit, must give the same verdict, the same counts and the
//! same schedule, on one thread and on a pool of 2 and of 3.

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;

use threadlab::interleave::*;

/// What the reference found: the verdict and the counts.
#[derive(Debug, PartialEq)]
struct Found {
    verdict: Verdict,
    states: u64,
    transitions: u64,
    depth: u32,
}

/// Breadth first, judging each level as soon as it is made.
fn reference(p: &Program, start: &State, max_states: u64, max_depth: u32) -> Found {
    reference_levels(p, start, max_states, max_depth, &mut Vec::new())
}

/// [`reference`], also telling the states counted after each level.
// A state's parts remember their fingerprint in atomics, a cache that its
// `Hash` and `Eq` never read: safe as a set's key.
#[allow(clippy::mutable_key_type)]
fn reference_levels(
    p: &Program,
    start: &State,
    max_states: u64,
    max_depth: u32,
    levels: &mut Vec<u64>,
) -> Found {
    let found = |verdict, states, transitions, depth| Found {
        verdict,
        states,
        transitions,
        depth,
    };
    if start.breaks(p) {
        return found(broken(p, start, vec![]), 1, 0, 0);
    }
    let mut seen: HashSet<State> = HashSet::from([start.clone()]);
    let mut frontier: Vec<(State, Vec<Choice>)> = vec![(start.clone(), vec![])];
    let (mut states, mut transitions, mut depth) = (1u64, 0u64, 0u32);
    while !frontier.is_empty() {
        if depth >= max_depth {
            return found(Verdict::Bounded { depth }, states, transitions, depth);
        }
        let mut children = Vec::new();
        let mut refused = None;
        'states: for (s, path) in &frontier {
            let mut mine = Vec::new();
            for c in s.choices(p, true) {
                let mut to = path.clone();
                to.push(c);
                match s.step(p, c, Granularity::Bytecode) {
                    // A refusal drops the state's other successors.
                    Err(error) => {
                        refused.get_or_insert((to, error));
                        continue 'states;
                    }
                    Ok(x) if !seen.contains(&x) => mine.push((x, to)),
                    Ok(_) => {}
                }
            }
            children.extend(mine);
        }
        transitions += children.len() as u64;
        let mut next = Vec::new();
        for (x, to) in children {
            if seen.insert(x.clone()) {
                next.push((x, to));
            }
        }
        states += next.len() as u64;
        levels.push(states);
        depth += 1;
        if let Some((_, to)) = next.iter().find(|(s, _)| s.breaks(p)) {
            return found(broken(p, start, to.clone()), states, transitions, depth);
        }
        if let Some((schedule, error)) = refused {
            let v = Verdict::ModelError { schedule, error };
            return found(v, states, transitions, depth);
        }
        if states > max_states {
            let v = Verdict::TooManyStates {
                depth,
                preemptions: None,
            };
            return found(v, states, transitions, depth);
        }
        frontier = next;
    }
    found(Verdict::Safe, states, transitions, depth)
}

/// The solver's verdict for a break found along `schedule`.
fn broken(p: &Program, start: &State, schedule: Vec<Choice>) -> Verdict {
    let mut s = start.clone();
    let mut bytecode = Vec::new();
    for c in &schedule {
        let (next, taken) = s.step_expanded(p, *c, Granularity::Bytecode).unwrap();
        bytecode.extend(taken);
        s = next;
    }
    Verdict::Broken {
        preemptions: preemptions(p, start, None, &schedule, Granularity::Bytecode).unwrap(),
        schedule,
        bytecode,
        outcome: s.outcome(p),
        promise: Promise::Shortest,
    }
}

fn solver(p: &Program, start: &State, max_states: u64, max_depth: u32, parallel: bool) -> Found {
    let opts = SearchOptions {
        max_states: max_states as usize,
        max_depth,
        parallel,
        strategy: Strategy::Shortest,
        ..SearchOptions::default()
    };
    let r = search(p, start, &opts, &AtomicBool::new(false));
    Found {
        verdict: r.verdict,
        states: r.states,
        transitions: r.transitions,
        depth: r.depth,
    }
}

/// Every budget of states around each level's end (the budget is checked
/// after a level) and every depth limit below the search's end, on one
/// thread and on pools of 2 and 3. Returns the whole search's verdict.
fn check(src: &str) -> Verdict {
    let p = Program::parse(src).unwrap();
    let start = Machine::new(&p).unwrap();
    let mut levels = Vec::new();
    let whole = reference_levels(&p, &start, u64::MAX, 1_000, &mut levels);
    assert_eq!(solver(&p, &start, 2_000_000, 1_000, false), whole, "{src}");
    let pools: Vec<rayon::ThreadPool> = [2, 3]
        .iter()
        .map(|&n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
        })
        .collect();
    // At most ~12 levels and depths each, spread over the search.
    let every = levels.len().div_ceil(12).max(1);
    let budgets = levels
        .iter()
        .step_by(every)
        .chain(levels.last())
        .flat_map(|&n| [n - 1, n, n + 1])
        .filter(|&m| m >= 1)
        .map(|m| (m, 1_000));
    let depths = (0..=whole.depth + 1)
        .step_by(every)
        .chain([whole.depth, whole.depth + 1])
        .map(|d| (2_000_000, d));
    for (m, d) in budgets.chain(depths) {
        let want = reference(&p, &start, m, d);
        assert_eq!(
            solver(&p, &start, m, d, false),
            want,
            "{src} budget {m} depth {d}"
        );
        for pool in &pools {
            let got = pool.install(|| solver(&p, &start, m, d, true));
            assert_eq!(
                got,
                want,
                "{src} budget {m} depth {d} on {} threads",
                pool.current_num_threads()
            );
        }
    }
    whole.verdict
}

/// Two threads running `body` (lines of `work`, indented by 4), then
/// `after` at the end of the program.
fn two_threads(body: &[&str], after: &str) -> String {
    let mut src = String::from("import threading\nlock = threading.Lock()\nn = 0\n");
    src += "def work():\n    global n\n";
    for line in body {
        src += &format!("    {line}\n");
    }
    src += "t1 = threading.Thread(target=work)\nt2 = threading.Thread(target=work)\n";
    src += "t1.start()\nt2.start()\nt1.join()\nt2.join()\n";
    src + after
}

#[test]
fn a_lost_update_at_every_budget() {
    let v = check(&two_threads(&["n += 1"], "assert n == 2\n"));
    assert!(matches!(v, Verdict::Broken { .. }), "{v:?}");
}

#[test]
fn a_safe_program_at_every_budget() {
    check(&two_threads(
        &["with lock:", "    n += 1"],
        "assert n == 2\n",
    ));
}

#[test]
fn a_refusal_at_every_budget() {
    // Python the model does not run (a timeout), reached by either thread
    // after a few steps: the refusal's schedule is the first one met in
    // breadth-first order.
    let v = check(&two_threads(&["n += 1", "lock.acquire(timeout=1)"], ""));
    assert!(matches!(v, Verdict::ModelError { .. }), "{v:?}");
}

#[test]
fn wide_levels_at_every_budget() {
    // Three threads: levels of a few hundred states, so the pool's path
    // (levels of at least 256 states) runs.
    let mut src = two_threads(&["with lock:", "    n += 1"], "");
    src = src.replace(
        "t1.start()",
        "t3 = threading.Thread(target=work)\nt3.start()\nt1.start()",
    );
    src += "t3.join()\nassert n == 3\n";
    let p = Program::parse(&src).unwrap();
    let mut levels = Vec::new();
    reference_levels(&p, &Machine::new(&p).unwrap(), u64::MAX, 1_000, &mut levels);
    let widest = levels.windows(2).map(|w| w[1] - w[0]).max().unwrap();
    assert!(widest >= 256, "widest level {widest}");
    assert_eq!(check(&src), Verdict::Safe);
}
