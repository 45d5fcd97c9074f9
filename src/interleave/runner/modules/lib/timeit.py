"""timeit for threadlab: default_timer, timeit, repeat and Timer (timeit,
repeat, autorange, print_exc), with the statement and the setup given as
callables or as strings, as CPython 3.11's.

A string is compiled at run time into CPython's template function, in
timeit's own namespace unless `globals=` gives one (a copy of that dict
is used: `from __main__ import f` in the setup reaches the program's
names). The garbage collector is off while the statement runs, as in
CPython."""

import gc
import sys
import time
import _timeit

__all__ = ["Timer", "timeit", "repeat", "default_timer"]

dummy_src_name = "<timeit-src>"
default_number = 1000000
default_repeat = 5
default_timer = time.perf_counter

template = """
def inner(_it, _timer):
    {setup}
    _t0 = _timer()
    for _i in _it:
        {stmt}
        pass
    _t1 = _timer()
    return _t1 - _t0
"""


def reindent(src, indent):
    """Helper to reindent a multi-line statement."""
    return src.replace("\n", "\n" + " " * indent)


def _namespace():
    # What CPython's statements see without globals=: timeit's module.
    import itertools
    return {
        "__name__": "timeit", "gc": gc, "sys": sys, "time": time,
        "itertools": itertools, "Timer": Timer, "timeit": timeit,
        "repeat": repeat, "default_timer": default_timer,
        "default_number": default_number, "default_repeat": default_repeat,
        "dummy_src_name": dummy_src_name, "template": template,
        "reindent": reindent,
    }


class Timer:
    """Class for timing execution speed of small code snippets."""

    def __init__(self, stmt="pass", setup="pass", timer=default_timer, globals=None):
        self.timer = timer
        ns = _namespace() if globals is None else dict(globals)
        if isinstance(setup, str):
            # Check that the code can be compiled outside a function.
            _timeit.check(setup)
            stmtprefix = setup + "\n"
            setup = reindent(setup, 4)
        elif callable(setup):
            ns["_setup"] = setup
            stmtprefix = ""
            setup = "_setup()"
        else:
            raise ValueError("setup is neither a string nor callable")
        if isinstance(stmt, str):
            _timeit.check(stmtprefix + stmt)
            stmt = reindent(stmt, 8)
        elif callable(stmt):
            ns["_stmt"] = stmt
            stmt = "_stmt()"
        else:
            raise ValueError("stmt is neither a string nor callable")
        src = template.format(stmt=stmt, setup=setup)
        self.src = src
        self.inner = _timeit.inner(src, ns)

    def print_exc(self, file=None):
        """Prints the traceback of the exception the timed code raised."""
        import traceback
        traceback.print_exc(file=file)

    def timeit(self, number=default_number):
        """Time 'number' executions of the main statement."""
        it = range(number)
        gcold = gc.isenabled()
        gc.disable()
        try:
            timing = self.inner(it, self.timer)
        finally:
            if gcold:
                gc.enable()
        return timing

    def repeat(self, repeat=default_repeat, number=default_number):
        """Call timeit() a few times; a list of the times."""
        r = []
        for i in range(repeat):
            t = self.timeit(number)
            r.append(t)
        return r

    def autorange(self, callback=None):
        """Return the number of loops and time taken so that total time >= 0.2."""
        i = 1
        while True:
            for j in 1, 2, 5:
                number = i * j
                time_taken = self.timeit(number)
                if callback:
                    callback(number, time_taken)
                if time_taken >= 0.2:
                    return (number, time_taken)
            i *= 10


def timeit(stmt="pass", setup="pass", timer=default_timer,
           number=default_number, globals=None):
    """Convenience function to create Timer object and call timeit method."""
    return Timer(stmt, setup, timer, globals).timeit(number)


def repeat(stmt="pass", setup="pass", timer=default_timer,
           repeat=default_repeat, number=default_number, globals=None):
    """Convenience function to create Timer object and call repeat method."""
    return Timer(stmt, setup, timer, globals).repeat(repeat, number)
