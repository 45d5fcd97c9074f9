# functools and itertools.
import functools, itertools
print(functools.reduce(lambda a, b: a * b, range(1, 6)), functools.reduce(lambda a, b: a + b, [], 0))
add5 = functools.partial(lambda a, b: a + b, 5); print(add5(3))
@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(60), fib.cache_info())
print(list(itertools.islice(itertools.count(10, 5), 3)), list(itertools.chain([1], (2, 3))), list(itertools.chain.from_iterable([[1], [2]])))
print(list(itertools.product("ab", [1, 2])), list(itertools.permutations([1, 2, 3], 2)), list(itertools.combinations("abcd", 2)))
print(list(itertools.accumulate([1, 2, 3, 4])), [(k, list(g)) for k, g in itertools.groupby("aabbbc")], list(itertools.zip_longest("ab", "xyz", fillvalue="-")))
print(list(itertools.repeat(7, 3)), list(itertools.takewhile(lambda v: v < 3, [1, 2, 5, 1])), list(itertools.starmap(pow, [(2, 3)])))
print(str.join(",", ["a", "b"]), sorted(["b", "a"], key=str.upper))
