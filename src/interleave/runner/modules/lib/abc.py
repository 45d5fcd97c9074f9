"""abc for threadlab: ABC, ABCMeta and abstractmethod. A class with an
abstract method it does not override cannot be instantiated, as in CPython.

CPython marks a function with a `__isabstractmethod__` attribute and checks
when the object is made; here the marked functions are kept in a set, the
metaclass works out a class's abstract names when the class is made and
checks them when the class is called."""

_marked = set()


def abstractmethod(func):
    _marked.add(func)
    return func


def _is_abstract(value):
    if value in _marked:
        return True
    getter = getattr(value, "fget", None)
    return getter is not None and getter in _marked


def _abstract_names(cls):
    names = set()
    for name, value in cls.__dict__.items():
        if _is_abstract(value):
            names.add(name)
    for base in cls.__bases__:
        for name in getattr(base, "__abstractmethods__", ()):
            if _is_abstract(getattr(cls, name, None)):
                names.add(name)
    return frozenset(names)


class ABCMeta(type):
    """The metaclass of abstract classes: `class Shape(metaclass=ABCMeta)`
    or, the same, `class Shape(ABC)`."""

    def __new__(mcs, name, bases, ns, **kwargs):
        cls = super().__new__(mcs, name, bases, ns, **kwargs)
        cls.__abstractmethods__ = _abstract_names(cls)
        return cls

    def __call__(cls, *args, **kwargs):
        missing = sorted(cls.__abstractmethods__)
        if missing:
            s = "" if len(missing) == 1 else "s"
            raise TypeError(
                f"Can't instantiate abstract class {cls.__name__} with abstract method{s} {', '.join(missing)}"
            )
        return super().__call__(*args, **kwargs)


class ABC(metaclass=ABCMeta):
    """A helper class: subclassing it gives a class ABCMeta as metaclass."""
