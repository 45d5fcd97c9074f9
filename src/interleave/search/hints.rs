//! One step towards a break, for the page's Hint button, and the per-state
//! test the searches share.

use super::*;

/// The next step of a shortest breaking schedule from `state` (bytecode
/// granularity, spurious wakeups allowed), or `None` if no schedule
/// breaks the program from here (or the search gave up or was cancelled).
pub fn hint(program: &Program, state: &State, cancel: &(impl StopFlag + ?Sized)) -> Option<Choice> {
    hint_with(program, state, &SearchOptions::default(), cancel)
}

/// [`hint`] with other options (e.g. statement-sized steps, or no
/// spurious wakeups).
pub fn hint_with(
    program: &Program,
    state: &State,
    opts: &SearchOptions,
    cancel: &(impl StopFlag + ?Sized),
) -> Option<Choice> {
    let r = search(program, state, opts, cancel);
    r.verdict.schedule().and_then(|s| s.first().copied())
}

impl State {
    /// Whether this state is breaking ([`GameOutcome::is_breaking`]), computed
    /// without building any text or vector (the solver asks this of every
    /// state).
    pub fn breaks(&self, program: &Program) -> bool {
        let n = self.threads.len();
        let mut all_done = true;
        let mut all_stuck = true;
        // Each live thread's wait-for edge, if it has one.
        let mut edge: [Option<Tid>; crate::interleave::MAX_THREADS] =
            [None; crate::interleave::MAX_THREADS];
        for (t, th) in self.threads.iter().enumerate() {
            match &th.status {
                Status::Crashed(_) => return true,
                Status::Done => continue,
                _ => {}
            }
            all_done = false;
            match self.waiting(program, t as Tid) {
                Some(w) => edge[t] = w.on_thread(),
                None => all_stuck = false,
            }
        }
        if all_done {
            return self.outcome(program).is_breaking();
        }
        if all_stuck {
            return true;
        }
        // A cycle: following edges from some thread comes back to it. Only
        // then is the (slower) question asked whether it can ever break.
        for start in 0..n {
            let mut cur = start;
            for _ in 0..n {
                match edge[cur] {
                    Some(next) => {
                        cur = next as usize;
                        if cur == start {
                            return self.dead_cycle(program).is_some();
                        }
                    }
                    None => break,
                }
            }
        }
        false
    }
}
