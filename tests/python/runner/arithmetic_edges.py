# Int and float arithmetic at the edges the interpreter's fast paths take
# over (small ints, floats, an int with a float): floor division and modulo
# of negative numbers, overflow into big ints, division by zero, infinity.
for a in (7, -7, 0, 9223372036854775807, -9223372036854775808):
    for b in (2, -2, 3, -3, 1, -1):
        print(a, b, a // b, a % b, a * b, a + b, a - b)
print(1e308 * 10, -1e308 * 10, 1e308 + 1e308, 5 / 2, -5 / 2, 1 / 3)
print(3 * 0.1, 0.1 * 3, 2 - 0.5, 0.5 - 2, 10 / 4.0, 7.5 / 2)
print(9007199254740993 * 1.0, 2**62 + 0.5)
for x, y in ((1, 0), (1.0, 0), (1, 0.0), (5, 0)):
    try:
        print(x / y)
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
try:
    print(5 // 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    print(5 % 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
total = 0.0
for i in range(1000):
    total += i * 0.25 - i // 3 + i % 7
print(total)
