# frozenset: a set that cannot change, and so can be a dict key or a set member.
# (Sets of strings print in an order CPython picks anew each run: sorted here.)

# Making one, and what it shares with set.
primes = frozenset([7, 2, 5, 3, 5, 2])
print(primes, frozenset(), frozenset(range(4)), frozenset({(1, 2), (0, 0)}))
print(len(primes), 5 in primes, 4 in primes, 4 not in primes, bool(primes), bool(frozenset()))
print(sorted(primes, reverse=True), list(frozenset([1])), set(primes), sum(primes), max(primes))
print(sorted(frozenset("banana")), tuple(sorted(frozenset(w.lower() for w in ["Ab", "ab", "C"]))))
print(type(primes).__name__, type(primes) is frozenset, isinstance(primes, frozenset))
print(isinstance({1}, frozenset), isinstance(primes, set), repr(frozenset({2.5})), str(primes))
for p in sorted(primes):
    print(p, end=" ")
print()

# Equal to a set with the same items; order of insertion never matters.
print(primes == {2, 3, 5, 7}, {3, 2} == frozenset([2, 3]), primes != frozenset([2, 3]))
print(frozenset([1, 2]) == frozenset([2, 1]), frozenset([1]) == [1], frozenset() == set())
print(hash(frozenset([1, 2, 3])) == hash(frozenset([3, 2, 1])), hash(frozenset()))
print(hash(frozenset({1, 2})), hash(frozenset({(1, 2), -1})), hash(frozenset({frozenset({0})})))

# Hashable: a dict key, a set member. Edges of an undirected graph are the
# classic use: {a, b} is the same edge as {b, a}.
edges = {}
for a, b, w in [(1, 2, 5), (2, 3, 1), (2, 1, 9), (3, 1, 4)]:
    edges[frozenset((a, b))] = w
print(len(edges), edges[frozenset((1, 2))], edges.get(frozenset({3, 2})), frozenset({9}) in edges)
print(sorted((sorted(e), w) for e, w in edges.items()))
seen = {frozenset({1, 2}), frozenset({2, 1}), frozenset({3}), frozenset()}
print(len(seen), frozenset({3}) in seen, {3} in seen, {4} in seen, frozenset() in seen)
print({frozenset({1}), frozenset({2, 3})}, frozenset({frozenset({1}), frozenset()}))
# A set stands for its frozenset when looking one up in a set.
seen.discard({1, 2})
seen.remove(set())
print(seen, sorted([frozenset({1, 2}), frozenset({1})]), min([frozenset({4, 5}), frozenset({5})]))
memo = {}
def ways(coins, total):
    key = (coins, total)
    if key not in memo:
        if total == 0:
            memo[key] = 1
        elif total < 0 or not coins:
            memo[key] = 0
        else:
            c = min(coins)
            memo[key] = ways(coins, total - c) + ways(coins - {c}, total)
    return memo[key]
print(ways(frozenset({1, 2, 5}), 11), len(memo) > 0)

# Operators and methods: the result's type follows the left operand.
evens = frozenset({0, 2, 4, 6})
small = {0, 1, 2}
for r in (evens | small, evens & small, evens - small, evens ^ small):
    print(type(r).__name__, r)
for r in (small | evens, small & evens, small - evens, small ^ evens):
    print(type(r).__name__, r)
print(evens.union([8], (10,)), evens.intersection(range(3), [0, 2, 9]), evens.difference([0]))
print(evens.symmetric_difference([6, 7]), small.symmetric_difference(evens), evens.union())
print(evens.issubset(range(7)), evens.issuperset([2, 4]), evens.isdisjoint({1, 3}), evens.isdisjoint(small))
print(frozenset({2}) < evens, evens <= evens, evens < evens, evens >= {0, 2}, evens > frozenset())
print({0, 2} < evens, evens > {0, 2}, frozenset({1}) < {2}, frozenset({1}) > {2})
print(evens.copy() is evens, small.copy() is small, frozenset(evens) is evens, set(evens) is evens)
print(type(small.copy()).__name__, type(evens.copy()).__name__, frozenset.union(evens, [1]))

# No mutation: the methods are not there, and |= binds a new frozenset.
for name in ("add", "remove", "discard", "pop", "clear", "update"):
    try:
        getattr(evens, name)
    except AttributeError as e:
        print("AttributeError:", e)
try:
    evens.add(8)
except AttributeError as e:
    print("AttributeError:", e)
alias = evens
alias |= {8}
print(alias, evens, alias is evens, type(alias).__name__)
alias -= {0, 2}
alias &= {4, 6, 8, 100}
alias ^= frozenset({100})
print(alias, evens)
box = small
box |= {9}
box -= {0}
print(box, small, box is small)

# Items must be hashable, as for set.
for bad in ([[1, 2]], [{1}], [{"k": 1}], [(1, [2])]):
    try:
        frozenset(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    {[1]: frozenset()}
except TypeError as e:
    print("TypeError:", e)
try:
    evens | [1]
except TypeError as e:
    print("TypeError:", e)
try:
    evens < [1]
except TypeError as e:
    print("TypeError:", e)
try:
    frozenset(1)
except TypeError as e:
    print("TypeError:", e)
try:
    frozenset([1], [2])
except TypeError as e:
    print("TypeError:", e)
try:
    evens.symmetric_difference()
except TypeError as e:
    print("TypeError:", e)
