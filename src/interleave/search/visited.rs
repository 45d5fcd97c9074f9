//! The breadth-first search's visited set, split by owner: each member of
//! the search's team owns the fingerprints of one part of the hash space,
//! and only that member (or whoever stands in for it) writes that part.
//!
//! A shared set locked per state made every new state cost a few cache-line
//! transfers between the CPUs (the lock word, then the slot), and on a host
//! where a transfer takes 400 ns rather than 60 ns that was as much as the
//! state's own work: two threads read 0.6–0.8× one. Here a thread that
//! makes a successor only appends an [`Offer`] to the list for the
//! successor's owner; once the level's pass is done, each owner settles the
//! offers it was sent, in one go, in a part no other thread touches. So a
//! level's successors move between CPUs as whole cache lines of offers,
//! streamed, instead of one contended lock per state. Distributed model
//! checkers split their state space the same way.

use super::*;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{RwLock, RwLockReadGuard};

/// What the visited set keeps per fingerprint: where it was first reached
/// from, at which level, and the order of the candidate that holds it.
#[derive(Clone, Copy)]
pub(super) struct Entry {
    pub parent: u128,
    pub choice: Choice,
    pub depth: u32,
    pub order: u64,
}

// The level and the order fit in what a `(u128, Choice)` left as padding:
// the visited set costs no more memory per state than before it kept them.
const _: () = assert!(std::mem::size_of::<Entry>() == std::mem::size_of::<(u128, Choice)>());

/// A successor offered to its fingerprint's owner: it wants the entry.
pub(super) struct Offer {
    pub fp: u128,
    pub entry: Entry,
}

/// One owner's part of the set, alone on its cache lines. It is written
/// only while its owner settles a level's offers, and read only by its
/// owner during a level's pass (to drop a successor an earlier level has),
/// so its lock is never waited for and its word stays in one CPU's cache:
/// a pass takes it once per piece to read, an owner once per level to
/// write.
#[repr(align(128))]
#[derive(Default)]
struct Part(RwLock<HashMap<u128, Entry>>);

/// One member's own part of the set, read during a level's pass.
pub(super) struct Reader<'v> {
    me: usize,
    part: RwLockReadGuard<'v, HashMap<u128, Entry>>,
}

impl Reader<'_> {
    /// Whether `fp`, owned by `owner`, is known to be a state of an earlier
    /// level (during a level's pass the set holds nothing else). Only the
    /// reader's own part is read: taking another part's lock for a read
    /// writes that lock's word, which both threads then pass back and
    /// forth for every piece. A successor of an earlier level owned by
    /// another member is offered, and its owner drops it when it settles.
    pub fn has(&self, fp: u128, owner: usize) -> bool {
        owner == self.me && self.part.contains_key(&fp)
    }
}

/// The offers one owner was sent in a level's pass, one list per batch of
/// successors (in the level's order), and what settling them gave.
#[derive(Default)]
pub(super) struct Inbox {
    pub owner: usize,
    pub offers: Vec<Vec<Offer>>,
    /// Per list, whether each of its offers won its fingerprint.
    pub won: Vec<Vec<bool>>,
    /// Per list, how many of its offers won.
    pub winners: Vec<u64>,
    /// Offers of states that no earlier level had: the level's transitions.
    pub made: u64,
}

/// The visited set: one part per owner. It starts with one owner, the
/// search's own thread, and is split among the team when the team starts
/// ([`Visited::spread`]): a search too small for a team pays nothing for
/// the split (with two parts from the start, searches of a few thousand
/// states ran 0.55–0.8× as fast on a pool of two as on one).
pub(super) struct Visited {
    parts: Vec<Part>,
    owners: AtomicUsize,
}

impl Visited {
    /// A set that can be split among `members` owners.
    pub fn new(members: usize) -> Visited {
        Visited {
            parts: (0..members.max(1)).map(|_| Part::default()).collect(),
            owners: AtomicUsize::new(1),
        }
    }

    pub fn owners(&self) -> usize {
        self.owners.load(Relaxed)
    }

    /// Which of `owners` owns `fp` (the high half of a fingerprint: the
    /// maps hash the whole of it).
    pub fn owner_in(fp: u128, owners: usize) -> usize {
        ((fp >> 64) as u64 % owners as u64) as usize
    }

    /// Which member owns `fp` now.
    pub fn owner_of(&self, fp: u128) -> usize {
        Self::owner_in(fp, self.owners())
    }

    /// Splits the set among all its members: each fingerprint moves to its
    /// owner's part. Called between two levels, when the team starts.
    pub fn spread(&self) {
        let n = self.parts.len();
        if self.owners() == n {
            return;
        }
        let mut first = self.parts[0].0.write().unwrap();
        let mut moved: Vec<Vec<(u128, Entry)>> = vec![Vec::new(); n];
        first.retain(|&fp, e| match Self::owner_in(fp, n) {
            0 => true,
            o => {
                moved[o].push((fp, *e));
                false
            }
        });
        for (part, entries) in self.parts.iter().zip(moved).skip(1) {
            part.0.write().unwrap().extend(entries);
        }
        self.owners.store(n, Relaxed);
    }

