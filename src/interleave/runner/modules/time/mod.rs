//! `time`: `sleep` (a real wait that lets go of the GIL: the tutorials'
//! stand-in for a network or disk wait), and the clocks.

use std::sync::{Condvar, Mutex};

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

pub fn module(run: &crate::interleave::runner::obj::Immortals) -> Value {
    super::native_module(
        "time",
        &[
            ("sleep", sleep),
            ("time", time),
            ("perf_counter", perf_counter),
            ("monotonic", perf_counter),
            ("process_time", perf_counter),
            ("time_ns", time_ns),
            ("perf_counter_ns", perf_counter_ns),
            ("monotonic_ns", perf_counter_ns),
            ("strftime", strftime),
        ],
        Vec::new(),
        run,
    )
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
    Ok(Value::Int((wall_seconds() * 1e9) as i64))
}

fn perf_counter_ns(vm: &mut Vm, _: Option<&Value>, _: Args) -> PyResult<Value> {
    Ok(Value::Int((vm.interp.now_ms() * 1e6) as i64))
}

/// Enough of `strftime` for log lines: `%Y-%m-%d %H:%M:%S` in UTC.
fn strftime(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "strftime", &args, 1, 2)?;
    let Value::Str(fmt) = &args.pos[0] else {
        return Err(vm.new_error("TypeError", "strftime() argument 1 must be str"));
    };
    Ok(Value::str(&format_time(fmt, wall_seconds())))
}

/// `%Y %m %d %H %M %S` of a Unix time, in UTC.
pub fn format_time(fmt: &str, t: f64) -> String {
    let secs = t.floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + (m <= 2) as i64;
    fmt.replace("%Y", &format!("{y:04}"))
        .replace("%m", &format!("{m:02}"))
        .replace("%d", &format!("{d:02}"))
        .replace("%H", &format!("{:02}", rem / 3600))
        .replace("%M", &format!("{:02}", rem % 3600 / 60))
        .replace("%S", &format!("{:02}", rem % 60))
}
