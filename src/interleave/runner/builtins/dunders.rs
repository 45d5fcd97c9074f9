//! The special methods of built-in values: `[].__len__()`, `(5).__add__(3)`,
//! `"a".__lt__("b")`, and above all `hasattr(x, "__iter__")`, the
//! duck-typing check a tutorial writes before it loops over whatever it was
//! given. Each does what its operator or built-in function does with that
//! value; which ones a value has follows CPython (a list has `__len__` and
//! no `__bool__`, an int `__bool__` and no `__len__`, a list's `__hash__`
//! is None).

use crate::interleave::ast::{BinOp, CmpOp};
use crate::interleave::runner::value::{Args, Builtin, NativeFn, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

/// What a built-in value can do, as far as its special methods go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Float,
    NoneType,
    Str,
    Bytes,
    List,
    Tuple,
    Dict,
    Set,
    ByteArray,
    Range,
    Iterator,
    Callable,
    Other,
}

fn kind(v: &Value) -> Kind {
    match v {
        Value::Int(_) | Value::Big(_) | Value::Bool(_) => Kind::Int,
        Value::Float(_) => Kind::Float,
        Value::None => Kind::NoneType,
        Value::Str(_) => Kind::Str,
        Value::Obj(o) => match &**o {
            Object::Bytes(_) => Kind::Bytes,
            Object::ByteArray(_) => Kind::ByteArray,
            Object::List(_) => Kind::List,
            Object::Tuple(_) => Kind::Tuple,
            Object::Dict(_) => Kind::Dict,
            Object::Set(_) | Object::FrozenSet(_) => Kind::Set,
            Object::Range(..) => Kind::Range,
            Object::Iter(_) | Object::RangeIter(_) | Object::Generator(_) => Kind::Iterator,
            Object::Function(_) | Object::Builtin(_) | Object::Method(..) => Kind::Callable,
            _ => Kind::Other,
        },
    }
}

use Kind::*;

const CONTAINERS: &[Kind] = &[Str, Bytes, ByteArray, List, Tuple, Dict, Set, Range];
const INDEXED: &[Kind] = &[Str, Bytes, ByteArray, List, Tuple, Dict, Range];
const MUTABLE: &[Kind] = &[List, Dict, ByteArray];
const NUMBERS: &[Kind] = &[Int, Float];
const CONCAT: &[Kind] = &[Int, Float, Str, Bytes, ByteArray, List, Tuple];
const EVERY: &[Kind] = &[
    Int, Float, NoneType, Str, Bytes, ByteArray, List, Tuple, Dict, Set, Range, Iterator, Callable,
    Other,
];

/// Each special method, the kinds of value that have it, and what it does.
const DUNDERS: &[(&str, &[Kind], NativeFn)] = &[
    ("__len__", CONTAINERS, len),
    (
        "__iter__",
        &[
            Str, Bytes, ByteArray, List, Tuple, Dict, Set, Range, Iterator,
        ],
        iter,
    ),
    ("__next__", &[Iterator], next),
    ("__contains__", CONTAINERS, contains),
    ("__getitem__", INDEXED, getitem),
    ("__setitem__", MUTABLE, setitem),
    ("__delitem__", MUTABLE, delitem),
    ("__add__", CONCAT, add),
    ("__mul__", CONCAT, mul),
    ("__sub__", NUMBERS, sub),
    ("__truediv__", NUMBERS, truediv),
    ("__floordiv__", NUMBERS, floordiv),
    ("__mod__", &[Int, Float, Str, Bytes, ByteArray], modulo),
    ("__pow__", NUMBERS, power),
    ("__and__", &[Int, Set], and),
    ("__or__", &[Int, Set, Dict], or),
    ("__xor__", &[Int, Set], xor),
    ("__lshift__", &[Int], lshift),
    ("__rshift__", &[Int], rshift),
    ("__neg__", NUMBERS, neg),
    ("__pos__", NUMBERS, pos),
    ("__abs__", NUMBERS, abs),
    ("__invert__", &[Int], invert),
    ("__bool__", &[Int, Float, NoneType], truth),
    ("__int__", NUMBERS, int),
    ("__float__", NUMBERS, float),
    ("__call__", &[Callable], call),
    ("__eq__", EVERY, eq),
    ("__ne__", EVERY, ne),
    ("__lt__", EVERY, lt),
    ("__le__", EVERY, le),
    ("__gt__", EVERY, gt),
    ("__ge__", EVERY, ge),
    ("__hash__", EVERY, hash),
    ("__repr__", EVERY, repr),
    ("__str__", EVERY, str),
    ("__init__", EVERY, init),
];

/// `v.name` for a special method of a built-in value, bound to `v`.
pub fn lookup(v: &Value, name: &str) -> Option<Value> {
    if !name.starts_with("__") {
        return None;
    }
    let k = kind(v);
    // Mutable containers cannot be hashed: their `__hash__` is None.
    let mutable =
        matches!(k, List | Dict | ByteArray) || matches!(v.as_obj(), Some(Object::Set(_)));
    if name == "__hash__" && mutable {
        return Some(Value::None);
    }
    let (n, _, f) = DUNDERS
        .iter()
        .find(|(n, kinds, _)| *n == name && kinds.contains(&k))?;
    Some(Value::obj(Object::Builtin(Builtin {
        name: n,
        func: *f,
        bound: Some(v.clone()),
        module: None,
        unary: None,
    })))
}

