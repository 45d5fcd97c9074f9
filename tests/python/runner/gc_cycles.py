# Objects that refer to each other: the cycle collector frees the islands a
# program drops and never touches what it can still reach, whatever holds
# the way in (a local, a global, a closure, a generator, a class, a thread).
import gc
import threading
import queue


class Node:
    def __init__(self, name):
        self.name = name
        self.prev = None
        self.next = None
        self.payload = [name] * 20


def ring(names):
    """A doubly linked ring: every node is in two cycles."""
    nodes = [Node(n) for n in names]
    for a, b in zip(nodes, nodes[1:] + nodes[:1]):
        a.next = b
        b.prev = a
    return nodes[0]


def walk(start, steps):
    out, node = [], start
    for _ in range(steps):
        out.append(node.name)
        node = node.next
    return out


# 1. Rings reachable from a global, a local, a closure and a default
#    argument survive any number of collections.
kept = ring("abc")


def keeper():
    local = ring("def")
    captured = ring("ghi")

    def inner():
        return walk(captured, 4)

    gc.collect()
    return walk(local, 4), inner


def with_default(r=ring("jkl")):
    return walk(r, 4)


local_walk, inner = keeper()
gc.collect()
print("global ", walk(kept, 4))
print("local  ", local_walk)
print("closure", inner())
print("default", with_default())

# 2. An instance that keeps its own bound method; a nested function that
#    calls itself through its closure; a list that holds itself; a dict
#    and a class attribute in a cycle; all dropped, then collected.
class Holder:
    def __init__(self):
        self.callback = self.ping
        self.box = [self]
        self.table = {"me": self}

    def ping(self):
        return "pong"


def self_calling(n):
    def count(k):
        return 0 if k == 0 else 1 + count(k - 1)
    return count(n)


for _ in range(2000):
    h = Holder()
    lst = [1, 2]
    lst.append(lst)
    d = {}
    d["d"] = d
    self_calling(3)
del h, lst, d
print("collect found some:", gc.collect() > 0)
print("nothing left to find:", gc.collect() == 0)

# 3. A cycle reachable only from a generator's frame, a queue, a class
#    attribute, a thread's arguments, and an exception's args.
def gen():
    r = ring("mno")
    yield walk(r, 2)
    gc.collect()
    yield walk(r, 4)


g = gen()
print("gen    ", next(g))
q = queue.Queue()
q.put(ring("pqr"))


class Registry:
    head = ring("stu")


results = []


def worker(r):
    gc.collect()
    results.append(walk(r, 4))


t = threading.Thread(target=worker, args=(ring("vwx"),))
t.start()
t.join()
try:
    raise ValueError(ring("yz"))
except ValueError as e:
    gc.collect()
    print("except ", walk(e.args[0], 3))
gc.collect()
print("gen    ", next(g))
print("queue  ", walk(q.get(), 4))
print("class  ", walk(Registry.head, 4))
print("thread ", results[0])

# 4. Many rings made and dropped: the memory comes back (a run without the
#    collector would hold all of them, about 320 MB here).
total = 0
for i in range(5000):
    r = ring([i] * 5)
    for node in [r, r.next]:
        node.payload = [0] * 2000
    total += len(walk(r, 5))
print("made", total, "nodes; switches:", gc.isenabled(), end=" ")
gc.disable()
print(gc.isenabled(), end=" ")
gc.enable()
print(gc.isenabled())
print("counts are a 3-tuple:", len(gc.get_count()))
