import threading

lock = threading.Lock()
log = []


def record(entry):
    with lock:
        log.append(entry)


def deposit(amount):
    with lock:
        record(f"deposit {amount}")


t = threading.Thread(target=deposit, args=(10,))
t.start()
record("opened")
t.join()
