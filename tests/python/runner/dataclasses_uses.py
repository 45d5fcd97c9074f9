# Dataclasses as a threaded program uses them: a task record with defaults
# made per instance, an ordered frozen version number, a counter that keeps
# its own lock out of repr and ==, __post_init__, inheritance, and the
# errors a wrong call or a wrong class gets.
import threading
from dataclasses import FrozenInstanceError, asdict, astuple, dataclass, field, fields, is_dataclass, replace
from typing import ClassVar, List


@dataclass
class Task:
    name: str
    seconds: float = 0.5
    tags: List[str] = field(default_factory=list)
    made: ClassVar[int] = 0


first = Task("fetch", 1.5)
print(first, Task("parse"), first == Task("fetch", 1.5), first == Task("fetch"))
print([f.name for f in fields(Task)], asdict(first), astuple(first))
print(replace(first, seconds=2.0), is_dataclass(first), is_dataclass(Task), is_dataclass(3))
print(Task.made, sorted(Task.__dict__["__annotations__"]))
Task("a").tags.append("own list")
print(Task("b").tags)


@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0


print(sorted([Version(2), Version(1, 5), Version(1, 2)]), Version(1) < Version(1, 1))
print(hash(Version(3, 1)) == hash(Version(3, 1)), len({Version(1), Version(1), Version(2)}))
try:
    Version(1).major = 3
except FrozenInstanceError as e:
    print("frozen:", e)


@dataclass
class Tally:
    value: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, n):
        for _ in range(n):
            with self.lock:
                self.value += 1


tally = Tally()
workers = [threading.Thread(target=tally.add, args=(500,)) for _ in range(4)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(tally, tally == Tally(2000))


@dataclass
class Point:
    x: float
    y: float

    def __post_init__(self):
        self.length = (self.x**2 + self.y**2) ** 0.5


print(Point(3, 4), Point(3, 4).length)


@dataclass
class Record:
    id: int


@dataclass
class Labelled(Record):
    label: str = "none"


print(Labelled(1), Labelled(2, "two"), [f.name for f in fields(Labelled)])

for call in [
    lambda: Task(),
    lambda: Task("a", 1, [], 5),
    lambda: Task("a", colour="red"),
    lambda: Task("a", name="b"),
    lambda: Version(),
    lambda: hash(Task("unhashable")),
]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)

try:

    @dataclass
    class Backwards:
        a: int = 1
        b: int
except TypeError as e:
    print("TypeError:", e)

try:

    @dataclass
    class Shared:
        items: list = []
except ValueError as e:
    print("ValueError:", e)

try:
    field(default=1, default_factory=list)
except ValueError as e:
    print("ValueError:", e)
