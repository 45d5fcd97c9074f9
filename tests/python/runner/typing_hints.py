# Type hints as a typed tutorial writes them: imports from typing, aliases
# built from subscripts, a generic class, stubs whose body is `...`, and
# annotations on functions, variables and attributes (not checked).
import threading
from typing import Any, Callable, Dict, Generic, List, Optional, Tuple, TypeVar, Union, cast

T = TypeVar("T")
Result = Tuple[str, float]
OnDone = Callable[[str, float], None]
Table = Dict[str, List[int]]

print(T, Result, OnDone)
print(Table, Optional[int], Union[int, str], List, Any)
print(Result == Tuple[str, float], Result == Tuple[str, int])


class SafeBox(Generic[T]):
    """A value behind a lock."""

    def __init__(self, value: T) -> None:
        self._lock = threading.Lock()
        self._value: T = value

    def update(self, change: Callable[[T], T]) -> T:
        with self._lock:
            self._value = change(self._value)
            return self._value

    def describe(self) -> str: ...


box: SafeBox[int] = SafeBox(0)
done: List[Result] = []


def worker(name: str, rounds: int = 1000, on_done: Optional[OnDone] = None) -> None:
    for _ in range(rounds):
        box.update(lambda v: v + 1)
    if on_done is not None:
        on_done(name, 1.0)


threads = [
    threading.Thread(target=worker, args=(f"w{i}",), kwargs={"on_done": lambda n, s: done.append((n, s))})
    for i in range(4)
]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(box.update(lambda v: v), sorted(done))
print(box.describe(), cast(int, "not checked"), ... is Ellipsis, repr(...))
print(list[int], dict[str, int], tuple[int, ...])


def stub(x: int) -> int:
    ...


print(stub(1), [..., 1][0])
