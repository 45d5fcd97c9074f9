"""functools: partial, partialmethod, reduce, wraps, lru_cache/cache,
cached_property, singledispatch, singledispatchmethod, cmp_to_key,
total_ordering."""

import _thread

_MISSING = object()


class partial:
    def __init__(self, func, *args, **keywords):
        if not callable(func):
            raise TypeError("the first argument must be callable")
        self.func = func
        self.args = args
        self.keywords = keywords

    def __call__(self, *args, **keywords):
        kw = dict(self.keywords)
        kw.update(keywords)
        return self.func(*self.args, *args, **kw)

    def __repr__(self):
        parts = [repr(self.func)]
        parts.extend(repr(a) for a in self.args)
        parts.extend(f"{k}={v!r}" for k, v in self.keywords.items())
        return "functools.partial(" + ", ".join(parts) + ")"


def reduce(function, iterable, initial=_MISSING):
    it = iter(iterable)
    if initial is _MISSING:
        try:
            value = next(it)
        except StopIteration:
            raise TypeError("reduce() of empty iterable with no initial value") from None
    else:
        value = initial
    for element in it:
        value = function(value, element)
    return value


WRAPPER_ASSIGNMENTS = ("__module__", "__name__", "__qualname__", "__doc__")


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=()):
    for attr in assigned:
        try:
            setattr(wrapper, attr, getattr(wrapped, attr))
        except AttributeError:
            pass
    try:
        wrapper.__wrapped__ = wrapped
    except AttributeError:
        pass
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=()):
    def decorator(wrapper):
        return update_wrapper(wrapper, wrapped, assigned, updated)
    return decorator


class _CacheInfo:
    def __init__(self, hits, misses, maxsize, currsize):
        self.hits = hits
        self.misses = misses
        self.maxsize = maxsize
        self.currsize = currsize

    def __repr__(self):
        return (f"CacheInfo(hits={self.hits}, misses={self.misses}, "
                f"maxsize={self.maxsize}, currsize={self.currsize})")


class _LruWrapper:
    def __init__(self, func, maxsize):
        self.__wrapped__ = func
        self._maxsize = maxsize
        self._cache = {}
        self._hits = 0
        self._misses = 0

    def __call__(self, *args, **kwargs):
        key = args
        if kwargs:
            key = args + (_MISSING,) + tuple(sorted(kwargs.items()))
        cache = self._cache
        if key in cache:
            self._hits += 1
            value = cache.pop(key)
            cache[key] = value
            return value
        self._misses += 1
        value = self.__wrapped__(*args, **kwargs)
        cache[key] = value
        if self._maxsize is not None and len(cache) > self._maxsize:
            del cache[next(iter(cache))]
        return value

    def cache_info(self):
        return _CacheInfo(self._hits, self._misses, self._maxsize, len(self._cache))

    def cache_clear(self):
        self._cache.clear()
        self._hits = 0
        self._misses = 0

    def __getattr__(self, name):
        return getattr(self.__dict__["__wrapped__"], name)


def lru_cache(maxsize=128, typed=False):
    if callable(maxsize):
        return _LruWrapper(maxsize, 128)

    def decorator(func):
        return _LruWrapper(func, maxsize)
    return decorator


def cache(func):
    return _LruWrapper(func, None)


def cmp_to_key(mycmp):
    class K:
        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0
    return K


def total_ordering(cls):
    d = cls.__dict__ if hasattr(cls, "__dict__") else {}
    if hasattr(cls, "__lt__"):
        if not hasattr(cls, "__gt__") or "__gt__" not in d:
            cls.__gt__ = lambda self, other: not (self < other or self == other)
        if "__le__" not in d:
            cls.__le__ = lambda self, other: self < other or self == other
        if "__ge__" not in d:
            cls.__ge__ = lambda self, other: not self < other
    return cls


