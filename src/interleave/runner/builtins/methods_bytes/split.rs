//! Splitting, stripping, replacing and partitioning bytes.

use super::*;

/// ASCII whitespace, as `bytes.split()` and `strip()` see it.
pub(super) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

pub(super) fn split_args(vm: &Vm, args: &Args) -> PyResult<(Option<Vec<u8>>, i64)> {
    let sep = args.pos.first().cloned().or_else(|| kwarg(args, "sep"));
    let sep = match &sep {
        None | Some(Value::None) => None,
        Some(v) => {
            let b = buffer(vm, v)?.into_owned();
            if b.is_empty() {
                return Err(vm.new_error("ValueError", "empty separator"));
            }
            Some(b)
        }
    };
    let max = match args.pos.get(1).cloned().or_else(|| kwarg(args, "maxsplit")) {
        Some(Value::Int(n)) => n,
        _ => -1,
    };
    Ok((sep, max))
}

/// The pieces of `b` split at `sep` (whitespace runs when `None`), at most
/// `max` splits (all when negative), from the right when `right`.
pub(super) fn split_bytes(b: &[u8], sep: Option<&[u8]>, max: i64, right: bool) -> Vec<Vec<u8>> {
    let max = if max < 0 { usize::MAX } else { max as usize };
    match sep {
        Some(sep) => {
            let mut parts = Vec::new();
            if right {
                let mut end = b.len();
                let mut i = b.len();
                while parts.len() < max && i >= sep.len() {
                    if &b[i - sep.len()..i] == sep {
                        parts.push(b[i..end].to_vec());
                        i -= sep.len();
                        end = i;
                    } else {
                        i -= 1;
                    }
                }
                parts.push(b[..end].to_vec());
                parts.reverse();
            } else {
                let mut start = 0;
                let mut i = 0;
                while parts.len() < max && i + sep.len() <= b.len() {
                    if &b[i..i + sep.len()] == sep {
                        parts.push(b[start..i].to_vec());
                        i += sep.len();
                        start = i;
                    } else {
                        i += 1;
                    }
                }
                parts.push(b[start..].to_vec());
            }
            parts
        }
        None => {
            let mut parts = Vec::new();
            if right {
                let mut i = b.len();
                loop {
                    while i > 0 && is_space(b[i - 1]) {
                        i -= 1;
                    }
                    if i == 0 {
                        break;
                    }
                    if parts.len() == max {
                        parts.push(b[..i].to_vec());
                        break;
                    }
                    let end = i;
                    while i > 0 && !is_space(b[i - 1]) {
                        i -= 1;
                    }
                    parts.push(b[i..end].to_vec());
                }
                parts.reverse();
            } else {
                let mut i = 0;
                loop {
                    while i < b.len() && is_space(b[i]) {
                        i += 1;
                    }
                    if i == b.len() {
                        break;
                    }
                    if parts.len() == max {
                        parts.push(b[i..].to_vec());
                        break;
                    }
                    let start = i;
                    while i < b.len() && !is_space(b[i]) {
                        i += 1;
                    }
                    parts.push(b[start..i].to_vec());
                }
            }
            parts
        }
    }
}

pub(super) fn split_into(
    vm: &mut Vm,
    m: Option<&Value>,
    args: Args,
    right: bool,
) -> PyResult<Value> {
    let (b, kind) = me(vm, m)?;
    let (sep, max) = split_args(vm, &args)?;
    let parts = split_bytes(&b, sep.as_deref(), max, right);
    let mut out = Vec::with_capacity(parts.len());
    for p in parts {
        out.push(make(vm, kind, p)?);
    }
    vm.count_heap(out.len() * crate::interleave::runner::value::LIST_ITEM_BYTES)?;
    Ok(Value::list(out))
}

pub(super) fn split(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    split_into(vm, m, args, false)
}

pub(super) fn rsplit(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    split_into(vm, m, args, true)
}

