// The lesson's example programs, one per lesson (written for threadlab;
// each runs in a few hundred milliseconds). `lesson` is what the page says about it.

/**
 * `compare`: what the Compare button calls, for an example made for it.
 * @typedef {{id: string, title: string, lesson: string, source: string, compare?: import('./compare.js').ComparePick}} Example
 */

/** @type {Example[]} */
export const EXAMPLES = [
  {
    id: 'threads',
    title: 'Threads and their arguments',
    lesson:
      'Each threading.Thread runs its target with args and kwargs on a thread of its own (here a Web Worker). start() returns at once; join() waits. The sleeps overlap, so the three drinks take as long as the slowest one, not the sum.',
    source: String.raw`import threading
import time


def brew(name, cups, seconds):
    for cup in range(1, cups + 1):
        time.sleep(seconds)
        print(f"{name}: cup {cup} of {cups} ready")
    print(f"{name} done ({threading.current_thread().name})")


kettles = [
    threading.Thread(target=brew, args=("green tea", 3, 0.03)),
    threading.Thread(target=brew, args=("coffee", 2, 0.05), name="Barista"),
    threading.Thread(target=brew, kwargs={"name": "cocoa", "cups": 1, "seconds": 0.08}),
]
for kettle in kettles:
    kettle.start()
print("main: every kettle is on; waiting for them")
for kettle in kettles:
    kettle.join()
print("main: all drinks ready, threads alive:", threading.active_count())
`,
  },
  {
    id: 'pool',
    title: 'A pool, as_completed and an exception',
    lesson:
      'ThreadPoolExecutor runs five calls on three threads. as_completed yields each future as it finishes — later pages answer sooner here — and result() re-raises the exception the call raised, in the thread that asks.',
    source: String.raw`from concurrent.futures import ThreadPoolExecutor, as_completed
import time


def fetch(page):
    time.sleep(0.02 * (6 - page))  # later pages answer sooner
    if page == 3:
        raise ValueError(f"page {page} is missing")
    return f"page {page}: {page * 120} words"


def outcome(future, page):
    try:
        return future.result()  # re-raises what fetch raised, here
    except ValueError as err:
        return f"page {page} failed: {err!r}"


with ThreadPoolExecutor(max_workers=3) as pool:
    futures = {pool.submit(fetch, page): page for page in range(1, 6)}
    for future in as_completed(futures):
        print(outcome(future, futures[future]))

print("every page handled, in the order they finished")
`,
  },
  {
    id: 'counter',
    title: 'A shared counter, with and without a Lock',
    lesson:
      'count += one() reads count, calls a function and writes back. A call is a point where CPython ≥ 3.10 may hand the GIL to another thread, so updates get lost; with the lock none are. Set the GIL to “any instruction” and even count += 1 loses updates, as on CPython 3.9.',
    source: String.raw`import threading

ROUNDS = 50_000
THREADS = 4
count = 0
lock = threading.Lock()


def one():
    return 1


def add_unsafely():
    global count
    for _ in range(ROUNDS):
        count += one()  # read count, call one() (a switch point!), write back


def add_with_lock():
    global count
    for _ in range(ROUNDS):
        with lock:
            count += one()


for adder in (add_unsafely, add_with_lock):
    count = 0
    workers = [threading.Thread(target=adder) for _ in range(THREADS)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    lost = THREADS * ROUNDS - count
    print(f"{adder.__name__:>14}: {count} of {THREADS * ROUNDS} ({lost} updates lost)")
`,
  },
  {
    id: 'queue',
    title: 'Producer and consumers with queue.Queue',
    lesson:
      'The kitchen puts dishes on a Queue of two places (put blocks while it is full); two waiters take them (get blocks while it is empty). One sentinel per waiter says “no more” — the timeline shows who was blocked on what.',
    source: String.raw`import queue
import threading
import time

orders = queue.Queue(maxsize=2)
CLOSED = None  # the sentinel: "no more orders"
WAITERS = ["Ada", "Bo"]


def kitchen():
    for dish in ["soup", "salad", "pasta", "pie", "tea", "cake"]:
        time.sleep(0.01)
        orders.put(dish)  # blocks while two dishes wait
        print(f"kitchen: {dish} is up")
    for _ in WAITERS:
        orders.put(CLOSED)  # one sentinel per consumer


def waiter(name):
    served = 0
    while True:
        dish = orders.get()
        if dish is CLOSED:
            break
        time.sleep(0.03)  # walking to the table
        served += 1
        print(f"    {name} served {dish}")
    print(f"    {name} goes home after {served} dishes")


threads = [threading.Thread(target=kitchen, name="Kitchen")]
threads += [threading.Thread(target=waiter, args=(n,), name=n) for n in WAITERS]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("closed")
`,
  },
  {
    id: 'cpu-io',
    title: 'CPU-bound vs I/O-bound: do threads help?',
    lesson:
      'Four jobs one after another, then on four threads. Sleeping (a stand-in for waiting on I/O) lets go of the GIL, so the sleeps overlap and threads are about 4× faster; counting down is pure bytecode, only the GIL holder runs it, and threads are no faster.',
    source: String.raw`import threading
import time


def count_down(n):  # CPU-bound: pure bytecode, holds the GIL
    while n > 0:
        n -= 1


def download(seconds):  # I/O-bound: sleeping lets go of the GIL
    time.sleep(seconds)


def timed(label, job, arg, use_threads):
    start = time.perf_counter()
    if use_threads:
        threads = [threading.Thread(target=job, args=(arg,)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for _ in range(4):
            job(arg)
    took = time.perf_counter() - start
    print(f"{label:<24}{took * 1000:8.1f} ms")
    return took


print("four jobs, one after another, then on four threads:")
io_one = timed("I/O-bound, sequential", download, 0.1, False)
io_four = timed("I/O-bound, 4 threads", download, 0.1, True)
cpu_one = timed("CPU-bound, sequential", count_down, 500_000, False)
cpu_four = timed("CPU-bound, 4 threads", count_down, 500_000, True)
print(f"I/O speed-up: {io_one / io_four:.1f}x (the sleeps overlap)")
print(f"CPU speed-up: {cpu_one / cpu_four:.1f}x (one thread runs bytecode at a time)")
`,
  },
  {
    id: 'compare',
    title: 'Compare: sequential, threads, no GIL, processes',
    lesson:
      'One CPU-bound function and one I/O-bound one, for the Compare button below: it calls each once per input, one after another, on a thread pool with the GIL, on the same pool without it, and on a process pool, then draws the table and the four timelines. Run prints what one after another takes.',
    compare: { cpu: { function: 'crunch', inputs: '[100_000] * 4' }, io: { function: 'fetch', inputs: 'range(4)' } },
    source: String.raw`# Two kinds of work for the Compare button below. crunch() keeps a core
# busy with pure-Python arithmetic; fetch() spends its time waiting, with
# time.sleep standing in for a network round trip.
import time


def crunch(n):
    """CPU-bound: count the numbers below n whose digit sum is odd."""
    odd = 0
    for i in range(n):
        s = 0
        while i:
            s += i % 10
            i //= 10
        odd += s % 2
    return odd


def fetch(page):
    """I/O-bound: ask for a page and wait a quarter of a second for it."""
    time.sleep(0.25)
    return f"page {page}: {300 + 17 * page} bytes"


if __name__ == "__main__":
    start = time.perf_counter()
    counts = [crunch(100_000) for _ in range(4)]
    print(f"crunch, 4 calls one after another: {time.perf_counter() - start:.2f} s -> {counts[0]}")
    start = time.perf_counter()
    pages = [fetch(p) for p in range(4)]
    print(f"fetch, 4 calls one after another:  {time.perf_counter() - start:.2f} s -> {pages[-1]}")
    print("Compare (below) runs both four ways: sequential, threads with and")
    print("without the GIL, and processes.")
`,
  },
  {
    id: 'deadlock',
    title: 'A deadlock: two locks, opposite orders',
    lesson:
      'Lefty takes the fork then the knife; Righty the knife then the fork. Each holds what the other waits for. The runner sees that every thread waits for ever, stops the run and says who waits for what.',
    source: String.raw`import threading
import time

fork = threading.Lock()
knife = threading.Lock()


def lefty():
    with fork:
        print("Lefty holds the fork, reaches for the knife")
        time.sleep(0.05)
        with knife:
            print("Lefty eats")


def righty():
    with knife:  # the opposite order: the bug
        print("Righty holds the knife, reaches for the fork")
        time.sleep(0.05)
        with fork:
            print("Righty eats")


diners = [threading.Thread(target=lefty, name="Lefty"), threading.Thread(target=righty, name="Righty")]
for d in diners:
    d.start()
for d in diners:
    d.join()
print("never printed: each diner waits for the other for ever")
`,
  },
];

/** @param {string} id @returns {Example | undefined} */
export const exampleById = (id) => EXAMPLES.find((x) => x.id === id);
