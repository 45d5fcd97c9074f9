# traceback in a process pool task, in a generator suspended in an except
# body, with a chain that loops back, and an uncaught chained exception.
import traceback
from multiprocessing import Pool

def task(x):
    try:
        return 10 // x
    except ZeroDivisionError:
        traceback.print_exc()
        return -1

def gen():
    try:
        yield 1
        raise KeyError("g")
    except KeyError:
        yield 2
        traceback.print_exc()
        yield 3

if __name__ == "__main__":
    with Pool(2) as p:
        print(p.map(task, [1, 0, 5]))
    g = gen()
    print(next(g), next(g))
    try:
        raise ValueError("outer")
    except ValueError:
        print(next(g))
    try:
        raise ValueError("a")
    except ValueError as a:
        try:
            raise TypeError("b")
        except TypeError as b:
            try:
                raise a
            except ValueError:
                traceback.print_exc()
    def f():
        try:
            1/0
        except ZeroDivisionError:
            cleanup()
    def cleanup():
        raise RuntimeError("cleanup failed")
    f()
