//! `_random`: the native half of `random` (`lib/random.py` is the rest).
//! Its functions draw from the run's shared generator when called as
//! module functions (`random.random()`, hot in Monte Carlo loops), or from
//! one `random.Random(seed)` object's own generator when bound to a
//! [`Gen`] — each behind its own lock, so threads sharing one never
//! corrupt it. The distributions (`gauss`, `choices`, …) are written in
//! Python on top of these, drawing in CPython's order.

mod mt;

pub use mt::Mt;

use std::sync::Mutex;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use crate::interleave::ast::BinOp;
use crate::interleave::runner::builtins::functions::arity;
use crate::interleave::runner::ops::to_big;
use crate::interleave::runner::value::{lock, Args, Builtin, Native, NativeFn, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

/// The generator of one `random.Random` object.
pub struct Gen {
    mt: Mutex<Mt>,
}

impl Native for Gen {
    fn type_name(&self) -> &str {
        "_random.Random"
    }

    fn attr(&self, me: &Value, name: &str) -> Option<Value> {
        let (name, func) = *FUNCS.iter().find(|(n, _)| *n == name)?;
        Some(Value::obj(Object::Builtin(Builtin {
            name,
            func,
            bound: Some(me.clone()),
            module: None,
            unary: None,
        })))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    /// A forked process goes on from a copy of the parent's state.
    fn fork_copy(&self) -> Option<Box<dyn Native>> {
        Some(Box::new(Gen {
            mt: Mutex::new(lock(&self.mt).clone()),
        }))
    }
}

/// Runs `f` on the generator `me` is bound to, or on the run's own.
fn with_mt<R>(vm: &Vm, me: Option<&Value>, f: impl FnOnce(&mut Mt) -> R) -> R {
    if let Some(Object::Native(n)) = me.and_then(|v| v.as_obj()) {
        if let Some(g) = n.as_any().downcast_ref::<Gen>() {
            return f(&mut lock(&g.mt));
        }
    }
    f(&mut lock(&vm.interp.random))
}

/// The arguments of `Random.name(self, names...)`, by position or keyword,
/// the first `required` of them required: CPython's messages otherwise.
fn params(
    vm: &Vm,
    name: &str,
    args: &Args,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    let given = args.pos.len();
    if given > names.len() {
        let takes = if required == names.len() {
            format!("{}", names.len() + 1)
        } else {
            format!("from {} to {}", required + 1, names.len() + 1)
        };
        return Err(vm.new_error(
            "TypeError",
            format!(
                "Random.{name}() takes {takes} positional arguments but {} were given",
                given + 1
            ),
        ));
    }
    let mut out = Vec::with_capacity(names.len());
    for (i, n) in names.iter().enumerate() {
        let kw = crate::interleave::runner::builtins::functions::kwarg(args, n);
        if kw.is_some() && i < given {
            return Err(vm.new_error(
                "TypeError",
                format!("Random.{name}() got multiple values for argument '{n}'"),
            ));
        }
        out.push(args.pos.get(i).cloned().or(kw));
    }
    let missing: Vec<String> = (0..required)
        .filter(|i| out[*i].is_none())
        .map(|i| format!("'{}'", names[i]))
        .collect();
    if !missing.is_empty() {
        let list = match missing.len() {
            1 => missing[0].clone(),
            _ => format!(
                "{} and {}",
                missing[..missing.len() - 1].join(", "),
                missing[missing.len() - 1]
            ),
        };
        let s = if missing.len() == 1 { "" } else { "s" };
        return Err(vm.new_error(
            "TypeError",
            format!(
                "Random.{name}() missing {} required positional argument{s}: {list}",
                missing.len()
            ),
        ));
    }
    Ok(out)
}

/// The keywords of the functions written in Rust (as CPython's Python
/// methods take them: `randrange(0, stop=10)`).
pub const KEYWORDS: &[crate::interleave::runner::builtins::keywords::Takes] = &[
    (randrange, "randrange", &["start", "stop", "step"]),
    (randint, "randint", &["a", "b"]),
    (uniform, "uniform", &["a", "b"]),
    (choice, "choice", &["seq"]),
    (shuffle, "shuffle", &["x"]),
];

/// `_random.Generator()`: a new generator, seeded from the clock until
/// `Random.__init__` seeds it.
fn generator(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "Generator", &args, 0, 0)?;
    Ok(Value::obj(Object::Native(Box::new(Gen {
        mt: Mutex::new(Mt::default()),
    }))))
}

/// `seed(n)`: `n` is None or an int (`random.py` turns str, bytes and
/// float seeds into ints first, as CPython does).
fn seed(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "seed", &args, 0, 1)?;
    let mt = match args.pos.first() {
        None | Some(Value::None) => Mt::default(),
        Some(v) => Mt::from_int(&int_arg(vm, v)?.abs()),
    };
    with_mt(vm, me, |g| *g = mt);
    Ok(Value::None)
}

