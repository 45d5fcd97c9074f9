//! Operators: arithmetic (ints grow past 64 bits, as Python's do), unary
//! operators and truth. Comparison and hashing are in `compare.rs`.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::bytes::{as_bytes, is_bytes_like, kind_of, Kind};
use super::value::{lock, Object, Value};
use super::vm::Vm;
use super::{PyErr, PyResult};
use crate::interleave::ast::BinOp;

pub fn to_big(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Big(b) => Some((**b).clone()),
        _ => None,
    }
}

/// A number as a float (ints convert; too large ones fail).
pub fn to_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Float(x) => Some(*x),
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Big(b) => b.to_f64(),
        _ => None,
    }
}

/// `x / y` (y not zero) rounded once to the nearest float, ties to even;
/// `None` when it is past the largest float.
pub fn exact_quotient(x: &BigInt, y: &BigInt) -> Option<f64> {
    let neg = x.is_negative() != y.is_negative();
    let signed = |v: f64| if neg { -v } else { v };
    let (a, b) = (x.magnitude(), y.magnitude());
    if a.is_zero() {
        return Some(signed(0.0));
    }
    // A quotient of 55 or 56 bits: 53 for the float, a rounding bit, and
    // below it whether anything was left (the remainder, or the bits
    // rounded off).
    let shift = a.bits() as i64 - b.bits() as i64 - 55;
    let (q, r) = if shift >= 0 {
        a.div_rem(&(b << shift as usize))
    } else {
        (a << (-shift) as usize).div_rem(b)
    };
    let q = q.to_u64().expect("a quotient of at most 56 bits");
    let qbits = 64 - q.leading_zeros() as i64;
    // The quotient is in [2**top, 2**(top + 1)).
    let top = qbits - 1 + shift;
    if top > 1023 {
        return None;
    }
    // Below 2**-1022 a float keeps fewer bits (subnormals).
    let prec = if top >= -1022 { 53 } else { top + 1075 };
    if prec < 0 {
        return Some(signed(0.0));
    }
    let drop = qbits - prec;
    let rest = q & ((1u64 << drop) - 1);
    let half = 1u64 << (drop - 1);
    let mut m = q >> drop;
    if rest > half || (rest == half && (!r.is_zero() || m & 1 == 1)) {
        m += 1;
    }
    // m * 2**(shift + drop) is a float exactly (or past the largest).
    let v = ldexp(m as f64, shift + drop);
    v.is_finite().then(|| signed(v))
}

/// `x * 2**k`, exact when the result is a float (x a whole number of at
/// most 53 bits, so each step but the last stays normal).
fn ldexp(mut x: f64, mut k: i64) -> f64 {
    let pow2 = |k: i64| f64::from_bits(((k + 1023) as u64) << 52);
    while k > 1000 {
        x *= pow2(1000);
        k -= 1000;
    }
    while k < -1000 {
        x *= pow2(-1000);
        k += 1000;
    }
    x * pow2(k)
}

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Big(_) | Value::Bool(_))
}

pub(super) fn is_num(v: &Value) -> bool {
    is_int(v) || matches!(v, Value::Float(_))
}

/// Python's floor division and modulo on i64 (round toward negative infinity).
fn floor_div(a: i64, b: i64) -> Option<i64> {
    let q = a.checked_div(b)?;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q.checked_sub(1)
    } else {
        Some(q)
    }
}

fn floor_mod(a: i64, b: i64) -> Option<i64> {
    let r = a.checked_rem(b)?;
    if r != 0 && ((r < 0) != (b < 0)) {
        Some(r + b)
    } else {
        Some(r)
    }
}

fn py_fmod(a: f64, b: f64) -> f64 {
    let r = a % b;
    if r != 0.0 && ((r < 0.0) != (b < 0.0)) {
        r + b
    } else if r == 0.0 {
        0.0f64.copysign(b)
    } else {
        r
    }
}

