# queue.Empty escapes: CPython names it _queue.Empty.
import queue

q = queue.Queue()
q.put(1)
print(q.get_nowait())
print(q.get_nowait())
