//! The JavaScript face of the Python runner (`crate::interleave::runner`):
//! start a program, read what it prints while it runs, cancel it, and get
//! its report (how it ended, the per-thread timeline) when it is done.
//!
//! # Threads
//!
//! Every Python thread runs on its own Web Worker on the shared memory,
//! never on a rayon pool thread: a Python thread may block for as long as it
//! likes (a lock, a join, a queue, `while True`), and a blocked pool thread
//! would starve every other user of the pool.
//!
//! Creating a Worker from a thread that then blocks in `Atomics.wait` can
//! deadlock: a new worker may need its creator's event loop to start
//! (Emscripten pre-spawns a pthread pool for that reason). So the workers are
//! created by JavaScript, by the coordinator whose event loop is always free
//! during a Python run (`www/python-threads.js`), and each one, once its
//! module instance is up, calls [`py_worker_loop`], which takes jobs (the
//! boxed closures [`WorkerHost::spawn`] is given) from one queue for ever.
//! When a job is queued and no worker is idle, the queue says so
//! ([`py_workers`]: `wanted`), and the coordinator, which looks every few
//! milliseconds while a run is live, starts more, up to the runner's thread
//! limit.
//!
//! # Processes
//!
//! A `multiprocessing` process is one more interpreter instance of the
//! runner (its own modules, objects, GIL and heap limit) whose threads run
//! on these same workers, in the same shared wasm memory as the page's
//! other Python threads. Browsers give a page no way to start a second
//! wasm memory that threads can block on together, so "its own memory"
//! here means that no object is reachable from two processes: what crosses
//! is encoded bytes (`runner::process::pickle`) and the few objects made to
//! be shared (a `multiprocessing` lock, queue, `Value` or `Array`). A
//! child's heap is counted against its own limit; the tab's memory is one.
//!
//! # Output
//!
//! [`WorkerHost::write`] appends to the run's buffer; the page calls
//! [`py_poll`] on a timer (through the coordinator, never blocking) and gets
//! the text printed since its last call, in order, stdout and stderr apart,
//! and the report once the run has ended.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::to_js;
use crate::interleave::runner::compare_harness;
use crate::interleave::runner::gil::SwitchPoints;
use crate::interleave::runner::host::{Host, Stream};
use crate::interleave::runner::process::StartMethod;
use crate::interleave::runner::{GilMode, Run, RunOptions, RunReport};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** How the GIL behaves (`SwitchPoints` in src/interleave/runner/gil.rs; "free-threaded": no GIL). */
export type PyGilSetting = "back-edges" | "any" | "free-threaded";
/** What `pyStart` takes (src/wasm/runner.rs `PyRunRequest`). */
export interface PyRunRequest {
    source: string;
    /** `sys.getswitchinterval()` at start, in seconds (CPython: 0.005). */
    switch_interval?: number;
    gil?: PyGilSetting;
    /** What `os.cpu_count()` says. */
    cpu_count?: number;
    filename?: string;
    /** How `multiprocessing` starts processes unless the program says (default "fork"). */
    start_method?: PyStartMethod;
}
/** `StartMethod` in src/interleave/runner/process/mod.rs. */
export type PyStartMethod = "fork" | "spawn" | "forkserver";
/** `pyStart`'s answer: a run id, or why the program cannot run (line:col). */
export type PyStarted =
    | { status: "started"; id: number }
    | { status: "error"; line: number; col: number; message: string };
export type PyStream = "stdout" | "stderr";
export interface PyOutput { stream: PyStream; text: string }
/** A wait-for edge of a deadlock (`WaitEdge` in runner/threads.rs). */
export interface PyWaitEdge { thread: string; what: string; on: string | null }
/** How a run ended (`Exit` in runner/run.rs). */
export type PyExit =
    | { kind: "finished" }
    | { kind: "exception"; name: string; message: string; line: number }
    | { kind: "system-exit"; code: number }
    | { kind: "cancelled" }
    | { kind: "deadlock"; edges: PyWaitEdge[] };
