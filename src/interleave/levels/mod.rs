//! The game's levels, in chapters that follow the Python threading
//! tutorials: races and check-then-act; locks and lock order; RLock;
//! semaphores; events; conditions, queues and sentinels; barriers; and a
//! final level that mixes two bugs.
//!
//! Each level is a pair of programs in this folder, valid Python that
//! CPython runs: `NN_name.py`, which some order of steps breaks (find
//! it), and `NN_name_fixed.py`, which the solver proves no order breaks
//! (the "fix it" stage shows it, or checks the player's own fix). A test
//! checks both claims for every level, and runs every fixed version with
//! `python3`.

use serde::Serialize;
use ts_rs::TS;

/// One level.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, rename = "GameLevel")]
pub struct Level {
    /// Stable id, for URLs: `counter`, `bank`, ...
    pub id: &'static str,
    /// The chapter it belongs to (levels are grouped by primitive).
    pub chapter: &'static str,
    /// Its name in the level list.
    pub title: &'static str,
    /// A few sentences that set the scene.
    pub story: &'static str,
    /// What the player must make happen.
    pub goal: &'static str,
    /// The bug, explained (shown once the player has found it).
    pub bug: &'static str,
    /// How the fixed version avoids it.
    pub fix: &'static str,
    /// The outcome kind the bug leads to ([`super::GameOutcome::kind`]).
    pub expect: &'static str,
    /// The buggy program the player starts from.
    pub source: &'static str,
    /// A fixed version that no schedule breaks (the tests prove it).
    pub fixed: &'static str,
}

macro_rules! level {
    ($file:literal, $id:literal, $chapter:expr, $title:literal, $expect:literal,
     story: $story:literal, goal: $goal:literal, bug: $bug:literal, fix: $fix:literal $(,)?) => {
        Level {
            id: $id,
            chapter: $chapter,
            title: $title,
            story: $story,
            goal: $goal,
            bug: $bug,
            fix: $fix,
            expect: $expect,
            source: include_str!(concat!($file, ".py")),
            fixed: include_str!(concat!($file, "_fixed.py")),
        }
    };
}

const RACES: &str = "Races";
const LOCKS: &str = "Locks and lock order";
const RLOCK: &str = "RLock";
const SEMAPHORES: &str = "Semaphores";
const EVENTS: &str = "Events";
const CONDITIONS: &str = "Conditions and queues";
const BARRIERS: &str = "Barriers";
const FINAL: &str = "Everything at once";

