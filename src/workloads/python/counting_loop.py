"""count += 1, n times, on one thread and then split over two: the GIL."""
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def count_up(times):
    count = 0
    for _ in range(times):
        count += 1
    return count


def count_on_threads(n, pool, workers):
    shares = [n // workers + (w < n % workers) for w in range(workers)]
    return sum(pool.map(count_up, shares))


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000_000
    start = time.perf_counter()
    count_up(n)
    print(f"one thread:  {time.perf_counter() - start:.2f} s")
    with ThreadPoolExecutor(max_workers=2) as pool:
        start = time.perf_counter()
        total = count_on_threads(n, pool, 2)
        print(f"two threads: {time.perf_counter() - start:.2f} s   # no faster: the GIL")
    print(total)
