"""sys.float_info and sys.flags: named read-only structures (CPython's
are struct sequences), with CPython 3.11's values on a 64-bit machine.
Tutorials print float_info.epsilon and max when explaining float error."""


class _Struct:
    _name = ""
    _fields = ()

    def __init__(self, *values):
        object.__setattr__(self, "_values", values)

    def __getattr__(self, name):
        if name in self._fields:
            return self._values[self._fields.index(name)]
        raise AttributeError(f"'{self._name}' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        raise AttributeError("readonly attribute")

    def __getitem__(self, i):
        return self._values[i]

    def __len__(self):
        return len(self._values)

    def __iter__(self):
        return iter(self._values)

    def __eq__(self, other):
        return tuple(self) == tuple(other)

    def __hash__(self):
        return hash(self._values)

    def __repr__(self):
        inner = ", ".join(f"{n}={v!r}" for n, v in zip(self._fields, self._values))
        return f"{self._name}({inner})"


class _FloatInfo(_Struct):
    _name = "sys.float_info"
    _fields = ("max", "max_exp", "max_10_exp", "min", "min_exp", "min_10_exp",
               "dig", "mant_dig", "epsilon", "radix", "rounds")


class _Flags(_Struct):
    _name = "sys.flags"
    _fields = ("debug", "inspect", "interactive", "optimize", "dont_write_bytecode",
               "no_user_site", "no_site", "ignore_environment", "verbose",
               "bytes_warning", "quiet", "hash_randomization", "isolated", "dev_mode",
               "utf8_mode", "warn_default_encoding", "safe_path", "int_max_str_digits")


float_info = _FloatInfo(1.7976931348623157e+308, 1024, 308, 2.2250738585072014e-308,
                        -1021, -307, 15, 53, 2.220446049250313e-16, 2, 1)
flags = _Flags(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, False, 0, 0, False, -1)
