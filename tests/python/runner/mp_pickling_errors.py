# What a child cannot find by name cannot be sent: a lambda, a nested
# function. Under fork a Process target is not pickled, so a lambda works.
import multiprocessing as mp


def make_scaler(k):
    def scale(x):
        return x * k
    return scale


def first_words(e):
    # The message names the function's address, which differs per run.
    text = str(e)
    if " at 0x" not in text:
        return text
    head, tail = text.split(" at 0x", 1)
    return head + " at 0x...>" + tail.split(">", 1)[1]


if __name__ == "__main__":
    mp.set_start_method("fork")
    with mp.Pool(2) as pool:
        for f in (lambda x: x + 1, make_scaler(3)):
            try:
                pool.map(f, [1, 2])
            except Exception as e:
                print(type(e).__module__, type(e).__name__, "|", first_words(e))
        print(pool.map(abs, [-1, -2]))
    p = mp.Process(target=lambda: print("a lambda ran in the forked child", flush=True))
    p.start()
    p.join()
    print("exit code", p.exitcode)
