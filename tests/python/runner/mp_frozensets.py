# Frozensets cross between processes as frozensets: as Pool arguments and
# results, on a Queue, as dict keys, and in a forked child's copy of globals.
import multiprocessing as mp

VOWELS = frozenset("aeiou")


class Card:
    def __init__(self, rank):
        self.rank = rank

    def __repr__(self):
        return f"Card({self.rank})"


def describe(fs):
    return type(fs).__name__, fs | {0}, len(fs)


def count_vowels(word):
    return word, sum(ch in VOWELS for ch in word), type(VOWELS).__name__


def send_back(q, fs):
    q.put(fs)
    q.put({fs: "as a key", frozenset(): "empty"})
    q.put([fs, fs])


def touch(fs):
    card = sorted(fs, key=repr)[0]
    card.rank = 99
    return fs


if __name__ == "__main__":
    with mp.Pool(2) as pool:
        for r in pool.map(describe, [frozenset({3, 1}), frozenset(), frozenset({(1, 2)})]):
            print(r)
        print(pool.map(count_vowels, ["thread", "process", "queue"]))

    q = mp.Queue()
    p = mp.Process(target=send_back, args=(q, frozenset({5, 6})))
    p.start()
    fs, keyed, pair = q.get(timeout=10), q.get(timeout=10), q.get(timeout=10)
    p.join()
    print(fs, type(fs).__name__, keyed[frozenset({6, 5})], keyed[frozenset()])
    print(pair, pair[0] is pair[1], pair[0] == fs)

    # A frozenset of objects arrives holding copies: the child's change to
    # a card stays in the child.
    card = Card(7)
    mine = frozenset({card})
    with mp.Pool(1) as pool:
        theirs = pool.apply_async(touch, (mine,)).get(timeout=10)
    print(mine, theirs, type(theirs).__name__, card.rank)
