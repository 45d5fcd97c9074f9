# Counting in a dict, the two idioms the interpreter runs as one step
# (runner/fuse_dict.rs): `d[k] += c` and `d[k] = d.get(k, c0) + c`, and
# `k in d`, `d[k]`, `lst[i]`. Each case below is one the fast path takes or
# one it must leave to the general path, which then behaves as CPython.
from collections import Counter, defaultdict


def tally_words(words, rounds):
    by_word = {}
    by_len = {}
    for _ in range(rounds):
        for w in words:
            by_word[w] = by_word.get(w, 0) + 1
            n = len(w)
            if n in by_len:
                by_len[n] += 1
            else:
                by_len[n] = 1
    return by_word, by_len


def other_operators():
    d = {"a": 10, "b": 2.5, 3: 7}
    d["a"] -= 3
    d["a"] *= 2
    d["b"] += 1
    d["b"] /= 2
    d[3] //= 2
    d[3] %= 2
    d["a"] = d.get("a", 0) - 4
    d["c"] = d.get("c", 1.5) * 2
    return d


def equal_numbers_as_keys():
    d = {1: 10}
    d[1.0] += 1
    d[True] += 1
    d[1] = d.get(1.0, 0) + 1
    d[True] = d.get(True, 0) + 1
    print("one key:", d, [type(k).__name__ for k in d])
    print(1 in d, 1.0 in d, True in d, 2 in d, 1.5 not in d)
    d[1.5] = d.get(1.5, 0) + 1
    d[0] = d.get(False, 0) + 1
    d[False] += 1
    print(d, [type(k).__name__ for k in d])
    e = {}
    e[2.0] = e.get(2, 0) + 1
    e[2] += 1
    e[None] = e.get(None, 0) + 1
    e[None] += 1
    print(e, None in e, "x" in e)
    return d[1], d[1.0], d[True], d[0.0]


def leaving_the_fast_path():
    d = {"big": 2**63 - 1, "s": "ab", "l": [1], "neg": -(2**63)}
    d["big"] += 1
    d["big"] += 1
    d["neg"] -= 1
    d["s"] += "c"
    d["l"] += [2]
    d["s"] = d.get("s", "") + "d"
    d["t"] = d.get("t", "") + "x"
    d["big"] = d.get("big", 0) + 1
    d["f"] = d.get("f", 0) + 0.5
    lst = [5, 6, 7]
    print(lst[0], lst[-1], lst[-3], d["s"], d["l"])
    try:
        d["s"] = d.get("s", 0) + 1
    except TypeError as e:
        print("TypeError:", e)
    try:
        d["missing"] += 1
    except KeyError as e:
        print("KeyError:", repr(e), e.args)
    try:
        d[2.5] += 1
    except KeyError as e:
        print("KeyError:", repr(e))
    try:
        print(lst[3])
    except IndexError as e:
        print("IndexError:", e)
    try:
        print(lst[-4])
    except IndexError as e:
        print("IndexError:", e)
    try:
        print([1] in d)
    except TypeError as e:
        print("TypeError:", e)
    try:
        d[[1]] = d.get([1], 0) + 1
    except TypeError as e:
        print("TypeError:", e)
    return d


class P:
    def __init__(self, x):
        self.x = x

    def __hash__(self):
        return hash(self.x)

    def __eq__(self, other):
        print("  __eq__", self.x, "==", getattr(other, "x", other))
        if isinstance(other, P):
            return self.x == other.x
        return self.x == other


def user_class_keys():
    d = {}
    a, b = P(1), P(1)
    d[a] = d.get(a, 0) + 1
    d[b] = d.get(b, 0) + 1
    d[b] += 1
    print("P keys:", len(d), d[a], b in d, P(2) in d)
    n = {1: 100}
    n[P(1)] += 1
    n[P(1)] = n.get(P(1), 0) + 1
    print("P(1) on an int key:", n, P(1) in n)


class Box:
    """Not a dict: its own `get` and item methods run."""

    def __init__(self):
        self.items = {}

    def get(self, k, default):
        print("  Box.get", k)
        return self.items.get(k, default) + 100

    def __getitem__(self, k):
        return self.items[k]

    def __setitem__(self, k, v):
        print("  Box[", k, "] =", v)
        self.items[k] = v

    def __contains__(self, k):
        return k in self.items


def not_dicts():
    b = Box()
    b["x"] = b.get("x", 0) + 1
    b["x"] += 1
    print("Box:", b.items, "x" in b)
    dd = defaultdict(int)
    c = Counter()
    for w in "abracadabra":
        dd[w] += 1
        c[w] = c.get(w, 0) + 1
    print(sorted(dd.items()), sorted(c.items()))


def rebinding(d):
    # The dict a run uses is the one the local names at that moment.
    first = d
    for i in range(3):
        d[i] = d.get(i, 0) + 1
        d[i] += 10
        d = {} if i == 1 else d
    return first, d


def count_missing(d, keys):
    for k in keys:
        d[k] += 1
    return d


words = ["apple", "fig", "kiwi", "plum", "fig", "apple", "date"]
by_word, by_len = tally_words(words, 3)
print(by_word)
print(by_len)
print(other_operators())
print(equal_numbers_as_keys())
print(leaving_the_fast_path())
user_class_keys()
not_dicts()
print(rebinding({}))
print(count_missing({"a": 0, 1: 0}, ["a", 1, 1.0, True, "a"]))
count_missing({"a": 0}, ["a", "b"])
