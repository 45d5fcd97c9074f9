# The recursive-fib path (runner/fuse.rs, eval/): `if n < 2`, `n - 1` and a
# plain call of a global function, each off its fast path in turn: other
# types, big ints, an unbound local, a wrong argument count, a function
# rebound while it runs, the recursion limit, and an error several calls deep.
import sys


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


print(fib(0), fib(1), fib(2), fib(15))
print(fib(1.5), fib(True), fib(False))
# Big ints on both sides of the compare and the subtraction.
print(fib(-(2**70)))
print(fib(-9223372036854775808))


def dec(n):
    if n < 2:
        return n
    return n - 1


print(dec(9223372036854775807), dec(-9223372036854775808), dec(2**64))
print(dec(3.25), dec(True))


def bad_compare(n):
    if n < 2:
        return "small"
    return "big"


for arg in ["a", None, [1], (1,)]:
    try:
        bad_compare(arg)
    except TypeError as e:
        print("TypeError:", e)


def sub1(n):
    return n - 1


print(sub1(-1.0), sub1(2**63), sub1(-9223372036854775808), sub1(True))
for arg in ["x", None, [2]]:
    try:
        sub1(arg)
    except TypeError as e:
        print("TypeError:", e)


def unbound(flag):
    if flag:
        x = 5
    if x < 2:
        return 1
    return x - 1


print(unbound(True))
try:
    unbound(False)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)

# A wrong argument count: CPython's TypeError words.
for args in [(), (1, 2), (1, 2, 3)]:
    try:
        fib(*args)
    except TypeError as e:
        print("TypeError:", e)
try:
    fib()
except TypeError as e:
    print("TypeError:", e)
try:
    fib(1, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    fib(m=3)
except TypeError as e:
    print("TypeError:", e)


# The global rebound while the recursion runs: later calls find the new one.
def swap(n):
    global swap
    if n < 2:
        return [n]
    if n == 3:
        swap = lambda n: ["new %d" % n]
    return swap(n - 1) + swap(n - 2)


print(swap(5))
print(swap(4))


def with_default(n, step=1):
    if n < 2:
        return n
    return with_default(n - step) + with_default(n - 2, step=step)


print(with_default(10), with_default(10, 2))


def make_counter():
    calls = 0

    def counted(n):
        nonlocal calls
        calls += 1
        if n < 2:
            return n
        return counted(n - 1) + counted(n - 2)

    return counted, lambda: calls


counted, ncalls = make_counter()
print(counted(12), ncalls())


class Fib:
    def fib(self, n):
        if n < 2:
            return n
        return self.fib(n - 1) + self.fib(n - 2)


print(Fib().fib(12))


def fib_gen(n):
    if n < 2:
        yield n
        return
    for x in fib_gen(n - 1):
        yield x
    for x in fib_gen(n - 2):
        yield x


print(sum(fib_gen(12)))

# The recursion limit through the same path: RecursionError, and the
# program goes on at the depth it left.
print(sys.getrecursionlimit())


def down(n):
    if n < 0:
        return 0
    return down(n + 1) + 1


try:
    down(0)
except RecursionError as e:
    print("RecursionError:", e)
print(fib(20))

# An error five calls deep, uncaught: the traceback names every call.


def explode(n, by):
    if n < 1:
        return 10 // by
    return explode(n - 1, by) + 1


def outer(by):
    return inner(by) * 2


def inner(by):
    return explode(2, by) + 1


print(explode(3, 2), outer(5))
outer(0)
