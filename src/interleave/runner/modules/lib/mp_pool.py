# multiprocessing.pool for threadlab: a pool of worker processes fed by one
# task queue, their results coming back on another, with the semantics of
# CPython's Pool (chunked map, apply_async, imap, an exception re-raised
# at get() with the child's traceback as its __cause__).
import _mp
import threading
import multiprocessing as _mpm

RUN = "RUN"
CLOSE = "CLOSE"
TERMINATE = "TERMINATE"

_job_counter = [0]


class RemoteTraceback(Exception):
    def __init__(self, tb):
        self.tb = tb

    def __str__(self):
        return self.tb


class MaybeEncodingError(Exception):
    def __init__(self, exc, value):
        self.exc = repr(exc)
        self.value = repr(value)
        Exception.__init__(self, self.exc, self.value)

    def __str__(self):
        return f"Error sending result: '{self.value}'. Reason: '{self.exc}'"


def _with_traceback(e):
    # What crosses back: the exception (pickled without its traceback, as
    # CPython pickles exceptions) and the traceback as text.
    return (e, '\n"""\n' + _mp.format_exc(e) + '"""')


def _rebuild_exc(exc, tb):
    exc.__cause__ = RemoteTraceback(tb)
    return exc


def mapstar(args):
    return list(map(*args))


def starmapstar(args):
    return [args[0](*a) for a in args[1]]


def worker(inqueue, outqueue, initializer=None, initargs=(), maxtasks=None):
    if initializer is not None:
        initializer(*initargs)
    completed = 0
    while maxtasks is None or completed < maxtasks:
        task = inqueue.get()
        if task is None:
            return
        completed += 1
        job, i, func, args, kwds = task
        try:
            result = (True, func(*args, **kwds))
        except MemoryError as e:
            _mpm._die_of_memory(e)
        except Exception as e:
            result = (False, _with_traceback(e))
        try:
            outqueue.put((job, i, result))
        except Exception as e:
            err = MaybeEncodingError(e, result[1])
            outqueue.put((job, i, (False, _with_traceback(err))))
    # maxtasksperchild: this worker retires; the pool starts another.
    outqueue.put((-2, _mpm.current_process().pid, None))


class ApplyResult:
    def __init__(self, pool, callback=None, error_callback=None):
        self._pool = pool
        self._event = threading.Event()
        _job_counter[0] += 1
        self._job = _job_counter[0]
        self._callback = callback
        self._error_callback = error_callback
        self._success = None
        self._value = None
        pool._cache[self._job] = self

    def ready(self):
        return self._event.is_set()

    def successful(self):
        if not self.ready():
            raise ValueError(f"{self!r} not ready")
        return self._success

    def wait(self, timeout=None):
        self._event.wait(timeout)

    def get(self, timeout=None):
        self.wait(timeout)
        if not self.ready():
            raise _mpm.TimeoutError
        if self._success:
            return self._value
        raise self._value

    def _set(self, i, obj):
        self._success, self._value = obj
        if self._callback and self._success:
            self._callback(self._value)
        if self._error_callback and not self._success:
            self._error_callback(self._value)
        self._event.set()
        self._pool._cache.pop(self._job, None)


AsyncResult = ApplyResult


class MapResult(ApplyResult):
    def __init__(self, pool, chunksize, length, callback=None, error_callback=None):
        ApplyResult.__init__(self, pool, callback, error_callback)
        self._success = True
        self._value = [None] * length
        self._chunksize = chunksize
        if chunksize <= 0:
            self._number_left = 0
            self._event.set()
            pool._cache.pop(self._job, None)
        else:
            self._number_left = length // chunksize + (1 if length % chunksize else 0)

    def _set(self, i, success_result):
        self._number_left -= 1
        success, result = success_result
        if success and self._success:
            start = i * self._chunksize
            for k, v in enumerate(result):
                self._value[start + k] = v
            if self._number_left == 0:
                if self._callback:
                    self._callback(self._value)
                self._pool._cache.pop(self._job, None)
                self._event.set()
        elif self._success:
            self._success = False
            self._value = result
            if self._error_callback:
                self._error_callback(self._value)
            self._pool._cache.pop(self._job, None)
            self._event.set()


