//! Built-in functions, with CPython's argument errors.

mod evalexec;
mod introspect;
mod numeric;
mod reflect;

use crate::interleave::runner::value::ObjRef;
use std::sync::{Arc, Mutex};

use num_traits::{Signed, Zero};

use crate::interleave::ast::{BinOp, CmpOp};
use crate::interleave::runner::drive::{Consumer, Took};
use crate::interleave::runner::host::Stream;
use crate::interleave::runner::ops::{plain_truth, to_big};
use crate::interleave::runner::value::{Args, IterState, NativeFn, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

use super::sort::sort_with;
use evalexec::{compile, eval, exec};
use introspect::{dir, globals, locals, vars};
use numeric::{abs, bin, chr, divmod, hex, oct, ord, pow, round};
use reflect::{callable, delattr, getattr, hasattr, isinstance, issubclass, setattr};

/// The built-in functions that take keywords (see `builtins::keywords`).
pub const KEYWORDS: &[super::keywords::Takes] = &[
    (print, "print", &["sep", "end", "file", "flush"]),
    (min, "min", &["key", "default"]),
    (max, "max", &["key", "default"]),
    (sum, "sum", &["start"]),
    (sorted, "sort", &["key", "reverse"]),
    (enumerate, "enumerate", &["start"]),
    (round, "round", &["ndigits"]),
];

pub const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("print", print),
    ("len", len),
    ("abs", abs),
    ("min", min),
    ("max", max),
    ("sum", sum),
    ("sorted", sorted),
    ("enumerate", enumerate),
    ("zip", zip),
    ("map", map),
    ("filter", filter),
    ("reversed", reversed),
    ("isinstance", isinstance),
    ("issubclass", issubclass),
    ("repr", repr),
    ("ascii", ascii),
    ("round", round),
    ("hash", hash),
    ("id", id),
    ("iter", iter),
    ("next", next),
    ("any", any),
    ("all", all),
    ("hex", hex),
    ("bin", bin),
    ("oct", oct),
    ("ord", ord),
    ("chr", chr),
    ("divmod", divmod),
    ("pow", pow),
    ("getattr", getattr),
    ("setattr", setattr),
    ("hasattr", hasattr),
    ("delattr", delattr),
    ("callable", callable),
    ("format", format),
    ("super", super::classes::super_),
    ("staticmethod", super::classes::staticmethod),
    ("classmethod", super::classes::classmethod),
    ("input", input),
    ("open", open),
    ("exit", exit),
    ("quit", exit),
    ("vars", vars),
    ("dir", dir),
    ("globals", globals),
    ("locals", locals),
    ("eval", eval),
    ("exec", exec),
    ("compile", compile),
];

/// Checks the number of positional arguments, in CPython's words.
pub fn arity(vm: &Vm, name: &str, args: &Args, min: usize, max: usize) -> PyResult<()> {
    let n = args.pos.len();
    if n >= min && n <= max {
        return Ok(());
    }
    let msg = if min == max {
        if min == 1 {
            format!("{name}() takes exactly one argument ({n} given)")
        } else {
            format!("{name} expected {min} arguments, got {n}")
        }
    } else if n < min {
        format!(
            "{name} expected at least {min} argument{}, got {n}",
            if min == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "{name} expected at most {max} argument{}, got {n}",
            if max == 1 { "" } else { "s" }
        )
    };
    Err(vm.new_error("TypeError", msg))
}

pub fn kwarg(args: &Args, name: &str) -> Option<Value> {
    args.kw
        .iter()
        .find(|(k, _)| &**k == name)
        .map(|(_, v)| v.clone())
}

fn print(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let sep = match kwarg(&args, "sep") {
        Some(Value::None) | None => " ".to_string(),
        Some(Value::Str(s)) => s.to_string(),
        Some(v) => {
            return Err(vm.new_error(
                "TypeError",
                format!("sep must be None or a string, not {}", vm.type_name(&v)),
            ))
        }
    };
    let end = match kwarg(&args, "end") {
        Some(Value::None) | None => "\n".to_string(),
        Some(Value::Str(s)) => s.to_string(),
        Some(v) => {
            return Err(vm.new_error(
                "TypeError",
                format!("end must be None or a string, not {}", vm.type_name(&v)),
            ))
        }
    };
    let stream = match kwarg(&args, "file") {
        Some(f) if crate::interleave::runner::modules::sys::is_stderr(&f) => Stream::Stderr,
        Some(f) if !crate::interleave::runner::modules::sys::is_stream(&f) && !f.is_none() => {
            return print_to(vm, &f, &args, &sep, &end);
        }
        _ => Stream::Stdout,
    };
    let mut out = String::new();
    for (i, a) in args.pos.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&vm.to_str(a)?);
    }
    out.push_str(&end);
    vm.interp.write(stream, &out);
    Ok(Value::None)
}