pub(super) fn splitlines(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "splitlines", &args, 0, 1)?;
    let (b, kind) = me(vm, m)?;
    let keep = match args.pos.first() {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        let eol = match b[i] {
            b'\n' => 1,
            b'\r' if b.get(i + 1) == Some(&b'\n') => 2,
            b'\r' => 1,
            _ => 0,
        };
        if eol == 0 {
            i += 1;
            continue;
        }
        let end = if keep { i + eol } else { i };
        out.push(make(vm, kind, b[start..end].to_vec())?);
        i += eol;
        start = i;
    }
    if start < b.len() {
        out.push(make(vm, kind, b[start..].to_vec())?);
    }
    Ok(Value::list(out))
}

pub(super) fn strip_with(
    vm: &mut Vm,
    m: Option<&Value>,
    args: Args,
    name: &str,
    left: bool,
    right: bool,
) -> PyResult<Value> {
    arity(vm, name, &args, 0, 1)?;
    let (b, kind) = me(vm, m)?;
    let chars: Option<Vec<u8>> = match args.pos.first() {
        None | Some(Value::None) => None,
        Some(v) => Some(buffer(vm, v)?.into_owned()),
    };
    let strip = |c: u8| match &chars {
        None => is_space(c),
        Some(set) => set.contains(&c),
    };
    let mut lo = 0;
    let mut hi = b.len();
    if left {
        while lo < hi && strip(b[lo]) {
            lo += 1;
        }
    }
    if right {
        while hi > lo && strip(b[hi - 1]) {
            hi -= 1;
        }
    }
    make(vm, kind, b[lo..hi].to_vec())
}

pub(super) fn strip(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    strip_with(vm, m, args, "strip", true, true)
}

pub(super) fn lstrip(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    strip_with(vm, m, args, "lstrip", true, false)
}

pub(super) fn rstrip(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    strip_with(vm, m, args, "rstrip", false, true)
}

pub(super) fn replace(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "replace", &args, 2, 3)?;
    let (b, kind) = me(vm, m)?;
    let old = buffer(vm, &args.pos[0])?;
    let new = buffer(vm, &args.pos[1])?;
    let max = match args.pos.get(2) {
        Some(Value::Int(n)) if *n >= 0 => *n as usize,
        _ => usize::MAX,
    };
    let mut out = Vec::with_capacity(b.len());
    let (mut i, mut done) = (0, 0);
    if old.is_empty() {
        // An empty pattern matches between every two bytes.
        for (k, &c) in b.iter().enumerate() {
            if k < max {
                out.extend_from_slice(&new);
            }
            out.push(c);
        }
        if b.len() < max {
            out.extend_from_slice(&new);
        }
        return make(vm, kind, out);
    }
    while i < b.len() {
        if done < max && b[i..].starts_with(&old) {
            out.extend_from_slice(&new);
            i += old.len();
            done += 1;
        } else {
            out.push(b[i]);
            i += 1;
        }
        if out.len() > crate::interleave::runner::MAX_STR_BYTES {
            return Err(vm.new_error("MemoryError", ""));
        }
    }
    make(vm, kind, out)
}

pub(super) fn partition_at(
    vm: &mut Vm,
    m: Option<&Value>,
    args: Args,
    last: bool,
) -> PyResult<Value> {
    let name = if last { "rpartition" } else { "partition" };
    arity(vm, name, &args, 1, 1)?;
    let (b, kind) = me(vm, m)?;
    let sep = buffer(vm, &args.pos[0])?.into_owned();
    if sep.is_empty() {
        return Err(vm.new_error("ValueError", "empty separator"));
    }
    let parts = match position(&b, &sep, last) {
        Some(i) => [b[..i].to_vec(), sep.clone(), b[i + sep.len()..].to_vec()],
        None if last => [Vec::new(), Vec::new(), b.to_vec()],
        None => [b.to_vec(), Vec::new(), Vec::new()],
    };
    let mut out = Vec::with_capacity(3);
    for p in parts {
        out.push(make(vm, kind, p)?);
    }
    Ok(Value::tuple(out))
}

pub(super) fn partition(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    partition_at(vm, m, args, false)
}

pub(super) fn rpartition(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    partition_at(vm, m, args, true)
}