class IMapIterator:
    def __init__(self, pool, ordered, chunked):
        self._pool = pool
        self._cond = threading.Condition(threading.Lock())
        _job_counter[0] += 1
        self._job = _job_counter[0]
        self._ordered = ordered
        self._chunked = chunked
        self._items = []
        self._unsorted = {}
        self._index = 0
        self._length = None
        pool._cache[self._job] = self

    def __iter__(self):
        return self

    def next(self, timeout=None):
        with self._cond:
            while not self._items:
                if self._length is not None and self._index >= self._length:
                    raise StopIteration
                if not self._cond.wait(timeout) and not self._items:
                    raise _mpm.TimeoutError
            success, value = self._items.pop(0)
        if success:
            return value
        raise value

    __next__ = next

    def _set(self, i, obj):
        with self._cond:
            success, value = obj
            if self._chunked and success:
                values = [(True, v) for v in value]
            else:
                values = [obj]
            if self._ordered:
                self._unsorted[i] = values
                while self._index in self._unsorted:
                    self._items.extend(self._unsorted.pop(self._index))
                    self._index += 1
            else:
                self._items.extend(values)
                self._index += 1
            self._cond.notify_all()
            if self._length is not None and self._index >= self._length:
                self._pool._cache.pop(self._job, None)

    def _set_length(self, n):
        with self._cond:
            self._length = n
            self._cond.notify_all()
            if self._index >= n:
                self._pool._cache.pop(self._job, None)


IMapUnorderedIterator = IMapIterator


def _handle_results(pool):
    # A thread of the parent: results as workers send them, and the notice
    # the runner sends when a worker process ends, (None, pid, exitcode).
    outqueue = pool._outqueue
    while True:
        item = outqueue.get()
        if item[0] is None:
            if item[2] != 0 and pool._state == RUN:
                pool._worker_died(item[1], item[2])
            continue
        if item[0] == -1:
            return
        if item[0] == -2:
            if pool._state != TERMINATE:
                pool._start_worker()
            continue
        job, i, (ok, value) = item
        if not ok:
            value = _rebuild_exc(*value)
        r = pool._cache.get(job)
        if r is not None:
            r._set(i, (ok, value))


