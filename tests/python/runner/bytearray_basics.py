# bytearray: a mutable bytes. Item and slice assignment, append/extend,
# +=, *=, methods that return bytearrays, and its errors.


def attempt(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)


print(bytearray(), bytearray(3), bytearray(b"abc"), bytearray([1, 2, 255]))
print(bytearray("héllo", "utf-8"), bytearray(range(65, 70)), bytearray(bytearray(b"x")))
print(bytearray(b"it's"), bytearray(b'say "hi"'), bytearray(b"\t\x00\xff\\"))
print(repr(bytearray(b"it's")), str(bytearray(b"q")), f"{bytearray(b'f')}")
print(type(bytearray()), isinstance(bytearray(), bytearray), isinstance(bytearray(), bytes))

ba = bytearray(b"hello")
ba[0] = 72
ba[-1] = ord("O")
print(ba, ba[0], ba[1:3], ba[::-1], len(ba))
ba[1:3] = b"EE"
ba += b"!"
ba.append(33)
ba.extend([63, 63])
ba.extend(b"..")
ba.extend(bytearray(b"/"))
print(ba, len(ba))
del ba[0]
del ba[-3:]
print(ba)
ba[::2] = b"wxyz"
print(ba)
ba[0:2] = [1, 2, 3]
ba[len(ba):] = b"END"
print(ba)
ba *= 2
print(ba, len(ba))
ba.insert(0, 48)
ba.insert(-1, 49)
ba.insert(100, 50)
print(ba, ba.pop(), ba.pop(0), ba)
ba.remove(49)
print(ba)
c = ba.copy()
c.reverse()
ba.clear()
print(ba, c)
del c[::2]
print(c)

# Methods of bytes, returning bytearrays.
x = bytearray(b"  Hello, World  ")
print(x.strip(), x.upper(), x.lower(), x.split(b","), x.replace(b"l", b"L"))
print(x.find(b"o"), x.count(b"l"), x.startswith(b"  H"), x.decode(), x.hex(":"))
print(bytearray(b"-").join([b"a", bytearray(b"b")]), b"".join([bytearray(b"p"), b"q"]))
print(bytearray.fromhex("00ff10"), bytearray(b"ab").partition(b"a"))

# Compared with bytes, added to bytes.
print(bytearray(b"a") == b"a", b"a" == bytearray(b"a"), bytearray(b"a") < b"b")
print(bytearray(b"ab") + b"cd", b"ab" + bytearray(b"cd"), bytearray(b"x") * 3)
print(bytes(bytearray(b"frozen")), list(bytearray(b"ab")), 98 in bytearray(b"ab"))
print(bool(bytearray()), bool(bytearray(1)))

# One bytearray, two names: a change shows through both.
a = bytearray(b"shared")
b = a
b[0] = ord("S")
a += b"!"
print(a, b, a is b)

# A bytes object is not changed by += (a new one is bound).
s = b"immutable"
t = s
s += b"!"
print(s, t, s is t)

attempt(lambda: bytearray(-1))
attempt(lambda: bytearray([256]))
attempt(lambda: bytearray("abc"))
attempt(lambda: bytearray(1.5))
attempt(lambda: bytearray(b"a") + "b")
attempt(lambda: bytearray(b"a") + [1])
attempt(lambda: hash(bytearray(b"a")))
attempt(lambda: {bytearray(b"a"): 1})
attempt(lambda: bytearray(b"a")[5])
key = "x"
attempt(lambda: bytearray(b"a")[key])
attempt(lambda: bytearray(b"a").append(256))
attempt(lambda: bytearray(b"a").append("a"))
attempt(lambda: bytearray(b"a").extend("ab"))
attempt(lambda: bytearray(b"a").extend([1, "x"]))
attempt(lambda: bytearray(b"ab").pop(5))
attempt(lambda: bytearray().pop())
attempt(lambda: bytearray(b"a").remove(5))


def assign(i, v):
    ba = bytearray(b"abcd")
    ba[i] = v
    return ba


attempt(lambda: assign(0, 256))
attempt(lambda: assign(0, "a"))
attempt(lambda: assign(100, 1))
attempt(lambda: assign(slice(None, None, 2), b"x"))
attempt(lambda: assign(slice(0, 2), 5))
attempt(lambda: assign(slice(0, 2), "ab"))
attempt(lambda: assign(slice(0, 2), [300]))


def delete(i):
    ba = bytearray(b"abcd")
    del ba[i]
    return ba


attempt(lambda: delete(10))
attempt(lambda: delete(slice(1, 3)))
