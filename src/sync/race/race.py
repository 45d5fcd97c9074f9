import threading

counter = 0
lock = threading.Lock()

def log(value):
    pass                      # any call will do: print, a logger, a helper

def unsafe_add(m):
    global counter
    for _ in range(m):
        seen = counter        # read
        log(seen)             # a call: the GIL may pass to another thread here
        counter = seen + 1    # write: may overwrite another thread's update

def plain_add(m):
    global counter
    for _ in range(m):
        counter += 1          # read, add, write with no call in between:
                              # loses updates on free-threaded Python and
                              # on 3.9 or older, not on 3.10+ with the GIL

def locked_add(m):
    global counter
    for _ in range(m):
        with lock:            # read, add and write as one step
            seen = counter
            log(seen)
            counter = seen + 1

def count(add, k=2, m=1_000_000):
    global counter
    counter = 0
    threads = [threading.Thread(target=add, args=(m,)) for _ in range(k)]
    for t in threads: t.start()
    for t in threads: t.join()
    print(f"{add.__name__}: expected {k * m}, got {counter}, lost {k * m - counter}")

count(unsafe_add)   # loses updates on every CPython
count(plain_add)    # depends on the version: see the lesson
count(locked_add)   # never loses one
# Cheapest of all: each thread counts in a local variable, and the totals
# are added once after join(). Python has no atomic fetch_add for ints.