fn random(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    if !args.pos.is_empty() {
        return Err(vm.new_error(
            "TypeError",
            format!(
                "Random.random() takes no arguments ({} given)",
                args.pos.len()
            ),
        ));
    }
    Ok(Value::Float(with_mt(vm, me, Mt::random)))
}

fn int_arg(vm: &Vm, v: &Value) -> PyResult<BigInt> {
    to_big(v).ok_or_else(|| {
        vm.new_error(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(v)
            ),
        )
    })
}

/// `randrange`'s argument: an int, or (CPython 3.11 still allows it,
/// deprecated) a float or other number equal to an int.
fn range_arg(vm: &mut Vm, v: &Value, what: &str) -> PyResult<BigInt> {
    if let Some(b) = to_big(v) {
        return Ok(b);
    }
    let i = crate::interleave::runner::builtins::construct(vm, "int", Args::new(vec![v.clone()]))?;
    let same = matches!(v, Value::Float(x) if x.fract() == 0.0);
    match to_big(&i) {
        Some(b) if same => Ok(b),
        _ => Err(vm.new_error("ValueError", format!("non-integer {what} for randrange()"))),
    }
}

fn below(vm: &mut Vm, me: Option<&Value>, n: &BigInt) -> Value {
    Value::from_big(with_mt(vm, me, |g| g.below(n)))
}

/// CPython 3.11's `randrange`, with its checks in its order.
fn randrange_of(
    vm: &mut Vm,
    me: Option<&Value>,
    start: &Value,
    stop: Option<&Value>,
    step: Option<&Value>,
) -> PyResult<Value> {
    let istart = range_arg(vm, start, "arg 1")?;
    let Some(stop) = stop.filter(|v| !matches!(v, Value::None)) else {
        if step.is_some() {
            return Err(vm.new_error("TypeError", "Missing a non-None stop argument"));
        }
        if istart.is_positive() {
            return Ok(below(vm, me, &istart));
        }
        return Err(vm.new_error("ValueError", "empty range for randrange()"));
    };
    let istop = range_arg(vm, stop, "stop")?;
    let width = &istop - &istart;
    let istep = match step {
        Some(s) => range_arg(vm, s, "step")?,
        None => BigInt::from(1),
    };
    if istep == BigInt::from(1) {
        if width.is_positive() {
            let r = with_mt(vm, me, |g| g.below(&width));
            return Ok(Value::from_big(istart + r));
        }
        return Err(vm.new_error(
            "ValueError",
            format!("empty range for randrange() ({istart}, {istop}, {width})"),
        ));
    }
    let n: BigInt = if istep.is_positive() {
        num_integer::Integer::div_floor(&(&width + &istep - 1), &istep)
    } else if istep.is_negative() {
        num_integer::Integer::div_floor(&(&width + &istep + 1), &istep)
    } else {
        return Err(vm.new_error("ValueError", "zero step for randrange()"));
    };
    if !n.is_positive() {
        return Err(vm.new_error("ValueError", "empty range for randrange()"));
    }
    let r = with_mt(vm, me, |g| g.below(&n));
    Ok(Value::from_big(istart + istep * r))
}

fn randrange(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let p = params(vm, "randrange", &args, &["start", "stop", "step"], 1)?;
    let start = p[0].clone().unwrap_or(Value::None);
    randrange_of(vm, me, &start, p[1].as_ref(), p[2].as_ref())
}

fn randint(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let p = params(vm, "randint", &args, &["a", "b"], 2)?;
    let (Some(a), Some(b)) = (&p[0], &p[1]) else {
        return Ok(Value::None);
    };
    let b1 = vm.binary_op(BinOp::Add, b, &Value::Int(1))?;
    randrange_of(vm, me, a, Some(&b1), None)
}

/// `_randbelow(n)`, for the methods written in Python.
fn randbelow(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "_randbelow", &args, 1, 1)?;
    let n = int_arg(vm, &args.pos[0])?;
    Ok(below(vm, me, &n))
}

fn uniform(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let p = params(vm, "uniform", &args, &["a", "b"], 2)?;
    let (Some(a), Some(b)) = (&p[0], &p[1]) else {
        return Ok(Value::None);
    };
    // `a + (b - a) * random()`, as CPython: any numbers, its errors.
    let width = vm.binary_op(BinOp::Sub, b, a)?;
    let r = Value::Float(with_mt(vm, me, Mt::random));
    let step = vm.binary_op(BinOp::Mul, &width, &r)?;
    vm.binary_op(BinOp::Add, a, &step)
}

