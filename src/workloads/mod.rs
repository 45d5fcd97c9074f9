//! The CPU-bound workloads: the tutorials' own examples, in plain Rust.
//!
//! Each file is one workload with a sequential and a parallel run over the
//! same blocks (see [`crate::driver`]) and a Python version written for
//! threadlab, so the page can show what the tutorial would have run.
#![warn(missing_docs)]

use serde::Serialize;
use ts_rs::TS;

use crate::control::Control;
use crate::driver::{run_parallel_with, run_sequential, Blocks, Plan, RunFailure, TaskSpan};
use crate::input::{group_digits, InputError};

pub mod array_sum_of_squares;
pub mod blur;
pub mod counting_loop;
pub mod mandelbrot;
pub mod matrix_multiply;
pub mod monte_carlo_pi;
pub mod prime_count;
pub mod simd;
pub mod sqrt_sin;
pub mod sum_of_squares;
pub mod triad;

/// What the page and the API know about a workload before running it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct WorkloadInfo {
    /// Stable identifier used in requests and URLs.
    pub id: &'static str,
    /// The name in the menu and in messages ("Mandelbrot set").
    pub title: &'static str,
    /// What the size means, e.g. "n: adds i² for i in range(n)".
    pub size_label: &'static str,
    /// The size the page's field starts with.
    pub default_size: u64,
    /// Sizes above this are refused: one thread would take too long, or the
    /// result would not fit in memory.
    pub max_size: u64,
    /// Rough single-thread cost in Chromium: `ns_per_unit * size^cost_exponent`
    /// nanoseconds. Only for estimates shown to people, never for limits.
    pub ns_per_unit: f64,
    /// 1 when the cost grows with the size, 2 when with its square (images),
    /// 3 with its cube (matrices); not always whole (trial division: 1.45).
    pub cost_exponent: f64,
    /// One paragraph: what this workload teaches.
    pub lesson: &'static str,
    /// The tutorial's version of this workload in Python (written for threadlab).
    pub python: &'static str,
}

impl WorkloadInfo {
    /// Rough single-thread time for `size` in the browser.
    pub fn estimated_seconds(&self, size: u64) -> f64 {
        (size as f64).powf(self.cost_exponent) * self.ns_per_unit / 1e9
    }
}

/// One workload, as the driver and the registry need it.
pub trait Workload: Blocks + Sized {
    /// Its entry in the [`catalogue`].
    const INFO: WorkloadInfo;
    /// Builds the workload for a size already checked by [`check_size`].
    fn new(size: u64) -> Self;
    /// Checks that go beyond `1..=max_size` (e.g. "the result would overflow").
    fn check_size_further(_size: u64) -> Result<(), String> {
        Ok(())
    }
    /// Merges the parts, in block order, into the answer.
    fn answer(&self, parts: Vec<Self::Part>) -> Answer;
}

/// A finished workload's result.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Answer {
    /// The exact result as text (u128 does not fit a JavaScript number). Two
    /// runs agree when their `value`s are equal.
    pub value: String,
    /// Human-friendly form of the same value.
    pub display: String,
    /// Pixels of an image result, if the workload draws one.
    pub image: Option<Image>,
    /// The picture the workload started from, if it transforms one (the blur):
    /// shown next to `image` as "before".
    pub before: Option<Image>,
}

/// An RGBA image, row by row.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Image {
    /// Pixels per row.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// `width × height × 4` bytes, red, green, blue, alpha per pixel, which
    /// `www/coordinator.js` turns into an `ImageData` and then a bitmap.
    #[serde(with = "serde_bytes")]
    #[ts(type = "Uint8Array")]
    pub rgba: Vec<u8>,
}

/// Sequential (one thread, the caller) or parallel on `k` pool threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every block on the calling thread, in order.
    Sequential,
    /// `workers` threads, dynamic schedule, one block per task.
    Parallel {
        /// Pool threads that compute (1 to the pool's size).
        workers: usize,
    },
    /// Parallel with a chosen schedule and task size.
    Planned(Plan),
}

impl Mode {
    /// Worker threads this mode uses.
    pub fn workers(&self) -> usize {
        match self {
            Mode::Sequential => 1,
            Mode::Parallel { workers } => *workers,
            Mode::Planned(plan) => plan.workers,
        }
    }
}

/// An answer and how it was obtained.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct WorkloadOutcome {
    /// The result, the same whichever mode computed it.
    pub answer: Answer,
    /// Wall-clock milliseconds of the computation (not of building the input).
    pub elapsed_ms: f64,
    /// Blocks computed by each worker (one entry for a sequential run).
    pub blocks_per_worker: Vec<usize>,
    /// Blocks the workload was cut into.
    pub blocks: usize,
    /// When the run started, on the clock shared by all workers.
    pub started_ms: f64,
    /// Every task (a sequential run: every block), for timelines.
    pub spans: Vec<TaskSpan>,
}

/// Every workload's description, in menu order.
pub fn catalogue() -> Vec<WorkloadInfo> {
    vec![
        sum_of_squares::SumOfSquares::INFO,
        counting_loop::CountingLoop::INFO,
        sqrt_sin::SqrtSin::INFO,
        mandelbrot::Mandelbrot::INFO,
        prime_count::PrimeCount::INFO,
        monte_carlo_pi::MonteCarloPi::INFO,
        matrix_multiply::MatrixMultiply::INFO,
        blur::Blur::INFO,
        array_sum_of_squares::ArraySumOfSquares::INFO,
    ]
}

