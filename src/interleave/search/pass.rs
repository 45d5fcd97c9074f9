//! One breadth-first level's pass over its candidates, each candidate
//! handled by the thread that made it while that thread has any left.
//!
//! Why by maker: a successor's state is allocated by the thread that made
//! it, and freed (or expanded and then freed) at the next pass. When another
//! thread frees it, the block moves between the two threads' allocator
//! caches: one thread's cache empties while the other's overflows, and both
//! fall through to the allocator's shared state (glibc's arena locks; in
//! threaded wasm the one dlmalloc lock behind [`crate::alloc_cache`]). The
//! state is also still in its maker's cache. So a level's candidates are
//! kept in *lanes*, one per pool thread, each holding the groups its thread
//! made; a thread works through its own lane in pieces, then takes pieces
//! of the others' (a lane is never waited for).
//!
//! Which thread handles a candidate changes nothing in the answer: a
//! candidate's place in the search's order is computed from its parent's
//! place (see [`Level::firsts`]), not from where it lies.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::bfs::{Child, Visit};
use super::{Choice, StepError};

/// Most groups (one per parent) in one piece of a pass: about 10–30 µs of
/// work (a candidate costs 1–3 µs), so a thread that finishes early takes
/// over the rest in pieces.
const PIECE: usize = 8;

/// A parent's successors that may still win their fingerprints, in choice
/// order.
pub(super) struct Group {
    /// The parent's place among its level's candidates.
    parent: u64,
    children: Vec<Child>,
}

/// One level's candidates, by the thread that made them.
pub(super) struct Level {
    /// Lane `i`: the groups pool thread `i` made, in the order it made them.
    lanes: Vec<Vec<Group>>,
    /// The place of each parent's first successor among this level's
    /// candidates, by the parent's place: the candidates' order is the
    /// parents' order, then the choices'. (Computed in one serial sweep of
    /// a few adds per parent.)
    firsts: Vec<u64>,
}

impl Level {
    /// The first level: `c` alone, at place 0.
    pub(super) fn start(c: Child) -> Level {
        let mut lanes: Vec<Vec<Group>> = (0..lanes()).map(|_| Vec::new()).collect();
        lanes[0].push(Group {
            parent: 0,
            children: vec![c],
        });
        Level {
            lanes,
            firsts: vec![0],
        }
    }

    /// Candidates in the level.
    pub(super) fn len(&self) -> usize {
        self.lanes.iter().flatten().map(|g| g.children.len()).sum()
    }
}

/// Lanes in a level: one per thread of the current pool.
fn lanes() -> usize {
    rayon::current_num_threads().max(1)
}

/// The lane of the thread running this.
fn my_lane(lanes: usize) -> usize {
    rayon::current_thread_index().unwrap_or(0) % lanes
}

/// What a pass found, over the candidates one thread handled (or all).
#[derive(Default)]
pub(super) struct Passed {
    /// The next level's groups this thread made.
    groups: Vec<Group>,
    /// Transitions of the level (successors not seen at earlier levels).
    pub made: u64,
    /// Of those, states no candidate had before: the next level's states.
    pub fresh: u64,
    /// The first breaking candidate in order: (place, fingerprint).
    pub breaks: Option<(u64, u128)>,
    /// The first refusal in order: (place, the refused state's fingerprint,
    /// the choice, the error).
    pub refused: Option<(u64, u128, Choice, StepError)>,
}

impl Passed {
    fn add(&mut self, place: u64, v: Visit) {
        match v {
            Visit::Children(t, c) => {
                self.made += t.made;
                self.fresh += t.fresh;
                if !c.is_empty() {
                    self.groups.push(Group {
                        parent: place,
                        children: c,
                    });
                }
            }
            Visit::Breaks(fp) => {
                if self.breaks.is_none_or(|(p, _)| place < p) {
                    self.breaks = Some((place, fp));
                }
            }
            Visit::Refused(fp, c, e) => {
                if self.refused.as_ref().is_none_or(|r| place < r.0) {
                    self.refused = Some((place, fp, c, e));
                }
            }
            Visit::Lost => {}
        }
    }

    /// Adds what another thread found (not its groups).
    fn merge(&mut self, o: Passed) {
        self.made += o.made;
        self.fresh += o.fresh;
        if let Some((p, fp)) = o.breaks {
            if self.breaks.is_none_or(|(q, _)| p < q) {
                self.breaks = Some((p, fp));
            }
        }
        if let Some(r) = o.refused {
            if self.refused.as_ref().is_none_or(|q| r.0 < q.0) {
                self.refused = Some(r);
            }
        }
    }
}