/// `print(..., file=f)` to a program's object (an `io.StringIO`, a class
/// with `write`): as CPython, one `f.write` call per argument, separator
/// and end, then `f.flush()` when `flush=True`.
fn print_to(vm: &mut Vm, file: &Value, args: &Args, sep: &str, end: &str) -> PyResult<Value> {
    let write = vm.get_attr(file, "write")?;
    for (i, a) in args.pos.iter().enumerate() {
        if i > 0 {
            vm.call(&write, Args::new(vec![Value::str(sep)]))?;
        }
        let s = vm.to_str(a)?;
        vm.call(&write, Args::new(vec![Value::str(&s)]))?;
    }
    vm.call(&write, Args::new(vec![Value::str(end)]))?;
    let flush = match kwarg(args, "flush") {
        Some(f) => vm.truthy(&f)?,
        None => false,
    };
    if flush {
        let flush = vm.get_attr(file, "flush")?;
        vm.call(&flush, Args::default())?;
    }
    Ok(Value::None)
}

fn len(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "len", &args, 1, 1)?;
    len_of(vm, &args.pos[0])
}

/// `len(x)` called with one argument, without building the call's
/// arguments (`while i < len(s)` calls it at every step: through the
/// general call it cost some 700 instructions, callgrind).
fn len_of(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(vm.len(v)? as i64))
}

/// Built-in functions with a one-argument entry (see `UnaryFn`).
pub const UNARY: &[(&str, crate::interleave::runner::value::UnaryFn)] = &[("len", len_of)];

pub fn range_new(vm: &mut Vm, pos: &[Value]) -> PyResult<Value> {
    let mut n = Vec::with_capacity(3);
    for v in pos {
        match v {
            Value::Int(i) => n.push(*i),
            Value::Bool(b) => n.push(*b as i64),
            Value::Big(_) => {
                return Err(vm.new_error(
                    "OverflowError",
                    "range() arguments larger than 64 bits are not supported here",
                ))
            }
            _ => {
                return Err(vm.new_error(
                    "TypeError",
                    format!(
                        "'{}' object cannot be interpreted as an integer",
                        vm.type_name(v)
                    ),
                ))
            }
        }
    }
    let (a, b, c) = match n.as_slice() {
        [b] => (0, *b, 1),
        [a, b] => (*a, *b, 1),
        [a, b, c] => (*a, *b, *c),
        [] => return Err(vm.new_error("TypeError", "range expected at least 1 argument, got 0")),
        _ => {
            return Err(vm.new_error(
                "TypeError",
                format!("range expected at most 3 arguments, got {}", n.len()),
            ))
        }
    };
    if c == 0 {
        return Err(vm.new_error("ValueError", "range() arg 3 must not be zero"));
    }
    Ok(Value::obj(Object::Range(a, b, c)))
}

/// `min`/`max`: over one iterable or several arguments, with `key` and
/// `default`.
fn extreme(vm: &mut Vm, args: Args, name: &str, want: CmpOp) -> PyResult<Value> {
    let key = kwarg(&args, "key").filter(|k| !k.is_none());
    let default = kwarg(&args, "default");
    let items = match args.pos.len() {
        0 => {
            return Err(vm.new_error(
                "TypeError",
                format!("{name} expected at least 1 argument, got 0"),
            ))
        }
        1 => vm.collect(&args.pos[0])?,
        _ => args.pos.to_vec(),
    };
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let k = match &key {
            Some(f) => vm.call1(f, vec![item.clone()])?,
            None => item.clone(),
        };
        let better = match &best {
            None => true,
            Some((bk, _)) => vm.compare(want, &k, bk).and_then(|r| vm.truthy(&r))?,
        };
        if better {
            best = Some((k, item));
        }
    }
    match (best, default) {
        (Some((_, v)), _) => Ok(v),
        (None, Some(d)) => Ok(d),
        (None, None) => {
            Err(vm.new_error("ValueError", format!("{name}() iterable argument is empty")))
        }
    }
}

