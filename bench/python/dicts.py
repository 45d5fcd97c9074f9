# Counting in a dict: string keys and int keys, get() and +=.
import time

N = 2000000


def tally(n):
    words = ["w%d" % k for k in range(500)]
    by_word = {}
    by_rest = {}
    for i in range(n):
        w = words[(i * 7919) % 500]
        by_word[w] = by_word.get(w, 0) + 1
        r = i % 97
        if r in by_rest:
            by_rest[r] += 1
        else:
            by_rest[r] = 1
    return by_word, by_rest


t0 = time.perf_counter()
by_word, by_rest = tally(N)
t1 = time.perf_counter()
print(len(by_word), "words,", len(by_rest), "remainders")
print("w7:", by_word["w7"], "most:", max(by_word.values()), "total:", sum(by_word.values()))
print("remainder 0:", by_rest[0], "remainder 96:", by_rest[96])
print("@ms", (t1 - t0) * 1000)