class Pool:
    def __init__(self, processes=None, initializer=None, initargs=(), maxtasksperchild=None, context=None):
        if processes is None:
            processes = _mpm.cpu_count() or 1
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        if maxtasksperchild is not None and (not isinstance(maxtasksperchild, int) or maxtasksperchild <= 0):
            raise ValueError("maxtasksperchild must be a positive int or None")
        self._method = context.get_start_method() if context is not None else _mpm.get_start_method()
        self._worker_args = (initializer, initargs, maxtasksperchild)
        self._processes = processes
        self._inqueue = _mpm.SimpleQueue()
        self._outqueue = _mpm.SimpleQueue()
        self._cache = {}
        self._state = RUN
        self._broken = None
        self._pool = []
        for _ in range(processes):
            self._start_worker()
        self._handler = threading.Thread(target=_handle_results, args=(self,), daemon=True)
        self._handler.start()

    def _start_worker(self):
        w = _mpm.Process(target=worker, args=(self._inqueue, self._outqueue) + self._worker_args)
        w._method = self._method
        prefix = {"fork": "Fork", "spawn": "Spawn", "forkserver": "ForkServer"}[self._method]
        w._name = prefix + w._name.replace("Process", "PoolWorker")
        w._daemonic = True
        w._notify = self._outqueue._ch
        w.start()
        # Retired workers stay listed: close() then sends more stop
        # signals than there are workers, never fewer.
        self._pool.append(w)
        if self._state == TERMINATE:
            # terminate() ran while this one was starting.
            w.terminate()

    def __repr__(self):
        return f"<multiprocessing.pool.Pool state={self._state} pool_size={self._processes}>"

    def _worker_died(self, pid, code):
        # CPython's Pool starts a new worker and the lost task's result
        # never comes (get() waits for ever); here the pool breaks instead.
        self._broken = (f"a worker process (pid {pid}) ended with exit code {code} while the pool "
                        "was running; its tasks are lost (CPython's Pool would wait for ever here)")
        for r in list(self._cache.values()):
            r._set(0, (False, _mpm.ProcessError(self._broken)))

    def _check_running(self):
        if self._broken is not None:
            raise _mpm.ProcessError(self._broken)
        if self._state != RUN:
            raise ValueError("Pool not running")

    def _submit(self, tasks, result):
        try:
            for t in tasks:
                self._inqueue.put(t)
        except Exception as e:
            result._set(0, (False, e))
        return len(tasks)

    def apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        self._check_running()
        result = ApplyResult(self, callback, error_callback)
        self._submit([(result._job, 0, func, args, kwds)], result)
        return result

    def apply(self, func, args=(), kwds={}):
        return self.apply_async(func, args, kwds).get()

    def _map_async(self, func, iterable, mapper, chunksize=None, callback=None, error_callback=None):
        self._check_running()
        iterable = list(iterable)
        if chunksize is None:
            chunksize, extra = divmod(len(iterable), self._processes * 4)
            if extra:
                chunksize += 1
        if len(iterable) == 0:
            chunksize = 0
        result = MapResult(self, chunksize, len(iterable), callback, error_callback)
        if chunksize > 0:
            tasks = [(result._job, i, mapper, ((func, iterable[j:j + chunksize]),), {})
                     for i, j in enumerate(range(0, len(iterable), chunksize))]
            self._submit(tasks, result)
        return result

    def map(self, func, iterable, chunksize=None):
        return self._map_async(func, iterable, mapstar, chunksize).get()

    def map_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return self._map_async(func, iterable, mapstar, chunksize, callback, error_callback)

    def starmap(self, func, iterable, chunksize=None):
        return self._map_async(func, iterable, starmapstar, chunksize).get()

    def starmap_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return self._map_async(func, iterable, starmapstar, chunksize, callback, error_callback)

    def _imap(self, func, iterable, chunksize, ordered):
        self._check_running()
        if chunksize < 1:
            raise ValueError(f"Chunksize must be 1+, not {chunksize:n}")
        items = list(iterable)
        result = IMapIterator(self, ordered, chunksize > 1)
        if chunksize == 1:
            tasks = [(result._job, i, func, (x,), {}) for i, x in enumerate(items)]
        else:
            tasks = [(result._job, i, mapstar, ((func, items[j:j + chunksize]),), {})
                     for i, j in enumerate(range(0, len(items), chunksize))]
        try:
            for t in tasks:
                self._inqueue.put(t)
        except Exception as e:
            result._set(len(tasks), (False, e))
            result._set_length(1)
            return result
        result._set_length(len(tasks))
        return result

    def imap(self, func, iterable, chunksize=1):
        return self._imap(func, iterable, chunksize, True)

    def imap_unordered(self, func, iterable, chunksize=1):
        return self._imap(func, iterable, chunksize, False)

    def close(self):
        if self._state == RUN:
            self._state = CLOSE
            for _ in self._pool:
                self._inqueue.put(None)

    def terminate(self):
        self._state = TERMINATE
        for w in self._pool:
            w.terminate()
        self._outqueue.put((-1, None, None))
        # As CPython's _terminate_pool: the workers are gone on return.
        for w in list(self._pool):
            w.join()

    def join(self):
        if self._state == RUN:
            raise ValueError("Pool is still running")
        joined = self._join_workers(0)
        if self._state == CLOSE:
            self._outqueue.put((-1, None, None))
        self._handler.join()
        # The last worker to retire (maxtasksperchild) said so before it
        # ended, so the handler started its successor before it stopped.
        self._join_workers(joined)

    def _join_workers(self, joined):
        # Workers started meanwhile (maxtasksperchild) are joined too.
        while joined < len(self._pool):
            self._pool[joined].join()
            joined += 1
        return joined

    def __enter__(self):
        self._check_running()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.terminate()



