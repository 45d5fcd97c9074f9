//! Breadth-first search over states, level by level on the rayon pool: the
//! first breaking state found is reached by a shortest schedule.

use super::*;

const SHARDS: usize = 64;

pub(super) fn now_ms() -> f64 {
    crate::clock::now_ms()
}

/// Below this many items a level is processed on the calling thread: the
/// levels of small programs hold a few dozen states, and handing those to
/// the pool costs more than it saves. (The answer is the same either way.)
const PARALLEL_MIN: usize = 256;

/// Maps `f` over `items`, on the current rayon pool or sequentially; the
/// result is in `items` order either way.
pub(super) fn map_all<T: Sync, U: Send>(
    parallel: bool,
    items: &[T],
    f: impl Fn(usize, &T) -> U + Sync + Send,
) -> Vec<U> {
    if parallel && items.len() >= PARALLEL_MIN {
        items.par_iter().enumerate().map(|(i, x)| f(i, x)).collect()
    } else {
        items.iter().enumerate().map(|(i, x)| f(i, x)).collect()
    }
}

/// [`map_all`] for owned items: each item is dropped where it was mapped,
/// on the pool thread that mapped it. Dropping a level's states afterwards
/// on the calling thread was a serial step of every level (natively, two
/// threads on the `stress` program of `bench/native_solver.rs` went from
/// 1.28–1.38× to 1.65–1.81× one thread's speed, runs alternated).
pub(super) fn map_owned<T: Send, U: Send>(
    parallel: bool,
    items: Vec<T>,
    f: impl Fn(T) -> U + Sync + Send,
) -> Vec<U> {
    if parallel && items.len() >= PARALLEL_MIN {
        items.into_par_iter().map(f).collect()
    } else {
        items.into_iter().map(f).collect()
    }
}

struct Child {
    fp: u128,
    parent: u128,
    choice: Choice,
    state: Option<State>,
}

