//! Breadth-first search over states, level by level on the rayon pool: the
//! first breaking state found is reached by a shortest schedule.

use super::*;

const SHARDS: usize = 64;

pub(super) fn now_ms() -> f64 {
    crate::clock::now_ms()
}

/// Most parents' candidates in one piece of a level's pass: about 10–30 µs
/// of work (a frontier state costs 1–3 µs), so a thread that finishes
/// early takes over the rest in pieces.
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

/// A successor made in a level's pass: a candidate for the next level.
/// Whether it *is* in the next level is known only once the whole pass is
/// done (another thread may still find the same state from an earlier
/// parent), so it is settled at the start of the next pass.
struct Child {
    fp: u128,
    /// Its place in the search's order: (position of its parent among the
    /// level's candidates, index of its choice). The lowest wins a tie.
    order: u64,
    state: State,
}

/// What one candidate gives in a level's pass.
enum Visit {
    /// It won its fingerprint and breaks the program (judged first; it is
    /// not expanded).
    Breaks(u128),
    /// It won its fingerprint: its successors that may still win theirs,
    /// in choice order.
    Children(Transitions, Vec<Child>),
    /// The model refused a step from it.
    Refused(u128, Choice, StepError),
    /// Another candidate won its fingerprint; this one was dropped here,
    /// by the thread that met it.
    Lost,
}

/// What one state's expansion added to the level's counts.
struct Transitions {
    /// Successors not seen at earlier levels (the search's transitions).
    made: u64,
    /// Of those, states no candidate had before.
    fresh: u64,
}

/// What the visited set keeps per fingerprint: where it was first reached
/// from, at which level, and the order of the candidate that holds it.
#[derive(Clone, Copy)]
struct Entry {
    parent: u128,
    choice: Choice,
    depth: u32,
    order: u64,
}

// The level and the order fit in what a `(u128, Choice)` left as padding:
// the visited set costs no more memory per state than before it kept them.
const _: () = assert!(std::mem::size_of::<Entry>() == std::mem::size_of::<(u128, Choice)>());

/// The visited set, split by fingerprint so that the pool's threads
/// writing it while they expand rarely wait for one lock.
type Seen = [Mutex<HashMap<u128, Entry>>];

fn shard_of(fp: u128) -> usize {
    (fp as usize) % SHARDS
}

/// What entering a successor in the visited set found.
#[derive(PartialEq)]
enum Entered {
    /// An earlier level has its state: not a transition of this level.
    Earlier,
    /// Its state is new: it holds the entry.
    New,
    /// Another candidate of this level had its state, with a higher order:
    /// it holds the entry now (and may still lose it to a lower one).
    Took,
    /// Another candidate of this level, with a lower order, holds it: it
    /// can never win (the held order only goes down).
    Beaten,
}

/// Enters a successor at level `depth` in `seen`. Among candidates of one
/// level the lowest `order` keeps the entry, whatever order the threads
/// arrive in, so the winner is the one a sequential search keeps (the
/// first in frontier order, then in choice order).
fn enter(seen: &Seen, fp: u128, e: Entry) -> Entered {
    use std::collections::hash_map::Entry as Slot;
    match seen[shard_of(fp)].lock().unwrap().entry(fp) {
        Slot::Vacant(v) => {
            v.insert(e);
            Entered::New
        }
        Slot::Occupied(mut o) => {
            let held = o.get_mut();
            if held.depth < e.depth {
                Entered::Earlier
            } else if e.order < held.order {
                *held = e;
                Entered::Took
            } else {
                Entered::Beaten
            }
        }
    }
}

/// Whether `c` holds its fingerprint's entry: it is a state of the level.
fn won(seen: &Seen, c: &Child) -> bool {
    seen[shard_of(c.fp)].lock().unwrap()[&c.fp].order == c.order
}

/// One candidate of the newest level (`depth`): dropped when another won
/// its fingerprint, else judged, then (when `expand`) expanded: its
/// successors not seen at earlier levels are entered in `seen` and
/// returned. Which candidate wins does not depend on which thread runs
/// what, so neither does the result.
fn visit(
    program: &Program,
    opts: &SearchOptions,
    seen: &Seen,
    (depth, expand): (u32, bool),
    cancel: &(impl StopFlag + ?Sized),
    (place, c): (u64, Child),
) -> Visit {
    if !won(seen, &c) {
        return Visit::Lost;
    }
    let Child { fp, state: s, .. } = c;
    if s.breaks(program) {
        return Visit::Breaks(fp);
    }
    if !expand || cancel.stop_requested() {
        return Visit::Children(Transitions { made: 0, fresh: 0 }, Vec::new());
    }
    let mut out = Vec::new();
    let (mut made, mut fresh) = (0, 0);
    let choices = s.choices(program, opts.spurious_wakeups);
    let last = choices.len().saturating_sub(1);
    // The last choice takes the state itself: one copy fewer.
    let mut s = Some(s);
    for (i, choice) in choices.into_iter().enumerate() {
        let mut x = if i == last {
            s.take().unwrap()
        } else {
            s.as_ref().unwrap().clone()
        };
        if let Err(e) = x.step_in_place(program, choice, opts.granularity, &mut |_| {}) {
            return Visit::Refused(fp, choice, e);
        }
        let xfp = fingerprint(&x);
        let order = (place << CHOICE_BITS) | i as u64;
        let entry = Entry {
            parent: fp,
            choice,
            depth: depth + 1,
            order,
        };
        match enter(seen, xfp, entry) {
            Entered::Earlier => continue,
            // Dropped here, while it is in this thread's cache, not at the
            // next pass (a cold state's drop was an eighth of a big search).
            Entered::Beaten => {
                made += 1;
                continue;
            }
            Entered::New => fresh += 1,
            Entered::Took => {}
        }
        made += 1;
        out.push(Child {
            fp: xfp,
            order,
            state: x,
        });
    }
    Visit::Children(Transitions { made, fresh }, out)
}

