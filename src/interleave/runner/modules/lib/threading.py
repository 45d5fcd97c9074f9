# threading, written for threadlab on its _thread primitives, as CPython
# writes its own threading.py on _thread: Thread, the locks, Condition,
# Semaphore, Event, Barrier, Timer and local.
import _thread

Lock = _thread.allocate_lock
RLock = _thread.RLock
TIMEOUT_MAX = _thread.TIMEOUT_MAX
get_ident = _thread.get_ident
# CPython's _thread.error, which Lock.release() of an unlocked lock raises.
ThreadError = RuntimeError


def get_native_id():
    # Threads here have no OS id of their own to show; the ident is unique
    # among live threads, as a native id is.
    return get_ident()


_stack_size = 0


def stack_size(size=0):
    """Accepted and remembered as CPython checks it; threads here keep the
    runner's stack whatever is asked."""
    global _stack_size
    if not isinstance(size, int):
        raise TypeError(f"'{type(size).__name__}' object cannot be interpreted as an integer")
    if size < 0:
        raise ValueError("size must be 0 or a positive value")
    if 0 < size < 32768:
        raise ValueError(f"size not valid: {int(size)} bytes")
    old = _stack_size
    _stack_size = int(size)
    return old

_counter = 0
_threads = {}


def _new_name(target):
    global _counter
    _counter += 1
    if target is not None:
        name = getattr(target, "__name__", None)
        if name is not None:
            return f"Thread-{_counter} ({name})"
    return f"Thread-{_counter}"


class Thread:
    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None):
        if group is not None:
            raise AssertionError("group argument must be None for now")
        self._target = target
        self._name = str(name) if name is not None else _new_name(target)
        self._args = args
        self._kwargs = kwargs if kwargs is not None else {}
        if daemon is None:
            daemon = current_thread().daemon if _threads else False
        self._daemonic = daemon
        self._ident = None
        self._started = False
        self._finished = False

    def __deepcopy__(self, memo):
        # CPython's Thread holds an Event whose lock is what deepcopy
        # (pickling) cannot copy; this one keeps no lock to fail on.
        raise TypeError("cannot pickle '_thread.lock' object")

    def start(self):
        if self._started:
            raise RuntimeError("threads can only be started once")
        self._started = True
        self._ident = _thread.start(self._bootstrap, self._name, self._daemonic)
        _threads[self._ident] = self

    def _bootstrap(self):
        try:
            self.run()
        except BaseException as e:
            # A program's own threading.excepthook gets the exception; the
            # default one is the runner's report (raised on to it).
            hook = excepthook
            if hook is __excepthook__ or isinstance(e, SystemExit):
                raise
            hook(ExceptHookArgs((type(e), e, e.__traceback__, self)))
        finally:
            self._finished = True

    def run(self):
        try:
            if self._target is not None:
                self._target(*self._args, **self._kwargs)
        finally:
            del self._target, self._args, self._kwargs

    def join(self, timeout=None):
        if not self._started:
            raise RuntimeError("cannot join thread before it is started")
        if self._ident == get_ident():
            raise RuntimeError("cannot join current thread")
        if timeout is not None and timeout < 0:
            timeout = 0
        _thread.join(self._ident, timeout)

    def is_alive(self):
        return self._started and _thread.is_alive(self._ident)

    @property
    def name(self):
        return self._name

    @property
    def ident(self):
        return self._ident

    @property
    def native_id(self):
        return self._ident

    @property
    def daemon(self):
        return self._daemonic

    def setDaemon(self, daemonic):
        self._daemonic = daemonic

    def getName(self):
        return self._name

    def setName(self, name):
        self._name = str(name)
        if self._ident is not None:
            _thread.set_name(self._ident, self._name)

    def __setattr__(self, key, value):
        # `t.name = ...` and `t.daemon = ...` as in CPython.
        if key == "name":
            self.setName(value)
        elif key == "daemon":
            if self._started:
                raise RuntimeError("cannot set daemon status of active thread")
            self.__dict__["_daemonic"] = bool(value)
        else:
            self.__dict__[key] = value

    def __repr__(self):
        status = "initial"
        if self._started:
            status = "started"
        if self._finished:
            status = "stopped"
        if self._daemonic:
            status += " daemon"
        if self._ident is not None:
            status += f" {self._ident}"
        return f"<{type(self).__name__}({self._name}, {status})>"


class _MainThread(Thread):
    def __init__(self):
        Thread.__init__(self, name="MainThread", daemon=False)
        self._started = True
        self._ident = _thread.main_ident()


