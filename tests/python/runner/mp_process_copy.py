# Processes share nothing: a child changes its copy of a list and of a
# global, the parent's stay as they were; results come back on a Queue.
import multiprocessing as mp
import os

scores = {"alice": 1}
history = []


def play(name, log):
    scores[name] = scores.get(name, 0) + 10
    history.append(name)
    log.append("child")
    print(f"child {mp.current_process().name}: scores={scores} log={log}", flush=True)


def square(n, results):
    results.put((n, n * n, os.getpid() != os.getppid()))


if __name__ == "__main__":
    log = ["parent"]
    p = mp.Process(target=play, args=("bob", log))
    p.start()
    p.join()
    print("parent: scores =", scores, "history =", history, "log =", log)
    print("exit code:", p.exitcode, "alive:", p.is_alive())

    results = mp.Queue()
    workers = [mp.Process(target=square, args=(i, results)) for i in range(4)]
    for w in workers:
        w.start()
    got = sorted(results.get(timeout=10) for _ in workers)
    for w in workers:
        w.join()
    print(got)
    print("names:", [w.name for w in workers])
    print("pids differ:", len({w.pid for w in workers}) == 4 and os.getpid() not in {w.pid for w in workers})
    print("current:", mp.current_process().name)
