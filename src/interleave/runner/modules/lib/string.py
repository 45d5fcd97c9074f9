"""string for threadlab: the character classes (ascii_letters, digits,
punctuation, whitespace, printable, …), capwords and Template (`$name`
substitution, which tutorials use for user-supplied templates), as CPython
3.11's. Formatter is not here, nor Template's `idpattern`/`pattern`
overrides (a subclass may change `delimiter`)."""

__all__ = ["ascii_letters", "ascii_lowercase", "ascii_uppercase", "capwords",
           "digits", "hexdigits", "octdigits", "printable", "punctuation",
           "whitespace", "Template"]

whitespace = " \t\n\r\v\f"
ascii_lowercase = "abcdefghijklmnopqrstuvwxyz"
ascii_uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ascii_letters = ascii_lowercase + ascii_uppercase
digits = "0123456789"
hexdigits = digits + "abcdef" + "ABCDEF"
octdigits = "01234567"
punctuation = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    """Split s into words with s.split(sep), capitalize each word with
    str.capitalize, and join them with sep (a space when sep is None)."""
    return (sep or " ").join(map(str.capitalize, s.split(sep)))


_LINE_ENDS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ID_START = "_" + ascii_letters
_ID_REST = _ID_START + digits


def _ident_end(text, i):
    """Where an identifier starting at i ends (i itself: none there)."""
    if i >= len(text) or text[i] not in _ID_START:
        return i
    i += 1
    while i < len(text) and text[i] in _ID_REST:
        i += 1
    return i


def _placeholders(text, delim):
    """(kind, name, start, end) for each placeholder, in order: kind is
    'escaped' ($$), 'named' ($name), 'braced' (${name}) or 'invalid'
    (then start is where the name should have begun)."""
    i = text.find(delim)
    while i >= 0:
        k = i + len(delim)
        # Slices, not startswith(x, k): the runner's takes no start yet.
        if text[k:k + len(delim)] == delim:
            yield "escaped", None, i, k + len(delim)
            end = k + len(delim)
        elif _ident_end(text, k) > k:
            end = _ident_end(text, k)
            yield "named", text[k:end], i, end
        elif text[k:k + 1] == "{" and _ident_end(text, k + 1) > k + 1 \
                and text[_ident_end(text, k + 1):_ident_end(text, k + 1) + 1] == "}":
            end = _ident_end(text, k + 1) + 1
            yield "braced", text[k + 1:end - 1], i, end
        else:
            yield "invalid", None, k, k
            end = k
        i = text.find(delim, end)


class Template:
    """A string with $-placeholders: substitute() fills them all (a
    missing name is a KeyError), safe_substitute() leaves the missing."""

    delimiter = "$"

    def __init__(self, template):
        self.template = template

    def _mapping(self, mapping, kws):
        if mapping is _EMPTY:
            return kws
        if kws:
            from collections import ChainMap
            return ChainMap(kws, mapping)
        return mapping

    def _invalid(self, i):
        # Lines end as str.splitlines() ends them ("\r\n" is one end).
        lineno, line_start = 1, 0
        prefix = self.template[:i]
        for j, ch in enumerate(prefix):
            if ch in _LINE_ENDS and not (ch == "\r" and prefix[j + 1:j + 2] == "\n"):
                lineno += 1
                line_start = j + 1
        colno = max(i - line_start, 1)
        raise ValueError(f"Invalid placeholder in string: line {lineno}, col {colno}")

    def _fill(self, mapping, safe):
        text = self.template
        out = []
        pos = 0
        for kind, name, start, end in _placeholders(text, self.delimiter):
            if kind == "invalid":
                if not safe:
                    self._invalid(start)
                continue
            out.append(text[pos:start])
            if kind == "escaped":
                out.append(self.delimiter)
            elif safe:
                try:
                    out.append(str(mapping[name]))
                except KeyError:
                    out.append(text[start:end])
            else:
                out.append(str(mapping[name]))
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def substitute(self, mapping=None, /, **kws):
        return self._fill(self._mapping(_EMPTY if mapping is None else mapping, kws), False)

    def safe_substitute(self, mapping=None, /, **kws):
        return self._fill(self._mapping(_EMPTY if mapping is None else mapping, kws), True)

    def is_valid(self):
        return all(kind != "invalid"
                   for kind, _, _, _ in _placeholders(self.template, self.delimiter))

    def get_identifiers(self):
        ids = []
        for kind, name, _, _ in _placeholders(self.template, self.delimiter):
            if name is not None and name not in ids:
                ids.append(name)
        return ids


_EMPTY = {}
