"""random for threadlab: the module functions and random.Random objects
of CPython 3.11, drawing the same numbers for the same seed.

The Mersenne Twister and the hot functions (random, randint, randrange,
choice, shuffle, uniform, getrandbits) are native (_random); the
distributions below are computed here from random() and getrandbits() in
the same order and with the same arithmetic as CPython, so a seeded
Monte Carlo simulation prints what python3 prints. SystemRandom is a
Random seeded from the clock (there is no OS entropy source here)."""

import _random
from math import (log as _log, exp as _exp, pi as _pi, e as _e, sqrt as _sqrt,
                  acos as _acos, cos as _cos, sin as _sin, floor as _floor,
                  ceil as _ceil, isfinite as _isfinite)

__all__ = ["Random", "SystemRandom", "seed", "random", "uniform", "randint",
           "choice", "sample", "randrange", "shuffle", "normalvariate",
           "lognormvariate", "expovariate", "vonmisesvariate", "gammavariate",
           "triangular", "gauss", "betavariate", "paretovariate",
           "weibullvariate", "getstate", "setstate", "getrandbits", "choices",
           "randbytes"]

TWOPI = 2.0 * _pi
LOG4 = _log(4.0)
NV_MAGICCONST = 4 * _exp(-0.5) / _sqrt(2.0)
SG_MAGICCONST = 1.0 + _log(4.5)


def _seed_int(a):
    """The int a seed stands for (CPython's version-2 seeding)."""
    if a is None or isinstance(a, int):
        return a
    if isinstance(a, float):
        return abs(hash(a))
    if isinstance(a, (str, bytes, bytearray)):
        import hashlib
        raw = a.encode() if isinstance(a, str) else bytes(a)
        return int.from_bytes(raw + hashlib.sha512(raw).digest(), "big")
    raise TypeError("The only supported seed types are: None,\n"
                    "int, float, str, bytes, and bytearray.")


def _running_sums(values):
    out = []
    total = None
    for v in values:
        total = v if total is None else total + v
        out.append(total)
    return out


def _bisect_right(a, x, hi):
    lo = 0
    while lo < hi:
        mid = (lo + hi) // 2
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _is_sequence(p):
    if isinstance(p, (list, tuple, range, str, bytes, bytearray)):
        return True
    if isinstance(p, (dict, set, frozenset)):
        return False
    return hasattr(p, "__getitem__") and hasattr(p, "__len__")


