//! Methods of lists, tuples and generators.

use crate::interleave::runner::call::Resumed;
use crate::interleave::runner::value::{lock, Args, NativeFn, Object, Value, LIST_ITEM_BYTES};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

use super::functions::arity;
use super::functions::kwarg;
use super::methods::me;
use super::sort::{sort_plain, sort_with};

pub const LIST_METHODS: &[(&str, NativeFn)] = &[
    ("append", append),
    ("extend", extend),
    ("pop", pop),
    ("insert", insert),
    ("remove", remove),
    ("index", index),
    ("count", count),
    ("sort", sort),
    ("reverse", reverse),
    ("copy", copy),
    ("clear", clear),
];

pub const TUPLE_METHODS: &[(&str, NativeFn)] = &[("index", index), ("count", count)];

pub const GENERATOR_METHODS: &[(&str, NativeFn)] = &[
    ("send", send),
    ("throw", throw),
    ("close", close),
    ("__next__", gen_next),
    ("__iter__", gen_iter),
];

fn the_list<'a>(
    vm: &Vm,
    v: Option<&'a Value>,
    name: &str,
) -> PyResult<&'a std::sync::Mutex<Vec<Value>>> {
    match me(vm, v, name)?.as_obj() {
        Some(Object::List(l)) => Ok(l),
        _ => Err(vm.new_error(
            "TypeError",
            format!("descriptor '{name}' requires a 'list' object"),
        )),
    }
}

fn append(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "list.append", &args, 1, 1)?;
    let l = the_list(vm, m, "append")?;
    vm.count_heap(LIST_ITEM_BYTES)?;
    lock(l).push(args.pos.into_iter().next().unwrap_or(Value::None));
    Ok(Value::None)
}

fn extend(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "list.extend", &args, 1, 1)?;
    let items = vm.collect(&args.pos[0])?;
    vm.count_heap(items.len() * LIST_ITEM_BYTES)?;
    let l = the_list(vm, m, "extend")?;
    lock(l).extend(items);
    Ok(Value::None)
}

fn pop(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "pop", &args, 0, 1)?;
    let l = the_list(vm, m, "pop")?;
    let mut g = lock(l);
    if g.is_empty() {
        drop(g);
        return Err(vm.new_error("IndexError", "pop from empty list"));
    }
    let len = g.len() as i64;
    let i = match args.pos.first() {
        Some(Value::Int(i)) => *i,
        Some(_) => {
            drop(g);
            return Err(vm.new_error("TypeError", "list indices must be integers"));
        }
        None => len - 1,
    };
    let real = if i < 0 { i + len } else { i };
    if real < 0 || real >= len {
        drop(g);
        return Err(vm.new_error("IndexError", "pop index out of range"));
    }
    let v = g.remove(real as usize);
    drop(g);
    vm.release_heap(LIST_ITEM_BYTES);
    Ok(v)
}

fn insert(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "insert", &args, 2, 2)?;
    let i = match &args.pos[0] {
        Value::Int(i) => *i,
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
    vm.count_heap(LIST_ITEM_BYTES)?;
    let l = the_list(vm, m, "insert")?;
    let mut g = lock(l);
    let len = g.len() as i64;
    let at = if i < 0 { (i + len).max(0) } else { i.min(len) };
    g.insert(at as usize, args.pos[1].clone());
    Ok(Value::None)
}

fn remove(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "list.remove", &args, 1, 1)?;
    let l = the_list(vm, m, "remove")?;
    let items = lock(l).clone();
    for (i, x) in items.iter().enumerate() {
        if x.is(&args.pos[0]) || vm.eq(x, &args.pos[0])? {
            lock(l).remove(i);
            vm.release_heap(LIST_ITEM_BYTES);
            return Ok(Value::None);
        }
    }
    Err(vm.new_error("ValueError", "list.remove(x): x not in list"))
}

fn index(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "index", &args, 1, 3)?;
    let items = super::methods::list_items(me(vm, m, "index")?);
    for (i, x) in items.iter().enumerate() {
        if x.is(&args.pos[0]) || vm.eq(x, &args.pos[0])? {
            return Ok(Value::Int(i as i64));
        }
    }
    let what = if matches!(m.and_then(|v| v.as_obj()), Some(Object::Tuple(_))) {
        "tuple.index(x): x not in tuple".to_string()
    } else {
        let r = vm.repr(&args.pos[0])?;
        format!("{r} is not in list")
    };
    Err(vm.new_error("ValueError", what))
}

