//! The JavaScript boundary: the only code in threadlab that knows about JS.
//!
//! Everything here converts — JS values in through serde, plain Rust results
//! out through serde — and calls the pure-Rust core. Errors cross as values
//! (`{ status: "invalid", errors: [...] }`), never as exceptions or panics, so
//! a caller can show each message next to its field.
//!
//! This module is meant to be loaded in a dedicated (coordinator) worker, not
//! on a page's main thread: a parallel run blocks its caller until the pool
//! finishes, and the main thread must never block.

pub mod modes;
mod sync;

use std::sync::atomic::{AtomicUsize, Ordering};

use js_sys::{Function, Promise};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::control::Control;
use crate::request::{self, RunReply, RunRequest, Threads};
use crate::workloads::{self, Mode};

// wasm-bindgen-rayon's `initThreadPool(n)` is exported by that crate itself;
// `startPool` below wraps it so threadlab knows the pool's size without asking
// rayon (asking would build a default pool before `initThreadPool` could).
pub use wasm_bindgen_rayon::init_thread_pool;

/// The run's control block. A static, so its address never changes and the
/// page can read it from shared memory between runs.
static CONTROL: Control = Control::new();

/// Threads in the pool; 0 until `startPool` is called.
static POOL_THREADS: AtomicUsize = AtomicUsize::new(0);

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A number as people type it: 1000000, "1e6", "10_000_000", "1,000". */
export type NumberInput = number | string;

export interface WorkloadInfo {
  id: string;
  title: string;
  size_label: string;
  default_size: number;
  max_size: number;
  /** Single-thread estimate in Chromium: ns_per_unit * size ** cost_exponent nanoseconds. */
  ns_per_unit: number;
  cost_exponent: number;
  lesson: string;
  python: string;
}

export interface RunRequest {
  workload: string;
  size: NumberInput;
  mode: "sequential" | "parallel";
  /** Required when mode is "parallel": 1 to the pool's thread count. */
  workers?: NumberInput;
  /** Parallel only: how blocks are shared out (default "dynamic"). */
  schedule?: "static" | "dynamic" | "stealing";
  /** Parallel only: blocks per task (default 1). */
  chunk?: NumberInput;
}

/** One task on a timeline; times are on the clock shared by all workers (ms since the epoch). */
export interface Span { worker: number; first_block: number; blocks: number; start_ms: number; end_ms: number; }

export interface InputError {
  field: "workload" | "size" | "workers" | "mode" | "schedule" | "chunk" | "request";
  message: string;
}

export interface RgbaImage { width: number; height: number; rgba: Uint8Array; }

export interface Answer {
  /** Exact result as text; two runs agree when their values are equal. */
  value: string;
  display: string;
  image: RgbaImage | null;
  /** The input picture, for workloads that transform one (shown as "before"). */
  before: RgbaImage | null;
}

export type RunReply =
  | { status: "done"; workload: string; mode: "sequential" | "parallel"; workers: number;
      answer: Answer; elapsed_ms: number; blocks_per_worker: number[]; blocks: number;
      started_ms: number; spans: Span[];
      /** Array workloads: ms to copy the JavaScript array into wasm memory. */
      copy_in_ms?: number }
  | { status: "invalid"; errors: InputError[] }
  | { status: "cancelled" }
  | { status: "failed"; message: string };

export interface Progress { done: number; total: number; }
"#;

#[wasm_bindgen(start)]
fn start() {
    // A panic then prints its message and location in the console instead of
    // a bare "unreachable executed".
    console_error_panic_hook::set_once();
    // Then record every panic in shared memory before the trap: a panicked
    // pool thread leaves its caller waiting forever in rayon::broadcast, and
    // this flag is how the page finds out (see modes.rs). Once per instance:
    // `start` also runs on every pool thread.
    static RECORD_PANICS: std::sync::Once = std::sync::Once::new();
    RECORD_PANICS.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            modes::record_panic(info);
            previous(info);
        }));
    });
}

