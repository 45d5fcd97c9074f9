//! The synchronisation demos simulated on one thread (`sync::sim`): each
//! keeps its lesson under a seeded random scheduler, and a seed replays.

use std::collections::BTreeMap;

use threadlab::control::Control;
use threadlab::input::RawNumber;
use threadlab::sync::deadlock::DeadlockOutcome;
use threadlab::sync::race::RaceMethod;
use threadlab::sync::sim::{self, Model, Next, Rng};
use threadlab::sync::{self, queue, semaphore, DemoResult, SyncReply, SyncRequest};

#[path = "common/sync_check.rs"]
mod sync_check;

fn request(demo: &str, params: &[(&str, f64)]) -> SyncRequest {
    SyncRequest {
        demo: demo.into(),
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), RawNumber::from(*v)))
            .collect::<BTreeMap<_, _>>(),
        seed: None,
    }
}

fn done(reply: SyncReply) -> DemoResult {
    match reply {
        SyncReply::Done(result) => result,
        other => panic!("expected done, got {other:?}"),
    }
}

#[test]
fn the_simulated_race_loses_updates_and_the_fixes_stay_exact() {
    for seed in 0..5 {
        let params = sync::race::sim::check(3, 2_000, 6).unwrap();
        let r = sync::race::sim::run(&params, seed, &Control::new()).unwrap();
        assert_eq!(r.expected, 6_000);
        sync_check::all_methods(&r, 6);
        let unsync = &r.methods[0];
        assert_eq!(unsync.method, RaceMethod::Unsynchronised);
        assert!(
            unsync
                .samples
                .iter()
                .all(|s| s.lost > 0 && s.actual + s.lost == r.expected),
            "seed {seed}: every run loses updates, never counts too many: {:?}",
            unsync.samples
        );
        for m in &r.methods[1..] {
            assert!(
                m.samples
                    .iter()
                    .all(|s| s.actual == r.expected && s.lost == 0),
                "{:?}",
                m.method
            );
        }
        let distinct: std::collections::BTreeSet<u64> =
            unsync.samples.iter().map(|s| s.lost).collect();
        assert!(distinct.len() > 1, "runs differ: {distinct:?}");
    }
}

#[test]
fn the_same_seed_replays_the_same_run() {
    let params = sync::race::sim::check(2, 500, 3).unwrap();
    let a = sync::race::sim::run(&params, 42, &Control::new()).unwrap();
    let b = sync::race::sim::run(&params, 42, &Control::new()).unwrap();
    let c = sync::race::sim::run(&params, 43, &Control::new()).unwrap();
    let lost = |r: &sync::race::RaceResult| {
        r.methods[0]
            .samples
            .iter()
            .map(|s| s.lost)
            .collect::<Vec<_>>()
    };
    assert_eq!(lost(&a), lost(&b));
    assert_ne!(lost(&a), lost(&c));
}

#[test]
fn the_simulated_deadlock_is_found_as_a_cycle_and_the_fixed_order_completes() {
    for seed in 0..20 {
        let r = sync::deadlock::sim::run(300, seed, &Control::new()).unwrap();
        let d = r
            .deadlocked
            .detection
            .as_ref()
            .expect("a deadlock is detected");
        assert_eq!(d.waited_ms, 300.0, "detected by the timeout");
        assert_eq!(d.cycle.len(), 2, "{:?}", d.cycle);
        assert_eq!(d.cycle[0].held_by, d.cycle[1].worker);
        assert_eq!(d.cycle[1].held_by, d.cycle[0].worker);
        // The one that timed out backed off; the other then finished.
        let mut outcomes = r.deadlocked.outcomes.clone();
        outcomes.sort_by_key(|o| *o == DeadlockOutcome::Finished);
        assert_eq!(
            outcomes,
            [DeadlockOutcome::BackedOff, DeadlockOutcome::Finished]
        );
        assert!(r.fixed.detection.is_none());
        assert_eq!(
            r.fixed.outcomes,
            [DeadlockOutcome::Finished, DeadlockOutcome::Finished]
        );
        assert!(r.fixed.elapsed_ms < 300.0);
    }
}

#[test]
fn the_simulated_rlock_re_enters_and_the_plain_lock_waits_for_itself() {
    let r = sync::rlock::sim::run(200, 1, &Control::new()).unwrap();
    assert!(r.plain.self_deadlock_detected);
    assert_eq!(r.plain.waited_ms, 200.0);
    assert!(r.reentrant.completed);
    assert_eq!(r.reentrant.max_depth, 2);
    assert!(r.reentrant.other_excluded);
    sync_check::other_excluded(&r.reentrant.spans);
    assert!(r.reentrant.other_waited_ms > 0.0);
}

#[test]
fn the_simulated_semaphore_never_lets_more_than_k_in() {
    for (workers, permits, seed) in [(6, 2, 1), (8, 3, 2), (4, 1, 3), (5, 5, 4)] {
        let p = semaphore::Params::check(workers, permits, 4, 30).unwrap();
        let r = sync::semaphore::sim::run(&p, seed, &Control::new()).unwrap();
        assert!(r.max_inside <= permits as usize);
        assert_eq!(
            r.max_inside, permits as usize,
            "the permits are all used at some point"
        );
        assert!(semaphore::max_overlap(&r.spans, "hold") <= permits as usize);
        assert_eq!(r.entries, workers as usize * 4);
    }
}

