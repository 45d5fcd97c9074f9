import threading, time

n = 4
barrier = threading.Barrier(n)

def worker(i, phases=3, unit=0.04):
    for phase in range(phases):
        time.sleep(unit * (1 + (i + phase) % n))   # uneven work
        barrier.wait()                            # wait for everyone

threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
for t in threads: t.start()
for t in threads: t.join()
