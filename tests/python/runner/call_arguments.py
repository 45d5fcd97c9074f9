# *args, **kwargs, keyword-only arguments, defaults and unpacking.
def report(title, *values, sep=", ", **options):
    parts = sep.join(str(v) for v in values)
    extra = " ".join(f"{k}={v}" for k, v in sorted(options.items()))
    return f"{title}: {parts} {extra}".strip()


print(report("nums", 1, 2, 3))
print(report("nums", *[4, 5], sep="-", color="red", bold=True))
args = ("t", 9)
kwargs = {"sep": "/", "z": 0}
print(report(*args, **kwargs))


def point(x, y=0, *, label="p"):
    return (label, x, y)


print(point(1), point(1, 2), point(y=3, x=4), point(5, label="q"))
for bad in [lambda: point(), lambda: point(1, 2, 3), lambda: point(1, z=2), lambda: point(1, x=2)]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)


def show(*args, **kwargs):
    print(len(args), args, kwargs)


show()
show(1, (2, 3), a=[4])
print(*[1, 2, 3], sep=" | ", end=" <end>\n")
print("no newline", end="")
print(" ... continued")
