"""The decoding half of threadlab's json (`json.loads` reads through it):
JSONDecoder, JSONDecodeError and the scanner, which walks the text itself
as CPython's C scanner (Modules/_json.c) does, for the same messages and
positions. Its own module so that neither half passes 600 lines."""

_INFINITY = float("inf")


class JSONDecodeError(ValueError):
    """Subclass of ValueError with the following additional properties:

    msg: The unformatted error message
    doc: The JSON document being parsed
    pos: The start index of doc where parsing failed
    lineno: The line corresponding to pos
    colno: The column corresponding to pos
    """
    __module__ = "json.decoder"

    def __init__(self, msg, doc, pos):
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        errmsg = "%s: line %d column %d (char %d)" % (msg, lineno, colno, pos)
        ValueError.__init__(self, errmsg)
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno


class _StopScan(Exception):
    # "Expecting value" at `idx` (CPython's scanner raises StopIteration).
    def __init__(self, idx):
        self.idx = idx


_WS = " \t\n\r"
_DIGITS = "0123456789"
_HEX = "0123456789abcdefABCDEF"
_BACKSLASH = {
    '"': '"', "\\": "\\", "/": "/",
    "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
}
_CONSTANTS = {"NaN": float("nan"), "Infinity": _INFINITY, "-Infinity": -_INFINITY}


def _hex4(s, doc, start, end_for_error):
    c = 0
    for i in range(start, start + 4):
        d = s[i]
        if d not in _HEX:
            raise JSONDecodeError("Invalid \\uXXXX escape", doc, end_for_error)
        c = (c << 4) | int(d, 16)
    return c


def _char(c):
    if 0xD800 <= c <= 0xDFFF:
        return "\ufffd"
    return chr(c)


def scanstring(s, end, strict=True):
    """The string that starts at s[end] (just after its quote), and the
    index after its closing quote."""
    return _scanstring(list(s), s, end, strict)


def _scanstring(s, doc, end, strict):
    # s: the document's characters (a list: indexing a long str is slow
    # here), doc: the document, for errors.
    chunks = []
    n = len(s)
    begin = end - 1
    if end < 0 or n < end:
        raise ValueError("end is out of bounds")
    while True:
        nxt = end
        c = ""
        while nxt < n:
            c = s[nxt]
            if c == '"' or c == "\\":
                break
            if strict and c <= "\x1f":
                raise JSONDecodeError("Invalid control character at", doc, nxt)
            nxt += 1
        if not (c == '"' or c == "\\") or nxt >= n:
            raise JSONDecodeError("Unterminated string starting at", doc, begin)
        if nxt != end:
            chunks.append("".join(s[end:nxt]))
        nxt += 1
        if c == '"':
            end = nxt
            break
        if nxt == n:
            raise JSONDecodeError("Unterminated string starting at", doc, begin)
        c = s[nxt]
        if c != "u":
            end = nxt + 1
            ch = _BACKSLASH.get(c)
            if ch is None:
                raise JSONDecodeError("Invalid \\escape", doc, end - 2)
            chunks.append(ch)
        else:
            nxt += 1
            end = nxt + 4
            if end >= n:
                raise JSONDecodeError("Invalid \\uXXXX escape", doc, nxt - 1)
            uni = _hex4(s, doc, nxt, end - 5)
            nxt = end
            if (0xD800 <= uni <= 0xDBFF and end + 6 < n
                    and s[nxt] == "\\" and s[nxt + 1] == "u"):
                end += 6
                uni2 = _hex4(s, doc, nxt + 2, end - 5)
                if 0xDC00 <= uni2 <= 0xDFFF:
                    uni = 0x10000 + (((uni - 0xD800) << 10) | (uni2 - 0xDC00))
                else:
                    end -= 6
            chunks.append(_char(uni))
    return "".join(chunks), end


def _word(s, idx, word):
    # Whether the characters from idx spell word.
    if idx + len(word) > len(s):
        return False
    for k, ch in enumerate(word):
        if s[idx + k] != ch:
            return False
    return True


