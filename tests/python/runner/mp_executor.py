# concurrent.futures.ProcessPoolExecutor: the thread pool's API with
# processes behind it; a worker's exception is re-raised by result(), with
# the worker's traceback as its cause.
from concurrent.futures import ProcessPoolExecutor, as_completed, wait


def is_prime(n):
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            return False
        d += 1
    return True


def check(order):
    if order["qty"] <= 0:
        raise ValueError(f"order {order['id']}: quantity must be positive")
    return order["id"], order["qty"] * 3


if __name__ == "__main__":
    numbers = [101, 1009, 10007, 100003, 12, 15]
    with ProcessPoolExecutor(max_workers=2) as ex:
        futures = {ex.submit(is_prime, n): n for n in numbers}
        found = sorted((futures[f], f.result()) for f in as_completed(futures))
        print(found)
        print(list(ex.map(is_prime, [2, 4, 97])))
        done, not_done = wait([ex.submit(is_prime, 7919)])
        print(len(done), len(not_done))
        good = ex.submit(check, {"id": 1, "qty": 2})
        print(good.result())
        bad = ex.submit(check, {"id": 2, "qty": 0})
        try:
            bad.result()
        except ValueError as e:
            print("caught:", e, "| cause:", type(e.__cause__).__name__)
        bad.result()
