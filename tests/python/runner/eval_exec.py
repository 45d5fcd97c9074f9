# eval and exec: strings compiled and run in the caller's namespace, a dict,
# or a code object from compile(); bad arguments fail as in CPython.
print(eval("2 ** 10"))
print(eval(" 1 + 1"))
x = 7
print(eval("x * 3"))
print(eval("x + y", {"x": 3, "y": 4}))
print(eval("a * b", {}, {"a": 2, "b": 5}))
print(eval("len('abc') + max(1, 9)"))

def f(n):
    m = n + 1
    return eval("n * m")

print(f(4))

code = """
def greet(name):
    return "hello " + name

result = greet("world")
"""
exec(code)
print(result)
print(greet("again"))

ns = {}
exec("a = 1\nb = a + 1\ndef h():\n    return a + b\n", ns)
print(sorted(k for k in ns if not k.startswith("__")))
print(ns["b"], ns["h"]())

exec("counter = 0\nfor i in range(5):\n    counter += i")
print(counter)

print(exec("1 + 1"))
c = compile("3 * 4", "<calc>", "eval")
print(eval(c))
c2 = compile("z = 99", "<s>", "exec")
exec(c2)
print(z)

exec("w = 5", globals())
print(w)

for src in ["1 +", "x = 1", "", "def"]:
    try:
        eval(src)
    except SyntaxError as e:
        print("SyntaxError:", e)
for bad in [lambda: eval(5), lambda: exec(5), lambda: eval("1", 5), lambda: exec("1", 5),
            lambda: eval("1", {}, 5), lambda: exec("1", {}, 5), lambda: compile("1", "<s>", "bad"),
            lambda: compile(1, "<s>", "eval"), lambda: eval("1", globals=None)]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
try:
    eval("undefined_name + 1")
except NameError as e:
    print("NameError:", e)
try:
    exec("  x = 1")
except SyntaxError as e:
    print(type(e).__name__ + ":", e)
print(list(map(eval, ["1+1", "x*2"])))
print(eval(b"40 + 2"))
class K:
    v = 10
    doubled = eval("v * 2")
print(K.doubled)
exec("del z")
print("z" in globals())
