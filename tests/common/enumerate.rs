//! A deliberately naive oracle for the scheduler game's solver: every
//! schedule, depth first, with no visited set, no hashing and no code of
//! `search.rs`. Only the game's own semantics are used — `choices`, `step`
//! and `outcome` — so that when it agrees with the breadth-first solver,
//! the solver's promises are checked by something that shares none of its
//! shortcuts (state deduplication, fingerprints, parallel frontiers, the
//! fast `breaks` test).
//!
//! Included by test files with `#[path]`.

use threadlab::interleave::{Choice, Granularity, Program, State};

/// What the enumerator saw within its bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enumerated {
    /// The shortest breaking schedule has this many steps (no schedule of
    /// fewer steps breaks the program).
    Broken(u32),
    /// No schedule of at most the bound breaks the program. `complete`:
    /// every schedule ended (finished or broke) within the bound, so this
    /// covers every schedule there is.
    NoBreak { complete: bool },
}

/// Why the enumerator gave up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GaveUp {
    /// More than the node budget of schedule prefixes.
    Budget,
    /// The model refused a step (a limit); the solver reports that too.
    Model(String),
}

/// A depth-first walk over every schedule.
pub struct Enumerator<'a> {
    pub program: &'a Program,
    pub granularity: Granularity,
    pub spurious: bool,
    /// Longest schedule looked at.
    pub bound: u32,
    /// Most schedule prefixes (tree nodes) visited before giving up.
    pub budget: u64,
    /// Tree nodes visited so far.
    pub nodes: u64,
    /// The shortest break seen so far; deeper paths are not followed once
    /// one is known (they cannot be shorter). This prunes, but it only
    /// ever cuts paths longer than a break already found, so the minimum
    /// is still exact.
    best: Option<u32>,
    hit_bound: bool,
}

impl<'a> Enumerator<'a> {
    pub fn new(program: &'a Program, bound: u32, budget: u64) -> Self {
        Enumerator {
            program,
            granularity: Granularity::Bytecode,
            spurious: true,
            bound,
            budget,
            nodes: 0,
            best: None,
            hit_bound: false,
        }
    }

    /// Every schedule from `start` of at most `bound` steps.
    pub fn run(&mut self, start: &State) -> Result<Enumerated, GaveUp> {
        self.nodes = 0;
        self.best = None;
        self.hit_bound = false;
        self.walk(start, 0)?;
        Ok(match self.best {
            Some(d) => Enumerated::Broken(d),
            None => Enumerated::NoBreak {
                complete: !self.hit_bound,
            },
        })
    }

    fn walk(&mut self, s: &State, depth: u32) -> Result<(), GaveUp> {
        self.nodes += 1;
        if self.nodes > self.budget {
            return Err(GaveUp::Budget);
        }
        if s.outcome(self.program).is_breaking() {
            self.best = Some(self.best.map_or(depth, |b| b.min(depth)));
            return Ok(());
        }
        let choices = s.choices(self.program, self.spurious);
        if choices.is_empty() {
            return Ok(());
        }
        // Only a break strictly shorter than the best known is news.
        let limit = self.best.map_or(self.bound, |b| b.saturating_sub(1));
        if depth >= limit {
            if self.best.is_none() {
                self.hit_bound = true;
            }
            return Ok(());
        }
        for c in choices {
            let next = s
                .step(self.program, c, self.granularity)
                .map_err(|e| GaveUp::Model(e.to_string()))?;
            self.walk(&next, depth + 1)?;
        }
        Ok(())
    }
}

/// What the enumerator saw of preemptions within its bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FewestPreemptions {
    /// The fewest preemptions of any breaking schedule of at most the
    /// bound's steps (`None`: none breaks within the bound).
    pub fewest: Option<u32>,
    /// Every schedule ended within the bound.
    pub complete: bool,
}

impl Enumerator<'_> {
    /// Every schedule from `start` of at most `bound` steps, counting its
    /// preemptions: a step by thread `t` while the thread that took the
    /// last `Run` step could still run, and could since that step (it did
    /// not block in between), and is not `t`. A wakeup is not a switch.
    /// Returns the fewest preemptions of a breaking one.
    pub fn fewest_preemptions(&mut self, start: &State) -> Result<FewestPreemptions, GaveUp> {
        self.nodes = 0;
        self.best = None;
        self.hit_bound = false;
        self.walk_preemptions(start, 0, None, 0)?;
        Ok(FewestPreemptions {
            fewest: self.best,
            complete: !self.hit_bound,
        })
    }

    fn walk_preemptions(
        &mut self,
        s: &State,
        depth: u32,
        last: Option<u8>,
        spent: u32,
    ) -> Result<(), GaveUp> {
        self.nodes += 1;
        if self.nodes > self.budget {
            return Err(GaveUp::Budget);
        }
        if s.outcome(self.program).is_breaking() {
            self.best = Some(self.best.map_or(spent, |b| b.min(spent)));
            return Ok(());
        }
        let choices = s.choices(self.program, self.spurious);
        if choices.is_empty() {
            return Ok(());
        }
        if depth >= self.bound {
            self.hit_bound = true;
            return Ok(());
        }
        let last_can_run = last.is_some_and(|l| choices.contains(&Choice::Run(l)));
        for c in choices {
            let cost = match c {
                Choice::Run(t) => u32::from(last_can_run && last != Some(t)),
                Choice::Wake(_) => 0,
            };
            // Only a break with strictly fewer preemptions is news.
            if self.best.is_some_and(|b| spent + cost >= b) {
                continue;
            }
            let next = s
                .step(self.program, c, self.granularity)
                .map_err(|e| GaveUp::Model(e.to_string()))?;
            // A thread that blocked, parked or finished is not "the one
            // that could go on", even if a wakeup makes it runnable later.
            let next_last = match c {
                Choice::Run(t) => next
                    .choices(self.program, false)
                    .contains(&Choice::Run(t))
                    .then_some(t),
                Choice::Wake(_) => last,
            };
            self.walk_preemptions(&next, depth + 1, next_last, spent + cost)?;
        }
        Ok(())
    }
}
