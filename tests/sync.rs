//! The synchronisation lab's invariants, natively, on a pool of 4 threads.
#![cfg(not(target_arch = "wasm32"))] // the browser versions are in tests/browser_sync.rs

use std::collections::BTreeMap;
use std::sync::OnceLock;

use threadlab::control::Control;
use threadlab::input::RawNumber;
use threadlab::sync::{
    self, barrier, deadlock, event, queue, race, rlock, semaphore, stepper::Stepper, DemoResult,
    SyncReply, SyncRequest,
};

#[path = "common/sync_check.rs"]
mod sync_check;

const THREADS: usize = 4;

/// One global pool of 4 threads, as the page's coordinator builds (the demos
/// need distinct threads that wait for each other, more than this machine's cores).
fn pool() {
    static POOL: OnceLock<()> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(THREADS)
            .build_global()
            .expect("the first and only global pool");
    });
}

fn request(demo: &str, params: &[(&str, RawNumber)]) -> SyncRequest {
    SyncRequest {
        demo: demo.into(),
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
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
fn locked_atomic_and_thread_local_counts_are_exact_and_the_race_never_overcounts() {
    pool();
    for workers in [2, 3, 4] {
        let params = race::Params {
            workers,
            increments: 300_000,
            repeats: 3,
        };
        let result = race::run(&params, &Control::new()).unwrap();
        assert_eq!(result.expected, workers as u64 * 300_000);
        sync_check::all_methods(&result, 3);
        for method in &result.methods {
            assert_eq!(method.samples.len(), 3);
            for s in &method.samples {
                assert!(s.ns_per_increment > 0.0 && s.elapsed_ms > 0.0, "{method:?}");
                assert_eq!(s.actual + s.lost, result.expected);
                match method.method {
                    race::RaceMethod::Unsynchronised => {
                        assert!(s.actual <= result.expected, "counted too many: {s:?}")
                    }
                    _ => assert_eq!(
                        s.actual, result.expected,
                        "{:?} lost updates",
                        method.method
                    ),
                }
            }
        }
    }
}

#[test]
fn the_unsynchronised_counter_loses_updates_on_two_threads() {
    pool();
    // Not a timing assertion: with both threads released together and 50
    // million increments each (tens of scheduler time slices, so even two
    // threads sharing one busy core get switched between a load and its
    // store), some run loses an update. Ten million once fitted in one time
    // slice on a machine loaded with other builds (0 lost in 25 runs), so
    // each run is longer; it stops at the first loss (a correct counter
    // would lose none in any run).
    let mut lost = Vec::new();
    for _ in 0..25 {
        let l = race::run_once(
            race::RaceMethod::Unsynchronised,
            2,
            50_000_000,
            &Control::new(),
        )
        .unwrap()
        .lost;
        lost.push(l);
        if l > 0 {
            break;
        }
    }
    assert!(
        lost.iter().any(|&l| l > 0),
        "no update lost in {} runs: {lost:?}",
        lost.len()
    );
}

#[test]
fn the_race_refuses_too_much_work() {
    let errors = race::Params::check(4, 10_000_000, 100).unwrap_err();
    assert_eq!(errors[0].field, "increments");
    assert!(errors[0].message.contains("Too much work"));
}

#[test]
fn a_deadlock_is_detected_within_its_timeout_and_the_fixed_order_completes() {
    pool();
    let started = std::time::Instant::now();
    let result = deadlock::run(200.0, &Control::new()).unwrap();
    // Not hung: the two phases take about one timeout, far below this bound.
    assert!(started.elapsed().as_secs_f64() < 15.0);

    let d = &result.deadlocked;
    assert_eq!(d.orders, ["A then B", "B then A"]);
    let detection = d.detection.as_ref().expect("the deadlock is detected");
    assert!(
        detection.waited_ms >= 200.0,
        "gave up only after the timeout: {detection:?}"
    );
    // The cycle: each holds one lock and waits for the lock the other holds.
    assert_eq!(detection.cycle.len(), 2, "{detection:?}");
    let first = &detection.cycle[0];
    let second = &detection.cycle[1];
    assert_eq!(first.held_by, second.worker);
    assert_eq!(second.held_by, first.worker);
    assert_eq!(Some(first.waits_for), second.holds);
    assert_eq!(Some(second.waits_for), first.holds);
    assert!(d.outcomes.contains(&deadlock::DeadlockOutcome::BackedOff));

    let f = &result.fixed;
    assert_eq!(f.orders, ["A then B", "A then B"]);
    assert!(f.detection.is_none(), "{:?}", f.detection);
    assert_eq!(
        f.outcomes,
        [
            deadlock::DeadlockOutcome::Finished,
            deadlock::DeadlockOutcome::Finished
        ]
    );
    // Both locks were held by both workers at some point.
    assert_eq!(f.spans.iter().filter(|s| s.kind == "hold").count(), 4);
}

#[test]
fn re_entering_a_plain_lock_is_detected_and_an_rlock_re_enters() {
    pool();
    let result = rlock::run(150.0, &Control::new()).unwrap();
    assert!(result.plain.self_deadlock_detected);
    assert!(result.plain.waited_ms >= 150.0);
    let r = &result.reentrant;
    assert!(r.completed);
    assert_eq!(r.max_depth, 2);
    // Re-entrant for its owner, still exclusive for everyone else.
    assert!(
        r.other_excluded,
        "worker 2 got the RLock while worker 1 held it"
    );
    assert!(r.other_waited_ms > 0.0);
    sync_check::other_excluded(&r.spans);
}

#[test]
fn a_semaphore_never_lets_more_than_k_in() {
    pool();
    for (workers, permits) in [(4, 1), (4, 2), (3, 2), (4, 4)] {
        let params = semaphore::Params {
            workers,
            permits,
            rounds: 3,
            hold_ms: 8,
        };
        let result = semaphore::run(&params, &Control::new()).unwrap();
        assert!(
            result.max_inside <= permits,
            "{} inside with {permits} permits",
            result.max_inside
        );
        assert!(result.max_inside >= 1);
        assert_eq!(result.entries, workers * 3);
        assert!(semaphore::max_overlap(&result.spans, "hold") <= permits);
    }
    assert_eq!(
        semaphore::Params::check(2, 3, 1, 1).unwrap_err()[0].field,
        "permits"
    );
}

#[test]
fn nobody_starts_before_the_event_is_set() {
    pool();
    let result = event::run(4, 40.0, &Control::new()).unwrap();
    assert!(result.set_at >= 40.0);
    assert_eq!(result.woke_at.len(), 4, "one entry per worker: {result:?}");
    assert_eq!(result.woke_at[0], None);
    for woke in &result.woke_at[1..] {
        assert!(woke.unwrap() >= result.set_at, "{result:?}");
    }
}

#[test]
fn a_barrier_keeps_phases_apart() {
    pool();
    let result = barrier::run(4, 3, 5.0, &Control::new()).unwrap();
    assert!(result.phases_kept_apart, "{:?}", result.spans);
    sync_check::phases_apart(&result.spans, 4, 3);
    assert_eq!(result.opened_at.len(), 3);
    assert_eq!(result.spans.iter().filter(|s| s.kind == "hold").count(), 12);
}

#[test]
fn the_queue_delivers_every_item_exactly_once() {
    pool();
    for (producers, consumers, items, capacity) in
        [(2, 2, 60, 3), (1, 3, 25, 1), (3, 1, 30, 8), (1, 1, 1, 1)]
    {
        let params = queue::Params {
            producers,
            consumers,
            items,
            capacity,
        };
        let result = queue::run(&params, &Control::new()).unwrap();
        assert!(result.missing.is_empty(), "missing {:?}", result.missing);
        sync_check::every_item_once(&result.spans, items);
        assert!(
            result.duplicated.is_empty(),
            "twice {:?}",
            result.duplicated
        );
        assert_eq!(
            result.received_per_consumer.iter().sum::<usize>(),
            items as usize
        );
        assert_eq!(result.received_per_consumer.len(), consumers);
        // Capacity counts items and sentinels alike.
        assert!(
            result.max_depth <= capacity,
            "depth {} > {capacity}",
            result.max_depth
        );
        assert_eq!(result.depth.last().unwrap().1, 0, "empty at the end");
    }
    let errors = queue::Params::check(3, 3, 10, 2, THREADS).unwrap_err();
    assert_eq!(errors[0].field, "consumers");
}

#[test]
fn the_stepper_loses_an_update_on_purpose_and_the_lock_prevents_it() {
    // Load, load, then both store: the second store overwrites the first.
    let mut s = Stepper::new(false, 1);
    for t in [0, 1, 0, 0, 1, 1] {
        s.step(t).unwrap();
    }
    assert!(s.finished());
    assert_eq!(s.counter, 1);
    assert_eq!(s.lost, 1);
    assert!(s.log.last().unwrap().contains("lost"));

    // One after the other: nothing lost.
    let mut s = Stepper::new(false, 2);
    for t in [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1] {
        s.step(t).unwrap();
    }
    assert_eq!((s.counter, s.lost), (4, 0));

    // Locked: once thread 1 holds the lock, thread 2 cannot load.
    let mut s = Stepper::new(true, 1);
    s.step(0).unwrap(); // acquire
    s.step(0).unwrap(); // load
    let before = s.clone();
    assert!(s.step(1).unwrap_err().contains("holds the lock"));
    assert_eq!(s, before, "a refused step changes nothing");
    for _ in 0..3 {
        s.step(0).unwrap(); // add, store, release
    }
    for _ in 0..5 {
        s.step(1).unwrap();
    }
    assert_eq!((s.counter, s.lost), (2, 0));
    assert!(s.step(0).is_err(), "a finished thread has no next step");

    // Tampered state from the page: refused, not a panic.
    let mut bad = Stepper::new(false, 1);
    bad.threads[0].pc = 99;
    assert!(bad.step(0).is_err());
}

#[test]
fn bad_settings_get_a_message_per_field() {
    pool();
    let control = Control::new();
    let cases: &[(&str, &str, RawNumber, &str)] = &[
        ("race", "workers", 0.0.into(), "at least"),
        ("race", "workers", (-2.0).into(), "at least"),
        ("race", "workers", 99.0.into(), "from 1 to 4"),
        ("race", "increments", f64::NAN.into(), "NaN"),
        ("race", "increments", "ten".into(), "not a number"),
        ("race", "repeats", 2.5.into(), "whole number"),
        ("race", "increments", "1e30".into(), "too large"),
        ("semaphore", "permits", 9.0.into(), "from 1 to 4"),
        ("deadlock", "timeout_ms", 10.0.into(), "from 50 to 5,000"),
        ("queue", "items", 0.0.into(), "at least 1"),
        ("queue", "items", 5000.0.into(), "from 1 to 2,000"),
    ];
    for (demo, field, value, says) in cases {
        match sync::run(&request(demo, &[(field, value.clone())]), THREADS, &control) {
            SyncReply::Invalid { errors } => {
                assert_eq!(errors.len(), 1, "{errors:?}");
                assert_eq!(errors[0].field, *field);
                assert!(
                    errors[0].message.contains(says),
                    "{demo}.{field}: {:?}",
                    errors[0].message
                );
            }
            other => panic!("{demo}.{field}={value:?}: {other:?}"),
        }
    }
    // Several bad fields: all reported at once.
    match sync::run(
        &request("race", &[("workers", 0.0.into()), ("repeats", "x".into())]),
        THREADS,
        &control,
    ) {
        SyncReply::Invalid { errors } => assert_eq!(errors.len(), 2),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        sync::run(&request("nope", &[]), THREADS, &control),
        SyncReply::Invalid { .. }
    ));
    assert!(matches!(
        sync::run(
            &request("race", &[("speed", 1.0.into())]),
            THREADS,
            &control
        ),
        SyncReply::Invalid { .. }
    ));
    // Without threads the demo runs simulated (tests/sync_sim.rs), with the
    // simulation's own limits: 1e7 increments, within the threaded limit,
    // is refused on its field.
    assert!(matches!(
        sync::run(&request("race", &[("increments", 10_000_000.0.into())]), 0, &control),
        SyncReply::Invalid { errors } if errors[0].field == "increments"
    ));
    assert!(matches!(
        sync::run(
            &request(
                "race",
                &[("increments", 100.0.into()), ("repeats", 2.0.into())]
            ),
            0,
            &control
        ),
        SyncReply::Done(DemoResult::Race(_))
    ));
}

#[test]
fn every_demo_runs_from_a_request_with_its_defaults() {
    pool();
    for info in sync::catalogue(THREADS) {
        assert!(
            !info.rust.is_empty() && !info.python.is_empty() && !info.lesson.is_empty(),
            "{}",
            info.id
        );
        if info.id == "stepper" {
            continue;
        }
        let small: Vec<(&str, RawNumber)> = match info.id {
            "race" => vec![("increments", 10_000.0.into()), ("repeats", 2.0.into())],
            _ => vec![],
        };
        done(sync::run(
            &request(info.id, &small),
            THREADS,
            &Control::new(),
        ));
    }
}

#[test]
fn a_run_can_be_cancelled_and_the_pool_is_usable_afterwards() {
    pool();
    let control: &'static Control = Box::leak(Box::new(Control::new()));
    let canceller = std::thread::spawn(move || {
        // Wait until the run has started (its first race is done), then cancel.
        let give_up = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while control.progress().0 == 0 && std::time::Instant::now() < give_up {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        control.request_cancel();
    });
    let started = std::time::Instant::now();
    let reply = sync::run(
        &request(
            "race",
            &[
                ("increments", 5_000_000.0.into()),
                ("repeats", 20.0.into()),
                ("workers", 1.0.into()),
            ],
        ),
        THREADS,
        control,
    );
    canceller.join().unwrap();
    assert!(matches!(reply, SyncReply::Cancelled), "{reply:?}");
    assert!(started.elapsed().as_secs_f64() < 20.0);
    // A barrier run (which needs every worker) right after: the pool is free.
    let result = barrier::run(4, 2, 2.0, &Control::new()).unwrap();
    assert!(result.phases_kept_apart);
}

/// Runs `demo` with a cancel raised from another thread after 150 ms, while
/// its threads wait: it must end Cancelled, long before any of its waits
/// would end by itself. Every wait below would otherwise last its timeout
/// (5 s) or the safety deadline (`SAFETY_MS`, 20 s): 2.5 s is far from both
/// and far above the few milliseconds a wait takes to look at the flag.
fn cancelled_while_waiting<T: std::fmt::Debug>(
    name: &str,
    demo: impl FnOnce(&Control) -> Result<T, sync::Failure>,
) {
    pool();
    let control = Control::new();
    let started = std::time::Instant::now();
    let result = std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(150));
            control.request_cancel();
        });
        demo(&control)
    });
    let took = started.elapsed().as_secs_f64();
    assert!(
        matches!(result, Err(sync::Failure::Cancelled)),
        "{name}: {result:?}"
    );
    assert!(took < 2.5, "{name}: the cancel took {took:.2} s");
}

