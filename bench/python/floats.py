# A float loop through math.sqrt and math.sin.
import math
import time

N = 3000000


def wave(n):
    total = 0.0
    for i in range(n):
        x = i * 0.001
        total += math.sqrt(x) * math.sin(x)
    return total


t0 = time.perf_counter()
result = wave(N)
t1 = time.perf_counter()
# Nine significant digits: a libm's sin may differ from another's in the
# last bit now and then, which the last digits of a long sum would show.
print("sum of sqrt(x)*sin(x) = %.9g" % result)
print("@ms", (t1 - t0) * 1000)
