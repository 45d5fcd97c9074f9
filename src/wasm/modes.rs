//! The JavaScript face of "threads vs processes vs the GIL" (`crate::gil`).
//!
//! Loaded twice by `modes.html`: in the page's coordinator worker
//! (www/modes-worker.js), which owns a pool and runs task lists on threads,
//! and in each "process" worker (www/process-worker.js), an instance of its
//! own with no pool, which runs single tasks through [`modes_task`].
//!
//! Two blocks of shared memory let the page watch without messages: the
//! completion list (items in the order they finished, for `as_completed`) and
//! the panic block, set by the panic hook before `panic = abort` traps the
//! thread — the only trace a panicked pool thread leaves, since the
//! coordinator then waits for it forever inside `rayon::broadcast`.

use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{pool_threads, to_js};
use crate::control::Control;
use crate::gil::{self, Gil, How, RawSettings, Task, TaskRun, Workload};
use crate::input::InputError;

/// `[cancel, done, total]` of the current task list.
static MODES_CONTROL: Control = Control::new();

/// Processes allowed when there is no pool to size them by.
const MAX_PROCESSES: usize = 8;

/// Completed items in finishing order: word `i` is `2 * index + failed + 1`
/// for the `i`-th item to finish (0 = not yet). Cleared before each run.
static COMPLETED: [AtomicU32; gil::MAX_TASKS as usize] =
    [const { AtomicU32::new(0) }; gil::MAX_TASKS as usize];

/// `[flag, length, message bytes…]`: set once a thread of this instance panicked.
#[repr(C)]
struct PanicBlock {
    flag: AtomicU32,
    len: AtomicU32,
    bytes: [AtomicU8; PANIC_BYTES],
}
const PANIC_BYTES: usize = 248;
static PANIC: PanicBlock = PanicBlock {
    flag: AtomicU32::new(0),
    len: AtomicU32::new(0),
    bytes: [const { AtomicU8::new(0) }; PANIC_BYTES],
};

/// Called by the panic hook (see `start` in mod.rs), on the panicking thread,
/// before the trap: writes the message where the page can read it.
pub(super) fn record_panic(info: &std::panic::PanicHookInfo<'_>) {
    let payload = info.payload();
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into());
    let thread = rayon::current_thread_index()
        .map_or("the coordinator".into(), |i| format!("pool thread {i}"));
    let text = format!("{thread}: {what}");
    if PANIC.flag.load(Ordering::SeqCst) != 0 {
        return; // keep the first
    }
    let mut len = text.len().min(PANIC_BYTES);
    while !text.is_char_boundary(len) {
        len -= 1;
    }
    for (slot, byte) in PANIC.bytes.iter().zip(text.as_bytes()[..len].iter()) {
        slot.store(*byte, Ordering::Relaxed);
    }
    PANIC.len.store(len as u32, Ordering::Relaxed);
    PANIC.flag.store(1, Ordering::SeqCst);
}

#[wasm_bindgen(typescript_custom_section)]
const MODES_TYPES: &str = r#"
/** The modes page's settings as typed; missing ones take their defaults. */
export interface ModesSettings {
  tasks?: NumberInput; units?: NumberInput; wait_ms?: NumberInput; http_ms?: NumberInput;
  workers?: NumberInput; switch_ms?: NumberInput; transfer_mb?: NumberInput;
}
export interface ModesRequest {
  workload: "cpu" | "io" | "faults" | "panic";
  how: "sequential" | "threads";
  /** Simulate the GIL (false = free-threaded). */
  gil: boolean;
  settings: ModesSettings;
}
export type ModesTask =
  | { kind: "cpu"; units: number } | { kind: "io"; ms: number }
  | { kind: "divide"; a: number; b: number; units: number } | { kind: "panic" };
/** One finished item; exactly one of ok / error is set. */
export interface ModesItem { index: number; worker: number; start_ms: number; end_ms: number; ok?: string; error?: string; }
export interface TaskRun {
  elapsed_ms: number; workers: number; gil: boolean; switch_interval_ms: number;
  gil_switches: number; gil_wait_ms: number; items: ModesItem[]; failed: number;
}
export type ModesReply =
  | { status: "done"; result: TaskRun; tasks: ModesTask[] }
  | { status: "invalid"; errors: InputError[] }
  | { status: "cancelled" }
  | { status: "failed"; message: string };
"#;

#[derive(serde::Deserialize)]
struct ModesRequest {
    workload: Workload,
    how: HowName,
    #[serde(default)]
    gil: bool,
    #[serde(default)]
    settings: RawSettings,
}

#[derive(serde::Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum HowName {
    Sequential,
    Threads,
}

#[derive(Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
enum ModesReply {
    Done { result: TaskRun, tasks: Vec<Task> },
    Invalid { errors: Vec<InputError> },
    Cancelled,
    Failed { message: String },
}

fn max_workers() -> usize {
    match pool_threads() {
        0 => MAX_PROCESSES,
        n => n,
    }
}

