# Event, Condition and Barrier of multiprocessing: the same names as in
# threading, shared by processes (Process children and Pool workers).
import multiprocessing as mp
import threading
import time

start_signal = None


def racer(ready, go, barrier, results, i):
    ready.put(i)
    go.wait()
    results.put(("started", i))
    index = barrier.wait()
    results.put(("passed", index >= 0))


def waiter(cond, box, out):
    with cond:
        while box[0] == 0:
            cond.wait()
        out.put(box[0] * 2)


def init(event):
    global start_signal
    start_signal = event


def task(x):
    # start_signal came with the pool's initializer.
    start_signal.wait()
    return x * x


if __name__ == "__main__":
    ready, results = mp.Queue(), mp.Queue()
    go = mp.Event()
    barrier = mp.Barrier(3)
    print("event set before?", go.is_set(), "wait(0.05):", go.wait(0.05))
    ps = [mp.Process(target=racer, args=(ready, go, barrier, results, i)) for i in range(3)]
    for p in ps:
        p.start()
    print("ready:", sorted(ready.get() for _ in ps))
    print("nobody started before the event:", results.empty())
    go.set()
    got = sorted(results.get() for _ in range(6))
    print(got)
    for p in ps:
        p.join()
    print("event set after?", go.is_set(), "barrier parties:", barrier.parties, "broken:", barrier.broken)
    go.clear()
    print("cleared:", go.is_set())

    cond = mp.Condition()
    box = mp.Array("i", 1)
    out = mp.Queue()
    ws = [mp.Process(target=waiter, args=(cond, box, out)) for _ in range(2)]
    for w in ws:
        w.start()
    time.sleep(0.2)
    with cond:
        box[0] = 21
        cond.notify_all()
    print("condition:", [out.get(), out.get()])
    for w in ws:
        w.join()
    with cond:
        print("wait_for with a timeout:", cond.wait_for(lambda: box[0] == 0, timeout=0.05))

    event = mp.Event()
    with mp.Pool(2, initializer=init, initargs=(event,)) as pool:
        pending = pool.map_async(task, range(5))
        time.sleep(0.1)
        print("pool waiting for the event:", not pending.ready())
        event.set()
        print("pool results:", pending.get(timeout=10))

    b = mp.Barrier(2, timeout=0.05)
    try:
        b.wait()
    except threading.BrokenBarrierError as e:
        print("alone at the barrier:", type(e).__name__, b.broken)