class partialmethod:
    """A partial that binds like a method: the instance comes first."""

    def __init__(self, func, *args, **keywords):
        if not callable(func) and not hasattr(func, "__get__"):
            raise TypeError(f"{func!r} is not callable or a descriptor")
        self.func = func
        self.args = args
        self.keywords = keywords

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return partial(self.func, obj, *self.args, **self.keywords)

    def __repr__(self):
        parts = [repr(self.func)]
        parts.extend(repr(a) for a in self.args)
        parts.extend(f"{k}={v!r}" for k, v in self.keywords.items())
        return "functools.partialmethod(" + ", ".join(parts) + ")"


class cached_property:
    """Computes an attribute once per instance and keeps it in the
    instance's __dict__ (which then wins over this non-data descriptor).
    As in CPython 3.11, one lock guards the computation."""

    def __init__(self, func):
        self.func = func
        self.attrname = None
        self.__doc__ = getattr(func, "__doc__", None)
        self.lock = _thread.RLock()

    def __set_name__(self, owner, name):
        if self.attrname is None:
            self.attrname = name
        elif name != self.attrname:
            raise TypeError(
                "Cannot assign the same cached_property to two different names "
                f"({self.attrname!r} and {name!r})."
            )

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if self.attrname is None:
            raise TypeError(
                "Cannot use cached_property instance without calling __set_name__ on it.")
        cache = instance.__dict__
        if self.attrname in cache:
            return cache[self.attrname]
        with self.lock:
            # Another thread may have filled it while this one waited.
            if self.attrname in cache:
                return cache[self.attrname]
            val = self.func(instance)
            cache[self.attrname] = val
        return val


def _find_impl(cls, registry):
    """The implementation for the nearest class along cls's MRO."""
    for base in cls.__mro__:
        if base in registry:
            return registry[base]
    return None


class _SingleDispatch:
    """What @singledispatch returns: calls the implementation registered
    for the first argument's class (or its nearest base)."""

    def __init__(self, func):
        self.registry = {object: func}
        self._cache = {}
        self.__wrapped__ = func
        self.__name__ = getattr(func, "__name__", "singledispatch function")
        self.__qualname__ = getattr(func, "__qualname__", self.__name__)
        self.__doc__ = getattr(func, "__doc__", None)

    def dispatch(self, cls):
        impl = self._cache.get(cls)
        if impl is None:
            impl = _find_impl(cls, self.registry)
            self._cache[cls] = impl
        return impl

    def register(self, cls, func=None):
        if isinstance(cls, type):
            if func is None:
                return lambda f: self.register(cls, f)
        else:
            if func is not None:
                raise TypeError(
                    f"Invalid first argument to `register()`. {cls!r} is not a class "
                    "or union type.")
            # CPython reads the first parameter's annotation; this runner
            # does not keep parameter annotations, so the class must be given.
            raise TypeError(
                f"Invalid first argument to `register()`: {cls!r}. Use "
                "`@register(some_class)` here (this Python does not keep "
                "parameter annotations, so plain `@register` cannot work).")
        self.registry[cls] = func
        self._cache.clear()
        return func

    def _clear_cache(self):
        self._cache.clear()

    def __call__(self, *args, **kw):
        if not args:
            raise TypeError(f"{self.__name__} requires at least 1 positional argument")
        return self.dispatch(args[0].__class__)(*args, **kw)

    def __repr__(self):
        return f"<function {self.__qualname__}>"


def singledispatch(func):
    return _SingleDispatch(func)


class singledispatchmethod:
    """singledispatch for methods: dispatches on the first argument after
    self (or cls)."""

    def __init__(self, func):
        if not callable(func) and not hasattr(func, "__get__"):
            raise TypeError(f"{func!r} is not callable or a descriptor")
        self.dispatcher = _SingleDispatch(func)
        self.func = func

    def register(self, cls, method=None):
        return self.dispatcher.register(cls, func=method)

    def __get__(self, obj, cls=None):
        dispatcher = self.dispatcher

        def _method(*args, **kwargs):
            if not args:
                raise TypeError(
                    f"{dispatcher.__name__} requires at least 1 positional argument")
            method = dispatcher.dispatch(args[0].__class__)
            return method(obj, *args, **kwargs)
        return _method
