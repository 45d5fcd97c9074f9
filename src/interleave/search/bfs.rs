//! Breadth-first search over states, level by level on a team of the
//! rayon pool's threads: the first breaking state found is reached by a
//! shortest schedule.
//!
//! A level is one pass of the team (and a short second one that ranks what
//! it made, below). Each thread takes pieces of the level's
//! states (its own first: the states it made), judges them and makes their
//! successors, and enters each successor in the shared visited set
//! ([`super::table`]) as soon as it has its fingerprint. A successor the
//! set already holds is dropped there and then, while it is in this
//! thread's cache; a new one stays with the thread that made it, as a state
//! of the next level.
//!
//! # The same answer on any number of threads
//!
//! Which thread enters a state first depends on timing, so the entry does
//! not say who won. What does is an *order*, the place the sequential
//! search would reach the state at: the rank of its parent in the parent's
//! level, then its choice (`rank << 9 | choice`). Every successor offers
//! its order, and the table keeps the lowest for the state's first level.
//! After a level's pass, a short second pass reads each new state's order,
//! and the coordinator sorts them: a state's rank in its level is its place
//! in that sort, which is the order in which the sequential search, taking
//! parents in order and choices in order, first reaches it. So the state a
//! path goes back through, the first breaking state (lowest rank), and the
//! first refusal are the sequential search's, whatever thread kept which
//! state.

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use super::table::{Entered, Table};
use super::team::{Claim, Team};
use super::*;

pub(super) fn now_ms() -> f64 {
    crate::clock::now_ms()
}

/// A search starts its team at its first level of this many states; until
/// then every level is processed on the calling thread alone. The first
/// levels of every search hold a handful of states, and a search whose
/// levels all stay below this (the counter level's widest holds a few
/// dozen) never starts the team: in Chromium, starting and stopping it
/// made a 1 ms search take 2–5 ms. (The answer is the same either way.)
/// At 128, the levels of 64–127 states that mid-size programs climb
/// through (and narrow to at the end) ran alone: 13 % of the 18,508
/// states of the final level's fixed program.
const PARALLEL_MIN: usize = 64;

/// Once the team is running, a level of at least this many states is
/// worked on by the team (its helpers are already awake and watching), and
/// a narrower one by the coordinator alone: a piece is [`BATCH`]
/// states, so below this there is hardly a piece for the helper.
const TEAM_MIN: usize = 32;

/// Most states in one piece of a level: a piece is 10–40 µs of work (a
/// state costs 1–3 µs), so a thread that finishes early takes over the
/// rest in pieces.
const BATCH: usize = 24;

/// A state of a level, with its fingerprint.
struct Child {
    fp: u128,
    state: State,
}

/// Bits of an order kept for its choice: a state has at most two choices
/// per thread (run, spurious wake) and a [`Tid`] is a `u8`.
const CHOICE_BITS: u32 = 9;

/// A choice as the low bits of an order, in the order [`State::choices`]
/// lists them: runs by thread, then wakes by thread.
fn code(c: Choice) -> u64 {
    match c {
        Choice::Run(t) => u64::from(t),
        Choice::Wake(t) => 256 + u64::from(t),
    }
}

fn choice_of(order: u64) -> Choice {
    match order & ((1 << CHOICE_BITS) - 1) {
        c if c < 256 => Choice::Run(c as Tid),
        c => Choice::Wake((c - 256) as Tid),
    }
}

/// A piece of a level: its states, and (once ranked) their ranks in the
/// level; then what a pass over them gave.
#[derive(Default)]
struct Piece {
    states: Vec<Child>,
    ranks: Vec<u32>,
    /// The order pass: each state's lowest order, with its fingerprint.
    orders: Vec<(u64, u128)>,
    /// The new states its states' successors found: pieces of the next
    /// level, made by this piece's thread.
    made: Vec<Vec<Child>>,
    /// Successors the visited set had no room for, with their orders:
    /// entered after the level, once it has grown.
    full: Vec<(Child, u64)>,
    /// Successors that were not states of an earlier level.
    transitions: u64,
    /// The most successors one of its states had.
    widest: usize,
    /// Its breaking state of lowest rank, with that rank.
    breaks: Option<(u32, u128)>,
    /// Its state of lowest rank whose step the model refused.
    refused: Option<(u32, u128, Choice, StepError)>,
    /// The member that ran its visit: for a piece of new states, the one
    /// that made them.
    ran_by: usize,
}

