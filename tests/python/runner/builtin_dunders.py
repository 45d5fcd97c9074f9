# Built-in values have the special methods their operators use: a program
# can call them by name, and duck-type with hasattr before looping.


def describe(thing):
    traits = []
    if hasattr(thing, "__iter__"):
        traits.append("iterable")
    if hasattr(thing, "__len__"):
        traits.append(f"sized({thing.__len__()})")
    if hasattr(thing, "__getitem__"):
        traits.append("indexable")
    if hasattr(thing, "__next__"):
        traits.append("iterator")
    if hasattr(thing, "__call__"):
        traits.append("callable")
    if getattr(thing, "__hash__", None) is None:
        traits.append("unhashable")
    return f"{type(thing).__name__}: {', '.join(traits) or 'plain'}"


samples = [[4, 5], (6,), "seven", {"k": 8}, {9}, frozenset(), b"ab", bytearray(b"c"), range(4),
           10, 1.5, True, None, iter([1]), (n for n in ()), len, describe, "x".upper]
for sample in samples:
    print(describe(sample))

# Calling them by name does what the operator does.
scores = [40, 15, 27]
print(scores.__len__(), scores.__getitem__(-1), scores.__contains__(15), scores.__add__([1]))
print((6).__mul__(7), (6).__sub__(10), (7).__truediv__(2), (7).__floordiv__(2), (7).__mod__(4))
print((2).__pow__(10), (12).__and__(10), (12).__or__(3), (12).__xor__(5), (1).__lshift__(4))
print((-8).__abs__(), (8).__neg__(), (3.5).__pos__(), (5).__invert__(), (0).__bool__())
print((2.9).__int__(), (2).__float__(), True.__index__(), (4).__index__())
print("ab".__mul__(3), "ab".__add__("cd"), "%s-%s".__mod__(("x", "y")))
print((3).__lt__(4), (3).__ge__(4), "b".__gt__("a"), (1).__eq__(1), [1].__ne__([1]))

# A pairing the type does not handle answers NotImplemented, so that the
# other operand gets its turn.
print((1).__add__(0.5), (0.5).__add__(1), (1).__lt__("one"), "a".__add__(1) if False else "skip")

table = {}
table.__setitem__("a", 1)
table.__setitem__("b", 2)
table.__delitem__("a")
print(table, table.__getitem__("b"), (1, 2).__hash__() == hash((1, 2)))

stream = iter("hi")
print(stream.__next__(), stream.__next__())
try:
    stream.__next__()
except StopIteration as stop:
    print("exhausted", stop.args)

print(len.__call__("four"), describe.__call__(3), "x".upper.__call__())
print((5).__repr__(), "q".__repr__(), [1, "a"].__str__(), None.__repr__())
print(range(10).__getitem__(3), range(10).__len__(), range(3).__contains__(2))
