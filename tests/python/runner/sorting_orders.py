# Sorting: lists of plain ints, floats and strs (the runner sorts those by
# their keys directly) must come out exactly as CPython's sort leaves them:
# stable, reversed stably, -0.0 equal to 0.0, mixed types and NaN included.
import random

random.seed(11)
floats = [random.choice([0.0, -0.0, 2.5, -1.25, 7.0, float("inf"), -float("inf")]) for _ in range(30)]
print([repr(x) for x in sorted(floats)])
print([repr(x) for x in sorted(floats, reverse=True)])
ints = [random.randint(-4, 4) for _ in range(25)]
print(sorted(ints))
print(sorted(ints, reverse=True))
words = ["pear", "Apple", "apple", "été", "", "zebra", "pea", "apple"]
print(sorted(words), sorted(words, reverse=True))
tagged = [(random.randint(0, 2), i) for i in range(15)]
print(sorted(tagged, key=lambda t: t[0]))
print(sorted(tagged, key=lambda t: t[0], reverse=True))
print(sorted([3, 1.5, True, 2, -0.0, 0]))
print(sorted([2**70, -(2**65), 5, 0]))
nan = float("nan")
print(len(sorted([3.0, nan, 1.0, 2.0])))
xs = [random.random() for _ in range(2000)]
xs.sort()
print(all(xs[i] <= xs[i + 1] for i in range(len(xs) - 1)))
ys = list(range(10, 0, -1))
ys.sort(reverse=True)
print(ys)


# A number on the left of a class's instance: `1 < Weight(2)` asks the
# instance's reflected method (`__gt__`), as CPython does.
class Weight:
    def __init__(self, kg):
        self.kg = kg

    def __gt__(self, other):
        return self.kg > (other.kg if isinstance(other, Weight) else other)

    def __ge__(self, other):
        return self.kg >= (other.kg if isinstance(other, Weight) else other)


print(1 < Weight(2), 3 < Weight(2), 2 <= Weight(2), 3 <= Weight(2))
try:
    print(Weight(1) < 5)
except TypeError as e:
    print("TypeError:", e)