    /// Enters the search's first state.
    pub fn insert_start(&self, fp: u128, e: Entry) {
        self.parts[self.owner_of(fp)]
            .0
            .write()
            .unwrap()
            .insert(fp, e);
    }

    /// Reads member `me`'s part of the set, for one piece of a level's
    /// pass.
    pub fn reader(&self, me: usize) -> Reader<'_> {
        let me = me % self.owners();
        Reader {
            me,
            part: self.parts[me].0.read().unwrap(),
        }
    }

    /// Settles an owner's offers for level `depth`: a fingerprint an
    /// earlier level holds stays there; among the offers of this level the
    /// lowest order keeps it, whatever order the lists arrive in, so the
    /// winner is the one a sequential search keeps (the first in the
    /// level's order, then in choice order).
    pub fn settle(&self, depth: u32, inbox: &mut Inbox) {
        use std::collections::hash_map::Entry as Slot;
        let mut part = self.parts[inbox.owner].0.write().unwrap();
        let offers = std::mem::take(&mut inbox.offers);
        // First every offer is entered. `maybe` is false for an offer that
        // can no longer win: an earlier level's state, or beaten by a lower
        // order already held (the held order only goes down).
        let mut earlier = 0u64;
        let maybe: Vec<Vec<bool>> = offers
            .iter()
            .map(|list| {
                list.iter()
                    .map(|o| match part.entry(o.fp) {
                        Slot::Vacant(v) => {
                            v.insert(o.entry);
                            true
                        }
                        Slot::Occupied(mut held) => {
                            let held = held.get_mut();
                            if held.depth < depth {
                                earlier += 1;
                                false
                            } else if o.entry.order < held.order {
                                *held = o.entry;
                                true
                            } else {
                                false
                            }
                        }
                    })
                    .collect()
            })
            .collect();
        // Then who kept it.
        inbox.won = offers
            .iter()
            .zip(maybe)
            .map(|(list, maybe)| {
                list.iter()
                    .zip(maybe)
                    .map(|(o, m)| m && part[&o.fp].order == o.entry.order)
                    .collect::<Vec<bool>>()
            })
            .collect();
        let offered: usize = offers.iter().map(Vec::len).sum();
        inbox.made = offered as u64 - earlier;
        inbox.winners = inbox
            .won
            .iter()
            .map(|w| w.iter().filter(|&&w| w).count() as u64)
            .collect();
        drop(part);
        // Dropped here, by the owner that read them, not by the coordinator.
        drop(offers);
    }

    /// The choices that lead from the start (`start`) to `fp`.
    pub fn path_to(&self, start: u128, mut fp: u128) -> Vec<Choice> {
        let mut path = Vec::new();
        while fp != start {
            let e = self.parts[self.owner_of(fp)].0.read().unwrap()[&fp];
            path.push(e.choice);
            fp = e.parent;
        }
        path.reverse();
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(fp: u128, order: u64, depth: u32) -> Offer {
        // Every offer's parent is the start (fingerprint 1).
        let entry = Entry {
            parent: 1,
            choice: Choice::Run(0),
            depth,
            order,
        };
        Offer { fp, entry }
    }

    #[test]
    fn the_lowest_order_wins_whatever_order_the_lists_come_in() {
        let visited = Visited::new(1);
        visited.insert_start(1, offer(1, 0, 0).entry);
        // fp 7 is offered three times at level 1, its lowest order last;
        // fp 1 is the start (level 0): never won again.
        let lists = vec![
            vec![offer(7, 30, 1), offer(1, 31, 1)],
            vec![offer(9, 40, 1), offer(7, 41, 1)],
            vec![offer(7, 5, 1)],
        ];
        let mut inbox = Inbox {
            owner: 0,
            offers: lists,
            ..Inbox::default()
        };
        visited.settle(1, &mut inbox);
        assert_eq!(
            inbox.won,
            vec![vec![false, false], vec![true, false], vec![true]]
        );
        assert_eq!(inbox.winners, vec![0, 1, 1]);
        // Every offer but the start's is a transition of the level.
        assert_eq!(inbox.made, 4);
        assert_eq!(visited.path_to(1, 7), vec![Choice::Run(0)]);
    }

    #[test]
    fn an_owner_owns_about_its_share_of_fingerprints() {
        let visited = Visited::new(2);
        visited.spread();
        let mut x: u128 = 0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834;
        let mut mine = [0; 2];
        for _ in 0..10_000 {
            x = x.wrapping_mul(0x2545_f491_4f6c_dd1d_6a09_e667_f3bc_c909) ^ (x >> 61);
            mine[visited.owner_of(x)] += 1;
        }
        assert!(
            mine.iter().all(|&n| (4_000..6_000).contains(&n)),
            "{mine:?}"
        );
    }
}
