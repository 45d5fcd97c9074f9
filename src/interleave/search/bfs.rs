//! Breadth-first search over states, level by level on a team of the
//! rayon pool's threads: the first breaking state found is reached by a
//! shortest schedule.
//!
//! A level is two passes of the team. In the first, each thread takes
//! pieces of the level's candidates (its own first: the states it made),
//! drops those that lost their fingerprint, judges the rest and makes their
//! successors, offering each to the member of the team that owns its
//! fingerprint ([`super::visited`]). In the second, each owner settles the
//! offers it was sent. Nothing in the first pass writes anything another
//! thread reads in it, and the second moves offers in batches: the threads
//! pass each other whole cache lines once per piece, not a lock per state.

use super::team::{Claim, Team};
use super::visited::{Entry, Inbox, Offer, Reader, Visited};
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
/// states of the final level's fixed program, whose median natively went
/// from 16.3 ms to 14.0 ms on two threads at 64 (19.9 ms on one).
const PARALLEL_MIN: usize = 64;

/// Once the team is running, a level of at least this many states is
/// worked on by the team (its helpers are already awake and watching), and
/// a narrower one by the coordinator alone: a piece is [`BATCH`]
/// candidates, so below this there is hardly a piece for the helper.
const TEAM_MIN: usize = 32;

/// A successor made in a level's pass: a candidate for the next level,
/// kept by the thread that made it. Whether it *is* in the next level is
/// known once its fingerprint's owner has settled the level's offers.
struct Child {
    fp: u128,
    state: State,
}

/// Successors made from a few parents, in the level's order, and the
/// offers they made, one list per owner (in the same order).
struct Batch {
    children: Vec<Child>,
    offers: Vec<Vec<Offer>>,
    /// Successors dropped as repeats of this member's own offers: counted
    /// as transitions, never offered.
    beaten: u64,
}

impl Batch {
    fn new(owners: usize) -> Batch {
        Batch {
            children: Vec::new(),
            offers: (0..owners).map(|_| Vec::new()).collect(),
            beaten: 0,
        }
    }
}

/// Most candidates in one batch, and so in one piece of the next level's
/// pass: a piece is 10–40 µs of work (a state costs 1–3 µs and about half
/// the candidates win), so a thread that finishes early takes over the
/// rest in pieces.
const BATCH: usize = 24;

/// A piece of a level's pass: candidates in the level's order, whether
/// each won (per owner, in the order of its offers), the place in the
/// level of its first winner; then what visiting them gave.
#[derive(Default)]
struct Piece {
    first: u64,
    candidates: Vec<Child>,
    won: Vec<Vec<bool>>,
    /// The winners' successors.
    made: Vec<Batch>,
    /// Its first winner (in order) that breaks the program.
    breaks: Option<u128>,
    /// Its first winner whose step the model refused.
    refused: Option<(u128, Choice, StepError)>,
    ran_by: usize,
}

/// What a member of the team does with one piece of work: the pass over a
/// level's candidates, or an owner's settling of their successors' offers.
#[derive(Default)]
enum Task {
    Visit(Piece),
    Settle(Inbox),
    #[default]
    Done,
}

/// What one member of the team offered in the level it is working on: the
/// lowest order per fingerprint. A successor it makes again with a higher
/// order can never win, so it is dropped at once, while it is in this
/// thread's cache. (In a search's levels about two successors in three
/// are such repeats: two steps that commute reach one state in two ways.
/// Kept until their owner settled them, and dropped cold afterwards, they
/// made one thread 1.6–1.9× slower.) Repeats made on different threads
/// are settled by their owner.
#[repr(align(128))]
#[derive(Default)]
struct Offered(Mutex<OfferedHere>);

#[derive(Default)]
struct OfferedHere {
    depth: u32,
    orders: HashMap<u128, u64>,
    /// What the candidate being expanded has offered: entered in `orders`
    /// only once all its steps are taken (a refusal takes them back).
    pending: Vec<(u128, u64)>,
}

impl OfferedHere {
    /// Starts the level `depth`, when it is a new one.
    fn at(&mut self, depth: u32) -> &mut Self {
        if self.depth != depth {
            self.depth = depth;
            self.orders.clear();
        }
        self
    }

    fn beaten(&self, fp: u128, order: u64) -> bool {
        self.orders.get(&fp).is_some_and(|&held| held < order)
    }

    fn keep_pending(&mut self) {
        for (fp, order) in self.pending.drain(..) {
            let held = self.orders.entry(fp).or_insert(order);
            *held = (*held).min(order);
        }
    }
}

