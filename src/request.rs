//! A run request as callers send it, and its checking.
//!
//! The page and embedding sites send `{ workload, size, mode, workers }` with
//! whatever people typed. Every field is checked before any thread starts and
//! *all* problems are reported at once, each tied to its field, so a form can
//! show every message next to the right input in one go.
#![warn(missing_docs)]

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::driver::{Plan, Schedule};
use crate::input::{positive_whole_number, worker_count, InputError, RawNumber};
use crate::reply::Reply;
use crate::workloads::{self, Mode};

/// What a caller asks for. Numbers may arrive as numbers or as text.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RunRequest {
    /// A workload id from the catalogue (`"sum-of-squares"`, …).
    pub workload: String,
    /// As typed: `1000000`, `"1e6"`, `"10_000_000"`, `"1,000"`.
    #[ts(type = "number | string")]
    pub size: RawNumber,
    /// `"sequential"` or `"parallel"`.
    #[ts(type = "\"sequential\" | \"parallel\"")]
    pub mode: String,
    /// Needed for `"parallel"`: 1 to the pool's thread count.
    #[serde(default)]
    #[ts(optional, type = "number | string")]
    pub workers: Option<RawNumber>,
    /// Parallel only: `"static"`, `"dynamic"` (default) or `"stealing"`.
    #[serde(default)]
    #[ts(optional, type = "\"static\" | \"dynamic\" | \"stealing\"")]
    pub schedule: Option<String>,
    /// Parallel only: blocks per task (default 1).
    #[serde(default)]
    #[ts(optional, type = "number | string")]
    pub chunk: Option<RawNumber>,
}

/// Largest accepted task size, in blocks (bigger ones are clamped to the
/// block count anyway; this only keeps absurd numbers out).
pub const MAX_CHUNK: u64 = 1 << 20;

/// A request whose every field was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRequest {
    /// The catalogue's id of the workload.
    pub workload: &'static str,
    /// The problem size, within the workload's own limits.
    pub size: u64,
    /// Sequential, or parallel with a worker count (and a plan when the
    /// request chose a schedule or chunk other than the defaults).
    pub mode: Mode,
}

/// Why threads may be unavailable, for the message of a refused parallel run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// A pool of this many threads is running.
    Pool(usize),
    /// No pool: the page is not cross-origin isolated, so there is no
    /// SharedArrayBuffer for threads to share.
    Unavailable,
}

/// Checks every field of `request`; returns all problems found.
pub fn check(request: &RunRequest, threads: Threads) -> Result<CheckedRequest, Vec<InputError>> {
    let mut errors = Vec::new();

    let workload = match workloads::info(request.workload.trim()) {
        Ok(info) => Some(info.id),
        Err(e) => {
            errors.push(e);
            None
        }
    };

    let size = match positive_whole_number("size", &request.size) {
        Ok(size) => Some(size),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    if let (Some(id), Some(size)) = (workload, size) {
        if let Err(e) = workloads::check_size(id, size) {
            errors.push(e);
        }
    }

    let mode = match request.mode.trim() {
        "sequential" => Some(Mode::Sequential),
        "parallel" => match (threads, &request.workers) {
            (Threads::Unavailable, _) => {
                errors.push(InputError::new("workers", crate::reply::THREADS_OFF));
                None
            }
            (Threads::Pool(_), None) => {
                errors.push(InputError::new("workers", "Say how many workers to use."));
                None
            }
            (Threads::Pool(available), Some(raw)) => {
                let workers = worker_count(raw, available)
                    .map_err(|e| errors.push(e))
                    .ok();
                let schedule = match request.schedule.as_deref().map(str::trim) {
                    None | Some("") | Some("dynamic") => Some(Schedule::Dynamic),
                    Some("static") => Some(Schedule::Static),
                    Some("stealing") => Some(Schedule::Stealing),
                    Some(other) => {
                        errors.push(InputError::new(
                            "schedule",
                            format!("Unknown schedule \"{other}\": use \"static\", \"dynamic\" or \"stealing\"."),
                        ));
                        None
                    }
                };
                let chunk = match &request.chunk {
                    None => Some(1),
                    Some(raw) => match positive_whole_number("chunk", raw) {
                        Ok(c) if c <= MAX_CHUNK => Some(c as usize),
                        Ok(_) => {
                            errors.push(InputError::new(
                                "chunk",
                                format!(
                                    "At most {} blocks per task.",
                                    crate::input::group_digits(&MAX_CHUNK.to_string())
                                ),
                            ));
                            None
                        }
                        Err(e) => {
                            errors.push(e);
                            None
                        }
                    },
                };
                match (workers, schedule, chunk) {
                    (Some(workers), Some(Schedule::Dynamic), Some(1)) => {
                        Some(Mode::Parallel { workers })
                    }
                    (Some(workers), Some(schedule), Some(chunk)) => Some(Mode::Planned(Plan {
                        workers,
                        schedule,
                        chunk,
                    })),
                    _ => None,
                }
            }
        },
        other => {
            errors.push(InputError::new(
                "mode",
                format!("Unknown mode \"{other}\": use \"sequential\" or \"parallel\"."),
            ));
            None
        }
    };

    match (workload, size, mode) {
        (Some(workload), Some(size), Some(mode)) if errors.is_empty() => Ok(CheckedRequest {
            workload,
            size,
            mode,
        }),
        _ => Err(errors),
    }
}

/// A finished run of a workload: the `done` payload of a [`RunReply`].
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RunDone {
    /// The id of the workload that ran.
    #[ts(type = "string")]
    pub workload: &'static str,
    /// How it ran; a planned run (own schedule or chunk) is `"parallel"` too.
    #[ts(type = "\"sequential\" | \"parallel\"")]
    pub mode: &'static str,
    /// Threads it ran on: 1 when sequential.
    #[ts(type = "number")]
    pub workers: usize,
    /// Milliseconds spent copying input handed in from JavaScript into
    /// wasm memory (array workloads only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub copy_in_ms: Option<f64>,
    /// The answer, the time, blocks per worker and the task spans, as fields
    /// of this same object.
    #[serde(flatten)]
    pub outcome: workloads::WorkloadOutcome,
}

/// The reply to a run (see [`crate::reply`]).
pub type RunReply = Reply<RunDone>;

/// TypeScript's name for [`RunReply`] (ts-rs exports no type aliases).
#[derive(TS)]
#[ts(export, rename = "RunReply")]
#[allow(dead_code)]
struct RunReplyType(RunReply);