class Random:
    """A generator of its own: Random(42) gives what random.seed(42) gives."""

    VERSION = 3

    def __init__(self, x=None):
        self._g = _random.Generator()
        self.seed(x)

    def __init_subclass__(cls, **kwargs):
        # As CPython's: a subclass that brings its own random() (and not
        # getrandbits()) draws its ints from that random() too.
        for c in cls.__mro__:
            if "_randbelow" in c.__dict__ or "getrandbits" in c.__dict__:
                break
            if "random" in c.__dict__:
                cls._randbelow = Random._randbelow_from_random
                cls.randrange = Random._randrange_py
                cls.randint = Random._randint_py
                cls.choice = Random._choice_py
                cls.shuffle = Random._shuffle_py
                break

    def _randbelow_from_random(self, n):
        whole = 1 << 53
        rem = whole % n
        limit = (whole - rem) / whole
        r = self.random()
        while r >= limit:
            r = self.random()
        return _floor(r * whole) % n

    def _randrange_py(self, start, stop=None, step=1):
        start = start.__index__()
        if stop is None:
            if start > 0:
                return self._randbelow(start)
            raise ValueError("empty range for randrange()")
        stop = stop.__index__()
        width = stop - start
        step = step.__index__()
        if step == 1:
            if width > 0:
                return start + self._randbelow(width)
            raise ValueError(f"empty range for randrange() ({start}, {stop}, {width})")
        if step > 0:
            n = (width + step - 1) // step
        elif step < 0:
            n = (width + step + 1) // step
        else:
            raise ValueError("zero step for randrange()")
        if n <= 0:
            raise ValueError("empty range for randrange()")
        return start + step * self._randbelow(n)

    def _randint_py(self, a, b):
        return self.randrange(a, b + 1)

    def _choice_py(self, seq):
        if not len(seq):
            raise IndexError("Cannot choose from an empty sequence")
        return seq[self._randbelow(len(seq))]

    def _shuffle_py(self, x):
        for i in reversed(range(1, len(x))):
            j = self._randbelow(i + 1)
            x[i], x[j] = x[j], x[i]

    def __getattr__(self, name):
        # A subclass whose __init__ skips Random.__init__ still gets a
        # generator (seeded from the clock, as CPython's would be).
        if name == "_g":
            self._g = _random.Generator()
            return self._g
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def seed(self, a=None, version=2):
        self._g.seed(_seed_int(a))
        self.gauss_next = None

    def getstate(self):
        return (self.VERSION, self._g.getstate(), self.gauss_next)

    def setstate(self, state):
        version = state[0]
        if version == 3:
            version, internal, self.gauss_next = state
        elif version == 2:
            version, internal, self.gauss_next = state
            try:
                internal = tuple(x % (2 ** 32) for x in internal)
            except ValueError as e:
                raise TypeError from e
        else:
            raise ValueError("state with version %s passed to "
                             "Random.setstate() of version %s"
                             % (version, self.VERSION))
        self._g.setstate(internal)

    def random(self):
        return self._g.random()

    def getrandbits(self, k):
        return self._g.getrandbits(k)

    def _randbelow(self, n):
        return self._g._randbelow(n)

    def randbytes(self, n):
        return self._g.getrandbits(n * 8).to_bytes(n, "little")

    def randrange(self, start, stop=None, step=None):
        if step is None:
            return self._g.randrange(start, stop)
        return self._g.randrange(start, stop, step)

    def randint(self, a, b):
        return self._g.randint(a, b)

    def choice(self, seq):
        return self._g.choice(seq)

    def shuffle(self, x):
        return self._g.shuffle(x)

    def uniform(self, a, b):
        return a + (b - a) * self.random()

    def sample(self, population, k, *, counts=None):
        if not _is_sequence(population):
            raise TypeError("Population must be a sequence.  "
                            "For dicts or sets, use sorted(d).")
        n = len(population)
        if counts is not None:
            cum = _running_sums(counts)
            if len(cum) != n:
                raise ValueError("The number of counts does not match the population")
            total = cum.pop()
            if not isinstance(total, int):
                raise TypeError("Counts must be integers")
            if total <= 0:
                raise ValueError("Total of counts must be greater than zero")
            picks = self.sample(range(total), k=k)
            return [population[_bisect_right(cum, s, len(cum))] for s in picks]
        if not 0 <= k <= n:
            raise ValueError("Sample larger than population or is negative")
        below = self._randbelow
        result = [None] * k
        # Small populations: draw from a shrinking copy; large ones:
        # redraw indices already taken (the same rule as CPython's).
        setsize = 21
        if k > 5:
            setsize += 4 ** _ceil(_log(k * 3, 4))
        if n <= setsize:
            pool = list(population)
            for i in range(k):
                j = below(n - i)
                result[i] = pool[j]
                pool[j] = pool[n - i - 1]
        else:
            taken = set()
            for i in range(k):
                j = below(n)
                while j in taken:
                    j = below(n)
                taken.add(j)
                result[i] = population[j]
        return result

    def choices(self, population, weights=None, *, cum_weights=None, k=1):
        rand = self.random
        n = len(population)
        if cum_weights is None:
            if weights is None:
                n += 0.0
                return [population[_floor(rand() * n)] for i in range(k)]
            try:
                cum_weights = _running_sums(weights)
            except TypeError:
                if not isinstance(weights, int):
                    raise
                k = weights
                raise TypeError("The number of choices must be a keyword "
                                f"argument: k={k}") from None
        elif weights is not None:
            raise TypeError("Cannot specify both weights and cumulative weights")
        if len(cum_weights) != n:
            raise ValueError("The number of weights does not match the population")
        total = cum_weights[-1] + 0.0
        if total <= 0.0:
            raise ValueError("Total of weights must be greater than zero")
        if not _isfinite(total):
            raise ValueError("Total of weights must be finite")
        hi = n - 1
        return [population[_bisect_right(cum_weights, rand() * total, hi)]
                for i in range(k)]

    def triangular(self, low=0.0, high=1.0, mode=None):
        u = self.random()
        try:
            c = 0.5 if mode is None else (mode - low) / (high - low)
        except ZeroDivisionError:
            return low
        if u > c:
            u = 1.0 - u
            c = 1.0 - c
            low, high = high, low
        return low + (high - low) * _sqrt(u * c)

    def normalvariate(self, mu=0.0, sigma=1.0):
        # Kinderman and Monahan's ratio-of-uniforms method.
        rand = self.random
        while True:
            u1 = rand()
            u2 = 1.0 - rand()
            z = NV_MAGICCONST * (u1 - 0.5) / u2
            if z * z / 4.0 <= -_log(u2):
                break
        return mu + z * sigma

    def gauss(self, mu=0.0, sigma=1.0):
        # Box-Muller: one pair of draws makes two normals; keep the second.
        z = self.gauss_next
        self.gauss_next = None
        if z is None:
            angle = self.random() * TWOPI
            radius = _sqrt(-2.0 * _log(1.0 - self.random()))
            z = _cos(angle) * radius
            self.gauss_next = _sin(angle) * radius
        return mu + z * sigma

    def lognormvariate(self, mu, sigma):
        return _exp(self.normalvariate(mu, sigma))

    def expovariate(self, lambd):
        return -_log(1.0 - self.random()) / lambd

    def vonmisesvariate(self, mu, kappa):
        rand = self.random
        if kappa <= 1e-6:
            return TWOPI * rand()
        s = 0.5 / kappa
        r = s + _sqrt(1.0 + s * s)
        while True:
            z = _cos(_pi * rand())
            d = z / (r + z)
            u2 = rand()
            if u2 < 1.0 - d * d or u2 <= (1.0 - d) * _exp(d):
                break
        q = 1.0 / r
        f = (q + z) / (1.0 + q * z)
        if rand() > 0.5:
            return (mu + _acos(f)) % TWOPI
        return (mu - _acos(f)) % TWOPI

    def gammavariate(self, alpha, beta):
        if alpha <= 0.0 or beta <= 0.0:
            raise ValueError("gammavariate: alpha and beta must be > 0.0")
        rand = self.random
        if alpha > 1.0:
            return self._gamma_large(alpha) * beta
        if alpha == 1.0:
            return -_log(1.0 - rand()) * beta
        # alpha < 1: Ahrens and Dieter's GS algorithm.
        while True:
            b = (_e + alpha) / _e
            p = b * rand()
            if p <= 1.0:
                x = p ** (1.0 / alpha)
            else:
                x = -_log((b - p) / alpha)
            u1 = rand()
            if p > 1.0:
                if u1 <= x ** (alpha - 1.0):
                    break
            elif u1 <= _exp(-x):
                break
        return x * beta

    def _gamma_large(self, alpha):
        # alpha > 1: Cheng's rejection method.
        rand = self.random
        ainv = _sqrt(2.0 * alpha - 1.0)
        bbb = alpha - LOG4
        ccc = alpha + ainv
        while True:
            u1 = rand()
            if not 1e-7 < u1 < 0.9999999:
                continue
            u2 = 1.0 - rand()
            v = _log(u1 / (1.0 - u1)) / ainv
            x = alpha * _exp(v)
            z = u1 * u1 * u2
            r = bbb + ccc * v - x
            if r + SG_MAGICCONST - 4.5 * z >= 0.0 or r >= _log(z):
                return x

    def betavariate(self, alpha, beta):
        y = self.gammavariate(alpha, 1.0)
        if y:
            return y / (y + self.gammavariate(beta, 1.0))
        return 0.0

    def paretovariate(self, alpha):
        u = 1.0 - self.random()
        return u ** (-1.0 / alpha)

    def weibullvariate(self, alpha, beta):
        u = 1.0 - self.random()
        return alpha * (-_log(u)) ** (1.0 / beta)


