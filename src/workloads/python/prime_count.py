"""Primes below n by trial division, one equal chunk per process."""
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def is_prime(k):
    if k < 2:
        return False
    if k % 2 == 0:
        return k == 2
    d = 3
    while d * d <= k:
        if k % d == 0:
            return False
        d += 2
    return True


def count_primes(start, stop):
    began = time.perf_counter()
    count = sum(1 for k in range(start, stop) if is_prime(k))
    return count, time.perf_counter() - began


def parallel_count_primes(n, pool, workers):
    step = -(-n // workers)                      # one equal chunk per process
    starts = list(range(0, n, step))
    stops = [min(s + step, n) for s in starts]
    return starts, list(pool.map(count_primes, starts, stops))


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 6_000_000
    with ProcessPoolExecutor(max_workers=4) as pool:
        starts, results = parallel_count_primes(n, pool, 4)
    for start, (count, seconds) in zip(starts, results):
        # the later chunks hold bigger numbers: same length, more work
        print(f"from {start:>11,}: {count:>8,} primes in {seconds:.2f} s")
    print(sum(count for count, _ in results))    # 78498 for n = 1_000_000
