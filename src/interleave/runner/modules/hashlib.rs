//! `hashlib`: `md5`, `sha1`, `sha224`/`sha256`/`sha384`/`sha512`,
//! `blake2b`/`blake2s` and `new(name, data)`, computed by the RustCrypto
//! crates (`md-5`, `sha1`, `sha2`, `blake2`).
//!
//! # The lesson
//!
//! Hashing is the tutorials' CPU-bound work that threads *do* speed up in
//! CPython: `_hashlib` lets go of the GIL while it hashes a buffer of 2048
//! bytes or more (`HASHLIB_GIL_MINSIZE`), so four threads hashing large
//! buffers run on four cores, while four threads hashing short passwords
//! one by one take turns like any Python loop (the call is too short to be
//! worth the hand-over). The runner does the same: an update of 2048 bytes
//! or more runs with the GIL released ([`Vm::without_gil`]) and shows on
//! the thread's lane as native work; a shorter one runs holding it.
//!
//! Each hash object has its own lock, as CPython's has once it has seen a
//! large update: a thread that updates an object another thread is
//! hashing into waits for it, without the GIL.

use std::sync::{Mutex, MutexGuard};

use blake2::digest::core_api::{Buffer as CoreBuffer, UpdateCore, VariableOutputCore};
use blake2::{Blake2bVarCore, Blake2sVarCore};
use sha2::Digest;

