//! The JavaScript boundary: the only code in threadlab that knows about JS.
//!
//! Everything here converts — JS values in through serde, plain Rust results
//! out through serde — and calls the pure-Rust core. Errors cross as values
//! (`{ status: "invalid", errors: [...] }`, see [`crate::reply`]), never as
//! exceptions or panics, so a caller can show each message next to its field.
//!
//! One instance serves every page: `www/coordinator.js` loads it in a
//! dedicated worker (a parallel run blocks its caller until the pool
//! finishes, and the main thread must never block) and starts a pool of the
//! size the page asks for. The page watches and cancels through one control
//! block, reads panics from the panic block, and finds both with [`layout`].
//!
//! - [`workloads`]: the speedup race and lab (`run`, `runWithArray`, …);
//! - [`sync`]: the race and synchronisation demos and the stepper;
//! - [`modes`]: threads vs processes vs the GIL;
//! - [`runner`]: real Python programs, each Python thread on its own Web Worker;
//! - [`panic`]: the instance-wide panic hook and the block it writes.
//!
//! TypeScript: every value type is generated from the Rust types by ts-rs
//! into `www/types/`; `pkg/threadlab.d.ts` imports them from there.
#![warn(missing_docs)]

mod game;
pub mod modes;
pub mod panic;
pub mod runner;
mod sync;
mod workloads;

pub use modes::*;
pub use panic::{panic_address, panic_message};
pub use runner::*;
pub use sync::*;
pub use workloads::*;

use std::sync::atomic::{AtomicUsize, Ordering};

use js_sys::Promise;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::control::Control;
use crate::layout::{CompletionLayout, ControlLayout, Layout, LIMITS};

// wasm-bindgen-rayon's `initThreadPool(n)` is exported by that crate itself;
// `startPool` below wraps it so threadlab knows the pool's size without asking
// rayon (asking would build a default pool before `initThreadPool` could).
pub use wasm_bindgen_rayon::init_thread_pool;

/// The control block of whatever runs now (a workload, a demo, a task list:
/// one at a time per instance). A static, so its address never changes and
/// the page can read it from shared memory between runs.
pub(crate) static CONTROL: Control = Control::new();

/// Threads in the pool; 0 until `startPool` is called.
static POOL_THREADS: AtomicUsize = AtomicUsize::new(0);

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
import type { Layout } from "../types/Layout";
import type { InputError } from "../types/InputError";
import type { WorkloadInfo } from "../types/WorkloadInfo";
import type { RunReply } from "../types/RunReply";
import type { DemoInfo } from "../types/DemoInfo";
import type { SyncReply } from "../types/SyncReply";
import type { StepperReply } from "../types/StepperReply";
import type { StepperView } from "../types/StepperView";
import type { Stepper } from "../types/Stepper";
import type { ModesReply } from "../types/ModesReply";
import type { Task } from "../types/Task";
import type { TaskOutcome } from "../types/TaskOutcome";
import type { RunRequest } from "../types/RunRequest";
import type { SyncRequest } from "../types/SyncRequest";
import type { ModesRequest } from "../types/ModesRequest";
import type { ModesSettings } from "../types/ModesSettings";
import type { SettingsReply } from "../types/SettingsReply";
import type { Progress } from "../types/Progress";
"#;

#[wasm_bindgen(start)]
fn start() {
    // Runs once per thread: on the instance's first thread and on every pool
    // thread. Each reads its own `performance` (see `shared_clock_ms`).
    install_clock();
    // A panic then prints its message and location in the console instead of
    // a bare "unreachable executed".
    console_error_panic_hook::set_once();
    panic::install_hook();
}

