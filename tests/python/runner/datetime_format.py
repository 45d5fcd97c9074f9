# Formatting and parsing datetimes: strftime (glibc's directives, flags and
# widths), isoformat and fromisoformat, str, repr and format specs.
from datetime import date, datetime, time, timedelta, timezone

dt = datetime(2024, 1, 2, 3, 4, 5, 123456)
print(dt, repr(dt), f"{dt}", f"{dt!r}", "{}".format(dt), "%s" % dt)
print(dt.strftime("%Y-%m-%d %H:%M:%S"), dt.strftime("%H:%M:%S.%f"), f"{dt:%H:%M:%S}")
print(dt.strftime("%a %A %b %B %c | %d %e %j %U %W %V %G %u %w | %x %X %y %C"))
print(dt.strftime("%I:%M %p | %l %P | %D %F %T %R %r | %s | %% | %z%Z"))
print(dt.strftime("%-d/%-m/%Y %-I:%M | %_H | %^a %#b | %10Y | %Q"))
print(f"[{dt:%H:%M:%S}] worker-1: got job 3", f"{dt:%d.%m.%Y}", format(dt, ""), format(dt.date(), "%d %B %Y"))
print(dt.isoformat(), dt.isoformat(" "), dt.isoformat(timespec="seconds"), dt.isoformat(timespec="milliseconds"))
print(dt.isoformat(timespec="hours"), dt.isoformat(timespec="minutes"), dt.ctime(), dt.date().ctime())
print(repr(datetime(2024, 1, 2)), repr(datetime(2024, 1, 2, 3, 4, 0, 5)), repr(datetime(2024, 1, 2, 3, 4, 5, fold=1)))
print(repr(time(3, 4)), repr(time(3, 4, 5)), repr(time(3, 4, 5, 6)), time(3, 4), time(3, 4, 5, 6), time(12).strftime("%I %p %H:%M"))
print(repr(date(5, 1, 2)), date(5, 1, 2), date(5, 1, 2).strftime("%Y|%y|%C|%G"), datetime(99, 12, 31).ctime())

aware = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=5, minutes=30)))
print(aware, repr(aware), aware.isoformat(), aware.tzname(), aware.utcoffset(), aware.dst())
print(aware.strftime("%H:%M %z %Z"), aware.astimezone(timezone.utc), aware.timetz(), aware.timetuple())
print(datetime(2024, 1, 2, tzinfo=timezone.utc), repr(timezone.utc), str(timezone.utc), repr(timezone(-timedelta(hours=3))))
print(timezone(timedelta(hours=1), "CET"), repr(timezone(timedelta(hours=1), "CET")), timezone(timedelta(seconds=61)), timezone.min, timezone.max)
print(datetime(2024, 1, 2, tzinfo=timezone(timedelta(seconds=-1))).isoformat(), datetime(2024, 1, 2).astimezone(timezone(timedelta(hours=-8))).isoformat())

for text in [
    "2024-01-02",
    "20240102",
    "2024-W01-2",
    "2024-01-02T03:04:05",
    "2024-01-02 03:04",
    "2024-01-02T03:04:05.5",
    "2024-01-02T03:04:05,123456789",
    "2024-01-02T03:04:05Z",
    "2024-01-02T03:04:05+01:00",
    "2024-01-02T030405-0530",
    str(dt),
    aware.isoformat(),
]:
    print(text, "->", repr(datetime.fromisoformat(text)))
print(repr(date.fromisoformat("2024-01-02")), repr(time.fromisoformat("03:04:05.25")), repr(time.fromisoformat("T0304Z")))
print(datetime.fromisoformat(dt.isoformat()) == dt, datetime.fromisoformat(aware.isoformat()) == aware)

# The Unix epoch, in UTC.
print(datetime.fromtimestamp(0, timezone.utc), datetime.utcfromtimestamp(1704164645.5), datetime(2024, 1, 2, tzinfo=timezone.utc).timestamp())
print(datetime.fromtimestamp(1704164645.123456, timezone.utc), datetime.fromtimestamp(-1.5, timezone.utc))

# Reading them back: strptime (the C locale's names).
for text, fmt in [
    ("2024-01-02 03:04:05", "%Y-%m-%d %H:%M:%S"),
    ("02/01/24 3:04 PM", "%d/%m/%y %I:%M %p"),
    ("Tue Jan  2 03:04:05 2024", "%c"),
    ("tuesday, 2 JANUARY 2024", "%A, %d %B %Y"),
    ("2024-01-02T03:04:05.25+0530", "%Y-%m-%dT%H:%M:%S.%f%z"),
    ("2024 100", "%Y %j"),
    ("20240102", "%Y%m%d"),
]:
    print(repr(datetime.strptime(text, fmt)))
