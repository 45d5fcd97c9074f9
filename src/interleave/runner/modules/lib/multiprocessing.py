# multiprocessing for threadlab. A process is a fresh interpreter (see
# runner/process/mod.rs): its own modules, objects, GIL and heap. What goes
# between processes is pickled (copied). Written on the _mp primitives as
# CPython writes most of its own multiprocessing in Python: Process, the
# start methods, Queue, Pipe, the locks, Value/Array, and Pool.
import _mp
import threading
import queue as _queue
import os as _os
import sys as _sys


class ProcessError(Exception):
    pass


class TimeoutError(ProcessError):
    __module__ = "multiprocessing.context"


class AuthenticationError(ProcessError):
    pass


# -- start methods -----------------------------------------------------------

# A spawned child re-running the main module has its start method set
# already (so an unguarded set_start_method fails there, as in CPython).
_start_method = _mp.inherited_start_method()


def get_start_method(allow_none=False):
    global _start_method
    if _start_method is None:
        if allow_none:
            return None
        _start_method = _mp.default_start_method()
    return _start_method


def _check_method(method):
    if method not in ("fork", "spawn", "forkserver"):
        raise ValueError(f"cannot find context for {method!r}")


def set_start_method(method, force=False):
    global _start_method
    if _start_method is not None and not force:
        raise RuntimeError("context has already been set")
    if method is not None:
        _check_method(method)
    _start_method = method


def get_all_start_methods():
    return ["fork", "spawn", "forkserver"]


class _Context:
    def __init__(self, method):
        self._method = method

    def get_start_method(self, allow_none=False):
        return self._method

    def Process(self, *args, **kwargs):
        p = Process(*args, **kwargs)
        p._method = self._method
        return p

    def Pool(self, processes=None, initializer=None, initargs=(), maxtasksperchild=None):
        return Pool(processes, initializer, initargs, maxtasksperchild, context=self)

    def Manager(self):
        m = SyncManager(ctx=self)
        m.start()
        return m

    def __getattr__(self, name):
        # Queue, Lock, Value, ...: the module's own.
        import multiprocessing
        return getattr(multiprocessing, name)


def get_context(method=None):
    if method is None:
        return _Context(get_start_method())
    _check_method(method)
    return _Context(method)


def cpu_count():
    return _os.cpu_count()


def freeze_support():
    pass


# -- processes ---------------------------------------------------------------

_counter = [0]
_current = None
_children = []
# Managers this process started, shut down at its exit (CPython's Finalize).
_finalizers = []


