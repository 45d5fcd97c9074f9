# bytes and bytearray cross between processes as themselves: as Pool
# arguments and results, on a Queue, as dict keys, shared references kept
# shared within one message, and in a forked child's copy of globals. A
# bytearray arrives as a copy: the child's change stays in the child.
import multiprocessing as mp
from concurrent.futures import ThreadPoolExecutor

MAGIC = b"\x89PNG\r\n"
BUFFER = bytearray(b"parent")


def describe(b):
    return type(b).__name__, b, len(b), b.hex()


def checksum(data):
    return sum(data) % 256, data[:2], type(data).__name__


def send_back(q, b, ba):
    q.put(b)
    q.put({b: "as a key", b"": "empty"})
    q.put([ba, ba])
    q.put((MAGIC, bytes(BUFFER)))


def change(ba):
    ba[0] = ord("X")
    ba += b"!"
    return ba


def encode(word):
    return word.encode("utf-8")


if __name__ == "__main__":
    with mp.Pool(2) as pool:
        for r in pool.map(describe, [b"abc", bytearray(b"xy"), b"", b"\x00\xff"]):
            print(r)
        print(pool.map(checksum, [b"hello", bytearray(range(10)), bytes(300)]))
        print(pool.map(encode, ["thread", "prozess", "fil"]))

    BUFFER[0:6] = b"PARENT"
    q = mp.Queue()
    p = mp.Process(target=send_back, args=(q, b"key", bytearray(b"arr")))
    p.start()
    b, keyed, pair, globs = (q.get(timeout=10) for _ in range(4))
    p.join()
    print(b, type(b).__name__, keyed[b"key"], keyed[b""])
    print(pair, pair[0] is pair[1], type(pair[0]).__name__)
    print(globs)

    mine = bytearray(b"mine")
    with mp.Pool(1) as pool:
        theirs = pool.apply_async(change, (mine,)).get(timeout=10)
    print(mine, theirs)

    # Threads share the very objects: no copy.
    shared = bytearray()

    def add(i):
        shared.extend(bytes([65 + i]) * 3)
        return bytes([97 + i]) * 2

    with ThreadPoolExecutor(max_workers=4) as ex:
        parts = list(ex.map(add, range(4)))
    print(parts, sorted(shared), len(shared))
