# concurrent.futures for threadlab: Future, ThreadPoolExecutor, wait and
# as_completed, with the semantics of CPython's (a pool of worker threads
# taking work items from a queue; results and exceptions kept in futures).
import threading
import queue as _queue

FIRST_COMPLETED = "FIRST_COMPLETED"
FIRST_EXCEPTION = "FIRST_EXCEPTION"
ALL_COMPLETED = "ALL_COMPLETED"

_PENDING = "PENDING"
_RUNNING = "RUNNING"
_CANCELLED = "CANCELLED"
_FINISHED = "FINISHED"


class Error(Exception):
    pass


class CancelledError(Error):
    pass


TimeoutError = TimeoutError


class BrokenExecutor(RuntimeError):
    pass


def _now():
    import time
    return time.monotonic()


class Future:
    def __init__(self):
        self._condition = threading.Condition()
        self._state = _PENDING
        self._result = None
        self._exception = None
        self._waiters = []
        self._done_callbacks = []

    def __repr__(self):
        with self._condition:
            if self._state == _FINISHED:
                if self._exception:
                    return f"<Future at {id(self):#x} state=finished raised {type(self._exception).__name__}>"
                return f"<Future at {id(self):#x} state=finished returned {type(self._result).__name__}>"
            return f"<Future at {id(self):#x} state={self._state.lower()}>"

    def cancel(self):
        with self._condition:
            if self._state in (_RUNNING, _FINISHED):
                return False
            if self._state == _CANCELLED:
                return True
            self._state = _CANCELLED
            self._condition.notify_all()
        self._invoke_callbacks()
        return True

    def cancelled(self):
        return self._state == _CANCELLED

    def running(self):
        return self._state == _RUNNING

    def done(self):
        return self._state in (_CANCELLED, _FINISHED)

    def _get_result(self):
        if self._exception is not None:
            raise self._exception
        return self._result

    def result(self, timeout=None):
        with self._condition:
            if self._state == _CANCELLED:
                raise CancelledError()
            if self._state == _FINISHED:
                return self._get_result()
            self._condition.wait(timeout)
            if self._state == _CANCELLED:
                raise CancelledError()
            if self._state == _FINISHED:
                return self._get_result()
            raise TimeoutError()

    def exception(self, timeout=None):
        with self._condition:
            if self._state == _CANCELLED:
                raise CancelledError()
            if self._state == _FINISHED:
                return self._exception
            self._condition.wait(timeout)
            if self._state == _CANCELLED:
                raise CancelledError()
            if self._state == _FINISHED:
                return self._exception
            raise TimeoutError()

    def add_done_callback(self, fn):
        with self._condition:
            if self._state not in (_CANCELLED, _FINISHED):
                self._done_callbacks.append(fn)
                return
        fn(self)

    def set_running_or_notify_cancel(self):
        with self._condition:
            if self._state == _CANCELLED:
                return False
            self._state = _RUNNING
            return True

    def set_result(self, result):
        with self._condition:
            self._result = result
            self._state = _FINISHED
            for w in self._waiters:
                w.add_result(self)
            self._condition.notify_all()
        self._invoke_callbacks()

    def set_exception(self, exception):
        with self._condition:
            self._exception = exception
            self._state = _FINISHED
            for w in self._waiters:
                w.add_exception(self)
            self._condition.notify_all()
        self._invoke_callbacks()

    def _invoke_callbacks(self):
        for cb in self._done_callbacks:
            try:
                cb(self)
            except Exception as e:
                print(f"exception calling callback for {self!r}: {e!r}")


class _Waiter:
    def __init__(self, mode, n=0):
        self.event = threading.Event()
        self.finished_futures = []
        self.mode = mode
        self.lock = threading.Lock()
        self.num_pending = n

    def add_result(self, future):
        with self.lock:
            self.finished_futures.append(future)
            self.num_pending -= 1
            if self.mode != ALL_COMPLETED or self.num_pending <= 0:
                self.event.set()

    def add_exception(self, future):
        with self.lock:
            self.finished_futures.append(future)
            self.num_pending -= 1
            if self.mode != ALL_COMPLETED or self.num_pending <= 0:
                self.event.set()


def as_completed(fs, timeout=None):
    if timeout is not None:
        end_time = timeout + _now()
    fs = list(dict.fromkeys(fs))
    finished = [f for f in fs if f.done()]
    pending = [f for f in fs if not f.done()]
    waiter = _Waiter(FIRST_COMPLETED)
    for f in pending:
        with f._condition:
            if f.done():
                waiter.add_result(f)
            else:
                f._waiters.append(waiter)
    try:
        for f in finished:
            yield f
        while pending:
            if timeout is None:
                wait_timeout = None
            else:
                wait_timeout = end_time - _now()
                if wait_timeout < 0:
                    raise TimeoutError(f"{len(pending)} (of {len(fs)}) futures unfinished")
            waiter.event.wait(wait_timeout)
            with waiter.lock:
                done = waiter.finished_futures
                waiter.finished_futures = []
                waiter.event.clear()
            for f in done:
                if f in pending:
                    pending.remove(f)
                    yield f
    finally:
        for f in fs:
            with f._condition:
                if waiter in f._waiters:
                    f._waiters.remove(waiter)


