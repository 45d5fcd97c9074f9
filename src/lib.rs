#![doc = include_str!("../README.md")]
//!
//! ## Crate layout
//! - [`workloads`]: the CPU-bound examples, one file each.
//! - [`driver`]: running blocks on one thread or on exactly `k` pool threads.
//! - [`control`]: progress and cancellation through shared memory.
//! - [`layout`]: the shared-memory layout and limits, as JavaScript reads them.
//! - [`input`]: turning whatever people type into sizes, or clear errors.
//! - [`reply`]: the one reply shape of every entry point.
//! - [`request`]: a run request as callers send it, checked field by field.
//! - [`clock`]: one clock for all threads.
//! - [`alloc_cache`]: per-thread lists of small freed blocks in front of
//!   the allocator, so threads that share nothing don't share its lock.
//! - [`wait`]: sleeping and waiting with a deadline and a cancel flag.
//! - [`sync`]: the race and synchronisation lab, one file per demo.
//! - [`modes`]: threads vs processes vs the GIL: a simulated interpreter lock
//!   and the task lists (CPU-bound, I/O-bound, failing, panicking) it runs.
//! - [`interleave`]: be the scheduler: threaded Python stepped bytecode by bytecode, and a solver.
//! - `wasm` (wasm32 only): the JavaScript boundary, and the only code that
//!   knows about JavaScript.

// Every public item says what it is for (the lint was per file before; it
// now covers the game and the runner too).
#![warn(missing_docs)]
// The wasm build (nightly features through RUSTC_BOOTSTRAP, as `-Z
// build-std` needs) records a failed allocation for the page before std
// aborts: see src/wasm/panic.rs.
#![cfg_attr(target_arch = "wasm32", feature(alloc_error_hook))]

// The most common mistake with threaded wasm is building without the atomics
// flags: the pool then fails at run time with an obscure error. Fail here.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
compile_error!(
    "threadlab's wasm build needs `-C target-feature=+atomics,+bulk-memory` and `-Z build-std`: build it with `./dev.sh build`, which passes them (see .cargo/config.toml)."
);

pub mod alloc_cache;
pub mod clock;
pub mod control;
pub mod driver;
pub mod input;
pub mod interleave;
pub mod layout;
pub mod modes;
pub mod reply;
pub mod request;
pub mod sync;
pub mod wait;
pub mod workloads;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// In threaded wasm the system allocator is one dlmalloc behind one lock:
/// the cache in front of it keeps threads off that lock (see
/// [`alloc_cache`]). Natively the system allocator already caches per
/// thread.
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: alloc_cache::ThreadCache<std::alloc::System> =
    alloc_cache::ThreadCache(std::alloc::System);
