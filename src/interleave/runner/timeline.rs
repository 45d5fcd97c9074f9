//! Who ran when: one lane per Python thread, each a list of spans (running
//! with the GIL, waiting for it, blocked on a lock or a join, sleeping). The
//! page draws them, and the GIL-holder lane is the running spans of all
//! lanes put together (under the GIL they never overlap).

use serde::Serialize;

/// Most spans one thread records; past it the lane says it was cut.
pub const MAX_SPANS_PER_THREAD: usize = 20_000;

/// What a thread was doing during one span of its timeline lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpanKind {
    /// Running Python code (holding the GIL, when there is one).
    Running,
    /// Ready to run, waiting for the GIL.
    GilWait,
    /// Blocked: a lock, a join, a queue, a future.
    Blocked,
    /// `time.sleep`: a stand-in for waiting on I/O.
    Sleeping,
    /// Starting a process: the fork copy, or the spawn re-import.
    Startup,
    /// Pickling or unpickling what goes between processes.
    Transfer,
    /// Native work with the GIL released (`hashlib` on a large buffer), as
    /// CPython's C code does between `Py_BEGIN_ALLOW_THREADS` and
    /// `Py_END_ALLOW_THREADS`: the thread runs, but other threads may run
    /// Python code meanwhile.
    Native,
}

/// One span of a lane: what the thread did from `start_ms` to `end_ms`.
#[derive(Debug, Clone, Serialize)]
pub struct RunSpan {
    /// What the thread was doing.
    pub kind: SpanKind,
    /// Milliseconds since the run started.
    pub start_ms: f64,
    /// Milliseconds since the run started.
    pub end_ms: f64,
    /// What it waited on or did (`lock 'a'`, `join Thread-2`), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
}

/// One thread's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Lane {
    /// The thread's id in the run.
    pub thread: u32,
    /// Its name (`MainThread`, `Thread-1 (worker)`).
    pub name: String,
    /// Its spans, in time order.
    pub spans: Vec<RunSpan>,
    /// Whether spans were dropped past [`MAX_SPANS_PER_THREAD`].
    pub truncated: bool,
    /// The process the thread belongs to (`Process-1 (pid 4243)`), for
    /// threads of child processes; the name then starts with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub process: Option<String>,
    /// The process's id, for threads of child processes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<i64>,
}

impl Lane {
    /// An empty lane for thread `thread` called `name`.
    pub fn new(thread: u32, name: String) -> Lane {
        Lane {
            thread,
            name,
            spans: Vec::new(),
            truncated: false,
            process: None,
            pid: None,
        }
    }

    /// Records a span. One that continues the last span (same kind, same
    /// target) extends it; empty spans are dropped, except blocked ones; past
    /// [`MAX_SPANS_PER_THREAD`] the lane is marked truncated.
    pub fn push(&mut self, kind: SpanKind, start_ms: f64, end_ms: f64, what: Option<&str>) {
        if end_ms <= start_ms && kind != SpanKind::Blocked {
            return;
        }
        // Back-to-back spans of the same kind merge: a CPU-bound thread
        // that takes the GIL straight back records one span, not thousands.
        if let Some(last) = self.spans.last_mut() {
            if last.kind == kind && last.what.as_deref() == what && start_ms - last.end_ms < 0.001 {
                last.end_ms = end_ms;
                return;
            }
        }
        if self.spans.len() >= MAX_SPANS_PER_THREAD {
            self.truncated = true;
            return;
        }
        self.spans.push(RunSpan {
            kind,
            start_ms,
            end_ms,
            what: what.map(str::to_string),
        });
    }
}