/// What a pass of the team does with each piece.
#[derive(Clone, Copy)]
enum Pass {
    /// Judge the states of level `depth` and, when `expand`, expand them.
    Visit { depth: u32, expand: bool },
    /// Read each (new) state's lowest order.
    Order,
}

/// The visited set, entered by every member of the team during a level's
/// pass, and grown by the coordinator alone between two passes.
struct Shared(UnsafeCell<Table>);

// During a pass only `Table::enter`, `offer` and `order_of` run, which any
// number of threads may call at once; `alone` is only called between
// passes (see there).
unsafe impl Sync for Shared {}

impl Shared {
    fn get(&self) -> &Table {
        unsafe { &*self.0.get() }
    }

    /// The set, to change it.
    ///
    /// # Safety
    /// No pass may be running: [`Team::run`] has returned (every piece of
    /// the level done), and no reference from [`Shared::get`] is alive.
    #[allow(clippy::mut_from_ref)]
    unsafe fn alone(&self) -> &mut Table {
        &mut *self.0.get()
    }
}

/// How many new entries one member added to the visited set since it was
/// last sized, alone on its cache line: only that member writes it during
/// a pass.
#[repr(align(128))]
#[derive(Default)]
struct Added(AtomicUsize);

/// The successors of `c` (rank `rank` in level `depth`), each with its
/// order, in `kids`, except those the visited set already holds: those
/// offer their order and are dropped (and counted in `piece.transitions`
/// when they are of the next level). Nothing is entered: a refusal takes
/// back everything `c` made.
fn step_all(
    program: &Program,
    opts: &SearchOptions,
    (table, depth, rank): (&Table, u32, u32),
    c: Child,
    kids: &mut Vec<(u64, Child)>,
    piece: &mut Piece,
) -> Result<(), (Choice, StepError)> {
    kids.clear();
    let mut seen_next = 0;
    let choices = c.state.choices(program, opts.spurious_wakeups);
    piece.widest = piece.widest.max(choices.len());
    let last = choices.len().saturating_sub(1);
    // The last choice takes the state itself: one copy fewer.
    let mut s = Some(c.state);
    for (i, choice) in choices.into_iter().enumerate() {
        let mut x = if i == last {
            s.take().unwrap()
        } else {
            s.as_ref().unwrap().clone()
        };
        if let Err(e) = x.step_in_place(program, choice, opts.granularity, &mut |_| {}) {
            kids.clear();
            return Err((choice, e));
        }
        let fp = fingerprint(&x);
        let order = u64::from(rank) << CHOICE_BITS | code(choice);
        // A state already entered is dropped now, hot, so that the state
        // stepped last can change the parts it shares with it in place.
        match table.offer(fp, order, depth + 1) {
            Some(d) => seen_next += u64::from(d == depth + 1),
            None => kids.push((order, Child { fp, state: x })),
        }
    }
    piece.transitions += seen_next;
    Ok(())
}

/// A piece of the pass over level `depth`: each state is judged and, when
/// `expand`, expanded, its new successors entered in the visited set.
fn visit(
    program: &Program,
    opts: &SearchOptions,
    (table, added): (&Table, &Added),
    (depth, expand_it): (u32, bool),
    cancel: &(impl StopFlag + ?Sized),
    piece: &mut Piece,
) {
    let mut n_added = added.0.load(Relaxed);
    let mut out = Vec::new();
    let mut kids = Vec::new();
    let ranks = std::mem::take(&mut piece.ranks);
    for (c, rank) in std::mem::take(&mut piece.states).into_iter().zip(ranks) {
        // Only the breaking state of lowest rank matters, and once one is
        // found nothing of this level needs expanding.
        if c.state.breaks(program) {
            if piece.breaks.is_none_or(|(r, _)| rank < r) {
                piece.breaks = Some((rank, c.fp));
            }
            continue;
        }
        if !expand_it || piece.breaks.is_some() || cancel.stop_requested() {
            continue;
        }
        let fp = c.fp;
        let at = (table, depth, rank);
        if let Err((choice, e)) = step_all(program, opts, at, c, &mut kids, piece) {
            if piece.refused.as_ref().is_none_or(|r| rank < r.0) {
                piece.refused = Some((rank, fp, choice, e));
            }
            continue;
        }
        for (order, child) in kids.drain(..) {
            match table.enter(child.fp, order, depth + 1, n_added) {
                Entered::New => {
                    n_added += 1;
                    piece.transitions += 1;
                    out.push(child);
                    if out.len() >= BATCH {
                        piece.made.push(std::mem::take(&mut out));
                    }
                }
                Entered::Seen(d) => piece.transitions += u64::from(d == depth + 1),
                Entered::Full => piece.full.push((child, order)),
            }
        }
    }
    if !out.is_empty() {
        piece.made.push(out);
    }
    added.0.store(n_added, Relaxed);
}

