# A pool of processes: map, starmap, apply_async, imap and imap_unordered
# give CPython's results; an argument mutated in a worker is unchanged here.
from multiprocessing import Pool


def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def power(base, exp):
    return base ** exp


def grow(items):
    items.append("added in the worker")
    return len(items)


if __name__ == "__main__":
    with Pool(processes=2) as pool:
        print(pool.map(collatz_steps, range(1, 16)))
        print(pool.starmap(power, [(2, 10), (3, 4), (10, 20)]))
        pending = pool.apply_async(collatz_steps, (27,))
        print("apply_async:", pending.get(timeout=10))
        print("imap:", list(pool.imap(collatz_steps, [7, 9, 11], chunksize=2)))
        print("imap_unordered:", sorted(pool.imap_unordered(collatz_steps, range(20, 26))))
        shopping = ["milk"]
        print("worker saw", pool.apply(grow, (shopping,)), "items; here:", shopping)
        print("empty map:", pool.map(power, []))
    print("done")