export type PySpanKind = "running" | "gil-wait" | "blocked" | "sleeping" | "startup" | "transfer" | "native";
/** One span of a thread's lane (`RunSpan` in runner/timeline.rs), ms since the run started. */
export interface PySpan { kind: PySpanKind; start_ms: number; end_ms: number; what?: string }
/** A thread's lane; `process` and `pid` are set for threads of child processes (then `name` starts with the process). */
export interface PyLane { thread: number; name: string; spans: PySpan[]; truncated: boolean; process?: string; pid?: number }
/** `RunReport` in runner/run.rs. */
export interface PyReport { exit: PyExit; lanes: PyLane[]; handovers: number; wall_ms: number; threads: number }
/** `pyPoll`'s answer: output since the last poll; the report once the run has ended. */
export interface PyPoll { output: PyOutput[]; report: PyReport | null; dropped: number; known: boolean }
/** A top-level function the Compare harness can call with one argument (`TaskFunction` in runner/compare_harness.rs). */
export interface PyTaskFunction { name: string; line: number; params: string[]; sleeps: boolean }
/** `pyCompareFunctions`'s answer. */
export type PyCompareFunctions =
    | { status: "ok"; functions: PyTaskFunction[] }
    | { status: "error"; line: number; col: number; message: string };
/** What `pyCompareProgram` takes (`HarnessRequest` in runner/compare_harness.rs). */
export interface PyCompareRequest { source: string; function: string; inputs: string; setting: "sequential" | "threads" | "processes"; workers: number }
/** `pyCompareProgram`'s answer: the program to run and the top-level lines (inclusive ranges) it leaves out, or why not. */
export type PyCompareProgram =
    | { status: "ok"; source: string; skipped: [number, number][] }
    | { status: "error"; field: "source" | "function" | "inputs" | "workers" | "request"; line: number; col: number; message: string };
/** The Python-thread workers (`pyWorkers`). */
export interface PyWorkers { started: number; idle: number; busy: number; queued: number; wanted: number; max: number }
"#;

// ---------- the workers' job queue ----------

struct Job {
    name: String,
    run: Box<dyn FnOnce() + Send>,
}

struct Queue {
    jobs: VecDeque<Job>,
    /// Workers waiting in [`py_worker_loop`] for a job.
    idle: u32,
}

static QUEUE: Mutex<Queue> = Mutex::new(Queue {
    jobs: VecDeque::new(),
    idle: 0,
});
static JOB_READY: Condvar = Condvar::new();
/// Workers that ever entered [`py_worker_loop`] (they never leave it).
static STARTED: AtomicU32 = AtomicU32::new(0);
/// Workers running a job now.
static BUSY: AtomicU32 = AtomicU32::new(0);

/// Most Python-thread workers an instance starts: one run's thread limit
/// plus its main thread, and a few whose previous run's daemon threads are
/// still finishing.
pub const MAX_WORKERS: u32 = crate::interleave::runner::MAX_THREADS + 4;

/// Stack of each Python-thread worker, in bytes (passed by JavaScript as
/// wasm-bindgen's `thread_stack_size`): the interpreter recurses once per
/// Python call, and `sys.getrecursionlimit()` calls must fit.
pub const PY_STACK_BYTES: u32 = 4 << 20;

fn queue() -> MutexGuard<'static, Queue> {
    QUEUE.lock().unwrap_or_else(|e| e.into_inner())
}

