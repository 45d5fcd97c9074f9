import queue
import threading

q = queue.Queue()
total = 0


def worker():
    global total
    while True:
        item = q.get()
        try:
            if item is None:
                break
            if item < 0:
                continue
            total += item
        finally:
            q.task_done()


t = threading.Thread(target=worker)
t.start()
q.put(5)
q.put(-1)
q.put(None)
q.join()
print("total", total)
t.join()
