# A generator dropped before it finishes is closed: its `finally` runs and
# a lock it holds in a `with` is released, so the next `with lock:` does
# not wait for ever.
import threading

lock = threading.Lock()
log = []


def rows_under_lock(n):
    with lock:
        try:
            for i in range(n):
                yield i
        finally:
            log.append(f"closed after {i}")


for row in rows_under_lock(10):
    if row == 2:
        break
print("after break:", log, "locked:", lock.locked())

g = rows_under_lock(5)
print("first:", next(g), "locked:", lock.locked())
del g
print("after del:", log[-1], "locked:", lock.locked())


def peek():
    g = rows_under_lock(3)
    return next(g)


print("peeked", peek(), "locked:", lock.locked())


def outer():
    inner = rows_under_lock(4)
    try:
        yield next(inner)
    finally:
        print("outer finally")


o = outer()
next(o)
o = None
print("after outer:", log[-1], "locked:", lock.locked())


def worker(name):
    g = rows_under_lock(3)
    next(g)
    # The thread's function returns with its generator still suspended.


threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("after threads:", len(log), "locked:", lock.locked())

with lock:
    print("the lock is free again")


def no_cleanup():
    for i in range(3):
        yield i


first = next(no_cleanup())
print("plain generator:", first)
