# conformance: max-heap 4000000
# A list that grows for ever ends in MemoryError (a small heap for the test).
items = []
print("growing")
while True:
    items.append(len(items))
