# `x op= y` on operands that do not support it: CPython names the
# augmented operator (`+=`, `|=`, ...) in its TypeError, not the plain one,
# and some in-place forms fail differently from their binary twins
# (`lst += 1` iterates; `a_set *= lst` has no repeat to fall back on).


def iadd(x, y):
    x += y
    return x


def isub(x, y):
    x -= y
    return x


def imul(x, y):
    x *= y
    return x


def idiv(x, y):
    x /= y
    return x


def ifloordiv(x, y):
    x //= y
    return x


def imod(x, y):
    x %= y
    return x


def ipow(x, y):
    x **= y
    return x


def ilshift(x, y):
    x <<= y
    return x


def irshift(x, y):
    x >>= y
    return x


def iand(x, y):
    x &= y
    return x


def ior(x, y):
    x |= y
    return x


def ixor(x, y):
    x ^= y
    return x


IN_PLACE = [iadd, isub, imul, idiv, ifloordiv, imod, ipow, ilshift, irshift, iand, ior, ixor]
BINARY = {
    "iadd": lambda x, y: x + y,
    "isub": lambda x, y: x - y,
    "imul": lambda x, y: x * y,
    "ipow": lambda x, y: x ** y,
    "ior": lambda x, y: x | y,
    "iand": lambda x, y: x & y,
}


class Plain:
    pass


class Declines:
    # An in-place method that says "not me": Python falls back to `+`,
    # which this class does not have either.
    def __iadd__(self, other):
        return NotImplemented

    def __ior__(self, other):
        return NotImplemented


class Adds:
    def __init__(self, n):
        self.n = n

    def __add__(self, other):
        if isinstance(other, int):
            return Adds(self.n + other)
        return NotImplemented

    def __repr__(self):
        return f"Adds({self.n})"


def attempt(f, x, y):
    try:
        return f"{f(x, y)!r}"
    except TypeError as e:
        return f"TypeError: {e}"
    except ZeroDivisionError as e:
        return f"ZeroDivisionError: {e}"


PAIRS = [
    (1, "a"),
    ("a", 1),
    (2.5, 2),
    (None, 1),
    (3, None),
    ([1], 1),
    ((1,), [2]),
    ({1}, [1]),
    (frozenset([1]), [1]),
    ({"k": 1}, {"j": 2}),
    ({"k": 1}, [("j", 2)]),
    (Plain(), 1),
    (Declines(), 1),
    (Adds(1), 2),
    (Adds(1), "x"),
]

for x, y in PAIRS:
    print(f"--- {type(x).__name__} with {type(y).__name__}")
    for f in IN_PLACE:
        print(f"  {f.__name__:9} {attempt(f, x, y)}")

print("--- the binary forms keep their own words")
for name, g in BINARY.items():
    for x, y in [(1, "a"), (None, 2), ({1}, [1]), (frozenset([2]), (2,))]:
        print(f"  {name[1:]:5} {type(x).__name__:9} {attempt(g, x, y)}")

# A frozenset's |= with a list, inside a loop that builds one up: the
# mistake that started this program.
seen = frozenset()
try:
    for batch in ([1, 2], [2, 3]):
        seen |= batch
except TypeError as e:
    print("building a frozenset:", e)
for batch in ([1, 2], [2, 3]):
    seen |= frozenset(batch)
print("with frozenset(batch):", sorted(seen))

# The in-place forms that do work, for contrast.
names = ["a"]
names += ("b", "c")
names *= 2
tags = {"x"}
tags |= {"y"}
tags -= {"x"}
tags ^= {"z", "y"}
tags &= {"z", "w"}
total = Adds(1)
total += 5
print(names, sorted(tags), total)

# `d |= pairs` changes the dict itself (another name sees it) and takes
# whatever `d.update` takes.
settings = {"a": 1}
alias = settings
settings |= [("b", 2)]
settings |= {"a": 3}
print(alias, alias is settings)


class Meter:
    # Every in-place operator has its own method; this one keeps the object.
    def __init__(self, v):
        self.v = v

    def __itruediv__(self, k):
        self.v = self.v / k
        return self

    def __ixor__(self, k):
        self.v = -self.v
        return self


m = Meter(9)
same = m
m /= 2
m ^= None
print(m.v, m is same)

# Uncaught, as the traceback shows it.
counter = 0
counter += "1"
