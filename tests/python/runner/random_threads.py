# conformance: sort-output
# Each worker thread owns a random.Random(seed): its numbers do not depend
# on how the threads interleave. A generator shared by all threads stays
# whole (every draw is still a float in [0, 1)).
import random
import threading

results = {}


def worker(n):
    rng = random.Random(n)
    delays = [round(rng.uniform(0.1, 0.5), 6) for _ in range(5)]
    rolls = [rng.randint(1, 6) for _ in range(10)]
    results[n] = (delays, rolls, rng.gauss(0, 1), rng.choices("HT", k=8))


threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for n in sorted(results):
    print(n, results[n])

shared = random.Random(99)
seen = []


def draw():
    for _ in range(2000):
        seen.append(shared.random())


threads = [threading.Thread(target=draw) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("shared draws", len(seen), all(0.0 <= x < 1.0 for x in seen))
print("same multiset", sorted(seen) == sorted(random.Random(99).random() for _ in range(8000)))
