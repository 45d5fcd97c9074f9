//! The JavaScript face of the synchronisation lab (`crate::sync`).
//!
//! Loaded in the lab's own coordinator worker (www/sync-worker.js): a demo
//! blocks its caller until the pool threads are done, which the page's main
//! thread may not do. Replies are values, never throws, like `run`'s.

use wasm_bindgen::prelude::*;

use super::{pool_threads, to_js};
use crate::control::Control;
use crate::input::InputError;
use crate::sync::{self, stepper::Stepper, SyncReply, SyncRequest};

/// The lab's own control block, separate from the speedup page's, so the two
/// could even share an instance: `[cancel, done, total]`.
static SYNC_CONTROL: Control = Control::new();

#[wasm_bindgen(typescript_custom_section)]
const SYNC_TYPES: &str = r#"
export interface SyncField { id: string; label: string; default: number; min: number; max: number; }

export interface SyncDemoInfo {
  id: "race" | "stepper" | "deadlock" | "rlock" | "semaphore" | "event" | "barrier" | "queue";
  title: string;
  lesson: string;
  /** The Rust that runs, cut from the demo's source file. */
  rust: string;
  python: string;
  fields: SyncField[];
}

/** `params` values may be numbers or text as typed ("1e5", "100_000"); missing ones take their default. */
export interface SyncRequest { demo: string; params?: Record<string, NumberInput>; }

/** One bar of a timeline: ms since the run began. */
export interface Span { lane: number; kind: "work" | "wait" | "hold" | "blocked"; label: string; start: number; end: number; }

export type SyncReply =
  | { status: "done"; demo: string; result: any }
  | { status: "invalid"; errors: InputError[] }
  | { status: "cancelled" }
  | { status: "failed"; message: string };

export interface StepperState { locked: boolean; rounds: number; counter: number; lost: number; log: string[]; [more: string]: unknown; }

export interface StepperView {
  state: StepperState;
  program: string[];
  /** Per thread: index of its next instruction, or null when it has finished. */
  next: [number | null, number | null];
  /** Per thread: why it cannot step now, or null. */
  blocked: [string | null, string | null];
  finished: boolean;
  expected: number;
}

export type StepperReply = { status: "done"; view: StepperView } | { status: "invalid"; message: string };
"#;

/// Every demo's description (fields capped to this pool's threads).
#[wasm_bindgen(js_name = syncDemos, unchecked_return_type = "SyncDemoInfo[]")]
pub fn sync_demos() -> JsValue {
    to_js(&sync::catalogue(pool_threads()))
}

/// Runs one demo to the end (or until cancelled); replies with a `SyncReply`.
#[wasm_bindgen(js_name = syncRun, unchecked_return_type = "SyncReply")]
pub fn sync_run(#[wasm_bindgen(unchecked_param_type = "SyncRequest")] request: JsValue) -> JsValue {
    let request: SyncRequest = match serde_wasm_bindgen::from_value(request) {
        Ok(r) => r,
        Err(e) => {
            return to_js(&SyncReply::Invalid {
                errors: vec![InputError::new(
                    "request",
                    format!("The request must be an object {{ demo, params }}: {e}."),
                )],
            })
        }
    };
    to_js(&sync::run(&request, pool_threads(), &SYNC_CONTROL))
}

/// Asks the running demo to stop; every wait in it looks at this flag.
#[wasm_bindgen(js_name = syncCancel)]
pub fn sync_cancel() {
    SYNC_CONTROL.request_cancel();
}

/// Byte address of the lab's control block in `sharedMemory()`, for pages
/// that cancel and watch progress with `Atomics` while the worker is busy.
#[wasm_bindgen(js_name = syncControlAddress)]
pub fn sync_control_address() -> usize {
    &SYNC_CONTROL as *const Control as usize
}

#[derive(serde::Serialize)]
#[serde(tag = "status", rename_all = "camelCase")]
enum StepperReply {
    Done { view: sync::stepper::StepperView },
    Invalid { message: String },
}

/// A fresh stepper: `locked` wraps each increment in acquire/release.
#[wasm_bindgen(js_name = stepperNew, unchecked_return_type = "StepperView")]
pub fn stepper_new(locked: bool, rounds: u32) -> JsValue {
    to_js(&Stepper::new(locked, rounds).view())
}

/// Runs `thread`'s next instruction on `state` (a `StepperView.state`); the
/// state passed in is not changed, so the page can keep it for Undo.
#[wasm_bindgen(js_name = stepperStep, unchecked_return_type = "StepperReply")]
pub fn stepper_step(
    #[wasm_bindgen(unchecked_param_type = "StepperState")] state: JsValue,
    thread: u32,
) -> JsValue {
    let reply = match serde_wasm_bindgen::from_value::<Stepper>(state) {
        Err(e) => StepperReply::Invalid {
            message: format!("Not a stepper state: {e}"),
        },
        Ok(mut stepper) => match stepper.step(thread as usize) {
            Ok(()) => StepperReply::Done {
                view: stepper.view(),
            },
            Err(message) => StepperReply::Invalid { message },
        },
    };
    to_js(&reply)
}