use crate::interleave::runner::builtins::functions::kwarg;
use crate::interleave::runner::bytes::as_bytes;
use crate::interleave::runner::obj::Immortals;
use crate::interleave::runner::timeline::SpanKind;
use crate::interleave::runner::value::{Args, Builtin, Native, NativeFn, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

/// CPython's `HASHLIB_GIL_MINSIZE`: from this many bytes an update runs
/// with the GIL released.
pub const GIL_MINSIZE: usize = 2048;

/// The functions here that take keywords (see `builtins::keywords`).
pub const KEYWORDS: &[crate::interleave::runner::builtins::keywords::Takes] = &[
    (md5, "openssl_md5", OPENSSL),
    (sha1, "openssl_sha1", OPENSSL),
    (sha224, "openssl_sha224", OPENSSL),
    (sha256, "openssl_sha256", OPENSSL),
    (sha384, "openssl_sha384", OPENSSL),
    (sha512, "openssl_sha512", OPENSSL),
    (blake2b, "blake2b", BLAKE2),
    (blake2s, "blake2s", BLAKE2),
    (new, "__hash_new", &["*"]),
];

const OPENSSL: &[&str] = &["string", "usedforsecurity"];
const BLAKE2: &[&str] = &[
    "data",
    "digest_size",
    "key",
    "salt",
    "person",
    "usedforsecurity",
];

pub fn module(run: &Immortals) -> Value {
    super::native_module(
        "hashlib",
        &[
            ("md5", md5),
            ("sha1", sha1),
            ("sha224", sha224),
            ("sha256", sha256),
            ("sha384", sha384),
            ("sha512", sha512),
            ("blake2b", blake2b),
            ("blake2s", blake2s),
            ("new", new),
        ],
        Vec::new(),
        run,
    )
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Algo {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    Blake2b,
    Blake2s,
}

impl Algo {
    fn name(self) -> &'static str {
        match self {
            Algo::Md5 => "md5",
            Algo::Sha1 => "sha1",
            Algo::Sha224 => "sha224",
            Algo::Sha256 => "sha256",
            Algo::Sha384 => "sha384",
            Algo::Sha512 => "sha512",
            Algo::Blake2b => "blake2b",
            Algo::Blake2s => "blake2s",
        }
    }

    /// `hashlib.new`'s names: OpenSSL's, whose lookup ignores case.
    fn by_name(name: &str) -> Option<Algo> {
        Some(match name.to_ascii_lowercase().as_str() {
            "md5" => Algo::Md5,
            "sha1" => Algo::Sha1,
            "sha224" => Algo::Sha224,
            "sha256" => Algo::Sha256,
            "sha384" => Algo::Sha384,
            "sha512" => Algo::Sha512,
            "blake2b" | "blake2b512" => Algo::Blake2b,
            "blake2s" | "blake2s256" => Algo::Blake2s,
            _ => return None,
        })
    }

    fn block_size(self) -> usize {
        match self {
            Algo::Sha384 | Algo::Sha512 | Algo::Blake2b => 128,
            _ => 64,
        }
    }

    fn blake(self) -> bool {
        matches!(self, Algo::Blake2b | Algo::Blake2s)
    }
}

/// A BLAKE2 state with its own digest size, key, salt and person (what
/// `blake2::Blake2bVar` cannot be built with): the core and its buffer,
/// as `digest`'s own wrapper keeps them.
macro_rules! blake_state {
    ($name:ident, $core:ty, $block:expr) => {
        #[derive(Clone)]
        struct $name {
            core: $core,
            buffer: CoreBuffer<$core>,
            size: usize,
        }

        impl $name {
            fn new(p: &Params) -> $name {
                let mut b = $name {
                    core: <$core>::new_with_params(&p.salt, &p.person, p.key.len(), p.digest_size),
                    buffer: Default::default(),
                    size: p.digest_size,
                };
                // A keyed BLAKE2 hashes its key, padded with zeros to a
                // block, first.
                if !p.key.is_empty() {
                    let mut padded = p.key.clone();
                    padded.resize($block, 0);
                    b.update(&padded);
                }
                b
            }

            fn update(&mut self, data: &[u8]) {
                let core = &mut self.core;
                self.buffer
                    .digest_blocks(data, |blocks| core.update_blocks(blocks));
            }

            fn finish(mut self) -> Vec<u8> {
                let mut out = Default::default();
                self.core.finalize_variable_core(&mut self.buffer, &mut out);
                out[..self.size].to_vec()
            }
        }
    };
}

blake_state!(Blake2b, Blake2bVarCore, 128);
blake_state!(Blake2s, Blake2sVarCore, 64);

#[derive(Clone)]
enum State {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    Blake2b(Blake2b),
    Blake2s(Blake2s),
}

impl State {
    fn update(&mut self, data: &[u8]) {
        match self {
            State::Md5(h) => h.update(data),
            State::Sha1(h) => h.update(data),
            State::Sha224(h) => h.update(data),
            State::Sha256(h) => h.update(data),
            State::Sha384(h) => h.update(data),
            State::Sha512(h) => h.update(data),
            State::Blake2b(h) => h.update(data),
            State::Blake2s(h) => h.update(data),
        }
    }

    fn digest(self) -> Vec<u8> {
        match self {
            State::Md5(h) => h.finalize().to_vec(),
            State::Sha1(h) => h.finalize().to_vec(),
            State::Sha224(h) => h.finalize().to_vec(),
            State::Sha256(h) => h.finalize().to_vec(),
            State::Sha384(h) => h.finalize().to_vec(),
            State::Sha512(h) => h.finalize().to_vec(),
            State::Blake2b(h) => h.finish(),
            State::Blake2s(h) => h.finish(),
        }
    }
}

/// A hash object: `_hashlib.HASH` (or `_blake2.blake2b`/`blake2s`).
pub struct Hash {
    algo: Algo,
    digest_size: usize,
    state: Mutex<State>,
}

impl Native for Hash {
    fn type_name(&self) -> &str {
        match self.algo {
            Algo::Blake2b => "_blake2.blake2b",
            Algo::Blake2s => "_blake2.blake2s",
            _ => "_hashlib.HASH",
        }
    }

    fn attr(&self, me: &Value, name: &str) -> Option<Value> {
        let f: (&'static str, NativeFn) = match name {
            "name" => return Some(Value::str(self.algo.name())),
            "digest_size" => return Some(Value::Int(self.digest_size as i64)),
            "block_size" => return Some(Value::Int(self.algo.block_size() as i64)),
            "update" => ("update", update),
            "digest" => ("digest", digest),
            "hexdigest" => ("hexdigest", hexdigest),
            "copy" => ("copy", copy),
            _ => return None,
        };
        Some(Value::obj(Object::Builtin(Builtin {
            name: f.0,
            func: f.1,
            bound: Some(me.clone()),
            module: None,
            unary: None,
        })))
    }

    fn repr(&self) -> Option<String> {
        let addr = self as *const Hash as usize;
        Some(if self.algo.blake() {
            format!("<{} object at {addr:#x}>", self.type_name())
        } else {
            format!("<{} _hashlib.HASH object @ {addr:#x}>", self.algo.name())
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    /// A forked child has its own copy of the state so far.
    fn fork_copy(&self) -> Option<Box<dyn Native>> {
        Some(Box::new(self.duplicate()))
    }
}

impl Hash {
    fn duplicate(&self) -> Hash {
        Hash {
            algo: self.algo,
            digest_size: self.digest_size,
            state: Mutex::new(crate::interleave::runner::value::lock(&self.state).clone()),
        }
    }

    /// The state, locked. A thread hashing into it without the GIL holds
    /// it: the wait then lets go of the GIL too, as CPython's does.
    fn state<'a>(&'a self, vm: &mut Vm) -> MutexGuard<'a, State> {
        match self.state.try_lock() {
            Ok(g) => g,
            Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => {
                let what = format!("{} object's lock", self.algo.name());
                // Timed: the holder is hashing, not waiting for anything.
                vm.blocking(SpanKind::Blocked, &what, None, true, |_| {
                    crate::interleave::runner::value::lock(&self.state)
                })
            }
        }
    }

    /// `update(data)`: a buffer of [`GIL_MINSIZE`] bytes or more is hashed
    /// with the GIL released.
    fn feed(&self, vm: &mut Vm, data: &[u8]) {
        if data.len() < GIL_MINSIZE {
            self.state(vm).update(data);
            return;
        }
        // As CPython's `EVP_update` and `blake2b_update`: the GIL goes
        // first, then the object's own lock is taken (waiting for another
        // thread's update of the same object, if any) and the buffer
        // hashed, and the GIL is taken back after. Other threads run
        // Python code meanwhile, and threads hashing large buffers use
        // separate cores: the speed-up the tutorials show with hashlib.
        let what = format!(
            "{} of {} bytes (GIL released)",
            self.algo.name(),
            data.len()
        );
        vm.without_gil(&what, || {
            crate::interleave::runner::value::lock(&self.state).update(data);
        });
    }
}

fn the_hash<'a>(vm: &Vm, me: Option<&'a Value>) -> PyResult<&'a Hash> {
    if let Some(Object::Native(n)) = me.and_then(|v| v.as_obj()) {
        if let Some(h) = n.as_any().downcast_ref::<Hash>() {
            return Ok(h);
        }
    }
    Err(vm.new_error("TypeError", "descriptor requires a hash object"))
}

