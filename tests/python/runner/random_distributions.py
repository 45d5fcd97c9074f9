# Seeded draws from every distribution of the random module: a Monte Carlo
# lesson prints the same numbers on the runner as on CPython.
import random

random.seed(2024)
print("gauss", [round(random.gauss(10, 3), 12) for _ in range(5)])
print("normal", [random.normalvariate(0, 1) for _ in range(4)])
print("lognormal", [random.lognormvariate(0, 0.5) for _ in range(3)])
print("expo", [random.expovariate(2.0) for _ in range(4)])
print("triangular", random.triangular(), random.triangular(1, 5), random.triangular(0, 10, 9))
print("triangular same ends", random.triangular(3, 3, 3))
print("gamma <1", [random.gammavariate(0.4, 2) for _ in range(3)])
print("gamma =1", random.gammavariate(1.0, 3))
print("gamma >1", [random.gammavariate(5, 0.5) for _ in range(3)])
print("beta", [random.betavariate(2, 5) for _ in range(3)])
print("pareto", [random.paretovariate(3) for _ in range(3)])
print("weibull", [random.weibullvariate(2, 1.5) for _ in range(3)])
print("vonmises", [random.vonmisesvariate(1.0, 2.0) for _ in range(3)], random.vonmisesvariate(0, 0))
print("uniform", random.uniform(-1, 1), random.uniform(5, 2))
print("choices", random.choices("red green blue".split(), k=6))
print("weighted", random.choices([1, 2, 3], weights=[10, 1, 1], k=8))
print("cumulative", random.choices("ab", cum_weights=[1, 4], k=6))
print("sample small", random.sample(["a", "b", "c", "d", "e"], 3))
print("sample large", random.sample(range(10_000), 8))
print("sample counts", random.sample(["red", "blue"], 4, counts=[3, 2]))
print("randbytes", random.randbytes(9))
print("bits", random.getrandbits(0), random.getrandbits(7), random.getrandbits(130))
print("randrange", random.randrange(3, 100, 7), random.randrange(50, 0, -5), random.randrange(10**30))
deck = list(range(12))
random.shuffle(deck)
print("shuffle", deck)

# A Monte Carlo estimate of pi: exactly CPython's for this seed.
random.seed(1)
inside = sum(1 for _ in range(20_000) if random.random() ** 2 + random.random() ** 2 <= 1)
print("pi is about", 4 * inside / 20_000)

# Seeds of every kind CPython takes.
for s in [0, 7, -7, 2**70, 3.25, "tutorial", b"bytes", bytearray(b"ba"), None]:
    random.seed(s)
    x = random.random()
    print(repr(s) if s is not None else "None", x if s is not None else 0 <= x < 1)

# getstate/setstate replay the same numbers, gauss's spare value included.
random.seed(5)
random.gauss()
state = random.getstate()
first = [random.gauss() for _ in range(3)]
random.setstate(state)
print("replayed", first == [random.gauss() for _ in range(3)], state[0], len(state[1]))
