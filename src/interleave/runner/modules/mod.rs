//! `import`: modules written in Rust (`time`, `math`, `_random`, `sys`, `os`,
//! `_thread`, `copy`, `hashlib`, `_re`) and modules written in Python on top of them (`threading`,
//! `queue`, `concurrent.futures`, `logging`, `datetime`: their source is in `lib/`).
//! Anything else is refused with a sentence that says what to use instead.

pub mod atexit;
pub mod copy;
pub mod gc;
pub mod hashlib;
pub mod math;
pub mod mp;
pub mod os;
pub mod random;
pub mod re;
pub mod sizeof;
pub mod sys;
pub mod thread;
pub mod time;
pub mod timeit;
pub mod traceback;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::globals::Globals;
use super::obj::Immortals;
use super::value::{Module, NativeFn, Object, UnaryFn, Value};
use super::vm::Vm;
use super::PyResult;

/// Python source of the modules written in Python.
const PY_MODULES: &[(&str, &str)] = &[
    ("threading", include_str!("lib/threading.py")),
    ("queue", include_str!("lib/queue.py")),
    ("concurrent.futures", include_str!("lib/futures.py")),
    ("logging", include_str!("lib/logging.py")),
    ("heapq", include_str!("lib/heapq.py")),
    ("collections", include_str!("lib/collections.py")),
    ("_collections_user", include_str!("lib/collections_user.py")),
    ("functools", include_str!("lib/functools.py")),
    ("itertools", include_str!("lib/itertools.py")),
    ("multiprocessing", include_str!("lib/multiprocessing.py")),
    ("multiprocessing.pool", include_str!("lib/mp_pool.py")),
    (
        "multiprocessing.synchronize",
        include_str!("lib/mp_sync.py"),
    ),
    (
        "multiprocessing.managers",
        include_str!("lib/mp_managers.py"),
    ),
    (
        "multiprocessing.sharedctypes",
        include_str!("lib/mp_sharedctypes.py"),
    ),
    ("pickle", include_str!("lib/pickle.py")),
    ("copy", include_str!("lib/copy.py")),
    ("typing", include_str!("lib/typing.py")),
    ("contextlib", include_str!("lib/contextlib.py")),
    ("dataclasses", include_str!("lib/dataclasses.py")),
    ("abc", include_str!("lib/abc.py")),
    ("enum", include_str!("lib/enum.py")),
    ("traceback", include_str!("lib/traceback.py")),
    ("statistics", include_str!("lib/statistics.py")),
    ("timeit", include_str!("lib/timeit.py")),
    ("operator", include_str!("lib/operator.py")),
    ("bisect", include_str!("lib/bisect.py")),
    ("string", include_str!("lib/string.py")),
    ("datetime", include_str!("lib/datetime.py")),
    ("_strptime", include_str!("lib/strptime.py")),
    // `time.struct_time`, which the native `time` module takes from here.
    ("_time_struct", include_str!("lib/time_struct.py")),
    // `sys.float_info` and `sys.flags`, which the native `sys` takes.
    ("_sys_info", include_str!("lib/sys_info.py")),
    // `os.path` (the native `os` takes it as its `path`).
    ("posixpath", include_str!("lib/posixpath.py")),
    ("json", include_str!("lib/json.py")),
    ("random", include_str!("lib/random.py")),
    ("_json_decoder", include_str!("lib/json_decoder.py")),
    ("re", include_str!("lib/re.py")),
    ("io", include_str!("lib/io.py")),
    // Its functions are called at the end of a run by `atexit.rs`.
    ("atexit", include_str!("lib/atexit.py")),
    ("textwrap", include_str!("lib/textwrap.py")),
    ("pprint", include_str!("lib/pprint.py")),
    ("numbers", include_str!("lib/numbers.py")),
    ("platform", include_str!("lib/platform.py")),
    ("secrets", include_str!("lib/secrets.py")),
];

/// Modules a tutorial may import that cannot work here, and what to do.
const REFUSED: &[(&str, &str)] = &[
    (
        "numpy",
        "numpy is not available here; use lists and sum(x * x for x in xs)",
    ),
    (
        "requests",
        "there is no network here; time.sleep() stands in for waiting on a server",
    ),
    (
        "urllib",
        "there is no network here; time.sleep() stands in for waiting on a server",
    ),
    (
        "aiohttp",
        "there is no network here; time.sleep() stands in for waiting on a server",
    ),
    (
        "asyncio",
        "asyncio is not supported here; use threading or concurrent.futures",
    ),
    (
        "joblib",
        "joblib is not available here; use concurrent.futures",
    ),
    (
        "socket",
        "there is no network here; time.sleep() stands in for waiting on a server",
    ),
    ("subprocess", "programs cannot start other programs here"),
];

