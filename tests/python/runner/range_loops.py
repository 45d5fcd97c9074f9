# for-loops over ranges: each loop's own iterator, and a range iterator a
# program holds itself (shared by two loops, and by two threads).
import sys
import threading

print([i for i in range(5)], [i for i in range(10, 0, -3)], list(range(3, 3)))
big = sys.maxsize
print([i - big for i in range(big - 3, big)], [i for i in range(-big, -big + 2)])
print(sum(i for i in range(0, 100, 7)), {i % 3 for i in range(10)})

shared = iter(range(10))
pairs = []
for a in shared:
    pairs.append((a, next(shared, None)))
print(pairs)

nested = [(i, j) for i in range(3) for j in range(i)]
print(nested)


def evens(n):
    for i in range(0, n, 2):
        yield i


g = evens(10)
seen = [next(g)]
worker = threading.Thread(target=lambda: seen.extend(g))
worker.start()
worker.join()
print(seen)

common = iter(range(2000))
taken = []
lock = threading.Lock()


def drain():
    for x in common:
        with lock:
            taken.append(x)


threads = [threading.Thread(target=drain) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(taken), sorted(taken) == list(range(2000)))