fn min(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    extreme(vm, args, "min", CmpOp::Lt)
}

fn max(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    extreme(vm, args, "max", CmpOp::Gt)
}

fn sum(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "sum", &args, 1, 2)?;
    let acc = args
        .pos
        .get(1)
        .cloned()
        .or_else(|| kwarg(&args, "start"))
        .unwrap_or(Value::Int(0));
    if let Value::Str(_) = acc {
        return Err(vm.new_error(
            "TypeError",
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    let mut sum = Sum(acc);
    vm.each(&args.pos[0], &mut sum)?;
    Ok(sum.0)
}

/// `sum`'s running total.
struct Sum(Value);

impl Consumer for Sum {
    fn take(&mut self, x: Value) -> Option<Value> {
        (!add_in_place(&mut self.0, &x)).then_some(x)
    }

    fn feed(&mut self, vm: &mut Vm, x: Value) -> PyResult<Took> {
        self.0 = vm.binary_op(BinOp::Add, &self.0, &x)?;
        Ok(Took::More)
    }
}

/// `acc += x` where it needs no new object: small ints and floats, as
/// CPython's `sum` adds them in C, and an int past 64 bits that only `sum`
/// holds, grown where it lies. (A new big int per item — copied, added,
/// boxed, the old one freed — was half of `sum(i*i for i in range(n))`
/// once the sum passed 2**63.) `false`: nothing done, the general `+`.
#[inline(always)]
fn add_in_place(acc: &mut Value, x: &Value) -> bool {
    match (acc, x) {
        (Value::Int(a), Value::Int(b)) => match a.checked_add(*b) {
            Some(s) => *a = s,
            None => return false,
        },
        (Value::Float(a), Value::Float(b)) => *a += b,
        (Value::Float(a), Value::Int(b)) => *a += *b as f64,
        (acc @ Value::Big(_), Value::Int(b)) => {
            let Value::Big(big) = &mut *acc else {
                unreachable!("matched")
            };
            let Some(big) = std::sync::Arc::get_mut(big) else {
                return false;
            };
            *big += *b;
            // An int that fits in 64 bits is kept inline (`Value::from_big`).
            if let Ok(small) = i64::try_from(&*big) {
                *acc = Value::Int(small);
            }
        }
        _ => return false,
    }
    true
}

fn sorted(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "sorted", &args, 1, 1)?;
    let items = vm.collect(&args.pos[0])?;
    Ok(Value::list(sort_with(vm, items, &args)?))
}

fn lazy(state: IterState) -> Value {
    Value::obj(Object::Iter(Mutex::new(state)))
}

fn enumerate(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "enumerate", &args, 1, 2)?;
    let inner = vm.iter(&args.pos[0])?;
    let count = args
        .pos
        .get(1)
        .cloned()
        .or_else(|| kwarg(&args, "start"))
        .unwrap_or(Value::Int(0));
    Ok(lazy(IterState::Enumerate { inner, count }))
}

fn zip(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let mut inners = Vec::with_capacity(args.pos.len());
    for a in &args.pos {
        inners.push(vm.iter(a)?);
    }
    Ok(lazy(IterState::Zip(inners)))
}

fn map(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    if args.pos.len() < 2 {
        return Err(vm.new_error("TypeError", "map() must have at least two arguments."));
    }
    let mut inners = Vec::new();
    for a in &args.pos[1..] {
        inners.push(vm.iter(a)?);
    }
    Ok(lazy(IterState::Map {
        func: args.pos[0].clone(),
        inners,
    }))
}

fn filter(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "filter", &args, 2, 2)?;
    let inner = vm.iter(&args.pos[1])?;
    Ok(lazy(IterState::Filter {
        func: args.pos[0].clone(),
        inner,
    }))
}

fn reversed(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "reversed", &args, 1, 1)?;
    let mut items = vm.collect(&args.pos[0])?;
    items.reverse();
    // CPython's name for a list's; other sequences' differ
    // (`reversed` of a tuple or a range).
    let name = match args.pos[0].as_obj() {
        Some(Object::Range(..)) => "range_iterator",
        Some(Object::List(_)) => "list_reverseiterator",
        _ => "reversed",
    };
    Ok(lazy(IterState::Items(items.into_iter(), name)))
}

fn repr(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "repr", &args, 1, 1)?;
    let s = vm.repr(&args.pos[0])?;
    vm.new_str(s)
}

