//! A team of pool threads that stays awake across a search's levels.
//!
//! A breadth-first level of a small program is a few hundred states, a
//! fraction of a millisecond of work. Handing each level to rayon wakes the
//! pool's sleeping threads every time, and a wake-up (a futex natively,
//! `Atomics.notify` in a browser) costs about as much as the level itself:
//! two workers were slower than one on every level program. Here the
//! helpers are started once per search and wait for the next level by
//! watching one atomic word, so a level reaches them in the time a cache
//! line takes to move. A helper that has waited [`SPIN_MS`] without work
//! (a run of narrow levels done on the coordinator alone) sleeps on a
//! condition variable, so an idle helper does not take a CPU from the
//! thread doing the work.
//!
//! Work is claimed piece by piece, so a helper that starts late, or not at
//! all (its pool thread busy elsewhere), costs nothing: the coordinator
//! takes every piece no one else took. Each piece has an owner, the thread
//! that made its states, and each thread takes its own pieces first: a
//! state then stays in the cache of the thread that made it, and so do the
//! reference counts it shares with its parent and siblings. Each piece's
//! result stays in its own slot, so the order of results never depends on
//! which thread ran what.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

/// How long an idle helper watches for the next level before it sleeps:
/// longer than the coordinator's work between two levels (the merge of a
/// level's results, tens of microseconds), shorter than anything a person
/// would notice as a busy CPU.
const SPIN_MS: f64 = 2.0;

/// A level's pieces: `work` runs once on each, on whichever thread claims
/// it. Each piece has an owner, the thread that made its states; a thread
/// takes its own pieces first, from the front, and then other threads'
/// from the back.
struct Job<L, P> {
    level: L,
    pieces: Vec<Own<P>>,
    /// Per member of the team, its pieces (indices into `pieces`).
    lists: Vec<Claims>,
    done: AtomicUsize,
}

/// A piece, alone on its cache lines: neighbouring pieces often run on
/// different threads, and each takes and writes its piece.
#[repr(align(128))]
struct Own<P>(Mutex<P>);

/// One member's pieces: those in `range`'s `[front, back)` are unclaimed
/// (`front` in the low half, `back` in the high half, so that both ends
/// move with one compare-and-swap). Alone on its cache line: each member
/// claims from its own list all the time.
#[repr(align(128))]
struct Claims {
    pieces: Vec<usize>,
    range: AtomicU64,
}

impl Claims {
    fn new(pieces: Vec<usize>) -> Claims {
        let n = pieces.len() as u64;
        Claims {
            pieces,
            range: AtomicU64::new(n << 32),
        }
    }

    /// The next unclaimed piece from the front (`own`) or from the back.
    fn take(&self, own: bool) -> Option<usize> {
        let mut r = self.range.load(Ordering::Relaxed);
        loop {
            let (front, back) = (r & 0xffff_ffff, r >> 32);
            if front >= back {
                return None;
            }
            let (next, k) = if own {
                (r + 1, front)
            } else {
                (r - (1 << 32), back - 1)
            };
            match self
                .range
                .compare_exchange_weak(r, next, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return Some(self.pieces[k as usize]),
                Err(now) => r = now,
            }
        }
    }
}

impl<L, P> Job<L, P> {
    /// Member `me` claims and runs pieces until none is left: its own,
    /// then the others'.
    fn work_on(&self, me: usize, work: &(impl Fn(&L, &mut P, Claim) + ?Sized)) {
        let n = self.lists.len();
        // Counted once at the end: a count both threads bump per piece
        // moved its cache line between the CPUs twice per piece.
        let mut ran = 0;
        for (i, list) in (0..n).map(|i| (i, &self.lists[(me + i) % n])) {
            let claim = Claim {
                member: me,
                stolen: i > 0,
            };
            while let Some(k) = list.take(i == 0) {
                work(&self.level, &mut self.pieces[k].0.lock().unwrap(), claim);
                ran += 1;
            }
        }
        if ran > 0 {
            self.done.fetch_add(ran, Ordering::Release);
        }
    }
}

/// Who runs a piece: a member's number, and whether the piece is another
/// member's (its states were made on another thread).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Claim {
    pub member: usize,
    pub stolen: bool,
}

type JobRef<L, P> = Arc<Job<L, P>>;

/// What a waiting helper looks at, under the lock.
struct Board<L, P> {
    job: Option<Arc<Job<L, P>>>,
    sleeping: usize,
    finished: bool,
}

/// The coordinator's handle: [`Team::run`] one level at a time.
pub(super) struct Team<'w, L, P> {
    work: &'w (dyn Fn(&L, &mut P, Claim) + Sync),
    /// How many threads may run pieces: this one and the helpers.
    members: usize,
    board: Mutex<Board<L, P>>,
    wake: Condvar,
    /// Bumped (under the board's lock) for every new job and at the end;
    /// helpers watch it without the lock.
    epoch: AtomicU64,
}

impl<'w, L: Sync + Send, P: Send + Default> Team<'w, L, P> {
    /// Runs `body` on this thread with `helpers` more threads of the current
    /// rayon pool standing by for its [`Team::run`] calls, and stops them
    /// when it returns.
    pub(super) fn scope<R: Send>(
        helpers: usize,
        work: &'w (dyn Fn(&L, &mut P, Claim) + Sync),
        body: impl FnOnce(&Self) -> R + Send,
    ) -> R {
        let team = Team {
            work,
            members: helpers + 1,
            board: Mutex::new(Board {
                job: None,
                sleeping: 0,
                finished: false,
            }),
            wake: Condvar::new(),
            epoch: AtomicU64::new(0),
        };
        rayon::scope(|s| {
            for me in 1..=helpers {
                let team = &team;
                s.spawn(move |_| team.help(me));
            }
            let r = body(&team);
            team.finish();
            r
        })
    }

