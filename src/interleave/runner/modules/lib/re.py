"""re for threadlab: CPython 3.11's regular expressions on str.

The native _re rewrites Python's pattern syntax for the fancy-regex
engine and searches (its answers are character indices); this module
is the rest: compiled patterns kept in a cache shared by the threads,
the Pattern and Match objects, sub's replacement templates, split.
Flags are plain ints here (re.I prints as 2, not re.IGNORECASE)."""

import _re

__all__ = ["match", "fullmatch", "search", "sub", "subn", "split",
           "findall", "finditer", "compile", "purge", "escape", "error",
           "Pattern", "Match", "A", "I", "L", "M", "S", "X", "U",
           "ASCII", "IGNORECASE", "LOCALE", "MULTILINE", "DOTALL", "VERBOSE",
           "UNICODE", "NOFLAG"]

NOFLAG = 0
IGNORECASE = I = 2
LOCALE = L = 4
MULTILINE = M = 8
DOTALL = S = 16
UNICODE = U = 32
VERBOSE = X = 64
DEBUG = 128
ASCII = A = 256

_FLAG_NAMES = [(IGNORECASE, "re.IGNORECASE"), (LOCALE, "re.LOCALE"),
               (MULTILINE, "re.MULTILINE"), (DOTALL, "re.DOTALL"),
               (UNICODE, "re.UNICODE"), (VERBOSE, "re.VERBOSE"),
               (DEBUG, "re.DEBUG"), (ASCII, "re.ASCII")]

_MAXSIZE = 9223372036854775807


class error(Exception):
    """A pattern (or replacement template) Python refuses."""

    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        if pattern is not None and pos is not None:
            msg = "%s at position %d" % (msg, pos)
            self.lineno = pattern.count("\n", 0, pos) + 1
            self.colno = pos - pattern.rfind("\n", 0, pos)
            if "\n" in pattern:
                msg = "%s (line %d, column %d)" % (msg, self.lineno, self.colno)
        else:
            self.lineno = self.colno = None
        super().__init__(msg)


def _check(string):
    if not isinstance(string, str):
        if isinstance(string, (bytes, bytearray)):
            raise TypeError("cannot use a string pattern on a bytes-like object")
        raise TypeError("expected string or bytes-like object, got '%s'"
                        % type(string).__name__)


def _bounds(string, pos, endpos):
    n = len(string)
    pos = 0 if pos < 0 else (n if pos > n else pos)
    endpos = 0 if endpos < 0 else (n if endpos > n else endpos)
    return pos, endpos


class Pattern:
    """A compiled regular expression (re.compile's answer)."""

    def __init__(self, c, pattern):
        self._c = c
        self.pattern = pattern
        self.flags = c.flags
        self.groups = c.groups
        self.groupindex = dict(c.names)
        self._parents = c.parents
        self._templates = {}

    def __repr__(self):
        flags = self.flags
        if flags & (LOCALE | UNICODE | ASCII) == UNICODE:
            flags &= ~UNICODE
        # (At most 200 characters of the pattern's repr, as CPython.)
        shown = "re.compile(%s" % repr(self.pattern)[:200]
        if flags:
            names = []
            for bit, name in _FLAG_NAMES:
                if flags & bit:
                    names.append(name)
                    flags &= ~bit
            if flags:
                names.append(hex(flags))
            shown += ", " + "|".join(names)
        return shown + ")"

    def __eq__(self, other):
        if not isinstance(other, Pattern):
            return NotImplemented
        return self.pattern == other.pattern and self.flags == other.flags

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        # Sent to another process as its source: recompiled there.
        return _compile, (self.pattern, self.flags)

    # The native search checks the string's type and clamps pos/endpos
    # (one call per match: programs call these in their hottest loops).
    def search(self, string, pos=0, endpos=_MAXSIZE):
        spans = self._c.search(string, pos, endpos, 0)
        return None if spans is None else Match(self, string, spans, pos, endpos)

    def match(self, string, pos=0, endpos=_MAXSIZE):
        spans = self._c.search(string, pos, endpos, 1)
        return None if spans is None else Match(self, string, spans, pos, endpos)

    def fullmatch(self, string, pos=0, endpos=_MAXSIZE):
        spans = self._c.search(string, pos, endpos, 2)
        return None if spans is None else Match(self, string, spans, pos, endpos)

    def findall(self, string, pos=0, endpos=_MAXSIZE):
        return self._c.findall(string, pos, endpos)

    def _matches(self, string, pos, endpos, count):
        return [Match(self, string, spans, pos, endpos)
                for spans in self._c.scan(string, pos, endpos, count)]

    def finditer(self, string, pos=0, endpos=_MAXSIZE):
        return iter(self._matches(string, pos, endpos, 0))

    def split(self, string, maxsplit=0):
        if maxsplit < 0:
            _check(string)
            return [string]
        out = []
        last = 0
        for spans in self._c.scan(string, 0, _MAXSIZE, maxsplit):
            out.append(string[last:spans[0]])
            for g in range(1, self.groups + 1):
                a = spans[2 * g]
                out.append(None if a < 0 else string[a:spans[2 * g + 1]])
            last = spans[1]
        out.append(string[last:])
        return out

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def subn(self, repl, string, count=0):
        _check(string)
        if count < 0:
            return string, 0
        if callable(repl):
            return self._subn_call(repl, string, count)
        if not isinstance(repl, str):
            raise TypeError("expected str instance, %s found" % type(repl).__name__)
        template = self._templates.get(repl)
        if template is None:
            template = _parse_template(repl, self)
            if len(self._templates) < 100:
                self._templates[repl] = template
        return self._c.subn(template, string, count)

    def _subn_call(self, repl, string, count):
        # As CPython: the pieces are joined at the end (so a replacement
        # that is not a str fails there, naming its place), and a None
        # from the function stands for nothing.
        pieces = []
        last = 0
        n = 0
        for m in self._matches(string, 0, _MAXSIZE, count):
            s, e = m.span()
            if s > last:
                pieces.append(string[last:s])
            got = repl(m)
            if got is not None:
                pieces.append(got)
            last = e
            n += 1
        if last < len(string):
            pieces.append(string[last:])
        return "".join(pieces), n