/// Starts a pool of `threads` Web Workers (once per instance).
///
/// Returns wasm-bindgen-rayon's promise, which resolves when every worker is
/// ready. Throws a plain message for a bad count or a second call.
#[wasm_bindgen(js_name = startPool)]
pub fn start_pool(threads: JsValue) -> Result<Promise, JsError> {
    let raw: crate::input::RawNumber = serde_wasm_bindgen::from_value(threads)
        .map_err(|e| JsError::new(&format!("threads: {e}")))?;
    let n = crate::input::positive_whole_number("threads", &raw)
        .map_err(|e| JsError::new(&e.to_string()))?;
    if n > 256 {
        return Err(JsError::new("threads: at most 256 worker threads."));
    }
    if POOL_THREADS
        .compare_exchange(0, n as usize, Ordering::SeqCst, Ordering::SeqCst)
        .is_err()
    {
        return Err(JsError::new(
            "The thread pool is already started (one pool per instance).",
        ));
    }
    Ok(init_thread_pool(n as usize))
}

/// Threads in the pool (0 when no pool was started).
#[wasm_bindgen(js_name = poolThreads)]
pub fn pool_threads() -> usize {
    POOL_THREADS.load(Ordering::SeqCst)
}

/// Every workload's description, in menu order.
#[wasm_bindgen(unchecked_return_type = "WorkloadInfo[]")]
pub fn workloads() -> JsValue {
    to_js(&workloads::catalogue())
}

/// Checks a request without running it: `[]` when it is fine.
#[wasm_bindgen(js_name = checkRequest, unchecked_return_type = "InputError[]")]
pub fn check_request(
    #[wasm_bindgen(unchecked_param_type = "RunRequest")] request: JsValue,
) -> JsValue {
    match parse(request) {
        Ok(request) => match request::check(&request, threads()) {
            Ok(_) => to_js(&Vec::<()>::new()),
            Err(errors) => to_js(&errors),
        },
        Err(errors) => to_js(&errors),
    }
}

/// Runs a request to the end (or until cancelled) and replies with a value.
///
/// `onProgress(done, total)`, if given, is called at most every 50 ms during
/// a *sequential* run — for pages without shared memory, which cannot read
/// the control block. Parallel runs report through the control block only.
#[wasm_bindgen(unchecked_return_type = "RunReply")]
pub fn run(
    #[wasm_bindgen(unchecked_param_type = "RunRequest")] request: JsValue,
    #[wasm_bindgen(js_name = onProgress, unchecked_param_type = "((done: number, total: number) => void) | undefined")]
    on_progress: Option<Function>,
) -> JsValue {
    let checked = match parse_and_check(request) {
        Ok(checked) => checked,
        Err(errors) => return to_js(&RunReply::Invalid { errors }),
    };
    let mut report = progress_reporter(on_progress);
    let result = workloads::run(
        checked.workload,
        checked.size,
        checked.mode,
        &CONTROL,
        &mut report,
    );
    to_js(&reply(&checked, result, None))
}

/// Runs the array sum of squares over `values`, an array made in JavaScript.
///
/// The copy from the JavaScript heap into wasm memory is the browser's
/// counterpart of pickling a chunk to a worker process: it is timed and
/// reported as `copy_in_ms`. `request.size` must equal `values.length`.
#[wasm_bindgen(js_name = runWithArray, unchecked_return_type = "RunReply")]
pub fn run_with_array(
    #[wasm_bindgen(unchecked_param_type = "RunRequest")] request: JsValue,
    values: &js_sys::Uint32Array,
    #[wasm_bindgen(js_name = onProgress, unchecked_param_type = "((done: number, total: number) => void) | undefined")]
    on_progress: Option<Function>,
) -> JsValue {
    use crate::input::InputError;
    use crate::workloads::array_sum_of_squares::{ArraySumOfSquares, ID};
    let checked = match parse_and_check(request) {
        Ok(checked) => checked,
        Err(errors) => return to_js(&RunReply::Invalid { errors }),
    };
    if checked.workload != ID || checked.size != u64::from(values.length()) {
        return to_js(&RunReply::Invalid {
            errors: vec![InputError::new(
                "request",
                format!(
                    "runWithArray runs \"{ID}\" over the array it is given: size must be the array's length ({}).",
                    values.length()
                ),
            )],
        });
    }
    let start = crate::clock::now_ms();
    let data = values.to_vec();
    let copy_in_ms = crate::clock::now_ms() - start;
    let mut report = progress_reporter(on_progress);
    let result = workloads::run_prepared(
        ArraySumOfSquares::from_values(data),
        checked.mode,
        &CONTROL,
        &mut report,
    );
    to_js(&reply(&checked, result, Some(copy_in_ms)))
}