class Process:
    _method = None
    _notify = None

    def __init__(self, group=None, target=None, name=None, args=(), kwargs={}, *, daemon=None):
        if group is not None:
            raise AssertionError("group argument must be None for now")
        _counter[0] += 1
        cur = current_process()
        self._identity = cur._identity + (_counter[0],)
        self._parent_pid = _os.getpid()
        self._parent_name = cur.name
        self._popen = None
        self._closed = False
        self._target = target
        self._args = tuple(args)
        self._kwargs = dict(kwargs)
        if name is None:
            name = type(self).__name__ + "-" + ":".join(str(i) for i in self._identity)
        self._name = name
        self._daemonic = cur._daemonic if daemon is None else daemon

    def run(self):
        if self._target:
            self._target(*self._args, **self._kwargs)

    def start(self):
        self._check_closed()
        if self._popen is not None:
            raise AssertionError("cannot start a process twice")
        if self._parent_pid != _os.getpid():
            raise AssertionError("can only start a process object created by current process")
        if current_process()._daemonic:
            raise AssertionError("daemonic processes are not allowed to have children")
        _cleanup()
        method = self._method or get_start_method()
        self._popen = _mp.start(self, method, self._name, self._notify)
        _children.append(self)

    def join(self, timeout=None):
        self._check_closed()
        if self._parent_pid != _os.getpid():
            raise AssertionError("can only join a child process")
        if self._popen is None:
            raise AssertionError("can only join a started process")
        if self._popen.join(timeout) and self in _children:
            _children.remove(self)

    def is_alive(self):
        self._check_closed()
        if self is _current:
            return True
        if self._popen is None:
            return False
        return self._popen.poll() is None

    def terminate(self):
        self._check_closed()
        if self._popen is not None:
            self._popen.terminate()

    def kill(self):
        self.terminate()

    def close(self):
        if self._popen is not None and self._popen.poll() is None:
            raise ValueError("Cannot close a process while it is still running. "
                             "You should first call join() or terminate().")
        self._closed = True

    def _check_closed(self):
        if self._closed:
            raise ValueError("process object is closed")

    @property
    def exitcode(self):
        self._check_closed()
        if self._popen is None:
            return None
        return self._popen.poll()

    @property
    def pid(self):
        self._check_closed()
        if self is _current:
            return _os.getpid()
        return self._popen and self._popen.pid

    ident = pid

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, name):
        self._name = name

    @property
    def daemon(self):
        return self._daemonic

    @daemon.setter
    def daemon(self, daemonic):
        if self._popen is not None:
            raise AssertionError("process has already started")
        self._daemonic = daemonic

    def __repr__(self):
        exitcode = None
        if self is _current:
            status = "started"
        elif self._closed:
            status = "closed"
        elif self._popen is None:
            status = "initial"
        else:
            exitcode = self._popen.poll()
            status = "started" if exitcode is None else "stopped"
        info = [type(self).__name__, f"name={self._name!r}"]
        if self._popen is not None:
            info.append(f"pid={self._popen.pid}")
        info.append(f"parent={self._parent_pid}")
        info.append(status)
        if exitcode is not None:
            info.append("exitcode=" + ("-SIGTERM" if exitcode == -15 else str(exitcode)))
        if self._daemonic:
            info.append("daemon")
        return "<" + " ".join(info) + ">"

    def _bootstrap(self):
        # Runs in the child (called by the runner): the target, and the
        # exit code CPython's Process._bootstrap gives.
        global _current, _children, _counter, _finalizers, _start_method
        if self._method is not None:
            # The child's context is the one it was started with.
            _start_method = self._method
        _current = self
        _children = []
        _counter = [0]
        _finalizers = []
        threading._after_fork()
        try:
            self.run()
            return 0
        except SystemExit as e:
            code = e.args[0] if e.args else None
            if code is None:
                return 0
            if isinstance(code, int):
                return code
            _sys.stderr.write(str(code) + "\n")
            return 1
        except BaseException as e:
            _sys.stderr.write(f"Process {self.name}:\n")
            _sys.stderr.write(_mp.format_exc(e))
            return 1


class _MainProcess(Process):
    def __init__(self):
        self._identity = ()
        # In a spawned child re-running the main module: the child's name.
        self._name = _mp.process_name()
        self._parent_pid = None
        self._popen = None
        self._closed = False
        self._daemonic = False
        self._target = None
        self._args = ()
        self._kwargs = {}

    @property
    def pid(self):
        return _os.getpid()

    def is_alive(self):
        return True

    def __repr__(self):
        return f"<_MainProcess name={self._name!r} parent=None started>"


_main_process = _MainProcess()


def current_process():
    if _current is not None:
        return _current
    return _main_process


def parent_process():
    return None if _current is None else _ParentProcess(_current._parent_name, _current._parent_pid)


class _ParentProcess:
    def __init__(self, name, pid):
        self.name = name
        self.pid = pid
        self.ident = pid

    def __repr__(self):
        return f"<_ParentProcess name={self.name!r} parent={self.pid} unknown>"


def _cleanup():
    for p in list(_children):
        if p._popen is not None and p._popen.poll() is not None:
            _children.remove(p)


def active_children():
    _cleanup()
    return list(_children)


def _exit_function():
    # At the end of a process (called by the runner): daemonic children are
    # terminated, the others joined, as CPython's util._exit_function;
    # first the managers' servers are told to stop.
    for m in list(_finalizers):
        m.shutdown()
    for p in list(_children):
        if p._daemonic and p._popen is not None:
            p._popen.terminate()
    for p in list(_children):
        if p._popen is not None:
            p._popen.join(None)


