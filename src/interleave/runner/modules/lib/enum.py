"""enum for threadlab: Enum, IntEnum, StrEnum, auto and unique.

A worker's state (IDLE, RUNNING, DONE) or a job's priority is often an
enum in tutorial programs. The members are made by the metaclass
(`EnumType`) when the class body has run: each name bound to a plain value
becomes one instance of the class, and a second name with the same value
is an alias of the first. The class lists (`for s in State`), counts
(`len(State)`) and looks up (`State(1)`, `State["IDLE"]`) its members
through its metaclass, as in CPython.

IntEnum and StrEnum cannot subclass int and str here (the runner's classes
cannot extend a built-in type), so their members compare, hash, add and
print as their values do, but `isinstance(Priority.HIGH, int)` is False."""

_auto_start = object()


class auto:
    """A value worked out when the class is made: one more than the last."""

    def __init__(self):
        self.value = _auto_start

    def __repr__(self):
        return "auto(...)"


def _is_dunder(name):
    return len(name) > 4 and name[:2] == name[-2:] == "__"


def _is_sunder(name):
    return len(name) > 2 and name[0] == name[-1] == "_" and name[1] != "_"


def _is_member_value(value):
    # Functions, properties, static and class methods are the class's
    # behaviour, not members (CPython: anything with __get__).
    kind = type(value).__name__
    return kind not in ("function", "property", "staticmethod", "classmethod", "builtin_function_or_method")


def _next_value(cls, name, count, last_values):
    gen = getattr(cls, "_generate_next_value_", None)
    if gen is not None:
        return gen(name, 1, count, list(last_values))
    for last in reversed(last_values):
        try:
            return last + 1
        except TypeError:
            continue
    return 1


class EnumType(type):
    """Makes the members of an Enum class and answers for the class."""

    def __new__(mcs, name, bases, ns, **kwargs):
        members = []
        for key, value in list(ns.items()):
            if _is_dunder(key) or _is_sunder(key) or not _is_member_value(value):
                continue
            members.append((key, value))
            del ns[key]
        for base in bases:
            if getattr(base, "_member_names_", None):
                raise TypeError(f"<enum {name!r}> cannot extend {base!r}")
        cls = super().__new__(mcs, name, bases, ns)
        cls._member_names_ = []
        cls._member_map_ = {}
        cls._value2member_map_ = {}
        last_values = []
        for key, value in members:
            if isinstance(value, auto):
                value = _next_value(cls, key, len(cls._member_names_), last_values)
            last_values.append(value)
            mcs._add_member(cls, key, value)
        return cls

    def _add_member(cls, key, value):
        if key in cls._member_map_:
            raise TypeError(f"{key!r} already defined as {cls._member_map_[key]._value_!r}")
        for member in cls._member_map_.values():
            if member._value_ == value:
                cls._member_map_[key] = member
                type.__setattr__(cls, key, member)
                return
        member = object.__new__(cls)
        object.__setattr__(member, "_name_", key)
        object.__setattr__(member, "_value_", value)
        init = cls.__dict__.get("__init__") or _own_init(cls)
        if init is not None:
            init(member, *(value if isinstance(value, tuple) else (value,)))
        cls._member_names_.append(key)
        cls._member_map_[key] = member
        try:
            cls._value2member_map_[value] = member
        except TypeError:
            pass
        type.__setattr__(cls, key, member)

    def __call__(cls, value, names=None, *, module=None, qualname=None, start=1):
        if names is not None:
            return cls._functional(value, names, start)
        if isinstance(value, cls) and type(value) is cls:
            return value
        try:
            return cls._value2member_map_[value]
        except (KeyError, TypeError):
            pass
        for member in cls._member_map_.values():
            if member._value_ == value:
                return member
        found = cls._missing_(value)
        if isinstance(found, cls):
            return found
        raise ValueError(f"{value!r} is not a valid {cls.__qualname__}")

    def _functional(cls, name, names, start):
        if isinstance(names, str):
            names = names.replace(",", " ").split()
        items = []
        for i, item in enumerate(names):
            if isinstance(item, str):
                items.append((item, start + i))
            else:
                items.append(tuple(item))
        if isinstance(names, dict):
            items = list(names.items())
        ns = {"__module__": "__main__", "__qualname__": name}
        for key, value in items:
            ns[key] = value
        return type(cls)(name, (cls,), ns)

    def __iter__(cls):
        return (cls._member_map_[name] for name in cls._member_names_)

    def __reversed__(cls):
        return (cls._member_map_[name] for name in reversed(cls._member_names_))

    def __len__(cls):
        return len(cls._member_names_)

    def __contains__(cls, member):
        if not isinstance(member, Enum):
            raise TypeError(
                f"unsupported operand type(s) for 'in': '{type(member).__qualname__}' and '{type(cls).__qualname__}'"
            )
        return isinstance(member, cls) and member._name_ in cls._member_map_

    def __getitem__(cls, name):
        return cls._member_map_[name]

    def __bool__(cls):
        return True

    def __repr__(cls):
        return f"<enum {cls.__name__!r}>"

    def __setattr__(cls, name, value):
        if name in cls.__dict__.get("_member_map_", {}):
            raise AttributeError(f"cannot reassign member {name!r}")
        type.__setattr__(cls, name, value)

    @property
    def __members__(cls):
        return dict(cls._member_map_)


