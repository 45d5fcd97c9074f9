# int / int rounded once from the exact quotient (not each int made a
# float first), a float's repr when it is halfway between two shortest
# decimals (the even one), as_integer_ratio, math.isfinite, getrandbits(0).
import math
import random

a = 3**200
b = 7**150
print(a / b, (2**64 + 1) / 3, 10**400 // 3 / 10**399, 1 / 10**400, -(10**400) / 7**300)
print(((1 << 80) + 12345) / 7, (10**20 + 1) / 10**20, 9007199254740993 / 1, 0 / -5)
print(2**53 / 3, (2**53 + 1) / 3, 1 / 2**1074, 3 / 2**1075, 1 / 2**1075, 3 / 2**1076)
print(2**1024 // 3 / 1, (2**1024 - 2**971) / 1, True / 2)
for f in (lambda: 10**400 / 1, lambda: 10**400 * 1.0, lambda: 10**400 / 0,
          lambda: 2**1024 / 1, lambda: (2**1024 - 2**970) / 1):
    try:
        print(f())
    except (OverflowError, ZeroDivisionError) as e:
        print(type(e).__name__, e)

for base in (2**49, 615516896012248):
    print([repr(base + j * 0.125) for j in range(16)])
print([repr(float(2**54 + 4 * j)) for j in range(8)])

print((0.1).as_integer_ratio(), (5).as_integer_ratio(), True.as_integer_ratio())
print((-2.5).as_integer_ratio(), (1e300).as_integer_ratio()[1], (5e-324).as_integer_ratio()[0])
for v in (float("inf"), float("nan")):
    try:
        v.as_integer_ratio()
    except (OverflowError, ValueError) as e:
        print(type(e).__name__, e)
print(math.isfinite(1.0), math.isfinite(float("inf")), math.isfinite(float("nan")))

random.seed(3)
print(random.getrandbits(0), random.getrandbits(5))

# Many quotients of random big ints, against CPython's digits.
random.seed(7)
h = 0
for i in range(2000):
    x = random.getrandbits(random.randint(0, 1200))
    y = random.getrandbits(random.randint(0, 1200)) | 1
    try:
        text = repr(-x / y if i % 2 else x / y)
    except OverflowError:
        text = "OverflowError"
    for ch in text:
        h = (h * 31 + ord(ch)) % 1000000007
print(h)

# pow with a modulus and a negative exponent uses the base's inverse.
for base, exp, mod in [(3, -1, 7), (-3, -2, 7), (3, -1, -7), (10**30 + 7, -1, 10**9 + 7), (6, -1, 9)]:
    try:
        print("pow", base, exp, mod, "=", pow(base, exp, mod))
    except ValueError as err:
        print("pow", base, exp, mod, "ValueError:", err)
