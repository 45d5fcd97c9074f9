import threading

pool = threading.BoundedSemaphore(2)
served = []


def handle(client):
    pool.acquire()
    try:
        served.append(client)
        if client == "slow":
            pool.release()
            return
    finally:
        pool.release()


t1 = threading.Thread(target=handle, args=("fast",))
t2 = threading.Thread(target=handle, args=("slow",))
t1.start()
t2.start()
t1.join()
t2.join()
