"""Estimating pi with random points: one seeded stream per block."""
import sys
from concurrent.futures import ProcessPoolExecutor

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
SEED = 0x7468726561646C62                        # "threadlb"


def splitmix64(state):
    state = (state + GAMMA) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def count_inside(block, length):
    # each block has its own stream: the result does not depend on who runs it
    _, state = splitmix64(SEED ^ ((block * GAMMA) & MASK))
    inside = 0
    for _ in range(length):
        state, a = splitmix64(state)
        state, b = splitmix64(state)
        x, y = (a >> 11) / 2**53, (b >> 11) / 2**53
        inside += x * x + y * y < 1.0
    return inside


def parallel_count_inside(n, pool):
    block = max(-(-n // 4096), 1 << 14)          # depends on n only
    lengths = [min(block, n - s) for s in range(0, n, block)]
    return sum(pool.map(count_inside, range(len(lengths)), lengths))


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000_000
    with ProcessPoolExecutor(max_workers=4) as pool:
        inside = parallel_count_inside(n, pool)
    print(f"{inside} of {n} points inside; estimate {4 * inside / n!r}")
