# Deep recursion stops at the recursion limit with RecursionError.
import sys


def depth(n):
    return depth(n + 1)


print(sys.getrecursionlimit())
try:
    depth(0)
except RecursionError as e:
    print("RecursionError:", e)


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


print(len(str(fact(500))))
