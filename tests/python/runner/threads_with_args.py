"""Two kinds of workers share a counter; each gets its own arguments."""
import threading
import time

counter = 0
counter_lock = threading.Lock()


def worker(name, repeats, delay=0.0, *, verbose=False):
    global counter
    for i in range(repeats):
        with counter_lock:
            counter += 1
        if verbose:
            print(f"{name}: step {i + 1}/{repeats}", flush=True)
        time.sleep(delay)


def main():
    threads = [
        threading.Thread(target=worker, args=(f"t{n}", 3), kwargs={"verbose": n == 0})
        for n in range(4)
    ]
    threads.append(threading.Thread(target=worker, args=("slow", 2, 0.01), daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counter == 4 * 3 + 2, counter
    print("counter:", counter, sep=" ", end="\n")


if __name__ == "__main__":
    main()
