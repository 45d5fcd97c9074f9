import threading, time

a, b = threading.Lock(), threading.Lock()

def worker(name, first, second, timeout=0.5):
    with first:
        time.sleep(0.01)                  # let the other thread take its first lock
        if not second.acquire(timeout=timeout):
            print(f"{name}: gave up waiting — deadlock")
            return                        # leaving `with` releases `first`
        try:
            print(f"{name}: has both locks")
        finally:
            second.release()

# Opposite order: t1 holds a and wants b, t2 holds b and wants a.
t1 = threading.Thread(target=worker, args=("t1", a, b))
t2 = threading.Thread(target=worker, args=("t2", b, a))
for t in (t1, t2): t.start()
for t in (t1, t2): t.join()

# The fix: one global order, a before b, for every thread.
t1 = threading.Thread(target=worker, args=("t1", a, b))
t2 = threading.Thread(target=worker, args=("t2", a, b))
for t in (t1, t2): t.start()
for t in (t1, t2): t.join()
