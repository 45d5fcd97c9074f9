"""pprint for threadlab: pprint, pformat, pp, saferepr and PrettyPrinter
for dicts, lists, tuples, sets, frozensets and strings, breaking lines
where CPython 3.11's does (a container that does not fit in `width` puts
one item per line, nested containers indented under their opening
bracket; a long string is cut into adjacent pieces). Other values print
as their repr; `compact`, `depth`, `indent` and `sort_dicts` work,
`underscore_numbers` too."""

import sys

__all__ = ["pprint", "pformat", "isreadable", "isrecursive", "saferepr",
           "PrettyPrinter", "pp"]


def pprint(object, stream=None, indent=1, width=80, depth=None, *,
           compact=False, sort_dicts=True, underscore_numbers=False):
    PrettyPrinter(stream=stream, indent=indent, width=width, depth=depth,
                  compact=compact, sort_dicts=sort_dicts,
                  underscore_numbers=underscore_numbers).pprint(object)


def pformat(object, indent=1, width=80, depth=None, *, compact=False,
            sort_dicts=True, underscore_numbers=False):
    return PrettyPrinter(indent=indent, width=width, depth=depth,
                         compact=compact, sort_dicts=sort_dicts,
                         underscore_numbers=underscore_numbers).pformat(object)


def pp(object, *args, sort_dicts=False, **kwargs):
    pprint(object, *args, sort_dicts=sort_dicts, **kwargs)


def saferepr(object):
    return PrettyPrinter()._repr(object, {}, 0)


def isreadable(object):
    return PrettyPrinter().isreadable(object)


def isrecursive(object):
    return PrettyPrinter().isrecursive(object)


def _sorted(items, key=None):
    """Sorted if the items compare, else by type name then id, as CPython
    falls back for mixed keys."""
    try:
        return sorted(items, key=key)
    except TypeError:
        k = key or (lambda x: x)
        return sorted(items, key=lambda x: (str(type(k(x))), id(k(x))))


def _item_key(kv):
    return kv[0]


class _Out:
    def __init__(self):
        self.parts = []

    def write(self, s):
        self.parts.append(s)


