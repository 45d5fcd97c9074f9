import queue
import threading


class WorkerError(Exception):
    """A job failed; remembers which one."""

    def __init__(self, job, reason):
        super().__init__(f"job {job!r} failed: {reason}")
        self.job = job


class Results:
    def __init__(self):
        self._lock = threading.Lock()
        self.done: list[int] = []
        self.failed = {}

    def add(self, job, value=None, error=None):
        with self._lock:
            if error is None:
                self.done.append(value)
            else:
                self.failed[job] = error


def run(jobs: "queue.Queue[int]", results: Results) -> None:
    while True:
        try:
            job = jobs.get_nowait()
        except queue.Empty:
            break
        try:
            if job % 7 == 0:
                raise WorkerError(job, "multiple of seven") from None
            results.add(job, value=job ** 2)
        except WorkerError as e:
            results.add(job, error=e)
        finally:
            jobs.task_done()


jobs = queue.Queue()
for j in range(1, 30):
    jobs.put(j)
results = Results()
workers = [threading.Thread(target=run, args=(jobs, results), name=f"w-{i}") for i in range(3)]
for w in workers:
    w.start()
for w in workers:
    w.join()
squares = {j: j * j for j in range(1, 30) if j % 7}
assert sorted(results.done) == sorted(squares.values())
print(len(results.failed), "failed:", *sorted(results.failed), sep=" ")
