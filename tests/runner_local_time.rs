//! Local time in a zone with summer time, as the page has it: the browser
//! installs the user's zone (`threadlab::clock::set_zone`, asked of
//! JavaScript's `Date`) and `time` and `datetime` convert with it. Natively
//! the runner keeps UTC, so here a zone is installed by hand: one like
//! Central Europe's, +01 in winter and +02 from the last Sunday of March to
//! the last Sunday of October (01:00 UTC both times). What the programs
//! print is what CPython prints in Europe/Berlin, the names aside (the
//! browser says offsets, not CET/CEST).
//!
//! Its own test binary: the zone is installed once per process.

use threadlab::clock::set_zone;
use threadlab::interleave::runner::host::{NativeHost, Stream};
use threadlab::interleave::runner::{Run, RunOptions};

/// Days from 1970-01-01 to a date (Howard Hinnant's `days_from_civil`).
fn days(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// 01:00 UTC on the last Sunday of `month` (March or October).
fn last_sunday_1am(year: i64, month: i64) -> i64 {
    let last = days(year, month, 31);
    // 1970-01-01 was a Thursday: day d is a Sunday when (d + 4) % 7 == 0.
    let sunday = last - (last + 4).rem_euclid(7);
    sunday * 86_400 + 3600
}

fn central_europe(t: f64) -> i64 {
    let t = t.floor() as i64;
    let year = 1970 + t.div_euclid(31_556_952);
    // The year's guess may be one off near 1 January: both sides are winter.
    if (last_sunday_1am(year, 3)..last_sunday_1am(year, 10)).contains(&t) {
        7200
    } else {
        3600
    }
}

fn run(src: &str) -> String {
    set_zone(central_europe);
    let host = NativeHost::new();
    let report = Run::start(src, RunOptions::default(), host.clone())
        .expect("the program compiles")
        .wait();
    let err = host.text(Stream::Stderr);
    assert!(err.is_empty(), "{report:?}: {err}");
    host.text(Stream::Stdout)
}

#[test]
fn the_zone_is_installed_as_the_browser_would() {
    assert_eq!(central_europe(1_711_846_799.0), 3600);
    assert_eq!(central_europe(1_711_846_800.0), 7200);
    assert_eq!(central_europe(1_729_990_799.0), 7200);
    assert_eq!(central_europe(1_729_990_800.0), 3600);
}

#[test]
fn time_follows_the_zone_and_its_summer_time() {
    let out = run(r#"
import time
print(time.timezone, time.altzone, time.daylight, time.tzname)
for t in (1711846799, 1711846800, 1729990799, 1729990800):
    st = time.localtime(t)
    print(time.strftime("%Y-%m-%d %H:%M:%S %Z %z", st), st.tm_isdst, st.tm_gmtoff)
print(time.mktime(time.localtime(1711846800)), time.mktime((2024, 7, 1, 12, 0, 0, 0, 0, -1)))
print(time.mktime((2024, 7, 1, 12, 0, 0, 0, 0, 0)), time.mktime((2024, 1, 1, 12, 0, 0, 0, 0, 1)))
print(time.ctime(1704067200), time.gmtime(1704067200).tm_hour)
"#);
    assert_eq!(
        out,
        "-3600 -7200 1 ('+01', '+02')\n\
         2024-03-31 01:59:59 +01 +0100 0 3600\n\
         2024-03-31 03:00:00 +02 +0200 1 7200\n\
         2024-10-27 02:59:59 +02 +0200 1 7200\n\
         2024-10-27 02:00:00 +01 +0100 0 3600\n\
         1711846800.0 1719828000.0\n\
         1719831600.0 1704103200.0\n\
         Mon Jan  1 01:00:00 2024 0\n"
    );
}

#[test]
fn datetime_finds_folds_and_gaps_as_cpython_does() {
    let out = run(r#"
import time
from datetime import datetime, timedelta, timezone
# 02:30 happens twice on 27 October: first in summer time, then (fold=1) in winter time.
print(repr(datetime.fromtimestamp(1729989000)), repr(datetime.fromtimestamp(1729992600)))
print(datetime(2024, 10, 27, 2, 30).timestamp(), datetime(2024, 10, 27, 2, 30, fold=1).timestamp())
# 02:30 never happens on 31 March: fold=0 takes the later reading, fold=1 the earlier.
print(datetime(2024, 3, 31, 2, 30).timestamp(), datetime(2024, 3, 31, 2, 30, fold=1).timestamp())
print(repr(datetime(2024, 7, 1, 12).astimezone()), datetime(2024, 1, 1, 12).astimezone().tzname())
print(datetime(2024, 7, 1, 10, tzinfo=timezone.utc).astimezone())
print(datetime.fromtimestamp(1719828000, timezone.utc), datetime.fromtimestamp(1719828000))
print(abs(datetime.now().timestamp() - time.time()) < 1)
print(abs(datetime.now() - datetime.utcnow() - timedelta(hours=1)) < timedelta(minutes=1)
      or abs(datetime.now() - datetime.utcnow() - timedelta(hours=2)) < timedelta(minutes=1))
"#);
    assert_eq!(
        out,
        "datetime.datetime(2024, 10, 27, 2, 30) datetime.datetime(2024, 10, 27, 2, 30, fold=1)\n\
         1729989000.0 1729992600.0\n\
         1711848600.0 1711845000.0\n\
         datetime.datetime(2024, 7, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=7200), '+02')) +01\n\
         2024-07-01 12:00:00+02:00\n\
         2024-07-01 10:00:00+00:00 2024-07-01 12:00:00\n\
         True\n\
         True\n"
    );
}
