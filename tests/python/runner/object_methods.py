# A class's own __new__ (the thread-safe singleton of the tutorials, checked
# twice around a lock), __init_subclass__ registering plugins, and object's
# methods reached three ways: object.X, SomeClass.X, super().X.
import threading


class Settings:
    _only = None
    _guard = threading.Lock()
    made = 0

    def __new__(cls, *args, **kwargs):
        if cls._only is None:
            with cls._guard:
                if cls._only is None:
                    cls._only = super().__new__(cls)
                    cls.made += 1
        return cls._only

    def __init__(self, theme="dark"):
        self.theme = theme


addresses = []


def fetch(theme):
    addresses.append(id(Settings(theme)))


workers = [threading.Thread(target=fetch, args=(t,)) for t in ["dark", "light"] * 6]
for w in workers:
    w.start()
for w in workers:
    w.join()
print("one object:", len(set(addresses)) == 1, "made", Settings.made, "times")
print("same:", Settings() is Settings(), Settings("blue").theme)


class Celsius:
    """__new__ that returns something else: __init__ is skipped."""

    def __new__(cls, degrees):
        if degrees < -273.15:
            return None
        return object.__new__(cls)

    def __init__(self, degrees):
        self.degrees = degrees


print(Celsius(20).degrees, Celsius(-300))


class Plugin:
    registry = []

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        Plugin.registry.append(cls.__name__)


class Csv(Plugin):
    pass


class Json(Plugin):
    pass


class PrettyJson(Json):
    pass


print(Plugin.registry)


class Point:
    def __init__(self, x, y):
        super().__init__()
        self.x, self.y = x, y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"

    def __eq__(self, other):
        if not isinstance(other, Point):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)

    __hash__ = object.__hash__


p = Point(1, 2)
print(repr(p), str(p), object.__repr__(p).startswith("<__main__.Point object at 0x"))
print(object.__str__(p), format(p), f"{p!r:>12}")
print(p == Point(1, 2), p != Point(1, 2), p != Point(3, 4), p == "x", p != "x")
print(object.__eq__(p, p), object.__eq__(p, Point(1, 2)), object.__ne__(p, Point(1, 2)))
print(Point.__hash__(p) == hash(p), len({p, p}), object.__hash__(p) == hash(p))


class Plain:
    pass


q = Plain()
Plain.__setattr__(q, "colour", "red")
print(Plain.__getattribute__(q, "colour"), object.__getattribute__(q, "colour"))
object.__delattr__(q, "colour")
print(hasattr(q, "colour"), Plain.__init__(q), Plain.__eq__(q, q), Plain.__ne__(q, q))
print(type(Plain.__new__(Plain)).__name__, type(object.__new__(Plain)).__name__)

for label, attempt in [
    ("extra to object.__init__", lambda: object.__init__(p, 5)),
    ("extra to a class with no __init__", lambda: Plain(1)),
    ("extra to object.__new__ from __new__", lambda: object.__new__(Settings, 1)),
    ("object.__new__ of int", lambda: object.__new__(int)),
    ("object.__new__ of a non-type", lambda: object.__new__(5)),
    ("format spec", lambda: format(Plain(), ">10")),
    ("attribute name", lambda: object.__setattr__(q, 3, 4)),
    ("missing attribute", lambda: object.__getattribute__(q, "nope")),
]:
    try:
        attempt()
        print(label, "-> no error")
    except (TypeError, AttributeError) as e:
        print(label, "->", type(e).__name__, e)
