# `yield from`: generators that hand work to other generators, as log
# pipelines and recursive walks do, with send, throw, close and the value
# the inner generator returns.
import threading
from concurrent.futures import ThreadPoolExecutor


def numbered(lines):
    count = 0
    for n, line in enumerate(lines, 1):
        reply = yield f"{n}: {line}"
        if reply == "skip":
            count -= 1
        count += 1
    return count


def report(sections):
    total = 0
    for title, lines in sections:
        yield f"== {title}"
        total += yield from numbered(lines)
    yield f"{total} lines"
    return total


print(list(report([("a", ["x", "y"]), ("b", ["z"])])))
r = report([("only", ["p", "q", "r"])])
print(next(r), next(r), r.send("skip"), next(r), next(r))
try:
    next(r)
except StopIteration as stop:
    print("returned", stop.value, stop.args)


def walk(tree, depth=0):
    name, children = tree
    yield "  " * depth + name
    for child in children:
        yield from walk(child, depth + 1)


tree = ("root", [("left", [("leaf1", []), ("leaf2", [])]), ("right", [])])
print("\n".join(walk(tree)))


def chained(*sources):
    for s in sources:
        yield from s


print(list(chained([1, 2], (3,), range(4, 6), "ab", {7: "seven"})))


def careful():
    try:
        yield "working"
    except ValueError as e:
        yield f"inner handled {e}"
    finally:
        print("inner finally")


def outer():
    try:
        yield from careful()
        yield "after inner"
    finally:
        print("outer finally")


o = outer()
print(next(o))
print(o.throw(ValueError("bad row")))
o.close()

o = outer()
next(o)
o.close()
print("closed before finishing")

lock = threading.Lock()


def guarded_rows(n):
    with lock:
        yield from range(n)


def first_two(_):
    rows = guarded_rows(10)
    return [next(rows), next(rows)]


with ThreadPoolExecutor(max_workers=3) as pool:
    print(list(pool.map(first_two, range(5))))
print("lock free:", not lock.locked())


def give_back():
    yield 1
    return "the end"


g = give_back()
next(g)
try:
    g.send(None)
except StopIteration as stop:
    print("send ended with", repr(stop.value))