/// The order pass over a piece of new states.
fn read_orders(table: &Table, piece: &mut Piece) {
    piece.orders = piece
        .states
        .iter()
        .map(|c| {
            let order = table.order_of(c.fp).expect("a new state was entered");
            (order, c.fp)
        })
        .collect();
}

/// Every state's rank in its level, from the orders the order pass read:
/// written into the pieces, and the level's fingerprints listed by rank
/// (for [`path_to`]). Orders within a level are distinct: an order names
/// one parent and one choice.
fn rank(pieces: &mut [(usize, Piece)]) -> Vec<u128> {
    let mut all: Vec<(u64, u32, u32)> = pieces
        .iter()
        .enumerate()
        .flat_map(|(k, (_, p))| {
            p.orders
                .iter()
                .enumerate()
                .map(move |(i, &(order, _))| (order, k as u32, i as u32))
        })
        .collect();
    all.sort_unstable_by_key(|&(order, ..)| order);
    for (_, p) in pieces.iter_mut() {
        p.ranks = vec![0; p.states.len()];
    }
    all.iter()
        .enumerate()
        .map(|(r, &(_, k, i))| {
            let p = &mut pieces[k as usize].1;
            p.ranks[i as usize] = r as u32;
            p.orders[i as usize].1
        })
        .collect()
}

