//! A deliberately naive oracle for the scheduler game's solver: every
//! schedule, depth first, with no visited set, no hashing and no code of
//! `search.rs`. Only the game's own semantics are used — `choices`, `step`
//! and `outcome` — so that when it agrees with the breadth-first solver,
//! the solver's promises are checked by something that shares none of its
//! shortcuts (state deduplication, fingerprints, parallel frontiers, the
//! fast `breaks` test).
//!
//! Included by test files with `#[path]`.

use threadlab::interleave::{Granularity, Program, State};

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
