# The GIL: the same total work on one thread, then split over two
# CPU-bound threads. Under a GIL the two take about as long as the one.
import threading
import time

N = 4000000


def count(n):
    i = 0
    while i < n:
        i += 1


t0 = time.perf_counter()
count(2 * N)
t1 = time.perf_counter()
threads = [threading.Thread(target=count, args=(N,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
t2 = time.perf_counter()
print("two threads counted", N, "each")
print("@one_ms", (t1 - t0) * 1000)
print("@two_ms", (t2 - t1) * 1000)
