//! What only a bytearray does: change in place.

use super::*;

/// The bound bytearray's lock.
pub(super) fn array<'a>(vm: &Vm, m: Option<&'a Value>) -> PyResult<&'a std::sync::Mutex<Vec<u8>>> {
    match m.and_then(|v| v.as_obj()) {
        Some(Object::ByteArray(b)) => Ok(b),
        _ => Err(vm.new_error("TypeError", "descriptor requires a 'bytearray' object")),
    }
}

/// Refuses a bytearray that would outgrow the run's largest string.
pub(super) fn room(vm: &Vm, len: usize) -> PyResult<()> {
    if len > crate::interleave::runner::MAX_STR_BYTES {
        return Err(vm.new_error("MemoryError", ""));
    }
    Ok(())
}

pub(super) fn append(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "bytearray.append", &args, 1, 1)?;
    let a = array(vm, m)?;
    let c = vm.byte_of(&args.pos[0], Kind::ByteArray)?;
    let mut g = lock(a);
    room(vm, g.len() + 1)?;
    g.push(c);
    Ok(Value::None)
}

pub(super) fn extend(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "bytearray.extend", &args, 1, 1)?;
    let a = array(vm, m)?;
    let more = match as_bytes(&args.pos[0]) {
        Some(b) => b.into_owned(),
        None => vm.bytes_of_ints(&args.pos[0], Kind::ByteArray)?,
    };
    let mut g = lock(a);
    room(vm, g.len() + more.len())?;
    g.extend_from_slice(&more);
    Ok(Value::None)
}

pub(super) fn pop(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "pop", &args, 0, 1)?;
    let a = array(vm, m)?;
    let at = match args.pos.first() {
        None => -1,
        Some(Value::Int(i)) => *i,
        Some(other) => {
            return Err(vm.new_error(
                "TypeError",
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    vm.type_name(other)
                ),
            ))
        }
    };
    let mut g = lock(a);
    if g.is_empty() {
        drop(g);
        return Err(vm.new_error("IndexError", "pop from empty bytearray"));
    }
    let real = if at < 0 { at + g.len() as i64 } else { at };
    if real < 0 || real >= g.len() as i64 {
        drop(g);
        return Err(vm.new_error("IndexError", "pop index out of range"));
    }
    Ok(Value::Int(g.remove(real as usize) as i64))
}

pub(super) fn insert(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "insert", &args, 2, 2)?;
    let a = array(vm, m)?;
    let Value::Int(at) = args.pos[0] else {
        return Err(vm.new_error(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(&args.pos[0])
            ),
        ));
    };
    let c = vm.byte_of(&args.pos[1], Kind::ByteArray)?;
    let mut g = lock(a);
    room(vm, g.len() + 1)?;
    let len = g.len() as i64;
    let at = if at < 0 {
        (at + len).max(0)
    } else {
        at.min(len)
    };
    g.insert(at as usize, c);
    Ok(Value::None)
}

pub(super) fn remove(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "bytearray.remove", &args, 1, 1)?;
    let a = array(vm, m)?;
    let c = vm.byte_of(&args.pos[0], Kind::ByteArray)?;
    let mut g = lock(a);
    match g.iter().position(|&x| x == c) {
        Some(i) => {
            g.remove(i);
            Ok(Value::None)
        }
        None => {
            drop(g);
            Err(vm.new_error("ValueError", "value not found in bytearray"))
        }
    }
}

pub(super) fn clear(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "bytearray.clear", &args, 0, 0)?;
    lock(array(vm, m)?).clear();
    Ok(Value::None)
}

pub(super) fn copy(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "bytearray.copy", &args, 0, 0)?;
    let b = lock(array(vm, m)?).clone();
    make(vm, Kind::ByteArray, b)
}

pub(super) fn reverse(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "bytearray.reverse", &args, 0, 0)?;
    lock(array(vm, m)?).reverse();
    Ok(Value::None)
}