fn choice(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let p = params(vm, "choice", &args, &["seq"], 1)?;
    let seq = p[0].clone().unwrap_or(Value::None);
    let n = vm.len(&seq)?;
    if n == 0 {
        return Err(vm.new_error("IndexError", "Cannot choose from an empty sequence"));
    }
    let i = below(vm, me, &BigInt::from(n));
    vm.get_item(&seq, &i)
}

fn shuffle(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let p = params(vm, "shuffle", &args, &["x"], 1)?;
    let x = p[0].clone().unwrap_or(Value::None);
    let Some(Object::List(l)) = x.as_obj() else {
        return shuffle_sequence(vm, me, &x);
    };
    let mut items = lock(l).clone();
    with_mt(vm, me, |g| {
        for i in (1..items.len()).rev() {
            let j = g.below(&BigInt::from(i + 1)).to_usize().unwrap_or(0);
            items.swap(i, j);
        }
    });
    *lock(l) = items;
    Ok(Value::None)
}

/// `shuffle` of another mutable sequence, through its `[]` (a tuple
/// fails as CPython's does, on the first assignment).
fn shuffle_sequence(vm: &mut Vm, me: Option<&Value>, x: &Value) -> PyResult<Value> {
    let n = vm.len(x)?;
    for i in (1..n).rev() {
        let j = below(vm, me, &BigInt::from(i + 1));
        let i = Value::Int(i as i64);
        let (a, b) = (vm.get_item(x, &i)?, vm.get_item(x, &j)?);
        vm.set_item(x, i, b)?;
        vm.set_item(x, j, a)?;
    }
    Ok(Value::None)
}

fn getrandbits(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    if args.pos.len() != 1 {
        return Err(vm.new_error(
            "TypeError",
            format!(
                "Random.getrandbits() takes exactly one argument ({} given)",
                args.pos.len()
            ),
        ));
    }
    let k = int_arg(vm, &args.pos[0])?;
    if k.is_negative() {
        return Err(vm.new_error("ValueError", "number of bits must be non-negative"));
    }
    let Some(k) = k.to_i32() else {
        return Err(vm.new_error("OverflowError", "Python int too large to convert to C int"));
    };
    // A run's heap could not hold more: CPython would try, and fail.
    if k > 1 << 30 {
        return Err(vm.new_error("MemoryError", ""));
    }
    let k = k as u64;
    Ok(Value::from_big(with_mt(vm, me, |g| g.getrandbits(k))))
}

/// The generator's state: a tuple of 625 ints (`random.py` wraps it).
fn getstate(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "getstate", &args, 0, 0)?;
    let words = with_mt(vm, me, |g| g.words());
    Ok(Value::tuple(
        words.into_iter().map(|w| Value::Int(w as i64)),
    ))
}

fn setstate(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "setstate", &args, 1, 1)?;
    let Some(Object::Tuple(items)) = args.pos[0].as_obj() else {
        return Err(vm.new_error("TypeError", "state vector must be a tuple"));
    };
    if items.len() != mt::N + 1 {
        return Err(vm.new_error("ValueError", "state vector is the wrong size"));
    }
    let mut words = Vec::with_capacity(mt::N);
    for v in &items[..mt::N] {
        let w = int_arg(vm, v)?;
        // CPython keeps the low 32 bits of each word.
        words.push((w & BigInt::from(u32::MAX)).to_u32().unwrap_or(0));
    }
    let index = int_arg(vm, &items[mt::N])?;
    let built = index
        .to_usize()
        .and_then(|i| Mt::from_words(&words, i))
        .ok_or_else(|| vm.new_error("ValueError", "invalid state"))?;
    with_mt(vm, me, |g| *g = built);
    Ok(Value::None)
}

/// The functions, both the module's and each [`Gen`]'s methods.
const FUNCS: &[(&str, NativeFn)] = &[
    ("seed", seed),
    ("random", random),
    ("randint", randint),
    ("randrange", randrange),
    ("_randbelow", randbelow),
    ("uniform", uniform),
    ("choice", choice),
    ("shuffle", shuffle),
    ("getrandbits", getrandbits),
    ("getstate", getstate),
    ("setstate", setstate),
];

pub fn module(run: &crate::interleave::runner::obj::Immortals) -> Value {
    let mut funcs = FUNCS.to_vec();
    funcs.push(("Generator", generator));
    super::native_module("_random", &funcs, Vec::new(), run)
}
