import threading

go = threading.Event()
started = 0
lock = threading.Lock()


def runner():
    global started
    go.wait()
    with lock:
        started += 1


r1 = threading.Thread(target=runner)
r2 = threading.Thread(target=runner)
r1.start()
r2.start()
go.set()
r1.join()
r2.join()
assert started == 2
