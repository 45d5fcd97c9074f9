# json: dumps with indent, sort_keys, separators, ensure_ascii, default=
# and a JSONEncoder subclass; loads, and CPython's errors with their
# messages and positions.
import json
import sys
from collections import Counter, OrderedDict, defaultdict, namedtuple
from concurrent.futures import ThreadPoolExecutor

data = {"name": "worker-1", "ok": True, "err": None, "load": [0.1, 0.25, 1e16, 1e-7, -0.0, 3],
        "nested": {"b": [1, [2, {}], []], "a": {}}, "big": 2**70, "t": (1, 2)}
print(json.dumps(data))
print(json.dumps(data, indent=2, sort_keys=True))
print(json.dumps(data, indent="\t", separators=(",", " = ")))
print(json.dumps(data, separators=(",", ":")), json.dumps([1, 2], indent=0))
print(json.dumps("héllo \"q\" \\ \n\t\x01 € 😀"), json.dumps("héllo € 😀\x7f", ensure_ascii=False))
print(json.dumps({1: "a", 2.5: "b", True: "c", None: "d", "x": 1}), json.dumps({"b": 1, "a": 2}, sort_keys=True))
print(json.dumps([float("nan"), float("inf"), -float("inf"), 1 / 3, 2.0, 123456789.123456789]))
print(json.dumps(3), json.dumps("s"), json.dumps(None), json.dumps([]), json.dumps({}), json.dumps(False))
print(json.dumps({"s": {1, 2}} if False else {"k": [1]}, default=list), json.dumps({"s": {3}}, default=sorted))
print(json.dumps({(1, 2): 3, "a": 1}, skipkeys=True))

P = namedtuple("P", "x y")
dd = defaultdict(list)
dd["k"].append(1)
print(json.dumps({"p": P(1, 2), "c": Counter("aab"), "o": OrderedDict([("z", 1), ("a", 2)]), "d": dd}))


class Job:
    def __init__(self, job_id, cost):
        self.job_id = job_id
        self.cost = cost


class JobEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Job):
            return {"id": o.job_id, "cost": o.cost}
        return super().default(o)


jobs = [Job(1, 0.5), Job(2, 1.25)]
print(json.dumps(jobs, cls=JobEncoder), json.dumps(jobs, default=lambda o: o.__dict__, indent=1))
json.dump({"a": [1, 2]}, sys.stdout, indent=2)
print()

# Workers send results as JSON text.
def work(n):
    return json.dumps({"n": n, "square": n * n, "half": n / 2})


with ThreadPoolExecutor(max_workers=3) as pool:
    results = [json.loads(t) for t in pool.map(work, range(5))]
print(results, sum(r["square"] for r in results))

text = ' {"a": [1, 2.5, -3e2, 1E3, 0, -0, 1.0e-2, 12345678901234567890123], "b": "x\\u00e9\\ud83d\\ude00\\n\\/", ' \
       '"c": true, "d": false, "e": null, "f": NaN, "g": -Infinity, "a": "dup"} '
obj = json.loads(text)
print(obj, repr(obj["b"]))
print(json.loads("[]"), json.loads("{}"), json.loads('"s"'), json.loads(" 7 "), json.loads("-0.0"),
      json.loads("1e400"), json.loads("[1e5, 1E-2, 10]"))
print(json.loads('{"x": 1.5}', parse_float=str), json.loads("[1, 2]", parse_int=float),
      json.loads('{"a": 1, "b": 2}', object_pairs_hook=list),
      json.loads('{"a": {"b": 1}}', object_hook=lambda d: sorted(d)),
      json.loads("[NaN]", parse_constant=lambda c: c))
print(json.loads(json.dumps(data)) == {**data, "t": [1, 2]})
dec = json.JSONDecoder()
print(dec.decode('[1, "a"]'), dec.raw_decode('{"a": 1} tail'), json.JSONDecodeError.__mro__[1].__name__)

bad = ["", " ", "[1,]", "[1 2]", '{"a" 1}', '{"a": 1,}', "{'a': 1}", '{"a": 1 "b": 2}', '"abc',
       '"a\\qb"', '"a\\u12G4"', '"a\\u12"', "[1] x", "{", "[", "-", "-x", "01", "1.", "1e", ".5",
       "tru", "nul", '["a\tb"]', '{"a":}', "[,]", '{"a": [1, 2}', "\n\n  [1,\n  ]", "\ufeff[]", "[1]\n2"]
for s in bad:
    try:
        print(repr(s), json.loads(s))
    except json.JSONDecodeError as e:
        print(repr(s), "->", e, "|", e.msg, e.lineno, e.colno, e.pos)
for f in (lambda: json.dumps({"s": {1}}), lambda: json.dumps(object()), lambda: json.dumps({(1,): 2}),
          lambda: json.dumps([float("nan")], allow_nan=False),
          lambda: json.dumps([float("inf")], allow_nan=False, indent=1),
          lambda: json.loads(5), lambda: json.dumps(Job(1, 2))):
    try:
        f()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
cyc = []
cyc.append(cyc)
try:
    json.dumps(cyc)
except ValueError as e:
    print("ValueError", e)
json.loads('{"unterminated": [1, 2')
