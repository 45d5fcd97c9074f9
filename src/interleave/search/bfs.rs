//! Breadth-first search over states, level by level on the rayon pool: the
//! first breaking state found is reached by a shortest schedule.

use super::*;

const SHARDS: usize = 64;

pub(super) fn now_ms() -> f64 {
    crate::clock::now_ms()
}

/// Most items of one piece of a level's pool phase: about 10–30 µs of
/// work (a frontier state costs 1–3 µs), so a thread that finishes early
/// takes over the rest in pieces.
const PIECE: usize = 8;

/// Below this many items a level is processed on the calling thread: the
/// levels of small programs hold a few dozen states, and handing those to
/// the pool costs more than it saves. (The answer is the same either way.)
const PARALLEL_MIN: usize = 256;

/// Whether each wide level goes to the pool, decided from what the
/// search has measured so far. On a 2-CPU VM in Chromium, levels of a few
/// hundred to a few thousand states took up to 1.5× longer on 2 workers
/// than on 1, both when the second CPU was busy with other work and when a
/// kernel that shares nothing ran 1.5–2× faster on 2. The answer is the
/// same either way, so the search times its own wide levels per state
/// (the whole level: the pass, the merge and the dedup), both ways, and
/// sends each to the cheaper. A level right after a switch is not timed:
/// it pays for the switch (states made on the other core, blocks freed
/// far from where they were allocated). Two wide levels in every
/// [`PROBE_EVERY`] try the other way again, so a change in the machine's
/// load is seen. It starts with two levels on this thread, then two on the
/// pool.
#[derive(Default)]
struct Chooser {
    /// Recent cost of a frontier state (ms) on this thread, on the pool.
    alone: Option<f64>,
    pooled: Option<f64>,
    /// Wide levels so far.
    wide: u32,
    /// Where the last wide level ran.
    last: Option<bool>,
}

/// Every this many wide levels, two try the way that lost again.
const PROBE_EVERY: u32 = 8;

impl Chooser {
    /// Whether a level of `n` frontier states goes to the pool.
    fn pool(&mut self, parallel: bool, n: usize) -> bool {
        if !parallel || n < PARALLEL_MIN {
            return false;
        }
        self.wide += 1;
        match (self.alone, self.pooled) {
            _ if self.wide <= 2 => false,
            _ if self.wide <= 4 => true,
            (Some(a), Some(p)) => (p < a) != (self.wide % PROBE_EVERY < 2),
            // A run too short to time (the search hit a narrow level).
            (None, _) => false,
            (Some(_), None) => true,
        }
    }

    /// A wide level took `ms` for `n` frontier states.
    fn timed(&mut self, pooled: bool, n: usize, ms: f64) {
        let settled = self.last == Some(pooled);
        self.last = Some(pooled);
        if !settled {
            return;
        }
        let cost = ms / n.max(1) as f64;
        let slot = if pooled {
            &mut self.pooled
        } else {
            &mut self.alone
        };
        // The mean of the last two: levels next to each other cost about
        // the same per state; older ones may not.
        *slot = Some(slot.map_or(cost, |c| (c + cost) / 2.0));
    }
}

struct Child {
    fp: u128,
    parent: u128,
    choice: Choice,
    state: State,
}

/// What one frontier state gives in a level's pool phase.
enum Visit {
    /// It breaks the program (judged first; it is not expanded).
    Breaks,
    /// Its successors not seen at earlier levels, in choice order.
    Children(Vec<Child>),
    /// The model refused a step from it.
    Refused(u128, Choice, StepError),
    /// A state of the level before that lost its dedup, dropped here.
    Dropped,
}

/// The visited set, split by fingerprint so that the pool's threads
/// reading it while they expand rarely wait for one lock: fingerprint →
/// (parent's fingerprint, choice from the parent).
type Seen = [Mutex<HashMap<u128, (u128, Choice)>>];

fn shard_of(fp: u128) -> usize {
    (fp as usize) % SHARDS
}

