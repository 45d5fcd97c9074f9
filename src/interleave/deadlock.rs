//! When a cycle of waits is a deadlock.
//!
//! The wait-for graph has an edge from each blocked thread to the thread it
//! seems to wait for: the one that acquired the lock it wants, or the one
//! it joins ([`super::primitives::Waiting::on_thread`]). A cycle in that
//! graph is not always a deadlock, because a plain `threading.Lock` has no
//! owner: CPython lets *any* thread release it, and programs hand a lock
//! from one thread to another (a worker acquires it, a helper releases it,
//! the worker acquires it again). The same holds for a Condition built on a
//! Lock. So:
//!
//! - A cycle whose every edge is *owned* — an RLock (only its owner may
//!   release it), a Condition on an RLock (the default), or a `join` (only
//!   the joined thread's end ends it) — is a deadlock at once, even while
//!   other threads still run: nothing outside the cycle can break it.
//! - A cycle with an edge on a plain Lock is a deadlock only when no
//!   schedule lets any of its threads move again: every state the *other*
//!   threads can reach (their steps, and spurious wakeups of threads in
//!   `Condition.wait`) is explored, and if in none of them a thread of the
//!   cycle can take a step, the cycle is dead. Otherwise the run goes on
//!   (and if everyone ends up stuck, it is a hang).
//!
//! So a **deadlock** verdict always means: those threads can never move
//! again, whatever the scheduler does. The edges stay as drawn — "waits for
//! the thread that acquired it" — as a hint of who is expected to release.

use std::collections::HashSet;

use super::machine::{Granularity, State};
use super::primitives::{Obj, Waiting};
use super::value::Tid;
use super::Program;

/// Most states explored to decide whether a cycle with a plain-Lock edge
/// is dead. Past this the cycle is not called a deadlock (the run goes on;
/// if everyone ends up stuck that is still a hang), so the budget can
/// only delay a verdict, never make a wrong one.
pub const MAX_DEADLOCK_STATES: usize = 20_000;

impl State {
    /// Whether `w` can end only by an act of the one thread it points to.
    fn owned_wait(&self, w: &Waiting) -> bool {
        match w {
            Waiting::Lock { obj, .. } | Waiting::Reacquire { lock: obj, .. } => {
                matches!(*self.heap[*obj as usize], Obj::RLock { .. })
            }
            Waiting::Join { .. } => true,
            _ => false,
        }
    }

    /// The cycles of the wait-for graph, each starting at its smallest
    /// thread id, in order of that id. Each waiting thread has at most one
    /// edge, so the cycles are disjoint.
    pub(super) fn wait_cycles(&self, prog: &Program) -> Vec<Vec<(Tid, Waiting)>> {
        let n = self.threads.len();
        let edge: Vec<Option<(Tid, Waiting)>> = (0..n as Tid)
            .map(|t| {
                let w = self.waiting(prog, t).filter(|_| self.is_live(t))?;
                Some((w.on_thread()?, w))
            })
            .collect();
        let mut out = Vec::new();
        for start in 0..n {
            // Follow edges from `start`; a cycle through it comes back to it
            // within n steps. Report it only from its smallest member.
            let mut cycle = Vec::new();
            let mut cur = start;
            for _ in 0..n {
                let Some((to, w)) = &edge[cur] else { break };
                cycle.push((cur as Tid, *w));
                cur = *to as usize;
                if cur <= start {
                    break;
                }
            }
            if cur == start && !cycle.is_empty() {
                out.push(cycle);
            }
        }
        out
    }

    /// The first cycle of waits that no schedule can break (see the module
    /// docs), as its threads.
    pub(super) fn dead_cycle(&self, prog: &Program) -> Option<Vec<Tid>> {
        self.wait_cycles(prog).into_iter().find_map(|c| {
            let threads: Vec<Tid> = c.iter().map(|(t, _)| *t).collect();
            let dead =
                c.iter().all(|(_, w)| self.owned_wait(w)) || self.stays_blocked(prog, &threads);
            dead.then_some(threads)
        })
    }

    /// Whether no schedule from here lets a thread of `set` (all blocked
    /// now) take a step. Explores every reachable state at bytecode
    /// granularity, spurious wakeups included; a step the model refuses,
    /// or more than [`MAX_DEADLOCK_STATES`] states, counts as "it might".
    fn stays_blocked(&self, prog: &Program, set: &[Tid]) -> bool {
        let mut seen: HashSet<u128> = HashSet::new();
        seen.insert(super::search::fingerprint(self));
        let mut stack = vec![self.clone()];
        while let Some(s) = stack.pop() {
            // Threads of `set` are blocked in every state on the stack, so
            // every choice is another thread's step (or wakeup).
            for c in s.choices(prog, true) {
                let mut x = s.clone();
                if x.step_in_place(prog, c, Granularity::Bytecode, &mut |_| {})
                    .is_err()
                {
                    return false;
                }
                if set.iter().any(|t| x.waiting(prog, *t).is_none()) {
                    return false;
                }
                if seen.insert(super::search::fingerprint(&x)) {
                    if seen.len() > MAX_DEADLOCK_STATES {
                        return false;
                    }
                    stack.push(x);
                }
            }
        }
        true
    }
}