impl Vm {
    // The int fast path, then one arm per pair of operand types: the hot
    // path of arithmetic, so no call between the two.
    pub fn binary_op(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
        // The fast path of every counting loop.
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            let (x, y) = (*x, *y);
            let r = match op {
                BinOp::Add => x.checked_add(y),
                BinOp::Sub => x.checked_sub(y),
                BinOp::Mul => x.checked_mul(y),
                BinOp::FloorDiv if y != 0 => floor_div(x, y),
                BinOp::Mod if y != 0 => floor_mod(x, y),
                BinOp::BitAnd => Some(x & y),
                BinOp::BitOr => Some(x | y),
                BinOp::BitXor => Some(x ^ y),
                _ => None,
            };
            if let Some(r) = r {
                return Ok(Value::Int(r));
            }
        }
        // Floats mixed with floats or small ints: no big-int detour.
        let floats = match (a, b) {
            (Value::Float(x), Value::Float(y)) => Some((*x, *y)),
            (Value::Float(x), Value::Int(y)) => Some((*x, *y as f64)),
            (Value::Int(x), Value::Float(y)) => Some((*x as f64, *y)),
            _ => None,
        };
        if let (Some((x, y)), BinOp::Add | BinOp::Sub | BinOp::Mul) = (floats, op) {
            return Ok(Value::Float(match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                _ => x * y,
            }));
        }
        self.binary_slow(op, a, b, false)
    }

    /// `a op b` past the fast paths; `inplace` when it is the fallback of
    /// `a op= b`, whose errors name `op=` as CPython's do.
    fn binary_slow(&mut self, op: BinOp, a: &Value, b: &Value, inplace: bool) -> PyResult<Value> {
        if is_num(a) && is_num(b) {
            return self.number_op(op, a, b, inplace);
        }
        if let Some(v) = self.sequence_op(op, a, b)? {
            return Ok(v);
        }
        if let Some(v) = self.dunder_binary(op, a, b)? {
            return Ok(v);
        }
        // CPython's own words for the common mistakes.
        let seq = |v: &Value| match v {
            Value::Str(_) => Some("str"),
            Value::Obj(o) => match &**o {
                Object::List(_) => Some("list"),
                Object::Tuple(_) => Some("tuple"),
                Object::Bytes(_) => Some("bytes"),
                Object::ByteArray(_) => Some("bytearray"),
                _ => None,
            },
            _ => None,
        };
        if matches!(op, BinOp::Add) {
            if let Some(kind) = seq(a) {
                return Err(self.new_error(
                    "TypeError",
                    format!(
                        "can only concatenate {kind} (not \"{}\") to {kind}",
                        self.type_name(b)
                    ),
                ));
            }
        }
        // `x *= seq` only falls back to the right operand's repeat when
        // the left has no sequence methods at all (an int, None): a set,
        // a dict or an instance on the left is plainly unsupported
        // (CPython's PyNumber_InPlaceMultiply).
        let left_is_container = matches!(
            a.as_obj(),
            Some(Object::Set(_) | Object::FrozenSet(_) | Object::Dict(_) | Object::Instance(_))
        );
        if matches!(op, BinOp::Mul)
            && (seq(a).is_some() || seq(b).is_some())
            && !(inplace && seq(a).is_none() && left_is_container)
        {
            let other = if seq(a).is_some() { b } else { a };
            return Err(self.new_error(
                "TypeError",
                format!(
                    "can't multiply sequence by non-int of type '{}'",
                    self.type_name(other)
                ),
            ));
        }
        Err(self.unsupported_operands(op, a, b, inplace))
    }

    /// `unsupported operand type(s) for +: 'int' and 'str'`, with `+=` for
    /// an in-place operator and `** or pow()` for a binary power.
    fn unsupported_operands(&self, op: BinOp, a: &Value, b: &Value, inplace: bool) -> PyErr {
        let symbol = match (op, inplace) {
            (_, true) => format!("{}=", op.symbol()),
            (BinOp::Pow, false) => "** or pow()".to_string(),
            _ => op.symbol().to_string(),
        };
        self.new_error(
            "TypeError",
            format!(
                "unsupported operand type(s) for {symbol}: '{}' and '{}'",
                self.type_name(a),
                self.type_name(b)
            ),
        )
    }

    /// `a op= b`: lists, sets and dicts change in place, everything else
    /// (a frozenset too) is `a op b`, a new object bound to the name.
    pub fn inplace_op(&mut self, op: BinOp, a: Value, b: &Value) -> PyResult<Value> {
        if !matches!(a, Value::Obj(_)) {
            return self.binary_slow(op, &a, b, true);
        }
        match (op, a.as_obj()) {
            (BinOp::Add, Some(Object::List(l))) => {
                let items = self.collect(b)?;
                self.count_heap(items.len() * 16)?;
                lock(l).extend(items);
                return Ok(a);
            }
            // `ba += b"..."` grows the bytearray itself (any bytes-like).
            (BinOp::Add, Some(Object::ByteArray(ba))) => {
                let Some(more) = as_bytes(b) else {
                    return Err(self.new_error(
                        "TypeError",
                        format!("can't concat {} to bytearray", self.type_name(b)),
                    ));
                };
                let more = more.into_owned();
                let mut g = lock(ba);
                if g.len() + more.len() > super::MAX_STR_BYTES {
                    drop(g);
                    return Err(self.new_error("MemoryError", ""));
                }
                g.extend_from_slice(&more);
                drop(g);
                return Ok(a);
            }
            (BinOp::Mul, Some(Object::ByteArray(ba))) if is_int(b) => {
                let mut g = lock(ba);
                let n = self.repeat_count(b, g.len())?;
                *g = g.repeat(n);
                drop(g);
                return Ok(a);
            }
            // `d |= pairs` takes whatever `d.update` takes, unlike `d | pairs`.
            (BinOp::BitOr, Some(Object::Dict(_))) => {
                self.dict_update(&a, b)?;
                return Ok(a);
            }
            _ => {}
        }
        if matches!(
            op,
            BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor
        ) && self.set_inplace(op, &a, b)?.is_some()
        {
            return Ok(a);
        }
        if super::value::class_of_instance(&a).is_some() {
            if let Some(m) = self.lookup_special(&a, inplace_dunder(op)) {
                let r = self.call(&m, super::value::Args::new(vec![b.clone()]))?;
                if !self.is_not_implemented(&r) {
                    return Ok(r);
                }
            }
        }
        self.binary_slow(op, &a, b, true)
    }

    fn number_op(&mut self, op: BinOp, a: &Value, b: &Value, inplace: bool) -> PyResult<Value> {
        let float = matches!(a, Value::Float(_)) || matches!(b, Value::Float(_));
        if float || op == BinOp::Div {
            if matches!(
                op,
                BinOp::LShift | BinOp::RShift | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor
            ) {
                return Err(self.unsupported_operands(op, a, b, inplace));
            }
            if !float && op == BinOp::Div {
                return self.int_true_div(a, b);
            }
            // An int past the floats' range is an error, not infinity.
            let (Some(x), Some(y)) = (
                to_f64(a).filter(|x| x.is_finite() || !matches!(a, Value::Big(_))),
                to_f64(b).filter(|y| y.is_finite() || !matches!(b, Value::Big(_))),
            ) else {
                return Err(self.new_error("OverflowError", "int too large to convert to float"));
            };
            return self.float_op(op, x, y, float);
        }
        let (Some(x), Some(y)) = (to_big(a), to_big(b)) else {
            unreachable!("both are ints");
        };
        let r = match op {
            BinOp::Add => x + y,
            BinOp::Sub => x - y,
            BinOp::Mul => {
                self.check_big_size(x.bits() + y.bits())?;
                x * y
            }
            BinOp::FloorDiv | BinOp::Mod => {
                if y.is_zero() {
                    let msg = if op == BinOp::Mod {
                        "integer modulo by zero"
                    } else {
                        "integer division or modulo by zero"
                    };
                    return Err(self.new_error("ZeroDivisionError", msg));
                }
                if op == BinOp::FloorDiv {
                    x.div_floor(&y)
                } else {
                    x.mod_floor(&y)
                }
            }
            BinOp::Pow => return self.int_pow(&x, &y),
            BinOp::LShift | BinOp::RShift => {
                let Some(n) = y.to_i64() else {
                    return Err(self.new_error("OverflowError", "shift count too large"));
                };
                if n < 0 {
                    return Err(self.new_error("ValueError", "negative shift count"));
                }
                if op == BinOp::LShift {
                    self.check_big_size(x.bits() + n as u64)?;
                    x << n as usize
                } else {
                    x >> n as usize
                }
            }
            BinOp::BitAnd => x & y,
            BinOp::BitOr => x | y,
            BinOp::BitXor => x ^ y,
            BinOp::Div => unreachable!("handled as float"),
        };
        Ok(Value::from_big(r))
    }

    /// `a / b` for two ints: the float nearest the exact quotient (ties to
    /// even), as CPython's `long_true_divide` gives it, however large the
    /// ints; not each converted to a float first, which is wrong in the
    /// last digit past 2**53 and NaN past the floats' range.
    fn int_true_div(&mut self, a: &Value, b: &Value) -> PyResult<Value> {
        // Both exact as floats: one correctly rounded division.
        const EXACT: u64 = 1 << 53;
        let small = |v: &Value| match v {
            Value::Int(i) if i.unsigned_abs() <= EXACT => Some(*i as f64),
            Value::Bool(b) => Some(*b as i64 as f64),
            _ => None,
        };
        if let (Some(x), Some(y)) = (small(a), small(b)) {
            return self.float_op(BinOp::Div, x, y, false);
        }
        let (Some(x), Some(y)) = (to_big(a), to_big(b)) else {
            unreachable!("both are ints");
        };
        if y.is_zero() {
            return Err(self.new_error("ZeroDivisionError", "division by zero"));
        }
        match exact_quotient(&x, &y) {
            Some(q) => Ok(Value::Float(q)),
            None => Err(self.new_error(
                "OverflowError",
                "integer division result too large for a float",
            )),
        }
    }

    fn float_op(&mut self, op: BinOp, x: f64, y: f64, any_float: bool) -> PyResult<Value> {
        let zero = |vm: &mut Vm, msg: &str| Err(vm.new_error("ZeroDivisionError", msg.to_string()));
        let r = match op {
            BinOp::Add => x + y,
            BinOp::Sub => x - y,
            BinOp::Mul => x * y,
            BinOp::Div => {
                if y == 0.0 {
                    return zero(
                        self,
                        if any_float {
                            "float division by zero"
                        } else {
                            "division by zero"
                        },
                    );
                }
                x / y
            }
            BinOp::FloorDiv => {
                if y == 0.0 {
                    return zero(self, "float floor division by zero");
                }
                (x / y).floor()
            }
            BinOp::Mod => {
                if y == 0.0 {
                    return zero(self, "float modulo by zero");
                }
                py_fmod(x, y)
            }
            BinOp::Pow => {
                if x == 0.0 && y < 0.0 {
                    return zero(self, "0.0 cannot be raised to a negative power");
                }
                if x < 0.0 && y.fract() != 0.0 {
                    return Err(self.new_error(
                        "ValueError",
                        "complex results (a negative number to a fractional power) are not supported here",
                    ));
                }
                let r = x.powf(y);
                if r.is_infinite() && x.is_finite() && y.is_finite() {
                    return Err(
                        self.new_error("OverflowError", "(34, 'Numerical result out of range')")
                    );
                }
                r
            }
            _ => unreachable!("bit operators were refused"),
        };
        Ok(Value::Float(r))
    }

    fn int_pow(&mut self, x: &BigInt, y: &BigInt) -> PyResult<Value> {
        if y.is_negative() {
            let (Some(a), Some(b)) = (x.to_f64(), y.to_f64()) else {
                return Err(self.new_error("OverflowError", "int too large to convert to float"));
            };
            if a == 0.0 {
                return Err(self.new_error(
                    "ZeroDivisionError",
                    "0.0 cannot be raised to a negative power",
                ));
            }
            return Ok(Value::Float(a.powf(b)));
        }
        let Some(e) = y.to_u32() else {
            return Err(self.new_error(
                "MemoryError",
                "the result of ** would not fit the run's memory",
            ));
        };
        self.check_big_size(x.bits().saturating_mul(e as u64))?;
        Ok(Value::from_big(num_traits::pow(x.clone(), e as usize)))
    }

    /// Refuses an int of more bits than the memory limit could hold.
    fn check_big_size(&mut self, bits: u64) -> PyResult<()> {
        if bits / 8 > self.interp.options.max_heap_bytes as u64 {
            return Err(self.new_error("MemoryError", ""));
        }
        Ok(())
    }

    fn sequence_op(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult<Option<Value>> {
        match (op, a, b) {
            (BinOp::Add, Value::Str(x), Value::Str(y)) => {
                let mut s = String::with_capacity(x.len() + y.len());
                s.push_str(x);
                s.push_str(y);
                Ok(Some(self.new_str(s)?))
            }
            (BinOp::Mul, Value::Str(s), n) | (BinOp::Mul, n, Value::Str(s)) if is_int(n) => {
                let n = self.repeat_count(n, s.len())?;
                Ok(Some(self.new_str(s.repeat(n))?))
            }
            (BinOp::Mod, Value::Str(s), args) => Ok(Some(self.percent_format(s, args)?)),
            (BinOp::Add, x, y) if is_bytes_like(x) => {
                let kind = kind_of(x).unwrap_or(Kind::Bytes);
                let Some(q) = as_bytes(y) else {
                    // An instance's `__radd__` may take it.
                    if super::value::class_of_instance(y).is_some() {
                        return Ok(None);
                    }
                    return Err(self.new_error(
                        "TypeError",
                        format!("can't concat {} to {}", self.type_name(y), kind.name()),
                    ));
                };
                let mut v = as_bytes(x).unwrap_or_default().into_owned();
                v.extend_from_slice(&q);
                Ok(Some(self.new_bytes_of(kind, v)?))
            }
            _ => {
                let (Some(x), Some(y)) = (a.as_obj(), b.as_obj()) else {
                    if op == BinOp::Mul {
                        if let (Some(o), true) = (a.as_obj(), is_int(b)) {
                            return self.repeat_seq(o, b);
                        }
                        if let (Some(o), true) = (b.as_obj(), is_int(a)) {
                            return self.repeat_seq(o, a);
                        }
                    }
                    return Ok(None);
                };
                match (op, x, y) {
                    (BinOp::Add, Object::List(p), Object::List(q)) => {
                        let mut v = lock(p).clone();
                        v.extend(lock(q).iter().cloned());
                        self.count_heap(v.len() * 16)?;
                        Ok(Some(Value::list(v)))
                    }
                    (BinOp::Add, Object::Tuple(p), Object::Tuple(q)) => {
                        let mut v = p.to_vec();
                        v.extend(q.iter().cloned());
                        Ok(Some(Value::tuple(v)))
                    }
                    (
                        BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor,
                        Object::Set(_) | Object::FrozenSet(_),
                        Object::Set(_) | Object::FrozenSet(_),
                    ) => Ok(Some(self.set_op(op, a, b)?)),
                    (BinOp::BitOr, Object::Dict(p), Object::Dict(q)) => {
                        let mut d = lock(p).clone();
                        for (k, v) in lock(q).iter() {
                            d.insert(k.clone(), v.clone());
                        }
                        Ok(Some(Value::dict(d)))
                    }
                    _ => Ok(None),
                }
            }
        }
    }

    /// `a.__add__(b)`, then `b.__radd__(a)`, for instances of user classes.
    fn dunder_binary(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult<Option<Value>> {
        let name = match op {
            BinOp::Add => "add",
            BinOp::Sub => "sub",
            BinOp::Mul => "mul",
            BinOp::Div => "truediv",
            BinOp::FloorDiv => "floordiv",
            BinOp::Mod => "mod",
            BinOp::Pow => "pow",
            BinOp::LShift => "lshift",
            BinOp::RShift => "rshift",
            BinOp::BitAnd => "and",
            BinOp::BitOr => "or",
            BinOp::BitXor => "xor",
        };
        for (x, y, dunder) in [
            (a, b, format!("__{name}__")),
            (b, a, format!("__r{name}__")),
        ] {
            if super::value::class_of_instance(x).is_some() {
                if let Some(m) = self.lookup_special(x, &dunder) {
                    let r = self.call(&m, super::value::Args::new(vec![y.clone()]))?;
                    if !self.is_not_implemented(&r) {
                        return Ok(Some(r));
                    }
                }
            }
        }
        Ok(None)
    }

    fn repeat_count(&mut self, n: &Value, item_bytes: usize) -> PyResult<usize> {
        let n = match n {
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            _ => {
                return Err(self.new_error(
                    "OverflowError",
                    "cannot fit 'int' into an index-sized integer",
                ))
            }
        };
        let n = n.max(0) as usize;
        if n.saturating_mul(item_bytes.max(1)) > self.interp.options.max_heap_bytes {
            return Err(self.new_error("MemoryError", ""));
        }
        Ok(n)
    }

    fn repeat_seq(&mut self, o: &Object, n: &Value) -> PyResult<Option<Value>> {
        match o {
            Object::List(l) => {
                let items = lock(l).clone();
                let n = self.repeat_count(n, items.len() * 16)?;
                self.count_heap(items.len() * n * 16)?;
                let mut v = Vec::with_capacity(items.len() * n);
                for _ in 0..n {
                    v.extend(items.iter().cloned());
                }
                Ok(Some(Value::list(v)))
            }
            Object::Tuple(t) => {
                let n = self.repeat_count(n, t.len() * 16)?;
                let mut v = Vec::with_capacity(t.len() * n);
                for _ in 0..n {
                    v.extend(t.iter().cloned());
                }
                Ok(Some(Value::tuple(v)))
            }
            Object::Bytes(_) | Object::ByteArray(_) => {
                let kind = match o {
                    Object::ByteArray(_) => Kind::ByteArray,
                    _ => Kind::Bytes,
                };
                let b = match o {
                    Object::Bytes(b) => b.to_vec(),
                    Object::ByteArray(b) => lock(b).clone(),
                    _ => unreachable!("bytes-like"),
                };
                let n = self.repeat_count(n, b.len())?;
                Ok(Some(self.new_bytes_of(kind, b.repeat(n))?))
            }
            _ => Ok(None),
        }
    }

    pub fn neg(&mut self, a: &Value) -> PyResult<Value> {
        match a {
            Value::Int(i) => Ok(i
                .checked_neg()
                .map(Value::Int)
                .unwrap_or_else(|| Value::from_big(-BigInt::from(*i)))),
            Value::Bool(b) => Ok(Value::Int(-(*b as i64))),
            Value::Big(b) => Ok(Value::from_big(-(**b).clone())),
            Value::Float(x) => Ok(Value::Float(-x)),
            _ => self.unary_dunder(a, "__neg__", "-"),
        }
    }

    pub fn pos(&mut self, a: &Value) -> PyResult<Value> {
        match a {
            Value::Int(_) | Value::Big(_) | Value::Float(_) => Ok(a.clone()),
            Value::Bool(b) => Ok(Value::Int(*b as i64)),
            _ => self.unary_dunder(a, "__pos__", "+"),
        }
    }

    pub fn invert(&mut self, a: &Value) -> PyResult<Value> {
        match to_big(a) {
            Some(b) => Ok(Value::from_big(!b)),
            None => self.unary_dunder(a, "__invert__", "~"),
        }
    }

    fn unary_dunder(&mut self, a: &Value, name: &str, sym: &str) -> PyResult<Value> {
        if let Some(m) = self.lookup_special(a, name) {
            return self.call(&m, super::value::Args::default());
        }
        Err(self.new_error(
            "TypeError",
            format!("bad operand type for unary {sym}: '{}'", self.type_name(a)),
        ))
    }

    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        if let Some(t) = plain_truth(v) {
            return Ok(t);
        }
        Ok(match v.as_obj() {
            Some(Object::Range(..)) => self.len(v)? > 0,
            Some(Object::Instance(_) | Object::Class(_)) => {
                if let Some(m) = self.lookup_special(v, "__bool__") {
                    let r = self.call(&m, super::value::Args::default())?;
                    return self.truthy(&r);
                }
                if let Some(m) = self.lookup_special(v, "__len__") {
                    let r = self.call(&m, super::value::Args::default())?;
                    return self.truthy(&r);
                }
                true
            }
            _ => true,
        })
    }
}

