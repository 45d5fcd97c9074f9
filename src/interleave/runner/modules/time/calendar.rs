//! `time`'s calendar: `gmtime`, `localtime`, `mktime`, `strftime`,
//! `asctime`, `ctime` and `strptime`, with CPython's argument checks and
//! messages, and the `struct_time`s they hand out and take.

use super::civil::{self, Tm};
use super::strftime as format;
use super::wall_seconds;
use crate::interleave::runner::builtins::functions::arity;
use crate::interleave::runner::value::{Args, Object, Value};
use crate::interleave::runner::vm::Vm;
use crate::interleave::runner::{PyErr, PyResult};

/// `time.tzname`: the zone's names for standard and summer time.
pub(super) fn zone_names(year: i64) -> [String; 2] {
    let (std, dst) = civil::year_offsets(year);
    [civil::zone_name(std), civil::zone_name(dst)]
}

/// The seconds argument of `gmtime`, `localtime` and `ctime`, as CPython's
/// `_PyTime_ObjectToTime_t` reads it: none (or None) is now, a float is
/// rounded down.
fn timestamp_arg(vm: &Vm, name: &str, args: &Args) -> PyResult<i64> {
    arity(vm, name, args, 0, 1)?;
    let out_of_range = || {
        vm.new_error(
            "OverflowError",
            "timestamp out of range for platform time_t",
        )
    };
    match args.pos.first().unwrap_or(&Value::None) {
        Value::None => Ok(wall_seconds().floor() as i64),
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::Big(_) => Err(out_of_range()),
        Value::Float(x) if x.is_nan() => {
            Err(vm.new_error("ValueError", "Invalid value NaN (not a number)"))
        }
        // 2^63 is exactly representable; every float below it fits.
        Value::Float(x) if (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(x) => {
            Ok(x.floor() as i64)
        }
        Value::Float(_) => Err(out_of_range()),
        v => Err(not_an_integer(vm, v)),
    }
}

fn not_an_integer(vm: &Vm, v: &Value) -> PyErr {
    vm.new_error(
        "TypeError",
        format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(v)
        ),
    )
}

/// A field of a time tuple: a C `int`, as CPython's `gettmarg` reads it.
fn c_int(vm: &Vm, v: &Value) -> PyResult<i64> {
    let big = |positive: bool| {
        let (which, bound) = if positive {
            ("greater", "maximum")
        } else {
            ("less", "minimum")
        };
        vm.new_error(
            "OverflowError",
            format!("signed integer is {which} than {bound}"),
        )
    };
    match v {
        Value::Int(i) if i32::try_from(*i).is_ok() => Ok(*i),
        Value::Int(i) => Err(big(*i > 0)),
        Value::Big(_) => {
            Err(vm.new_error("OverflowError", "Python int too large to convert to C long"))
        }
        Value::Bool(b) => Ok(*b as i64),
        v => Err(not_an_integer(vm, v)),
    }
}

/// The fields of a 9-tuple or a `struct_time` (CPython's `gettmarg`); only
/// a `struct_time` brings its zone.
fn tm_arg(vm: &mut Vm, v: &Value, name: &str) -> PyResult<Tm> {
    let is_struct = vm.type_name(v) == "time.struct_time";
    let items = match v.as_obj() {
        Some(Object::Tuple(t)) => t.to_vec(),
        _ if is_struct => vm.collect(v)?,
        _ => {
            return Err(vm.new_error("TypeError", "Tuple or struct_time argument required"));
        }
    };
    if items.len() != 9 {
        return Err(vm.new_error(
            "TypeError",
            format!("{name}(): illegal time tuple argument"),
        ));
    }
    let mut f = [0i64; 9];
    for (slot, item) in f.iter_mut().zip(&items) {
        *slot = c_int(vm, item)?;
    }
    let (mut zone, mut gmtoff) = (None, None);
    if is_struct {
        if let Value::Str(z) = vm.get_attr(v, "tm_zone")? {
            zone = Some(z.to_string());
        }
        if let Value::Int(off) = vm.get_attr(v, "tm_gmtoff")? {
            gmtoff = Some(off);
        }
    }
    Ok(Tm {
        year: f[0],
        mon: f[1],
        mday: f[2],
        hour: f[3],
        min: f[4],
        sec: f[5],
        wday: f[6],
        yday: f[7],
        isdst: f[8],
        zone,
        gmtoff,
    })
}

/// What `strftime` and `asctime` check before formatting (CPython's
/// `checktm`): 0 stands for the first month, day and day of the year; the
/// weekday counts modulo 7 (C's remainder: -1 is Sunday, -2 an error).
fn check_tm(vm: &Vm, mut tm: Tm) -> PyResult<Tm> {
    let bad = |what: &str| vm.new_error("ValueError", format!("{what} out of range"));
    match tm.mon {
        0 => tm.mon = 1,
        1..=12 => {}
        _ => return Err(bad("month")),
    }
    match tm.mday {
        0 => tm.mday = 1,
        1..=31 => {}
        _ => return Err(bad("day of month")),
    }
    if !(0..=23).contains(&tm.hour) {
        return Err(bad("hour"));
    }
    if !(0..=59).contains(&tm.min) {
        return Err(bad("minute"));
    }
    if !(0..=61).contains(&tm.sec) {
        return Err(bad("seconds"));
    }
    let c_wday = (tm.wday + 1) % 7;
    if c_wday < 0 {
        return Err(bad("day of week"));
    }
    tm.wday = (c_wday + 6) % 7;
    match tm.yday {
        0 => tm.yday = 1,
        1..=366 => {}
        _ => return Err(bad("day of year")),
    }
    Ok(tm)
}

