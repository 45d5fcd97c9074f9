"""dataclasses for threadlab: @dataclass writes __init__, __repr__ and __eq__
from a class's annotated fields (with order=True the comparisons, with
frozen=True an error on assignment and a hash), field() for defaults made
per instance, and fields(), asdict(), astuple(), replace(), is_dataclass().

CPython generates the methods' source and exec()s it; here they are
closures over the list of fields, which behave the same."""


class _MissingType:
    def __repr__(self):
        return "MISSING"


MISSING = _MissingType()
_FIELDS = "__dataclass_fields__"
_PARAMS = "__dataclass_params__"


class FrozenInstanceError(AttributeError):
    pass


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = {} if metadata is None else metadata
        self.kw_only = kw_only

    def __repr__(self):
        return (
            f"Field(name={self.name!r},type={self.type!r},default={self.default!r},"
            f"default_factory={self.default_factory!r},init={self.init!r},repr={self.repr!r},"
            f"hash={self.hash!r},compare={self.compare!r},metadata={self.metadata!r},"
            f"kw_only={self.kw_only!r})"
        )


def field(
    *,
    default=MISSING,
    default_factory=MISSING,
    init=True,
    repr=True,
    hash=None,
    compare=True,
    metadata=None,
    kw_only=False,
):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def _is_classvar(typ):
    return typ == "ClassVar" or repr(typ).startswith(("typing.ClassVar", "ClassVar"))


def _collect(cls):
    """The fields of cls: its dataclass bases' first, then its own in order."""
    fields = {}
    for base in reversed(cls.__mro__[1:]):
        inherited = getattr(base, "__dict__", {}).get(_FIELDS)
        if inherited:
            for f in inherited.values():
                fields[f.name] = f
    own = cls.__dict__
    for name, typ in own.get("__annotations__", {}).items():
        if _is_classvar(typ):
            continue
        default = own.get(name, MISSING)
        if isinstance(default, Field):
            f = default
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        else:
            f = field(default=default)
        f.name = name
        f.type = typ
        if type(f.default) in (list, dict, set):
            raise ValueError(
                f"mutable default {type(f.default)} for field {name} is not allowed: use default_factory"
            )
        fields[name] = f
    return fields


def _quoted(names):
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return quoted[0] + " and " + quoted[1]
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


def _make_init(cls, fields, frozen):
    params = [f for f in fields if f.init]
    names = [f.name for f in params]
    where = cls.__qualname__ + ".__init__()"
    required = [f for f in params if f.default is MISSING and f.default_factory is MISSING]
    seen_default = False
    for f in params:
        if f in required:
            if seen_default and not f.kw_only:
                raise TypeError(f"non-default argument '{f.name}' follows default argument")
        elif not f.kw_only:
            seen_default = True

    def __init__(self, *args, **kwargs):
        if len(args) > len(params):
            most = len(params) + 1
            least = len(required) + 1
            takes = f"{most} positional argument{'' if most == 1 else 's'}"
            if least < most:
                takes = f"from {least} to {most} positional arguments"
            raise TypeError(f"{where} takes {takes} but {len(args) + 1} were given")
        given = dict(zip(names, args))
        for key, value in kwargs.items():
            if key not in names:
                raise TypeError(f"{where} got an unexpected keyword argument '{key}'")
            if key in given:
                raise TypeError(f"{where} got multiple values for argument '{key}'")
            given[key] = value
        missing = [f.name for f in required if f.name not in given]
        if missing:
            s = "" if len(missing) == 1 else "s"
            raise TypeError(
                f"{where} missing {len(missing)} required positional argument{s}: {_quoted(missing)}"
            )
        for f in fields:
            if f.name in given:
                value = given[f.name]
            elif f.default_factory is not MISSING:
                value = f.default_factory()
            elif f.default is not MISSING:
                value = f.default
            else:
                continue
            if frozen:
                object.__setattr__(self, f.name, value)
            else:
                setattr(self, f.name, value)
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    return __init__


def _values(obj, fields):
    return tuple(getattr(obj, f.name) for f in fields)


