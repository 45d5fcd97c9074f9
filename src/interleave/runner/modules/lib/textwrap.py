"""textwrap for threadlab: wrap, fill, shorten, dedent, indent and the
TextWrapper class behind them, breaking lines where CPython 3.11's does
(at whitespace, after a hyphen inside a word, inside a word longer than the
width). `fix_sentence_endings` is accepted but does nothing here."""

__all__ = ["TextWrapper", "wrap", "fill", "dedent", "indent", "shorten"]

_WHITESPACE = "\t\n\x0b\x0c\r "


def _is_word(c):
    return c.isalnum() or c == "_"


def _is_letter(c):
    return (c.isalpha() or c == "_") and not c.isdigit()


def _dashes_then_word(w, k):
    """Whether w[k:] starts with two or more hyphens and then a word char."""
    j = k
    while j < len(w) and w[j] == "-":
        j += 1
    return j - k >= 2 and j < len(w) and _is_word(w[j])


def _hyphen_break(w, k):
    """Whether a word may break after its hyphen w[k]: two letters (or a
    letter, hyphen, letter) before it, a letter (maybe hyphen) letter after."""
    before = (k >= 2 and _is_letter(w[k - 2]) and _is_letter(w[k - 1])) or \
        (k >= 3 and _is_letter(w[k - 3]) and w[k - 2] == "-" and _is_letter(w[k - 1]))
    if not before or k + 1 >= len(w) or not _is_letter(w[k + 1]):
        return False
    nxt = w[k + 2:k + 3]
    if nxt == "-":
        nxt = w[k + 3:k + 4]
    return nxt != "" and _is_letter(nxt)


def _split_word(w):
    """A run of non-space characters, cut after the hyphens it may break at
    and around em-dashes (--) between words."""
    out = []
    pos = 0
    while pos < len(w):
        if pos > 0 and _is_word(w[pos - 1]) and _dashes_then_word(w, pos):
            end = pos
            while w[end] == "-":
                end += 1
            out.append(w[pos:end])
            pos = end
            continue
        k = pos + 1
        while k < len(w):
            if w[k] == "-" and _hyphen_break(w, k):
                k += 1
                break
            if _is_word(w[k - 1]) and _dashes_then_word(w, k):
                break
            k += 1
        out.append(w[pos:k])
        pos = k
    return out


