"""typing for threadlab: the names a program imports to annotate its code.

Annotations of functions and variables are not evaluated here (as under
`from __future__ import annotations`), so these only have to exist, print
like CPython's and take the subscripts of a type alias (`Jobs =
List[Tuple[str, int]]`) or a base class (`class Stack(Generic[T])`).
Nothing is checked, as in CPython.
"""

TYPE_CHECKING = False


def _name(x):
    if isinstance(x, type):
        if x.__module__ == "builtins":
            return x.__qualname__
        return x.__module__ + "." + x.__qualname__
    if x is None or x is type(None):
        return "NoneType"
    if isinstance(x, list):
        return "[" + ", ".join(_name(a) for a in x) + "]"
    return repr(x)


class _Hint:
    """`List`, `Optional[int]`: a special form, subscripted or not."""

    def __init__(self, name, args=()):
        self._name = name
        self.__args__ = args

    def __getitem__(self, args):
        if not isinstance(args, tuple):
            args = (args,)
        return _Hint(self._name, args)

    def __repr__(self):
        if not self.__args__:
            return "typing." + self._name
        return "typing." + self._name + "[" + ", ".join(_name(a) for a in self.__args__) + "]"

    def __eq__(self, other):
        return (
            isinstance(other, _Hint)
            and self._name == other._name
            and self.__args__ == other.__args__
        )

    def __hash__(self):
        return hash((self._name, self.__args__))

    def __or__(self, other):
        return _Hint("Union", (self, other))

    def __ror__(self, other):
        return _Hint("Union", (other, self))

    def __call__(self, *args, **kwargs):
        raise TypeError(f"Cannot instantiate {self!r}")


Any = _Hint("Any")
Union = _Hint("Union")
Optional = _Hint("Optional")
Callable = _Hint("Callable")
ClassVar = _Hint("ClassVar")
Final = _Hint("Final")
Literal = _Hint("Literal")
NoReturn = _Hint("NoReturn")
Annotated = _Hint("Annotated")
List = _Hint("List")
Dict = _Hint("Dict")
Set = _Hint("Set")
FrozenSet = _Hint("FrozenSet")
Tuple = _Hint("Tuple")
Type = _Hint("Type")
Deque = _Hint("Deque")
DefaultDict = _Hint("DefaultDict")
Counter = _Hint("Counter")
OrderedDict = _Hint("OrderedDict")
Iterable = _Hint("Iterable")
Iterator = _Hint("Iterator")
Generator = _Hint("Generator")
Sequence = _Hint("Sequence")
MutableSequence = _Hint("MutableSequence")
Mapping = _Hint("Mapping")
MutableMapping = _Hint("MutableMapping")
Collection = _Hint("Collection")
Hashable = _Hint("Hashable")
Awaitable = _Hint("Awaitable")
Coroutine = _Hint("Coroutine")


class TypeVar:
    """`T = TypeVar("T")`: a name for "some type"."""

    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound

    def __repr__(self):
        return "~" + self.__name__

    def __or__(self, other):
        return _Hint("Union", (self, other))


class Generic:
    """A base class: `class Stack(Generic[T])` subclasses this."""

    def __class_getitem__(cls, params):
        return cls


class Protocol:
    """A base class of structural types: nothing is checked."""

    def __class_getitem__(cls, params):
        return cls


def cast(typ, value):
    return value


def runtime_checkable(cls):
    return cls


def overload(func):
    return func


def final(obj):
    return obj


def no_type_check(obj):
    return obj


class NewType:
    """`UserId = NewType("UserId", int)`: calling it returns its argument."""

    def __init__(self, name, tp):
        self.__name__ = name
        self.__supertype__ = tp

    def __call__(self, x):
        return x

    def __repr__(self):
        return self.__name__


def get_type_hints(obj):
    return dict(getattr(obj, "__annotations__", {}))
