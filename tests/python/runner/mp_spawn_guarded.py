# With the guard, spawn works: the child runs the module's top level again
# (as __mp_main__, so it prints that line too), then the target by name.
import multiprocessing as mp

ctx = mp.get_context("spawn")
print("module top level runs as", __name__, flush=True)
LIMIT = 5


def total(n):
    print("child total:", sum(range(n + LIMIT)), flush=True)


if __name__ == "__main__":
    p = ctx.Process(target=total, args=(10,))
    p.start()
    p.join()
    print("exit code", p.exitcode)
