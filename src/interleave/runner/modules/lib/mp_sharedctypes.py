# multiprocessing.sharedctypes for threadlab: Value and Array, a number or
# an array of numbers every process reads and writes in place (a shared
# array the runner keeps, _mp.SharedArray), each with the lock that makes
# `v.value += 1` safe when it is taken (`with v.get_lock():`).
import _mp
import multiprocessing as _mpm

_CTYPES = {"i": "c_int", "l": "c_long", "q": "c_longlong", "d": "c_double", "f": "c_float",
           "b": "c_byte", "h": "c_short", "I": "c_uint", "L": "c_ulong", "Q": "c_ulonglong",
           "B": "c_ubyte", "H": "c_ushort"}


def _typecode(t):
    if isinstance(t, str):
        return t
    raise TypeError("threadlab's Value and Array take a typecode string such as 'i' or 'd'")


class Synchronized:
    __copy__ = __deepcopy__ = _mpm._inherited_only

    def __init__(self, typecode, value, lock):
        self._typecode = typecode
        self._arr = _mp.SharedArray(typecode, [value])
        self._lock = lock

    @property
    def value(self):
        return self._arr.get(0)

    @value.setter
    def value(self, v):
        self._arr.set(0, v)

    def get_lock(self):
        return self._lock

    def get_obj(self):
        return self

    def acquire(self, *args):
        return self._lock.acquire(*args)

    def release(self):
        return self._lock.release()

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __repr__(self):
        return f"<Synchronized wrapper for {_CTYPES.get(self._typecode, 'c_int')}({self.value!r})>"


class SynchronizedArray:
    __copy__ = __deepcopy__ = _mpm._inherited_only

    def __init__(self, typecode, values, lock):
        self._typecode = typecode
        self._arr = _mp.SharedArray(typecode, values)
        self._lock = lock

    def __len__(self):
        return self._arr.len()

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self._arr.tolist()[i]
        return self._arr.get(i)

    def __setitem__(self, i, v):
        if isinstance(i, slice):
            idx = list(range(self._arr.len()))[i]
            vals = list(v)
            if len(vals) != len(idx):
                raise ValueError("Can only assign sequence of same size")
            for j, x in zip(idx, vals):
                self._arr.set(j, x)
            return
        self._arr.set(i, v)

    def __iter__(self):
        return iter(self._arr.tolist())

    def get_lock(self):
        return self._lock

    def get_obj(self):
        return self

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __repr__(self):
        n = self._arr.len()
        return f"<SynchronizedArray wrapper for <multiprocessing.sharedctypes.{_CTYPES.get(self._typecode, 'c_int')}_Array_{n} object>>"


def _make_lock(lock):
    if lock is True or lock is None:
        return _mpm.RLock()
    if lock is False:
        return None
    return lock


def Value(typecode_or_type, *args, lock=True):
    code = _typecode(typecode_or_type)
    value = args[0] if args else (0.0 if code in ("d", "f") else 0)
    return Synchronized(code, value, _make_lock(lock))


def RawValue(typecode_or_type, *args):
    return Value(typecode_or_type, *args, lock=False)


def Array(typecode_or_type, size_or_initializer, *, lock=True):
    code = _typecode(typecode_or_type)
    if isinstance(size_or_initializer, int):
        zero = 0.0 if code in ("d", "f") else 0
        values = [zero] * size_or_initializer
    else:
        values = list(size_or_initializer)
    return SynchronizedArray(code, values, _make_lock(lock))


def RawArray(typecode_or_type, size_or_initializer):
    return Array(typecode_or_type, size_or_initializer, lock=False)
