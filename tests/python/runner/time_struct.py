# time's calendar: gmtime of fixed times, struct_time (a 9-tuple with named
# fields), strftime and asctime of struct_times and tuples, mktime, ctime.
import time

st = time.gmtime(1704164645)
print(st)
print(st.tm_year, st.tm_mon, st.tm_mday, st.tm_hour, st.tm_min, st.tm_sec, st.tm_wday, st.tm_yday, st.tm_isdst)
print(st.tm_zone, st.tm_gmtoff, st[0], st[-1], st[1:3], len(st), tuple(st), list(st)[:3])
year, month, day, *rest = st
print(year, month, day, rest, st == tuple(st), st < time.gmtime(1704164646), hash(st) == hash(tuple(st)))
print(time.gmtime(0), time.gmtime(-1.5))
print(time.gmtime(951782400), time.gmtime(4107542400)[:3])
print(time.strftime("%Y-%m-%d %H:%M:%S", st), time.strftime("%a, %d %b %Y %H:%M:%S %z", st))
print(time.strftime("%c | %x | %X | %j | %U %W %V | %Z", st))
print(time.strftime("%Y-%m-%d", (2024, 7, 4, 0, 0, 0, 3, 186, 0)), time.strftime("%A %B", (2024, 7, 4, 0, 0, 0, 3, 186, 0)))
print(time.strftime("%H:%M", (2024, 0, 0, 9, 5, 0, 0, 0, 0)))
print(time.asctime(st), time.asctime((2024, 7, 4, 12, 0, 0, 3, 186, 0)))
print(time.struct_time((2024, 1, 2, 3, 4, 5, 1, 2, 0)), time.struct_time((2024, 1, 2, 3, 4, 5, 1, 2, 0)).tm_zone)
print(time.struct_time.n_fields, time.struct_time.n_sequence_fields, time.struct_time)
print(time.strptime("2024-01-02 03:04:05", "%Y-%m-%d %H:%M:%S"), time.strptime("Tue Jan  2 03:04:05 2024")[:3])

# Local time: the runner's is UTC natively (the browser's is the user's).
print(time.localtime(1704164645), time.ctime(1704164645), time.mktime(time.localtime(1704164645)))
print(time.mktime((2024, 1, 2, 3, 4, 5, 0, 0, -1)), time.mktime((2024, 13, 1, 0, 0, 0, 0, 0, 0)))
print(time.timezone, time.altzone, time.daylight, time.tzname, time.localtime(0).tm_zone)

# Clocks: what they return, not when.
print(type(time.time()), type(time.time_ns()), type(time.perf_counter_ns()), type(time.monotonic_ns()))
print(type(time.thread_time()), time.thread_time() >= 0, type(time.thread_time_ns()))
print(abs(time.time_ns() / 1e9 - time.time()) < 1, time.strftime("%Y") >= "2024", time.localtime().tm_year >= 2024)

for bad in [
    lambda: time.strftime("%Y", (2024, 13, 1, 0, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2024, 1, 1, 24, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2024, 1, 2)),
    lambda: time.strftime("%Y", "2024"),
    lambda: time.strftime(2024),
    lambda: time.mktime((2024, 1, 2, 3, 4, 5.5, 0, 0, 0)),
    lambda: time.gmtime("now"),
    lambda: time.gmtime(float("nan")),
    lambda: time.gmtime(1e20),
    lambda: time.struct_time((1, 2, 3)),
    lambda: time.asctime((2024, 1, 1, 0, 60, 0, 0, 1, 0)),
]:
    try:
        bad()
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__ + ":", e)
try:
    st.tm_year = 2000
except AttributeError as e:
    print("AttributeError:", e)
