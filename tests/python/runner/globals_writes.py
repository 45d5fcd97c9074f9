# globals() as a dict the program writes into: names set there become
# globals (made in a loop, from a function, by update), and del removes them.
for i in range(3):
    globals()[f"var{i}"] = i * 10
print(var0, var1, var2)
g = globals()
g["greeting"] = "hello"
print(greeting)
def show():
    return greeting + "!"
print(show())
print(__doc__)
exec("print(var2 + 1)")
globals().update({"late": 5})
print(late)
print(eval("late * 2"))
g["temp"] = 1
del temp
print("temp" in globals())
x = 3
globals()
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
def setter():
    globals()["from_func"] = "set in a function"
setter()
print(from_func)
print(globals() is globals())