/// A lane shared by the threads of a pass: each piece of it is claimed by
/// exactly one thread, through `next`.
#[repr(align(64))]
struct Shared {
    next: AtomicUsize,
    /// The lane's groups: `_owner`'s buffer, which is neither read nor
    /// resized through `_owner` during the pass (it is kept to be freed).
    groups: *mut Group,
    len: usize,
    _owner: Vec<Group>,
}

// SAFETY: the groups are reached only through `take`, which hands out each
// piece of them once (`next` only grows), as a slice of its own.
unsafe impl Sync for Shared {}

impl Shared {
    fn new(mut owner: Vec<Group>) -> Shared {
        Shared {
            next: AtomicUsize::new(0),
            groups: owner.as_mut_ptr(),
            len: owner.len(),
            _owner: owner,
        }
    }

    /// Claims the next piece of the lane and takes its groups' children.
    fn take(&self, out: &mut Vec<(u64, Vec<Child>)>) -> bool {
        let i = self.next.fetch_add(PIECE, Ordering::Relaxed);
        if i >= self.len {
            return false;
        }
        // SAFETY: [i, end) lies in the buffer and is claimed by this call
        // only (see `unsafe impl Sync`).
        let piece = unsafe {
            std::slice::from_raw_parts_mut(self.groups.add(i), (i + PIECE).min(self.len) - i)
        };
        out.extend(
            piece
                .iter_mut()
                .map(|g| (g.parent, std::mem::take(&mut g.children))),
        );
        true
    }
}

/// The pass over `level`: [`Visit`]s every candidate (with its place) by
/// `f`, on the pool when `parallel`; returns what it found and the next
/// level (the places of its candidates computed).
pub(super) fn pass(
    parallel: bool,
    level: Level,
    f: impl Fn((u64, Child)) -> Visit + Sync + Send,
) -> (Passed, Level) {
    let n = level.lanes.len();
    let total = level.len();
    let firsts = level.firsts;
    let shared: Vec<Shared> = level.lanes.into_iter().map(Shared::new).collect();
    // A thread's share: its own lane first, then the others'.
    let work = || {
        let me = my_lane(n);
        let mut found = Passed::default();
        let mut piece = Vec::with_capacity(PIECE);
        for l in (0..n).map(|k| (me + k) % n) {
            while shared[l].take(&mut piece) {
                for (parent, children) in piece.drain(..) {
                    let first = firsts[parent as usize];
                    for (i, c) in children.into_iter().enumerate() {
                        let place = first + i as u64;
                        found.add(place, f((place, c)));
                    }
                }
            }
        }
        (me, found)
    };
    let mut results = Vec::with_capacity(n);
    if parallel {
        let done = Mutex::new(Vec::with_capacity(n));
        // One job per other thread, taken by whichever is free: a thread
        // that is late finds the lanes empty, and a job nobody took is run
        // by this thread when it is done with the rest (never waited for).
        rayon::scope(|s| {
            for _ in 1..n {
                s.spawn(|_| {
                    let r = work();
                    done.lock().unwrap().push(r);
                });
            }
            let r = work();
            done.lock().unwrap().push(r);
        });
        results = done.into_inner().unwrap();
    } else {
        results.push(work());
    }
    // The lanes' buffers (their groups' children all taken).
    drop(shared);
    let mut lanes: Vec<Vec<Group>> = (0..n).map(|_| Vec::new()).collect();
    let mut all = Passed::default();
    for (me, mut found) in results {
        let groups = std::mem::take(&mut found.groups);
        if lanes[me].is_empty() {
            lanes[me] = groups;
        } else {
            lanes[me].extend(groups);
        }
        all.merge(found);
    }
    let firsts = places(&lanes, total);
    (all, Level { lanes, firsts })
}

/// Each parent's first successor's place: the parents' order, then the
/// choices'. `parents`: the candidates of the level just passed.
fn places(lanes: &[Vec<Group>], parents: usize) -> Vec<u64> {
    let mut firsts = vec![0u64; parents];
    for g in lanes.iter().flatten() {
        firsts[g.parent as usize] = g.children.len() as u64;
    }
    let mut next = 0;
    for f in &mut firsts {
        let len = *f;
        *f = next;
        next += len;
    }
    firsts
}
