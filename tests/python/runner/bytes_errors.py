# bytes' errors, in CPython's words.


def attempt(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)


attempt(lambda: bytes(-1))
attempt(lambda: bytes([256]))
attempt(lambda: bytes([-1]))
attempt(lambda: bytes(["a"]))
attempt(lambda: bytes([1.5]))
attempt(lambda: bytes("abc"))
attempt(lambda: bytes(1.5))
attempt(lambda: bytes(None))
attempt(lambda: bytes(b"a", "utf-8"))
attempt(lambda: bytes("a", "utf-8", "strict", "x"))
attempt(lambda: bytes("a", "no-such-codec"))
attempt(lambda: b"a" + "b")
attempt(lambda: b"a" + 1)
attempt(lambda: "b" + b"a")
attempt(lambda: b"a" * 1.5)
attempt(lambda: b"a"[5])
key = "x"
attempt(lambda: b"a"[key])
attempt(lambda: hash(bytearray(b"a")))
attempt(lambda: 300 in b"a")
attempt(lambda: "a" in b"a")
attempt(lambda: b"a" < "b")
attempt(lambda: "é".encode("ascii"))
attempt(lambda: "h€€o".encode("ascii"))
attempt(lambda: "h€llo".encode("latin-1"))
attempt(lambda: "x".encode("no-such-codec"))
attempt(lambda: "x".encode(1))
attempt(lambda: b"\xff".decode())
attempt(lambda: b"a\xe9b".decode())
attempt(lambda: b"\xe9".decode())
attempt(lambda: b"\xf0\x90\x80".decode())
attempt(lambda: b"\xf0\x90\x41".decode())
attempt(lambda: b"ok\xe9".decode("ascii"))
attempt(lambda: b"\xff".decode("utf-8", "no-such-handler"))
attempt(lambda: b"a".decode("no-such-codec"))
attempt(lambda: bytes.fromhex("zz"))
attempt(lambda: bytes.fromhex("d e"))
attempt(lambda: bytes.fromhex("abc"))
attempt(lambda: (256).to_bytes(1, "big"))
attempt(lambda: (-1).to_bytes(1, "big"))
attempt(lambda: (128).to_bytes(1, "big", signed=True))
attempt(lambda: (1).to_bytes(-1, "big"))
attempt(lambda: (1).to_bytes(2, "middle"))
attempt(lambda: int.from_bytes("ab", "big"))
attempt(lambda: b"a".startswith("a"))
attempt(lambda: b"a".find("a"))
attempt(lambda: b"a".split("a"))
attempt(lambda: b"a".split(b""))
attempt(lambda: b"a".replace("a", "b"))
attempt(lambda: b"a".join([b"x", 1]))
attempt(lambda: b"abc".index(b"z"))
attempt(lambda: b"a".count(300))
attempt(lambda: ord(b"ab"))
attempt(lambda: str(b"a", 1))
attempt(lambda: b"a".decode(foo=1))
attempt(lambda: len(b"abc", 1))


def item_assignment():
    b = b"abc"
    b[0] = 65


def item_deletion():
    b = b"abc"
    del b[0]


attempt(item_assignment)
attempt(item_deletion)

# An uncaught one ends the program with its traceback.
data = "naïve".encode("utf-8")
print(data.decode("ascii"))
