//! One clock for every thread.
//!
//! `std::time::Instant` panics on wasm32-unknown-unknown, and each Web Worker's
//! `performance.now()` counts from that worker's own start. Adding the
//! worker's `performance.timeOrigin` turns every reading into milliseconds
//! since the Unix epoch with sub-millisecond resolution, comparable across
//! workers — what a shared timeline needs.
//!
//! This module depends on nothing else in the crate: on wasm32 the JavaScript
//! layer ([`crate::wasm`]) *installs* that reading with [`set_source`] when an
//! instance (or a pool thread) starts, so the core never calls up into it.

use std::sync::OnceLock;

/// The installed clock, if any (wasm32: `performance.timeOrigin + now()`).
static SOURCE: OnceLock<fn() -> f64> = OnceLock::new();

/// Installs the clock every later [`now_ms`] reads. The first call wins; the
/// function is called on whichever thread reads the time, so it must read
/// that thread's own timer.
pub fn set_source(source: fn() -> f64) {
    let _ = SOURCE.set(source);
}

/// Milliseconds on a clock shared by all threads of this process/page.
pub fn now_ms() -> f64 {
    match SOURCE.get() {
        Some(source) => source(),
        None => fallback::now_ms(),
    }
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
