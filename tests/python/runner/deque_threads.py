# A deque shared by threads: append and popleft need no lock.
import threading
from collections import deque

jobs = deque(range(100))
done = deque()
recent = deque(maxlen=3)


def worker():
    while True:
        try:
            job = jobs.popleft()
        except IndexError:
            break
        done.append(job * 2)


threads = [threading.Thread(target=worker) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(done), sum(done), sorted(done)[:5])
for i in range(6):
    recent.append(i)
print(recent, recent.maxlen, list(reversed(recent)))
