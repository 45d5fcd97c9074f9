# multiprocessing.managers for threadlab: Manager() starts a server process
# that owns ordinary Python objects (a list, a dict, a Value, a Namespace);
# every process gets proxies. A proxy's method call is a message to the
# server — the method's name and pickled arguments, and a channel for the
# answer — so a child's append really changes the one list the server
# holds, and the parent sees it. Each call is a round trip: shared this
# way, `proxy[0] += 1` is a read and a write, and two processes doing it at
# once lose updates unless they hold a lock.
#
# A proxy outlives its server: used after manager.shutdown() (or after the
# `with` block) it fails at once, as CPython's does — BrokenPipeError once
# this thread has talked to the server (CPython keeps that connection per
# thread), FileNotFoundError when it would have to open one (the server's
# socket file is gone).
import _mp
import threading as _threading
import multiprocessing as _mpm


class RemoteError(Exception):
    pass


class _Value:
    # What manager.Value(typecode, value) keeps in the server.
    def __init__(self, typecode, value, lock=True):
        self._typecode = typecode
        self._value = value

    def get(self):
        return self._value

    def set(self, value):
        self._value = value

    def __repr__(self):
        return f"{type(self).__name__[1:]}({self._typecode!r}, {self._value!r})"


class Namespace:
    def __init__(self, **kwds):
        self.__dict__.update(kwds)

    def __repr__(self):
        items = [f"{k}={v!r}" for k, v in self.__dict__.items() if not k.startswith("_")]
        return "Namespace(" + ", ".join(sorted(items)) + ")"


_TYPES = {"list": list, "dict": dict, "Value": _Value, "Namespace": Namespace, "Array": list}


def _call(obj, name, args, kwargs):
    # The operators a proxy forwards, then any public method by name.
    if name == "__getitem__":
        return obj[args[0]]
    if name == "__setitem__":
        obj[args[0]] = args[1]
        return None
    if name == "__delitem__":
        del obj[args[0]]
        return None
    if name == "__len__":
        return len(obj)
    if name == "__contains__":
        return args[0] in obj
    if name == "__str__":
        return str(obj)
    if name == "_snapshot":
        return list(obj)
    if name == "__getattribute__":
        return getattr(obj, args[0])
    if name == "__setattr__":
        setattr(obj, args[0], args[1])
        return None
    if name == "__delattr__":
        delattr(obj, args[0])
        return None
    result = getattr(obj, name)(*args, **kwargs)
    if name in ("keys", "values", "items"):
        return list(result)
    return result


def _serve(requests):
    # The server process's loop: one request at a time, each answered on
    # the channel that came with it.
    objects = {}
    next_id = 0
    while True:
        reply, op, ident, name, args, kwargs = requests.get(True, None)[1]
        if op == "shutdown":
            # Refuse what comes later; answer what came in the meantime.
            requests.close()
            while True:
                ok, late = requests.get(False)
                if not ok:
                    break
                late[0].put((False, EOFError()))
            reply.put((True, None))
            return
        try:
            if op == "create":
                next_id += 1
                objects[next_id] = _TYPES[name](*args, **kwargs)
                result = next_id
            elif op == "decref":
                objects.pop(ident, None)
                result = None
            else:
                result = _call(objects[ident], name, args, kwargs)
        except Exception as e:
            reply.put((False, e))
            continue
        try:
            reply.put((True, result))
        except Exception as e:
            reply.put((False, e))


def _request(requests, op, ident, name, args=(), kwargs={}):
    reply = _mp.Channel()
    if not requests.try_put((reply, op, ident, name, tuple(args), dict(kwargs))):
        raise BrokenPipeError(32, "Broken pipe")
    ok, value = reply.get(True, None)[1]
    if ok:
        return value
    raise value


# (thread id, server's request channel id) of every connection opened.
_connected = set()


class BaseProxy:
    def __init__(self, requests, ident, typeid):
        # Straight into the instance: NamespaceProxy forwards setattr.
        self.__dict__["_requests"] = requests
        self.__dict__["_id"] = ident
        self.__dict__["_typeid"] = typeid

    def _connect(self):
        # The first call from this thread opens the connection, and finds
        # no server if it has gone; later calls reuse it (see the top).
        key = (_threading.get_ident(), id(self._requests))
        if key not in _connected:
            if self._requests.closed():
                raise FileNotFoundError(2, "No such file or directory")
            _connected.add(key)

    def _callmethod(self, name, args=(), kwds={}):
        self._connect()
        return _request(self._requests, "call", self._id, name, args, kwds)

    def _getvalue(self):
        return self._callmethod("copy")

    _str_method = "__str__"

    def __str__(self):
        try:
            return self._callmethod(self._str_method)
        except Exception:
            return repr(self)[:-1] + "; '__str__()' failed>"

    def __repr__(self):
        return f"<{type(self).__name__} object, typeid {self._typeid!r} at {id(self):#x}>"


def _forward(name):
    def method(self, *args, **kwds):
        return self._callmethod(name, args, kwds)
    return method