#[test]
fn cancel_reaches_every_demo_while_its_threads_wait() {
    // Two locks taken in opposite order, a 5 s timeout to find the cycle.
    cancelled_while_waiting("deadlock", |c| deadlock::run(5000.0, c));
    // A plain lock taken twice by its owner, a 5 s timeout.
    cancelled_while_waiting("rlock", |c| rlock::run(5000.0, c));
    // Phases of 1–4 s: the fast workers wait at the barrier.
    cancelled_while_waiting("barrier", |c| barrier::run(4, 10, 1000.0, c));
    // The waiters wait for a set() that comes after 5 s of preparation.
    cancelled_while_waiting("event", |c| event::run(4, 5000.0, c));
    // Three consumers wait on a queue one producer fills every 4 ms (2000
    // items: 8 s), one item at a time.
    let params = queue::Params {
        producers: 1,
        consumers: 3,
        items: 2000,
        capacity: 1,
    };
    cancelled_while_waiting("queue", |c| queue::run(&params, c));
}

/// One wait that nothing will end but its 5 s deadline or the cancel, raised
/// from another thread after 100 ms: it must end Cancelled, well before the
/// deadline (the 2.5 s bound is half of it, and far above the 10 ms slices
/// in which a wait looks at the flag).
fn wait_is_cancelled(name: &str, wait: impl FnOnce(f64, &Control) -> Result<(), sync::WaitEnd>) {
    let control = Control::new();
    let started = std::time::Instant::now();
    let end = std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(100));
            control.request_cancel();
        });
        wait(threadlab::clock::now_ms() + 5000.0, &control)
    });
    let took = started.elapsed().as_secs_f64();
    assert_eq!(end, Err(sync::WaitEnd::Cancelled), "{name}");
    assert!(took < 2.5, "{name}: the cancel took {took:.2} s");
}