/// The bytes to hash, or CPython's refusal (`str` must be encoded first).
fn data<'a>(vm: &Vm, v: &'a Value) -> PyResult<std::borrow::Cow<'a, [u8]>> {
    match as_bytes(v) {
        Some(b) => Ok(b),
        None if matches!(v, Value::Str(_)) => {
            Err(vm.new_error("TypeError", "Strings must be encoded before hashing"))
        }
        None => Err(vm.new_error("TypeError", "object supporting the buffer API required")),
    }
}

fn update(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let h = the_hash(vm, me)?;
    if args.pos.len() != 1 {
        let shown = if h.algo.blake() {
            h.algo.name()
        } else {
            "HASH"
        };
        return Err(vm.new_error(
            "TypeError",
            format!(
                "{shown}.update() takes exactly one argument ({} given)",
                args.pos.len()
            ),
        ));
    }
    let b = data(vm, &args.pos[0])?;
    h.feed(vm, &b);
    Ok(Value::None)
}

fn no_arguments(vm: &Vm, h: &Hash, name: &str, args: &Args) -> PyResult<()> {
    if args.pos.is_empty() {
        return Ok(());
    }
    let shown = if h.algo.blake() {
        h.algo.name()
    } else {
        "HASH"
    };
    Err(vm.new_error(
        "TypeError",
        format!(
            "{shown}.{name}() takes no arguments ({} given)",
            args.pos.len()
        ),
    ))
}

fn finished(vm: &mut Vm, me: Option<&Value>, name: &str, args: &Args) -> PyResult<Vec<u8>> {
    let h = the_hash(vm, me)?;
    no_arguments(vm, h, name, args)?;
    let state = h.state(vm).clone();
    Ok(state.digest())
}

fn digest(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let d = finished(vm, me, "digest", &args)?;
    vm.new_bytes(d)
}

fn hexdigest(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let d = finished(vm, me, "hexdigest", &args)?;
    let s = crate::interleave::runner::bytes::hex(&d, None, 1);
    vm.new_str(s)
}

fn copy(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let h = the_hash(vm, me)?;
    no_arguments(vm, h, "copy", &args)?;
    let state = h.state(vm).clone();
    Ok(Value::obj(Object::Native(Box::new(Hash {
        algo: h.algo,
        digest_size: h.digest_size,
        state: Mutex::new(state),
    }))))
}

/// BLAKE2's parameters: digest size, key, salt, person.
struct Params {
    digest_size: usize,
    key: Vec<u8>,
    salt: Vec<u8>,
    person: Vec<u8>,
}

fn blake_params(vm: &Vm, algo: Algo, args: &Args) -> PyResult<Params> {
    let max = if algo == Algo::Blake2b { 64 } else { 32 };
    let small = max / 4;
    let digest_size = match kwarg(args, "digest_size") {
        None => max,
        Some(Value::Int(n)) if (1..=max as i64).contains(&n) => n as usize,
        Some(Value::Int(_)) => {
            return Err(vm.new_error(
                "ValueError",
                format!("digest_size must be between 1 and {max} bytes"),
            ))
        }
        Some(v) => {
            return Err(vm.new_error(
                "TypeError",
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    vm.type_name(&v)
                ),
            ))
        }
    };
    let bytes_kw = |name: &str, limit: usize, what: &str| -> PyResult<Vec<u8>> {
        let Some(v) = kwarg(args, name) else {
            return Ok(Vec::new());
        };
        let b = data(vm, &v)?.into_owned();
        if b.len() > limit {
            return Err(vm.new_error(
                "ValueError",
                format!("maximum {what} length is {limit} bytes"),
            ));
        }
        Ok(b)
    };
    Ok(Params {
        digest_size,
        key: bytes_kw("key", max, "key")?,
        salt: bytes_kw("salt", small * 2, "salt")?,
        person: bytes_kw("person", small * 2, "person")?,
    })
}