class DoneAndNotDoneFutures:
    def __init__(self, done, not_done):
        self.done = done
        self.not_done = not_done

    def __iter__(self):
        return iter((self.done, self.not_done))

    def __getitem__(self, i):
        return (self.done, self.not_done)[i]


def wait(fs, timeout=None, return_when=ALL_COMPLETED):
    fs = list(fs)
    done = set(f for f in fs if f.done())
    not_done = set(fs) - done
    if return_when == FIRST_COMPLETED and done:
        return DoneAndNotDoneFutures(done, not_done)
    if return_when == FIRST_EXCEPTION and any(f._exception is not None for f in done):
        return DoneAndNotDoneFutures(done, not_done)
    if len(done) == len(fs):
        return DoneAndNotDoneFutures(done, not_done)
    waiter = _Waiter(return_when if return_when != FIRST_EXCEPTION else FIRST_COMPLETED, len(not_done))
    for f in fs:
        with f._condition:
            if f.done():
                waiter.add_result(f)
            else:
                f._waiters.append(waiter)
    if timeout is None:
        end_time = None
    else:
        end_time = _now() + timeout
    while True:
        left = None if end_time is None else end_time - _now()
        if left is not None and left <= 0:
            break
        waiter.event.wait(left)
        done = set(f for f in fs if f.done())
        if len(done) == len(fs):
            break
        if return_when == FIRST_COMPLETED and done:
            break
        if return_when == FIRST_EXCEPTION and any(f._exception is not None for f in done):
            break
        waiter.event.clear()
    for f in fs:
        with f._condition:
            if waiter in f._waiters:
                f._waiters.remove(waiter)
    done = set(f for f in fs if f.done())
    return DoneAndNotDoneFutures(done, set(fs) - done)


class _WorkItem:
    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.fn = fn
        self.args = args
        self.kwargs = kwargs

    def run(self):
        if not self.future.set_running_or_notify_cancel():
            return
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:
            self.future.set_exception(exc)
        else:
            self.future.set_result(result)


def _worker(work_queue):
    while True:
        item = work_queue.get(block=True)
        if item is None:
            work_queue.put(None)
            return
        item.run()
        del item


class Executor:
    def submit(self, fn, /, *args, **kwargs):
        raise NotImplementedError()

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        if timeout is not None:
            end_time = timeout + _now()
        fs = [self.submit(fn, *args) for args in zip(*iterables)]

        def result_iterator():
            try:
                fs.reverse()
                while fs:
                    if timeout is None:
                        yield fs.pop().result()
                    else:
                        yield fs.pop().result(end_time - _now())
            finally:
                for future in fs:
                    future.cancel()
        return result_iterator()

    def shutdown(self, wait=True, *, cancel_futures=False):
        pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown(wait=True)
        return False


class ThreadPoolExecutor(Executor):
    _counter = 0

    def __init__(self, max_workers=None, thread_name_prefix="", initializer=None, initargs=()):
        if max_workers is None:
            import os
            max_workers = min(32, (os.cpu_count() or 1) + 4)
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        self._max_workers = max_workers
        self._work_queue = _queue.SimpleQueue()
        self._idle_semaphore = threading.Semaphore(0)
        self._threads = set()
        self._shutdown = False
        self._shutdown_lock = threading.Lock()
        if not thread_name_prefix:
            # As CPython: the number counts only the pools without a prefix.
            thread_name_prefix = f"ThreadPoolExecutor-{ThreadPoolExecutor._counter}"
            ThreadPoolExecutor._counter += 1
        self._thread_name_prefix = thread_name_prefix
        _executors.append(self)
        if len(_executors) == 1:
            threading._register_atexit(_python_exit)
        self._initializer = initializer
        self._initargs = initargs

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock:
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            f = Future()
            w = _WorkItem(f, fn, args, kwargs)
            self._work_queue.put(w)
            self._adjust_thread_count()
            return f

    def _adjust_thread_count(self):
        if self._idle_semaphore.acquire(timeout=0):
            return
        num_threads = len(self._threads)
        if num_threads < self._max_workers:
            name = f"{self._thread_name_prefix}_{num_threads}"
            t = threading.Thread(name=name, target=self._run_worker)
            t.start()
            self._threads.add(t)

    def _run_worker(self):
        if self._initializer is not None:
            self._initializer(*self._initargs)
        while True:
            item = self._work_queue.get(block=True)
            if item is None:
                self._work_queue.put(None)
                return
            item.run()
            del item
            self._idle_semaphore.release()

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._shutdown = True
            if cancel_futures:
                while True:
                    try:
                        item = self._work_queue.get_nowait()
                    except _queue.Empty:
                        break
                    if item is not None:
                        item.future.cancel()
            self._work_queue.put(None)
        if wait:
            for t in list(self._threads):
                t.join()


