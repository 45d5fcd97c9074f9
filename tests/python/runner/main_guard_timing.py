# if __name__ == "__main__", time measurements rounded to what is stable.
import time
import math
import random


def cpu_task(n):
    return sum(i * i for i in range(n))


def main():
    start = time.time()
    t0 = time.perf_counter()
    total = cpu_task(10000)
    time.sleep(0.02)
    elapsed = time.time() - start
    print(f"total {total}, took at least 0.02s: {elapsed >= 0.02}, under 5s: {time.perf_counter() - t0 < 5}")
    print(math.sqrt(2), math.pi, math.floor(-2.5), math.ceil(2.1), math.factorial(20), math.gcd(84, 36))
    print(math.isclose(0.1 + 0.2, 0.3), math.log(100, 10), math.log2(8), math.hypot(3, 4), math.inf > 10 ** 100)
    random.seed(7)
    print(random.randint(1, 10), random.choice(["a", "b", "c"]), round(random.random(), 6), random.sample(range(20), 4))
    items = list(range(8))
    random.shuffle(items)
    print(items, round(random.uniform(1, 2), 6))


if __name__ == "__main__":
    main()
print(__name__)
