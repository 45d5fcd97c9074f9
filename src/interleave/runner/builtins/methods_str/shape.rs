//! str methods that change case, pad, or classify characters (`upper`,
//! `center`, `zfill`, `isdigit`, ...): each looks at one character at a time.

use super::*;
use crate::interleave::runner::MAX_STR_BYTES;

pub(super) fn upper(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::str(&s(vm, me)?.to_uppercase()))
}
pub(super) fn lower(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::str(&s(vm, me)?.to_lowercase()))
}

pub(super) fn title(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let mut out = String::new();
    let mut prev_cased = false;
    for c in s(vm, me)?.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = c.is_alphabetic();
    }
    Ok(Value::str(&out))
}

pub(super) fn capitalize(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let t = s(vm, me)?;
    let mut cs = t.chars();
    let out = match cs.next() {
        Some(c) => c
            .to_uppercase()
            .chain(cs.flat_map(|c| c.to_lowercase()))
            .collect::<String>(),
        None => String::new(),
    };
    Ok(Value::str(&out))
}

pub(super) fn pad(vm: &mut Vm, me: Option<&Value>, args: &Args, align: char) -> PyResult<Value> {
    arity(vm, "pad", args, 1, 2)?;
    let t = s(vm, me)?;
    let width = match &args.pos[0] {
        Value::Int(w) => *w,
        v => {
            return Err(vm.new_error(
                "TypeError",
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    vm.type_name(v)
                ),
            ))
        }
    };
    let fill = match args.pos.get(1) {
        Some(Value::Str(f)) if f.chars().count() == 1 => f.chars().next().unwrap_or(' '),
        Some(_) => {
            return Err(vm.new_error(
                "TypeError",
                "The fill character must be exactly one character long",
            ))
        }
        None => ' ',
    };
    let len = t.chars().count() as i64;
    if width <= len {
        return Ok(Value::str(t));
    }
    let total = (width - len) as usize;
    // Refused before the padding is built: a failed allocation would abort
    // the runner (CPython raises MemoryError when its allocation fails).
    if total
        .saturating_mul(fill.len_utf8())
        .saturating_add(t.len())
        > MAX_STR_BYTES
    {
        return Err(vm.new_error("MemoryError", ""));
    }
    let (left, right) = match align {
        '<' => (0, total),
        '>' => (total, 0),
        // CPython's str.center puts the extra space on the left when the
        // string's length is odd... exactly: left = total/2 + (total & width & 1).
        _ => {
            let left = total / 2 + (total & width as usize & 1);
            (left, total - left)
        }
    };
    let f = fill.to_string();
    vm.new_str(format!("{}{t}{}", f.repeat(left), f.repeat(right)))
}

pub(super) fn center(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    pad(vm, me, &args, '^')
}
pub(super) fn ljust(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    pad(vm, me, &args, '<')
}
pub(super) fn rjust(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    pad(vm, me, &args, '>')
}

pub(super) fn zfill(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "zfill", &args, 1, 1)?;
    let t = s(vm, me)?;
    let width = match &args.pos[0] {
        Value::Int(w) => (*w).max(0) as usize,
        Value::Bool(b) => *b as usize,
        v => {
            return Err(vm.new_error(
                "TypeError",
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    vm.type_name(v)
                ),
            ))
        }
    };
    let len = t.chars().count();
    if width <= len {
        return Ok(Value::str(t));
    }
    if width - len + t.len() > MAX_STR_BYTES {
        return Err(vm.new_error("MemoryError", ""));
    }
    let (sign, digits) = match t.chars().next() {
        Some(c @ ('+' | '-')) => (c.to_string(), &t[1..]),
        _ => (String::new(), t),
    };
    Ok(Value::str(&format!(
        "{sign}{}{digits}",
        "0".repeat(width - len)
    )))
}

pub(super) fn all_chars(vm: &mut Vm, me: Option<&Value>, f: fn(char) -> bool) -> PyResult<Value> {
    let t = s(vm, me)?;
    Ok(Value::Bool(!t.is_empty() && t.chars().all(f)))
}

pub(super) fn isdigit(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    all_chars(vm, me, |c| c.is_ascii_digit())
}
/// True for the empty string too, unlike the other `is…` methods.
pub(super) fn isascii(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Bool(s(vm, me)?.is_ascii()))
}
pub(super) fn isalpha(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    all_chars(vm, me, char::is_alphabetic)
}
pub(super) fn isalnum(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    all_chars(vm, me, char::is_alphanumeric)
}
pub(super) fn isspace(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    all_chars(vm, me, char::is_whitespace)
}
pub(super) fn isupper(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let t = s(vm, me)?;
    Ok(Value::Bool(
        t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase),
    ))
}
pub(super) fn islower(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let t = s(vm, me)?;
    Ok(Value::Bool(
        t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_uppercase),
    ))
}