_executors = []


def _python_exit():
    # At exit the main thread tells every pool to finish its queued work and
    # waits for the workers, as CPython's concurrent.futures.thread does.
    for ex in _executors:
        ex._work_queue.put(None)
    for ex in _executors:
        for t in list(ex._threads):
            t.join()


# -- ProcessPoolExecutor --------------------------------------------------------
# Worker processes (multiprocessing, see runner/process/mod.rs) take work
# items from one queue and send results back on another; a thread of the
# parent sets the futures. A worker that dies breaks the pool, as CPython's.

class BrokenProcessPool(BrokenExecutor):
    __module__ = "concurrent.futures.process"


class _RemoteTraceback(Exception):
    __module__ = "concurrent.futures.process"

    def __init__(self, tb):
        self.tb = tb

    def __str__(self):
        return self.tb


def _process_worker(call_queue, result_queue, initializer, initargs):
    import multiprocessing
    import _mp
    if initializer is not None:
        initializer(*initargs)
    while True:
        item = call_queue.get()
        if item is None:
            return
        work_id, fn, args, kwargs = item
        try:
            r = (work_id, True, fn(*args, **kwargs))
        except MemoryError as e:
            multiprocessing._die_of_memory(e)
        except BaseException as e:
            r = (work_id, False, (e, '\n"""\n' + _mp.format_exc(e) + '"""'))
        try:
            result_queue.put(r)
        except BaseException as e:
            result_queue.put((work_id, False, (e, '\n"""\n' + _mp.format_exc(e) + '"""')))


class ProcessPoolExecutor(Executor):
    def __init__(self, max_workers=None, mp_context=None, initializer=None, initargs=(), *,
                 max_tasks_per_child=None):
        import multiprocessing
        if max_workers is None:
            max_workers = multiprocessing.cpu_count() or 1
        elif max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        if mp_context is None:
            self._method = multiprocessing.get_start_method()
        else:
            self._method = mp_context.get_start_method()
        self._max_workers = max_workers
        self._call_queue = multiprocessing.SimpleQueue()
        self._result_queue = multiprocessing.SimpleQueue()
        self._pending = {}
        self._next_id = 0
        self._processes = []
        self._broken = False
        self._shutdown = False
        self._lock = threading.Lock()
        self._thread = None
        self._initializer = initializer
        self._initargs = initargs
        _process_executors.append(self)
        if len(_process_executors) == 1:
            threading._register_atexit(_process_exit)

    def _start(self):
        import multiprocessing
        if self._processes:
            return
        prefix = "Fork" if self._method == "fork" else "Spawn"
        for _ in range(self._max_workers):
            p = multiprocessing.Process(target=_process_worker, args=(
                self._call_queue, self._result_queue, self._initializer, self._initargs))
            p._method = self._method
            p._name = prefix + p._name
            p._notify = self._result_queue._ch
            p.start()
            self._processes.append(p)
        self._thread = threading.Thread(target=self._handle_results, daemon=True,
                                        name="QueueManagerThread")
        self._thread.start()

    def submit(self, fn, /, *args, **kwargs):
        with self._lock:
            if self._broken:
                raise BrokenProcessPool(self._broken)
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            f = Future()
            work_id = self._next_id
            self._next_id += 1
            self._start()
            try:
                self._call_queue.put((work_id, fn, args, kwargs))
            except BaseException as e:
                f.set_exception(e)
                return f
            self._pending[work_id] = f
            f.set_running_or_notify_cancel()
            return f

    def _handle_results(self):
        ended = 0
        while True:
            item = self._result_queue.get()
            if item[0] is None:
                ended += 1
                if item[2] != 0 and not self._broken and (self._pending or not self._shutdown):
                    self._break()
                    return
                if ended == len(self._processes):
                    return
                continue
            work_id, ok, value = item
            with self._lock:
                f = self._pending.pop(work_id, None)
            if f is None:
                continue
            if ok:
                f.set_result(value)
            else:
                exc, tb = value
                exc.__cause__ = _RemoteTraceback(tb)
                f.set_exception(exc)

    def _break(self):
        with self._lock:
            self._broken = "A child process terminated abruptly, the process pool is not usable anymore"
            pending = list(self._pending.values())
            self._pending.clear()
        for f in pending:
            f.set_exception(BrokenProcessPool(
                "A process in the process pool was terminated abruptly while the future was running or pending."))
        for p in self._processes:
            p.terminate()

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._lock:
            if self._shutdown:
                return
            self._shutdown = True
            for _ in self._processes:
                self._call_queue.put(None)
        if wait:
            for p in self._processes:
                p.join()
            if self._thread is not None:
                self._thread.join()


_process_executors = []


def _process_exit():
    for ex in _process_executors:
        ex.shutdown(wait=True)
