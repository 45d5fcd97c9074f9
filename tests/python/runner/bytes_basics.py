# bytes: literals, repr, the constructor, sequence operations, comparison
# and hashing, str.encode / bytes.decode, hex, and int.to_bytes/from_bytes.

# Literals and their repr: quotes, escapes, raw and adjacent literals.
print(b"", b"abc", B"x", rb"\d+", Rb"a\n", bR"\x41", br"\\")
print(b"it's", b'say "hi"', b"both ' and \"", b'\t\n\r\\')
print(b"\x00\x01\x7f\x80\xff", b"\101\102\7", b"\777", b"\u1234", b"\N{DASH}")
print(b"ab" b"cd", b"""multi
line""")
print(repr(b"x"), str(b"x"), f"{b'x'} {b'y'!r} {b'z'!s}", "%s %r" % (b"p", b"q"))
print([b"a", b"b"], (b"c",), {b"k": b"v"})

# The constructor.
print(bytes(), bytes(3), bytes([65, 66, 67]), bytes(range(5)), bytes((1, 255)))
print(bytes(b"copy"), bytes("héllo", "utf-8"), bytes("abc", encoding="ascii"))
print(bytes(True), bytes([]), bytes(x for x in [104, 105]))
print(type(b""), type(b"") is bytes, isinstance(b"", bytes), bytes.__name__)

# Sequence operations.
b = b"hello world"
print(len(b), b[0], b[-1], b[1:5], b[::-1], b[::3], b[100:], b[-3:])
print(list(b"abc"), [c for c in b"xyz"], sum(b"\x01\x02\x03"), max(b"azb"))
print(b"ab" + b"cd", b"ab" * 3, 2 * b"xy", b"q" * 0, b"q" * -2)
print(104 in b, b"wor" in b, b"" in b, 0 in b, b"zz" not in b)
print(bool(b""), bool(b"\x00"), not b"")

# Comparison and hashing.
print(b"a" == b"a", b"a" != b"b", b"a" < b"b", b"ab" < b"b", b"abc" > b"ab")
print(b"a" == "a", b"" == "", sorted([b"pear", b"apple", b"fig", b"a"]))
print(hash(b"abc") == hash(b"ab" + b"c"), hash(b"") == hash(bytes()))
d = {b"one": 1, b"two": 2}
d[b"o" + b"ne"] += 10
print(d, d[bytes([116, 119, 111])], b"two" in d, len({b"x", b"x", bytes(b"x")}))

# str.encode and bytes.decode.
s = "héllo wörld €"
e = s.encode()
print(e, len(s), len(e), e.decode(), e.decode("utf-8") == s)
print("abc".encode("ascii"), "café".encode("latin-1"), b"caf\xe9".decode("latin-1"))
print("h€€o".encode("ascii", "ignore"), "h€€o".encode("ascii", "replace"))
print("h€".encode("ascii", "backslashreplace"), "h€".encode(encoding="utf-8", errors="strict"))
print(b"h\xffi".decode("utf-8", "replace"), b"h\xffi".decode("utf-8", "ignore"))
print(b"h\xffi".decode(errors="backslashreplace"), b"ok".decode(encoding="UTF8"))
print(str(b"abc", "utf-8"), str(b"abc", encoding="ascii"), str(b"\xc3\xa9", "utf-8"))
print("password123".encode(), "password123".encode("utf-8") == b"password123")

# hex and fromhex.
print(b"\x00\xffab".hex(), b"abc".hex(":"), b"abcde".hex("-", 2), b"abcde".hex(" ", -2))
print(bytes.fromhex("de ad  be ef"), bytes.fromhex(""), bytes.fromhex("00ff").hex())

# int.to_bytes and int.from_bytes.
print((1024).to_bytes(2, "big"), (1024).to_bytes(2, "little"), (1024).to_bytes(4))
print((255).to_bytes(), (0).to_bytes(0, "big"), (-2).to_bytes(2, "big", signed=True))
print((-128).to_bytes(1, "big", signed=True), (2**70).to_bytes(9, byteorder="little"))
print(int.from_bytes(b"\x04\x00", "big"), int.from_bytes(b"\x04\x00", "little"))
print(int.from_bytes(b"\xff\xfe", "little", signed=True), int.from_bytes([1, 2]))
print(int.from_bytes(bytes=b"\x01" * 10, byteorder="big"), int.from_bytes(b""))
n = 123456789
print(int.from_bytes(n.to_bytes(8, "big"), "big") == n)

# Methods.
print(b"a,b,,c".split(b","), b"  a b  c ".split(), b"a-b-c".split(b"-", 1))
print(b"a-b-c".rsplit(b"-", 1), b"x\ny\r\nz".splitlines(), b"x\ny".splitlines(True))
print(b"  x  ".strip(), b"xxhixx".strip(b"x"), b"  x ".lstrip(), b" x  ".rstrip())
print(b"-".join([b"a", b"b", b"c"]), b"".join([]), b", ".join(x.encode() for x in "pq"))
print(b"hello".startswith(b"he"), b"hello".endswith(b"lo"), b"hello".startswith((b"x", b"h")))
print(b"hello".startswith(b"l", 2), b"hello".endswith(b"l", 0, 4))
print(b"hello".find(b"l"), b"hello".rfind(b"l"), b"hello".find(b"z"), b"hello".find(108, 3))
print(b"hello".index(b"e"), b"hello".rindex(b"l"), b"hello".count(b"l"), b"abc".count(b""))
print(b"hello".replace(b"l", b"L"), b"hello".replace(b"l", b"", 1), b"ab".replace(b"", b"-"))
print(b"Hello".upper(), b"Hello".lower(), b"hello world".title(), b"hELLO".capitalize(), b"Ab".swapcase())
print(b"123".isdigit(), b"abc".isalpha(), b"a1".isalnum(), b" \t".isspace(), b"".isdigit())
print(b"ABC".isupper(), b"abc".islower(), b"\x80".isascii(), b"abc".isascii())
print(b"a=b=c".partition(b"="), b"a=b=c".rpartition(b"="), b"abc".partition(b"x"))
print(b"prefix-x".removeprefix(b"prefix-"), b"x.py".removesuffix(b".py"))
print(b"ab".center(6, b"*"), b"ab".ljust(4), b"ab".rjust(4, b"0"), b"-42".zfill(6))
print(bytes.decode(b"unbound"), bytes.upper(b"unbound"))
print(ord(b"a"), ord(bytearray(b"z")))
