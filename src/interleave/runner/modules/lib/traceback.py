"""traceback for threadlab: print_exc, format_exc, print_exception,
format_exception (CPython 3.10's one-argument form and the three-argument
form), format_exception_only, extract_tb, format_tb, print_tb, format_list
and TracebackException, printing what CPython 3.11 prints (without its
`^^^^` lines).

The text comes from the runner (`_traceback`), which prints an uncaught
exception the same way; `sys.exc_info()` is the exception being handled.
The library's own frames are left out, as in the runner's tracebacks.
There are no frame objects here, so print_stack, format_stack and
extract_stack are not available."""

import sys
import _traceback

__all__ = [
    "print_exc", "format_exc", "print_exception", "format_exception",
    "format_exception_only", "extract_tb", "format_tb", "print_tb",
    "format_list", "print_list", "FrameSummary", "StackSummary",
    "TracebackException",
]

_sentinel = object()

_RECURSIVE_CUTOFF = 3


def _parse_value_tb(exc, value, tb):
    if (value is _sentinel) != (tb is _sentinel):
        raise ValueError("Both or neither of value and tb must be given")
    if value is tb is _sentinel:
        if exc is not None:
            if isinstance(exc, BaseException):
                return exc, getattr(exc, "__traceback__", None)
            raise TypeError(
                f"Exception expected for value, {type(exc).__name__} found")
        return None, None
    return value, tb


def _write(file, lines):
    if file is None:
        file = sys.stderr
    for line in lines:
        file.write(line)


def format_exception(exc, /, value=_sentinel, tb=_sentinel, limit=None, chain=True):
    value, tb = _parse_value_tb(exc, value, tb)
    return _traceback.format(value, tb, limit, chain)


def print_exception(exc, /, value=_sentinel, tb=_sentinel, limit=None, file=None, chain=True):
    value, tb = _parse_value_tb(exc, value, tb)
    _write(file, _traceback.format(value, tb, limit, chain))


def format_exception_only(exc, /, value=_sentinel):
    if value is _sentinel:
        value = exc
    return _traceback.format_only(value)


def print_exc(limit=None, file=None, chain=True):
    print_exception(*sys.exc_info(), limit=limit, file=file, chain=chain)


def format_exc(limit=None, chain=True):
    return "".join(format_exception(*sys.exc_info(), limit=limit, chain=chain))


class FrameSummary:
    """One frame of a traceback: filename, lineno, name, line."""

    __slots__ = ("filename", "lineno", "name", "_line", "locals")

    def __init__(self, filename, lineno, name, *, lookup_line=True, locals=None, line=None):
        self.filename = filename
        self.lineno = lineno
        self.name = name
        self._line = line
        self.locals = None if locals is None else {k: repr(v) for k, v in locals.items()}

    @property
    def line(self):
        if self._line is None:
            return ""
        return self._line.strip()

    def __eq__(self, other):
        if isinstance(other, FrameSummary):
            return (self.filename == other.filename and self.lineno == other.lineno
                    and self.name == other.name and self.locals == other.locals)
        if isinstance(other, tuple):
            return (self.filename, self.lineno, self.name, self.line) == other
        return NotImplemented

    def __getitem__(self, pos):
        return (self.filename, self.lineno, self.name, self.line)[pos]

    def __iter__(self):
        return iter([self.filename, self.lineno, self.name, self.line])

    def __repr__(self):
        return "<FrameSummary file {filename}, line {lineno} in {name}>".format(
            filename=self.filename, lineno=self.lineno, name=self.name)

    def __len__(self):
        return 4


