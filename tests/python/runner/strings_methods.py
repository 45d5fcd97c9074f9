# str methods a tutorial uses, and some it might.
s = "  Hello, Threaded World  "
print(repr(s.strip()), s.lower(), s.upper(), s.lstrip(), s.rstrip() + "|")
print("a,b,,c".split(","), " x  y ".split(), "k=v=w".split("=", 1), "k=v=w".rsplit("=", 1))
print("line1\nline2\n".splitlines(), "-".join(["a", "b", "c"]), "".join(reversed("abc")))
print("hello world".title(), "hello".capitalize(), "Swap".swapcase(), "a-b".replace("-", "+"))
print("abcabc".find("c"), "abcabc".rfind("c"), "abcabc".find("c", 3), "abc".find("z"), "abcabc".index("b"))
print("abcabc".count("b"), "aaa".count("a", 1), "abc".startswith("ab"), "abc".endswith(("x", "c")))
print("hi".center(8, "*"), "7".zfill(3), "-7".zfill(4), "ab".ljust(5, ".") + "|", "ab".rjust(5))
print("a b c".partition(" "), "a b c".rpartition(" "), "none".partition(":"))
print("123".isdigit(), "abc".isalpha(), "a1".isalnum(), "  ".isspace(), "ABC".isupper(), "abc".islower())
print("Title Case".istitle(), "my_var".isidentifier(), "2x".isidentifier())
print("report.txt".removesuffix(".txt"), "prefix_name".removeprefix("prefix_"))
print("xxhixx".strip("x"), "a\tb".expandtabs(4), "Straße".casefold())
print(str.lower("ABC"), sorted(["b", "C", "a"], key=str.lower), list(map(str.strip, [" a ", "b "])))
print("abc"[::-1], "abcdef"[1:4], "abcdef"[-2:], "abc" * 2, "b" in "abc", len("héllo"))
print(ord("é"), "é".upper(), "%s|%5s|%-5s|" % ("x", "y", "z"))

# isascii: true for the empty string, unlike the other is-methods.
print("plain".isascii(), "café".isascii(), "".isascii(), "".isalpha())

# startswith/endswith look at a part of the string when given start and end.
line = "ERROR 2024-05-01 disk full"
print(line.startswith("2024", 6), line.startswith("2024", 6, 9), line.endswith("disk", 0, 21))
print(line.startswith(("WARN", "ERROR")), line.endswith(("full", "empty"), -4), line.startswith("E", -100))

# splitlines: every line ending Python knows, kept when asked.
log = "first\nsecond\r\nthird\rfourth\x0cfifth\u2028sixth\n"
print(log.splitlines())
print(log.splitlines(keepends=True))
print(log.splitlines(True) == log.splitlines(keepends=True), "".splitlines(), "\n".splitlines(True))
