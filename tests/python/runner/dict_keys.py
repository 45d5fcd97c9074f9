# Dict and set lookups by every kind of key: the same string object and an
# equal string built anew, ints that equal floats and bools, tuples,
# frozensets, None, instances (by identity), a missing key, an unhashable one.

names = ["ant", "bee", "cat"]
counts = {}
for n in names * 3:
    counts[n] = counts.get(n, 0) + 1
print(sorted(counts.items()))

# Equal strings that are different objects find the same entry.
built = "".join(["b", "e", "e"])
formatted = "%s%s" % ("ca", "t")
print(counts[built], built in counts, counts.get(formatted), formatted in counts)
counts[built] += 10
print(counts["bee"], len(counts))

# 1, 1.0 and True are one key; the first key stored is kept.
nums = {1: "int"}
nums[1.0] = "float"
nums[True] = "bool"
print(nums, 1.0 in nums, True in nums, nums.get(1.5, "no 1.5"))
nums[2.5] = "half"
print(nums[2.5], 2.5 in nums, 2 in nums, nums.get(-0.0, "no zero"))
big = 2**70
nums[big] = "big"
print(nums[2**70], float(2**70) in nums, nums.get(2**70 + 1))
near = 2**63 - 1024
print({near: "near"}.get(float(near)), {float(-(2**63)): "min"}.get(-(2**63)), float("inf") in nums)

# Tuples, frozensets and None as keys.
grid = {(0, 0): "origin", (1, (2, 3)): "nested", None: "nothing"}
print(grid[(0, 0)], grid[(1, (2, 3))], grid[None], (0, 1) in grid)
fs = {frozenset({1, 2}): "pair"}
print(fs[frozenset({2, 1})], frozenset({1}) in fs, {1, 2} in {frozenset({1, 2})})


# Instances without __eq__ are keys by identity.
class Token:
    def __init__(self, name):
        self.name = name


a, b = Token("a"), Token("a")
by_token = {a: 1}
print(a in by_token, b in by_token, by_token.get(b, "other token"))

# Missing keys.
try:
    counts["dog"]
except KeyError as e:
    print("KeyError", e, repr(e.args[0]))
try:
    nums[(1, 2)]
except KeyError as e:
    print("KeyError", e)
print(counts.get("dog"), counts.pop("dog", "not there"), counts.pop("ant"))
del counts["cat"]
print(counts, "cat" in counts, "cat" in counts.keys(), "bee" in counts.keys())
try:
    del counts["cat"]
except KeyError as e:
    print("KeyError on del", e)

# Sets use the same keys.
seen = {"x", 3, (4, 5)}
print("x" in seen, "".join(["x"]) in seen, 3.0 in seen, (4, 5) in seen, "y" in seen)
print(3 in frozenset(seen), "z" in frozenset(seen))

# Unhashable keys.
for probe in (lambda: [1] in counts, lambda: counts.get([1]), lambda: counts[{}],
              lambda: {1: 2}[(1, [2])], lambda: [1] in seen, lambda: seen.add({})):
    try:
        probe()
    except TypeError as e:
        print("TypeError", e)

# A dict counting in a loop: get() with and without a default, += and in.
tally = {}
for i in range(300):
    w = names[i % 3]
    tally[w] = tally.get(w, 0) + 1
    r = i % 7
    if r in tally:
        tally[r] += 1
    else:
        tally[r] = 1
print(sorted(tally.items(), key=str))
print(tally.get(3), tally.get(99), tally.get("ant", -1))
for probe in (lambda: tally.get(), lambda: tally.get(1, 2, 3), lambda: dict.get(tally, "bee"),
              lambda: dict.get(tally), lambda: dict.get([], 1)):
    try:
        print(probe())
    except TypeError as e:
        print("TypeError", e)
getter = tally.get
print(getter("cat"), getter("cow", "no cow"), [tally.get(k, 0) for k in (0, "x", 6)])
print(tally[[0]])