/// A module made of native functions and values.
pub fn native_module(
    name: &'static str,
    funcs: &[(&'static str, NativeFn)],
    values: Vec<(&str, Value)>,
    run: &Immortals,
) -> Value {
    native_module_unary(name, funcs, &[], values, run)
}

/// A module made of native functions and values, where the functions
/// named in `unary` also have a one-argument entry (see [`UnaryFn`]).
pub fn native_module_unary(
    name: &'static str,
    funcs: &[(&'static str, NativeFn)],
    unary: &[(&'static str, UnaryFn)],
    values: Vec<(&str, Value)>,
    run: &Immortals,
) -> Value {
    let mut names: Vec<Arc<str>> = funcs.iter().map(|(n, _)| Arc::from(*n)).collect();
    names.extend(values.iter().map(|(n, _)| Arc::from(*n)));
    let g = Globals::new(name, names);
    for (n, f) in funcs {
        let one = unary.iter().find(|(u, _)| u == n).map(|(_, u)| *u);
        let f = Value::obj(Object::Builtin(super::value::Builtin {
            name: n,
            func: *f,
            bound: None,
            module: Some(name),
            unary: one,
        }));
        // Immortal (see `obj.rs`): `math.sqrt` in every thread's loop
        // then reads its slot without a lock or a count.
        f.immortalize(run);
        g.set(n, f);
    }
    for (n, v) in values {
        g.set(n, v);
    }
    let m = Value::obj(Object::Module(Module {
        name: Arc::from(name),
        globals: Arc::new(g),
    }));
    m.immortalize(run);
    m
}

/// Why `import name` cannot work here, if it cannot.
pub fn refusal(name: &str) -> Option<&'static str> {
    let top = name.split('.').next().unwrap_or(name);
    REFUSED.iter().find(|(n, _)| *n == top).map(|(_, why)| *why)
}

/// The compiled code of a library module (`threading`, `queue`, …),
/// compiled on first import and shared by every later run and process.
/// Besides saving the compile, this keeps a run's immortal functions from
/// each holding a fresh copy of the library's code: their shells outlive
/// the run (`release.rs`), and code compiled per run would go with them.
fn library_code(
    name: &str,
    filename: &str,
    src: &str,
) -> Result<Arc<super::compile::ModuleCode>, crate::interleave::ParseError> {
    static CACHE: std::sync::OnceLock<Mutex<HashMap<String, Arc<super::compile::ModuleCode>>>> =
        std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(c) = super::value::lock(cache).get(name) {
        return Ok(c.clone());
    }
    let ast = crate::interleave::parse_module(src)?;
    let compiled = Arc::new(super::compile::compile_module(&ast, filename)?);
    super::value::lock(cache).insert(name.to_string(), compiled.clone());
    Ok(compiled)
}

impl Vm {
    pub fn import(&mut self, name: &str) -> PyResult<Value> {
        if let Some(m) = super::value::lock(&self.interp.modules).get(name) {
            return Ok(m.clone());
        }
        let m = self.load_module(name)?;
        super::value::lock(&self.interp.modules).insert(name.to_string(), m.clone());
        Ok(m)
    }

    fn load_module(&mut self, name: &str) -> PyResult<Value> {
        let interp = self.interp.clone();
        let run = interp.immortals();
        let made = match name {
            "time" => Some(time::module(self)?),
            "math" => Some(math::module(run)),
            "_random" => Some(random::module(run)),
            "sys" => Some(sys::module(self)?),
            "os" => Some(os::module(self)?),
            "os.path" => {
                let os = self.import("os")?;
                Some(self.get_attr(&os, "path")?)
            }
            "gc" => Some(gc::module(run)),
            "_thread" => Some(thread::module(run)),
            "_mp" => Some(mp::module(run)),
            "_copy" => Some(copy::module(run)),
            "_traceback" => Some(traceback::module(run)),
            "hashlib" => Some(hashlib::module(run)),
            "_re" => Some(re::module(run)),
            "_timeit" => Some(timeit::module(run)),
            // A package whose one submodule is `futures` (set as an
            // attribute when concurrent.futures is imported).
            "concurrent" => Some(native_module("concurrent", &[], Vec::new(), run)),
            _ => None,
        };
        if let Some(m) = made {
            return Ok(m);
        }
        if let Some((_, src)) = PY_MODULES.iter().find(|(n, _)| *n == name) {
            let m = self.run_module_source(name, &format!("<{name}>"), src)?;
            if let Some((parent, child)) = name.rsplit_once('.') {
                let p = self.import(parent)?;
                self.set_attr(&p, child, m.clone())?;
            }
            return Ok(m);
        }
        let msg = match refusal(name) {
            Some(why) => format!("No module named '{name}' ({why})"),
            None => format!("No module named '{name}'"),
        };
        Err(self.new_error("ModuleNotFoundError", msg))
    }

    /// Compiles (once per process: see [`library_code`]) and runs a
    /// module's source in a fresh namespace.
    pub fn run_module_source(&mut self, name: &str, filename: &str, src: &str) -> PyResult<Value> {
        let compiled = library_code(name, filename, src).map_err(|e| {
            self.new_error(
                "SyntaxError",
                format!("{} (in {filename}, line {})", e.message, e.line),
            )
        })?;
        let globals = Arc::new(Globals::new(name, compiled.global_names.clone()));
        globals.set("__name__", Value::str(name));
        let module = Value::obj(Object::Module(Module {
            name: Arc::from(name),
            globals: globals.clone(),
        }));
        module.immortalize(self.interp.immortals());
        // Registered before it runs, so circular imports see it.
        super::value::lock(&self.interp.modules).insert(name.to_string(), module.clone());
        let mut frame = super::frame::Frame::new(compiled.code.clone(), globals);
        self.run_frame(&mut frame)?;
        Ok(module)
    }

    pub fn import_from(&mut self, module: &Value, name: &str) -> PyResult<Value> {
        if let Some(v) = self.try_attr(module, name)? {
            return Ok(v);
        }
        // `from concurrent import futures`: a submodule.
        if let Some(Object::Module(m)) = module.as_obj() {
            let full = format!("{}.{name}", m.name);
            if PY_MODULES.iter().any(|(n, _)| *n == full) {
                return self.import(&full);
            }
            return Err(self.new_error(
                "ImportError",
                format!("cannot import name '{name}' from '{}'", m.name),
            ));
        }
        Err(self.attr_error(module, name))
    }

    pub fn import_star(&mut self, module: &Value, into: &Globals) -> PyResult<()> {
        let Some(Object::Module(m)) = module.as_obj() else {
            return Ok(());
        };
        for (k, v) in m.globals.items() {
            if !k.starts_with('_') {
                into.set(&k, v);
            }
        }
        Ok(())
    }
}
