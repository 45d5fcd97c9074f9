# conformance: sort-output
from concurrent.futures import ThreadPoolExecutor, as_completed
import math


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    return all(n % d for d in range(2, math.isqrt(n) + 1))


def count_primes(lo, hi):
    return lo, hi, sum(1 for n in range(lo, hi) if is_prime(n))


if __name__ == "__main__":
    chunks = [(lo, lo + 1_000) for lo in range(0, 10_000, 1_000)]
    results = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {pool.submit(count_primes, *c): c for c in chunks}
        for fut in as_completed(futures):
            lo, hi, n = fut.result()
            results[lo] = n
            print(f"[{lo:>5}, {hi:>5}): {n:3d} primes")
    total = sum(results.values())
    share = {lo: n / total for lo, n in sorted(results.items())}
    print(f"total {total}, first chunk {share[0]:.1%}")