/// Starts a pool of `threads` threads (once per instance): the calling
/// coordinator becomes thread 0 and `threads − 1` Web Workers are spawned
/// (see `vendor/wasm-bindgen-rayon/PATCH.md`).
///
/// Returns wasm-bindgen-rayon's promise, which resolves when every worker is
/// ready. Throws a plain message for a bad count or a second call.
/// (`threads` may be text, as settings come from URLs; anything else is a
/// bad count.)
#[wasm_bindgen(js_name = startPool, unchecked_return_type = "Promise<void>")]
pub fn start_pool(
    #[wasm_bindgen(unchecked_param_type = "number | string")] threads: JsValue,
) -> Result<Promise, JsError> {
    // Also here, not only in `start`: a test harness may load the module
    // without running its start function, and every wait reads this clock.
    install_clock();
    let raw: crate::input::RawNumber = serde_wasm_bindgen::from_value(threads)
        .map_err(|e| JsError::new(&format!("threads: {e}")))?;
    let n = crate::input::positive_whole_number("threads", &raw)
        .map_err(|e| JsError::new(&e.to_string()))?;
    if n > LIMITS.max_threads as u64 {
        return Err(JsError::new(&format!(
            "threads: at most {} worker threads.",
            LIMITS.max_threads
        )));
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

/// Forgets a pool whose start failed (e.g. the browser would not post the
/// shared memory), so the instance carries on single-threaded.
#[wasm_bindgen(js_name = poolFailed)]
pub fn pool_failed() {
    POOL_THREADS.store(0, Ordering::SeqCst);
}

/// Threads in the pool (0 when no pool was started).
#[wasm_bindgen(js_name = poolThreads)]
pub fn pool_threads() -> usize {
    POOL_THREADS.load(Ordering::SeqCst)
}

/// Where the shared words are, and the limits pages show: read by
/// `www/lib/layout.js`, so no page writes an offset by hand.
#[wasm_bindgen(unchecked_return_type = "Layout")]
pub fn layout() -> JsValue {
    to_js(&Layout {
        control: ControlLayout::at(control_address()),
        completions: CompletionLayout::at(modes::completed_address()),
        panic: panic::layout(),
        limits: LIMITS,
    })
}

/// Asks the current run — workload, demo or task list — to stop after its
/// current block or wait. The same as `Atomics.store(control, cancel, 1)`.
#[wasm_bindgen]
pub fn cancel() {
    CONTROL.request_cancel();
}

/// Current run's progress.
#[wasm_bindgen(unchecked_return_type = "Progress")]
pub fn progress() -> JsValue {
    let (done, total) = CONTROL.progress();
    to_js(&crate::control::Progress { done, total })
}

/// Byte address of the control block (see [`layout`]).
pub fn control_address() -> usize {
    &CONTROL as *const Control as usize
}

/// The instance's (shared) `WebAssembly.Memory`. (Not named `memory`: the
/// module already exports its memory under that name.)
#[wasm_bindgen(js_name = sharedMemory, unchecked_return_type = "WebAssembly.Memory")]
pub fn shared_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// The `threads` argument of the core's request checks.
fn threads() -> crate::request::Threads {
    match POOL_THREADS.load(Ordering::SeqCst) {
        0 => crate::request::Threads::Unavailable,
        n => crate::request::Threads::Pool(n),
    }
}

/// Reads a JavaScript value as `T`, or an `invalid` reply naming what was expected.
fn from_js<T: serde::de::DeserializeOwned, R>(
    value: JsValue,
    expected: &str,
) -> Result<T, crate::reply::Reply<R>> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        crate::reply::Reply::invalid("request", format!("The request must be {expected}: {e}."))
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

/// Milliseconds since the Unix epoch, comparable between workers: the
/// source [`crate::clock`] reads on wasm32.
fn shared_clock_ms() -> f64 {
    PERFORMANCE.with(|p| p.time_origin() + p.now())
}

/// Seconds east of UTC of the user's time zone at Unix time `t` (seconds):
/// the zone [`crate::clock`] reads on wasm32, so that `time.localtime()`
/// and `datetime.now()` show the user's wall clock. `Date` reads the zone in
/// workers too; a time out of `Date`'s range (NaN) counts as UTC.
fn local_utc_offset_s(t: f64) -> i64 {
    let minutes_west = js_sys::Date::new(&JsValue::from_f64(t * 1000.0)).get_timezone_offset();
    if minutes_west.is_finite() {
        (-minutes_west * 60.0) as i64
    } else {
        0
    }
}

/// Installs the clock and the time zone the core reads (see [`crate::clock`]).
pub(crate) fn install_clock() {
    crate::clock::set_source(shared_clock_ms);
    crate::clock::set_zone(local_utc_offset_s);
}
