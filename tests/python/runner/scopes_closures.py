# global, nonlocal, closures, default arguments, lambdas.
counter = 0


def bump(by=1):
    global counter
    counter += by
    return counter


def make_counter(start=0):
    count = start

    def inc():
        nonlocal count
        count += 1
        return count
    return inc


def make_multipliers():
    return [lambda x, k=k: x * k for k in range(4)]


def late_binding():
    return [lambda x: x * k for k in range(4)]


bump(); bump(5)
c1, c2 = make_counter(), make_counter(10)
print(counter, c1(), c1(), c2(), [m(2) for m in make_multipliers()], [m(2) for m in late_binding()])


def outer():
    x = "outer"

    def middle():
        def inner():
            return x
        return inner()
    return middle()


print(outer(), (lambda *a, **k: (a, k))(1, b=2), sorted([(1, "b"), (0, "z")], key=lambda p: p[1]))


def accumulate(item, into=None):
    if into is None:
        into = []
    into.append(item)
    return into


print(accumulate(1), accumulate(2))
try:
    def broken():
        print(undefined_name)
    broken()
except NameError as e:
    print("NameError:", e)
try:
    def local_before():
        print(total)
        total = 1
    local_before()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
