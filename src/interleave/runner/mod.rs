//! Run the tutorials' own Python on real threads.
//!
//! # The lesson
//!
//! A tutorial says "threads don't speed up CPU-bound Python because of the
//! GIL" and prints two timings. Here the reader's own program runs: each
//! `threading.Thread` is a real OS thread (a Web Worker on the shared wasm
//! memory in the browser), and one global interpreter lock that behaves like
//! CPython 3.12's ([`gil`]) decides who runs bytecode. CPU-bound threads take
//! turns, about once per switch interval; a thread that sleeps, waits for a
//! lock, a queue or a join lets go of the GIL and really blocks, so I/O-bound
//! threads overlap. Every turn is recorded ([`timeline`]) so the page can
//! draw who ran when.
//!
//! # Shape
//!
//! One front end with the scheduler game: the same lexer and parser
//! ([`crate::interleave::ast`]). The runner compiles the tree to its own
//! bytecode ([`bytecode`], [`compile`]) and runs it on a heap of shared,
//! individually locked objects ([`value`]). `threading`, `queue` and
//! `concurrent.futures` are written in Python on a few primitives in Rust
//! (a lock, thread start, sleep), as CPython writes them; their Python
//! source is in `runner/lib/`.

mod args;
mod attr;
pub(crate) mod builtins;
pub(crate) mod bytecode;
pub(crate) mod bytes;
mod call;
mod compare;
pub mod compare_harness;
pub(crate) mod compile;
mod delegate;
mod drive;
mod eval;
pub(crate) mod exc;
mod fast;
mod finalize;
pub mod format;
pub(crate) mod frame;
mod fuse;
mod fuse_dict;
mod gc;
mod gen_state;
pub mod gil;
pub(crate) mod globals;
pub mod host;
mod iter;
mod keys;
mod meta;
mod method;
pub(crate) mod modules;
pub(crate) mod obj;
pub(crate) mod ops;
pub mod process;
mod release;
mod run;
mod seq;
pub(crate) mod sets;
mod text;
pub(crate) mod threads;
pub mod timeline;
pub(crate) mod types;
pub(crate) mod value;
pub(crate) mod vm;

pub use run::{Exit, Run, RunReport};

use value::Value;

/// Why a run is being stopped from outside the program: no `except` can
/// catch these, and `finally` blocks do not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[repr(u8)]
pub enum Kill {
    /// The user pressed Cancel.
    Cancelled = 1,
    /// Every thread waits for ever: the run stops and reports who waits for what.
    Deadlock = 2,
    /// The program ended while daemon threads still ran.
    Exiting = 3,
}

impl Kill {
    fn from_u8(v: u8) -> Option<Kill> {
        match v {
            1 => Some(Kill::Cancelled),
            2 => Some(Kill::Deadlock),
            3 => Some(Kill::Exiting),
            _ => None,
        }
    }
}

/// A place in a traceback: file, line, function.
#[derive(Debug, Clone)]
pub struct TraceEntry {
    /// The file's name (the script's, or `<string>`).
    pub file: std::sync::Arc<str>,
    /// The line being run.
    pub line: u32,
    /// The function's name (`<module>` at top level).
    pub func: std::sync::Arc<str>,
}

/// A raised Python exception on its way up the stack (or a [`Kill`]).
///
/// Boxed: every operation returns a `PyResult`, and with the exception
/// inline a `PyResult<Value>` was 64 bytes copied through each return of
/// the interpreter's hot paths; boxed it is a pointer, and only a raise
/// pays for the box.
#[derive(Debug, Clone)]
pub struct PyErr(Box<PyErrData>);

/// What a [`PyErr`] holds.
#[derive(Debug, Clone)]
pub struct PyErrData {
    /// The exception instance.
    pub exc: Value,
    /// Innermost call last, as the traceback prints it.
    pub traceback: Vec<TraceEntry>,
    /// Set when the run is being stopped from outside; `exc` is then `None`.
    pub kill: Option<Kill>,
}

impl std::ops::Deref for PyErr {
    type Target = PyErrData;
    fn deref(&self) -> &PyErrData {
        &self.0
    }
}

impl std::ops::DerefMut for PyErr {
    fn deref_mut(&mut self) -> &mut PyErrData {
        &mut self.0
    }
}

impl PyErr {
    /// A Python exception, its traceback still empty (frames add themselves
    /// as it passes through them).
    pub fn new(exc: Value) -> PyErr {
        PyErr::with_traceback(exc, Vec::new())
    }

