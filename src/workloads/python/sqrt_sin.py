"""sum(sqrt(i) * sin(i) for i in range(n)), in fixed blocks on a process pool."""
import math
import sys
from concurrent.futures import ProcessPoolExecutor


def accumulate(start, stop):
    total = 0.0
    for i in range(start, stop):
        total += math.sqrt(i) * math.sin(i)
    return total


def parallel_accumulate(n, pool, workers):
    # The blocks depend on n only, never on `workers`, and map returns them in
    # order: the total is the same on any number of workers.
    block = max(-(-n // 4096), 1 << 12)
    starts = range(0, n, block)
    stops = [min(s + block, n) for s in starts]
    total = 0.0
    for part in pool.map(accumulate, starts, stops, chunksize=16):
        total += part
    return total


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    with ProcessPoolExecutor(max_workers=4) as pool:
        print(repr(parallel_accumulate(n, pool, 4)))
