//! The shared clock stays ordered when the threads' own timers disagree, as
//! two Web Workers' `timeOrigin + now()` do by a few microseconds.
//!
//! Its own test binary: the clock source is installed once per process.

use std::cell::Cell;
use std::sync::mpsc;
use std::thread;

use threadlab::clock::{now_ms, set_source};

thread_local! {
    /// How far this thread's timer runs behind the true time.
    static BEHIND_MS: Cell<f64> = const { Cell::new(0.0) };
}

/// A timer per thread: the true time minus that thread's lag.
fn skewed() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    EPOCH.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e3 + 1000.0
        - BEHIND_MS.with(Cell::get)
}

#[test]
fn what_happens_after_is_never_stamped_earlier_even_with_a_lagging_timer() {
    set_source(skewed);
    let (to_late, from_early) = mpsc::channel::<f64>();
    let (to_early, from_late) = mpsc::channel::<f64>();
    // This thread's timer runs 5 ms behind: every message it gets was sent
    // "5 ms in its future" by its own reckoning.
    let lagging = thread::spawn(move || {
        BEHIND_MS.with(|b| b.set(5.0));
        for _ in 0..100 {
            let sent = from_early.recv().unwrap();
            let got = now_ms();
            assert!(got >= sent, "received at {got} a message sent at {sent}");
            to_early.send(now_ms()).unwrap();
        }
    });
    for _ in 0..100 {
        to_late.send(now_ms()).unwrap();
        let sent = from_late.recv().unwrap();
        assert!(now_ms() >= sent);
    }
    lagging.join().unwrap();
    // And a lagging timer alone would have gone backwards across threads
    // (by a second here: starting a thread on a busy host took more than
    // the 5 ms above, and the check then failed with no fault in the clock).
    let mine = skewed();
    let theirs = thread::spawn(|| {
        BEHIND_MS.with(|b| b.set(1000.0));
        skewed()
    })
    .join()
    .unwrap();
    assert!(
        theirs < mine,
        "the test's timers are not skewed: {theirs} vs {mine}"
    );
}