/// One state of the frontier: judged, then (when `expand`) its successors
/// not seen at earlier levels. The visited set is only read here, so the
/// result does not depend on which thread runs it.
fn visit(
    program: &Program,
    opts: &SearchOptions,
    seen: &Seen,
    expand: bool,
    cancel: &(impl StopFlag + ?Sized),
    (fp, s): (u128, State),
) -> Visit {
    if s.breaks(program) {
        return Visit::Breaks;
    }
    if !expand || cancel.stop_requested() {
        return Visit::Children(Vec::new());
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
            return Visit::Refused(fp, c, e);
        }
        let xfp = fingerprint(&x);
        if seen[shard_of(xfp)].lock().unwrap().contains_key(&xfp) {
            continue;
        }
        out.push(Child {
            fp: xfp,
            parent: fp,
            choice: c,
            state: x,
        });
    }
    Visit::Children(out)
}

/// Which of `children` are new states, in frontier order: the first
/// candidate for a fingerprint wins (as in a sequential search), and the
/// winners are entered in `seen`. On the calling thread: a few percent of
/// a level. (A dedup shard by shard on the pool was written for levels of
/// 4,096 children and more, but it compared the 64 shards against the
/// 256-item threshold, so it never ran.)
fn dedup(seen: &Seen, children: &[Child]) -> Vec<bool> {
    let mut keep = vec![false; children.len()];
    for (k, c) in keep.iter_mut().zip(children) {
        let mut map = seen[shard_of(c.fp)].lock().unwrap();
        if let std::collections::hash_map::Entry::Vacant(e) = map.entry(c.fp) {
            e.insert((c.parent, c.choice));
            *k = true;
        }
    }
    keep
}

/// Breadth first: the shortest breaking schedule, or every state.
///
/// One pool phase per level: each state of the frontier is judged and then
/// expanded in the same pass, and the states the previous level's dedup
/// threw away are dropped in it too. The checks run in the order of a
/// search that judges a level as soon as it is made (break, then model
/// error, then budget), so the verdict, the counts and the schedule are the
/// same; a level that will not be expanded (budget or depth reached) is
/// only judged.
// Long because one level is one loop body whose checks must keep their
// order (see above); its pieces share the level's locals.
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

    let seen: Vec<Mutex<HashMap<u128, (u128, Choice)>>> = (0..SHARDS)
        .map(|_| Mutex::new(HashMap::default()))
        .collect();
    let start_fp = fingerprint(start);
    seen[shard_of(start_fp)]
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

    let path_to = |seen: &Seen, mut fp: u128| {
        let mut path = Vec::new();
        while fp != start_fp {
            let (parent, choice) = seen[shard_of(fp)].lock().unwrap()[&fp];
            path.push(choice);
            fp = parent;
        }
        path.reverse();
        path
    };

    if start.breaks(program) {
        let v = broken_verdict(program, start, opts, Vec::new(), Promise::Shortest);
        return report(v, states, transitions, 0);
    }

    // The newest level, judged at the start of the next pass; the states
    // its dedup threw away, dropped in that pass; the first refusal met
    // while making it.
    let mut frontier: Vec<(u128, State)> = vec![(start_fp, start.clone())];
    let mut garbage: Vec<State> = Vec::new();
    let mut refused: Option<(Vec<Choice>, StepError)> = None;
    let mut depth = 0u32;
    let mut chooser = Chooser::default();
    loop {
        let expand = refused.is_none()
            && states as usize <= max_states
            && depth < max_depth
            && !cancel.stop_requested();
        let fps: Vec<u128> = frontier.iter().map(|(fp, _)| *fp).collect();
        let n = frontier.len();
        let pooled = chooser.pool(opts.parallel && threads > 1, n);
        let phase = now_ms();
        let visits = visit_all(pooled, frontier, std::mem::take(&mut garbage), |x| {
            visit(program, opts, &seen, expand, cancel, x)
        });
        // Is any state of the newest level broken? The first one in order
        // is the answer.
        if let Some(i) = visits.iter().position(|v| matches!(v, Visit::Breaks)) {
            let schedule = path_to(&seen, fps[i]);
            let v = broken_verdict(program, start, opts, schedule, Promise::Shortest);
            return report(v, states, transitions, depth);
        }
        if let Some((schedule, error)) = refused {
            return report(
                Verdict::ModelError { schedule, error },
                states,
                transitions,
                depth,
            );
        }
        if states as usize > max_states {
            let v = Verdict::TooManyStates {
                depth,
                preemptions: None,
            };
            return report(v, states, transitions, depth);
        }
        if fps.is_empty() {
            return report(Verdict::Safe, states, transitions, depth);
        }
        if depth >= max_depth {
            return report(Verdict::Bounded { depth }, states, transitions, depth);
        }
        if cancel.stop_requested() {
            return report(Verdict::Cancelled, states, transitions, depth);
        }
        let mut children: Vec<Child> = Vec::new();
        for v in visits {
            match v {
                Visit::Children(c) => children.extend(c),
                Visit::Refused(fp, c, e) => {
                    if refused.is_none() {
                        let mut schedule = path_to(&seen, fp);
                        schedule.push(c);
                        refused = Some((schedule, e));
                    }
                }
                Visit::Breaks | Visit::Dropped => {}
            }
        }
        transitions += children.len() as u64;
        let keep = dedup(&seen, &children);
        frontier = Vec::new();
        for (c, k) in children.into_iter().zip(keep) {
            if k {
                frontier.push((c.fp, c.state));
            } else {
                garbage.push(c.state);
            }
        }
        states += frontier.len() as u64;
        depth += 1;
        cancel.explored(states);
        if n >= PARALLEL_MIN {
            chooser.timed(pooled, n, now_ms() - phase);
        }
    }
}

