# random.Random objects: generators of their own, independent of the
# module's and of each other; subclasses; CPython's error messages.
import random

a = random.Random(42)
b = random.Random(42)
random.seed(42)
print(a.random() == b.random() == random.random())
print(a.randint(1, 6), a.choice("xyz"), a.randrange(0, 50, 5), a.uniform(2, 4))
print(a.gauss(), a.expovariate(3), a.sample(range(100), 5), a.choices("ab", k=4))
print(a.randbytes(4), a.getrandbits(40), a.triangular(0, 1, 0.2))
cards = list("AKQJ")
a.shuffle(cards)
print(cards)
b.seed("same text")
c = random.Random("same text")
print(b.random() == c.random(), b.gauss() == c.gauss())

# Drawing from one generator does not move another.
d, e = random.Random(9), random.Random(9)
for _ in range(100):
    d.random()
print(e.random() == random.Random(9).random())

# State moves between objects.
f = random.Random(3)
g = random.Random()
g.setstate(f.getstate())
print([f.randint(0, 9) for _ in range(8)] == [g.randint(0, 9) for _ in range(8)])


class Dice(random.Random):
    def roll(self):
        return self.randint(1, 6)


dice = Dice(7)
random.seed(11)
print(random.randrange(1, stop=50), random.randint(b=9, a=3), random.uniform(a=1, b=2))
print(random.choice(seq="abc"), random.Random(4).randrange(start=2, stop=40, step=3))
print("dice", [dice.roll() for _ in range(10)], isinstance(dice, random.Random))
print(isinstance(random.SystemRandom(), random.Random))

tests = [
    lambda: random.getrandbits(-1),
    lambda: random.randrange(0),
    lambda: random.randrange(-3),
    lambda: random.randint(5, 1),
    lambda: random.randrange(1, 10, 0),
    lambda: random.randrange(10, 1, 2),
    lambda: random.randrange(1, None, 2),
    lambda: random.choice([]),
    lambda: random.sample({1, 2}, 1),
    lambda: random.sample([1, 2], 3),
    lambda: random.sample([1, 2], -1),
    lambda: random.sample([1, 2, 3], 2, counts=[1, 0]),
    lambda: random.sample([1, 2], 1, counts=[1.0, 2.0]),
    lambda: random.sample([1, 2], 1, counts=[0, 0]),
    lambda: random.choices([], k=2),
    lambda: random.choices([1, 2], [1], k=2),
    lambda: random.choices([1, 2], 3),
    lambda: random.choices([1], [1], cum_weights=[1]),
    lambda: random.choices([1, 2], [0, 0]),
    lambda: random.choices([1, 2], [1, float("inf")]),
    lambda: random.gammavariate(0, 1),
    lambda: random.betavariate(-1, 1),
    lambda: random.expovariate(0),
    lambda: random.seed([1]),
    lambda: random.setstate((1, (), None)),
    lambda: random.setstate((3, (1, 2), None)),
    lambda: random.setstate((3, [0] * 625, None)),
    lambda: random.Random().setstate((3, tuple(range(624)) + (700,), None)),
    lambda: random.randbytes(-1),
    lambda: random.uniform("a", "b"),
    lambda: random.getrandbits(2.0),
    lambda: random.shuffle((1, 2, 3)),
    lambda: random.SystemRandom().getstate(),
    lambda: random.Random(1).choice(()),
    lambda: random.Random(1).randint(3, 2),
    lambda: random.random(1),
    lambda: random.choice([1], [2]),
    lambda: random.randrange(),
    lambda: random.randrange(1, 2, 3, 4),
    lambda: random.randint(1),
    lambda: random.randint(),
    lambda: random.getrandbits(),
    lambda: random.getrandbits(10**20),
    lambda: random.randrange(1, start=2),
    lambda: random.randrange(5, step=2),
]
for t in tests:
    try:
        print(t())
    except Exception as ex:
        print(type(ex).__name__, ex)


# A subclass that skips Random.__init__ still draws; one that replaces
# random() has the distributions built on it.
class Labelled(random.Random):
    def __init__(self, label):
        self.label = label


lab = Labelled("x")
lab.seed(3)
print(lab.label, lab.random(), lab.randint(1, 9))


class Fixed(random.Random):
    def random(self):
        return 0.25


fx = Fixed(1)
print(fx.uniform(0, 4), fx.expovariate(1.0), fx.triangular(), fx.choices("abcd", k=3))
deck = list(range(8))
fx.shuffle(deck)
print(fx.randint(1, 6), fx.randrange(10), fx.randrange(0, 20, 3), fx.choice("xyz"), deck, fx.sample("abcde", 2))


class Lcg(random.Random):
    """A tiny generator of its own, as a lesson on generators might write."""

    def __init__(self, seed):
        self.state = seed

    def random(self):
        self.state = (self.state * 1103515245 + 12345) % 2**31
        return self.state / 2**31


lcg = Lcg(7)
print([lcg.randint(1, 6) for _ in range(8)], lcg.choice("abc"), lcg.randrange(100))
