# An exception inside one thread is printed; the other threads go on.
import threading
import time


def worker(n):
    time.sleep(0.01 * n)
    if n == 1:
        raise ValueError(f"worker {n} failed")
    print(f"worker {n} ok")


threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("main continues")
