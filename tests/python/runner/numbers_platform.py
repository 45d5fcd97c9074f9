import numbers
import platform
import sys

for v in (3, True, 2.5, "3", None, [1]):
    print(repr(v), [isinstance(v, c) for c in
                    (numbers.Number, numbers.Complex, numbers.Real,
                     numbers.Rational, numbers.Integral)])
print(issubclass(int, numbers.Integral), issubclass(float, numbers.Integral),
      issubclass(bool, numbers.Number), issubclass(str, numbers.Number))
print(issubclass(numbers.Integral, numbers.Real), issubclass(numbers.Real, numbers.Integral))


class Money:
    def __init__(self, cents):
        self.cents = cents


numbers.Real.register(Money)
print(isinstance(Money(5), numbers.Number), isinstance(Money(5), numbers.Integral))


class MyInt(numbers.Integral):
    pass


print(issubclass(MyInt, numbers.Rational), issubclass(MyInt, numbers.Real))


def describe(x):
    if isinstance(x, numbers.Integral):
        return "whole"
    if isinstance(x, numbers.Real):
        return "real"
    return "not a number"


print([describe(x) for x in (1, 1.5, "x")])

print(platform.python_version() == "%d.%d.%d" % sys.version_info[:3])
print(platform.python_version().startswith(sys.version.split()[0][:3]))
print(platform.python_version_tuple()[0], platform.python_implementation())
print(type(platform.system()), type(platform.machine()), len(platform.uname()))
