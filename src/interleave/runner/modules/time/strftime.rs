//! `time.strftime` as CPython on Linux does it: glibc's `strftime` in the C
//! locale, flags and widths included (`%-d`, `%_H`, `%^a`, `%10Y`), an
//! unknown directive copied as it stands (`%Q` prints `%Q`).

use super::civil::{is_leap, Tm};

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The day's abbreviation (`Mon`) for Python's weekday (Monday = 0).
pub fn day_abbr(wday: i64) -> &'static str {
    &DAYS[wday.rem_euclid(7) as usize][..3]
}

/// The month's abbreviation (`Jan`) for month 1..=12.
pub fn month_abbr(mon: i64) -> &'static str {
    &MONTHS[(mon - 1).rem_euclid(12) as usize][..3]
}

/// How one directive is written: glibc's flags and width.
#[derive(Clone, Copy, Default)]
struct Spec {
    /// `-` (no padding), `_` (spaces), `0` (zeros), or none.
    pad: Option<char>,
    width: Option<usize>,
    upper: bool,
    /// `#`: the other case (lower for `%p` and `%Z`, upper for names).
    swap_case: bool,
}

impl Spec {
    /// A number padded to `digits` (or the width), as glibc's `DO_NUMBER`.
    fn number(&self, out: &mut String, digits: usize, value: i64, default_pad: char) {
        let digits = self.width.map_or(digits, |w| w.max(digits));
        let pad = self.pad.unwrap_or(default_pad);
        let sign = if value < 0 { "-" } else { "" };
        let body = value.unsigned_abs().to_string();
        let room = digits.saturating_sub(body.len() + sign.len());
        let mut s = String::new();
        match pad {
            '-' => s.push_str(sign),
            '_' => {
                s.extend(std::iter::repeat_n(' ', room));
                s.push_str(sign);
            }
            _ => {
                s.push_str(sign);
                s.extend(std::iter::repeat_n('0', room));
            }
        }
        s.push_str(&body);
        self.text(out, &s);
    }

    /// A year-like number (`%Y`, `%C`, `%G`): unpadded unless a width or
    /// the `0` flag asks (glibc's `DO_YEARISH`).
    fn yearish(&self, out: &mut String, digits: usize, value: i64) {
        if self.width.is_none() && !matches!(self.pad, Some('0')) {
            let plain = Spec {
                pad: Some('-'),
                ..*self
            };
            plain.number(out, digits, value, '-');
        } else {
            self.number(out, digits, value, '0');
        }
    }

    /// Text, padded to the width with spaces (zeros with the `0` flag).
    fn text(&self, out: &mut String, s: &str) {
        let s = if self.upper {
            s.to_uppercase()
        } else {
            s.to_string()
        };
        if let Some(w) = self.width {
            let fill = if self.pad == Some('0') { '0' } else { ' ' };
            out.extend(std::iter::repeat_n(
                fill,
                w.saturating_sub(s.chars().count()),
            ));
        }
        out.push_str(&s);
    }

    /// A name (`Tuesday`, `AM`): `#` turns it to upper case.
    fn name(&self, out: &mut String, s: &str) {
        let spec = Spec {
            upper: self.upper || self.swap_case,
            ..*self
        };
        spec.text(out, s);
    }
}

/// Days of the ISO week-based year before `yday` (0-based) of a year whose
/// day `yday` is weekday `wday` (Sunday = 0): glibc's `iso_week_days`.
fn iso_week_days(yday: i64, wday: i64) -> i64 {
    let big_enough_multiple_of_7 = (366 / 7 + 2) * 7;
    yday - (yday - wday + 4 + big_enough_multiple_of_7) % 7 + 4 - 1
}

/// The ISO year and the days into it (week = days / 7 + 1), from the
/// fields as they stand (as glibc reads them, not the calendar).
fn iso_year_days(year: i64, yday: i64, wday: i64) -> (i64, i64) {
    let days = iso_week_days(yday, wday);
    if days < 0 {
        let year = year - 1;
        let len = 365 + is_leap(year) as i64;
        return (year, iso_week_days(yday + len, wday));
    }
    let len = 365 + is_leap(year) as i64;
    let next = iso_week_days(yday - len, wday);
    if next >= 0 {
        (year + 1, next)
    } else {
        (year, days)
    }
}