class SystemRandom(Random):
    """Here a Random seeded from the clock: there is no OS entropy source,
    so it has no state to save and ignores seed(), as CPython's does."""

    def seed(self, *args, **kwds):
        self.gauss_next = None

    def _notimplemented(self, *args, **kwds):
        raise NotImplementedError("System entropy source does not have state.")

    getstate = setstate = _notimplemented


class _Shared(Random):
    """The module's own generator: the run's, shared by its threads."""

    def __init__(self):
        self._g = _random
        self.gauss_next = None


_inst = _Shared()
seed = _inst.seed
getstate = _inst.getstate
setstate = _inst.setstate
randbytes = _inst.randbytes
sample = _inst.sample
choices = _inst.choices
triangular = _inst.triangular
normalvariate = _inst.normalvariate
gauss = _inst.gauss
lognormvariate = _inst.lognormvariate
expovariate = _inst.expovariate
vonmisesvariate = _inst.vonmisesvariate
gammavariate = _inst.gammavariate
betavariate = _inst.betavariate
paretovariate = _inst.paretovariate
weibullvariate = _inst.weibullvariate
# Native and unbound: the fast path of `random.random()` in a loop.
random = _random.random
getrandbits = _random.getrandbits
randrange = _random.randrange
randint = _random.randint
choice = _random.choice
shuffle = _random.shuffle
uniform = _random.uniform
_randbelow = _random._randbelow