fn fresh(vm: &Vm, algo: Algo, args: &Args) -> PyResult<(State, usize)> {
    Ok(match algo {
        Algo::Md5 => (State::Md5(md5::Md5::new()), 16),
        Algo::Sha1 => (State::Sha1(sha1::Sha1::new()), 20),
        Algo::Sha224 => (State::Sha224(sha2::Sha224::new()), 28),
        Algo::Sha256 => (State::Sha256(sha2::Sha256::new()), 32),
        Algo::Sha384 => (State::Sha384(sha2::Sha384::new()), 48),
        Algo::Sha512 => (State::Sha512(sha2::Sha512::new()), 64),
        Algo::Blake2b => {
            let p = blake_params(vm, algo, args)?;
            (State::Blake2b(Blake2b::new(&p)), p.digest_size)
        }
        Algo::Blake2s => {
            let p = blake_params(vm, algo, args)?;
            (State::Blake2s(Blake2s::new(&p)), p.digest_size)
        }
    })
}

/// A new hash object of `algo`, fed `initial` if given.
fn make(vm: &mut Vm, algo: Algo, initial: Option<&Value>, args: &Args) -> PyResult<Value> {
    let (state, digest_size) = fresh(vm, algo, args)?;
    let h = Hash {
        algo,
        digest_size,
        state: Mutex::new(state),
    };
    if let Some(v) = initial {
        let b = data(vm, v)?;
        h.feed(vm, &b);
    }
    Ok(Value::obj(Object::Native(Box::new(h))))
}

/// `hashlib.sha256(string=b'', *, usedforsecurity=True)` and the others
/// OpenSSL provides.
fn openssl(vm: &mut Vm, algo: Algo, args: Args) -> PyResult<Value> {
    if args.pos.len() > 1 {
        return Err(vm.new_error(
            "TypeError",
            format!(
                "openssl_{}() takes at most 1 positional argument ({} given)",
                algo.name(),
                args.pos.len()
            ),
        ));
    }
    let initial = args.pos.first().cloned().or_else(|| kwarg(&args, "string"));
    make(vm, algo, initial.as_ref(), &args)
}

fn blake(vm: &mut Vm, algo: Algo, args: Args) -> PyResult<Value> {
    if args.pos.len() > 1 {
        return Err(vm.new_error(
            "TypeError",
            format!(
                "{}() takes at most 1 positional argument ({} given)",
                algo.name(),
                args.pos.len()
            ),
        ));
    }
    let initial = args.pos.first().cloned().or_else(|| kwarg(&args, "data"));
    make(vm, algo, initial.as_ref(), &args)
}

fn md5(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    openssl(vm, Algo::Md5, args)
}

fn sha1(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    openssl(vm, Algo::Sha1, args)
}

fn sha224(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    openssl(vm, Algo::Sha224, args)
}

fn sha256(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    openssl(vm, Algo::Sha256, args)
}

fn sha384(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    openssl(vm, Algo::Sha384, args)
}

fn sha512(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    openssl(vm, Algo::Sha512, args)
}

fn blake2b(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    blake(vm, Algo::Blake2b, args)
}

fn blake2s(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    blake(vm, Algo::Blake2s, args)
}

/// `hashlib.new(name, data=b'', **kwargs)`.
fn new(vm: &mut Vm, _: Option<&Value>, mut args: Args) -> PyResult<Value> {
    let name = if args.pos.is_empty() {
        kwarg(&args, "name")
    } else {
        Some(args.pos.remove(0))
    };
    let Some(name) = name else {
        return Err(vm.new_error(
            "TypeError",
            "__hash_new() missing 1 required positional argument: 'name'",
        ));
    };
    let Value::Str(name) = &name else {
        return Err(vm.new_error("TypeError", "name must be a string"));
    };
    let Some(algo) = Algo::by_name(name) else {
        return Err(vm.new_error("ValueError", format!("unsupported hash type {name}")));
    };
    let initial = args
        .pos
        .first()
        .cloned()
        .or_else(|| kwarg(&args, "data"))
        .or_else(|| kwarg(&args, "string"));
    make(vm, algo, initial.as_ref(), &args)
}
