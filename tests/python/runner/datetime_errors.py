# datetime's errors, in CPython's words: range checks, argument types,
# naive against aware, overflow, malformed ISO strings; the last one uncaught.
from datetime import date, datetime, time, timedelta, timezone

cases = [
    lambda: datetime(2024, 13, 1),
    lambda: datetime(2024, 2, 30),
    lambda: datetime(0, 1, 1),
    lambda: datetime(2024, 1, 1, 24),
    lambda: datetime(2024, 1, 1, 0, 60),
    lambda: datetime(2024, 1, 1, 0, 0, 60),
    lambda: datetime(2024, 1, 1, 0, 0, 0, 1000000),
    lambda: datetime(2024, 1, 1, fold=2),
    lambda: datetime(2024.0, 1, 1),
    lambda: datetime("2024", 1, 1),
    lambda: datetime(2024, 1),
    lambda: datetime(2024, 1, 1, tzinfo="UTC"),
    lambda: datetime(2024, 1, 1, foo=1),
    lambda: date(2024, 1, 1, 1),
    lambda: time(25),
    lambda: timedelta(days=1e9),
    lambda: timedelta(days="1"),
    lambda: timedelta.max + timedelta(microseconds=1),
    lambda: datetime(9999, 12, 31) + timedelta(days=1),
    lambda: date(1, 1, 1) - timedelta(days=1),
    lambda: datetime(2024, 1, 1) - 1,
    lambda: datetime(2024, 1, 1) + datetime(2024, 1, 1),
    lambda: timedelta(1) + 1,
    lambda: timedelta(1) / 0,
    lambda: timedelta(1) // timedelta(0),
    lambda: timedelta(1) * "x",
    lambda: datetime(2024, 1, 1) < 1,
    lambda: datetime(2024, 1, 1) < date(2024, 1, 1),
    lambda: datetime(2024, 1, 1) < datetime(2024, 1, 1, tzinfo=timezone.utc),
    lambda: datetime(2024, 1, 1) - datetime(2024, 1, 1, tzinfo=timezone.utc),
    lambda: time(1) < time(1, tzinfo=timezone.utc),
    lambda: timezone(timedelta(hours=24)),
    lambda: timezone(3600),
    lambda: datetime.fromisoformat("2024-1-2"),
    lambda: datetime.fromisoformat("2024-01-02T25:00"),
    lambda: date.fromisoformat(20240102),
    lambda: time.fromisoformat("noon"),
    lambda: date.fromisocalendar(2024, 54, 1),
    lambda: datetime(2024, 1, 1).isoformat(timespec="days"),
    lambda: datetime(2024, 1, 1).strftime(5),
    lambda: datetime.fromtimestamp("now"),
    lambda: datetime.fromtimestamp(float("nan")),
    lambda: datetime.now(timezone),
    lambda: format(timedelta(1), ">10"),
    lambda: datetime.strptime("2024-01-02", "%d/%m/%Y"),
    lambda: datetime.strptime("2024-01-02 extra", "%Y-%m-%d"),
    lambda: datetime.strptime("2024", "%Q"),
    lambda: datetime.strptime("2023-02-29", "%Y-%m-%d"),
]
for f in cases:
    try:
        print("no error:", f())
    except (TypeError, ValueError, OverflowError, ZeroDivisionError) as e:
        print(type(e).__name__ + ":", e)

d = datetime(2024, 1, 2)
for f in [lambda: setattr(d, "year", 2000), lambda: setattr(d, "hour", 1), lambda: setattr(d, "note", "x"), lambda: setattr(timedelta(1), "days", 2)]:
    try:
        f()
    except AttributeError as e:
        print("AttributeError:", e)

deadline = datetime(2024, 2, 30, 12)