class _SequenceProxy(BaseProxy):
    def __len__(self):
        return self._callmethod("__len__")

    def __getitem__(self, key):
        return self._callmethod("__getitem__", (key,))

    def __setitem__(self, key, value):
        self._callmethod("__setitem__", (key, value))

    def __delitem__(self, key):
        self._callmethod("__delitem__", (key,))

    def __contains__(self, item):
        return self._callmethod("__contains__", (item,))

    def __iter__(self):
        # One round trip for the whole sequence, then a local iterator.
        return iter(self._callmethod("_snapshot"))


class ListProxy(_SequenceProxy):
    def __iadd__(self, other):
        self._callmethod("extend", (other,))
        return self

    def _getvalue(self):
        return self._callmethod("_snapshot")


for _name in ("append", "count", "extend", "index", "insert", "pop", "remove",
              "reverse", "sort", "clear", "copy"):
    setattr(ListProxy, _name, _forward(_name))


class DictProxy(_SequenceProxy):
    pass


for _name in ("clear", "copy", "get", "items", "keys", "pop", "popitem",
              "setdefault", "update", "values"):
    setattr(DictProxy, _name, _forward(_name))


class ValueProxy(BaseProxy):
    def get(self):
        return self._callmethod("get")

    def set(self, value):
        return self._callmethod("set", (value,))

    @property
    def value(self):
        return self._callmethod("get")

    @value.setter
    def value(self, value):
        self._callmethod("set", (value,))

    _str_method = "__repr__"


class NamespaceProxy(BaseProxy):
    def __getattr__(self, key):
        if key.startswith("_"):
            raise AttributeError(key)
        return self._callmethod("__getattribute__", (key,))

    def __setattr__(self, key, value):
        if key.startswith("_"):
            self.__dict__[key] = value
            return
        self._callmethod("__setattr__", (key, value))

    def __delattr__(self, key):
        self._callmethod("__delattr__", (key,))

    _str_method = "__repr__"


class ArrayProxy(_SequenceProxy):
    def _getvalue(self):
        return self._callmethod("_snapshot")


class _LocalProxy(BaseProxy):
    # A proxy of a synchronisation object. CPython's server holds a
    # threading.Lock (Queue, Event, ...) and a call may wait there, in the
    # server thread of that connection; threadlab's server answers one
    # request at a time, so a blocking acquire() would stop it. Instead the
    # object is one every process can already share (a multiprocessing
    # lock, queue, event) and calls go straight to it. What a program sees
    # of the proxy is CPython's: its type and repr, that it pickles into a
    # Pool task, and that it fails once the manager has shut down.
    def __init__(self, requests, obj, typeid):
        BaseProxy.__init__(self, requests, 0, typeid)
        self.__dict__["_obj"] = obj

    def _check(self):
        self._connect()
        if self._requests.closed():
            raise BrokenPipeError(32, "Broken pipe")

    def _callmethod(self, name, args=(), kwds={}):
        self._check()
        if name == "__getattribute__":
            return getattr(self._obj, args[0])
        return getattr(self._obj, name)(*args, **kwds)

    def __str__(self):
        # What str() of the server's object says (its address differs).
        try:
            self._check()
        except Exception:
            return repr(self)[:-1] + "; '__str__()' failed>"
        kind = _SERVER_CLASS[self._typeid]
        if self._typeid == "Lock":
            kind = ("locked " if self._obj.locked() else "unlocked ") + kind
        if self._typeid == "Event":
            return f"<{kind} at {id(self._obj):#x}: {'set' if self._obj.is_set() else 'unset'}>"
        return f"<{kind} object at {id(self._obj):#x}>"


_SERVER_CLASS = {"Lock": "_thread.lock", "RLock": "_thread.RLock",
                 "Semaphore": "threading.Semaphore", "BoundedSemaphore": "threading.BoundedSemaphore",
                 "Condition": "threading.Condition", "Event": "threading.Event",
                 "Barrier": "threading.Barrier", "Queue": "queue.Queue", "JoinableQueue": "queue.Queue"}


class AcquirerProxy(_LocalProxy):
    def acquire(self, blocking=True, timeout=None):
        args = (blocking,) if timeout is None else (blocking, timeout)
        return self._callmethod("acquire", args)

    def release(self):
        return self._callmethod("release")

    def __enter__(self):
        return self._callmethod("acquire")

    def __exit__(self, *args):
        return self._callmethod("release")


class ConditionProxy(AcquirerProxy):
    def wait(self, timeout=None):
        return self._callmethod("wait", (timeout,))

    def notify(self, n=1):
        return self._callmethod("notify", (n,))

    def notify_all(self):
        return self._callmethod("notify_all")

    def wait_for(self, predicate, timeout=None):
        return self._callmethod("wait_for", (predicate, timeout))


class EventProxy(_LocalProxy):
    def is_set(self):
        return self._callmethod("is_set")

    def set(self):
        return self._callmethod("set")

    def clear(self):
        return self._callmethod("clear")

    def wait(self, timeout=None):
        return self._callmethod("wait", (timeout,))