/// Looks a workload up by id.
pub fn info(id: &str) -> Result<WorkloadInfo, InputError> {
    catalogue().into_iter().find(|w| w.id == id).ok_or_else(|| {
        let known: Vec<_> = catalogue().iter().map(|w| w.id).collect();
        InputError::new(
            "workload",
            format!(
                "Unknown workload \"{id}\". Choose one of: {}.",
                known.join(", ")
            ),
        )
    })
}

/// Checks a size for a workload: at least 1, within its limit, and whatever
/// else the workload needs.
pub fn check_size(id: &str, size: u64) -> Result<(), InputError> {
    let info = info(id)?;
    let further = match id {
        sum_of_squares::ID => sum_of_squares::SumOfSquares::check_size_further(size),
        counting_loop::ID => counting_loop::CountingLoop::check_size_further(size),
        sqrt_sin::ID => sqrt_sin::SqrtSin::check_size_further(size),
        mandelbrot::ID => mandelbrot::Mandelbrot::check_size_further(size),
        prime_count::ID => prime_count::PrimeCount::check_size_further(size),
        monte_carlo_pi::ID => monte_carlo_pi::MonteCarloPi::check_size_further(size),
        matrix_multiply::ID => matrix_multiply::MatrixMultiply::check_size_further(size),
        blur::ID => blur::Blur::check_size_further(size),
        array_sum_of_squares::ID => {
            array_sum_of_squares::ArraySumOfSquares::check_size_further(size)
        }
        _ => unreachable!("info() accepted only known ids"),
    };
    further.map_err(|message| InputError::new("size", message))?;
    if size > info.max_size {
        let seconds = info.estimated_seconds(size);
        return Err(InputError::new(
            "size",
            format!(
                "{} is too large: one thread would need about {}. The limit for {} is {}.",
                group_digits(&size.to_string()),
                describe_duration(seconds),
                info.title,
                group_digits(&info.max_size.to_string())
            ),
        ));
    }
    Ok(())
}

/// Runs workload `id` at `size` (call [`check_size`] first).
///
/// `on_block(done, total)` is called after each block of a sequential run, on
/// the calling thread (parallel runs report through `control` only).
pub fn run(
    id: &str,
    size: u64,
    mode: Mode,
    control: &Control,
    on_block: &mut dyn FnMut(usize, usize),
) -> Result<WorkloadOutcome, RunFailure> {
    // Each arm names the concrete type so the driver is monomorphised per
    // workload: no dynamic dispatch inside the hot loops.
    match id {
        sum_of_squares::ID => {
            execute::<sum_of_squares::SumOfSquares>(size, mode, control, on_block)
        }
        counting_loop::ID => execute::<counting_loop::CountingLoop>(size, mode, control, on_block),
        sqrt_sin::ID => execute::<sqrt_sin::SqrtSin>(size, mode, control, on_block),
        mandelbrot::ID => execute::<mandelbrot::Mandelbrot>(size, mode, control, on_block),
        prime_count::ID => execute::<prime_count::PrimeCount>(size, mode, control, on_block),
        monte_carlo_pi::ID => {
            execute::<monte_carlo_pi::MonteCarloPi>(size, mode, control, on_block)
        }
        matrix_multiply::ID => {
            execute::<matrix_multiply::MatrixMultiply>(size, mode, control, on_block)
        }
        blur::ID => execute::<blur::Blur>(size, mode, control, on_block),
        array_sum_of_squares::ID => {
            execute::<array_sum_of_squares::ArraySumOfSquares>(size, mode, control, on_block)
        }
        other => panic!("unknown workload {other:?}: check it with info() first"),
    }
}

fn execute<W: Workload>(
    size: u64,
    mode: Mode,
    control: &Control,
    on_block: &mut dyn FnMut(usize, usize),
) -> Result<WorkloadOutcome, RunFailure> {
    run_prepared(W::new(size), mode, control, on_block)
}

/// Runs a workload that was already built — e.g. an
/// [`array_sum_of_squares::ArraySumOfSquares`] over an array handed in from
/// JavaScript — in `mode`.
pub fn run_prepared<W: Workload>(
    work: W,
    mode: Mode,
    control: &Control,
    on_block: &mut dyn FnMut(usize, usize),
) -> Result<WorkloadOutcome, RunFailure> {
    let blocks = work.block_count();
    let plan = match mode {
        Mode::Sequential => None,
        Mode::Parallel { workers } => Some(Plan::new(workers)),
        Mode::Planned(plan) => Some(plan),
    };
    let (parts, elapsed_ms, blocks_per_worker, started_ms, spans) = match plan {
        None => {
            let run = run_sequential(&work, control, on_block)?;
            (
                run.parts,
                run.elapsed_ms,
                vec![blocks],
                run.started_ms,
                run.spans,
            )
        }
        Some(plan) => {
            let run = run_parallel_with(&work, plan, control)?;
            (
                run.parts,
                run.elapsed_ms,
                run.blocks_per_worker,
                run.started_ms,
                run.spans,
            )
        }
    };
    Ok(WorkloadOutcome {
        answer: work.answer(parts),
        elapsed_ms,
        blocks_per_worker,
        blocks,
        started_ms,
        spans,
    })
}

fn describe_duration(seconds: f64) -> String {
    if seconds < 90.0 {
        format!("{seconds:.0} seconds")
    } else if seconds < 90.0 * 60.0 {
        format!("{:.0} minutes", seconds / 60.0)
    } else if seconds < 48.0 * 3600.0 {
        format!("{:.0} hours", seconds / 3600.0)
    } else {
        format!("{:.0} days", seconds / 86400.0)
    }
}
