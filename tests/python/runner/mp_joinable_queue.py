# A JoinableQueue counts unfinished tasks: every put adds one, every
# task_done takes one away, and join() returns once none is left, even
# though the workers that finish them are other processes.
import multiprocessing as mp


def checker(jobs, results):
    while True:
        n = jobs.get()
        if n is None:
            jobs.task_done()
            break
        divisors = [d for d in range(1, n + 1) if n % d == 0]
        results.put((n, len(divisors) == 2))
        jobs.task_done()


if __name__ == "__main__":
    jobs = mp.JoinableQueue()
    results = mp.Queue()
    workers = [mp.Process(target=checker, args=(jobs, results)) for _ in range(3)]
    for w in workers:
        w.start()
    for n in range(2, 30):
        jobs.put(n)
    jobs.join()
    print("every job done; results waiting:", results.qsize())
    found = sorted(results.get() for _ in range(28))
    print("primes:", [n for n, prime in found if prime])
    for _ in workers:
        jobs.put(None)
    jobs.join()
    for w in workers:
        w.join()
    print("exit codes:", [w.exitcode for w in workers])

    # join() on a queue with nothing unfinished returns at once.
    empty = mp.JoinableQueue()
    empty.join()
    empty.put("x")
    print(empty.get())
    empty.task_done()
    try:
        empty.task_done()
    except ValueError as e:
        print("ValueError:", e)
