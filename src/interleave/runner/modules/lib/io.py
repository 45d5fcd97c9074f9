"""io for threadlab: the in-memory files StringIO and BytesIO, which
tutorials use to capture what a function prints (`print(..., file=buf)`)
or to stand in for a file. Both behave as CPython 3.11's (reads, writes
that overwrite in the middle, seek/tell, readline, iteration, `with`, the
same errors). There are no real files here, so open() and the
TextIOWrapper/BufferedReader classes are not provided, nor StringIO's
newline translation."""

__all__ = ["StringIO", "BytesIO", "SEEK_SET", "SEEK_CUR", "SEEK_END",
           "UnsupportedOperation"]

SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2


class UnsupportedOperation(OSError, ValueError):
    pass


class _Memory:
    """What StringIO and BytesIO share; `_empty` is '' or b''. Writes at the
    end go to a list of parts, joined only when something reads, so a
    loop of many small writes stays linear."""

    _empty = ""
    _closed_msg = "I/O operation on closed file"

    def _setup(self, initial):
        self._parts = [initial] if initial else []
        self._size = len(initial)
        self._pos = 0
        self._closed = False

    def _value(self):
        if len(self._parts) > 1:
            self._parts = [self._empty.join(self._parts)]
        return self._parts[0] if self._parts else self._empty

    def _check(self):
        if self._closed:
            raise ValueError(self._closed_msg)

    @property
    def closed(self):
        return self._closed

    def close(self):
        self._closed = True

    def readable(self):
        self._check()
        return True

    def writable(self):
        self._check()
        return True

    def seekable(self):
        self._check()
        return True

    def isatty(self):
        self._check()
        return False

    def flush(self):
        self._check()

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, *exc):
        self.close()

    def __iter__(self):
        self._check()
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def getvalue(self):
        self._check()
        return self._value()

    def tell(self):
        self._check()
        return self._pos

    def seek(self, pos, whence=0):
        self._check()
        pos = _index(pos)
        text = self._empty == ""
        if whence == 0:
            if pos < 0:
                raise ValueError(("Negative seek position %d" if text else
                                  "negative seek value %d") % pos)
            self._pos = pos
        elif whence == 1:
            if pos != 0 and text:
                raise OSError("Can't do nonzero cur-relative seeks")
            self._pos = max(0, self._pos + pos)
        elif whence == 2:
            # CPython 3.11 words this one as the cur-relative one.
            if pos != 0 and text:
                raise OSError("Can't do nonzero cur-relative seeks")
            self._pos = max(0, self._size + pos)
        else:
            raise ValueError(("Invalid whence (%d, should be 0, 1 or 2)" if text
                              else "invalid whence (%d, should be 0, 1 or 2)")
                             % whence)
        return self._pos

    def _write(self, s):
        n = len(s)
        if n == 0:
            return 0
        if self._pos == self._size:
            self._parts.append(s)
        elif self._pos > self._size:
            pad = "\0" if self._empty == "" else b"\0"
            self._parts.append(pad * (self._pos - self._size))
            self._parts.append(s)
        else:
            v = self._value()
            self._parts = [v[:self._pos] + s + v[self._pos + n:]]
        self._pos += n
        self._size = max(self._size, self._pos)
        return n

    def writelines(self, lines):
        self._check()
        for line in lines:
            self.write(line)

    def read(self, size=-1):
        self._check()
        size = _size_arg(size)
        v = self._value()
        end = self._size if size < 0 else min(self._size, self._pos + size)
        if self._pos >= end:
            return self._empty
        out = v[self._pos:end]
        self._pos = end
        return out

    def readline(self, size=-1):
        self._check()
        size = _size_arg(size)
        v = self._value()
        if self._pos >= self._size:
            return self._empty
        nl = "\n" if self._empty == "" else b"\n"
        i = v.find(nl, self._pos)
        end = self._size if i < 0 else i + 1
        if size >= 0:
            end = min(end, self._pos + size)
        out = v[self._pos:end]
        self._pos = end
        return out

    def readlines(self, hint=-1):
        self._check()
        hint = _size_arg(hint)
        lines = []
        total = 0
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)
            total += len(line)
            if 0 < hint <= total:
                return lines

    def truncate(self, size=None):
        self._check()
        size = self._pos if size is None else _index(size)
        if size < 0:
            raise ValueError(("Negative size value %d" if self._empty == ""
                              else "negative size value %d") % size)
        if size < self._size:
            self._parts = [self._value()[:size]]
            self._size = size
        return size


def _index(v):
    if isinstance(v, int):
        return int(v)
    if hasattr(type(v), "__index__"):
        return v.__index__()
    raise TypeError("'%s' object cannot be interpreted as an integer"
                    % type(v).__name__)


def _size_arg(v):
    if v is None:
        return -1
    if isinstance(v, int):
        return int(v)
    raise TypeError("argument should be integer or None, not '%s'"
                    % type(v).__name__)


class StringIO(_Memory):
    """A text file in memory."""

    def __init__(self, initial_value="", newline="\n"):
        if initial_value is None:
            initial_value = ""
        if not isinstance(initial_value, str):
            raise TypeError("initial_value must be str or None, not %s"
                            % type(initial_value).__name__)
        if newline is not None and not isinstance(newline, str):
            raise TypeError("newline must be str or None, not %s"
                            % type(newline).__name__)
        if newline not in (None, "", "\n", "\r", "\r\n"):
            raise ValueError("illegal newline value: %r" % (newline,))
        self._setup(initial_value)

    def write(self, s):
        self._check()
        if not isinstance(s, str):
            raise TypeError("string argument expected, got '%s'"
                            % type(s).__name__)
        return self._write(s)

    @property
    def line_buffering(self):
        return False

    @property
    def newlines(self):
        return None


class BytesIO(_Memory):
    """A binary file in memory."""

    _empty = b""
    _closed_msg = "I/O operation on closed file."

    def __init__(self, initial_bytes=b""):
        if initial_bytes is None:
            initial_bytes = b""
        self._setup(bytes(_bytes_like(initial_bytes)))

    def write(self, b):
        self._check()
        return self._write(bytes(_bytes_like(b)))

    def read1(self, size=-1):
        return self.read(size)


def _bytes_like(b):
    if isinstance(b, (bytes, bytearray)):
        return b
    raise TypeError("a bytes-like object is required, not '%s'"
                    % type(b).__name__)
