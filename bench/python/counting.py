# A counting loop: `while i < n: i += 1` in a function.
# bench/python-runner.mjs rewrites the `N = ...` line to size it;
# lines starting with "@" are measurements, the rest must be the same in
# CPython and threadlab.
import time

N = 12000000


def count(n):
    i = 0
    while i < n:
        i += 1
    return i


t0 = time.perf_counter()
result = count(N)
t1 = time.perf_counter()
print("counted to", result)
print("@ms", (t1 - t0) * 1000)
