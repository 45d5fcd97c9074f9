//! The JavaScript face of the synchronisation lab (`crate::sync`).
//!
//! A demo blocks its caller until the pool threads are done, which the page's
//! main thread may not do: these run in the coordinator worker. Replies are
//! values, never throws, like `run`'s.
#![warn(missing_docs)]

use wasm_bindgen::prelude::*;

use super::{from_js, pool_threads, to_js, CONTROL};
use crate::sync::{self, stepper::Stepper, StepperReply, SyncReply, SyncRequest};

/// Every demo's description (fields capped to this pool's threads; without
/// a pool, to the simulated threads of `sync::sim`).
#[wasm_bindgen(js_name = syncDemos, unchecked_return_type = "DemoInfo[]")]
pub fn sync_demos() -> JsValue {
    match pool_threads() {
        0 | 1 => to_js(&sync::sim::catalogue()),
        threads => to_js(&sync::catalogue(threads)),
    }
}

/// Runs one demo to the end (or until cancelled); replies with a `SyncReply`.
#[wasm_bindgen(js_name = syncRun, unchecked_return_type = "SyncReply")]
pub fn sync_run(#[wasm_bindgen(unchecked_param_type = "SyncRequest")] request: JsValue) -> JsValue {
    let request: SyncRequest = match from_js(request, "an object { demo, params }") {
        Ok(r) => r,
        Err(reply) => return to_js::<SyncReply>(&reply),
    };
    to_js(&sync::run(&request, pool_threads(), &CONTROL))
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
    #[wasm_bindgen(unchecked_param_type = "Stepper")] state: JsValue,
    thread: u32,
) -> JsValue {
    let reply: StepperReply = match from_js::<Stepper, _>(state, "a stepper state") {
        Err(reply) => reply,
        Ok(stepper) => sync::stepper::step(stepper, thread as usize),
    };
    to_js(&reply)
}
