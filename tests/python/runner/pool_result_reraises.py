# A task that fails in a pool thread: result() raises its exception again in
# the caller, and the traceback shows the task's own frame.
from concurrent.futures import ThreadPoolExecutor


def shares(total, people):
    return total // people


with ThreadPoolExecutor(max_workers=2) as pool:
    fair = pool.submit(shares, 120, 4)
    broken = pool.submit(shares, 120, 0)
    print("fair share:", fair.result())
    print("broken share:", broken.result())
