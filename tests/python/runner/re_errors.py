# re: patterns Python refuses (re.error with its message and position),
# bad groups in a match (IndexError), wrong argument types.
import re

bad = ["(", "a)", "*a", "a**", "[a", "[z-a]", r"\q", r"(a)\2", "a{3,2}",
       "a(?i)b", "(?P<1>a)", "(?P=x)", "(?P<a>x)(?P<a>y)", "(?<=a+)b",
       "(?Q)", "a\n(", r"\x4", "(?#comment", r"[\w-z]", "x{1}*+?",
       "(?(x)a)", "(?(2)a)", "(?i", "(?z:a)", r"\777", "(?P<a", "a{,2}{3}"]
for pat in bad:
    try:
        re.compile(pat)
        print(repr(pat), "compiled")
    except re.error as e:
        print(repr(pat), "->", e, "|", e.msg, e.pos, e.lineno, e.colno)

print(issubclass(re.error, Exception))
m = re.match(r"(?P<word>\w+)", "hi")
for g in [2, -1, "nope", 1.5]:
    try:
        m.group(g)
    except IndexError as e:
        print("group", repr(g), "->", type(e).__name__, e)
try:
    m.start("other")
except IndexError as e:
    print("start ->", e)
try:
    re.sub("(a)", r"\2", "a")
except re.error as e:
    print("template ->", e)
try:
    re.sub("(?P<a>a)", r"\g<b>", "a")
except IndexError as e:
    print("template ->", e)
try:
    re.sub("a", r"\q", "a")
except re.error as e:
    print("template ->", e)
for args in [("a", 5), ("a", None), ("a", ["a"])]:
    try:
        re.search(*args)
    except TypeError as e:
        print("TypeError:", e)
try:
    re.compile(re.compile("a"), re.I)
except ValueError as e:
    print("ValueError:", e)
try:
    re.sub("a", lambda m: 5, "a")
except TypeError as e:
    print("TypeError:", e)
re.compile("(a")
