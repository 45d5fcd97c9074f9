# Build a list of seeded random numbers and sort it.
import random
import time

N = 600000


def build_and_sort(n):
    random.seed(2024)
    xs = [random.random() for _ in range(n)]
    ys = [random.randint(0, 999) for _ in range(n // 4)]
    xs.sort()
    ys.sort()
    return xs, ys


t0 = time.perf_counter()
xs, ys = build_and_sort(N)
t1 = time.perf_counter()
print("sorted", len(xs), "floats and", len(ys), "ints")
print("smallest", xs[0], "median", xs[len(xs) // 2], "largest", xs[-1])
print("ints: first", ys[:5], "middle", ys[len(ys) // 2], "last", ys[-5:])
print("sorted:", all(xs[i] <= xs[i + 1] for i in range(0, len(xs) - 1, 997)))
print("@ms", (t1 - t0) * 1000)
