# statistics: the averages and spreads a timing script prints, with the
# digits CPython prints (exact sums, one rounding), and its errors.
import random
import statistics
from statistics import StatisticsError

timings = [0.0123, 0.0119, 0.0131, 0.0127, 0.0122, 0.0125, 0.0118]
ints = [2, 4, 4, 4, 5, 5, 7, 9]
awkward = [0.1, 0.2, 0.3, 1e16, -1e16, 0.7, 1 / 3, 2 / 3]
big = [10**20 + 1, 10**20 + 3, 10**20 + 8]
for data in (timings, ints, awkward, big, [1, 2.5], [True, False, True], [3], [1.5, 2.5]):
    print(statistics.mean(data), statistics.fmean(data), statistics.median(data),
          statistics.median_low(data), statistics.median_high(data))
for data in (timings, ints, awkward, big, [1, 2, 3, 4], [1.0, 1.0, 1.0], [0.1, 0.2]):
    print(statistics.variance(data), statistics.pvariance(data),
          statistics.stdev(data), statistics.pstdev(data))
print(statistics.mean([1, 2, 3]), statistics.mean([1, 2, 3, 4]), statistics.mean(iter([1, 2])))
print(statistics.variance(ints, xbar=statistics.mean(ints)), statistics.pvariance(ints, mu=5))
print(statistics.mode([1, 1, 2, 3, 3, 3, 3, 4]), statistics.mode(["red", "blue", "blue", "red", "red"]))
print(statistics.multimode("aabbbbccddddeeffffgg"), statistics.multimode([]))
print(statistics.quantiles(range(1, 11)), statistics.quantiles(timings, n=10))
print(statistics.quantiles([1, 2, 3, 4, 5], n=4, method="inclusive"))
print(statistics.geometric_mean([54, 24, 36]), statistics.harmonic_mean([40, 60]),
      statistics.harmonic_mean([40, 60], weights=[5, 30]))
print(statistics.median_grouped([52, 52, 53, 54]), statistics.median_grouped([1, 3, 3, 5, 7], interval=2))
print(statistics.fmean([3.5, 4.0, 5.25], weights=[0.2, 0.3, 0.5]))
x = [1, 2, 3, 4, 5, 6, 7, 8, 9]
y = [1, 2, 3, 1, 2, 3, 1, 2, 3]
print(statistics.covariance(x, y), statistics.correlation(x, y), statistics.linear_regression(x, y))
print(statistics.linear_regression([1, 2, 3], [2, 4, 6.5], proportional=True))

# Random samples: many awkward floats.
random.seed(5)
for n in (2, 3, 10, 101, 1000):
    data = [random.uniform(5, 15) * random.random() for _ in range(n)]
    print(n, statistics.mean(data), statistics.stdev(data), statistics.pvariance(data),
          statistics.median(data))
    nums = [random.randint(-10**6, 10**6) for _ in range(n)]
    print(n, statistics.mean(nums), statistics.variance(nums), statistics.pstdev(nums))
print(statistics.mean([float("inf"), 1.0]), statistics.variance([1.0, float("inf")]))

for f, arg in ((statistics.mean, []), (statistics.fmean, []), (statistics.median, []),
               (statistics.mode, []), (statistics.variance, [1]), (statistics.stdev, [1]),
               (statistics.pvariance, []), (statistics.pstdev, []),
               (statistics.quantiles, [1]), (statistics.harmonic_mean, [1, -1]),
               (statistics.geometric_mean, [1, 0]), (statistics.mean, ["a", "b"]),
               (statistics.correlation, [[1, 1, 1], [1, 2, 3]])):
    try:
        if f is statistics.correlation:
            f(*arg)
        else:
            f(arg)
    except (StatisticsError, TypeError) as e:
        print(type(e).__name__, e, isinstance(e, ValueError))
print(StatisticsError.__mro__[1].__name__)
statistics.stdev([5])
