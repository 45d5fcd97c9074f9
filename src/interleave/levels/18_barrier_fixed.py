import threading

data = [0, 0]
barrier = threading.Barrier(2)


def worker(i):
    data[i] = i + 1
    barrier.wait()
    seen = data[0] + data[1]
    assert seen == 3, f"worker {i} saw only part of the data: {seen}"


t0 = threading.Thread(target=worker, args=(0,))
t1 = threading.Thread(target=worker, args=(1,))
t0.start()
t1.start()
t0.join()
t1.join()
