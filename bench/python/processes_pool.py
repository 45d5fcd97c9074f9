# Processes: the same CPU-bound jobs one after another, then on a pool of
# two processes (pool start-up included, as a tutorial times it); and what
# starting one process costs with each start method.
import multiprocessing
import time

N = 4000000
JOBS = 4


def sum_of_squares(n):
    return sum(i * i for i in range(n))


def nothing():
    pass


if __name__ == "__main__":
    t0 = time.perf_counter()
    alone = [sum_of_squares(N) for _ in range(JOBS)]
    t1 = time.perf_counter()
    with multiprocessing.Pool(2) as pool:
        pooled = pool.map(sum_of_squares, [N] * JOBS)
    t2 = time.perf_counter()
    print("the pool's answers match:", alone == pooled, sum(pooled))
    print("@one_ms", (t1 - t0) * 1000)
    print("@two_ms", (t2 - t1) * 1000)
    for method in ("fork", "spawn"):
        ctx = multiprocessing.get_context(method)
        s0 = time.perf_counter()
        p = ctx.Process(target=nothing)
        p.start()
        p.join()
        s1 = time.perf_counter()
        print(f"@{method}_ms", (s1 - s0) * 1000)
