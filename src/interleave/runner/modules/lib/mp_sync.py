# multiprocessing.synchronize for threadlab: Condition, Event, Barrier and
# JoinableQueue that every process may hold at once. As CPython writes
# them, they are built on semaphores the processes share (here a channel of
# tokens, multiprocessing.Semaphore) and a shared lock: nothing in them is
# a Python object of one process, so a copy in a child (fork) or a pickled
# one (spawn) still waits on and wakes the same things as the parent's.
import threading as _threading
import sys as _sys
import time as _time
import _mp
import multiprocessing as _mpm


class Condition:
    # CPython's algorithm: a waiter counts itself asleep, lets go of the
    # lock and takes a token from _wait_semaphore; notify hands out as many
    # tokens as it wakes sleepers and waits until each has said it woke.
    __copy__ = __deepcopy__ = _mpm._inherited_only

    def __init__(self, lock=None):
        self._lock = lock if lock is not None else _mpm.RLock()
        self._sleeping_count = _mpm.Semaphore(0)
        self._woken_count = _mpm.Semaphore(0)
        self._wait_semaphore = _mpm.Semaphore(0)

    def acquire(self, block=True, timeout=None):
        return self._lock.acquire(block, -1 if timeout is None else timeout)

    def release(self):
        return self._lock.release()

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __repr__(self):
        return f"<Condition({self._lock!r}, {self._sleeping_count.get_value() - self._woken_count.get_value()})>"

    def _release_all(self):
        # An RLock is let go of however deep it is held; a Lock once.
        if hasattr(self._lock, "_release_save"):
            return self._lock._release_save()
        self._lock.release()
        return None

    def _restore(self, state):
        if state is None:
            self._lock.acquire()
        else:
            self._lock._acquire_restore(state)

    def wait(self, timeout=None):
        if hasattr(self._lock, "_is_owned") and not self._lock._is_owned():
            raise AssertionError("must acquire() condition before using wait()")
        self._sleeping_count.release()
        state = self._release_all()
        try:
            return self._wait_semaphore.acquire(True, timeout)
        finally:
            self._woken_count.release()
            self._restore(state)

    def notify(self, n=1):
        # Sleepers that timed out since the last notify took no token:
        # forget them first.
        while self._woken_count.acquire(False):
            self._sleeping_count.acquire(False)
        sleepers = 0
        while sleepers < n and self._sleeping_count.acquire(False):
            self._wait_semaphore.release()
            sleepers += 1
        if sleepers:
            for _ in range(sleepers):
                self._woken_count.acquire()
            # A waiter that timed out before taking its token leaves one.
            while self._wait_semaphore.acquire(False):
                pass

    def notify_all(self):
        self.notify(_sys.maxsize)

    def wait_for(self, predicate, timeout=None):
        result = predicate()
        if result:
            return result
        end = None if timeout is None else _time.monotonic() + timeout
        while not result:
            if end is not None:
                left = end - _time.monotonic()
                if left <= 0:
                    break
                self.wait(left)
            else:
                self.wait()
            result = predicate()
        return result


class Event:
    # The flag is a semaphore holding at most one token.
    def __init__(self):
        self._cond = Condition(_mpm.Lock())
        self._flag = _mpm.Semaphore(0)

    def is_set(self):
        with self._cond:
            if self._flag.acquire(False):
                self._flag.release()
                return True
            return False

    def set(self):
        with self._cond:
            self._flag.acquire(False)
            self._flag.release()
            self._cond.notify_all()

    def clear(self):
        with self._cond:
            self._flag.acquire(False)

    def wait(self, timeout=None):
        with self._cond:
            if self._flag.acquire(False):
                self._flag.release()
            else:
                self._cond.wait(timeout)
            if self._flag.acquire(False):
                self._flag.release()
                return True
            return False

    def __repr__(self):
        return f"<{type(self).__module__}.Event object at {id(self):#x} ({'set' if self.is_set() else 'unset'})>"


class Barrier(_threading.Barrier):
    # threading.Barrier's logic, with its state and count in shared memory
    # and a Condition of the processes (CPython's multiprocessing.Barrier).
    def __init__(self, parties, action=None, timeout=None):
        if parties < 1:
            raise ValueError("parties must be >= 1")
        self._shared = _mp.SharedArray("i", [0, 0])
        self._cond = Condition(_mpm.Lock())
        self._action = action
        self._timeout = timeout
        self._parties = parties

    @property
    def _state(self):
        return self._shared.get(0)

    @_state.setter
    def _state(self, value):
        self._shared.set(0, value)

    @property
    def _count(self):
        return self._shared.get(1)

    @_count.setter
    def _count(self, value):
        self._shared.set(1, value)


class JoinableQueue(_mpm.Queue):
    # Every put adds an unfinished task, every task_done takes one away;
    # join waits until none is left.
    def __init__(self, maxsize=0):
        _mpm.Queue.__init__(self, maxsize)
        self._unfinished_tasks = _mpm.Semaphore(0)
        self._cond = Condition()

    def put(self, obj, block=True, timeout=None):
        if self._closed:
            raise ValueError(f"Queue {self!r} is closed")
        with self._cond:
            self._ch.put(obj)
            self._unfinished_tasks.release()

    def task_done(self):
        with self._cond:
            if not self._unfinished_tasks.acquire(False):
                raise ValueError("task_done() called too many times")
            if self._unfinished_tasks.get_value() == 0:
                self._cond.notify_all()

    def join(self):
        with self._cond:
            if self._unfinished_tasks.get_value() != 0:
                self._cond.wait()
