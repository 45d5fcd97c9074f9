//! Operators: arithmetic (ints grow past 64 bits, as Python's do),
//! comparison, truth, hashing for dict keys.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::value::{lock, Key, Object, Value};
use super::vm::Vm;
use super::PyResult;
use crate::interleave::ast::{BinOp, CmpOp};

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

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Big(_) | Value::Bool(_))
}

fn is_num(v: &Value) -> bool {
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
        if is_num(a) && is_num(b) {
            return self.number_op(op, a, b);
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
        if matches!(op, BinOp::Mul) && (seq(a).is_some() || seq(b).is_some()) {
            let other = if seq(a).is_some() { b } else { a };
            return Err(self.new_error(
                "TypeError",
                format!(
                    "can't multiply sequence by non-int of type '{}'",
                    self.type_name(other)
                ),
            ));
        }
        Err(self.new_error(
            "TypeError",
            format!(
                "unsupported operand type(s) for {}: '{}' and '{}'",
                op.symbol(),
                self.type_name(a),
                self.type_name(b)
            ),
        ))
    }

    /// `a op= b`: lists and sets change in place, everything else is `a op b`.
    pub fn inplace_op(&mut self, op: BinOp, a: Value, b: &Value) -> PyResult<Value> {
        if !matches!(a, Value::Obj(_)) {
            return self.binary_op(op, &a, b);
        }
        if let Some(Object::List(l)) = a.as_obj() {
            if op == BinOp::Add {
                let items = self.collect(b)?;
                self.count_heap(items.len() * 16)?;
                lock(l).extend(items);
                return Ok(a);
            }
        }
        if let Some(name) = inplace_dunder(op) {
            if super::value::class_of_instance(&a).is_some() {
                if let Some(m) = self.lookup_special(&a, name) {
                    let r = self.call(&m, super::value::Args::new(vec![b.clone()]))?;
                    if !self.is_not_implemented(&r) {
                        return Ok(r);
                    }
                }
            }
        }
        self.binary_op(op, &a, b)
    }

    fn number_op(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
        let float = matches!(a, Value::Float(_)) || matches!(b, Value::Float(_));
        if float || op == BinOp::Div {
            if matches!(
                op,
                BinOp::LShift | BinOp::RShift | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor
            ) {
                return Err(self.new_error(
                    "TypeError",
                    format!(
                        "unsupported operand type(s) for {}: '{}' and '{}'",
                        op.symbol(),
                        self.type_name(a),
                        self.type_name(b)
                    ),
                ));
            }
            let (Some(x), Some(y)) = (to_f64(a), to_f64(b)) else {
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
                        Object::Set(_),
                        Object::Set(_),
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
        Ok(match v {
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
                Object::Range(..) => self.len(v)? > 0,
                Object::Instance(_) => {
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
            },
        })
    }

    pub fn compare(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            let r = match op {
                CmpOp::Eq | CmpOp::Is => x == y,
                CmpOp::Ne | CmpOp::IsNot => x != y,
                CmpOp::Lt => x < y,
                CmpOp::Le => x <= y,
                CmpOp::Gt => x > y,
                CmpOp::Ge => x >= y,
                CmpOp::In | CmpOp::NotIn => {
                    return Err(
                        self.new_error("TypeError", "argument of type 'int' is not iterable")
                    )
                }
            };
            return Ok(Value::Bool(r));
        }
        let r = match op {
            CmpOp::Is => a.is(b),
            CmpOp::IsNot => !a.is(b),
            CmpOp::Eq => self.eq(a, b)?,
            CmpOp::Ne => !self.eq(a, b)?,
            CmpOp::In => self.contains(b, a)?,
            CmpOp::NotIn => !self.contains(b, a)?,
            CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge => return self.order(op, a, b),
        };
        Ok(Value::Bool(r))
    }

    /// `a == b`.
    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if is_num(a) && is_num(b) {
            return Ok(num_cmp(a, b) == Some(std::cmp::Ordering::Equal));
        }
        match (a, b) {
            (Value::Str(x), Value::Str(y)) => Ok(x == y),
            (Value::None, Value::None) => Ok(true),
            (Value::Obj(x), Value::Obj(y)) => {
                if Arc::ptr_eq(x, y) {
                    return Ok(true);
                }
                match (&**x, &**y) {
                    (Object::List(p), Object::List(q)) => {
                        let (p, q) = (lock(p).clone(), lock(q).clone());
                        self.seq_eq(&p, &q)
                    }
                    (Object::Tuple(p), Object::Tuple(q)) => self.seq_eq(p, q),
                    (Object::Dict(p), Object::Dict(q)) => {
                        let (p, q) = (lock(p).clone(), lock(q).clone());
                        if p.len() != q.len() {
                            return Ok(false);
                        }
                        for (k, v) in &p {
                            match q.get(k) {
                                Some(w) if self.eq(v, w)? => {}
                                _ => return Ok(false),
                            }
                        }
                        Ok(true)
                    }
                    (Object::Set(p), Object::Set(q)) => {
                        let (p, q) = (lock(p), lock(q));
                        Ok(p.len() == q.len() && p.keys().all(|k| q.contains_key(k)))
                    }
                    (Object::Range(a1, b1, c1), Object::Range(a2, b2, c2)) => {
                        Ok((a1, b1, c1) == (a2, b2, c2))
                    }
                    (Object::Instance(_), _) | (_, Object::Instance(_)) => self.dunder_eq(a, b),
                    _ => Ok(false),
                }
            }
            _ => Ok(false),
        }
    }

    fn dunder_eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        for (x, y) in [(a, b), (b, a)] {
            if super::value::class_of_instance(x).is_some() {
                if let Some(m) = self.lookup_special(x, "__eq__") {
                    let r = self.call(&m, super::value::Args::new(vec![y.clone()]))?;
                    if !self.is_not_implemented(&r) {
                        return self.truthy(&r);
                    }
                }
            }
        }
        Ok(a.is(b))
    }

    fn seq_eq(&mut self, p: &[Value], q: &[Value]) -> PyResult<bool> {
        if p.len() != q.len() {
            return Ok(false);
        }
        for (x, y) in p.iter().zip(q) {
            if !x.is(y) && !self.eq(x, y)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn order(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult<Value> {
        let ord = self.partial_order(op, a, b)?;
        let r = match ord {
            None => false,
            Some(o) => match op {
                CmpOp::Lt => o.is_lt(),
                CmpOp::Le => o.is_le(),
                CmpOp::Gt => o.is_gt(),
                _ => o.is_ge(),
            },
        };
        Ok(Value::Bool(r))
    }

    /// The order of two values for `<` and sorting; `None` is unordered (NaN).
    pub fn partial_order(
        &mut self,
        op: CmpOp,
        a: &Value,
        b: &Value,
    ) -> PyResult<Option<std::cmp::Ordering>> {
        if is_num(a) && is_num(b) {
            return Ok(num_cmp(a, b));
        }
        match (a, b) {
            (Value::Str(x), Value::Str(y)) => return Ok(Some(x.cmp(y))),
            (Value::Obj(x), Value::Obj(y)) => {
                let seqs = match (&**x, &**y) {
                    (Object::List(p), Object::List(q)) => Some((lock(p).clone(), lock(q).clone())),
                    (Object::Tuple(p), Object::Tuple(q)) => Some((p.to_vec(), q.to_vec())),
                    _ => None,
                };
                if let Some((p, q)) = seqs {
                    for (x, y) in p.iter().zip(&q) {
                        if !self.eq(x, y)? {
                            return self.partial_order(op, x, y);
                        }
                    }
                    return Ok(Some(p.len().cmp(&q.len())));
                }
            }
            _ => {}
        }
        let name = match op {
            CmpOp::Lt => "__lt__",
            CmpOp::Le => "__le__",
            CmpOp::Gt => "__gt__",
            _ => "__ge__",
        };
        if super::value::class_of_instance(a).is_some() {
            if let Some(m) = self.lookup_special(a, name) {
                let r = self.call(&m, super::value::Args::new(vec![b.clone()]))?;
                if !self.is_not_implemented(&r) {
                    let t = self.truthy(&r)?;
                    // Express the answer as an ordering the caller reads back.
                    return Ok(Some(match (op, t) {
                        (CmpOp::Lt, true) | (CmpOp::Le, true) => std::cmp::Ordering::Less,
                        (CmpOp::Gt, true) | (CmpOp::Ge, true) => std::cmp::Ordering::Greater,
                        (CmpOp::Lt, false) | (CmpOp::Le, false) => std::cmp::Ordering::Greater,
                        _ => std::cmp::Ordering::Less,
                    }));
                }
            }
        }
        Err(self.new_error(
            "TypeError",
            format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                self.type_name(a),
                self.type_name(b)
            ),
        ))
    }

    /// `needle in container`.
    pub fn contains(&mut self, container: &Value, needle: &Value) -> PyResult<bool> {
        match container {
            Value::Str(s) => match needle {
                Value::Str(n) => Ok(s.contains(&**n)),
                _ => Err(self.new_error(
                    "TypeError",
                    format!(
                        "'in <string>' requires string as left operand, not {}",
                        self.type_name(needle)
                    ),
                )),
            },
            Value::Obj(o) => match &**o {
                Object::Dict(d) => {
                    let k = self.key(needle.clone())?;
                    Ok(lock(d).contains_key(&k))
                }
                Object::Set(s) => {
                    let k = self.key(needle.clone())?;
                    Ok(lock(s).contains_key(&k))
                }
                Object::Range(start, stop, step) => Ok(match needle {
                    Value::Int(i) => {
                        let (i, start, stop, step) = (*i, *start, *stop, *step);
                        let inside = if step > 0 {
                            i >= start && i < stop
                        } else {
                            i <= start && i > stop
                        };
                        inside && (i - start) % step == 0
                    }
                    _ => false,
                }),
                Object::Native(n) if n.as_any().is::<super::builtins::views::DictView>() => {
                    let view = super::builtins::views::as_view(container).expect("checked");
                    self.view_contains(view, needle)
                }
                Object::Instance(_) if self.lookup_special(container, "__contains__").is_some() => {
                    let m = self
                        .lookup_special(container, "__contains__")
                        .expect("checked");
                    let r = self.call(&m, super::value::Args::new(vec![needle.clone()]))?;
                    self.truthy(&r)
                }
                _ => {
                    let items = self.collect(container)?;
                    for x in &items {
                        if x.is(needle) || self.eq(x, needle)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                }
            },
            _ => Err(self.new_error(
                "TypeError",
                format!(
                    "argument of type '{}' is not iterable",
                    self.type_name(container)
                ),
            )),
        }
    }

    /// A dict key or set member, or `TypeError: unhashable type`.
    pub fn key(&mut self, v: Value) -> PyResult<Key> {
        if let Some(bad) = unhashable(&v) {
            return Err(self.new_error("TypeError", format!("unhashable type: '{bad}'")));
        }
        Ok(Key(v))
    }
}

fn unhashable(v: &Value) -> Option<&'static str> {
    match v.as_obj()? {
        Object::List(_) => Some("list"),
        Object::Dict(_) => Some("dict"),
        Object::Set(_) => Some("set"),
        Object::Tuple(t) => t.iter().find_map(unhashable),
        _ => None,
    }
}

fn inplace_dunder(op: BinOp) -> Option<&'static str> {
    Some(match op {
        BinOp::Add => "__iadd__",
        BinOp::Sub => "__isub__",
        BinOp::Mul => "__imul__",
        _ => return None,
    })
}

