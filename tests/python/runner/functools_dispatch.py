# cached_property, singledispatch (explicit classes), singledispatchmethod,
# partialmethod, and the descriptor protocol they rest on.
import functools
import threading


class Circle:
    computed = 0

    def __init__(self, r):
        self.r = r

    @functools.cached_property
    def area(self):
        Circle.computed += 1
        return 3 * self.r * self.r


c = Circle(2)
print(c.area, c.area, Circle.computed)
print("area" in vars(c), vars(c)["area"])
del c.area
print(c.area, Circle.computed)
c.area = 99
print(c.area)
print(type(Circle.area).__name__, Circle.area.attrname)


class Slow:
    calls = 0

    @functools.cached_property
    def value(self):
        Slow.calls += 1
        return sum(range(1000))


s = Slow()
workers = [threading.Thread(target=lambda: s.value) for _ in range(8)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print("computed once:", Slow.calls, s.value)

try:
    class Twice:
        def f(self):
            return 1
        g = h = functools.cached_property(f)
except (TypeError, RuntimeError) as e:
    print(type(e).__name__, e)

loose = functools.cached_property(lambda self: 1)
try:
    loose.__get__(Slow())
except TypeError as e:
    print("TypeError", e)


@functools.singledispatch
def describe(x):
    return f"something: {x!r}"


@describe.register(int)
def _(x):
    return f"an int: {x}"


@describe.register(list)
def _(x):
    return f"a list of {len(x)}"


def describe_str(x):
    return f"a str: {x.upper()}"


describe.register(str, describe_str)

print(describe(3))
print(describe(True))
print(describe([1, 2]))
print(describe("hi"))
print(describe(2.5))
print(describe.dispatch(bool) is describe.dispatch(int))
print(describe.dispatch(float) is describe.registry[object])
print(sorted(k.__name__ for k in describe.registry))


class Animal:
    pass


class Dog(Animal):
    pass


@functools.singledispatch
def sound(a):
    return "..."


@sound.register(Animal)
def _(a):
    return "generic animal noise"


print(sound(Dog()), sound(5))
try:
    sound()
except TypeError as e:
    print("TypeError", e)
try:
    sound.register(5, lambda x: x)
except TypeError as e:
    print("TypeError", e)


class Formatter:
    @functools.singledispatchmethod
    def fmt(self, arg):
        return f"plain {arg}"

    @fmt.register(int)
    def _(self, arg):
        return f"int {arg:05d}"

    @fmt.register(float)
    def _(self, arg):
        return f"float {arg:.2f}"


f = Formatter()
print(f.fmt("x"), f.fmt(42), f.fmt(3.14159))


class Cell:
    def __init__(self):
        self.alive = False

    def set_state(self, state):
        self.alive = state

    set_alive = functools.partialmethod(set_state, True)
    set_dead = functools.partialmethod(set_state, False)


cell = Cell()
cell.set_alive()
print(cell.alive)
cell.set_dead()
print(cell.alive)
try:
    functools.partialmethod(5)
except TypeError as e:
    print("TypeError", e)


class Positive:
    def __set_name__(self, owner, name):
        self.name = "_" + name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return getattr(obj, self.name)

    def __set__(self, obj, value):
        if value <= 0:
            raise ValueError(f"{self.name[1:]} must be positive")
        setattr(obj, self.name, value)


class Item:
    price = Positive()

    def __init__(self, price):
        self.price = price


it = Item(5)
print(it.price, it._price, type(Item.price).__name__)
try:
    it.price = -1
except ValueError as e:
    print("ValueError", e)
