//! The interpreter's state: what all threads of a run share ([`Interp`])
//! and what each Python thread has of its own ([`Vm`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::gil::{Gil, SwitchPoints};
use super::host::{Host, Stream};
use super::threads::{Registry, ThreadEntry, ThreadState};
use super::timeline::{Lane, SpanKind};
use super::types::Types;
use super::value::{lock, Value};
use super::{Kill, PyErr, PyResult, RunOptions};

/// Shared by every thread of one run.
pub struct Interp {
    pub host: Arc<dyn Host>,
    pub options: RunOptions,
    /// `None`: free-threaded (no GIL).
    pub gil: Option<Gil>,
    pub switch_points: SwitchPoints,
    pub types: Types,
    /// Looked up by name whenever a global slot is empty (`len(s)` in a
    /// loop): FxHash, as SipHash cost a fifth of such a call.
    pub builtins: rustc_hash::FxHashMap<&'static str, Value>,
    pub modules: Mutex<HashMap<String, Value>>,
    pub registry: Registry,
    /// Why the run is being stopped ([`Kill`] as u8), 0 while it runs.
    pub(crate) kill: AtomicU8,
    pub out_lines: AtomicUsize,
    pub out_bytes: AtomicUsize,
    pub(crate) out_cut: AtomicBool,
    /// An instance of a class with its own `__hash__` was hashed: from
    /// now on a key that is an int or a string may equal a key of that
    /// class (`1 in {Num(1)}`), so a lookup that misses asks `__eq__`.
    pub user_keys: AtomicBool,
    pub lanes: Mutex<Vec<Lane>>,
    pub t0_ms: f64,
    /// Source text of each file, for the lines a traceback shows.
    pub sources: Mutex<HashMap<String, Arc<str>>>,
    pub recursion_limit: AtomicU32,
    /// Live heap estimate in bytes (lists, dicts, strings that the program
    /// grows), checked against the run's memory limit.
    pub heap_bytes: Arc<AtomicUsize>,
    /// `sys.set_int_max_str_digits`'s limit (0: none), which every thread
    /// of the run reads through [`super::format::INT_DIGITS`].
    pub int_digits: Arc<AtomicUsize>,
    /// The cycle collector of this interpreter's objects.
    pub gc: Arc<super::gc::Collector>,
    pub random: Mutex<super::modules::random::Mt>,
    /// This interpreter's place among the run's processes.
    pub procs: super::process::ProcInfo,
}

impl Interp {
    /// Where this run lists the objects it makes immortal (see `obj.rs`).
    pub fn immortals(&self) -> &super::obj::Immortals {
        &self.procs.family.immortals
    }

    pub fn kill(&self, why: Kill) {
        let _ = self
            .kill
            .compare_exchange(0, why as u8, Ordering::AcqRel, Ordering::Acquire);
        // A process's children stop with it (Cancel stops every process).
        self.procs.kill_children(why);
    }

    pub fn killed(&self) -> Option<Kill> {
        Kill::from_u8(self.kill.load(Ordering::Acquire))
    }

    pub fn is_killed(&self) -> bool {
        self.kill.load(Ordering::Relaxed) != 0
    }

    /// Writes program output, cut at the run's limit with one line saying so.
    pub fn write(&self, stream: Stream, text: &str) {
        if self.out_cut.load(Ordering::Relaxed) {
            return;
        }
        let lines = text.matches('\n').count();
        let total_lines = self.out_lines.fetch_add(lines, Ordering::AcqRel) + lines;
        let total_bytes = self.out_bytes.fetch_add(text.len(), Ordering::AcqRel) + text.len();
        if total_lines > self.options.max_output_lines
            || total_bytes > self.options.max_output_bytes
        {
            if !self.out_cut.swap(true, Ordering::AcqRel) {
                self.host.write(
                    Stream::Stderr,
                    &format!(
                        "\n[threadlab: output cut here: a run keeps at most {} lines and {} bytes of output; the program goes on]\n",
                        self.options.max_output_lines, self.options.max_output_bytes
                    ),
                );
            }
            return;
        }
        self.host.write(stream, text);
    }

