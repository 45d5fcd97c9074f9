# The messages of common errors, caught and printed.
import math

cases = [
    lambda: 1 / 0,
    lambda: 1 % 0,
    lambda: [1, 2][5],
    lambda: {"a": 1}["b"],
    lambda: int("abc"),
    lambda: float("x"),
    lambda: "a" + 1,
    lambda: 1 + "a",
    lambda: len(5),
    lambda: None.attr,
    lambda: undefined_name,
    lambda: [].pop(),
    lambda: math.sqrt(-1),
    lambda: [1, 2].index(9),
    lambda: "abc".index("z"),
    lambda: (1, 2)[3],
    lambda: int(None),
    lambda: {}.popitem(),
    lambda: set().pop(),
    lambda: next(iter([])),
    lambda: "x" * "y",
    lambda: sorted([1, "a"]),
    lambda: tuple(5),
    lambda: "{} {}".format(1),
    lambda: abs("s"),
]
for i, case in enumerate(cases):
    try:
        case()
    except Exception as e:
        print(i, type(e).__name__, e)


class InsufficientFunds(Exception):
    def __init__(self, need, have):
        super().__init__(f"need {need}, have {have}")
        self.need = need


try:
    raise InsufficientFunds(10, 3)
except InsufficientFunds as e:
    print(type(e).__name__, e, e.args, e.need, repr(e))
try:
    try:
        {}["k"]
    except KeyError as e:
        raise RuntimeError("lookup failed") from e
except RuntimeError as e:
    print(e, repr(e.__cause__))
try:
    raise ValueError
except ValueError as e:
    print(repr(e), str(e) == "")
finally:
    print("finally runs")
try:
    assert 1 + 1 == 3, "math is broken"
except AssertionError as e:
    print("AssertionError:", e)
