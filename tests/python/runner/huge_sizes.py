# Sizes no machine can hold: each one is a MemoryError the program can catch
# (in the browser a failed allocation would end the whole interpreter), and
# the same calls with sane sizes still work.
import time

ENORMOUS = 10**13


def attempt(label, make):
    try:
        result = make()
    except (MemoryError, OverflowError) as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "->", repr(result)[:40], len(result))


attempt("center", lambda: "mid".center(ENORMOUS))
attempt("ljust", lambda: "left".ljust(ENORMOUS, "."))
attempt("rjust", lambda: "right".rjust(ENORMOUS))
attempt("zfill", lambda: "-7".zfill(ENORMOUS))
attempt("expandtabs", lambda: "a\tb".expandtabs(2**40))
attempt("repeat", lambda: "ab" * ENORMOUS)
attempt("list", lambda: [None] * ENORMOUS)
attempt("bytes", lambda: bytes(ENORMOUS))

attempt("center ok", lambda: "mid".center(9, "*"))
attempt("ljust ok", lambda: "left".ljust(7, "."))
attempt("zfill ok", lambda: "-7".zfill(5))
attempt("expandtabs ok", lambda: "a\tbc\td".expandtabs(4))
attempt("replace ok", lambda: "a.b.c".replace(".", "::", 1))
attempt("join ok", lambda: "/".join(["usr", "local", "bin"]))

# strftime fills a buffer that stops growing at 256 times the format's
# length: a wider field gives an empty string, as in CPython.
moment = time.gmtime(86400 * 365)
print(repr(time.strftime("%99999999999Y", moment)))
print(len(time.strftime("%2047Y", moment)), repr(time.strftime("%2048Y", moment)))
print(time.strftime("%%99d %Y", moment))

try:
    "abc".zfill("9")
except TypeError as e:
    print("TypeError:", e)
