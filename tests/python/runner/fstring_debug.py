# f-strings that show their own expression: handy when watching threads.
import threading

hits = 0
rate = 2 / 3
label = "worker"
lock = threading.Lock()


def bump(times):
    global hits
    for _ in range(times):
        with lock:
            hits += 1


workers = [threading.Thread(target=bump, args=(250,)) for _ in range(4)]
for w in workers:
    w.start()
for w in workers:
    w.join()

print(f"{hits=}")
print(f"{hits = }, {len(workers) = }")
print(f"{rate=:.3f} {label=!s} {label=}")
print(f"{hits * 2 =:>8}|")
print(f"{hits == 1000 = }")
print(f"{'nested ' + label = }")
