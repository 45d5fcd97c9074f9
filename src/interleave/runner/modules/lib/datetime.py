"""datetime for threadlab: date, time, datetime, timedelta, tzinfo and
timezone, in Python on the time module, behaving as CPython 3.11's C
implementation (_datetime): its range checks and messages, repr and str,
arithmetic, comparisons and hashes (equal objects hash alike), strftime
(through time.strftime), isoformat and fromisoformat.

Local time is the time module's: the user's zone in the browser, UTC
natively. strptime is in lib/strptime.py. Not here: hashes equal to CPython's (those of dates are hashes of their bytes
there), so a set of dates may list in another order."""

import time as _time

MINYEAR = 1
MAXYEAR = 9999

_MAX_DELTA_DAYS = 999999999
_US_PER_DAY = 86400000000
_MAX_FOLD_SECONDS = 24 * 3600
_INT_MAX = 2147483647
_MISSING = object()

_DAYS_IN_MONTH = [-1, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
_DAYS_BEFORE_MONTH = [-1]
_n = 0
for _dim in _DAYS_IN_MONTH[1:]:
    _DAYS_BEFORE_MONTH.append(_n)
    _n += _dim
del _n, _dim

_MONTHNAMES = [None, "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_DAYNAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


# ---- the calendar (proleptic Gregorian; day 1 is 0001-01-01) ----


def _is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_before_year(year):
    y = year - 1
    return y * 365 + y // 4 - y // 100 + y // 400


def _days_in_month(year, month):
    if month == 2 and _is_leap(year):
        return 29
    return _DAYS_IN_MONTH[month]


def _days_before_month(year, month):
    return _DAYS_BEFORE_MONTH[month] + (month > 2 and _is_leap(year))


def _ymd2ord(year, month, day):
    return _days_before_year(year) + _days_before_month(year, month) + day


def _ord2ymd(n):
    # 400 years hold 146097 days, 100 years 36524 (one leap day fewer),
    # 4 years 1461; the last day of a 4- or 400-year cycle is 31 December.
    n -= 1
    n400, n = divmod(n, 146097)
    n100, n = divmod(n, 36524)
    n4, n = divmod(n, 1461)
    n1, n = divmod(n, 365)
    year = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1
    if n1 == 4 or n100 == 4:
        return year - 1, 12, 31
    leap = n1 == 3 and (n4 != 24 or n100 == 3)
    month = (n + 50) >> 5
    preceding = _DAYS_BEFORE_MONTH[month] + (month > 2 and leap)
    if preceding > n:
        month -= 1
        preceding -= _DAYS_IN_MONTH[month] + (month == 2 and leap)
    return year, month, n - preceding + 1


_EPOCH_ORD = _ymd2ord(1970, 1, 1)


def _isoweek1monday(year):
    # The Monday of ISO week 1: the week with the year's first Thursday.
    first = _ymd2ord(year, 1, 1)
    first_weekday = (first + 6) % 7
    monday = first - first_weekday
    if first_weekday > 3:
        monday += 7
    return monday


def _utc_seconds(year, month, day, hour, minute, second):
    """The Unix time of these fields read as UTC."""
    return (_ymd2ord(year, month, day) - _EPOCH_ORD) * 86400 + hour * 3600 + minute * 60 + second


def _local(u):
    """The fields of Unix time u in the local zone, as UTC seconds (an
    error for a year datetime cannot hold, as in CPython)."""
    tm = _time.localtime(u)
    if not MINYEAR <= tm.tm_year <= MAXYEAR:
        raise ValueError(f"year {tm.tm_year} is out of range")
    return u + tm.tm_gmtoff


def _local_to_seconds(year, month, day, hour, minute, second, fold):
    """The Unix time a local wall-clock time names (CPython's
    local_to_seconds): fold picks the earlier (0) or later (1) of a time
    that happens twice, and the later (0) or earlier (1) offset for a time
    that never happens."""
    t = _utc_seconds(year, month, day, hour, minute, second)
    a = _local(t) - t
    u1 = t - a
    t1 = _local(u1)
    if t1 == t:
        u2 = u1 + _MAX_FOLD_SECONDS if fold else u1 - _MAX_FOLD_SECONDS
        b = _local(u2) - u2
        if a == b:
            return u1
    else:
        b = t1 - u1
    u2 = t - b
    if _local(u2) == t:
        return u2
    if t1 == t:
        return u1
    return min(u1, u2) if fold else max(u1, u2)


# ---- arguments, as CPython's argument parser words its errors ----


def _tpname(obj):
    """What CPython's messages call obj's type (its tp_name)."""
    cls = type(obj)
    if cls in _C_TYPES:
        return "datetime." + cls.__name__
    return cls.__name__


def _argtype(obj):
    """What "argument 1 must be str, not ..." calls obj's type."""
    return "None" if obj is None else _tpname(obj)


def _parse(fname, names, npos, args, kwargs, required):
    n = len(args)
    if n + len(kwargs) > len(names):
        raise TypeError(f"{fname} takes at most {len(names)} arguments ({n + len(kwargs)} given)")
    if n > npos:
        raise TypeError(f"{fname} takes at most {npos} positional arguments ({n} given)")
    values = list(args) + [_MISSING] * (len(names) - n)
    for i, name in enumerate(names):
        if name in kwargs:
            if i < n:
                raise TypeError(f"argument for {fname} given by name ('{name}') and position ({i + 1})")
            values[i] = kwargs[name]
        elif i < required and values[i] is _MISSING:
            raise TypeError(f"{fname} missing required argument '{name}' (pos {i + 1})")
    for key in kwargs:
        if key not in names:
            where = "this function" if fname == "function" else fname
            raise TypeError(f"'{key}' is an invalid keyword argument for {where}")
    return values


def _index(value):
    if isinstance(value, int):
        return int(value)
    index = getattr(type(value), "__index__", None)
    if index is not None:
        return index(value)
    raise TypeError(f"'{_tpname(value)}' object cannot be interpreted as an integer")


def _c_int(value):
    v = _index(value)
    if not -(2**63) <= v < 2**63:
        raise OverflowError("Python int too large to convert to C long")
    if v > _INT_MAX:
        raise OverflowError("signed integer is greater than maximum")
    if v < -_INT_MAX - 1:
        raise OverflowError("signed integer is less than minimum")
    return v


def _or(value, default):
    return default if value is _MISSING else value


def _check_date_fields(year, month, day):
    year, month, day = _c_int(year), _c_int(month), _c_int(day)
    if not MINYEAR <= year <= MAXYEAR:
        raise ValueError(f"year {year} is out of range")
    if not 1 <= month <= 12:
        raise ValueError("month must be in 1..12")
    if not 1 <= day <= _days_in_month(year, month):
        raise ValueError("day is out of range for month")
    return year, month, day


def _check_time_fields(hour, minute, second, microsecond, fold):
    hour, minute, second = _c_int(hour), _c_int(minute), _c_int(second)
    microsecond, fold = _c_int(microsecond), _c_int(fold)
    if not 0 <= hour <= 23:
        raise ValueError("hour must be in 0..23")
    if not 0 <= minute <= 59:
        raise ValueError("minute must be in 0..59")
    if not 0 <= second <= 59:
        raise ValueError("second must be in 0..59")
    if not 0 <= microsecond <= 999999:
        raise ValueError("microsecond must be in 0..999999")
    if fold not in (0, 1):
        raise ValueError("fold must be either 0 or 1")
    return hour, minute, second, microsecond, fold


def _check_tzinfo(tz):
    if tz is not None and not isinstance(tz, tzinfo):
        raise TypeError(f"tzinfo argument must be None or of a tzinfo subclass, not type '{_tpname(tz)}'")


def _check_utc_offset(name, offset):
    """What tzinfo.utcoffset() or dst() returned, checked as CPython does."""
    if offset is None:
        return None
    if not isinstance(offset, timedelta):
        raise TypeError(f"tzinfo.{name}() must return None or timedelta, not '{_tpname(offset)}'")
    if not -_US_PER_DAY < offset._us < _US_PER_DAY:
        raise ValueError(
            "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)."
        )
    return offset


def _tzname_of(tz, dt):
    if tz is None:
        return None
    name = tz.tzname(dt)
    if name is not None and not isinstance(name, str):
        raise TypeError(f"tzinfo.tzname() must return None or a string, not '{_tpname(name)}'")
    return name


def _setattr(self, name, value, owners, delete=False):
    """Setting (or deleting) an attribute: CPython's types have fixed
    fields, read-only; a subclass's instance takes new attributes."""
    owner = owners.get(name)
    if owner is not None:
        raise AttributeError(f"attribute '{name}' of '{owner}' objects is not writable")
    if type(self) in _C_TYPES:
        raise AttributeError(f"'{_tpname(self)}' object has no attribute '{name}'")
    if delete:
        object.__delattr__(self, name)
    else:
        object.__setattr__(self, name, value)


# ---- rounding ----


def _round_half_away(x):
    """C's round(): halves away from zero."""
    r = float(int(x))
    if abs(x - r) >= 0.5:
        r += 1.0 if x > 0 else -1.0
    return r


def _divide_and_round(a, b):
    """a / b rounded to the nearest int, halves to even."""
    q, r = divmod(a, b)
    r *= 2
    greater_than_half = r > b if b > 0 else r < b
    if greater_than_half or (r == b and q % 2 == 1):
        q += 1
    return q


def _ratio(x):
    """float.as_integer_ratio(), exactly."""
    if x != x:
        raise ValueError("cannot convert NaN to integer ratio")
    if x in (float("inf"), float("-inf")):
        raise OverflowError("cannot convert Infinity to integer ratio")
    d = 1
    while x != int(x):
        x *= 2.0
        d *= 2
    return int(x), d


def _timestamp_parts(t):
    """Seconds and microseconds of a timestamp, as CPython's
    _PyTime_ObjectToTimeval reads it: the fraction rounds half to even."""
    if isinstance(t, float):
        if t != t:
            raise ValueError("Invalid value NaN (not a number)")
        whole = float(int(t)) if -9.3e18 < t < 9.3e18 else t
        frac = float(round((t - whole) * 1e6))
        if frac >= 1e6:
            frac -= 1e6
            whole += 1.0
        elif frac < 0:
            frac += 1e6
            whole -= 1.0
        if not -9.223372036854776e18 <= whole < 9.223372036854776e18:
            raise OverflowError("timestamp out of range for platform time_t")
        return int(whole), int(frac)
    secs = _index(t)
    if not -(2**63) <= secs < 2**63:
        raise OverflowError("timestamp out of range for platform time_t")
    return secs, 0


# ---- formatting ----


def _format_offset(off, sep):
    """+HH<sep>MM, then <sep>SS and .ffffff when there are some; '' for None."""
    if off is None:
        return ""
    us = off._us
    sign = "+"
    if us < 0:
        sign = "-"
        us = -us
    seconds, us = divmod(us, 1000000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    s = f"{sign}{hours:02d}{sep}{minutes:02d}"
    if seconds or us:
        s += f"{sep}{seconds:02d}"
        if us:
            s += f".{us:06d}"
    return s


def _format_time(hour, minute, second, us, timespec, arg):
    if not isinstance(timespec, str):
        raise TypeError(f"isoformat() argument {arg} must be str, not {_argtype(timespec)}")
    if timespec == "auto":
        timespec = "microseconds" if us else "seconds"
    if timespec == "hours":
        return f"{hour:02d}"
    if timespec == "minutes":
        return f"{hour:02d}:{minute:02d}"
    if timespec == "seconds":
        return f"{hour:02d}:{minute:02d}:{second:02d}"
    if timespec == "milliseconds":
        return f"{hour:02d}:{minute:02d}:{second:02d}.{us // 1000:03d}"
    if timespec == "microseconds":
        return f"{hour:02d}:{minute:02d}:{second:02d}.{us:06d}"
    raise ValueError("Unknown timespec value")


def _wrap_strftime(obj, fmt, timetuple, tz_owner):
    """%z, %Z and %f of a date, time or datetime, then time.strftime (as
    CPython's wrap_strftime)."""
    if not isinstance(fmt, str):
        raise TypeError(f"strftime() argument 1 must be str, not {_argtype(fmt)}")
    if "z" not in fmt and "Z" not in fmt and "f" not in fmt:
        return _time.strftime(fmt, timetuple)
    parts = []
    i, n = 0, len(fmt)
    while i < n:
        ch = fmt[i]
        i += 1
        if ch != "%" or i == n:
            parts.append(ch)
            continue
        ch = fmt[i]
        i += 1
        if ch == "z":
            off = tz_owner.utcoffset() if tz_owner is not None else None
            parts.append(_format_offset(off, ""))
        elif ch == "Z":
            name = tz_owner.tzname() if tz_owner is not None else None
            parts.append("" if name is None else name.replace("%", "%%"))
        elif ch == "f":
            parts.append(f"{getattr(obj, 'microsecond', 0):06d}")
        else:
            parts.append("%" + ch)
    return _time.strftime("".join(parts), timetuple)


# ---- ISO 8601 parsing, as 3.11's C code reads it (quirks included) ----


def _ch(s, i):
    """s[i], or C's terminating NUL past the end."""
    return s[i] if i < len(s) else "\0"


def _digits(s, pos, count):
    """count ASCII digits at pos, or None (C's parse_digits)."""
    part = s[pos : pos + count]
    if len(part) != count or not all("0" <= c <= "9" for c in part):
        return None
    return int(part)


def _isoweek_to_gregorian(year, week, day):
    if not MINYEAR <= year <= MAXYEAR:
        raise ValueError(f"Year is out of range: {year}")
    if not 0 < week < 53:
        first_weekday = _ymd2ord(year, 1, 1) % 7
        if not (week == 53 and (first_weekday == 4 or (first_weekday == 3 and _is_leap(year)))):
            raise ValueError(f"Invalid week: {week}")
    if not 0 < day < 8:
        raise ValueError(f"Invalid day: {day} (range is [1, 7])")
    return _ord2ymd(_isoweek1monday(year) + (week - 1) * 7 + day - 1)


def _date_end(s):
    """Where the date part of an ISO datetime string ends (the separator,
    any one character, follows)."""
    n = len(s)
    if n == 7:
        return 7
    if s[4] == "-":
        if s[5] != "W":
            return 10
        if n > 8 and s[8] == "-":
            if n == 9:
                raise ValueError("Invalid ISO string")
            if n > 10 and "0" <= s[10] <= "9":
                return 8
            return 10
        return 8
    if s[4] == "W":
        i = 7
        while i < n and "0" <= s[i] <= "9":
            i += 1
        if i < 9:
            return i
        return 7 if i % 2 == 0 else 8
    return 8


def _parse_date(s):
    """(year, month, day) of YYYY-MM-DD, YYYYMMDD, YYYY-Www[-D] or
    YYYYWww[D]; what follows is not looked at."""
    year = _digits(s, 0, 4)
    if year is None:
        raise ValueError("Invalid isoformat string")
    dash = _ch(s, 4) == "-"
    pos = 4 + dash
    if _ch(s, pos) == "W":
        week = _digits(s, pos + 1, 2)
        if week is None:
            raise ValueError("Invalid isoformat string")
        pos += 3
        day = 1
        if pos < len(s):
            if dash:
                if _ch(s, pos) != "-":
                    raise ValueError("Inconsistent use of dash separator")
                pos += 1
            day = _digits(s, pos, 1)
            if day is None:
                raise ValueError("Invalid isoformat string")
        return _isoweek_to_gregorian(year, week, day)
    month = _digits(s, pos, 2)
    pos += 2
    if dash:
        if _ch(s, pos) != "-":
            raise ValueError("Inconsistent use of dash separator")
        pos += 1
    day = _digits(s, pos, 2)
    if month is None or day is None:
        raise ValueError("Invalid isoformat string")
    return year, month, day


def _parse_hh_mm_ss_ff(s, start, end):
    """[hour, minute, second, microsecond] of HH[:MM[:SS[.f...]]] or
    HH[MM[SS[.f...]]] in s[start:end] (six digits of the fraction kept),
    and whether something (a zone) follows; ValueError if malformed."""
    vals = [0, 0, 0, 0]
    p = start
    has_sep = True
    for i in range(3):
        v = _digits(s, p, 2)
        if v is None:
            raise ValueError("Invalid isoformat string")
        vals[i] = v
        c = _ch(s, p + 2)
        p += 3
        if i == 0:
            has_sep = c == ":"
        if p >= end:
            return vals, c != "\0"
        if has_sep and c == ":":
            continue
        if c in ".,":
            break
        if has_sep:
            raise ValueError("Invalid time separator")
        p -= 1
    count = min(end - p, 6)
    us = _digits(s, p, count)
    if us is None:
        raise ValueError("Invalid microsecond component")
    vals[3] = us * 10 ** (6 - count)
    p += count
    while "0" <= _ch(s, p) <= "9":
        p += 1
    return vals, _ch(s, p) != "\0"


def _parse_time(s):
    """[hour, minute, second, microsecond] of an ISO time, and its zone's
    (seconds, microseconds) east of UTC if it has a Z or +HH[:MM...]."""
    n = len(s)
    tz_pos = 0
    while tz_pos < n and s[tz_pos] not in "Z+-":
        tz_pos += 1
    vals, more = _parse_hh_mm_ss_ff(s, 0, tz_pos)
    if tz_pos == n:
        if more:
            raise ValueError("Invalid isoformat string")
        return vals, None
    if s[tz_pos] == "Z":
        if tz_pos + 1 != n:
            raise ValueError("Invalid isoformat string")
        return vals, (0, 0)
    sign = -1 if s[tz_pos] == "-" else 1
    (h, m, sec, us), more = _parse_hh_mm_ss_ff(s, tz_pos + 1, n)
    if more:
        raise ValueError("Malformed time zone string")
    return vals, (sign * (h * 3600 + m * 60 + sec), sign * us)


def _zone_of(tz):
    """The timezone of _parse_time's offset (C: 0 seconds is UTC, whatever
    the microseconds)."""
    if tz is None:
        return None
    seconds, us = tz
    if seconds == 0:
        return timezone.utc
    return timezone(timedelta(seconds=seconds, microseconds=us))


# ---- the types ----


class timedelta:
    """A duration: days, seconds (0..86399) and microseconds (0..999999)."""

    __type_name__ = "datetime.timedelta"

    def __new__(cls, *args, **kwargs):
        values = _parse("__new__()", _TD_NAMES, 7, args, kwargs, 0)
        total = 0
        leftover = 0.0
        # In CPython's order, microseconds first: the float parts add up
        # in a float, rounded once at the end.
        for i in _TD_ORDER:
            num = values[i]
            if num is _MISSING:
                continue
            factor = _TD_FACTORS[i]
            if isinstance(num, int):
                total += int(num) * factor
            elif isinstance(num, float):
                whole = float(int(num))
                total += int(whole) * factor
                frac = num - whole
                if frac != 0.0:
                    part = float(factor) * frac
                    part_whole = float(int(part))
                    total += int(part_whole)
                    leftover += part - part_whole
            else:
                raise TypeError(f"unsupported type for timedelta {_TD_NAMES[i]} component: {_tpname(num)}")
        if leftover:
            whole = _round_half_away(leftover)
            if abs(whole - leftover) == 0.5:
                odd = total & 1
                whole = 2.0 * _round_half_away((leftover + odd) * 0.5) - odd
            total += int(whole)
        return _td(cls, total)

    def __setattr__(self, name, value):
        if name in _TD_FIELDS:
            raise AttributeError("readonly attribute")
        _setattr(self, name, value, {})

    def __delattr__(self, name):
        if name in _TD_FIELDS:
            raise AttributeError("readonly attribute")
        _setattr(self, name, None, {}, True)

    def __repr__(self):
        parts = []
        if self.days:
            parts.append(f"days={self.days}")
        if self.seconds:
            parts.append(f"seconds={self.seconds}")
        if self.microseconds:
            parts.append(f"microseconds={self.microseconds}")
        return f"{_tpname(self)}({', '.join(parts) or '0'})"

    def __str__(self):
        minutes, seconds = divmod(self.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        s = f"{hours}:{minutes:02d}:{seconds:02d}"
        if self.days:
            plural = "" if abs(self.days) == 1 else "s"
            s = f"{self.days} day{plural}, " + s
        if self.microseconds:
            s += f".{self.microseconds:06d}"
        return s

    def total_seconds(self):
        return self._us / 1000000

    def __add__(self, other):
        if isinstance(other, timedelta):
            return _td(timedelta, self._us + other._us)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return _td(timedelta, self._us - other._us)
        return NotImplemented

    def __rsub__(self, other):
        if isinstance(other, timedelta):
            return _td(timedelta, other._us - self._us)
        return NotImplemented

    def __neg__(self):
        return _td(timedelta, -self._us)

    def __pos__(self):
        return _td(timedelta, self._us)

    def __abs__(self):
        return _td(timedelta, abs(self._us))

    def __mul__(self, other):
        if isinstance(other, int):
            return _td(timedelta, self._us * other)
        if isinstance(other, float):
            n, d = _ratio(other)
            return _td(timedelta, _divide_and_round(self._us * n, d))
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, other):
        if isinstance(other, timedelta):
            if not other._us:
                raise ZeroDivisionError("division by zero")
            return self._us / other._us
        if isinstance(other, int):
            if not other:
                raise ZeroDivisionError("integer division or modulo by zero")
            return _td(timedelta, _divide_and_round(self._us, other))
        if isinstance(other, float):
            n, d = _ratio(other)
            if not n:
                raise ZeroDivisionError("integer division or modulo by zero")
            return _td(timedelta, _divide_and_round(self._us * d, n))
        return NotImplemented

    def __floordiv__(self, other):
        if isinstance(other, timedelta):
            if not other._us:
                raise ZeroDivisionError("integer division or modulo by zero")
            return self._us // other._us
        if isinstance(other, int):
            if not other:
                raise ZeroDivisionError("integer division or modulo by zero")
            return _td(timedelta, self._us // other)
        return NotImplemented

    def __mod__(self, other):
        if isinstance(other, timedelta):
            if not other._us:
                raise ZeroDivisionError("integer modulo by zero")
            return _td(timedelta, self._us % other._us)
        return NotImplemented

    def __divmod__(self, other):
        if isinstance(other, timedelta):
            if not other._us:
                raise ZeroDivisionError("integer division or modulo by zero")
            q, r = divmod(self._us, other._us)
            return q, _td(timedelta, r)
        return NotImplemented

    def __eq__(self, other):
        if isinstance(other, timedelta):
            return self._us == other._us
        return NotImplemented

    def __ne__(self, other):
        if isinstance(other, timedelta):
            return self._us != other._us
        return NotImplemented

    def __lt__(self, other):
        if isinstance(other, timedelta):
            return self._us < other._us
        return NotImplemented

    def __le__(self, other):
        if isinstance(other, timedelta):
            return self._us <= other._us
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, timedelta):
            return self._us > other._us
        return NotImplemented

    def __ge__(self, other):
        if isinstance(other, timedelta):
            return self._us >= other._us
        return NotImplemented

    def __hash__(self):
        return hash((self.days, self.seconds, self.microseconds))

    def __bool__(self):
        return self._us != 0

    def __reduce__(self):
        return (type(self), (self.days, self.seconds, self.microseconds))


_TD_NAMES = ("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks")
_TD_FACTORS = (_US_PER_DAY, 1000000, 1, 1000, 60000000, 3600000000, 7 * _US_PER_DAY)
_TD_ORDER = (2, 3, 1, 4, 5, 0, 6)
_TD_FIELDS = ("days", "seconds", "microseconds")


def _td(cls, us):
    """A timedelta of us microseconds, or CPython's OverflowError."""
    days, rem = divmod(us, _US_PER_DAY)
    if not -_MAX_DELTA_DAYS <= days <= _MAX_DELTA_DAYS:
        raise OverflowError(f"days={days}; must have magnitude <= {_MAX_DELTA_DAYS}")
    self = object.__new__(cls)
    d = self.__dict__
    d["days"] = days
    d["seconds"], d["microseconds"] = divmod(rem, 1000000)
    d["_us"] = us
    return self


timedelta.min = _td(timedelta, -_MAX_DELTA_DAYS * _US_PER_DAY)
timedelta.max = _td(timedelta, (_MAX_DELTA_DAYS + 1) * _US_PER_DAY - 1)
timedelta.resolution = _td(timedelta, 1)


class date:
    """A day of the proleptic Gregorian calendar."""

    __type_name__ = "datetime.date"

    def __new__(cls, *args, **kwargs):
        year, month, day = _parse("function", _DATE_FIELDS, 3, args, kwargs, 3)
        return _date(cls, *_check_date_fields(year, month, day))

    def __setattr__(self, name, value):
        _setattr(self, name, value, _DATE_OWNERS)

    def __delattr__(self, name):
        _setattr(self, name, None, _DATE_OWNERS, True)

    @classmethod
    def today(cls):
        return cls.fromtimestamp(_time.time())

    @classmethod
    def fromtimestamp(cls, t):
        tm = _time.localtime(t)
        return cls(tm.tm_year, tm.tm_mon, tm.tm_mday)

    @classmethod
    def fromordinal(cls, n):
        n = _c_int(n)
        if n < 1:
            raise ValueError("ordinal must be >= 1")
        y, m, d = _ord2ymd(n)
        if y > MAXYEAR:
            raise ValueError(f"year {y} is out of range")
        return cls(y, m, d)

    @classmethod
    def fromisoformat(cls, s):
        if not isinstance(s, str):
            raise TypeError("fromisoformat: argument must be str")
        try:
            if len(s) not in (7, 8, 10):
                raise ValueError("Invalid isoformat string")
            y, m, d = _parse_date(s)
        except ValueError:
            raise ValueError(f"Invalid isoformat string: {s!r}") from None
        return cls(y, m, d)

    @classmethod
    def fromisocalendar(cls, year, week, day):
        return cls(*_isoweek_to_gregorian(_c_int(year), _c_int(week), _c_int(day)))

    def replace(self, *args, **kwargs):
        year, month, day = _parse("replace()", _DATE_FIELDS, 3, args, kwargs, 0)
        return type(self)(_or(year, self.year), _or(month, self.month), _or(day, self.day))

    def __repr__(self):
        return f"{_tpname(self)}({self.year}, {self.month}, {self.day})"

    def isoformat(self):
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self):
        return self.isoformat()

    def ctime(self):
        return _ctime(self, 0, 0, 0)

    def strftime(self, fmt):
        return _wrap_strftime(self, fmt, _time_tuple(self.year, self.month, self.day, 0, 0, 0, -1), None)

    def __format__(self, fmt):
        if not isinstance(fmt, str):
            raise TypeError(f"__format__() argument 1 must be str, not {_argtype(fmt)}")
        if fmt:
            return self.strftime(fmt)
        return str(self)

    def timetuple(self):
        return _time.struct_time(_time_tuple(self.year, self.month, self.day, 0, 0, 0, -1))

    def toordinal(self):
        return _ymd2ord(self.year, self.month, self.day)

    def weekday(self):
        return (self.toordinal() + 6) % 7

    def isoweekday(self):
        return self.toordinal() % 7 or 7

    def isocalendar(self):
        year = self.year
        today = self.toordinal()
        week, day = divmod(today - _isoweek1monday(year), 7)
        if week < 0:
            year -= 1
            week, day = divmod(today - _isoweek1monday(year), 7)
        elif week >= 52 and today >= _isoweek1monday(year + 1):
            year += 1
            week = 0
        return IsoCalendarDate(year, week + 1, day + 1)

    def _cmp(self, other, op):
        if isinstance(other, datetime):
            # Only a date that is not a datetime gets here; CPython asks
            # the datetime, a subclass, first.
            if op == "==":
                return False
            if op == "!=":
                return True
            raise TypeError(f"can't compare {_tpname(other)} to {_tpname(self)}")
        if not isinstance(other, date):
            return NotImplemented
        return _compare((self.year, self.month, self.day), (other.year, other.month, other.day), op)

    def __eq__(self, other):
        return self._cmp(other, "==")

    def __ne__(self, other):
        return self._cmp(other, "!=")

    def __lt__(self, other):
        return self._cmp(other, "<")

    def __le__(self, other):
        return self._cmp(other, "<=")

    def __gt__(self, other):
        return self._cmp(other, ">")

    def __ge__(self, other):
        return self._cmp(other, ">=")

    def __hash__(self):
        return hash((self.year, self.month, self.day))

    def __add__(self, other):
        if isinstance(other, timedelta) and not isinstance(self, datetime):
            n = self.toordinal() + other.days
            if not 0 < n <= _MAX_ORDINAL:
                raise OverflowError("date value out of range")
            return _date(type(self), *_ord2ymd(n))
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, datetime):
            return NotImplemented
        if isinstance(other, timedelta):
            return self + _td(timedelta, -other.days * _US_PER_DAY)
        if isinstance(other, date):
            return _td(timedelta, (self.toordinal() - other.toordinal()) * _US_PER_DAY)
        return NotImplemented

    def __reduce__(self):
        return (type(self), (self.year, self.month, self.day))


_MAX_ORDINAL = _ymd2ord(MAXYEAR, 12, 31)
_DATE_FIELDS = ("year", "month", "day")
_TIME_FIELDS = ("hour", "minute", "second", "microsecond", "tzinfo", "fold")
_DT_NAMES = _DATE_FIELDS + _TIME_FIELDS
# Which type's fields they are (for "attribute 'year' of 'datetime.date'
# objects is not writable").
_DATE_OWNERS = dict.fromkeys(_DATE_FIELDS, "datetime.date")
_TIME_OWNERS = dict.fromkeys(_TIME_FIELDS, "datetime.time")
_DT_OWNERS = {**_DATE_OWNERS, **dict.fromkeys(_TIME_FIELDS, "datetime.datetime")}


def _new(cls, names, *values):
    """An instance of cls with these fields, unchecked (the caller's are
    valid), as CPython's types make them without calling __new__."""
    self = object.__new__(cls)
    self.__dict__.update(zip(names, values))
    return self


def _date(cls, year, month, day):
    return _new(cls, _DATE_FIELDS, year, month, day)


def _compare(a, b, op):
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    return a >= b


def _time_tuple(year, month, day, hour, minute, second, isdst):
    """What timetuple() holds (time.strftime takes it as it is)."""
    yday = _days_before_month(year, month) + day
    wday = (_ymd2ord(year, month, day) + 6) % 7
    return (year, month, day, hour, minute, second, wday, yday, isdst)


def _ctime(d, hour, minute, second):
    wday = (d.toordinal() + 6) % 7
    return (
        f"{_DAYNAMES[wday]} {_MONTHNAMES[d.month]} {d.day:2d} "
        f"{hour:02d}:{minute:02d}:{second:02d} {d.year:04d}"
    )


_ISO_OWNERS = {name: "datetime.IsoCalendarDate" for name in ("year", "week", "weekday")}


class IsoCalendarDate:
    """What date.isocalendar() returns: a (year, week, weekday) tuple whose
    items also have names."""

    __type_name__ = "datetime.IsoCalendarDate"

    def __init__(self, year, week, weekday):
        d = self.__dict__
        d["year"], d["week"], d["weekday"] = year, week, weekday
        d["_t"] = (year, week, weekday)

    def __setattr__(self, name, value):
        _setattr(self, name, value, _ISO_OWNERS)

    def __delattr__(self, name):
        _setattr(self, name, None, _ISO_OWNERS, True)

    def __repr__(self):
        return f"{_tpname(self)}(year={self.year}, week={self.week}, weekday={self.weekday})"

    def __len__(self):
        return 3

    def __getitem__(self, i):
        return self._t[i]

    def __iter__(self):
        return iter(self._t)

    def __eq__(self, other):
        if isinstance(other, IsoCalendarDate):
            other = other._t
        return self._t == other if isinstance(other, tuple) else NotImplemented

    def __lt__(self, other):
        return self._t < tuple(other)

    def __hash__(self):
        return hash(self._t)

    def __reduce__(self):
        return (tuple, (self._t,))


class tzinfo:
    """The base of time zones: a subclass says utcoffset(), dst() and
    tzname()."""

    __type_name__ = "datetime.tzinfo"

    def tzname(self, dt):
        raise NotImplementedError("a tzinfo subclass must implement tzname()")

    def utcoffset(self, dt):
        raise NotImplementedError("a tzinfo subclass must implement utcoffset()")

    def dst(self, dt):
        raise NotImplementedError("a tzinfo subclass must implement dst()")

    def fromutc(self, dt):
        if not isinstance(dt, datetime):
            raise TypeError("fromutc: argument must be a datetime")
        if dt.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        off = _check_utc_offset("utcoffset", self.utcoffset(dt))
        if off is None:
            raise ValueError("fromutc: non-None utcoffset() result required")
        dst = _check_utc_offset("dst", self.dst(dt))
        if dst is None:
            raise ValueError("fromutc: non-None dst() result required")
        dt += off - dst
        dst = _check_utc_offset("dst", self.dst(dt))
        if dst is None:
            raise ValueError("fromutc: tz.dst() gave inconsistent results; cannot convert")
        return dt + dst


class time:
    """A time of day, with an optional time zone."""

    __type_name__ = "datetime.time"

    def __new__(cls, *args, **kwargs):
        values = _parse("function", _TIME_FIELDS, 5, args, kwargs, 0)
        h, m, s, us, tz, fold = [_or(v, 0) for v in values[:4]] + [_or(values[4], None), _or(values[5], 0)]
        h, m, s, us, fold = _check_time_fields(h, m, s, us, fold)
        _check_tzinfo(tz)
        return _time_of(cls, h, m, s, us, tz, fold)

    def __setattr__(self, name, value):
        _setattr(self, name, value, _TIME_OWNERS)

    def __delattr__(self, name):
        _setattr(self, name, None, _TIME_OWNERS, True)

    @classmethod
    def fromisoformat(cls, s):
        if not isinstance(s, str):
            raise TypeError("fromisoformat: argument must be str")
        text = s[1:] if s[:1] == "T" else s
        try:
            comps, tz = _parse_time(text)
        except ValueError:
            raise ValueError(f"Invalid isoformat string: {s!r}") from None
        return cls(*comps, _zone_of(tz))

    def replace(self, *args, **kwargs):
        values = _parse("replace()", _TIME_FIELDS, 5, args, kwargs, 0)
        current = (self.hour, self.minute, self.second, self.microsecond, self.tzinfo, self.fold)
        h, m, s, us, tz, fold = [_or(v, c) for v, c in zip(values, current)]
        return type(self)(h, m, s, us, tz, fold=fold)

    def utcoffset(self):
        return _check_utc_offset("utcoffset", None if self.tzinfo is None else self.tzinfo.utcoffset(None))

    def dst(self):
        return _check_utc_offset("dst", None if self.tzinfo is None else self.tzinfo.dst(None))

    def tzname(self):
        return _tzname_of(self.tzinfo, None)

    def __repr__(self):
        if self.microsecond:
            s = f"{self.hour}, {self.minute}, {self.second}, {self.microsecond}"
        elif self.second:
            s = f"{self.hour}, {self.minute}, {self.second}"
        else:
            s = f"{self.hour}, {self.minute}"
        if self.tzinfo is not None:
            s += f", tzinfo={self.tzinfo!r}"
        if self.fold:
            s += ", fold=1"
        return f"{_tpname(self)}({s})"

    def isoformat(self, timespec="auto"):
        s = _format_time(self.hour, self.minute, self.second, self.microsecond, timespec, 1)
        return s + _format_offset(self.utcoffset(), ":")

    def __str__(self):
        return self.isoformat()

    def strftime(self, fmt):
        tt = (1900, 1, 1, self.hour, self.minute, self.second, 0, 1, -1)
        return _wrap_strftime(self, fmt, tt, self)

    __format__ = date.__format__

    def _cmp(self, other, op):
        if not isinstance(other, time):
            return NotImplemented
        a = (self.hour, self.minute, self.second, self.microsecond)
        b = (other.hour, other.minute, other.second, other.microsecond)
        if self.tzinfo is not other.tzinfo:
            off1, off2 = self.utcoffset(), other.utcoffset()
            if off1 != off2:
                if off1 is None or off2 is None:
                    if op in ("==", "!="):
                        return op == "!="
                    raise TypeError("can't compare offset-naive and offset-aware times")
                a = ((self.hour * 60 + self.minute) * 60 + self.second) * 1000000 + self.microsecond - off1._us
                b = ((other.hour * 60 + other.minute) * 60 + other.second) * 1000000 + other.microsecond - off2._us
        return _compare(a, b, op)

    __eq__ = date.__eq__
    __ne__ = date.__ne__
    __lt__ = date.__lt__
    __le__ = date.__le__
    __gt__ = date.__gt__
    __ge__ = date.__ge__

    def __hash__(self):
        off = self.utcoffset()
        if off is None:
            return hash((self.hour, self.minute, self.second, self.microsecond))
        return hash(_td(timedelta, ((self.hour * 60 + self.minute) * 60 + self.second) * 1000000 + self.microsecond) - off)

    def __reduce__(self):
        return (type(self), (self.hour, self.minute, self.second, self.microsecond, self.tzinfo))


def _time_of(cls, hour, minute, second, us, tz, fold):
    return _new(cls, _TIME_FIELDS, hour, minute, second, us, tz, fold)


class datetime(date):
    """A date and a time of day, with an optional time zone."""

    __type_name__ = "datetime.datetime"

    def __new__(cls, *args, **kwargs):
        values = _parse("function", _DT_NAMES, 8, args, kwargs, 3)
        y, mo, d = _c_int(values[0]), _c_int(values[1]), _c_int(values[2])
        h, mi, s, us = [_c_int(_or(v, 0)) for v in values[3:7]]
        tz, fold = _or(values[7], None), _c_int(_or(values[8], 0))
        y, mo, d = _check_date_fields(y, mo, d)
        h, mi, s, us, fold = _check_time_fields(h, mi, s, us, fold)
        _check_tzinfo(tz)
        return _dt(cls, y, mo, d, h, mi, s, us, tz, fold)

    def __setattr__(self, name, value):
        _setattr(self, name, value, _DT_OWNERS)

    def __delattr__(self, name):
        _setattr(self, name, None, _DT_OWNERS, True)

    # -- making one --

    @classmethod
    def _from_parts(cls, secs, us, tz, utc):
        """The datetime of a Unix time (secs + us), local or UTC, with the
        fold of a local time that happens twice (CPython's
        datetime_from_timet_and_us)."""
        tm = _time.gmtime(secs) if utc else _time.localtime(secs)
        fields = (tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, min(tm.tm_sec, 59))
        fold = 0
        if not utc and tz is None:
            result = _utc_seconds(*fields)
            probe = _local(secs - _MAX_FOLD_SECONDS)
            transition = result - probe - _MAX_FOLD_SECONDS
            if transition < 0 and _local(secs + transition) == result:
                fold = 1
        if not MINYEAR <= fields[0] <= MAXYEAR:
            raise ValueError(f"year {fields[0]} is out of range")
        self = _dt(cls, *fields, us, tz, fold)
        if tz is not None:
            self = tz.fromutc(self)
        return self

    @classmethod
    def now(cls, tz=None):
        _check_tzinfo(tz)
        secs, us = divmod(_time.time_ns() // 1000, 1000000)
        return cls._from_parts(secs, us, tz, tz is not None)

    @classmethod
    def utcnow(cls):
        secs, us = divmod(_time.time_ns() // 1000, 1000000)
        return cls._from_parts(secs, us, None, True)

    @classmethod
    def fromtimestamp(cls, t, tz=None):
        _check_tzinfo(tz)
        secs, us = _timestamp_parts(t)
        return cls._from_parts(secs, us, tz, tz is not None)

    @classmethod
    def utcfromtimestamp(cls, t):
        secs, us = _timestamp_parts(t)
        return cls._from_parts(secs, us, None, True)

    @classmethod
    def strptime(cls, date_string, format):
        import _strptime

        for i, arg in enumerate((date_string, format)):
            if not isinstance(arg, str):
                raise TypeError(f"strptime() argument {i + 1} must be str, not {_argtype(arg)}")
        fields, fraction, gmtoff_fraction = _strptime._strptime(date_string, format)
        name, gmtoff = fields[-2:]
        args = fields[:6] + (fraction,)
        if gmtoff is None:
            return cls(*args)
        offset = timedelta(seconds=gmtoff, microseconds=gmtoff_fraction)
        return cls(*args, timezone(offset, name) if name else timezone(offset))

    @classmethod
    def combine(cls, date_, time_, tzinfo=True):
        if not isinstance(date_, date):
            raise TypeError(f"combine() argument 1 must be datetime.date, not {_argtype(date_)}")
        if not isinstance(time_, time):
            raise TypeError(f"combine() argument 2 must be datetime.time, not {_argtype(time_)}")
        if tzinfo is True:
            tzinfo = time_.tzinfo
        return cls(
            date_.year,
            date_.month,
            date_.day,
            time_.hour,
            time_.minute,
            time_.second,
            time_.microsecond,
            tzinfo,
            fold=time_.fold,
        )

    @classmethod
    def fromisoformat(cls, s):
        if not isinstance(s, str):
            raise TypeError("fromisoformat: argument must be str")
        try:
            if len(s) < 7:
                raise ValueError("Invalid isoformat string")
            end = _date_end(s)
            date_part = _parse_date(s[:end])
            time_part, tz = [0, 0, 0, 0], None
            if len(s) > end:
                time_part, tz = _parse_time(s[end + 1 :])
        except ValueError:
            raise ValueError(f"Invalid isoformat string: {s!r}") from None
        return cls(*date_part, *time_part, _zone_of(tz))

    # -- parts and conversions --

    def date(self):
        return _date(date, self.year, self.month, self.day)

    def time(self):
        return _time_of(time, self.hour, self.minute, self.second, self.microsecond, None, self.fold)

    def timetz(self):
        return _time_of(time, self.hour, self.minute, self.second, self.microsecond, self.tzinfo, self.fold)

    def replace(self, *args, **kwargs):
        values = _parse("replace()", _DT_NAMES, 8, args, kwargs, 0)
        current = (
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.microsecond,
            self.tzinfo,
            self.fold,
        )
        new = [_or(v, c) for v, c in zip(values, current)]
        return type(self)(*new[:8], fold=new[8])

    def utcoffset(self):
        return _check_utc_offset("utcoffset", None if self.tzinfo is None else self.tzinfo.utcoffset(self))

    def dst(self):
        return _check_utc_offset("dst", None if self.tzinfo is None else self.tzinfo.dst(self))

    def tzname(self):
        return _tzname_of(self.tzinfo, self)

    def _local_timestamp(self):
        """The Unix time this naive datetime names as local time."""
        return _local_to_seconds(self.year, self.month, self.day, self.hour, self.minute, self.second, self.fold)

    def timestamp(self):
        if self.tzinfo is None:
            return float(self._local_timestamp()) + self.microsecond / 1e6
        return (self - _EPOCH).total_seconds()

    def astimezone(self, tz=None):
        _check_tzinfo(tz)
        own = self.tzinfo
        offset = None if own is None else self.utcoffset()
        if offset is None:
            own = _local_zone(self._local_timestamp())
            offset = own.utcoffset(self)
        if own is tz:
            return self
        utc = (self - offset).replace(tzinfo=timezone.utc)
        if tz is None:
            tz = _local_zone((utc - _EPOCH) // timedelta(seconds=1))
        return tz.fromutc(utc.replace(tzinfo=tz))

    def _time_tuple(self):
        dst = self.dst()
        isdst = -1 if dst is None else int(bool(dst))
        return _time_tuple(self.year, self.month, self.day, self.hour, self.minute, self.second, isdst)

    def timetuple(self):
        return _time.struct_time(self._time_tuple())

    def utctimetuple(self):
        off = self.utcoffset()
        dt = self
        if off:
            dt = self - off
        return _time.struct_time(_time_tuple(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, 0))

    def ctime(self):
        return _ctime(self, self.hour, self.minute, self.second)

    def strftime(self, fmt):
        return _wrap_strftime(self, fmt, self._time_tuple(), self)

    def isoformat(self, sep="T", timespec="auto"):
        if not isinstance(sep, str) or len(sep) != 1:
            raise TypeError(f"isoformat() argument 1 must be a unicode character, not {_argtype(sep)}")
        s = f"{self.year:04d}-{self.month:02d}-{self.day:02d}{sep}"
        s += _format_time(self.hour, self.minute, self.second, self.microsecond, timespec, 2)
        return s + _format_offset(self.utcoffset(), ":")

    def __str__(self):
        return self.isoformat(" ")

    def __repr__(self):
        s = f"{self.year}, {self.month}, {self.day}, {self.hour}, {self.minute}"
        if self.microsecond:
            s += f", {self.second}, {self.microsecond}"
        elif self.second:
            s += f", {self.second}"
        if self.fold:
            s += ", fold=1"
        if self.tzinfo is not None:
            s += f", tzinfo={self.tzinfo!r}"
        return f"{_tpname(self)}({s})"

    # -- arithmetic and comparison --

    def _us_since_min(self):
        return (
            ((self.toordinal() * 24 + self.hour) * 60 + self.minute) * 60 + self.second
        ) * 1000000 + self.microsecond

    def __add__(self, other):
        if not isinstance(other, timedelta):
            return NotImplemented
        us = self._us_since_min() + other._us
        days, rem = divmod(us, _US_PER_DAY)
        if not 0 < days <= _MAX_ORDINAL:
            raise OverflowError("date value out of range")
        secs, us = divmod(rem, 1000000)
        mins, secs = divmod(secs, 60)
        hours, mins = divmod(mins, 60)
        return _dt(type(self), *_ord2ymd(days), hours, mins, secs, us, self.tzinfo, 0)

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return self + _td(timedelta, -other._us)
        if not isinstance(other, datetime):
            return NotImplemented
        us = self._us_since_min() - other._us_since_min()
        if self.tzinfo is not other.tzinfo:
            off1, off2 = self.utcoffset(), other.utcoffset()
            if (off1 is None) != (off2 is None):
                raise TypeError("can't subtract offset-naive and offset-aware datetimes")
            if off1 is not None:
                us -= off1._us - off2._us
        return _td(timedelta, us)

    def _cmp(self, other, op):
        if not isinstance(other, datetime):
            if isinstance(other, date):
                if op in ("==", "!="):
                    return op == "!="
                raise TypeError(f"can't compare {_tpname(self)} to {_tpname(other)}")
            return NotImplemented
        a, b = self._us_since_min(), other._us_since_min()
        if self.tzinfo is not other.tzinfo:
            off1, off2 = self.utcoffset(), other.utcoffset()
            if (off1 is None) != (off2 is None):
                if op in ("==", "!="):
                    return op == "!="
                raise TypeError("can't compare offset-naive and offset-aware datetimes")
            if off1 is not None:
                a -= off1._us
                b -= off2._us
        return _compare(a, b, op)

    def __hash__(self):
        off = self.replace(fold=0).utcoffset() if self.fold else self.utcoffset()
        if off is None:
            return hash((self.year, self.month, self.day, self.hour, self.minute, self.second, self.microsecond))
        return hash(_td(timedelta, self._us_since_min() - off._us))

    def __reduce__(self):
        fields = (self.year, self.month, self.day, self.hour, self.minute, self.second, self.microsecond)
        return (type(self), fields + (self.tzinfo,))


def _dt(cls, year, month, day, hour, minute, second, us, tz, fold):
    return _new(cls, _DT_NAMES, year, month, day, hour, minute, second, us, tz, fold)


class timezone(tzinfo):
    """A fixed offset from UTC, with an optional name."""

    __type_name__ = "datetime.timezone"

    def __new__(cls, *args, **kwargs):
        offset, name = _parse("timezone()", ("offset", "name"), 2, args, kwargs, 1)
        if not isinstance(offset, timedelta):
            raise TypeError(f"timezone() argument 1 must be datetime.timedelta, not {_argtype(offset)}")
        if name is _MISSING:
            name = None
            if not offset._us:
                return timezone.utc
        elif not isinstance(name, str):
            raise TypeError(f"timezone() argument 2 must be str, not {_argtype(name)}")
        if not -_US_PER_DAY < offset._us < _US_PER_DAY:
            raise ValueError(
                "offset must be a timedelta strictly between -timedelta(hours=24)"
                f" and timedelta(hours=24), not {offset!r}."
            )
        return _zone(cls, offset, name)

    def __setattr__(self, name, value):
        _setattr(self, name, value, {})

    def __delattr__(self, name):
        _setattr(self, name, None, {}, True)

    def _check_dt(self, dt, what):
        if dt is not None and not isinstance(dt, datetime):
            raise TypeError(f"{what}(dt) argument must be a datetime instance or None, not {_tpname(dt)}")

    def utcoffset(self, dt):
        self._check_dt(dt, "utcoffset")
        return self._offset

    def dst(self, dt):
        self._check_dt(dt, "dst")
        return None

    def tzname(self, dt):
        self._check_dt(dt, "tzname")
        if self._name is not None:
            return self._name
        if not self._offset._us:
            return "UTC"
        return "UTC" + _format_offset(self._offset, ":")

    def fromutc(self, dt):
        if not isinstance(dt, datetime):
            raise TypeError("fromutc: argument must be a datetime")
        if dt.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        return dt + self._offset

    def __repr__(self):
        if self is timezone.utc:
            return f"{_tpname(self)}.utc"
        if self._name is None:
            return f"{_tpname(self)}({self._offset!r})"
        return f"{_tpname(self)}({self._offset!r}, {self._name!r})"

    def __str__(self):
        return self.tzname(None)

    def __eq__(self, other):
        if isinstance(other, timezone):
            return self._offset == other._offset
        return NotImplemented

    def __hash__(self):
        return hash(self._offset)

    def __reduce__(self):
        if self._name is None:
            return (type(self), (self._offset,))
        return (type(self), (self._offset, self._name))

    # As CPython's copy does through __reduce__: timezone.utc stays itself.
    def __copy__(self):
        cls, args = self.__reduce__()
        return cls(*args)

    def __deepcopy__(self, memo):
        return self.__copy__()


def _zone(cls, offset, name):
    self = object.__new__(cls)
    self.__dict__["_offset"] = offset
    self.__dict__["_name"] = name
    return self


def _local_zone(t):
    """The local zone at Unix time t, as a fixed-offset timezone named as
    time.localtime names it (what astimezone() with no zone attaches)."""
    tm = _time.localtime(t)
    return _zone(timezone, _td(timedelta, tm.tm_gmtoff * 1000000), tm.tm_zone)


_C_TYPES = (date, datetime, time, timedelta, tzinfo, timezone, IsoCalendarDate)

timezone.utc = _zone(timezone, _td(timedelta, 0), None)
timezone.min = _zone(timezone, _td(timedelta, -(_US_PER_DAY - 60000000)), None)
timezone.max = _zone(timezone, _td(timedelta, _US_PER_DAY - 60000000), None)
UTC = timezone.utc

date.min = _date(date, 1, 1, 1)
date.max = _date(date, 9999, 12, 31)
date.resolution = _td(timedelta, _US_PER_DAY)
time.min = _time_of(time, 0, 0, 0, 0, None, 0)
time.max = _time_of(time, 23, 59, 59, 999999, None, 0)
time.resolution = timedelta.resolution
datetime.min = _dt(datetime, 1, 1, 1, 0, 0, 0, 0, None, 0)
datetime.max = _dt(datetime, 9999, 12, 31, 23, 59, 59, 999999, None, 0)
datetime.resolution = timedelta.resolution

_EPOCH = _dt(datetime, 1970, 1, 1, 0, 0, 0, 0, timezone.utc, 0)