/// The body of every Python-thread worker: takes jobs for ever. Called once
/// by `www/python-thread-worker.js` after the module is initialised on the
/// shared memory; it never returns (the worker blocks in `Atomics.wait`
/// while idle, which workers may do).
#[wasm_bindgen(js_name = pyWorkerLoop)]
pub fn py_worker_loop() {
    super::install_clock();
    let index = STARTED.fetch_add(1, Ordering::SeqCst) as usize;
    stack_watch::paint(index);
    loop {
        let job = {
            let mut q = queue();
            q.idle += 1;
            let job = loop {
                if let Some(job) = q.jobs.pop_front() {
                    break job;
                }
                q = JOB_READY.wait(q).unwrap_or_else(|e| e.into_inner());
            };
            q.idle -= 1;
            // Counted busy before the lock is let go, so that idle + busy
            // never reads as fewer workers than exist.
            BUSY.fetch_add(1, Ordering::SeqCst);
            job
        };
        super::panic::set_thread_name(Some(format!("Python thread {:?}", job.name)));
        (job.run)();
        super::panic::set_thread_name(None);
        // An idle worker keeps no cached blocks (they'd be unusable by the
        // busy ones until this worker's next job).
        crate::alloc_cache::flush_thread_cache(&std::alloc::System);
        BUSY.fetch_sub(1, Ordering::SeqCst);
    }
}

/// How deep the Python-thread workers' stacks have been used: each worker
/// fills the unused part of its stack with a pattern when it starts, and
/// [`py_stack_use`] finds the lowest byte a thread has overwritten. A wasm
/// stack has no guard page (an overflow would silently write over the heap),
/// so this is how to know that `PY_STACK_BYTES` is enough.
mod stack_watch {
    use std::sync::atomic::{AtomicUsize, Ordering};

    const PATTERN: u8 = 0xA5;
    /// Not painted: the top (frames above the loop) and a margin at the
    /// bottom (in case the stack starts a little below the loop's frame).
    const TOP_MARGIN: usize = 16 << 10;
    const BOTTOM_MARGIN: usize = 128 << 10;
    const SLOTS: usize = super::MAX_WORKERS as usize;
    /// Per worker: [painted from, painted to) as byte addresses.
    static FROM: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
    static TO: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];

    #[inline(never)]
    pub fn paint(index: usize) {
        if index >= SLOTS {
            return;
        }
        let marker = 0u8;
        let top = std::ptr::addr_of!(marker) as usize;
        let size = super::PY_STACK_BYTES as usize;
        if top < size {
            return;
        }
        let from = top - size + BOTTOM_MARGIN;
        let to = top - TOP_MARGIN;
        // SAFETY: [top - size, top) is this thread's own stack (wasm-bindgen
        // allocated PY_STACK_BYTES for it, and the stack pointer is near its
        // top here); the painted part lies well below every live frame.
        unsafe { std::ptr::write_bytes(from as *mut u8, PATTERN, to - from) };
        FROM[index].store(from, Ordering::SeqCst);
        TO[index].store(to, Ordering::SeqCst);
    }

    /// The most stack any worker has used so far, in bytes (from the top).
    pub fn deepest() -> usize {
        let mut most = 0;
        for i in 0..SLOTS {
            let (from, to) = (FROM[i].load(Ordering::SeqCst), TO[i].load(Ordering::SeqCst));
            if from == 0 {
                continue;
            }
            let mut a = from;
            // SAFETY: reading bytes of a worker's stack region in the shared
            // memory (racy by design: a diagnostic).
            while a < to && unsafe { std::ptr::read_volatile(a as *const u8) } == PATTERN {
                a += 1;
            }
            most = most.max(to + TOP_MARGIN - a);
        }
        most
    }
}

/// The deepest any Python-thread worker's stack has been used, in bytes, of
/// [`PY_STACK_BYTES`] (a diagnostic: `pyStackUse()` in the console).
#[wasm_bindgen(js_name = pyStackUse)]
pub fn py_stack_use() -> usize {
    stack_watch::deepest()
}

/// Queues `run` for the next idle worker.
fn submit(name: &str, run: Box<dyn FnOnce() + Send>) -> Result<(), String> {
    let mut q = queue();
    let busy = BUSY.load(Ordering::SeqCst);
    if busy + q.jobs.len() as u32 >= MAX_WORKERS {
        return Err(format!(
            "can't start new thread ({MAX_WORKERS} Python threads are running on this page)"
        ));
    }
    q.jobs.push_back(Job {
        name: name.to_string(),
        run,
    });
    drop(q);
    JOB_READY.notify_one();
    Ok(())
}

