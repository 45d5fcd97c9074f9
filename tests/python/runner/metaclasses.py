# Metaclasses as tutorials on threads use them: a singleton whose
# metaclass takes a lock, and a metaclass that makes its classes iterable.
import threading


class SingleInstance(type):
    """Each class with this metaclass makes one object, however many threads ask."""

    _objects = {}
    _lock = threading.Lock()

    def __call__(cls, *args, **kwargs):
        with cls._lock:
            if cls not in cls._objects:
                cls._objects[cls] = super().__call__(*args, **kwargs)
        return cls._objects[cls]


class Config(metaclass=SingleInstance):
    made = 0

    def __init__(self, source):
        Config.made += 1
        self.source = source


got = []


def fetch(n):
    got.append(Config(f"thread {n}"))


threads = [threading.Thread(target=fetch, args=(n,)) for n in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("objects made:", Config.made, "distinct:", len({id(c) for c in got}))
print(type(Config) is SingleInstance, isinstance(Config, type), type(Config).__name__)
print(type.__call__(Config, "direct") is got[0], Config.made)


class Catalogue(type):
    def __new__(mcs, name, bases, ns, **options):
        print("making", name, "from", [b.__name__ for b in bases], "options", options)
        cls = super().__new__(mcs, name, bases, ns)
        cls.label = options.get("label", name.upper())
        return cls

    def __init__(cls, name, bases, ns, **options):
        super().__init__(name, bases, ns)
        print("ready", name, cls.label)

    def __iter__(cls):
        return iter(cls.entries)

    def __len__(cls):
        return len(cls.entries)

    def __contains__(cls, item):
        return item in cls.entries

    def __getitem__(cls, i):
        return cls.entries[i].upper()

    def __repr__(cls):
        return f"<catalogue {cls.__name__} of {len(cls)}>"

    def summary(cls):
        return ", ".join(cls.entries)

    @property
    def first(cls):
        return cls.entries[0]


class Fruit(metaclass=Catalogue, label="fresh"):
    entries = ["apple", "pear"]


class Berry(Fruit):
    entries = ["fig", "plum", "sloe"]

    def eat(self):
        return f"eating a {type(self).__name__.lower()}"


print(list(Fruit), len(Berry), "fig" in Berry, "kiwi" in Fruit, Berry[2])
print(Fruit, str(Berry), [Fruit, Berry], Berry.summary(), Berry.first)
print(Berry.label, Fruit.label, Berry().eat(), type(Berry) is Catalogue, bool(Fruit))
Herbs = Catalogue("Herbs", (), {"entries": ["basil"]})
print(Herbs, list(Herbs), Herbs.label)


class Shaped:
    def __init_subclass__(cls, sides=0, **rest):
        super().__init_subclass__(**rest)
        cls.sides = sides


class Triangle(Shaped, sides=3):
    pass


class Blob(Shaped):
    pass


print(Triangle.sides, Blob.sides)


class Ordinary(metaclass=type):
    pass


print(type(Ordinary), Ordinary.__mro__)


def not_a_class(name, bases, ns):
    return f"{name} with {sorted(k for k in ns if not k.startswith('__'))}"


class Replaced(metaclass=not_a_class):
    a = 1
    b = 2


print(Replaced)


class MetaA(type):
    pass


class MetaB(type):
    pass


class UsesA(metaclass=MetaA):
    pass


class UsesB(metaclass=MetaB):
    pass


try:

    class Both(UsesA, UsesB):
        pass

except TypeError as e:
    print("TypeError:", e)
try:

    class Picky(colour="red"):
        pass

except TypeError as e:
    print("TypeError:", e)
