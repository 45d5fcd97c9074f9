import threading

cleanup = threading.Lock()


def try_cleanup(name):
    if cleanup.acquire(blocking=False):
        try:
            print(name, "cleans up")
        finally:
            cleanup.release()


t1 = threading.Thread(target=try_cleanup, args=("A",))
t2 = threading.Thread(target=try_cleanup, args=("B",))
t1.start()
t2.start()
t1.join()
t2.join()
