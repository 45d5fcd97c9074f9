# operator: the functions a tutorial passes to reduce, sorted and map
# (itemgetter, attrgetter, methodcaller, add, mul, …), with CPython's
# reprs and errors.
import operator
from functools import reduce
from operator import itemgetter, attrgetter, methodcaller
from concurrent.futures import ThreadPoolExecutor

print(reduce(operator.mul, range(1, 11)), reduce(operator.add, [1, 2, 3], 10))
print(operator.add(2, 3), operator.sub(2, 3), operator.mul("ab", 3), operator.truediv(7, 2),
      operator.floordiv(-7, 2), operator.mod(-7, 3), operator.pow(2, 10), operator.neg(5),
      operator.pos(-5), operator.abs(-3.5), operator.inv(5), operator.invert(0))
print(operator.and_(12, 10), operator.or_(12, 10), operator.xor(12, 10), operator.lshift(1, 70),
      operator.rshift(1024, 3), operator.concat([1], [2]), operator.index(7))
print(operator.eq(1, 1.0), operator.ne(1, 2), operator.lt(1, 2), operator.le(2, 2),
      operator.gt("b", "a"), operator.ge(1, 2), operator.not_([]), operator.truth([0]),
      operator.is_(None, None), operator.is_not(1, None))
print(operator.contains([1, 2], 2), operator.countOf([1, 2, 1, 1.0], 1), operator.indexOf("abc", "c"))
d = {"a": 1}
operator.setitem(d, "b", 2)
print(operator.getitem(d, "b"), d)
operator.delitem(d, "a")


class Hinted:
    def __length_hint__(self):
        return 4


print(d, operator.length_hint([1, 2, 3]), operator.length_hint(Hinted()), operator.length_hint(5, 9))
print(operator.call(max, 3, 9, key=lambda x: -x))
lst = [1]
print(operator.iadd(lst, [2]) is lst, lst, operator.iadd(1, 2), operator.imul("x", 3),
      operator.isub(10, 4), operator.itruediv(9, 2), operator.ifloordiv(9, 2), operator.imod(9, 2),
      operator.ipow(3, 3), operator.ilshift(1, 4), operator.irshift(16, 2), operator.iand(6, 3),
      operator.ior(6, 3), operator.ixor(6, 3), operator.iconcat([1], (2,)))
print(operator.__add__(1, 2), operator.__getitem__("xyz", 1))

rows = [("carol", 35, "NY"), ("alice", 30, "LA"), ("bob", 30, "SF")]
print(sorted(rows, key=itemgetter(1)), sorted(rows, key=itemgetter(1, 0)))
print(list(map(itemgetter(0), rows)), itemgetter(slice(1, None))("hello"))
print(itemgetter(1), itemgetter("a", 2), attrgetter("x", "y.z"), methodcaller("split", ",", maxsplit=1))


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm2(self, scale=1):
        return (self.x * self.x + self.y * self.y) * scale

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


pts = [Point(3, 4), Point(1, 1), Point(0, 2)]
print(sorted(pts, key=attrgetter("x")), max(pts, key=methodcaller("norm2")))
print(attrgetter("x", "y")(pts[0]), methodcaller("norm2", scale=10)(pts[0]))
seg = Point(Point(1, 2), Point(3, 4))
print(attrgetter("x.y", "y.x")(seg), attrgetter("y.y")(seg))
print(methodcaller("upper")("abc"), methodcaller("replace", "a", "b")("aaa"))

# In threads: a pool sums squares with operator.mul.
with ThreadPoolExecutor(max_workers=3) as pool:
    print(sum(pool.map(operator.mul, range(10), range(10))))

for f in (lambda: operator.itemgetter(5)([1]), lambda: operator.attrgetter(1),
          lambda: operator.attrgetter("nope")(pts[0]), lambda: operator.indexOf([1], 2),
          lambda: operator.methodcaller(3), lambda: operator.truediv(1, 0),
          lambda: operator.concat(1, 2), lambda: operator.itemgetter("k")({})):
    try:
        f()
    except (IndexError, TypeError, AttributeError, ValueError, ZeroDivisionError, KeyError) as e:
        print(type(e).__name__, e)
print(operator.add([1], "x"))
