import threading, time
from collections import deque

class BoundedQueue:
    def __init__(self, capacity):
        self.items, self.capacity = deque(), capacity
        lock = threading.Lock()
        self.not_full = threading.Condition(lock)
        self.not_empty = threading.Condition(lock)

    def put(self, item):
        with self.not_full:
            self.not_full.wait_for(lambda: len(self.items) < self.capacity)
            self.items.append(item)
            self.not_empty.notify()

    def get(self):
        with self.not_empty:
            self.not_empty.wait_for(lambda: len(self.items) > 0)
            item = self.items.popleft()
            self.not_full.notify()
            return item

q, received = BoundedQueue(4), []

def producer(items):
    for item in items:
        time.sleep(0.004)
        q.put(item)

def consumer():
    while (item := q.get()) is not None:     # None: the sentinel
        time.sleep(0.009)
        received.append(item)                # list.append is atomic in CPython

producers = [threading.Thread(target=producer, args=(range(i, 40, 2),)) for i in range(2)]
consumers = [threading.Thread(target=consumer) for _ in range(2)]
for t in producers + consumers: t.start()
for t in producers: t.join()
for _ in consumers: q.put(None)              # one sentinel per consumer
for t in consumers: t.join()
assert sorted(received) == list(range(40))   # nothing lost, nothing twice
