import pprint

data = {
    "name": "threadlab",
    "workers": [{"id": i, "tasks": list(range(i * 3, i * 3 + 4)), "done": i % 2 == 0}
                for i in range(4)],
    "limits": (10, 20, 30),
    "tags": {30, 10, 20},
    "frozen": frozenset({3, 1, 2}),
    "nested": {"z": [[1, 2, [3, 4, {"deep": "value" * 3}]]], "a": ()},
    "single": ("only",),
    "empty": {},
}
pprint.pprint(data)
pprint.pprint(data, width=40)
pprint.pprint(data, width=120, sort_dicts=False)
pprint.pprint(data, depth=2)
pprint.pprint(data, indent=4, width=60)
pprint.pprint(list(range(40)), compact=True, width=50)
pprint.pprint(list(range(40)), width=50)
print(pprint.pformat({"b": 1, "a": 2}))
pprint.pp({"b": 1, "a": 2})
text = "Threads share memory, so two threads that update the same counter " * 3
pprint.pprint({"text": text, "lines": "first line\nsecond line that is also rather long\n" * 2})
pprint.pprint(text, width=30)
pprint.pprint([("a", 1)] * 12)
pprint.pprint({1: "one", "two": 2, (3,): [3]}, width=20)
pprint.pprint({"big": 12345678901, "neg": -5}, underscore_numbers=True)
loop = [1, 2]
loop.append(loop)
print(pprint.saferepr(loop).startswith("[1, 2, <Recursion on list with id="))
print(pprint.isrecursive(loop), pprint.isreadable([1, "x"]), pprint.isreadable(object()))


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


pprint.pprint({"points": [Point(i, i * i) for i in range(8)]})
for bad in (lambda: pprint.pformat(1, indent=-1), lambda: pprint.pformat(1, depth=0),
            lambda: pprint.pformat(1, width=0)):
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)
