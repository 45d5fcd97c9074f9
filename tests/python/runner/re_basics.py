# re: search/match/fullmatch, groups, Match and Pattern objects, flags.
import re

m = re.search(r"(\w+)@(\w+)\.com", "write to alice@example.com today")
print(m)
print(m.group(), m.group(1), m.group(2), m.group(1, 2, 0))
print(m.groups(), m.span(), m.span(2), m.start(1), m.end(1))
print(m[0], m[1], m.string, m.pos, m.endpos, m.lastindex, m.lastgroup)
print(bool(m), m.re)

print(re.match("b", "abc"), re.match("a", "abc"))
print(re.fullmatch("a|ab", "ab"), re.fullmatch("a", "ab"))
print(re.search("x", "abc"))

p = re.compile(r"(?P<key>\w+)=(?P<value>[^;]*)")
print(p, p.pattern, p.flags, p.groups, p.groupindex)
m = p.search("a=1; color=blue;")
print(m.groupdict(), m.group("key"), m["value"], m.span("value"))
print(m.lastindex, m.lastgroup)
print(p.search("xx a=1; color=blue;", 5))
print(p.match("a=1", 0, 2), p.match("  a=1", 2))
print(p.fullmatch("k=v"), p.fullmatch("k=v;"))

m = re.match(r"(a)(b)?(c)?", "ac")
print(m.groups(), m.groups("-"), m.group(2), m.span(2), m.start(2))
print(m.lastindex, re.match(r"((a)b)", "ab").lastindex)
print(re.match(r"(a)(b?)", "a").lastindex, re.match(r"(a(b))", "ab").lastindex)
print(re.match(r"(?P<x>a)|(?P<y>b)", "b").groupdict("none"))

# flags
print(re.findall("^a\\w", "ab\nac\nAd", re.M | re.I))
print(re.findall("(?i)^a\\w", "ab\nac\nAd"))
print(re.search("a.c", "a\nc"), re.search("a.c", "a\nc", re.S))
print(re.findall(r"\d+", "٣٤ and 56"), re.findall(r"\d+", "٣٤ and 56", re.A))
print(re.findall(r"\w+", "naïve café", re.ASCII))
print(re.compile("a", re.I), re.compile("(?s)a"), re.compile("a", re.I | re.M | re.X))
print(re.compile("a").flags, re.compile("a", re.A).flags, re.compile("(?im)a").flags)
print(re.I == 2, re.M == 8, re.S == 16, re.X == 64, re.A == 256, re.I | re.M == 10)
verbose = re.compile(r"""
    (\d{3})   # area
    [-\s]?    # separator
    (\d{4})   # number
""", re.VERBOSE)
print(verbose.findall("call 555-1234 or 555 9876"))
print(re.search(r"(?x) a b \  c  # comment", "xab cy"))
print(re.search("(?i:A)b", "ab"), re.search("(?i:A)b", "aB"))

# anchors and special escapes
print(re.search("a$", "a\n"), re.search(r"a\Z", "a\n"), re.search(r"\Aa", "ba"))
print(re.findall(r"\bcat\b", "cat concat cat."), re.findall(r"\Bcat", "cat concat"))
print(re.findall("a{,2}", "aaa"), re.findall("a{2}", "aaaaa"), re.findall("a{x", "a{x"))
print(re.findall(r"[\]a-c]", "]bxd"), re.findall("[^]]", "]a]"), re.findall("[a[]", "[a["))
print(re.search(r"\x41\101\u0042\n", "AAB\n"), re.search("\\0", "\x00"))
print(re.findall(r"(\w)\1", "aabbcd"), re.findall(r"(?P<c>\w)(?P=c)", "xxyz"))
print(re.findall(r"(?<=\$)\d+", "cost $30, $45"), re.findall(r"\d+(?!px)\b", "10px 20em 30"))
print(re.findall(r"(?<!-)\b\d+", "-1 2 -3 4"))
print(re.search(r"(?>a+)b", "aaab"), re.findall(r"a++", "aa a"))
print(re.findall(r"(a)?(?(1)b|c)", "ab c"))
print(re.search("a.*?b", "aXbXb"), re.search("a.*b", "aXbXb"))
print(re.findall("", "ab"), re.findall("(a)|b", "ab"))
print(re.search(r"\s+", "a\u2003\tb"))

# pos and endpos are clamped to the string, as CPython does
m = re.compile(r"\w").search("abc", -5, 99)
print(m.pos, m.endpos, re.compile("c").search("abc", 1, 2), re.compile("a").findall("aaa", 2, 1))
print(re.compile(r"\w+").match("héllo wörld", 6).span(), re.compile("d$").search("wörld!", 0, 5))

# \w is str.isalnum() or "_" (letters and numbers, not combining marks);
# \s is str.isspace()
print(re.findall(r"\w+", "नमस्ते e\u0301té x²y ½ Ⅻ"), re.findall(r"[^\W\d]+", "ab1²c"))
print(re.split(r"\s", "a\x1cb\u3000c"), re.findall(r"[\S]+", "a\x1fb c"))