def _add_methods(cls, fields, with_repr, eq, order, frozen, unsafe_hash):
    own = cls.__dict__
    shown = [f for f in fields if f.repr]
    compared = [f for f in fields if f.compare]

    def __repr__(self):
        parts = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in shown)
        return f"{self.__class__.__qualname__}({parts})"

    if with_repr and "__repr__" not in own:
        cls.__repr__ = __repr__

    def comparer(test):
        def compare(self, other):
            if other.__class__ is self.__class__:
                return test(_values(self, compared), _values(other, compared))
            return NotImplemented

        return compare

    if eq and "__eq__" not in own:
        cls.__eq__ = comparer(lambda a, b: a == b)
    if order:
        tests = [
            ("__lt__", lambda a, b: a < b),
            ("__le__", lambda a, b: a <= b),
            ("__gt__", lambda a, b: a > b),
            ("__ge__", lambda a, b: a >= b),
        ]
        for name, test in tests:
            if name in own:
                raise TypeError(
                    f"Cannot overwrite attribute {name} in class {cls.__name__}. "
                    "Consider using functools.total_ordering"
                )
            setattr(cls, name, comparer(test))

    def __hash__(self):
        return hash(_values(self, [f for f in compared if f.hash is None or f.hash]))

    # A `__hash__ = None` the class got for defining `__eq__` is not its own.
    has_own_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    if unsafe_hash or (eq and frozen and not has_own_hash):
        cls.__hash__ = __hash__
    elif eq and not frozen and not has_own_hash:
        cls.__hash__ = None

    if frozen:

        def __setattr__(self, name, value):
            if name in (f.name for f in fields):
                raise FrozenInstanceError(f"cannot assign to field '{name}'")
            object.__setattr__(self, name, value)

        def __delattr__(self, name):
            if name in (f.name for f in fields):
                raise FrozenInstanceError(f"cannot delete field '{name}'")
            object.__delattr__(self, name)

        cls.__setattr__ = __setattr__
        cls.__delattr__ = __delattr__


def dataclass(
    cls=None,
    *,
    init=True,
    repr=True,
    eq=True,
    order=False,
    unsafe_hash=False,
    frozen=False,
    match_args=True,
    kw_only=False,
    slots=False,
):
    def wrap(cls):
        if order and not eq:
            raise ValueError("eq must be true if order is true")
        found = _collect(cls)
        setattr(cls, _FIELDS, found)
        fields = list(found.values())
        if init and "__init__" not in cls.__dict__:
            cls.__init__ = _make_init(cls, fields, frozen)
        _add_methods(cls, fields, repr, eq, order, frozen, unsafe_hash)
        return cls

    if cls is None:
        return wrap
    return wrap(cls)


def is_dataclass(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, _FIELDS)


def fields(class_or_instance):
    cls = class_or_instance if isinstance(class_or_instance, type) else type(class_or_instance)
    found = getattr(cls, _FIELDS, None)
    if found is None:
        raise TypeError("must be called with a dataclass type or instance")
    return tuple(found.values())


def _as(obj, shape):
    if is_dataclass(obj) and not isinstance(obj, type):
        made = [(f.name, _as(getattr(obj, f.name), shape)) for f in fields(obj)]
        return dict(made) if shape is dict else tuple(v for _, v in made)
    if isinstance(obj, list):
        return [_as(x, shape) for x in obj]
    if isinstance(obj, tuple):
        return tuple(_as(x, shape) for x in obj)
    if isinstance(obj, dict):
        return {_as(k, shape): _as(v, shape) for k, v in obj.items()}
    return obj


def asdict(obj):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("asdict() should be called on dataclass instances")
    return _as(obj, dict)


def astuple(obj):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("astuple() should be called on dataclass instances")
    return _as(obj, tuple)


def replace(obj, **changes):
    for f in fields(obj):
        if not f.init and f.name in changes:
            raise ValueError(f"field {f.name} is declared with init=False, it cannot be specified with replace()")
        if f.init and f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)
