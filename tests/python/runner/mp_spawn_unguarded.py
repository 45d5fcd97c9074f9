# Under spawn the child runs this file again as __mp_main__. Without the
# `if __name__ == "__main__":` guard, that run starts a process too: the
# child fails with CPython's bootstrapping-phase error and exit code 1.
import multiprocessing as mp

ctx = mp.get_context("spawn")
print("running as", __name__, flush=True)


def greet():
    print("hello from the child", flush=True)


p = ctx.Process(target=greet)
p.start()
p.join()
print(__name__, "sees exit code", p.exitcode, flush=True)
