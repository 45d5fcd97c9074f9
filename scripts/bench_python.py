"""The Python rows of `./dev.sh bench`: the tutorials' versions of threadlab's
workloads, run sequentially, on a ThreadPoolExecutor and on a
ProcessPoolExecutor of N workers, on the same machine.

    python3 scripts/bench_python.py [--reps 3] [--workers N] [--json]

Pure Python is 50-200x slower than the Rust, so each workload runs at a
smaller n (below) and its time is extrapolated to threadlab's default size
with the workload's cost exponent: t_default = t_n * (default / n) ** exponent.
The figures are marked as extrapolated. The pools are started (and warmed)
before the clock starts, so the times are the work, not process start-up;
the pool start-up is reported on its own. Standard library only.
"""
import json
import math
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

MAX_ITER = 1000


def sum_of_squares(start, stop):
    total = 0
    for i in range(start, stop):
        total += i * i
    return total


def counting_loop(start, stop):
    count = 0
    for _ in range(start, stop):
        count += 1
    return count


def sqrt_sin(start, stop):
    total = 0.0
    for i in range(start, stop):
        total += math.sqrt(i) * math.sin(i)
    return total


def is_prime(k):
    if k < 2:
        return False
    if k % 2 == 0:
        return k == 2
    d = 3
    while d * d <= k:
        if k % d == 0:
            return False
        d += 2
    return True


def prime_count(start, stop):
    return sum(1 for k in range(start, stop) if is_prime(k))


def monte_carlo_pi(start, stop):
    rng = random.Random(start)
    inside = 0
    for _ in range(start, stop):
        x, y = rng.random(), rng.random()
        if x * x + y * y <= 1.0:
            inside += 1
    return inside


def mandelbrot_rows(start, stop, width):
    height = width * 2 // 3
    total = 0
    for y in range(start, stop):
        c_im = -1.0 + 2.0 * (y + 0.5) / height
        for x in range(width):
            c = complex(-2.2 + 3.0 * (x + 0.5) / width, c_im)
            z, n = 0j, 0
            while n < MAX_ITER and abs(z) <= 2.0:
                z, n = z * z + c, n + 1
            total += n
    return total


# id: (function, n for Python, threadlab's default size, cost exponent, items)
# For the Mandelbrot, n is the image width and the items are rows.
WORKLOADS = {
    "sum-of-squares": (sum_of_squares, 8_000_000, 500_000_000, 1.0),
    "counting-loop": (counting_loop, 16_000_000, 1_000_000_000, 1.0),
    "sqrt-sin": (sqrt_sin, 4_000_000, 10_000_000, 1.0),
    "mandelbrot": (mandelbrot_rows, 240, 1200, 2.0),
    "prime-count": (prime_count, 800_000, 6_000_000, 1.45),
    "monte-carlo-pi": (monte_carlo_pi, 4_000_000, 200_000_000, 1.0),
}


def task(args):
    name, start, stop, extra = args
    fn = WORKLOADS[name][0]
    return fn(start, stop, *extra)


def jobs(name, n, pieces):
    """Cuts the work into `pieces` contiguous chunks (Mandelbrot: one row each)."""
    extra = ()
    items = n
    if name == "mandelbrot":
        extra, items = (n,), n * 2 // 3
        pieces = items  # one row per task, like the tutorial's chunksize=1
    step = -(-items // pieces)
    return [(name, s, min(s + step, items), extra) for s in range(0, items, step)]


def timed(run):
    t0 = time.perf_counter()
    value = run()
    return time.perf_counter() - t0, value


def main():
    args = sys.argv[1:]
    opt = lambda name, default: int(args[args.index(name) + 1]) if name in args else default
    reps = opt("--reps", 3)
    workers = opt("--workers", os.cpu_count() or 1)
    only = args[args.index("--only") + 1] if "--only" in args else None
    t0 = time.perf_counter()
    threads = ThreadPoolExecutor(max_workers=workers)
    processes = ProcessPoolExecutor(max_workers=workers)
    list(processes.map(abs, range(workers * 4)))  # start every process now
    pool_start_ms = (time.perf_counter() - t0) * 1e3
    rows = []
    for name, (fn, n, default, exponent) in WORKLOADS.items():
        if only and name != only:
            continue
        whole = jobs(name, n, 1)
        split = jobs(name, n, workers * 4 if name == "prime-count" else workers)
        runs = {
            "sequential": lambda: sum(task(j) for j in whole),
            "threads": lambda: sum(threads.map(task, split)),
            "processes": lambda: sum(processes.map(task, split)),
        }
        times = {k: [] for k in runs}
        values = {}
        for rep in range(reps + 1):  # repetition 0 warms up
            for kind, run in runs.items():
                seconds, value = timed(run)
                values.setdefault(kind, value)
                if rep > 0:
                    times[kind].append(seconds * 1e3)
        scale = (default / n) ** exponent
        agree = name in ("sqrt-sin",) or len({values[k] for k in values}) == 1
        rows.append({
            "workload": name, "n": n, "default_size": default, "exponent": exponent,
            "scale_to_default": scale, "ms_at_n": times, "agree": agree,
            "extrapolated_ms": {k: [t * scale for t in v] for k, v in times.items()},
        })
        if "--json" not in args:
            med = {k: sorted(v)[len(v) // 2] * scale for k, v in times.items()}
            print(f"{name}: " + ", ".join(f"{k} {v / 1e3:.1f} s" for k, v in med.items()) + " (extrapolated)", file=sys.stderr)
    threads.shutdown()
    processes.shutdown()
    out = {"python": sys.version.split()[0], "workers": workers, "reps": reps,
           "pool_start_ms": pool_start_ms, "rows": rows}
    if "--json" in args:
        print(json.dumps(out))


if __name__ == "__main__":
    main()
