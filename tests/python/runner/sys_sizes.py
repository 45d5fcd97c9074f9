# sys.getsizeof for the objects memory tutorials measure, and the
# interpreter facts they print.
import sys

for v in (0, 1, -5, 2**30 - 1, 2**30, 2**62, 2**100, True, False, 1.5, None):
    print(repr(v), sys.getsizeof(v))
for s in ("", "a", "hello", "é", "naïve", "€uro", "😀"):
    print(repr(s), sys.getsizeof(s))
for b in (b"", b"abc", bytearray(), bytearray(b"abc")):
    print(repr(b), sys.getsizeof(b))
a, b, c = 1, 2, 3
print(sys.getsizeof(()), sys.getsizeof((1, 2, 3)), sys.getsizeof([]), sys.getsizeof([a, b, c]))
print(sys.getsizeof([1, 2, 3, 4]), sys.getsizeof(list(range(10))), sys.getsizeof([0] * 100))
print(sys.getsizeof({}), sys.getsizeof({"a": 1}), sys.getsizeof({1: "a"}))
print([sys.getsizeof({i: i for i in range(n)}) for n in (3, 6, 11, 22, 50)])
print([sys.getsizeof({str(i): i for i in range(n)}) for n in (3, 6, 11, 22)])
print([sys.getsizeof(set(range(n))) for n in (0, 4, 5, 19, 80)])
print(sys.getsizeof(frozenset("ab")), sys.getsizeof(range(10)))
print(sys.getsizeof(list(range(1000))) > sys.getsizeof(range(1000)))


class Point:
    def __init__(self):
        self.x = 1


class Sized:
    def __sizeof__(self):
        return 100


print(sys.getsizeof(Point()), sys.getsizeof(Sized()))
print(sys.intern("hello") == "hello")
try:
    sys.intern(5)
except TypeError as e:
    print("TypeError", e)
print(sys.maxunicode, sys.byteorder, sys.maxsize == 2**63 - 1)
print(sys.float_info)
print(sys.float_info.epsilon, sys.float_info.max, sys.float_info.dig, sys.float_info[8])
print(1.0 + sys.float_info.epsilon > 1.0, len(sys.float_info))
try:
    sys.float_info.max = 1.0
except AttributeError as e:
    print("AttributeError", e)
print(sys.hexversion >> 24, sys.flags.optimize, sys.get_int_max_str_digits())
print(isinstance(sys.executable, str) and sys.executable.startswith("/"))
