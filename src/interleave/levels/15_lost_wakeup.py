import threading

items = []
cv = threading.Condition()


def consumer():
    with cv:
        cv.wait()
        print("got", items.pop())


def producer():
    with cv:
        items.append("job")
        cv.notify()


c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
c.join()
p.join()
