# multiprocessing.managers for threadlab: Manager() starts a server process
# that owns ordinary Python objects (a list, a dict, a Value, a Namespace);
# every process gets proxies. A proxy's method call is a message to the
# server — the method's name and pickled arguments, and a channel for the
# answer — so a child's append really changes the one list the server
# holds, and the parent sees it. Each call is a round trip: shared this
# way, `proxy[0] += 1` is a read and a write, and two processes doing it at
# once lose updates unless they hold a lock.
import _mp
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


_TYPES = {"list": list, "dict": dict, "Value": _Value, "Namespace": Namespace}


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
    requests.put((reply, op, ident, name, tuple(args), dict(kwargs)))
    ok, value = reply.get(True, None)[1]
    if ok:
        return value
    raise value


class BaseProxy:
    def __init__(self, requests, ident, typeid):
        # Straight into the instance: NamespaceProxy forwards setattr.
        self.__dict__["_requests"] = requests
        self.__dict__["_id"] = ident
        self.__dict__["_typeid"] = typeid

    def _callmethod(self, name, args=(), kwds={}):
        return _request(self._requests, "call", self._id, name, args, kwds)

    def _getvalue(self):
        return self._callmethod("copy")

    def __str__(self):
        return self._callmethod("__str__")

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

    def __str__(self):
        return self._callmethod("__repr__")


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

    def __str__(self):
        return self._callmethod("__repr__")


_PROXIES = {"list": ListProxy, "dict": DictProxy, "Value": ValueProxy, "Namespace": NamespaceProxy}


class SyncManager:
    # Its server is a child process (SyncManager-N in active_children());
    # the proxies it hands out talk to that server over one shared channel.
    def __init__(self, address=None, authkey=None, ctx=None):
        self._requests = None
        self._process = None
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
        _mpm._finalizers.append(self)

    def _create(self, typeid, *args, **kwds):
        if self._process is None:
            raise _mpm.ProcessError("Manager has not been started")
        ident = _request(self._requests, "create", 0, typeid, args, kwds)
        return _PROXIES[typeid](self._requests, ident, typeid)

    def list(self, sequence=()):
        return self._create("list", list(sequence))

    def dict(self, *args, **kwds):
        return self._create("dict", *args, **kwds)

    def Value(self, typecode, value, lock=True):
        return self._create("Value", typecode, value)

    def Namespace(self, **kwds):
        return self._create("Namespace", **kwds)

    # The synchronisation objects every process can already share.
    def Lock(self):
        return _mpm.Lock()

    def RLock(self):
        return _mpm.RLock()

    def Semaphore(self, value=1):
        return _mpm.Semaphore(value)

    BoundedSemaphore = Semaphore

    def Condition(self, lock=None):
        return _mpm.Condition(lock)

    def Event(self):
        return _mpm.Event()

    def Barrier(self, parties, action=None, timeout=None):
        return _mpm.Barrier(parties, action, timeout)

    def Queue(self, maxsize=0):
        return _mpm.Queue(maxsize)

    def JoinableQueue(self, maxsize=0):
        return _mpm.JoinableQueue(maxsize)

    def Array(self, typecode, sequence, lock=True):
        return self._create("list", list(sequence))

    def shutdown(self):
        p = self._process
        if p is None or p._popen is None or p._popen.poll() is not None:
            return
        _request(self._requests, "shutdown", 0, "")
        p.join()
        _mpm._finalizers[:] = [m for m in _mpm._finalizers if m is not self]

    def __enter__(self):
        if self._process is None:
            self.start()
        return self

    def __exit__(self, *args):
        self.shutdown()


BaseManager = SyncManager