/// Calls `callback(done, total)` at most every 50 ms, and at the end.
fn progress_reporter(callback: Option<Function>) -> impl FnMut(usize, usize) {
    let mut last_report = f64::NEG_INFINITY;
    move |done, total| {
        if let Some(callback) = &callback {
            let now = crate::clock::now_ms();
            if now - last_report >= 50.0 || done == total {
                last_report = now;
                // A throwing callback must not stop the run.
                let _ = callback.call2(
                    &JsValue::NULL,
                    &(done as f64).into(),
                    &(total as f64).into(),
                );
            }
        }
    }
}

fn reply(
    checked: &request::CheckedRequest,
    result: Result<workloads::Outcome, crate::driver::RunFailure>,
    copy_in_ms: Option<f64>,
) -> RunReply {
    match result {
        Ok(outcome) => RunReply::Done {
            workload: checked.workload,
            mode: match checked.mode {
                Mode::Sequential => "sequential",
                Mode::Parallel { .. } | Mode::Planned(_) => "parallel",
            },
            workers: checked.mode.workers(),
            copy_in_ms,
            outcome,
        },
        Err(crate::driver::RunFailure::Cancelled) => RunReply::Cancelled,
        Err(failure) => RunReply::Failed {
            message: failure.to_string(),
        },
    }
}

/// Asks the current run to stop after its current block. For callers that
/// share memory this is the same as `Atomics.store(control, 0, 1)`.
#[wasm_bindgen]
pub fn cancel() {
    CONTROL.request_cancel();
}

/// Current run's progress.
#[wasm_bindgen(unchecked_return_type = "Progress")]
pub fn progress() -> JsValue {
    let (done, total) = CONTROL.progress();
    to_js(&ProgressReport { done, total })
}

/// Byte address of the control block `[cancel, done, total]` (three i32s) in
/// `sharedMemory()`, so a page can watch and cancel a run with `Atomics` without
/// sending the busy worker a message.
#[wasm_bindgen(js_name = controlAddress)]
pub fn control_address() -> usize {
    &CONTROL as *const Control as usize
}

/// The instance's (shared) `WebAssembly.Memory`. (Not named `memory`: the
/// module already exports its memory under that name.)
#[wasm_bindgen(js_name = sharedMemory)]
pub fn shared_memory() -> JsValue {
    wasm_bindgen::memory()
}

#[derive(Serialize)]
struct ProgressReport {
    done: u32,
    total: u32,
}

fn threads() -> Threads {
    match POOL_THREADS.load(Ordering::SeqCst) {
        0 => Threads::Unavailable,
        n => Threads::Pool(n),
    }
}

/// A request from JavaScript, read and checked against the pool we have.
fn parse_and_check(
    value: JsValue,
) -> Result<request::CheckedRequest, Vec<crate::input::InputError>> {
    request::check(&parse(value)?, threads())
}

fn parse(value: JsValue) -> Result<RunRequest, Vec<crate::input::InputError>> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        vec![crate::input::InputError::new(
            "request",
            format!("The request must be an object {{ workload, size, mode, workers }}: {e}."),
        )]
    })
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    // u64 sizes (up to 2^53 here) and f64 times become plain JS numbers; the
    // exact u128 answers are already strings.
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value
        .serialize(&serializer)
        .expect("threadlab's reply types always serialize")
}

#[wasm_bindgen]
extern "C" {
    type Performance;
    // In a worker, `performance` is the worker's own; its `timeOrigin` is when
    // that worker started, hence the sum below.
    #[wasm_bindgen(thread_local_v2, js_name = performance)]
    static PERFORMANCE: Performance;
    #[wasm_bindgen(method)]
    fn now(this: &Performance) -> f64;
    #[wasm_bindgen(method, getter, js_name = timeOrigin)]
    fn time_origin(this: &Performance) -> f64;
}

/// Milliseconds since the Unix epoch, comparable between workers.
pub fn shared_clock_ms() -> f64 {
    PERFORMANCE.with(|p| p.time_origin() + p.now())
}