/// The fields of a `struct_time`, in order.
const FIELDS: [&str; 9] = [
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst",
];

/// A `time.struct_time` of `tm`, made here rather than by calling the
/// class (a fifth of the cost: `datetime.now()` makes three): the instance
/// `lib/time_struct.py`'s `__init__` would make, the 9-tuple in `_t` and
/// every field by name.
fn struct_time(vm: &mut Vm, tm: Tm) -> PyResult<Value> {
    let time = vm.import("time")?;
    let Value::Obj(cls) = vm.get_attr(&time, "struct_time")? else {
        return Err(vm.new_error("TypeError", "time.struct_time is not a class"));
    };
    let st = vm.new_instance(&cls);
    let Some(Object::Instance(inst)) = st.as_obj() else {
        unreachable!("new_instance makes an instance");
    };
    let fields = [
        tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec, tm.wday, tm.yday, tm.isdst,
    ];
    inst.set("_t", Value::tuple(fields.map(Value::Int)));
    for (name, v) in FIELDS.into_iter().zip(fields) {
        inst.set(name, Value::Int(v));
    }
    inst.set(
        "tm_zone",
        tm.zone.as_deref().map_or(Value::None, Value::str),
    );
    inst.set("tm_gmtoff", tm.gmtoff.map_or(Value::None, Value::Int));
    Ok(st)
}

/// A Unix time's fields, or glibc's error for a year past a C `int`.
fn broken_down(vm: &Vm, t: i64, local: bool) -> PyResult<Tm> {
    let tm = if local { Tm::local(t) } else { Tm::utc(t) };
    tm.ok_or_else(|| {
        vm.new_error(
            "OSError",
            "[Errno 75] Value too large for defined data type",
        )
    })
}

pub(super) fn gmtime(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let t = timestamp_arg(vm, "gmtime", &args)?;
    let tm = broken_down(vm, t, false)?;
    struct_time(vm, tm)
}

pub(super) fn localtime(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let t = timestamp_arg(vm, "localtime", &args)?;
    let tm = broken_down(vm, t, true)?;
    struct_time(vm, tm)
}

pub(super) fn mktime(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "mktime", &args, 1, 1)?;
    let tm = tm_arg(vm, &args.pos[0], "mktime")?;
    match tm.mktime() {
        Some(t) => Ok(Value::Float(t as f64)),
        None => Err(vm.new_error("OverflowError", "mktime argument out of range")),
    }
}

/// The time argument of `strftime` and `asctime`: none is the local time
/// now (None is not: CPython asks for a tuple).
fn checked_tm_arg(vm: &mut Vm, name: &str, arg: Option<&Value>) -> PyResult<Tm> {
    match arg {
        None => broken_down(vm, wall_seconds().floor() as i64, true),
        Some(v) => {
            let tm = tm_arg(vm, v, name)?;
            check_tm(vm, tm)
        }
    }
}

pub(super) fn strftime(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "strftime", &args, 1, 2)?;
    let Value::Str(fmt) = &args.pos[0] else {
        return Err(vm.new_error(
            "TypeError",
            format!(
                "strftime() argument 1 must be str, not {}",
                vm.type_name(&args.pos[0])
            ),
        ));
    };
    let tm = checked_tm_arg(vm, "strftime", args.pos.get(1))?;
    let names = match tm.zone {
        Some(_) => Default::default(),
        None => {
            let [std, dst] = zone_names(tm.year);
            (std, dst)
        }
    };
    let seconds = || tm.mktime().unwrap_or(-1);
    Ok(Value::str(&format::format(fmt, &tm, &names, &seconds)))
}

/// `Tue Jan  2 03:04:05 2024`, as CPython's `_asctime` writes it.
fn asctime_text(tm: &Tm) -> String {
    format!(
        "{} {}{:3} {:02}:{:02}:{:02} {}",
        format::day_abbr(tm.wday),
        format::month_abbr(tm.mon),
        tm.mday,
        tm.hour,
        tm.min,
        tm.sec,
        tm.year
    )
}

pub(super) fn asctime(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    arity(vm, "asctime", &args, 0, 1)?;
    let tm = checked_tm_arg(vm, "asctime", args.pos.first())?;
    Ok(Value::str(&asctime_text(&tm)))
}

pub(super) fn ctime(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let t = timestamp_arg(vm, "ctime", &args)?;
    let tm = broken_down(vm, t, true)?;
    Ok(Value::str(&asctime_text(&tm)))
}

/// `time.strptime`: CPython's is Python (`_strptime`), and so is this one
/// (`lib/strptime.py`, which `datetime.strptime` uses too).
pub(super) fn strptime(vm: &mut Vm, _: Option<&Value>, args: Args) -> PyResult<Value> {
    let module = vm.import("_strptime")?;
    let f = vm.get_attr(&module, "_strptime_time")?;
    vm.call(&f, args)
}