static LEVELS: &[Level] = &[
    level!("01_counter", "counter", RACES, "Two clicks, one count", "lost-update",
        story: "A page counts its visitors. Two visits arrive at once, and each thread adds one to the shared counter.",
        goal: "Finish with counter = 1 although two threads each added one.",
        bug: "`counter += 1` is four steps: load, load 1, add, store. If both threads load before either stores, both store 1 and one visit is lost.",
        fix: "A Lock around the increment: the second thread cannot load until the first has stored.",
    ),
    level!("02_bank", "bank", RACES, "Check, then act", "assert",
        story: "An account holds 100. Two cash machines try to pay out 80 and 70. Each checks the balance first, so nobody can overdraw. Or can they?",
        goal: "Make the balance go below zero.",
        bug: "Check-then-act: both threads can pass `balance >= amount` before either subtracts. The check was true when made and false when acted on.",
        fix: "Hold one lock across the check *and* the subtraction, so no one can act between them.",
    ),
    level!("03_cache", "cache", RACES, "The expensive load", "assert",
        story: "A cache loads a value the first time someone asks for it. The load is expensive and must run once. The load counter is even protected by a lock.",
        goal: "Make the value load twice.",
        bug: "`if key not in cache:` and `cache[key] = load(key)` are separate steps: both threads can find the key missing. Locking the counter does not lock the decision.",
        fix: "One lock around the whole check-and-fill (double-checked or not, the decision must be atomic).",
    ),
    level!("04_early_return", "early-return", LOCKS, "The shop that never reopens", "hang",
        story: "A buyer locks the shop, and gives up if the shelf is empty. A supplier restocks the shelf under the same lock.",
        goal: "Leave the supplier locked out forever.",
        bug: "The early `return False` skips `lock.release()`. The buyer finishes while still holding the lock, and the supplier waits for a lock no running thread will ever release.",
        fix: "`with lock:` releases on every way out of the block: return, exception, or falling off the end.",
    ),
    level!("05_transfer", "transfer", LOCKS, "Opposite directions", "deadlock",
        story: "Alice sends Bob 10 while Bob sends Alice 20. Each transfer locks the sender's account, then the receiver's.",
        goal: "Make both transfers wait for each other forever.",
        bug: "Thread 1 holds alice and wants bob; thread 2 holds bob and wants alice: a cycle in the wait-for graph. A Lock has no owner, so a cycle alone is not yet a deadlock (another thread could release one of the locks); it is one because no thread ever will.",
        fix: "Take locks in one global order (here: by name) in every thread; then no cycle can form.",
    ),
    level!("06_philosophers", "philosophers", LOCKS, "Three at the table", "deadlock",
        story: "Three philosophers, three forks. Each picks up the left fork, then the right one, eats, and puts both down.",
        goal: "Leave every philosopher holding one fork, waiting for the next.",
        bug: "If each takes the left fork before anyone takes a right one, each waits for a fork the next holds: a cycle of three.",
        fix: "Number the forks and always take the lower number first: the last philosopher reaches for fork 0 before fork 2, and the cycle is broken.",
    ),
    level!("07_not_yours", "not-yours", LOCKS, "Releasing someone else's lock", "exception",
        story: "Two threads try to do the cleanup, but only one should: each tries the lock without waiting, and cleans up if it got it. The `finally` makes sure the lock is released.",
        goal: "Make a thread crash with RuntimeError.",
        bug: "The thread that did not get the lock still releases it in `finally`, and a Lock has no owner, so that release succeeds and frees the other thread's lock. When the owner then releases, the lock is already unlocked: RuntimeError: release unlocked lock.",
        fix: "Release only if `acquire` returned True: put the try/finally inside the `if`.",
    ),
    level!("08_reentrant", "reentrant", RLOCK, "Locked out by yourself", "deadlock",
        story: "`deposit` holds the account lock and calls `record`, which takes the same lock to append to the log.",
        goal: "Deadlock a thread with nobody but itself.",
        bug: "A Lock does not know who holds it: the thread that holds it blocks on its own second acquire (a cycle of one), and since no other thread will ever release the lock for it, it waits forever.",
        fix: "An RLock counts re-entries by its owner: the same thread may acquire it again, and must release it as many times.",
    ),
    level!("09_handoff", "handoff", RLOCK, "Passing the printer", "exception",
        story: "The main thread takes the printer, prints page 1, and lets a worker finish the job and release the printer.",
        goal: "Make the worker crash.",
        bug: "An RLock belongs to the thread that acquired it: only its owner may release it. The worker's release raises RuntimeError: cannot release un-acquired lock.",
        fix: "Keep ownership where it is: the worker signals with an Event, and the owner releases.",
    ),
    level!("10_pool", "pool", SEMAPHORES, "One release too many", "exception",
        story: "A pool of two connections, guarded by a BoundedSemaphore. The slow client gives its connection back early, and `finally` gives it back again.",
        goal: "Make a thread crash with ValueError.",
        bug: "Two releases for one acquire. A plain Semaphore would silently grow to 3 connections; a BoundedSemaphore raises ValueError: Semaphore released too many times (in whichever thread releases last).",
        fix: "`with pool:` pairs every acquire with exactly one release.",
    ),
    level!("11_rendezvous", "rendezvous", SEMAPHORES, "Meet me halfway", "hang",
        story: "Two threads must meet before either goes on. Each has a semaphore to say \"I'm here\" and waits on the other's.",
        goal: "Make them wait for each other forever.",
        bug: "Each waits for the other's signal before giving its own. Semaphores have no owner, so there is no lock cycle to see: both simply wait for a release nobody will make.",
        fix: "Signal first, then wait: release your own semaphore before acquiring the other's.",
    ),
    level!("12_early_signal", "early-signal", EVENTS, "Ready too soon", "assert",
        story: "The main thread loads the configuration and tells the worker it is ready with an Event.",
        goal: "Make the worker see no configuration.",
        bug: "`ready.set()` runs before `config = ...`: the worker can wake up and read config in between.",
        fix: "Publish the data first, then set the event.",
    ),
    level!("13_pulse", "pulse", EVENTS, "A flag is not a pulse", "hang",
        story: "Two runners wait for the starting signal. The starter sets the event and clears it right away, to be ready for the next race.",
        goal: "Leave a runner waiting at the start forever.",
        bug: "A runner that reaches `go.wait()` after `go.clear()` waits for a set that never comes. (One already waiting when `set()` ran does wake up, even if the event is cleared before it runs.)",
        fix: "Leave the event set: an Event is a flag that stays up, not a pulse.",
    ),
    level!("14_if_not_while", "if-not-while", CONDITIONS, "If, not while", "exception",
        story: "Two consumers take jobs from a list guarded by a Condition, and wait when it is empty. Two jobs arrive, one notify each.",
        goal: "Make a consumer pop from an empty list.",
        bug: "Between the notify and the woken consumer getting the lock back, the other consumer can take the job. (A spurious wakeup does it too.) After `wait` returns, the condition must be checked again.",
        fix: "`while not items: cv.wait()` (or `cv.wait_for(...)`) re-checks after every wakeup.",
    ),
    level!("15_lost_wakeup", "lost-wakeup", CONDITIONS, "The notify nobody heard", "exception",
        story: "A consumer waits for the producer's notify, then takes the job.",
        goal: "Make the consumer wait forever with the job right there, or take a job that is not there.",
        bug: "A Condition has no memory: a notify with nobody waiting is lost. If the producer runs first, the consumer then waits for a notify that already happened. And `wait` may return without any notify (a spurious wakeup: the shortest way to break it), so the consumer pops from an empty list.",
        fix: "Wait for a state, not for a notify: `cv.wait_for(lambda: len(items) > 0)` returns at once if the job is already there.",
    ),
    level!("16_sentinel", "sentinel", CONDITIONS, "One sentinel, two consumers", "hang",
        story: "The main thread feeds two consumers through a bounded queue, and puts None at the end to tell them to stop.",
        goal: "Leave a consumer waiting for work forever.",
        bug: "One None stops one consumer; the other waits in `q.get()` for ever, and the main thread's join with it.",
        fix: "One sentinel per consumer.",
    ),
    level!("17_task_done", "task-done", CONDITIONS, "The missing task_done", "hang",
        story: "A worker sums the items of a queue and skips the invalid ones. The main thread waits with `q.join()` until every item is processed.",
        goal: "Make `q.join()` wait forever.",
        bug: "`continue` skips `q.task_done()` for the skipped item, so the queue's count of unfinished items never reaches zero.",
        fix: "Call task_done in a `finally`: every `get` is matched by exactly one `task_done`, whichever way the loop body ends.",
    ),
    level!("18_barrier", "barrier", BARRIERS, "Read before it is written", "assert",
        story: "Two workers each write their half of the data, then each adds up both halves. A Barrier was created for this, and never used.",
        goal: "Make a worker add up half-written data.",
        bug: "Nothing makes a worker wait for the other's write before reading.",
        fix: "`barrier.wait()` between the phases: nobody reads until everybody has written.",
    ),
    level!("19_final", "final", FINAL, "The audit", "deadlock",
        story: "Two transfers between checking and savings, and an auditor who checks that the bank still holds 200.",
        goal: "Break the bank, any way you can: there are two bugs.",
        bug: "The transfers take the two locks in opposite orders (deadlock), and the auditor reads both balances without any lock, so it can see the money in flight (assertion).",
        fix: "Every thread, the auditor included, takes checking_lock then savings_lock.",
    ),
];

/// Every level, in order.
pub fn levels() -> &'static [Level] {
    LEVELS
}

/// The level with this id.
pub fn level(id: &str) -> Option<&'static Level> {
    LEVELS.iter().find(|l| l.id == id)
}
