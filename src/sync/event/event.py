import threading, time

ready = threading.Event()

def preparer():
    time.sleep(0.15)          # open the file, load the data…
    ready.set()               # wake every waiter

def worker(name):
    ready.wait()              # sleeps until set(); no CPU used
    print(f"{name} starts at {time.perf_counter():.3f}")

threads = [threading.Thread(target=preparer)]
threads += [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(3)]
for t in threads: t.start()
for t in threads: t.join()
