# conformance: sort-output
# The way tutorials time threads with datetime: a start stamp, log lines
# stamped with now().strftime, the elapsed time at the end. Stamps change
# from run to run, so what is printed is their shape and their order.
import threading
import time
from datetime import datetime, timedelta

lines = []
lock = threading.Lock()


def log(msg):
    stamp = datetime.now().strftime("%H:%M:%S")
    with lock:
        lines.append((stamp, msg))


def worker(n):
    log(f"worker {n} starting")
    time.sleep(0.05)
    log(f"worker {n} done")


start = datetime.now()
threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = datetime.now() - start

for stamp, msg in lines:
    print(len(stamp) == 8 and stamp[2] == ":" and stamp[5] == ":", msg)
print("took at least 0.05 s:", elapsed >= timedelta(seconds=0.05), "and under 5 s:", elapsed < timedelta(seconds=5))
print("elapsed prints as H:MM:SS.ffffff:", str(elapsed).startswith("0:00:0"))
print("now() agrees with time.time():", abs(datetime.now().timestamp() - time.time()) < 1)
print("utcnow() agrees too:", abs((datetime.utcnow() - datetime.fromtimestamp(time.time())).total_seconds()) < 1)
print("today is now's date:", datetime.today().date() == datetime.now().date())
cpu, wall = time.thread_time(), time.perf_counter()
time.sleep(0.1)
cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
print("a sleep takes wall time, not CPU time:", wall >= 0.1, cpu < 0.05)
