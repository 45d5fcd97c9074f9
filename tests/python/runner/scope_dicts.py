# globals(), locals() and vars(): the current scope as a dict at module
# level, in functions (closures too), in class bodies and in threads.
import threading
counter = 0
def worker(n, *rest, **kw):
    total = n * 2
    def inner():
        return total
    print(sorted(locals()))
    print(locals()["n"], locals()["total"])
    print(dir())
    print(vars() == locals())
    return inner

worker(3)
g = globals()
print(g["__name__"], g.get("counter"), "worker" in g, "nope" in g)
print(g.get("__doc__"))
print([k for k in globals() if not k.startswith("__")])
print(locals() == globals())
print("counter" in dir(), "threading" in dir())
print([k for k in dir() if not k.startswith("__")])
class C:
    a = 1
    b = 2
    print(sorted(k for k in locals() if not k.startswith("__")))
    print([k for k in dir() if not k.startswith("__")])
def closure_demo():
    x = 1
    def get():
        y = 2
        return sorted(locals().items())
    return get
print(closure_demo()())
def outer():
    a = 10
    def inner():
        print(sorted(locals()), a)
    inner()
outer()
try:
    globals(1)
except TypeError as e:
    print("TypeError:", e)
try:
    locals(1)
except TypeError as e:
    print("TypeError:", e)
try:
    vars(1, 2)
except TypeError as e:
    print("TypeError:", e)
def t():
    print(sorted(locals()))
th = threading.Thread(target=t)
th.start(); th.join()
print(type(globals()).__name__, isinstance(locals(), dict))
