//! Case, tests of every byte, padding and prefixes.

use super::split::is_space;
use super::*;

pub(super) fn map_bytes(
    vm: &mut Vm,
    m: Option<&Value>,
    f: impl Fn(&[u8]) -> Vec<u8>,
) -> PyResult<Value> {
    let (b, kind) = me(vm, m)?;
    let out = f(&b);
    make(vm, kind, out)
}

pub(super) fn upper(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    map_bytes(vm, m, |b| b.to_ascii_uppercase())
}

pub(super) fn lower(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    map_bytes(vm, m, |b| b.to_ascii_lowercase())
}

pub(super) fn swapcase(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    map_bytes(vm, m, |b| {
        b.iter()
            .map(|c| {
                if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect()
    })
}

pub(super) fn capitalize(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    map_bytes(vm, m, |b| {
        b.iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    })
}

pub(super) fn title(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    map_bytes(vm, m, |b| {
        let mut prev_cased = false;
        b.iter()
            .map(|&c| {
                let out = if prev_cased {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                };
                prev_cased = c.is_ascii_alphabetic();
                out
            })
            .collect()
    })
}

pub(super) fn test_all(vm: &mut Vm, m: Option<&Value>, f: impl Fn(u8) -> bool) -> PyResult<Value> {
    let (b, _) = me(vm, m)?;
    Ok(Value::Bool(!b.is_empty() && b.iter().all(|&c| f(c))))
}

pub(super) fn isdigit(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    test_all(vm, m, |c| c.is_ascii_digit())
}

pub(super) fn isalpha(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    test_all(vm, m, |c| c.is_ascii_alphabetic())
}

pub(super) fn isalnum(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    test_all(vm, m, |c| c.is_ascii_alphanumeric())
}

pub(super) fn isspace(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    test_all(vm, m, is_space)
}

pub(super) fn isascii(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    let (b, _) = me(vm, m)?;
    Ok(Value::Bool(b.is_ascii()))
}

pub(super) fn cased(vm: &mut Vm, m: Option<&Value>, upper: bool) -> PyResult<Value> {
    let (b, _) = me(vm, m)?;
    let any = b.iter().any(|c| {
        if upper {
            c.is_ascii_uppercase()
        } else {
            c.is_ascii_lowercase()
        }
    });
    let wrong = b.iter().any(|c| {
        if upper {
            c.is_ascii_lowercase()
        } else {
            c.is_ascii_uppercase()
        }
    });
    Ok(Value::Bool(any && !wrong))
}

pub(super) fn isupper(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    cased(vm, m, true)
}

pub(super) fn islower(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    cased(vm, m, false)
}

pub(super) fn removeprefix(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "removeprefix", &args, 1, 1)?;
    let (b, kind) = me(vm, m)?;
    let p = buffer(vm, &args.pos[0])?;
    let out = b.strip_prefix(&*p).unwrap_or(&b).to_vec();
    make(vm, kind, out)
}

pub(super) fn removesuffix(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "removesuffix", &args, 1, 1)?;
    let (b, kind) = me(vm, m)?;
    let p = buffer(vm, &args.pos[0])?;
    let out = b.strip_suffix(&*p).unwrap_or(&b).to_vec();
    make(vm, kind, out)
}

/// `center`, `ljust`, `rjust`: the width and the fill byte.
pub(super) fn pad(
    vm: &mut Vm,
    m: Option<&Value>,
    args: Args,
    name: &str,
    how: char,
) -> PyResult<Value> {
    arity(vm, name, &args, 1, 2)?;
    let (b, kind) = me(vm, m)?;
    let width = match &args.pos[0] {
        Value::Int(n) => (*n).max(0) as usize,
        other => {
            return Err(vm.new_error(
                "TypeError",
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    vm.type_name(other)
                ),
            ))
        }
    };
    let fill = match args.pos.get(1) {
        None => b' ',
        Some(v) => match as_bytes(v) {
            Some(f) if f.len() == 1 => f[0],
            _ => {
                return Err(vm.new_error(
                    "TypeError",
                    format!(
                        "{name}() argument 2 must be a byte string of length 1, not {}",
                        vm.type_name(v)
                    ),
                ))
            }
        },
    };
    if width > crate::interleave::runner::MAX_STR_BYTES {
        return Err(vm.new_error("MemoryError", ""));
    }
    let extra = width.saturating_sub(b.len());
    let (left, right) = match how {
        'l' => (0, extra),
        'r' => (extra, 0),
        // CPython's centring: the odd byte goes left when the width is odd.
        _ => {
            let left = extra / 2 + (extra & width & 1);
            (left, extra - left)
        }
    };
    let mut out = vec![fill; left];
    out.extend_from_slice(&b);
    out.extend(std::iter::repeat_n(fill, right));
    make(vm, kind, out)
}

pub(super) fn center(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    pad(vm, m, args, "center", 'c')
}

pub(super) fn ljust(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    pad(vm, m, args, "ljust", 'l')
}

pub(super) fn rjust(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    pad(vm, m, args, "rjust", 'r')
}

pub(super) fn zfill(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "zfill", &args, 1, 1)?;
    let (b, kind) = me(vm, m)?;
    let width = match &args.pos[0] {
        Value::Int(n) => (*n).max(0) as usize,
        _ => 0,
    };
    if b.len() >= width {
        return make(vm, kind, b.to_vec());
    }
    let sign = matches!(b.first(), Some(b'+' | b'-'));
    let mut out = Vec::with_capacity(width);
    if sign {
        out.push(b[0]);
    }
    out.extend(std::iter::repeat_n(b'0', width - b.len()));
    out.extend_from_slice(if sign { &b[1..] } else { &b });
    make(vm, kind, out)
}
