"""json for threadlab: dumps and loads (and dump and load on a stream
such as sys.stdout), JSONEncoder (subclass it and override default),
JSONDecoder and JSONDecodeError, as CPython 3.11's.

dumps takes indent, sort_keys, separators, ensure_ascii, default, allow_nan,
skipkeys and check_circular; floats print as their repr. loads reads what
CPython's scanner reads (NaN and Infinity too) and fails with its messages
and positions. There is no `re` here: the scanner walks the text itself,
following CPython's C scanner (Modules/_json.c) step by step. A lone
surrogate escape (`"\\ud800"`) reads as U+FFFD: strings here cannot hold
one."""

__all__ = [
    "dump", "dumps", "load", "loads",
    "JSONDecoder", "JSONDecodeError", "JSONEncoder",
]

_INFINITY = float("inf")


# === Encoding ===

_ESCAPE_DCT = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def _escape_char(c, ascii_only):
    e = _ESCAPE_DCT.get(c)
    if e is not None:
        return e
    n = ord(c)
    if n < 0x20 or (ascii_only and n > 0x7E):
        if n < 0x10000:
            return "\\u{0:04x}".format(n)
        n -= 0x10000
        s1 = 0xD800 | ((n >> 10) & 0x3FF)
        s2 = 0xDC00 | (n & 0x3FF)
        return "\\u{0:04x}\\u{1:04x}".format(s1, s2)
    return c


def py_encode_basestring(s):
    """Return a JSON representation of a Python string."""
    return '"' + "".join([_escape_char(c, False) for c in s]) + '"'


def py_encode_basestring_ascii(s):
    """Return an ASCII-only JSON representation of a Python string."""
    return '"' + "".join([_escape_char(c, True) for c in s]) + '"'


encode_basestring = py_encode_basestring
encode_basestring_ascii = py_encode_basestring_ascii


class JSONEncoder:
    """Extensible JSON encoder for Python data structures: override
    default() to return something serializable for another type."""

    item_separator = ", "
    key_separator = ": "

    def __init__(self, *, skipkeys=False, ensure_ascii=True,
                 check_circular=True, allow_nan=True, sort_keys=False,
                 indent=None, separators=None, default=None):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.check_circular = check_circular
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        self.indent = indent
        if separators is not None:
            self.item_separator, self.key_separator = separators
        elif indent is not None:
            self.item_separator = ","
        if default is not None:
            self.default = default

    def default(self, o):
        raise TypeError(f"Object of type {o.__class__.__name__} "
                        f"is not JSON serializable")

    def encode(self, o):
        """Return a JSON string representation of a Python data structure."""
        if isinstance(o, str):
            if self.ensure_ascii:
                return encode_basestring_ascii(o)
            else:
                return encode_basestring(o)
        return "".join(self.iterencode(o, _one_shot=True))

    def iterencode(self, o, _one_shot=False):
        """Encode the given object and yield each string representation."""
        out = []
        _Encoding(self, out).encode(o, 0)
        return iter(out)


def _collection(o):
    """A namedtuple's values, or a defaultdict's, Counter's or
    OrderedDict's items as a dict: in CPython those are tuple and dict
    subclasses, which JSON encodes as arrays and objects; here the
    collections module's classes are not (built-in types cannot be
    subclassed), so they are recognised."""
    cls = type(o)
    if isinstance(getattr(cls, "_fields", None), tuple) and hasattr(o, "_asdict"):
        return tuple(o)
    if getattr(cls, "__module__", None) == "collections":
        import collections
        if isinstance(o, (collections.defaultdict, collections.Counter)):
            return dict(o.items())
    return None


