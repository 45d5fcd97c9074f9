"""abc for threadlab: ABC and abstractmethod. A class with an abstract
method it does not override cannot be instantiated, as in CPython.

CPython marks a function with a `__isabstractmethod__` attribute and checks
in its metaclass; here the marked functions are kept in a set and the check
is ABC's `__new__`, with the names worked out by `__init_subclass__`."""

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


class ABCMeta:
    """Only for `isinstance` checks and imports: a class with
    `metaclass=ABCMeta` cannot be written here; subclass ABC instead."""


class ABC:
    __abstractmethods__ = frozenset()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.__abstractmethods__ = _abstract_names(cls)

    def __new__(cls, *args, **kwargs):
        missing = sorted(cls.__abstractmethods__)
        if missing:
            s = "" if len(missing) == 1 else "s"
            raise TypeError(
                f"Can't instantiate abstract class {cls.__name__} with abstract method{s} {', '.join(missing)}"
            )
        return object.__new__(cls)