    /// Runs `work` on every piece, here (member 0) and on the helpers;
    /// returns the pieces, in order, once all are done. A piece's owner is
    /// a member's number (taken modulo [`Team::members`]).
    pub(super) fn run(&self, level: L, pieces: Vec<(usize, P)>) -> Vec<P> {
        let mut lists = vec![Vec::new(); self.members];
        for (k, (owner, _)) in pieces.iter().enumerate() {
            lists[owner % self.members].push(k);
        }
        let job = Arc::new(Job {
            level,
            pieces: pieces
                .into_iter()
                .map(|(_, p)| Own(Mutex::new(p)))
                .collect(),
            lists: lists.into_iter().map(Claims::new).collect(),
            done: AtomicUsize::new(0),
        });
        self.publish(|b| b.job = Some(job.clone()));
        job.work_on(0, self.work);
        // The last pieces may still be running on a helper.
        while job.done.load(Ordering::Acquire) < job.pieces.len() {
            std::hint::spin_loop();
        }
        self.board.lock().unwrap().job = None;
        // A helper may still hold the job (it found nothing left to claim),
        // so the pieces are taken out rather than the job unwrapped.
        job.pieces
            .iter()
            .map(|p| std::mem::take(&mut *p.0.lock().unwrap()))
            .collect()
    }

    /// Changes the board and tells every helper.
    fn publish(&self, change: impl FnOnce(&mut Board<L, P>)) {
        let mut b = self.board.lock().unwrap();
        change(&mut b);
        self.epoch.fetch_add(1, Ordering::Release);
        if b.sleeping > 0 {
            self.wake.notify_all();
        }
    }

    fn finish(&self) {
        self.publish(|b| b.finished = true);
    }

    /// A helper's life: wait for a job, help with it, until the end.
    fn help(&self, me: usize) {
        let mut seen = 0;
        loop {
            let Some((epoch, job)) = self.next_job(seen) else {
                return;
            };
            seen = epoch;
            if let Some(job) = job {
                job.work_on(me, self.work);
            }
        }
    }

    /// Waits for the epoch to move past `seen`; the board's job then, or
    /// `None` once the team is finished.
    fn next_job(&self, seen: u64) -> Option<(u64, Option<JobRef<L, P>>)> {
        let t0 = crate::clock::now_ms();
        let mut spins = 0u32;
        while self.epoch.load(Ordering::Acquire) == seen {
            std::hint::spin_loop();
            spins = spins.wrapping_add(1);
            if spins.is_multiple_of(1024) && crate::clock::now_ms() - t0 > SPIN_MS {
                break;
            }
        }
        let mut b = self.board.lock().unwrap();
        // The epoch only moves under this lock, so a publish cannot slip
        // between this check and the wait.
        while self.epoch.load(Ordering::Acquire) == seen && !b.finished {
            b.sleeping += 1;
            b = self.wake.wait(b).unwrap();
            b.sleeping -= 1;
        }
        if b.finished {
            return None;
        }
        Some((self.epoch.load(Ordering::Acquire), b.job.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A piece of the tests: numbers to add a level's value to, its
    /// owner, and who ran it.
    #[derive(Default, Debug, PartialEq)]
    struct Numbers {
        xs: Vec<u64>,
        owner: usize,
        claim: Option<Claim>,
    }

    #[test]
    fn every_piece_runs_once_in_order_and_says_whether_it_was_taken_over() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let work = |add: &u64, p: &mut Numbers, claim: Claim| {
            assert!(p.claim.is_none(), "a piece ran twice");
            for x in p.xs.iter_mut() {
                *x += add;
            }
            p.claim = Some(claim);
        };
        let pieces = |level: u64| -> Vec<(usize, Numbers)> {
            (0..level % 17)
                .map(|k| {
                    let owner = (k as usize * 7 + level as usize) % 5;
                    let xs = vec![k; 3];
                    let n = Numbers {
                        xs,
                        owner,
                        claim: None,
                    };
                    (owner, n)
                })
                .collect()
        };
        let out = pool.install(|| {
            Team::scope(2, &work, |team| {
                (0..300u64)
                    .map(|level| team.run(level, pieces(level)))
                    .collect::<Vec<_>>()
            })
        });
        for (level, got) in out.iter().enumerate() {
            let level = level as u64;
            assert_eq!(got.len(), pieces(level).len(), "level {level}");
            for (k, p) in got.iter().enumerate() {
                assert_eq!(p.xs, vec![k as u64 + level; 3], "level {level}");
                let claim = p.claim.expect("every piece ran");
                // Owners are taken modulo the team's size (3).
                assert_eq!(claim.stolen, claim.member != p.owner % 3, "{p:?}");
            }
        }
    }

    #[test]
    fn a_team_whose_helpers_never_start_still_finishes() {
        // One thread: the helper is queued behind the coordinator and only
        // runs (and returns at once) after the body is done.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let work = |_: &(), p: &mut u32, c: Claim| *p += 1 + c.member as u32;
        let out = pool
            .install(|| Team::scope(1, &work, |team| team.run((), vec![(1, 1), (0, 2), (1, 3)])));
        assert_eq!(out, [2, 3, 4], "member 0 ran everything");
    }
}