#[test]
fn every_wait_looks_at_the_cancel_flag() {
    // The deadlock demo's (and the plain-lock RLock demo's) lock, held.
    let lock = std::sync::Mutex::new(());
    let _held = lock.lock().unwrap();
    wait_is_cancelled("deadlock::acquire_until", |d, c| {
        deadlock::acquire_until(&lock, d, c).map(drop)
    });
    // An RLock another thread owns.
    let rl = rlock::RLock::new();
    std::thread::scope(|s| {
        s.spawn(|| rl.acquire_until(f64::INFINITY, &Control::new()).unwrap())
            .join()
            .unwrap();
    });
    wait_is_cancelled("RLock", |d, c| rl.acquire_until(d, c).map(drop));
    // A barrier for two that only one reaches.
    let b = barrier::Barrier::new(2);
    wait_is_cancelled("Barrier", |d, c| b.wait_until(d, c));
    // An event nobody sets.
    let e = event::Event::new();
    wait_is_cancelled("Event", |d, c| e.wait_until(d, c));
    // A semaphore whose one permit is taken.
    let sem = semaphore::Semaphore::new(1);
    sem.acquire_until(f64::INFINITY, &Control::new()).unwrap();
    wait_is_cancelled("Semaphore", |d, c| sem.acquire_until(d, c));
}
