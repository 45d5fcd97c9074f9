# Dict keys and set members of classes with their own __hash__ and __eq__:
# found by equality, as CPython finds them, not by identity.
class P:
    def __init__(self, x):
        self.x = x
    def __eq__(self, other):
        return isinstance(other, P) and self.x == other.x
    def __hash__(self):
        return hash(self.x)
    def __repr__(self):
        return f"P({self.x})"

d = {P(1): "one"}
print(P(1) in d, d[P(1)], d.get(P(1)), d.get(P(2), "none"))
d[P(1)] = "uno"
print(len(d), d)
d[P(2)] = "two"
print(d.setdefault(P(2), "x"), d.setdefault(P(3), "three"), len(d))
print(d.pop(P(3)), len(d))
del d[P(2)]
print(d, P(2) in d, P(2) not in d)
try:
    d[P(9)]
except KeyError as e:
    print("KeyError", e)
s = {P(1), P(1), P(2)}
print(len(s), P(2) in s, P(5) in s)
s.add(P(2)); s.add(P(3))
print(sorted(p.x for p in s))
s.discard(P(3)); s.remove(P(1))
print(s)
try:
    s.remove(P(7))
except KeyError as e:
    print("KeyError", e)
a, b = {P(1), P(2)}, {P(2), P(3)}
print(sorted(p.x for p in a | b), a & b, a - b, sorted(p.x for p in a ^ b))
print(a.union(b) == {P(1), P(2), P(3)}, a.issubset({P(1), P(2), P(4)}), a.isdisjoint({P(5)}))
a |= {P(1), P(9)}
print(sorted(p.x for p in a))
fs = frozenset([P(1), P(2)])
print(P(1) in fs, fs == frozenset([P(2), P(1)]), {fs: 1}[frozenset([P(2), P(1)])])
print(dict.fromkeys([P(1), P(1), P(2)], 0))
print({(P(1), 2): "t"}[(P(1), 2)])
print({P(i % 3) for i in range(10)} == {P(0), P(1), P(2)})
print({P(i % 3): i for i in range(10)})
counts = {}
for w in [P(1), P(2), P(1), P(1)]:
    counts[w] = counts.get(w, 0) + 1
print(counts)
from collections import Counter
print(Counter([P(1), P(2), P(1)]))

# equal hashes, __eq__ says no: two entries
class Same:
    def __init__(self, n):
        self.n = n
    def __hash__(self):
        return 7
    def __eq__(self, other):
        return self.n == other.n
    def __repr__(self):
        return f"Same({self.n})"
d = {Same(1): 1, Same(2): 2, Same(1): 3}
print(d, hash(Same(5)))

# __eq__ without __hash__: unhashable
class OnlyEq:
    def __eq__(self, other):
        return True
print(OnlyEq.__hash__)
for make in [lambda: {OnlyEq(): 1}, lambda: {OnlyEq()}, lambda: hash(OnlyEq()), lambda: OnlyEq() in {1: 2}]:
    try:
        make()
    except TypeError as e:
        print("TypeError:", e)

class NoHash:
    __hash__ = None
try:
    {NoHash()}
except TypeError as e:
    print("TypeError:", e)

class BadHash:
    def __hash__(self):
        return "x"
try:
    {BadHash(): 1}
except TypeError as e:
    print("TypeError:", e)

class MinusOne:
    def __hash__(self):
        return -1
print(hash(MinusOne()))

# inheriting __hash__ and __eq__
class Q(P):
    pass
print(Q(1) in {P(1)}, P(1) in {Q(1)})

# plain instances: identity
class Plain:
    pass
x = Plain()
print(x in {x}, Plain() in {x}, len({Plain(), Plain()}))

# an instance equal to an int
class Num:
    def __init__(self, n):
        self.n = n
    def __hash__(self):
        return hash(self.n)
    def __eq__(self, other):
        return self.n == other
print(Num(3) in {3: "x"}, {3: "x"}.get(Num(3)))

# __eq__ that raises
class Raises:
    def __hash__(self):
        return 1
    def __eq__(self, other):
        raise ValueError("no compare")
r = Raises()
d = {r: 1}
print(d[r])
try:
    d[Raises()]
except ValueError as e:
    print("ValueError:", e)
try:
    {Raises(), Raises()}
except ValueError as e:
    print("ValueError:", e)

# __eq__ that touches the same dict
class Meddler:
    table = {}
    def __init__(self, n):
        self.n = n
    def __hash__(self):
        return 0
    def __eq__(self, other):
        Meddler.table["seen"] = Meddler.table.get("seen", 0) + 1
        return self.n == other.n
Meddler.table[Meddler(1)] = "a"
print(Meddler(1) in Meddler.table, Meddler.table["seen"] >= 1)

# a dataclass-like class
class Pt:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, o):
        return (self.x, self.y) == (o.x, o.y) if isinstance(o, Pt) else NotImplemented
    def __hash__(self):
        return hash((self.x, self.y))
grid = {Pt(x, y): x * y for x in range(3) for y in range(3)}
print(grid[Pt(2, 2)], Pt(1, 2) in grid, len(grid), {Pt(0, 0), Pt(0, 0)} == {Pt(0, 0)})
print(Pt(1, 1) == Pt(1, 1), Pt(1, 1) != Pt(1, 2), [Pt(1, 1)].count(Pt(1, 1)))

# whole dicts and sets of such keys
print({P(1): 1, P(2): 2} == {P(2): 2, P(1): 1}, {P(1): 1} == {P(1): 2})
print(dict([(P(1), "a"), (P(1), "b")]), {**{P(1): "a"}, **{P(1): "b"}})
print(set([P(4), P(4)]), {P(4)} <= {P(4), P(5)}, {P(4)} < {P(4)})
