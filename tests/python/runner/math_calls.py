# math's functions of one number, called the way loops call them, with
# every kind of argument and every error; and module attributes that
# change under a loop that reads them.
import math
import random
import time

total = 0.0
for i in range(1, 200):
    x = i * 0.01
    total += math.sqrt(x) * math.sin(x) + math.cos(x) - math.exp(-x) + math.log10(x)
print("%.9f" % total)

# Ints, bools and big ints are converted as CPython converts them.
print(math.sqrt(16), math.sqrt(True), math.sqrt(2**80), math.sqrt(0), math.sqrt(-0.0))
print(math.fabs(-3), math.degrees(math.pi), math.radians(180) == math.pi, math.tanh(0))
print(math.sqrt(float("inf")), math.sqrt(float("nan")), math.atan(float("inf")))


def attempt(f, *args):
    try:
        return f(*args)
    except (ValueError, TypeError, OverflowError) as e:
        return type(e).__name__ + ": " + str(e)


for bad in (-1, -1e-300, float("-inf")):
    print(attempt(math.sqrt, bad))
for bad in ("4", None, [4], (4,)):
    print(attempt(math.sqrt, bad), attempt(math.sin, bad))
print(attempt(math.sin, float("inf")), attempt(math.exp, 1000), attempt(math.log2, 0.0))
print(attempt(math.acos, 2), attempt(math.cosh, 1e6), attempt(math.sqrt))
print(attempt(math.log10, 0), attempt(math.log2, -2.0), math.degrees(1e308), math.radians(1e308))
print(attempt(math.floor), attempt(math.isnan), attempt(math.fsum), attempt(math.factorial))
print(attempt(math.sqrt, 1, 2), attempt(math.sin, 1, 2))
print(attempt(lambda: math.sqrt(-4)), attempt(lambda: math.tan("x")))

# The same call site with a replaced function, then the original again.
original = math.sqrt


def halve(x):
    return x / 2


def root_of(x):
    return math.sqrt(x)


print([root_of(v) for v in (4, 9)])
math.sqrt = halve
print([root_of(v) for v in (4, 9)])
math.sqrt = original
print([root_of(v) for v in (4, 9)])
del math.sqrt
try:
    root_of(4)
except AttributeError as e:
    print("AttributeError:", e)
math.sqrt = original


# One attribute site, different modules: each has its own slots.
def name_of(m):
    return m.__name__


def root_in(m):
    try:
        return m.sqrt(16)
    except AttributeError as e:
        return str(e)


print([name_of(m) for m in (math, random, time, math)])
print([root_in(m) for m in (math, random, time, math)])


# Bound methods with one argument and a callable object are not module
# functions: they keep their own way.
class Scaler:
    def __init__(self, k):
        self.k = k

    def sqrt(self, x):
        return self.k * x


s = Scaler(3)
words = []
for w in ("a", "b"):
    words.append(w)
print(s.sqrt(4), words, "abca".count("a"), {1: 2}.get(1))
f = math.sqrt
print(f(25), list(map(math.sqrt, [1, 4])))

# Imported by name and called bare (`sqrt(x)`), the same entry as above:
# every kind of argument, the errors, and a name rebound between calls.
from math import sqrt, sin, floor

bare = 0.0
for i in range(1, 150):
    bare += sqrt(i * 0.5) - sin(i)
print("%.9f" % bare, sqrt(9), sqrt(True), sqrt(2**90), floor(2.5), floor(-2.5))
for bad in (-2, "9", None, [1.0]):
    print(attempt(lambda: sqrt(bad)), attempt(lambda: sin(bad)))
print(attempt(lambda: sqrt()), attempt(lambda: sqrt(1, 2)))
results = []
for k in range(4):
    if k == 2:
        sqrt = abs
    results.append(sqrt(-16 if k >= 2 else 16))
print(results)
print(math.sqrt(-9))