fn ascii(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "ascii", &args, 1, 1)?;
    let s = vm.repr(&args.pos[0])?;
    vm.new_str(crate::interleave::runner::format::ascii_escape(&s))
}

fn hash(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "hash", &args, 1, 1)?;
    vm.key_view(&args.pos[0])?;
    if let Some(Object::Instance(i)) = args.pos[0].as_obj() {
        if let Some(h) = vm.instance_hash(&args.pos[0], i)? {
            return Ok(Value::Int(h));
        }
    }
    Ok(Value::Int(super::hashing::value_hash(&args.pos[0])))
}

fn id(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "id", &args, 1, 1)?;
    Ok(Value::Int(match &args.pos[0] {
        Value::Obj(o) => ObjRef::as_ptr(o) as usize as i64,
        Value::Str(s) => s.as_ptr() as usize as i64,
        Value::Big(b) => Arc::as_ptr(b) as usize as i64,
        Value::Int(i) => 0x1000_0000 + (*i & 0xffff) * 32,
        Value::None => 0x0900_0000,
        Value::Bool(b) => 0x0900_0100 + *b as i64 * 32,
        Value::Float(x) => (x.to_bits() >> 12) as i64,
    }))
}

fn iter(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "iter", &args, 1, 2)?;
    if args.pos.len() == 2 {
        return Ok(lazy(IterState::Call {
            func: args.pos[0].clone(),
            sentinel: args.pos[1].clone(),
        }));
    }
    vm.iter(&args.pos[0])
}

fn next(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "next", &args, 1, 2)?;
    // A generator's return value rides on the StopIteration.
    if let (Some(Object::Generator(g)), 1) = (args.pos[0].as_obj(), args.pos.len()) {
        let r = vm.resume_full(g, Value::None);
        return super::methods_list::yielded(vm, r);
    }
    match vm.next(&args.pos[0])? {
        Some(v) => Ok(v),
        None => match args.pos.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(vm.new_error("StopIteration", "")),
        },
    }
}

fn any(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "any", &args, 1, 1)?;
    first_with_truth(vm, &args.pos[0], true)
}

fn all(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "all", &args, 1, 1)?;
    first_with_truth(vm, &args.pos[0], false).map(|found| match found {
        Value::Bool(b) => Value::Bool(!b),
        v => v,
    })
}

/// Whether an item of `iterable` has truth `want`, stopping at the first
/// (`any` and, with `want` false, `not all`).
fn first_with_truth(vm: &mut Vm, iterable: &Value, want: bool) -> PyResult<Value> {
    let mut c = Truth { want, found: false };
    vm.each(iterable, &mut c)?;
    Ok(Value::Bool(c.found))
}

/// `any`/`all`'s search.
struct Truth {
    want: bool,
    found: bool,
}

impl Consumer for Truth {
    fn take(&mut self, x: Value) -> Option<Value> {
        // Hands back the answer (to stop there) and an instance, whose
        // `__bool__` may be Python code.
        match plain_truth(&x) {
            Some(t) if t != self.want => None,
            _ => Some(x),
        }
    }

    fn feed(&mut self, vm: &mut Vm, x: Value) -> PyResult<Took> {
        if vm.truthy(&x)? == self.want {
            self.found = true;
            return Ok(Took::Stop);
        }
        Ok(Took::More)
    }
}

fn format(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "format", &args, 1, 2)?;
    let spec = match args.pos.get(1) {
        Some(Value::Str(s)) => s.to_string(),
        Some(v) => {
            return Err(vm.new_error(
                "TypeError",
                format!("format() argument 2 must be str, not {}", vm.type_name(v)),
            ))
        }
        None => String::new(),
    };
    let s = vm.format(&args.pos[0], &spec)?;
    vm.new_str(s)
}

fn input(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Err(vm.new_error(
        "OSError",
        "input() is not available here: the program runs without a keyboard; put the value in the program instead",
    ))
}

fn open(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Err(vm.new_error(
        "OSError",
        "open() is not available here: there are no files in the browser; use time.sleep() to stand in for file or network waits",
    ))
}

fn exit(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let code = args.pos.into_iter().next();
    let cls = vm.interp.types.get("SystemExit").clone();
    let e = vm.call1(&cls, code.into_iter().collect::<Vec<_>>())?;
    Err(crate::interleave::runner::PyErr::new(e))
}
