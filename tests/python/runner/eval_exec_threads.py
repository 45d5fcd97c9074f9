# conformance: sort-output
# exec defining functions that threads run under the GIL, eval and exec
# inside threads, classes and imports made by exec, and a NameError at the end.
import threading
total = 0
lock = threading.Lock()
exec('''
def add(n):
    global total
    for i in range(n):
        with lock:
            total += 1
''')
threads = [threading.Thread(target=add, args=(20000,)) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print("total", total)

results = {}
outs = []
def work(k):
    results[k] = eval("sum(i * i for i in range(n))", {"n": k * 1000})
    env = {"k": k}
    exec("def sq(v):\n    return v * v\nout = [sq(i) for i in range(k)]", env)
    outs.append((k, env["out"]))
ts = [threading.Thread(target=work, args=(k,)) for k in range(1, 5)]
for t in ts: t.start()
for t in ts: t.join()
print(sorted(results.items()))
print(sorted(outs))
exec("class Point:\n    def __init__(self, x):\n        self.x = x\n    def __repr__(self):\n        return f'Point({self.x})'")
print(Point(3), Point.__name__)
def make():
    ns = {"base": 10}
    exec("def plus(v):\n    return base + v", ns)
    return ns["plus"]
print(make()(5))
env = {"x": 1}
loc = {}
exec("y = x + 1\nx = 100", env, loc)
print(sorted(k for k in env if not k.startswith("__")), loc)
print(eval("[i * 2 for i in range(3)]"))
def fn():
    a = 5
    return eval("a + 1")
print(fn())
exec("import math\nr = math.sqrt(16)")
print(r, math.pi > 3)
exec("nonexistent_var")