_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
            "t": "\t", "v": "\v", "\\": "\\"}
_OCTAL = "01234567"
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _template_group(repl, i, pattern):
    """\\g<...> at repl[i] (after the g): (group number, next index)."""
    if repl[i:i + 1] != "<":
        raise error("missing <", repl, i)
    end = repl.find(">", i + 1)
    if end < 0:
        raise error("missing >, unterminated name", repl, i + 1)
    name = repl[i + 1:end]
    if not name:
        raise error("missing group name", repl, i + 1)
    if name.isdigit() and name.isascii():
        g = int(name)
        if g > pattern.groups:
            raise error("invalid group reference %d" % g, repl, i + 1)
    elif name.isidentifier():
        if name not in pattern.groupindex:
            raise IndexError("unknown group name '%s'" % name)
        g = pattern.groupindex[name]
    else:
        raise error("bad character in group name '%s'" % name, repl, i + 1)
    return g, end + 1


def _template_digits(repl, i, pattern):
    """\\N or an octal escape at repl[i]: (str or group number, next index)."""
    c = repl[i]
    if c == "0":
        j = i + 1
        while j < len(repl) and j < i + 3 and repl[j] in _OCTAL:
            j += 1
        return chr(int(repl[i:j], 8)), j
    if (c in _OCTAL and repl[i + 1:i + 2] in _OCTAL and repl[i + 1:i + 2]
            and repl[i + 2:i + 3] in _OCTAL and repl[i + 2:i + 3]):
        v = int(repl[i:i + 3], 8)
        if v > 0o377:
            raise error("octal escape value \\%s outside of range 0-0o377"
                        % repl[i:i + 3], repl, i - 1)
        return chr(v), i + 3
    j = i + 1
    if repl[j:j + 1].isdigit() and repl[j:j + 1].isascii():
        j += 1
    g = int(repl[i:j])
    if g > pattern.groups:
        raise error("invalid group reference %d" % g, repl, i)
    return g, j


def _parse_template(repl, pattern):
    """A replacement string as a list of literal strs and group numbers."""
    items = []
    literal = []
    i = 0
    n = len(repl)
    while i < n:
        j = repl.find("\\", i)
        if j < 0:
            literal.append(repl[i:])
            break
        literal.append(repl[i:j])
        if j + 1 >= n:
            raise error("bad escape (end of pattern)", repl, j)
        c = repl[j + 1]
        if c == "g":
            got, i = _template_group(repl, j + 2, pattern)
        elif c.isdigit() and c.isascii():
            got, i = _template_digits(repl, j + 1, pattern)
        elif c in _ESCAPES:
            got, i = _ESCAPES[c], j + 2
        elif c in _LETTERS:
            raise error("bad escape \\" + c, repl, j)
        else:
            got, i = "\\" + c, j + 2
        if isinstance(got, str):
            literal.append(got)
        else:
            if literal:
                items.append("".join(literal))
                literal = []
            items.append(got)
    if literal:
        items.append("".join(literal))
    return items


