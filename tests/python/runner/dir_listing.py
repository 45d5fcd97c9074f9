# dir(): the names of built-in values, library objects, program classes,
# modules, and of the current scope.
import threading, queue, math
def public(x):
    return [m for m in dir(x) if not m.startswith('_')]
for v in [[], {}, "s", 1, 1.5, True, None, (), set(), frozenset(), b"", bytearray(), range(3)]:
    print(type(v).__name__, public(v))
print("lock", public(threading.Lock()))
print("rlock", public(threading.RLock()))
print("thread", public(threading.Thread(target=print)))
print("event", public(threading.Event()))
print("queue", public(queue.Queue()))
print("sem", public(threading.Semaphore()))
print("cond", public(threading.Condition()))
def f(): pass
print("function", dir(f))
print("builtin", dir(len))
print(dir([]))
print(dir(1) == dir(int))
class Animal:
    kind = "animal"
    def __init__(self, name):
        self.name = name
    def speak(self):
        return "..."
class Dog(Animal):
    def speak(self):
        return "woof"
d = Dog("rex")
print(dir(d))
print(dir(Dog))
print(public(d))
class Custom:
    def __dir__(self):
        return ["b", "a"]
print(dir(Custom()))
print("sqrt" in dir(math), "pi" in dir(math))
class Err(ValueError):
    pass
print(public(Err("x")))
print(dir(ValueError("x")) == dir(BaseException()))
try:
    dir(1, 2)
except TypeError as e:
    print("TypeError:", e)
