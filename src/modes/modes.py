# Threads vs processes vs the GIL vs asyncio, in Python: the comparison that
# threadlab's modes page measures in the browser (written for threadlab).
#
#   python3 modes.py                      the page's defaults
#   python3 modes.py --tasks 4 --units 200000 --wait-ms 20 --workers 2 --http-ms 0
#
# --http-ms 0 skips the HTTP row (it needs threadlab's server: ./dev.sh serve).
import argparse
import asyncio
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed


def count(n):  # CPU-bound: holds the GIL for the whole loop
    c = 0
    for _ in range(n):
        c += 1
    return c


def wait(ms):  # I/O-bound: the GIL is released while it sleeps
    time.sleep(ms / 1000)
    return ms


def fetch(url):  # a blocking HTTP request, as requests.get would make
    with urllib.request.urlopen(url) as response:
        return response.read()


def divide(a, b):  # one item fails: ZeroDivisionError
    return a // b


def timed(label, f):
    t = time.perf_counter()
    f()
    print(f"{label:<17} {time.perf_counter() - t:8.3f} s", flush=True)


def main():
    p = argparse.ArgumentParser(description="threads vs processes vs the GIL vs asyncio")
    p.add_argument("--tasks", type=int, default=8)
    p.add_argument("--units", type=int, default=30_000_000)
    p.add_argument("--wait-ms", type=int, default=100)
    p.add_argument("--http-ms", type=int, default=100)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--url", default="http://localhost:8080/slow?ms={ms}")
    s = p.parse_args()
    cpu = [s.units] * s.tasks
    io = [s.wait_ms] * s.tasks

    # CPU-bound, five ways (the event loop would only run them one by one).
    timed("sequential", lambda: [count(n) for n in cpu])
    with ThreadPoolExecutor(s.workers) as pool:  # no faster under the GIL
        timed("threads", lambda: list(pool.map(count, cpu)))
    with ProcessPoolExecutor(s.workers) as pool:  # faster, but each starts an interpreter
        timed("processes", lambda: list(pool.map(count, cpu)))

    # I/O-bound: waits overlap on threads even with the GIL, and on the event loop.
    timed("sequential, I/O", lambda: [wait(ms) for ms in io])
    with ThreadPoolExecutor(s.workers) as pool:
        timed("threads, I/O", lambda: list(pool.map(wait, io)))

    async def gather():  # one thread, many pending waits
        await asyncio.gather(*(asyncio.sleep(ms / 1000) for ms in io))

    timed("asyncio", lambda: asyncio.run(gather()))

    if s.http_ms > 0:
        urls = [s.url.format(ms=s.http_ms)] * s.tasks
        timed("HTTP, sequential", lambda: [fetch(u) for u in urls])
        with ThreadPoolExecutor(s.workers) as pool:
            timed("HTTP, threads", lambda: list(pool.map(fetch, urls)))

    # One item fails, the others complete: as_completed + try/except.
    with ThreadPoolExecutor(s.workers) as pool:
        futures = {pool.submit(divide, 1000 * (i + 1), 0 if i == 3 else i + 1): i for i in range(8)}
        for f in as_completed(futures):
            try:
                print("item", futures[f], "=", f.result())
            except ZeroDivisionError as e:
                print("item", futures[f], "failed:", e)


if __name__ == "__main__":  # ProcessPoolExecutor re-imports this module
    main()
