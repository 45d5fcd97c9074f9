import atexit
import threading
import time

log = []


def goodbye(name, punct="!"):
    print(f"goodbye {name}{punct}")


@atexit.register
def first():
    print("registered first, runs last; log:", log)


class Reporter:
    def __repr__(self):
        return "<Reporter>"

    def __call__(self):
        raise ValueError("reporter failed")


atexit.register(goodbye, "world")
atexit.register(goodbye, "moon", punct="?")
atexit.register(Reporter())


def unwanted():
    print("never printed")


atexit.register(unwanted)
atexit.register(unwanted)
atexit.unregister(unwanted)
print(first.__name__)

try:
    atexit.register(42)
except TypeError as e:
    print("TypeError:", e)


def worker():
    time.sleep(0.05)
    log.append("worker done")
    print("worker finished before the exit functions")


threading.Thread(target=worker).start()
print("main code ends")
