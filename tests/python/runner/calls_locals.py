# What a plain call's new frame starts with: its arguments in the first
# locals and every other local unbound (also in a frame reused from an
# earlier call that bound them), cells for what inner functions capture,
# a closure's free variables; and values of every kind moving through
# calls and returns unchanged.


def first_time_only(a, flag):
    if flag:
        later = a * 10
    try:
        return later
    except UnboundLocalError as e:
        return "unbound: " + str(e)


# The same function twice: the second frame may be the first one reused.
print(first_time_only(4, True), "|", first_time_only(5, False))
print(first_time_only(6, False), "|", first_time_only(7, True))


def swap(a, b):
    return b, a


def three(x, y, z):
    w = x + y
    return [x, y, z, w]


print(swap(1, 2), swap("left", None), three(1, 2.5, True))


def counter(start):
    count = start

    def bump(step):
        nonlocal count
        count += step
        return count

    return bump


b1 = counter(10)
b2 = counter(100)
print(b1(1), b1(2), b2(5), b1(3))


def adder(n):
    def add(x):
        return x + n

    return add


add3 = adder(3)


def apply_twice(f, x):
    return f(f(x))


print(apply_twice(add3, 1), apply_twice(adder(-1), 0))


def echo(v):
    return v


class Box:
    def __repr__(self):
        return "Box()"


kinds = [None, True, False, 0, -1, 2**63, -(2**70), 1.5, float("inf"), "", "text",
         (1, "a"), [2, [3]], {"k": False}, {1, 2}, Box(), echo, len]
print([echo(v) for v in kinds[:-2]])
print([echo(v) is v for v in kinds])
print([type(echo(v)).__name__ for v in kinds])


def truth_chain(n, acc):
    if n == 0:
        return acc
    return truth_chain(n - 1, not acc)


print(truth_chain(7, True), truth_chain(8, True), truth_chain(300, False))


def mutual_even(n):
    if n == 0:
        return True
    return mutual_odd(n - 1)


def mutual_odd(n):
    if n == 0:
        return False
    return mutual_even(n - 1)


print(mutual_even(10), mutual_odd(10), mutual_even(501))


def deep(n):
    if n == 0:
        return 0
    return deep(n - 1) + 1


try:
    deep(100000)
except RecursionError as e:
    print("RecursionError:", e)
print("after it:", deep(200), first_time_only(8, False))
