# Plain Python calls run in the interpreter loop's own frames: returns,
# exceptions caught one, two and three calls up, re-raised, and an uncaught
# one whose traceback lists every call it left.


def leaf(x):
    if x < 0:
        raise ValueError("negative: %d" % x)
    return x * 2


def middle(x):
    return leaf(x) + 1


def catches_two_up(x):
    try:
        return middle(x)
    except ValueError as e:
        return "caught " + str(e)


def reraises(x):
    try:
        return middle(x)
    except ValueError:
        print("reraising from", x)
        raise


def cleans_up(x):
    try:
        return middle(x)
    finally:
        print("finally at", x)


def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


print(middle(4), catches_two_up(5), catches_two_up(-3))
print(cleans_up(7))
try:
    reraises(-1)
except ValueError as e:
    print("outer got", e)
print(depth(900), ackermann(2, 3))


def forever(n):
    return forever(n + 1)


try:
    forever(0)
except RecursionError:
    print("RecursionError, then", depth(50))


def after_return(values):
    total = 0
    for v in values:
        total += middle(v)
    return total


print(after_return(range(10)), [middle(i) for i in range(3)])


def outer(x):
    return cleans_up(x)


outer(-2)
