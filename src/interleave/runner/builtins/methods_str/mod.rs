//! Methods of str.

mod shape;

/// The string methods that take keywords (see `builtins::keywords`).
pub const KEYWORDS: &[super::keywords::Takes] = &[
    (split, "split", &["sep", "maxsplit"]),
    (rsplit, "rsplit", &["sep", "maxsplit"]),
    (expandtabs, "expandtabs", &["tabsize"]),
    (splitlines, "splitlines", &["keepends"]),
    (format, "format", &["*"]),
];

use crate::interleave::runner::value::{Args, NativeFn, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

use super::functions::arity;
use shape::{
    capitalize, center, isalnum, isalpha, isascii, isdigit, islower, isspace, isupper, ljust,
    lower, rjust, title, upper, zfill,
};

pub const METHODS: &[(&str, NativeFn)] = &[
    ("join", join),
    ("split", split),
    ("rsplit", rsplit),
    ("splitlines", splitlines),
    ("strip", strip),
    ("lstrip", lstrip),
    ("rstrip", rstrip),
    ("upper", upper),
    ("lower", lower),
    ("title", title),
    ("capitalize", capitalize),
    ("replace", replace),
    ("startswith", startswith),
    ("endswith", endswith),
    ("find", find),
    ("index", index),
    ("count", count),
    ("format", format),
    ("center", center),
    ("ljust", ljust),
    ("rjust", rjust),
    ("zfill", zfill),
    ("isdigit", isdigit),
    ("isascii", isascii),
    ("isalpha", isalpha),
    ("isalnum", isalnum),
    ("isspace", isspace),
    ("isupper", isupper),
    ("islower", islower),
    ("partition", partition),
    ("rpartition", rpartition),
    ("rfind", rfind),
    ("rindex", rindex),
    ("swapcase", swapcase),
    ("casefold", casefold),
    ("isnumeric", isdigit),
    ("isdecimal", isdigit),
    ("isidentifier", isidentifier),
    ("istitle", istitle),
    ("removeprefix", removeprefix),
    ("removesuffix", removesuffix),
    ("expandtabs", expandtabs),
    ("format_map", format_map),
    ("encode", super::methods_bytes::encode),
];

fn s<'a>(vm: &Vm, me: Option<&'a Value>) -> PyResult<&'a str> {
    match me {
        Some(Value::Str(s)) => Ok(s),
        _ => Err(vm.new_error("TypeError", "descriptor requires a 'str' object")),
    }
}

fn str_arg<'a>(vm: &Vm, v: &'a Value, what: &str) -> PyResult<&'a str> {
    match v {
        Value::Str(s) => Ok(s),
        _ => Err(vm.new_error(
            "TypeError",
            format!("{what} must be str, not {}", vm.type_name(v)),
        )),
    }
}

fn join(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "str.join", &args, 1, 1)?;
    let sep = s(vm, me)?.to_string();
    let items = vm.collect(&args.pos[0])?;
    let mut out = String::new();
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match x {
            Value::Str(t) if out.len() + t.len() > crate::interleave::runner::MAX_STR_BYTES => {
                return Err(vm.new_error("MemoryError", ""));
            }
            Value::Str(t) => out.push_str(t),
            other => {
                return Err(vm.new_error(
                    "TypeError",
                    format!(
                        "sequence item {i}: expected str instance, {} found",
                        vm.type_name(other)
                    ),
                ))
            }
        }
    }
    vm.new_str(out)
}

fn split_args(vm: &Vm, args: &Args) -> PyResult<(Option<String>, i64)> {
    let sep = args
        .pos
        .first()
        .cloned()
        .or_else(|| super::functions::kwarg(args, "sep"));
    let sep = match sep {
        None | Some(Value::None) => None,
        Some(Value::Str(x)) if x.is_empty() => {
            return Err(vm.new_error("ValueError", "empty separator"))
        }
        Some(v) => Some(str_arg(vm, &v, "must be str or None")?.to_string()),
    };
    let max = match args
        .pos
        .get(1)
        .cloned()
        .or_else(|| super::functions::kwarg(args, "maxsplit"))
    {
        Some(Value::Int(n)) => n,
        _ => -1,
    };
    Ok((sep, max))
}

