# datetime arithmetic on fixed dates: timedelta's normal form, str and repr,
# datetime ± timedelta, datetime − datetime, comparisons, hashing, sorting.
from datetime import date, datetime, time, timedelta, timezone

start = datetime(2024, 1, 2, 3, 4, 5)
end = datetime(2024, 1, 2, 5, 34, 20, 500000)
print(f"took {end - start}")
print(f"took {(end - start).total_seconds():.2f} s")
print(repr(end - start), repr(start - end))
print(str(start - end), str(timedelta(seconds=1.5)), str(timedelta(0)))
print(start + timedelta(days=30), start - timedelta(weeks=1, hours=4))
print(timedelta(hours=1) + start, date(2024, 2, 28) + timedelta(days=1), date(2023, 2, 28) + timedelta(days=1))
print(date(2024, 12, 25) - date(2024, 1, 1), (date(2024, 12, 25) - date(2024, 1, 1)).days)
print(datetime(2024, 3, 1) - datetime(2024, 2, 28, 12))

# timedelta's normal form: days, then 0 <= seconds < 86400, 0 <= microseconds < 10**6.
for td in [
    timedelta(hours=-1),
    timedelta(days=1, hours=25, minutes=61, seconds=61, milliseconds=1001, microseconds=1001),
    timedelta(weeks=2, days=-3),
    timedelta(seconds=0.5, microseconds=0.5),
    timedelta(microseconds=1.5),
    timedelta(microseconds=2.5),
    timedelta(days=0.1),
    -timedelta(microseconds=1),
]:
    print(repr(td), "|", td, "|", td.days, td.seconds, td.microseconds, td.total_seconds())

a, b = timedelta(minutes=90), timedelta(minutes=25)
print(a + b, a - b, b - a, a * 2, 3 * b, a * 0.5, a / 4, a / 7, a // 4)
print(a / b, a // b, a % b, divmod(a, b), -a, +a, abs(-a), bool(timedelta(0)))
print(a > b, a == timedelta(hours=1.5), a != b, max(a, b), min(a, b), sorted([a, b, -a]))
print(sum([a, b, b], timedelta()), timedelta(days=1) / timedelta(hours=1))

# Comparisons and hashing.
print(start < end, start == datetime(2024, 1, 2, 3, 4, 5), start != end, max(start, end))
print(date(2024, 1, 1) < date(2024, 1, 2), time(9, 30) < time(10), time(9, 30) == time(9, 30, 0, 0))
print(datetime(2024, 1, 1) == date(2024, 1, 1), date(2024, 1, 1) == datetime(2024, 1, 1))
print(sorted([datetime(2024, 5, 1), datetime(2023, 12, 31, 23), datetime(2024, 1, 1)]))
seen = {date(2024, 1, 1): "new year", date(2024, 12, 25): "christmas"}
print(seen[date(2024, 12, 25)], date(2024, 1, 1) in seen, timedelta(hours=24) in {timedelta(days=1)})
print(hash(timedelta(days=1)) == hash(timedelta(hours=24)), hash(timedelta(1, 2, 3)) == hash((1, 2, 3)))

# Aware datetimes: the same instant in two zones is equal and hashes alike.
utc_noon = datetime(2024, 6, 1, 12, tzinfo=timezone.utc)
tokyo = utc_noon.astimezone(timezone(timedelta(hours=9), "JST"))
print(tokyo, repr(tokyo), tokyo == utc_noon, hash(tokyo) == hash(utc_noon), tokyo - utc_noon)
print(utc_noon - datetime(2024, 6, 1, 12, tzinfo=timezone(timedelta(hours=-4))))
print(utc_noon.timestamp(), datetime.fromtimestamp(1717243200, timezone.utc))
print(datetime(2024, 6, 1, 12, tzinfo=timezone.utc) == datetime(2024, 6, 1, 12))

# Calendar questions.
d = date(2024, 12, 30)
print(d.weekday(), d.isoweekday(), d.isocalendar(), d.isocalendar().week, tuple(d.isocalendar()))
print(d.toordinal(), date.fromordinal(d.toordinal()), d.replace(day=1), d.timetuple().tm_yday)
print(date.fromisocalendar(2020, 53, 7), date(2021, 1, 3).isocalendar())
print(date.min, date.max, datetime.min, datetime.max, time.min, time.max)
print(repr(timedelta.min), repr(timedelta.max), repr(timedelta.resolution), repr(date.resolution))
print(datetime.max - datetime.min, datetime.min + timedelta(microseconds=1))
print(datetime.combine(date(2024, 1, 2), time(3, 4)), datetime(2024, 1, 2, 3, 4).date(), datetime(2024, 1, 2, 3, 4).time())
print(start.replace(year=2000, microsecond=7), start.replace(tzinfo=timezone.utc))
