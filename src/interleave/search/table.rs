//! The breadth-first search's visited set: one open-addressed table of
//! 128-bit fingerprints that every thread of the search inserts into at
//! once, with a compare-and-swap per slot and no lock.
//!
//! A thread that makes a successor enters it the moment it has its
//! fingerprint. The first thread to claim the slot keeps the state; any
//! thread that makes it again, on this level or a later one, finds the
//! entry and drops its copy at once, while it is still in its cache. So no
//! state is ever held twice, and no offers need settling after a level.
//! Each slot also keeps the lowest *order* any copy offered on the state's
//! first level (see `bfs.rs`): that, not who came first, says which parent
//! the state is reached from.
//!
//! Earlier designs, measured in `docs/benchmark.md`: a set of shards, each
//! behind a lock, made every insert write the lock's word, which the two
//! CPUs then passed back and forth; a set split by owner, settled once per
//! level, kept a copy on both threads of every state both made (a quarter
//! more states) and moved the offers between the CPUs. Here an insert
//! writes only its own slot, and a copy writes the slot again only when
//! its order is lower.
//!
//! The table does not grow while a level is worked on: the search sizes it
//! between levels for the most successors the level can make, and a
//! thread that still finds it too full hands its successor back
//! ([`Entered::Full`]) to be entered after the level, once it has grown.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// One slot: a fingerprint, the level it was first reached at, and the
/// lowest order it was reached by on that level (see `bfs.rs`: an order
/// says which state of the level before, and which choice). `hi` is
/// claimed first (a compare-and-swap from 0), then `depth` and `order`
/// are written, then `lo` is stored: a reader that sees both halves of a
/// fingerprint may read the rest. Fingerprints are stored with the lowest
/// bit of each half set ([`key`]), so 0 means "not yet".
struct Slot {
    hi: AtomicU64,
    lo: AtomicU64,
    order: AtomicU64,
    depth: AtomicU32,
}

/// The two halves a fingerprint is stored as, neither of them 0. Setting
/// one bit in each half leaves 126 bits to tell states apart.
fn key(fp: u128) -> (u64, u64) {
    ((fp >> 64) as u64 | 1, fp as u64 | 1)
}

/// What [`Table::enter`] found.
#[derive(Debug, PartialEq)]
pub(super) enum Entered {
    /// The state is new: this caller keeps it.
    New,
    /// Already there, first reached at this level.
    Seen(u32),
    /// No room: enter it again once the table has grown.
    Full,
}

/// The visited set.
pub(super) struct Table {
    slots: Box<[Slot]>,
    mask: usize,
    /// Entries, as of the last [`Table::reserve`] plus what
    /// [`Table::insert_alone`] added since.
    len: usize,
    /// How many entries one member may add until the next reserve.
    share: usize,
}

/// Entries per slot the table stays below: linear probing's probe lengths
/// stay short under 3/4.
const LOAD_NUM: usize = 3;
const LOAD_DEN: usize = 4;

impl Slot {
    /// Offers `order` for a state of level `depth` held here: the lowest
    /// order of the state's first level is kept. Written only when lower:
    /// a write takes the cache line from the other CPU.
    fn offer(&self, order: u64, depth: u32) -> u32 {
        let held = self.depth.load(Ordering::Relaxed);
        if held == depth && order < self.order.load(Ordering::Relaxed) {
            self.order.fetch_min(order, Ordering::Relaxed);
        }
        held
    }
}

impl Table {
    pub fn new() -> Table {
        Table::with_slots(1 << 10)
    }

    fn with_slots(n: usize) -> Table {
        let slots = (0..n)
            .map(|_| Slot {
                hi: AtomicU64::new(0),
                lo: AtomicU64::new(0),
                order: AtomicU64::new(0),
                depth: AtomicU32::new(0),
            })
            .collect();
        Table {
            slots,
            mask: n - 1,
            len: 0,
            share: 0,
        }
    }

    /// Makes room for `more` new entries from `members` threads (each may
    /// add `more / members` before it gets [`Entered::Full`]), after
    /// `added` entries came in since the last call. Called between levels,
    /// by one thread.
    pub fn reserve(&mut self, added: usize, more: usize, members: usize) {
        self.len += added;
        let need = self.len + more;
        if need * LOAD_DEN > self.slots.len() * LOAD_NUM {
            self.grow(need);
        }
        let room = (self.slots.len() * LOAD_NUM / LOAD_DEN).saturating_sub(self.len);
        self.share = room / members.max(1);
    }

    /// Rehashes into a table with room for `need` entries.
    fn grow(&mut self, need: usize) {
        let n = (need * LOAD_DEN / LOAD_NUM + 1).next_power_of_two();
        let mut bigger = Table::with_slots(n);
        for s in self.slots.iter_mut() {
            let (hi, lo) = (*s.hi.get_mut(), *s.lo.get_mut());
            if hi != 0 {
                bigger.put(hi, lo, *s.order.get_mut(), *s.depth.get_mut());
            }
        }
        bigger.len = self.len;
        *self = bigger;
    }

    /// Stores a key known to be absent, with no other thread at work.
    fn put(&mut self, hi: u64, lo: u64, order: u64, depth: u32) {
        let mut i = lo as usize & self.mask;
        while *self.slots[i].hi.get_mut() != 0 {
            i = (i + 1) & self.mask;
        }
        let s = &mut self.slots[i];
        *s.hi.get_mut() = hi;
        *s.lo.get_mut() = lo;
        *s.order.get_mut() = order;
        *s.depth.get_mut() = depth;
    }

