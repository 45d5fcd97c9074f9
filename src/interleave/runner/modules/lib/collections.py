"""collections: deque, defaultdict, Counter, OrderedDict and namedtuple,
written on lists and dicts.

Each deque operation is one operation on its list (no call in between), so
under the GIL `append` and `popleft` are atomic as CPython's are: a deque
shared by threads without a lock behaves as it does there.
"""

from _collections_user import ChainMap, UserDict, UserList, UserString


def _check_index(name, n, i):
    if i < 0:
        i += n
    if i < 0 or i >= n:
        raise IndexError(name + " index out of range")
    return i


class deque:
    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError("an integer is required")
            if maxlen < 0:
                raise ValueError("maxlen must be non-negative")
        self.__dict__["_items"] = []
        self.__dict__["maxlen"] = maxlen
        self.extend(iterable)

    def __setattr__(self, name, value):
        if name == "maxlen":
            raise AttributeError("attribute 'maxlen' of 'collections.deque' objects is not writable")
        raise AttributeError(f"'collections.deque' object has no attribute '{name}'")

    def append(self, x):
        if self.maxlen is None:
            self._items.append(x)
        elif self.maxlen:
            self._items[:] = (self._items + [x])[-self.maxlen:]

    def appendleft(self, x):
        if self.maxlen is None:
            self._items.insert(0, x)
        elif self.maxlen:
            self._items[:] = ([x] + self._items)[:self.maxlen]

    def pop(self):
        try:
            return self._items.pop()
        except IndexError:
            raise IndexError("pop from an empty deque") from None

    def popleft(self):
        try:
            return self._items.pop(0)
        except IndexError:
            raise IndexError("pop from an empty deque") from None

    def extend(self, iterable):
        items = list(iterable)
        if self.maxlen is None:
            self._items.extend(items)
        elif self.maxlen:
            self._items[:] = (self._items + items)[-self.maxlen:]
        else:
            pass

    def extendleft(self, iterable):
        items = list(iterable)
        items.reverse()
        if self.maxlen is None:
            self._items[:0] = items
        elif self.maxlen:
            self._items[:] = (items + self._items)[:self.maxlen]

    def rotate(self, n=1):
        k = len(self._items)
        if k:
            n %= k
            if n:
                self._items[:] = self._items[-n:] + self._items[:-n]

    def clear(self):
        self._items.clear()

    def copy(self):
        return deque(self._items, self.maxlen)

    def count(self, x):
        return self._items.count(x)

    def index(self, x, *args):
        try:
            return self._items.index(x, *args)
        except ValueError:
            raise ValueError(f"{x!r} is not in deque") from None

    def insert(self, i, x):
        if self.maxlen is not None and len(self._items) >= self.maxlen:
            raise IndexError("deque already at its maximum size")
        self._items.insert(i, x)

    def remove(self, value):
        try:
            self._items.remove(value)
        except ValueError:
            raise ValueError(f"{value!r} is not in deque") from None

    def reverse(self):
        self._items.reverse()

    def __len__(self):
        return len(self._items)

    def __bool__(self):
        return len(self._items) > 0

    def __iter__(self):
        return iter(list(self._items))

    def __reversed__(self):
        return iter(self._items[::-1])

    def __contains__(self, x):
        return x in self._items

    def __getitem__(self, i):
        if isinstance(i, slice):
            raise TypeError("sequence index must be integer, not 'slice'")
        return self._items[_check_index("deque", len(self._items), i)]

    def __setitem__(self, i, x):
        self._items[_check_index("deque", len(self._items), i)] = x

    def __delitem__(self, i):
        del self._items[_check_index("deque", len(self._items), i)]

    def __eq__(self, other):
        if isinstance(other, deque):
            return self._items == other._items
        return NotImplemented

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError(f'can only concatenate deque (not "{type(other).__name__}") to deque')
        return deque(self._items + other._items, self.maxlen)

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __repr__(self):
        if self.maxlen is None:
            return f"deque({self._items!r})"
        return f"deque({self._items!r}, maxlen={self.maxlen})"