class PrettyPrinter:
    def __init__(self, indent=1, width=80, depth=None, stream=None, *,
                 compact=False, sort_dicts=True, underscore_numbers=False):
        indent = int(indent)
        width = int(width)
        if indent < 0:
            raise ValueError("indent must be >= 0")
        if depth is not None and depth <= 0:
            raise ValueError("depth must be > 0")
        if not width:
            raise ValueError("width must be != 0")
        self._depth = depth
        self._indent_per_level = indent
        self._width = width
        self._stream = stream
        self._compact = bool(compact)
        self._sort_dicts = sort_dicts
        self._underscore_numbers = underscore_numbers

    def pprint(self, object):
        stream = self._stream if self._stream is not None else sys.stdout
        stream.write(self.pformat(object) + "\n")

    def pformat(self, object):
        out = _Out()
        self._format(object, out, 0, 0, {}, 0)
        return "".join(out.parts)

    def isreadable(self, object):
        return self._safe(object, {}, 0)[1]

    def isrecursive(self, object):
        return self._safe(object, {}, 0)[2]

    def _kind(self, object):
        """Which container printer applies (the runner's built-in types
        cannot be subclassed, so the type itself says)."""
        t = type(object)
        return t if t in _PRINTERS else None

    def _format(self, object, stream, indent, allowance, context, level):
        key = id(object)
        if key in context:
            stream.write(_recursion(object))
            return
        rep = self._repr(object, context, level)
        if len(rep) > self._width - indent - allowance:
            kind = self._kind(object)
            if kind is not None:
                context[key] = 1
                _PRINTERS[kind](self, object, stream, indent, allowance,
                                context, level + 1)
                del context[key]
                return
        stream.write(rep)

    def _pprint_dict(self, object, stream, indent, allowance, context, level):
        stream.write("{")
        if self._indent_per_level > 1:
            stream.write((self._indent_per_level - 1) * " ")
        if len(object):
            items = object.items()
            if self._sort_dicts:
                items = _sorted(items, key=_item_key)
            self._format_dict_items(list(items), stream, indent, allowance + 1,
                                    context, level)
        stream.write("}")

    def _format_dict_items(self, items, stream, indent, allowance, context,
                           level):
        indent += self._indent_per_level
        last = len(items) - 1
        for i, (key, ent) in enumerate(items):
            rep = self._repr(key, context, level)
            stream.write(rep)
            stream.write(": ")
            self._format(ent, stream, indent + len(rep) + 2,
                         allowance if i == last else 1, context, level)
            if i != last:
                stream.write(",\n" + " " * indent)

    def _pprint_list(self, object, stream, indent, allowance, context, level):
        stream.write("[")
        self._format_items(object, stream, indent, allowance + 1, context,
                           level)
        stream.write("]")

    def _pprint_tuple(self, object, stream, indent, allowance, context, level):
        stream.write("(")
        end = ",)" if len(object) == 1 else ")"
        self._format_items(object, stream, indent, allowance + len(end),
                           context, level)
        stream.write(end)

    def _pprint_set(self, object, stream, indent, allowance, context, level):
        if not len(object):
            stream.write(repr(object))
            return
        if type(object) is set:
            stream.write("{")
            end = "}"
        else:
            stream.write(type(object).__name__ + "({")
            end = "})"
            indent += len(type(object).__name__) + 1
        self._format_items(_sorted(object), stream, indent,
                           allowance + len(end), context, level)
        stream.write(end)

    def _format_items(self, items, stream, indent, allowance, context, level):
        indent += self._indent_per_level
        if self._indent_per_level > 1:
            stream.write((self._indent_per_level - 1) * " ")
        newline = ",\n" + " " * indent
        sep = ""
        width = max_width = self._width - indent + 1
        items = list(items)
        for i, ent in enumerate(items):
            last = i == len(items) - 1
            if last:
                max_width -= allowance
                width -= allowance
            if self._compact:
                rep = self._repr(ent, context, level)
                w = len(rep) + 2
                if width < w:
                    width = max_width
                    if sep:
                        sep = newline
                if width >= w:
                    width -= w
                    stream.write(sep)
                    sep = ", "
                    stream.write(rep)
                    continue
            stream.write(sep)
            sep = newline
            self._format(ent, stream, indent, allowance if last else 1,
                         context, level)

    def _pprint_str(self, object, stream, indent, allowance, context, level):
        if not len(object):
            stream.write(repr(object))
            return
        chunks = []
        lines = object.splitlines(True)
        if level == 1:
            indent += 1
            allowance += 1
        max_width1 = max_width = self._width - indent
        for i, line in enumerate(lines):
            rep = repr(line)
            if i == len(lines) - 1:
                max_width1 -= allowance
            if len(rep) <= max_width1:
                chunks.append(rep)
                continue
            parts = _words(line)
            max_width2 = max_width
            current = ""
            for j, part in enumerate(parts):
                candidate = current + part
                if j == len(parts) - 1 and i == len(lines) - 1:
                    max_width2 -= allowance
                if len(repr(candidate)) > max_width2:
                    if current:
                        chunks.append(repr(current))
                    current = part
                else:
                    current = candidate
            if current:
                chunks.append(repr(current))
        if len(chunks) == 1:
            stream.write(rep)
            return
        if level == 1:
            stream.write("(")
        for i, rep in enumerate(chunks):
            if i > 0:
                stream.write("\n" + " " * indent)
            stream.write(rep)
        if level == 1:
            stream.write(")")

    def _repr(self, object, context, level):
        return self._safe(object, context.copy(), level)[0]

    def format(self, object, context, maxlevels, level):
        return self._safe(object, context, level)

    def _safe(self, object, context, level):
        """(repr, readable, recursive) with dict keys sorted and the depth
        limit applied."""
        t = type(object)
        if t in (int, float, bool, str, bytes, type(None)):
            if t is int and self._underscore_numbers:
                return f"{object:_d}", True, False
            return repr(object), True, False
        kind = self._kind(object)
        if kind not in (dict, list, tuple):
            rep = repr(object)
            return rep, bool(rep) and not rep.startswith("<"), False
        if kind is dict:
            if not object:
                return "{}", True, False
            open_, close = "{", "}"
        elif kind is list:
            if not object:
                return "[]", True, False
            open_, close = "[", "]"
        else:
            if not object:
                return "()", True, False
            open_, close = "(", ",)" if len(object) == 1 else ")"
        key = id(object)
        if self._depth and level >= self._depth:
            return open_ + "..." + close.lstrip(","), False, key in context
        if key in context:
            return _recursion(object), False, True
        context[key] = 1
        readable, recursive = True, False
        parts = []
        if kind is dict:
            items = object.items()
            if self._sort_dicts:
                items = _sorted(items, key=_item_key)
            for k, v in items:
                kr, kread, krec = self._safe(k, context, level + 1)
                vr, vread, vrec = self._safe(v, context, level + 1)
                parts.append(kr + ": " + vr)
                readable = readable and kread and vread
                recursive = recursive or krec or vrec
        else:
            for o in object:
                r, read, rec = self._safe(o, context, level + 1)
                parts.append(r)
                readable = readable and read
                recursive = recursive or rec
        del context[key]
        return open_ + ", ".join(parts) + close, readable, recursive


def _words(line):
    """The line cut after each run of whitespace that follows a word."""
    parts = []
    i = 0
    while i < len(line):
        j = i
        while j < len(line) and not line[j].isspace():
            j += 1
        while j < len(line) and line[j].isspace():
            j += 1
        parts.append(line[i:j])
        i = j
    return parts


def _recursion(object):
    return "<Recursion on %s with id=%s>" % (type(object).__name__, id(object))


_PRINTERS = {
    dict: PrettyPrinter._pprint_dict,
    list: PrettyPrinter._pprint_list,
    tuple: PrettyPrinter._pprint_tuple,
    set: PrettyPrinter._pprint_set,
    frozenset: PrettyPrinter._pprint_set,
    str: PrettyPrinter._pprint_str,
}
