# Enums in a threaded job runner: job states, priorities in a queue,
# members sent to processes and back (they come back as the same members).
import queue
import threading
from concurrent.futures import ProcessPoolExecutor
from enum import Enum, IntEnum, StrEnum, auto, unique
from multiprocessing import Pool, Process, Queue


class Phase(Enum):
    WAITING = auto()
    WORKING = auto()
    FINISHED = auto()

    def done(self):
        return self is Phase.FINISHED


class Urgency(IntEnum):
    LOW = 3
    NORMAL = 2
    HIGH = 1


class Channel(StrEnum):
    EMAIL = auto()
    SMS = auto()


class Disk(Enum):
    SMALL = (128, 0.5)
    LARGE = (2048, 1.5)

    def __init__(self, gigabytes, price):
        self.gigabytes = gigabytes
        self.price = price

    @property
    def per_gigabyte(self):
        return round(self.price / self.gigabytes, 6)


class Answer(Enum):
    YES = "y"
    NO = "n"
    OK = "y"

    @classmethod
    def _missing_(cls, value):
        if isinstance(value, str) and value.lower() in ("yes", "no"):
            return cls[value.upper()]
        return None


def run_job(job):
    return job, Phase.FINISHED


def describe(phase):
    return phase.name, phase is Phase.WORKING


def report(out):
    out.put((Phase.WAITING, Urgency.HIGH))


if __name__ == "__main__":
    print(Phase, list(Phase), len(Phase), Phase.WORKING in Phase)
    print(Phase(2), Phase["FINISHED"], Phase.FINISHED.done(), repr(Phase.WAITING))
    print(Phase.WAITING.name, Phase.WAITING.value, f"{Phase.WORKING}", format(Phase.WORKING, ">16") + "|")
    print(list(reversed(Phase)), Phase.__members__.keys(), Phase._member_names_)

    jobs = queue.PriorityQueue()
    for name, urgency in [("backup", Urgency.LOW), ("alert", Urgency.HIGH), ("sync", Urgency.NORMAL)]:
        jobs.put((urgency, name))
    order = []
    while not jobs.empty():
        urgency, name = jobs.get()
        order.append(f"{name}:{urgency.name}:{urgency}")
    print(order, Urgency.HIGH < Urgency.LOW, Urgency.NORMAL == 2, Urgency.LOW + 1, sorted(Urgency))

    print(Channel.EMAIL, repr(Channel.SMS), Channel.SMS == "sms", f"[{Channel.EMAIL:^9}]")
    print(Disk.LARGE.gigabytes, Disk.SMALL.per_gigabyte, Disk.LARGE.value)
    print(Answer("y"), Answer.OK is Answer.YES, Answer("no"), list(Answer), Answer.__members__)

    tally = {phase: 0 for phase in Phase}
    guard = threading.Lock()

    def step(i):
        with guard:
            tally[list(Phase)[i % 3]] += 1

    workers = [threading.Thread(target=step, args=(i,)) for i in range(10)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(tally)

    with Pool(2) as pool:
        print(pool.map(run_job, ["a", "b"]))
        print(pool.map(describe, list(Phase)))
    with ProcessPoolExecutor(2) as ex:
        print(list(ex.map(describe, [Phase.WORKING])))
    out = Queue()
    child = Process(target=report, args=(out,))
    child.start()
    phase, urgency = out.get()
    child.join()
    print(phase, urgency, phase is Phase.WAITING, urgency is Urgency.HIGH)

    Colour = Enum("Colour", "RED GREEN BLUE")
    Size = Enum("Size", ["S", "M"], start=10)
    print(list(Colour), Colour.BLUE.value, Size(11), type(Colour).__name__)

    for attempt in [lambda: Phase(9), lambda: Phase["PAUSED"], lambda: Phase.WAITING < Phase.WORKING]:
        try:
            attempt()
        except (ValueError, KeyError, TypeError) as e:
            print(type(e).__name__, e)
    try:
        Phase.WAITING.value = 10
    except AttributeError as e:
        print("AttributeError:", e)
    try:
        Phase.WORKING = 5
    except AttributeError as e:
        print("AttributeError:", e)
    try:

        @unique
        class Light(Enum):
            ON = 1
            LIT = 1

    except ValueError as e:
        print("ValueError:", e)
    try:

        class MorePhases(Phase):
            PAUSED = 4

    except TypeError as e:
        print("TypeError:", e)