/// Bits of a candidate's order kept for its choice: a state has at most
/// two choices per thread (run, spurious wake) and a [`Tid`] is a `u8`.
const CHOICE_BITS: u32 = 9;

/// Breadth first: the shortest breaking schedule, or every state.
///
/// One pool pass per level, and nothing else of size: each candidate made
/// by the last pass is settled (kept if it won its fingerprint, else
/// dropped), judged, and expanded; its successors are entered in the
/// visited set as they are made, the lowest order winning a tie. So the
/// dedup is no serial step of its own, and every state is dropped by a
/// thread of the pass. The checks run in the order of a search that judges
/// a level as soon as it is made (break, then model error, then budget), so
/// the verdict, the counts and the schedule are the same; a level that
/// will not be expanded (budget or depth reached) is only judged.
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

    let seen: Vec<Mutex<HashMap<u128, Entry>>> = (0..SHARDS)
        .map(|_| Mutex::new(HashMap::default()))
        .collect();
    let start_fp = fingerprint(start);
    let root = Entry {
        parent: start_fp,
        choice: Choice::Run(0),
        depth: 0,
        order: 0,
    };
    enter(&seen, start_fp, root);
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
            let e = seen[shard_of(fp)].lock().unwrap()[&fp];
            path.push(e.choice);
            fp = e.parent;
        }
        path.reverse();
        path
    };

    if start.breaks(program) {
        let v = broken_verdict(program, start, opts, Vec::new(), Promise::Shortest);
        return report(v, states, transitions, 0);
    }

    // The candidates of the newest level (in order, grouped by parent),
    // settled and judged at the start of the next pass; how many distinct
    // states they hold; the first refusal met while making them.
    let mut candidates: Vec<Vec<Child>> = vec![vec![Child {
        fp: start_fp,
        order: 0,
        state: start.clone(),
    }]];
    let mut level: u64 = 1;
    let mut refused: Option<(Vec<Choice>, StepError)> = None;
    let mut depth = 0u32;
    let mut chooser = Chooser::default();
    loop {
        let expand = refused.is_none()
            && states as usize <= max_states
            && depth < max_depth
            && !cancel.stop_requested();
        let n = level as usize;
        let pooled = chooser.pool(opts.parallel && threads > 1, n);
        let phase = now_ms();
        let visits = visit_all(pooled, std::mem::take(&mut candidates), |x| {
            visit(program, opts, &seen, (depth, expand), cancel, x)
        });
        // Is any state of the newest level broken? The first one in order
        // is the answer.
        if let Some(fp) = visits.iter().find_map(|v| match v {
            Visit::Breaks(fp) => Some(*fp),
            _ => None,
        }) {
            let schedule = path_to(&seen, fp);
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
        if level == 0 {
            return report(Verdict::Safe, states, transitions, depth);
        }
        if depth >= max_depth {
            return report(Verdict::Bounded { depth }, states, transitions, depth);
        }
        if cancel.stop_requested() {
            return report(Verdict::Cancelled, states, transitions, depth);
        }
        level = 0;
        for v in visits {
            match v {
                Visit::Children(t, c) => {
                    transitions += t.made;
                    level += t.fresh;
                    if !c.is_empty() {
                        candidates.push(c);
                    }
                }
                Visit::Refused(fp, c, e) => {
                    if refused.is_none() {
                        let mut schedule = path_to(&seen, fp);
                        schedule.push(c);
                        refused = Some((schedule, e));
                    }
                }
                Visit::Breaks(_) | Visit::Lost => {}
            }
        }
        states += level;
        depth += 1;
        cancel.explored(states);
        if n >= PARALLEL_MIN {
            chooser.timed(pooled, n, now_ms() - phase);
        }
    }
}

/// A level's pass: [`visit`] every candidate, each with its place in the
/// level's order; results in that order. Each state is dropped by the
/// thread that settles or expands it: dropping a level's states afterwards
/// on the calling thread was a serial step of every level (natively, two
/// threads on the `stress` program of `bench/native_solver.rs` went from
/// 1.28–1.38× to 1.65–1.81× one thread's speed when they were dropped on
/// the pool).
fn visit_all(
    parallel: bool,
    candidates: Vec<Vec<Child>>,
    f: impl Fn((u64, Child)) -> Visit + Sync + Send,
) -> Vec<Visit> {
    // Each group's first place: one add per parent, not a serial copy of
    // every candidate into one list (that was ~5 % of a level).
    let total: usize = candidates.iter().map(Vec::len).sum();
    let mut next = 0u64;
    let groups = candidates.into_iter().map(|g| {
        let first = next;
        next += g.len() as u64;
        (first, g)
    });
    let placed = |(first, g): (u64, Vec<Child>)| {
        g.into_iter()
            .enumerate()
            .map(move |(i, c)| (first + i as u64, c))
    };
    if parallel {
        let groups: Vec<(u64, Vec<Child>)> = groups.collect();
        // Small pieces: rayon splits a range only log2(threads) times
        // unless a piece is stolen, and the lost candidates (the cheap
        // ones) would then be one thread's whole share.
        let mut visits = Vec::with_capacity(total);
        visits.par_extend(
            groups
                .into_par_iter()
                .with_max_len(PIECE)
                .flat_map_iter(|g| placed(g).map(&f)),
        );
        visits
    } else {
        let mut visits = Vec::with_capacity(total);
        visits.extend(groups.flat_map(placed).map(f));
        visits
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
