//! The modes page's settings: the fields as typed, their checks (one table
//! of limits), and the task lists built from them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Task;
use crate::input::{positive_whole_number, InputError, RawNumber};

// Limits on the page's fields (small enough that no run takes minutes).
/// Longest task list (also the completion list's length in words).
pub const MAX_TASKS: u64 = 64;
/// Most counting iterations per task.
const MAX_UNITS: u64 = 2_000_000_000;
/// Longest I/O wait or HTTP delay per task, in ms.
const MAX_WAIT_MS: u64 = 5_000;
/// Longest switch interval, in ms.
const MAX_SWITCH_MS: u64 = 1_000;
/// Largest array the transfer test moves, in MB.
pub(crate) const MAX_TRANSFER_MB: u64 = 64;

/// The page's settings as typed; missing ones take their defaults.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawSettings {
    /// See [`Settings::tasks`].
    pub tasks: Option<RawNumber>,
    /// See [`Settings::units`].
    pub units: Option<RawNumber>,
    /// See [`Settings::wait_ms`].
    pub wait_ms: Option<RawNumber>,
    /// See [`Settings::http_ms`].
    pub http_ms: Option<RawNumber>,
    /// See [`Settings::workers`].
    pub workers: Option<RawNumber>,
    /// See [`Settings::switch_ms`].
    pub switch_ms: Option<RawNumber>,
    /// See [`Settings::transfer_mb`].
    pub transfer_mb: Option<RawNumber>,
}

/// Checked settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Settings {
    /// Items in each task list (1 to [`MAX_TASKS`]; default 8).
    pub tasks: usize,
    /// Counting iterations per CPU-bound task (default 30 M).
    pub units: u64,
    /// Length of each I/O-bound task's wait, in ms (default 100).
    pub wait_ms: u32,
    /// Delay the page asks the server's `/slow?ms=` for, per request, in its
    /// HTTP comparison (default 100; no task here uses it).
    pub http_ms: u32,
    /// Threads or processes to run on (at most the pool's size, or the cap
    /// on processes when there is no pool; default 4).
    pub workers: usize,
    /// The simulated GIL's switch interval in ms (default 5, as CPython's).
    pub switch_ms: u32,
    /// Size of the array the page moves between workers, in MB (default 16).
    pub transfer_mb: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            tasks: 8,
            units: 30_000_000,
            wait_ms: 100,
            http_ms: 100,
            workers: 4,
            switch_ms: 5,
            transfer_mb: 16,
        }
    }
}

/// Checks every field; returns all the problems at once, one per field.
/// `max_workers` is the most processes/threads allowed (the pool's size, or
/// the page's cap on processes when there is no pool).
pub fn check_settings(raw: &RawSettings, max_workers: usize) -> Result<Settings, Vec<InputError>> {
    let d = Settings::default();
    let mut errors = Vec::new();
    let mut field =
        |name: &'static str, raw: &Option<RawNumber>, default: u64, max: u64, unit: &str| -> u64 {
            let Some(raw) = raw else { return default };
            match positive_whole_number(name, raw) {
                Ok(v) if v <= max => v,
                Ok(_) => {
                    errors.push(InputError::new(
                        name,
                        format!(
                            "At most {}{unit}.",
                            crate::input::group_digits(&max.to_string())
                        ),
                    ));
                    default
                }
                Err(e) => {
                    errors.push(e);
                    default
                }
            }
        };
    let workers_cap = max_workers.max(1) as u64;
    // One row per field: its name, what was typed, its default, its cap and
    // the words after "At most {cap}".
    #[rustfmt::skip]
    let rows = [
        ("tasks", &raw.tasks, d.tasks as u64, MAX_TASKS, " tasks"),
        ("units", &raw.units, d.units, MAX_UNITS, " iterations per task"),
        ("wait_ms", &raw.wait_ms, d.wait_ms.into(), MAX_WAIT_MS, " ms"),
        ("http_ms", &raw.http_ms, d.http_ms.into(), MAX_WAIT_MS, " ms (the server's cap)"),
        ("workers", &raw.workers, (d.workers as u64).min(workers_cap), workers_cap, " workers here"),
        ("switch_ms", &raw.switch_ms, d.switch_ms.into(), MAX_SWITCH_MS, " ms"),
        ("transfer_mb", &raw.transfer_mb, d.transfer_mb.into(), MAX_TRANSFER_MB, " MB"),
    ];
    let [tasks, units, wait_ms, http_ms, workers, switch_ms, transfer_mb] =
        rows.map(|(name, raw, default, max, unit)| field(name, raw, default, max, unit));
    if errors.is_empty() {
        Ok(Settings {
            tasks: tasks as usize,
            units,
            wait_ms: wait_ms as u32,
            http_ms: http_ms as u32,
            workers: workers as usize,
            switch_ms: switch_ms as u32,
            transfer_mb: transfer_mb as u32,
        })
    } else {
        Err(errors)
    }
}

/// The task lists the page runs, built from its settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "lowercase")]
pub enum TaskListKind {
    /// `tasks` counting loops of `units` each.
    Cpu,
    /// `tasks` waits of `wait_ms` each.
    Io,
    /// `tasks` divisions, one of them by zero.
    Faults,
    /// `tasks` counting loops, one of which panics.
    Panic,
}

/// The task list for `workload` under `settings`. Faults: item 3 (or the
/// last, if there are fewer) divides by zero, and items take different
/// times, so they finish out of order. Panic: the second item panics.
pub fn tasks_for(workload: TaskListKind, s: &Settings) -> Vec<Task> {
    let n = s.tasks;
    match workload {
        TaskListKind::Cpu => vec![Task::Cpu { units: s.units }; n],
        TaskListKind::Io => vec![Task::Io { ms: s.wait_ms }; n],
        TaskListKind::Faults => (0..n)
            .map(|i| Task::Divide {
                a: 1_000 * (i as i64 + 1),
                b: if i == 3.min(n - 1) { 0 } else { i as i64 + 1 },
                // Uneven lengths, so completion order differs from submission order.
                units: s.units / 8 * (1 + ((i * 5) % 7) as u64),
            })
            .collect(),
        TaskListKind::Panic => (0..n)
            .map(|i| {
                if i == 1.min(n - 1) {
                    Task::Panic
                } else {
                    Task::Cpu { units: s.units }
                }
            })
            .collect(),
    }
}
