# Comprehensions, generator expressions and generator functions.
squares = [n * n for n in range(10) if n % 2 == 0]
pairs = [(i, j) for i in range(3) for j in range(i)]
lookup = {w: len(w) for w in ["thread", "lock", "gil"]}
print(squares, pairs, lookup, {c for c in "banana"} == set("abn"))
print(sum(i ** 2 for i in range(1000)), max(len(w) for w in lookup), list(x for x in "hey"))
matrix = [[r * 3 + c for c in range(3)] for r in range(3)]
print(matrix, [row[i] for i, row in enumerate(matrix)], [v for row in matrix for v in row if v % 4 == 0])


def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "done"


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start:start + size]


gen = countdown(3)
print(next(gen), next(gen), list(gen), list(countdown(0)))
print(list(chunks(list(range(7)), 3)), [len(c) for c in chunks("abcdefgh", 3)])


def running_total(values):
    total = 0
    for v in values:
        total += v
        yield total


print(list(running_total([1, 2, 3, 4])), sum(running_total(range(5))))
it = iter([1, 2])
print(next(it), next(it), next(it, "end"))
try:
    next(it)
except StopIteration:
    print("StopIteration")


def echo():
    got = yield "ready"
    while True:
        got = yield f"echo {got}"


e = echo()
print(next(e), e.send("a"), e.send("b"))
