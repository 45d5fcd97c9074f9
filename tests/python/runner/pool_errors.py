# An exception inside a pool task comes back at result().
from concurrent.futures import ThreadPoolExecutor, as_completed
import logging

logging.basicConfig(level=logging.INFO)


def process_item(item):
    try:
        return 100 / item
    except ZeroDivisionError:
        logging.error(f"Division by zero for item: {item}")
        return None


def strict(item):
    if item < 0:
        raise ValueError(f"negative item: {item}")
    return item * 2


with ThreadPoolExecutor(max_workers=3) as executor:
    futures = {executor.submit(process_item, item): item for item in [1, 2, 0, 4, 5]}
    results = {}
    for future in as_completed(futures):
        results[futures[future]] = future.result()
    print(sorted(results.items(), key=lambda kv: kv[0]))

with ThreadPoolExecutor(max_workers=2) as executor:
    futures = [executor.submit(strict, i) for i in [3, -1, 4]]
    for future in futures:
        try:
            print("result", future.result())
        except ValueError as e:
            print(f"failed: {e}", type(e).__name__, repr(future.exception()))
    try:
        list(executor.map(strict, [1, -2, 3]))
    except ValueError as e:
        print("map raised", e)
