# Hand-overs of the GIL under load: two CPU-bound threads. Each notes when
# it finds another thread ran since its last look (a shared list's last
# writer), which counts the switches the program can see.
import threading
import time

N = 2500000
last = [0]
seen = []


def work(n):
    me = threading.get_ident()
    switches = 0
    i = 0
    while i < n:
        if last[0] != me:
            last[0] = me
            switches += 1
        i += 1
    seen.append(switches)


threads = [threading.Thread(target=work, args=(N,)) for _ in range(2)]
t0 = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
t1 = time.perf_counter()
print("two threads looked", N, "times each")
print("@ms", (t1 - t0) * 1000)
print("@switches", sum(seen) - 1)
