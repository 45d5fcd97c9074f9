//! One clock for every thread.
//!
//! `std::time::Instant` panics on wasm32-unknown-unknown, and each Web Worker's
//! `performance.now()` counts from that worker's own start. Adding the
//! worker's `performance.timeOrigin` turns every reading into milliseconds
//! since the Unix epoch with sub-millisecond resolution, comparable across
//! workers — what a shared timeline needs.
//!
//! Each reading is also never earlier than any reading another thread has
//! already made ([`now_ms`] keeps the latest in one atomic word). Browsers
//! round `timeOrigin` and `now()` separately (to 5 µs when isolated, 100 µs
//! otherwise), so two workers' clocks can disagree by more than a lock
//! hand-over takes: without this, a thread could seem to take a lock a few
//! microseconds *before* its previous holder let go, and a timeline would
//! draw two holders at once. With it, whatever happened after something else
//! (through a lock, a channel, an atomic) is stamped no earlier.
//!
//! This module depends on nothing else in the crate: on wasm32 the JavaScript
//! layer (`crate::wasm`, built for wasm32 only) *installs* that reading with [`set_source`] when an
//! instance (or a pool thread) starts, so the core never calls up into it.
//! The local time zone (what `time.localtime` and `datetime.now()` show)
//! comes the same way, through [`set_zone`].
#![warn(missing_docs)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// The installed clock, if any (wasm32: `performance.timeOrigin + now()`).
static SOURCE: OnceLock<fn() -> f64> = OnceLock::new();

/// Installs the clock every later [`now_ms`] reads. The first call wins; the
/// function is called on whichever thread reads the time, so it must read
/// that thread's own timer.
pub fn set_source(source: fn() -> f64) {
    let _ = SOURCE.set(source);
}

/// The installed local time zone, if any (wasm32: the browser's).
static ZONE: OnceLock<fn(f64) -> i64> = OnceLock::new();

/// Installs the local time zone: a function from a Unix time in seconds to
/// the zone's offset east of UTC at that time, in seconds (it changes with
/// summer time). The first call wins.
pub fn set_zone(zone: fn(f64) -> i64) {
    let _ = ZONE.set(zone);
}

/// Seconds east of UTC of the local time zone at Unix time `t` (seconds).
///
/// With no zone installed, 0: natively the runner keeps UTC whatever the
/// machine's zone is. Reading that zone takes the C library's
/// `localtime_r`, and the crate does not depend on `libc`; the CI machines
/// run on UTC, as python3 does when the tests ask it for the expected output.
pub fn utc_offset_s(t: f64) -> i64 {
    ZONE.get().map_or(0, |zone| zone(t))
}

/// The latest reading any thread has made, as `f64` bits (for non-negative
/// floats the bit patterns sort like the numbers, so `fetch_max` works).
static LATEST: AtomicU64 = AtomicU64::new(0);

/// Milliseconds on a clock shared by all threads of this process/page:
/// monotonic across threads, not just within one.
pub fn now_ms() -> f64 {
    let own = match SOURCE.get() {
        Some(source) => source(),
        None => fallback::now_ms(),
    };
    // `max` also turns a NaN or a negative reading into 0 rather than into
    // a bit pattern that would sort above every real time.
    let bits = own.max(0.0).to_bits();
    // AcqRel: a thread that saw another's work (through a lock, say) also
    // sees the time stamped before it.
    let before = LATEST.fetch_max(bits, Ordering::AcqRel);
    f64::from_bits(before.max(bits))
}

#[cfg(not(target_arch = "wasm32"))]
mod fallback {
    use std::sync::OnceLock;
    use std::time::Instant;

    static EPOCH: OnceLock<Instant> = OnceLock::new();

    pub fn now_ms() -> f64 {
        EPOCH.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e3
    }
}

#[cfg(target_arch = "wasm32")]
mod fallback {
    /// No clock installed yet: `Instant` would panic here, so time stands
    /// still (the wasm layer installs the real clock before any run).
    pub fn now_ms() -> f64 {
        0.0
    }
}
