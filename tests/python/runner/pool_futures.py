# ThreadPoolExecutor: submit/result, map, as_completed, wait, callbacks.
from concurrent.futures import ThreadPoolExecutor, as_completed, wait, ALL_COMPLETED
import concurrent.futures
import threading
import time


def fetch(url):
    time.sleep(0.01)
    return f"Data from {url}"


def square(n):
    return n * n


urls = [f"http://api.example.com/{i}" for i in range(1, 4)]
with ThreadPoolExecutor(max_workers=3) as executor:
    futures = [executor.submit(fetch, url) for url in urls]
    for future in futures:
        print(future.result())

with ThreadPoolExecutor(max_workers=4) as executor:
    results = executor.map(square, [1, 2, 3, 4])
for result in results:
    print(result)

with ThreadPoolExecutor(max_workers=2) as executor:
    futures = {executor.submit(square, n): n for n in range(5)}
    done = []
    for future in as_completed(futures):
        done.append((futures[future], future.result()))
    print(sorted(done))
    fs = [executor.submit(square, n) for n in (7, 8)]
    finished, pending = wait(fs, return_when=ALL_COMPLETED)
    print(len(finished), len(pending), sorted(f.result() for f in finished))
    f = executor.submit(square, 9)
    calls = []
    f.add_done_callback(lambda fut: calls.append(fut.result()))
    print(f.result(), f.done(), f.cancelled(), f.exception())
    time.sleep(0.01)
    print(calls)

names = set()


def who(_):
    names.add(threading.current_thread().name)
    time.sleep(0.01)


with concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="fetcher") as ex:
    list(ex.map(who, range(4)))
print(sorted(names))
with ThreadPoolExecutor(max_workers=1) as ex:
    ex.submit(who, 0).result()
print(sorted(names)[-1])
print(sum(ThreadPoolExecutor().map(square, range(10))))
