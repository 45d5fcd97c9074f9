# A class's own __setattr__ stores in the end through object.__setattr__ or
# super().__setattr__: a read-only class, one that counts its writes under a
# lock, and one whose store goes through a property's setter.
import threading
class Frozen:
    def __init__(self, x):
        object.__setattr__(self, "x", x)
    def __setattr__(self, name, value):
        raise AttributeError(f"{name} is read-only")
f = Frozen(3)
try:
    f.x = 4
except AttributeError as e:
    print("AttributeError:", e)
print(f.x)
class Counted:
    lock = threading.Lock()
    writes = 0
    def __setattr__(self, name, value):
        with Counted.lock:
            Counted.writes += 1
        super().__setattr__(name, value)
c = Counted()
c.a = 1
c.b = 2
c.a += 5
print(c.a, c.b, Counted.writes)
class WithProp:
    @property
    def v(self):
        return self._v
    @v.setter
    def v(self, x):
        object.__setattr__(self, "_v", x * 2)
    def __setattr__(self, name, value):
        super().__setattr__(name, value)
w = WithProp()
w.v = 4
print(w.v, w.__dict__)
try:
    object.__setattr__(w, 5, 1)
except TypeError as e:
    print("TypeError:", e)
