import threading

items = []
cv = threading.Condition()
got = []


def consumer():
    with cv:
        while not items:
            cv.wait()
        got.append(items.pop())


def producer():
    with cv:
        items.append("job")
        cv.notify()


c1 = threading.Thread(target=consumer)
c2 = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c1.start()
c2.start()
p.start()
p.join()
with cv:
    items.append("job")
    cv.notify()
c1.join()
c2.join()