    pub fn now_ms(&self) -> f64 {
        crate::clock::now_ms() - self.t0_ms
    }
}

/// One Python thread's interpreter state.
pub struct Vm {
    pub interp: Arc<Interp>,
    pub thread: Arc<ThreadEntry>,
    pub depth: u32,
    /// What `super()` needs of each running method.
    pub ctx: Vec<super::call::CallCtx>,
    pub frames: super::frame::FramePool,
    /// The exceptions this thread's frames are handling (`except` bodies),
    /// outermost first: every running frame's `handling`, in call order.
    /// CPython's `exc_info` chain, as `sys.exc_info()` and an implicit
    /// `__context__` read it; a frame's own list cannot be reached from
    /// the builtin it calls (`traceback.print_exc()` in a helper called
    /// from an `except` body).
    pub handled: Vec<Value>,
    /// The frame whose bytecode made the call now running, while it runs
    /// (see [`Vm::call_from`]): what `globals()`, `locals()`, `dir()`,
    /// `eval` and `exec` look at.
    caller: CallerFrame,
    /// The dict the last `globals()` made and the module it shows, so that
    /// `exec(src, globals())` runs in the module itself.
    /// Held, so that names set in it survive the statement that set them
    /// (`globals()[name] = v` drops the dict at once).
    globals_view: Option<(super::obj::ObjRef, Arc<super::globals::Globals>)>,
    holds_gil: bool,
    lane: Lane,
    /// Start of the span being recorded (running, or waiting).
    span_start: f64,
    /// Milliseconds of the spans closed so far in which this thread held
    /// the GIL (see [`Vm::cpu_ms`]).
    ran_ms: f64,
}

impl Drop for Vm {
    fn drop(&mut self) {
        super::finalize::vm_ended();
    }
}

/// A pointer to a frame suspended in a call (null when none).
struct CallerFrame(*const super::frame::Frame);

// SAFETY: a `Vm` belongs to one thread; the pointer is only read by that
// thread while the frame it points to waits in the call that set it.
unsafe impl Send for CallerFrame {}

impl Vm {
    /// `func(args)` called from `f`'s bytecode, with `f` readable as the
    /// caller while it runs (CPython's builtins read the current frame;
    /// here only calls that may reach a builtin record it, two stores off
    /// the plain-call path). Set back afterwards, so it never outlives `f`.
    #[inline]
    pub fn call_from(
        &mut self,
        f: &super::frame::Frame,
        func: &Value,
        args: super::value::Args,
    ) -> PyResult<Value> {
        let saved = std::mem::replace(&mut self.caller, CallerFrame(f));
        let r = self.call(func, args);
        self.caller = saved;
        r
    }

    /// Remembers `d` as the dict `globals()` made of `g`.
    pub fn remember_globals_view(&mut self, d: &Value, g: Arc<super::globals::Globals>) {
        if let Value::Obj(o) = d {
            self.globals_view = Some((o.clone(), g));
        }
    }

    #[inline]
    pub fn has_globals_view(&self) -> bool {
        self.globals_view.is_some()
    }

    /// What the program stored under `name` in the last `globals()` dict
    /// of module `g`, if it is still alive. Module globals are slots, not
    /// that dict, so `globals()["x"] = 1` reaches them here, when `x` is
    /// next looked up and found unbound.
    pub fn lookup_globals_view(&self, g: &super::globals::Globals, name: &str) -> Option<Value> {
        let d = self.globals_view_of(g)?;
        match &*d {
            super::value::Object::Dict(d) => super::value::lock(d)
                .get(&super::value::Key(Value::str(name)))
                .cloned(),
            _ => None,
        }
    }

    /// `del name` of module `g`'s global: it leaves the `globals()` dict
    /// too (which would bring it back, and keeps its value alive); true
    /// if it was there.
    #[cold]
    pub fn forget_in_globals_view(&self, g: &super::globals::Globals, name: &str) -> bool {
        match self.globals_view_of(g).as_deref() {
            Some(super::value::Object::Dict(d)) => super::value::lock(d)
                .shift_remove(&super::value::Key(Value::str(name)))
                .is_some(),
            _ => false,
        }
    }