class StackSummary:
    """A list of FrameSummary objects, outermost first (CPython's is a
    list subclass; built-in types cannot be subclassed here, so this one
    holds a list and behaves like one)."""

    def __init__(self, frames=()):
        self._frames = list(frames)

    def append(self, frame):
        self._frames.append(frame)

    def __iter__(self):
        return iter(self._frames)

    def __len__(self):
        return len(self._frames)

    def __getitem__(self, i):
        return self._frames[i]

    def __bool__(self):
        return bool(self._frames)

    def __eq__(self, other):
        if isinstance(other, StackSummary):
            return self._frames == other._frames
        return self._frames == other

    def __repr__(self):
        return repr(self._frames)

    @classmethod
    def from_list(klass, a_list):
        result = StackSummary()
        for frame in a_list:
            if isinstance(frame, FrameSummary):
                result.append(frame)
            else:
                filename, lineno, name, line = frame
                result.append(FrameSummary(filename, lineno, name, line=line))
        return result

    def format_frame_summary(self, frame_summary):
        row = ['  File "{}", line {}, in {}\n'.format(
            frame_summary.filename, frame_summary.lineno, frame_summary.name)]
        if frame_summary.line:
            row.append("    {}\n".format(frame_summary.line.strip()))
        if frame_summary.locals:
            for name, value in sorted(frame_summary.locals.items()):
                row.append("    {name} = {value}\n".format(name=name, value=value))
        return "".join(row)

    def format(self):
        result = []
        last_file = None
        last_line = None
        last_name = None
        count = 0
        for frame_summary in self:
            if (last_file is None or last_file != frame_summary.filename
                    or last_line is None or last_line != frame_summary.lineno
                    or last_name is None or last_name != frame_summary.name):
                if count > _RECURSIVE_CUTOFF:
                    count -= _RECURSIVE_CUTOFF
                    result.append(
                        f"  [Previous line repeated {count} more "
                        f"time{'s' if count > 1 else ''}]\n")
                last_file = frame_summary.filename
                last_line = frame_summary.lineno
                last_name = frame_summary.name
                count = 0
            count += 1
            if count > _RECURSIVE_CUTOFF:
                continue
            result.append(self.format_frame_summary(frame_summary))
        if count > _RECURSIVE_CUTOFF:
            count -= _RECURSIVE_CUTOFF
            result.append(
                f"  [Previous line repeated {count} more "
                f"time{'s' if count > 1 else ''}]\n")
        return result


def _check_tb(tb):
    if tb is not None and not _traceback.is_traceback(tb):
        raise AttributeError(f"'{type(tb).__name__}' object has no attribute 'tb_frame'")


def extract_tb(tb, limit=None):
    _check_tb(tb)
    return StackSummary.from_list(_traceback.extract(tb, limit))


def format_tb(tb, limit=None):
    return extract_tb(tb, limit=limit).format()


def print_tb(tb, limit=None, file=None):
    _write(file, format_tb(tb, limit=limit))


def format_list(extracted_list):
    return StackSummary.from_list(extracted_list).format()


def print_list(extracted_list, file=None):
    _write(file, format_list(extracted_list))


class TracebackException:
    """An exception ready to be formatted later: format(),
    format_exception_only(), stack, exc_type, __cause__, __context__."""

    def __init__(self, exc_type, exc_value, exc_traceback, *, limit=None,
                 lookup_lines=True, capture_locals=False, compact=False,
                 max_group_width=15, max_group_depth=10, _seen=None):
        self.exc_type = exc_type
        self._value = exc_value
        self._tb = exc_traceback
        self._limit = limit
        self.stack = extract_tb(exc_traceback, limit=limit)
        self.__notes__ = getattr(exc_value, "__notes__", None)
        if _seen is None:
            _seen = set()
        _seen.add(id(exc_value))
        cause = getattr(exc_value, "__cause__", None)
        if cause is not None and id(cause) not in _seen:
            self.__cause__ = TracebackException(
                type(cause), cause, getattr(cause, "__traceback__", None),
                limit=limit, _seen=_seen)
        else:
            self.__cause__ = None
        context = getattr(exc_value, "__context__", None)
        self.__suppress_context__ = bool(getattr(exc_value, "__suppress_context__", False))
        if context is not None and id(context) not in _seen:
            self.__context__ = TracebackException(
                type(context), context, getattr(context, "__traceback__", None),
                limit=limit, _seen=_seen)
        else:
            self.__context__ = None
        self._str = _traceback.format_only(exc_value)[0].rstrip("\n").partition(": ")[2]

    @classmethod
    def from_exception(cls, exc, *args, **kwargs):
        return cls(type(exc), exc, getattr(exc, "__traceback__", None), *args, **kwargs)

    def __eq__(self, other):
        if isinstance(other, TracebackException):
            return self.__dict__ == other.__dict__
        return NotImplemented

    def __str__(self):
        return self._str

    def format_exception_only(self):
        return iter(_traceback.format_only(self._value))

    def format(self, *, chain=True):
        return iter(_traceback.format(self._value, self._tb, self._limit, chain))

    def print(self, *, file=None, chain=True):
        _write(file, self.format(chain=chain))
