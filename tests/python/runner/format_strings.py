# f-strings with specs, str.format and %-formatting.
name, n, x = "worker", 42, 3.14159
print(f"{name!r} {name:>10} {name:<10}| {name:^10} {n:05d} {n:+d} {x:.2f} {x:10.3f}|")
print(f"{n:x} {n:X} {n:o} {n:b} {n:#x} {n:#b} {1234567:,} {1234567:_} {0.256:.1%}")
print(f"{x:e} {x:.3g} {1e-7:g} {123456789.0:g} {1.0:g} {float('inf')} {-x:.1f}")
width, prec = 12, 3
print(f"[{x:{width}.{prec}f}] [{name:*^{width}}] {n!s:>4} {'nested ' + name}")
print(f"{{literal}}", f"{[1, 2][0]}", f"{ {'a': 1}['a'] }")
print("{} and {}".format(1, 2), "{1} {0} {1}".format("a", "b"), "{name}: {val:.1f}".format(name="t", val=2.25))
print("{0[0]} {0[1]}".format(("p", "q")), "{:>6}|{:<6}|{:^6}|".format("r", "l", "c"), "{{}}".format())
print("{:08.3f} {:,d} {!r}".format(-3.5, 10 ** 6, "q"))
print("%d items, %5.1f%% done, %s, %r, %x, %05d, %-6s|, %+.2e" % (3, 45.678, None, "s", 255, 42, "ab", 12345.678))
print("%(who)s has %(count)d" % {"who": "main", "count": 2}, "%c%c" % (72, "i"), "%%")
for i, t in enumerate([0.5, 12.25, 100.0]):
    print(f"{i:>2}. {t:>8.2f}s |{'#' * int(t // 10):<10}|")