    /// The last `globals()` dict of module `g`.
    pub fn globals_view_of(&self, g: &super::globals::Globals) -> Option<super::obj::ObjRef> {
        let (d, module) = self.globals_view.as_ref()?;
        std::ptr::eq(&**module, g).then(|| d.clone())
    }

    /// The module whose `globals()` dict `d` is, if it is the last one made.
    pub fn globals_of_view(&self, d: &Value) -> Option<Arc<super::globals::Globals>> {
        let (view, g) = self.globals_view.as_ref()?;
        let Value::Obj(o) = d else {
            return None;
        };
        super::obj::ObjRef::ptr_eq(o, view).then(|| g.clone())
    }

    /// The frame whose call is running now, if a frame's bytecode made it.
    pub fn caller_frame(&self) -> Option<&super::frame::Frame> {
        // SAFETY: set only by `call_from` for the length of the call, in
        // which the frame is borrowed and not touched by its own loop.
        unsafe { self.caller.0.as_ref() }
    }

    pub fn new(interp: Arc<Interp>, thread: Arc<ThreadEntry>) -> Vm {
        let lane = Lane::new(thread.index, thread.name());
        super::finalize::vm_started();
        Vm {
            span_start: interp.now_ms(),
            interp,
            thread,
            depth: 0,
            ctx: Vec::new(),
            frames: Default::default(),
            handled: Vec::new(),
            caller: CallerFrame(std::ptr::null()),
            globals_view: None,
            holds_gil: false,
            lane,
            ran_ms: 0.0,
        }
    }

    /// Whether this thread runs Python code now (holds the GIL, or,
    /// free-threaded, is attached).
    pub fn holds_gil(&self) -> bool {
        self.holds_gil
    }

    pub fn ident(&self) -> u64 {
        self.thread.ident
    }

    /// Takes the GIL (no-op when free-threaded), recording the wait.
    pub fn acquire_gil(&mut self) {
        let interp = self.interp.clone();
        let start = interp.now_ms();
        if let Some(gil) = &interp.gil {
            gil.take(self.thread.ident);
            let now = interp.now_ms();
            self.lane.push(SpanKind::GilWait, start, now, None);
            self.span_start = now;
        } else {
            // Free-threaded: "holding the GIL" means running Python code,
            // which a collection must wait for (see `gc`).
            interp.gc.attach();
            self.span_start = interp.now_ms();
        }
        self.holds_gil = true;
    }

    /// Lets the GIL go, closing the running span.
    pub fn release_gil(&mut self, forced: bool) {
        if !self.holds_gil {
            return;
        }
        let interp = self.interp.clone();
        let now = interp.now_ms();
        self.lane
            .push(SpanKind::Running, self.span_start, now, None);
        self.ran_ms += now - self.span_start;
        self.span_start = now;
        self.holds_gil = false;
        if let Some(gil) = &interp.gil {
            gil.drop_gil(forced, &|| interp.is_killed());
        } else {
            interp.gc.detach();
        }
    }

