"""contextlib for threadlab: contextmanager (a timer or a lock held around a
`with` block, written as a generator), suppress, nullcontext, closing and
ExitStack."""

from functools import wraps


class _GeneratorContextManager:
    def __init__(self, func, args, kwargs):
        self.gen = func(*args, **kwargs)
        self.func = func
        self.args = args
        self.kwargs = kwargs

    def __enter__(self):
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield") from None

    def __exit__(self, typ, value, traceback):
        if typ is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        if value is None:
            value = typ()
        try:
            self.gen.throw(value)
        except StopIteration as exc:
            # The generator caught it and returned: the exception is over,
            # unless that was the StopIteration raised in the block itself.
            return exc is not value
        except BaseException as exc:
            if exc is value:
                return False
            raise
        raise RuntimeError("generator didn't stop after throw()")

    def __call__(self, func):
        # A context manager used as a decorator: each call runs in a fresh one.
        @wraps(func)
        def inner(*args, **kwargs):
            with _GeneratorContextManager(self.func, self.args, self.kwargs):
                return func(*args, **kwargs)

        return inner


def contextmanager(func):
    @wraps(func)
    def helper(*args, **kwargs):
        return _GeneratorContextManager(func, args, kwargs)

    return helper


class suppress:
    """`with suppress(KeyError):` ignores those exceptions."""

    def __init__(self, *exceptions):
        self._exceptions = exceptions

    def __enter__(self):
        return None

    def __exit__(self, typ, value, traceback):
        return typ is not None and issubclass(typ, self._exceptions)


class nullcontext:
    """A `with` that does nothing (when a lock is optional)."""

    def __init__(self, enter_result=None):
        self.enter_result = enter_result

    def __enter__(self):
        return self.enter_result

    def __exit__(self, *exc):
        return False


class closing:
    """Calls `thing.close()` when the block ends."""

    def __init__(self, thing):
        self.thing = thing

    def __enter__(self):
        return self.thing

    def __exit__(self, *exc):
        self.thing.close()
        return False


class ExitStack:
    """Several context managers entered one by one, left in reverse order."""

    def __init__(self):
        self._exits = []

    def __enter__(self):
        return self

    def enter_context(self, cm):
        result = cm.__enter__()
        self._exits.append(cm.__exit__)
        return result

    def callback(self, func, *args, **kwargs):
        def call(typ, value, traceback):
            func(*args, **kwargs)
            return False

        self._exits.append(call)
        return func

    def push(self, exit):
        self._exits.append(getattr(exit, "__exit__", exit))
        return exit

    def close(self):
        self.__exit__(None, None, None)

    def __exit__(self, typ, value, traceback):
        pending = value
        while self._exits:
            exit = self._exits.pop()
            try:
                if pending is None:
                    handled = exit(None, None, None)
                else:
                    handled = exit(type(pending), pending, None)
                if handled:
                    pending = None
            except BaseException as exc:
                pending = exc
        if pending is not None and pending is not value:
            raise pending
        return value is not None and pending is None