/// Numeric comparison across int, big int, bool and float.
pub fn num_cmp(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(y),
        (Value::Float(x), other) | (other, Value::Float(x)) => {
            let flip = matches!(b, Value::Float(_)) && !matches!(a, Value::Float(_));
            let big = to_big(other)?;
            let o = cmp_float_big(*x, &big)?;
            Some(if flip { o.reverse() } else { o })
        }
        _ => Some(to_big(a)?.cmp(&to_big(b)?)),
    }
}

fn cmp_float_big(x: f64, b: &BigInt) -> Option<std::cmp::Ordering> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Less
        });
    }
    // Exact: compare the float's integer part, then its fraction.
    let fl = x.floor();
    let whole = BigInt::from(fl as i128);
    let whole = if fl.abs() < 1e38 {
        whole
    } else {
        num_bigint::BigInt::parse_bytes(format!("{fl:.0}").as_bytes(), 10)?
    };
    match whole.cmp(b) {
        std::cmp::Ordering::Equal if x > fl => Some(std::cmp::Ordering::Greater),
        o => Some(o),
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        key_eq(&self.0, &other.0)
    }
}

impl Eq for Key {}

fn key_eq(a: &Value, b: &Value) -> bool {
    // The common keys first: ints and strings of the same kind.
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => return x == y,
        (Value::Str(x), Value::Str(y)) => return x == y,
        _ => {}
    }
    if is_num(a) && is_num(b) {
        return num_cmp(a, b) == Some(std::cmp::Ordering::Equal);
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::None, Value::None) => true,
        (Value::Obj(x), Value::Obj(y)) => match (&**x, &**y) {
            (Object::Tuple(p), Object::Tuple(q)) => {
                p.len() == q.len() && p.iter().zip(q.iter()).all(|(a, b)| key_eq(a, b))
            }
            _ => Arc::ptr_eq(x, y),
        },
        _ => false,
    }
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        hash_value(&self.0, h)
    }
}

fn hash_value<H: Hasher>(v: &Value, h: &mut H) {
    match v {
        Value::None => 0u8.hash(h),
        Value::Bool(b) => (*b as i64).hash(h),
        Value::Int(i) => i.hash(h),
        Value::Big(b) => b.hash(h),
        Value::Float(x) => {
            if x.fract() == 0.0 && x.abs() < 9.2e18 {
                (*x as i64).hash(h)
            } else {
                x.to_bits().hash(h)
            }
        }
        Value::Str(s) => s.hash(h),
        Value::Obj(o) => match &**o {
            Object::Tuple(t) => {
                t.len().hash(h);
                for x in t.iter() {
                    hash_value(x, h);
                }
            }
            _ => (Arc::as_ptr(o) as usize).hash(h),
        },
    }
}