class Match:
    """One match: its groups' text and spans (character indices)."""

    def __init__(self, pattern, string, spans, pos, endpos):
        self.re = pattern
        self.string = string
        self._spans = spans
        self._bounds = (pos, endpos)

    @property
    def pos(self):
        return _bounds(self.string, *self._bounds)[0]

    @property
    def endpos(self):
        return _bounds(self.string, *self._bounds)[1]

    def _index(self, g):
        if isinstance(g, int):
            if 0 <= g <= self.re.groups:
                return g
        elif isinstance(g, str):
            i = self.re.groupindex.get(g)
            if i is not None:
                return i
        raise IndexError("no such group")

    def _one(self, g, default=None):
        if type(g) is not int or g < 0 or g > self.re.groups:
            g = self._index(g)
        a = self._spans[2 * g]
        if a < 0:
            return default
        return self.string[a:self._spans[2 * g + 1]]

    def group(self, *groups):
        if not groups:
            return self.string[self._spans[0]:self._spans[1]]
        if len(groups) == 1:
            return self._one(groups[0])
        return tuple(self._one(g) for g in groups)

    def __getitem__(self, g):
        return self._one(g)

    def groups(self, default=None):
        return tuple(self._one(g, default) for g in range(1, self.re.groups + 1))

    def groupdict(self, default=None):
        return {name: self._one(i, default) for name, i in self.re.groupindex.items()}

    def start(self, group=0):
        return self._spans[2 * self._index(group)]

    def end(self, group=0):
        return self._spans[2 * self._index(group) + 1]

    def span(self, group=0):
        i = self._index(group)
        return (self._spans[2 * i], self._spans[2 * i + 1])

    @property
    def regs(self):
        return tuple(self.span(g) for g in range(self.re.groups + 1))

    @property
    def lastindex(self):
        # The group that closed last: the one ending furthest right; of
        # those, an enclosing group (it closes after its inner ones), else
        # the later one.
        best = None
        parents = self.re._parents
        for g in range(1, self.re.groups + 1):
            a = self._spans[2 * g]
            if a < 0:
                continue
            if best is None or self._spans[2 * g + 1] >= self._spans[2 * best + 1]:
                if best is not None and self._spans[2 * g + 1] == self._spans[2 * best + 1]:
                    p = parents[g - 1]
                    while p and p != best:
                        p = parents[p - 1]
                    if p == best:
                        continue
                best = g
        return best

    @property
    def lastgroup(self):
        i = self.lastindex
        if i is None:
            return None
        for name, g in self.re.groupindex.items():
            if g == i:
                return name
        return None

    def expand(self, template):
        items = _parse_template(template, self.re)
        return "".join(x if isinstance(x, str) else (self._one(x) or "")
                       for x in items)

    def __repr__(self):
        # CPython shows at most 50 characters of the match's repr.
        return "<re.Match object; span=(%d, %d), match=%s>" % (
            self._spans[0], self._spans[1], repr(self.group(0))[:50])

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


_cache = {}
_MAXCACHE = 512


def _compile(pattern, flags):
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError("cannot process flags argument with a compiled pattern")
        return pattern
    if not isinstance(flags, int):
        raise TypeError("unsupported operand type(s) for &: '%s' and 'int'"
                        % type(flags).__name__)
    key = (pattern, flags)
    if isinstance(pattern, str):
        p = _cache.get(key)
        if p is not None:
            return p
    elif isinstance(pattern, (bytes, bytearray)):
        raise TypeError("bytes patterns are not supported here; decode them to str")
    else:
        raise TypeError("first argument must be string or compiled pattern")
    c = _re.compile(pattern, flags & ~DEBUG)
    if isinstance(c, tuple):
        raise error(c[0], pattern, c[1])
    p = Pattern(c, pattern)
    if len(_cache) >= _MAXCACHE:
        _cache.clear()
    _cache[key] = p
    return p


def compile(pattern, flags=0):
    return _compile(pattern, flags)


def purge():
    _cache.clear()


def search(pattern, string, flags=0):
    return _compile(pattern, flags).search(string)


def match(pattern, string, flags=0):
    return _compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return _compile(pattern, flags).fullmatch(string)


def findall(pattern, string, flags=0):
    return _compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return _compile(pattern, flags).finditer(string)


def sub(pattern, repl, string, count=0, flags=0):
    return _compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return _compile(pattern, flags).subn(repl, string, count)


def split(pattern, string, maxsplit=0, flags=0):
    return _compile(pattern, flags).split(string, maxsplit)


_SPECIAL = frozenset("()[]{}?*+-|^$\\.&~# \t\n\r\v\f")


def escape(pattern):
    if isinstance(pattern, str):
        return "".join("\\" + c if c in _SPECIAL else c for c in pattern)
    raise TypeError("escape() of bytes is not supported here")
