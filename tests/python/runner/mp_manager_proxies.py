# A Manager's locks, queues and events are proxies, like its lists and
# dicts: their type and repr say so, they travel into Pool tasks and
# Process children, and once the manager has shut down (or its `with`
# block has ended) every proxy fails at once instead of waiting for a
# server that is gone.
import multiprocessing as mp
import multiprocessing.managers as managers
import queue


def no_address(text):
    # Reprs name an address that differs per run.
    return text.split(" at 0x")[0] + (text[text.index(";"):] if ";" in text else "")


def pool_task(args):
    lock, results, go, total = args
    go.wait(5)
    with lock:
        total.value += 1
        # Read under the lock: read after it, two tasks may both see the
        # other's increment.
        mine = total.value
    results.put(mine)
    return type(lock).__name__


def child(lock, jobs, done, cond, box):
    while True:
        item = jobs.get()
        if item is None:
            jobs.task_done()
            break
        with lock:
            done.append(item * item)
        jobs.task_done()
    with cond:
        box.set("finished")
        cond.notify_all()


def attempt(label, f):
    try:
        print(label, "->", f())
    except Exception as e:
        print(label, "->", type(e).__name__, e)


if __name__ == "__main__":
    early = managers.SyncManager()
    attempt("before start()", early.dict)

    with mp.Manager() as m:
        made = {
            "Lock": m.Lock(), "RLock": m.RLock(), "Semaphore": m.Semaphore(2),
            "BoundedSemaphore": m.BoundedSemaphore(), "Condition": m.Condition(),
            "Event": m.Event(), "Barrier": m.Barrier(2), "Queue": m.Queue(),
            "JoinableQueue": m.JoinableQueue(), "Array": m.Array("i", [1, 2]),
            "list": m.list(), "dict": m.dict(), "Value": m.Value("i", 1),
        }
        for name, proxy in made.items():
            print(f"{name:16} {type(proxy).__name__:24} {type(proxy).__module__}",
                  no_address(repr(proxy)), isinstance(proxy, managers.BaseProxy))

        lock = made["Lock"]
        print(no_address(str(lock)), lock.acquire(), no_address(str(lock)),
              lock.acquire(False), lock.acquire(True, 0.01), lock.release())
        print(no_address(str(made["Queue"])), no_address(str(made["Event"])))

        q = made["Queue"]
        q.put("a")
        print("queue:", q.qsize(), q.empty(), q.full(), q.get())
        try:
            q.get(timeout=0.01)
        except queue.Empty as e:
            print("queue.Empty:", repr(e))
        attempt("get_nowait", q.get_nowait)

        ev = made["Event"]
        print("event:", ev.is_set(), ev.wait(0.01), ev.set(), ev.is_set(), ev.wait(0.01))
        b = made["Barrier"]
        print("barrier:", b.parties, b.n_waiting, b.broken)
        print("array:", len(made["Array"]), made["Array"][1], list(made["Array"]))

        # Into Pool tasks: each worker gets the same lock, queue and event.
        total = m.Value("i", 0)
        with mp.Pool(2) as pool:
            print("pool:", pool.map(pool_task, [(lock, q, ev, total)] * 4))
        print("total:", total.value, sorted(q.get() for _ in range(4)))

        # Into a Process child: a JoinableQueue, a lock and a Condition.
        jobs = made["JoinableQueue"]
        done = made["list"]
        cond = made["Condition"]
        box = m.Namespace(state="running")
        worker = mp.Process(target=child, args=(lock, jobs, done, cond, made["Value"]))
        worker.start()
        for n in range(5):
            jobs.put(n)
        jobs.put(None)
        jobs.join()
        with cond:
            cond.wait_for(lambda: made["Value"].get() == "finished", 5)
        worker.join()
        print("child:", sorted(done), made["Value"].get(), box.state)
        d = made["dict"]
        d["k"] = 1
        print("str while running:", str(d))

    # After the with block: this thread has talked to the server.
    for name, proxy in made.items():
        if name in ("list", "Array", "dict"):
            f = lambda: len(proxy)
        elif name == "Value":
            f = lambda: proxy.value
        elif name in ("Queue", "JoinableQueue"):
            f = lambda: proxy.put(1)
        elif name == "Event":
            f = proxy.set
        elif name == "Barrier":
            f = lambda: proxy.parties
        else:
            f = proxy.acquire
        attempt(f"after with: {name}", f)
    print("str after:", no_address(str(d)))
    attempt("create after with", m.list)

    # shutdown() before any proxy was used: there is no connection to
    # reuse, and opening one finds nothing.
    m2 = mp.Manager()
    d2 = m2.dict()
    l2 = m2.Lock()
    m2.shutdown()
    attempt("after shutdown(): dict", d2.keys)
    attempt("after shutdown(): lock", l2.release)
    attempt("after shutdown(): create", m2.list)
    m2.shutdown()
    print("a second shutdown() is harmless; children:", mp.active_children())
    d["late"] = 1