/// Breadth first: the shortest breaking schedule, or every state.
// Long because one level of the search is one loop body: expand every
// state of the frontier in parallel, merge into the sharded seen-set, and
// stop at the first breaking state; its pieces share the level's locals.
pub(super) fn shortest(
    program: &Program,
    start: &State,
    opts: &SearchOptions,
    max_states: usize,
    cancel: &(impl StopFlag + ?Sized),
) -> SearchReport {
    let t0 = now_ms();
    let threads = if opts.parallel {
        rayon::current_num_threads()
    } else {
        1
    };
    let max_depth = opts.max_depth.min(MAX_SEARCH_DEPTH);

    let shards: Vec<Mutex<HashMap<u128, (u128, Choice)>>> = (0..SHARDS)
        .map(|_| Mutex::new(HashMap::default()))
        .collect();
    let shard_of = |fp: u128| (fp as usize) % SHARDS;
    let start_fp = fingerprint(start);
    shards[shard_of(start_fp)]
        .lock()
        .unwrap()
        .insert(start_fp, (start_fp, Choice::Run(0)));
    let mut states: u64 = 1;
    let mut transitions: u64 = 0;

    let report = |verdict: Verdict, states: u64, transitions: u64, depth: u32| {
        let elapsed_ms = now_ms() - t0;
        SearchReport {
            verdict,
            states,
            transitions,
            depth,
            elapsed_ms,
            states_per_sec: if elapsed_ms > 0.0 {
                states as f64 / (elapsed_ms / 1e3)
            } else {
                0.0
            },
            threads,
        }
    };

    let path_to = |shards: &[Mutex<HashMap<u128, (u128, Choice)>>], mut fp: u128| {
        let mut path = Vec::new();
        while fp != start_fp {
            let (parent, choice) = shards[shard_of(fp)].lock().unwrap()[&fp];
            path.push(choice);
            fp = parent;
        }
        path.reverse();
        path
    };

    let broken =
        |schedule: Vec<Choice>| broken_verdict(program, start, opts, schedule, Promise::Shortest);

    if start.breaks(program) {
        let v = broken(Vec::new());
        return report(v, states, transitions, 0);
    }

    let mut frontier: Vec<(u128, State)> = vec![(start_fp, start.clone())];
    let mut depth = 0u32;
    while !frontier.is_empty() {
        if depth >= max_depth {
            return report(Verdict::Bounded { depth }, states, transitions, depth);
        }
        if cancel.stop_requested() {
            return report(Verdict::Cancelled, states, transitions, depth);
        }
        // 1. Successors of every frontier state, in frontier order. States
        //    seen at earlier levels are dropped here (the visited set is
        //    only read in this phase, so this is deterministic).
        //    The frontier is consumed: each state is dropped on the thread
        //    that expanded it.
        let expanded: Vec<Result<Vec<Child>, (u128, Choice, StepError)>> =
            map_owned(opts.parallel, frontier, |(fp, s)| {
                if cancel.stop_requested() {
                    return Ok(Vec::new());
                }
                let mut out = Vec::new();
                let choices = s.choices(program, opts.spurious_wakeups);
                let last = choices.len().saturating_sub(1);
                // The last choice takes the state itself: one copy fewer.
                let mut s = Some(s);
                for (i, c) in choices.into_iter().enumerate() {
                    let mut x = if i == last {
                        s.take().unwrap()
                    } else {
                        s.as_ref().unwrap().clone()
                    };
                    if let Err(e) = x.step_in_place(program, c, opts.granularity, &mut |_| {}) {
                        return Err((fp, c, e));
                    }
                    let xfp = fingerprint(&x);
                    if shards[shard_of(xfp)].lock().unwrap().contains_key(&xfp) {
                        continue;
                    }
                    out.push(Child {
                        fp: xfp,
                        parent: fp,
                        choice: c,
                        state: Some(x),
                    });
                }
                Ok(out)
            });
        if cancel.stop_requested() {
            return report(Verdict::Cancelled, states, transitions, depth);
        }
        let mut children: Vec<Child> = Vec::new();
        let mut model_error = None;
        for r in expanded {
            match r {
                Ok(v) => children.extend(v),
                Err((fp, c, e)) => {
                    if model_error.is_none() {
                        let mut sched = path_to(&shards, fp);
                        sched.push(c);
                        model_error = Some((sched, e));
                    }
                }
            }
        }
        transitions += children.len() as u64;
        // 2. Deduplicate, shard by shard, in frontier order: the first
        //    candidate for a state wins, as in the sequential search.
        let mut by_shard: Vec<Vec<usize>> = vec![Vec::new(); SHARDS];
        for (i, c) in children.iter().enumerate() {
            by_shard[shard_of(c.fp)].push(i);
        }
        let winners: Vec<Vec<usize>> = map_all(
            opts.parallel && children.len() >= 16 * PARALLEL_MIN,
            &by_shard,
            |k, idxs| {
                let mut map = shards[k].lock().unwrap();
                let mut won = Vec::new();
                for &i in idxs {
                    let c = &children[i];
                    if let std::collections::hash_map::Entry::Vacant(e) = map.entry(c.fp) {
                        e.insert((c.parent, c.choice));
                        won.push(i);
                    }
                }
                won
            },
        );
        let mut keep = vec![false; children.len()];
        for w in winners.iter().flatten() {
            keep[*w] = true;
        }
        // Losers are dropped on the pool too (see `map_owned`). 3. Each new
        // state is judged in the same pass (one pool round trip per phase
        // costs more than the work on levels of a few hundred states).
        let judged: Vec<(u128, State, bool)> = map_owned(
            opts.parallel,
            children.into_iter().zip(keep).collect(),
            |(mut c, k)| {
                k.then(|| {
                    let s = c.state.take().unwrap();
                    let breaks = s.breaks(program);
                    (c.fp, s, breaks)
                })
            },
        )
        .into_iter()
        .flatten()
        .collect();
        states += judged.len() as u64;
        depth += 1;
        cancel.explored(states);
        // Is any new state broken? The first one in order is the answer.
        if let Some((fp, _, _)) = judged.iter().find(|j| j.2) {
            let v = broken(path_to(&shards, *fp));
            return report(v, states, transitions, depth);
        }
        let next: Vec<(u128, State)> = judged.into_iter().map(|(fp, s, _)| (fp, s)).collect();
        if let Some((schedule, error)) = model_error {
            return report(
                Verdict::ModelError { schedule, error },
                states,
                transitions,
                depth,
            );
        }
        if states as usize > max_states {
            return report(
                Verdict::TooManyStates {
                    depth,
                    preemptions: None,
                },
                states,
                transitions,
                depth,
            );
        }
        frontier = next;
    }
    report(Verdict::Safe, states, transitions, depth)
}