class _DummyThread(Thread):
    def __init__(self, ident):
        Thread.__init__(self, name=f"Dummy-{ident}", daemon=True)
        self._started = True
        self._ident = ident


def current_thread():
    ident = get_ident()
    t = _threads.get(ident)
    if t is None:
        t = _DummyThread(ident)
        _threads[ident] = t
    return t


def main_thread():
    return _threads[_thread.main_ident()]


def active_count():
    return _thread.count()


def enumerate():
    return [t for t in list(_threads.values()) if t.is_alive()]


class Condition:
    def __init__(self, lock=None):
        if lock is None:
            lock = RLock()
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release
        self._waiters = []

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __repr__(self):
        return f"<Condition({self._lock}, {len(self._waiters)})>"

    def _release_save(self):
        if hasattr(self._lock, "_release_save"):
            return self._lock._release_save()
        self._lock.release()
        return None

    def _acquire_restore(self, state):
        if hasattr(self._lock, "_acquire_restore"):
            self._lock._acquire_restore(state)
        else:
            self._lock.acquire()

    def _is_owned(self):
        if hasattr(self._lock, "_is_owned"):
            return self._lock._is_owned()
        if self._lock.acquire(False):
            self._lock.release()
            return False
        return True

    def wait(self, timeout=None):
        if not self._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        waiter = _thread.allocate_lock("Condition.wait")
        waiter.acquire()
        self._waiters.append(waiter)
        saved = self._release_save()
        got = False
        try:
            if timeout is None:
                waiter.acquire()
                got = True
            elif timeout > 0:
                got = waiter.acquire(True, timeout)
            else:
                got = waiter.acquire(False)
            return got
        finally:
            self._acquire_restore(saved)
            if not got:
                try:
                    self._waiters.remove(waiter)
                except ValueError:
                    pass

    def wait_for(self, predicate, timeout=None):
        result = predicate()
        waittime = timeout
        endtime = None
        while not result:
            if waittime is not None:
                if endtime is None:
                    endtime = _time() + waittime
                else:
                    waittime = endtime - _time()
                    if waittime <= 0:
                        break
            self.wait(waittime)
            result = predicate()
        return result

    def notify(self, n=1):
        if not self._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        woken = self._waiters[:n]
        del self._waiters[:n]
        for w in woken:
            w.release()

    def notify_all(self):
        self.notify(len(self._waiters))

    notifyAll = notify_all


def _time():
    import time
    return time.monotonic()


class Semaphore:
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._cond = Condition(Lock())
        self._value = value

    def __repr__(self):
        return f"<{type(self).__name__} at {id(self):#x}: value={self._value}>"

    def acquire(self, blocking=True, timeout=None):
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        rc = False
        endtime = None
        with self._cond:
            while self._value == 0:
                if not blocking:
                    break
                if timeout is not None:
                    if endtime is None:
                        endtime = _time() + timeout
                    else:
                        timeout = endtime - _time()
                        if timeout <= 0:
                            break
                self._cond.wait(timeout)
            else:
                self._value -= 1
                rc = True
        return rc

    __enter__ = acquire

    def release(self, n=1):
        if n < 1:
            raise ValueError("n must be one or more")
        with self._cond:
            self._value += n
            self._cond.notify(n)

    def __exit__(self, t, v, tb):
        self.release()


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        Semaphore.__init__(self, value)
        self._initial_value = value

    def release(self, n=1):
        if n < 1:
            raise ValueError("n must be one or more")
        with self._cond:
            if self._value + n > self._initial_value:
                raise ValueError("Semaphore released too many times")
            self._value += n
            self._cond.notify(n)


class Event:
    def __init__(self):
        self._cond = Condition(Lock())
        self._flag = False

    def __repr__(self):
        status = "set" if self._flag else "unset"
        return f"<{type(self).__name__} at {id(self):#x}: {status}>"

    def is_set(self):
        return self._flag

    isSet = is_set

    def set(self):
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    def clear(self):
        with self._cond:
            self._flag = False

    def wait(self, timeout=None):
        with self._cond:
            signaled = self._flag
            if not signaled:
                signaled = self._cond.wait(timeout)
            return signaled


class BrokenBarrierError(RuntimeError):
    pass


