# A key of a user class that equals a plain int or string: a lookup by the
# plain value finds it (the hash picks the slot, the class's __eq__ says
# yes), and the other way round, as CPython does.
class Tag:
    def __init__(self, name):
        self.name = name
    def __eq__(self, other):
        if isinstance(other, Tag):
            return self.name == other.name
        return self.name == other
    def __hash__(self):
        return hash(self.name)
    def __repr__(self):
        return f"Tag({self.name!r})"

by_tag = {Tag("red"): 1, Tag(7): 2, Tag(-1): 3}
print("red" in by_tag, 7 in by_tag, -1 in by_tag, "blue" in by_tag, 8 not in by_tag)
print(by_tag["red"], by_tag[7], by_tag.get(-1), by_tag.get("blue", "none"))
by_tag["red"] += 10
by_tag[7] = by_tag.get(7, 0) + 5
print(len(by_tag), by_tag)
print(by_tag.pop("red"), len(by_tag), by_tag.setdefault(7, "x"))
del by_tag[-1]
print(by_tag)

plain = {"red": 1, 7: 2}
print(Tag("red") in plain, plain[Tag(7)], plain.get(Tag("blue")))

colours = {Tag("red"), Tag("green")}
print("red" in colours, "blue" in colours)
colours.add("red")
colours.add("blue")
print(len(colours), sorted(str(c) for c in colours))
colours.discard("green")
colours.remove(Tag("blue"))
print(colours)
print("red" in frozenset([Tag("red")]), 7 in {Tag(7): 0}.keys())

seen = {}
for word in ["red", "red", "green"]:
    seen[word] = seen.get(word, 0) + 1
print(seen, Tag("red") in seen)
