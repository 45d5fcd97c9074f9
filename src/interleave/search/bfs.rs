//! Breadth-first search over states, level by level on the rayon pool: the
//! first breaking state found is reached by a shortest schedule.

use super::team::{Claim, Team};
use super::*;

const SHARDS: usize = 64;

pub(super) fn now_ms() -> f64 {
    crate::clock::now_ms()
}

/// Below this many states a level is processed on the calling thread
/// alone: the first levels of every search hold a handful of states, and
/// even an awake helper costs more than they do. A search whose levels all
/// stay below it (the counter level's widest holds a few dozen) never
/// starts the team: in Chromium, starting and stopping it made a 1 ms
/// search take 2–5 ms. (The answer is the same either way.)
const PARALLEL_MIN: usize = 128;

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
type Seen = [Shard];

/// One shard of the visited set, alone on its cache lines: two threads
/// writing neighbouring shards must not write one line.
#[repr(align(128))]
#[derive(Default)]
struct Shard(Mutex<HashMap<u128, Entry>>);

impl std::ops::Deref for Shard {
    type Target = Mutex<HashMap<u128, Entry>>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

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

    let seen: Vec<Shard> = (0..SHARDS).map(|_| Shard::default()).collect();
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
    let mut candidates: Vec<Batch> = vec![(
        0,
        vec![vec![Child {
            fp: start_fp,
            order: 0,
            state: start.clone(),
        }]],
    )];
    // A work function the coordinator and the helpers share: one piece
    // of a level's candidates, visited in order.
    let work = |&(depth, expand): &(u32, bool), piece: &mut Piece, claim: Claim| {
        let groups = std::mem::take(&mut piece.groups);
        piece.ran_by = claim.member;
        piece.visits = groups
            .into_iter()
            .flat_map(placed)
            .map(|x| visit(program, opts, &seen, (depth, expand), cancel, x))
            .collect();
    };
    let mut level: u64 = 1;
    let mut refused: Option<(Vec<Choice>, StepError)> = None;
    let mut depth = 0u32;
    // The search's levels from where the last call stopped, to the verdict;
    // without a team, `None` at the first wide level (nothing of it done
    // yet), so that a search too small to need one never starts one.
    let mut levels = |team: Option<&LevelTeam>, want_team: bool| {
        loop {
            let n = level as usize;
            if want_team && team.is_none() && n >= PARALLEL_MIN {
                return None;
            }
            let expand = refused.is_none()
                && states as usize <= max_states
                && depth < max_depth
                && !cancel.stop_requested();
            let pieces = visit_all(
                team.filter(|_| n >= PARALLEL_MIN),
                (depth, expand),
                std::mem::take(&mut candidates),
                &work,
            );
            // Is any state of the newest level broken? The first one in order
            // is the answer.
            let mut visits = pieces.iter().flat_map(|p| &p.visits);
            if let Some(fp) = visits.find_map(|v| match v {
                Visit::Breaks(fp) => Some(*fp),
                _ => None,
            }) {
                let schedule = path_to(&seen, fp);
                let v = broken_verdict(program, start, opts, schedule, Promise::Shortest);
                return Some(report(v, states, transitions, depth));
            }
            if let Some((schedule, error)) = refused.take() {
                return Some(report(
                    Verdict::ModelError { schedule, error },
                    states,
                    transitions,
                    depth,
                ));
            }
            if states as usize > max_states {
                let v = Verdict::TooManyStates {
                    depth,
                    preemptions: None,
                };
                return Some(report(v, states, transitions, depth));
            }
            if level == 0 {
                return Some(report(Verdict::Safe, states, transitions, depth));
            }
            if depth >= max_depth {
                return Some(report(
                    Verdict::Bounded { depth },
                    states,
                    transitions,
                    depth,
                ));
            }
            if cancel.stop_requested() {
                return Some(report(Verdict::Cancelled, states, transitions, depth));
            }
            level = 0;
            for p in pieces {
                // A piece's successors stay with the thread that made them.
                let mut batch = Vec::new();
                for v in p.visits {
                    match v {
                        Visit::Children(t, c) => {
                            transitions += t.made;
                            level += t.fresh;
                            if !c.is_empty() {
                                batch.push(c);
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
                if !batch.is_empty() {
                    candidates.push((p.ran_by, batch));
                }
            }
            states += level;
            depth += 1;
            cancel.explored(states);
        }
    };
    // The team starts at the first wide level: a search that never has
    // one (a small program) never wakes another thread, nor waits for it
    // to stop.
    let parallel = opts.parallel && threads > 1;
    match levels(None, parallel) {
        // It ran on this thread alone, whatever the pool offered.
        Some(report) => SearchReport {
            threads: 1,
            ..report
        },
        None => Team::scope(threads - 1, &work, |team| levels(Some(team), true))
            .expect("a search with a team runs to its verdict"),
    }
}

/// Most parents in one piece of a level's pass: about 10–30 µs of work (a
/// frontier state costs 1–3 µs), so a thread that finishes early takes
/// over the rest in pieces.
const PIECE: usize = 8;

/// A piece of a level: some parents' candidates, each with its place in
/// the level's order, and then what visiting them gave, and which member
/// of the team did it.
#[derive(Default)]
struct Piece {
    groups: Vec<(u64, Vec<Child>)>,
    visits: Vec<Visit>,
    ran_by: usize,
}

/// Candidates grouped by parent, with the member of the team that made
/// them (the parents' piece ran there).
type Batch = (usize, Vec<Vec<Child>>);

/// The team a parallel search keeps for its whole run: a level's depth and
/// whether it is expanded, and its pieces.
type LevelTeam<'w> = Team<'w, (u32, bool), Piece>;

/// What the team runs on each piece.
type LevelWork<'w> = dyn Fn(&(u32, bool), &mut Piece, Claim) + Sync + 'w;

/// A group's candidates, each with its place in the level's order.
fn placed((first, g): (u64, Vec<Child>)) -> impl Iterator<Item = (u64, Child)> {
    g.into_iter()
        .enumerate()
        .map(move |(i, c)| (first + i as u64, c))
}

/// A level's pass: [`visit`] every candidate, each with its place in the
/// level's order (on the team when there is one); results in that order.
/// Each state is dropped by the thread that settles or expands it: dropping
/// a level's states afterwards on the calling thread was a serial step of
/// every level (natively, two threads on the `stress` program of
/// `bench/native_solver.rs` went from 1.28–1.38× to 1.65–1.81× one
/// thread's speed when they were dropped on the pool).
fn visit_all(
    team: Option<&LevelTeam>,
    level: (u32, bool),
    batches: Vec<Batch>,
    work: &LevelWork,
) -> Vec<Piece> {
    // Each group's first place: one add per parent, not a serial copy of
    // every candidate into one list (that was ~5 % of a level).
    let mut next = 0u64;
    let mut place = |g: Vec<Child>| {
        let first = next;
        next += g.len() as u64;
        (first, g)
    };
    match team {
        Some(team) => {
            let mut pieces = Vec::new();
            for (owner, groups) in batches {
                let mut groups = groups.into_iter().map(&mut place);
                loop {
                    let groups: Vec<_> = groups.by_ref().take(PIECE).collect();
                    if groups.is_empty() {
                        break;
                    }
                    let piece = Piece {
                        groups,
                        ..Piece::default()
                    };
                    pieces.push((owner, piece));
                }
            }
            team.run(level, pieces)
        }
        None => {
            let mut piece = Piece {
                groups: batches
                    .into_iter()
                    .flat_map(|(_, g)| g)
                    .map(place)
                    .collect(),
                ..Piece::default()
            };
            let alone = Claim {
                member: 0,
                stolen: false,
            };
            work(&level, &mut piece, alone);
            vec![piece]
        }
    }
}