/// The choices that lead from the start to `fp`, a state of level `depth`:
/// each state's lowest order names its parent's rank one level up.
fn path_to(table: &Table, by_rank: &[Vec<u128>], depth: u32, mut fp: u128) -> Vec<Choice> {
    let mut path = Vec::with_capacity(depth as usize);
    for d in (1..=depth as usize).rev() {
        let order = table
            .order_of(fp)
            .expect("every state on a path was entered");
        path.push(choice_of(order));
        fp = by_rank[d - 1][(order >> CHOICE_BITS) as usize];
    }
    path.reverse();
    path
}
/// Breadth first: the shortest breaking schedule, or every state.
///
/// Per level, a team pass ([`visit`]) judges the level's states, expands
/// them and enters their successors; then the next level's states are
/// ranked ([`read_orders`], [`rank`]). The checks run in the order of a
/// search that judges a level as soon as it is made (break, then model
/// error, then budget), so the verdict, the counts and the schedule are
/// those of the plain sequential search on any number of threads; a level
/// that will not be expanded (budget or depth reached) is only judged.
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

    let shared = Shared(UnsafeCell::new(Table::new()));
    let added: Vec<Added> = (0..threads).map(|_| Added::default()).collect();
    let start_fp = fingerprint(start);
    // SAFETY: no pass has started.
    unsafe { shared.alone() }.insert_alone(start_fp, 0, 0);
    // Each level's fingerprints, by rank.
    let mut by_rank: Vec<Vec<u128>> = vec![vec![start_fp]];
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

    if start.breaks(program) {
        let v = broken_verdict(program, start, opts, Vec::new(), Promise::Shortest);
        return report(v, states, transitions, 0);
    }

    // The newest level's states, in pieces, each with the member of the
    // team that made them.
    let first = Piece {
        states: vec![Child {
            fp: start_fp,
            state: start.clone(),
        }],
        ranks: vec![0],
        ..Piece::default()
    };
    let mut pieces_next: Vec<(usize, Piece)> = vec![(0, first)];
    // A work function the coordinator and the helpers share.
    let work = |pass: &Pass, piece: &mut Piece, claim: Claim| match *pass {
        Pass::Visit { depth, expand } => {
            piece.ran_by = claim.member;
            let table = (shared.get(), &added[claim.member]);
            visit(program, opts, table, (depth, expand), cancel, piece);
        }
        Pass::Order => read_orders(shared.get(), piece),
    };
    let mut level: u64 = 1;
    let mut widest = 1;
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
            let team = team.filter(|_| n >= TEAM_MIN);
            let expand = refused.is_none()
                && states as usize <= max_states
                && depth < max_depth
                && !cancel.stop_requested();
            if expand {
                // Room for every successor the level can make, so that a
                // thread is rarely handed one back (`Entered::Full`).
                // SAFETY: between two passes.
                let table = unsafe { shared.alone() };
                table.reserve(0, n * (widest + 1), added.len());
                for a in &added {
                    a.0.store(0, Relaxed);
                }
            }
            let tasks = std::mem::take(&mut pieces_next);
            let mut pieces = run(team, Pass::Visit { depth, expand }, tasks, &work);
            // Is any state of the newest level broken? The one of lowest
            // rank is the answer.
            if let Some((_, fp)) = pieces.iter().filter_map(|p| p.breaks).min() {
                let schedule = path_to(shared.get(), &by_rank, depth, fp);
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
            let first_refusal = pieces
                .iter_mut()
                .filter_map(|p| p.refused.take())
                .min_by_key(|r| r.0);
            if let Some((_, fp, c, e)) = first_refusal {
                let mut schedule = path_to(shared.get(), &by_rank, depth, fp);
                schedule.push(c);
                refused = Some((schedule, e));
            }
            // SAFETY: between two passes.
            let next = gather(pieces, unsafe { shared.alone() }, &added, depth);
            transitions += next.transitions;
            level = next.states;
            widest = next.widest;
            let team = team.filter(|_| level as usize >= TEAM_MIN);
            pieces_next = run(team, Pass::Order, next.pieces, &work)
                .into_iter()
                .map(|p| (p.ran_by, p))
                .collect();
            by_rank.push(rank(&mut pieces_next));
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

/// The team a parallel search keeps for its whole run.
type LevelTeam<'w> = Team<'w, Pass, Piece>;

/// What the team runs on each piece.
type LevelWork<'w> = dyn Fn(&Pass, &mut Piece, Claim) + Sync + 'w;

/// Runs `work` on every piece (on the team when there is one, else here, in
/// order); the pieces, in order, once all are done.
fn run(
    team: Option<&LevelTeam>,
    pass: Pass,
    pieces: Vec<(usize, Piece)>,
    work: &LevelWork,
) -> Vec<Piece> {
    match team {
        Some(team) => team.run(pass, pieces),
        None => {
            let alone = Claim {
                member: 0,
                stolen: false,
            };
            pieces
                .into_iter()
                .map(|(_, mut p)| {
                    work(&pass, &mut p, alone);
                    p
                })
                .collect()
        }
    }
}

/// The next level, made from a level's pieces.
struct Next {
    pieces: Vec<(usize, Piece)>,
    states: u64,
    transitions: u64,
    widest: usize,
}

/// Collects the next level from the pass over level `depth`: each batch of
/// new states stays with the member that made it; the successors the
/// visited set had no room for are entered now, after it grows.
fn gather(pieces: Vec<Piece>, table: &mut Table, added: &[Added], depth: u32) -> Next {
    let added_now: usize = added.iter().map(|a| a.0.load(Relaxed)).sum();
    let full: usize = pieces.iter().map(|p| p.full.len()).sum();
    table.reserve(added_now, full, 1);
    let mut next = Next {
        pieces: Vec::new(),
        states: added_now as u64,
        transitions: 0,
        widest: 0,
    };
    let mut late = Vec::new();
    for p in pieces {
        next.transitions += p.transitions;
        next.widest = next.widest.max(p.widest);
        let by = p.ran_by;
        next.pieces.extend(p.made.into_iter().map(|states| {
            let piece = Piece {
                ran_by: by,
                ..Piece::from(states)
            };
            (by, piece)
        }));
        for (child, order) in p.full {
            match table.insert_alone(child.fp, order, depth + 1) {
                Entered::New => {
                    next.transitions += 1;
                    next.states += 1;
                    late.push(child);
                }
                Entered::Seen(d) => next.transitions += u64::from(d == depth + 1),
                Entered::Full => unreachable!("entered alone, the set grows"),
            }
        }
    }
    let mut late = late.into_iter();
    loop {
        let states: Vec<Child> = late.by_ref().take(BATCH).collect();
        if states.is_empty() {
            break;
        }
        next.pieces.push((0, Piece::from(states)));
    }
    next
}

impl From<Vec<Child>> for Piece {
    fn from(states: Vec<Child>) -> Piece {
        Piece {
            states,
            ..Piece::default()
        }
    }
}