/// A truth value that needs no `Vm`: `None` for a range and an instance
/// (whose `__bool__` or `__len__` may be Python code).
#[inline]
pub fn plain_truth(v: &Value) -> Option<bool> {
    Some(match v {
        Value::None => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Big(_) => true,
        Value::Float(x) => *x != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::Obj(o) => match &**o {
            Object::Tuple(t) => !t.is_empty(),
            Object::List(l) => !lock(l).is_empty(),
            Object::Dict(d) => !lock(d).is_empty(),
            Object::Set(s) => !lock(s).is_empty(),
            Object::FrozenSet(f) => !f.items().is_empty(),
            Object::Bytes(b) => !b.is_empty(),
            Object::ByteArray(b) => !lock(b).is_empty(),
            Object::Range(..) | Object::Instance(_) => return None,
            _ => true,
        },
    })
}

fn inplace_dunder(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "__iadd__",
        BinOp::Sub => "__isub__",
        BinOp::Mul => "__imul__",
        BinOp::Div => "__itruediv__",
        BinOp::FloorDiv => "__ifloordiv__",
        BinOp::Mod => "__imod__",
        BinOp::Pow => "__ipow__",
        BinOp::LShift => "__ilshift__",
        BinOp::RShift => "__irshift__",
        BinOp::BitAnd => "__iand__",
        BinOp::BitOr => "__ior__",
        BinOp::BitXor => "__ixor__",
    }
}
