//! Python processes: `multiprocessing` on fresh interpreters.
//!
//! # The lesson
//!
//! A CPython process is a whole interpreter of its own: its own modules,
//! its own objects, its own GIL. Two processes run bytecode at the same
//! time on two cores because they share nothing — and because they share
//! nothing, everything that goes from one to the other is *copied*:
//! arguments and results are pickled ([`pickle`]) into bytes and rebuilt
//! on the other side.
//!
//! Here a process is a new [`Interp`]: its own modules and globals, its
//! own heap estimate checked against its own `max_heap_bytes`, its own GIL
//! and threads, started with the same [`Host::spawn`](super::host::Host)
//! as a thread (a Web Worker in the browser). In the browser every process
//! lives in the one shared wasm memory — what makes it "its own memory" is
//! that no object is ever reachable from two processes: only the encoded
//! bytes of a queue, and the few objects built to be shared (a
//! `multiprocessing` lock, `Value` or `Array`), cross over.
//!
//! # Start methods
//!
//! - `fork` (CPython's default on Linux before 3.14): the child starts
//!   from a copy of the parent's state at `start()` ([`fork`]): every
//!   module, every object reachable from them, deep-copied with a memo
//!   (compiled code is immutable and shared). Only the starting thread
//!   exists in the child. The target is copied, not pickled, so a lambda
//!   works as a `Process` target.
//! - `spawn`: the child runs the main module again as `__mp_main__` (the
//!   `if __name__ == "__main__":` block is skipped), then receives the
//!   pickled `Process` object and finds its target by name. A program
//!   without the guard starts a process while the child is still
//!   importing — CPython's "bootstrapping phase" `RuntimeError`.
//! - `forkserver` (CPython on Linux, the default from 3.14): CPython forks
//!   each child from a server process that never ran the program, and the
//!   child then imports the main module as `__mp_main__` as with `spawn`
//!   — so a clean start, the guard needed, the target found by name. Here
//!   it starts exactly as `spawn` does (there is no cheaper copy of a clean
//!   interpreter to take); the name is what the program asked for.

pub mod fork;
pub mod pickle;
mod unpickle;

use crate::interleave::runner::value::ObjRef;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex, Weak};

use super::bytecode::Code;
use super::host::Stream;
use super::threads::{ThreadState, WaitEdge};
use super::timeline::{Lane, SpanKind};
use super::value::{lock, Args, Object, Value};
use super::vm::{Interp, Vm};
use super::{Kill, PyResult};

/// How a child process starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StartMethod {
    /// Copy the parent's modules and objects into the child (CPython's default
    /// on Linux before 3.14).
    #[default]
    Fork,
    /// Start a fresh interpreter that runs the main module again and receives
    /// the `Process` object pickled.
    Spawn,
    /// Children forked from a clean server: they start as with `Spawn`.
    Forkserver,
}

impl StartMethod {
    /// The name `multiprocessing.get_start_method()` returns.
    pub fn name(self) -> &'static str {
        match self {
            StartMethod::Fork => "fork",
            StartMethod::Spawn => "spawn",
            StartMethod::Forkserver => "forkserver",
        }
    }
}

/// The pid of a run's main process (CPython's are the OS's; these count
/// up from here).
pub const MAIN_PID: i64 = 4242;
/// Most processes one run may start (each is at least one Web Worker).
pub const MAX_PROCESSES: u32 = 64;
/// Lane numbers of process `n` start at `n * LANE_STRIDE`.
const LANE_STRIDE: u32 = 1000;

/// The processes of one run: the main process and every descendant.
pub struct Family {
    next_pid: AtomicI64,
    started: AtomicU32,
    members: Mutex<Vec<Weak<Interp>>>,
    /// Lanes of processes that have ended, for the run's report.
    pub lanes: Mutex<Vec<Lane>>,
    /// Child processes whose thread has not yet let go of their objects:
    /// a child tells its parent it ended before it frees what it built, so
    /// the run's end waits for this to reach zero as well.
    unreleased: Mutex<usize>,
    released_cv: Condvar,
    /// The objects the run made immortal, freed when this is dropped: after
    /// the last interpreter of the run, which each hold the family.
    pub immortals: super::obj::Immortals,
}