fn split(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let text = s(vm, me)?;
    let (sep, max) = split_args(vm, &args)?;
    let parts: Vec<Value> = match sep {
        Some(sep) => {
            if max < 0 {
                text.split(sep.as_str()).map(Value::str).collect()
            } else {
                text.splitn(max as usize + 1, sep.as_str())
                    .map(Value::str)
                    .collect()
            }
        }
        None => {
            let mut out = Vec::new();
            let mut rest = text.trim_start();
            while !rest.is_empty() {
                if max >= 0 && out.len() as i64 == max {
                    out.push(Value::str(rest));
                    break;
                }
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                out.push(Value::str(&rest[..end]));
                rest = rest[end..].trim_start();
            }
            out
        }
    };
    Ok(Value::list(parts))
}

fn rsplit(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let text = s(vm, me)?;
    let (sep, max) = split_args(vm, &args)?;
    let Some(sep) = sep else {
        if max < 0 {
            return split(vm, me, args);
        }
        return Ok(Value::list(rsplit_whitespace(text, max as usize)));
    };
    let mut parts: Vec<Value> = if max < 0 {
        text.rsplit(sep.as_str()).map(Value::str).collect()
    } else {
        text.rsplitn(max as usize + 1, sep.as_str())
            .map(Value::str)
            .collect()
    };
    parts.reverse();
    Ok(Value::list(parts))
}

/// `s.rsplit(None, max)`: at most `max` cuts at runs of whitespace, from
/// the right; what is left keeps its leading whitespace, as in CPython.
fn rsplit_whitespace(text: &str, max: usize) -> Vec<Value> {
    let mut rest = text.trim_end();
    let mut out = Vec::new();
    while out.len() < max {
        let Some(i) = rest.rfind(char::is_whitespace) else {
            break;
        };
        let width = rest[i..].chars().next().map_or(1, char::len_utf8);
        out.push(Value::str(&rest[i + width..]));
        rest = rest[..i].trim_end();
    }
    if !rest.is_empty() {
        out.push(Value::str(rest));
    }
    out.reverse();
    out
}

/// Lines end at `\n`, `\r\n`, `\r` and the other separators Python counts
/// (form feed, `\x1c`–`\x1e`, `\x85`, U+2028, U+2029); `keepends` keeps them.
fn splitlines(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "splitlines", &args, 0, 1)?;
    let keep = match args
        .pos
        .first()
        .cloned()
        .or_else(|| super::functions::kwarg(&args, "keepends"))
    {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    let t = s(vm, me)?;
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = t.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let mut end = at + c.len_utf8();
        match c {
            '\r' => {
                if let Some(&(_, '\n')) = chars.peek() {
                    chars.next();
                    end += 1;
                }
            }
            '\n' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}'
            | '\u{2029}' => {}
            _ => continue,
        }
        lines.push(Value::str(&t[start..if keep { end } else { at }]));
        start = end;
    }
    if start < t.len() {
        lines.push(Value::str(&t[start..]));
    }
    Ok(Value::list(lines))
}

fn strip_with(
    vm: &mut Vm,
    me: Option<&Value>,
    args: &Args,
    left: bool,
    right: bool,
) -> PyResult<Value> {
    let text = s(vm, me)?;
    let chars: Option<Vec<char>> = match args.pos.first() {
        None | Some(Value::None) => None,
        Some(v) => Some(str_arg(vm, v, "strip arg")?.chars().collect()),
    };
    let pred = |c: char| match &chars {
        Some(cs) => cs.contains(&c),
        None => c.is_whitespace(),
    };
    let mut t = text;
    if left {
        t = t.trim_start_matches(pred);
    }
    if right {
        t = t.trim_end_matches(pred);
    }
    Ok(Value::str(t))
}

fn strip(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    strip_with(vm, me, &args, true, true)
}
fn lstrip(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    strip_with(vm, me, &args, true, false)
}
fn rstrip(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    strip_with(vm, me, &args, false, true)
}

fn replace(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "replace", &args, 2, 3)?;
    let t = s(vm, me)?;
    let old = str_arg(vm, &args.pos[0], "replace() argument 1")?;
    let new = str_arg(vm, &args.pos[1], "replace() argument 2")?;
    let limit = match args.pos.get(2) {
        Some(Value::Int(n)) if *n >= 0 => *n as usize,
        _ => usize::MAX,
    };
    // The result's size, known before it is built (a failed allocation
    // would abort the runner; CPython raises MemoryError).
    if new.len() > old.len() {
        let count = if old.is_empty() {
            t.chars().count() + 1
        } else {
            t.matches(old).count()
        };
        let grows = count.min(limit).saturating_mul(new.len() - old.len());
        if t.len().saturating_add(grows) > crate::interleave::runner::MAX_STR_BYTES {
            return Err(vm.new_error("MemoryError", ""));
        }
    }
    vm.new_str(t.replacen(old, new, limit))
}