class BarrierProxy(_LocalProxy):
    def wait(self, timeout=None):
        return self._callmethod("wait", (timeout,))

    def abort(self):
        return self._callmethod("abort")

    def reset(self):
        return self._callmethod("reset")

    @property
    def parties(self):
        return self._callmethod("__getattribute__", ("parties",))

    @property
    def n_waiting(self):
        return self._callmethod("__getattribute__", ("n_waiting",))

    @property
    def broken(self):
        return self._callmethod("__getattribute__", ("broken",))


def _auto_proxy(typeid):
    # CPython builds these classes on the fly, named AutoProxy[Queue]; a
    # module attribute of that name lets pickling find the class again.
    methods = {"__module__": __name__}
    for name in ("put", "get", "put_nowait", "get_nowait", "qsize", "empty", "full",
                 "join", "task_done"):
        methods[name] = _forward(name)
    cls = type(f"AutoProxy[{typeid}]", (_LocalProxy,), methods)
    setattr(_this_module, cls.__name__, cls)
    return cls


import multiprocessing.managers as _this_module

_QUEUE_PROXIES = {"Queue": _auto_proxy("Queue"), "JoinableQueue": _auto_proxy("JoinableQueue")}

_PROXIES = {"list": ListProxy, "dict": DictProxy, "Value": ValueProxy, "Namespace": NamespaceProxy,
            "Array": ArrayProxy}


class SyncManager:
    # Its server is a child process (SyncManager-N in active_children());
    # the proxies it hands out talk to that server over one shared channel.
    def __init__(self, address=None, authkey=None, ctx=None):
        self._requests = None
        self._process = None
        self._started = False
        self._ctx = ctx

    def start(self, initializer=None, initargs=()):
        if self._process is not None:
            raise _mpm.ProcessError("Already started server")
        self._requests = _mp.Channel()
        p = _mpm.Process(target=_serve, args=(self._requests,))
        p.name = "SyncManager-" + ":".join(str(i) for i in p._identity)
        if self._ctx is not None:
            p._method = self._ctx._method
        self._process = p
        p.start()
        self._started = True
        _mpm._finalizers.append(self)

    def _check_started(self):
        if not self._started:
            # CPython 3.11's words, before start() and after shutdown().
            raise AssertionError("server not yet started")

    def _create(self, typeid, *args, **kwds):
        self._check_started()
        ident = _request(self._requests, "create", 0, typeid, args, kwds)
        return _PROXIES[typeid](self._requests, ident, typeid)

    def _local(self, typeid, cls, obj):
        self._check_started()
        return cls(self._requests, obj, typeid)

    def list(self, sequence=()):
        return self._create("list", list(sequence))

    def dict(self, *args, **kwds):
        return self._create("dict", *args, **kwds)

    def Value(self, typecode, value, lock=True):
        return self._create("Value", typecode, value)

    def Namespace(self, **kwds):
        return self._create("Namespace", **kwds)

    # Synchronisation objects: proxies of objects every process can
    # already share (see _LocalProxy).
    def Lock(self):
        return self._local("Lock", AcquirerProxy, _mpm.Lock())

    def RLock(self):
        return self._local("RLock", AcquirerProxy, _mpm.RLock())

    def Semaphore(self, value=1):
        return self._local("Semaphore", AcquirerProxy, _mpm.Semaphore(value))

    def BoundedSemaphore(self, value=1):
        return self._local("BoundedSemaphore", AcquirerProxy, _mpm.BoundedSemaphore(value))

    def Condition(self, lock=None):
        if isinstance(lock, _LocalProxy):
            lock = lock._obj
        return self._local("Condition", ConditionProxy, _mpm.Condition(lock))

    def Event(self):
        return self._local("Event", EventProxy, _mpm.Event())

    def Barrier(self, parties, action=None, timeout=None):
        return self._local("Barrier", BarrierProxy, _mpm.Barrier(parties, action, timeout))

    def Queue(self, maxsize=0):
        # A JoinableQueue behind both: CPython's server holds a
        # queue.Queue, which has task_done() and join().
        return self._local("Queue", _QUEUE_PROXIES["Queue"], _mpm.JoinableQueue(maxsize))

    def JoinableQueue(self, maxsize=0):
        return self._local("JoinableQueue", _QUEUE_PROXIES["JoinableQueue"], _mpm.JoinableQueue(maxsize))

    def Array(self, typecode, sequence, lock=True):
        return self._create("Array", list(sequence))

    def shutdown(self):
        p = self._process
        if p is None or p._popen is None or p._popen.poll() is not None:
            return
        _request(self._requests, "shutdown", 0, "")
        p.join()
        self._started = False
        _mpm._finalizers[:] = [m for m in _mpm._finalizers if m is not self]

    def __enter__(self):
        if self._process is None:
            self.start()
        return self

    def __exit__(self, *args):
        self.shutdown()


BaseManager = SyncManager