#[derive(Serialize)]
struct PyWorkers {
    started: u32,
    idle: u32,
    busy: u32,
    queued: u32,
    /// Jobs no idle worker will take: workers the coordinator should start.
    wanted: u32,
    max: u32,
}

/// How the Python-thread workers stand: the coordinator starts `wanted`
/// more (and a spare or two); tests count `busy` after a cancel.
#[wasm_bindgen(js_name = pyWorkers, unchecked_return_type = "PyWorkers")]
pub fn py_workers() -> JsValue {
    let q = queue();
    let queued = q.jobs.len() as u32;
    to_js(&PyWorkers {
        started: STARTED.load(Ordering::SeqCst),
        idle: q.idle,
        busy: BUSY.load(Ordering::SeqCst),
        queued,
        wanted: queued.saturating_sub(q.idle),
        max: MAX_WORKERS,
    })
}

/// The stack each Python-thread worker should be started with (bytes).
#[wasm_bindgen(js_name = pyStackBytes)]
pub fn py_stack_bytes() -> u32 {
    PY_STACK_BYTES
}

// ---------- one run ----------

/// Most output a run keeps waiting for the page to read it: past this the
/// oldest waiting text is dropped (the runner itself cuts a run's whole
/// output at 1 MiB, so this only bites a page that stopped polling).
const MAX_PENDING_BYTES: usize = 2 << 20;

#[derive(Default)]
struct Pending {
    chunks: VecDeque<(Stream, String)>,
    bytes: usize,
    dropped: usize,
}

/// The browser's host: Web Workers from the queue above, output to a buffer.
#[derive(Default)]
pub struct WorkerHost {
    pending: Mutex<Pending>,
}

impl WorkerHost {
    fn take(&self) -> (Vec<PyOutput>, usize) {
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<PyOutput> = Vec::new();
        for (stream, text) in p.chunks.drain(..) {
            match out.last_mut() {
                Some(last) if last.stream == stream => last.text.push_str(&text),
                _ => out.push(PyOutput { stream, text }),
            }
        }
        p.bytes = 0;
        (out, std::mem::take(&mut p.dropped))
    }
}

impl Host for WorkerHost {
    fn spawn(&self, name: &str, f: Box<dyn FnOnce() + Send>) -> Result<(), String> {
        submit(name, f)
    }

    fn write(&self, stream: Stream, text: &str) {
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        p.bytes += text.len();
        p.chunks.push_back((stream, text.to_string()));
        while p.bytes > MAX_PENDING_BYTES && p.chunks.len() > 1 {
            if let Some((_, old)) = p.chunks.pop_front() {
                p.bytes -= old.len();
                p.dropped += old.len();
            }
        }
    }
}

struct Slot {
    run: Arc<Run>,
    host: Arc<WorkerHost>,
    /// When a poll first found the report (clock ms).
    ended_at: Option<f64>,
}

/// How long after the main thread's report the other threads' lanes are
/// waited for: threads stopped at exit (daemons, a deadlock's) hand in their
/// lanes within a wait slice (20 ms) of the stop.
const LANES_GRACE_MS: f64 = 250.0;

static RUNS: Mutex<Option<HashMap<u32, Slot>>> = Mutex::new(None);
static NEXT_ID: AtomicU32 = AtomicU32::new(1);