def _own_init(cls):
    for klass in cls.__mro__:
        if klass in (Enum, IntEnum, StrEnum, object):
            return None
        if "__init__" in klass.__dict__:
            return klass.__dict__["__init__"]
    return None


EnumMeta = EnumType


class Enum(metaclass=EnumType):
    """A set of names bound to values; each member is the class's instance."""

    @property
    def name(self):
        return self._name_

    @name.setter
    def name(self, value):
        raise AttributeError("<enum 'Enum'> cannot set attribute 'name'")

    @property
    def value(self):
        return self._value_

    @value.setter
    def value(self, value):
        raise AttributeError("<enum 'Enum'> cannot set attribute 'value'")

    @classmethod
    def _missing_(cls, value):
        return None

    def __repr__(self):
        return f"<{type(self).__name__}.{self._name_}: {self._value_!r}>"

    def __str__(self):
        return f"{type(self).__name__}.{self._name_}"

    def __format__(self, spec):
        return format(str(self), spec)

    def __hash__(self):
        return hash(self._name_)

    def __reduce_ex__(self, protocol):
        return (type(self), (self._value_,))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def _by_value(op):
    def method(self, other):
        if isinstance(other, Enum):
            other = other._value_
        return op(self._value_, other)

    return method


class _ValueLike(Enum):
    """Members that act as their values (IntEnum, StrEnum)."""

    def __str__(self):
        return str(self._value_)

    def __format__(self, spec):
        return format(self._value_, spec)

    def __hash__(self):
        return hash(self._value_)

    __eq__ = _by_value(lambda a, b: a == b)
    __ne__ = _by_value(lambda a, b: a != b)
    __lt__ = _by_value(lambda a, b: a < b)
    __le__ = _by_value(lambda a, b: a <= b)
    __gt__ = _by_value(lambda a, b: a > b)
    __ge__ = _by_value(lambda a, b: a >= b)
    __add__ = _by_value(lambda a, b: a + b)
    __radd__ = _by_value(lambda a, b: b + a)
    __mul__ = _by_value(lambda a, b: a * b)
    __rmul__ = _by_value(lambda a, b: b * a)


class IntEnum(_ValueLike):
    """Members that are numbers too: they compare and add as ints."""

    __sub__ = _by_value(lambda a, b: a - b)
    __rsub__ = _by_value(lambda a, b: b - a)
    __floordiv__ = _by_value(lambda a, b: a // b)
    __truediv__ = _by_value(lambda a, b: a / b)
    __mod__ = _by_value(lambda a, b: a % b)

    def __int__(self):
        return self._value_

    def __index__(self):
        return self._value_

    def __float__(self):
        return float(self._value_)


class StrEnum(_ValueLike):
    """Members that are strings too; `auto()` gives the lower-cased name."""

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()


def unique(cls):
    """Refuses an enum with aliases (two names for one value)."""
    aliases = [(name, member.name) for name, member in cls.__members__.items() if name != member.name]
    if aliases:
        listed = ", ".join(f"{alias} -> {name}" for alias, name in aliases)
        raise ValueError(f"duplicate values found in {cls!r}: {listed}")
    return cls
