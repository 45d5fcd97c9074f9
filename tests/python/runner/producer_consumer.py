import threading
from collections import deque

BUFFER_SIZE = 4
buffer = deque()
cond = threading.Condition()
produced, consumed = [], []


def producer(items):
    for item in items:
        with cond:
            while len(buffer) >= BUFFER_SIZE:
                cond.wait()
            buffer.append(item)
            produced.append(item)
            cond.notify_all()
    with cond:
        buffer.append(None)
        cond.notify_all()


def consumer(name, out):
    while True:
        with cond:
            cond.wait_for(lambda: len(buffer) > 0)
            item = buffer[0]
            if item is None:
                cond.notify_all()
                return
            buffer.popleft()
            cond.notify_all()
        out.append((name, item))


def squares(n):
    for i in range(n):
        yield i * i


if __name__ == "__main__":
    got = []
    threads = [threading.Thread(target=producer, args=(list(squares(10)),))]
    threads += [threading.Thread(target=consumer, args=(f"c{i}", got)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    first, *rest = sorted(v for _, v in got)
    assert first == 0 and len(rest) == 9, (first, rest)
    evens = [v for v in produced if v % 2 == 0]
    print(f"{len(got)} items, {len(evens)} even; "
          "last " + str(rest[-1]) + f", hex {rest[-1]:#x}, "
          f"share {len(evens) / len(produced):.0%}")
