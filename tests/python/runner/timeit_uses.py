# timeit: a callable or a string statement, Timer, repeat, autorange;
# the times themselves vary, so only their kind and count are printed.
import threading
import timeit
from concurrent.futures import ThreadPoolExecutor

calls = 0


def work():
    global calls
    calls += 1
    return sum(i * i for i in range(100))


t = timeit.timeit(work, number=50)
print(type(t).__name__, t >= 0, calls)
r = timeit.repeat(work, number=10, repeat=3)
print(len(r), all(x >= 0 for x in r), calls)
import time
print(timeit.default_timer is time.perf_counter)
print(type(timeit.default_timer()).__name__)

# Strings: compiled at run time, in timeit's namespace or with setup.
print(timeit.timeit("sum(range(10))", number=100) >= 0)
print(timeit.timeit("x.append(1)", setup="x = []", number=5) >= 0)
print(timeit.timeit("work()", setup="from __main__ import work", number=7) >= 0, calls)
print(timeit.timeit("work()", globals={"work": work}, number=3) >= 0, calls)
print(timeit.timeit("time.sleep(0)", number=2) >= 0)
print(timeit.timeit("""
total = 0
for i in range(5):
    total += i
""", number=3) >= 0)

timer = timeit.Timer(lambda: sorted(range(50, 0, -1)))
print(len(timer.repeat(repeat=2, number=5)))
n, taken = timeit.Timer("pass").autorange()
print(n >= 1, taken >= 0.2)
seen = []
timeit.Timer(work).autorange(lambda number, t: seen.append(number))
print(seen[:3])
print(timeit.Timer(work, setup=lambda: seen.clear()).timeit(number=1) >= 0, seen)

# Timing threads, as a tutorial does.
def threaded():
    ts = [threading.Thread(target=work) for _ in range(4)]
    for th in ts:
        th.start()
    for th in ts:
        th.join()


def pooled():
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: work(), range(4)))


before = calls
print(timeit.timeit(threaded, number=3) > 0, timeit.timeit(pooled, number=2) > 0, calls - before)

# Errors: what CPython raises.
for stmt in ("1 +", "return 5", 42):
    try:
        timeit.timeit(stmt, number=1)
    except (SyntaxError, ValueError) as e:
        print(type(e).__name__)
try:
    timeit.timeit("undefined_name", number=1)
except NameError as e:
    print("NameError:", e)
t = timeit.Timer("1 / 0")
try:
    t.timeit(number=1)
except ZeroDivisionError:
    t.print_exc()
timeit.timeit(lambda: [][0], number=1)
