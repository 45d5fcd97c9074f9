//! Running the functions a program gave `atexit.register` (the module
//! itself is `lib/atexit.py`) when its run ends: after the main thread's
//! code and the join of non-daemon threads, last registered first, as
//! CPython does. A tutorial's "print a summary at exit" needs their output
//! to appear, and an error in one to be reported but not end the others.

use std::sync::Arc;

use crate::interleave::runner::host::Stream;
use crate::interleave::runner::value::{lock, Args, Object, Value};
use crate::interleave::runner::vm::Vm;

/// The items of a tuple value (empty for anything else).
fn tuple_items(v: &Value) -> Vec<Value> {
    match v.as_obj() {
        Some(Object::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    }
}

/// Calls every registered function, if the program imported `atexit`.
pub fn run_exit_functions(vm: &mut Vm) {
    let module = lock(&vm.interp.modules).get("atexit").cloned();
    let Some(m) = module else { return };
    let Ok(Some(pop)) = vm.try_attr(&m, "_pop") else {
        return;
    };
    loop {
        if vm.interp.is_killed() {
            return;
        }
        let next = match vm.call(&pop, Args::default()) {
            Ok(Value::None) | Err(_) => return,
            Ok(v) => tuple_items(&v),
        };
        let [func, pos, names, values] = next.as_slice() else {
            return;
        };
        let kw: Vec<(Arc<str>, Value)> = tuple_items(names)
            .iter()
            .zip(tuple_items(values))
            .filter_map(|(n, v)| match n {
                Value::Str(s) => Some((Arc::from(&**s), v)),
                _ => None,
            })
            .collect();
        let args = Args {
            pos: tuple_items(pos).into(),
            kw,
        };
        if let Err(e) = vm.call(func, args) {
            if e.kill.is_some() {
                return;
            }
            let shown = vm.repr(func).unwrap_or_default();
            let text = vm.format_exception(&e);
            vm.interp.write(
                Stream::Stderr,
                &format!("Exception ignored in atexit callback: {shown}\n{text}"),
            );
        }
    }
}
