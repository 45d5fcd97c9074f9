"""sum(i * i for i in range(n)) on a pool of processes: CPU-bound work."""
import sys
from concurrent.futures import ProcessPoolExecutor


def sum_of_squares(start, stop):
    total = 0
    for i in range(start, stop):
        total += i * i
    return total


def parallel_sum_of_squares(n, pool, workers):
    step = -(-n // workers)                      # ceiling division
    starts = range(0, n, step)
    stops = [min(s + step, n) for s in starts]
    return sum(pool.map(sum_of_squares, starts, stops))


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000_000
    workers = 4
    with ProcessPoolExecutor(max_workers=workers) as pool:
        print(parallel_sum_of_squares(n, pool, workers))   # 285 for n = 10