    /// Enters `fp`, reached at level `depth` by `order`, unless it is there
    /// already; if it is, offers `order` ([`Slot::offer`]). Any number of
    /// threads may call this at once; `added` is the caller's count of new
    /// entries since the last reserve (checked against its share, so the
    /// table never fills).
    pub fn enter(&self, fp: u128, order: u64, depth: u32, added: usize) -> Entered {
        let (hi, lo) = key(fp);
        let mut i = lo as usize & self.mask;
        loop {
            let s = &self.slots[i];
            let mut h = s.hi.load(Ordering::Acquire);
            if h == 0 {
                if added >= self.share {
                    return Entered::Full;
                }
                match s
                    .hi
                    .compare_exchange(0, hi, Ordering::AcqRel, Ordering::Acquire)
                {
                    Ok(_) => {
                        s.order.store(order, Ordering::Relaxed);
                        s.depth.store(depth, Ordering::Relaxed);
                        s.lo.store(lo, Ordering::Release);
                        return Entered::New;
                    }
                    Err(now) => h = now,
                }
            }
            if h == hi && Self::published(s) == lo {
                return Entered::Seen(s.offer(order, depth));
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Slot `s`'s `lo`, once its claimer has published it (a few stores
    /// after claiming `hi`).
    fn published(s: &Slot) -> u64 {
        let mut l = s.lo.load(Ordering::Acquire);
        while l == 0 {
            std::hint::spin_loop();
            l = s.lo.load(Ordering::Acquire);
        }
        l
    }

    fn find(&self, fp: u128) -> Option<&Slot> {
        let (hi, lo) = key(fp);
        let mut i = lo as usize & self.mask;
        loop {
            let s = &self.slots[i];
            let h = s.hi.load(Ordering::Acquire);
            if h == 0 {
                return None;
            }
            if h == hi && s.lo.load(Ordering::Acquire) == lo {
                return Some(s);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// When `fp` is entered (and published): the level it was first
    /// reached at, after offering `order` for it ([`Slot::offer`]).
    pub fn offer(&self, fp: u128, order: u64, depth: u32) -> Option<u32> {
        self.find(fp).map(|s| s.offer(order, depth))
    }

    /// The lowest order `fp` was reached by on its first level.
    pub fn order_of(&self, fp: u128) -> Option<u64> {
        self.find(fp).map(|s| s.order.load(Ordering::Relaxed))
    }

    /// Enters `fp` with no other thread at work (the first state, and
    /// successors handed back as [`Entered::Full`]): what [`Table::enter`]
    /// would do, and a new entry counts at once.
    pub fn insert_alone(&mut self, fp: u128, order: u64, depth: u32) -> Entered {
        if let Some(held) = self.offer(fp, order, depth) {
            return Entered::Seen(held);
        }
        if (self.len + 1) * LOAD_DEN > self.slots.len() * LOAD_NUM {
            self.grow(self.len + 1);
        }
        let (hi, lo) = key(fp);
        self.put(hi, lo, order, depth);
        self.len += 1;
        Entered::New
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_is_new_once_and_keeps_the_lowest_order_of_its_first_level() {
        let mut t = Table::new();
        t.reserve(0, 10, 1);
        assert_eq!(t.enter(7, 50, 1, 0), Entered::New);
        assert_eq!(t.enter(7, 60, 1, 1), Entered::Seen(1));
        assert_eq!(t.order_of(7), Some(50));
        assert_eq!(t.enter(7, 20, 1, 1), Entered::Seen(1));
        assert_eq!(t.offer(7, 30, 1), Some(1));
        assert_eq!(t.order_of(7), Some(20));
        // A later level's offers change nothing.
        assert_eq!(t.offer(7, 1, 2), Some(1));
        assert_eq!(t.order_of(7), Some(20));
        assert_eq!(t.order_of(8), None);
        assert_eq!(t.offer(8, 1, 2), None);
    }

    #[test]
    fn a_member_past_its_share_is_told_to_wait_for_growth() {
        let mut t = Table::new();
        t.reserve(0, 4, 2);
        let share = t.share;
        assert_eq!(t.enter(5, 9, 1, share), Entered::Full);
        assert_eq!(t.insert_alone(5, 9, 1), Entered::New);
        assert_eq!(t.insert_alone(5, 3, 1), Entered::Seen(1));
        assert_eq!(t.order_of(5), Some(3));
    }

    #[test]
    fn growing_keeps_every_entry() {
        let mut t = Table::new();
        let fp = |i: u64| (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835);
        for i in 0..5_000u64 {
            t.reserve(0, 1, 1);
            assert_eq!(t.enter(fp(i), i, 1, 0), Entered::New);
            t.reserve(1, 0, 1);
        }
        assert_eq!(t.len, 5_000);
        assert!(t.slots.len() < 16_384, "{}", t.slots.len());
        assert!((0..5_000).all(|i| t.order_of(fp(i)) == Some(i)));
    }

    #[test]
    fn threads_entering_the_same_states_keep_each_once_with_its_lowest_order() {
        let mut t = Table::new();
        t.reserve(0, 40_000, 4);
        let t = &t;
        let fp = |j: u128| j.wrapping_mul(0x2545_f491_4f6c_dd1d_6a09_e667_f3bc_c909);
        let won: Vec<usize> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..4u128)
                .map(|k| {
                    s.spawn(move || {
                        let mut added = 0;
                        for i in 0..10_000u128 {
                            // Every thread enters the same 10,000 states,
                            // each in its own order, with its own orders.
                            let j = (i * 7_919 + k * 2_503) % 10_000;
                            let order = (j * 4 + k) as u64;
                            if t.enter(fp(j), order, 1, added) == Entered::New {
                                added += 1;
                            }
                        }
                        added
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(won.iter().sum::<usize>(), 10_000, "{won:?}");
        assert!((0..10_000u128).all(|j| t.order_of(fp(j)) == Some(j as u64 * 4)));
    }
}
