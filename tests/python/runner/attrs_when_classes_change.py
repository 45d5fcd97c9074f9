# Setting an attribute on an instance after its class (or a base) changed:
# a property or a __setattr__ added to the class later takes over from
# then on, and stops when it is removed.
class Shape:
    pass

class Square(Shape):
    def __init__(self, side):
        self.side = side

sq = Square(2)
sq.side = 3
print(sq.side, sq.__dict__)

def get_side(self):
    return self._side

def set_side(self, value):
    if value < 0:
        raise ValueError("a side is not negative")
    self._side = value

Shape.side = property(get_side, set_side)
other = Square(5)
print(other.side, other.__dict__)
try:
    other.side = -1
except ValueError as e:
    print("ValueError:", e)
del Shape.side
other.side = -1
print(other.side, sorted(other.__dict__))

class Audited:
    pass

a = Audited()
a.x = 1

def audit(self, name, value):
    print("setting", name, "to", value)
    self.__dict__[name] = value * 10

Audited.__setattr__ = audit
a.y = 2
b = Audited()
b.z = 3
del Audited.__setattr__
a.w = 4
print(sorted(a.__dict__.items()), b.__dict__)

for i in range(3):
    sq.side += i
print(sq.side)
