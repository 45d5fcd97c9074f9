import threading

counter = 0
lock = threading.Lock()

def unsafe_add(m):
    global counter
    for _ in range(m):
        seen = counter        # read
        counter = seen + 1    # write: may overwrite another thread's update

def locked_add(m):
    global counter
    for _ in range(m):
        with lock:            # read, add and write as one step
            counter += 1

def local_add(m, totals, i):
    mine = 0                  # nothing shared while counting
    for _ in range(m):
        mine += 1
    totals[i] = mine          # combined once, after join()

k, m = 2, 100_000
threads = [threading.Thread(target=unsafe_add, args=(m,)) for _ in range(k)]
for t in threads: t.start()
for t in threads: t.join()
print(f"expected {k * m}, got {counter}, lost {k * m - counter}")
# Python has no atomic fetch_add for ints: a Lock (or itertools.count,
# whose next() the GIL happens to make atomic) takes its place.
