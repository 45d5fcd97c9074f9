# Event, Condition, Semaphore, Barrier, Timer and thread-local data.
import threading
import time

ready = threading.Event()
log = []
log_lock = threading.Lock()


def note(msg):
    with log_lock:
        log.append(msg)


def waiter(i):
    ready.wait()
    note(f"waiter {i} released")


ws = [threading.Thread(target=waiter, args=(i,)) for i in range(3)]
for w in ws:
    w.start()
print(ready.is_set(), ready.wait(0.01))
ready.set()
for w in ws:
    w.join()
print(sorted(log), ready.is_set())

items = []
cond = threading.Condition()


def consumer():
    with cond:
        cond.wait_for(lambda: len(items) >= 3)
        print("consumer saw", items)


c = threading.Thread(target=consumer)
c.start()
for i in range(3):
    with cond:
        items.append(i)
        cond.notify_all()
c.join()

slots = threading.Semaphore(2)
active = 0
peak = 0


def limited(i):
    global active, peak
    with slots:
        with log_lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.01)
        with log_lock:
            active -= 1


ts = [threading.Thread(target=limited, args=(i,)) for i in range(6)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("peak", peak)
bs = threading.BoundedSemaphore(1)
bs.acquire()
bs.release()
try:
    bs.release()
except ValueError as e:
    print("ValueError:", e)

barrier = threading.Barrier(3)
phases = []


def phase(i):
    phases.append(("a", i))
    barrier.wait()
    phases.append(("b", i))


ts = [threading.Thread(target=phase, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(all(p[0] == "a" for p in phases[:3]), sorted(phases), barrier.parties, barrier.broken)

fired = []
t = threading.Timer(0.01, fired.append, args=["fired"])
t.start()
t.join()
cancelled = threading.Timer(10, fired.append, args=["never"])
cancelled.start()
cancelled.cancel()
cancelled.join()
print(fired)

local = threading.local()
local.name = "main"
seen = []


def use_local(n):
    local.name = n
    time.sleep(0.005)
    seen.append(local.name == n)


ts = [threading.Thread(target=use_local, args=(f"t{i}",)) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(seen, local.name, hasattr(local, "other"))
