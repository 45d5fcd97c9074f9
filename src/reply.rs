//! The one reply shape of every entry point: a run of a workload, a sync demo,
//! a stepper move, a task list on the modes page.
//!
//! Replies cross to JavaScript as values, never as throws, so a caller handles
//! every case with one `switch (reply.status)`:
//!
//! - `done`: the payload's fields sit next to `status`;
//! - `invalid`: one [`InputError`] per bad field, to show next to its input.
//!   **Threads being off** is also `invalid`, on the field `workers`, with a
//!   sentence saying why and what would turn them on: the same request would
//!   work with `workers: 1` or `mode: "sequential"`;
//! - `cancelled`: the caller asked to stop;
//! - `failed`: something went wrong that no input change fixes (a wait that
//!   hit its safety deadline, a crashed worker).
#![warn(missing_docs)]

use serde::Serialize;
use ts_rs::TS;

use crate::input::InputError;

/// The reply to any request. `T` is the payload of a finished run.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "status", rename_all = "lowercase")]
#[ts(export)]
pub enum Reply<T> {
    /// `status: "done"`: the run finished; the payload's fields sit next to `status`.
    Done(T),
    /// `status: "invalid"`: the request was refused before anything ran.
    Invalid {
        /// One per bad field; the page shows each next to its input.
        errors: Vec<InputError>,
    },
    /// `status: "cancelled"`: the caller asked to stop; nothing to show.
    Cancelled,
    /// `status: "failed"`: the run broke in a way no input change fixes.
    Failed {
        /// The sentence the page shows in place of a result.
        message: String,
    },
}

impl<T> Reply<T> {
    /// An `invalid` reply with one error.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Reply::Invalid {
            errors: vec![InputError::new(field, message)],
        }
    }

    /// The `invalid` reply for a request that needs threads where there are none.
    pub fn threads_off() -> Self {
        Reply::invalid("workers", THREADS_OFF)
    }

    /// Maps the payload of a `done` reply.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Reply<U> {
        match self {
            Reply::Done(value) => Reply::Done(f(value)),
            Reply::Invalid { errors } => Reply::Invalid { errors },
            Reply::Cancelled => Reply::Cancelled,
            Reply::Failed { message } => Reply::Failed { message },
        }
    }

    /// The payload, if the run finished.
    pub fn done(self) -> Option<T> {
        match self {
            Reply::Done(value) => Some(value),
            _ => None,
        }
    }
}

/// Why a request for threads is refused when the instance has no pool.
pub const THREADS_OFF: &str = "Threads are off: this page is not cross-origin isolated (or the browser would not share memory), so there is no worker pool and one worker runs everything (serve it with the COOP/COEP headers, as ./dev.sh serve does, to run in parallel).";