/// One candidate's successors, each offered to its fingerprint's owner. A
/// refusal takes back what this candidate made (as if it made nothing),
/// and says which choice was refused.
fn expand(
    program: &Program,
    opts: &SearchOptions,
    (visited, seen, offered): (&Visited, &Reader, &mut OfferedHere),
    (depth, place): (u32, u64),
    c: Child,
    out: &mut Batch,
) -> Result<(), (Choice, StepError)> {
    let made_before = out.children.len();
    let beaten_before = out.beaten;
    offered.pending.clear();
    let choices = c.state.choices(program, opts.spurious_wakeups);
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
            while out.children.len() > made_before {
                let child = out.children.pop().unwrap();
                out.offers[visited.owner_of(child.fp)].pop();
            }
            out.beaten = beaten_before;
            return Err((choice, e));
        }
        let fp = fingerprint(&x);
        let owner = visited.owner_of(fp);
        // An earlier level's state this member owns: dropped now, while it
        // is in this thread's cache, and never offered.
        let order = (place << CHOICE_BITS) | i as u64;
        if seen.has(fp, owner) {
            continue;
        }
        // Still a transition of the level, beaten or not.
        out.beaten += 1;
        if offered.beaten(fp, order) {
            continue;
        }
        out.beaten -= 1;
        let entry = Entry {
            parent: c.fp,
            choice,
            depth: depth + 1,
            order,
        };
        out.offers[owner].push(Offer { fp, entry });
        out.children.push(Child { fp, state: x });
        offered.pending.push((fp, order));
    }
    offered.keep_pending();
    Ok(())
}

/// A piece of the pass over level `depth`: each candidate that lost its
/// fingerprint is dropped (here, by the thread that made it, while it may
/// still be in its cache), each winner is judged and, when `expand`,
/// expanded. Which candidate wins does not depend on which thread ran
/// what, so neither does the result.
fn visit(
    program: &Program,
    opts: &SearchOptions,
    visited: &Visited,
    (depth, expand_it): (u32, bool),
    cancel: &(impl StopFlag + ?Sized),
    piece: &mut Piece,
    offered: &Offered,
) {
    let mut offered = offered.0.lock().unwrap();
    let offered = offered.at(depth);
    let owners = visited.owners();
    // The owners this piece's candidates were settled by (the set may have
    // been split since).
    let won = std::mem::take(&mut piece.won);
    let mut next = vec![0usize; won.len()];
    let mut place = piece.first;
    let mut out = Batch::new(owners);
    let seen = visited.reader(piece.ran_by);
    for c in std::mem::take(&mut piece.candidates) {
        let o = Visited::owner_in(c.fp, won.len());
        let k = next[o];
        next[o] += 1;
        if !won[o][k] {
            continue;
        }
        place += 1;
        // The first break in order is the answer: the rest of the piece
        // does not matter.
        if c.state.breaks(program) {
            piece.breaks = Some(c.fp);
            break;
        }
        if !expand_it || cancel.stop_requested() {
            continue;
        }
        let fp = c.fp;
        if let Err((choice, e)) = expand(
            program,
            opts,
            (visited, &seen, offered),
            (depth, place - 1),
            c,
            &mut out,
        ) {
            piece.refused.get_or_insert((fp, choice, e));
        }
        if out.children.len() >= BATCH {
            piece
                .made
                .push(std::mem::replace(&mut out, Batch::new(owners)));
        }
    }
    if !out.children.is_empty() || out.beaten > 0 {
        piece.made.push(out);
    }
}

/// Bits of a candidate's order kept for its choice: a state has at most
/// two choices per thread (run, spurious wake) and a [`Tid`] is a `u8`.
const CHOICE_BITS: u32 = 9;

