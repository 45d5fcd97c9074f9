# bisect: grades by breakpoints, a sorted list kept sorted as threads add
# to it under a lock, key= (3.10), and CPython's errors.
import bisect
import random
import threading

random.seed(1)


def grade(score, breakpoints=[60, 70, 80, 90], grades="FDCBA"):
    return grades[bisect.bisect(breakpoints, score)]


print([grade(s) for s in [33, 99, 77, 70, 89, 90, 100]])
a = [1, 2, 2, 2, 3, 5]
print(bisect.bisect_left(a, 2), bisect.bisect_right(a, 2), bisect.bisect(a, 4), bisect.bisect_left(a, 0),
      bisect.bisect_right(a, 9), bisect.bisect_left(a, 2, 2), bisect.bisect_right(a, 2, 0, 3),
      bisect.bisect_left(a, 2, lo=4), bisect.bisect_left([], 1))
bisect.insort(a, 4)
bisect.insort_left(a, 2)
bisect.insort_right(a, 2.0)
print(a)

records = [("alice", 30), ("bob", 35), ("carol", 41)]
print(bisect.bisect_left(records, 35, key=lambda r: r[1]),
      bisect.bisect_right(records, 35, key=lambda r: r[1]))
bisect.insort(records, ("dave", 38), key=lambda r: r[1])
bisect.insort_left(records, ("eve", 30), key=lambda r: r[1])
print(records)

shared = []
lock = threading.Lock()


def add_many(seed):
    for _ in range(200):
        x = random.randint(0, 1000)
        with lock:
            bisect.insort(shared, x)


threads = [threading.Thread(target=add_many, args=(s,)) for s in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(shared), shared == sorted(shared), shared[:5], shared[-3:])

try:
    bisect.bisect_left(a, 1, lo=-1)
except ValueError as e:
    print("ValueError:", e)
bisect.bisect([1, "a"], 0.5)
