# maxtasksperchild: a pool worker leaves after that many tasks and the
# pool starts a fresh process in its place; the initializer runs in each.
import multiprocessing as mp
import os

greeting = "unset"


def setup(word):
    global greeting
    greeting = word


def where(n):
    return (n * n, os.getpid(), greeting)


if __name__ == "__main__":
    with mp.Pool(2, initializer=setup, initargs=("hello",), maxtasksperchild=2) as pool:
        pending = [pool.apply_async(where, (n,)) for n in range(8)]
        got = [p.get(timeout=30) for p in pending]
    print("squares:", [g[0] for g in got])
    print("every worker ran the initializer:", {g[2] for g in got})
    pids = [g[1] for g in got]
    print("no worker ran more than 2 tasks:", max(pids.count(p) for p in pids) <= 2)
    print("at least 4 workers took part:", len(set(pids)) >= 4)
    print("the parent's greeting:", greeting)

    pool = mp.Pool(1, maxtasksperchild=1)
    print(pool.map(abs, [-1, -2, -3]))
    pool.close()
    pool.join()
    print("joined; children left:", mp.active_children())
    for bad in (0, -1, 1.5):
        try:
            mp.Pool(1, maxtasksperchild=bad)
        except ValueError as e:
            print("ValueError:", e)
