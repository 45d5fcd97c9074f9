//! One run of a program: start it on its own main thread, cancel it, and
//! collect what happened (how it ended, the timeline, the GIL's hand-overs).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, AtomicUsize};
use std::sync::{Arc, Condvar, Mutex};

use serde::Serialize;

use super::gil::Gil;
use super::globals::Globals;
use super::host::{Host, Stream};
use super::threads::{wait_on, ThreadState, WaitEdge, WaitEnd};
use super::timeline::{Lane, SpanKind};
use super::types::Types;
use super::value::{lock, Module, Object, Value};
use super::vm::{Interp, Vm};
use super::{GilMode, Kill, RunOptions};
use crate::interleave::ast::{Stmt, StmtKind};
use crate::interleave::ParseError;

/// How a run ended.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Exit {
    /// The program ran to its end (exit status 0).
    Finished,
    /// An exception escaped the main thread (its traceback is on stderr).
    Exception {
        /// The exception's class name.
        name: String,
        /// Its message.
        message: String,
        /// The line it was raised at.
        line: u32,
    },
    /// `sys.exit(code)`.
    SystemExit {
        /// The exit status.
        code: i64,
    },
    /// Stopped from outside ([`Run::cancel`]).
    Cancelled,
    /// Every thread waited for ever: who waits for what.
    Deadlock {
        /// The wait-for graph's edges.
        edges: Vec<WaitEdge>,
    },
}

/// What a finished run reports: how it ended, and its timeline.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    /// How it ended.
    pub exit: Exit,
    /// One timeline lane per Python thread (all processes).
    pub lanes: Vec<Lane>,
    /// Times the GIL went to another thread.
    pub handovers: u64,
    /// Wall time of the run.
    pub wall_ms: f64,
    /// Threads started, the main thread included.
    pub threads: u32,
}

/// A running program: started by [`Run::start`], stopped by [`Run::cancel`] or
/// by finishing; its report is ready once it ends.
pub struct Run {
    /// The interpreter the run's threads share.
    pub interp: Arc<Interp>,
    done: Mutex<Option<RunReport>>,
    done_cv: Condvar,
}

/// Refuses, before anything runs, an import this runner cannot serve.
fn check_imports(body: &[Stmt]) -> Result<(), ParseError> {
    for st in body {
        let names: Vec<&str> = match &st.kind {
            StmtKind::Import(ms) => ms.iter().map(|(m, _)| m.as_str()).collect(),
            StmtKind::ImportFrom(m, _) => vec![m.as_str()],
            _ => Vec::new(),
        };
        for n in names {
            if let Some(why) = super::modules::refusal(n) {
                return Err(ParseError::unsupported(
                    st.span.line,
                    st.span.col,
                    format!("import {n}: {why}"),
                ));
            }
        }
        let inner: Vec<&[Stmt]> = match &st.kind {
            StmtKind::If(arms, orelse) => arms
                .iter()
                .map(|(_, b)| b.as_slice())
                .chain(orelse.iter().map(|b| b.as_slice()))
                .collect(),
            StmtKind::While(_, b, e) | StmtKind::For(_, _, b, e) => std::iter::once(b.as_slice())
                .chain(e.iter().map(|b| b.as_slice()))
                .collect(),
            StmtKind::Def { body, .. } | StmtKind::Class { body, .. } | StmtKind::With(_, body) => {
                vec![body.as_slice()]
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                let mut v = vec![body.as_slice()];
                v.extend(handlers.iter().map(|h| h.body.as_slice()));
                v.extend(orelse.iter().map(|b| b.as_slice()));
                v.extend(finally.iter().map(|(b, _)| b.as_slice()));
                v
            }
            _ => Vec::new(),
        };
        for b in inner {
            check_imports(b)?;
        }
    }
    Ok(())
}

