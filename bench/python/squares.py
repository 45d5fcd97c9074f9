# The sum of squares through a generator expression.
import time

N = 5000000


def sum_of_squares(n):
    return sum(i * i for i in range(n))


t0 = time.perf_counter()
result = sum_of_squares(N)
t1 = time.perf_counter()
print("sum of squares below", N, "=", result)
print("@ms", (t1 - t0) * 1000)
