# re: a compiled pattern sent to worker processes (pickled as its source
# and flags, compiled again there), each counting words in its share.
import re
from multiprocessing import Pool

WORD = re.compile(r"[a-z]+", re.IGNORECASE)
TEXT = ["Alpha beta gamma", "beta BETA delta", "", "gamma, alpha; Alpha!"]


def count(args):
    pattern, text = args
    found = pattern.findall(text)
    return len(found), sorted(set(w.lower() for w in found)), pattern.flags


if __name__ == "__main__":
    with Pool(2) as pool:
        for result in pool.map(count, [(WORD, t) for t in TEXT]):
            print(result)
    print(WORD, WORD.flags)