/// Checks the page's settings: `[]` when every field is fine.
#[wasm_bindgen(js_name = modesCheck, unchecked_return_type = "InputError[]")]
pub fn modes_check(
    #[wasm_bindgen(unchecked_param_type = "ModesSettings")] settings: JsValue,
) -> JsValue {
    match serde_wasm_bindgen::from_value::<RawSettings>(settings) {
        Err(e) => to_js(&[InputError::new(
            "request",
            format!("The settings must be an object: {e}."),
        )]),
        Ok(raw) => match gil::check_settings(&raw, max_workers()) {
            Ok(_) => to_js(&Vec::<()>::new()),
            Err(errors) => to_js(&errors),
        },
    }
}

/// Runs a task list sequentially or on threads, with or without the GIL.
#[wasm_bindgen(js_name = modesRun, unchecked_return_type = "ModesReply")]
pub fn modes_run(
    #[wasm_bindgen(unchecked_param_type = "ModesRequest")] request: JsValue,
) -> JsValue {
    let request: ModesRequest = match serde_wasm_bindgen::from_value(request) {
        Ok(r) => r,
        Err(e) => {
            return to_js(&ModesReply::Invalid {
                errors: vec![InputError::new(
                    "request",
                    format!("The request must be {{ workload, how, gil, settings }}: {e}."),
                )],
            })
        }
    };
    let settings = match gil::check_settings(&request.settings, max_workers()) {
        Ok(s) => s,
        Err(errors) => return to_js(&ModesReply::Invalid { errors }),
    };
    let how = match request.how {
        HowName::Sequential => How::Sequential,
        HowName::Threads if pool_threads() == 0 => {
            return to_js(&ModesReply::Failed {
                message: "Threads are off: this page is not cross-origin isolated, so there is no shared memory for a pool.".into(),
            })
        }
        HowName::Threads => How::Threads { workers: settings.workers },
    };
    let tasks = gil::tasks_for(request.workload, &settings);
    for word in &COMPLETED {
        word.store(0, Ordering::Relaxed);
    }
    let gil = Gil::new(request.gil, f64::from(settings.switch_ms));
    let on_item = |order: usize, index: usize, ok: bool| {
        if let Some(word) = COMPLETED.get(order) {
            word.store(2 * index as u32 + u32::from(!ok) + 1, Ordering::Release);
        }
    };
    let reply = match gil::run_tasks(&tasks, how, &gil, &MODES_CONTROL, &on_item) {
        Ok(result) => ModesReply::Done { result, tasks },
        Err(crate::driver::RunFailure::Cancelled) => ModesReply::Cancelled,
        Err(failure) => ModesReply::Failed {
            message: failure.to_string(),
        },
    };
    to_js(&reply)
}

/// Runs ONE task on this thread without a GIL — what a "process" worker
/// does. `{ ok }` or `{ error }`; a `panic` task traps this instance.
#[wasm_bindgen(js_name = modesTask)]
pub fn modes_task(#[wasm_bindgen(unchecked_param_type = "ModesTask")] task: JsValue) -> JsValue {
    #[derive(Serialize)]
    struct Outcome {
        ok: Option<String>,
        error: Option<String>,
    }
    let outcome = match serde_wasm_bindgen::from_value::<Task>(task) {
        Err(e) => Outcome {
            ok: None,
            error: Some(format!("TypeError: not a task: {e}")),
        },
        Ok(task) => match gil::run_task(&task, &Gil::new(false, 0.0), &Control::new()) {
            Ok(v) => Outcome {
                ok: Some(v),
                error: None,
            },
            Err(e) => Outcome {
                ok: None,
                error: Some(e),
            },
        },
    };
    to_js(&outcome)
}

/// Asks the running task list to stop.
#[wasm_bindgen(js_name = modesCancel)]
pub fn modes_cancel() {
    MODES_CONTROL.request_cancel();
}

/// Byte address of `[cancel, done, total]` in `sharedMemory()`.
#[wasm_bindgen(js_name = modesControlAddress)]
pub fn modes_control_address() -> usize {
    &MODES_CONTROL as *const Control as usize
}

/// Byte address of the completion list (`MAX_TASKS` u32 words).
#[wasm_bindgen(js_name = modesCompletedAddress)]
pub fn modes_completed_address() -> usize {
    COMPLETED.as_ptr() as usize
}

/// Byte address of the panic block `[flag: u32, length: u32, utf-8 bytes…]`.
#[wasm_bindgen(js_name = panicAddress)]
pub fn panic_address() -> usize {
    &PANIC as *const PanicBlock as usize
}

/// The first panic's message, or undefined (for tests and callers without shared memory).
#[wasm_bindgen(js_name = panicMessage)]
pub fn panic_message() -> Option<String> {
    (PANIC.flag.load(Ordering::SeqCst) != 0).then(|| {
        let len = PANIC.len.load(Ordering::Relaxed) as usize;
        let bytes: Vec<u8> = PANIC.bytes[..len]
            .iter()
            .map(|b| b.load(Ordering::Relaxed))
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    })
}
