# An abstract base for jobs that threads run: the base says what every job
# must have, a job that forgets one cannot be made, and a property can be
# abstract too.
import threading
from abc import ABC, abstractmethod


class Job(ABC):
    def __init__(self, label):
        self.label = label

    @abstractmethod
    def run(self):
        """Do the work; return a result."""

    @property
    @abstractmethod
    def cost(self): ...

    def describe(self):
        return f"{self.label} (cost {self.cost})"


class Sum(Job):
    def __init__(self, label, numbers):
        super().__init__(label)
        self.numbers = numbers

    def run(self):
        return sum(self.numbers)

    @property
    def cost(self):
        return len(self.numbers)


class Half(Job):
    def run(self):
        return "never made"


class Greeting(Job):
    cost = 1

    def run(self):
        return "hello from " + threading.current_thread().name


results = {}


def work(job):
    results[job.label] = job.run()


jobs = [Sum("small", range(10)), Sum("big", range(1000)), Greeting("hi")]
threads = [threading.Thread(target=work, args=(j,), name=f"T-{j.label}") for j in jobs]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results.items()))
print([j.describe() for j in jobs])
print(sorted(Job.__abstractmethods__), sorted(Half.__abstractmethods__), Sum.__abstractmethods__)

for cls in (Job, Half):
    try:
        cls("x")
    except TypeError as e:
        print("TypeError:", e)
print(isinstance(jobs[0], Job), issubclass(Greeting, ABC))


# The metaclass spelled out, as older tutorials write it.
from abc import ABCMeta


class Chore(metaclass=ABCMeta):
    @abstractmethod
    def run(self): ...

    def describe(self):
        return f"{type(self).__name__}: {self.run()}"


class Fetch(Chore):
    def run(self):
        return "fetched"


try:
    Chore()
except TypeError as e:
    print("TypeError:", e)
print(Fetch().describe(), type(Chore).__name__, isinstance(Fetch(), Chore), Chore.__abstractmethods__)