/// A level's pool phase: [`visit`] every frontier state (results in
/// frontier order) and drop `garbage`, each state on the thread that
/// touches it: dropping a level's states afterwards on the calling thread
/// was a serial step of every level (natively, two threads on the `stress`
/// program of `bench/native_solver.rs` went from 1.28–1.38× to 1.65–1.81×
/// one thread's speed when they were dropped on the pool).
fn visit_all(
    parallel: bool,
    frontier: Vec<(u128, State)>,
    garbage: Vec<State>,
    f: impl Fn((u128, State)) -> Visit + Sync + Send,
) -> Vec<Visit> {
    if parallel {
        // Small pieces: rayon splits a range only log2(threads) times
        // unless a piece is stolen, and the dropped states (the cheap tail)
        // would then be one thread's whole share while the other expands.
        frontier
            .into_par_iter()
            .map(f)
            .chain(garbage.into_par_iter().map(|s| {
                drop(s);
                Visit::Dropped
            }))
            .with_max_len(PIECE)
            .collect()
    } else {
        drop(garbage);
        frontier.into_iter().map(f).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chooser_sends_wide_levels_where_a_state_was_cheaper() {
        let mut c = Chooser::default();
        // Narrow levels, and searches without a pool, stay on this thread.
        assert!(!c.pool(true, PARALLEL_MIN - 1));
        assert!(!c.pool(false, 10 * PARALLEL_MIN));
        assert_eq!(c.wide, 0);
        // Two wide levels alone, two on the pool; the first of each pair
        // (right after a switch) is not timed.
        let run = |c: &mut Chooser, ms: f64| {
            let p = c.pool(true, 1000);
            c.timed(p, 1000, if p { ms } else { 2.0 });
            p
        };
        let start: Vec<bool> = [3.0, 3.0, 9.0, 3.0].map(|ms| run(&mut c, ms)).to_vec();
        assert_eq!(start, [false, false, true, true]);
        assert_eq!(c.pooled, Some(0.003), "only the second pool level counts");
        // The pool was slower: alone, but two in every 8 probe it.
        let picks: Vec<bool> = (0..16).map(|_| run(&mut c, 3.0)).collect();
        assert_eq!(picks.iter().filter(|&&p| p).count(), 4, "{picks:?}");
        assert!(picks[3] && picks[4] && picks[11] && picks[12], "{picks:?}");
        // Now the pool is cheaper: it wins, and two in every 8 go alone.
        // (It is seen at the next probe.)
        let picks: Vec<bool> = (0..16).map(|_| run(&mut c, 1.0)).collect();
        assert!(picks[11..].iter().all(|&p| p), "{picks:?}");
        let picks: Vec<bool> = (0..8).map(|_| run(&mut c, 1.0)).collect();
        assert_eq!(picks.iter().filter(|&&p| !p).count(), 2, "{picks:?}");
    }
}
