//! The JavaScript face of "threads vs processes vs the GIL" (`crate::modes`).
//!
//! Called in two places: the page's coordinator worker (www/coordinator.js),
//! which owns a pool and runs task lists on threads, and each "process"
//! worker (www/process-worker.js), an instance of its own with no pool,
//! which runs single tasks through [`modes_task`].
//!
//! The completion list lets the page show items in the order they finish
//! (`as_completed`) while the busy coordinator cannot send messages; its
//! address and encoding reach JavaScript through `layout()`.
#![warn(missing_docs)]

use std::sync::atomic::{AtomicU32, Ordering};

use wasm_bindgen::prelude::*;

use super::{from_js, pool_threads, to_js, CONTROL};
use crate::control::Control;
use crate::layout::LIMITS;
use crate::modes::{
    self, completion, How, HowName, ModesReply, ModesRequest, RawSettings, SimulatedGil, Task,
    TaskListDone, TaskOutcome,
};

/// Completed items in finishing order (see [`completion`]). Cleared before each run.
static COMPLETED: [AtomicU32; modes::MAX_TASKS as usize] =
    [const { AtomicU32::new(0) }; modes::MAX_TASKS as usize];

fn max_workers() -> usize {
    match pool_threads() {
        0 => LIMITS.max_processes,
        n => n,
    }
}

/// Checks the page's settings: `done` with every field as a number (the
/// page uses these, never its own parsing of what was typed), or `invalid`
/// with a message per field.
#[wasm_bindgen(js_name = modesCheck, unchecked_return_type = "SettingsReply")]
pub fn modes_check(
    #[wasm_bindgen(unchecked_param_type = "ModesSettings")] settings: JsValue,
) -> JsValue {
    let reply: modes::SettingsReply =
        match from_js::<RawSettings, _>(settings, "an object of settings") {
            Err(reply) => reply,
            Ok(raw) => match modes::check_settings(&raw, max_workers()) {
                Ok(settings) => modes::SettingsReply::Done(settings),
                Err(errors) => modes::SettingsReply::Invalid { errors },
            },
        };
    to_js(&reply)
}

/// Runs a task list sequentially or on threads, with or without the GIL.
#[wasm_bindgen(js_name = modesRun, unchecked_return_type = "ModesReply")]
pub fn modes_run(
    #[wasm_bindgen(unchecked_param_type = "ModesRequest")] request: JsValue,
) -> JsValue {
    to_js(&run(request))
}

fn run(request: JsValue) -> ModesReply {
    let request: ModesRequest = match from_js(request, "{ workload, how, gil, settings }") {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let settings = match modes::check_settings(&request.settings, max_workers()) {
        Ok(s) => s,
        Err(errors) => return ModesReply::Invalid { errors },
    };
    let how = match request.how {
        HowName::Sequential => How::Sequential,
        HowName::Threads if pool_threads() == 0 => return ModesReply::threads_off(),
        HowName::Threads => How::Threads {
            workers: settings.workers,
        },
    };
    let tasks = modes::tasks_for(request.workload, &settings);
    for word in &COMPLETED {
        word.store(completion::EMPTY, Ordering::Relaxed);
    }
    let gil = SimulatedGil::new(request.gil.unwrap_or(false), f64::from(settings.switch_ms));
    let on_item = |order: usize, index: usize, ok: bool| {
        if let Some(word) = COMPLETED.get(order) {
            word.store(completion::encode(index, ok), Ordering::Release);
        }
    };
    match modes::run_tasks(&tasks, how, &gil, &CONTROL, &on_item) {
        Ok(result) => ModesReply::Done(TaskListDone { result, tasks }),
        Err(crate::driver::RunFailure::Cancelled) => ModesReply::Cancelled,
        Err(failure) => ModesReply::Failed {
            message: failure.to_string(),
        },
    }
}

/// Runs ONE task on this thread without a GIL — what a "process" worker
/// does. `{ ok }` or `{ error }`; a `panic` task traps this instance.
#[wasm_bindgen(js_name = modesTask, unchecked_return_type = "TaskOutcome")]
pub fn modes_task(#[wasm_bindgen(unchecked_param_type = "Task")] task: JsValue) -> JsValue {
    let outcome = match serde_wasm_bindgen::from_value::<Task>(task) {
        Err(e) => TaskOutcome {
            ok: None,
            error: Some(format!("TypeError: not a task: {e}")),
        },
        Ok(task) => match modes::run_task(&task, &SimulatedGil::new(false, 0.0), &Control::new()) {
            Ok(v) => TaskOutcome {
                ok: Some(v),
                error: None,
            },
            Err(e) => TaskOutcome {
                ok: None,
                error: Some(e),
            },
        },
    };
    to_js(&outcome)
}

/// The same comparison in Python (`src/modes/modes.py`), shown on the page.
#[wasm_bindgen(js_name = modesPython)]
pub fn modes_python() -> String {
    modes::PYTHON.to_owned()
}

/// Byte address of the completion list (see `layout()`).
pub fn completed_address() -> usize {
    COMPLETED.as_ptr() as usize
}