impl Run {
    /// Compiles `src` and starts it on a new main thread; a syntax error or
    /// a refused import is reported here, before anything runs.
    pub fn start(
        src: &str,
        options: RunOptions,
        host: Arc<dyn Host>,
    ) -> Result<Arc<Run>, ParseError> {
        let ast = crate::interleave::parse_module(src)?;
        check_imports(&ast)?;
        let compiled = super::compile::compile_module(&ast, &options.filename)?;
        let interp = Arc::new(new_interp(options, host, src));
        *lock(&interp.procs.main_code) =
            Some((compiled.code.clone(), compiled.global_names.clone()));
        let family = interp.procs.family.clone();
        family.add_member(&interp);
        let _ = interp.registry.family.set(family);
        let run = Arc::new(Run {
            interp: interp.clone(),
            done: Mutex::new(None),
            done_cv: Condvar::new(),
        });
        let main = interp.registry.add("MainThread", false);
        interp.registry.set_state(&main, ThreadState::Running);
        let r = run.clone();
        let code = compiled.code;
        let names = compiled.global_names;
        let spawned = interp.host.spawn(
            "MainThread",
            Box::new(move || {
                let report = run_main(&r.interp, main, code, names);
                *lock(&r.done) = Some(report);
                r.done_cv.notify_all();
            }),
        );
        if let Err(msg) = spawned {
            return Err(ParseError::unsupported(1, 1, msg));
        }
        Ok(run)
    }

    /// Stops the run from outside: every thread unwinds at its next check,
    /// and threads blocked in a wait are woken to do so.
    pub fn cancel(&self) {
        self.interp.kill(Kill::Cancelled);
    }

    /// The report, once the run has ended; `None` before.
    pub fn report(&self) -> Option<RunReport> {
        lock(&self.done).clone()
    }

