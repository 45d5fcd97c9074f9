# re: threads sharing compiled patterns — log parsing with named groups,
# word counts over text split among workers, and non-ASCII positions.
import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

LOG = re.compile(r"^(?P<time>\d\d:\d\d:\d\d) \[(?P<level>[A-Z]+)\] (?P<who>\w+): (?P<msg>.*)$", re.M)
lines = []
for i in range(40):
    level = ["INFO", "WARN", "ERROR"][i % 3]
    lines.append("12:%02d:%02d [%s] worker%d: step %d done" % (i // 60, i % 60, level, i % 4, i))
text = "\n".join(lines)

levels = Counter()
lock = threading.Lock()

def parse(chunk):
    found = []
    for m in LOG.finditer(chunk):
        found.append((m["who"], m.group("level"), int(re.search(r"\d+", m["msg"]).group())))
        with lock:
            levels[m["level"]] += 1
    return found

chunks = ["\n".join(lines[k:k + 10]) for k in range(0, 40, 10)]
with ThreadPoolExecutor(max_workers=4) as pool:
    results = list(pool.map(parse, chunks))
print(sum(len(r) for r in results), sorted(levels.items()))
print(results[2][:3])

WORD = re.compile(r"[a-zà-ÿ']+", re.I)
poem = """Über allen Gipfeln ist Ruh, in allen Wipfeln spürest du
kaum einen Hauch; die Vögelein schweigen im Walde. Warte nur, balde
ruhest du auch. Café, naïve, déjà vu — the cat's cradle, the cat's game."""
parts = poem.split("\n")
counts = [None] * len(parts)

def count(k):
    counts[k] = Counter(w.lower() for w in re.findall(WORD, parts[k]))

threads = [threading.Thread(target=count, args=(k,)) for k in range(len(parts))]
for t in threads:
    t.start()
for t in threads:
    t.join()
total = sum(counts, Counter())
print(total.most_common(6))

s = "héllo wörld ünïcode ✓ done"
for m in re.finditer(r"\w+", s):
    print(m.group(), m.span(), s[m.start():m.end()] == m.group())
m = re.search("ü(n)", s)
print(m.span(), m.span(1), re.compile("o").search(s, 6), re.sub("ö", "oe", s))
print(re.split(r"\s*✓\s*", s), re.findall(".", "日本語"), re.search("本", "日本語").start())
print(re.findall(r"(?i)STRASSE|ÉCOLE", "École strasse"))