#[test]
fn the_simulated_event_releases_the_waiters_together_after_set() {
    let r = sync::event::sim::run(6, 100, 9, &Control::new()).unwrap();
    assert_eq!(r.set_at, 100.0);
    assert_eq!(r.woke_at.len(), 6, "one entry per worker");
    let woke: Vec<f64> = r.woke_at.iter().flatten().copied().collect();
    assert_eq!(woke.len(), 5);
    // One core wakes them one step after another, right after set().
    assert!(
        woke.iter().all(|&w| w > r.set_at && w <= r.set_at + 6.0),
        "{woke:?}"
    );
}

#[test]
fn the_simulated_barrier_keeps_phases_apart() {
    let r = sync::barrier::sim::run(5, 4, 10, 3, &Control::new()).unwrap();
    assert!(r.phases_kept_apart);
    sync_check::phases_apart(&r.spans, 5, 4);
    assert_eq!(r.opened_at.len(), 4);
    assert!(r.opened_at.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn the_simulated_queue_delivers_every_item_exactly_once() {
    for (producers, consumers, items, capacity, seed) in [
        (2, 2, 60, 3, 1),
        (1, 3, 25, 1, 2),
        (3, 1, 30, 8, 3),
        (1, 1, 1, 1, 4),
        (4, 4, 500, 2, 5),
    ] {
        let p = queue::Params::check(producers, consumers, items, capacity, sim::THREADS).unwrap();
        let r = sync::queue::sim::run(&p, seed, &Control::new()).unwrap();
        assert!(r.missing.is_empty() && r.duplicated.is_empty(), "{r:?}");
        sync_check::every_item_once(&r.spans, items as u32);
        assert_eq!(
            r.received_per_consumer.iter().sum::<usize>(),
            items as usize
        );
        assert!(r.max_depth <= capacity as usize);
        assert_eq!(r.depth.last().unwrap().1, 0, "empty at the end");
    }
}

#[test]
fn every_demo_runs_simulated_from_a_request_with_its_defaults() {
    for info in sim::catalogue() {
        if info.id == "stepper" {
            continue;
        }
        // The page shows the code that ran: the scheduler and this demo's model.
        assert!(
            info.rust.contains("pub fn run(model: &mut impl Model"),
            "{}",
            info.id
        );
        assert!(info.rust.contains("impl Model for"), "{}", info.id);
        done(sync::sim::run_request(
            &request(info.id, &[]),
            7,
            &Control::new(),
        ));
        // The page without a pool (0 threads) gets the same.
        done(sync::run(&request(info.id, &[]), 0, &Control::new()));
    }
    let workers = |id: &str| {
        sim::catalogue()
            .into_iter()
            .find(|d| d.id == id)
            .unwrap()
            .fields[0]
            .max
    };
    assert_eq!(workers("race"), sim::THREADS as u64);
    assert_eq!(workers("semaphore"), sim::THREADS as u64);
}

/// Two threads that wait for each other with no timeout: the scheduler
/// reports them stuck instead of spinning for ever.
struct Crossed;
impl Model for Crossed {
    fn threads(&self) -> usize {
        2
    }
    fn next(&self, _t: usize, _now: u64) -> Next {
        Next::Blocked
    }
    fn step(&mut self, _t: usize, _now: u64) {}
}

#[test]
fn a_simulation_where_nobody_can_move_ends_as_stuck() {
    let end = sim::run(&mut Crossed, &mut Rng::new(1), &Control::new()).unwrap();
    assert_eq!(
        end,
        sim::End::Stuck {
            at: 0,
            blocked: vec![0, 1]
        }
    );
}

#[test]
fn a_cancelled_simulation_stops() {
    let control = Control::new();
    control.request_cancel();
    let params = sync::race::sim::check(2, 100_000, 5).unwrap();
    assert!(matches!(
        sync::race::sim::run(&params, 1, &control),
        Err(sync::Failure::Cancelled)
    ));
}

#[test]
fn the_simulated_race_refuses_more_than_one_worker_simulates_in_a_second() {
    let errors = sync::race::sim::check(8, 100_000, 100).unwrap_err();
    assert_eq!(errors[0].field, "increments");
    assert!(
        errors[0].message.starts_with("Too much to simulate"),
        "{}",
        errors[0].message
    );
    assert!(sync::race::sim::check(2, 10_000, 20).is_ok());
}

/// The page sends the seed it shows (and keeps in the URL): without a pool,
/// the same seed replays the same run; another seed gives another one.
#[test]
fn a_seed_in_the_request_replays_the_simulated_run() {
    let lost = |seed: u32| {
        let mut r = request(
            "race",
            &[("workers", 3.0), ("increments", 2_000.0), ("repeats", 6.0)],
        );
        r.seed = Some(seed);
        match done(sync::run(&r, 1, &Control::new())) {
            DemoResult::Race(r) => r.methods[0]
                .samples
                .iter()
                .map(|s| s.lost)
                .collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(lost(1234), lost(1234));
    assert_ne!(lost(1234), lost(99));
}