def _die_of_memory(e):
    # The child's heap is exhausted. As a process the OS kills for its
    # memory, it ends here; its parent sees it end (a pool breaks).
    _sys.stderr.write(f"Process {current_process().name}:\n")
    _sys.stderr.write(_mp.format_exc(e))
    raise SystemExit(1)


# -- queues and pipes --------------------------------------------------------

def _inherited_only(self, *args):
    # copy.copy and copy.deepcopy go through pickling in CPython, and these
    # objects refuse to be pickled except to start a process.
    raise RuntimeError(f"{type(self).__name__} objects should only be shared between processes through inheritance")


class Queue:
    __copy__ = __deepcopy__ = _inherited_only

    def __init__(self, maxsize=0):
        self._ch = _mp.Channel()
        self._maxsize = maxsize
        self._closed = False

    def put(self, obj, block=True, timeout=None):
        if self._closed:
            raise ValueError(f"Queue {self!r} is closed")
        self._ch.put(obj)

    def put_nowait(self, obj):
        self.put(obj, False)

    def get(self, block=True, timeout=None):
        if self._closed:
            raise ValueError(f"Queue {self!r} is closed")
        ok, value = self._ch.get(block, timeout)
        if not ok:
            raise _queue.Empty
        return value

    def get_nowait(self):
        return self.get(False)

    def qsize(self):
        return self._ch.qsize()

    def empty(self):
        return self._ch.qsize() == 0

    def full(self):
        return self._maxsize > 0 and self._ch.qsize() >= self._maxsize

    def close(self):
        self._closed = True

    def join_thread(self):
        pass

    def cancel_join_thread(self):
        pass


class SimpleQueue(Queue):
    pass


class Connection:
    def __init__(self, send_ch, recv_ch, readable, writable):
        self._send = send_ch
        self._recv = recv_ch
        self.readable = readable
        self.writable = writable
        self.closed = False

    def send(self, obj):
        if self.closed:
            raise OSError("handle is closed")
        if not self.writable:
            raise OSError("connection is read-only")
        self._send.put(obj)

    def recv(self):
        if self.closed:
            raise OSError("handle is closed")
        if not self.readable:
            raise OSError("connection is write-only")
        ok, value = self._recv.get(True, None)
        return value

    def poll(self, timeout=0.0):
        if self._recv.qsize() > 0:
            return True
        if timeout == 0.0:
            return False
        import time
        end = None if timeout is None else time.monotonic() + timeout
        while self._recv.qsize() == 0:
            if end is not None and time.monotonic() >= end:
                return False
            time.sleep(0.001)
        return True

    def close(self):
        self.closed = True


def Pipe(duplex=True):
    a = _mp.Channel()
    b = _mp.Channel()
    if duplex:
        return Connection(a, b, True, True), Connection(b, a, True, True)
    return Connection(None, a, True, False), Connection(a, None, False, True)


# -- locks and shared memory -------------------------------------------------

Lock = _mp.Lock
RLock = _mp.RLock


class Semaphore:
    # A channel holding one token per free slot: acquire takes one (and
    # waits while there is none), release puts one back.
    __copy__ = __deepcopy__ = _inherited_only

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._tokens = _mp.Channel()
        for _ in range(value):
            self._tokens.put(None)

    def acquire(self, block=True, timeout=None):
        ok, _ = self._tokens.get(block, timeout)
        return ok

    def release(self):
        self._tokens.put(None)

    def get_value(self):
        return self._tokens.qsize()

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *args):
        self.release()


BoundedSemaphore = Semaphore

# Shared memory (Value, Array) is its own module, as in CPython.
from multiprocessing.sharedctypes import (
    Value, RawValue, Array, RawArray, Synchronized, SynchronizedArray,
)

# The pool is its own module, as in CPython.
from multiprocessing.pool import Pool
from multiprocessing.synchronize import Condition, Event, Barrier, JoinableQueue
from multiprocessing.managers import SyncManager


def Manager():
    m = SyncManager()
    m.start()
    return m