impl Default for Family {
    fn default() -> Family {
        Family {
            next_pid: AtomicI64::new(MAIN_PID + 1),
            started: AtomicU32::new(0),
            members: Mutex::new(Vec::new()),
            lanes: Mutex::new(Vec::new()),
            unreleased: Mutex::new(0),
            released_cv: Condvar::new(),
            immortals: Default::default(),
        }
    }
}

impl Family {
    /// Waits (bounded) until every child process has freed its objects.
    pub fn wait_released(&self, grace_ms: f64) {
        let deadline = crate::clock::now_ms() + grace_ms;
        let mut g = lock(&self.unreleased);
        while *g > 0 {
            let left = deadline - crate::clock::now_ms();
            if left <= 0.0 {
                return;
            }
            let slice = std::time::Duration::from_millis(left.clamp(1.0, 20.0) as u64);
            g = self
                .released_cv
                .wait_timeout(g, slice)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    fn child_released(&self) {
        let mut g = lock(&self.unreleased);
        *g = g.saturating_sub(1);
        self.released_cv.notify_all();
    }

    /// Every process of the run still running.
    pub fn members(&self) -> Vec<Arc<Interp>> {
        lock(&self.members)
            .iter()
            .filter_map(|w| w.upgrade())
            .collect()
    }

    /// Threads alive in every process of the run (0 once all have ended).
    pub fn alive_threads(&self) -> usize {
        self.members().iter().map(|i| i.registry.alive()).sum()
    }

    /// The wait-for edges if every live thread of every process is blocked
    /// for ever, else `None`: a parent waiting on a child that can still
    /// run is not a deadlock.
    pub fn stuck(&self) -> Option<Vec<WaitEdge>> {
        let mut edges = Vec::new();
        for i in self.members() {
            // A process being stopped (terminated, exiting) is winding
            // down: its threads notice within a wait slice and end, which
            // may be what the others wait for.
            if i.is_killed() {
                return None;
            }
            let mut e = i.registry.stuck_local()?;
            // A child whose threads have all ended but whose end is not yet
            // reported (its exit code, a pool's notice) is still running.
            if e.is_empty() && i.procs.seq != 0 && !i.procs.exited.load(Ordering::Acquire) {
                return None;
            }
            if !i.procs.label.is_empty() {
                for x in e.iter_mut() {
                    x.thread = format!("{} / {}", i.procs.label, x.thread);
                }
            }
            edges.extend(e);
        }
        (!edges.is_empty()).then_some(edges)
    }

    /// Wake-ups counted over every process.
    pub fn progress(&self) -> u64 {
        self.members()
            .iter()
            .map(|i| i.registry.local_progress())
            .sum()
    }
}

/// The main module's compiled code and its global names.
pub type MainCode = (Arc<Code>, Vec<Arc<str>>);

/// What an interpreter knows of its place among the run's processes.
pub struct ProcInfo {
    /// This process's id (`os.getpid()`).
    pub pid: i64,
    /// Its parent's id (`os.getppid()`).
    pub ppid: i64,
    /// `Process-1 (pid 4243)`; empty for the main process.
    pub label: String,
    /// `Process-1`; `MainProcess` for the main process.
    pub name: String,
    /// Set in a child that re-ran the main module (`spawn`, `forkserver`):
    /// its start method is fixed (CPython sets the context before it
    /// re-runs the main module).
    pub spawned: Option<StartMethod>,
    /// 0 for the main process, then 1, 2, … in start order.
    pub seq: u32,
    /// What every process of the run shares (lanes, members, ids).
    pub family: Arc<Family>,
    /// The processes this one started.
    pub children: Mutex<Vec<Arc<Child>>>,
    /// The main module's code, which a spawned child runs again.
    pub main_code: Mutex<Option<MainCode>>,
    /// A spawned child re-importing the main module: starting a process
    /// now is CPython's bootstrapping-phase error.
    pub bootstrapping: AtomicBool,
    /// Set once the process has ended and said so (exit code, notices).
    pub exited: AtomicBool,
}

impl ProcInfo {
    /// The main process's information.
    pub fn main() -> ProcInfo {
        ProcInfo {
            pid: MAIN_PID,
            ppid: MAIN_PID - 1,
            label: String::new(),
            name: "MainProcess".into(),
            spawned: None,
            seq: 0,
            family: Arc::new(Family::default()),
            children: Mutex::new(Vec::new()),
            main_code: Mutex::new(None),
            bootstrapping: AtomicBool::new(false),
            exited: AtomicBool::new(false),
        }
    }

    /// Stops every child (and theirs) the way `why` stops this process.
    pub fn kill_children(&self, why: Kill) {
        for c in lock(&self.children).iter() {
            if let Some(i) = lock(&c.interp).clone() {
                i.kill(why);
            }
        }
    }
}

/// The parent's handle on a child process.
pub struct Child {
    /// The child's id.
    pub pid: i64,
    /// The child's name (`Process-1`).
    pub name: String,
    /// The child's interpreter while it runs.
    pub interp: Mutex<Option<Arc<Interp>>>,
    /// The exit code once the child has ended.
    pub exit: Mutex<Option<i64>>,
    /// Signalled when `exit` is set (for `join`).
    pub exit_cv: Condvar,
    /// Set by `terminate()`: the exit code is then `-SIGTERM`.
    pub terminated: AtomicBool,
}

impl Child {
    /// `Process.exitcode`: `None` while it runs.
    pub fn exitcode(&self) -> Option<i64> {
        *lock(&self.exit)
    }
}

/// How the child gets its state.
pub enum Boot {
    /// A deep copy of the parent's modules, and the `Process` object.
    Fork {
        /// The parent's modules, deep-copied.
        modules: HashMap<String, Value>,
        /// The copied `Process` object, whose `run` the child calls.
        process: Value,
        /// The copy's estimated size, counted against the child's heap limit.
        bytes: usize,
    },
    /// The pickled `Process` object, decoded after the main module ran.
    Spawn {
        /// The `Process` object, pickled by the parent.
        process: pickle::Msg,
    },
}

/// The sentence CPython's `spawn._check_not_importing_main` raises.
pub const BOOTSTRAP_ERROR: &str = "
        An attempt has been made to start a new process before the
        current process has finished its bootstrapping phase.

        This probably means that you are not using fork to start your
        child processes and you have forgotten to use the proper idiom
        in the main module:

            if __name__ == '__main__':
                freeze_support()
                ...

        The \"freeze_support()\" line can be omitted if the program
        is not going to be frozen to produce an executable.

        To fix this issue, refer to the \"Safe importing of main module\"
        section in https://docs.python.org/3/library/multiprocessing.html
        ";

/// Starts `process` (a `multiprocessing.Process`) as a new interpreter;
/// `notify`, if given, is a channel that receives `(None, pid, exitcode)`
/// when the child ends (how a pool learns that a worker died).
pub fn start(
    vm: &mut Vm,
    process: &Value,
    method: StartMethod,
    name: &str,
    notify: Option<ObjRef>,
) -> PyResult<Arc<Child>> {
    let parent = vm.interp.clone();
    if parent.procs.bootstrapping.load(Ordering::Acquire) {
        return Err(vm.new_error("RuntimeError", BOOTSTRAP_ERROR));
    }
    let family = parent.procs.family.clone();
    let seq = family.started.fetch_add(1, Ordering::AcqRel) + 1;
    if seq > MAX_PROCESSES {
        return Err(vm.new_error(
            "OSError",
            format!("a run may start at most {MAX_PROCESSES} processes"),
        ));
    }
    let t0 = parent.now_ms();
    let boot = match method {
        StartMethod::Fork => {
            let (modules, process, objects, bytes) =
                super::gc::untracked(|| fork::copy_state(vm, process));
            let what = format!("fork: copy {objects} objects");
            vm.record_span(SpanKind::Startup, t0, parent.now_ms(), &what);
            Boot::Fork {
                modules,
                process,
                bytes,
            }
        }
        StartMethod::Spawn | StartMethod::Forkserver => {
            let msg = pickle::dumps(vm, process)?;
            let what = format!("pickle Process ({} bytes)", msg.bytes.len());
            vm.record_span(SpanKind::Transfer, t0, parent.now_ms(), &what);
            Boot::Spawn { process: msg }
        }
    };
    let pid = family.next_pid.fetch_add(1, Ordering::AcqRel);
    let label = format!("{name} (pid {pid})");
    let spawned = (method != StartMethod::Fork).then_some(method);
    let interp = Arc::new(super::run::child_interp(
        &parent, pid, seq, label, name, spawned,
    ));
    let child = Arc::new(Child {
        pid,
        name: name.to_string(),
        interp: Mutex::new(Some(interp.clone())),
        exit: Mutex::new(None),
        exit_cv: Condvar::new(),
        terminated: AtomicBool::new(false),
    });
    lock(&family.members).push(Arc::downgrade(&interp));
    lock(&parent.procs.children).push(child.clone());
    let main = interp.registry.add("MainThread", false);
    interp.registry.set_state(&main, ThreadState::Running);
    let c = child.clone();
    let fam = family.clone();
    *lock(&fam.unreleased) += 1;
    let body = Box::new(move || {
        let code = child_main(&interp, main, boot);
        finish_child(&interp, &c, code, notify);
        drop(interp);
        fam.child_released();
    });
    if let Err(msg) = parent.host.spawn(name, body) {
        family.child_released();
        *lock(&child.exit) = Some(1);
        *lock(&child.interp) = None;
        return Err(vm.new_error("OSError", msg));
    }
    Ok(child)
}

/// The child's main thread: its state, its target, then (as at any
/// interpreter's exit) its own threads and children. Returns the exit code.
fn child_main(interp: &Arc<Interp>, main: Arc<super::threads::ThreadEntry>, boot: Boot) -> i64 {
    let mut vm = Vm::new(interp.clone(), main.clone());
    super::value::HEAP.with(|h| *h.borrow_mut() = Some(interp.heap_bytes.clone()));
    super::format::INT_DIGITS.with(|d| *d.borrow_mut() = Some(interp.int_digits.clone()));
    super::gc::enter_thread(Some(interp.gc.clone()));
    vm.acquire_gil();
    let process = match boot {
        Boot::Fork {
            modules,
            process,
            bytes,
        } => {
            interp.heap_bytes.fetch_add(bytes, Ordering::Relaxed);
            *lock(&interp.modules) = modules;
            Ok(process)
        }
        Boot::Spawn { process } => spawn_prepare(&mut vm, &process),
    };
    let code = match process {
        Ok(p) => bootstrap(&mut vm, &p),
        Err(e) => {
            if e.kill.is_none() {
                let text = vm.format_exception(&e);
                interp.write(Stream::Stderr, &text);
            }
            1
        }
    };
    if !interp.is_killed() {
        super::run::run_threading_atexit(&mut vm);
        super::run::wait_for_non_daemon(&mut vm);
        at_exit(&mut vm);
    }
    interp.kill(Kill::Exiting);
    interp.registry.finish(&main);
    vm.finish_lane();
    vm.release_gil(false);
    super::run::wait_for_all_to_stop(interp);
    super::value::HEAP.with(|h| *h.borrow_mut() = None);
    super::format::INT_DIGITS.with(|d| *d.borrow_mut() = None);
    super::gc::enter_thread(None);
    code
}

/// `spawn`: the main module again, as `__mp_main__`, then the pickled
/// `Process` object decoded in this interpreter.
fn spawn_prepare(vm: &mut Vm, msg: &pickle::Msg) -> PyResult<Value> {
    let interp = vm.interp.clone();
    let t0 = interp.now_ms();
    let main = lock(&interp.procs.main_code).clone();
    if let Some((code, names)) = main {
        let globals = Arc::new(super::globals::Globals::new("__mp_main__", names));
        globals.set("__name__", Value::str("__mp_main__"));
        let module = Value::obj(Object::Module(super::value::Module {
            name: Arc::from("__mp_main__"),
            globals: globals.clone(),
        }));
        {
            let mut ms = lock(&interp.modules);
            ms.insert("__mp_main__".into(), module.clone());
            ms.insert("__main__".into(), module);
        }
        interp.procs.bootstrapping.store(true, Ordering::Release);
        let mut frame = super::frame::Frame::new(code, globals);
        let r = vm.run_frame(&mut frame);
        interp.procs.bootstrapping.store(false, Ordering::Release);
        r?;
    }
    let t1 = interp.now_ms();
    vm.record_span(
        SpanKind::Startup,
        t0,
        t1,
        "spawn: run the main module as __mp_main__",
    );
    let p = pickle::loads(vm, msg)?;
    let what = format!("unpickle Process ({} bytes)", msg.bytes.len());
    vm.record_span(SpanKind::Transfer, t1, interp.now_ms(), &what);
    Ok(p)
}

/// `process._bootstrap()`: runs the target, prints an escaping exception
/// as CPython's `Process._bootstrap` does, and gives the exit code.
fn bootstrap(vm: &mut Vm, process: &Value) -> i64 {
    let r = vm
        .get_attr(process, "_bootstrap")
        .and_then(|f| vm.call(&f, Args::default()));
    match r {
        Ok(Value::Int(c)) => c,
        Ok(_) => 0,
        Err(e) if e.kill.is_some() => -15,
        Err(e) => {
            let text = vm.format_exception(&e);
            vm.interp.write(Stream::Stderr, &text);
            1
        }
    }
}

/// After the child's end: its lanes go to the run, its code to the parent.
fn finish_child(interp: &Arc<Interp>, child: &Child, code: i64, notify: Option<ObjRef>) {
    // Terminated, or stopped with the run: as if by SIGTERM.
    let stopped = matches!(
        interp.killed(),
        Some(Kill::Cancelled) | Some(Kill::Deadlock)
    ) && code == 0;
    let code = if child.terminated.load(Ordering::Acquire) || stopped {
        -15
    } else {
        code
    };
    let base = interp.procs.seq * LANE_STRIDE;
    let mut lanes = lock(&interp.lanes).clone();
    for l in lanes.iter_mut() {
        l.thread += base;
        l.name = format!("{} / {}", interp.procs.label, l.name);
        l.process = Some(interp.procs.label.clone());
        l.pid = Some(interp.procs.pid);
    }
    lock(&interp.procs.family.lanes).extend(lanes);
    *lock(&child.exit) = Some(code);
    child.exit_cv.notify_all();
    if let Some(ch) = notify {
        let notice = [Value::None, Value::Int(child.pid), Value::Int(code)];
        super::modules::mp::post_raw(&ch, &notice);
    }
    interp.procs.exited.store(true, Ordering::Release);
    lock(&interp.procs.family.members)
        .retain(|w| w.strong_count() > 0 && !std::ptr::eq(w.as_ptr(), Arc::as_ptr(interp)));
    // The child's objects go now, not when the run ends; after its parent
    // has been told, so the time this takes never looks like a child that
    // stopped moving (the deadlock check).
    super::release::release_objects(interp);
}

/// `multiprocessing`'s exit function, if the program imported it: daemon
/// children are terminated, the others joined.
pub fn at_exit(vm: &mut Vm) {
    let m = lock(&vm.interp.modules).get("multiprocessing").cloned();
    let Some(m) = m else { return };
    if let Ok(Some(f)) = vm.try_attr(&m, "_exit_function") {
        if let Err(e) = vm.call(&f, Args::default()) {
            if e.kill.is_none() {
                let text = vm.format_exception(&e);
                vm.interp.write(Stream::Stderr, &text);
            }
        }
    }
}

/// Waits (bounded) until every child of `interp` has ended, after they
/// were told to stop.
pub fn wait_children(interp: &Interp, grace_ms: f64) {
    let deadline = crate::clock::now_ms() + grace_ms;
    let children = lock(&interp.procs.children).clone();
    for c in children {
        let mut g = lock(&c.exit);
        while g.is_none() {
            let left = deadline - crate::clock::now_ms();
            if left <= 0.0 {
                return;
            }
            let slice = std::time::Duration::from_millis(left.clamp(1.0, 20.0) as u64);
            g = c
                .exit_cv
                .wait_timeout(g, slice)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

/// Lanes of every process of the run, the main process's first.
pub fn all_lanes(interp: &Interp, own: Vec<Lane>) -> Vec<Lane> {
    let mut l = own;
    l.extend(lock(&interp.procs.family.lanes).iter().cloned());
    l.sort_by_key(|x| x.thread);
    l
}

impl Family {
    /// Adds `interp` to the run's processes (held weakly: an ended process frees its objects).
    pub fn add_member(&self, interp: &Arc<Interp>) {
        lock(&self.members).push(Arc::downgrade(interp));
    }

    /// A deadlock over the whole run: the main process reports it (who
    /// waits for what, in every process) and stops, and with it every
    /// child.
    pub fn found_deadlock(&self, edges: &[WaitEdge]) {
        let root = lock(&self.members).first().and_then(|w| w.upgrade());
        if let Some(root) = root {
            if root.procs.seq == 0 {
                lock(&root.registry.deadlock).get_or_insert_with(|| edges.to_vec());
                root.kill(Kill::Deadlock);
            }
        }
    }
}
