"""numbers for threadlab: the numeric tower's classes Number, Complex,
Real, Rational and Integral, with int, bool and float counted as
theirs (`isinstance(3, numbers.Integral)`, `isinstance(2.5,
numbers.Real)`), as CPython 3.11's; `register` adds a class of the
program. The classes declare no abstract methods here, so a subclass that
leaves one out is not refused when instantiated."""

from abc import ABCMeta

__all__ = ["Number", "Complex", "Real", "Rational", "Integral"]

# For each class of the tower: the classes registered with it, and its
# subclasses in the tower (an int registered with Integral is also Real).
_registered = {}
_children = {}


class _TowerMeta(ABCMeta):
    def __new__(mcs, name, bases, ns, **kwargs):
        cls = super().__new__(mcs, name, bases, ns, **kwargs)
        _registered[cls] = []
        _children[cls] = []
        for b in bases:
            if b in _children:
                _children[b].append(cls)
        return cls

    def register(cls, subclass):
        """Count subclass (a class) as a virtual subclass of cls."""
        if not isinstance(subclass, type):
            raise TypeError("Can only register classes")
        _registered[cls].append(subclass)
        return subclass

    def __instancecheck__(cls, obj):
        return cls.__subclasscheck__(type(obj))

    def __subclasscheck__(cls, sub):
        if not isinstance(sub, type):
            raise TypeError("issubclass() arg 1 must be a class")
        for r in _registered.get(cls, ()):
            if issubclass(sub, r):
                return True
        for d in _children.get(cls, ()):
            if issubclass(sub, d):
                return True
        return False


class Number(metaclass=_TowerMeta):
    """Every number."""
    __slots__ = ()
    __hash__ = None


class Complex(Number):
    """Numbers with + - * / ** abs(), real, imag and conjugate()."""
    __slots__ = ()


# The runner has no complex type; a program's own may be registered.


class Real(Complex):
    """Complex numbers that are ordered and have a real value: float()."""
    __slots__ = ()


Real.register(float)


class Rational(Real):
    """Real numbers with a numerator and a denominator."""
    __slots__ = ()


class Integral(Rational):
    """Whole numbers: int() and operator.index() give them exactly."""
    __slots__ = ()


Integral.register(int)
