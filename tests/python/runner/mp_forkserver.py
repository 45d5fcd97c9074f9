# forkserver (CPython on Linux; the default from 3.14): each child starts
# clean and imports the main module again as __mp_main__, as with spawn,
# so the guard below is needed and the target is found by its name.
import multiprocessing as mp

loaded_as = __name__


def describe(tag, q):
    q.put((tag, loaded_as, mp.get_start_method(), mp.current_process().name,
           mp.parent_process().name))


if __name__ == "__main__":
    mp.set_start_method("forkserver")
    print(mp.get_start_method(), mp.get_all_start_methods())
    q = mp.Queue()
    p = mp.Process(target=describe, args=("child", q))
    p.start()
    print(q.get())
    p.join()
    print("exit code:", p.exitcode, "children left:", mp.active_children())
    with mp.Pool(2) as pool:
        print(pool.map(abs, [-3, -2, 1]))
    ctx = mp.get_context("fork")
    p = ctx.Process(target=describe, args=("forked", q))
    p.start()
    print(q.get()[:3])
    p.join()
    try:
        mp.get_context("threads")
    except ValueError as e:
        print("ValueError:", e)