/// `startswith`/`endswith`, with the optional start and end of the part of
/// the string to look at (as `find` takes them).
fn affix(vm: &mut Vm, me: Option<&Value>, args: &Args, start: bool) -> PyResult<Value> {
    let name = if start { "startswith" } else { "endswith" };
    let whole = s(vm, me)?;
    let (a, b, _) = search_range(vm, whole, args, name)?;
    if a > b {
        return Ok(Value::Bool(false));
    }
    let t = &whole[a..b];
    let options: Vec<Value> = match args.pos[0].as_obj() {
        Some(crate::interleave::runner::value::Object::Tuple(items)) => items.to_vec(),
        _ => vec![args.pos[0].clone()],
    };
    for o in &options {
        let p = str_arg(vm, o, "startswith first arg")?;
        if (start && t.starts_with(p)) || (!start && t.ends_with(p)) {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn startswith(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    affix(vm, me, &args, true)
}
fn endswith(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    affix(vm, me, &args, false)
}

fn char_index(t: &str, byte: usize) -> i64 {
    t[..byte].chars().count() as i64
}

fn format(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let t = s(vm, me)?.to_string();
    vm.str_format(&t, args)
}

fn partition(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "partition", &args, 1, 1)?;
    let t = s(vm, me)?;
    let sep = str_arg(vm, &args.pos[0], "must be str")?;
    Ok(match t.find(sep) {
        Some(b) => Value::tuple(vec![
            Value::str(&t[..b]),
            Value::str(sep),
            Value::str(&t[b + sep.len()..]),
        ]),
        None => Value::tuple(vec![Value::str(t), Value::str(""), Value::str("")]),
    })
}

/// The part of `t` that `find(sub, start, end)` searches: its byte range
/// and the char index it starts at.
fn search_range(vm: &Vm, t: &str, args: &Args, name: &str) -> PyResult<(usize, usize, i64)> {
    arity(vm, name, args, 1, 3)?;
    let n = t.chars().count() as i64;
    let bound = |v: Option<&Value>, default: i64| -> PyResult<i64> {
        match v {
            None | Some(Value::None) => Ok(default),
            Some(Value::Int(i)) => {
                let i = if *i < 0 { (*i + n).max(0) } else { (*i).min(n) };
                Ok(i)
            }
            Some(other) => Err(vm.new_error(
                "TypeError",
                format!(
                    "slice indices must be integers or None or have an __index__ method, not {}",
                    vm.type_name(other)
                ),
            )),
        }
    };
    let start = bound(args.pos.get(1), 0)?;
    let end = bound(args.pos.get(2), n)?;
    let byte = |c: i64| -> usize {
        t.char_indices()
            .nth(c as usize)
            .map(|(b, _)| b)
            .unwrap_or(t.len())
    };
    if start > end {
        return Ok((1, 0, start));
    }
    Ok((byte(start), byte(end), start))
}

fn find_in(vm: &Vm, me: Option<&Value>, args: &Args, name: &str, right: bool) -> PyResult<i64> {
    let t = s(vm, me)?;
    let sub = str_arg(
        vm,
        &args.pos.first().cloned().unwrap_or(Value::None),
        "must be str",
    )
    .map(|x| x.to_string());
    let (a, b, start) = search_range(vm, t, args, name)?;
    let sub = sub?;
    if a > b {
        return Ok(-1);
    }
    let hay = &t[a..b];
    let found = if right {
        hay.rfind(&sub)
    } else {
        hay.find(&sub)
    };
    Ok(found.map(|x| start + char_index(hay, x)).unwrap_or(-1))
}

fn find(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    Ok(Value::Int(find_in(vm, me, &args, "find", false)?))
}

fn rfind(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    Ok(Value::Int(find_in(vm, me, &args, "rfind", true)?))
}

fn index(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    match find_in(vm, me, &args, "index", false)? {
        -1 => Err(vm.new_error("ValueError", "substring not found")),
        i => Ok(Value::Int(i)),
    }
}

fn rindex(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    match find_in(vm, me, &args, "rindex", true)? {
        -1 => Err(vm.new_error("ValueError", "substring not found")),
        i => Ok(Value::Int(i)),
    }
}

fn count(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let t = s(vm, me)?;
    let sub = str_arg(
        vm,
        &args.pos.first().cloned().unwrap_or(Value::None),
        "must be str",
    )
    .map(|x| x.to_string());
    let (a, b, _) = search_range(vm, t, &args, "count")?;
    let sub = sub?;
    if a > b {
        return Ok(Value::Int(0));
    }
    let hay = &t[a..b];
    let n = if sub.is_empty() {
        hay.chars().count() + 1
    } else {
        hay.matches(sub.as_str()).count()
    };
    Ok(Value::Int(n as i64))
}

fn rpartition(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "rpartition", &args, 1, 1)?;
    let t = s(vm, me)?;
    let sep = str_arg(vm, &args.pos[0], "must be str")?;
    if sep.is_empty() {
        return Err(vm.new_error("ValueError", "empty separator"));
    }
    Ok(match t.rfind(sep) {
        Some(b) => Value::tuple(vec![
            Value::str(&t[..b]),
            Value::str(sep),
            Value::str(&t[b + sep.len()..]),
        ]),
        None => Value::tuple(vec![Value::str(""), Value::str(""), Value::str(t)]),
    })
}

fn swapcase(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let t = s(vm, me)?;
    let out: String = t
        .chars()
        .flat_map(|c| {
            if c.is_uppercase() {
                c.to_lowercase().collect::<Vec<_>>()
            } else {
                c.to_uppercase().collect::<Vec<_>>()
            }
        })
        .collect();
    vm.new_str(out)
}

fn isidentifier(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let t = s(vm, me)?;
    let mut chars = t.chars();
    let ok = match chars.next() {
        Some(c) => {
            (c == '_' || c.is_alphabetic()) && chars.all(|c| c == '_' || c.is_alphanumeric())
        }
        None => false,
    };
    Ok(Value::Bool(ok))
}

fn istitle(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let t = s(vm, me)?;
    let mut prev_cased = false;
    let mut any = false;
    for c in t.chars() {
        if c.is_uppercase() {
            if prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            any = true;
        } else if c.is_lowercase() {
            if !prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            any = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(Value::Bool(any))
}

fn removeprefix(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "removeprefix", &args, 1, 1)?;
    let t = s(vm, me)?;
    let p = str_arg(vm, &args.pos[0], "removeprefix() argument")?;
    Ok(Value::str(t.strip_prefix(p).unwrap_or(t)))
}

fn removesuffix(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "removesuffix", &args, 1, 1)?;
    let t = s(vm, me)?;
    let p = str_arg(vm, &args.pos[0], "removesuffix() argument")?;
    Ok(Value::str(t.strip_suffix(p).unwrap_or(t)))
}

fn expandtabs(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    let t = s(vm, me)?;
    let size = match args
        .pos
        .first()
        .cloned()
        .or_else(|| super::functions::kwarg(&args, "tabsize"))
    {
        // CPython reads the size as a C int.
        Some(Value::Int(n)) if i32::try_from(n).is_err() => {
            return Err(vm.new_error("OverflowError", "Python int too large to convert to C int"))
        }
        Some(Value::Big(_)) => {
            return Err(vm.new_error("OverflowError", "Python int too large to convert to C int"))
        }
        Some(Value::Int(n)) => n.max(0) as usize,
        _ => 8,
    };
    let mut out = String::new();
    let mut col = 0usize;
    for c in t.chars() {
        match c {
            '\t' => {
                if size > 0 {
                    let n = size - col % size;
                    if out.len().saturating_add(n) > crate::interleave::runner::MAX_STR_BYTES {
                        return Err(vm.new_error("MemoryError", ""));
                    }
                    out.extend(std::iter::repeat_n(' ', n));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    vm.new_str(out)
}

fn format_map(vm: &mut Vm, me: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "format_map", &args, 1, 1)?;
    let t = s(vm, me)?.to_string();
    let mut kw = Vec::new();
    if let Some(Object::Dict(d)) = args.pos[0].as_obj() {
        for (k, v) in crate::interleave::runner::value::lock(d).iter() {
            if let Value::Str(k) = &k.0 {
                kw.push((k.clone(), v.clone()));
            }
        }
    } else {
        return Err(vm.new_error("TypeError", "format_map() needs a dict here"));
    }
    vm.str_format(
        &t,
        Args {
            pos: Default::default(),
            kw,
        },
    )
}

fn casefold(vm: &mut Vm, me: Option<&Value>, _: Args) -> PyResult<Value> {
    let t = s(vm, me)?;
    vm.new_str(t.to_lowercase().replace('ß', "ss"))
}
