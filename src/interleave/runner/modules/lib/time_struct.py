"""time.struct_time, which time.gmtime(), time.localtime() and
datetime.timetuple() return: CPython's struct sequence, a 9-tuple whose items
also have names (tm_year ... tm_isdst), with two more fields by name only
(tm_zone, tm_gmtoff). The runner cannot subclass tuple, so it holds one and
behaves as one: indexing, slicing, len, iteration, unpacking, comparison and
hashing are the tuple's. The native time module hands it out as
time.struct_time, and makes the instances of time.gmtime() and
time.localtime() itself, as __init__ below would (runner/modules/time)."""

_NAMES = (
    "tm_year",
    "tm_mon",
    "tm_mday",
    "tm_hour",
    "tm_min",
    "tm_sec",
    "tm_wday",
    "tm_yday",
    "tm_isdst",
)


def _tuple_of(other):
    if isinstance(other, tuple):
        return other
    if isinstance(other, struct_time):
        return other._t
    return None


class struct_time:
    __module__ = "time"
    __type_name__ = "time.struct_time"
    n_sequence_fields = 9
    n_fields = 11
    n_unnamed_fields = 0

    def __init__(self, sequence, dict=None):
        try:
            values = tuple(sequence)
        except TypeError:
            raise TypeError("constructor requires a sequence") from None
        n = len(values)
        if n < 9:
            raise TypeError(f"time.struct_time() takes an at least 9-sequence ({n}-sequence given)")
        if n > 11:
            raise TypeError(f"time.struct_time() takes an at most 11-sequence ({n}-sequence given)")
        extra = {} if dict is None else dict
        d = self.__dict__
        d["_t"] = values[:9]
        for name, value in zip(_NAMES, values):
            d[name] = value
        d["tm_zone"] = values[9] if n > 9 else extra.get("tm_zone")
        d["tm_gmtoff"] = values[10] if n > 10 else extra.get("tm_gmtoff")

    def __repr__(self):
        fields = ", ".join(f"{name}={value!r}" for name, value in zip(_NAMES, self._t))
        return f"time.struct_time({fields})"

    def __setattr__(self, name, value):
        if name in _NAMES or name in ("tm_zone", "tm_gmtoff"):
            raise AttributeError("readonly attribute")
        raise AttributeError(f"'time.struct_time' object has no attribute '{name}'")

    def __delattr__(self, name):
        self.__setattr__(name, None)

    def __len__(self):
        return 9

    def __getitem__(self, index):
        return self._t[index]

    def __iter__(self):
        return iter(self._t)

    def __contains__(self, value):
        return value in self._t

    def __hash__(self):
        return hash(self._t)

    def __eq__(self, other):
        t = _tuple_of(other)
        return NotImplemented if t is None else self._t == t

    def __ne__(self, other):
        t = _tuple_of(other)
        return NotImplemented if t is None else self._t != t

    def __lt__(self, other):
        t = _tuple_of(other)
        return NotImplemented if t is None else self._t < t

    def __le__(self, other):
        t = _tuple_of(other)
        return NotImplemented if t is None else self._t <= t

    def __gt__(self, other):
        t = _tuple_of(other)
        return NotImplemented if t is None else self._t > t

    def __ge__(self, other):
        t = _tuple_of(other)
        return NotImplemented if t is None else self._t >= t

    def __add__(self, other):
        return self._t + other

    def __radd__(self, other):
        return other + self._t

    def __mul__(self, n):
        return self._t * n

    __rmul__ = __mul__

    def count(self, value):
        return self._t.count(value)

    def index(self, value):
        return self._t.index(value)

    def __reduce__(self):
        return (struct_time, (self._t, {"tm_zone": self.tm_zone, "tm_gmtoff": self.tm_gmtoff}))
