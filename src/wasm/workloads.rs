//! The JavaScript face of the workloads (`crate::workloads`): the speedup
//! race, the speedup lab and the embedded race all call these.
#![warn(missing_docs)]

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::{from_js, threads, to_js, CONTROL};
use crate::request::{self, RunDone, RunReply, RunRequest};
use crate::workloads::{self, Mode};

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
    match parse_and_check(request) {
        Ok(_) => to_js(&Vec::<()>::new()),
        Err(RunReply::Invalid { errors }) => to_js(&errors),
        Err(_) => unreachable!("parse_and_check only refuses with `invalid`"),
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
        Err(reply) => return to_js(&reply),
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
    use crate::workloads::array_sum_of_squares::{ArraySumOfSquares, ID};
    let checked = match parse_and_check(request) {
        Ok(checked) => checked,
        Err(reply) => return to_js(&reply),
    };
    if checked.workload != ID || checked.size != u64::from(values.length()) {
        return to_js(&RunReply::invalid(
            "request",
            format!(
                "runWithArray runs \"{ID}\" over the array it is given: size must be the array's length ({}).",
                values.length()
            ),
        ));
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
    result: Result<workloads::WorkloadOutcome, crate::driver::RunFailure>,
    copy_in_ms: Option<f64>,
) -> RunReply {
    match result {
        Ok(outcome) => RunReply::Done(RunDone {
            workload: checked.workload,
            mode: match checked.mode {
                Mode::Sequential => "sequential",
                Mode::Parallel { .. } | Mode::Planned(_) => "parallel",
            },
            workers: checked.mode.workers(),
            copy_in_ms,
            outcome,
        }),
        Err(crate::driver::RunFailure::Cancelled) => RunReply::Cancelled,
        Err(failure) => RunReply::Failed {
            message: failure.to_string(),
        },
    }
}

/// A request from JavaScript, read and checked against the pool we have.
fn parse_and_check(value: JsValue) -> Result<request::CheckedRequest, RunReply> {
    let raw: RunRequest = from_js(value, "an object { workload, size, mode, workers }")?;
    request::check(&raw, threads()).map_err(|errors| RunReply::Invalid { errors })
}

/// Memory bandwidth for `./dev.sh bench` only (bench/bench.mjs through
/// bench/page/triad-worker.js; no page calls it): GB/s of a STREAM-like triad
/// over three arrays of `len` f64s on k = 1..=`max_workers` pool threads,
/// `reps` passes each after a warm-up, as `{k1: [..], k2: [..]}`.
#[wasm_bindgen(js_name = triadBench, unchecked_return_type = "Record<string, number[]>")]
pub fn triad_bench(len: usize, max_workers: usize, reps: usize) -> JsValue {
    use crate::workloads::triad;
    let rates: std::collections::BTreeMap<String, Vec<f64>> =
        triad::gb_per_s(len, max_workers, reps.clamp(1, 100))
            .into_iter()
            .collect();
    to_js(&rates)
}
