//! One clock for every thread.
//!
//! `std::time::Instant` panics on wasm32-unknown-unknown, and each Web Worker's
//! `performance.now()` counts from that worker's own start. Adding the
//! worker's `performance.timeOrigin` turns every reading into milliseconds
//! since the Unix epoch with sub-millisecond resolution, comparable across
//! workers — what a shared timeline needs.

/// Milliseconds on a clock shared by all threads of this process/page.
pub fn now_ms() -> f64 {
    imp::now_ms()
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use std::sync::OnceLock;
    use std::time::Instant;

    static EPOCH: OnceLock<Instant> = OnceLock::new();

    pub fn now_ms() -> f64 {
        EPOCH.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e3
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    pub fn now_ms() -> f64 {
        crate::wasm::shared_clock_ms()
    }
}
