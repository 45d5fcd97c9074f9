# A recursive Fibonacci: Python calls and returns (depth N, ~1.6^N calls).
import time

N = 30


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


t0 = time.perf_counter()
result = fib(N)
t1 = time.perf_counter()
print("fib(%d) = %d" % (N, result))
print("@ms", (t1 - t0) * 1000)
