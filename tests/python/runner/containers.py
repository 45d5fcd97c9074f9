# Lists, tuples, dicts and sets: methods, reprs, views, ordering.
nums = [5, 3, 8, 1]
nums.append(7); nums.insert(0, 9); nums.extend([2, 2]); nums.remove(2)
print(nums, nums.pop(), nums.pop(0), nums.index(8), nums.count(2), len(nums))
nums.sort(); print(nums, nums[::-1], nums[1:3], nums[-1], sorted(nums, reverse=True))
a = [[0] * 3 for _ in range(2)]; a[0][1] = 5; print(a, [1, 2] + [3], [0] * 4, (1,), (1, 2) + (3,))
d = {"b": 2, "a": 1}
d["c"] = 3; d.update({"a": 10}, d=4); d.setdefault("e", 5); d.setdefault("a", 0)
print(d, d.get("zz"), d.get("zz", -1), d.pop("e"), len(d), "a" in d)
print(d.keys(), d.values(), d.items())
keys = d.keys(); d["z"] = 26; print(keys, "z" in keys, len(keys), list(d.items())[-1])
print(sorted(d), sorted(d.items(), key=lambda kv: kv[1], reverse=True), max(d, key=d.get))
print(dict(zip("xy", [1, 2])), dict([("k", "v")]), dict(a=1), {k: v for k, v in d.items() if v > 3})
for k, v in d.items():
    print(k, v, end="; ")
print()
print({3, 1, 2}, {10, 5, 1, 20}, set([4, 4, 2]), {1, 2} | {2, 3}, {1, 2} & {2, 3}, {1, 2} - {2}, set())
print(sorted({"pear", "apple", "fig"}), {(0, 1), (1, 0)} == {(1, 0), (0, 1)}, len({1, 1.0, True}))
t = (1, "two", 3.0, None, [4], {"k": (5,)})
print(t, t[1:], t.index(3.0), list(t[:2]), tuple("ab"))
x, *rest = [1, 2, 3]; first, (second, third) = 1, (2, 3)
print(x, rest, first, second, third, [*rest, *"ab"], {**{"a": 1}, "b": 2})
print(list(range(5)), list(range(2, 10, 3)), range(3), list(enumerate("ab", start=1)), list(zip([1, 2], "ab", [True, False])))
print(any(n > 7 for n in nums), all(n > 0 for n in nums), sum(n * n for n in range(4)), min("bca"), max([], default=0))
