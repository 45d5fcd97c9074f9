# Producer and consumers on queue.Queue, with a sentinel and task_done/join.
import queue
import threading

tasks = queue.Queue()
results = queue.Queue()


def consumer():
    while True:
        item = tasks.get()
        if item is None:
            tasks.task_done()
            break
        results.put(item * item)
        tasks.task_done()


workers = [threading.Thread(target=consumer) for _ in range(3)]
for w in workers:
    w.start()
for i in range(10):
    tasks.put(i)
tasks.join()
for _ in workers:
    tasks.put(None)
for w in workers:
    w.join()
out = []
while not results.empty():
    out.append(results.get_nowait())
print(sorted(out), results.qsize())

bounded = queue.Queue(maxsize=2)
bounded.put("a")
bounded.put("b")
print(bounded.full(), bounded.qsize())
try:
    bounded.put("c", block=False)
except queue.Full:
    print("Full")
try:
    bounded.put("c", timeout=0.01)
except queue.Full:
    print("Full after timeout")
print(bounded.get(), bounded.get())
try:
    bounded.get_nowait()
except queue.Empty:
    print("Empty")
try:
    bounded.get(timeout=0.01)
except queue.Empty as e:
    print("Empty after timeout", repr(e))

lifo = queue.LifoQueue()
prio = queue.PriorityQueue()
for n in [3, 1, 2]:
    lifo.put(n)
    prio.put((n, f"job{n}"))
print([lifo.get() for _ in range(3)], [prio.get() for _ in range(3)])
