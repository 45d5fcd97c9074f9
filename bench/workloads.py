"""The Python rows of `./dev.sh bench`: the Python version of each of
threadlab's workloads -- the very files the page shows,
src/workloads/python/*.py -- run sequentially, on a ThreadPoolExecutor and on a
ProcessPoolExecutor of N workers, on the same machine.

    python3 bench/workloads.py [--reps 3] [--workers N] [--only ID] [--sequential-only] [--json]

Pure Python is 50-200x slower than the Rust, so each workload runs at a
smaller n (below) and its time is extrapolated to threadlab's default size
with the workload's cost exponent: t_default = t_n * (default / n) ** exponent.
The figures are marked as extrapolated. The pools are started (and warmed)
before the clock starts, so the times are the work, not process start-up;
the pool start-up is reported on its own. Standard library only.
"""
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

# The workloads' own Python files, the ones the page shows (one per workload,
# src/workloads/python/<id>.py): this script imports them and times their
# functions, so what is measured is exactly what is shown. On the path (not
# loaded from a file location) so that worker processes can import them too.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src" / "workloads" / "python"))

import counting_loop  # noqa: E402
import mandelbrot  # noqa: E402
import monte_carlo_pi  # noqa: E402
import prime_count  # noqa: E402
import sqrt_sin  # noqa: E402
import sum_of_squares  # noqa: E402


def mandelbrot_rows(width):
    height = max(width * 2 // 3, 1)
    return [mandelbrot.row(y, width, height) for y in range(height)]


def monte_carlo_sequential(n):
    block = max(-(-n // 4096), 1 << 14)
    lengths = [min(block, n - s) for s in range(0, n, block)]
    return sum(monte_carlo_pi.count_inside(b, length) for b, length in enumerate(lengths))


# id: (n for Python, threadlab's default size, cost exponent,
#      sequential(n), parallel(n, pool, workers)) -- each a call into the file.
# For the Mandelbrot, n is the image width.
WORKLOADS = {
    "sum-of-squares": (8_000_000, 500_000_000, 1.0,
                       lambda n: sum_of_squares.sum_of_squares(0, n),
                       sum_of_squares.parallel_sum_of_squares),
    "counting-loop": (16_000_000, 1_000_000_000, 1.0,
                      counting_loop.count_up, counting_loop.count_on_threads),
    "sqrt-sin": (4_000_000, 10_000_000, 1.0,
                 lambda n: sqrt_sin.accumulate(0, n), sqrt_sin.parallel_accumulate),
    "mandelbrot": (240, 1200, 2.0,
                   mandelbrot_rows, lambda n, pool, workers: mandelbrot.mandelbrot(n, pool)),
    # equal chunks, as in the file, but 4 per worker so a chunk is not a
    # quarter of the whole uneven range
    "prime-count": (800_000, 6_000_000, 1.45,
                    lambda n: prime_count.count_primes(0, n)[0],
                    lambda n, pool, workers: sum(
                        c for c, _ in prime_count.parallel_count_primes(n, pool, 4 * workers)[1])),
    "monte-carlo-pi": (200_000, 200_000_000, 1.0,
                       monte_carlo_sequential,
                       lambda n, pool, workers: monte_carlo_pi.parallel_count_inside(n, pool)),
}


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
    # Only the sequential run (bench/bench.mjs pairs it with a wasm run):
    # no pools started.
    sequential_only = "--sequential-only" in args
    t0 = time.perf_counter()
    threads = None if sequential_only else ThreadPoolExecutor(max_workers=workers)
    processes = None if sequential_only else ProcessPoolExecutor(max_workers=workers)
    if processes:
        list(processes.map(abs, range(workers * 4)))  # start every process now
    pool_start_ms = (time.perf_counter() - t0) * 1e3
    rows = []
    for name, (n, default, exponent, sequential, parallel) in WORKLOADS.items():
        if only and name != only:
            continue
        runs = {"sequential": lambda: sequential(n)}
        if not sequential_only:
            runs["threads"] = lambda: parallel(n, threads, workers)
            runs["processes"] = lambda: parallel(n, processes, workers)
        times = {k: [] for k in runs}
        values = {}
        for rep in range(reps + 1):  # repetition 0 warms up
            for kind, run in runs.items():
                seconds, value = timed(run)
                values.setdefault(kind, value)
                if rep > 0:
                    times[kind].append(seconds * 1e3)
        scale = (default / n) ** exponent
        agree = name == "sqrt-sin" or all(v == values["sequential"] for v in values.values())
        rows.append({
            "workload": name, "n": n, "default_size": default, "exponent": exponent,
            "scale_to_default": scale, "ms_at_n": times, "agree": agree,
            "extrapolated_ms": {k: [t * scale for t in v] for k, v in times.items()},
        })
        if "--json" not in args:
            med = {k: sorted(v)[len(v) // 2] * scale for k, v in times.items()}
            print(f"{name}: " + ", ".join(f"{k} {v / 1e3:.1f} s" for k, v in med.items()) + " (extrapolated)", file=sys.stderr)
    if threads:
        threads.shutdown()
    if processes:
        processes.shutdown()
    out = {"python": sys.version.split()[0], "workers": workers, "reps": reps,
           "pool_start_ms": pool_start_ms, "rows": rows}
    if "--json" in args:
        print(json.dumps(out))


if __name__ == "__main__":
    main()
