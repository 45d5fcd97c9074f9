# Calls through a global function on threads: fib(N) twice on one thread,
# then once on each of two threads. Under a GIL the two threads take about
# as long as the one; free-threaded they run at once on two cores, if the
# interpreter does not make them wait on the function they share.
import threading
import time

N = 25


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


results = []


def work(n):
    results.append(fib(n))


t0 = time.perf_counter()
work(N)
work(N)
t1 = time.perf_counter()
threads = [threading.Thread(target=work, args=(N,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
t2 = time.perf_counter()
print("fib(%d) four times:" % N, sorted(set(results)), len(results))
print("@one_ms", (t1 - t0) * 1000)
print("@two_ms", (t2 - t1) * 1000)
