# Indexing and slicing strings (ASCII and not) and lists, every kind of
# bound and step, as CPython; and an exception class's __init__ called on
# the class (ValueError.__init__(self, msg)), as json's JSONDecodeError does.
words = ["threads", "héllo wörld", "", "a", "😀x😀"]
bounds = [None, -10, -3, -1, 0, 1, 2, 5, 20]
steps = [None, 1, 2, 3, -1, -2]
for s in words:
    out = []
    for a in bounds:
        for b in bounds:
            for c in steps:
                out.append(s[a:b:c])
    print(repr(s), len(out), "|".join(out)[:120], hash("|".join(out)) == hash("|".join(out)))
    print([s[i] for i in range(-len(s), len(s))])
nums = list(range(10))
for a in bounds:
    print(a, [nums[a:b:c] for b in (None, -2, 4) for c in (None, 2, -1)])
for bad in (lambda: "abc"[3], lambda: "abc"[-4], lambda: "héllo"[9], lambda: [1][1:2:0], lambda: words[0][words[3]]):
    try:
        print(bad())
    except (IndexError, ValueError, TypeError) as e:
        print(type(e).__name__, e)


class Custom(ValueError):
    def __init__(self, code, text):
        ValueError.__init__(self, f"{code}: {text}")
        self.code = code


class Plain(Exception):
    def __init__(self, *parts):
        Exception.__init__(self, *parts)


e = Custom(404, "not found")
print(e, e.args, e.code, repr(e), Plain(1, 2).args, str(Plain("x")))
raise Custom(500, "server error")
