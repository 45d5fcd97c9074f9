import queue
import threading

q = queue.Queue(maxsize=1)
total = 0
lock = threading.Lock()


def consumer():
    global total
    while True:
        item = q.get()
        if item is None:
            break
        with lock:
            total += item


c1 = threading.Thread(target=consumer)
c2 = threading.Thread(target=consumer)
c1.start()
c2.start()
q.put(1)
q.put(2)
q.put(None)
q.put(None)
c1.join()
c2.join()
print("total", total)