/// Breadth first: the shortest breaking schedule, or every state.
///
/// Two team passes per level: [`visit`] the level's candidates (drop the
/// losers, judge and expand the winners, offering each successor to its
/// fingerprint's owner), then each owner settles the offers it was sent
/// ([`Visited::settle`]), which says which successors are the next level.
/// The checks run in the order of a search that judges a level as soon as
/// it is made (break, then model error, then budget), so the verdict, the
/// counts and the schedule are the same; a level that will not be
/// expanded (budget or depth reached) is only judged.
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

    let visited = Visited::new(threads);
    let offered: Vec<Offered> = (0..threads).map(|_| Offered::default()).collect();
    let start_fp = fingerprint(start);
    let root = Entry {
        parent: start_fp,
        choice: Choice::Run(0),
        depth: 0,
        order: 0,
    };
    visited.insert_start(start_fp, root);
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

    // The newest level's candidates, in pieces (in order), each with the
    // member of the team that made them; the first refusal met while
    // making them.
    let mut won = vec![Vec::new(); visited.owners()];
    won[visited.owner_of(start_fp)] = vec![true];
    let first = Piece {
        candidates: vec![Child {
            fp: start_fp,
            state: start.clone(),
        }],
        won,
        ..Piece::default()
    };
    let mut candidates: Vec<(usize, Piece)> = vec![(0, first)];
    // A work function the coordinator and the helpers share.
    let work = |&(depth, expand): &(u32, bool), task: &mut Task, claim: Claim| match task {
        Task::Visit(piece) => {
            piece.ran_by = claim.member;
            let offered = &offered[claim.member];
            visit(
                program,
                opts,
                &visited,
                (depth, expand),
                cancel,
                piece,
                offered,
            );
        }
        Task::Settle(inbox) => visited.settle(depth + 1, inbox),
        Task::Done => {}
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
            let team = team.filter(|_| n >= TEAM_MIN);
            let expand = refused.is_none()
                && states as usize <= max_states
                && depth < max_depth
                && !cancel.stop_requested();
            let tasks = std::mem::take(&mut candidates)
                .into_iter()
                .map(|(owner, p)| (owner, Task::Visit(p)));
            let pieces: Vec<Piece> = run(team, (depth, expand), tasks.collect(), &work)
                .into_iter()
                .map(|t| match t {
                    Task::Visit(p) => p,
                    _ => unreachable!("a visit's task comes back a visit"),
                })
                .collect();
            // Is any state of the newest level broken? The first one in order
            // is the answer.
            if let Some(fp) = pieces.iter().find_map(|p| p.breaks) {
                let schedule = visited.path_to(start_fp, fp);
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
            let mut pieces = pieces;
            if let Some((fp, c, e)) = pieces.iter_mut().find_map(|p| p.refused.take()) {
                let mut schedule = visited.path_to(start_fp, fp);
                schedule.push(c);
                refused = Some((schedule, e));
            }
            let settled = settle_level(team, depth, pieces, &visited, &work);
            transitions += settled.made;
            level = settled.winners;
            candidates = settled.pieces;
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
        None => Team::scope(threads - 1, &work, |team| {
            visited.spread();
            levels(Some(team), true)
        })
        .expect("a search with a team runs to its verdict"),
    }
}

/// The team a parallel search keeps for its whole run: a level's depth and
/// whether it is expanded, and its tasks.
type LevelTeam<'w> = Team<'w, (u32, bool), Task>;

/// What the team runs on each task.
type LevelWork<'w> = dyn Fn(&(u32, bool), &mut Task, Claim) + Sync + 'w;

/// Runs `work` on every task (on the team when there is one, else here, in
/// order); the tasks, in order, once all are done.
fn run(
    team: Option<&LevelTeam>,
    level: (u32, bool),
    tasks: Vec<(usize, Task)>,
    work: &LevelWork,
) -> Vec<Task> {
    match team {
        Some(team) => team.run(level, tasks),
        None => {
            let alone = Claim {
                member: 0,
                stolen: false,
            };
            tasks
                .into_iter()
                .map(|(_, mut t)| {
                    work(&level, &mut t, alone);
                    t
                })
                .collect()
        }
    }
}

/// A level's successors, settled: the next level's pieces, how many states
/// it holds, how many transitions led to it.
struct Settled {
    pieces: Vec<(usize, Piece)>,
    winners: u64,
    made: u64,
}

/// Hands each owner the offers made to it in the pass over level `depth`,
/// lets each settle them (on the team when there is one), and makes the
/// next level's pieces: each batch of successors stays with the member
/// that made it, and learns which of its successors won and the place of
/// its first winner in the level.
fn settle_level(
    team: Option<&LevelTeam>,
    depth: u32,
    pieces: Vec<Piece>,
    visited: &Visited,
    work: &LevelWork,
) -> Settled {
    let owners = visited.owners();
    let mut batches: Vec<(usize, Batch)> = pieces
        .into_iter()
        .flat_map(|p| {
            let by = p.ran_by;
            p.made.into_iter().map(move |b| (by, b))
        })
        .collect();
    let inboxes = (0..owners)
        .map(|owner| {
            let offers = batches
                .iter_mut()
                .map(|(_, b)| std::mem::take(&mut b.offers[owner]))
                .collect();
            let inbox = Inbox {
                owner,
                offers,
                ..Inbox::default()
            };
            (owner, Task::Settle(inbox))
        })
        .collect();
    let mut inboxes: Vec<Inbox> = run(team, (depth, true), inboxes, work)
        .into_iter()
        .map(|t| match t {
            Task::Settle(inbox) => inbox,
            _ => unreachable!("a settle task comes back settled"),
        })
        .collect();
    let made = inboxes.iter().map(|i| i.made).sum::<u64>()
        + batches.iter().map(|(_, b)| b.beaten).sum::<u64>();
    let mut winners = 0;
    let mut next = Vec::with_capacity(batches.len());
    for (k, (by, b)) in batches.into_iter().enumerate() {
        let won: Vec<Vec<bool>> = inboxes
            .iter_mut()
            .map(|i| std::mem::take(&mut i.won[k]))
            .collect();
        let first = winners;
        winners += inboxes.iter().map(|i| i.winners[k]).sum::<u64>();
        if b.children.is_empty() {
            continue;
        }
        let piece = Piece {
            first,
            candidates: b.children,
            won,
            ..Piece::default()
        };
        next.push((by, piece));
    }
    Settled {
        pieces: next,
        winners,
        made,
    }
}
