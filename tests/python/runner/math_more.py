# The rest of math that numerics, counting and statistics lessons call:
# results digit for digit as CPython prints them, and CPython's errors.
import math

print("comb", math.comb(5, 2), math.comb(52, 5), math.comb(10, 0), math.comb(3, 5), math.comb(100, 50))
print("comb big", math.comb(1000, 500) % 10**20, math.comb(True, True))
print("perm", math.perm(5, 2), math.perm(5), math.perm(4, 0), math.perm(3, 4), math.perm(30, 10), math.perm(6, None))
print("lcm", math.lcm(4, 6), math.lcm(), math.lcm(0, 5), math.lcm(-4, 6), math.lcm(2**70, 3**40), math.lcm(12))
print("gcd", math.gcd(12, 18, 27), math.gcd(), math.gcd(-4, 6))
print("frexp", math.frexp(8.0), math.frexp(0.1), math.frexp(-3), math.frexp(0.0), math.frexp(5e-324), math.frexp(math.inf))
print("ldexp", math.ldexp(0.5, 4), math.ldexp(1, -1074), math.ldexp(1, -1080), math.ldexp(3.0, 10**20 * -1), math.ldexp(-0.0, 5))
print("modf", math.modf(3.75), math.modf(-2.5), math.modf(4), math.modf(math.inf), math.modf(-math.inf))
print("fmod", math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7.5, -2), math.fmod(1, math.inf), math.fmod(-0.0, 1))
print("remainder", math.remainder(7, 3), math.remainder(5, 2), math.remainder(7, 2), math.remainder(-7.5, 2), math.remainder(3, math.inf))
print("copysign", math.copysign(3, -0.0), math.copysign(-2.5, 1), math.copysign(math.inf, -1))
print("ulp", math.ulp(1.0), math.ulp(1e300), math.ulp(0.0), math.ulp(-2.0), math.ulp(math.inf), math.ulp(1.7976931348623157e308))
print("nextafter", math.nextafter(1.0, 2.0), math.nextafter(1.0, 0.0), math.nextafter(0.0, -1), math.nextafter(2.0, 2.0))
print("dist", math.dist((0, 0), (3, 4)), math.dist([1, 2, 3], [4, 6, 8]), math.dist((1.5,), (-2.5,)), math.dist((), ()))
print("dist more", math.dist((0.1, 0.2, 0.3, 0.4), (1.1, 2.2, 3.3, 4.4)), math.dist(range(5), range(5, 10)))
print("hypot", math.hypot(3, 4), math.hypot(1, 2, 3), math.hypot(), math.hypot(-5), math.hypot(1e200, 1e200), math.hypot(5e-324, 5e-324))
print("hypot more", math.hypot(0.1, 0.2, 0.3, 0.4, 0.5), math.hypot(math.inf, math.nan), math.hypot(2, math.nan))
print("fsum", math.fsum([0.1] * 10), math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]), math.fsum([]))
print("fsum more", math.fsum([1, 2.5, 3]), math.fsum([math.inf, 1.0]), math.fsum([1e308, -1e308, 1e308]))
for f in ["expm1", "log1p", "exp2", "acosh", "asinh", "atanh", "erf", "erfc", "gamma", "lgamma"]:
    fn = getattr(math, f)
    xs = [0.5, 1.5, 2.0, 3.25, 0.001, 7.0]
    if f == "atanh":
        xs = [0.0, 0.5, -0.25, 0.9, 0.001, -0.999]
    elif f == "acosh":
        xs = [1.0, 1.5, 2.0, 3.25, 1.001, 7.0]
    print(f, [fn(x) for x in xs])
print("erf tails", math.erf(-3.0), math.erfc(10.0), math.erfc(-1.0), math.erf(1e-10))
print("gamma more", math.gamma(0.1), math.gamma(-0.5), math.gamma(-2.5), math.gamma(10), math.gamma(171.5), math.gamma(-180.5), math.gamma(1e-30))
print("lgamma more", math.lgamma(0.1), math.lgamma(-0.5), math.lgamma(-2.5), math.lgamma(100), math.lgamma(1e6), math.lgamma(1), math.lgamma(math.inf), math.lgamma(-math.inf))
print("cbrt", [round(math.cbrt(x), 12) for x in [8, -27.0, 2, 0.001, 1000.0]], math.cbrt(0.0), math.cbrt(-0.0))
print("cbrt raw", [math.cbrt(x) for x in [8, -27.0, 2, 0.001, 1e30, 3.5]])
print("specials", math.expm1(-math.inf), math.exp2(-2000), math.erf(math.inf), math.erfc(-math.inf), math.gamma(math.inf), math.atanh(-0.0))

print("round", round(1e308, -400), round(-1.5, -400), round(2.5, -10**30), round(-2.5, -10**30), round(123.456, 10**30))
print("round neg", round(12345.0, -2), round(1234.5, -1), round(15.0, -1), round(25.0, -1), round(1.5e16 + 2, -1), round(1e300, -299), round(-25, -1), round(25, True))
print("round pos", round(2.675, 2), round(0.125, 2), round(5e-324, 400), round(1e22, 3))

errors = [
    lambda: math.comb(5.0, 2), lambda: math.comb(-1, 2), lambda: math.comb(5, -2), lambda: math.comb("5", 2),
    lambda: math.perm(-3), lambda: math.perm(3, -1), lambda: math.perm(2.5), lambda: math.lcm(2.0, 4),
    lambda: math.ldexp(1.0, 1.5), lambda: math.ldexp(1.0, 2000), lambda: math.ldexp("a", 1), lambda: math.frexp("x"),
    lambda: math.fmod(1, 0), lambda: math.fmod(math.inf, 2), lambda: math.remainder(1, 0), lambda: math.remainder(math.inf, 1),
    lambda: math.dist((1, 2), (1,)), lambda: math.dist((1, "a"), (1, 2)), lambda: math.hypot("a"),
    lambda: math.fsum([1e308, 1e308]), lambda: math.fsum([math.inf, -math.inf]), lambda: math.fsum(["a"]),
    lambda: math.expm1(1000), lambda: math.log1p(-1), lambda: math.log1p(-2), lambda: math.exp2(2000),
    lambda: math.acosh(0.5), lambda: math.atanh(1), lambda: math.atanh(-1.0), lambda: math.atanh(2),
    lambda: math.gamma(0), lambda: math.gamma(-2), lambda: math.gamma(172), lambda: math.gamma(-math.inf),
    lambda: math.lgamma(0), lambda: math.lgamma(-3), lambda: math.lgamma(1e306), lambda: math.erf("1"),
    lambda: round(2.5, 1.0), lambda: round(25, "x"), lambda: math.comb(5), lambda: math.nextafter(1.0),
]
for t in errors:
    try:
        print(t())
    except Exception as e:
        print(type(e).__name__, e)