/// Formats `tm` as `fmt` says. `tzname` is `time.tzname` (for `%Z` of a
/// plain tuple, which has no zone); `seconds` is `%s`, the fields as a
/// local time's Unix time.
///
/// CPython gives `strftime` a buffer of 1024 bytes, doubled until it holds
/// the result or reaches 256 times the format's length, and returns '' when
/// the result did not fit: so `%99999999999Y` is '' there, and here it must
/// be '' before the padding is allocated (a failed allocation aborts).
pub fn format(fmt: &str, tm: &Tm, tzname: &(String, String), seconds: &dyn Fn() -> i64) -> String {
    let mut room = 1024usize;
    while room < fmt.chars().count().saturating_mul(256) {
        room = room.saturating_mul(2);
    }
    if widest(fmt) >= room {
        return String::new();
    }
    let out = format_within(fmt, tm, tzname, seconds);
    if out.chars().count() >= room {
        return String::new();
    }
    out
}

/// The largest width any directive of `fmt` asks for.
fn widest(fmt: &str) -> usize {
    let mut widest = 0usize;
    let mut rest = fmt;
    while let Some(at) = rest.find('%') {
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('%') {
            rest = after;
            continue;
        }
        let digits = rest.trim_start_matches(['-', '_', '0', '^', '#']);
        let width = digits
            .chars()
            .map_while(|c| c.to_digit(10))
            .fold(0usize, |w, d| {
                w.saturating_mul(10).saturating_add(d as usize)
            });
        widest = widest.max(width);
    }
    widest
}