    /// A Python exception with the traceback it already has.
    pub fn with_traceback(exc: Value, traceback: Vec<TraceEntry>) -> PyErr {
        PyErr(Box::new(PyErrData {
            exc,
            traceback,
            kill: None,
        }))
    }

    /// A stop from outside: it unwinds every frame and no `except` catches it.
    pub fn kill(why: Kill) -> PyErr {
        PyErr(Box::new(PyErrData {
            exc: Value::None,
            traceback: Vec::new(),
            kill: Some(why),
        }))
    }
}

/// What every operation that may raise returns.
pub type PyResult<T> = Result<T, PyErr>;

/// How threads share the interpreter.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(tag = "mode", rename_all = "kebab-case")]
pub enum GilMode {
    /// One GIL, CPython 3.12's hand-over rules.
    Gil {
        /// `sys.getswitchinterval()` at start, in seconds.
        switch_interval: f64,
        /// Where the holder may let go: only at CPython's eval-breaker checks,
        /// or between any two instructions (as older CPython effectively did).
        switch_points: gil::SwitchPoints,
    },
    /// No GIL (PEP 703): threads run bytecode at the same time.
    FreeThreaded,
}

/// What a run may use, and how it runs.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct RunOptions {
    /// GIL or free-threaded, and the switch settings.
    pub gil: GilMode,
    /// Lines of output kept; past it the output is cut with a line saying so.
    pub max_output_lines: usize,
    /// Bytes of output kept; past it the output is cut with a line saying so.
    pub max_output_bytes: usize,
    /// The heap the program may grow (lists, dicts, strings) before
    /// `MemoryError`.
    pub max_heap_bytes: usize,
    /// `sys.getrecursionlimit()` at start.
    pub recursion_limit: u32,
    /// Most threads a run may start (each is a Web Worker in the browser).
    pub max_threads: u32,
    /// The script's name in tracebacks.
    pub filename: String,
    /// What `os.cpu_count()` says (the browser's `hardwareConcurrency`).
    pub cpu_count: u32,
    /// How `multiprocessing` starts a process unless the program calls
    /// `set_start_method` (CPython's default on Linux before 3.14: fork).
    #[serde(default)]
    pub start_method: process::StartMethod,
}

/// The limits every run has unless the caller asks for less.
pub const MAX_OUTPUT_LINES: usize = 10_000;
/// Default [`RunOptions::max_output_bytes`].
pub const MAX_OUTPUT_BYTES: usize = 1 << 20;
/// Default [`RunOptions::max_heap_bytes`].
pub const MAX_HEAP_BYTES: usize = 256 << 20;
/// `sys.getrecursionlimit()` at start: CPython's 1000 natively. In the
/// browser V8 runs wasm on the worker's own native stack, which overflows
/// at about 550 nested Python calls (measured in Chromium 156), and an
/// overflow kills the worker; so the limit there is lower, and a deep
/// recursion ends in `RecursionError` as it should.
#[cfg(not(target_arch = "wasm32"))]
pub const DEFAULT_RECURSION_LIMIT: u32 = 1000;
/// `sys.getrecursionlimit()` at start in the browser (see above).
#[cfg(target_arch = "wasm32")]
pub const DEFAULT_RECURSION_LIMIT: u32 = 400;
/// Highest `sys.setrecursionlimit` takes: what the thread stacks hold.
#[cfg(not(target_arch = "wasm32"))]
pub const MAX_RECURSION_LIMIT: u32 = 4000;
/// Highest `sys.setrecursionlimit` takes in the browser.
#[cfg(target_arch = "wasm32")]
pub const MAX_RECURSION_LIMIT: u32 = 450;
/// Most threads a run may start, and the default [`RunOptions::max_threads`].
pub const MAX_THREADS: u32 = 64;
/// Longest str a program may build.
pub const MAX_STR_BYTES: usize = 64 << 20;
/// CPython's default switch interval (`sys.getswitchinterval()`).
pub const DEFAULT_SWITCH_INTERVAL: f64 = 0.005;

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            gil: GilMode::Gil {
                switch_interval: DEFAULT_SWITCH_INTERVAL,
                switch_points: gil::SwitchPoints::BackEdges,
            },
            max_output_lines: MAX_OUTPUT_LINES,
            max_output_bytes: MAX_OUTPUT_BYTES,
            max_heap_bytes: MAX_HEAP_BYTES,
            recursion_limit: DEFAULT_RECURSION_LIMIT,
            max_threads: MAX_THREADS,
            filename: "main.py".into(),
            cpu_count: std::thread::available_parallelism()
                .map(|n| n.get() as u32)
                .unwrap_or(1),
            start_method: process::StartMethod::Fork,
        }
    }
}
