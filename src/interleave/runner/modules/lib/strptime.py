"""_strptime for threadlab: what datetime.strptime reads, as CPython's
_strptime does in the C locale (English names, case ignored).

CPython turns the format into a regular expression (case-insensitive, a run
of whitespace matching any run of it) and matches it once. There is no re
here: each directive lists what it may match, in the order of preference of
CPython's expression, and _match backtracks as the expression would."""

import time as _time
from datetime import date

_FULL_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_FULL_MONTHS = [
    "",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_SHORT_DAYS = [d[:3] for d in _FULL_DAYS]
_SHORT_MONTHS = [m[:3] for m in _FULL_MONTHS]

# The alternatives of each numeric directive's expression, in order.
_NUMERIC = {
    "d": ("3[01]", "[12]D", "0[1-9]", "[1-9]", " [1-9]"),
    "H": ("2[0-3]", "[01]D", "D"),
    "I": ("1[0-2]", "0[1-9]", "[1-9]"),
    "G": ("DDDD",),
    "j": ("36[0-6]", "3[0-5]D", "[12]DD", "0[1-9]D", "00[1-9]", "[1-9]D", "0[1-9]", "[1-9]"),
    "m": ("1[0-2]", "0[1-9]", "[1-9]"),
    "M": ("[0-5]D", "D"),
    "S": ("6[01]", "[0-5]D", "D"),
    "U": ("5[0-3]", "[0-4]D", "D"),
    "W": ("5[0-3]", "[0-4]D", "D"),
    "w": ("[0-6]",),
    "u": ("[1-7]",),
    "V": ("5[0-3]", "0[1-9]", "[1-4]D", "D"),
    "y": ("DD",),
    "Y": ("DDDD",),
}
_COMPOSITE = {"c": "%a %b %d %H:%M:%S %Y", "x": "%m/%d/%y", "X": "%H:%M:%S"}


def _fits(text, pos, pattern):
    """Whether the fixed-length pattern (D: a digit, [a-b]: a range,
    [ab]: either) matches at pos; its length, or -1."""
    i = 0
    start = pos
    while i < len(pattern):
        if pos >= len(text):
            return -1
        c = text[pos]
        p = pattern[i]
        if p == "D":
            ok = "0" <= c <= "9"
            i += 1
        elif p == "[":
            end = pattern.index("]", i)
            spec = pattern[i + 1 : end]
            if len(spec) == 3 and spec[1] == "-":
                ok = spec[0] <= c <= spec[2]
            else:
                ok = c in spec
            i = end + 1
        else:
            ok = c == p
            i += 1
        if not ok:
            return -1
        pos += 1
    return pos - start


def _zone_names():
    names = {"utc", "gmt", _time.tzname[0].lower()}
    if _time.daylight:
        names.add(_time.tzname[1].lower())
    return sorted(names, key=len, reverse=True)


def _tokens(fmt, whole):
    """The format as tokens: ("lit", c), ("space",), or (directive,)."""
    out = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c == "%":
            if i + 1 >= len(fmt):
                raise ValueError(f"stray % in format '{whole}'")
            d = fmt[i + 1]
            if d in _COMPOSITE:
                out.extend(_tokens(_COMPOSITE[d], whole))
            elif d in _NUMERIC or d in "fzZaAbBp%":
                out.append((d,))
            else:
                raise ValueError(f"'{'%' if d.isspace() else d}' is a bad directive in format '{whole}'")
            i += 2
        elif c.isspace():
            while i < len(fmt) and fmt[i].isspace():
                i += 1
            out.append(("space",))
        else:
            out.append(("lit", c))
            i += 1
    return out


def _names_at(text, pos, names):
    low = text[pos:].lower()
    return [len(n) for n in sorted(names, key=len, reverse=True) if n and low.startswith(n)]


def _z_lengths(text, pos):
    """What (?P<z>[+-]dd:?[0-5]d(:?[0-5]d(.d{1,6})?)?|Z) may match, longest first."""
    if text[pos : pos + 1] == "Z":
        return [1]
    if text[pos : pos + 1] not in ("+", "-") or _fits(text, pos + 1, "DD") < 0:
        return []
    p = pos + 3
    if text[p : p + 1] == ":":
        p += 1
    if _fits(text, p, "[0-5]D") < 0:
        return []
    p += 2
    out = []
    q = p + (text[p : p + 1] == ":")
    if _fits(text, q, "[0-5]D") >= 0:
        q += 2
        if text[q : q + 1] == ".":
            n = 0
            while n < 6 and "0" <= text[q + 1 + n : q + 2 + n] <= "9":
                n += 1
            out.extend(q + 1 + k - pos for k in range(n, 0, -1))
        out.append(q - pos)
    out.append(p - pos)
    return out


def _lengths(token, text, pos):
    """What a token may match at pos, in the expression's order."""
    kind = token[0]
    if kind == "lit":
        return [1] if text[pos : pos + 1].lower() == token[1].lower() else []
    if kind == "space":
        n = 0
        while pos + n < len(text) and text[pos + n].isspace():
            n += 1
        return list(range(n, 0, -1))
    if kind in _NUMERIC:
        out = []
        for alt in _NUMERIC[kind]:
            n = _fits(text, pos, alt)
            if n > 0:
                out.append(n)
        return out
    if kind == "f":
        n = 0
        while n < 6 and "0" <= text[pos + n : pos + n + 1] <= "9":
            n += 1
        return list(range(n, 0, -1))
    if kind == "z":
        return _z_lengths(text, pos)
    if kind == "%":
        return [1] if text[pos : pos + 1] == "%" else []
    names = {
        "a": _SHORT_DAYS,
        "A": _FULL_DAYS,
        "b": _SHORT_MONTHS,
        "B": _FULL_MONTHS,
        "p": ["am", "pm"],
    }.get(kind)
    return _names_at(text, pos, names if names is not None else _zone_names())


def _match(tokens, i, text, pos, found):
    """Where the match of tokens[i:] from pos ends (found filled), or -1."""
    if i == len(tokens):
        return pos
    token = tokens[i]
    for n in _lengths(token, text, pos):
        end = _match(tokens, i + 1, text, pos + n, found)
        if end >= 0:
            if token[0] not in ("lit", "space", "%"):
                found[token[0]] = text[pos : pos + n]
            return end
    return -1


def _julian_from_week(year, week, weekday, starts_monday):
    first_weekday = date(year, 1, 1).weekday()
    if not starts_monday:
        first_weekday = (first_weekday + 1) % 7
        weekday = (weekday + 1) % 7
    week_0_length = (7 - first_weekday) % 7
    if week == 0:
        return 1 + weekday - first_weekday
    return 1 + week_0_length + 7 * (week - 1) + weekday


def _strptime(text, fmt="%a %b %d %H:%M:%S %Y"):
    """CPython's _strptime: the fields of text read as fmt, as
    (year, month, day, hour, minute, second, weekday, julian, isdst, zone
    name, gmtoff), then the microseconds and those of gmtoff."""
    for i, arg in enumerate((text, fmt)):
        if not isinstance(arg, str):
            raise TypeError(f"strptime() argument {i} must be str, not {type(arg)!r}")
    tokens = _tokens(fmt, fmt)
    found = {}
    end = _match(tokens, 0, text, 0, found)
    if end < 0:
        raise ValueError(f"time data {text!r} does not match format {fmt!r}")
    if end != len(text):
        raise ValueError(f"unconverted data remains: {text[end:]}")
    iso_year = year = None
    month = day = 1
    hour = minute = second = fraction = 0
    gmtoff = None
    gmtoff_fraction = 0
    isdst = -1
    iso_week = week = week_start = weekday = julian = None
    for key, value in found.items():
        if key == "y":
            year = int(value)
            year += 2000 if year <= 68 else 1900
        elif key == "Y":
            year = int(value)
        elif key == "G":
            iso_year = int(value)
        elif key == "m":
            month = int(value)
        elif key == "B":
            month = _FULL_MONTHS.index(value.lower())
        elif key == "b":
            month = _SHORT_MONTHS.index(value.lower())
        elif key == "d":
            day = int(value)
        elif key == "H":
            hour = int(value)
        elif key == "I":
            hour = int(value)
            ampm = found.get("p", "").lower()
            if ampm in ("", "am"):
                if hour == 12:
                    hour = 0
            elif hour != 12:
                hour += 12
        elif key == "M":
            minute = int(value)
        elif key == "S":
            second = int(value)
        elif key == "f":
            fraction = int(value + "0" * (6 - len(value)))
        elif key == "A":
            weekday = _FULL_DAYS.index(value.lower())
        elif key == "a":
            weekday = _SHORT_DAYS.index(value.lower())
        elif key == "w":
            weekday = (int(value) + 6) % 7
        elif key == "u":
            weekday = int(value) - 1
        elif key == "j":
            julian = int(value)
        elif key in ("U", "W"):
            week = int(value)
            week_start = 6 if key == "U" else 0
        elif key == "V":
            iso_week = int(value)
        elif key == "z":
            if value == "Z":
                gmtoff = 0
            else:
                z = value
                if z[3] == ":":
                    z = z[:3] + z[4:]
                    if len(z) > 5:
                        if z[5] != ":":
                            raise ValueError(f"Inconsistent use of : in {value}")
                        z = z[:5] + z[6:]
                gmtoff = int(z[1:3]) * 3600 + int(z[3:5]) * 60 + int(z[5:7] or 0)
                rest = z[8:]
                gmtoff_fraction = int(rest + "0" * (6 - len(rest)))
                if z.startswith("-"):
                    gmtoff, gmtoff_fraction = -gmtoff, -gmtoff_fraction
        elif key == "Z":
            zone = value.lower()
            std = {"utc", "gmt", _time.tzname[0].lower()}
            # Names alike with summer time: which one is meant is unknown.
            ambiguous = _time.tzname[0] == _time.tzname[1] and _time.daylight and zone not in ("utc", "gmt")
            if zone in std and not ambiguous:
                isdst = 0
            elif _time.daylight and zone == _time.tzname[1].lower() and not ambiguous:
                isdst = 1
    if year is None and iso_year is not None:
        if iso_week is None or weekday is None:
            raise ValueError(
                "ISO year directive '%G' must be used with the ISO week directive '%V' "
                "and a weekday directive ('%A', '%a', '%w', or '%u')."
            )
        if julian is not None:
            raise ValueError(
                "Day of the year directive '%j' is not compatible with ISO year "
                "directive '%G'. Use '%Y' instead."
            )
    elif week is None and iso_week is not None:
        if weekday is None:
            raise ValueError(
                "ISO week directive '%V' must be used with the ISO year directive '%G' "
                "and a weekday directive ('%A', '%a', '%w', or '%u')."
            )
        raise ValueError(
            "ISO week directive '%V' is incompatible with the year directive '%Y'. "
            "Use the ISO year '%G' instead."
        )
    leap_year_fix = year is None and month == 2 and day == 29
    if year is None:
        year = 1904 if leap_year_fix else 1900
    if julian is None and weekday is not None:
        if week is not None:
            julian = _julian_from_week(year, week, weekday, week_start == 0)
        elif iso_year is not None and iso_week is not None:
            d = date.fromisocalendar(iso_year, iso_week, weekday + 1)
            year, julian = d.year, d.timetuple().tm_yday
        if julian is not None and julian <= 0:
            year -= 1
            julian += 366 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 365
    if julian is None:
        julian = date(year, month, day).timetuple().tm_yday
    else:
        d = date.fromordinal(date(year, 1, 1).toordinal() + julian - 1)
        year, month, day = d.year, d.month, d.day
    if weekday is None:
        weekday = date(year, month, day).weekday()
    if leap_year_fix:
        year = 1900
    fields = (year, month, day, hour, minute, second, weekday, julian, isdst, found.get("Z"), gmtoff)
    return fields, fraction, gmtoff_fraction


def _strptime_time(data_string, format="%a %b %d %H:%M:%S %Y"):
    """time.strptime: a struct_time."""
    return _time.struct_time(_strptime(data_string, format)[0])
