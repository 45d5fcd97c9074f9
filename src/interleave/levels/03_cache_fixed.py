import threading

cache = {}
loads = 0
lock = threading.Lock()
cache_lock = threading.Lock()


def load(key):
    global loads
    with lock:
        loads += 1
    return key * 10


def get(key):
    with cache_lock:
        if key not in cache:
            cache[key] = load(key)
        return cache[key]


t1 = threading.Thread(target=get, args=(7,))
t2 = threading.Thread(target=get, args=(7,))
t1.start()
t2.start()
t1.join()
t2.join()
assert loads == 1, f"loaded {loads} times"