    /// The eval breaker: give the GIL away when asked, stop when killed,
    /// collect cycles when due. Inlined into the dispatch's switch points,
    /// so the common case is three loads and one branch.
    #[inline(always)]
    pub fn check_breaker(&mut self) -> PyResult<()> {
        let i = &*self.interp;
        let asked = match &i.gil {
            Some(gil) => gil.drop_request.load(Ordering::Relaxed),
            None => false,
        };
        if i.is_killed() | asked | i.gc.wants_attention() | super::finalize::pending() {
            return self.breaker_slow();
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn breaker_slow(&mut self) -> PyResult<()> {
        if self.interp.is_killed() {
            return Err(self.killed_err());
        }
        if let Some(gil) = &self.interp.gil {
            if gil.drop_request.load(Ordering::Relaxed) {
                self.release_gil(true);
                self.acquire_gil();
            }
        }
        if self.interp.gc.wants_attention() {
            self.gc_attention();
        }
        if super::finalize::pending() {
            self.close_dropped_generators()?;
        }
        Ok(())
    }

    pub fn killed_err(&self) -> PyErr {
        PyErr::kill(self.interp.killed().unwrap_or(Kill::Cancelled))
    }

    /// Runs a blocking operation with the GIL released (as CPython's
    /// `Py_BEGIN_ALLOW_THREADS`), recording it on this thread's lane as
    /// `kind` with `what` as its label and `on` the thread waited for.
    pub fn blocking<T>(
        &mut self,
        kind: SpanKind,
        what: &str,
        on: Option<u64>,
        timed: bool,
        f: impl FnOnce(&Interp) -> T,
    ) -> T {
        self.release_gil(false);
        let interp = self.interp.clone();
        interp.registry.set_state(
            &self.thread,
            ThreadState::Blocked {
                what: what.to_string(),
                on,
                timed,
            },
        );
        let start = interp.now_ms();
        let out = f(&interp);
        let end = interp.now_ms();
        interp
            .registry
            .set_state(&self.thread, ThreadState::Running);
        self.lane.push(kind, start, end, Some(what));
        self.span_start = end;
        self.acquire_gil();
        out
    }

    /// Runs native work that needs no Python object with the GIL released
    /// (CPython's `Py_BEGIN_ALLOW_THREADS` around a C computation, as
    /// `hashlib` does for large buffers), recorded on this thread's lane
    /// as [`SpanKind::Native`] labelled `what`. The thread stays running
    /// (it waits for nothing), so the deadlock check does not count it.
    pub fn without_gil<T>(&mut self, what: &str, f: impl FnOnce() -> T) -> T {
        self.release_gil(false);
        let interp = self.interp.clone();
        let start = interp.now_ms();
        let out = f();
        let end = interp.now_ms();
        self.lane.push(SpanKind::Native, start, end, Some(what));
        self.span_start = end;
        self.acquire_gil();
        out
    }

    /// Records a span of work done while holding the GIL that is not the
    /// program's own bytecode (a fork's copy, a pickle), splitting the
    /// running span around it.
    pub fn record_span(&mut self, kind: SpanKind, start: f64, end: f64, what: &str) {
        if self.holds_gil {
            self.lane
                .push(SpanKind::Running, self.span_start, start, None);
            // The span's work (a fork's copy, a pickle) used the CPU too.
            self.ran_ms += end - self.span_start;
        }
        self.lane.push(kind, start, end, Some(what));
        self.span_start = end;
    }

    /// The CPU time this thread has used, in milliseconds, as
    /// `time.thread_time()` reports it: the time it has held the GIL
    /// (free-threaded: run Python code). Every wait here (a sleep, a lock,
    /// a join, the GIL itself) blocks without using the CPU, so this is the
    /// thread's CPU time, give or take the runner's own bookkeeping. The
    /// real per-thread CPU clock is not in Rust's std (natively it takes
    /// the C library's `clock_gettime`), and a browser has none at all, so
    /// both targets count it this one way.
    pub fn cpu_ms(&self) -> f64 {
        let open = if self.holds_gil {
            self.interp.now_ms() - self.span_start
        } else {
            0.0
        };
        self.ran_ms + open
    }

    /// Closes the lane at the thread's end and hands it to the run.
    pub fn finish_lane(&mut self) {
        let now = self.interp.now_ms();
        if self.holds_gil {
            self.lane
                .push(SpanKind::Running, self.span_start, now, None);
        }
        let lane = std::mem::replace(&mut self.lane, Lane::new(0, String::new()));
        lock(&self.interp.lanes).push(lane);
    }

    /// Stops the run after this thread's wait found it deadlocked (the
    /// wait recorded who waits for what in the registry).
    pub fn report_deadlock(&self) {
        self.interp.kill(Kill::Deadlock);
    }
}
