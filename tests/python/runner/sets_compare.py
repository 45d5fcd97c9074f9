# Sets compare by inclusion, not by order: subset and superset.
small = {2, 4}
evens = {0, 2, 4, 6}
odds = {1, 3, 5}

print("small <= evens:", small <= evens, " small < evens:", small < evens)
print("evens >= small:", evens >= small, " evens > small:", evens > small)
print("a set against itself:", evens <= evens, evens < evens, evens >= evens, evens > evens)
print("unrelated sets:", small < odds, small > odds, small <= odds, small >= odds)
print("equal contents:", {1, 2} <= {2, 1}, {1, 2} < {2, 1}, set() < {0}, set() <= set())

# The methods take any iterable.
print(small.issubset(range(10)), small.issubset([2]), evens.issuperset((0, 6)))
print(evens.issuperset(odds), odds.isdisjoint(evens), odds.isdisjoint([5, 7]))
print(set().isdisjoint(set()), set().issubset(set()), set().issuperset([]))

# Sorting sets by inclusion: the subsets first when they form a chain.
chain = [{1, 2, 3}, {1}, {1, 2}]
print(sorted(chain, key=len))
print([a < b for a, b in zip(chain, chain[1:])])

for other in ([2, 4], 7, "ab", None):
    try:
        small < other
    except TypeError as e:
        print("TypeError:", e)
    try:
        other >= small
    except TypeError as e:
        print("TypeError:", e)

try:
    small.issubset(5)
except TypeError as e:
    print("TypeError:", e)
try:
    small.isdisjoint(None)
except TypeError as e:
    print("TypeError:", e)
