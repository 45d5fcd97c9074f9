# A generator's life: fresh, suspended, running, finished; send, close, and
# sum()'s own fast additions with their fall-backs.


def countdown(n):
    while n > 0:
        got = yield n
        if got is not None:
            n = got
        else:
            n -= 1
    return "done"


g = countdown(3)
print(next(g), next(g), g.send(10), next(g))
g.close()
print(list(g), next(g, "finished"))


def reenter():
    yield next(me)


me = reenter()
try:
    next(me)
except ValueError as e:
    print("ValueError:", e)
print(next(me, "over after the error"))


def closes_itself():
    own.close()
    yield 1


own = closes_itself()
try:
    next(own)
except ValueError as e:
    print("ValueError:", e)

fresh = countdown(2)
fresh.close()
print(list(fresh))


def deep(n):
    return deep(n + 1) if n < 10**6 else 0


def nested():
    yield 1
    yield deep(0)


h = nested()
print(next(h))
try:
    next(h)
except RecursionError:
    print("RecursionError")
print(list(h))

# sum(): small ints, the step to big ints, floats, mixed, a start value.
big = 2**62
print(sum(i for i in [big, big, big, -big]))
print(sum(x for x in [1, 2.5, True]), sum((0.1 for _ in range(10)), 1))
print(sum(n * n for n in range(10**5)), sum([[1], [2, 3]], []))
try:
    sum(x for x in [1, "a"])
except TypeError as e:
    print("TypeError:", e)