class TextWrapper:
    """Wraps paragraphs to `width` columns; see wrap() and fill()."""

    def __init__(self, width=70, initial_indent="", subsequent_indent="",
                 expand_tabs=True, replace_whitespace=True,
                 fix_sentence_endings=False, break_long_words=True,
                 drop_whitespace=True, break_on_hyphens=True, tabsize=8,
                 *, max_lines=None, placeholder=" [...]"):
        self.width = width
        self.initial_indent = initial_indent
        self.subsequent_indent = subsequent_indent
        self.expand_tabs = expand_tabs
        self.replace_whitespace = replace_whitespace
        self.fix_sentence_endings = fix_sentence_endings
        self.break_long_words = break_long_words
        self.drop_whitespace = drop_whitespace
        self.break_on_hyphens = break_on_hyphens
        self.tabsize = tabsize
        self.max_lines = max_lines
        self.placeholder = placeholder

    def _chunks(self, text):
        if self.expand_tabs:
            text = text.expandtabs(self.tabsize)
        if self.replace_whitespace:
            for c in "\t\n\x0b\x0c\r":
                text = text.replace(c, " ")
        chunks = []
        i = 0
        while i < len(text):
            j = i
            space = text[i] in _WHITESPACE
            while j < len(text) and (text[j] in _WHITESPACE) == space:
                j += 1
            if space or not self.break_on_hyphens:
                chunks.append(text[i:j])
            else:
                chunks.extend(_split_word(text[i:j]))
            i = j
        return chunks

    def _long_word(self, rest, line, used, width):
        """Puts as much of the too-long chunk rest[-1] on the line as fits."""
        room = 1 if width < 1 else width - used
        if self.break_long_words:
            chunk = rest[-1]
            end = room
            if self.break_on_hyphens and len(chunk) > room:
                h = chunk.rfind("-", 0, room)
                if h > 0 and chunk[:h].strip("-"):
                    end = h + 1
            line.append(chunk[:end])
            rest[-1] = chunk[end:]
        elif not line:
            line.append(rest.pop())

    def _check(self):
        if self.width <= 0:
            raise ValueError("invalid width %r (must be > 0)" % self.width)
        if self.max_lines is not None:
            indent = self.subsequent_indent if self.max_lines > 1 else self.initial_indent
            if len(indent) + len(self.placeholder.lstrip()) > self.width:
                raise ValueError("placeholder too large for max width")

    def _wrap_chunks(self, chunks):
        self._check()
        lines = []
        rest = chunks[::-1]
        while rest:
            indent = self.subsequent_indent if lines else self.initial_indent
            width = self.width - len(indent)
            if self.drop_whitespace and lines and not rest[-1].strip():
                rest.pop()
            line = []
            used = 0
            while rest and used + len(rest[-1]) <= width:
                used += len(rest[-1])
                line.append(rest.pop())
            if rest and len(rest[-1]) > width:
                self._long_word(rest, line, used, width)
                used = sum(len(c) for c in line)
            if self.drop_whitespace and line and not line[-1].strip():
                used -= len(line[-1])
                line.pop()
            if not line:
                continue
            if self._fits_more(lines, rest, used, width):
                lines.append(indent + "".join(line))
                continue
            self._end_with_placeholder(lines, line, used, width, indent)
            break
        return lines

    def _fits_more(self, lines, rest, used, width):
        if self.max_lines is None or len(lines) + 1 < self.max_lines:
            return True
        nothing_left = not rest or (self.drop_whitespace and len(rest) == 1
                                    and not rest[0].strip())
        return nothing_left and used <= width

    def _end_with_placeholder(self, lines, line, used, width, indent):
        while line:
            if line[-1].strip() and used + len(self.placeholder) <= width:
                line.append(self.placeholder)
                lines.append(indent + "".join(line))
                return
            used -= len(line[-1])
            line.pop()
        if lines:
            prev = lines[-1].rstrip()
            if len(prev) + len(self.placeholder) <= self.width:
                lines[-1] = prev + self.placeholder
                return
        lines.append(indent + self.placeholder.lstrip())

    def wrap(self, text):
        """The lines of text wrapped, without final newlines."""
        return self._wrap_chunks(self._chunks(text))

    def fill(self, text):
        """The wrapped lines joined with newlines."""
        return "\n".join(self.wrap(text))


def wrap(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).wrap(text)


def fill(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).fill(text)


def shorten(text, width, **kwargs):
    """Collapse runs of whitespace and cut the text to fit in width,
    ending with the placeholder (' [...]') when something was cut."""
    w = TextWrapper(width=width, max_lines=1, **kwargs)
    return w.fill(" ".join(text.strip().split()))


def _margin(line):
    i = 0
    while i < len(line) and line[i] in " \t":
        i += 1
    return line[:i]


def dedent(text):
    """Removes the whitespace every non-blank line starts with; lines of
    only spaces and tabs become empty."""
    lines = text.split("\n")
    common = None
    for line in lines:
        if not line.strip(" \t"):
            continue
        m = _margin(line)
        if common is None:
            common = m
        else:
            n = 0
            while n < len(common) and n < len(m) and common[n] == m[n]:
                n += 1
            common = common[:n]
    out = []
    for line in lines:
        if not line.strip(" \t"):
            out.append("")
        elif common:
            out.append(line[len(common):])
        else:
            out.append(line)
    return "\n".join(out)


def indent(text, prefix, predicate=None):
    """Adds prefix to the lines for which predicate(line) is true (by
    default, the lines that are not only whitespace)."""
    if predicate is None:
        def predicate(line):
            return line.strip()
    return "".join(prefix + line if predicate(line) else line
                   for line in text.splitlines(True))