class _Encoding:
    # One dumps: CPython's _make_iterencode, appending to a list.

    def __init__(self, enc, out):
        self.out = out
        self.markers = {} if enc.check_circular else None
        self.default = enc.default
        self.encoder = encode_basestring_ascii if enc.ensure_ascii else encode_basestring
        self.allow_nan = enc.allow_nan
        indent = enc.indent
        if indent is not None and not isinstance(indent, str):
            indent = " " * indent
        self.indent = indent
        self.key_separator = enc.key_separator
        self.item_separator = enc.item_separator
        self.sort_keys = enc.sort_keys
        self.skipkeys = enc.skipkeys

    def floatstr(self, o):
        if o != o:
            text = "NaN"
        elif o == _INFINITY:
            text = "Infinity"
        elif o == -_INFINITY:
            text = "-Infinity"
        else:
            return repr(o)
        if not self.allow_nan:
            # CPython's C encoder (no indent) and its Python one differ.
            if self.indent is None:
                raise ValueError("Out of range float values are not JSON compliant")
            raise ValueError(
                "Out of range float values are not JSON compliant: " + repr(o))
        return text

    def mark(self, o):
        if self.markers is not None:
            markerid = id(o)
            if markerid in self.markers:
                raise ValueError("Circular reference detected")
            self.markers[markerid] = o
            return markerid
        return None

    def unmark(self, markerid):
        if markerid is not None:
            del self.markers[markerid]

    def encode(self, o, level):
        out = self.out
        if isinstance(o, str):
            out.append(self.encoder(o))
        elif o is None:
            out.append("null")
        elif o is True:
            out.append("true")
        elif o is False:
            out.append("false")
        elif isinstance(o, int):
            out.append(repr(o))
        elif isinstance(o, float):
            out.append(self.floatstr(o))
        elif isinstance(o, (list, tuple)):
            self.encode_list(o, level)
        elif isinstance(o, dict):
            self.encode_dict(o, level)
        else:
            like = _collection(o)
            if like is not None:
                markerid = self.mark(o)
                if isinstance(like, dict):
                    self.encode_dict(like, level)
                else:
                    self.encode_list(like, level)
                self.unmark(markerid)
                return
            markerid = self.mark(o)
            self.encode(self.default(o), level)
            self.unmark(markerid)

    def encode_list(self, lst, level):
        out = self.out
        if not lst:
            out.append("[]")
            return
        markerid = self.mark(lst)
        out.append("[")
        if self.indent is not None:
            level += 1
            newline_indent = "\n" + self.indent * level
            separator = self.item_separator + newline_indent
            out.append(newline_indent)
        else:
            newline_indent = None
            separator = self.item_separator
        first = True
        for value in lst:
            if first:
                first = False
            else:
                out.append(separator)
            self.encode(value, level)
        if newline_indent is not None:
            level -= 1
            out.append("\n" + self.indent * level)
        out.append("]")
        self.unmark(markerid)

    def encode_dict(self, dct, level):
        out = self.out
        if not dct:
            out.append("{}")
            return
        markerid = self.mark(dct)
        out.append("{")
        if self.indent is not None:
            level += 1
            newline_indent = "\n" + self.indent * level
            item_separator = self.item_separator + newline_indent
            out.append(newline_indent)
        else:
            newline_indent = None
            item_separator = self.item_separator
        first = True
        if self.sort_keys:
            items = sorted(dct.items())
        else:
            items = dct.items()
        for key, value in items:
            if isinstance(key, str):
                pass
            elif isinstance(key, float):
                key = self.floatstr(key)
            elif key is True:
                key = "true"
            elif key is False:
                key = "false"
            elif key is None:
                key = "null"
            elif isinstance(key, int):
                key = repr(key)
            elif self.skipkeys:
                continue
            else:
                raise TypeError(f"keys must be str, int, float, bool or None, "
                                f"not {key.__class__.__name__}")
            if first:
                first = False
            else:
                out.append(item_separator)
            out.append(self.encoder(key))
            out.append(self.key_separator)
            self.encode(value, level)
        if newline_indent is not None:
            level -= 1
            out.append("\n" + self.indent * level)
        out.append("}")
        self.unmark(markerid)


_default_encoder = JSONEncoder()


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True,
          allow_nan=True, cls=None, indent=None, separators=None,
          default=None, sort_keys=False, **kw):
    """Serialize obj to a JSON formatted str."""
    if (not skipkeys and ensure_ascii and check_circular and allow_nan and
            cls is None and indent is None and separators is None and
            default is None and not sort_keys and not kw):
        return _default_encoder.encode(obj)
    if cls is None:
        cls = JSONEncoder
    return cls(
        skipkeys=skipkeys, ensure_ascii=ensure_ascii,
        check_circular=check_circular, allow_nan=allow_nan, indent=indent,
        separators=separators, default=default, sort_keys=sort_keys,
        **kw).encode(obj)


def dump(obj, fp, *, skipkeys=False, ensure_ascii=True, check_circular=True,
         allow_nan=True, cls=None, indent=None, separators=None,
         default=None, sort_keys=False, **kw):
    """Serialize obj as a JSON formatted stream to fp (a .write()-supporting
    object, such as sys.stdout)."""
    if cls is None:
        cls = JSONEncoder
    iterable = cls(
        skipkeys=skipkeys, ensure_ascii=ensure_ascii,
        check_circular=check_circular, allow_nan=allow_nan, indent=indent,
        separators=separators, default=default, sort_keys=sort_keys,
        **kw).iterencode(obj)
    for chunk in iterable:
        fp.write(chunk)


# === Decoding (json_decoder.py) ===

from _json_decoder import JSONDecodeError, JSONDecoder, scanstring, _default_decoder


def loads(s, *, cls=None, object_hook=None, parse_float=None,
          parse_int=None, parse_constant=None, object_pairs_hook=None, **kw):
    """Deserialize s (a str containing a JSON document) to a Python object."""
    if not isinstance(s, str):
        raise TypeError(f"the JSON object must be str, bytes or bytearray, "
                        f"not {s.__class__.__name__}")
    if s.startswith("\ufeff"):
        raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0)
    if (cls is None and object_hook is None and
            parse_int is None and parse_float is None and
            parse_constant is None and object_pairs_hook is None and not kw):
        return _default_decoder.decode(s)
    if cls is None:
        cls = JSONDecoder
    if object_hook is not None:
        kw["object_hook"] = object_hook
    if object_pairs_hook is not None:
        kw["object_pairs_hook"] = object_pairs_hook
    if parse_float is not None:
        kw["parse_float"] = parse_float
    if parse_int is not None:
        kw["parse_int"] = parse_int
    if parse_constant is not None:
        kw["parse_constant"] = parse_constant
    return cls(**kw).decode(s)


def load(fp, *, cls=None, object_hook=None, parse_float=None,
         parse_int=None, parse_constant=None, object_pairs_hook=None, **kw):
    """Deserialize fp (a .read()-supporting object) to a Python object."""
    return loads(fp.read(), cls=cls, object_hook=object_hook,
                 parse_float=parse_float, parse_int=parse_int,
                 parse_constant=parse_constant,
                 object_pairs_hook=object_pairs_hook, **kw)
