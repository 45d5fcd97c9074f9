# Context managers written as generators (a timer around a block, a lock
# held for a block, a block whose error is handled), contextlib's small
# helpers, and what they stand on: a generator's throw() and close().
import threading
import time
from contextlib import ExitStack, closing, contextmanager, nullcontext, suppress


@contextmanager
def stopwatch(label):
    began = time.perf_counter()
    try:
        yield label.upper()
    finally:
        print(f"{label}: finished, under a second: {time.perf_counter() - began < 1}")


with stopwatch("download") as shown:
    print("in the block as", shown)

try:
    with stopwatch("parse"):
        int("seven")
except ValueError as e:
    print("the block's error still reaches us:", e)


releases = []


@contextmanager
def holding(lock, who):
    lock.acquire()
    try:
        yield lock
    finally:
        releases.append(who)
        lock.release()


shared = threading.Lock()
tally = []


def add(who):
    for _ in range(3):
        with holding(shared, who):
            tally.append(who)


workers = [threading.Thread(target=add, args=(f"t{i}",)) for i in range(2)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(len(tally), sorted(releases) == sorted(tally), shared.locked())


@contextmanager
def forgiving(kind):
    try:
        yield
    except kind as e:
        print("handled inside the generator:", repr(e))


with forgiving(KeyError):
    {}["absent"]
print("went on after the handled error")

with suppress(ZeroDivisionError, IndexError):
    [][3]
print("suppressed an IndexError")

with nullcontext("plain") as value:
    print("nullcontext gives", value)


class Connection:
    def close(self):
        print("connection closed")


with closing(Connection()) as c:
    print("using", type(c).__name__)

with ExitStack() as stack:
    stack.callback(print, "callbacks run last-in first-out: second")
    stack.callback(print, "callbacks run last-in first-out: first")
    inner = stack.enter_context(stopwatch("stacked"))
    print("entered", inner)


@stopwatch("as a decorator")
def job():
    print("the decorated job runs")


job()


def numbers():
    try:
        yield 1
        yield 2
    except RuntimeError as e:
        print("the generator saw", e)
        yield 99
    finally:
        print("the generator's finally ran")


g = numbers()
print(next(g), g.throw(RuntimeError("stop early")))
g.close()
h = numbers()
print(next(h))
h.close()
print(list(h))


def stubborn():
    refusals = 0
    while True:
        try:
            yield
        except GeneratorExit:
            refusals += 1
            if refusals > 1:
                return


s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print("RuntimeError:", e)
s.close()

fresh = numbers()
try:
    fresh.throw(KeyError("before the first next"))
except KeyError as e:
    print("a fresh generator raises at once:", e)
print(list(fresh))


@contextmanager
def never_yields():
    if False:
        yield


try:
    with never_yields():
        pass
except RuntimeError as e:
    print("RuntimeError:", e)