class Barrier:
    def __init__(self, parties, action=None, timeout=None):
        if parties < 1:
            raise ValueError("parties must be >= 1")
        self._cond = Condition(Lock())
        self._action = action
        self._timeout = timeout
        self._parties = parties
        self._state = 0  # 0 filling, 1 draining, -1 resetting, -2 broken
        self._count = 0

    def __repr__(self):
        if self.broken:
            return f"<{type(self).__name__} at {id(self):#x}: broken>"
        return f"<{type(self).__name__} at {id(self):#x}: waiters={self.n_waiting}/{self.parties}>"

    def wait(self, timeout=None):
        if timeout is None:
            timeout = self._timeout
        with self._cond:
            self._enter()
            index = self._count
            self._count += 1
            try:
                if index + 1 == self._parties:
                    self._release()
                else:
                    self._wait(timeout)
                return index
            finally:
                self._count -= 1
                self._exit()

    def _enter(self):
        while self._state in (-1, 1):
            self._cond.wait()
        if self._state < 0:
            raise BrokenBarrierError

    def _release(self):
        try:
            if self._action:
                self._action()
            self._state = 1
            self._cond.notify_all()
        except:
            self._break()
            raise

    def _wait(self, timeout):
        if not self._cond.wait_for(lambda: self._state != 0, timeout):
            self._break()
            raise BrokenBarrierError
        if self._state < 0:
            raise BrokenBarrierError

    def _exit(self):
        if self._count == 0:
            if self._state in (-1, 1):
                self._state = 0
                self._cond.notify_all()

    def reset(self):
        with self._cond:
            if self._count > 0:
                if self._state == 0:
                    self._state = -1
                elif self._state == -2:
                    self._state = -1
            else:
                self._state = 0
            self._cond.notify_all()

    def abort(self):
        with self._cond:
            self._break()

    def _break(self):
        self._state = -2
        self._cond.notify_all()

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        if self._state == 0:
            return self._count
        return 0

    @property
    def broken(self):
        return self._state == -2


class Timer(Thread):
    def __init__(self, interval, function, args=None, kwargs=None):
        Thread.__init__(self)
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self.finished = Event()

    def cancel(self):
        self.finished.set()

    def run(self):
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()


class local:
    # Each thread sees its own attributes: a dict per thread ident.
    def __init__(self):
        self.__dict__["_per_thread"] = {}

    def _mine(self):
        d = self.__dict__["_per_thread"]
        ident = get_ident()
        if ident not in d:
            d[ident] = {}
        return d[ident]

    def __getattr__(self, name):
        mine = self._mine()
        if name in mine:
            return mine[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        self._mine()[name] = value


_atexit_hooks = []


def _register_atexit(func, *args, **kwargs):
    _atexit_hooks.append((func, args, kwargs))


def _run_atexit():
    # Called by the runner when the main program ends, before it waits for
    # the non-daemon threads (CPython's threading._shutdown).
    while _atexit_hooks:
        func, args, kwargs = _atexit_hooks.pop()
        func(*args, **kwargs)


class ExceptHookArgs:
    """What threading.excepthook is called with: exc_type, exc_value,
    exc_traceback and thread (CPython's is a named structure)."""

    def __init__(self, args):
        args = tuple(args)
        if len(args) != 4:
            raise TypeError(f"_thread._ExceptHookArgs() takes a 4-sequence ({len(args)}-sequence given)")
        self._args = args
        self.exc_type, self.exc_value, self.exc_traceback, self.thread = args

    def __iter__(self):
        return iter(self._args)

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return self._args[i]

    def __repr__(self):
        names = ("exc_type", "exc_value", "exc_traceback", "thread")
        inner = ", ".join(f"{n}={v!r}" for n, v in zip(names, self._args))
        return f"_thread._ExceptHookArgs({inner})"


def excepthook(args):
    # Called directly (threads' own reports come from the runner): print
    # the report the way the runner does.
    import traceback
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else get_ident()
    import sys
    sys.stderr.write(f"Exception in thread {name}:\n")
    traceback.print_exception(args.exc_type, args.exc_value, args.exc_traceback)


__excepthook__ = excepthook


def currentThread():
    # Deprecated in 3.10 (a warning only shown under -W); it still works.
    return current_thread()


def activeCount():
    return active_count()


def _after_fork():
    # A forked child has one thread, the one that forked: it is the child's
    # main thread now. The parent's other threads and its exit hooks (its
    # pools' shutdowns) are not the child's.
    global _threads
    t = _MainThread()
    _threads = {t._ident: t}
    del _atexit_hooks[:]


_threads[_thread.main_ident()] = _MainThread()
