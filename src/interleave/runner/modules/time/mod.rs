//! `time`: `sleep` (a real wait that lets go of the GIL: the tutorials'
//! stand-in for a network or disk wait), the clocks, and the calendar
//! (`gmtime`, `localtime`, `mktime`, `strftime`, `asctime`, `ctime`, and
//! the zone's `timezone`, `altzone`, `daylight`, `tzname`), in `calendar.rs`.

mod calendar;
mod civil;
mod strftime;

use std::sync::{Condvar, Mutex};

use calendar::{asctime, ctime, gmtime, localtime, mktime, strftime, strptime, zone_names};
use civil::Tm;

use crate::interleave::runner::builtins::functions::arity;
use crate::interleave::runner::threads::{wait_on, WaitEnd};
use crate::interleave::runner::timeline::SpanKind;
use crate::interleave::runner::value::{Args, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::PyResult;

/// Longest timeout a wait accepts, in seconds (CPython's
/// `threading.TIMEOUT_MAX` on Linux is about 292 years; a browser tab does
/// not live that long, so a day is plenty).
pub const TIMEOUT_MAX: f64 = 86_400.0;

pub fn module(vm: &mut Vm) -> PyResult<Value> {
    // A Python class (the runner cannot subclass tuple in Rust either):
    // see lib/time_struct.py.
    let structs = vm.import("_time_struct")?;
    let struct_time = vm.get_attr(&structs, "struct_time")?;
    // As CPython does at import: the zone's offsets this year.
    let year = Tm::utc(wall_seconds().floor() as i64).map_or(1970, |tm| tm.year);
    let (std, dst) = civil::year_offsets(year);
    let interp = vm.interp.clone();
    Ok(super::native_module(
        "time",
        &[
            ("sleep", sleep),
            ("time", time),
            ("perf_counter", perf_counter),
            ("monotonic", perf_counter),
            ("process_time", perf_counter),
            ("thread_time", thread_time),
            ("time_ns", time_ns),
            ("perf_counter_ns", perf_counter_ns),
            ("monotonic_ns", perf_counter_ns),
            ("thread_time_ns", thread_time_ns),
            ("gmtime", gmtime),
            ("localtime", localtime),
            ("mktime", mktime),
            ("strftime", strftime),
            ("strptime", strptime),
            ("asctime", asctime),
            ("ctime", ctime),
        ],
        vec![
            ("struct_time", struct_time),
            // Seconds *west* of UTC, as C's `timezone` counts.
            ("timezone", Value::Int(-std)),
            ("altzone", Value::Int(-dst)),
            ("daylight", Value::Int((std != dst) as i64)),
            (
                "tzname",
                Value::tuple(zone_names(year).map(|n| Value::str(&n))),
            ),
        ],
        interp.immortals(),
    ))
}

/// Seconds since the Unix epoch.
pub fn wall_seconds() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        // The installed clock reads `performance.timeOrigin + now()`.
        crate::clock::now_ms() / 1000.0
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0)
    }
}

fn seconds(vm: &Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(x) => Ok(*x),
        Value::Bool(b) => Ok(*b as i64 as f64),
        _ => Err(vm.new_error(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer or float",
                vm.type_name(v)
            ),
        )),
    }
}

fn sleep(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "sleep", &args, 1, 1)?;
    let s = seconds(vm, &args.pos[0])?;
    if s.is_nan() {
        return Err(vm.new_error("ValueError", "Invalid value NaN (not a number)"));
    }
    if s < 0.0 {
        return Err(vm.new_error("ValueError", "sleep length must be non-negative"));
    }
    if s > TIMEOUT_MAX {
        return Err(vm.new_error("OverflowError", "sleep length is too large"));
    }
    let deadline = crate::clock::now_ms() + s * 1000.0;
    let what = format!(
        "sleep({})",
        crate::interleave::runner::format::float_repr(s).trim_end_matches(".0")
    );
    let end = vm.blocking(SpanKind::Sleeping, &what, None, true, |interp| {
        let m = Mutex::new(());
        let cv = Condvar::new();
        let (_g, end) = wait_on(
            m.lock().unwrap_or_else(|e| e.into_inner()),
            &cv,
            Some(deadline),
            &interp.registry,
            &|| interp.is_killed(),
            |_| false,
        );
        end
    });
    match end {
        Err(WaitEnd::Cancelled) | Err(WaitEnd::Deadlock) => Err(vm.killed_err()),
        _ => Ok(Value::None),
    }
}

fn time(_: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Float(wall_seconds()))
}

fn perf_counter(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Float(vm.interp.now_ms() / 1000.0))
}

fn time_ns(_: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    #[cfg(target_arch = "wasm32")]
    let ns = (crate::clock::now_ms() * 1e6) as i64;
    #[cfg(not(target_arch = "wasm32"))]
    let ns = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64);
    Ok(Value::Int(ns))
}

fn perf_counter_ns(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Int((vm.interp.now_ms() * 1e6) as i64))
}

/// The CPU time this thread has used (see [`Vm::cpu_ms`]).
fn thread_time(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Float(vm.cpu_ms() / 1000.0))
}

fn thread_time_ns(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Int((vm.cpu_ms() * 1e6) as i64))
}
