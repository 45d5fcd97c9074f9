//! `int.to_bytes` and `int.from_bytes`.

use super::*;

/// `byteorder`: `'big'` (the default since 3.11) or `'little'`.
pub(super) fn big_endian(vm: &Vm, v: Option<Value>) -> PyResult<bool> {
    match v {
        None => Ok(true),
        Some(Value::Str(s)) if &*s == "big" => Ok(true),
        Some(Value::Str(s)) if &*s == "little" => Ok(false),
        Some(Value::Str(_)) => {
            Err(vm.new_error("ValueError", "byteorder must be either 'little' or 'big'"))
        }
        Some(other) => Err(vm.new_error(
            "TypeError",
            format!(
                "to_bytes() argument 'byteorder' must be str, not {}",
                vm.type_name(&other)
            ),
        )),
    }
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`.
pub fn to_bytes(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "to_bytes", &args, 0, 2)?;
    let Some(n) = m.and_then(crate::interleave::runner::ops::to_big) else {
        return Err(vm.new_error(
            "TypeError",
            "descriptor 'to_bytes' requires an 'int' object",
        ));
    };
    let length = match args.pos.first().cloned().or_else(|| kwarg(&args, "length")) {
        None => 1,
        Some(Value::Int(l)) => l,
        Some(Value::Bool(b)) => b as i64,
        Some(other) => {
            return Err(vm.new_error(
                "TypeError",
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    vm.type_name(&other)
                ),
            ))
        }
    };
    if length < 0 {
        return Err(vm.new_error("ValueError", "length argument must be non-negative"));
    }
    let big = big_endian(
        vm,
        args.pos
            .get(1)
            .cloned()
            .or_else(|| kwarg(&args, "byteorder")),
    )?;
    let signed = match kwarg(&args, "signed") {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    if !signed && n.sign() == Sign::Minus {
        return Err(vm.new_error("OverflowError", "can't convert negative int to unsigned"));
    }
    let length = length as usize;
    if length > crate::interleave::runner::MAX_STR_BYTES {
        return Err(vm.new_error("MemoryError", ""));
    }
    // The fewest bytes that hold `n` (a sign bit too when signed).
    let needed = match (signed, n.sign()) {
        (_, Sign::NoSign) => 0,
        (false, _) => n.bits().div_ceil(8),
        (true, Sign::Plus) => (n.bits() + 1).div_ceil(8),
        (true, Sign::Minus) => ((-&n - 1u32).bits() + 1).div_ceil(8),
    };
    if needed > length as u64 {
        return Err(vm.new_error("OverflowError", "int too big to convert"));
    }
    // Minimal little-endian bytes, then sign-extended (or cut back from
    // zero's one byte) to the length.
    let mut le = if signed {
        n.to_signed_bytes_le()
    } else {
        n.to_bytes_le().1
    };
    let fill = if n.sign() == Sign::Minus { 0xff } else { 0 };
    le.resize(length, fill);
    if big {
        le.reverse();
    }
    vm.new_bytes(le)
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`.
pub fn from_bytes(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "from_bytes", &args, 0, 2)?;
    let Some(src) = args.pos.first().cloned().or_else(|| kwarg(&args, "bytes")) else {
        return Err(vm.new_error(
            "TypeError",
            "from_bytes() missing required argument 'bytes' (pos 1)",
        ));
    };
    let big = big_endian(
        vm,
        args.pos
            .get(1)
            .cloned()
            .or_else(|| kwarg(&args, "byteorder")),
    )?;
    let signed = match kwarg(&args, "signed") {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    let mut b = match as_bytes(&src) {
        Some(b) => b.into_owned(),
        None if matches!(src, Value::Str(_)) => {
            return Err(vm.new_error("TypeError", "cannot convert 'str' object to bytes"))
        }
        None => vm.bytes_from(&src, Kind::Bytes)?,
    };
    if big {
        b.reverse();
    }
    let n = if signed {
        BigInt::from_signed_bytes_le(&b)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &b)
    };
    Ok(Value::from_big(n))
}