fn format_within(
    fmt: &str,
    tm: &Tm,
    tzname: &(String, String),
    seconds: &dyn Fn() -> i64,
) -> String {
    let mut out = String::new();
    let mut rest = fmt;
    // C's weekday (Sunday = 0) and 0-based day of the year.
    let wday = (tm.wday + 1).rem_euclid(7);
    let yday = tm.yday - 1;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let directive = &rest[at..];
        let mut chars = directive.char_indices().skip(1).peekable();
        let mut spec = Spec::default();
        while let Some(&(_, c)) = chars.peek() {
            match c {
                '-' | '_' | '0' => spec.pad = Some(c),
                '^' => spec.upper = true,
                '#' => spec.swap_case = true,
                _ => break,
            }
            chars.next();
        }
        let mut width = None::<usize>;
        while let Some(&(_, c)) = chars.peek() {
            let Some(d) = c.to_digit(10) else { break };
            width = Some(
                width
                    .unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(d as usize),
            );
            chars.next();
        }
        spec.width = width;
        if let Some(&(_, 'E' | 'O')) = chars.peek() {
            chars.next();
        }
        let Some((i, conv)) = chars.next() else {
            // `%` ends the format: glibc copies what it read.
            spec.text(&mut out, directive);
            rest = "";
            break;
        };
        let end = i + conv.len_utf8();
        let s = &mut out;
        match conv {
            'a' => spec.name(s, day_abbr(tm.wday)),
            'A' => spec.name(s, DAYS[tm.wday.rem_euclid(7) as usize]),
            'b' | 'h' => spec.name(s, month_abbr(tm.mon)),
            'B' => spec.name(s, MONTHS[(tm.mon - 1).rem_euclid(12) as usize]),
            'c' => spec.text(s, &format("%a %b %e %H:%M:%S %Y", tm, tzname, seconds)),
            'C' => spec.yearish(s, 2, tm.year.div_euclid(100)),
            'd' => spec.number(s, 2, tm.mday, '0'),
            'D' | 'x' => spec.text(s, &format("%m/%d/%y", tm, tzname, seconds)),
            'e' => spec.number(s, 2, tm.mday, '_'),
            'F' => spec.text(s, &format("%Y-%m-%d", tm, tzname, seconds)),
            'g' | 'G' | 'V' => {
                let (year, days) = iso_year_days(tm.year, yday, wday);
                match conv {
                    'g' => spec.number(s, 2, year.rem_euclid(100), '0'),
                    'G' => spec.yearish(s, 4, year),
                    _ => spec.number(s, 2, days / 7 + 1, '0'),
                }
            }
            'H' => spec.number(s, 2, tm.hour, '0'),
            'I' => spec.number(s, 2, (tm.hour + 11).rem_euclid(12) + 1, '0'),
            'j' => spec.number(s, 3, yday + 1, '0'),
            'k' => spec.number(s, 2, tm.hour, '_'),
            'l' => spec.number(s, 2, (tm.hour + 11).rem_euclid(12) + 1, '_'),
            'm' => spec.number(s, 2, tm.mon, '0'),
            'M' => spec.number(s, 2, tm.min, '0'),
            'n' => spec.text(s, "\n"),
            'p' | 'P' => {
                let am = if tm.hour >= 12 { "PM" } else { "AM" };
                if conv == 'P' || spec.swap_case {
                    spec.text(s, &am.to_lowercase());
                } else {
                    spec.text(s, am);
                }
            }
            'r' => spec.text(s, &format("%I:%M:%S %p", tm, tzname, seconds)),
            'R' => spec.text(s, &format("%H:%M", tm, tzname, seconds)),
            's' => spec.number(s, 1, seconds(), '0'),
            'S' => spec.number(s, 2, tm.sec, '0'),
            't' => spec.text(s, "\t"),
            'T' | 'X' => spec.text(s, &format("%H:%M:%S", tm, tzname, seconds)),
            'u' => spec.number(s, 1, (wday + 6) % 7 + 1, '0'),
            'U' => spec.number(s, 2, (yday - wday + 7).div_euclid(7), '0'),
            'w' => spec.number(s, 1, wday, '0'),
            'W' => spec.number(s, 2, (yday - (wday + 6) % 7 + 7).div_euclid(7), '0'),
            'y' => spec.number(s, 2, tm.year.rem_euclid(100), '0'),
            'Y' => spec.yearish(s, 4, tm.year),
            // glibc writes no offset when summer time is not known.
            'z' if tm.isdst < 0 => {}
            'z' => {
                let off = tm.gmtoff.unwrap_or(0);
                s.push(if off < 0 { '-' } else { '+' });
                let minutes = off.abs() / 60;
                spec.number(s, 4, minutes / 60 * 100 + minutes % 60, '0');
            }
            'Z' => {
                // A plain tuple has no zone: glibc names the local one.
                let zone = match (&tm.zone, tm.isdst) {
                    (Some(z), _) => z.as_str(),
                    (None, 0) => &tzname.0,
                    (None, d) if d > 0 => &tzname.1,
                    (None, _) => "",
                };
                if spec.swap_case {
                    spec.text(s, &zone.to_lowercase());
                } else {
                    spec.text(s, zone);
                }
            }
            '%' => spec.text(s, "%"),
            _ => spec.text(s, &directive[..end]),
        }
        rest = &directive[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tm() -> Tm {
        Tm::utc(1_704_164_645).unwrap()
    }

    fn f(fmt: &str) -> String {
        let names = ("UTC".to_string(), "UTC".to_string());
        format(fmt, &tm(), &names, &|| 1_704_164_645)
    }

    #[test]
    fn directives_print_what_glibc_prints() {
        assert_eq!(
            f("%a %A %b %B %c %d %H %I %j %m %M %p %S %U %w %W %x %X %y %Y %Z %z %%"),
            "Tue Tuesday Jan January Tue Jan  2 03:04:05 2024 02 03 03 002 01 04 AM 05 00 2 01 01/02/24 03:04:05 24 2024 GMT +0000 %"
        );
        assert_eq!(
            f("%e %D %F %T %R %r %h %C %g %G %V %u %k %l %P %s %n %t|"),
            " 2 01/02/24 2024-01-02 03:04:05 03:04 03:04:05 AM Jan 20 24 2024 01 2  3  3 am 1704164645 \n \t|"
        );
    }

    #[test]
    fn flags_widths_and_unknown_directives_follow_glibc() {
        assert_eq!(
            f("%-d|%_d|%02d|%^a|%#a|%#b|%^B|%10Y|%-H|%0e|%Ey|%-10d|%^10a|%#p|%#Z"),
            "2| 2|02|TUE|TUE|JAN|JANUARY|0000002024|3|02|24|         2|       TUE|am|gmt"
        );
        assert_eq!(f("%Q %5Q %"), "%Q   %5Q %");
    }

    #[test]
    fn a_result_past_cpythons_buffer_is_empty() {
        // CPython's buffer for a 6-character format stops at 2048.
        assert_eq!(f("%99999999999Y"), "");
        assert_eq!(f("%2047Y").len(), 2047);
        assert_eq!(f("%2048Y"), "");
        assert_eq!(f("%%99999999999Y"), "%99999999999Y");
    }
}
