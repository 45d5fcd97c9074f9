# collections: deque, defaultdict, Counter, namedtuple, OrderedDict.
from collections import deque, defaultdict, Counter, namedtuple, OrderedDict
import collections, functools, itertools
d = deque([1, 2, 3], maxlen=3)
d.append(4); d.appendleft(0); print(d, len(d), d[0], d[-1])
d.rotate(1); print(d); d.rotate(-2); print(d)
print(d.pop(), d.popleft(), d, list(d), 2 in d)
e = deque(); e.extend("abc"); e.extendleft([1, 2]); print(e, e.maxlen)
try:
    deque().popleft()
except IndexError as ex:
    print("IE", ex)
dd = defaultdict(list)
dd["a"].append(1); dd["b"].append(2); dd["a"].append(3)
print(dd, dict(dd), len(dd), sorted(dd.items()), "a" in dd)
dc = defaultdict(int)
for w in "the cat the hat the".split():
    dc[w] += 1
print(dc, dc["zz"], dc)
c = Counter("mississippi")
print(c, c.most_common(2), c["s"], c["q"], sum(c.values()), list(c.elements())[:3])
c.update(["m", "m"]); print(c.most_common(1))
print(Counter(), Counter(a=2, b=1) + Counter(a=1), Counter({"x": 3}))
P = namedtuple("Point", ["x", "y"])
p = P(1, y=2)
