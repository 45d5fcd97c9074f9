# A container that holds itself prints as [...], (...) or {...}; one
# compared or combined with itself is one object on both sides (a lock
# taken once, not twice); deep nesting ends in RecursionError, not a crash.
shelf = ["jam"]
shelf.append(shelf)
print(shelf, len(str(shelf)))
index = {"name": "index"}
index["self"] = index
print(index)
pair = (1, [2])
pair[1].append(pair)
print(pair)


class Node:
    def __init__(self):
        self.children = [self]

    def __repr__(self):
        return f"Node{self.children!r}"


print(repr(Node()))

scores = [3, 1, 2]
print(scores < scores, scores <= scores, scores == scores)
tags = {"a", "b"}
print(sorted(tags | tags), sorted(tags & tags), tags - tags, tags ^ tags)
print(sorted(tags.union(tags)), tags.difference(tags))
tags |= tags
tags -= tags
print(tags)

deep = []
for _ in range(5000):
    deep = [deep]
try:
    repr(deep)
except RecursionError:
    print("RecursionError for a list 5000 deep")
print("still running")
