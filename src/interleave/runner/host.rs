//! What the runner needs from the platform: real threads, a clock, and a
//! place for output. Natively these are `std::thread` and stdout buffers;
//! in the browser (`crate::wasm`) a Web Worker per Python thread on the
//! shared memory, and a ring the page reads while the program runs.

use std::sync::{Arc, Mutex};

/// Which stream a piece of output went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stream {
    /// `sys.stdout`: `print`'s default.
    Stdout,
    /// `sys.stderr`: tracebacks and warnings.
    Stderr,
}

/// What the runner needs from where it runs: threads and an output sink.
/// Natively that is [`NativeHost`]; in the browser, Web Workers and messages
/// to the page (`src/wasm/runner.rs`).
pub trait Host: Send + Sync {
    /// Runs `f` on a new OS thread / Web Worker (never a pool thread: a
    /// Python thread may block for as long as it likes). An `Err` is the
    /// sentence `Thread.start()` raises as RuntimeError.
    fn spawn(&self, name: &str, f: Box<dyn FnOnce() + Send>) -> Result<(), String>;
    /// Output as the program prints it (already cut to the run's limit).
    fn write(&self, stream: Stream, text: &str);
}

/// The native host: `std::thread` with a large stack (deep recursion runs
/// on it), output collected in memory and optionally echoed.
#[derive(Default)]
pub struct NativeHost {
    /// Everything printed, in order, with its stream.
    pub output: Mutex<Vec<(Stream, String)>>,
    /// Also copy output to this process's stdout and stderr (the `pyrun` example).
    pub echo: bool,
}

impl NativeHost {
    /// A host that collects output without echoing it.
    pub fn new() -> Arc<NativeHost> {
        Arc::new(NativeHost::default())
    }

    /// Everything written to one stream, concatenated.
    pub fn text(&self, stream: Stream) -> String {
        self.output
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|(s, _)| *s == stream)
            .map(|(_, t)| t.as_str())
            .collect()
    }
}

/// Stack of every Python thread natively: the interpreter recurses once per
/// Python call, and `sys.getrecursionlimit()` calls must fit.
pub const THREAD_STACK_BYTES: usize = 64 << 20;

impl Host for NativeHost {
    fn spawn(&self, name: &str, f: Box<dyn FnOnce() + Send>) -> Result<(), String> {
        std::thread::Builder::new()
            .name(name.to_string())
            .stack_size(THREAD_STACK_BYTES)
            .spawn(f)
            .map(|_| ())
            .map_err(|e| format!("can't start new thread ({e})"))
    }

    fn write(&self, stream: Stream, text: &str) {
        if self.echo {
            use std::io::Write;
            match stream {
                Stream::Stdout => {
                    let _ = std::io::stdout().write_all(text.as_bytes());
                }
                Stream::Stderr => {
                    let _ = std::io::stderr().write_all(text.as_bytes());
                }
            }
        }
        self.output
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((stream, text.to_string()));
    }
}
