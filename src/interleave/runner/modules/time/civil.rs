//! Calendar arithmetic on Unix times (the proleptic Gregorian calendar, no
//! leap seconds, as POSIX counts), and the local time zone.
//!
//! The local zone is whatever [`crate::clock::utc_offset_s`] says: in the
//! browser the user's own (asked of JavaScript's `Date`), natively UTC. So
//! this file is pure Rust on every target; a zone with summer time is told
//! apart from one without by comparing its offsets on 1 January and 1 July.

/// A broken-down time, as Python's `time.struct_time` holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tm {
    pub year: i64,
    /// 1 = January.
    pub mon: i64,
    pub mday: i64,
    pub hour: i64,
    pub min: i64,
    pub sec: i64,
    /// Monday = 0, as Python counts (C's `tm_wday` starts on Sunday).
    pub wday: i64,
    /// 1 = 1 January (C's `tm_yday` starts at 0).
    pub yday: i64,
    /// 1: summer time, 0: not, -1: not known.
    pub isdst: i64,
    /// The zone's abbreviation (`tm_zone`), when known.
    pub zone: Option<String>,
    /// Seconds east of UTC (`tm_gmtoff`), when known.
    pub gmtoff: Option<i64>,
}

pub fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days from 1970-01-01 to `year-month-day` (month 1..=12; a day past the
/// month's end runs on into the next). Howard Hinnant's `days_from_civil`.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01, as (year, month, day).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + (m <= 2) as i64, m, d)
}

impl Tm {
    /// The fields of `t` seconds after the epoch, `off` seconds east of
    /// UTC; `None` when the year does not fit a C `int` (glibc's EOVERFLOW).
    fn at(t: i64, off: i64) -> Option<Tm> {
        let local = t.checked_add(off)?;
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (year, mon, mday) = civil_from_days(days);
        if year - 1900 > i32::MAX as i64 || year - 1900 < i32::MIN as i64 {
            return None;
        }
        Some(Tm {
            year,
            mon,
            mday,
            hour: secs / 3600,
            min: secs % 3600 / 60,
            sec: secs % 60,
            // 1970-01-01 was a Thursday (3).
            wday: (days + 3).rem_euclid(7),
            yday: days - days_from_civil(year, 1, 1) + 1,
            isdst: 0,
            zone: None,
            gmtoff: Some(off),
        })
    }

    /// `time.gmtime(t)`. glibc names the zone GMT (and CPython shows it).
    pub fn utc(t: i64) -> Option<Tm> {
        let mut tm = Tm::at(t, 0)?;
        tm.zone = Some("GMT".into());
        Some(tm)
    }

    /// `time.localtime(t)`.
    pub fn local(t: i64) -> Option<Tm> {
        let off = offset_at(t);
        let mut tm = Tm::at(t, off)?;
        let (std, dst) = year_offsets(tm.year);
        tm.isdst = (std != dst && off == dst) as i64;
        tm.zone = Some(zone_name(off));
        Some(tm)
    }

    /// The seconds since the epoch these fields name read as UTC
    /// (`timegm`), normalised as `mktime` does: month 13 is January of the
    /// next year, day 0 the last of the month before. `None` unless every
    /// field fits a C `int`, as in CPython (which keeps the sum in range).
    pub fn timegm(&self) -> Option<i64> {
        let fields = [
            self.year, self.mon, self.mday, self.hour, self.min, self.sec,
        ];
        if fields.iter().any(|&f| i32::try_from(f).is_err()) {
            return None;
        }
        let year = self.year + (self.mon - 1).div_euclid(12);
        let mon = (self.mon - 1).rem_euclid(12) + 1;
        let days = days_from_civil(year, mon, 1) + self.mday - 1;
        Some(days * 86_400 + self.hour * 3600 + self.min * 60 + self.sec)
    }

    /// `time.mktime`: the fields read as local time. A time that happens
    /// twice (the hour the clocks go back) or never (the hour they skip)
    /// takes the zone's offset of a few hours before; `isdst` 0 or 1, in a
    /// zone with summer time, says which offset the fields are in.
    pub fn mktime(&self) -> Option<i64> {
        let local = self.timegm()?;
        let t = local - offset_at(local - offset_at(local));
        if self.isdst >= 0 {
            let (std, dst) = year_offsets(self.year);
            let want = if self.isdst > 0 { dst } else { std };
            if std != dst && offset_at(t) != want {
                return Some(local - want);
            }
        }
        Some(t)
    }
}

/// Seconds east of UTC of the local zone at Unix time `t`.
pub fn offset_at(t: i64) -> i64 {
    crate::clock::utc_offset_s(t as f64)
}

/// The local zone's standard and summer-time offsets in `year` (equal
/// where there is no summer time): the smaller and the larger of its
/// offsets on 1 January and 1 July, so the southern hemisphere, whose
/// summer is in January, comes out right too.
pub fn year_offsets(year: i64) -> (i64, i64) {
    let jan = offset_at(days_from_civil(year, 1, 1) * 86_400);
    let jul = offset_at(days_from_civil(year, 7, 1) * 86_400);
    (jan.min(jul), jan.max(jul))
}

/// The name of a zone `off` seconds east of UTC: `UTC`, else the offset as
/// tzdata names the zones it has no abbreviation for (`+03`, `-0930`). The
/// browser says the offset but not the abbreviation (CET, EST), so every
/// zone is named this way.
pub fn zone_name(off: i64) -> String {
    if off == 0 {
        return "UTC".into();
    }
    let sign = if off < 0 { '-' } else { '+' };
    let (h, m) = (off.abs() / 3600, off.abs() % 3600 / 60);
    if m == 0 {
        format!("{sign}{h:02}")
    } else {
        format!("{sign}{h:02}{m:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_the_civil_date() {
        for days in [-719_468 - 400, -1, 0, 1, 59, 60, 19_723, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(19_724), (2024, 1, 2));
    }

    #[test]
    fn gmtime_fields_are_cpythons() {
        let tm = Tm::utc(1_704_164_645).unwrap();
        assert_eq!(
            (tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec, tm.wday, tm.yday),
            (2024, 1, 2, 3, 4, 5, 1, 2)
        );
        let tm = Tm::utc(-1).unwrap();
        assert_eq!(
            (tm.year, tm.mon, tm.mday, tm.sec, tm.wday, tm.yday),
            (1969, 12, 31, 59, 2, 365)
        );
        assert_eq!(
            Tm::utc(1_704_164_645).unwrap().timegm(),
            Some(1_704_164_645)
        );
    }

    #[test]
    fn timegm_normalises_months_and_days() {
        let mut tm = Tm::utc(1_704_164_645).unwrap();
        tm.mon = 13;
        assert_eq!(tm.timegm(), Some(1_735_787_045));
        tm.mon = 3;
        tm.mday = 0;
        assert_eq!(Tm::utc(tm.timegm().unwrap()).unwrap().mday, 29);
    }

    #[test]
    fn zone_names_are_tzdatas_numeric_ones() {
        assert_eq!(zone_name(0), "UTC");
        assert_eq!(zone_name(3600), "+01");
        assert_eq!(zone_name(-9 * 3600 - 1800), "-0930");
    }
}