class _Scanner:
    def __init__(self, dec, doc):
        self.strict = dec.strict
        self.object_hook = dec.object_hook
        self.object_pairs_hook = dec.object_pairs_hook
        self.parse_float = dec.parse_float
        self.parse_int = dec.parse_int
        self.parse_constant = dec.parse_constant
        self.doc = doc

    def scan(self, s, idx):
        n = len(s)
        if idx < 0:
            raise ValueError("idx cannot be negative")
        if idx >= n:
            raise _StopScan(idx)
        c = s[idx]
        if c == '"':
            return _scanstring(s, self.doc, idx + 1, self.strict)
        if c == "{":
            return self.parse_object(s, idx + 1)
        if c == "[":
            return self.parse_array(s, idx + 1)
        if c == "n" and _word(s, idx, "null"):
            return None, idx + 4
        if c == "t" and _word(s, idx, "true"):
            return True, idx + 4
        if c == "f" and _word(s, idx, "false"):
            return False, idx + 5
        if c == "N" and _word(s, idx, "NaN"):
            return self.constant("NaN"), idx + 3
        if c == "I" and _word(s, idx, "Infinity"):
            return self.constant("Infinity"), idx + 8
        if c == "-" and _word(s, idx, "-Infinity"):
            return self.constant("-Infinity"), idx + 9
        return self.number(s, idx)

    def constant(self, name):
        if self.parse_constant is None:
            return _CONSTANTS[name]
        return self.parse_constant(name)

    def number(self, s, start):
        n = len(s)
        end_idx = n - 1
        idx = start
        if s[idx] == "-":
            idx += 1
            if idx > end_idx:
                raise _StopScan(start)
        c = s[idx]
        if "1" <= c <= "9":
            idx += 1
            while idx <= end_idx and s[idx] in _DIGITS:
                idx += 1
        elif c == "0":
            idx += 1
        else:
            raise _StopScan(start)
        is_float = False
        if idx < end_idx and s[idx] == "." and s[idx + 1] in _DIGITS:
            is_float = True
            idx += 2
            while idx <= end_idx and s[idx] in _DIGITS:
                idx += 1
        if idx < end_idx and (s[idx] == "e" or s[idx] == "E"):
            e_start = idx
            idx += 1
            if idx < end_idx and (s[idx] == "-" or s[idx] == "+"):
                idx += 1
            while idx <= end_idx and s[idx] in _DIGITS:
                idx += 1
            if s[idx - 1] in _DIGITS:
                is_float = True
            else:
                idx = e_start
        text = "".join(s[start:idx])
        if is_float:
            if self.parse_float is None:
                return float(text), idx
            return self.parse_float(text), idx
        if self.parse_int is None:
            return int(text), idx
        return self.parse_int(text), idx

    def parse_object(self, s, idx):
        doc = self.doc
        n = len(s)
        end_idx = n - 1
        pairs = []
        while idx <= end_idx and s[idx] in _WS:
            idx += 1
        if idx > end_idx or s[idx] != "}":
            while True:
                if idx > end_idx or s[idx] != '"':
                    raise JSONDecodeError(
                        "Expecting property name enclosed in double quotes", doc, idx)
                key, idx = _scanstring(s, doc, idx + 1, self.strict)
                while idx <= end_idx and s[idx] in _WS:
                    idx += 1
                if idx > end_idx or s[idx] != ":":
                    raise JSONDecodeError("Expecting ':' delimiter", doc, idx)
                idx += 1
                while idx <= end_idx and s[idx] in _WS:
                    idx += 1
                value, idx = self.scan(s, idx)
                pairs.append((key, value))
                while idx <= end_idx and s[idx] in _WS:
                    idx += 1
                if idx <= end_idx and s[idx] == "}":
                    break
                if idx > end_idx or s[idx] != ",":
                    raise JSONDecodeError("Expecting ',' delimiter", doc, idx)
                idx += 1
                while idx <= end_idx and s[idx] in _WS:
                    idx += 1
        if self.object_pairs_hook is not None:
            return self.object_pairs_hook(pairs), idx + 1
        obj = dict(pairs)
        if self.object_hook is not None:
            obj = self.object_hook(obj)
        return obj, idx + 1

    def parse_array(self, s, idx):
        doc = self.doc
        n = len(s)
        end_idx = n - 1
        values = []
        while idx <= end_idx and s[idx] in _WS:
            idx += 1
        if idx > end_idx or s[idx] != "]":
            while True:
                value, idx = self.scan(s, idx)
                values.append(value)
                while idx <= end_idx and s[idx] in _WS:
                    idx += 1
                if idx <= end_idx and s[idx] == "]":
                    break
                if idx > end_idx or s[idx] != ",":
                    raise JSONDecodeError("Expecting ',' delimiter", doc, idx)
                idx += 1
                while idx <= end_idx and s[idx] in _WS:
                    idx += 1
        return values, idx + 1


def _skip_ws(s, idx):
    n = len(s)
    while idx < n and s[idx] in _WS:
        idx += 1
    return idx


class JSONDecoder:
    """Simple JSON decoder: objects become dicts, arrays lists, strings
    str, numbers int or float, true/false/null True/False/None."""

    def __init__(self, *, object_hook=None, parse_float=None,
                 parse_int=None, parse_constant=None, strict=True,
                 object_pairs_hook=None):
        self.object_hook = object_hook
        self.parse_float = parse_float
        self.parse_int = parse_int
        self.parse_constant = parse_constant
        self.strict = strict
        self.object_pairs_hook = object_pairs_hook

    def decode(self, s):
        """Return the Python representation of s (a str instance
        containing a JSON document)."""
        chars = list(s)
        obj, end = self._decode(chars, s, _skip_ws(chars, 0))
        end = _skip_ws(chars, end)
        if end != len(chars):
            raise JSONDecodeError("Extra data", s, end)
        return obj

    def raw_decode(self, s, idx=0):
        """Decode a JSON document from s starting at idx: the value and the
        index where it ended."""
        return self._decode(list(s), s, idx)

    def _decode(self, chars, s, idx):
        try:
            obj, end = _Scanner(self, s).scan(chars, idx)
        except _StopScan as err:
            raise JSONDecodeError("Expecting value", s, err.idx) from None
        return obj, end


_default_decoder = JSONDecoder()
