import threading

pool = threading.BoundedSemaphore(2)
served = []


def handle(client):
    with pool:
        served.append(client)
        if client == "slow":
            return


t1 = threading.Thread(target=handle, args=("fast",))
t2 = threading.Thread(target=handle, args=("slow",))
t1.start()
t2.start()
t1.join()
t2.join()