class defaultdict:
    def __init__(self, default_factory=None, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        self.default_factory = default_factory
        self._data = dict(*args, **kwargs)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self._data[key] = value
        return value

    def __getitem__(self, key):
        if key in self._data:
            return self._data[key]
        return self.__missing__(key)

    def __setitem__(self, key, value):
        self._data[key] = value

    def __delitem__(self, key):
        del self._data[key]

    def __contains__(self, key):
        return key in self._data

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(self._data)

    def __eq__(self, other):
        if isinstance(other, defaultdict):
            return self._data == other._data
        return self._data == other

    def get(self, key, default=None):
        return self._data.get(key, default)

    def keys(self):
        return self._data.keys()

    def values(self):
        return self._data.values()

    def items(self):
        return self._data.items()

    def pop(self, key, *default):
        return self._data.pop(key, *default)

    def setdefault(self, key, default=None):
        return self._data.setdefault(key, default)

    def update(self, *args, **kwargs):
        self._data.update(*args, **kwargs)

    def clear(self):
        self._data.clear()

    def copy(self):
        return defaultdict(self.default_factory, self._data)

    def __repr__(self):
        f = self.default_factory
        return f"defaultdict({f!r}, {self._data!r})"


class Counter:
    def __init__(self, iterable=None, **kwargs):
        self._data = {}
        self.update(iterable, **kwargs)

    def update(self, iterable=None, **kwargs):
        data = self._data
        if iterable is not None:
            if isinstance(iterable, (dict, Counter)):
                for key, n in iterable.items():
                    data[key] = data.get(key, 0) + n
            else:
                for key in iterable:
                    data[key] = data.get(key, 0) + 1
        for key, n in kwargs.items():
            data[key] = data.get(key, 0) + n

    def subtract(self, iterable=None, **kwargs):
        data = self._data
        if iterable is not None:
            if isinstance(iterable, (dict, Counter)):
                for key, n in iterable.items():
                    data[key] = data.get(key, 0) - n
            else:
                for key in iterable:
                    data[key] = data.get(key, 0) - 1
        for key, n in kwargs.items():
            data[key] = data.get(key, 0) - n

    def most_common(self, n=None):
        ordered = sorted(self._data.items(), key=lambda kv: kv[1], reverse=True)
        if n is None:
            return ordered
        return ordered[:n]

    def elements(self):
        for key, n in self._data.items():
            for _ in range(n):
                yield key

    def total(self):
        return sum(self._data.values())

    def __getitem__(self, key):
        return self._data.get(key, 0)

    def __setitem__(self, key, value):
        self._data[key] = value

    def __delitem__(self, key):
        if key in self._data:
            del self._data[key]

    def __contains__(self, key):
        return key in self._data

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(self._data)

    def __eq__(self, other):
        if isinstance(other, Counter):
            return self._data == other._data
        return self._data == other

    def get(self, key, default=None):
        return self._data.get(key, default)

    def keys(self):
        return self._data.keys()

    def values(self):
        return self._data.values()

    def items(self):
        return self._data.items()

    def pop(self, key, *default):
        return self._data.pop(key, *default)

    def clear(self):
        self._data.clear()

    def copy(self):
        return Counter(self._data)

    def __add__(self, other):
        result = Counter()
        for key, n in self._data.items():
            m = n + other[key]
            if m > 0:
                result[key] = m
        for key, n in other.items():
            if key not in self._data and n > 0:
                result[key] = n
        return result

    def __sub__(self, other):
        result = Counter()
        for key, n in self._data.items():
            m = n - other[key]
            if m > 0:
                result[key] = m
        for key, n in other.items():
            if key not in self._data and n < 0:
                result[key] = 0 - n
        return result

    def __repr__(self):
        if not self._data:
            return "Counter()"
        inner = ", ".join(f"{k!r}: {v!r}" for k, v in self.most_common())
        return "Counter({" + inner + "})"


class OrderedDict(defaultdict):
    def __init__(self, *args, **kwargs):
        defaultdict.__init__(self, None, *args, **kwargs)

    def __missing__(self, key):
        raise KeyError(key)

    def move_to_end(self, key, last=True):
        value = self._data.pop(key)
        if last:
            self._data[key] = value
        else:
            rest = list(self._data.items())
            self._data.clear()
            self._data[key] = value
            self._data.update(rest)

    def popitem(self, last=True):
        if not self._data:
            raise KeyError("dictionary is empty")
        key = list(self._data)[-1 if last else 0]
        return key, self._data.pop(key)

    def copy(self):
        return OrderedDict(self._data)

    def __repr__(self):
        if not self._data:
            return "OrderedDict()"
        return f"OrderedDict({list(self._data.items())!r})"


def namedtuple(typename, field_names, *, defaults=None, rename=False, module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    fields = tuple(str(f) for f in field_names)
    for name in fields:
        if not name.isidentifier():
            raise ValueError(f"Type names and field names must be valid identifiers: {name!r}")
        if name.startswith("_"):
            raise ValueError(f"Field names cannot start with an underscore: {name!r}")
    if len(set(fields)) != len(fields):
        for i, name in enumerate(fields):
            if name in fields[:i]:
                raise ValueError(f"Encountered duplicate field name: {name!r}")
    nf = len(fields)
    defaults = tuple(defaults) if defaults is not None else ()
    first_default = nf - len(defaults)

    def __init__(self, *args, **kwargs):
        if len(args) > nf:
            raise TypeError(
                f"{typename}.__new__() takes {nf + 1} positional arguments but {len(args) + 1} were given"
            )
        values = list(args)
        missing = []
        for i in range(len(args), nf):
            name = fields[i]
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif i >= first_default:
                values.append(defaults[i - first_default])
            else:
                missing.append(name)
                values.append(None)
        for name in kwargs:
            if name in fields:
                raise TypeError(f"{typename}.__new__() got multiple values for argument '{name}'")
            raise TypeError(f"{typename}.__new__() got an unexpected keyword argument '{name}'")
        if missing:
            s = "" if len(missing) == 1 else "s"
            quoted = [repr(m) for m in missing]
            if len(quoted) == 1:
                names = quoted[0]
            else:
                names = ", ".join(quoted[:-1]) + " and " + quoted[-1]
            raise TypeError(f"{typename}.__new__() missing {len(missing)} required positional argument{s}: {names}")
        d = self.__dict__
        d["_values"] = tuple(values)
        for name, value in zip(fields, values):
            d[name] = value

    def __setattr__(self, name, value):
        raise AttributeError("can't set attribute")

    def __repr__(self):
        inner = ", ".join(f"{n}={v!r}" for n, v in zip(fields, self._values))
        return f"{typename}({inner})"

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return nf

    def __getitem__(self, i):
        return self._values[i]

    def __eq__(self, other):
        if isinstance(other, tuple):
            return self._values == other
        if hasattr(other, "_values"):
            return self._values == other._values
        return NotImplemented

    def __lt__(self, other):
        return self._values < tuple(other)

    def __le__(self, other):
        return self._values <= tuple(other)

    def __gt__(self, other):
        return self._values > tuple(other)

    def __ge__(self, other):
        return self._values >= tuple(other)

    def __hash__(self):
        return hash(self._values)

    def __add__(self, other):
        return self._values + tuple(other)

    def _asdict(self):
        return dict(zip(fields, self._values))

    def _replace(self, **kwargs):
        values = [kwargs.pop(n, v) for n, v in zip(fields, self._values)]
        if kwargs:
            raise ValueError(f"Got unexpected field names: {list(kwargs)!r}")
        return cls(*values)

    def _make(klass, iterable):
        return klass(*iterable)

    def count(self, x):
        return self._values.count(x)

    def index(self, x):
        return self._values.index(x)

    ns = {
        "__init__": __init__,
        "__setattr__": __setattr__,
        "__repr__": __repr__,
        "__iter__": __iter__,
        "__len__": __len__,
        "__getitem__": __getitem__,
        "__eq__": __eq__,
        "__lt__": __lt__,
        "__le__": __le__,
        "__gt__": __gt__,
        "__ge__": __ge__,
        "__hash__": __hash__,
        "__add__": __add__,
        "_asdict": _asdict,
        "_replace": _replace,
        "_make": classmethod(_make),
        "count": count,
        "index": index,
        "_fields": fields,
        "_field_defaults": dict(zip(fields[first_default:], defaults)),
        "__module__": module if module is not None else "__main__",
    }
    cls = type(typename, (), ns)
    return cls
