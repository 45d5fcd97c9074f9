# Walk a long text by index, as a first parser does: `while i < len(text)`
# and `text[i]` at every step (each must not cost a pass over the text).
import time

N = 400000


def count_words(text):
    words = 0
    in_word = False
    i = 0
    while i < len(text):
        letter = text[i] != " "
        if letter and not in_word:
            words += 1
        in_word = letter
        i += 1
    return words


text = ("several short words " * (N // 20 + 1))[:N]
t0 = time.perf_counter()
words = count_words(text)
t1 = time.perf_counter()
print("characters", len(text), "words", words)
print("@ms", (t1 - t0) * 1000)