    /// Blocks until the run has ended (not on a browser's main thread).
    pub fn wait(&self) -> RunReport {
        let mut g = lock(&self.done);
        loop {
            if let Some(r) = &*g {
                return r.clone();
            }
            g = self.done_cv.wait(g).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// A child process's interpreter: the parent's options, builtins and
/// sources (immutable, shared), everything else its own.
pub(super) fn child_interp(
    parent: &Interp,
    pid: i64,
    seq: u32,
    label: String,
    name: &str,
    spawned: Option<super::process::StartMethod>,
) -> Interp {
    let gil = match parent.options.gil {
        GilMode::Gil {
            switch_interval, ..
        } => Some(Gil::new(switch_interval)),
        GilMode::FreeThreaded => None,
    };
    let procs = super::process::ProcInfo {
        pid,
        ppid: parent.procs.pid,
        label,
        name: name.to_string(),
        spawned,
        seq,
        family: parent.procs.family.clone(),
        children: Mutex::new(Vec::new()),
        main_code: Mutex::new(lock(&parent.procs.main_code).clone()),
        bootstrapping: AtomicBool::new(false),
        exited: AtomicBool::new(false),
    };
    let interp = Interp {
        recursion_limit: AtomicU32::new(
            parent
                .recursion_limit
                .load(std::sync::atomic::Ordering::Relaxed),
        ),
        host: parent.host.clone(),
        gil,
        switch_points: parent.switch_points,
        types: Types {
            classes: parent.types.classes.clone(),
            not_implemented: parent.types.not_implemented.clone(),
            unnamed: Default::default(),
        },
        builtins: parent.builtins.clone(),
        modules: Mutex::new(HashMap::new()),
        registry: Default::default(),
        kill: AtomicU8::new(0),
        out_lines: AtomicUsize::new(0),
        out_bytes: AtomicUsize::new(0),
        out_cut: AtomicBool::new(false),
        user_keys: AtomicBool::new(false),
        lanes: Mutex::new(Vec::new()),
        t0_ms: parent.t0_ms,
        sources: Mutex::new(lock(&parent.sources).clone()),
        heap_bytes: Arc::new(AtomicUsize::new(0)),
        // A forked child keeps its parent's limit, as a forked CPython does.
        int_digits: Arc::new(AtomicUsize::new(
            parent.int_digits.load(std::sync::atomic::Ordering::Relaxed),
        )),
        gc: Default::default(),
        // A forked child has its parent's random state (CPython's too).
        random: Mutex::new(lock(&parent.random).clone()),
        options: parent.options.clone(),
        procs,
    };
    let _ = interp.registry.family.set(parent.procs.family.clone());
    interp
        .registry
        .ident_base
        .store(seq as u64 * (1 << 36), std::sync::atomic::Ordering::Relaxed);
    interp
}

fn new_interp(options: RunOptions, host: Arc<dyn Host>, src: &str) -> Interp {
    let types = Types::new();
    let procs = super::process::ProcInfo::main();
    let builtins = super::builtins::table(&types, &procs.family.immortals);
    let gil = match options.gil {
        GilMode::Gil {
            switch_interval, ..
        } => Some(Gil::new(switch_interval)),
        GilMode::FreeThreaded => None,
    };
    let switch_points = match options.gil {
        GilMode::Gil { switch_points, .. } => switch_points,
        GilMode::FreeThreaded => super::gil::SwitchPoints::Any,
    };
    let mut sources = HashMap::new();
    sources.insert(options.filename.clone(), Arc::from(src));
    Interp {
        recursion_limit: AtomicU32::new(options.recursion_limit),
        host,
        gil,
        switch_points,
        types,
        builtins,
        modules: Mutex::new(HashMap::new()),
        registry: Default::default(),
        kill: AtomicU8::new(0),
        out_lines: AtomicUsize::new(0),
        out_bytes: AtomicUsize::new(0),
        out_cut: AtomicBool::new(false),
        user_keys: AtomicBool::new(false),
        lanes: Mutex::new(Vec::new()),
        t0_ms: crate::clock::now_ms(),
        sources: Mutex::new(sources),
        heap_bytes: Arc::new(AtomicUsize::new(0)),
        int_digits: Arc::new(AtomicUsize::new(super::format::INT_MAX_STR_DIGITS)),
        gc: Default::default(),
        random: Mutex::new(Default::default()),
        options,
        procs,
    }
}

/// The main thread: the module's code, then (as CPython's
/// `threading._shutdown`) a wait for every non-daemon thread.
fn run_main(
    interp: &Arc<Interp>,
    main: Arc<super::threads::ThreadEntry>,
    code: Arc<super::bytecode::Code>,
    names: Vec<Arc<str>>,
) -> RunReport {
    let mut vm = Vm::new(interp.clone(), main.clone());
    super::value::HEAP.with(|h| *h.borrow_mut() = Some(interp.heap_bytes.clone()));
    super::format::INT_DIGITS.with(|d| *d.borrow_mut() = Some(interp.int_digits.clone()));
    super::gc::enter_thread(Some(interp.gc.clone()));
    vm.acquire_gil();
    let globals = Arc::new(Globals::new("__main__", names));
    globals.set("__name__", Value::str("__main__"));
    let module = Value::obj(Object::Module(Module {
        name: Arc::from("__main__"),
        globals: globals.clone(),
    }));
    module.immortalize(interp.immortals());
    lock(&interp.modules).insert("__main__".into(), module);
    let mut frame = super::frame::Frame::new(code, globals);
    let result = vm.run_frame(&mut frame);
    drop(frame);
    let mut exit = match result {
        Ok(_) => Exit::Finished,
        Err(e) => main_exception(&mut vm, &e),
    };
    // Generators the program's last lines dropped suspended (no eval
    // breaker check follows them).
    let _ = vm.close_dropped_generators();
    if !interp.is_killed() {
        run_threading_atexit(&mut vm);
        wait_for_non_daemon(&mut vm);
        super::modules::atexit::run_exit_functions(&mut vm);
        super::process::at_exit(&mut vm);
    }
    exit = match interp.killed() {
        Some(Kill::Cancelled) => Exit::Cancelled,
        Some(Kill::Deadlock) => Exit::Deadlock {
            edges: lock(&interp.registry.deadlock).clone().unwrap_or_default(),
        },
        _ => exit,
    };
    if let Exit::Deadlock { edges } = &exit {
        let mut text = String::from("\n[threadlab: deadlock: every thread waits for ever]\n");
        for e in edges {
            match &e.on {
                Some(on) => {
                    text.push_str(&format!("  {} waits in {} for {on}\n", e.thread, e.what))
                }
                None => text.push_str(&format!("  {} waits in {}\n", e.thread, e.what)),
            }
        }
        interp.write(Stream::Stderr, &text);
    }
    // Daemon threads still running stop now, as at interpreter exit; after
    // a cancel or a deadlock every thread stops. Wait until they have (each
    // sees the stop within one wait slice or at its next check), so that
    // nothing of this run is left running and every lane is complete.
    interp.kill(Kill::Exiting);
    interp.registry.finish(&main);
    vm.finish_lane();
    vm.release_gil(false);
    wait_for_all_to_stop(interp);
    super::release::release_objects(interp);
    // A run ends once every process of it has let go of its objects: the
    // next run (or a memory reading) must not see this one's leftovers.
    interp.procs.family.wait_released(STOP_GRACE_MS);
    super::value::HEAP.with(|h| *h.borrow_mut() = None);
    super::format::INT_DIGITS.with(|d| *d.borrow_mut() = None);
    super::gc::enter_thread(None);
    let lanes = super::process::all_lanes(interp, lock(&interp.lanes).clone());
    // This process's threads, and every child process's.
    let threads = interp.registry.all().len() as u32
        + lanes.iter().filter(|l| l.process.is_some()).count() as u32;
    RunReport {
        exit,
        lanes,
        handovers: interp.gil.as_ref().map(|g| g.handovers()).unwrap_or(0),
        wall_ms: interp.now_ms(),
        threads,
    }
}

/// Longest wait for the other threads to stop once the run is over: far
/// above the 20 ms slice they notice a stop within; past it the report goes
/// out without their lanes rather than hang.
const STOP_GRACE_MS: f64 = 2000.0;

pub(super) fn wait_for_all_to_stop(interp: &Interp) {
    let deadline = crate::clock::now_ms() + STOP_GRACE_MS;
    while crate::clock::now_ms() < deadline {
        let running = interp.registry.all().iter().any(|t| {
            !matches!(
                *lock(&t.state),
                ThreadState::Finished | ThreadState::NotStarted
            )
        });
        if !running {
            // And every child process (each stops its own threads first).
            super::process::wait_children(interp, deadline - crate::clock::now_ms());
            return;
        }
        let m = Mutex::new(());
        let cv = Condvar::new();
        let g = lock(&m);
        let _ = cv.wait_timeout(g, std::time::Duration::from_millis(2));
    }
}

fn main_exception(vm: &mut Vm, e: &super::PyErr) -> Exit {
    if e.kill.is_some() {
        return Exit::Cancelled;
    }
    let exit_cls = vm.interp.types.get("SystemExit").clone();
    if vm.isinstance(&e.exc, &exit_cls) {
        let code = match vm
            .try_attr(&e.exc, "args")
            .ok()
            .flatten()
            .and_then(|a| match a.as_obj() {
                Some(Object::Tuple(t)) => t.first().cloned(),
                _ => None,
            }) {
            None | Some(Value::None) => 0,
            Some(Value::Int(i)) => i,
            Some(other) => {
                let s = vm.to_str(&other).unwrap_or_default();
                vm.interp.write(Stream::Stderr, &format!("{s}\n"));
                1
            }
        };
        return Exit::SystemExit { code };
    }
    let text = vm.format_exception(e);
    vm.interp.write(Stream::Stderr, &text);
    Exit::Exception {
        name: vm.exception_name(&e.exc),
        message: vm.exception_str(&e.exc).unwrap_or_default(),
        line: e.traceback.first().map(|t| t.line).unwrap_or(0),
    }
}

pub(super) fn wait_for_non_daemon(vm: &mut Vm) {
    let me = vm.ident();
    loop {
        let pending: Vec<_> = vm
            .interp
            .registry
            .all()
            .into_iter()
            .filter(|t| t.ident != me && !t.daemon && !*lock(&t.done))
            .collect();
        let Some(t) = pending.first().cloned() else {
            return;
        };
        let what = format!("join({}) at exit", t.name());
        let end = vm.blocking(SpanKind::Blocked, &what, Some(t.ident), false, |interp| {
            let g = lock(&t.done);
            wait_on(
                g,
                &t.done_cv,
                None,
                &interp.registry,
                &|| interp.is_killed(),
                |d| *d,
            )
            .1
        });
        match end {
            Ok(()) => {}
            Err(WaitEnd::Deadlock) => {
                vm.report_deadlock();
                return;
            }
            Err(_) => return,
        }
    }
}

/// `threading._run_atexit()` when the program imported threading: pools
/// shut down (their workers finish the queued work) before the wait for
/// non-daemon threads, as in CPython's `threading._shutdown`.
pub(super) fn run_threading_atexit(vm: &mut Vm) {
    let threading = lock(&vm.interp.modules).get("threading").cloned();
    let Some(m) = threading else { return };
    if let Ok(Some(f)) = vm.try_attr(&m, "_run_atexit") {
        if let Err(e) = vm.call(&f, super::value::Args::default()) {
            if e.kill.is_none() {
                let text = vm.format_exception(&e);
                vm.interp.write(Stream::Stderr, &text);
            }
        }
    }
}
