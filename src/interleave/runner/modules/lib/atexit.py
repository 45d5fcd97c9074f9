"""atexit for threadlab: functions a program registers to run when it
ends (to print a summary, to say goodbye, to flush a log). As in CPython
they run last in, first out, after the main thread's code and after every
non-daemon thread has been joined, also when the program ended with an
exception or sys.exit(). The runner calls `_pop` at the end of a run
(`run.rs`) and prints an error from one as CPython does
("Exception ignored in atexit callback")."""

__all__ = ["register", "unregister"]

_handlers = []


def register(func, *args, **kwargs):
    """Run func(*args, **kwargs) when the program ends; returns func, so
    that it can be used as a decorator."""
    if not callable(func):
        raise TypeError("the first argument must be callable")
    _handlers.append((func, args, kwargs))
    return func


def unregister(func):
    """Forget every registration of func (compared with ==)."""
    _handlers[:] = [h for h in _handlers if not (h[0] == func)]


def _clear():
    del _handlers[:]


def _ncallbacks():
    return len(_handlers)


def _run_exitfuncs():
    while _handlers:
        func, args, kwargs = _handlers.pop()
        func(*args, **kwargs)


def _pop():
    """The last registered callback as (func, args, keyword names, keyword
    values), or None once there are none left."""
    if not _handlers:
        return None
    func, args, kwargs = _handlers.pop()
    return func, args, tuple(kwargs), tuple(kwargs.values())