fn with_runs<T>(f: impl FnOnce(&mut HashMap<u32, Slot>) -> T) -> T {
    let mut g = RUNS.lock().unwrap_or_else(|e| e.into_inner());
    f(g.get_or_insert_with(HashMap::new))
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum GilSetting {
    BackEdges,
    Any,
    FreeThreaded,
}

#[derive(Deserialize)]
struct PyRunRequest {
    source: String,
    switch_interval: Option<f64>,
    gil: Option<GilSetting>,
    cpu_count: Option<u32>,
    filename: Option<String>,
    start_method: Option<StartMethod>,
}

#[derive(Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
enum PyStarted {
    Started {
        id: u32,
    },
    Error {
        line: u32,
        col: u32,
        message: String,
    },
}

#[derive(Serialize)]
struct PyOutput {
    stream: Stream,
    text: String,
}

#[derive(Serialize)]
struct PyPoll {
    output: Vec<PyOutput>,
    report: Option<RunReport>,
    /// Bytes of output dropped because the page did not read them in time.
    dropped: usize,
    /// False for an id this instance does not know (already collected).
    known: bool,
}

fn options(request: &PyRunRequest) -> Result<RunOptions, String> {
    let interval = request
        .switch_interval
        .unwrap_or(crate::interleave::runner::DEFAULT_SWITCH_INTERVAL);
    if !(interval > 0.0 && interval <= 10.0) {
        return Err(format!(
            "switch interval: must be more than 0 and at most 10 seconds (got {interval})"
        ));
    }
    let switch_points = match request.gil {
        Some(GilSetting::Any) => Some(SwitchPoints::Any),
        Some(GilSetting::FreeThreaded) => None,
        _ => Some(SwitchPoints::BackEdges),
    };
    let mut options = RunOptions {
        gil: match switch_points {
            Some(switch_points) => GilMode::Gil {
                switch_interval: interval,
                switch_points,
            },
            None => GilMode::FreeThreaded,
        },
        ..RunOptions::default()
    };
    if let Some(n) = request.cpu_count {
        options.cpu_count = n.clamp(1, 1024);
    }
    if let Some(m) = request.start_method {
        options.start_method = m;
    }
    if let Some(f) = &request.filename {
        options.filename = f.clone();
    }
    Ok(options)
}

/// Starts a program: its main thread goes to a Python-thread worker and
/// this returns at once with the run's id, or with why it cannot run (a
/// syntax error or a refused import, with line and column).
#[wasm_bindgen(js_name = pyStart, unchecked_return_type = "PyStarted")]
pub fn py_start(
    #[wasm_bindgen(unchecked_param_type = "PyRunRequest")] request: JsValue,
) -> JsValue {
    let started = match serde_wasm_bindgen::from_value::<PyRunRequest>(request) {
        Err(e) => PyStarted::Error {
            line: 0,
            col: 0,
            message: format!(
                "The request must be an object {{ source, switch_interval, gil }}: {e}."
            ),
        },
        Ok(request) => match options(&request) {
            Err(message) => PyStarted::Error {
                line: 0,
                col: 0,
                message,
            },
            Ok(options) => {
                let host = Arc::new(WorkerHost::default());
                match Run::start(&request.source, options, host.clone()) {
                    Ok(run) => {
                        let id = NEXT_ID.fetch_add(1, Ordering::SeqCst);
                        with_runs(|runs| {
                            runs.insert(
                                id,
                                Slot {
                                    run,
                                    host,
                                    ended_at: None,
                                },
                            )
                        });
                        PyStarted::Started { id }
                    }
                    Err(e) => PyStarted::Error {
                        line: e.line,
                        col: e.col,
                        message: e.describe(),
                    },
                }
            }
        },
    };
    to_js(&started)
}

/// Output since the last poll, and the report once the run has ended (the
/// run is then forgotten: a later poll answers `known: false`).
#[wasm_bindgen(js_name = pyPoll, unchecked_return_type = "PyPoll")]
pub fn py_poll(id: u32) -> JsValue {
    let Some((run, host)) = with_runs(|runs| {
        runs.get(&id)
            .map(|slot| (slot.run.clone(), slot.host.clone()))
    }) else {
        return to_js(&PyPoll {
            output: Vec::new(),
            report: None,
            dropped: 0,
            known: false,
        });
    };
    // The report first: output written before the run ended is then all in
    // the buffer that is read next.
    let report = run.report().and_then(|mut report| {
        // The main thread makes the report as soon as it ends; threads it
        // stopped then (daemons, the other side of a deadlock) add their
        // lanes a little later. Wait for them, a little.
        let now = crate::clock::now_ms();
        let ended_at = with_runs(|runs| {
            runs.get_mut(&id)
                .map(|slot| *slot.ended_at.get_or_insert(now))
                .unwrap_or(now)
        });
        let lanes = {
            let mut l = run
                .interp
                .lanes
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            l.sort_by_key(|x| x.thread);
            l
        };
        let all_in = lanes.len() >= run.interp.registry.all().len();
        if !all_in && now - ended_at < LANES_GRACE_MS {
            return None;
        }
        if lanes.len() > report.lanes.len() {
            report.lanes = lanes;
        }
        Some(report)
    });
    let (output, dropped) = host.take();
    if report.is_some() {
        with_runs(|runs| runs.remove(&id));
    }
    to_js(&PyPoll {
        output,
        report,
        dropped,
        known: true,
    })
}

/// Stops a run: every thread of it ends at its next check or wait (within
/// ~20 ms); `pyPoll` then reports `cancelled`.
#[wasm_bindgen(js_name = pyCancel)]
pub fn py_cancel(id: u32) {
    if let Some(run) = with_runs(|runs| runs.get(&id).map(|s| s.run.clone())) {
        run.cancel();
    }
}

/// Cancels every live run (the page is going away, or restarting).
#[wasm_bindgen(js_name = pyCancelAll)]
pub fn py_cancel_all() {
    let runs: Vec<Arc<Run>> = with_runs(|runs| runs.values().map(|s| s.run.clone()).collect());
    for run in runs {
        run.cancel();
    }
}

/// The compiled module, which each Python-thread worker instantiates on the
/// shared memory ([`super::shared_memory`]).
#[wasm_bindgen(js_name = pyModule)]
pub fn py_module() -> JsValue {
    wasm_bindgen::module()
}

// ---------- the Compare button's harness ----------

#[derive(Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
enum PyCompareFunctions {
    Ok {
        functions: Vec<compare_harness::TaskFunction>,
    },
    Error {
        line: u32,
        col: u32,
        message: String,
    },
}

/// The program's top-level functions that the Compare harness can call
/// with one argument, or its syntax error.
#[wasm_bindgen(js_name = pyCompareFunctions, unchecked_return_type = "PyCompareFunctions")]
pub fn py_compare_functions(source: &str) -> JsValue {
    to_js(&match compare_harness::task_functions(source) {
        Ok(functions) => PyCompareFunctions::Ok { functions },
        Err(e) => PyCompareFunctions::Error {
            line: e.line,
            col: e.col,
            message: e.message,
        },
    })
}

#[derive(Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
enum PyCompareProgram {
    Ok(compare_harness::Harness),
    Error(compare_harness::HarnessError),
}

/// The program a cell of the Compare table runs: the reader's definitions
/// and our harness around the chosen function (runner/compare_harness.rs).
#[wasm_bindgen(js_name = pyCompareProgram, unchecked_return_type = "PyCompareProgram")]
pub fn py_compare_program(
    #[wasm_bindgen(unchecked_param_type = "PyCompareRequest")] request: JsValue,
) -> JsValue {
    let reply = match serde_wasm_bindgen::from_value::<compare_harness::HarnessRequest>(request) {
        Err(e) => PyCompareProgram::Error(compare_harness::HarnessError {
            field: "request",
            line: 0,
            col: 0,
            message: format!(
                "the request must be {{ source, function, inputs, setting, workers }}: {e}"
            ),
        }),
        Ok(req) => match compare_harness::harness(&req) {
            Ok(h) => PyCompareProgram::Ok(h),
            Err(e) => PyCompareProgram::Error(e),
        },
    };
    to_js(&reply)
}
