import io
import sys

buf = io.StringIO()
print("hello", 42, sep=", ", file=buf)
print("second line", file=buf, end="")
buf.write("\nthird\n")
print(repr(buf.getvalue()))
print(buf.tell())
buf.seek(0)
print(repr(buf.readline()))
print(repr(buf.read(6)))
print(buf.readlines())
print(repr(buf.read()))
buf.seek(0)
for line in buf:
    print("line:", repr(line))
buf.seek(2)
buf.write("XY")
print(repr(buf.getvalue()), buf.tell())
buf.seek(40)
buf.write("!")
print(repr(buf.getvalue()[-5:]), len(buf.getvalue()))
print(buf.truncate(5), repr(buf.getvalue()))
print(buf.seek(0, io.SEEK_END), buf.readable(), buf.writable(), buf.seekable())

with io.StringIO("a\nb\nc") as f:
    print([x.strip() for x in f])
print(f.closed)
for op in (f.getvalue, f.read, lambda: f.write("x"), f.tell):
    try:
        op()
    except ValueError as e:
        print("ValueError:", e)


class Collector:
    def __init__(self):
        self.pieces = []

    def write(self, text):
        self.pieces.append(text)
        return len(text)

    def flush(self):
        self.pieces.append("<flush>")


c = Collector()
print("a", 1, None, sep="|", end=".\n", file=c)
print(file=c, flush=True)
print(c.pieces)
print("to stdout", file=None)
print("to stderr", file=sys.stderr)

s = io.StringIO()
for i in range(1000):
    s.write(str(i % 10))
print(len(s.getvalue()), s.getvalue()[:12])

b = io.BytesIO(b"abc\ndef\n")
print(b.read(2), b.readline(), b.tell())
b.seek(-2, 2)
print(b.read())
b.seek(0, 2)
b.write(b"xyz")
b.write(bytearray(b"!"))
print(b.getvalue(), b.tell())
b.seek(10)
b.write(b"Z")
print(b.getvalue())
b.seek(0)
print(list(b)[:2])

for bad in (
    lambda: io.StringIO().write(5),
    lambda: io.StringIO(b"x"),
    lambda: io.BytesIO().write("text"),
    lambda: io.BytesIO(3.5),
    lambda: io.StringIO().seek(-1),
    lambda: io.StringIO().seek(1, 1),
    lambda: io.StringIO().seek(1, 2),
    lambda: io.StringIO().seek(0, 7),
    lambda: io.StringIO().read("2"),
    lambda: print("x", file=3),
    lambda: print("x", file=object()),
):
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)

b = io.BytesIO(b"abc")
print(b.seek(-5, 1), b.seek(-1, 2), b.read())
b.close()
for bad in (
    b.read,
    lambda: io.BytesIO().seek(-1),
    lambda: io.BytesIO().seek(0, 5),
    lambda: io.BytesIO().truncate(-1),
    lambda: io.StringIO().truncate(-1),
):
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
