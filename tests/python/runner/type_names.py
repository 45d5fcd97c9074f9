# type() of what the built-in functions and the threading module hand back:
# iterators, views and locks have classes of their own, as in CPython, and a
# program that prints them (a lesson on laziness: "map returns a map
# object, not a list") sees the same names.
import threading

inventory = {"bolts": 12, "nuts": 30}
lazy = [
    map(str.upper, ["a"]),
    zip([1], [2]),
    filter(None, [0, 1]),
    enumerate("ab"),
    reversed([1, 2]),
    reversed(range(3)),
    reversed((1, 2)),
    iter([1]),
    iter((1,)),
    iter("plain"),
    iter("naïve"),
    iter(b"xy"),
    iter(range(2)),
    iter({1, 2}),
    iter(inventory),
    iter(inventory.values()),
    iter(inventory.items()),
    inventory.keys(),
    inventory.values(),
    inventory.items(),
    iter(int, 1),
]
for thing in lazy:
    print(type(thing).__name__, type(thing))

# An iterator keeps its class once it is used up.
numbers = iter([1, 2])
print(list(numbers), type(numbers).__name__)

first, second = threading.Lock(), threading.Lock()
print(type(first), type(first) is type(second), isinstance(second, type(first)))
print(type(threading.RLock()), type(first).__name__, type(first).__module__)
print(type(...).__name__, type(NotImplemented).__name__)

squares = map(lambda n: n * n, range(4))
try:
    squares[0]
except TypeError as err:
    print("TypeError:", err)
print(list(squares))
