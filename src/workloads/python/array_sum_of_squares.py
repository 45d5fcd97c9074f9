"""Sum of squares of a big list, in chunks on a multiprocessing Pool."""
import sys
from multiprocessing import Pool

MASK = (1 << 64) - 1
SEED = 0x5EED20240F5A0A11


def make_values(n):
    # SplitMix64, top 32 bits of each output: the same array threadlab makes
    state, values = SEED, []
    for _ in range(n):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        values.append((z ^ (z >> 31)) >> 32)
    return values


def sum_of_squares(chunk):
    return sum(v * v for v in chunk)


def parallel_sum_of_squares(values, pool, workers):
    size = -(-len(values) // workers)
    chunks = [values[i:i + size] for i in range(0, len(values), size)]
    # each chunk is pickled and copied into a worker process
    return sum(pool.map(sum_of_squares, chunks))


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 16_000_000
    values = make_values(n)
    with Pool(4) as pool:
        print(parallel_sum_of_squares(values, pool, 4))
