import threading, time

permits = threading.Semaphore(2)      # k = 2
inside = 0
count_lock = threading.Lock()

def worker(name, rounds=3):
    global inside
    for _ in range(rounds):
        with permits:                 # waits while both permits are out
            with count_lock:
                inside += 1
                assert inside <= 2
            time.sleep(0.06)          # the guarded work
            with count_lock:
                inside -= 1
        time.sleep(0.015)             # work outside

threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for t in threads: t.start()
for t in threads: t.join()