fn count(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "count", &args, 1, 1)?;
    let items = super::methods::list_items(me(vm, m, "count")?);
    let mut n = 0;
    for x in &items {
        if x.is(&args.pos[0]) || vm.eq(x, &args.pos[0])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

/// `list.sort(key=None, reverse=False)`.
///
/// Plain items (ints, floats or strs, no key) are sorted under the list's
/// own lock, as free-threaded CPython sorts inside the list's critical
/// section: an `append` from another thread waits and lands after the
/// sort. Any other sort calls Python (a key, `__lt__`), which may let other
/// threads run, so it works as CPython's `list.sort` does: the list is
/// empty while it sorts, and if it is not empty afterwards someone changed
/// it meanwhile — the sorted items go back and the sort raises `ValueError:
/// list modified during sort` (CPython drops those changes too, but never
/// silently).
pub(super) fn sort(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    if !args.pos.is_empty() {
        return Err(vm.new_error("TypeError", "sort() takes no positional arguments"));
    }
    let l = the_list(vm, m, "sort")?;
    let keyless = kwarg(&args, "key").filter(|k| !k.is_none()).is_none();
    let reverse = match kwarg(&args, "reverse") {
        None => Some(false),
        Some(Value::Bool(b)) => Some(b),
        Some(Value::Int(i)) => Some(i != 0),
        Some(_) => None,
    };
    if let (true, Some(reverse)) = (keyless, reverse) {
        let mut g = lock(l);
        if let Some(order) = sort_plain(&g, reverse) {
            let sorted: Vec<Value> = order.into_iter().map(|i| g[i].clone()).collect();
            *g = sorted;
            return Ok(Value::None);
        }
    }
    let items = std::mem::take(&mut *lock(l));
    let sorted = sort_with(vm, items.clone(), &args);
    let l = the_list(vm, m, "sort")?;
    let (result, back) = match sorted {
        Ok(s) => (Ok(Value::None), s),
        Err(e) => (Err(e), items),
    };
    let meanwhile = std::mem::replace(&mut *lock(l), back);
    if !meanwhile.is_empty() {
        vm.release_heap(meanwhile.len() * LIST_ITEM_BYTES);
        result?;
        return Err(vm.new_error("ValueError", "list modified during sort"));
    }
    result
}

fn reverse(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    lock(the_list(vm, m, "reverse")?).reverse();
    Ok(Value::None)
}

fn copy(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    let items = lock(the_list(vm, m, "copy")?).clone();
    vm.count_heap(items.len() * LIST_ITEM_BYTES)?;
    Ok(Value::list(items))
}

fn clear(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    let n = std::mem::take(&mut *lock(the_list(vm, m, "clear")?)).len();
    vm.release_heap(n * LIST_ITEM_BYTES);
    Ok(Value::None)
}

fn the_gen<'a>(
    vm: &Vm,
    v: Option<&'a Value>,
) -> PyResult<&'a crate::interleave::runner::value::GenState> {
    match v.and_then(|v| v.as_obj()) {
        Some(Object::Generator(g)) => Ok(g),
        _ => Err(vm.new_error("TypeError", "not a generator")),
    }
}

fn send(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "send", &args, 1, 1)?;
    let g = the_gen(vm, m)?;
    let r = vm.resume_full(g, args.pos[0].clone());
    yielded(vm, r)
}

fn gen_next(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    let g = the_gen(vm, m)?;
    let r = vm.resume_full(g, Value::None);
    yielded(vm, r)
}

/// A yielded value, or StopIteration carrying what the generator returned
/// (its `value`, as `return 42` gives `StopIteration(42)`).
pub fn yielded(vm: &mut Vm, r: PyResult<Resumed>) -> PyResult<Value> {
    match r? {
        Resumed::Yielded(v) => Ok(v),
        Resumed::Returned(Value::None) => Err(vm.new_error("StopIteration", "")),
        Resumed::Returned(v) => {
            let cls = vm.interp.types.get("StopIteration").clone();
            let exc = vm.call1(&cls, vec![v.clone()])?;
            vm.set_attr(&exc, "value", v)?;
            Err(crate::interleave::runner::PyErr::new(exc))
        }
    }
}

fn gen_iter(_: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(m.cloned().unwrap_or(Value::None))
}

/// `gen.throw(exc)` (or `throw(ExcClass)`): raises it where the generator
/// waits, so its `except` and `finally` blocks see it (contextlib's
/// `contextmanager` passes a `with` block's exception this way).
fn throw(vm: &mut Vm, m: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "throw", &args, 1, 3)?;
    let g = the_gen(vm, m)?;
    let exc = match args.pos.get(1) {
        Some(v) if !v.is_none() => {
            let cls = args.pos[0].clone();
            vm.call(&cls, Args::new(vec![v.clone()]))?
        }
        _ => args.pos[0].clone(),
    };
    let exc = vm.exception_instance(exc)?;
    match vm.throw_into(g, crate::interleave::runner::PyErr::new(exc))? {
        Some(v) => Ok(v),
        None => Err(vm.new_error("StopIteration", "")),
    }
}

/// `gen.close()`: GeneratorExit where it waits, so its `finally` blocks
/// run; a generator that yields again is a RuntimeError.
fn close(vm: &mut Vm, m: Option<&Value>, _: Args) -> PyResult<Value> {
    let g = the_gen(vm, m)?;
    let exit = vm.new_error("GeneratorExit", "");
    match vm.throw_into(g, exit) {
        Ok(None) => Ok(Value::None),
        Ok(Some(_)) => Err(vm.new_error("RuntimeError", "generator ignored GeneratorExit")),
        Err(e) if e.kill.is_some() => Err(e),
        Err(e) => {
            let ends = ["GeneratorExit", "StopIteration"]
                .iter()
                .any(|n| vm.isinstance(&e.exc, &vm.interp.types.get(n).clone()));
            if ends {
                Ok(Value::None)
            } else {
                Err(e)
            }
        }
    }
}
