# ChainMap for layered settings; UserDict, UserList, UserString as bases.
from collections import ChainMap, UserDict, UserList, UserString
import copy

defaults = {"color": "red", "size": 10, "debug": False}
user = {"size": 12}
settings = ChainMap(user, defaults)
print(settings)
print(settings["size"], settings["color"], settings.get("missing", "-"))
print(len(settings), list(settings), sorted(settings.items()))
print("debug" in settings, "nope" in settings, bool(ChainMap({}, {})))
settings["color"] = "blue"
print(user, defaults["color"])
child = settings.new_child({"size": 14})
print(child["size"], child.parents["size"], len(child.maps))
print(child.new_child().maps[0], child.new_child(theme="dark").maps[0])
print(child.parents)
print(list(child.keys()), list(child.values()))
try:
    del settings["debug"]
except KeyError as e:
    print("KeyError", e)
try:
    settings["missing"]
except KeyError as e:
    print("KeyError", e)
try:
    ChainMap({}, {"a": 1}).popitem()
except KeyError as e:
    print("KeyError", e)
print(settings.pop("color"), settings.pop("zzz", 0))
cm = ChainMap({"a": 1}) | {"b": 2}
print(cm, type(cm).__name__)
print(ChainMap() == {}, ChainMap({"a": 1}, {"a": 2}) == {"a": 1})
print(ChainMap.fromkeys("ab", 0))
print(settings.copy(), copy.copy(settings).maps[1] is defaults)
print(settings.keys())


class LowerDict(UserDict):
    def __setitem__(self, key, value):
        super().__setitem__(key.lower(), value)


d = LowerDict({"A": 1}, B=2)
d.update({"C": 3})
d["D"] = 4
d.setdefault("E", 5)
print(d, len(d), "a" in d, d.get("z"), d["b"])
print(sorted(d.keys()), sorted(d.values()), isinstance(d, UserDict))
print(d == {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}, d.data is not d.copy().data)
print(type(d.copy()).__name__, d.pop("e"), d.pop("zz", None))
try:
    d["zz"]
except KeyError as e:
    print("KeyError", e)


class Defaulting(UserDict):
    def __missing__(self, key):
        return f"<{key}>"


print(Defaulting(x=1)["y"], Defaulting(x=1) | {"z": 0})
print(UserDict.fromkeys(["p", "q"], 7))


class Stack(UserList):
    def push(self, item):
        self.append(item)

    def peek(self):
        return self[-1]


s = Stack([1, 2, 3])
s.push(4)
print(s, s.peek(), len(s), 3 in s, s[1:3], type(s[1:3]).__name__)
print(s + [5], type(s + [5]).__name__, [0] + s, s * 2)
s += [9]
s.extend(Stack([10]))
print(s, s.pop(), s.index(9), s.count(1))
s.sort(reverse=True)
print(s, list(reversed(s)), [x * 2 for x in s])
print(Stack("abc"), Stack() == [], s > [1], sorted(Stack([3, 1, 2])))
del s[0]
s[0] = 100
print(s, s.copy(), type(s.copy()).__name__)
try:
    Stack().pop()
except IndexError as e:
    print("IndexError", e)


class Shout(UserString):
    def shout(self):
        return self.upper() + "!"


w = Shout("hello world")
print(w, repr(w), w.shout(), type(w.shout()).__name__)
print(w[0], type(w[0]).__name__, len(w), "world" in w, w.split())
print(w.title(), w.replace("world", "there"), w.center(15, "*"), w.find("o"))
print(w + "?", "!" + w, w * 2, w == "hello world", w < "z")
print(w.startswith("he"), w.isalpha(), w.count("l"), hash(w) == hash("hello world"))
print(Shout("%s-%d") % ("a", 1), int(UserString("42")) + 1, w.zfill(13))
print(sorted([Shout("b"), Shout("a")]), {w: 1}[w])