/// The bound value and the call's arguments, `count` of them.
fn me_and(vm: &Vm, me: Option<&Value>, args: Args, count: usize) -> PyResult<(Value, Vec<Value>)> {
    let me = me.cloned().unwrap_or(Value::None);
    if !args.kw.is_empty() || args.pos.len() != count {
        let msg = format!(
            "expected {count} argument{}, got {}",
            if count == 1 { "" } else { "s" },
            args.pos.len()
        );
        return Err(vm.new_error("TypeError", msg));
    }
    Ok((me, args.pos.into_vec()))
}

/// A TypeError from the operation means "these two do not combine":
/// CPython's special method returns NotImplemented then.
fn or_not_implemented(vm: &Vm, r: PyResult<Value>) -> PyResult<Value> {
    match r {
        Err(e) if e.kill.is_none() && vm.isinstance(&e.exc, vm.interp.types.get("TypeError")) => {
            Ok(vm.interp.types.not_implemented.clone())
        }
        r => r,
    }
}

fn binary(vm: &mut Vm, me: Option<&Value>, args: Args, op: BinOp) -> PyResult<Value> {
    let (me, other) = me_and(vm, me, args, 1)?;
    // `(1).__add__(0.5)` is NotImplemented: float's `__radd__` does it.
    if matches!(me, Value::Int(_) | Value::Big(_) | Value::Bool(_))
        && matches!(other[0], Value::Float(_))
    {
        return Ok(vm.interp.types.not_implemented.clone());
    }
    let r = vm.binary_op(op, &me, &other[0]);
    or_not_implemented(vm, r)
}

fn compare(vm: &mut Vm, me: Option<&Value>, args: Args, op: CmpOp) -> PyResult<Value> {
    let (me, other) = me_and(vm, me, args, 1)?;
    let r = vm.compare(op, &me, &other[0]);
    or_not_implemented(vm, r)
}

/// Calls the built-in function `name` on the bound value and the arguments.
fn via_builtin(vm: &mut Vm, name: &str, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let (me, mut rest) = me_and(vm, me, args, 0)?;
    rest.insert(0, me);
    let f = vm.interp.builtins[name].clone();
    vm.call(&f, Args::new(rest))
}

macro_rules! binaries {
    ($($f:ident => $op:expr),* $(,)?) => {$(
        fn $f(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
            binary(vm, me, args, $op)
        }
    )*};
}
binaries!(add => BinOp::Add, mul => BinOp::Mul, sub => BinOp::Sub, truediv => BinOp::Div,
    floordiv => BinOp::FloorDiv, modulo => BinOp::Mod, power => BinOp::Pow, and => BinOp::BitAnd,
    or => BinOp::BitOr, xor => BinOp::BitXor, lshift => BinOp::LShift, rshift => BinOp::RShift);

macro_rules! comparisons {
    ($($f:ident => $op:expr),* $(,)?) => {$(
        fn $f(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
            compare(vm, me, args, $op)
        }
    )*};
}
comparisons!(eq => CmpOp::Eq, ne => CmpOp::Ne, lt => CmpOp::Lt, le => CmpOp::Le, gt => CmpOp::Gt,
    ge => CmpOp::Ge);

macro_rules! through_builtins {
    ($($f:ident => $name:expr),* $(,)?) => {$(
        fn $f(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
            via_builtin(vm, $name, me, args)
        }
    )*};
}
through_builtins!(len => "len", iter => "iter", abs => "abs", int => "int", float => "float",
    hash => "hash", repr => "repr", str => "str", truth => "bool");

fn next(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let (me, _) = me_and(vm, me, args, 0)?;
    match vm.next(&me)? {
        Some(v) => Ok(v),
        None => {
            // `StopIteration()`: no arguments, as `next` raises it.
            let stop = vm.interp.types.get("StopIteration").clone();
            let e = vm.call(&stop, Args::default())?;
            Err(crate::interleave::runner::PyErr::new(e))
        }
    }
}

fn contains(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let (me, x) = me_and(vm, me, args, 1)?;
    Ok(Value::Bool(vm.contains(&me, &x[0])?))
}

fn getitem(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let (me, k) = me_and(vm, me, args, 1)?;
    vm.get_item(&me, &k[0])
}

fn setitem(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let (me, kv) = me_and(vm, me, args, 2)?;
    let mut kv = kv.into_iter();
    let (k, v) = (
        kv.next().unwrap_or(Value::None),
        kv.next().unwrap_or(Value::None),
    );
    vm.set_item(&me, k, v)?;
    Ok(Value::None)
}

fn delitem(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let (me, k) = me_and(vm, me, args, 1)?;
    vm.del_item(&me, &k[0])?;
    Ok(Value::None)
}

fn neg(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let (me, _) = me_and(vm, me, args, 0)?;
    vm.neg(&me)
}

fn pos(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let (me, _) = me_and(vm, me, args, 0)?;
    vm.pos(&me)
}

fn invert(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let (me, _) = me_and(vm, me, args, 0)?;
    vm.invert(&me)
}

/// `object.__init__`: the value is made already.
fn init(_: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn call(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let me = me.cloned().unwrap_or(Value::None);
    vm.call(&me, args)
}
