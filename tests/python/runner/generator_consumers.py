# Built-in consumers (sum, any, all, min, max, list, tuple, sorted, set,
# dict, str.join, `in`) fed by generators: where they stop, what they leave
# behind, what they do when the generator or their own work raises.
import threading


def items(values, fail_at=None):
    """Yields the values; raises instead of yielding the one at fail_at."""
    for i, v in enumerate(values):
        if i == fail_at:
            raise RuntimeError(f"item {i} is bad")
        yield v


# Early stops leave the generator where it was: next() goes on from there,
# and the item that would raise has not been reached.
g = items([0, 0, 7, 5, 0], fail_at=4)
print("any:", any(g), "then", next(g))
try:
    next(g)
except RuntimeError as e:
    print("then RuntimeError:", e)
print("finished:", next(g, "nothing left"))

g = items([3, 2, 0, 9, 1], fail_at=4)
print("all:", all(g), "then", next(g))

g = items(["a", "b", "c", "d"], fail_at=3)
print("'b' in g:", "b" in g, "then", next(g))
g = items([1, 2, 3])
print("5 in g:", 5 in g, "then", next(g, "exhausted"))

# A consumer that cannot stop early meets the bad item: the exception comes
# out of the consumer, and the generator is finished.
for consumer in (min, max, sum, list, sorted, tuple, set):
    g = items([4, 1, 8, 2], fail_at=3)
    try:
        consumer(g)
    except RuntimeError as e:
        print(consumer.__name__, "RuntimeError:", e, "| after:", next(g, "finished"))

# An error in the consumer's own work (int + str) leaves the generator
# suspended after the item it was given.
g = items([1, 2, "three", 4, 5])
try:
    sum(g)
except TypeError as e:
    print("TypeError:", e, "| resumes at", next(g))

# sum over ints that pass 2**63 and come back, floats, bools, mixed.
print(sum(x for x in [2**62, 2**62, 2**62, -(2**62), -(2**62)]))
back = sum(x for x in [2**63, -1])
print(back, type(back).__name__, back == 2**63 - 1, {2**63 - 1: "same key"}[back])
print(list(range(back, 0, -(2**62))))
print(sum(x for x in [2**64, -(2**64), 5]) + 1)
print(sum(x * x for x in range(10**5)), sum(-(x * x) for x in range(10**5)))
print(sum(x for x in [1, 0.5, 2**53, 0.25]), sum(x for x in [1.5, 2**70]))
print(sum(x for x in [0.1] * 10), sum((x for x in [True, True, 2]), 0.5))
print(sum(x > 2 for x in range(10)), sum((x for x in []), 7))
# A start value the program holds is not changed by the sum.
start = 2**70
print(sum((i for i in range(4)), start), start)
big_start = [2**65]
print(sum((i for i in range(3)), big_start[0]) - big_start[0], big_start[0])
print(sum(([x] for x in range(3)), []))


# Python code run for an item (an instance's __radd__ / __bool__ / __eq__)
# may use the very generator being consumed: it is not executing then.
class Steal:
    def __init__(self, source):
        self.source = source

    def __radd__(self, other):
        return other + 100 * next(self.source)

    def __bool__(self):
        return next(self.source) > 10

    def __eq__(self, other):
        return next(self.source) == other


def with_thief(first, n):
    yield first
    yield Steal(shared)
    for i in range(1, n):
        yield i


shared = with_thief(1, 5)
print("sum with a thief:", sum(shared))
shared = with_thief(0, 30)
print("any with a thief:", any(shared), next(shared))
shared = with_thief(0, 5)
print("in with a thief:", 3 in shared, next(shared, "exhausted"))


# A generator that consumes itself is already executing.
def selfish():
    yield 1
    yield sum(me)


me = selfish()
print(next(me))
try:
    next(me)
except ValueError as e:
    print("ValueError:", e)
print("after:", next(me, "finished"))

# Long runs through the consumers that collect (handing over every few
# thousand items), and the consumers that build from what they collect.
print(len(list(i for i in range(10000))), sum(tuple(i for i in range(10000))))
print(sorted((i * 7919) % 101 for i in range(12))[:6])
print(len(set(i % 100 for i in range(5000))), dict((i, i * i) for i in range(4)))
print("-".join(str(i) for i in range(6)), min(abs(i - 50) for i in range(90)))
print(max((i for i in range(3)), default=None), max((i for i in []), default="empty"))
print(list(x * 2 for x in items([1, 2, 3])))


# Deep recursion inside the generator: RecursionError, the generator ends.
def deep(n):
    return deep(n + 1)


g = (deep(0) for _ in range(3))
try:
    sum(g)
except RecursionError:
    print("RecursionError; after:", next(g, "finished"))

# A long sum lets another thread run meanwhile (the generator's loop is a
# switch point), and two threads each consume generators of their own.
ticks = 0
stop = False


def ticker():
    global ticks
    while not stop:
        ticks += 1


def watched(n, seen):
    first = ticks
    for i in range(n):
        yield i
    seen.append(ticks - first)


t = threading.Thread(target=ticker)
t.start()
seen = []
total = sum(watched(2 * 10**6, seen))
stop = True
t.join()
print("long sum:", total, "the other thread ran meanwhile:", seen[0] > 0)

results = {}


def consume(name, n):
    results[name] = (sum(i * i for i in range(n)), len(list(str(i) for i in range(n))))


threads = [threading.Thread(target=consume, args=(k, 20000 + k)) for k in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results.items()))

# One generator, two threads: one sums it, the other takes items with
# next(); each item goes to exactly one of them.
N = 200000
source = iter(range(N))
one = (x for x in source)
taken = []


def taker():
    while True:
        try:
            taken.append(next(one))
        except ValueError:
            continue
        except StopIteration:
            return


t = threading.Thread(target=taker)
t.start()
while True:
    try:
        summed = sum(one)
        break
    except ValueError:
        continue
t.join()
print("shared:", summed + sum(taken) == N * (N - 1) // 2)
