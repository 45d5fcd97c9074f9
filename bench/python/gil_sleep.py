# Four threads each sleeping: the GIL is let go while a thread sleeps, so
# all four sleep at once and the run takes one sleep, not four.
import threading
import time

SECONDS = 1.0


def nap():
    time.sleep(SECONDS)


t0 = time.perf_counter()
threads = [threading.Thread(target=nap) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
t1 = time.perf_counter()
print("4 threads slept", SECONDS, "s each")
print("@ms", (t1 - t0) * 1000)
